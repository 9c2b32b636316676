//! Builds real fixture sites through the library and checks the HTML.

mod common;

use common::{assert_in_order, TestSite};

#[test]
fn builds_every_kind_of_page() {
    let out = TestSite::fixture("basic").build();
    for file in [
        "index.html",
        "404.html",
        "realise/index.html",
        "recognise/index.html",
        "react/index.html",
        "realise/myths/index.html",
        "react/who-to-call/index.html",
        "guides/index.html",
        "for/parents/index.html",
        "for/young-people/index.html",
        "get-help/index.html",
        "get-help/young-people/index.html",
        "staying-safe-online/index.html",
        "accessibility/index.html",
        "sitemap.xml",
        "feed.xml",
        "robots.txt",
        "services.json",
        "_headers",
        "assets/brand.css",
        "assets/beacon.css",
        "assets/quick-exit.js",
    ] {
        assert!(out.has(file), "{file} missing");
    }
}

#[test]
fn hubs_list_their_pages_in_weight_then_title_order() {
    let out = TestSite::fixture("basic").build();
    let hub = out.text("realise/index.html");
    assert!(hub.contains("Intro text for the Realise hub."));
    assert!(
        hub.contains("<h1>Realise it could happen</h1>")
            || hub.contains(">Realise it could happen</h1>"),
        "{hub}"
    );
    assert_in_order(&hub, &["About exploitation", "Myths", "Zebra facts"]);
    assert!(
        !hub.contains("Signs to look for"),
        "recognise pages stay off the realise hub"
    );
    assert!(
        hub.contains("/campaign/recognise/"),
        "journey link to the next R"
    );
    let react = out.text("react/index.html");
    assert!(
        react.contains("About exploitation"),
        "a page tagged with two Rs is on both hubs"
    );
    assert!(
        react.contains("/campaign/get-help/"),
        "the last R leads to get help"
    );
}

#[test]
fn pages_show_rs_breadcrumbs_and_neighbours() {
    let out = TestSite::fixture("basic").build();
    let myths = out.text("realise/myths/index.html");
    assert!(myths.contains("<title>Myths – Fixture campaign</title>"));
    let crumbs = &myths[myths.find("aria-label=\"Breadcrumb\"").unwrap()..];
    let crumbs = &crumbs[..crumbs.find("</nav>").unwrap()];
    assert_in_order(
        crumbs,
        &[
            "href=\"/campaign/\">Home",
            "href=\"/campaign/realise/\">Realise it could happen",
        ],
    );
    assert!(
        myths.contains("href=\"/campaign/realise/about/\" rel=\"prev\""),
        "previous in its R"
    );
    assert!(
        myths.contains("href=\"/campaign/realise/zebra/\" rel=\"next\""),
        "next in its R"
    );
}

#[test]
fn links_are_rewritten_to_page_urls() {
    let out = TestSite::fixture("basic").build();
    let myths = out.text("realise/myths/index.html");
    assert!(myths.contains("href=\"/campaign/recognise/signs/#at-home\""));
    assert!(myths.contains("href=\"/campaign/get-help/\""));
    assert!(myths.contains("src=\"/campaign/images/map.svg\" alt=\"A map of the town\""));
    let home = out.text("index.html");
    assert!(home.contains("href=\"/campaign/realise/myths/\""));
    let leaflet = out.text("guides/leaflet/index.html");
    assert!(leaflet.contains("href=\"/campaign/guides/leaflet.pdf\""));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TestSite::fixture("basic");
    let out = site.build();
    assert!(!out.has("realise/draft/index.html"));
    assert!(!out.text("realise/index.html").contains("Draft page"));
    let with_drafts = site.build_with(beacon::site::Options {
        drafts: true,
        ..site.options()
    });
    assert!(with_drafts
        .text("realise/index.html")
        .contains("Draft page"));
    assert!(with_drafts.has("realise/draft/index.html"));
}

#[test]
fn data_folders_are_never_published_and_assets_are_copied() {
    let out = TestSite::fixture("basic").build();
    assert!(out
        .files
        .keys()
        .all(|path| !path.contains("_data") && !path.contains("_signposts")));
    assert_eq!(out.files["guides/leaflet.pdf"], b"%PDF-1.4 fixture\n");
    assert!(out.has("images/map.svg"));
}

#[test]
fn audience_pages_group_pages_by_r() {
    let out = TestSite::fixture("basic").build();
    let parents = out.text("for/parents/index.html");
    assert_in_order(&parents, &["Myths", "Signs", "Who to call"]);
    assert!(
        !parents.contains("Zebra facts"),
        "young people's page is not for parents"
    );
    let young = out.text("for/young-people/index.html");
    assert!(young.contains("Zebra facts"));
    assert!(!young.contains(">Myths<"));
}

#[test]
fn section_pages_list_their_children() {
    let out = TestSite::fixture("basic").build();
    let guides = out.text("guides/index.html");
    assert!(guides.contains("Guides for everyone."));
    assert!(guides.contains("/campaign/guides/leaflet/"));
}

#[test]
fn sitemap_and_feed_list_published_pages() {
    let out = TestSite::fixture("basic").build();
    let sitemap = out.text("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/campaign/realise/myths/</loc>"));
    assert!(sitemap.contains("<loc>https://example.org/campaign/get-help/</loc>"));
    assert!(!sitemap.contains("draft"));
    let feed = out.text("feed.xml");
    assert_in_order(&feed, &["recognise/signs/", "realise/myths/"]);
    assert!(out
        .text("robots.txt")
        .contains("Sitemap: https://example.org/campaign/sitemap.xml"));
}

#[test]
fn robots_txt_in_a_folder_is_warned_about_at_base_url_until_turned_off() {
    let site = TestSite::fixture("basic");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args(["check", "--site"])
        .arg(site.path())
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        report.contains("warning: robots.txt will be published at /campaign/robots.txt"),
        "{report}"
    );
    assert!(report.contains("site.yaml:2:11"), "{report}");
    site.replace("site.yaml", "base_url:", "robots_txt: false\nbase_url:");
    let out = site.build();
    assert!(
        !out.has("robots.txt"),
        "not published when the host keeps it"
    );
    assert!(out.has("sitemap.xml"));
}

#[test]
fn a_site_with_only_config_and_content_uses_the_built_in_theme() {
    let site = TestSite::fixture("basic");
    assert!(!site.path().join("themes").exists());
    let out = site.build();
    assert!(out.text("index.html").contains("class=\"skip-link\""));
}

#[test]
fn theme_overrides_win_and_the_rest_comes_from_the_default() {
    let out = TestSite::fixture("theme-override").build();
    assert!(out.text("404.html").contains("Council page not found"));
    assert!(out
        .text("assets/beacon.css")
        .starts_with("/* council override"));
    assert!(
        out.has("assets/quick-exit.js"),
        "files the council does not override come from the default"
    );
    let page = out.text("page/index.html");
    assert!(
        page.contains("Skip to the council&#39;s content"),
        "theme strings override the default's"
    );
    assert!(
        page.contains("Concerned about a young person?"),
        "site.yaml labels override the theme's"
    );
}

#[test]
fn builds_are_deterministic() {
    let site = TestSite::fixture("basic");
    let first = site.build();
    let second = site.build();
    assert_eq!(first.files, second.files);
}

#[test]
fn brand_colours_become_css_custom_properties() {
    let site = TestSite::fixture("basic");
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://e.org\nbrand:\n  primary: \"#00703c\"\n",
    );
    let css = site.build().text("assets/brand.css");
    assert!(css.contains("--brand-primary: #00703c;"));
}

#[test]
fn every_page_carries_the_privacy_and_safety_essentials() {
    let out = TestSite::fixture("basic").build();
    for (path, bytes) in &out.files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes.clone()).unwrap();
        assert!(html.contains("<html lang=\"en\">"), "{path}");
        assert!(
            html.contains("<meta name=\"referrer\" content=\"no-referrer\">"),
            "{path}"
        );
        assert!(html.contains("Content-Security-Policy"), "{path}");
        assert!(html.contains("href=\"#main-content\""), "{path}");
        assert!(
            html.contains("/campaign/accessibility/"),
            "{path}: footer link"
        );
        assert!(html.contains("tel:999"), "{path}: the help block");
        assert_eq!(html.matches("<h1").count(), 1, "{path}: one h1");
        assert!(!html.contains("target=\"_blank\""), "{path}");
        assert!(!html.contains("<script>"), "{path}: no inline script");
        assert!(!html.contains("style=\""), "{path}: no inline style");
        assert!(
            !html.contains("__beacon"),
            "{path}: the live-reload script is for serve only"
        );
    }
}

#[test]
fn a_feed_with_no_dated_pages_carries_the_build_date_not_1970() {
    let output = TestSite::fixture("consultation").build();
    let feed = output.text("feed.xml");
    assert!(!feed.contains("1970"), "{feed}");
    assert!(
        feed.contains("<updated>2026-11-28T00:00:00Z</updated>"),
        "{feed}"
    );
}
