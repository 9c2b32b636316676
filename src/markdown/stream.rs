//! The parser's events as the iterator the HTML writer reads, through the
//! walker: each event goes on at once unless its handling needs what
//! follows it (a heading, image, link, table head or plain blockquote,
//! which may be a component, held to its end; a paragraph, held while it
//! could still be a signpost shortcode).

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::walk::Walker;

/// The longest paragraph still held as a possible `{{ signpost <id> }}`.
const SHORTCODE_MAX: usize = 256;

/// What the stream is holding back, and why.
#[derive(Clone, Copy)]
enum Holding {
    Nothing,
    /// A paragraph of text only, so far: it may be a shortcode.
    Paragraph {
        text: usize,
    },
    /// An element up to its end, `depth` levels still open.
    Element {
        depth: usize,
    },
}

/// The parser's events, checked and rewritten by the walker, as the
/// iterator the HTML writer reads.
pub(super) struct Stream<'a, 'o, I> {
    parser: I,
    walker: Walker<'a, 'o>,
    held: Vec<(Event<'a>, Range<usize>)>,
    holding: Holding,
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Stream<'a, '_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.walker.out.pop_front() {
                return Some(event);
            }
            match self.parser.next() {
                Some((event, range)) => self.feed(event, range),
                None if self.held.is_empty() => return None,
                None => self.release(),
            }
        }
    }
}

impl<'a, 'o, I> Stream<'a, 'o, I> {
    /// The events of `parser` (with their byte ranges), through `walker`.
    pub(super) fn new(parser: I, walker: Walker<'a, 'o>) -> Self {
        Stream {
            parser,
            walker,
            held: Vec::new(),
            holding: Holding::Nothing,
        }
    }

    /// The walker, once the stream is read to its end.
    pub(super) fn into_walker(self) -> Walker<'a, 'o> {
        self.walker
    }

    fn feed(&mut self, event: Event<'a>, range: Range<usize>) {
        self.walker.follow_prose(&event, &range);
        match self.holding {
            Holding::Nothing => self.begin(event, range),
            Holding::Element { depth } => self.feed_element(depth, event, range),
            Holding::Paragraph { text } => self.feed_paragraph(text, event, range),
        }
    }

    /// Handles an event when nothing is held: holds it if its handling
    /// needs what follows.
    fn begin(&mut self, event: Event<'a>, range: Range<usize>) {
        self.holding = match event {
            Event::Start(Tag::Paragraph) => Holding::Paragraph { text: 0 },
            Event::Start(
                Tag::Heading { .. }
                | Tag::Image { .. }
                | Tag::Link { .. }
                | Tag::TableHead
                | Tag::BlockQuote(None),
            ) => Holding::Element { depth: 1 },
            _ => {
                self.walker.step(&[(event, range)], 0);
                return;
            }
        };
        self.held.push((event, range));
    }

    /// Holds an event inside an element `depth` levels deep; releases the
    /// element at its end.
    fn feed_element(&mut self, depth: usize, event: Event<'a>, range: Range<usize>) {
        let depth = match event {
            Event::Start(_) => depth + 1,
            Event::End(_) => depth - 1,
            _ => depth,
        };
        self.held.push((event, range));
        self.holding = Holding::Element { depth };
        if depth == 0 {
            self.release();
        }
    }

    /// Holds an event inside a paragraph of `text` bytes so far while it
    /// may still be a shortcode; otherwise lets the paragraph go as it is.
    fn feed_paragraph(&mut self, text: usize, event: Event<'a>, range: Range<usize>) {
        match &event {
            Event::Text(part) if text + part.len() <= SHORTCODE_MAX => {
                self.holding = Holding::Paragraph {
                    text: text + part.len(),
                };
                self.held.push((event, range));
            }
            Event::End(TagEnd::Paragraph) => {
                self.held.push((event, range));
                self.release();
            }
            _ => {
                self.release_as_plain_paragraph();
                self.begin(event, range);
            }
        }
    }

    /// Walks what is held, now whole.
    fn release(&mut self) {
        let held = std::mem::take(&mut self.held);
        let mut index = 0;
        while index < held.len() {
            index = self.walker.step(&held, index);
        }
        self.reuse(held);
    }

    /// A held paragraph turned out not to be a shortcode: its start and
    /// text go out as they are.
    fn release_as_plain_paragraph(&mut self) {
        let held = std::mem::take(&mut self.held);
        let mut index = 0;
        if let Some((event @ Event::Start(Tag::Paragraph), _)) = held.first() {
            self.walker.out.push_back(event.clone());
            index = 1;
        }
        while index < held.len() {
            index = self.walker.step(&held, index);
        }
        self.reuse(held);
    }

    fn reuse(&mut self, mut held: Vec<(Event<'a>, Range<usize>)>) {
        held.clear();
        self.held = held;
        self.holding = Holding::Nothing;
    }
}
