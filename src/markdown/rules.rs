//! The content rules a page must meet before it is published (alt text,
//! link text, heading levels, table headers, no raw HTML unless allowed),
//! and the cap on how many problems one page reports in full.

use super::walk::Walker;
use super::DIAGNOSTICS_PER_FILE;
use crate::base::diagnostic::{Diagnostic, Pos};

/// Link texts that say nothing about where the link goes, as the whole text.
const VAGUE_LINK_TEXT: [&str; 8] = [
    "click here",
    "here",
    "read more",
    "more",
    "link",
    "this",
    "find out more",
    "this link",
];

/// Phrases that make any link text vague wherever they stand in it
/// ("click here to view the fact sheet").
const VAGUE_ANYWHERE: [&str; 4] = ["click here", "tap here", "this link", "read more"];

/// Words that make a link text vague at its end ("Details here", "Find
/// out more"), but not inside it ("help here in Northfield", "more about
/// grooming"); "here" at its start too ("here is the leaflet").
const VAGUE_AT_END: [&str; 2] = ["here", "more"];

/// The problems past [`DIAGNOSTICS_PER_FILE`]: how many, whether any is an
/// error, and where the first is.
#[derive(Default)]
pub(super) struct Unshown {
    count: usize,
    any_error: bool,
    first: Option<Pos>,
}

impl Walker<'_, '_> {
    /// Reports an error at `pos`, while the page has room for it.
    pub(super) fn error(&mut self, pos: Pos, message: String, hint: &str) {
        if self.has_room(pos, true) {
            self.rendered.diagnostics.push(
                Diagnostic::error(self.options.source, message)
                    .at_pos(pos)
                    .with_hint(hint),
            );
        }
    }

    /// Reports a warning at `pos`, while the page has room for it.
    pub(super) fn warning(&mut self, pos: Pos, message: String, hint: &str) {
        if self.has_room(pos, false) {
            self.rendered.diagnostics.push(
                Diagnostic::warning(self.options.source, message)
                    .at_pos(pos)
                    .with_hint(hint),
            );
        }
    }

    /// True while the page may report another problem in full; otherwise
    /// counts it for [`Walker::close_unshown`].
    fn has_room(&mut self, pos: Pos, is_error: bool) -> bool {
        if self.rendered.diagnostics.len() < DIAGNOSTICS_PER_FILE {
            return true;
        }
        self.unshown.count += 1;
        self.unshown.any_error |= is_error;
        self.unshown.first.get_or_insert(pos);
        false
    }

    /// One diagnostic for every problem past the cap, at the first of them:
    /// an error when any of them is one, so the build still fails.
    pub(super) fn close_unshown(&mut self) {
        let Some(first) = self.unshown.first else {
            return;
        };
        let message = format!(
            "{} more problem(s) in this file, not shown: only the first {DIAGNOSTICS_PER_FILE} are",
            self.unshown.count
        );
        let diagnostic = if self.unshown.any_error {
            Diagnostic::error(self.options.source, message)
        } else {
            Diagnostic::warning(self.options.source, message)
        };
        self.rendered.diagnostics.push(
            diagnostic
                .at_pos(first)
                .with_hint("fix the ones above and build again to see the rest"),
        );
    }

    /// Checks a heading's level (one h1, the page title; no level skipped)
    /// and that it has text.
    pub(super) fn check_heading(&mut self, level: u8, text: &str, pos: Pos) {
        if level == 1 {
            self.error(
                pos,
                "a second h1: the page title is the page's only h1".into(),
                "start sections at `##`",
            );
        } else if level > self.last_level + 1 {
            let wanted = "#".repeat(usize::from(self.last_level + 1));
            self.error(
                pos,
                format!("heading level skipped: h{level} after h{}", self.last_level),
                &format!("use `{wanted}` here, or add the missing level above"),
            );
        }
        self.last_level = level;
        if text.trim().is_empty() {
            self.error(
                pos,
                "empty heading".into(),
                "give the heading some text, or remove it",
            );
        }
    }

    /// Checks alt text; returns true when the image is marked decorative.
    pub(super) fn image_alt(&mut self, alt: &str, pos: Pos) -> bool {
        if matches!(alt, "\"\"" | "\u{201c}\u{201d}" | "\u{201d}\u{201d}") {
            return true;
        }
        let hint = "describe what the image shows: ![A parent talking with a teenager](talk.jpg); for a purely decorative image write ![\"\"](file.svg)";
        if alt.is_empty() {
            self.error(pos, "image without alt text".into(), hint);
        } else if looks_like_file_name(alt) {
            self.error(pos, format!("alt text \"{alt}\" is a file name"), hint);
        } else if starts_with_image_of(alt) {
            self.warning(
                pos,
                format!("alt text \"{alt}\" starts with \"image of\""),
                "screen readers already say it is an image: describe what it shows",
            );
        }
        false
    }

    /// Checks that a link's text says where it goes.
    pub(super) fn link_text(&mut self, text: &str, pos: Pos) {
        if text.is_empty() {
            self.error(
                pos,
                "link with no text".into(),
                "write text that says where the link goes",
            );
        } else if ["http://", "https://", "www."]
            .iter()
            .any(|prefix| text.to_lowercase().starts_with(prefix))
        {
            self.warning(
                pos,
                format!("link text \"{text}\" is a bare web address"),
                "screen readers spell addresses out: name the site instead, like [Childline's website](https://www.childline.org.uk)",
            );
        } else if is_vague(text) {
            self.warning(
                pos,
                format!("link text \"{text}\" does not say where the link goes"),
                "use the name of the page or what it does, like [the signs of exploitation](signs.md)",
            );
        }
        if says_new_window(text) {
            self.warning(
                pos,
                format!("link text \"{text}\" says it opens a new window, but Beacon never opens one"),
                "remove \"(opens in a new window)\": screen-reader users would expect a window that never opens",
            );
        }
    }

    /// Checks that a table's header row, whose text is `text`, has any.
    pub(super) fn table_head(&mut self, text: &str, pos: Pos) {
        if text.trim().is_empty() {
            self.error(
                pos,
                "table with an empty header row".into(),
                "give every column a heading: screen readers read it out with each cell",
            );
        }
    }

    /// Refuses raw HTML unless the site allows it.
    pub(super) fn raw_html(&mut self, pos: Pos) {
        if !self.options.allow_html {
            self.error(
                pos,
                "raw HTML is not allowed".into(),
                "write it in Markdown; or, if you must, set `markdown: { allow_html: true }` in site.yaml (embeds and scripts can track visitors)",
            );
        }
    }
}

/// The words of a link text, lower-cased, without punctuation.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// True when a link text says nothing about where it goes: a vague text
/// as a whole, a vague phrase anywhere, or "here"/"more" at either end.
fn is_vague(text: &str) -> bool {
    let words = words(text);
    let joined = words.join(" ");
    let phrase_in = |phrase: &str| {
        joined == phrase
            || joined.starts_with(&format!("{phrase} "))
            || joined.ends_with(&format!(" {phrase}"))
            || joined.contains(&format!(" {phrase} "))
    };
    VAGUE_LINK_TEXT.contains(&joined.as_str())
        || VAGUE_ANYWHERE.iter().any(|phrase| phrase_in(phrase))
        || words
            .last()
            .is_some_and(|last| VAGUE_AT_END.contains(&last.as_str()))
        || words.first().is_some_and(|first| first == "here")
}

/// True when a link text promises a new window or tab ("(opens in new
/// window)", "opens in a new tab").
fn says_new_window(text: &str) -> bool {
    let joined = words(text).join(" ");
    [
        "new window",
        "new tab",
        "new browser window",
        "new browser tab",
    ]
    .iter()
    .any(|phrase| joined.contains(phrase))
}

/// True when alt text is only an image's file name.
fn looks_like_file_name(alt: &str) -> bool {
    let lower = alt.to_lowercase();
    !lower.contains(' ')
        && [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

/// True when alt text opens by saying it is an image.
fn starts_with_image_of(alt: &str) -> bool {
    let lower = alt.to_lowercase();
    ["image of", "picture of", "photo of", "graphic of"]
        .iter()
        .any(|prefix| lower.starts_with(prefix))
}
