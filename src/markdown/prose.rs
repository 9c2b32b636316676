//! The page's prose as plain text, paragraph by paragraph and list item by
//! list item, with the line each starts on: what `readability` measures.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Paragraphs and list items as plain text, for the reading level.
#[derive(Default)]
pub(super) struct Prose {
    current: Option<(usize, String)>,
    blocks: Vec<(usize, String)>,
    in_image: usize,
}

impl Prose {
    /// Follows one parser event; `line` gives the line it starts on, asked
    /// only when a block opens.
    pub(super) fn follow(&mut self, event: &Event<'_>, line: impl Fn() -> usize) {
        match event {
            Event::Start(Tag::Paragraph | Tag::Item) => {
                self.finish();
                self.current = Some((line(), String::new()));
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) => self.finish(),
            Event::Start(Tag::Image { .. }) => self.in_image += 1,
            Event::End(TagEnd::Image) => self.in_image = self.in_image.saturating_sub(1),
            Event::Text(_) | Event::Code(_) if self.in_image > 0 => {}
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, block)) = &mut self.current {
                    block.push_str(text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, block)) = &mut self.current {
                    block.push(' ');
                }
            }
            _ => {}
        }
    }

    /// Each finished block that has any text: the line it starts on and
    /// its text.
    pub(super) fn blocks(&self) -> impl Iterator<Item = (usize, &str)> {
        self.blocks
            .iter()
            .map(|(line, text)| (*line, text.as_str()))
    }

    /// Keeps the open block, unless it has no text or is a service card's
    /// shortcode (`{{ signpost id }}`), which is no sentence to measure.
    fn finish(&mut self) {
        if let Some((line, text)) = self.current.take() {
            if !text.trim().is_empty() && super::walk::shortcode_id(&text).is_none() {
                self.blocks.push((line, text));
            }
        }
    }
}
