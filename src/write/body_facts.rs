//! The facts of every page body a build rendered, in the build state
//! (`.beacon/bodies`), so the next build recalls a body whose key has not
//! changed instead of rendering its Markdown again (see `render::bodies`).
//! A facts entry is everything a build needs of a body but its HTML: its
//! outline, shortcodes, problems, reading level, downloads, phone numbers,
//! shared image and a digest of its HTML. A page whose key holds that
//! digest and is unchanged is kept; a page that must be rendered has the
//! recalled body's HTML made then.
//!
//! Decisions:
//! - Facts, not HTML. Keeping every body's HTML would write tens of
//!   megabytes whenever one body changes, and a clean build, which renders
//!   every body anyway, would pay for it.
//! - One file, one line a body (`<key> <JSON>`), parsed only when recalled
//!   (in parallel, as the bodies are). It is written again only when a
//!   body was rendered rather than recalled, or one is gone: a build where
//!   nothing changed writes nothing.
//! - The file is trusted for nothing: it is read only when it is a regular
//!   file (no link followed, no FIFO waited on) of at most 256 MiB whose
//!   first line names this format and a hash of the rest that matches; an
//!   entry that does not parse, or names a download or image outside
//!   `content/`, is a miss. Failing to write it fails no build, and it is
//!   written through a temporary file.
//! - Only `build` uses it, and only into an output an earlier build wrote
//!   (a new output renders every page, so it needs every body's HTML).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::manifest::{create_state_dir, is_folder_or_nothing, STATE_DIR};
use crate::base::fsutil;
use crate::markdown::Rendered;
use crate::render::Recall;

/// The file in [`STATE_DIR`].
pub const FILE: &str = "bodies";

/// The first line's first words in a file this version of Beacon reads.
const HEADER: &str = "beacon-bodies 1";

/// The largest file read (10,000 generated pages take about 15 MB).
const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// The facts the last build kept, by body key.
#[derive(Debug, Default)]
pub struct BodyFacts {
    text: String,
    /// Each key's entry: where its JSON is in `text`.
    entries: HashMap<u128, (usize, usize)>,
}

/// Where a site keeps its body facts: `None` when its state folder is a
/// link or a file (it is then left alone).
pub fn file_in(site_dir: &Path) -> Option<PathBuf> {
    let state = std::path::absolute(site_dir).ok()?.join(STATE_DIR);
    is_folder_or_nothing(&state).then(|| state.join(FILE))
}

impl BodyFacts {
    /// The facts in `file`, or none when it is missing, not a regular file,
    /// too large, or not whole.
    pub fn read(file: &Path) -> BodyFacts {
        fsutil::read_at_most(file, MAX_BYTES)
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .and_then(BodyFacts::parse)
            .unwrap_or_default()
    }

    /// The entries of a file's text, when its first line names this format
    /// and the hash of the rest.
    fn parse(text: String) -> Option<BodyFacts> {
        let (first, body) = text.split_once('\n')?;
        if first != format!("{HEADER} {}", body_hash(body)) {
            return None;
        }
        let mut entries = HashMap::new();
        let mut at = first.len() + 1;
        for line in body.split_terminator('\n') {
            let start = at;
            at += line.len() + 1;
            let Some((key, json)) = line.split_once(' ') else {
                continue;
            };
            if let Ok(key) = u128::from_str_radix(key, 16) {
                let json_start = start + json_offset(line, json);
                entries.insert(key, (json_start, json_start + json.len()));
            }
        }
        Some(BodyFacts { text, entries })
    }

    /// How many bodies it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when it holds none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn json(&self, key: u128) -> Option<&str> {
        let &(start, end) = self.entries.get(&key)?;
        self.text.get(start..end)
    }
}

/// Where `json` starts in `line` (after the key and its space).
fn json_offset(line: &str, json: &str) -> usize {
    line.len() - json.len()
}

impl Recall for BodyFacts {
    fn recall(&self, key: u128) -> Option<Rendered> {
        let rendered: Rendered = serde_json::from_str(self.json(key)?).ok()?;
        let image = rendered
            .shared_image
            .as_ref()
            .map(|image| image.target.as_str());
        let files = rendered.downloads.iter().map(String::as_str).chain(image);
        files.into_iter().all(is_inside).then_some(rendered)
    }
}

/// Recalls nothing: every body is rendered (and keyed, so its facts are
/// kept for the next build).
pub struct Nothing;

impl Recall for Nothing {
    fn recall(&self, _: u128) -> Option<Rendered> {
        None
    }
}

/// A path relative to `content/` that stays inside it: no empty, `.` or
/// `..` part, no backslash and not absolute.
fn is_inside(rel: &str) -> bool {
    !rel.contains('\\')
        && rel
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// Keeps the facts of `bodies` (each with its key) in `file` for the next
/// build, unless they are what `last` holds: every body's key in it and
/// none of its entries gone. A body whose key `last` holds has the facts
/// it holds (a body is decided by its key), so they are copied, not made
/// again. Errors are ignored: the next build renders the bodies again.
pub fn save<'a>(file: &Path, last: &BodyFacts, bodies: impl Iterator<Item = &'a Rendered>) {
    let keyed: Vec<(u128, &Rendered)> = bodies
        .filter_map(|rendered| Some((rendered.key?, rendered)))
        .collect();
    if keyed.len() == last.len() && keyed.iter().all(|(key, _)| last.json(*key).is_some()) {
        return;
    }
    let mut body = String::new();
    for (key, rendered) in keyed {
        let json = match last.json(key) {
            Some(json) => json.to_string(),
            None => match serde_json::to_string(rendered) {
                Ok(json) => json,
                Err(_) => continue,
            },
        };
        body.push_str(&format!("{key:032x} {json}\n"));
    }
    let Some(state) = file.parent() else {
        return;
    };
    if !is_folder_or_nothing(state) || create_state_dir(state).is_err() {
        return;
    }
    let text = format!("{HEADER} {}\n{body}", body_hash(&body));
    let _ = fsutil::write_atomic(file, text.as_bytes());
}

/// A hash of a file's entries, as its first line names it.
fn body_hash(body: &str) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(body.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostic::Diagnostic;
    use crate::markdown::SharedImage;

    fn body(key: u128, downloads: &[&str]) -> Rendered {
        Rendered {
            html: "<p>Call us.</p>".into(),
            html_digest: 7,
            key: Some(key),
            downloads: downloads.iter().map(|d| d.to_string()).collect(),
            diagnostics: vec![Diagnostic::warning("content/a.md", "a warning").at(3, 4)],
            shared_image: Some(SharedImage {
                target: "images/card.png".into(),
                size: Some((1200, 630)),
            }),
            ..Rendered::default()
        }
    }

    #[test]
    fn what_is_saved_is_recalled_without_its_html() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(".beacon").join(FILE);
        let saved = [body(1, &["guides/leaflet.pdf"]), body(2, &[])];
        save(&file, &BodyFacts::default(), saved.iter());
        let facts = BodyFacts::read(&file);
        assert_eq!(facts.len(), 2);
        let recalled = facts.recall(1).expect("recalled");
        assert_eq!(recalled.html, "", "the HTML is not kept");
        assert_eq!(recalled.html_digest, 7);
        assert_eq!(recalled.downloads, saved[0].downloads);
        assert_eq!(recalled.diagnostics, saved[0].diagnostics);
        assert_eq!(recalled.shared_image, saved[0].shared_image);
        assert!(facts.recall(3).is_none());
        assert!(dir.path().join(".beacon/.gitignore").is_file());
    }

    #[test]
    fn the_file_is_written_again_only_when_a_body_is_new_or_gone() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(FILE);
        let first = [body(1, &[]), body(2, &[])];
        save(&file, &BodyFacts::default(), first.iter());
        let last = BodyFacts::read(&file);
        std::fs::write(&file, "left alone").unwrap();
        save(&file, &last, first.iter());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "left alone");
        save(&file, &last, first[..1].iter());
        assert_eq!(BodyFacts::read(&file).len(), 1, "a body went");
    }

    #[test]
    fn a_file_that_is_not_whole_or_not_this_format_holds_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(FILE);
        save(&file, &BodyFacts::default(), [body(1, &[])].iter());
        let text = std::fs::read_to_string(&file).unwrap();
        for broken in [
            text[..text.len() - 2].to_string(),
            text.replacen("beacon-bodies 1", "beacon-bodies 2", 1),
            text.replace("\"html_digest\":7", "\"html_digest\":8"),
            String::new(),
        ] {
            std::fs::write(&file, &broken).unwrap();
            assert!(BodyFacts::read(&file).is_empty(), "{broken}");
        }
        // Larger than it may be: not read at all (a sparse file).
        let huge = std::fs::File::create(&file).unwrap();
        huge.set_len(MAX_BYTES + 1).unwrap();
        assert!(BodyFacts::read(&file).is_empty());
    }

    #[test]
    fn an_entry_that_does_not_parse_is_a_miss() {
        let body_text = "zz {}\nnot-a-line\n00000000000000000000000000000005 {\"html_digest\":\n";
        let text = format!("{HEADER} {}\n{body_text}", body_hash(body_text));
        let facts = BodyFacts::parse(text).expect("whole");
        assert!(facts.recall(5).is_none());
    }

    #[test]
    fn only_paths_inside_content_are_inside() {
        for inside in ["leaflet.pdf", "guides/leaflet.pdf", "a/b/c.png"] {
            assert!(is_inside(inside), "{inside}");
        }
        for outside in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a//b",
            "./a",
            "a\\..\\b",
            "a/",
        ] {
            assert!(!is_inside(outside), "{outside}");
        }
    }
}
