//! The walker: takes each event (with what follows it, when held), checks
//! it against the content rules and writes what the HTML writer should
//! read instead: heading ids, resolved link and image destinations,
//! shortcode placeholders, download labels, raw HTML shown as text.

use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::components::Quote;
use super::headings::RESERVED_IDS;
use super::lines::LineIndex;
use super::prose::Prose;
use super::rules::Unshown;
use super::{readability, shortcode_placeholder, LinkKind, Options, Rendered, Shortcode};
use crate::base::diagnostic::Pos;
use crate::base::escape::escape_html;

/// Events with their byte ranges in the body.
pub(super) type Events<'a> = [(Event<'a>, Range<usize>)];

/// What the walk has found so far, and the events it has written.
pub(super) struct Walker<'a, 'o> {
    /// How to render the page.
    pub(super) options: &'o Options<'o>,
    /// Where each byte offset of the body is.
    lines: LineIndex,
    /// The events for the HTML writer, in order.
    pub(super) out: VecDeque<Event<'a>>,
    /// What the walk has found so far (all but the HTML).
    pub(super) rendered: Rendered,
    /// The ids taken so far, the theme's own among them.
    pub(super) ids: HashSet<String>,
    /// For each base id, the next suffix to try, so a thousand headings
    /// with the same text stay linear (the search does not restart at -2).
    pub(super) next_suffix: HashMap<String, usize>,
    /// The level of the last heading (1 for the page title).
    pub(super) last_level: u8,
    /// Whether the outline has been warned about being full.
    pub(super) outline_full: bool,
    /// The type and size to close the open download link with.
    download_label: Option<String>,
    /// The prose so far, for the reading level.
    prose: Prose,
    /// The problems past the cap.
    pub(super) unshown: Unshown,
    /// What each open plain blockquote became (see `components`).
    pub(super) quotes: Vec<Quote>,
}

impl<'a, 'o> Walker<'a, 'o> {
    /// A walker for the body `markdown`, rendered with `options`.
    pub(super) fn new(options: &'o Options<'o>, markdown: &str) -> Self {
        Walker {
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
            quotes: Vec::new(),
        }
    }

    /// What the walk found, with the `html` written from its events.
    pub(super) fn finish(mut self, html: String) -> Rendered {
        if self.options.measure_readability {
            let blocks = self.prose.blocks().iter().map(|block| readability::Block {
                text: &block.text,
                anchors: block
                    .anchors
                    .iter()
                    .map(|&(at, offset)| (at, self.pos(offset)))
                    .collect(),
            });
            let stats = readability::measure(blocks, self.options.long_sentence_words);
            self.rendered.readability = Some(stats);
        }
        self.close_unshown();
        self.rendered.html_digest = xxhash_rust::xxh3::xxh3_128(html.as_bytes());
        self.rendered.html = html;
        self.rendered
    }

    /// Follows the prose for the reading level, when it is measured.
    pub(super) fn follow_prose(&mut self, event: &Event<'_>, range: &Range<usize>) {
        if self.options.measure_readability {
            self.prose.follow(event, range.start);
        }
    }

    /// Handles the event at `index`; returns the index of the next one.
    ///
    /// Only the handlers of events that may report something find their
    /// line and column: finding them for every event is a tenth of the work.
    pub(super) fn step(&mut self, events: &Events<'a>, index: usize) -> usize {
        let (event, range) = &events[index];
        match event {
            Event::Start(Tag::Heading { .. }) => self.start_heading(events, index),
            Event::Start(Tag::Image { .. }) => self.start_image(events, index),
            Event::Start(Tag::Link { .. }) => self.start_link(events, index),
            Event::Start(Tag::Paragraph) => self.start_paragraph(events, index),
            Event::Start(Tag::TableHead) => self.start_table_head(events, index),
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) => {
                let pos = self.pos(range.start);
                self.raw_html(pos);
                self.out.push_back(self.html_event(event));
                index + 1
            }
            Event::Html(_) => {
                self.out.push_back(self.html_event(event));
                index + 1
            }
            Event::End(TagEnd::Link) => self.end_link(event, index),
            Event::Text(text) => {
                self.find_phones(text, range.start);
                self.out.push_back(event.clone());
                index + 1
            }
            Event::Start(Tag::BlockQuote(None)) => self.start_quote(events, index),
            Event::End(TagEnd::BlockQuote(None)) => {
                self.end_quote(event);
                index + 1
            }
            Event::Start(Tag::BlockQuote(Some(kind)))
            | Event::End(TagEnd::BlockQuote(Some(kind))) => {
                self.alert(*kind, matches!(event, Event::Start(_)));
                index + 1
            }
            _ => {
                self.out.push_back(event.clone());
                index + 1
            }
        }
    }

    /// A heading: checked, and given its unique id.
    fn start_heading(&mut self, events: &Events<'a>, index: usize) -> usize {
        let (
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }),
            range,
        ) = &events[index]
        else {
            unreachable!("step sends only a heading's start here");
        };
        let pos = self.pos(range.start);
        let text = inner_text(events, index);
        let id = self.heading(*level, id.as_deref(), &text, pos);
        self.out.push_back(Event::Start(Tag::Heading {
            level: *level,
            id: Some(CowStr::from(id)),
            classes: classes.clone(),
            attrs: attrs.clone(),
        }));
        index + 1
    }

    /// An image: its alt text checked and its file resolved; a decorative
    /// one is closed at once, without its alt text.
    fn start_image(&mut self, events: &Events<'a>, index: usize) -> usize {
        let (
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }),
            range,
        ) = &events[index]
        else {
            unreachable!("step sends only an image's start here");
        };
        let pos = self.pos(range.start);
        let alt = inner_text(events, index);
        if self.media_as_image(dest_url, pos) {
            return end_of(events, index) + 1;
        }
        let decorative = self.image_alt(alt.trim(), pos);
        let dest = self.resolve(dest_url, LinkKind::Image, pos);
        if let Some((width, height)) = self.options.resolver.image_size(dest_url) {
            let alt = if decorative { "" } else { alt.trim() };
            let title = match title.is_empty() {
                true => String::new(),
                false => format!(" title=\"{}\"", escape_html(title)),
            };
            self.out.push_back(Event::InlineHtml(CowStr::from(format!(
                "<img src=\"{}\" alt=\"{}\"{title} width=\"{width}\" height=\"{height}\">",
                escape_html(&dest),
                escape_html(alt)
            ))));
            return end_of(events, index) + 1;
        }
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
        index + 1
    }

    /// A link: its text checked and its destination resolved (an email
    /// address as it is); a link to a download opens with its type.
    fn start_link(&mut self, events: &Events<'a>, index: usize) -> usize {
        let (
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }),
            range,
        ) = &events[index]
        else {
            unreachable!("step sends only a link's start here");
        };
        let pos = self.pos(range.start);
        let text = inner_text(events, index);
        self.link_text(text.trim(), pos);
        let (dest, download) = match link_type {
            LinkType::Email => (dest_url.clone(), None),
            _ => (
                self.resolve(dest_url, LinkKind::Link, pos),
                self.options.resolver.download(dest_url),
            ),
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
        index + 1
    }

    /// A paragraph: a signpost shortcode becomes its placeholder, and the
    /// walk goes on past its end; any other goes out as it is.
    fn start_paragraph(&mut self, events: &Events<'a>, index: usize) -> usize {
        let (event, range) = &events[index];
        let pos = self.pos(range.start);
        if let Some(id) = shortcode(events, index) {
            self.out
                .push_back(Event::Html(CowStr::from(shortcode_placeholder(&id))));
            self.rendered.shortcodes.push(Shortcode { id, pos });
            return end_of(events, index) + 1;
        }
        self.out.push_back(event.clone());
        index + 1
    }

    /// A table's head: checked for a header row with no text.
    fn start_table_head(&mut self, events: &Events<'a>, index: usize) -> usize {
        let (event, range) = &events[index];
        let pos = self.pos(range.start);
        let text = inner_text(events, index);
        self.table_head(&text, pos);
        self.out.push_back(event.clone());
        index + 1
    }

    /// A link's end: a download link closes with its type and size inside
    /// it, so they are part of what a screen reader reads out for it.
    fn end_link(&mut self, event: &Event<'a>, index: usize) -> usize {
        match self.download_label.take() {
            Some(text) => self.out.push_back(Event::InlineHtml(CowStr::from(format!(
                " <span class=\"download-meta\">({text})</span></a>"
            )))),
            None => self.out.push_back(event.clone()),
        }
        index + 1
    }

    /// Where byte `offset` of the body is in the page file.
    pub(super) fn pos(&self, offset: usize) -> Pos {
        let (line, column) = self.lines.position(offset);
        Pos::new(line + self.options.body_line - 1, column)
    }

    pub(super) fn resolve(&mut self, dest: &CowStr<'a>, kind: LinkKind, pos: Pos) -> CowStr<'a> {
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
pub(super) fn end_of(events: &Events<'_>, index: usize) -> usize {
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
pub(super) fn inner_text(events: &Events<'_>, index: usize) -> String {
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
    shortcode_id(&text).map(str::to_string)
}

/// The service id of a paragraph whose whole text is `{{ signpost id }}`.
pub(super) fn shortcode_id(text: &str) -> Option<&str> {
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let id = inner.strip_prefix("signpost")?;
    if !id.starts_with(char::is_whitespace) {
        return None;
    }
    Some(id.trim())
}
