//! Edit-to-written latency of `watch`, on the example site and on generated
//! 1,000- and 10,000-page sites. Not a timed test: it prints medians.
//!
//! Three numbers per site:
//! - rebuild: from the moment the watcher hands over a one-page body edit to
//!   the moment the changed files are written (what Beacon controls);
//! - end to end: from writing the Markdown file to the new HTML being on
//!   disk, through notify and a 10 ms debounce;
//! - indexing: how long the search index takes to catch up with one edit,
//!   once its time comes (`watch` starts it 1.5 s after the last edit, on a
//!   thread of its own, so it delays no rebuild).
//!
//! Run: `cargo bench --bench watch` (add `-- 10000` to include 10,000 pages).

#[path = "sitegen/mod.rs"]
#[allow(dead_code)]
mod sitegen;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use beacon::site::Options;
use beacon::watch::events::Change;
use beacon::watch::rebuild::Rebuilder;
use beacon::watch::{self, WatchOptions};

const EDITS: usize = 15;

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|arg| arg.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000]
    } else {
        sizes
    };
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scratch = tempfile::tempdir().expect("temp dir");
    let example_copy = scratch.path().join("example");
    sitegen::copy_example(example, &example_copy);
    // The example campaign is in Welsh and English, and a bilingual site
    // rebuilds in full on every edit (docs/performance.md, "Rebuilds in watch").
    report(
        "example site",
        &example_copy,
        "content/realise/myths-and-facts.md",
        Rebuild::Full,
    );
    for pages in sizes {
        let dir = scratch.path().join(format!("site-{pages}"));
        sitegen::write_beacon(&sitegen::Spec::new(pages), &dir).expect("generate site");
        let page = sitegen::first_page(&dir.join("content/realise"));
        report(&format!("{pages} pages"), &dir, &page, Rebuild::OnlyThePage);
    }
}

/// How a one-page body edit should be rebuilt.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rebuild {
    /// Everything (bilingual and council sites).
    Full,
    /// Only what the page affects.
    OnlyThePage,
}

fn report(name: &str, site: &Path, page: &str, expected: Rebuild) {
    let out = site.join("public");
    let rebuild = rebuild_latencies(site, &out, page, expected);
    let end_to_end = end_to_end_latencies(site, &out, page);
    let indexing = indexing_latencies(site, &out, page);
    println!(
        "{name:>14}: rebuild median {:>6.1} ms (min {:.1}, max {:.1}); end to end median {:>6.1} ms; indexing median {:>7.1} ms (min {:.1}, max {:.1})",
        sitegen::median(&rebuild),
        min(&rebuild),
        max(&rebuild),
        sitegen::median(&end_to_end),
        sitegen::median(&indexing),
        min(&indexing),
        max(&indexing)
    );
}

/// Edits that are indexed, per site: each takes seconds on a large site.
const INDEXED_EDITS: usize = 5;

/// After each one-page body edit, indexes at once and waits: the time the
/// index takes to catch up.
fn indexing_latencies(site: &Path, out: &Path, page: &str) -> Vec<f64> {
    let mut rebuilder = Rebuilder::new(options(site, out)).expect("rebuilder");
    rebuilder.full().expect("first build");
    while let Some(result) = rebuilder.finished_indexing(true) {
        result.expect("first indexing");
    }
    let change = [Change::Page(PathBuf::from(page))];
    (0..INDEXED_EDITS)
        .map(|edit| {
            append(site, page, &format!("Indexed edit {edit}."));
            rebuilder.apply(&change).expect("rebuild");
            let started = Instant::now();
            let mut indexed = 0;
            while let Some(result) = rebuilder.finished_indexing(true) {
                result.expect("indexing");
                indexed += 1;
            }
            assert_eq!(indexed, 1, "one indexing per edit");
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect()
}

fn options(site: &Path, out: &Path) -> Options {
    Options {
        out_dir: Some(out.to_path_buf()),
        ..Options::new(site)
    }
}

/// Applies one-page body edits straight to a Rebuilder.
fn rebuild_latencies(site: &Path, out: &Path, page: &str, expected: Rebuild) -> Vec<f64> {
    let mut rebuilder = Rebuilder::new(options(site, out)).expect("rebuilder");
    rebuilder.full().expect("first build");
    let change = [Change::Page(PathBuf::from(page))];
    (0..EDITS)
        .map(|edit| {
            append(site, page, &format!("Rebuild edit {edit}."));
            let started = Instant::now();
            let outcome = rebuilder.apply(&change).expect("rebuild");
            assert_eq!(
                outcome.full,
                expected == Rebuild::Full,
                "a body edit rebuilt {} than expected",
                if outcome.full { "more" } else { "less" }
            );
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect()
}

/// Writes the Markdown file and waits for the new text in the HTML.
fn end_to_end_latencies(site: &Path, out: &Path, page: &str) -> Vec<f64> {
    let stop = Arc::new(AtomicBool::new(false));
    let watching = WatchOptions {
        site: options(site, out),
        debounce: Duration::from_millis(10),
        poll: false,
    };
    let flag = Arc::clone(&stop);
    let ready = Arc::new(AtomicBool::new(false));
    let ready_flag = Arc::clone(&ready);
    let watcher = std::thread::spawn(move || {
        let _ = watch::run(
            &watching,
            &mut |_event| ready_flag.store(true, Ordering::SeqCst),
            &|| !flag.load(Ordering::SeqCst),
        );
    });
    while !ready.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(5));
    }
    let html = out
        .join(page.trim_start_matches("content/").trim_end_matches(".md"))
        .join("index.html");
    let latencies = (0..EDITS)
        .map(|edit| {
            let marker = format!("Watched edit {edit}.");
            let started = Instant::now();
            append(site, page, &marker);
            while !std::fs::read_to_string(&html).is_ok_and(|text| text.contains(&marker)) {
                assert!(
                    started.elapsed() < Duration::from_secs(30),
                    "the edit never arrived"
                );
                std::thread::sleep(Duration::from_millis(1));
            }
            let elapsed = started.elapsed().as_secs_f64() * 1000.0;
            std::thread::sleep(Duration::from_millis(30));
            elapsed
        })
        .collect();
    stop.store(true, Ordering::SeqCst);
    let _ = watcher.join();
    latencies
}

fn append(site: &Path, page: &str, sentence: &str) {
    let path = site.join(page);
    let mut text = std::fs::read_to_string(&path).expect("read page");
    text.push_str(&format!("\n{sentence}\n"));
    std::fs::write(&path, text).expect("write page");
}

fn min(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::INFINITY, f64::min)
}

fn max(values: &[f64]) -> f64 {
    values.iter().copied().fold(0.0, f64::max)
}
