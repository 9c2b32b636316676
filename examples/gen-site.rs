//! Generates a deterministic benchmark campaign site.
//!
//! ```sh
//! cargo run --release --example gen-site -- --pages 10000 --out /tmp/site
//! cargo run --release --example gen-site -- --pages 10000 --out /tmp/site --hugo /tmp/hugo-site
//! ```
//!
//! `--out DIR` gets a Beacon site (`site.yaml`, `content/`): N pages of about
//! 600 words spread over the three R sections, with front matter (title,
//! description, Rs, audiences, weight, date, some signposts), headings, lists,
//! a quote, an image, links that resolve, and a table every tenth page.
//! `--hugo DIR` also writes the same pages as a Hugo site with minimal
//! templates that publish the same URLs; `--hugo-minimal DIR` writes them
//! as a Hugo site of the minimal shape (`baseof`, `single`, `list`, `index`,
//! the `rs` and `audiences` taxonomies). `--seed N` changes the text; the
//! same arguments always give the same files. Existing output folders are
//! refused unless `--force` is given, which deletes them first.

#[allow(dead_code)]
#[path = "../benches/sitegen/mod.rs"]
mod sitegen;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str =
    "usage: gen-site --pages N --out DIR [--hugo DIR] [--hugo-minimal DIR] [--seed N] [--force]";

struct Args {
    spec: sitegen::Spec,
    out: Option<PathBuf>,
    hugo: Option<PathBuf>,
    hugo_minimal: Option<PathBuf>,
    force: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        spec: sitegen::Spec::new(1000),
        out: None,
        hugo: None,
        hugo_minimal: None,
        force: false,
    };
    let mut words = std::env::args().skip(1);
    while let Some(word) = words.next() {
        let mut value = |name: &str| {
            words
                .next()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match word.as_str() {
            "--pages" => {
                let text = value("--pages")?;
                args.spec.pages = text
                    .parse()
                    .map_err(|_| format!("--pages: \"{text}\" is not a number"))?;
            }
            "--seed" => {
                let text = value("--seed")?;
                args.spec.seed = text
                    .parse()
                    .map_err(|_| format!("--seed: \"{text}\" is not a number"))?;
            }
            "--out" => args.out = Some(value("--out")?.into()),
            "--hugo" => args.hugo = Some(value("--hugo")?.into()),
            "--hugo-minimal" => args.hugo_minimal = Some(value("--hugo-minimal")?.into()),
            "--force" => args.force = true,
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument \"{other}\"\n{USAGE}")),
        }
    }
    if args.out.is_none() && args.hugo.is_none() && args.hugo_minimal.is_none() {
        return Err(format!("--out DIR is required\n{USAGE}"));
    }
    Ok(args)
}

/// Makes sure `dir` can be written: absent, empty, or deleted with `--force`.
fn prepare(dir: &Path, force: bool) -> Result<(), String> {
    let occupied = dir
        .read_dir()
        .map(|mut entries| entries.next().is_some())
        .unwrap_or(false);
    if occupied {
        if !force {
            return Err(format!(
                "{} is not empty; pass --force to replace it",
                dir.display()
            ));
        }
        std::fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    Ok(())
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    if let Some(out) = &args.out {
        prepare(out, args.force)?;
        sitegen::write_beacon(&args.spec, out).map_err(|e| format!("{}: {e}", out.display()))?;
        println!(
            "wrote a Beacon site of {} pages to {}",
            args.spec.pages,
            out.display()
        );
    }
    if let Some(hugo) = &args.hugo {
        prepare(hugo, args.force)?;
        sitegen::write_hugo(&args.spec, hugo).map_err(|e| format!("{}: {e}", hugo.display()))?;
        println!(
            "wrote a Hugo site of {} pages to {}",
            args.spec.pages,
            hugo.display()
        );
    }
    if let Some(hugo) = &args.hugo_minimal {
        prepare(hugo, args.force)?;
        sitegen::write_hugo_minimal(&args.spec, hugo)
            .map_err(|e| format!("{}: {e}", hugo.display()))?;
        println!(
            "wrote a minimal Hugo site of {} pages to {}",
            args.spec.pages,
            hugo.display()
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gen-site: {message}");
            ExitCode::FAILURE
        }
    }
}
