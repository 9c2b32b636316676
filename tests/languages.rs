//! Welsh and English side by side: a bilingual fixture built through the
//! library, asserting on URLs, `lang`, the interface language, toggles,
//! alternates, links, the sitemap and the missing-translation report; and a
//! site without `languages:` building exactly as before.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{Output, TestSite};

fn bilingual() -> (TestSite, Output) {
    let site = TestSite::fixture("bilingual");
    let output = site.build();
    (site, output)
}

#[test]
fn welsh_pages_live_under_cy_with_translated_slugs_and_folders() {
    let (_site, output) = bilingual();
    for path in [
        "cy/index.html",
        "cy/adnabod/index.html",
        "cy/adnabod/arwyddion/index.html",
        "cy/react/call/index.html",
        "cy/realise/index.html",
        "cy/react/index.html",
        "cy/get-help/index.html",
        "cy/get-help/young-people/index.html",
        "cy/for/parents/index.html",
        "cy/staying-safe-online/index.html",
        "cy/accessibility/index.html",
        "cy/404.html",
        "cy/feed.xml",
    ] {
        assert!(output.has(path), "{path} missing");
    }
    assert!(
        !output.has("cy/realise/about/index.html"),
        "an untranslated page is not published in Welsh"
    );
    assert!(
        !output.has("cy/recognise/index.html"),
        "the folder is renamed"
    );
    assert!(output.has("recognise/signs/index.html"));
}

#[test]
fn every_page_declares_its_language() {
    let (_site, output) = bilingual();
    for path in output.html_pages() {
        let lang = if path.starts_with("cy/") { "cy" } else { "en" };
        assert!(
            output
                .text(path)
                .contains(&format!("<html lang=\"{lang}\">")),
            "{path} is not lang={lang}"
        );
    }
}

/// The English interface strings of the default theme, as they appear in
/// HTML (placeholders like `{audience}` split the text into fragments).
fn english_strings() -> Vec<(String, String)> {
    let theme: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/theme.yaml"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut strings = Vec::new();
    for (key, value) in theme["strings"].as_mapping().unwrap() {
        let key = key.as_str().unwrap().to_string();
        // The toggle names English in English, as the Welsh Language
        // Standards ask; punctuation-only strings are the same in Welsh.
        if key == "language_name" {
            continue;
        }
        let text = value.as_str().unwrap();
        let fragments = text
            .split('{')
            .map(|piece| piece.split_once('}').map_or(piece, |(_, after)| after));
        for fragment in fragments {
            if fragment
                .trim()
                .chars()
                .filter(|c| c.is_alphabetic())
                .count()
                >= 4
            {
                let escaped = fragment.replace('&', "&amp;").replace('\'', "&#39;");
                strings.push((key.clone(), escaped));
            }
        }
    }
    assert!(strings.len() > 80, "the English strings list was read");
    strings
}

#[test]
fn no_english_interface_string_on_any_welsh_page() {
    let (_site, output) = bilingual();
    let english = english_strings();
    let mut found = Vec::new();
    for path in output
        .html_pages()
        .into_iter()
        .filter(|p| p.starts_with("cy/"))
    {
        let html = without_addresses(&output.text(path));
        for (key, text) in &english {
            if html.contains(text.as_str()) {
                found.push(format!("{path}: {key} = {text:?}"));
            }
        }
    }
    assert_eq!(found, Vec::<String>::new());
    let english_page = output.text("staying-safe-online/index.html");
    let welsh_page = output.text("cy/staying-safe-online/index.html");
    assert!(english_page.contains("Use private browsing"));
    assert!(
        !welsh_page.contains("Use private browsing"),
        "the staying-safe page has its Welsh template"
    );
    assert!(output
        .text("cy/accessibility/index.html")
        .contains("Datganiad hygyrchedd"));
}

#[test]
fn the_accessibility_statement_lists_known_issues_in_each_language() {
    let site = TestSite::fixture("bilingual");
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    // The fixture's own statement settings, with a known issue instead.
    let config = yaml.split("accessibility:").next().unwrap();
    site.write(
        "site.yaml",
        &format!(
            "{}accessibility:\n  contact_email: \"web@example.org\"\n  compliance: partially\n  last_reviewed: 2026-11-01\n  known_issues: [\"Some PDFs are not accessible.\"]\n",
            config.replace(
                "    title: \"Ymgyrch enghreifftiol\"\n",
                "    title: \"Ymgyrch enghreifftiol\"\n    accessibility: { known_issues: [\"Nid yw rhai PDFs yn hygyrch.\"] }\n",
            )
        ),
    );
    let output = site.build();
    assert!(output
        .text("accessibility/index.html")
        .contains("Some PDFs are not accessible."));
    let welsh = output.text("cy/accessibility/index.html");
    assert!(welsh.contains("Nid yw rhai PDFs yn hygyrch."));
    assert!(!welsh.contains("Some PDFs"));
}

#[test]
fn beacon_ships_welsh_for_every_english_interface_string() {
    let read = |rel: &str| -> serde_yaml::Value {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
        serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let english = read("themes/default/theme.yaml");
    let welsh = read("themes/default/i18n/cy.yaml");
    let welsh = welsh["strings"].as_mapping().unwrap();
    let mut missing = Vec::new();
    for (key, value) in english["strings"].as_mapping().unwrap() {
        match welsh.get(key).and_then(|v| v.as_str()) {
            None => missing.push(format!("{} has no Welsh", key.as_str().unwrap())),
            // Punctuation and the same word in both languages are fine.
            Some(same)
                if same == value.as_str().unwrap()
                    && same.chars().filter(|c| c.is_alphabetic()).count() > 3 =>
            {
                missing.push(format!(
                    "{} is still English: {same:?}",
                    key.as_str().unwrap()
                ))
            }
            Some(_) => {}
        }
    }
    assert_eq!(missing, Vec::<String>::new());
}

#[test]
fn the_quick_exit_and_skip_link_speak_welsh_on_welsh_pages() {
    let (_site, output) = bilingual();
    let page = output.text("cy/adnabod/arwyddion/index.html");
    assert!(page.contains("Neidio i&#39;r prif gynnwys"), "skip link");
    assert!(page.contains("Gadael y dudalen"), "exit button");
    let status = page
        .split("data-status-2=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    assert!(!status.contains("Shift, press"), "{status}");
    assert!(status.contains("Shift"), "{status}");
    assert!(page.contains("<title>Arwyddion \u{2013} Ymgyrch enghreifftiol</title>"));
}

#[test]
fn toggles_and_alternates_go_both_ways() {
    let (_site, output) = bilingual();
    let english = output.text("recognise/signs/index.html");
    assert!(english.contains(
        "<a class=\"language-toggle__link\" href=\"/campaign/cy/adnabod/arwyddion/\" hreflang=\"cy\" lang=\"cy\">Cymraeg</a>"
    ));
    for alternate in [
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/campaign/recognise/signs/\">",
        "<link rel=\"alternate\" hreflang=\"cy\" href=\"https://example.org/campaign/cy/adnabod/arwyddion/\">",
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/campaign/recognise/signs/\">",
    ] {
        assert!(english.contains(alternate), "{alternate}");
    }
    let welsh = output.text("cy/adnabod/arwyddion/index.html");
    assert!(welsh.contains(
        "<a class=\"language-toggle__link\" href=\"/campaign/recognise/signs/\" hreflang=\"en\" lang=\"en\">English</a>"
    ));
    assert!(welsh
        .contains("hreflang=\"x-default\" href=\"https://example.org/campaign/recognise/signs/\""));
    let hub = output.text("cy/adnabod/index.html");
    assert!(hub.contains("href=\"/campaign/recognise/\" hreflang=\"en\""));
    let get_help = output.text("get-help/parents/index.html");
    assert!(get_help.contains("href=\"/campaign/cy/get-help/parents/\" hreflang=\"cy\""));
}

#[test]
fn an_untranslated_page_toggles_to_its_hub_and_lists_no_welsh_alternate() {
    let (_site, output) = bilingual();
    let about = output.text("realise/about/index.html");
    assert!(
        about.contains("href=\"/campaign/cy/realise/\" hreflang=\"cy\" lang=\"cy\">Cymraeg</a>")
    );
    assert!(!about.contains("<link rel=\"alternate\" hreflang=\"cy\""));
    assert!(about.contains("<link rel=\"alternate\" hreflang=\"x-default\""));
}

#[test]
fn links_resolve_per_language() {
    let (_site, output) = bilingual();
    let welsh = output.text("cy/adnabod/arwyddion/index.html");
    assert!(
        welsh.contains("href=\"/campaign/cy/react/call/\""),
        "translated target"
    );
    assert!(
        welsh.contains("href=\"/campaign/realise/about/\""),
        "English fallback"
    );
    assert!(
        welsh.contains("href=\"/campaign/cy/get-help/\">chael help"),
        "generated page"
    );
    assert!(
        welsh.contains("src=\"/campaign/images/logo.svg\""),
        "shared asset"
    );
    let english = output.text("recognise/signs/index.html");
    assert!(english.contains("href=\"/campaign/react/call/\""));
    assert!(english.contains("href=\"/campaign/get-help/\">get help"));
    let home = output.text("cy/index.html");
    assert!(home.contains("href=\"/campaign/cy/adnabod/arwyddion/\">yr arwyddion"));
}

#[test]
fn welsh_pages_show_welsh_service_details() {
    let (_site, output) = bilingual();
    let page = output.text("cy/react/call/index.html");
    assert!(page.contains("Llinell gymorth i oedolion"));
    assert!(page.contains("Dydd Llun i ddydd Gwener, 8am i 6pm"));
    assert!(!page.contains("Adult helpline"));
    let help = output.text("cy/get-help/young-people/index.html");
    assert!(help.contains("Llinell plant"));
    assert!(help.contains("I bobl 18 oed ac iau."));
}

/// Every root-relative link and image in every page, and whether it exists.
#[test]
fn no_page_links_to_a_missing_page() {
    let (_site, output) = bilingual();
    let mut missing = BTreeSet::new();
    for path in output.html_pages() {
        let html = output.text(path);
        for attribute in ["href=\"/campaign/", "src=\"/campaign/"] {
            for rest in html.split(attribute).skip(1) {
                let target = rest.split(['"', '#', '?']).next().unwrap_or_default();
                let exists = output.has(target)
                    || output.has(&format!("{target}index.html"))
                    || target.is_empty() && output.has("index.html");
                if !exists {
                    missing.insert(format!("{path} -> /{target}"));
                }
            }
        }
    }
    assert_eq!(missing, BTreeSet::new());
}

#[test]
fn the_sitemap_lists_alternates_and_each_language_has_a_feed() {
    let (_site, output) = bilingual();
    let sitemap = output.text("sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    let signs = sitemap
        .split("<url>")
        .find(|entry| entry.contains("<loc>https://example.org/campaign/recognise/signs/</loc>"))
        .expect("the English page is listed");
    assert!(signs.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"cy\" href=\"https://example.org/campaign/cy/adnabod/arwyddion/\"/>"
    ));
    assert!(sitemap.contains("<loc>https://example.org/campaign/cy/adnabod/arwyddion/</loc>"));
    let welsh_feed = output.text("cy/feed.xml");
    assert!(welsh_feed.contains("xml:lang=\"cy\""));
    assert!(welsh_feed.contains("Pwy i&#39;w ffonio"));
    assert!(welsh_feed.contains("https://example.org/campaign/cy/feed.xml"));
    assert!(!output.text("feed.xml").contains("Pwy i"));
}

#[test]
fn check_lists_missing_translations_and_strict_fails_on_them() {
    let site = TestSite::fixture("bilingual");
    let run = |strict: bool| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_beacon"));
        command.arg("check").arg("--site").arg(site.path());
        if strict {
            command.arg("--strict");
        }
        command.output().unwrap()
    };
    let relaxed = run(false);
    assert_eq!(relaxed.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&relaxed.stdout);
    assert!(
        stdout.contains("missing translations\n  cy: 1 page(s)\n    content/realise/about.md\n"),
        "{stdout}"
    );
    let strict = run(true);
    assert_eq!(strict.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert!(
        stderr.contains("this page has no \"cy\" translation"),
        "{stderr}"
    );
    assert!(stderr.contains("content/realise/about.md"), "{stderr}");
    assert!(
        stderr.contains("write content/realise/about.cy.md beside it"),
        "{stderr}"
    );
    site.write(
        "content/realise/about.cy.md",
        "---\ntitle: Am gamfanteisio\ndescription: Beth yw camfanteisio.\n---\n\n## Beth ydyw\n\nTudalen fer.\n",
    );
    assert_eq!(
        run(true).status.code(),
        Some(0),
        "complete in both languages"
    );
}

#[test]
fn the_build_summary_counts_missing_translations() {
    let site = TestSite::fixture("bilingual");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_beacon"))
        .arg("build")
        .arg("--site")
        .arg(site.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("1 page(s) not yet translated into cy"),
        "{stdout}"
    );
}

#[test]
fn welsh_labels_override_strings_and_an_unknown_one_is_an_error() {
    let site = TestSite::fixture("bilingual");
    let config = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &format!("{config}labels:\n  cy:\n    skip_link: \"Ewch i'r cynnwys\"\n"),
    );
    let page = site.build().text("cy/index.html");
    assert!(page.contains("Ewch i&#39;r cynnwys"));
    site.write(
        "site.yaml",
        &format!("{config}labels:\n  cy:\n    skip_lnk: \"Ewch i'r cynnwys\"\n"),
    );
    let error = site.error();
    assert_eq!(error.message, "unknown label \"skip_lnk\"");
    assert_eq!(error.path, Path::new("site.yaml"));
    let label_line = config.lines().count() + 3;
    assert_eq!((error.line, error.column), (label_line, 15));
    assert_eq!(error.hint.as_deref(), Some("did you mean \"skip_link\"?"));
}

#[test]
fn a_translation_without_its_original_is_an_error() {
    let site = TestSite::fixture("bilingual");
    site.write(
        "content/react/lost.cy.md",
        "---\ntitle: Ar goll\ndescription: Dim tudalen Saesneg.\n---\n",
    );
    let error = site.error();
    assert_eq!(error.path, Path::new("content/react/lost.cy.md"));
    assert_eq!(
        error.message,
        "this is the \"cy\" translation of content/react/lost.md, which does not exist"
    );
}

#[test]
fn a_language_with_its_own_address_uses_it_for_absolute_urls() {
    let site = TestSite::fixture("bilingual");
    site.replace(
        "site.yaml",
        "  - code: cy\n",
        "  - code: cy\n    base_url: \"https://cymraeg.example.org/campaign\"\n",
    );
    let output = site.build();
    let english = output.text("recognise/signs/index.html");
    assert!(english.contains(
        "hreflang=\"cy\" href=\"https://cymraeg.example.org/campaign/cy/adnabod/arwyddion/\""
    ));
    assert!(output
        .text("cy/adnabod/arwyddion/index.html")
        .contains("<link rel=\"canonical\" href=\"https://cymraeg.example.org/campaign/cy/adnabod/arwyddion/\">"));
}

#[test]
fn a_site_without_languages_builds_byte_for_byte_as_before() {
    let output = TestSite::fixture("basic").build();
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic-golden");
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(&golden) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&golden).unwrap();
        if !entry.file_type().is_file() || rel == Path::new("README.md") {
            continue;
        }
        let rel = rel.to_string_lossy().replace('\\', "/");
        if std::env::var_os("BEACON_REGENERATE_GOLDEN").is_some() {
            // A deliberate change to the default theme's HTML: rewrite the
            // expected files, then say why in the golden folder's README.
            std::fs::write(entry.path(), without_asset_versions(&output.text(&rel))).unwrap();
        }
        let expected = std::fs::read_to_string(entry.path()).unwrap();
        assert_eq!(
            without_asset_versions(&output.text(&rel)),
            expected,
            "{rel} changed"
        );
        compared += 1;
    }
    assert_eq!(compared, 9);
}

/// The page with every `href` and `src` value emptied: addresses are not
/// interface text (`…/Home` is a URL, not the English word).
fn without_addresses(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(index) = rest.find(['h', 's']) {
        let tail = &rest[index..];
        let attribute = ["href=\"", "src=\""]
            .into_iter()
            .find(|a| tail.starts_with(a));
        match attribute {
            Some(attribute) => {
                out.push_str(&rest[..index + attribute.len()]);
                let after = &tail[attribute.len()..];
                rest = &after[after.find('"').unwrap_or(after.len())..];
            }
            None => {
                out.push_str(&rest[..=index]);
                rest = &rest[index + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `?v=1a2b3c4d` → `?v=HASH` (asset versions change with the stylesheet).
fn without_asset_versions(text: &str) -> String {
    without_card_hashes(&without_version_queries(text))
}

/// `cards/home-1a2b3c4d.png` → `cards/home-HASH.png`: a card's name ends
/// in the hash of its pixels' inputs, which changes with the drawing code.
fn without_card_hashes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(index) = rest.find("cards/") {
        let after = &rest[index..];
        let end = after.find(".png").filter(|&end| end >= 9);
        match end {
            Some(end) if after[end - 8..end].chars().all(|c| c.is_ascii_hexdigit()) => {
                out.push_str(&rest[..index]);
                out.push_str(&after[..end - 8]);
                out.push_str("HASH.png");
                rest = &after[end + 4..];
            }
            _ => {
                out.push_str(&rest[..index + 6]);
                rest = &rest[index + 6..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn without_version_queries(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(index) = rest.find("?v=") {
        out.push_str(&rest[..index + 3]);
        let after = &rest[index + 3..];
        let hex = after
            .find(|c: char| !c.is_ascii_hexdigit())
            .unwrap_or(after.len());
        out.push_str("HASH");
        rest = &after[hex..];
    }
    out.push_str(rest);
    out
}

#[test]
fn an_unknown_service_a_translation_inherits_is_reported_once() {
    let site = TestSite::fixture("bilingual");
    site.replace(
        "content/recognise/signs.md",
        "signposts: [kids-line]",
        "signposts: [kids-lines]",
    );
    let error = site.error();
    assert_eq!(error.path, Path::new("content/recognise/signs.md"));
    assert_eq!(error.message, "unknown signpost \"kids-lines\"");
}

#[test]
fn a_typo_in_a_language_entry_is_an_error_at_its_key() {
    let site = TestSite::fixture("bilingual");
    site.replace(
        "site.yaml",
        "    title: \"Ymgyrch enghreifftiol\"",
        "    titel: \"Ymgyrch enghreifftiol\"",
    );
    let error = site.error();
    assert_eq!(error.message, "unknown key \"titel\"");
    assert_eq!(
        (error.path.as_path(), error.line, error.column),
        (Path::new("site.yaml"), 6, 12)
    );
    assert_eq!(error.hint.as_deref(), Some("did you mean \"title\"?"));
}
