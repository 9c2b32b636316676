//! Markdown to HTML with pulldown-cmark: unique heading ids and an outline
//! for "on this page", links and images resolved through a [`Resolve`]
//! implementation, and the content rules that must hold before a page is
//! published (alt text, heading levels, link text, raw HTML).
//!
//! Signpost shortcodes: a paragraph that is exactly `{{ signpost <id> }}`
//! becomes the placeholder returned by [`shortcode_placeholder`], which the
//! render stage replaces with the service's card.

pub mod readability;

use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options as ParserOptions, Parser, Tag, TagEnd};

use crate::base::diagnostic::{Diagnostic, Pos};
use readability::Stats;

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
}

/// A heading for the "on this page" outline.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 2 or 3.
    pub level: u8,
    /// The unique id given to the heading.
    pub id: String,
    /// Its text.
    pub text: String,
}

/// A signpost shortcode found in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
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
}

/// A rendered page body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
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
    /// The image it shares (its `image:`), resolved like an image in its
    /// body; filled by `render`, `None` when it names none or it is broken.
    pub shared_image: Option<SharedImage>,
}

/// A page's `image:` once resolved: the file and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// Ids the theme uses, which headings must not take.
const RESERVED_IDS: [&str; 4] = ["main-content", "top", "quick-exit", "help"];

/// Link texts that say nothing about where the link goes.
const VAGUE_LINK_TEXT: [&str; 6] = ["click here", "here", "read more", "more", "link", "this"];

/// The HTML comment that stands for a signpost card until render fills it.
pub fn shortcode_placeholder(id: &str) -> String {
    format!("<!--beacon:signpost:{id}-->")
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
    let mut stream = Stream {
        parser: Parser::new_ext(markdown, parser_options()).into_offset_iter(),
        walker: Walker {
            options,
            lines: LineIndex::new(markdown),
            out: VecDeque::new(),
            rendered: Rendered::default(),
            ids: RESERVED_IDS.iter().map(|id| id.to_string()).collect(),
            next_suffix: HashMap::new(),
            last_level: 1,
            outline_full: false,
            download_label: None,
            prose: Prose::default(),
            unshown: Unshown::default(),
        },
        held: Vec::new(),
        holding: Holding::Nothing,
    };
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, &mut stream);
    let mut walker = stream.walker;
    if options.measure_readability {
        let blocks = walker
            .prose
            .blocks
            .iter()
            .map(|(line, text)| (*line, text.as_str()));
        walker.rendered.readability = Some(readability::measure(blocks));
    }
    walker.close_unshown();
    walker.rendered.html = html;
    walker.rendered
}

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
struct Stream<'a, 'o, I> {
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

impl<'a, I> Stream<'a, '_, I> {
    fn feed(&mut self, event: Event<'a>, range: Range<usize>) {
        let walker = &mut self.walker;
        if walker.options.measure_readability {
            let (lines, body_line) = (&walker.lines, walker.options.body_line);
            walker
                .prose
                .follow(&event, || lines.position(range.start).0 + body_line - 1);
        }
        match self.holding {
            Holding::Nothing => self.begin(event, range),
            Holding::Element { depth } => {
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
            Holding::Paragraph { text } => match &event {
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
            },
        }
    }

    /// Handles an event when nothing is held: holds it if its handling
    /// needs what follows.
    fn begin(&mut self, event: Event<'a>, range: Range<usize>) {
        self.holding = match event {
            Event::Start(Tag::Paragraph) => Holding::Paragraph { text: 0 },
            Event::Start(
                Tag::Heading { .. } | Tag::Image { .. } | Tag::Link { .. } | Tag::TableHead,
            ) => Holding::Element { depth: 1 },
            _ => {
                self.walker.step(&[(event, range)], 0);
                return;
            }
        };
        self.held.push((event, range));
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

struct Walker<'a, 'o> {
    options: &'o Options<'o>,
    lines: LineIndex,
    out: VecDeque<Event<'a>>,
    rendered: Rendered,
    ids: HashSet<String>,
    /// For each base id, the next suffix to try, so a thousand headings
    /// with the same text stay linear (the search does not restart at -2).
    next_suffix: HashMap<String, usize>,
    last_level: u8,
    outline_full: bool,
    /// The type and size to close the open download link with.
    download_label: Option<String>,
    prose: Prose,
    unshown: Unshown,
}

/// The problems past [`DIAGNOSTICS_PER_FILE`]: how many, whether any is an
/// error, and where the first is.
#[derive(Default)]
struct Unshown {
    count: usize,
    any_error: bool,
    first: Option<Pos>,
}

/// Paragraphs and list items as plain text, for the reading level.
#[derive(Default)]
struct Prose {
    current: Option<(usize, String)>,
    blocks: Vec<(usize, String)>,
    in_image: usize,
}

impl Prose {
    fn follow(&mut self, event: &Event<'_>, line: impl Fn() -> usize) {
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

    fn finish(&mut self) {
        if let Some((line, text)) = self.current.take() {
            if !text.trim().is_empty() {
                self.blocks.push((line, text));
            }
        }
    }
}

type Events<'a> = [(Event<'a>, Range<usize>)];

impl<'a> Walker<'a, '_> {
    /// Handles the event at `index`; returns the index of the next one.
    fn step(&mut self, events: &Events<'a>, index: usize) -> usize {
        let (event, range) = &events[index];
        // Only the events that may report something need their line and
        // column: finding them for every event is a tenth of the work.
        let needs_pos = matches!(
            event,
            Event::Start(
                Tag::Heading { .. }
                    | Tag::Image { .. }
                    | Tag::Link { .. }
                    | Tag::Paragraph
                    | Tag::TableHead
                    | Tag::HtmlBlock
            ) | Event::InlineHtml(_)
        );
        let pos = if needs_pos {
            self.pos(range.start)
        } else {
            Pos::default()
        };
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let text = inner_text(events, index);
                let id = self.heading(*level, id.as_deref(), &text, pos);
                self.out.push_back(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(id)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let alt = inner_text(events, index);
                let decorative = self.image_alt(alt.trim(), pos);
                let dest = self.resolve(dest_url, LinkKind::Image, pos);
                self.out.push_back(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: dest,
                    title: title.clone(),
                    id: id.clone(),
                }));
                if decorative {
                    self.out.push_back(Event::End(TagEnd::Image));
                    return end_of(events, index) + 1;
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let text = inner_text(events, index);
                self.link_text(text.trim(), pos);
                let dest = match link_type {
                    pulldown_cmark::LinkType::Email => dest_url.clone(),
                    _ => self.resolve(dest_url, LinkKind::Link, pos),
                };
                let download = match link_type {
                    pulldown_cmark::LinkType::Email => None,
                    _ => self.options.resolver.download(dest_url),
                };
                if let Some(label) = download {
                    self.open_download_link(&dest, title, &label);
                    return index + 1;
                }
                self.out.push_back(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: dest,
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Start(Tag::Paragraph) => {
                if let Some(id) = shortcode(events, index) {
                    self.out
                        .push_back(Event::Html(CowStr::from(shortcode_placeholder(&id))));
                    self.rendered.shortcodes.push(Shortcode { id, pos });
                    return end_of(events, index) + 1;
                }
                self.out.push_back(event.clone());
            }
            Event::Start(Tag::TableHead) => {
                if inner_text(events, index).trim().is_empty() {
                    self.error(
                        pos,
                        "table with an empty header row".into(),
                        "give every column a heading: screen readers read it out with each cell",
                    );
                }
                self.out.push_back(event.clone());
            }
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) => {
                self.raw_html(pos);
                self.out.push_back(self.html_event(event));
            }
            Event::Html(_) => self.out.push_back(self.html_event(event)),
            Event::End(TagEnd::Link) => match self.download_label.take() {
                // The type and size inside the link, so they are part of
                // what a screen reader reads out for it.
                Some(text) => self.out.push_back(Event::InlineHtml(CowStr::from(format!(
                    " <span class=\"download-meta\">({text})</span></a>"
                )))),
                None => self.out.push_back(event.clone()),
            },
            _ => self.out.push_back(event.clone()),
        }
        index + 1
    }

    fn pos(&self, offset: usize) -> Pos {
        let (line, column) = self.lines.position(offset);
        Pos::new(line + self.options.body_line - 1, column)
    }

    fn error(&mut self, pos: Pos, message: String, hint: &str) {
        if self.has_room(pos, true) {
            self.rendered.diagnostics.push(
                Diagnostic::error(self.options.source, message)
                    .at_pos(pos)
                    .with_hint(hint),
            );
        }
    }

    fn warning(&mut self, pos: Pos, message: String, hint: &str) {
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
    fn close_unshown(&mut self) {
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

    /// Checks a heading's level and text; returns its unique id.
    fn heading(
        &mut self,
        level: HeadingLevel,
        explicit: Option<&str>,
        text: &str,
        pos: Pos,
    ) -> String {
        let level = level as u8;
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

    /// Checks alt text; returns true when the image is marked decorative.
    fn image_alt(&mut self, alt: &str, pos: Pos) -> bool {
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

    fn link_text(&mut self, text: &str, pos: Pos) {
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
        } else if VAGUE_LINK_TEXT.contains(&text.to_lowercase().trim_end_matches('.')) {
            self.warning(
                pos,
                format!("link text \"{text}\" does not say where the link goes"),
                "use the name of the page or what it does, like [the signs of exploitation](signs.md)",
            );
        }
    }

    fn resolve(&mut self, dest: &CowStr<'a>, kind: LinkKind, pos: Pos) -> CowStr<'a> {
        match self.options.resolver.resolve(dest, kind) {
            Ok(url) if url == dest.as_ref() => dest.clone(),
            Ok(url) => CowStr::from(url),
            Err(error) => {
                let hint = error.hint.clone().unwrap_or_else(|| {
                    "link to the Markdown file, like [the signs](../recognise/signs.md)".into()
                });
                self.error(pos, error.message, &hint);
                dest.clone()
            }
        }
    }

    /// Opens a link to a file visitors download with its media type, and
    /// keeps its label for the link's end.
    fn open_download_link(
        &mut self,
        href: &str,
        title: &str,
        label: &crate::load::downloads::Label,
    ) {
        let title = if title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", crate::base::escape::escape_html(title))
        };
        self.out.push_back(Event::InlineHtml(CowStr::from(format!(
            "<a href=\"{}\" type=\"{}\"{title}>",
            crate::base::escape::escape_html(href),
            label.media_type
        ))));
        self.download_label = Some(label.text());
        if !self.rendered.downloads.contains(&label.rel) {
            self.rendered.downloads.push(label.rel.clone());
        }
    }

    fn raw_html(&mut self, pos: Pos) {
        if !self.options.allow_html {
            self.error(
                pos,
                "raw HTML is not allowed".into(),
                "write it in Markdown; or, if you must, set `markdown: { allow_html: true }` in site.yaml (embeds and scripts can track visitors)",
            );
        }
    }

    /// Raw HTML passes through when allowed; otherwise it is shown as text.
    fn html_event(&self, event: &Event<'a>) -> Event<'a> {
        match event {
            Event::Html(html) | Event::InlineHtml(html) if !self.options.allow_html => {
                Event::Text(html.clone())
            }
            other => other.clone(),
        }
    }
}

/// The index of the end event matching the start event at `index`.
fn end_of(events: &Events<'_>, index: usize) -> usize {
    let mut depth = 0usize;
    for (offset, (event, _)) in events[index..].iter().enumerate() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return index + offset;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

/// The plain text inside the element starting at `index`.
fn inner_text(events: &Events<'_>, index: usize) -> String {
    let end = end_of(events, index);
    events[index + 1..end]
        .iter()
        .filter_map(|(event, _)| match event {
            Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
            Event::SoftBreak | Event::HardBreak => Some(" "),
            _ => None,
        })
        .collect()
}

/// The id in `{{ signpost <id> }}` when the paragraph at `index` is only that.
fn shortcode(events: &Events<'_>, index: usize) -> Option<String> {
    let end = end_of(events, index);
    let mut text = String::new();
    for (event, _) in &events[index + 1..end] {
        match event {
            Event::Text(part) => text.push_str(part),
            _ => return None,
        }
    }
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let id = inner.strip_prefix("signpost")?;
    if !id.starts_with(char::is_whitespace) {
        return None;
    }
    Some(id.trim().to_string())
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

fn looks_like_file_name(alt: &str) -> bool {
    let lower = alt.to_lowercase();
    !lower.contains(' ')
        && [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

fn starts_with_image_of(alt: &str) -> bool {
    let lower = alt.to_lowercase();
    ["image of", "picture of", "photo of", "graphic of"]
        .iter()
        .any(|prefix| lower.starts_with(prefix))
}

/// Maps byte offsets to 1-based lines and columns (in characters).
struct LineIndex {
    text_starts: Vec<usize>,
    text: String,
    /// The last position asked for (byte offset, column): the next one on
    /// the same line counts on from it, so a long line with many events
    /// stays linear instead of recounting from the line's start each time.
    last: std::cell::Cell<(usize, usize)>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut text_starts = vec![0];
        text_starts.extend(text.match_indices('\n').map(|(index, _)| index + 1));
        LineIndex {
            text_starts,
            text: text.to_string(),
            last: std::cell::Cell::new((0, 1)),
        }
    }

    fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.text_starts.partition_point(|&start| start <= offset);
        let start = self.text_starts[line - 1];
        let (last_offset, last_column) = self.last.get();
        let (from, column) = if last_offset >= start && last_offset <= offset {
            (last_offset, last_column)
        } else {
            (start, 1)
        };
        let column = self
            .text
            .get(from..offset)
            .map_or(1, |between| column + between.chars().count());
        self.last.set((offset, column));
        (line, column)
    }
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
            rendered.html.contains("markdown-alert-important"),
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
}
