//! Markdown to HTML with pulldown-cmark: unique heading ids and an outline
//! for "on this page", links and images resolved through a [`Resolve`]
//! implementation, and the content rules that must hold before a page is
//! published (alt text, heading levels, link text, raw HTML).
//!
//! Signpost shortcodes: a paragraph that is exactly `{{ signpost <id> }}`
//! becomes the placeholder returned by [`shortcode_placeholder`], which the
//! render stage replaces with the service's card.
//!
//! This file holds the public types and [`render`]; the work is split by
//! job: `stream` holds back what needs its end, `walk` rewrites each event,
//! `headings` gives ids and the outline, `rules` checks the content and
//! caps the problems, `prose` gathers text for `readability`, and `lines`
//! turns byte offsets into lines and columns.

mod components;
mod headings;
mod lines;
mod media;
pub mod phones;
mod prose;
pub mod readability;
mod rules;
mod stream;
mod walk;

use std::path::Path;

use pulldown_cmark::{Options as ParserOptions, Parser};

use crate::base::diagnostic::{Diagnostic, Pos};
use readability::Stats;
use stream::Stream;
use walk::Walker;

/// What a link destination is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](dest)`.
    Link,
    /// `![alt](dest)`: must be a file.
    Image,
}

/// Why a link could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkError {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: Option<String>,
}

/// Turns a destination as written into the URL to publish, or says why not.
pub trait Resolve {
    /// Resolves `dest` as written in the page.
    fn resolve(&self, dest: &str, kind: LinkKind) -> Result<String, LinkError>;

    /// What a link to `dest` should say about the file it downloads, when
    /// it is one (a PDF, a poster): its type and size.
    fn download(&self, _dest: &str) -> Option<crate::load::downloads::Label> {
        None
    }

    /// The width and height of the image file `dest` names, when the site
    /// has it and its header says: written on the `<img>`, so the page does
    /// not move when it loads.
    fn image_size(&self, _dest: &str) -> Option<(u32, u32)> {
        None
    }

    /// The first `len` bytes (fewer when it is shorter) of the site's
    /// file `dest` names, when the site has it: a video's captions are
    /// checked to be WebVTT.
    fn file_start(&self, _dest: &str, _len: usize) -> Option<Vec<u8>> {
        None
    }
}

/// A heading for the "on this page" outline.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Heading {
    /// 2 or 3.
    pub level: u8,
    /// The unique id given to the heading.
    pub id: String,
    /// Its text.
    pub text: String,
}

/// A signpost shortcode found in the body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shortcode {
    /// The service id.
    pub id: String,
    /// Where it was written.
    pub pos: Pos,
}

/// How to render one page body.
pub struct Options<'a> {
    /// Raw HTML is refused unless this is set.
    pub allow_html: bool,
    /// The page file, relative to the site folder, for diagnostics.
    pub source: &'a Path,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
    /// Resolves link and image destinations.
    pub resolver: &'a dyn Resolve,
    /// Measure the reading level (English pages only).
    pub measure_readability: bool,
    /// The word screen readers hear before warning text ("Warning",
    /// "Rhybudd"), in the page's language.
    pub warning_label: &'a str,
    /// The page's language (BCP 47): a video's captions are in it.
    pub language: &'a str,
    /// What a player's captions menu calls them ("English", "Cymraeg").
    pub captions_label: &'a str,
    /// Sentences of more words than this are each kept for a finding
    /// (`readability.max_sentence_words`).
    pub long_sentence_words: usize,
}

/// A rendered page body. Everything but its HTML can be recalled from the
/// last build instead of rendering it again (see `render::bodies`), so it
/// is (de)serialisable without `html`.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Rendered {
    /// The HTML (empty when `recalled`).
    #[serde(skip)]
    pub html: String,
    /// A hash of the HTML: what a page's key holds of its body, so that a
    /// recalled body needs no HTML to tell whether its page changed.
    pub html_digest: u128,
    /// Recalled from the last build, not rendered: `html` is empty, and is
    /// made only if a page showing it must be rendered.
    #[serde(skip)]
    pub recalled: bool,
    /// The key of what it was rendered from (see `render::bodies`), when
    /// it has one.
    #[serde(skip)]
    pub key: Option<u128>,
    /// h2 and h3 headings in order.
    pub outline: Vec<Heading>,
    /// Signpost shortcodes in order.
    pub shortcodes: Vec<Shortcode>,
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
    /// Reading level of the prose, when measured.
    pub readability: Option<Stats>,
    /// The downloads it links to (paths relative to `content/`), in order.
    pub downloads: Vec<String>,
    /// UK phone numbers written in its text, in order.
    pub phones: Vec<phones::PhoneMention>,
    /// The image it shares (its `image:`), resolved like an image in its
    /// body; filled by `render`, `None` when it names none or it is broken.
    pub shared_image: Option<SharedImage>,
}

/// A page's `image:` once resolved: the file and its size.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SharedImage {
    /// The file, relative to `content/` (and to the output root).
    pub target: String,
    /// Its width and height in pixels, when its header says.
    pub size: Option<(u32, u32)>,
}

/// How many problems one page body reports in full. Past it they are
/// counted into one closing diagnostic, as compilers cap their errors: no
/// one reads the 640,000th broken link of a bad paste, and keeping each
/// would cost memory and time in `watch` on every save.
pub const DIAGNOSTICS_PER_FILE: usize = 200;

/// The most sections the "on this page" contents list shows. A page with
/// more is warned about at the first one left out: nobody scans a list that
/// long, and a page that long is several pages.
pub const OUTLINE_MAX: usize = 60;

/// The HTML comment that stands for a signpost card until render fills it.
pub fn shortcode_placeholder(id: &str) -> String {
    format!("<!--beacon:signpost:{id}-->")
}

/// A heading id: lower-case words joined by hyphens.
pub fn heading_slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-') && !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// The Markdown dialect: tables, footnotes, strikethrough, smart punctuation,
/// GFM alerts and `{#id}` heading attributes.
fn parser_options() -> ParserOptions {
    ParserOptions::ENABLE_TABLES
        | ParserOptions::ENABLE_FOOTNOTES
        | ParserOptions::ENABLE_STRIKETHROUGH
        | ParserOptions::ENABLE_SMART_PUNCTUATION
        | ParserOptions::ENABLE_GFM
        | ParserOptions::ENABLE_HEADING_ATTRIBUTES
}

/// Renders a page body, checking it as it goes.
///
/// The events stream from the parser through the checks into the HTML
/// writer: only an element whose handling needs what follows it (a
/// heading, link, image or table head, until its end; a paragraph while it
/// could still be a shortcode) is held, so memory stays near the size of
/// the parser's own tree, not several copies of every event.
pub fn render(markdown: &str, options: &Options) -> Rendered {
    let parser = Parser::new_ext(markdown, parser_options()).into_offset_iter();
    let mut stream = Stream::new(parser, Walker::new(options, markdown));
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, &mut stream);
    stream.into_walker().finish(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Echo;
    impl Resolve for Echo {
        fn resolve(&self, dest: &str, _kind: LinkKind) -> Result<String, LinkError> {
            if dest.contains("missing") {
                return Err(LinkError {
                    message: format!("broken link to \"{dest}\""),
                    hint: None,
                });
            }
            Ok(dest.replace(".md", "/"))
        }
    }

    fn render_body(markdown: &str, allow_html: bool) -> Rendered {
        let options = Options {
            allow_html,
            source: Path::new("content/a.md"),
            body_line: 5,
            resolver: &Echo,
            measure_readability: true,
            warning_label: "Warning",
            language: "en",
            captions_label: "English",
            long_sentence_words: 25,
        };
        render(markdown, &options)
    }

    fn messages(rendered: &Rendered) -> Vec<(String, usize, usize)> {
        rendered
            .diagnostics
            .iter()
            .map(|d| (d.message.clone(), d.line, d.column))
            .collect()
    }

    #[test]
    fn headings_get_unique_ids_and_an_outline() {
        let rendered = render_body("## Signs\n\n## Signs\n\n### Main content\n", false);
        assert!(
            rendered.html.contains("<h2 id=\"signs\">"),
            "{}",
            rendered.html
        );
        assert!(
            rendered.html.contains("<h2 id=\"signs-2\">"),
            "{}",
            rendered.html
        );
        assert!(
            rendered.html.contains("<h3 id=\"main-content-2\">"),
            "{}",
            rendered.html
        );
        assert_eq!(rendered.outline.len(), 3);
        assert!(rendered.diagnostics.is_empty());
    }

    #[test]
    fn second_h1_and_skipped_levels_are_errors_at_their_lines() {
        let rendered = render_body("# Title again\n\n## Fine\n\n#### Skipped\n", false);
        assert_eq!(
            messages(&rendered),
            vec![
                (
                    "a second h1: the page title is the page's only h1".to_string(),
                    5,
                    1
                ),
                ("heading level skipped: h4 after h2".to_string(), 9, 1),
            ]
        );
    }

    #[test]
    fn links_are_resolved_and_broken_ones_reported() {
        let rendered = render_body("See [the signs](signs.md) and [gone](missing.md).\n", false);
        assert!(
            rendered.html.contains("href=\"signs/\""),
            "{}",
            rendered.html
        );
        assert_eq!(
            messages(&rendered),
            vec![("broken link to \"missing.md\"".to_string(), 5, 31)]
        );
    }

    #[test]
    fn images_need_alt_text_unless_marked_decorative() {
        let rendered = render_body(
            "![](a.png)\n\n![\"\"](line.svg)\n\n![photo.jpg](b.jpg)\n",
            false,
        );
        let found = messages(&rendered);
        assert_eq!(found[0], ("image without alt text".to_string(), 5, 1));
        assert_eq!(
            found[1],
            ("alt text \"photo.jpg\" is a file name".to_string(), 9, 1)
        );
        assert!(
            rendered.html.contains("<img src=\"line.svg\" alt=\"\""),
            "{}",
            rendered.html
        );
    }

    #[test]
    fn raw_html_is_refused_unless_allowed() {
        let refused = render_body("Hello <b>there</b>\n\n<div>block</div>\n", false);
        assert_eq!(refused.diagnostics.len(), 3);
        assert_eq!(refused.diagnostics[0].message, "raw HTML is not allowed");
        assert!(!refused.html.contains("<b>"));
        let allowed = render_body("Hello <b>there</b>\n", true);
        assert!(allowed.diagnostics.is_empty());
        assert!(allowed.html.contains("<b>there</b>"));
    }

    #[test]
    fn vague_and_empty_link_text_is_reported() {
        let rendered = render_body("[click here](a.md) and [](b.md)\n", false);
        let found = messages(&rendered);
        assert!(found[0].0.contains("does not say where the link goes"));
        assert!(!rendered.diagnostics[0].is_error());
        assert_eq!(found[1].0, "link with no text");
    }

    #[test]
    fn signpost_shortcode_becomes_a_placeholder() {
        let rendered = render_body(
            "Before\n\n{{ signpost childline }}\n\nAfter {{ signpost x }}\n",
            false,
        );
        assert!(
            rendered.html.contains("<!--beacon:signpost:childline-->"),
            "{}",
            rendered.html
        );
        assert_eq!(
            rendered.shortcodes,
            vec![Shortcode {
                id: "childline".into(),
                pos: Pos::new(7, 1)
            }]
        );
    }

    #[test]
    fn alerts_tables_and_footnotes_render() {
        let rendered = render_body(
            "> [!IMPORTANT]\n> Call 999.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nNote[^1].\n\n[^1]: Footnote.\n",
            false,
        );
        assert!(
            rendered.html.contains("<div class=\"inset-text\">"),
            "{}",
            rendered.html
        );
        assert!(rendered.html.contains("<th>a</th>"));
        assert!(rendered.html.contains("footnote"));
    }

    #[test]
    fn empty_table_headers_and_bare_url_link_text_are_reported() {
        let rendered = render_body(
            "|   |   |\n|---|---|\n| 1 | 2 |\n\nSee [https://example.org](https://example.org).\n",
            false,
        );
        let found = messages(&rendered);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(
            found[0],
            ("table with an empty header row".to_string(), 5, 1)
        );
        assert!(found[1].0.contains("is a bare web address"), "{found:?}");
        assert!(!rendered.diagnostics[1].is_error());
    }

    #[test]
    fn the_outline_stops_at_its_limit_with_a_warning_at_the_first_section_left_out() {
        let body: String = (0..OUTLINE_MAX + 5)
            .map(|n| format!("## Part {n}\n\n"))
            .collect();
        let rendered = render_body(&body, false);
        assert_eq!(rendered.outline.len(), OUTLINE_MAX);
        assert_eq!(
            rendered.outline.last().unwrap().id,
            format!("part-{}", OUTLINE_MAX - 1)
        );
        assert_eq!(
            rendered.diagnostics.len(),
            1,
            "one warning, not one per section"
        );
        let warning = &rendered.diagnostics[0];
        assert!(!warning.is_error());
        assert!(warning
            .message
            .starts_with("this page has more than 60 sections"));
        assert_eq!(
            warning.line,
            5 + 2 * OUTLINE_MAX,
            "at the first section left out"
        );
        assert!(
            rendered
                .html
                .contains(&format!("<h2 id=\"part-{}\">", OUTLINE_MAX + 4)),
            "every section is still on the page"
        );
    }

    #[test]
    fn past_the_cap_problems_are_counted_into_one_error_at_the_first_of_them() {
        let body: String = (0..DIAGNOSTICS_PER_FILE + 50)
            .map(|n| format!("[x](missing-{n}.md)\n\n"))
            .collect();
        let rendered = render_body(&body, false);
        assert_eq!(rendered.diagnostics.len(), DIAGNOSTICS_PER_FILE + 1);
        let last = rendered.diagnostics.last().unwrap();
        assert!(last.is_error());
        assert_eq!(
            last.message,
            format!("50 more problem(s) in this file, not shown: only the first {DIAGNOSTICS_PER_FILE} are")
        );
        assert_eq!(
            (last.line, last.column),
            (2 * DIAGNOSTICS_PER_FILE + 5, 1),
            "at the first problem not shown"
        );
        let warnings_only: String = (0..DIAGNOSTICS_PER_FILE + 3)
            .map(|n| format!("[here](https://example.org/{n})\n\n"))
            .collect();
        let last = render_body(&warnings_only, false)
            .diagnostics
            .pop()
            .unwrap();
        assert!(!last.is_error(), "only warnings past the cap: a warning");
        assert!(
            last.message.starts_with("3 more problem(s)"),
            "{}",
            last.message
        );
    }

    #[test]
    fn prose_is_measured_with_lines() {
        let rendered = render_body("## Heading\n\nYou can talk to us. We will help.\n\n- One item here\n- Two items here\n", false);
        let stats = rendered.readability.expect("measured");
        assert_eq!(stats.sentences, 4);
        assert_eq!(stats.longest[0].line, 7);
    }

    #[test]
    fn a_service_cards_shortcode_is_no_sentence_to_measure() {
        let rendered = render_body(
            "You can talk to us.\n\n{{ signpost police-non-emergency }}\n",
            false,
        );
        let stats = rendered.readability.expect("measured");
        assert_eq!(stats.sentences, 1);
        assert!(stats.longest.iter().all(|s| !s.text.contains("signpost")));
    }

    #[test]
    fn alerts_are_warning_text_and_inset_text() {
        let rendered = render_body(
            "> [!WARNING]\n> Do not confront the person.\n\n> [!NOTE]\n> You do not need to be sure.\n",
            false,
        );
        let html = &rendered.html;
        assert!(html.contains("<div class=\"warning-text\">\n<span class=\"warning-text__icon\" aria-hidden=\"true\">!</span>\n<div class=\"warning-text__text\"><span class=\"visually-hidden\">Warning: </span>\n<p>Do not confront the person.</p>\n</div>\n</div>"), "{html}");
        assert!(
            html.contains("<div class=\"inset-text\">\n<p>You do not need to be sure.</p>\n</div>"),
            "{html}"
        );
        assert!(!html.contains("blockquote"), "{html}");
        assert!(rendered.diagnostics.is_empty());
    }

    #[test]
    fn a_details_block_has_its_summary_and_hidden_text() {
        let rendered = render_body(
            "> [!DETAILS] What is grooming?\n>\n> Grooming is when someone builds trust to [harm](signs.md) a child.\n>\n> - It can happen online.\n\nAfter.\n",
            false,
        );
        let html = &rendered.html;
        assert!(html.contains("<details class=\"details\">\n<summary class=\"details__summary\"><span class=\"details__summary-text\">What is grooming?</span></summary>\n<div class=\"details__text\">\n<p>Grooming is when someone builds trust to <a href=\"signs/\">harm</a> a child.</p>\n<ul>\n<li>It can happen online.</li>\n</ul>\n</div>\n</details>\n<p>After.</p>"), "{html}");
        assert!(
            rendered.diagnostics.is_empty(),
            "{:?}",
            rendered.diagnostics
        );
    }

    #[test]
    fn a_details_summary_line_may_run_straight_into_its_text() {
        let rendered = render_body(
            "> [!details] Who can I tell?\n> Any adult you trust.\n",
            false,
        );
        assert!(rendered.html.contains("<span class=\"details__summary-text\">Who can I tell?</span></summary>\n<div class=\"details__text\">\n<p>Any adult you trust.</p>\n</div>\n</details>"), "{}", rendered.html);
    }

    #[test]
    fn a_details_block_without_a_summary_is_an_error_at_its_line() {
        let rendered = render_body("Text.\n\n> [!DETAILS]\n>\n> Hidden.\n", false);
        assert_eq!(
            messages(&rendered),
            vec![("a details block with no summary".to_string(), 7, 1)]
        );
    }

    #[test]
    fn a_button_is_its_link_resolved_and_checked() {
        let rendered = render_body("> [!BUTTON]\n> [Report a concern](report.md)\n", false);
        assert!(rendered.html.contains("<p class=\"button-link\"><a class=\"button\" href=\"report/\">Report a concern</a></p>"), "{}", rendered.html);
        assert!(rendered.diagnostics.is_empty());
        let broken = render_body("> [!BUTTON] [Report](missing.md)\n", false);
        assert_eq!(
            messages(&broken),
            vec![("broken link to \"missing.md\"".to_string(), 5, 13)]
        );
        let vague = render_body("> [!BUTTON] [Click here](report.md)\n", false);
        assert_eq!(vague.diagnostics.len(), 1, "{:?}", vague.diagnostics);
    }

    #[test]
    fn a_button_with_more_than_its_link_is_an_error_and_stays_a_quote() {
        let rendered = render_body("> [!BUTTON] [Report](report.md) or call us.\n", false);
        assert_eq!(
            messages(&rendered),
            vec![("a button holds one link and nothing else".to_string(), 5, 1)]
        );
        assert!(rendered.html.contains("<blockquote>"));
    }

    #[test]
    fn a_plain_quote_stays_a_quote_and_its_shortcodes_and_links_still_work() {
        let rendered = render_body(
            "> A quote with [a link](signs.md).\n>\n> {{ signpost childline }}\n",
            false,
        );
        assert!(
            rendered
                .html
                .starts_with("<blockquote>\n<p>A quote with <a href=\"signs/\">a link</a>.</p>"),
            "{}",
            rendered.html
        );
        assert_eq!(rendered.shortcodes.len(), 1);
        assert!(rendered.html.trim_end().ends_with("</blockquote>"));
    }

    #[test]
    fn vague_link_text_is_caught_anywhere_and_new_window_claims_are_warned() {
        let warned = |text: &str| {
            let rendered = render_body(&format!("See [{text}](signs.md).\n"), false);
            rendered
                .diagnostics
                .iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
        };
        for vague in [
            "click here to view the fact sheet",
            "Read more",
            "Find out more",
            "Details here",
            "this link",
            "here is the leaflet",
        ] {
            assert_eq!(
                warned(vague),
                vec![format!(
                    "link text \"{vague}\" does not say where the link goes"
                )],
                "{vague}"
            );
        }
        for clear in [
            "the signs of exploitation",
            "help here in Northfield",
            "more about grooming",
            "Where to get help",
        ] {
            assert!(warned(clear).is_empty(), "{clear}: {:?}", warned(clear));
        }
        assert_eq!(
            warned("the NSPCC's advice (opens in new window)"),
            vec!["link text \"the NSPCC’s advice (opens in new window)\" says it opens a new window, but Beacon never opens one".to_string()]
        );
    }
}
