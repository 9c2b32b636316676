//! Rules every rendered page must meet, whatever the theme: checked on the
//! HTML itself (with lol_html, a maintained streaming HTML parser), so a
//! council's theme is held to them too. WCAG 3.1.1 `lang`; 2.4.2 a title of
//! the form "Page – Site"; 2.4.1 one `main`, `header`/`nav`/`footer`
//! landmarks and the skip link first; unique ids; no positive `tabindex`;
//! 1.4.4 a zoomable viewport; 1.1.1 `alt` on every image; no
//! `target="_blank"`.

use std::cell::RefCell;
use std::collections::HashSet;

use lol_html::{element, text, HtmlRewriter, Settings};

/// What was found on one page.
#[derive(Debug, Default)]
struct Seen {
    lang: Option<String>,
    title: String,
    mains: usize,
    main_id: Option<String>,
    headers: usize,
    navs: usize,
    footers: usize,
    first_focusable: Option<(String, Option<String>)>,
    ids: HashSet<String>,
    duplicate_ids: Vec<String>,
    positive_tabindex: Vec<String>,
    viewport: Option<String>,
    images_without_alt: usize,
    blank_targets: usize,
}

/// The problems on one rendered page, as messages. `site_title` is what
/// every `<title>` must end with.
pub fn audit(html: &str, site_title: &str) -> Vec<String> {
    let seen = RefCell::new(Seen::default());
    let parsed = parse(html, &seen);
    let seen = seen.into_inner();
    let mut problems = Vec::new();
    if let Err(error) = parsed {
        problems.push(format!("the HTML could not be read: {error}"));
        return problems;
    }
    landmarks(&seen, &mut problems);
    document(&seen, site_title, &mut problems);
    focus(&seen, &mut problems);
    problems
}

fn parse(html: &str, seen: &RefCell<Seen>) -> Result<(), lol_html::errors::RewritingError> {
    // Only the elements the rules look at: a "*" handler would run for
    // every element of every page and cost a sixth of a build.
    let note = |el: &mut lol_html::html_content::Element| {
        let mut seen = seen.borrow_mut();
        // Most elements have few attributes: copy a value out only when
        // the element has it at all.
        let attribute = |name: &str| {
            if el.has_attribute(name) {
                el.get_attribute(name)
            } else {
                None
            }
        };
        note_element(&mut seen, &el.tag_name(), &attribute);
        Ok(())
    };
    let selector = "html, main, header, nav, footer, img, meta[name=viewport], [id], [tabindex], \
                    a[href], a[target], area[href], button, input, select, textarea, summary, iframe";
    let settings = Settings::new()
        .append_element_content_handler(element!(selector, note))
        .append_element_content_handler(text!("head > title", |chunk| {
            seen.borrow_mut().title.push_str(chunk.as_str());
            Ok(())
        }));
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    rewriter.write(html.as_bytes())?;
    rewriter.end()
}

fn note_element(seen: &mut Seen, tag: &str, attribute: &dyn Fn(&str) -> Option<String>) {
    match tag {
        "html" => seen.lang = attribute("lang"),
        "main" => {
            seen.mains += 1;
            seen.main_id = attribute("id");
        }
        "header" => seen.headers += 1,
        "nav" => seen.navs += 1,
        "footer" => seen.footers += 1,
        "img" if attribute("alt").is_none() => seen.images_without_alt += 1,
        "meta" if attribute("name").as_deref() == Some("viewport") => {
            seen.viewport = attribute("content")
        }
        _ => {}
    }
    if tag == "a" && attribute("target").is_some_and(|t| t.eq_ignore_ascii_case("_blank")) {
        seen.blank_targets += 1;
    }
    if let Some(id) = attribute("id") {
        if !seen.ids.insert(id.clone()) {
            seen.duplicate_ids.push(id);
        }
    }
    let tabindex = attribute("tabindex").and_then(|t| t.trim().parse::<i32>().ok());
    if tabindex.is_some_and(|t| t > 0) {
        seen.positive_tabindex.push(tag.to_string());
    }
    if seen.first_focusable.is_none() && is_focusable(tag, attribute, tabindex) {
        seen.first_focusable = Some((tag.to_string(), attribute("href")));
    }
}

fn is_focusable(
    tag: &str,
    attribute: &dyn Fn(&str) -> Option<String>,
    tabindex: Option<i32>,
) -> bool {
    if tabindex.is_some_and(|t| t < 0) {
        return false;
    }
    let natively = match tag {
        "a" | "area" => attribute("href").is_some(),
        "input" => attribute("type").is_none_or(|t| t != "hidden"),
        "button" | "select" | "textarea" | "summary" | "iframe" => true,
        _ => false,
    };
    natively || tabindex.is_some()
}

fn landmarks(seen: &Seen, problems: &mut Vec<String>) {
    if seen.mains != 1 {
        problems.push(format!(
            "the page has {} <main> elements; it needs exactly one",
            seen.mains
        ));
    }
    for (count, name) in [
        (seen.headers, "header"),
        (seen.navs, "nav"),
        (seen.footers, "footer"),
    ] {
        if count == 0 {
            problems.push(format!("the page has no <{name}> landmark"));
        }
    }
}

fn document(seen: &Seen, site_title: &str, problems: &mut Vec<String>) {
    if seen
        .lang
        .as_deref()
        .is_none_or(|lang| lang.trim().is_empty())
    {
        problems.push("<html> has no lang attribute".into());
    }
    let title = seen.title.trim();
    let suffix = format!(" \u{2013} {site_title}");
    if title.is_empty() {
        problems.push("the page has an empty <title>".into());
    } else if title != site_title && !(title.ends_with(&suffix) && title.len() > suffix.len()) {
        problems.push(format!(
            "the title \"{title}\" is not of the form \"Page \u{2013} {site_title}\""
        ));
    }
    match &seen.viewport {
        None => problems.push("the page has no viewport meta tag".into()),
        Some(content) => {
            let content = content.to_lowercase().replace(' ', "");
            if content.contains("maximum-scale")
                || content.contains("user-scalable=no")
                || content.contains("user-scalable=0")
            {
                problems.push(format!("the viewport \"{content}\" stops people zooming"));
            }
        }
    }
    if seen.images_without_alt > 0 {
        problems.push(format!(
            "{} image(s) without an alt attribute",
            seen.images_without_alt
        ));
    }
    if seen.blank_targets > 0 {
        problems.push("a link opens a new window (target=\"_blank\")".into());
    }
}

fn focus(seen: &Seen, problems: &mut Vec<String>) {
    let skip_target = seen.main_id.as_ref().map(|id| format!("#{id}"));
    match &seen.first_focusable {
        Some((tag, href)) if tag == "a" && href.is_some() && *href == skip_target => {}
        Some((tag, href)) => problems.push(format!(
            "the first focusable element is <{tag}{}>, not a skip link to <main>",
            href.as_ref()
                .map(|h| format!(" href=\"{h}\""))
                .unwrap_or_default()
        )),
        None => problems.push("the page has no skip link".into()),
    }
    for id in &seen.duplicate_ids {
        problems.push(format!("the id \"{id}\" is used more than once"));
    }
    if !seen.positive_tabindex.is_empty() {
        problems.push(format!(
            "positive tabindex on <{}>: it breaks the reading order",
            seen.positive_tabindex.join(">, <")
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Signs \u{2013} Site</title></head><body><a href=\"#main\" class=\"skip-link\">Skip</a><header>H</header><nav><a href=\"/\">Home</a></nav><main id=\"main\"><h1>Signs</h1><img src=\"a.png\" alt=\"\"></main><footer>F</footer></body></html>";

    #[test]
    fn a_good_page_has_no_problems() {
        assert_eq!(audit(GOOD, "Site"), Vec::<String>::new());
    }

    #[test]
    fn each_defect_is_named() {
        let cases = [
            (
                GOOD.replace(" lang=\"en\"", ""),
                "<html> has no lang attribute",
            ),
            (
                GOOD.replace("Signs \u{2013} Site", ""),
                "the page has an empty <title>",
            ),
            (
                GOOD.replace("Signs \u{2013} Site", "Signs"),
                "is not of the form",
            ),
            (
                GOOD.replace("<main id=\"main\">", "<main id=\"main\"><main>"),
                "2 <main> elements",
            ),
            (
                GOOD.replace("<nav>", "<div>").replace("</nav>", "</div>"),
                "no <nav> landmark",
            ),
            (
                GOOD.replace("<a href=\"#main\" class=\"skip-link\">Skip</a>", ""),
                "not a skip link",
            ),
            (
                GOOD.replace("<header>H", "<header id=\"main\">H"),
                "the id \"main\" is used more than once",
            ),
            (
                GOOD.replace("<footer>", "<footer tabindex=\"3\">"),
                "positive tabindex",
            ),
            (
                GOOD.replace("initial-scale=1", "initial-scale=1, maximum-scale=1"),
                "stops people zooming",
            ),
            (GOOD.replace(" alt=\"\"", ""), "without an alt attribute"),
            (
                GOOD.replace("<a href=\"/\">", "<a href=\"/\" target=\"_blank\">"),
                "opens a new window",
            ),
        ];
        for (html, expected) in cases {
            let problems = audit(&html, "Site");
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "{expected}: {problems:?}"
            );
        }
    }
}
