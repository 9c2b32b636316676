//! Self-hosted video and audio, written as a quote (see
//! docs/writing-pages.md):
//!
//! ```markdown
//! > [!VIDEO] [What grooming can look like](media/grooming.mp4)
//! > [Read the transcript](grooming-transcript.md)
//! ```
//!
//! The first link is the file, in `content/`, and its text the title; the
//! second is the transcript, which both need. A video also needs WebVTT
//! captions beside it, with the same name ending `.vtt`. A player from
//! another website (YouTube, Vimeo) is refused: it would tell that site
//! who is watching, so the hint is to link to it instead.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::walk::{end_of, inner_text, Events, Walker};
use super::LinkKind;
use crate::base::diagnostic::Pos;
use crate::base::escape::escape_html;

/// The quote marker of each kind.
const VIDEO: &str = "[!VIDEO]";
const AUDIO: &str = "[!AUDIO]";

/// Extensions every current browser plays, lower case.
const VIDEO_TYPES: [&str; 3] = ["mp4", "webm", "ogv"];
const AUDIO_TYPES: [&str; 5] = ["mp3", "m4a", "ogg", "oga", "wav"];

/// What a captions file starts with.
const WEBVTT: &[u8] = b"WEBVTT";

/// A video or a sound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Media {
    Video,
    Audio,
}

impl Media {
    /// What it is, with its article, for messages.
    fn a(self) -> &'static str {
        match self {
            Media::Video => "a video",
            Media::Audio => "an audio clip",
        }
    }

    /// The quote's marker, `[!VIDEO]` or `[!AUDIO]`.
    pub(super) fn marker(self) -> &'static str {
        match self {
            Media::Video => VIDEO,
            Media::Audio => AUDIO,
        }
    }

    fn types(self) -> &'static [&'static str] {
        match self {
            Media::Video => &VIDEO_TYPES,
            Media::Audio => &AUDIO_TYPES,
        }
    }

    /// The kind a file's extension says, if it is one.
    pub(super) fn of_file(dest: &str) -> Option<Media> {
        let extension = extension(dest)?;
        if VIDEO_TYPES.contains(&extension.as_str()) {
            Some(Media::Video)
        } else if AUDIO_TYPES.contains(&extension.as_str()) {
            Some(Media::Audio)
        } else {
            None
        }
    }
}

/// A link of the quote: where it starts, its text and destination.
struct QuoteLink<'a> {
    pos: Pos,
    text: String,
    dest: CowStr<'a>,
}

impl<'a> Walker<'a, '_> {
    /// `> [!VIDEO]` or `> [!AUDIO]` from `index` (the quote's start),
    /// `after` the marker: the player written whole, or errors. Returns
    /// the index of the quote's end, which closes nothing.
    pub(super) fn media(
        &mut self,
        events: &Events<'a>,
        (index, after): (usize, usize),
        media: Media,
    ) -> usize {
        let quote_end = end_of(events, index);
        let quote_pos = self.pos(events[index].1.start);
        let Some(links) = quote_links(events, after, quote_end) else {
            self.error(
                quote_pos,
                format!("{} holds two links and nothing else", media.a()),
                &example(media),
            );
            return quote_end;
        };
        let links: Vec<QuoteLink<'a>> = links
            .into_iter()
            .map(|link| self.quote_link(events, link))
            .collect();
        let html = match links.as_slice() {
            [file, transcript] => self.player(media, file, transcript),
            [file] => {
                self.error(
                    file.pos,
                    format!("{} with no transcript", media.a()),
                    &format!("add a link to its transcript on the next line, like `> [Read the transcript](grooming-transcript.md)`: people who cannot {} it read it instead", match media { Media::Video => "watch or hear", Media::Audio => "hear" }),
                );
                None
            }
            _ => {
                self.error(
                    quote_pos,
                    format!("{} holds two links and nothing else", media.a()),
                    &example(media),
                );
                None
            }
        };
        if let Some(html) = html {
            self.out.push_back(Event::Html(CowStr::from(html)));
        }
        self.quotes.push(super::components::Quote::Whole);
        quote_end
    }

    fn quote_link(&self, events: &Events<'a>, link: usize) -> QuoteLink<'a> {
        let dest = match &events[link].0 {
            Event::Start(Tag::Link { dest_url, .. }) => dest_url.clone(),
            _ => CowStr::from(""),
        };
        QuoteLink {
            pos: self.pos(events[link].1.start),
            text: inner_text(events, link).trim().to_string(),
            dest,
        }
    }

    /// The figure with the player, or None after reporting why not.
    fn player(
        &mut self,
        media: Media,
        file: &QuoteLink<'a>,
        transcript: &QuoteLink<'a>,
    ) -> Option<String> {
        let src = self.media_file(media, file)?;
        let captions = match media {
            Media::Video => Some(self.captions(file)?),
            Media::Audio => None,
        };
        self.link_text(&transcript.text, transcript.pos);
        let transcript_href = self.resolve(&transcript.dest, LinkKind::Link, transcript.pos);
        let track = captions.map_or_else(String::new, |vtt| {
            format!(
                "\n<track kind=\"captions\" src=\"{}\" srclang=\"{}\" label=\"{}\" default>",
                escape_html(&vtt),
                escape_html(self.options.language),
                escape_html(self.options.captions_label)
            )
        });
        let tag = match media {
            Media::Video => "video",
            Media::Audio => "audio",
        };
        Some(format!(
            "<figure class=\"media media--{tag}\">\n<{tag} class=\"media__player\" controls preload=\"none\" src=\"{src}\">{track}\n</{tag}>\n<figcaption class=\"media__caption\"><p class=\"media__title\">{title}</p><p class=\"media__transcript\"><a href=\"{href}\">{text}</a></p></figcaption>\n</figure>\n",
            src = escape_html(&src),
            title = escape_html(&file.text),
            href = escape_html(&transcript_href),
            text = escape_html(&transcript.text),
        ))
    }

    /// The player's file resolved: in the site, of a type browsers play,
    /// with a title.
    fn media_file(&mut self, media: Media, file: &QuoteLink<'a>) -> Option<String> {
        let a = media.a();
        if is_elsewhere(&file.dest) {
            self.error(
                file.pos,
                format!("{a} from another website (\"{}\")", file.dest),
                &format!("Beacon does not embed players from other websites: the player would tell that website who is watching. Link to it instead, like `[Watch \"{}\" on YouTube]({})`, or put the file in content/", display_title(&file.text), file.dest),
            );
            return None;
        }
        if Media::of_file(&file.dest) != Some(media) {
            self.error(
                file.pos,
                format!("\"{}\" is not a file Beacon plays as {a}", file.dest),
                &format!(
                    "use a file ending .{}: every current browser plays them",
                    media.types().join(", .")
                ),
            );
            return None;
        }
        if file.text.is_empty() {
            self.error(
                file.pos,
                format!("{a} with no title"),
                &format!("write what it is as the link's text: {}", example(media)),
            );
            return None;
        }
        Some(
            self.resolve(&file.dest, LinkKind::Image, file.pos)
                .to_string(),
        )
    }

    /// A video's captions: the `.vtt` file beside it, resolved, when it is
    /// there and is WebVTT.
    fn captions(&mut self, file: &QuoteLink<'a>) -> Option<String> {
        let (path, suffix) = split_suffix(&file.dest);
        let stem = path.rsplit_once('.').map_or(path, |(stem, _)| stem);
        let vtt = format!("{stem}.vtt{suffix}");
        match self.options.resolver.file_start(&vtt, WEBVTT.len()) {
            Some(start) if start == WEBVTT => Some(
                self.resolve(&CowStr::from(vtt), LinkKind::Image, file.pos)
                    .to_string(),
            ),
            Some(_) => {
                self.error(
                    file.pos,
                    format!("the captions \"{stem}.vtt\" are not WebVTT"),
                    "a WebVTT file starts with the line WEBVTT: export the captions as WebVTT (.vtt), not SubRip (.srt)",
                );
                None
            }
            None => {
                self.error(
                    file.pos,
                    format!("the video \"{path}\" has no captions"),
                    &format!("put WebVTT captions beside it as {stem}.vtt: people who cannot hear it, and everyone watching with the sound off, read them"),
                );
                None
            }
        }
    }

    /// Words between the marker and the file's link (at byte `offset`),
    /// which would otherwise be lost.
    pub(super) fn words_before_media(&mut self, media: Media, words: &str, offset: usize) {
        let pos = self.pos(offset);
        self.error(
            pos,
            format!("words before the link of {}: \"{words}\"", media.a()),
            &format!(
                "make them the link's text, the title shown under the player: {}",
                example(media)
            ),
        );
    }

    /// `![…](film.mp4)`: a player written as an image.
    pub(super) fn media_as_image(&mut self, dest: &str, pos: Pos) -> bool {
        let Some(media) = Media::of_file(dest) else {
            return false;
        };
        self.error(
            pos,
            format!("\"{dest}\" is {}, not an image", media.a()),
            &format!(
                "write it as a player with its transcript: {}",
                example(media)
            ),
        );
        true
    }
}

/// How to write the component.
fn example(media: Media) -> String {
    let file = match media {
        Media::Video => "media/grooming.mp4",
        Media::Audio => "media/story.mp3",
    };
    format!(
        "`> {} [What grooming can look like]({file})`, then `> [Read the transcript](grooming-transcript.md)` on the next line",
        media.marker()
    )
}

/// The quote's links from `from` to `to` (its end), when it holds links
/// and nothing else but line breaks and paragraph marks.
fn quote_links(events: &Events<'_>, from: usize, to: usize) -> Option<Vec<usize>> {
    let mut links = Vec::new();
    let mut at = from;
    while at < to {
        match &events[at].0 {
            Event::Start(Tag::Link { .. }) => {
                links.push(at);
                at = end_of(events, at) + 1;
            }
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => at += 1,
            Event::SoftBreak | Event::HardBreak => at += 1,
            Event::Text(text) if text.trim().is_empty() => at += 1,
            _ => return None,
        }
    }
    Some(links)
}

/// True for an address on another website.
fn is_elsewhere(dest: &str) -> bool {
    dest.starts_with("//") || dest.contains("://")
}

/// The title for the hint, or a stand-in.
fn display_title(text: &str) -> &str {
    if text.is_empty() {
        "the video"
    } else {
        text
    }
}

/// The extension of a destination's path, lower case.
fn extension(dest: &str) -> Option<String> {
    let path = split_suffix(dest).0;
    let name = path.rsplit('/').next()?;
    let (_, extension) = name.rsplit_once('.')?;
    Some(extension.to_ascii_lowercase())
}

/// `a.mp4#t=10` → ("a.mp4", "#t=10").
fn split_suffix(dest: &str) -> (&str, &str) {
    let cut = dest.find(['?', '#']).unwrap_or(dest.len());
    dest.split_at(cut)
}

#[cfg(test)]
#[path = "media_tests.rs"]
mod tests;
