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

/// A folder outside the site holding a canary page whose text must never
/// reach `upstream.lock` or any message.
fn outside() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "x.md", "CANARY outside text\n");
    write(dir.path(), "realise/a.md", "CANARY outside text\n");
    dir
}

fn assert_nothing_leaked(site: &Path, errors: &[Diagnostic]) {
    assert!(!site.join("upstream.lock").exists(), "nothing recorded");
    for error in errors {
        let text = format!("{} {:?}", error.message, error.hint);
        assert!(!text.contains("CANARY"), "{text}");
    }
}

#[test]
fn absolute_and_dot_dot_paths_are_refused_by_their_shape_quoting_nothing() {
    let dir = council();
    let site = dir.path();
    let canary = outside();
    let absolute = canary.path().join("x.md").display().to_string();
    let climbing = format!("../../../../../../../..{absolute}");
    for bad in [
        "/etc/passwd",
        "/proc/version",
        absolute.as_str(),
        climbing.as_str(),
        "../site.yaml",
        "content/../site.yaml",
        "realise/../../site.yaml",
        "C:\\Windows\\win.ini",
        "realise//a.md",
        "./",
        "",
    ] {
        let error = diff(site, bad).unwrap_err();
        assert_eq!(
            error.message,
            "a page to review is named by its path under content/, without `..` or a leading `/`",
            "{bad}"
        );
        let errors = accept(site, &[bad.to_string()], false).unwrap_err();
        assert_eq!(errors.len(), 1, "{bad}");
        assert_eq!(errors[0].message, error.message, "{bad}");
        assert_nothing_leaked(site, &errors);
    }
    // What does not exist outside reads the same as what does.
    let missing = canary.path().join("missing.md").display().to_string();
    assert_eq!(
        diff(site, &missing).unwrap_err(),
        diff(site, &absolute).unwrap_err()
    );
}

#[cfg(unix)]
#[test]
fn a_linked_folder_on_the_way_to_an_override_is_called_a_link_and_not_read() {
    let dir = council();
    let site = dir.path();
    let canary = outside();
    std::os::unix::fs::symlink(canary.path(), site.join("national/content/evil")).unwrap();
    write(site, "content/evil/x.md", "our page\n");
    for path in ["evil/x.md", "content/evil/x.md"] {
        let errors = accept(site, &[path.into()], false).unwrap_err();
        assert_eq!(
            errors[0].message,
            "national/content/evil is a link, which Beacon does not follow"
        );
        assert_nothing_leaked(site, &errors);
        let error = diff(site, path).unwrap_err();
        assert_eq!(error.message, errors[0].message);
    }
    // `--all` and `status` see only the real override.
    let accepted = accept(site, &[], true).unwrap();
    assert_eq!(accepted.paths, vec!["realise/a.md".to_string()]);
    let lock = std::fs::read_to_string(site.join("upstream.lock")).unwrap();
    assert!(!lock.contains("CANARY"), "{lock}");
    let status = status(site).unwrap();
    assert!(status.overrides.iter().all(|o| o.path != "evil/x.md"));
}

#[cfg(unix)]
#[test]
fn a_linked_upstream_file_is_called_a_link_and_not_read() {
    let dir = council();
    let site = dir.path();
    let canary = outside();
    std::os::unix::fs::symlink(
        canary.path().join("x.md"),
        site.join("national/content/realise/link.md"),
    )
    .unwrap();
    write(site, "content/realise/link.md", "ours\n");
    let errors = accept(site, &["realise/link.md".into()], false).unwrap_err();
    assert_eq!(
        errors[0].message,
        "national/content/realise/link.md is a link, which Beacon does not follow"
    );
    assert_nothing_leaked(site, &errors);
}

#[cfg(unix)]
#[test]
fn a_linked_upstream_folder_is_refused_before_anything_is_read() {
    let dir = council();
    let site = dir.path();
    let canary = outside();
    std::fs::remove_dir_all(site.join("national/content")).unwrap();
    std::os::unix::fs::symlink(canary.path(), site.join("national/content")).unwrap();
    let errors = accept(site, &[], true).unwrap_err();
    assert_eq!(
        errors[0].message,
        "national/content is a link, which Beacon does not follow"
    );
    assert_nothing_leaked(site, &errors);
    let error = status(site).unwrap_err();
    assert_eq!(error.message, errors[0].message);
}

#[test]
fn accept_refuses_what_is_not_an_override() {
    let dir = council();
    let site = dir.path();
    write(site, "content/_signposts/local.yaml", "services: []\n");
    write(
        site,
        "national/content/_signposts/local.yaml",
        "services: []\n",
    );
    let errors = accept(site, &["_signposts/local.yaml".into()], false).unwrap_err();
    assert!(
        errors[0]
            .message
            .starts_with("_signposts/local.yaml is help-directory data, not a page"),
        "{}",
        errors[0].message
    );
    let errors = accept(site, &["../site.yaml".into()], false).unwrap_err();
    assert!(errors[0].message.starts_with("a page to review is named"));
    assert!(!site.join("upstream.lock").exists());
}

#[test]
fn accepting_eighteen_one_megabyte_overrides_leaves_a_lock_every_command_reads() {
    let dir = council();
    let site = dir.path();
    let big = "a line of upstream text that goes on\n".repeat(28_000);
    assert!(big.len() > 1_000_000);
    for n in 0..18 {
        write(site, &format!("national/content/big/{n}.md"), &big);
        write(site, &format!("content/big/{n}.md"), "ours\n");
    }
    let accepted = accept(site, &[], true).unwrap();
    assert_eq!(accepted.paths.len(), 19);
    let size = std::fs::metadata(site.join("upstream.lock")).unwrap().len();
    assert!(size < 1_000_000, "{size} bytes");
    let status = status(site).unwrap();
    assert_eq!(state_of(&status, "big/3.md"), OverrideState::Unchanged);
    accept(site, &["big/0.md".into()], false).unwrap();
    let error = diff(site, "big/0.md").unwrap_err();
    assert!(
        error
            .message
            .contains("was too large to keep in upstream.lock"),
        "{}",
        error.message
    );
    // The small override still diffs.
    assert!(diff(site, "realise/a.md")
        .unwrap()
        .contains("no change since accepted 1"));
}
