//! The players: what they write, and every way to get one wrong.

use std::collections::HashMap;
use std::path::Path;

use crate::markdown::{render, LinkError, LinkKind, Options, Rendered, Resolve};

/// A site holding `files` (destination as written → bytes); a link to
/// anything else is broken.
struct Files(HashMap<&'static str, &'static [u8]>);

impl Resolve for Files {
    fn resolve(&self, dest: &str, kind: LinkKind) -> Result<String, LinkError> {
        let path = dest.split(['#', '?']).next().unwrap_or_default();
        match (kind, self.0.contains_key(path)) {
            (LinkKind::Link, _) if path.ends_with(".md") => {
                Ok(format!("/cse/{}/", path.trim_end_matches(".md")))
            }
            (_, true) => Ok(format!("/cse/{dest}")),
            _ => Err(LinkError {
                message: format!("broken link to \"{dest}\""),
                hint: None,
            }),
        }
    }

    fn file_start(&self, dest: &str, len: usize) -> Option<Vec<u8>> {
        let bytes = self.0.get(dest)?;
        Some(bytes[..len.min(bytes.len())].to_vec())
    }
}

fn site(files: &[(&'static str, &'static [u8])]) -> Files {
    Files(files.iter().copied().collect())
}

fn film_with_captions() -> Files {
    site(&[
        ("media/grooming.mp4", b"\0\0\0 ftypisom"),
        (
            "media/grooming.vtt",
            b"WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n",
        ),
        ("media/story.mp3", b"ID3"),
    ])
}

fn render_with(markdown: &str, files: &Files, language: &str, captions_label: &str) -> Rendered {
    let options = Options {
        allow_html: false,
        source: Path::new("content/realise/grooming.md"),
        body_line: 5,
        resolver: files,
        measure_readability: false,
        warning_label: "Warning",
        language,
        captions_label,
        long_sentence_words: 25,
    };
    render(markdown, &options)
}

fn rendered(markdown: &str, files: &Files) -> Rendered {
    render_with(markdown, files, "en", "English")
}

/// (message, line, column) of each problem.
fn problems(rendered: &Rendered) -> Vec<(String, usize, usize)> {
    rendered
        .diagnostics
        .iter()
        .map(|d| (d.message.clone(), d.line, d.column))
        .collect()
}

const VIDEO_QUOTE: &str = "Before.\n\n> [!VIDEO] [What grooming can look like](media/grooming.mp4)\n> [Read the transcript](grooming-transcript.md)\n\nAfter.\n";

#[test]
fn a_video_is_a_figure_with_its_player_captions_title_and_transcript() {
    let page = rendered(VIDEO_QUOTE, &film_with_captions());
    assert!(page.diagnostics.is_empty(), "{:?}", problems(&page));
    assert!(page.html.contains(concat!(
        "<figure class=\"media media--video\">\n",
        "<video class=\"media__player\" controls preload=\"none\" src=\"/cse/media/grooming.mp4\">\n",
        "<track kind=\"captions\" src=\"/cse/media/grooming.vtt\" srclang=\"en\" label=\"English\" default>\n",
        "</video>\n",
        "<figcaption class=\"media__caption\"><p class=\"media__title\">What grooming can look like</p>",
        "<p class=\"media__transcript\"><a href=\"/cse/grooming-transcript/\">Read the transcript</a></p></figcaption>\n",
        "</figure>\n"
    )), "{}", page.html);
    assert!(!page.html.contains("blockquote"), "{}", page.html);
    assert!(page.html.starts_with("<p>Before.</p>") && page.html.ends_with("<p>After.</p>\n"));
}

#[test]
fn welsh_captions_are_offered_in_welsh() {
    let page = render_with(VIDEO_QUOTE, &film_with_captions(), "cy", "Cymraeg");
    assert!(
        page.html
            .contains("srclang=\"cy\" label=\"Cymraeg\" default>"),
        "{}",
        page.html
    );
}

#[test]
fn audio_needs_no_captions_but_a_transcript() {
    let page = rendered(
        "> [!AUDIO] [A parent's story](media/story.mp3)\n> [Read what she says](story-transcript.md)\n",
        &film_with_captions(),
    );
    assert!(page.diagnostics.is_empty(), "{:?}", problems(&page));
    assert!(page.html.contains("<audio class=\"media__player\" controls preload=\"none\" src=\"/cse/media/story.mp3\">\n</audio>"), "{}", page.html);
    assert!(!page.html.contains("<track"));
    let page = rendered(
        "> [!AUDIO] [A parent's story](media/story.mp3)\n",
        &film_with_captions(),
    );
    assert_eq!(
        problems(&page),
        [("an audio clip with no transcript".to_string(), 5, 12)]
    );
}

#[test]
fn a_video_without_captions_or_with_subrip_captions_is_an_error_at_its_link() {
    let without = site(&[("media/grooming.mp4", b"x")]);
    let page = rendered(VIDEO_QUOTE, &without);
    assert_eq!(
        problems(&page),
        [(
            "the video \"media/grooming.mp4\" has no captions".to_string(),
            7,
            12
        )]
    );
    assert!(page.diagnostics[0]
        .hint
        .as_deref()
        .unwrap()
        .contains("media/grooming.vtt"));
    assert!(!page.html.contains("<video"), "no player without captions");
    let subrip = site(&[
        ("media/grooming.mp4", b"x"),
        ("media/grooming.vtt", b"1\n00:00:00,000 --> 00:00:02,000\n"),
    ]);
    let page = rendered(VIDEO_QUOTE, &subrip);
    assert_eq!(
        problems(&page),
        [(
            "the captions \"media/grooming.vtt\" are not WebVTT".to_string(),
            7,
            12
        )]
    );
}

#[test]
fn a_player_from_another_website_is_refused_with_a_link_as_the_hint() {
    let page = rendered(
        "> [!VIDEO] [Know the signs](https://www.youtube.com/watch?v=abc)\n> [Read the transcript](t.md)\n",
        &film_with_captions(),
    );
    assert_eq!(
        problems(&page),
        [(
            "a video from another website (\"https://www.youtube.com/watch?v=abc\")".to_string(),
            5,
            12
        )]
    );
    let hint = page.diagnostics[0].hint.as_deref().unwrap();
    assert!(
        hint.contains("[Watch \"Know the signs\" on YouTube](https://www.youtube.com/watch?v=abc)"),
        "{hint}"
    );
    assert!(!page.html.contains("youtube"), "{}", page.html);
}

#[test]
fn every_wrong_shape_is_an_error_and_writes_no_player() {
    let files = film_with_captions();
    let cases: [(&str, &str, usize, usize); 6] = [
        (
            "> [!VIDEO] [Film](media/grooming.mp4)\n",
            "a video with no transcript",
            5,
            12,
        ),
        (
            "> [!VIDEO] [](media/grooming.mp4)\n> [Transcript](t.md)\n",
            "a video with no title",
            5,
            12,
        ),
        (
            "> [!VIDEO] [Film](media/grooming.mov)\n> [Transcript](t.md)\n",
            "\"media/grooming.mov\" is not a file Beacon plays as a video",
            5,
            12,
        ),
        (
            "> [!AUDIO] [Film](media/grooming.mp4)\n> [Transcript](t.md)\n",
            "\"media/grooming.mp4\" is not a file Beacon plays as an audio clip",
            5,
            12,
        ),
        (
            "> [!VIDEO] [Film](media/grooming.mp4)\n> [Transcript](t.md)\n> and some words\n",
            "a video holds two links and nothing else",
            5,
            1,
        ),
        (
            "> [!VIDEO]\n> [Film](media/grooming.mp4)\n> [Transcript](t.md)\n> [Again](t.md)\n",
            "a video holds two links and nothing else",
            5,
            1,
        ),
    ];
    for (markdown, message, line, column) in cases {
        let page = rendered(markdown, &files);
        assert_eq!(
            problems(&page),
            [(message.to_string(), line, column)],
            "{markdown}"
        );
        assert!(
            !page.html.contains("<video") && !page.html.contains("<audio"),
            "{markdown}"
        );
    }
}

#[test]
fn words_between_the_marker_and_the_link_are_an_error_not_lost() {
    let page = rendered(
        "> [!VIDEO] Watch this [Film](media/grooming.mp4)\n> [Transcript](t.md)\n",
        &film_with_captions(),
    );
    assert_eq!(
        problems(&page),
        [(
            "words before the link of a video: \"Watch this\"".to_string(),
            5,
            1
        )]
    );
}

#[test]
fn a_video_written_as_an_image_is_an_error_with_the_component_as_the_hint() {
    let page = rendered(
        "Watch: ![Film](media/grooming.mp4)\n",
        &film_with_captions(),
    );
    assert_eq!(
        problems(&page),
        [(
            "\"media/grooming.mp4\" is a video, not an image".to_string(),
            5,
            8
        )]
    );
    assert!(page.diagnostics[0]
        .hint
        .as_deref()
        .unwrap()
        .contains("> [!VIDEO]"));
    assert!(!page.html.contains("<img"), "{}", page.html);
}

#[test]
fn a_broken_media_file_or_transcript_is_a_broken_link() {
    let page = rendered(
        "> [!VIDEO] [Film](media/missing.mp4)\n> [Transcript](t.md)\n",
        &site(&[("media/missing.vtt", b"WEBVTT\n")]),
    );
    assert_eq!(
        problems(&page),
        [("broken link to \"media/missing.mp4\"".to_string(), 5, 12)]
    );
}

#[test]
fn hostile_quotes_do_not_panic() {
    let files = film_with_captions();
    for markdown in [
        "> [!VIDEO]",
        "> [!VIDEO] \n>\n>\n",
        "> [!video] [é](media/grooming.mp4#t=1)\n> [ü](t.md)\n",
        "> [!AUDIO] [x](.mp3)\n> [t](t.md)\n",
        "> [!VIDEO] [x](media/grooming.)\n> [t](t.md)\n",
        "> [!VIDEO] [x](<media/gr\u{fffd}ooming.mp4>)\n> [t](t.md)\n",
        "> > [!VIDEO] [x](media/grooming.mp4)\n",
        "- > [!VIDEO] [x](media/grooming.mp4)\n  > [t](t.md)\n",
    ] {
        let _ = rendered(markdown, &files);
    }
}
