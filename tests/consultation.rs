//! Have your say: the national conversation in its three states (before,
//! open, closed), driven by the build date; its banner, page, safeguarding
//! notice, warnings and errors; Welsh; and a council copy's own questions.

mod common;

use std::path::Path;

use beacon::base::date::Date;
use beacon::site::Options;
use common::{Output, TestSite};

const BEFORE: &str = "2026-11-30";
const OPEN: &str = "2026-12-10";
const CLOSED: &str = "2027-01-27";

fn on(site: &TestSite, date: &str) -> Options {
    Options {
        today: Date::parse(date).unwrap(),
        ..Options::new(site.path())
    }
}

fn build_on(date: &str) -> Output {
    let site = TestSite::fixture("consultation");
    site.build_with(on(&site, date))
}

#[test]
fn while_open_every_page_carries_the_banner_and_otherwise_none_does() {
    let open = build_on(OPEN);
    let pages = open.html_pages();
    assert!(pages.len() > 15);
    for page in &pages {
        let html = open.text(page);
        assert!(
            html.contains("<aside class=\"consultation-banner\" aria-label=\"Have your say\">"),
            "{page} has no banner"
        );
        assert!(
            html.contains("<a href=\"/campaign/have-your-say/\">Find out how to have your say</a>")
        );
        common::assert_in_order(
            &html,
            &[
                "class=\"skip-link\"",
                "data-quick-exit",
                "site-nav",
                "consultation-banner",
                "<main",
            ],
        );
    }
    for date in [BEFORE, CLOSED] {
        let output = build_on(date);
        for page in output.html_pages() {
            assert!(
                !output.text(page).contains("consultation-banner"),
                "{date}: {page}"
            );
        }
    }
}

#[test]
fn before_it_opens_the_page_says_when() {
    let page = build_on(BEFORE).text("have-your-say/index.html");
    assert!(page.contains("This consultation opens on 1 December 2026."));
    assert!(page.contains("You cannot respond yet."));
    assert!(
        !page.contains("https://consult.example.org/cse"),
        "no response route yet"
    );
    assert!(page.contains("This is not a way to report a worry about a child"));
}

#[test]
fn while_open_the_page_gives_dates_questions_routes_and_the_safeguarding_notice() {
    let page = build_on(OPEN).text("have-your-say/index.html");
    assert!(page.contains("<h1>Have your say</h1>"));
    assert!(page.contains("This consultation closes at 11:59pm on 26 January 2027."));
    assert!(page.contains("Charities, councillors, council staff"));
    common::assert_in_order(
        &page,
        &[
            "<h3 id=\"questions-realise\">Realise</h3>",
            "How can we help people see that it could happen in their area?",
            "<a href=\"/campaign/realise/\">Read more about Realise</a>",
            "<h3 id=\"questions-recognise\">Recognise</h3>",
            "<h3 id=\"questions-react\">React</h3>",
        ],
    );
    // The safeguarding notice comes before every route to respond.
    common::assert_in_order(
        &page,
        &[
            "This is not a way to report a worry about a child",
            "If a child is in immediate danger, call 999.",
            "<a href=\"/campaign/get-help/\">If you are worried about a child, get help now</a>",
            "href=\"https://consult.example.org/cse\">Respond online</a>",
            "href=\"mailto:conversation@example.org\"",
            "<address>National conversation, 1 Example Street",
            "href=\"https://example.org/privacy\"",
        ],
    );
    assert_eq!(
        page.matches("<form").count(),
        page.matches("<form class=\"site-search\"").count(),
        "Beacon takes no responses itself: the only form is the site search"
    );
}

#[test]
fn after_it_closes_the_page_says_so_and_what_happens_next() {
    let page = build_on(CLOSED).text("have-your-say/index.html");
    assert!(page.contains("This consultation closed on 26 January 2027."));
    assert!(page.contains("You can no longer respond."));
    assert!(page.contains("We will publish what we heard in spring 2027."));
    assert!(!page.contains("Respond online"));
}

#[test]
fn without_a_consultation_there_is_no_page_and_a_link_to_it_is_broken() {
    let site = TestSite::fixture("consultation");
    let config = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    let without = config.split("consultation:").next().unwrap().to_string();
    site.write("site.yaml", &without);
    let error = site.error();
    assert_eq!(error.path, Path::new("content/realise/about.md"));
    assert!(error
        .message
        .starts_with("broken link: \"/have-your-say/\""));
}

#[test]
fn a_site_can_replace_the_page_with_its_own() {
    let site = TestSite::fixture("consultation");
    site.write(
        "content/have-your-say.md",
        "---\ntitle: Tell us what you think\ndescription: Our own page.\n---\n\n## Our questions\n\nText.\n",
    );
    let output = site.build_with(on(&site, OPEN));
    let page = output.text("have-your-say/index.html");
    assert!(page.contains("<h1>Tell us what you think</h1>"));
    assert!(output.text("index.html").contains("consultation-banner"));
}

#[test]
fn check_warns_in_the_last_week_and_when_closed_without_next_steps() {
    let site = TestSite::fixture("consultation");
    let warnings = |date: &str| -> Vec<String> {
        beacon::site::check(&on(&site, date))
            .unwrap()
            .warnings
            .into_iter()
            .map(|w| format!("{}:{} {}", w.path.display(), w.line, w.message))
            .collect()
    };
    assert_eq!(warnings(OPEN), Vec::<String>::new());
    assert_eq!(
        warnings("2027-01-20"),
        vec!["site.yaml:8 the conversation closes on 2027-01-26 (in 6 day(s))"]
    );
    assert_eq!(warnings(CLOSED), Vec::<String>::new());
    site.replace(
        "site.yaml",
        "  after: \"We will publish what we heard in spring 2027.\"\n",
        "",
    );
    assert_eq!(
        warnings(CLOSED),
        vec!["site.yaml:8 the conversation closed on 2027-01-26, and the site does not say what happens next"]
    );
}

#[test]
fn an_invalid_conversation_is_an_error_at_its_line() {
    let site = TestSite::fixture("consultation");
    site.replace("site.yaml", "closes: 2027-01-26", "closes: 2026-11-01");
    let error = site.error();
    assert_eq!(
        error.message,
        "the conversation closes (2026-11-01) before it opens (2026-12-01)"
    );
    assert_eq!(
        (error.path.as_path(), error.line),
        (Path::new("site.yaml"), 8)
    );
    site.replace("site.yaml", "closes: 2026-11-01", "closes: 2027-01-26")
        .replace(
            "site.yaml",
            "https://consult.example.org/cse",
            "http://consult.example.org/cse",
        );
    let error = site.error();
    assert_eq!(
        error.message,
        "\"http://consult.example.org/cse\" is not an https web address"
    );
    assert_eq!(error.line, 18);
}

#[test]
fn the_build_date_comes_from_today_or_source_date_epoch() {
    let site = TestSite::fixture("consultation");
    let out = tempfile::tempdir().unwrap();
    let build = |args: &[&str], epoch: Option<&str>| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_beacon"));
        command
            .args(["build", "--quiet", "--site"])
            .arg(site.path())
            .arg("--out")
            .arg(out.path().join("public"))
            .args(args)
            .env_remove("SOURCE_DATE_EPOCH");
        if let Some(epoch) = epoch {
            command.env("SOURCE_DATE_EPOCH", epoch);
        }
        assert!(command.status().unwrap().success());
        std::fs::read_to_string(out.path().join("public/index.html")).unwrap()
    };
    assert!(build(&["--today", OPEN], None).contains("consultation-banner"));
    assert!(!build(&["--today", CLOSED], None).contains("consultation-banner"));
    // 2026-12-10T00:00:00Z
    assert!(build(&[], Some("1796860800")).contains("consultation-banner"));
    assert!(!build(&["--today", BEFORE], Some("1796860800")).contains("consultation-banner"));
}

#[test]
fn welsh_pages_carry_the_conversation_in_welsh() {
    let site = TestSite::fixture("consultation");
    let config = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &format!(
            "{config}languages:\n  - en\n  - code: cy\n    title: Ymgyrch\n    consultation:\n      title: \"Diogelu plant: sgwrs genedlaethol\"\n      questions:\n        realise:\n          - \"Sut gallwn ni helpu pobl?\"\n"
        ),
    );
    site.write(
        "content/_index.cy.md",
        "---\ntitle: Hafan\ndescription: Yr hafan.\n---\n\nCroeso.\n",
    );
    let output = site.build_with(on(&site, OPEN));
    let home = output.text("cy/index.html");
    assert!(home.contains("<aside class=\"consultation-banner\" aria-label=\"Dweud eich dweud\">"));
    assert!(home.contains("Diogelu plant: sgwrs genedlaethol"));
    assert!(home.contains("<a href=\"/campaign/cy/have-your-say/\">"));
    let page = output.text("cy/have-your-say/index.html");
    assert!(page.contains("Sut gallwn ni helpu pobl?"));
    assert!(page.contains("26 Ionawr 2027"));
    assert!(!page.contains("This is not a way to report"));
    assert!(output
        .text("have-your-say/index.html")
        .contains("href=\"/campaign/cy/have-your-say/\" hreflang=\"cy\""));
}

#[test]
fn a_council_copy_inherits_the_conversation_adds_questions_or_hides_it() {
    let site = TestSite::fixture("council");
    let national = std::fs::read_to_string(site.path().join("national/site.yaml")).unwrap();
    site.write(
        "national/site.yaml",
        &format!(
            "{national}consultation:\n  title: National conversation\n  opens: 2026-12-01\n  closes: 2027-01-26\n  questions:\n    react: [\"What stops people acting?\"]\n  respond: {{ email: say@national.example.org }}\n"
        ),
    );
    let output = site.build_with(on(&site, OPEN));
    assert!(output.text("index.html").contains("National conversation"));
    let config = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &format!("{config}consultation:\n  local_questions:\n    react: [\"What would help in Northfield?\"]\n"),
    );
    let page = site
        .build_with(on(&site, OPEN))
        .text("have-your-say/index.html");
    common::assert_in_order(
        &page,
        &[
            "What stops people acting?",
            "<h4>Questions from Northfield Borough Council</h4>",
            "What would help in Northfield?",
        ],
    );
    site.write("site.yaml", &format!("{config}consultation: null\n"));
    let output = site.build_with(on(&site, OPEN));
    assert!(!output.has("have-your-say/index.html"));
    assert!(!output.text("index.html").contains("consultation-banner"));
}
