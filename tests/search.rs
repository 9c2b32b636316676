//! Site search: the header's search box, the search page (every page A–Z
//! for visitors without JavaScript), its Content-Security-Policy, and the
//! Pagefind index built from the rendered pages: what is in it, what is
//! not, in which language, and that it is the same bytes every time.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use common::{Output, TestSite};

/// Every page the index holds: URL → (language, indexed text), read back
/// from Pagefind's fragment files (gzip, a `pagefind_dcd` marker, JSON;
/// the file name starts with the language). Each is checked to be in a
/// bundle of its language (`pagefind/<language>/<n>/fragment/`).
fn indexed(output: &Output) -> BTreeMap<String, (String, String)> {
    let mut pages = BTreeMap::new();
    for (rel, bytes) in &output.files {
        let Some((bundle, name)) = rel.split_once("/fragment/") else {
            continue;
        };
        if !(rel.starts_with("pagefind/") && rel.ends_with(".pf_fragment")) {
            continue;
        }
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap();
        let json = text
            .strip_prefix("pagefind_dcd")
            .expect("Pagefind's marker");
        let fragment: serde_json::Value = serde_json::from_str(json).unwrap();
        let url = fragment["url"].as_str().unwrap().to_string();
        let language = name.split('_').next().unwrap().to_string();
        assert!(
            bundle.starts_with(&format!("pagefind/{language}/")),
            "{rel} is in a bundle of its language"
        );
        let content = fragment["content"].as_str().unwrap().to_string();
        pages.insert(url, (language, content));
    }
    pages
}

fn index_files(output: &Output) -> BTreeMap<&String, &Vec<u8>> {
    output
        .files
        .iter()
        .filter(|(rel, _)| rel.starts_with("pagefind/"))
        .collect()
}

#[test]
fn every_page_but_the_search_page_has_the_search_box_in_its_header() {
    let output = TestSite::fixture("basic").build();
    let pages = output.html_pages();
    assert!(pages.len() > 15);
    for rel in pages {
        let html = output.text(rel);
        let has_box = html.contains(
            "<form class=\"site-search\" action=\"/campaign/search/\" method=\"get\" role=\"search\"",
        );
        assert_eq!(has_box, rel != "search/index.html", "{rel}");
    }
    let search = output.text("search/index.html");
    assert!(search.contains(
        "<input class=\"search-form__input\" type=\"search\" id=\"search-page-query\" name=\"q\""
    ));
    assert!(search.contains("data-bundles=\"/campaign/pagefind/en/0/\""));
    assert!(search.contains("<script src=\"/campaign/assets/search.js?v="));
    assert!(output.has("assets/search.js"));
}

#[test]
fn only_the_search_page_relaxes_the_content_security_policy() {
    let output = TestSite::fixture("basic").build();
    for rel in output.html_pages() {
        let html = output.text(rel);
        let policy = if rel == "search/index.html" {
            beacon::base::policy::SEARCH_CSP
        } else {
            beacon::base::policy::CSP
        };
        assert!(
            html.contains(&format!(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">"
            )),
            "{rel}"
        );
    }
    assert!(beacon::base::policy::SEARCH_CSP.contains("'wasm-unsafe-eval'"));
    assert!(!beacon::base::policy::CSP.contains("wasm"));
    let headers = output.text("_headers");
    for path in ["/campaign/search/*", "/campaign/pagefind/*"] {
        assert!(
            headers.contains(&format!(
                "{path}\n  ! Content-Security-Policy\n  Content-Security-Policy: {}; frame-ancestors 'none'\n",
                beacon::base::policy::SEARCH_CSP
            )),
            "{path} in {headers}"
        );
    }
}

#[test]
fn without_javascript_the_search_page_lists_every_page_a_to_z_by_r() {
    let output = TestSite::fixture("basic").build();
    let search = output.text("search/index.html");
    // Every published content page is in the list; the draft is not.
    for (title, url) in [
        ("About exploitation", "/campaign/realise/about/"),
        ("Myths", "/campaign/realise/myths/"),
        ("Zebra facts", "/campaign/realise/zebra/"),
        ("Signs", "/campaign/recognise/signs/"),
        ("Get help", "/campaign/get-help/"),
    ] {
        assert!(
            search.contains(&format!("<a href=\"{url}\">{title}</a>")),
            "{url}"
        );
    }
    assert!(!search.contains("/realise/draft/"), "drafts are not listed");
    // Grouped by R, in the order of the journey, then the other pages.
    common::assert_in_order(
        &search,
        &[
            "<h2 id=\"a-to-z-heading\">All pages, A to Z</h2>",
            "<h3 id=\"a-to-z-realise\">",
            "<h3 id=\"a-to-z-recognise\">",
            "<h3 id=\"a-to-z-react\">",
            "<h3 id=\"a-to-z-other\">Help and information</h3>",
        ],
    );
    // A to Z inside a group, whatever the weights say.
    let realise_start = search.find("<h3 id=\"a-to-z-realise\">").unwrap();
    let realise_end = search.find("<h3 id=\"a-to-z-recognise\">").unwrap();
    let realise = &search[realise_start..realise_end];
    let titles: Vec<&str> = realise
        .split("<li><a href=\"")
        .skip(1)
        .map(|item| {
            let start = item.find("\">").unwrap() + 2;
            &item[start..item.find("</a>").unwrap()]
        })
        .collect();
    let mut sorted = titles.clone();
    sorted.sort_by_key(|title| title.to_lowercase());
    assert_eq!(titles, sorted);
    assert!(titles.len() >= 4, "{titles:?}");
    assert!(search.contains("<noscript><p class=\"search-status\">Search needs JavaScript"));
}

#[test]
fn the_index_holds_what_visitors_look_for_and_never_drafts() {
    let site = TestSite::fixture("basic");
    for drafts in [false, true] {
        let mut options = site.options();
        options.drafts = drafts;
        let output = site.build_with(options);
        assert_eq!(output.has("realise/draft/index.html"), drafts);
        let pages = indexed(&output);
        let urls: BTreeSet<&str> = pages.keys().map(String::as_str).collect();
        for url in [
            "/campaign/",
            "/campaign/realise/",
            "/campaign/realise/myths/",
            "/campaign/recognise/signs/",
            "/campaign/get-help/",
            "/campaign/for/parents/",
            "/campaign/staying-safe-online/",
            "/campaign/accessibility/",
        ] {
            assert!(urls.contains(url), "{url} in {urls:?}");
        }
        for url in [
            "/campaign/realise/draft/",
            "/campaign/search/",
            "/campaign/404.html",
            "/campaign/get-help/parents/",
        ] {
            assert!(!urls.contains(url), "{url} must not be indexed");
        }
        // Only <main> is indexed: the footer and help block every page
        // shares are not.
        let (language, myths) = &pages["/campaign/realise/myths/"];
        assert_eq!(language, "en");
        assert!(myths.contains("First section. Text."), "{myths}");
        assert!(!myths.contains("Run by"), "{myths}");
        // Nor what only finds the way to other pages: the page's tags and
        // its previous and next pages (a search for "Zebra facts" would
        // otherwise find the page before it too).
        for navigation in ["Part of", "Previous", "Zebra facts", "About exploitation"] {
            assert!(!myths.contains(navigation), "{navigation} in {myths}");
        }
    }
}

#[test]
fn the_index_is_the_same_bytes_every_build() {
    let site = TestSite::fixture("basic");
    let first = site.build();
    let second = site.build();
    let files = index_files(&first);
    assert!(files.len() > 5, "{:?}", files.keys());
    assert_eq!(files, index_files(&second));
    assert!(first.has("pagefind/en/0/pagefind.js"));
    assert!(first.has("pagefind/en/0/pagefind-worker.js"));
    assert!(
        !first.has("pagefind/en/0/pagefind-ui.js"),
        "Pagefind's own UI is not published"
    );
}

#[test]
fn each_language_has_its_own_search_page_and_index() {
    let output = TestSite::fixture("bilingual").build();
    let welsh = output.text("cy/search/index.html");
    assert!(welsh.contains("<html lang=\"cy\">"));
    assert!(welsh.contains("<h1>Chwilio</h1>"));
    assert!(welsh.contains("action=\"/campaign/cy/search/\""));
    assert!(output
        .text("cy/index.html")
        .contains("<form class=\"site-search\" action=\"/campaign/cy/search/\""));
    assert!(welsh.contains("data-bundles=\"/campaign/pagefind/cy/0/\""));
    for (language, other) in [("en", "cy"), ("cy", "en")] {
        let entry: serde_json::Value = serde_json::from_str(
            &output.text(&format!("pagefind/{language}/0/pagefind-entry.json")),
        )
        .unwrap();
        assert!(entry["languages"][language].is_object(), "{entry}");
        assert!(entry["languages"][other].is_null(), "{entry}");
    }
    let pages = indexed(&output);
    let welsh_pages: Vec<&String> = pages
        .iter()
        .filter(|(_, (language, _))| language == "cy")
        .map(|(url, _)| url)
        .collect();
    assert!(!welsh_pages.is_empty());
    assert!(welsh_pages
        .iter()
        .all(|url| url.starts_with("/campaign/cy/")));
    assert!(pages
        .iter()
        .filter(|(url, _)| !url.starts_with("/campaign/cy/"))
        .all(|(_, (language, _))| language == "en"));
    assert!(output.text("_headers").contains("/campaign/cy/search/*\n"));
}

#[test]
fn search_false_publishes_no_search() {
    let site = TestSite::fixture("basic");
    site.replace("site.yaml", "organisation:", "search: false\norganisation:");
    let output = site.build();
    assert!(!output.has("search/index.html"));
    assert!(output.files.keys().all(|rel| !rel.starts_with("pagefind/")));
    assert!(!output.text("index.html").contains("site-search"));
    assert!(!output.text("_headers").contains("wasm-unsafe-eval"));
    assert!(!output.text("sitemap.xml").contains("/search/"));
}

#[test]
fn a_page_at_the_search_address_is_an_error_naming_both() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/search.md",
        "---\ntitle: Search\ndescription: Our own.\nrs: [realise]\n---\n\nText.\n",
    );
    let error = site.error();
    assert_eq!(error.path, std::path::Path::new("content/search.md"));
    assert_eq!((error.line, error.column), (1, 1));
    assert!(
        error.message.contains("/search/") && error.message.contains("the search page"),
        "{}",
        error.message
    );
}

#[test]
fn check_keeps_nothing_for_an_index_it_does_not_build() {
    let site = TestSite::fixture("basic");
    let loaded = beacon::site::load(&site.options()).unwrap();
    let sink = beacon::write::MemorySink::discarding();
    let checked = loaded
        .render_into(&sink, beacon::site::Audit::Every, false)
        .unwrap();
    assert!(checked.documents.is_empty());
    let built = loaded.render_to(&sink, beacon::site::Audit::Every).unwrap();
    assert!(built.documents.len() > 5, "{}", built.documents.len());
    assert_eq!(checked.pages, built.pages);
}

/// Every fragment in `files` (Pagefind's gzip, marker, JSON) by its URL.
fn fragments(
    files: impl IntoIterator<Item = (String, Vec<u8>)>,
) -> BTreeMap<String, serde_json::Value> {
    let mut by_url = BTreeMap::new();
    for (name, bytes) in files {
        if !name.ends_with(".pf_fragment") {
            continue;
        }
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap();
        let fragment: serde_json::Value =
            serde_json::from_str(text.strip_prefix("pagefind_dcd").unwrap()).unwrap();
        let url = fragment["url"].as_str().unwrap().to_string();
        by_url.insert(url, fragment);
    }
    by_url
}

/// What Pagefind's own HTML reader makes of each page (URL, language, the
/// HTML inside its `<main>`): the fragments of an index built from the
/// pages as HTML, the way Beacon fed Pagefind before it gave it records.
fn pagefind_reading(pages: Vec<(String, String, String)>) -> BTreeMap<String, serde_json::Value> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let options = pagefind::options::PagefindServiceConfig::builder()
            .keep_index_url(false)
            .build();
        let mut index = pagefind::api::PagefindIndex::new(Some(options)).unwrap();
        for (url, language, main) in pages {
            let html = format!(
                "<!DOCTYPE html><html lang=\"{language}\"><head><meta charset=\"utf-8\"></head><body>{main}</body></html>"
            );
            index.add_html_file(None, Some(url), html).await.unwrap();
        }
        let files = index.get_files().await.unwrap();
        fragments(
            files
                .into_iter()
                .map(|file| (file.filename.to_string_lossy().into_owned(), file.contents)),
        )
    })
}

/// Beacon gives Pagefind a record of each page (its words, title and
/// image) instead of the page's HTML. Proven against Pagefind's own
/// reading of the same pages: for every page of the example campaign and
/// the bilingual fixture, the same words in the same order (so the same
/// excerpts), the same word count and the same title and image.
#[test]
fn records_give_the_index_what_pagefinds_own_reading_of_the_html_gives() {
    let example = beacon::site::Options {
        today: beacon::base::date::Date::parse("2026-11-28").unwrap(),
        ..beacon::site::Options::new(env!("CARGO_MANIFEST_DIR"))
    };
    let bilingual = TestSite::fixture("bilingual");
    for options in [example, bilingual.options()] {
        let files = beacon::site::build_in_memory(&options).unwrap_or_else(|d| panic!("{d:#?}"));
        let from_records = fragments(files.clone());
        assert!(from_records.len() > 5, "{}", from_records.len());
        let base = from_records
            .keys()
            .min_by_key(|url| url.len())
            .unwrap()
            .clone();
        let pages: Vec<(String, String, String)> = from_records
            .iter()
            .map(|(url, fragment)| {
                let rel = format!("{}index.html", &url[base.len()..]);
                let html = String::from_utf8(files[&rel].clone()).unwrap();
                let main =
                    beacon::write::search::indexed_part(beacon::write::search::main_of(&html));
                let language = fragment["language"].as_str().unwrap_or("en");
                let language = html
                    .split("<html lang=\"")
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .unwrap_or(language);
                (url.clone(), language.to_lowercase(), main.to_string())
            })
            .collect();
        let from_html = pagefind_reading(pages);
        assert_eq!(from_html.len(), from_records.len());
        for (url, expected) in &from_html {
            let got = &from_records[url];
            assert!(expected["meta"]["title"].is_string(), "{url} has a title");
            for field in ["content", "word_count", "meta"] {
                assert_eq!(got[field], expected[field], "{url}: {field}");
            }
        }
    }
}

/// Builds `site` onto disk into `out` (the state, cache included, stays in
/// the site's `.beacon/`) and returns every file written.
fn build_on_disk(site: &TestSite, out: &std::path::Path) -> BTreeMap<std::path::PathBuf, Vec<u8>> {
    let options = beacon::site::Options {
        out_dir: Some(out.to_path_buf()),
        ..site.options()
    };
    beacon::site::build(&options).unwrap_or_else(|d| panic!("{d:#?}"));
    common::files_under(out)
}

/// The bilingual fixture with enough English pages for two bundles.
fn two_bundle_site() -> TestSite {
    let site = TestSite::fixture("bilingual");
    for n in 0..beacon::write::search::BUNDLE_PAGES {
        site.write(
            &format!("content/realise/extra-{n}.md"),
            &format!("---\ntitle: Extra page {n}\ndescription: One of many.\nrs: [realise]\n---\n\nWords for page number {n}.\n"),
        );
    }
    site
}

/// A clean output with a warm cache gets the index from the cache: the
/// same bytes as a build that indexed every page, and after an edit the
/// same bytes as a cold build of the edited site.
#[test]
fn a_clean_output_with_a_warm_cache_gets_the_same_index_from_the_cache() {
    let warm = two_bundle_site();
    let out = warm.path().join("public");
    let first = build_on_disk(&warm, &out);
    assert!(
        first.keys().any(|p| p.starts_with("pagefind/en/1")),
        "two bundles"
    );
    let cache = warm.path().join(".beacon/search");
    assert!(cache.join("en-0.bundle").is_file() && cache.join("cy-0.bundle").is_file());

    // The cache is what the second build reads: a file only the cache
    // holds reaches the output.
    let stamp =
        String::from_utf8(first[std::path::Path::new("pagefind/en/0/beacon-index.txt")].clone())
            .unwrap();
    let fingerprint = stamp.lines().next().unwrap();
    let mut files: Vec<(String, Vec<u8>)> = first
        .iter()
        .filter(|(path, _)| {
            path.starts_with("pagefind/en/0") && !path.ends_with("beacon-index.txt")
        })
        .map(|(path, bytes)| (path.to_string_lossy().into_owned(), bytes.clone()))
        .collect();
    let original = files.clone();
    files.push((
        "pagefind/en/0/from-the-cache.txt".into(),
        b"cached".to_vec(),
    ));
    let handle = beacon::write::search_cache::Cache::in_site(warm.path()).unwrap();
    handle.keep("pagefind/en/0", fingerprint, &files);
    std::fs::remove_dir_all(&out).unwrap();
    let second = build_on_disk(&warm, &out);
    assert_eq!(
        second[std::path::Path::new("pagefind/en/0/from-the-cache.txt")],
        b"cached"
    );

    // With the cache as the build left it, the same bytes as a cold build.
    handle.keep("pagefind/en/0", fingerprint, &original);
    std::fs::remove_dir_all(&out).unwrap();
    assert_eq!(build_on_disk(&warm, &out), first);

    // An edit: one bundle is built again, and the whole output is what a
    // site with no cache builds.
    warm.replace("content/realise/extra-7.md", "Words for", "New words for");
    std::fs::remove_dir_all(&out).unwrap();
    let edited = build_on_disk(&warm, &out);
    let cold = two_bundle_site();
    cold.replace("content/realise/extra-7.md", "Words for", "New words for");
    assert!(!cold.path().join(".beacon").exists());
    assert_eq!(edited, build_on_disk(&cold, &cold.path().join("public")));
}

/// A cache file that is damaged, a link or a FIFO is not used and does not
/// stop the build: the index is built and is what a cold build gives.
#[cfg(unix)]
#[test]
fn a_damaged_linked_or_fifo_cache_file_is_rebuilt_over() {
    let site = TestSite::fixture("basic");
    let out = site.path().join("public");
    let cold = build_on_disk(&site, &out);
    let cached = site.path().join(".beacon/search/en-0.bundle");
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), std::fs::read(&cached).unwrap()).unwrap();
    let damage: [&dyn Fn(); 3] = [
        &|| {
            let mut bytes = std::fs::read(&cached).unwrap();
            bytes.truncate(bytes.len() / 2);
            std::fs::write(&cached, bytes).unwrap();
        },
        &|| {
            std::fs::remove_file(&cached).unwrap();
            std::os::unix::fs::symlink(outside.path(), &cached).unwrap();
        },
        &|| {
            std::fs::remove_file(&cached).unwrap();
            let made = std::process::Command::new("mkfifo")
                .arg(&cached)
                .status()
                .unwrap();
            assert!(made.success());
        },
    ];
    for damage in damage {
        damage();
        std::fs::remove_dir_all(&out).unwrap();
        assert_eq!(build_on_disk(&site, &out), cold);
        let meta = std::fs::symlink_metadata(&cached).unwrap();
        assert!(
            meta.file_type().is_file(),
            "the cache file is written again, in place of what was there"
        );
    }
}
