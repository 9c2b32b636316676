//! Links to files visitors download: type and size after the link text
//! (GOV.UK's way) with a `type` attribute, and the warning for documents
//! Beacon cannot check, which a sidecar's `accessibility_checked` answers.

mod common;

use common::TestSite;

const LEAFLET_SIDECAR: &str = "content/guides/leaflet.pdf.yaml";

#[test]
fn a_link_to_a_document_says_its_type_and_size_inside_the_link() {
    let site = TestSite::fixture("basic");
    let size = std::fs::metadata(site.path().join("content/guides/leaflet.pdf"))
        .unwrap()
        .len();
    let expected_size = beacon::load::downloads::size_text(size);
    let out = site.build();
    let page = out.text("guides/leaflet/index.html");
    assert!(
        page.contains(&format!(
            "<a href=\"/campaign/guides/leaflet.pdf\" type=\"application/pdf\">the leaflet <span class=\"download-meta\">(PDF, {expected_size})</span></a>"
        )),
        "{page}"
    );
    assert!(out.has("guides/leaflet.pdf"));
    assert!(
        !out.has("guides/leaflet.pdf.yaml"),
        "a sidecar is never published"
    );
}

#[test]
fn a_poster_is_labelled_too_and_ordinary_links_are_not() {
    let site = TestSite::fixture("basic");
    site.write("content/guides/poster.png", &"x".repeat(1_500_000));
    site.replace(
        "content/guides/leaflet.md",
        "Download [the leaflet](leaflet.pdf).",
        "Download [the leaflet](leaflet.pdf) or [the A3 poster](poster.png#print \"For printing\"), and read [the signs](../recognise/signs.md).",
    );
    let page = site.build().text("guides/leaflet/index.html");
    assert!(
        page.contains("<a href=\"/campaign/guides/poster.png#print\" type=\"image/png\" title=\"For printing\">the A3 poster <span class=\"download-meta\">(PNG, 1.5 MB)</span></a>"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"/campaign/recognise/signs/\">the signs</a>"),
        "{page}"
    );
}

#[test]
fn a_document_nobody_has_checked_is_a_warning_linking_the_guidance() {
    let site = TestSite::fixture("basic");
    site.remove(LEAFLET_SIDECAR);
    let report = beacon::site::check(&beacon::site::Options::new(site.path())).unwrap();
    let warning = report
        .warnings
        .iter()
        .find(|w| w.path == std::path::Path::new("content/guides/leaflet.pdf"))
        .expect("a warning at the PDF");
    assert_eq!(
        warning.message,
        "Beacon cannot check this document's accessibility: it checks pages, not PDFs or office files"
    );
    let hint = warning.hint.as_deref().unwrap();
    assert!(
        hint.contains("https://www.gov.uk/guidance/publishing-accessible-documents"),
        "{hint}"
    );
    assert!(
        hint.contains("leaflet.pdf.yaml: `accessibility_checked: YYYY-MM-DD`"),
        "{hint}"
    );
}

#[test]
fn a_checked_document_is_not_warned_about_and_a_bad_sidecar_is_an_error_at_its_line() {
    let site = TestSite::fixture("basic");
    let report = beacon::site::check(&beacon::site::Options::new(site.path())).unwrap();
    assert!(
        report
            .warnings
            .iter()
            .all(|w| !w.message.contains("document's accessibility")),
        "the fixture's sidecar says it was checked"
    );
    site.write(
        LEAFLET_SIDECAR,
        "title: Leaflet\naccessibilty_checked: 2026-11-20\n",
    );
    let errors = beacon::site::check(&beacon::site::Options::new(site.path())).unwrap_err();
    let error = errors
        .iter()
        .find(|e| e.path == std::path::Path::new(LEAFLET_SIDECAR))
        .expect("an error at the sidecar");
    assert!(
        error.message.contains("accessibilty_checked"),
        "{}",
        error.message
    );
    assert_eq!(error.line, 2);
    site.write(LEAFLET_SIDECAR, "accessibility_checked: last week\n");
    let errors = beacon::site::check(&beacon::site::Options::new(site.path())).unwrap_err();
    assert!(errors
        .iter()
        .any(|e| e.message == "accessibility_checked \"last week\" is not a date"));
}

#[test]
fn a_section_with_downloads_true_lists_its_files_with_the_pages_that_link_to_them() {
    let site = TestSite::fixture("basic");
    site.write("content/guides/referral-form_2026.docx", "form");
    site.write("content/guides/notes.txt", "not a download type");
    site.replace(
        "content/guides/_index.md",
        "---\n",
        "---\ndownloads: true\n",
    );
    let page = site.build().text("guides/index.html");
    let list = page
        .split("<ul class=\"downloads\">")
        .nth(1)
        .and_then(|rest| rest.split("</ul>").next())
        .unwrap_or_else(|| panic!("no list of downloads: {page}"));
    let leaflet = list
        .find("The leaflet for parents")
        .expect("the sidecar's title");
    let form = list
        .find("Referral form 2026")
        .expect("a title from the file name");
    assert!(form < leaflet, "by title: {list}");
    assert!(
        list.contains("<a href=\"/campaign/guides/referral-form_2026.docx\" type=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document\">Referral form 2026 <span class=\"download-meta\">(DOCX, 1 KB)</span></a>"),
        "{list}"
    );
    assert!(
        list.contains(
            "Pages that link to it: <a href=\"/campaign/guides/leaflet/\">Leaflet guide</a>"
        ),
        "{list}"
    );
    assert_eq!(list.matches("<li class=\"download\">").count(), 2, "{list}");
    assert!(!list.contains("notes.txt"));
}

#[test]
fn downloads_true_on_a_page_that_is_not_a_folder_index_is_an_error_at_its_line() {
    let site = TestSite::fixture("basic");
    site.replace(
        "content/guides/leaflet.md",
        "rs: [react]\n",
        "rs: [react]\ndownloads: true\n",
    );
    let error = site.error();
    assert_eq!(
        error.message,
        "only a folder's `_index.md` can list the downloads in its folder"
    );
    assert_eq!(
        error.path,
        std::path::Path::new("content/guides/leaflet.md")
    );
    assert_eq!((error.line, error.column), (5, 12), "at the value");
}
