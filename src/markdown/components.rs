//! Components written in Markdown, rendered the GOV.UK way without raw
//! HTML (see docs/writing-pages.md):
//!
//! - GitHub's alerts: `> [!WARNING]` (and `[!CAUTION]`) become warning
//!   text, `> [!NOTE]` (and `[!TIP]`, `[!IMPORTANT]`) inset text;
//! - `> [!DETAILS] What is grooming?` is a details disclosure: its first
//!   line is the summary, the rest of the quote the hidden text;
//! - `> [!BUTTON] [Report a concern](/get-help/)` is a call-to-action link
//!   styled as a button (a link, since it goes somewhere);
//! - `> [!VIDEO]` and `> [!AUDIO]` are players (`media`).
//!
//! The stream holds a plain blockquote to its end, so its first line can
//! be read before anything is written; every other quote stays a quote.

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

use super::media::Media;
use super::walk::{end_of, inner_text, Events, Walker};
use super::LinkKind;
use crate::base::escape::escape_html;

/// What an open blockquote became, to close it the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Quote {
    /// A quote.
    Plain,
    /// `[!DETAILS]`.
    Details,
    /// `[!BUTTON]`, `[!VIDEO]`, `[!AUDIO]`: written whole at its start.
    Whole,
}

/// The markers a plain blockquote may open with.
const DETAILS: &str = "[!DETAILS]";
const BUTTON: &str = "[!BUTTON]";

impl<'a> Walker<'a, '_> {
    /// An alert's start or end: warning text or inset text.
    pub(super) fn alert(&mut self, kind: BlockQuoteKind, start: bool) {
        let warning = matches!(kind, BlockQuoteKind::Warning | BlockQuoteKind::Caution);
        let html = match (warning, start) {
            (true, true) => format!(
                "<div class=\"warning-text\">\n<span class=\"warning-text__icon\" aria-hidden=\"true\">!</span>\n<div class=\"warning-text__text\"><span class=\"visually-hidden\">{}: </span>\n",
                escape_html(self.options.warning_label)
            ),
            (true, false) => "</div>\n</div>\n".to_string(),
            (false, true) => "<div class=\"inset-text\">\n".to_string(),
            (false, false) => "</div>\n".to_string(),
        };
        self.out.push_back(Event::Html(CowStr::from(html)));
    }

    /// A plain blockquote's start, the whole quote held: a details block, a
    /// button, or a quote. Returns the index of the next event to walk.
    pub(super) fn start_quote(&mut self, events: &Events<'a>, index: usize) -> usize {
        let (first_line, after) = first_line(events, index);
        let marker = |name: &str| {
            first_line
                .get(..name.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(name))
        };
        if marker(DETAILS) {
            return self.open_details(events, index, first_line[DETAILS.len()..].trim(), after);
        }
        for media in [Media::Video, Media::Audio] {
            let name = media.marker();
            if marker(name) {
                let words = first_line[name.len()..].trim();
                if !words.is_empty() {
                    self.words_before_media(media, words, events[index].1.start);
                }
                return self.media(events, (index, after), media);
            }
        }
        if marker(BUTTON) && first_line[BUTTON.len()..].trim().is_empty() {
            if let Some(next) = self.button(events, index, after) {
                return next;
            }
        }
        self.quotes.push(Quote::Plain);
        self.out.push_back(events[index].0.clone());
        index + 1
    }

    /// A plain blockquote's end, closed as it was opened.
    pub(super) fn end_quote(&mut self, event: &Event<'a>) {
        match self.quotes.pop() {
            Some(Quote::Details) => self
                .out
                .push_back(Event::Html(CowStr::from("</div>\n</details>\n"))),
            Some(Quote::Whole) => {}
            Some(Quote::Plain) | None => self.out.push_back(event.clone()),
        }
    }

    /// Opens `<details>` with `summary`; the rest of the first paragraph,
    /// from `after`, starts the hidden text.
    fn open_details(
        &mut self,
        events: &Events<'a>,
        index: usize,
        summary: &str,
        after: usize,
    ) -> usize {
        if summary.is_empty() {
            let pos = self.pos(events[index].1.start);
            self.error(
                pos,
                "a details block with no summary".into(),
                "write the summary on the first line: `> [!DETAILS] What is grooming?`, then the hidden text on the lines after it",
            );
        }
        self.quotes.push(Quote::Details);
        self.out.push_back(Event::Html(CowStr::from(format!(
            "<details class=\"details\">\n<summary class=\"details__summary\"><span class=\"details__summary-text\">{}</span></summary>\n<div class=\"details__text\">\n",
            escape_html(summary)
        ))));
        match &events[after].0 {
            // The summary was the whole first paragraph.
            Event::End(TagEnd::Paragraph) => after + 1,
            Event::SoftBreak | Event::HardBreak => {
                self.out.push_back(Event::Start(Tag::Paragraph));
                after + 1
            }
            _ => {
                self.out.push_back(Event::Start(Tag::Paragraph));
                after
            }
        }
    }

    /// `> [!BUTTON] [text](dest)`: the link as a button, when the quote
    /// holds that link and nothing else; otherwise an error, and `None`
    /// so it is written as a quote.
    fn button(&mut self, events: &Events<'a>, index: usize, after: usize) -> Option<usize> {
        let quote_end = end_of(events, index);
        let pos = self.pos(events[index].1.start);
        let link = (after..quote_end).find(|&i| !is_blank(&events[i].0));
        let shape = link.and_then(|link| match &events[link].0 {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let link_end = end_of(events, link);
                let rest_blank = events[link_end + 1..quote_end].iter().all(|(event, _)| {
                    is_blank(event) || matches!(event, Event::End(TagEnd::Paragraph))
                });
                rest_blank.then(|| (link, dest_url.clone()))
            }
            _ => None,
        });
        let Some((link, dest)) = shape else {
            self.error(
                pos,
                "a button holds one link and nothing else".into(),
                "write `> [!BUTTON] [Report a concern](../react/report.md)`: the link's text is the button's",
            );
            return None;
        };
        let text = inner_text(events, link);
        let link_pos = self.pos(events[link].1.start);
        self.link_text(text.trim(), link_pos);
        let href = self.resolve(&dest, LinkKind::Link, link_pos);
        self.quotes.push(Quote::Whole);
        self.out.push_back(Event::Html(CowStr::from(format!(
            "<p class=\"button-link\"><a class=\"button\" href=\"{}\">{}</a></p>\n",
            escape_html(&href),
            escape_html(text.trim())
        ))));
        Some(quote_end)
    }
}

/// The text a quote's first paragraph opens with, up to its first line
/// break or inline element, and the index of the event that ended it.
fn first_line(events: &Events<'_>, index: usize) -> (String, usize) {
    let mut text = String::new();
    let mut at = index + 1;
    if !matches!(events.get(at), Some((Event::Start(Tag::Paragraph), _))) {
        return (text, at);
    }
    at += 1;
    while let Some((Event::Text(part), _)) = events.get(at) {
        text.push_str(part);
        at += 1;
    }
    (text, at.min(events.len() - 1))
}

/// Whitespace only: a line break or blank text.
fn is_blank(event: &Event<'_>) -> bool {
    match event {
        Event::SoftBreak | Event::HardBreak => true,
        Event::Text(text) => text.trim().is_empty(),
        _ => false,
    }
}
