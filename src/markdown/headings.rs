//! Heading ids and the "on this page" outline: each heading gets a unique
//! id (its own `{#id}` or a slug of its text, never one the theme uses),
//! and h2s and h3s are listed up to [`OUTLINE_MAX`].

use pulldown_cmark::HeadingLevel;

use super::walk::Walker;
use super::{heading_slug, Heading, OUTLINE_MAX};
use crate::base::diagnostic::Pos;

/// Ids the theme uses, which headings must not take.
pub(super) const RESERVED_IDS: [&str; 4] = ["main-content", "top", "quick-exit", "help"];

impl Walker<'_, '_> {
    /// Checks a heading's level and text; returns its unique id.
    pub(super) fn heading(
        &mut self,
        level: HeadingLevel,
        explicit: Option<&str>,
        text: &str,
        pos: Pos,
    ) -> String {
        let level = level as u8;
        self.check_heading(level, text, pos);
        let id = self.unique_id(explicit.map_or_else(|| heading_slug(text), str::to_string));
        if (2..=3).contains(&level) {
            self.add_to_outline(level, &id, text, pos);
        }
        id
    }

    /// Lists an h2 or h3 in the outline while it has room; warns once at
    /// the first that does not fit.
    fn add_to_outline(&mut self, level: u8, id: &str, text: &str, pos: Pos) {
        match self.rendered.outline.len().cmp(&OUTLINE_MAX) {
            std::cmp::Ordering::Less => self.rendered.outline.push(Heading {
                level,
                id: id.to_string(),
                text: text.trim().to_string(),
            }),
            std::cmp::Ordering::Equal if !self.outline_full => {
                self.outline_full = true;
                self.warning(
                    pos,
                    format!("this page has more than {OUTLINE_MAX} sections: its contents list stops before this one"),
                    "split it into shorter pages: someone worried reads one short page, not a long one",
                );
            }
            _ => {}
        }
    }

    /// `base` (or `section` when it is empty), with the first free suffix
    /// when it is taken.
    fn unique_id(&mut self, base: String) -> String {
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        let mut id = base.clone();
        let counter = self.next_suffix.entry(base.clone()).or_insert(2);
        while !self.ids.insert(id.clone()) {
            id = format!("{base}-{counter}");
            *counter += 1;
        }
        id
    }
}
