//! Long hub and audience pages are split into numbered pages
//! (`pagination.page_size`): page 1 keeps the listing's URL, page N is at
//! `<url>page/N/`, each page links to the others accessibly and in its
//! `<head>`, says which page it is, and is in the sitemap; a Welsh hub is
//! paginated under its Welsh slug; small sites stay on one page; a bad page
//! size is an error at its value.

mod common;

use common::{assert_in_order, Output, TestSite};

/// The `basic` fixture with `pagination: { page_size: N }` added.
fn paged(page_size: usize) -> TestSite {
    let site = TestSite::fixture("basic");
    append(
        &site,
        "site.yaml",
        &format!("pagination:\n  page_size: {page_size}\n"),
    );
    site
}

fn append(site: &TestSite, rel: &str, text: &str) {
    let before = std::fs::read_to_string(site.path().join(rel)).unwrap();
    site.write(rel, &format!("{before}{text}"));
}

/// A Realise page titled `title`.
fn realise_page(site: &TestSite, slug: &str, title: &str) {
    site.write(
        &format!("content/realise/{slug}.md"),
        &format!("---\ntitle: {title}\ndescription: About {title}.\nrs: [realise]\n---\n\nText.\n"),
    );
}

/// The HTML of the numbered navigation on a page (panics when it has none).
fn pages_nav(html: &str) -> &str {
    let start = html
        .find("<nav class=\"pagination pagination--pages\"")
        .unwrap_or_else(|| panic!("no page navigation in {html}"));
    let end = start + html[start..].find("</nav>").unwrap();
    &html[start..end]
}

/// The entries of a page navigation in order: each page's number (the
/// current one in brackets, after checking its aria-label), `…` for a gap.
fn nav_entries(nav: &str) -> Vec<String> {
    nav.split("<li class=\"pagination__page")
        .skip(1)
        .map(|item| {
            if item.starts_with(" pagination__page--ellipsis\">…</li>") {
                return "…".to_string();
            }
            let number = item
                .split_once("</a>")
                .unwrap()
                .0
                .rsplit_once('>')
                .unwrap()
                .1;
            assert!(
                item.contains(&format!("aria-label=\"Page {number}\"")),
                "{item}"
            );
            match item.contains("aria-current=\"page\"") {
                true => format!("[{number}]"),
                false => number.to_string(),
            }
        })
        .collect()
}

/// The titles of the pages a hub or audience page lists, in order.
fn listed(html: &str) -> Vec<String> {
    html.split("<h3 class=\"item-list__title\"><a href=\"")
        .skip(1)
        .map(|rest| {
            let text = rest.split_once("\">").unwrap().1;
            text.split_once("</a>").unwrap().0.to_string()
        })
        .collect()
}

/// The `<url>` entry of `loc` in a sitemap.
fn sitemap_entry<'a>(sitemap: &'a str, loc: &str) -> &'a str {
    let marker = format!("<loc>{loc}</loc>");
    let start = sitemap
        .find(&marker)
        .unwrap_or_else(|| panic!("{loc} is not in the sitemap"));
    let end = start + sitemap[start..].find("</url>").unwrap();
    &sitemap[start..end]
}

#[test]
fn a_long_hub_continues_at_page_n_and_page_1_keeps_the_hub_url() {
    let output = paged(1).build();
    assert!(output.has("realise/index.html"));
    assert!(output.has("realise/page/2/index.html"));
    assert!(output.has("realise/page/3/index.html"));
    assert!(
        !output.has("realise/page/4/index.html"),
        "three pages, three pages of the hub"
    );
    assert!(
        !output.has("realise/page/1/index.html"),
        "page 1 is the hub itself"
    );
    assert_eq!(
        listed(&output.text("realise/index.html")),
        ["About exploitation"]
    );
    assert_eq!(listed(&output.text("realise/page/2/index.html")), ["Myths"]);
    assert_eq!(
        listed(&output.text("realise/page/3/index.html")),
        ["Zebra facts"]
    );
    for path in output.html_pages() {
        assert!(
            !output.text(path).contains("page/1/"),
            "{path} links to a /page/1/"
        );
    }
    let page_2 = output.text("realise/page/2/index.html");
    assert!(page_2.contains("href=\"/campaign/realise/\" aria-label=\"Page 1\">1</a>"));
}

#[test]
fn pages_link_to_their_neighbours_in_the_body_and_the_head() {
    let output = paged(1).build();
    let first = output.text("realise/index.html");
    let middle = output.text("realise/page/2/index.html");
    let last = output.text("realise/page/3/index.html");

    assert!(!first.contains("rel=\"prev\""));
    assert!(
        first.contains("<link rel=\"next\" href=\"https://example.org/campaign/realise/page/2/\">")
    );
    assert!(pages_nav(&first).contains(
        "<a class=\"pagination__link\" href=\"/campaign/realise/page/2/\" rel=\"next\">Next page</a>"
    ));

    assert!(middle.contains("<link rel=\"prev\" href=\"https://example.org/campaign/realise/\">"));
    assert!(middle
        .contains("<link rel=\"next\" href=\"https://example.org/campaign/realise/page/3/\">"));
    let nav = pages_nav(&middle);
    assert!(nav.contains(
        "<a class=\"pagination__link\" href=\"/campaign/realise/\" rel=\"prev\">Previous page</a>"
    ));
    assert!(nav.contains(
        "<a class=\"pagination__link\" href=\"/campaign/realise/page/3/\" rel=\"next\">Next page</a>"
    ));
    assert_in_order(
        nav,
        &["Previous page", ">1</a>", ">2</a>", ">3</a>", "Next page"],
    );

    assert!(
        last.contains("<link rel=\"prev\" href=\"https://example.org/campaign/realise/page/2/\">")
    );
    assert!(!last.contains("rel=\"next\""), "the last page has no next");
    assert!(!pages_nav(&last).contains("Next page"));

    assert!(middle.contains(
        "<link rel=\"canonical\" href=\"https://example.org/campaign/realise/page/2/\">"
    ));
    assert!(middle.contains(
        "<meta property=\"og:url\" content=\"https://example.org/campaign/realise/page/2/\">"
    ));
}

#[test]
fn the_current_page_is_marked_with_aria_current_in_a_labelled_nav() {
    let output = paged(1).build();
    let html = output.text("realise/page/2/index.html");
    let nav = pages_nav(&html);
    assert!(
        nav.starts_with("<nav class=\"pagination pagination--pages\" data-pagefind-ignore aria-label=\"Pagination\">")
    );
    assert_eq!(nav.matches("aria-current=\"page\"").count(), 1);
    assert!(nav.contains(
        "<li class=\"pagination__page pagination__page--current\"><a class=\"pagination__number\" href=\"/campaign/realise/page/2/\" aria-label=\"Page 2\" aria-current=\"page\">2</a></li>"
    ));
    assert!(nav.contains(
        "<li class=\"pagination__page\"><a class=\"pagination__number\" href=\"/campaign/realise/page/3/\" aria-label=\"Page 3\">3</a></li>"
    ));
    assert!(
        !nav.contains("<script") && !nav.contains("onclick"),
        "no JavaScript"
    );
    assert!(!nav.contains("tabindex"), "links are focusable as they are");
    let problems = beacon::check::html::audit(&html, "Fixture campaign");
    assert_eq!(problems, Vec::<String>::new());
}

#[test]
fn later_pages_say_which_page_they_are_in_title_and_h1() {
    let output = paged(1).build();
    let first = output.text("realise/index.html");
    assert!(first.contains("<title>Realise it could happen – Fixture campaign</title>"));
    assert!(first.contains("<h1>Realise it could happen</h1>"));
    let second = output.text("realise/page/2/index.html");
    assert!(
        second.contains("<title>Realise it could happen (page 2 of 3) – Fixture campaign</title>")
    );
    assert!(second.contains("<h1>Realise it could happen (page 2 of 3)</h1>"));
    assert!(second
        .contains("<meta property=\"og:title\" content=\"Realise it could happen (page 2 of 3) – Fixture campaign\">"));
}

#[test]
fn the_hub_intro_is_only_on_the_first_page() {
    let output = paged(1).build();
    assert!(output
        .text("realise/index.html")
        .contains("Intro text for the Realise hub."));
    let second = output.text("realise/page/2/index.html");
    assert!(!second.contains("Intro text for the Realise hub."));
    assert!(
        second.contains("<h2>In this section</h2>"),
        "the list keeps its heading"
    );
}

#[test]
fn the_last_page_holds_what_is_left() {
    let output = paged(2).build();
    assert_eq!(
        listed(&output.text("realise/index.html")),
        ["About exploitation", "Myths"]
    );
    let last = output.text("realise/page/2/index.html");
    assert_eq!(listed(&last), ["Zebra facts"]);
    assert!(last.contains("<h1>Realise it could happen (page 2 of 2)</h1>"));
    assert!(!last.contains("rel=\"next\""));
    assert!(!output.has("realise/page/3/index.html"));
}

#[test]
fn long_ranges_show_the_first_last_current_and_neighbours_with_ellipses() {
    let site = paged(1);
    for n in 0..7 {
        realise_page(&site, &format!("extra-{n}"), &format!("Extra {n}"));
    }
    let output = site.build();
    assert!(output.has("realise/page/10/index.html"));
    assert!(!output.has("realise/page/11/index.html"));
    let html = output.text("realise/page/5/index.html");
    assert_eq!(
        nav_entries(pages_nav(&html)),
        ["1", "…", "4", "[5]", "6", "…", "10"]
    );
    let first = output.text("realise/index.html");
    assert_eq!(nav_entries(pages_nav(&first)), ["[1]", "2", "…", "10"]);
    let near_the_end = output.text("realise/page/8/index.html");
    assert_eq!(
        nav_entries(pages_nav(&near_the_end)),
        ["1", "…", "7", "[8]", "9", "10"]
    );
}

#[test]
fn every_later_page_is_in_the_sitemap() {
    let output = paged(1).build();
    let sitemap = output.text("sitemap.xml");
    for loc in [
        "https://example.org/campaign/realise/",
        "https://example.org/campaign/realise/page/2/",
        "https://example.org/campaign/realise/page/3/",
        "https://example.org/campaign/react/page/3/",
        "https://example.org/campaign/for/parents/page/6/",
    ] {
        sitemap_entry(&sitemap, loc);
    }
    assert!(!sitemap.contains("page/1/"));
    assert!(!sitemap.contains("realise/page/4/"));
    assert_eq!(
        sitemap.matches("<url>").count(),
        output.html_pages().len() - 1,
        "every page but 404.html"
    );
}

#[test]
fn an_audience_page_is_paginated_and_keeps_its_groups() {
    let output = paged(2).build();
    // Parents: Realise [about, myths], Recognise [signs], React [leaflet,
    // call, about], two to a page.
    let first = output.text("for/parents/index.html");
    assert_eq!(listed(&first), ["About exploitation", "Myths"]);
    assert!(first.contains("<h1><span class=\"caption\">For</span> Parents and carers</h1>"));
    let second = output.text("for/parents/page/2/index.html");
    assert_eq!(listed(&second), ["Signs", "Leaflet guide"]);
    assert_in_order(
        &second,
        &[
            "<h2 id=\"recognise\">",
            "Signs",
            "<h2 id=\"react\">",
            "Leaflet guide",
        ],
    );
    assert!(!second.contains("<h2 id=\"realise\">"));
    assert!(
        second.contains("<title>For parents and carers (page 2 of 3) – Fixture campaign</title>")
    );
    assert!(second
        .contains("<h1><span class=\"caption\">For</span> Parents and carers (page 2 of 3)</h1>"));
    assert!(
        second.contains("<link rel=\"prev\" href=\"https://example.org/campaign/for/parents/\">")
    );
    assert!(second
        .contains("<link rel=\"next\" href=\"https://example.org/campaign/for/parents/page/3/\">"));
    assert!(pages_nav(&second).contains(
        "href=\"/campaign/for/parents/page/2/\" aria-label=\"Page 2\" aria-current=\"page\""
    ));
    assert!(second.contains("<li class=\"breadcrumbs__item\"><a href=\"/campaign/for/parents/\">For parents and carers</a></li>"));
    assert!(
        second.contains("Where to get help"),
        "the services stay on every page"
    );
    assert_eq!(
        listed(&output.text("for/parents/page/3/index.html")),
        ["Who to call", "About exploitation"]
    );
    assert!(!output.has("for/parents/page/4/index.html"));
}

#[test]
fn a_hub_links_to_the_audience_page_where_its_pages_start() {
    let output = paged(2).build();
    let react = output.text("react/index.html");
    assert!(react.contains(
        "<a class=\"tag\" href=\"/campaign/for/parents/page/2/#react\">Parents and carers</a>"
    ));
    assert!(output
        .text("for/parents/page/2/index.html")
        .contains("<h2 id=\"react\">"));
    let realise = output.text("realise/index.html");
    assert!(realise.contains(
        "<a class=\"tag\" href=\"/campaign/for/parents/#realise\">Parents and carers</a>"
    ));
}

#[test]
fn a_welsh_hub_is_paginated_under_its_welsh_slug() {
    let site = TestSite::fixture("bilingual");
    append(&site, "site.yaml", "pagination: { page_size: 1 }\n");
    site.write(
        "content/recognise/grooming.md",
        "---\ntitle: Grooming\ndescription: How grooming works.\nrs: [recognise]\n---\n\nText.\n",
    );
    site.write(
        "content/recognise/grooming.cy.md",
        "---\ntitle: Meithrin perthynas\ndescription: Sut mae'n gweithio.\nslug: meithrin\n---\n\nTestun.\n",
    );
    site.write(
        "content/recognise/online.md",
        "---\ntitle: Online risks\ndescription: Risks online.\nrs: [recognise]\n---\n\nText.\n",
    );
    let output = site.build();
    // English: Grooming, Online risks, Signs. Welsh: Arwyddion, Meithrin.
    assert!(output.has("recognise/page/3/index.html"));
    assert!(output.has("cy/adnabod/page/2/index.html"));
    assert!(!output.has("cy/adnabod/page/3/index.html"));
    assert!(!output.has("cy/recognise/page/2/index.html"));

    let welsh = output.text("cy/adnabod/page/2/index.html");
    assert!(welsh.contains("<html lang=\"cy\">"));
    assert!(welsh.contains("<title>Adnabod (tudalen 2 o 2) – Ymgyrch enghreifftiol</title>"));
    assert!(welsh.contains("<h1>Adnabod (tudalen 2 o 2)</h1>"));
    let nav = pages_nav(&welsh);
    assert!(nav.contains("aria-label=\"Tudaleniad\""));
    assert!(nav.contains("href=\"/campaign/cy/adnabod/\" rel=\"prev\">Tudalen flaenorol</a>"));
    assert!(nav.contains("aria-label=\"Tudalen 2\" aria-current=\"page\">2</a>"));
    for english in [
        "Pagination",
        "Previous page",
        "Next page",
        "Page 1",
        "(page ",
    ] {
        assert!(!welsh.contains(english), "{english:?} on a Welsh page");
    }
    assert!(output
        .text("cy/adnabod/index.html")
        .contains("href=\"/campaign/cy/adnabod/page/2/\" rel=\"next\">Tudalen nesaf</a>"));

    // Alternates only where the other language has the same page.
    let second = output.text("recognise/page/2/index.html");
    assert!(second.contains(
        "<link rel=\"alternate\" hreflang=\"cy\" href=\"https://example.org/campaign/cy/adnabod/page/2/\">"
    ));
    assert!(welsh.contains(
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/campaign/recognise/page/2/\">"
    ));
    let third = output.text("recognise/page/3/index.html");
    assert!(
        !third.contains("hreflang=\"cy\" href="),
        "Welsh has no page 3"
    );
    assert!(
        third.contains("href=\"/campaign/cy/adnabod/\" hreflang=\"cy\" lang=\"cy\">Cymraeg</a>"),
        "the toggle leads to the Welsh hub, not a 404"
    );
    let sitemap = output.text("sitemap.xml");
    assert!(
        sitemap_entry(&sitemap, "https://example.org/campaign/recognise/page/2/")
            .contains("hreflang=\"cy\" href=\"https://example.org/campaign/cy/adnabod/page/2/\"")
    );
    assert!(
        sitemap_entry(&sitemap, "https://example.org/campaign/cy/adnabod/page/2/")
            .contains("hreflang=\"en\" href=\"https://example.org/campaign/recognise/page/2/\"")
    );
    assert!(
        !sitemap_entry(&sitemap, "https://example.org/campaign/recognise/page/3/")
            .contains("hreflang=\"cy\"")
    );
}

#[test]
fn by_default_a_small_site_stays_on_one_page() {
    let output: Output = TestSite::fixture("basic").build();
    let paths: Vec<&String> = output
        .files
        .keys()
        .filter(|p| p.contains("page/"))
        .collect();
    assert_eq!(paths, Vec::<&String>::new());
    for path in output.html_pages() {
        let html = output.text(path);
        assert!(
            !html.contains("pagination--pages"),
            "{path} has page navigation"
        );
        assert!(
            !html.contains("<link rel=\"prev\"") && !html.contains("<link rel=\"next\""),
            "{path}"
        );
    }
    assert_eq!(
        listed(&output.text("realise/index.html")),
        ["About exploitation", "Myths", "Zebra facts"]
    );
    assert!(!output.text("sitemap.xml").contains("page/2"));
}

#[test]
fn a_bad_page_size_is_an_error_at_its_line_and_column() {
    let site = TestSite::fixture("basic");
    append(&site, "site.yaml", "pagination:\n  page_size: 0\n");
    let error = site.error();
    assert_eq!(error.path.to_string_lossy(), "site.yaml");
    assert_eq!(
        error.message,
        "pagination.page_size must be a whole number from 1 to 10000, not 0"
    );
    assert_eq!((error.line, error.column), (11, 14));
    assert_eq!(
        error.hint.as_deref(),
        Some("write how many pages a hub or audience page lists before it continues on the next page, for example `page_size: 100`")
    );

    let site = TestSite::fixture("basic");
    append(&site, "site.yaml", "pagination: { page_size: twelve }\n");
    let error = site.error();
    assert_eq!(
        error.message,
        "pagination.page_size must be a whole number from 1 to 10000, not \"twelve\""
    );
    assert_eq!((error.line, error.column), (10, 26));
}

#[test]
fn a_content_page_cannot_take_a_later_page_url() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/realise/page/2.md",
        "---\ntitle: Two\ndescription: D\nrs: [realise]\n---\n\nText.\n",
    );
    let error = site.error();
    assert_eq!(error.path.to_string_lossy(), "content/realise/page/2.md");
    assert_eq!(
        error.message,
        "two pages have the URL /realise/page/2/: content/realise/page/2.md and a later page of the hub of an R that Beacon generates"
    );
}

#[test]
fn a_build_removes_the_pages_of_a_listing_that_got_shorter() {
    let site = paged(1);
    let out = tempfile::tempdir().unwrap();
    let options = beacon::site::Options {
        out_dir: Some(out.path().join("public")),
        ..site.options()
    };
    beacon::site::build(&options).unwrap_or_else(|d| panic!("{d:#?}"));
    assert!(out
        .path()
        .join("public/realise/page/3/index.html")
        .is_file());
    site.remove("content/realise/zebra.md");
    let report = beacon::site::build(&options).unwrap_or_else(|d| panic!("{d:#?}"));
    assert!(!out.path().join("public/realise/page/3").exists());
    assert!(out
        .path()
        .join("public/realise/page/2/index.html")
        .is_file());
    assert!(
        report.removed >= 2,
        "zebra and the hub's page 3: {report:?}"
    );
    let sitemap = std::fs::read_to_string(out.path().join("public/sitemap.xml")).unwrap();
    assert!(!sitemap.contains("realise/page/3/"));
}
