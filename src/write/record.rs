//! A page's search record: what Pagefind would read of the page's `<main>`
//! (its words, its title and its first image), taken out by Beacon in one
//! pass over HTML it rendered itself, so the index is fed records through
//! Pagefind's custom-record API instead of parsing every page's HTML again.
//!
//! Decisions:
//! - The record is the one Pagefind's own HTML reader (1.6) makes of the
//!   same HTML: the same elements dropped (`data-pagefind-ignore`, and
//!   `script`, `style`, `nav`, `footer`, `form`, `label`, `svg`, …), the
//!   same full stop after a paragraph, heading, list or cell that ends in
//!   a word, the same weights for headings (`data-pagefind-weight` too),
//!   the title from the first `<h1>`, the image from the first `<img>`
//!   after it, and the same character references decoded. A test builds
//!   the example site's index both ways and compares every page's words,
//!   title and word positions.
//! - Not read: Pagefind's other attributes (`data-pagefind-body`,
//!   `-filter`, `-meta`, `-sort`, `-index-attrs`). Beacon's themes use
//!   none of them, and its search page shows only titles and excerpts.
//!   Nor does a record mark headings' ids (Pagefind's sub-results, which
//!   the search page does not show).
//! - One pass, no backtracking: linear in the page, whatever it holds; an
//!   end tag with no open element is skipped, an element left open is
//!   closed at the end.

/// What the search index is given for one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// The page's words, as Pagefind's reader would give them.
    pub content: String,
    /// Pagefind's metadata: `title`, and `image` and `image_alt` when the
    /// page has an image after its title.
    pub meta: std::collections::BTreeMap<String, String>,
}

/// Elements whose end is a sentence's end (Pagefind's list).
const SENTENCE: [&str; 13] = [
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li", "article", "section",
];

/// Elements whose words are never indexed (Pagefind's list).
const REMOVED: [&str; 11] = [
    "head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe",
    "template",
];

/// Elements that have no end tag.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param",
];

/// Elements whose text is not HTML: read to their end tag as they are.
const RAW_TEXT: [&str; 2] = ["script", "style"];

/// How an open element's words are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Indexing,
    /// Its words are dropped (it may still give the page its title).
    Ignored,
    /// Dropped with everything in it, title included (`="all"`).
    Excluded,
}

/// An element still open.
struct Open {
    name: String,
    status: Status,
    /// Where its markup starts in the words (truncated to here when its
    /// words are dropped).
    start: usize,
    /// Where its own words start, after the markers it opened with.
    own_start: usize,
    sentence: bool,
    weighted: bool,
}

/// The record Pagefind would make of `main`.
pub fn record_of(main: &str) -> Record {
    let mut reader = Reader::default();
    let mut rest = main;
    while !rest.is_empty() {
        rest = match rest.find('<') {
            Some(0) => reader.markup(rest),
            Some(at) => {
                reader.text(&rest[..at]);
                &rest[at..]
            }
            None => {
                reader.text(rest);
                ""
            }
        };
    }
    reader.finish()
}

/// The reader's state. Every element writes into one buffer, in order,
/// and an element whose words are dropped cuts the buffer back to where it
/// started, so each byte is written once and cut at most once.
#[derive(Default)]
struct Reader {
    words: String,
    open: Vec<Open>,
    /// How many elements of each name are open, so an end tag with none
    /// open is skipped without searching the open elements.
    open_names: std::collections::HashMap<String, usize>,
    title: Option<String>,
    image: Option<(String, String)>,
}

impl Reader {
    fn status(&self) -> Status {
        self.open
            .last()
            .map_or(Status::Indexing, |open| open.status)
    }

    fn text(&mut self, text: &str) {
        self.words.push_str(text);
    }

    /// Reads the markup at the start of `html` (which starts with `<`);
    /// returns what follows it.
    fn markup<'a>(&mut self, html: &'a str) -> &'a str {
        if let Some(comment) = html.strip_prefix("<!--") {
            return comment.find("-->").map_or("", |end| &comment[end + 3..]);
        }
        if html.starts_with("<!") || html.starts_with("<?") {
            return html.find('>').map_or("", |end| &html[end + 1..]);
        }
        let Some(tag) = Tag::read(html) else {
            // A `<` that starts no tag is text.
            self.text("<");
            return &html[1..];
        };
        let rest = &html[tag.len..];
        if tag.closing {
            self.close(&tag.name);
            return rest;
        }
        self.start(&tag);
        if RAW_TEXT.contains(&tag.name.as_str()) {
            let end = find_end_tag(rest, &tag.name);
            self.text(&rest[..end]);
            self.close(&tag.name);
            return rest[end..].find('>').map_or("", |at| &rest[end + at + 1..]);
        }
        // As in HTML, `/>` closes only an element that has no end tag.
        if VOID.contains(&tag.name.as_str()) {
            self.close_void(&tag);
        }
        rest
    }

    fn start(&mut self, tag: &Tag) {
        let status = match tag.attribute("data-pagefind-ignore") {
            Some(value) => match value.to_ascii_lowercase().as_str() {
                "" | "index" | "true" => Status::Ignored,
                _ => Status::Excluded,
            },
            None => Status::Indexing,
        };
        let status = match (self.status(), status) {
            (Status::Excluded, _) => Status::Excluded,
            (_, _) if REMOVED.contains(&tag.name.as_str()) => Status::Ignored,
            (_, status) => status,
        };
        if status != Status::Excluded && tag.name == "br" {
            self.words.push(' ');
        }
        let start = self.words.len();
        let weighted = match (
            tag.attribute("data-pagefind-weight"),
            heading_weight(&tag.name),
        ) {
            (Some(weight), _) => {
                self.words.push_str(" ___PAGEFIND_WEIGHT___");
                self.words.push_str(&weight);
                true
            }
            (None, Some(weight)) => {
                self.words.push_str(" ___PAGEFIND_AUTO_WEIGHT___");
                self.words.push_str(weight);
                true
            }
            (None, None) => false,
        };
        if weighted {
            self.words.push(' ');
        }
        let sentence = SENTENCE.contains(&tag.name.as_str());
        if sentence {
            self.words.push(' ');
        }
        *self.open_names.entry(tag.name.clone()).or_default() += 1;
        self.open.push(Open {
            name: tag.name.clone(),
            status,
            start,
            own_start: self.words.len(),
            sentence,
            weighted,
        });
    }

    /// An element with no end tag ends where it starts; an image after the
    /// title is the page's image.
    fn close_void(&mut self, tag: &Tag) {
        let status = self.open.last().map(|open| open.status);
        self.close_last();
        if status == Some(Status::Excluded) || tag.name != "img" || self.image.is_some() {
            return;
        }
        if self.title.is_some() {
            if let Some(src) = tag.attribute("src") {
                let alt = tag.attribute("alt").map(|alt| normalize(&alt));
                self.image = Some((normalize(&src), alt.unwrap_or_default()));
            }
        }
    }

    /// Closes the open element `name` and every element opened inside it;
    /// an end tag with no open element of its name is skipped.
    fn close(&mut self, name: &str) {
        if self.open_names.get(name).copied().unwrap_or(0) == 0 {
            return;
        }
        while let Some(open) = self.open.last() {
            let found = open.name == name;
            self.close_last();
            if found {
                break;
            }
        }
    }

    fn close_last(&mut self) {
        let Some(open) = self.open.pop() else {
            return;
        };
        if let Some(count) = self.open_names.get_mut(&open.name) {
            *count = count.saturating_sub(1);
        }
        if open.status == Status::Excluded {
            self.words.truncate(open.start);
            return;
        }
        if open.name == "h1" && self.title.is_none() {
            let words = &self.words[open.own_start..];
            if !words.trim().is_empty() {
                self.title = Some(normalize(words));
            }
        }
        if open.status == Status::Ignored {
            self.words.truncate(open.start);
            return;
        }
        if open.sentence {
            if self.words.chars().last().is_some_and(ends_sentence) {
                self.words.push('.');
            }
            self.words.push(' ');
        }
        if open.weighted {
            self.words.push_str(" ___END_PAGEFIND_WEIGHT___ ");
        }
    }

    fn finish(mut self) -> Record {
        while !self.open.is_empty() {
            self.close_last();
        }
        let mut meta = std::collections::BTreeMap::new();
        if let Some((src, alt)) = self.image {
            meta.insert("image".to_string(), src);
            meta.insert("image_alt".to_string(), alt);
        }
        if let Some(title) = self.title {
            meta.insert("title".to_string(), title);
        }
        Record {
            content: normalize(&self.words),
            meta,
        }
    }
}

fn heading_weight(name: &str) -> Option<&'static str> {
    match name {
        "h1" => Some("7"),
        "h2" => Some("6"),
        "h3" => Some("5"),
        "h4" => Some("4"),
        "h5" => Some("3"),
        "h6" => Some("2"),
        _ => None,
    }
}

/// Pagefind's test for a block that ends mid-sentence: its last character
/// is a word character, a quote, a closing bracket, `$` or `*`.
fn ends_sentence(last: char) -> bool {
    last.is_alphanumeric() || matches!(last, '_' | '\'' | '"' | ')' | '$' | '*')
}

/// Character references decoded, surrounding space trimmed, line breaks
/// made spaces and runs of two or more white-space characters made one
/// space: Pagefind's steps, in its order (a single tab stays a tab).
fn normalize(text: &str) -> String {
    let decoded = html_escape::decode_html_entities(text);
    let trimmed = decoded.trim();
    let mut lines_joined = String::with_capacity(trimmed.len());
    let mut rest = trimmed;
    while let Some(at) = rest.find(['\n', '\r']) {
        let (before, from) = rest.split_at(at);
        let breaks = line_breaks(from);
        lines_joined.push_str(before);
        if breaks == 0 {
            // A lone carriage return is not a line break to Pagefind.
            lines_joined.push('\r');
            rest = &from[1..];
        } else {
            lines_joined.push(' ');
            rest = &from[breaks..];
        }
    }
    lines_joined.push_str(rest);
    collapse_runs(&lines_joined)
}

/// How many bytes of line breaks (`\n` or `\r\n`) `text` starts with.
fn line_breaks(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut at = 0;
    loop {
        match bytes.get(at..at + 2) {
            Some(b"\r\n") => at += 2,
            _ if bytes.get(at) == Some(&b'\n') => at += 1,
            _ => return at,
        }
    }
}

/// Every run of two or more white-space characters made one space.
fn collapse_runs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.chars() {
        if c.is_whitespace() {
            run.push(c);
            continue;
        }
        flush_run(&mut out, &mut run);
        out.push(c);
    }
    flush_run(&mut out, &mut run);
    out
}

fn flush_run(out: &mut String, run: &mut String) {
    match run.chars().count() {
        0 => {}
        1 => out.push_str(run),
        _ => out.push(' '),
    }
    run.clear();
}

/// Where the end tag `</name` starts in `text`, or its end when there is
/// none (ASCII case ignored).
fn find_end_tag(text: &str, name: &str) -> usize {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&bytes[from..], b"</") {
        let start = from + at;
        let after = &bytes[start + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return start;
        }
        from = start + 2;
    }
    text.len()
}

/// A start or end tag.
struct Tag<'a> {
    name: String,
    closing: bool,
    /// Each attribute's name and value as written: most are never asked
    /// for, so none is lower-cased or decoded until it is.
    attributes: Vec<(&'a str, &'a str)>,
    /// Its length in bytes, `<` to `>`.
    len: usize,
}

impl<'a> Tag<'a> {
    /// The tag at the start of `html`, or `None` when `<` starts no tag
    /// (`a < b`).
    fn read(html: &'a str) -> Option<Tag<'a>> {
        let bytes = html.as_bytes();
        let closing = bytes.get(1) == Some(&b'/');
        let name_start = if closing { 2 } else { 1 };
        if !bytes.get(name_start)?.is_ascii_alphabetic() {
            return None;
        }
        let name_end = name_start
            + bytes[name_start..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
                .unwrap_or(bytes.len() - name_start);
        let name = html[name_start..name_end].to_ascii_lowercase();
        let mut tag = Tag {
            name,
            closing,
            attributes: Vec::new(),
            len: html.len(),
        };
        tag.read_attributes(html, name_end);
        Some(tag)
    }

    /// Reads attributes from `at` to the tag's `>` (quoted values may hold
    /// `>`), and sets the tag's length.
    fn read_attributes(&mut self, html: &'a str, mut at: usize) {
        let bytes = html.as_bytes();
        while at < bytes.len() {
            match bytes[at] {
                b'>' => {
                    self.len = at + 1;
                    return;
                }
                byte if byte.is_ascii_whitespace() || byte == b'/' => at += 1,
                _ => at = self.read_attribute(html, at),
            }
        }
        self.len = html.len();
    }

    /// Reads one attribute starting at `at`; returns where it ends.
    fn read_attribute(&mut self, html: &'a str, at: usize) -> usize {
        let bytes = html.as_bytes();
        let name_end = at
            + bytes[at..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || matches!(b, b'=' | b'>' | b'/'))
                .unwrap_or(bytes.len() - at)
                .max(1);
        let name = &html[at..name_end];
        let mut next = name_end;
        while next < bytes.len() && bytes[next].is_ascii_whitespace() {
            next += 1;
        }
        if bytes.get(next) != Some(&b'=') {
            self.attributes.push((name, ""));
            return name_end;
        }
        next += 1;
        while next < bytes.len() && bytes[next].is_ascii_whitespace() {
            next += 1;
        }
        let (value, end) = match bytes.get(next) {
            Some(&quote) if quote == b'"' || quote == b'\'' => {
                let body = &html[next + 1..];
                match memchr::memchr(quote, body.as_bytes()) {
                    Some(close) => (&body[..close], next + 1 + close + 1),
                    None => (body, html.len()),
                }
            }
            _ => {
                let body = &html[next..];
                let close = body
                    .bytes()
                    .position(|b| b.is_ascii_whitespace() || b == b'>')
                    .unwrap_or(body.len());
                (&body[..close], next + close)
            }
        };
        self.attributes.push((name, value));
        end
    }

    /// The value of the attribute `name` (lower case), its character
    /// references decoded.
    fn attribute(&self, name: &str) -> Option<std::borrow::Cow<'a, str>> {
        self.attributes
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| html_escape::decode_html_entities(*value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(html: &str) -> String {
        record_of(html).content
    }

    #[test]
    fn blocks_end_in_a_full_stop_and_headings_are_weighted() {
        let record =
            record_of("<main><h1>Spot the signs</h1><p>Gifts\nand secrets</p><p>Ask?</p></main>");
        assert_eq!(
            record.content,
            "___PAGEFIND_AUTO_WEIGHT___7 Spot the signs. ___END_PAGEFIND_WEIGHT___ Gifts and secrets. Ask?"
        );
        assert_eq!(
            record.meta.get("title").map(String::as_str),
            Some("Spot the signs")
        );
    }

    #[test]
    fn ignored_and_removed_elements_give_no_words() {
        let html = "<main><p>Kept</p><nav>Menu</nav><div data-pagefind-ignore>Tags</div>\
                    <div data-pagefind-ignore=\"all\"><h1>Not the title</h1></div>\
                    <script>if (a < b) { x = '</p>'; }</script><p>After</p></main>";
        assert_eq!(words(html), "Kept. After.");
        assert!(record_of(html).meta.is_empty());
        // An ignored heading still names the page, as in Pagefind.
        let titled = record_of("<div data-pagefind-ignore><h1>Name</h1></div><p>Body</p>");
        assert_eq!(titled.meta["title"], "Name");
        assert_eq!(titled.content, "Body.");
    }

    #[test]
    fn character_references_are_decoded_and_quoted_attributes_may_hold_a_bracket() {
        let record = record_of(
            "<h1>Tom &amp; Jerry</h1><img alt=\"a > b &amp; c\" src=\"/i.png\"><p>&lt;3 &#x2764;</p>",
        );
        assert!(
            record.content.contains("Tom & Jerry."),
            "{}",
            record.content
        );
        assert!(record.content.ends_with("<3 ❤"), "{}", record.content);
        assert_eq!(record.meta["image"], "/i.png");
        assert_eq!(record.meta["image_alt"], "a > b & c");
    }

    #[test]
    fn broken_markup_is_read_without_panic_in_one_pass() {
        for html in [
            "<",
            "<p",
            "<p class=\"x",
            "</",
            "</nope>",
            "a < b",
            "<!--",
            "<!-- x",
            "<script>",
            "<p><li>x</p>",
            "<img src=",
            "<br/>x",
            "<h1></h1><h1> </h1>",
        ] {
            let _ = record_of(html);
        }
        assert_eq!(words("a < b"), "a < b");
        assert_eq!(words("<p>one<br>two</p>"), "one two.");
        // Unclosed elements are closed at the end, in one pass: only the
        // innermost ends in a word, so only it gets a full stop.
        let deep = "<div>".repeat(100_000) + "x";
        assert_eq!(words(&deep), "x.");
        let strays = "<div>".repeat(50_000) + &"</span>".repeat(50_000) + "y";
        assert_eq!(words(&strays), "y.");
    }
}
