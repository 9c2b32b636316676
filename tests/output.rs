//! `build` writes only what changed: unchanged files keep their bytes and
//! modification times, an edit rewrites only the files it affects, a failed
//! build leaves the output exactly as it was, and outputs of deleted pages
//! are removed.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::SystemTime;

use common::TestSite;

/// Every output file with its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    beacon::write::list_files(dir)
        .into_iter()
        .map(|rel| {
            let path = dir.join(&rel);
            let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
            (rel, (std::fs::read(&path).unwrap(), modified))
        })
        .collect()
}

fn try_build(
    site: &TestSite,
    out: &Path,
) -> Result<beacon::site::Report, Vec<beacon::base::diagnostic::Diagnostic>> {
    let options = beacon::site::Options {
        out_dir: Some(out.to_path_buf()),
        ..site.options()
    };
    beacon::site::build(&options)
}

fn build(site: &TestSite, out: &Path) -> beacon::site::Report {
    try_build(site, out).unwrap_or_else(|d| panic!("{d:#?}"))
}

/// Paths whose modification time or bytes differ between two snapshots.
fn touched(
    before: &BTreeMap<String, (Vec<u8>, SystemTime)>,
    after: &BTreeMap<String, (Vec<u8>, SystemTime)>,
) -> Vec<String> {
    after
        .iter()
        .filter(|(rel, file)| before.get(*rel) != Some(file))
        .map(|(rel, _)| rel.clone())
        .collect()
}

#[test]
fn a_rebuild_with_no_change_writes_no_file() {
    let site = TestSite::fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let first = build(&site, &public);
    assert!(first.changed > 20, "the first build writes everything");
    let before = snapshot(&public);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = build(&site, &public);
    assert_eq!((again.changed, again.removed), (0, 0));
    assert_eq!(touched(&before, &snapshot(&public)), Vec::<String>::new());
}

#[test]
fn an_edit_rewrites_only_what_it_affects_and_a_deleted_page_is_removed() {
    let site = TestSite::fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build(&site, &public);
    let before = snapshot(&public);
    let text = std::fs::read_to_string(site.path().join("content/realise/myths.md")).unwrap();
    site.write(
        "content/realise/myths.md",
        &text.replace("Text.", "Edited text."),
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    let report = build(&site, &public);
    let (index, pages): (Vec<String>, Vec<String>) = touched(&before, &snapshot(&public))
        .into_iter()
        .partition(|rel| rel.starts_with("pagefind/"));
    // Only the page: the manifest that records its new hash and time is
    // build state, kept in the site's .beacon/, not in the output.
    assert_eq!(pages, vec!["realise/myths/index.html"]);
    // The page's words changed, so the search index did too: its stamp
    // and the files that hold the page's words, not the whole index.
    assert!(
        index.contains(&"pagefind/en/0/beacon-index.txt".to_string()),
        "{index:?}"
    );
    assert!(
        index.iter().any(|rel| rel.contains("/fragment/")),
        "{index:?}"
    );
    assert!(
        !index.contains(&"pagefind/en/0/pagefind.js".to_string()),
        "{index:?}"
    );
    assert_eq!(report.changed, 1 + index.len());
    site.remove("content/realise/zebra.md");
    let before = snapshot(&public);
    let report = build(&site, &public);
    let after = snapshot(&public);
    let gone: Vec<&String> = before
        .keys()
        .filter(|rel| !after.contains_key(*rel))
        .collect();
    assert_eq!(report.removed, gone.len());
    let (old_index, pages): (Vec<&String>, Vec<&String>) = gone
        .into_iter()
        .partition(|rel| rel.starts_with("pagefind/"));
    assert_eq!(pages, vec!["realise/zebra/index.html"]);
    assert!(
        !old_index.is_empty(),
        "the old index's files for the page go too"
    );
    assert!(
        !public.join("realise/zebra").exists(),
        "the folder goes too"
    );
}

#[test]
fn a_failed_build_leaves_every_byte_and_time_as_it_was() {
    let site = TestSite::fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build(&site, &public);
    let before = snapshot(&public);
    site.write(
        "content/realise/myths.md",
        "---\ntitle: Myths\ndescription: d\nrs: [realise]\n---\n\n[broken](nowhere.md)\n",
    );
    assert!(try_build(&site, &public).is_err());
    assert_eq!(snapshot(&public), before);
    let leftovers: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        leftovers,
        vec!["public"],
        "no staging folder is left behind"
    );
}

#[test]
fn a_build_that_fails_while_rendering_leaves_the_output_as_it_was() {
    let site = TestSite::fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build(&site, &public);
    let before = snapshot(&public);
    site.write(
        "themes/default/templates/section.html",
        "{% extends \"base.html\" %}{% block content %}{{ no_such_variable.field }}{% endblock content %}",
    );
    let errors = try_build(&site, &public).unwrap_err();
    assert!(errors[0].path.ends_with("section.html"), "{errors:#?}");
    assert_eq!(snapshot(&public), before);
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        1,
        "no staging left"
    );
}

#[test]
fn a_folder_beacon_did_not_write_is_not_emptied_without_force() {
    let site = TestSite::fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().join("d");
    std::fs::create_dir_all(folder.join("t")).unwrap();
    std::fs::write(folder.join("t/c.txt"), "someone's file").unwrap();
    let mut options = beacon::site::Options {
        out_dir: Some(folder.clone()),
        ..site.options()
    };
    let errors = beacon::site::build(&options).unwrap_err();
    assert!(
        errors[0]
            .message
            .ends_with("holds files Beacon did not write, and a build replaces everything in it"),
        "{}",
        errors[0].message
    );
    assert!(folder.join("t/c.txt").exists(), "nothing was touched");
    options.force = true;
    beacon::site::build(&options).unwrap_or_else(|d| panic!("{d:#?}"));
    assert!(!folder.join("t/c.txt").exists());
    assert!(
        folder.join(beacon::write::MARKER).is_file(),
        "the folder is marked as Beacon's"
    );
    options.force = false;
    beacon::site::build(&options).unwrap_or_else(|d| panic!("{d:#?}"));
}

#[test]
fn an_edit_to_a_large_site_rebuilds_one_bundle_of_its_search_index() {
    let site = TestSite::fixture("basic");
    for n in 0..1100 {
        site.write(
            &format!("content/realise/bulk-{n:04}.md"),
            &format!("---\ntitle: Bulk page {n}\ndescription: One of many.\nrs: [realise]\n---\n\nOne of many pages.\n"),
        );
    }
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build(&site, &public);
    let bundles: Vec<String> = std::fs::read_dir(public.join("pagefind/en"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(bundles.len(), 3, "{bundles:?}");
    let search = std::fs::read_to_string(public.join("search/index.html")).unwrap();
    assert!(
        search.contains(
            "data-bundles=\"/campaign/pagefind/en/0/ /campaign/pagefind/en/1/ /campaign/pagefind/en/2/\""
        ),
        "the search page loads every bundle"
    );
    let before = snapshot(&public);
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.replace(
        "content/realise/bulk-0007.md",
        "One of many pages",
        "Now one of many pages",
    );
    build(&site, &public);
    let after = snapshot(&public);
    let (index, pages): (Vec<String>, Vec<String>) = touched(&before, &after)
        .into_iter()
        .partition(|rel| rel.starts_with("pagefind/"));
    assert_eq!(pages, vec!["realise/bulk-0007/index.html"]);
    let rebuilt: BTreeSet<&str> = index.iter().map(|rel| &rel[..13]).collect();
    assert_eq!(rebuilt.len(), 1, "one bundle rebuilt: {index:?}");
    assert!(index.iter().any(|rel| rel.ends_with("/beacon-index.txt")));
    // The rebuilt bundle read its kept pages back from the output: the
    // whole output is the bytes a fresh build makes.
    let fresh = out.path().join("fresh");
    build(&site, &fresh);
    let bytes = |dir: &Path| -> BTreeMap<String, Vec<u8>> {
        snapshot(dir)
            .into_iter()
            .map(|(rel, (bytes, _))| (rel, bytes))
            .collect()
    };
    assert!(
        bytes(&public) == bytes(&fresh),
        "an in-place rebuild differs from a fresh build"
    );
}

/// Build state from before the manifest kept each page's search digest
/// (or with the digests lost): the kept pages are read back once, nothing
/// changes, and the next manifest has the digests again.
#[test]
fn kept_pages_without_a_search_digest_are_read_back_once() {
    let site = TestSite::fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build(&site, &public);
    let manifest_path = site.path().join(".beacon/manifest");
    let manifest = std::fs::read_to_string(&manifest_path).unwrap();
    let digests = |text: &str| {
        text.lines()
            .filter(|line| line.ends_with("index.html"))
            .filter(|line| line.split(' ').nth(4).is_some_and(|doc| doc != "-"))
            .count()
    };
    assert!(digests(&manifest) > 5, "{manifest}");
    let stripped: String = manifest
        .lines()
        .map(|line| {
            let mut fields: Vec<&str> = line.splitn(6, ' ').collect();
            if fields.len() == 6 {
                fields[4] = "-";
            }
            fields.join(" ") + "\n"
        })
        .collect();
    std::fs::write(&manifest_path, &stripped).unwrap();
    let before = snapshot(&public);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let report = build(&site, &public);
    assert_eq!((report.changed, report.removed), (0, 0));
    assert_eq!(touched(&before, &snapshot(&public)), Vec::<String>::new());
    assert_eq!(
        digests(&std::fs::read_to_string(&manifest_path).unwrap()),
        digests(&manifest)
    );
}

#[test]
fn a_bundle_whose_stamp_names_a_file_outside_it_is_rebuilt() {
    let site = TestSite::fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build(&site, &public);
    let stamp_path = public.join("pagefind/en/0/beacon-index.txt");
    let stamp = std::fs::read_to_string(&stamp_path).unwrap();
    let fingerprint = stamp.lines().next().unwrap();
    // Right fingerprint, but it claims a page outside the bundle as its own.
    std::fs::write(&stamp_path, format!("{fingerprint}\nindex.html\n")).unwrap();
    let report = build(&site, &public);
    assert_eq!(std::fs::read_to_string(&stamp_path).unwrap(), stamp);
    assert!(report.changed >= 1, "the stamp is written again");
    assert!(public.join("pagefind/en/0/pagefind.js").is_file());
}

/// Gives a file other bytes of the same length and puts its modification
/// time back: a change only reading the file can see. Returns the bytes.
fn forge(path: &Path) -> Vec<u8> {
    let modified = std::fs::metadata(path).unwrap().modified().unwrap();
    let forged: Vec<u8> = std::fs::read(path)
        .unwrap()
        .into_iter()
        .map(|byte| if byte == b'e' { b'E' } else { byte })
        .collect();
    std::fs::write(path, &forged).unwrap();
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    forged
}

/// Builds the basic fixture, then forges its myths page (see [`forge`]).
fn built_with_forged_page() -> (TestSite, tempfile::TempDir, std::path::PathBuf, Vec<u8>) {
    let site = TestSite::fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build(&site, &public);
    let page = public.join("realise/myths/index.html");
    let forged = forge(&page);
    (site, out, page, forged)
}

#[test]
fn a_page_rendered_from_the_same_template_and_values_is_kept_not_rendered() {
    let (site, out, page, forged) = built_with_forged_page();
    build(&site, &out.path().join("public"));
    assert_eq!(
        std::fs::read(&page).unwrap(),
        forged,
        "the manifest vouched for the page: it was neither rendered nor read"
    );
}

#[test]
fn a_page_is_rendered_again_when_a_neighbours_title_changes() {
    let (site, out, page, forged) = built_with_forged_page();
    let html = String::from_utf8(forged).unwrap();
    assert!(html.contains("ZEbra") && html.contains("About"), "{html}");
    site.replace("content/realise/zebra.md", "title: Zebra", "title: Zebu");
    site.replace("content/realise/about.md", "title: About", "title: Abut");
    build(&site, &out.path().join("public"));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("Zebu") && html.contains("Abut"), "{html}");
    assert!(html.contains("Myths and facts."), "rendered afresh: {html}");
}

#[test]
fn listing_pages_are_kept_and_rendered_again_when_a_listed_title_changes() {
    let (site, out, _, _) = built_with_forged_page();
    let public = out.path().join("public");
    // Not the first hub or audience page: the theme rules read those on
    // every build, so they are always rendered.
    let hub = public.join("react/index.html");
    let audience = public.join("for/young-people/index.html");
    let forged_hub = forge(&hub);
    let forged_audience = forge(&audience);
    build(&site, &public);
    assert_eq!(std::fs::read(&hub).unwrap(), forged_hub, "hub kept");
    assert_eq!(
        std::fs::read(&audience).unwrap(),
        forged_audience,
        "audience page kept"
    );
    site.replace(
        "content/react/call.md",
        "title: Who to call",
        "title: Who to phone",
    );
    build(&site, &public);
    for page in [&hub, &audience] {
        let html = std::fs::read_to_string(page).unwrap();
        assert!(html.contains("Who to phone"), "{}: {html}", page.display());
        assert!(!html.contains("Who to call"), "{}: {html}", page.display());
    }
}

#[test]
fn a_page_is_rendered_again_when_a_help_number_changes() {
    let (site, out, _, _) = built_with_forged_page();
    let public = out.path().join("public");
    // Not `get-help/` itself: the theme rules read that page on every
    // build, so it is always rendered.
    let get_help = public.join("get-help/parents/index.html");
    let forged = String::from_utf8(forge(&get_help)).unwrap();
    assert!(forged.contains("+448088005000"), "{forged}");
    build(&site, &public);
    assert_eq!(
        std::fs::read_to_string(&get_help).unwrap(),
        forged,
        "kept while nothing changed"
    );
    site.replace(
        "content/_signposts/services.yaml",
        "0808 800 5000",
        "0808 800 5001",
    );
    build(&site, &public);
    let html = std::fs::read_to_string(&get_help).unwrap();
    assert!(html.contains("+448088005001"), "{html}");
    assert!(!html.contains("+448088005000"), "{html}");
}

/// The built-in base template, with `extra` before `</body>`.
fn base_template_with(extra: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html");
    std::fs::read_to_string(path)
        .unwrap()
        .replace("</body>", &format!("{extra}</body>"))
}

#[test]
fn a_page_is_rendered_again_when_a_template_changes() {
    let (site, out, page, _) = built_with_forged_page();
    site.write(
        "themes/default/templates/base.html",
        &base_template_with("<!-- council footer -->"),
    );
    build(&site, &out.path().join("public"));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<!-- council footer -->"), "{html}");
    assert!(html.contains("Myths and facts."), "{html}");
}

#[test]
fn a_theme_that_reads_the_environment_renders_every_page_every_time() {
    let site = TestSite::fixture("basic");
    site.write(
        "themes/default/templates/base.html",
        &base_template_with("{% set home = get_env(name=\"HOME\", default=\"\") %}"),
    );
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build(&site, &public);
    let page = public.join("realise/myths/index.html");
    forge(&page);
    build(&site, &public);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("Myths and facts."), "{html}");
}

#[test]
fn a_file_touched_since_the_last_build_is_compared_by_its_bytes() {
    let (site, out, page, _) = built_with_forged_page();
    let later = SystemTime::now() + std::time::Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(&page)
        .unwrap()
        .set_modified(later)
        .unwrap();
    let report = build(&site, &out.path().join("public"));
    assert_eq!(report.changed, 1);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("Myths and facts."), "{html}");
}

#[test]
fn a_garbled_or_missing_manifest_only_costs_time() {
    let (site, out, page, _) = built_with_forged_page();
    let public = out.path().join("public");
    let manifest = beacon::write::manifest::Place::new(site.path(), &public).file();
    assert!(
        manifest.is_file(),
        "the build keeps its manifest in .beacon/"
    );
    std::fs::write(&manifest, "beacon-manifest 2\nnonsense\n\u{0}\u{0}").unwrap();
    build(&site, &public);
    assert!(std::fs::read_to_string(&page)
        .unwrap()
        .contains("Myths and facts."));
    forge(&page);
    std::fs::remove_file(&manifest).unwrap();
    build(&site, &public);
    assert!(std::fs::read_to_string(&page)
        .unwrap()
        .contains("Myths and facts."));
    assert!(manifest.is_file(), "the next build leaves a new one");
}

/// A sink that remembers the key each page was rendered with and, once
/// told to, keeps every page whose key it remembers.
#[derive(Default)]
struct KeyRecorder {
    keys: std::sync::Mutex<BTreeMap<String, u128>>,
    rendered: std::sync::Mutex<Vec<String>>,
    keeping: bool,
}

impl beacon::render::Sink for KeyRecorder {
    fn write(&self, _: &str, _: &[u8]) -> Result<(), beacon::base::diagnostic::Diagnostic> {
        Ok(())
    }

    fn copy(&self, _: &str, _: &Path) -> Result<(), beacon::base::diagnostic::Diagnostic> {
        Ok(())
    }

    fn may_keep(&self, rel: &str) -> bool {
        self.keeping && self.keys.lock().unwrap().contains_key(rel)
    }

    fn keep_rendered(&self, rel: &str, key: u128) -> Option<std::path::PathBuf> {
        (self.keys.lock().unwrap().get(rel) == Some(&key)).then(|| rel.into())
    }

    /// Any digest will do: the search index is not looked at here.
    fn kept_document(&self, _: &str) -> Option<u128> {
        Some(0)
    }

    fn write_rendered(
        &self,
        rel: &str,
        _: &[u8],
        key: Option<u128>,
    ) -> Result<(), beacon::base::diagnostic::Diagnostic> {
        if let Some(key) = key {
            self.keys.lock().unwrap().insert(rel.to_string(), key);
        }
        self.rendered.lock().unwrap().push(rel.to_string());
        Ok(())
    }
}

#[test]
fn a_page_whose_values_are_only_hashed_gets_the_key_it_was_rendered_with() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = beacon::site::load(&beacon::site::Options::new(root)).expect("example loads");
    let mut sink = KeyRecorder::default();
    site.render_to(&sink, beacon::site::Audit::OnePerKind)
        .expect("renders");
    let first = std::mem::take(&mut *sink.rendered.lock().unwrap());
    assert!(first.len() > 50, "{}", first.len());
    sink.keeping = true;
    site.render_to(&sink, beacon::site::Audit::OnePerKind)
        .expect("renders");
    let again = sink.rendered.lock().unwrap().clone();
    // Only the first page of each kind (13 kinds) in each language (2) is
    // rendered again, as the theme rules read it; every other page's
    // key, from its values hashed alone, is the one it was rendered with.
    assert!(again.len() <= 13 * 2, "{again:?}");
    assert!(again.iter().all(|rel| first.contains(rel)));
}
