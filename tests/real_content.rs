//! Issue 24: what a council hits when it moves real pages into Beacon. The
//! `council-text` fixture is written in the style of a council's "report
//! child abuse" pages (long lists, a contact block, a table, "click here",
//! "(opens new window)", phone numbers in prose, addresses in sentences):
//! `check` finds exactly the problems a person would fix, at their places,
//! and nothing once they are fixed.

mod common;

use std::path::Path;
use std::process::Command;

use beacon::base::diagnostic::Severity;
use common::TestSite;

const PAGE: &str = "content/react/report-child-abuse.md";

/// Every finding of `check`: (severity, file:line:col, message start).
fn findings(site: &TestSite) -> Vec<(Severity, String, String)> {
    let report = beacon::site::check(&site.options()).unwrap_or_else(|d| panic!("{d:#?}"));
    report
        .warnings
        .into_iter()
        .map(|d| {
            let start: String = d.message.chars().take(60).collect();
            (d.severity, d.location(), start)
        })
        .collect()
}

#[test]
fn real_text_gives_the_findings_a_person_would_fix_at_their_places() {
    let site = TestSite::fixture("council-text");
    let found = findings(&site);
    let expected = [
        (
            Severity::Warning,
            format!("{PAGE}:13:52"),
            "the phone number 0300 555 0104 is not in the help directory",
        ),
        (
            Severity::Warning,
            format!("{PAGE}:17:45"),
            "link text \"click here to view the fact sheet\" does not say w",
        ),
        (
            Severity::Advice,
            format!("{PAGE}:21:1"),
            "a sentence of 40 words (more than 25): \"We will ask you for as",
        ),
        (
            Severity::Warning,
            format!("{PAGE}:35:100"),
            "link text \"its website (opens new window)\" says it opens a new window",
        ),
    ];
    let expected: Vec<(Severity, String, String)> = expected
        .into_iter()
        .map(|(severity, at, message)| (severity, at, message.chars().take(60).collect()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn a_number_the_directory_has_differently_names_the_services_the_page_features() {
    let site = TestSite::fixture("council-text");
    let report = beacon::site::check(&site.options()).unwrap();
    let number = report
        .warnings
        .iter()
        .find(|d| d.message.starts_with("the phone number"))
        .unwrap();
    let hint = number.hint.as_deref().unwrap();
    assert!(hint.contains("`{{ signpost id }}`"), "{hint}");
    assert!(
        hint.contains("this page features eastmoor-mash (0300 555 0140)"),
        "{hint}"
    );
}

/// The same page with each finding fixed the way its hint says.
fn corrected() -> TestSite {
    let site = TestSite::fixture("council-text");
    site.replace(PAGE, "call the MASH on 0300 555 0104", "call the MASH on 0300 555 0140")
        .replace(PAGE, "[click here to view the fact sheet]", "[read the fact sheet on the signs]")
        .replace(PAGE, "[its website (opens new window)]", "[the NSPCC's website]")
        .replace(
            PAGE,
            "We will ask you for as much of the following as you know, although you do not need to know all of it before you call us and nobody will mind if you are unsure about some of the details:",
            "We will ask for what you know of the following. You do not need to know all of it:",
        );
    site
}

#[test]
fn the_corrected_text_gives_no_finding() {
    assert_eq!(findings(&corrected()), Vec::new());
}

fn check_strict(site: &TestSite) -> Option<i32> {
    Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args(["check", "--strict", "--today", "2026-11-28", "--site"])
        .arg(site.path())
        .output()
        .unwrap()
        .status
        .code()
}

#[test]
fn strict_fails_on_warnings_but_reading_advice_only_when_the_site_enforces_it() {
    let site = corrected();
    // Only the long sentence left: advice, which --strict does not fail on.
    site.replace(
        PAGE,
        "We will ask for what you know of the following. You do not need to know all of it:",
        "We will ask you for as much of the following as you know, although you do not need to know all of it before you call us and nobody will mind if you are unsure about some of the details:",
    );
    assert_eq!(check_strict(&site), Some(0));
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &format!("{yaml}readability:\n  enforce: true\n"),
    );
    assert_eq!(check_strict(&site), Some(1), "enforced, the sentence fails");
    assert_eq!(check_strict(&TestSite::fixture("council-text")), Some(1));
}

#[test]
fn check_counts_warnings_and_reading_advice_apart() {
    let site = TestSite::fixture("council-text");
    let out = Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args(["check", "--today", "2026-11-28", "--site"])
        .arg(site.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("with 3 warning(s) and 1 piece(s) of reading advice"),
        "{text}"
    );
    assert!(text.contains("note: a sentence of 40 words"), "{text}");
    let json = Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args([
            "check",
            "--format",
            "json",
            "--today",
            "2026-11-28",
            "--site",
        ])
        .arg(site.path())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        (json["warnings"].as_u64(), json["advice"].as_u64()),
        (Some(3), Some(1))
    );
    assert!(Path::new(PAGE).extension().is_some());
}

/// A self-hosted video through the real link index: captions read from
/// the site's file, refused when missing, SubRip, or a link.
#[test]
fn a_video_needs_webvtt_captions_that_are_a_file_of_the_site() {
    let site = TestSite::fixture("council-text");
    site.write("content/react/media/call.mp4", "not decoded by the build");
    site.write(
        "content/react/media/call.vtt",
        "WEBVTT\n\n00:00.000 --> 00:02.000\nCall the MASH.\n",
    );
    site.write(
        "content/react/call-transcript.md",
        "---\ntitle: Transcript of the call video\ndescription: The words of the video.\nstandalone: true\n---\n\nCall the MASH.\n",
    );
    site.write(
        "content/react/video.md",
        "---\ntitle: How to call us\ndescription: A short video.\nrs: [react]\n---\n\nWatch it.\n\n> [!VIDEO] [How to call us](media/call.mp4)\n> [Read the transcript](call-transcript.md)\n",
    );
    let output = site.build();
    let html = output.text("react/video/index.html");
    assert!(html.contains("<video class=\"media__player\" controls preload=\"none\" src=\"/cse/react/media/call.mp4\">\n<track kind=\"captions\" src=\"/cse/react/media/call.vtt\" srclang=\"en\" label=\"English\" default>"), "{html}");
    assert!(html.contains("<a href=\"/cse/react/call-transcript/\">Read the transcript</a>"));
    assert!(output.has("react/media/call.mp4") && output.has("react/media/call.vtt"));

    site.write(
        "content/react/media/call.vtt",
        "1\n00:00:00,000 --> 00:00:02,000\nCall the MASH.\n",
    );
    let error = site.error();
    assert_eq!(
        error.message,
        "the captions \"media/call.vtt\" are not WebVTT"
    );
    assert_eq!((error.location()), "content/react/video.md:9:12");

    site.remove("content/react/media/call.vtt");
    let error = site.error();
    assert_eq!(
        error.message,
        "the video \"media/call.mp4\" has no captions"
    );
    assert_eq!((error.location()), "content/react/video.md:9:12");

    #[cfg(unix)]
    {
        let outside = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(outside.path(), "WEBVTT\n").unwrap();
        std::os::unix::fs::symlink(
            outside.path(),
            site.path().join("content/react/media/call.vtt"),
        )
        .unwrap();
        let error = site.error();
        assert_eq!(
            error.message, "the video \"media/call.mp4\" has no captions",
            "a link is not followed"
        );
    }
}
