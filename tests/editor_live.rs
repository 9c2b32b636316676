//! The editor's live check is a shortcut (the site loaded with the unsaved
//! text, only that page rendered), so it is proven against the whole
//! build: for every page of the fixtures, in every language, its preview
//! has the bytes a full build writes for that page, and the problems it
//! shows on the form are exactly those of all of `beacon check`, with the
//! page as it is and with edits that break a link and add a hard sentence.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use beacon::base::diagnostic::Diagnostic;
use beacon::edit::preview;
use beacon::site::{self, Options};
use common::TestSite;

/// The options `serve --edit` checks with: drafts shown, `text` (if any)
/// standing in for `source`.
fn editing(site: &TestSite, unsaved: Option<(&Path, &str)>) -> Options {
    let mut options = site.options();
    options.drafts = true;
    if let Some((source, text)) = unsaved {
        options.unsaved = Arc::new(BTreeMap::from([(source.to_path_buf(), text.to_string())]));
    }
    options
}

/// What a page's form shows: errors anywhere, the page's own warnings.
fn shown(diagnostics: Vec<Diagnostic>, source: &Path) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter(|d| d.is_error() || d.path == source)
        .collect()
}

/// All of `beacon check` with `text` for `source`, as the form shows it.
fn full_check(site: &TestSite, source: &Path, text: &str) -> Vec<Diagnostic> {
    let diagnostics = match site::check(&editing(site, Some((source, text)))) {
        Ok(report) => report.warnings,
        Err(errors) => errors,
    };
    shown(diagnostics, source)
}

/// Every page's file, in every language.
fn page_sources(site: &TestSite) -> Vec<PathBuf> {
    let loaded = site::load(&editing(site, None)).expect("the fixture loads");
    loaded
        .languages()
        .iter()
        .flat_map(|view| view.content.pages.iter().map(|page| page.source.clone()))
        .collect()
}

fn assert_live_is_the_build(fixture: &str) {
    let site = TestSite::fixture(fixture);
    let built = site.build_with(editing(&site, None));
    let sources = page_sources(&site);
    assert!(sources.len() > 5, "{fixture} has pages");
    for source in sources {
        let text = std::fs::read_to_string(site.path().join(&source)).unwrap();
        let live = preview::live(&editing(&site, None), &source, &text);
        let html = live
            .html
            .as_deref()
            .unwrap_or_else(|| panic!("{source:?} has a preview"));
        let (file, _) = built
            .files
            .iter()
            .find(|(_, bytes)| bytes.as_slice() == html.as_bytes())
            .unwrap_or_else(|| panic!("{source:?}: the preview is no page the build wrote"));
        assert!(
            file.ends_with("index.html"),
            "{source:?} previews as {file}"
        );
        assert_eq!(
            shown(live.diagnostics, &source),
            full_check(&site, &source, &text),
            "{source:?}: the live check shows what beacon check shows"
        );
    }
}

#[test]
fn every_preview_is_the_page_a_full_build_writes_and_shows_what_check_shows() {
    assert_live_is_the_build("basic");
}

#[test]
fn every_page_of_a_bilingual_site_previews_in_its_own_language() {
    assert_live_is_the_build("bilingual");
}

#[test]
fn an_edit_that_breaks_a_link_and_adds_a_hard_sentence_shows_what_check_shows() {
    let site = TestSite::fixture("bilingual");
    let long = "This sentence keeps going on and on with many long and complicated words, such as responsibilities, consideration, institutionalisation and intergenerational, so that nobody could comfortably read it aloud in one breath without stopping.";
    for rel in [
        "content/recognise/signs.md",
        "content/recognise/signs.cy.md",
    ] {
        let source = PathBuf::from(rel);
        let text = std::fs::read_to_string(site.path().join(&source)).unwrap();
        let edited = format!("{text}\n{long}\n\nSee [the missing page](nowhere.md).\n");
        let live = preview::live(&editing(&site, None), &source, &edited);
        assert!(
            live.html.is_none(),
            "{rel}: no preview while a link is broken"
        );
        let live_shown = shown(live.diagnostics, &source);
        assert!(
            live_shown
                .iter()
                .any(|d| d.is_error() && d.message.contains("nowhere.md") && d.line > 0),
            "{rel}: the broken link at its line: {live_shown:#?}"
        );
        if !rel.ends_with(".cy.md") {
            assert!(
                live_shown.iter().any(|d| !d.is_error() && d.line > 0),
                "{rel}: the hard sentence is a warning at its line: {live_shown:#?}"
            );
        }
        assert_eq!(live_shown, full_check(&site, &source, &edited), "{rel}");
    }
}
