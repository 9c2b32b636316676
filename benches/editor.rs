//! How long the editor takes to answer a live check (`serve --edit`): from
//! the moment the form's text reaches the server after the debounce, to the
//! checks and the preview being ready to show, on the example site and on
//! generated 1,000-page sites. Not a timed test: it prints medians.
//!
//! One live check is what the server does for it (`POST page/{id}/live`):
//! read the site's pages (no checks) to find the page by its id, apply the
//! form to the file's text, load the site with that text standing in for
//! the file, render that one page by the theme into memory, and place the
//! problems on the form's fields. Its answer holds both the checks and the
//! preview. "Check without saving" and Save, which run all of `beacon
//! check` (every page rendered and held to the theme rules), are reported
//! beside it.
//!
//! As under `serve --edit`, the site has been built once first.
//!
//! Run: `cargo bench --bench editor` (add sizes, e.g. `-- 1000 10000`).

#[path = "sitegen/mod.rs"]
#[allow(dead_code)]
mod sitegen;

use std::path::Path;
use std::time::Instant;

use beacon::edit::form::PageForm;
use beacon::edit::preview;
use beacon::edit::save::{self, Action, Outcome};
use beacon::edit::screens::page::live_form;
use beacon::edit::Snapshot;
use beacon::site::Options;

const CHECKS: usize = 9;

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|arg| arg.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() { vec![1_000] } else { sizes };
    let scratch = tempfile::tempdir().expect("temp dir");
    let example = scratch.path().join("example");
    sitegen::copy_example(Path::new(env!("CARGO_MANIFEST_DIR")), &example);
    report("example site", &example, "content/recognise/signs.md");
    for pages in sizes {
        let dir = scratch.path().join(format!("site-{pages}"));
        sitegen::write_beacon(&sitegen::Spec::new(pages), &dir).expect("generate site");
        let first = sitegen::first_page(&dir.join("content/realise"));
        report(&format!("{pages} pages"), &dir, &first);
    }
}

fn report(name: &str, site: &Path, page: &str) {
    let mut options = Options::new(site);
    options.drafts = true;
    // `serve --edit` has built the preview before any check, so the social
    // cards the checks would draw are already in the output to reuse.
    beacon::site::build(&options).expect("the site builds");
    let mut lives = Vec::new();
    let mut reads = Vec::new();
    let mut fulls = Vec::new();
    for round in 0..CHECKS {
        let started = Instant::now();
        let snapshot = Snapshot::read(&options, false);
        reads.push(started.elapsed().as_secs_f64() * 1000.0);
        let entry = snapshot
            .pages
            .iter()
            .find(|entry| entry.page.source == Path::new(page))
            .expect("the page is in the site");
        let text = save::read(site, entry).expect("read the page");
        let mut form = PageForm::from_text(&text);
        form.body
            .push_str(&format!("\nOne more line, typed {round}.\n"));
        let edited = form.apply(&text, entry.translation);
        let live = preview::live(&options, &entry.page.source, edited.text());
        let form_answer = live_form(entry, &edited, &live.diagnostics, None);
        assert!(
            form_answer.results.contains("id=\"results\""),
            "the results"
        );
        assert!(
            live.html.is_some_and(|html| html.contains("One more line")),
            "a preview"
        );
        lives.push(started.elapsed().as_secs_f64() * 1000.0);
        let started = Instant::now();
        let opened = save::fingerprint(text.text());
        let outcome = save::submit(&options, entry, &form, &text, &opened, Action::Check);
        assert!(matches!(outcome, Ok(Outcome::Checked(_))), "a check");
        fulls.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    for times in [&mut lives, &mut reads, &mut fulls] {
        times.sort_by(f64::total_cmp);
    }
    println!(
        "{name:>14}: live check and preview median {:>6.1} ms (min {:.1}, max {:.1}; target 150 ms), of which finding the page {:.1} ms; Check without saving (all of beacon check) {:.1} ms",
        sitegen::median(&lives),
        lives[0],
        lives[lives.len() - 1],
        sitegen::median(&reads),
        sitegen::median(&fulls)
    );
}
