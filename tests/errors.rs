//! Each kind of bad input is an error naming file:line:col with a hint,
//! collected with the others, and never a panic.

mod common;

use common::TestSite;

const FRONT: &str = "---\ntitle: T\ndescription: D\nrs: [react]\n---\n";

fn site_with_page(text: &str) -> TestSite {
    let site = TestSite::fixture("basic");
    site.write("content/react/bad.md", text);
    site
}

fn assert_error(
    site: &TestSite,
    path: &str,
    line: usize,
    message: &str,
) -> beacon::base::diagnostic::Diagnostic {
    let error = site.error();
    assert_eq!(error.path.to_string_lossy(), path, "{error:#?}");
    assert_eq!(error.line, line, "{error:#?}");
    assert!(
        error.message.contains(message),
        "{:?} should contain {message:?}",
        error.message
    );
    error
}

#[test]
fn invalid_yaml_in_front_matter() {
    let site = site_with_page("---\ntitle: T\ndescription: a: b\nrs: [react]\n---\nBody\n");
    let error = assert_error(&site, "content/react/bad.md", 3, "invalid YAML");
    assert!(error.hint.is_some());
}

#[test]
fn front_matter_never_closed() {
    let site = site_with_page("---\ntitle: T\ndescription: D\n\nBody text\n");
    let error = assert_error(
        &site,
        "content/react/bad.md",
        1,
        "the front matter is never closed",
    );
    assert_eq!(
        error.hint.as_deref(),
        Some("add a line `---` after the last front-matter key")
    );
}

#[test]
fn unknown_front_matter_key_suggests_the_right_one() {
    let site =
        site_with_page("---\ntitle: T\ndescription: D\nrs: [react]\naudience: [parents]\n---\n");
    let error = assert_error(&site, "content/react/bad.md", 5, "unknown key \"audience\"");
    assert_eq!(error.column, 1);
    assert_eq!(error.hint.as_deref(), Some("did you mean \"audiences\"?"));
}

#[test]
fn missing_title_description_and_rs_are_all_reported() {
    let site = site_with_page("---\nweight: 1\n---\nBody\n");
    let errors = site.errors();
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        vec![
            "missing required key \"description\" in the front matter",
            "missing required key \"rs\" in the front matter",
            "missing required key \"title\" in the front matter",
        ]
    );
    assert!(errors.iter().all(|e| e.line == 1 && e.hint.is_some()));
}

#[test]
fn empty_rs() {
    let site = site_with_page("---\ntitle: T\ndescription: D\nrs: []\n---\n");
    let error = assert_error(&site, "content/react/bad.md", 4, "\"rs\" is empty");
    assert_eq!(error.column, 5);
}

#[test]
fn value_of_the_wrong_type() {
    let site = site_with_page("---\ntitle: T\ndescription: D\nrs: [react]\nweight: heavy\n---\n");
    let error = assert_error(&site, "content/react/bad.md", 5, "wrong type");
    assert!(error.message.contains("expected i64"), "{}", error.message);
}

#[test]
fn unknown_r_with_did_you_mean() {
    let site = site_with_page("---\ntitle: T\ndescription: D\nrs: [realise, recognize]\n---\n");
    let error = assert_error(&site, "content/react/bad.md", 4, "unknown R \"recognize\"");
    assert_eq!(error.column, 15);
    assert_eq!(error.hint.as_deref(), Some("did you mean \"recognise\"?"));
}

#[test]
fn unknown_audience() {
    let site = site_with_page(
        "---\ntitle: T\ndescription: D\nrs: [react]\naudiences:\n  - parents\n  - teachers\n---\n",
    );
    let error = assert_error(
        &site,
        "content/react/bad.md",
        7,
        "unknown audience \"teachers\"",
    );
    assert_eq!(error.column, 5);
}

#[test]
fn broken_link() {
    let site = site_with_page(&format!(
        "{FRONT}\nSee [the signs](../recognise/sings.md).\n"
    ));
    let error = assert_error(&site, "content/react/bad.md", 7, "broken link");
    assert_eq!(error.column, 5);
    assert_eq!(
        error.hint.as_deref(),
        Some("did you mean the page content/recognise/signs.md?")
    );
}

#[test]
fn broken_root_relative_link() {
    let site = site_with_page(&format!("{FRONT}\nSee [help](/get-hlep/).\n"));
    let error = assert_error(
        &site,
        "content/react/bad.md",
        7,
        "broken link: \"/get-hlep/\"",
    );
    assert_eq!(error.hint.as_deref(), Some("did you mean /get-help/?"));
}

#[test]
fn image_without_alt_text() {
    let site = site_with_page(&format!("{FRONT}\nText\n\n![](../images/map.svg)\n"));
    let error = assert_error(&site, "content/react/bad.md", 9, "image without alt text");
    assert!(error.hint.unwrap().contains("![\"\"]"));
}

#[test]
fn raw_html() {
    let site = site_with_page(&format!(
        "{FRONT}\n<iframe src=\"https://tracker.example\"></iframe>\n"
    ));
    let error = assert_error(&site, "content/react/bad.md", 7, "raw HTML is not allowed");
    assert!(error.hint.unwrap().contains("allow_html"));
}

#[test]
fn raw_html_is_allowed_when_configured() {
    let site = site_with_page(&format!(
        "{FRONT}\nHello <abbr title=\"Child sexual exploitation\">CSE</abbr>.\n"
    ));
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://e.org\nmarkdown:\n  allow_html: true\n",
    );
    assert!(site
        .build()
        .text("react/bad/index.html")
        .contains("<abbr title="));
}

#[test]
fn skipped_heading_level() {
    let site = site_with_page(&format!("{FRONT}\n## Fine\n\n#### Skipped\n"));
    let error = assert_error(
        &site,
        "content/react/bad.md",
        9,
        "heading level skipped: h4 after h2",
    );
    assert_eq!(
        error.hint.as_deref(),
        Some("use `###` here, or add the missing level above")
    );
}

#[test]
fn second_h1() {
    let site = site_with_page(&format!("{FRONT}\n# Another title\n"));
    assert_error(&site, "content/react/bad.md", 7, "a second h1");
}

#[test]
fn file_that_is_not_utf8_is_named() {
    let site = TestSite::fixture("basic");
    site.write_bytes("content/react/latin1.md", b"---\ntitle: Caf\xe9\n---\n");
    let error = assert_error(&site, "content/react/latin1.md", 2, "not valid UTF-8");
    assert!(error.hint.unwrap().contains("UTF-8"));
}

#[test]
fn two_pages_with_the_same_url_name_both() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/react/who-to-call.md",
        &FRONT.replace("title: T", "title: Clash"),
    );
    let error = site.error();
    assert!(
        error
            .message
            .contains("two pages have the URL /react/who-to-call/"),
        "{}",
        error.message
    );
    assert!(
        error.message.contains("content/react/call.md"),
        "{}",
        error.message
    );
    assert!(
        error.message.contains("content/react/who-to-call.md"),
        "{}",
        error.message
    );
}

#[test]
fn page_taking_a_generated_url_is_named() {
    let site = TestSite::fixture("basic");
    site.write("content/get-help.md", FRONT);
    let error = site.error();
    assert_eq!(error.path.to_string_lossy(), "content/get-help.md");
    assert!(
        error.message.contains("two pages have the URL /get-help/"),
        "{}",
        error.message
    );
}

#[test]
fn slug_that_escapes_the_output_folder() {
    let site = site_with_page("---\ntitle: T\ndescription: D\nrs: [react]\nslug: ../../etc\n---\n");
    let error = assert_error(
        &site,
        "content/react/bad.md",
        5,
        "outside its folder or the output folder",
    );
    assert_eq!(error.column, 7);
}

#[test]
fn site_yaml_bad_colour() {
    let site = TestSite::fixture("basic");
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://e.org\nbrand:\n  link: \"#12\"\n",
    );
    let error = assert_error(&site, "site.yaml", 4, "brand.link \"#12\" is not a colour");
    assert_eq!(error.column, 9);
}

#[test]
fn site_yaml_unknown_key() {
    let site = TestSite::fixture("basic");
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://e.org\nquick_exit:\n  enabled: true\n  link: https://x.org\n",
    );
    let error = assert_error(&site, "site.yaml", 5, "unknown key \"link\"");
    assert!(error.hint.unwrap().contains("url"));
}

#[test]
fn brand_contrast_below_aa_is_an_error() {
    let site = TestSite::fixture("basic");
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://e.org\nbrand:\n  text: \"#999999\"\n  focus: \"#000000\"\n",
    );
    let errors = site.errors();
    let text = errors
        .iter()
        .find(|e| e.message.starts_with("brand.text"))
        .expect("text contrast error");
    assert_eq!((text.line, text.column), (4, 9));
    assert!(
        text.message
            .contains("brand.text #999999 on brand.background #ffffff has a contrast of 2.8:1"),
        "{}",
        text.message
    );
    assert!(text.hint.as_deref().unwrap().contains("nearest shade"));
}

#[test]
fn unknown_signpost_in_front_matter_and_shortcode() {
    let site = site_with_page("---\ntitle: T\ndescription: D\nrs: [react]\nsignposts: [childlin]\n---\n\n{{ signpost nope }}\n");
    let errors = site.errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_eq!(
        (errors[0].message.as_str(), errors[0].line, errors[0].column),
        ("unknown signpost \"childlin\"", 5, 13)
    );
    assert_eq!(
        (errors[1].message.as_str(), errors[1].line),
        ("unknown signpost \"nope\"", 8)
    );
}

#[test]
fn bad_signpost_file_is_an_error_at_its_line() {
    let site = TestSite::fixture("basic");
    site.write("content/_signposts/more.yaml", "- id: helpline\n  name: Again\n  description: D\n  priority: urgent\n  phone: \"0800 12\"\n  verified: 2026-11-01\n");
    let errors = site.errors();
    let messages: Vec<String> = errors
        .iter()
        .map(|e| format!("{}: {}", e.location(), e.message))
        .collect();
    assert!(
        messages.contains(
            &"content/_signposts/more.yaml:5:10: \"0800 12\" is not a valid UK phone number"
                .to_string()
        ),
        "{messages:#?}"
    );
}

#[test]
fn errors_from_many_files_are_all_reported_in_one_build() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/react/a.md",
        "---\ntitle: A\ndescription: D\nrs: [reacts]\n---\n",
    );
    site.write("content/react/b.md", &format!("{FRONT}\n[x](nowhere.md)\n"));
    site.write("content/react/c.md", "---\ntitle: C\n");
    let errors = site.errors();
    let files: Vec<String> = errors
        .iter()
        .map(|e| e.path.to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        files,
        vec![
            "content/react/a.md",
            "content/react/b.md",
            "content/react/c.md"
        ]
    );
}

#[test]
fn no_panic_on_odd_input() {
    let odd = [
        "", "---", "---\n---\n", "---\n- a list\n---\n", "---\ntitle: [1, 2]\n---\n", "\u{feff}---\ntitle: T\ndescription: D\nrs: [react]\n---\n# x",
        "---\ntitle: T\ndescription: D\nrs: [react]\n---\n[]()![]()<>[[x]]{{ signpost }}\n\n| a |\n|---|\n",
    ];
    for text in odd {
        let site = site_with_page(text);
        let _ = beacon::site::build_in_memory(&site.options());
    }
}

#[test]
fn a_control_character_in_a_dated_pages_title_is_refused_so_the_feed_stays_well_formed() {
    for (escape, code) in [
        ("\\u0001", "U+0001"),
        ("\\x0b", "U+000B"),
        ("\\x0c", "U+000C"),
        ("\\uFFFE", "U+FFFE"),
    ] {
        let site = site_with_page(&format!(
            "---\ntitle: \"Ctrl {escape} end\"\ndescription: D\nrs: [react]\ndate: 2026-11-01\n---\nBody.\n"
        ));
        let error = assert_error(
            &site,
            "content/react/bad.md",
            2,
            &format!("`title` holds the control character {code}"),
        );
        assert_eq!(error.column, 8, "at the title's value");
    }
    let site = site_with_page(
        "---\ntitle: T\ndescription: \"a \\u0007 bell\"\nrs: [react]\ndate: 2026-11-01\n---\nBody.\n",
    );
    assert_error(
        &site,
        "content/react/bad.md",
        3,
        "`description` holds the control character U+0007",
    );
}

#[test]
fn a_control_character_in_site_yaml_or_a_service_is_refused_at_its_line() {
    let site = TestSite::fixture("basic");
    site.replace(
        "site.yaml",
        "\"Fixture campaign\"",
        "\"Fixture\\u0001 campaign\"",
    );
    let error = site.error();
    assert_eq!(error.path.to_string_lossy(), "site.yaml");
    assert_eq!((error.line, error.column), (1, 8), "{error:#?}");
    assert!(
        error
            .message
            .contains("`title` holds the control character U+0001"),
        "{error:#?}"
    );
    let site = TestSite::fixture("basic");
    site.write(
        "content/_signposts/extra.yaml",
        "- id: extra\n  name: \"Extra\\x0b line\"\n",
    );
    let error = site.error();
    assert_eq!(
        error.path.to_string_lossy(),
        "content/_signposts/extra.yaml"
    );
    assert_eq!((error.line, error.column), (2, 9), "{error:#?}");
    assert!(error
        .message
        .contains("`name` holds the control character U+000B"));
}

#[test]
fn a_raw_control_character_is_named_not_blamed_on_indentation() {
    let site = site_with_page("---\ntitle: T\u{1}x\ndescription: D\nrs: [react]\n---\nBody.\n");
    let error = assert_error(
        &site,
        "content/react/bad.md",
        2,
        "the control character U+0001, which YAML does not allow",
    );
    assert_eq!(error.column, 9);
    assert!(!error.hint.unwrap_or_default().contains("indentation"));
}
