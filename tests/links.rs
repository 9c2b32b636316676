//! Links in a site are never followed, and every message says "a link"
//! (issue 27): a symlinked page is a warning, not silence; a symlinked
//! `content/` or help-directory folder is an error that reads nothing
//! behind it; a symlinked logo or sidecar is called a link, not missing.
//! Each case keeps a canary file outside the site and checks that its
//! text reaches nothing the build makes or says.
#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use common::TestSite;

const CANARY: &str = "CANARY-7f3a-outside-the-site";

/// A folder outside the site holding a page, a service file and a logo
/// that all carry the canary's text.
fn outside() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("outside");
    std::fs::create_dir_all(root.join("pages")).unwrap();
    std::fs::write(
        root.join("pages/secret.md"),
        format!("---\ntitle: {CANARY}\ndescription: D\nrs: [react]\n---\n{CANARY}\n"),
    )
    .unwrap();
    std::fs::write(
        root.join("services.yaml"),
        format!("- id: canary\n  name: {CANARY}\n  description: D\n  priority: support\n  area: national\n  web: https://example.org\n  verified: 2026-11-01\n"),
    )
    .unwrap();
    std::fs::write(
        root.join("logo.svg"),
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><title>{CANARY}</title></svg>"),
    )
    .unwrap();
    (dir, root)
}

/// Every message of `diagnostics`, with its path, as one text.
fn said(diagnostics: &[beacon::base::diagnostic::Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| format!("{} {} {:?}\n", d.path.display(), d.message, d.hint))
        .collect()
}

fn check(
    site: &TestSite,
) -> Result<beacon::site::Report, Vec<beacon::base::diagnostic::Diagnostic>> {
    beacon::site::check(&site.options())
}

#[test]
fn a_symlinked_page_is_a_warning_and_is_left_out() {
    let (_keep, root) = outside();
    let site = TestSite::fixture("basic");
    symlink(
        root.join("pages/secret.md"),
        site.path().join("content/react/secret.md"),
    )
    .unwrap();
    let report = check(&site).unwrap_or_else(|d| panic!("{d:#?}"));
    let warning = report
        .warnings
        .iter()
        .find(|w| w.path == Path::new("content/react/secret.md"))
        .unwrap_or_else(|| panic!("no warning for the link: {}", said(&report.warnings)));
    assert_eq!(
        warning.message,
        "content/react/secret.md is a link, which Beacon does not follow: it is left out of the site"
    );
    let built = site.build();
    assert!(!built.has("react/secret/index.html"));
    assert!(built
        .files
        .values()
        .all(|bytes| !String::from_utf8_lossy(bytes).contains(CANARY)));
    assert!(!said(&report.warnings).contains(CANARY));
}

#[test]
fn a_symlinked_content_folder_is_an_error_and_nothing_behind_it_is_read() {
    let (_keep, root) = outside();
    let site = TestSite::fixture("basic");
    let content = site.path().join("content");
    std::fs::rename(&content, site.path().join("real-content")).unwrap();
    symlink(root.join("pages"), &content).unwrap();
    let errors = site.errors();
    let text = said(&errors);
    assert!(
        errors.iter().any(|e| e.path == Path::new("content")
            && e.message == "content is a link, which Beacon does not follow"),
        "{text}"
    );
    assert!(!text.contains(CANARY), "{text}");
}

#[test]
fn a_symlinked_help_directory_folder_is_an_error_and_is_not_read() {
    let (_keep, root) = outside();
    let site = TestSite::fixture("basic");
    let folder = site.path().join("content/_signposts");
    std::fs::remove_dir_all(&folder).unwrap();
    std::fs::create_dir(root.join("signposts")).unwrap();
    std::fs::copy(
        root.join("services.yaml"),
        root.join("signposts/services.yaml"),
    )
    .unwrap();
    symlink(root.join("signposts"), &folder).unwrap();
    let errors = site.errors();
    let text = said(&errors);
    assert!(
        errors
            .iter()
            .any(|e| e.path == Path::new("content/_signposts")
                && e.message
                    .contains("is a link, which Beacon does not follow")),
        "{text}"
    );
    assert!(!text.contains(CANARY), "{text}");
}

#[test]
fn a_symlinked_logo_is_called_a_link_not_missing() {
    let (_keep, root) = outside();
    let site = TestSite::fixture("basic");
    let logo = site.path().join("content/images/logo.svg");
    std::fs::remove_file(&logo).unwrap();
    symlink(root.join("logo.svg"), &logo).unwrap();
    let errors = site.errors();
    let error = errors
        .iter()
        .find(|e| e.path == Path::new("site.yaml"))
        .unwrap_or_else(|| panic!("{}", said(&errors)));
    assert_eq!(
        error.message,
        "organisation.logo \"images/logo.svg\" is a link (content/images/logo.svg), which Beacon does not follow"
    );
    assert_eq!(error.line, 5, "at organisation.logo");
    assert!(!said(&errors).contains(CANARY));
}

#[test]
fn a_symlinked_sidecar_is_called_a_link() {
    let (_keep, root) = outside();
    std::fs::write(root.join("sidecar.yaml"), format!("title: {CANARY}\n")).unwrap();
    let site = TestSite::fixture("basic");
    let sidecar = site.path().join("content/guides/leaflet.pdf.yaml");
    std::fs::remove_file(&sidecar).unwrap();
    symlink(root.join("sidecar.yaml"), &sidecar).unwrap();
    let error = site.error();
    assert_eq!(error.path, Path::new("content/guides/leaflet.pdf.yaml"));
    assert_eq!(
        error.message,
        "content/guides/leaflet.pdf.yaml is a link, which Beacon does not follow"
    );
    assert!(!said(&[error]).contains(CANARY));
}
