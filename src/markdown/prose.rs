//! The page's prose as plain text, paragraph by paragraph and list item by
//! list item, with where each piece of it starts in the body: what
//! `readability` measures.

use pulldown_cmark::{Event, Tag, TagEnd};

/// One block being gathered: its text, and (offset in the text, byte
/// offset in the body) where each piece of it starts.
#[derive(Default)]
pub(super) struct Gathered {
    /// The block's plain text.
    pub(super) text: String,
    /// Where each piece starts.
    pub(super) anchors: Vec<(usize, usize)>,
}

/// Paragraphs and list items as plain text, for the reading level.
#[derive(Default)]
pub(super) struct Prose {
    current: Option<Gathered>,
    blocks: Vec<Gathered>,
    in_image: usize,
}

impl Prose {
    /// Follows one parser event, which starts at byte `offset` of the body.
    pub(super) fn follow(&mut self, event: &Event<'_>, offset: usize) {
        match event {
            Event::Start(Tag::Paragraph | Tag::Item) => {
                self.finish();
                self.current = Some(Gathered::default());
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item) => self.finish(),
            Event::Start(Tag::Image { .. }) => self.in_image += 1,
            Event::End(TagEnd::Image) => self.in_image = self.in_image.saturating_sub(1),
            Event::Text(_) | Event::Code(_) if self.in_image > 0 => {}
            Event::Text(text) | Event::Code(text) => {
                if let Some(block) = &mut self.current {
                    block.anchors.push((block.text.len(), offset));
                    block.text.push_str(text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(block) = &mut self.current {
                    block.text.push(' ');
                }
            }
            _ => {}
        }
    }

    /// Each finished block that has any text.
    pub(super) fn blocks(&self) -> &[Gathered] {
        &self.blocks
    }

    /// Keeps the open block, unless it has no text or is a service card's
    /// shortcode (`{{ signpost id }}`), which is no sentence to measure.
    fn finish(&mut self) {
        if let Some(block) = self.current.take() {
            let text = &block.text;
            if !text.trim().is_empty() && super::walk::shortcode_id(text).is_none() {
                self.blocks.push(block);
            }
        }
    }
}
