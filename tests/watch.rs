//! Incremental rebuilds: after any sequence of edits the output folder
//! equals a fresh full build, a bad edit keeps the last good output, and
//! the next good edit recovers.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use beacon::site::Options;
use beacon::watch::events::{classify, Change};
use beacon::watch::rebuild::Rebuilder;
use common::TestSite;

struct Watched {
    site: TestSite,
    out: tempfile::TempDir,
    rebuilder: Rebuilder,
    /// What the last change's search indexing did, if it re-indexed.
    indexed: Option<beacon::watch::rebuild::Indexed>,
}

impl Watched {
    fn new() -> Self {
        Self::of("basic")
    }

    fn of(fixture: &str) -> Self {
        let site = TestSite::fixture(fixture);
        let out = tempfile::tempdir().unwrap();
        let options = Options {
            out_dir: Some(out.path().join("public")),
            ..site.options()
        };
        let mut rebuilder = Rebuilder::new(options).unwrap();
        rebuilder.full().unwrap_or_else(|d| panic!("{d:#?}"));
        let indexed = rebuilder.finished_indexing(true);
        assert!(matches!(indexed, Some(Ok(_))), "{indexed:?}");
        Watched {
            site,
            out,
            rebuilder,
            indexed: None,
        }
    }

    fn out_dir(&self) -> PathBuf {
        self.out.path().join("public")
    }

    /// Tells the rebuilder these site-relative paths changed.
    fn changed(
        &mut self,
        paths: &[&str],
    ) -> Result<beacon::watch::rebuild::Outcome, Vec<beacon::base::diagnostic::Diagnostic>> {
        let absolute: Vec<PathBuf> = paths.iter().map(|p| self.site.path().join(p)).collect();
        let changes = classify(
            &absolute,
            self.site.path(),
            &self.out_dir(),
            &[PathBuf::from("national")],
        );
        assert!(
            !changes.is_empty() || paths.is_empty(),
            "{paths:?} classified as nothing"
        );
        let outcome = self.rebuilder.apply(&changes);
        // The search index is written in the background: wait for it, so
        // the output can be compared with a full build.
        self.indexed = self
            .rebuilder
            .finished_indexing(true)
            .map(|result| result.unwrap_or_else(|d| panic!("indexing: {d:#?}")));
        outcome
    }

    fn output(&self) -> BTreeMap<String, Vec<u8>> {
        read_tree(&self.out_dir())
    }

    fn assert_matches_full_build(&self, step: &str) {
        let fresh = beacon::site::build_in_memory(&self.site.options())
            .unwrap_or_else(|d| panic!("{step}: {d:#?}"));
        let ours = self.output();
        let missing: Vec<&String> = fresh.keys().filter(|k| !ours.contains_key(*k)).collect();
        let extra: Vec<&String> = ours.keys().filter(|k| !fresh.contains_key(*k)).collect();
        let differ: Vec<&String> = fresh
            .keys()
            .filter(|k| ours.get(*k).is_some_and(|v| v != &fresh[*k]))
            .collect();
        assert!(
            missing.is_empty() && extra.is_empty() && differ.is_empty(),
            "{step}: missing {missing:?}, extra {extra:?}, different {differ:?}"
        );
    }
}

fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    beacon::write::list_files(dir)
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(dir.join(&rel)).unwrap();
            (rel, bytes)
        })
        .collect()
}

const PAGE: &str = "---\ntitle: New page\ndescription: D\nrs: [react]\n---\n\nNew body.\n";

#[test]
fn a_body_edit_rewrites_only_that_page() {
    let mut w = Watched::new();
    w.site.write(
        "content/realise/myths.md",
        &std::fs::read_to_string(w.site.path().join("content/realise/myths.md"))
            .unwrap()
            .replace("Text.", "Edited text."),
    );
    let outcome = w.changed(&["content/realise/myths.md"]).unwrap();
    assert!(!outcome.full, "a body edit is not a full rebuild");
    assert_eq!(outcome.rendered, 1);
    assert!(
        outcome.written <= 2,
        "the page (and nothing else that changed): {outcome:?}"
    );
    let indexed = w
        .indexed
        .as_ref()
        .expect("its words changed, so it is indexed");
    assert!(indexed.written > 0, "{indexed:?}");
    assert!(
        std::fs::read_to_string(w.out_dir().join("realise/myths/index.html"))
            .unwrap()
            .contains("Edited text.")
    );
    w.assert_matches_full_build("body edit");
}

#[test]
fn a_title_edit_updates_the_hub_and_neighbours() {
    let mut w = Watched::new();
    let path = "content/realise/zebra.md";
    w.site.write(
        path,
        &std::fs::read_to_string(w.site.path().join(path))
            .unwrap()
            .replace("Zebra facts", "Aardvark facts"),
    );
    w.changed(&[path]).unwrap();
    assert!(
        std::fs::read_to_string(w.out_dir().join("realise/index.html"))
            .unwrap()
            .contains("Aardvark facts")
    );
    w.assert_matches_full_build("title edit");
}

#[test]
fn adding_and_deleting_pages_adds_and_removes_their_output() {
    let mut w = Watched::new();
    w.site.write("content/react/new.md", PAGE);
    w.changed(&["content/react/new.md"]).unwrap();
    assert!(w.out_dir().join("react/new/index.html").is_file());
    w.assert_matches_full_build("add");
    w.site.remove("content/react/new.md");
    let outcome = w.changed(&["content/react/new.md"]).unwrap();
    assert!(outcome.removed >= 1);
    assert!(
        !w.out_dir().join("react/new").exists(),
        "the deleted page's folder is gone"
    );
    w.assert_matches_full_build("delete");
}

#[test]
fn adding_and_removing_pages_adds_and_removes_later_hub_and_audience_pages() {
    let mut w = Watched::new();
    let config = std::fs::read_to_string(w.site.path().join("site.yaml")).unwrap();
    w.site.write(
        "site.yaml",
        &format!("{config}pagination: {{ page_size: 2 }}\n"),
    );
    w.changed(&["site.yaml"]).unwrap();
    // Realise lists 3 pages (2 pages of the hub); parents 6 (3 pages).
    assert!(w.out_dir().join("realise/page/2/index.html").is_file());
    assert!(!w.out_dir().join("realise/page/3").exists());
    assert!(w.out_dir().join("for/parents/page/3/index.html").is_file());
    w.assert_matches_full_build("page size");

    let page =
        |title: &str| format!("---\ntitle: {title}\ndescription: D\nrs: [realise]\n---\n\nBody.\n");
    w.site
        .write("content/realise/new-1.md", &page("A new page"));
    w.site
        .write("content/realise/new-2.md", &page("Another new page"));
    w.changed(&["content/realise/new-1.md", "content/realise/new-2.md"])
        .unwrap();
    let third = std::fs::read_to_string(w.out_dir().join("realise/page/3/index.html")).unwrap();
    assert!(third.contains("Zebra facts"), "the last page moved on");
    assert!(
        std::fs::read_to_string(w.out_dir().join("realise/page/2/index.html"))
            .unwrap()
            .contains("(page 2 of 3)")
    );
    assert!(w.out_dir().join("for/parents/page/4/index.html").is_file());
    w.assert_matches_full_build("pages added");

    w.site.remove("content/realise/new-1.md");
    w.site.remove("content/realise/new-2.md");
    let outcome = w
        .changed(&["content/realise/new-1.md", "content/realise/new-2.md"])
        .unwrap();
    assert!(
        !w.out_dir().join("realise/page/3").exists(),
        "a page of the hub that no longer exists is removed"
    );
    assert!(!w.out_dir().join("for/parents/page/4").exists());
    assert!(outcome.removed >= 4, "{outcome:?}");
    w.assert_matches_full_build("pages removed");
}

#[test]
fn a_bad_edit_keeps_the_last_good_output_and_the_next_good_edit_recovers() {
    let mut w = Watched::new();
    let before = w.output();
    w.site
        .write("content/realise/myths.md", "---\ntitle: Myths\n");
    let errors = w.changed(&["content/realise/myths.md"]).unwrap_err();
    assert!(errors[0].message.contains("never closed"));
    assert_eq!(w.output(), before, "nothing written after a bad edit");
    w.site.write(
        "content/realise/myths.md",
        "---\ntitle: Myths fixed\ndescription: D\nrs: [realise]\n---\n\nFixed.\n",
    );
    w.changed(&["content/realise/myths.md"]).unwrap();
    assert!(
        std::fs::read_to_string(w.out_dir().join("realise/myths/index.html"))
            .unwrap()
            .contains("Fixed.")
    );
    w.assert_matches_full_build("recovery");
}

#[test]
fn deleting_a_linked_page_is_an_error_not_a_stale_link() {
    let mut w = Watched::new();
    w.site.remove("content/recognise/signs.md");
    let errors = w.changed(&["content/recognise/signs.md"]).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("broken link") && e.path.ends_with("myths.md")),
        "{errors:#?}"
    );
}

#[test]
fn data_theme_asset_and_config_changes_reload_what_depends_on_them() {
    let mut w = Watched::new();
    let services = "content/_signposts/services.yaml";
    w.site.write(
        services,
        &std::fs::read_to_string(w.site.path().join(services))
            .unwrap()
            .replace("Adult helpline", "Grown-up helpline"),
    );
    w.changed(&[services]).unwrap();
    assert!(
        std::fs::read_to_string(w.out_dir().join("recognise/signs/index.html"))
            .unwrap()
            .contains("Grown-up helpline")
    );
    w.assert_matches_full_build("signposts");

    w.site
        .write("themes/default/static/extra.css", "body { margin: 0; }\n");
    w.changed(&["themes/default/static/extra.css"]).unwrap();
    assert!(w.out_dir().join("assets/extra.css").is_file());
    w.assert_matches_full_build("theme");

    w.site.write(
        "content/images/new.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    w.changed(&["content/images/new.svg"]).unwrap();
    w.assert_matches_full_build("asset added");
    w.site.remove("content/images/new.svg");
    w.changed(&["content/images/new.svg"]).unwrap();
    assert!(!w.out_dir().join("images/new.svg").exists());
    w.assert_matches_full_build("asset removed");

    w.site.write(
        "site.yaml",
        "title: \"Renamed campaign\"\nbase_url: \"https://example.org/campaign\"\n",
    );
    w.changed(&["site.yaml"]).unwrap();
    assert!(std::fs::read_to_string(w.out_dir().join("index.html"))
        .unwrap()
        .contains("Renamed campaign"));
    w.assert_matches_full_build("config");
}

#[test]
fn a_changed_download_or_sidecar_updates_the_links_and_lists_that_describe_it() {
    let mut w = Watched::new();
    w.site.replace(
        "content/guides/_index.md",
        "---\n",
        "---\ndownloads: true\n",
    );
    w.changed(&["content/guides/_index.md"]).unwrap();
    let sidecar = "content/guides/leaflet.pdf.yaml";
    w.site
        .replace(sidecar, "The leaflet for parents", "The renamed leaflet");
    w.changed(&[sidecar]).unwrap();
    let section = std::fs::read_to_string(w.out_dir().join("guides/index.html")).unwrap();
    assert!(section.contains("The renamed leaflet"), "{section}");
    w.assert_matches_full_build("sidecar");
    w.site
        .write("content/guides/leaflet.pdf", &"x".repeat(5000));
    w.changed(&["content/guides/leaflet.pdf"]).unwrap();
    let page = std::fs::read_to_string(w.out_dir().join("guides/leaflet/index.html")).unwrap();
    assert!(page.contains("(PDF, 5 KB)"), "{page}");
    w.assert_matches_full_build("download");
}

#[test]
fn deleting_and_renaming_a_folder_is_survived() {
    let mut w = Watched::new();
    std::fs::rename(
        w.site.path().join("content/guides"),
        w.site.path().join("content/leaflets"),
    )
    .unwrap();
    w.changed(&["content/guides", "content/leaflets"]).unwrap();
    assert!(w.out_dir().join("leaflets/leaflet/index.html").is_file());
    assert!(!w.out_dir().join("guides").exists());
    w.assert_matches_full_build("folder rename");
}

/// A small deterministic PRNG so the sequence is the same on every run.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % bound
    }
}

#[test]
fn any_sequence_of_edits_ends_equal_to_a_fresh_build() {
    let mut w = Watched::new();
    let mut rng = Lcg(2026);
    let pages = [
        "content/realise/about.md",
        "content/realise/zebra.md",
        "content/react/call.md",
        "content/react/extra.md",
    ];
    for step in 0..24 {
        let page = pages[rng.next(pages.len())];
        let kind = rng.next(6);
        let exists = w.site.path().join(page).exists();
        let text = match kind {
            0 => format!("---\ntitle: Step {step}\ndescription: D\nrs: [react]\nweight: {}\n---\n\nBody {step}.\n", rng.next(5)),
            1 => format!("---\ntitle: Stable\ndescription: D\nrs: [realise]\n---\n\nBody {step}.\n"),
            2 => format!("---\ntitle: Broken {step}\n"),
            3 => format!("---\ntitle: Draft {step}\ndescription: D\nrs: [recognise]\ndraft: true\n---\n"),
            4 if exists => {
                w.site.remove(page);
                String::new()
            }
            _ => format!("---\ntitle: Audience {step}\ndescription: D\nrs: [react, realise]\naudiences: [parents]\n---\n\n[Signs](../recognise/signs.md)\n"),
        };
        if !text.is_empty() {
            w.site.write(page, &text);
        }
        let result = w.changed(&[page]);
        let fresh = beacon::site::build_in_memory(&w.site.options());
        assert_eq!(
            result.is_ok(),
            fresh.is_ok(),
            "step {step}: incremental and full builds disagree about errors"
        );
        if result.is_ok() {
            w.assert_matches_full_build(&format!("step {step}"));
        }
    }
}

#[test]
fn classify_maps_paths_to_changes() {
    let site = Path::new("/s");
    let paths = vec![
        site.join("content/a.md"),
        site.join("content/a.md.swp"),
        site.join("public/index.html"),
        site.join("national/content/b.md"),
        site.join("national/notes.txt"),
    ];
    assert_eq!(
        classify(&paths, site, &site.join("public"), &["national".into()]),
        vec![
            Change::Page("content/a.md".into()),
            Change::Upstream("national/content/b.md".into())
        ]
    );
}

#[test]
fn an_edit_in_the_upstream_rebuilds_a_council_site() {
    let mut w = Watched::of("council");
    let rel = "national/content/realise/myths.md";
    let text = std::fs::read_to_string(w.site.path().join(rel)).unwrap();
    w.site.write(
        rel,
        &text.replace(
            "This is the national text.",
            "This is the new national text.",
        ),
    );
    let outcome = w.changed(&[rel]).unwrap();
    assert!(outcome.full, "an upstream edit reloads the site");
    assert!(
        std::fs::read_to_string(w.out_dir().join("realise/myths/index.html"))
            .unwrap()
            .contains("This is the new national text.")
    );
    w.assert_matches_full_build("upstream edit");
    w.site.remove("content/recognise/signs.md");
    w.changed(&["content/recognise/signs.md"]).unwrap();
    assert!(
        std::fs::read_to_string(w.out_dir().join("recognise/signs/index.html"))
            .unwrap()
            .contains("National text about the signs."),
        "removing an override brings the national page back"
    );
    w.assert_matches_full_build("override removed");
}

#[test]
fn an_edit_to_a_translation_rebuilds_both_languages() {
    let mut w = Watched::of("bilingual");
    let rel = "content/recognise/signs.cy.md";
    let text = std::fs::read_to_string(w.site.path().join(rel)).unwrap();
    w.site.write(
        rel,
        &text.replace("Newidiadau gartref.", "Newidiadau yn y cartref."),
    );
    w.changed(&[rel]).unwrap();
    assert!(
        std::fs::read_to_string(w.out_dir().join("cy/adnabod/arwyddion/index.html"))
            .unwrap()
            .contains("Newidiadau yn y cartref.")
    );
    w.assert_matches_full_build("translation edit");
    w.site.remove(rel);
    w.changed(&[rel]).unwrap();
    assert!(!w.out_dir().join("cy/adnabod/arwyddion/index.html").exists());
    assert!(
        std::fs::read_to_string(w.out_dir().join("recognise/signs/index.html"))
            .unwrap()
            .contains("href=\"/campaign/cy/adnabod/\" hreflang=\"cy\"")
    );
    w.assert_matches_full_build("translation removed");
}

#[cfg(unix)]
#[test]
fn a_symlink_added_while_watching_is_not_published() {
    let mut w = Watched::new();
    std::os::unix::fs::symlink(
        "/etc/hostname",
        w.site.path().join("content/images/leak.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        "/etc/hostname",
        w.site.path().join("content/realise/leak.md"),
    )
    .unwrap();
    w.changed(&["content/images/leak.txt", "content/realise/leak.md"])
        .unwrap();
    assert!(!w.out_dir().join("images/leak.txt").exists());
    assert!(!w.out_dir().join("realise/leak").exists());
    w.assert_matches_full_build("symlinks added");
}

/// The search index is written in the background: edits made while it is
/// being written are indexed when it ends, and in the end the output is
/// what a full build gives, index included.
#[test]
fn edits_made_while_indexing_are_indexed_after() {
    let mut w = Watched::new();
    let path = "content/realise/myths.md";
    let original = std::fs::read_to_string(w.site.path().join(path)).unwrap();
    for word in ["Quince", "Quokka"] {
        w.site
            .write(path, &original.replace("Text.", &format!("{word} text.")));
        let absolute = vec![w.site.path().join(path)];
        let changes = classify(&absolute, w.site.path(), &w.out_dir(), &[]);
        // No waiting between the edits: the second comes while the first
        // is (or may be) still being indexed.
        w.rebuilder.apply(&changes).unwrap();
    }
    while let Some(result) = w.rebuilder.finished_indexing(true) {
        result.unwrap();
    }
    let index = w.out_dir().join("pagefind/en/0");
    assert!(index.join("beacon-index.txt").is_file());
    w.assert_matches_full_build("two edits while indexing");
}
