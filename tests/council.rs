//! A council copy over a national upstream, built through the library:
//! overrides, new pages, hidden pages and services, local services,
//! council settings without template edits, and the safety rails.

mod common;

use std::path::Path;

use common::TestSite;

fn council() -> TestSite {
    TestSite::fixture("council")
}

/// Makes the council's national upstream publish English and Welsh.
fn publish_national_in_welsh(site: &TestSite) {
    let national = std::fs::read_to_string(site.path().join("national/site.yaml")).unwrap();
    site.write(
        "national/site.yaml",
        &format!("{national}languages: [en, cy]\n"),
    );
}

#[test]
fn council_files_override_national_ones_and_new_pages_join_the_hubs() {
    let output = council().build();
    let signs = output.text("recognise/signs/index.html");
    assert!(signs.contains("Northfield text about the signs."));
    assert!(!signs.contains("National text about the signs."));
    let myths = output.text("realise/myths/index.html");
    assert!(
        myths.contains("This is the national text."),
        "untouched national page"
    );
    let mash = output.text("react/northfield-mash/index.html");
    assert!(
        mash.contains("href=\"/cse/react/call/\""),
        "a council page links to a national one"
    );
    let hub = output.text("react/index.html");
    assert!(hub.contains("The Northfield MASH"));
    assert!(hub.contains("Who to call"));
}

#[test]
fn hidden_pages_and_services_are_gone_from_hubs_sitemap_and_get_help() {
    let output = council().build();
    assert!(!output.has("realise/everyone-at-the-council/index.html"));
    assert!(!output
        .text("realise/index.html")
        .contains("Everyone at the council"));
    let sitemap = output.text("sitemap.xml");
    assert!(!sitemap.contains("everyone-at-the-council"));
    let get_help = output.text("get-help/index.html");
    assert!(!get_help.contains("Police (non-emergency)"));
    assert!(
        get_help.contains("NSPCC Helpline"),
        "other national services stay"
    );
    assert!(!output
        .text("services.json")
        .contains("police-non-emergency"));
}

#[test]
fn the_council_provides_local_services_and_national_placeholders_never_show() {
    let output = council().build();
    let get_help = output.text("get-help/index.html");
    assert!(get_help.contains("Northfield children&#39;s services"));
    assert!(!get_help.contains("National placeholder"));
    assert!(!output
        .text("services.json")
        .contains("National placeholder"));
    let call = output.text("react/call/index.html");
    assert!(
        call.contains("Northfield LADO"),
        "national pages show the council's service"
    );
}

#[test]
fn a_service_lists_each_of_its_numbers_with_its_label_and_weight_orders_services() {
    let output = council().build();
    let get_help = output.text("get-help/index.html");
    common::assert_in_order(
        &get_help,
        &[
            "Monday to Friday, 9am to 5pm",
            "tel:+443005550100",
            "Out of hours",
            "tel:+443005550199",
        ],
    );
    common::assert_in_order(
        &get_help,
        &["Northfield family support", "Northfield youth support"],
    );
    let page: serde_json::Value = serde_json::from_str(&output.text("services.json")).unwrap();
    let id = page["contents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Northfield children's services")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let front_door: serde_json::Value =
        serde_json::from_str(&output.text(&format!("services/{id}.json"))).unwrap();
    let phones: Vec<&str> = front_door["phones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["description"].as_str().unwrap())
        .collect();
    assert_eq!(
        phones,
        [
            "Telephone: Monday to Friday, 9am to 5pm",
            "Telephone: Out of hours"
        ]
    );
}

#[test]
fn council_settings_reach_the_footer_without_template_edits() {
    let output = council().build();
    let home = output.text("index.html");
    assert!(home.contains("<a href=\"https://www.northfield.example/privacy\">Privacy notice</a>"));
    assert!(
        !home.contains("National campaign</a>"),
        "lists are replaced, not merged"
    );
    assert!(home.contains("<a href=\"https://www.northfield.example\">www.northfield.example</a>"));
    assert!(home.contains("<a href=\"tel:+441632960123\">01632 960123</a>"));
    assert!(home.contains("src=\"/cse/images/northfield.svg\" alt=\"Northfield Borough Council\""));
    assert!(
        home.contains("<title>Northfield: protect children from exploitation</title>"),
        "the council's title wins"
    );
}

#[test]
fn a_standalone_page_is_published_and_in_the_sitemap_but_in_no_hub() {
    let output = council().build();
    assert!(output
        .text("privacy/index.html")
        .contains("<h1>Privacy notice</h1>"));
    assert!(output
        .text("sitemap.xml")
        .contains("https://www.northfield.example/cse/privacy/"));
    for hub in ["realise", "recognise", "react"] {
        assert!(!output
            .text(&format!("{hub}/index.html"))
            .contains("Privacy notice</a></h"));
    }
    for audience in ["public", "parents"] {
        assert!(!output
            .text(&format!("for/{audience}/index.html"))
            .contains("/cse/privacy/"));
    }
}

#[test]
fn themes_come_from_the_council_then_the_upstream_then_the_default() {
    let site = council();
    let output = site.build();
    assert!(output
        .text("assets/beacon.css")
        .contains("national campaign styles"));
    site.write(
        "themes/campaign/static/beacon.css",
        "/* Northfield styles */\n",
    );
    let output = site.build();
    assert_eq!(
        output.text("assets/beacon.css"),
        "/* Northfield styles */\n"
    );
    assert!(
        output.has("assets/quick-exit.js"),
        "the default theme is underneath"
    );
}

#[test]
fn a_missing_local_service_is_one_error_naming_it_and_its_pages() {
    let site = council();
    let local = std::fs::read_to_string(site.path().join("content/_signposts/local.yaml")).unwrap();
    let without_lado = local
        .split("- id: ")
        .filter(|entry| !entry.starts_with("lado"))
        .collect::<Vec<_>>()
        .join("- id: ");
    site.write("content/_signposts/local.yaml", &without_lado);
    let error = site.error();
    assert_eq!(error.path, Path::new("national/site.yaml"));
    assert_eq!((error.line, error.column), (10, 11));
    assert!(
        error
            .message
            .starts_with("local service \"lado\" (the Local Authority Designated Officer"),
        "{}",
        error.message
    );
    let hint = error.hint.unwrap();
    assert!(hint.contains("content/_signposts/local.yaml"), "{hint}");
    assert!(hint.contains("national/content/react/call.md"), "{hint}");
}

#[test]
fn hiding_a_page_the_upstream_lacks_is_an_error_at_the_line() {
    let site = council();
    site.replace(
        "site.yaml",
        "realise/everyone-at-the-council.md",
        "realise/everyone-at-council.md",
    );
    let error = site.error();
    assert_eq!(error.path, Path::new("site.yaml"));
    assert_eq!(
        error.message,
        "hide: the upstream has no page \"realise/everyone-at-council.md\""
    );
    assert_eq!((error.line, error.column), (5, 5));
    assert_eq!(
        error.hint.as_deref(),
        Some("did you mean \"realise/everyone-at-the-council.md\"? (the upstream may have renamed it)")
    );
}

#[test]
fn hiding_a_service_the_upstream_lacks_is_an_error() {
    let site = council();
    site.replace("site.yaml", "[police-non-emergency]", "[police-101]");
    let error = site.error();
    assert_eq!(
        error.message,
        "signposts.hide: the upstream has no service \"police-101\""
    );
    assert_eq!(
        (error.path.as_path(), error.line),
        (Path::new("site.yaml"), 7)
    );
}

#[test]
fn a_link_to_a_hidden_page_is_an_error_at_the_link() {
    let site = council();
    site.write(
        "content/react/staff.md",
        "---\ntitle: Staff\ndescription: For staff.\nrs: [react]\n---\n\nSee [the staff page](../realise/everyone-at-the-council.md).\n",
    );
    let error = site.error();
    assert_eq!(error.path, Path::new("content/react/staff.md"));
    assert_eq!(error.line, 7);
    assert!(
        error.message.contains("which site.yaml hides"),
        "{}",
        error.message
    );
}

#[test]
fn errors_in_upstream_files_name_the_real_file() {
    let site = council();
    let myths =
        std::fs::read_to_string(site.path().join("national/content/realise/myths.md")).unwrap();
    site.write(
        "national/content/realise/myths.md",
        &myths.replace("rs: [realise]", "rs: [realize]"),
    );
    let error = site.error();
    assert_eq!(error.path, Path::new("national/content/realise/myths.md"));
    assert_eq!((error.line, error.column), (4, 6));
    assert_eq!(error.hint.as_deref(), Some("did you mean \"realise\"?"));
    site.replace(
        "national/site.yaml",
        "theme: campaign",
        "theme: campaign\nlangauge: en",
    );
    let error = site.error();
    assert_eq!(error.path, Path::new("national/site.yaml"));
    assert_eq!(error.message, "unknown key \"langauge\"");
}

#[test]
fn an_upstream_outside_the_site_is_refused() {
    let site = council();
    site.replace("site.yaml", "upstream: national", "upstream: ../national");
    let error = site.error();
    assert_eq!(
        error.message,
        "upstream \"../national\" must be a folder inside this site, outside content/, themes/ and public/"
    );
    assert_eq!((error.line, error.column), (3, 11));
}

// Safety rails.

#[test]
fn a_missing_logo_is_an_error_at_its_key() {
    let site = council();
    site.remove("content/images/northfield.svg");
    let error = site.error();
    assert_eq!(error.path, Path::new("site.yaml"));
    assert_eq!(
        error.message,
        "organisation.logo \"images/northfield.svg\" is not a file in content/"
    );
    assert_eq!((error.line, error.column), (10, 9));
}

#[test]
fn a_missing_icon_is_an_error_at_its_key() {
    let site = council();
    site.replace(
        "site.yaml",
        "  logo: images/northfield.svg\n",
        "  logo: images/northfield.svg\n  icon: images/tab.png\n",
    );
    let error = site.error();
    assert_eq!(
        error.message,
        "organisation.icon \"images/tab.png\" is not a file in content/"
    );
    assert_eq!((error.line, error.column), (11, 9));
}

/// Browsers ask the domain's root for `/favicon.ico` unless a page names
/// an icon: every page names one.
#[test]
fn every_page_declares_the_icon_the_site_names_else_its_logo_else_the_themes() {
    let site = council();
    let declared = |site: &TestSite| {
        let output = site.build();
        let home = output.text("index.html");
        let start = home.find("<link rel=\"icon\" href=\"").expect("an icon") + 23;
        let href = home[start..].split('"').next().unwrap().to_string();
        for page in output.html_pages() {
            assert!(
                output
                    .text(page)
                    .contains(&format!("<link rel=\"icon\" href=\"{href}\">")),
                "{page}"
            );
        }
        (href, output)
    };
    assert_eq!(declared(&site).0, "/cse/images/northfield.svg");
    site.write("content/images/tab.png", "not looked at");
    site.replace(
        "site.yaml",
        "  logo: images/northfield.svg\n",
        "  logo: images/northfield.svg\n  icon: images/tab.png\n",
    );
    assert_eq!(declared(&site).0, "/cse/images/tab.png");
    // Without a logo anywhere (the council's national one has one), the
    // theme's icon.
    let plain = TestSite::fixture("bilingual");
    plain.replace("site.yaml", "  logo: images/logo.svg\n", "");
    let (href, output) = declared(&plain);
    assert!(href.starts_with("/campaign/assets/icon.svg?v="), "{href}");
    assert!(output.text("assets/icon.svg").starts_with("<svg"));
}

#[test]
fn an_unknown_label_is_an_error_with_a_suggestion() {
    let site = council();
    let config = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &format!("{config}labels:\n  get_help_lnk: \"Help\"\n"),
    );
    let error = site.error();
    assert_eq!(error.message, "unknown label \"get_help_lnk\"");
    assert_eq!((error.line, error.column), (16, 17));
    assert_eq!(
        error.hint.as_deref(),
        Some("did you mean \"get_help_link\"?")
    );
}

const CONFLICT: &str = "<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> national-2027.1\n";

#[test]
fn conflict_markers_are_one_error_at_their_line_in_content_yaml_and_templates() {
    for (file, prefix) in [
        (
            "content/recognise/signs.md",
            "---\ntitle: Signs\ndescription: d\nrs: [recognise]\n---\n\n## Heading\n\n",
        ),
        ("content/_signposts/local.yaml", "# local services\n"),
        ("site.yaml", "title: \"Northfield\"\n"),
        (
            "themes/campaign/templates/page.html",
            "{% extends \"base.html\" %}\n",
        ),
    ] {
        let site = council();
        site.write(file, &format!("{prefix}{CONFLICT}"));
        let errors = site.errors();
        assert_eq!(errors.len(), 1, "{file}: {errors:#?}");
        assert_eq!(errors[0].path, Path::new(file));
        assert_eq!(
            errors[0].message,
            "this file still has git conflict markers"
        );
        assert_eq!(errors[0].line, prefix.lines().count() + 1, "{file}");
    }
}

#[test]
fn one_broken_signposts_file_is_one_error_not_a_cascade() {
    let site = council();
    site.write(
        "content/_signposts/local.yaml",
        "- id: childrens-services\n  name: [unclosed\n",
    );
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].path, Path::new("content/_signposts/local.yaml"));
}

#[test]
fn one_invalid_service_is_its_own_error_only() {
    let site = council();
    site.replace(
        "content/_signposts/local.yaml",
        "  phone: \"0300 555 0123\"",
        "  phone: \"not a number\"",
    );
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(
        errors[0].message,
        "\"not a number\" is not a valid UK phone number"
    );
}

#[test]
fn a_service_still_to_be_filled_in_fails_the_build_with_what_to_provide() {
    let site = council();
    site.replace(
        "content/_signposts/local.yaml",
        "  audiences: [professionals]\n",
        "  audiences: [professionals]\n  fill_in: \"the Local Authority Designated Officer\"\n",
    );
    let error = site.error();
    assert_eq!(
        error.message,
        "service \"lado\" is still to be filled in: the Local Authority Designated Officer"
    );
    assert_eq!(error.path, Path::new("content/_signposts/local.yaml"));
    assert_eq!(error.line, 17);
}

#[test]
fn check_strict_fails_on_placeholders_and_drama_numbers() {
    let site = council();
    let local = std::fs::read_to_string(site.path().join("content/_signposts/local.yaml")).unwrap();
    site.write(
        "content/_signposts/local.yaml",
        &local
            .replace("\"0300 555 0123\"", "\"01632 960002\"")
            .replace("  weight: 1\n", "  weight: 1\n  example: true\n"),
    );
    let report = beacon::site::check(&site.options()).unwrap();
    let messages: Vec<&str> = report.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(messages.contains(&"service \"lado\" has the number 01632 960002, an Ofcom drama number that connects to no one"), "{messages:#?}");
    assert!(
        messages.contains(&"service \"northfield-family\" is a placeholder (`example: true`)"),
        "{messages:#?}"
    );
    let strict = std::process::Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args(["check", "--strict", "--site"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn a_missing_rs_is_still_an_error_without_the_opt_out() {
    let site = council();
    site.write(
        "content/contact.md",
        "---\ntitle: Contact\ndescription: How to contact us.\n---\n",
    );
    let error = site.error();
    assert_eq!(
        error.message,
        "missing required key \"rs\" in the front matter"
    );
    site.write(
        "content/contact.md",
        "---\ntitle: Contact\ndescription: How to contact us.\nstandalone: true\nrs: [react]\n---\n",
    );
    let error = site.error();
    assert_eq!(
        error.message,
        "a page cannot be both `standalone: true` and tagged with `rs:`"
    );
}

#[test]
fn hiding_a_national_page_hides_its_translations_too() {
    let site = council();
    publish_national_in_welsh(&site);
    site.write(
        "national/content/realise/everyone-at-the-council.cy.md",
        "---\ntitle: Pawb yn y cyngor\ndescription: Beth ddylai pob gweithiwr cyngor ei wybod.\n---\n",
    );
    let output = site.build();
    assert!(
        output.has("cy/index.html"),
        "the council publishes Welsh too"
    );
    assert!(!output
        .files
        .keys()
        .any(|path| path.contains("everyone-at-the-council") || path.contains("pawb")));
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_link_out_of_the_site_is_refused_not_read() {
    let site = council();
    site.fifo("national/site.yaml");
    // Layers see no site.yaml there (not a regular file): one clear error.
    let error = site.error();
    assert_eq!(error.message, "upstream \"national\" holds no site.yaml");
    let site = council();
    std::os::unix::fs::symlink(
        "/etc/hostname",
        site.path().join("content/_signposts/outside.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        "/etc/hostname",
        site.path().join("content/react/outside.md"),
    )
    .unwrap();
    let output = site.build();
    assert!(
        !output.has("react/outside/index.html"),
        "links are not followed"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_as_site_yaml_is_an_error_not_a_hang() {
    let site = council();
    site.fifo("site.yaml");
    let error = site.error();
    assert_eq!(
        (error.path.as_path(), error.message.as_str()),
        (Path::new("site.yaml"), "this is not a regular file")
    );
}

#[test]
fn a_council_that_does_not_publish_the_national_welsh_leaves_it_out() {
    let site = council();
    publish_national_in_welsh(&site);
    site.write(
        "national/content/realise/myths.cy.md",
        "---\ntitle: Mythau a ffeithiau\ndescription: Mythau cyffredin.\n---\n\n## Myth\n\nTestun.\n",
    );
    let services = std::fs::read_to_string(
        site.path()
            .join("national/content/_signposts/national.yaml"),
    )
    .unwrap();
    site.write(
        "national/content/_signposts/national.yaml",
        &services.replacen(
            "  verified: 2026-11-01\n",
            "  translations:\n    cy: { name: Heddlu (argyfwng) }\n  verified: 2026-11-01\n",
            1,
        ),
    );
    assert!(
        site.build().has("cy/realise/myths/index.html"),
        "inherited: Welsh too"
    );
    let config = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{config}languages: [en]\n"));
    let output = site.build();
    assert!(!output.files.keys().any(|path| path.starts_with("cy/")));
    assert!(
        !output.has("realise/myths.cy/index.html"),
        "not published as an English page"
    );
    let report = beacon::site::check(&site.options()).unwrap();
    assert!(report.missing_translations.is_empty());
    // In the council's own files, a translation into a language nobody publishes is still an error.
    let local = std::fs::read_to_string(site.path().join("content/_signposts/local.yaml")).unwrap();
    site.write(
        "content/_signposts/local.yaml",
        &local.replacen(
            "  verified: 2026-11-01\n",
            "  translations:\n    fr: { name: Services }\n  verified: 2026-11-01\n",
            1,
        ),
    );
    assert_eq!(
        site.error().message,
        "translations.fr is not a language this site publishes"
    );
}
