//! The help directory on a built fixture site: signposting order, phone
//! links, cards on pages, the inline shortcode and the HSDS export.

mod common;

use common::{assert_in_order, TestSite};

#[test]
fn get_help_puts_999_first_then_local_then_national() {
    let out = TestSite::fixture("basic").build();
    let page = out.text("get-help/index.html");
    assert_in_order(
        &page,
        &[
            "If a child is in immediate danger",
            "Police emergency",
            "Council front door",
            "Local support group",
            "Adult helpline",
            "Kids line",
        ],
    );
}

#[test]
fn young_people_see_childline_first_and_not_the_adult_front_door() {
    let out = TestSite::fixture("basic").build();
    let page = out.text("get-help/young-people/index.html");
    assert_in_order(
        &page,
        &["Police emergency", "Kids line", "Local support group"],
    );
    let kids_line = page.find("Kids line").unwrap();
    let support = page.find("Local support group").unwrap();
    assert!(
        kids_line < support,
        "the service aimed at young people comes first"
    );
    assert!(
        !page.contains("Council front door"),
        "the adult front door is not on the young people's page"
    );
    assert!(!page.contains("Adult helpline"));
}

#[test]
fn audience_pages_list_their_services() {
    let out = TestSite::fixture("basic").build();
    let parents = out.text("for/parents/index.html");
    assert!(parents.contains("Council front door"));
    assert!(!parents.contains("Kids line"));
}

#[test]
fn every_kind_of_number_links_and_displays_correctly() {
    let out = TestSite::fixture("basic").build();
    let page = out.text("get-help/index.html");
    let nbsp = '\u{a0}';
    for (href, shown) in [
        ("tel:999", "999".to_string()),
        ("tel:+448088005000", format!("0808{nbsp}800{nbsp}5000")),
        ("tel:+448001111", format!("0800{nbsp}1111")),
        ("sms:88858", "88858".to_string()),
        ("tel:1800108001111", format!("18001{nbsp}0800{nbsp}1111")),
        ("tel:+441632960000", format!("01632{nbsp}960000")),
    ] {
        let link = format!("<a href=\"{href}\">{shown}</a>");
        assert!(page.contains(&link), "{link} missing");
    }
    assert!(page.contains("href=\"mailto:help@example.org\""));
}

#[test]
fn channels_appear_in_the_fixed_order() {
    let out = TestSite::fixture("basic").build();
    let page = out.text("get-help/young-people/index.html");
    let card = &page[page.find("Kids line").unwrap()..];
    assert_in_order(
        card,
        &[
            "card__row--phone",
            "card__row--text",
            "card__row--textphone",
            "card__row--webchat",
            "card__row--form",
            "card__row--web\"",
            "card__row--hours",
        ],
    );
}

#[test]
fn featured_signposts_and_shortcodes_become_cards_on_the_page() {
    let out = TestSite::fixture("basic").build();
    let signs = out.text("recognise/signs/index.html");
    let content_start = signs.find("Changes online.").unwrap();
    let inline = signs[content_start..]
        .find("Kids line")
        .expect("shortcode card in the body");
    let featured = signs.find("Adult helpline").expect("featured card");
    assert!(
        content_start + inline < featured,
        "the inline card sits where it was written"
    );
    assert!(
        !signs.contains("beacon:signpost"),
        "no placeholder left behind"
    );
}

#[test]
fn services_json_has_the_open_referral_shape() {
    let out = TestSite::fixture("basic").build();
    let page: serde_json::Value = serde_json::from_str(&out.text("services.json")).unwrap();
    assert_eq!(page["total_items"], 5);
    let listed = page["contents"].as_array().unwrap();
    let id = listed.iter().find(|s| s["name"] == "Kids line").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let kids: serde_json::Value =
        serde_json::from_str(&out.text(&format!("services/{id}.json"))).unwrap();
    for key in [
        "id",
        "name",
        "status",
        "description",
        "url",
        "phones",
        "schedules",
        "attributes",
        "maximum_age",
    ] {
        assert!(kids.get(key).is_some(), "{key} missing");
    }
    assert_eq!(
        kids["schedules"][0]["description"],
        "24 hours a day, every day"
    );
    let phone_types: Vec<&str> = kids["phones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["type"].as_str().unwrap())
        .collect();
    assert_eq!(phone_types, vec!["voice", "text", "textphone"]);
    let free = kids["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["taxonomy_term"]["code"] == "free")
        .unwrap();
    assert_eq!(free["value"], "true");
}

#[test]
fn headers_file_carries_the_same_policy_as_the_pages() {
    let out = TestSite::fixture("basic").build();
    let headers = out.text("_headers");
    assert!(headers.contains(&format!(
        "Content-Security-Policy: {}",
        beacon::base::policy::CSP
    )));
    assert!(headers.contains("frame-ancestors 'none'"));
    assert!(headers.contains("Referrer-Policy: no-referrer"));
    let page = out.text("index.html");
    assert!(
        page.contains(&format!("content=\"{}\"", beacon::base::policy::CSP)),
        "meta CSP matches _headers"
    );
}

#[test]
fn quick_exit_is_a_plain_link_and_can_be_configured_or_turned_off() {
    let site = TestSite::fixture("basic");
    let page = site.build().text("index.html");
    assert!(page.contains("href=\"https://www.bbc.co.uk/weather\" rel=\"nofollow noreferrer\""));
    assert!(page.contains("data-quick-exit"));
    site.write("site.yaml", "title: T\nbase_url: https://e.org\nquick_exit:\n  url: https://www.example.org/\n  text: Gadael y dudalen\n");
    let page = site.build().text("index.html");
    assert!(page.contains("href=\"https://www.example.org/\" rel=\"nofollow noreferrer\""));
    assert!(page.contains("Gadael y dudalen"));
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://e.org\nquick_exit:\n  enabled: false\n",
    );
    let page = site.build().text("index.html");
    assert!(!page.contains("data-quick-exit"));
    assert!(!page.contains("quick-exit.js"));
}

#[test]
fn sites_can_replace_the_staying_safe_and_accessibility_pages() {
    let site = TestSite::fixture("basic");
    let out = site.build();
    assert!(out
        .text("staying-safe-online/index.html")
        .contains("history"));
    let statement = out.text("accessibility/index.html");
    // No known issues and no `compliance:`: the status follows the list.
    assert!(statement.contains(
        "fully compliant with the Web Content Accessibility Guidelines version 2.2 AA standard"
    ));
    assert!(!statement.contains("partially compliant"));
    assert!(statement.contains("Equality Advisory and Support Service"));
    assert!(statement.contains("<a href=\"https://www.equalityadvisoryservice.com/\">"));
    site.write(
        "content/staying-safe-online.md",
        "---\ntitle: Our own safety page\ndescription: D\n---\n\nWritten by the council.\n",
    );
    site.write(
        "content/accessibility.md",
        "---\ntitle: Our statement\ndescription: D\n---\n\nOur own words.\n",
    );
    let out = site.build();
    assert!(out
        .text("staying-safe-online/index.html")
        .contains("Written by the council."));
    assert!(out
        .text("accessibility/index.html")
        .contains("Our own words."));
}

#[test]
fn stale_services_warn_but_still_build() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/_signposts/old.yaml",
        "- id: old\n  name: Old\n  description: D\n  priority: support\n  verified: 2024-01-01\n",
    );
    let options = site.options();
    let report = beacon::site::check(&options).expect("warnings do not fail the build");
    let warning = report
        .warnings
        .iter()
        .find(|w| w.message.contains("last verified on 2024-01-01"))
        .expect("stale warning");
    assert_eq!(
        warning.location(),
        "content/_signposts/old.yaml:5:13",
        "at its verified date"
    );
}

#[test]
fn the_statement_never_says_partially_compliant_with_nothing_listed() {
    let site = TestSite::fixture("basic");
    site.replace(
        "site.yaml",
        "  compliance: fully\n",
        "  compliance: partially\n",
    );
    let error = site.error();
    assert_eq!(
        error.message,
        "compliance is \"partially\", but no known issue is listed"
    );
    assert_eq!(
        (error.path.as_path(), error.line),
        (std::path::Path::new("site.yaml"), 8)
    );
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    let config = yaml.split("accessibility:").next().unwrap();
    site.write(
        "site.yaml",
        &format!(
            "{config}accessibility:\n  contact_form: \"https://example.org/report\"\n  compliance: partially\n  last_reviewed: 2026-11-01\n  known_issues:\n    - issue: \"The map has no text alternative.\"\n      criterion: \"1.1.1 Non-text content\"\n      fix_by: 2027-03-31\n"
        ),
    );
    let statement = site.build().text("accessibility/index.html");
    assert!(
        statement.contains("partially compliant"),
        "stated, with its issues listed"
    );
    assert!(statement.contains(
        "<li>The map has no text alternative. This fails WCAG 2.2 success criterion 1.1.1 Non-text content. We plan to fix this by <time datetime=\"2027-03-31\">31 March 2027</time>.</li>"
    ));
    assert!(statement.contains("use our <a href=\"https://example.org/report\">contact form</a>"));
    common::assert_in_order(
        &statement,
        &[
            "<h2 id=\"non-accessible-content\">",
            "<h3 id=\"non-compliance\">",
            "<h3 id=\"disproportionate-burden\">",
            "<h3 id=\"out-of-scope\">",
        ],
    );
}
