//! The review cycle on small sites written by the tests.

use super::*;
use crate::upstream::status::OverrideState;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A council site over a national v1 with `a.md` and `b.md`, overriding `a.md`.
fn council() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "site.yaml",
        "title: C\nupstream: national\nhide: [realise/gone.md]\n",
    );
    write(
        root,
        "national/site.yaml",
        "pack: { name: nat, version: \"1\" }\n",
    );
    write(
        root,
        "national/content/realise/a.md",
        "line one\nline two\n",
    );
    write(root, "national/content/realise/b.md", "b\n");
    write(root, "content/realise/a.md", "our version\n");
    write(root, "content/own.md", "see [gone](realise/gone.md)\n");
    dir
}

/// A national release folder (v2) elsewhere on disk.
fn release(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "site.yaml",
        "pack: { name: nat, version: \"2\" }\n",
    );
    for (rel, text) in files {
        write(dir.path(), rel, text);
    }
    dir
}

fn state_of(status: &Status, path: &str) -> OverrideState {
    status
        .overrides
        .iter()
        .find(|o| o.path == path)
        .map(|o| o.state.clone())
        .unwrap()
}

#[test]
fn a_missing_upstream_folder_is_an_error_with_a_hint() {
    let dir = council();
    std::fs::remove_dir_all(dir.path().join("national")).unwrap();
    let error = status(dir.path()).unwrap_err();
    assert!(
        error.message.contains("no upstream folder `national`"),
        "{}",
        error.message
    );
    assert!(error.hint.unwrap().contains("beacon upstream update"));
}

#[test]
fn accept_then_a_change_shows_in_status_diff_and_warnings() {
    let dir = council();
    let site = dir.path();
    assert_eq!(
        state_of(&status(site).unwrap(), "realise/a.md"),
        OverrideState::NotAccepted
    );
    let warnings = override_warnings(site, Path::new("national"));
    assert_eq!(
        warnings[0].message,
        "content/realise/a.md overrides a national page that you have not accepted yet"
    );
    accept(site, &["realise/a.md".into()], false).unwrap();
    assert_eq!(
        state_of(&status(site).unwrap(), "realise/a.md"),
        OverrideState::Unchanged
    );
    assert!(override_warnings(site, Path::new("national")).is_empty());
    write(site, "national/content/realise/a.md", "line one\nline 2\n");
    assert_eq!(
        state_of(&status(site).unwrap(), "realise/a.md"),
        OverrideState::Changed {
            accepted: Some("1".into())
        }
    );
    let warnings = override_warnings(site, Path::new("national"));
    assert_eq!(warnings[0].path, Path::new("content/realise/a.md"));
    assert!(!warnings[0].is_error());
    assert_eq!(
        warnings[0].message,
        "content/realise/a.md overrides a national page that changed since you accepted it"
    );
    assert_eq!(
        warnings[0].hint.as_deref(),
        Some("review it with `beacon upstream diff realise/a.md`, then `beacon upstream accept realise/a.md`")
    );
    let text = diff(site, "realise/a.md").unwrap();
    assert!(
        text.contains("--- national/content/realise/a.md (accepted 1)"),
        "{text}"
    );
    assert!(
        text.contains("+++ national/content/realise/a.md (now)"),
        "{text}"
    );
    assert!(text.contains("-line two\n+line 2\n"), "{text}");
}

#[test]
fn diff_errors_say_what_the_path_is() {
    let dir = council();
    let site = dir.path();
    let error = diff(site, "realise/a.md").unwrap_err();
    assert!(
        error
            .message
            .contains("you have not accepted realise/a.md yet"),
        "{}",
        error.message
    );
    let error = diff(site, "own.md").unwrap_err();
    assert!(
        error.message.contains("own.md is your own page"),
        "{}",
        error.message
    );
    let error = diff(site, "realise/b.md").unwrap_err();
    assert!(
        error.message.contains("national page you do not override"),
        "{}",
        error.message
    );
    assert!(error
        .hint
        .unwrap()
        .contains("copy national/content/realise/b.md to content/realise/b.md"));
    let error = diff(site, "realise/aa.md").unwrap_err();
    assert!(
        error.message.contains("not a page here or in the upstream"),
        "{}",
        error.message
    );
    assert_eq!(
        error.hint.as_deref(),
        Some("did you mean \"realise/a.md\"?")
    );
}

#[test]
fn accept_refuses_every_bad_path_and_an_empty_list() {
    let dir = council();
    let site = dir.path();
    let errors = accept(
        site,
        &["realise/a.mdd".into(), "realise/b.md".into()],
        false,
    )
    .unwrap_err();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].path, Path::new("content/realise/a.mdd"));
    assert_eq!(
        errors[0].hint.as_deref(),
        Some("did you mean \"realise/a.md\"?")
    );
    assert!(!site.join("upstream.lock").exists(), "nothing recorded");
    let errors = accept(site, &[], false).unwrap_err();
    assert!(errors[0].message.contains("name the pages to accept"));
}

#[test]
fn update_records_baselines_then_status_lists_new_and_removed_pages() {
    let dir = council();
    let site = dir.path();
    write(site, "national/content/realise/gone.md", "old page\n");
    let v2 = release(&[
        ("content/realise/a.md", "line one\nline two, corrected\n"),
        ("content/realise/b.md", "b v2\n"),
        ("content/realise/new.md", "new\n"),
    ]);
    let report = update(site, v2.path()).unwrap();
    assert_eq!(report.current.as_ref().unwrap().version, "2");
    assert_eq!(
        state_of(&report, "realise/a.md"),
        OverrideState::NotAccepted
    );
    assert_eq!(report.new_pages, vec!["realise/new.md"]);
    assert_eq!(report.removed[0].path, "realise/gone.md");
    assert_eq!(
        report.removed[0].uses,
        vec!["listed in hide: in site.yaml", "linked from content/own.md"]
    );
    assert_eq!(
        std::fs::read_to_string(site.join("national/content/realise/b.md")).unwrap(),
        "b v2\n"
    );
    let text = diff(site, "realise/a.md").unwrap();
    assert!(text.contains("(baseline 1, not yet accepted)"), "{text}");
    assert!(text.contains("+line two, corrected"), "{text}");
    let accepted = accept(site, &[], true).unwrap();
    assert_eq!(accepted.paths, vec!["realise/a.md"]);
    let report = status(site).unwrap();
    assert!(report.is_clean(), "{report}");
    assert_eq!(report.reviewed.unwrap().version, "2");
}

#[test]
fn a_failed_update_leaves_the_upstream_as_it_was() {
    let dir = council();
    let site = dir.path();
    let bad = tempfile::tempdir().unwrap();
    write(bad.path(), "content/x.md", "no site.yaml");
    let error = update(site, bad.path()).unwrap_err();
    assert!(
        error.message.contains("is not a Beacon site"),
        "{}",
        error.message
    );
    assert!(site.join("national/content/realise/a.md").is_file());
    let hidden: Vec<_> = std::fs::read_dir(site)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with('.')
        })
        .collect();
    assert!(hidden.is_empty(), "no staging left: {hidden:?}");
}
