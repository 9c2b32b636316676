//! `check`'s coverage table (pages per R and audience, with the gaps named)
//! and the page list `check --format json` carries, on real fixture sites.

mod common;

use std::process::Command;

use common::TestSite;

fn check(site: &TestSite, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_beacon"))
        .arg("check")
        .args(args)
        .arg("--site")
        .arg(site.path())
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn for_parents_only(site: &TestSite) {
    site.replace(
        "content/recognise/signs.md",
        "rs: [recognise]\n",
        "rs: [recognise]\naudiences: [parents]\nreview_by: 2027-05-01\n",
    );
}

#[test]
fn check_ends_with_pages_per_r_and_audience_and_names_the_gaps() {
    let site = TestSite::fixture("basic");
    for_parents_only(&site);
    let report = check(&site, &[]);
    let table: Vec<&str> = report
        .lines()
        .skip_while(|line| !line.starts_with("pages "))
        .take(4)
        .collect();
    assert_eq!(
        table,
        [
            "pages      public  parents  professionals  young-people",
            "realise         1        2              1             2",
            "recognise       -        1              -             -",
            "react           3        3              3             3",
        ],
        "{report}"
    );
    assert!(
        report.contains("recognise has no page for: public, professionals, young-people\n"),
        "{report}"
    );
    assert!(!report.contains("realise has no page"), "{report}");
}

#[test]
fn check_json_lists_every_page_with_its_facts_and_the_coverage() {
    let site = TestSite::fixture("basic");
    for_parents_only(&site);
    let json: serde_json::Value =
        serde_json::from_str(&check(&site, &["--format", "json"])).unwrap();
    let pages = json["page_list"].as_array().unwrap();
    let signs = pages
        .iter()
        .find(|page| page["file"] == "content/recognise/signs.md")
        .expect("the signs page is listed");
    assert_eq!(signs["url"], "/campaign/recognise/signs/");
    assert_eq!(signs["title"], "Signs");
    assert_eq!(signs["kind"], "page");
    assert_eq!(signs["language"], "en");
    assert_eq!(signs["rs"], serde_json::json!(["recognise"]));
    assert_eq!(signs["audiences"], serde_json::json!(["parents"]));
    assert_eq!(signs["signposts"], serde_json::json!(["helpline"]));
    assert_eq!(signs["review_by"], "2027-05-01");
    assert_eq!(signs["last_updated"], "2026-11-01");
    assert!(signs["reading_age"].as_f64().is_some_and(|age| age > 0.0));
    assert_eq!(signs["draft"], false);
    assert!(
        pages
            .iter()
            .all(|page| page["file"] != "content/realise/draft.md"),
        "drafts are not published, so not listed"
    );
    let recognise = &json["coverage"]["rows"][1];
    assert_eq!(recognise["r"], "recognise");
    assert_eq!(recognise["pages"], serde_json::json!([0, 1, 0, 0]));
    assert_eq!(
        recognise["gaps"],
        serde_json::json!(["public", "professionals", "young-people"])
    );
    assert_eq!(
        json["coverage"]["audiences"],
        serde_json::json!(["public", "parents", "professionals", "young-people"])
    );
}

#[test]
fn check_json_lists_the_pages_of_every_language() {
    let site = TestSite::fixture("bilingual");
    let json: serde_json::Value =
        serde_json::from_str(&check(&site, &["--format", "json"])).unwrap();
    let welsh = json["page_list"]
        .as_array()
        .unwrap()
        .iter()
        .find(|page| page["file"] == "content/recognise/signs.cy.md")
        .expect("the Welsh page is listed");
    assert_eq!(welsh["language"], "cy");
    assert!(
        welsh["url"].as_str().unwrap().starts_with("/campaign/cy/"),
        "{welsh}"
    );
    assert_eq!(
        welsh["reading_age"],
        serde_json::Value::Null,
        "measured in English only"
    );
}

#[test]
fn a_page_past_its_review_date_is_warned_at_its_review_by_line() {
    let site = TestSite::fixture("basic");
    site.replace(
        "content/recognise/signs.md",
        "rs: [recognise]\n",
        "rs: [recognise]\nreview_by: 2020-01-01\n",
    );
    let report = beacon::site::check(&site.options()).expect("a warning does not fail");
    let warning = report
        .warnings
        .iter()
        .find(|w| w.message == "this page was due for review on 2020-01-01")
        .expect("the overdue review");
    let text = std::fs::read_to_string(site.path().join("content/recognise/signs.md")).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("review_by:"))
        .unwrap()
        + 1;
    assert_eq!(
        warning.location(),
        format!("content/recognise/signs.md:{line}:12")
    );
}
