//! Hostile input shapes that were once quadratic, each fed at ten times the
//! size that hung a build: 250,000 headings with the same text, a line of
//! 6,000,000 inline entities (over the 16 MiB text limit, so refused at
//! once), and 640,000 broken links. Each build (or refusal) must take under
//! a second (the median of three builds, after one untimed). Not a timed
//! test: run `cargo bench --bench hostile`; it prints each time and exits
//! non-zero when one is over the target.

use std::path::Path;
use std::time::{Duration, Instant};

use beacon::site::{self, Options};

/// The allocator the `beacon` binary uses, so the times are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const TARGET: Duration = Duration::from_secs(1);

/// A shape's name and the page body that has it.
type Shape = (&'static str, Box<dyn Fn() -> String>);

fn main() {
    // As `beacon build` and `check` do (src/main.rs): freed memory stays
    // with the process instead of going back to the OS (option 15 is
    // mimalloc's purge delay).
    // SAFETY: sets one integer option.
    unsafe { libmimalloc_sys::mi_option_set(15, -1) };
    let shapes: [Shape; 3] = [
        (
            "250,000 headings with the same text",
            Box::new(|| "## Same heading\n\nText.\n\n".repeat(250_000)),
        ),
        (
            "one line of 6,000,000 entities",
            Box::new(|| format!("{}\n", "&amp;".repeat(6_000_000))),
        ),
        (
            "640,000 broken links",
            Box::new(|| {
                (0..640_000)
                    .map(|n| format!("[x](missing-{n}.md)\n"))
                    .collect()
            }),
        ),
    ];
    // `cargo bench --bench hostile -- links` runs only the shapes whose
    // name contains "links" (cargo adds `--bench`, which is skipped).
    let filter = std::env::args().skip(1).find(|arg| !arg.starts_with("--"));
    let mut over = 0;
    for (name, body) in shapes {
        if filter
            .as_deref()
            .is_some_and(|filter| !name.contains(filter))
        {
            continue;
        }
        let site = tempfile::tempdir().expect("temp dir");
        write_site(site.path(), &body());
        let options = Options::new(site.path());
        // The median of three builds, each timed on its own (the slowest
        // is printed too: the machine is shared and noisy).
        let mut times = Vec::new();
        let mut result = site::build_in_memory(&options);
        for run in 0..3 {
            let started = Instant::now();
            let again = site::build_in_memory(&options);
            times.push(started.elapsed());
            if run == 0 {
                result = again;
            }
        }
        times.sort();
        let (elapsed, slowest) = (times[1], times[2]);
        let outcome = match &result {
            Ok(files) => format!("built, {} files", files.len()),
            Err(diagnostics) => format!(
                "{} diagnostic(s): {}",
                diagnostics.len(),
                diagnostics[0].message
            ),
        };
        println!(
            "{name}: {:.2} s, slowest {:.2} s ({outcome})",
            elapsed.as_secs_f64(),
            slowest.as_secs_f64()
        );
        if elapsed > TARGET {
            over += 1;
        }
    }
    if over > 0 {
        eprintln!("{over} shape(s) over {} s", TARGET.as_secs());
        std::process::exit(1);
    }
}

fn write_site(dir: &Path, body: &str) {
    let write = |rel: &str, text: &str| {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("folder");
        std::fs::write(path, text).expect("file");
    };
    write(
        "site.yaml",
        "title: Hostile\nbase_url: https://example.org\n",
    );
    write(
        "content/_index.md",
        "---\ntitle: Home\ndescription: Home.\n---\n",
    );
    write(
        "content/realise/big.md",
        &format!("---\ntitle: Big\ndescription: A big page.\nrs: [realise]\n---\n\n{body}"),
    );
}
