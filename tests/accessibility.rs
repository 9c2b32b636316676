//! The accessibility rules, each shown failing on a fixture with its
//! message, file and line; the clean fixture and the example campaign show
//! no false positives.

mod common;

use common::TestSite;

const FRONT: &str = "---\ntitle: T\ndescription: D\nrs: [react]\n---\n";

fn check(
    site: &TestSite,
) -> Result<beacon::site::Report, Vec<beacon::base::diagnostic::Diagnostic>> {
    beacon::site::check(&site.options())
}

fn warnings_for(body: &str) -> Vec<beacon::base::diagnostic::Diagnostic> {
    let site = TestSite::fixture("basic");
    site.write("content/react/page.md", &format!("{FRONT}{body}"));
    check(&site)
        .unwrap_or_else(|d| panic!("{d:#?}"))
        .warnings
        .into_iter()
        .filter(|w| w.path.ends_with("page.md"))
        .collect()
}

fn error_for(body: &str) -> beacon::base::diagnostic::Diagnostic {
    let site = TestSite::fixture("basic");
    site.write("content/react/page.md", &format!("{FRONT}{body}"));
    site.error()
}

#[test]
fn alt_text_that_is_a_file_name_is_an_error() {
    let error = error_for("\n![map.svg](../images/map.svg)\n");
    assert_eq!(
        (error.message.as_str(), error.line),
        ("alt text \"map.svg\" is a file name", 7)
    );
}

#[test]
fn alt_text_starting_image_of_is_a_warning() {
    let warnings = warnings_for("\n![Image of a town map](../images/map.svg)\n");
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert_eq!(warnings[0].line, 7);
    assert!(warnings[0].message.contains("starts with \"image of\""));
}

#[test]
fn empty_heading_is_an_error() {
    let error = error_for("\n##\n");
    assert_eq!((error.message.as_str(), error.line), ("empty heading", 7));
}

#[test]
fn table_without_header_text_is_an_error() {
    let error = error_for("\n|  |  |\n|--|--|\n| a | b |\n");
    assert_eq!(
        (error.message.as_str(), error.line),
        ("table with an empty header row", 7)
    );
}

#[test]
fn vague_and_bare_url_link_text_are_warnings() {
    let warnings = warnings_for(
        "\nRead [more](call.md).\n\nSee [www.example.org](https://www.example.org).\n",
    );
    let found: Vec<(usize, bool)> = warnings
        .iter()
        .map(|w| (w.line, w.message.contains("bare web address")))
        .collect();
    assert_eq!(found, vec![(7, false), (9, true)]);
}

#[test]
fn a_page_too_hard_for_its_audience_is_a_warning_naming_the_hardest_sentence() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/react/hard.md",
        "---\ntitle: Hard\ndescription: D\nrs: [react]\naudiences: [young-people]\n---\n\nYou can talk to us.\n\nMulti-agency safeguarding arrangements necessitate comprehensive interdisciplinary information-sharing protocols.\n",
    );
    let report = check(&site).unwrap();
    let warning = report
        .warnings
        .iter()
        .find(|w| w.message.starts_with("reading age"))
        .expect("reading age warning");
    // About the whole page: at its top, so it never shares a place with a
    // sentence's own finding; the message names the hardest sentences.
    assert_eq!(warning.location(), "content/react/hard.md:1:1");
    assert!(warning.is_advice(), "advice unless readability.enforce");
    assert!(warning.message.contains("above 11"), "{}", warning.message);
    assert!(
        warning.message.contains("Multi-agency safeguarding"),
        "{}",
        warning.message
    );
    let row = report
        .readability
        .iter()
        .find(|r| r.page == "content/react/hard.md")
        .unwrap();
    assert!(row.reading_age > 11.0);
    assert_eq!(row.audiences, vec!["young-people"]);
}

#[test]
fn sentences_over_25_words_are_warnings_at_their_line() {
    let long = "We ".to_string() + &"really ".repeat(26) + "care.";
    let warnings = warnings_for(&format!("\nShort start.\n\n{long}\n"));
    let sentence = warnings
        .iter()
        .find(|w| w.message.starts_with("a sentence of 28 words"))
        .expect("long sentence warning");
    assert_eq!(sentence.line, 9);
}

#[test]
fn welsh_pages_are_never_scored() {
    let site = TestSite::fixture("basic");
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://e.org\nlanguage: cy\n",
    );
    assert!(check(&site).unwrap().readability.is_empty());
}

#[test]
fn a_theme_that_breaks_the_page_rules_fails_the_build() {
    let site = TestSite::fixture("basic");
    site.write(
        "site.yaml",
        "title: Fixture\nbase_url: https://e.org\ntheme: careless\n",
    );
    site.write("themes/careless/theme.yaml", "extends: default\n");
    site.write(
        "themes/careless/templates/base.html",
        "<!DOCTYPE html><html><head><meta name=\"viewport\" content=\"width=device-width, maximum-scale=1\"><title>{{ page_title }}</title></head><body><a href=\"/\" target=\"_blank\" tabindex=\"2\">Home</a><main>{% block content %}{% endblock content %}</main><img src=\"x.png\"></body></html>",
    );
    let errors = site.errors();
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    for expected in [
        "<html> has no lang attribute",
        "stops people zooming",
        "no <header> landmark",
        "no <nav> landmark",
        "no <footer> landmark",
        "not a skip link",
        "positive tabindex",
        "without an alt attribute",
        "opens a new window",
    ] {
        assert!(
            messages.iter().any(|m| m.contains(expected)),
            "{expected} missing from {messages:#?}"
        );
    }
    assert!(errors
        .iter()
        .all(|e| e.path.starts_with("themes/careless/templates")));
    assert!(
        messages[0].contains("page(s), for example"),
        "{}",
        messages[0]
    );
}

#[test]
fn the_clean_fixture_and_the_example_campaign_have_no_findings() {
    let only_placeholders = |warnings: &[beacon::base::diagnostic::Diagnostic]| -> Vec<String> {
        warnings
            .iter()
            .map(|w| w.message.clone())
            .filter(|m| !m.contains("an Ofcom drama number"))
            .collect()
    };
    let basic = TestSite::fixture("basic");
    basic.replace("site.yaml", "base_url:", "robots_txt: false\nbase_url:");
    let report = check(&basic).unwrap();
    assert_eq!(only_placeholders(&report.warnings), Vec::<String>::new());
    assert_eq!(report.warnings.len(), 1, "the fixture's one drama number");
    let example = beacon::site::Options {
        today: beacon::base::date::Date::parse("2026-11-28").unwrap(),
        ..beacon::site::Options::new(env!("CARGO_MANIFEST_DIR"))
    };
    let report = beacon::site::check(&example).unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(
        only_placeholders(&report.warnings),
        Vec::<String>::new(),
        "the example campaign is clean but for its marked local placeholders"
    );
    let placeholders: Vec<&str> = report
        .warnings
        .iter()
        .filter(|w| w.message.contains("is a placeholder (`example: true`)"))
        .map(|w| w.message.split('"').nth(1).unwrap_or_default())
        .collect();
    assert_eq!(
        placeholders,
        [
            "childrens-services",
            "childrens-services-out-of-hours",
            "lado"
        ]
    );
    assert!(report.readability.len() >= 12);
    assert!(
        report
            .readability
            .iter()
            .all(|row| row.reading_age <= row.target),
        "every example page meets its audience's reading age"
    );
}

#[test]
fn check_json_reports_every_finding_for_ci() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/react/page.md",
        &format!("{FRONT}\n[Click here](call.md)\n"),
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args(["check", "--format", "json", "--strict", "--site"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "--strict fails on a warning");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json["warnings"], 3,
        "the link text, the fixture's drama number and its robots.txt in /campaign/"
    );
    let finding = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"] == "content/react/page.md")
        .unwrap();
    assert_eq!(finding["file"], "content/react/page.md");
    assert_eq!(finding["line"], 7);
    assert_eq!(finding["severity"], "warning");
    assert!(json["readability"].as_array().unwrap().len() > 3);
}

/// The basic fixture with no `accessibility:` settings at all.
fn without_statement_settings() -> TestSite {
    let site = TestSite::fixture("basic");
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    let kept = yaml.split("accessibility:").next().unwrap().to_string();
    site.write("site.yaml", &kept);
    site
}

/// Issue 24: a site with no `accessibility:` settings must not publish a
/// statement that claims compliance.
#[test]
fn a_statement_without_settings_claims_nothing_and_warns() {
    let site = without_statement_settings();
    let output = site.build();
    let statement = output.text("accessibility/index.html");
    assert!(!statement.contains("We believe every part of this website is accessible"));
    assert!(!statement.contains("is fully compliant"));
    assert!(!statement.contains("partially compliant"));
    assert!(statement.contains("has not yet assessed how accessible this website is"));
    assert!(statement.contains(
        "This website has not yet been assessed against the Web Content Accessibility Guidelines version 2.2 AA standard."
    ));
    let report = beacon::site::check(&site.options()).unwrap();
    let warning = report
        .warnings
        .iter()
        .find(|w| w.message.starts_with("the accessibility statement"))
        .expect("a warning");
    assert_eq!(
        warning.message,
        "the accessibility statement says the site has not been assessed: `accessibility:` needs `compliance` (fully, partially or not), a contact (`contact_email`, `contact_phone` or `contact_form`), `last_reviewed`"
    );
    assert_eq!(
        (warning.path.as_path(), warning.line),
        (std::path::Path::new("site.yaml"), 1)
    );
}

#[test]
fn a_statement_claims_its_status_only_with_compliance_a_contact_and_a_review_date() {
    let site = without_statement_settings();
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &format!("{yaml}accessibility:\n  contact_phone: \"01632 960123\"\n  compliance: fully\n"),
    );
    let report = beacon::site::check(&site.options()).unwrap();
    let warning = report
        .warnings
        .iter()
        .find(|w| w.message.starts_with("the accessibility statement"))
        .expect("still a warning without last_reviewed");
    assert!(
        warning.message.ends_with("needs `last_reviewed`"),
        "{}",
        warning.message
    );
    assert!(warning.line > 1, "at the accessibility: key");
    assert!(site
        .build()
        .text("accessibility/index.html")
        .contains("has not yet assessed"));

    site.write(
        "site.yaml",
        &format!("{yaml}accessibility:\n  contact_phone: \"01632 960123\"\n  compliance: fully\n  last_reviewed: 2026-11-28\n"),
    );
    let report = beacon::site::check(&site.options()).unwrap();
    assert!(report
        .warnings
        .iter()
        .all(|w| !w.message.starts_with("the accessibility statement")));
    let statement = site.build().text("accessibility/index.html");
    assert!(statement.contains("This website is fully compliant"));
    assert!(statement.contains("<li>call 01632 960123</li>"));
}

#[test]
fn a_site_with_its_own_statement_page_is_not_warned() {
    let site = without_statement_settings();
    site.write(
        "content/accessibility.md",
        "---\ntitle: Accessibility statement\ndescription: How accessible this site is.\n---\n\nWe checked this site in November 2026.\n",
    );
    let report = beacon::site::check(&site.options()).unwrap();
    assert!(report
        .warnings
        .iter()
        .all(|w| !w.message.starts_with("the accessibility statement")));
}

/// A 3 × 2 PNG: its header is all Beacon reads for the size.
fn tiny_png() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend(3u32.to_be_bytes());
    png.extend(2u32.to_be_bytes());
    png.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
    png
}

/// Issue 24: every image Beacon writes carries its width and height, so
/// nothing moves when it loads.
#[test]
fn markdown_images_and_the_header_logo_carry_their_size() {
    let site = TestSite::fixture("basic");
    site.write_bytes("content/realise/photo.png", &tiny_png());
    site.write(
        "content/realise/photo-page.md",
        "---\ntitle: Photo\ndescription: A page with a photo.\nrs: [realise]\n---\n\n![Two people talking on a bench](photo.png \"On a bench\")\n\n![\"\"](photo.png)\n",
    );
    let page = site.build().text("realise/photo-page/index.html");
    assert!(
        page.contains("<img src=\"/campaign/realise/photo.png\" alt=\"Two people talking on a bench\" title=\"On a bench\" width=\"3\" height=\"2\">"),
        "{page}"
    );
    assert!(page
        .contains("<img src=\"/campaign/realise/photo.png\" alt=\"\" width=\"3\" height=\"2\">"));
    assert!(
        page.contains("alt=\"Fixture Council\" width=\"84\" height=\"84\">"),
        "the logo"
    );
}
