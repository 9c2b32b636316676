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
    assert_eq!(warning.location(), "content/react/hard.md:10:1");
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
