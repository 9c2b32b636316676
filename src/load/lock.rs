//! `upstream.lock`: what a council has reviewed of its upstream. Per
//! override, the upstream text it accepted (or the baseline recorded by
//! `update` before it accepted anything), and the list of upstream pages it
//! has seen, so `status` can tell new and removed pages. Written sorted and
//! atomically, so the file diffs cleanly in the council's repository.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use sha2::{Digest, Sha256};

use crate::base::diagnostic::Diagnostic;
use crate::base::fsutil;
use crate::base::yaml::Source;

/// A national release: `pack: { name, version }` in the national `site.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct PackId {
    /// The campaign's pack name, e.g. `cse-national`.
    pub name: String,
    /// The release, e.g. `2027.1`.
    pub version: String,
}

/// `sha256:<hex>` of some bytes: the stable hash `upstream.lock` records.
pub fn hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut text = String::with_capacity(7 + 64);
    text.push_str("sha256:");
    for byte in digest.iter() {
        text.push_str(&format!("{byte:02x}"));
    }
    text
}

/// The lock file's name, at the council site's root.
pub const LOCK_FILE: &str = "upstream.lock";

const HEADER: &str = "# upstream.lock: what this site has reviewed of its upstream.\n\
# Written by `beacon upstream accept` and `beacon upstream update`; commit it with the site.\n";

/// The whole lock file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    /// The release whose page list is recorded in `files`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<PackId>,
    /// Every upstream content file seen at the last review (path → hash);
    /// `None` until one was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files: Option<BTreeMap<String, String>>,
    /// Per override (path relative to `content/`): the upstream version recorded.
    #[serde(default)]
    pub overrides: BTreeMap<String, Entry>,
}

/// Whether an override's recorded upstream text was reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// The council reviewed this upstream text (`upstream accept`).
    Accepted,
    /// Recorded by `update` from the outgoing release, never reviewed: only
    /// a starting point for `diff`.
    Baseline,
}

/// The upstream version of one overridden file, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Accepted or only a baseline.
    pub state: State,
    /// The upstream release it came from, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// [`super::hash`] of the upstream file.
    pub hash: String,
    /// Its full text (absent for files that are not UTF-8 text, and for
    /// files too large to keep: see `too_large`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// True when the text was left out because it was over
    /// [`MAX_ENTRY_TEXT`], or to keep the lock under [`MAX_LOCK_BYTES`]:
    /// `diff` says so instead of calling the file "not text".
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub too_large: bool,
}

/// The longest upstream text, in bytes, kept in `upstream.lock` for
/// `diff`; a longer file is recorded by its hash alone.
pub const MAX_ENTRY_TEXT: usize = 256 * 1024;

/// The most a written lock may hold: half of what Beacon reads back
/// ([`fsutil::MAX_TEXT_BYTES`]), so a lock Beacon wrote is always readable.
pub const MAX_LOCK_BYTES: usize = (fsutil::MAX_TEXT_BYTES / 2) as usize;

impl Entry {
    /// Records the upstream file's bytes: its hash, and its text when it
    /// is UTF-8 of at most [`MAX_ENTRY_TEXT`] bytes.
    pub fn new(state: State, version: Option<String>, bytes: &[u8]) -> Entry {
        let too_large = bytes.len() > MAX_ENTRY_TEXT;
        let text = if too_large {
            None
        } else {
            String::from_utf8(bytes.to_vec()).ok()
        };
        Entry {
            state,
            version,
            hash: hash(bytes),
            text,
            too_large,
        }
    }

    /// True when the council accepted exactly this upstream hash.
    pub fn accepts(&self, hash: &str) -> bool {
        self.state == State::Accepted && self.hash == hash
    }
}

/// Reads `<site_dir>/upstream.lock`; a missing file is `Ok(None)`.
pub fn read(site_dir: &Path) -> Result<Option<Lock>, Diagnostic> {
    let path = site_dir.join(LOCK_FILE);
    if !path.exists() {
        return Ok(None);
    }
    let text = fsutil::read_text(&path, Path::new(LOCK_FILE))?;
    Source::file(&text, Path::new(LOCK_FILE))
        .parse()
        .map(Some)
        .map_err(|d| d.with_hint("upstream.lock is written by `beacon upstream`: restore it from your repository's history"))
}

/// The lock's text: a header comment, then the YAML (maps sorted). When
/// the texts kept for `diff` would take it past [`MAX_LOCK_BYTES`], the
/// largest are left out (marked `too_large`) until it fits, so every lock
/// Beacon writes it can read back.
pub fn to_text(lock: &Lock) -> Result<String, Diagnostic> {
    let text = serialise(lock)?;
    if text.len() <= MAX_LOCK_BYTES {
        return Ok(text);
    }
    // Binary search for the fewest texts to leave out, largest first
    // (fewer left out never makes the lock smaller).
    let mut by_size: Vec<(usize, &String)> = lock
        .overrides
        .iter()
        .filter_map(|(path, entry)| Some((entry.text.as_ref()?.len(), path)))
        .collect();
    by_size.sort_by(|a, b| b.cmp(a));
    let without = |count: usize| {
        let mut trimmed = lock.clone();
        for (_, path) in &by_size[..count] {
            if let Some(entry) = trimmed.overrides.get_mut(*path) {
                entry.text = None;
                entry.too_large = true;
            }
        }
        serialise(&trimmed)
    };
    let (mut fits, mut over) = (by_size.len(), 0);
    let mut best = without(fits)?;
    while fits - over > 1 {
        let middle = over + (fits - over) / 2;
        let text = without(middle)?;
        if text.len() <= MAX_LOCK_BYTES {
            (fits, best) = (middle, text);
        } else {
            over = middle;
        }
    }
    Ok(best)
}

fn serialise(lock: &Lock) -> Result<String, Diagnostic> {
    let yaml = serde_yaml::to_string(lock)
        .map_err(|e| Diagnostic::error(LOCK_FILE, format!("cannot write upstream.lock: {e}")))?;
    Ok(format!("{HEADER}{yaml}"))
}

/// Writes `<site_dir>/upstream.lock` atomically.
pub fn write(site_dir: &Path, lock: &Lock) -> Result<(), Diagnostic> {
    crate::base::fsutil::write_atomic(&site_dir.join(LOCK_FILE), to_text(lock)?.as_bytes())
}

/// `upstream::override_warnings` for overrides the caller has already listed
/// (paths relative to `content/`), as a build has them from `layers`.
pub fn override_warnings_for(
    site_dir: &Path,
    upstream: &Path,
    overridden: &[String],
) -> Vec<Diagnostic> {
    let upstream_dir = site_dir.join(upstream);
    let lock = match read(site_dir) {
        Ok(lock) => lock.unwrap_or_default(),
        Err(error) => return vec![error],
    };
    overridden
        .iter()
        .cloned()
        .filter_map(|path| {
            let bytes = std::fs::read(upstream_dir.join("content").join(&path)).ok()?;
            let why = match lock.overrides.get(&path) {
                Some(entry) if entry.accepts(&hash(&bytes)) => return None,
                Some(entry) if entry.state == State::Accepted => "that changed since you accepted it",
                _ => "that you have not accepted yet",
            };
            Some(
                Diagnostic::warning(
                    format!("content/{path}"),
                    format!("content/{path} overrides a national page {why}"),
                )
                .with_hint(format!(
                    "review it with `beacon upstream diff {path}`, then `beacon upstream accept {path}`"
                )),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Lock {
        let mut lock = Lock {
            reviewed: Some(PackId {
                name: "cse".into(),
                version: "2027.1".into(),
            }),
            files: Some(BTreeMap::from([
                ("b.md".to_string(), super::hash(b"b")),
                ("a.md".to_string(), super::hash(b"a")),
            ])),
            ..Lock::default()
        };
        let tricky = [
            "---\ntitle: A\n---\n\nText: with # and 'quotes' and \"more\".\n",
            "no trailing newline",
            "trailing blank lines\n\n\n",
            "  leading spaces\n\ttab\n",
            "",
        ];
        for (index, text) in tricky.iter().enumerate() {
            lock.overrides.insert(
                format!("p{index}.md"),
                Entry::new(State::Accepted, Some("1".into()), text.as_bytes()),
            );
        }
        lock.overrides.insert(
            "img.png".into(),
            Entry::new(State::Baseline, None, &[0xff, 0x00, 0x89]),
        );
        lock
    }

    #[test]
    fn lock_round_trips_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let lock = sample();
        write(dir.path(), &lock).unwrap();
        let back = read(dir.path()).unwrap().unwrap();
        assert_eq!(back, lock);
        assert!(back.overrides["img.png"].text.is_none());
    }

    #[test]
    fn lock_text_is_deterministic_and_sorted() {
        let text = to_text(&sample()).unwrap();
        assert_eq!(text, to_text(&sample()).unwrap());
        assert!(text.find("a.md").unwrap() < text.find("b.md").unwrap());
        assert!(text.starts_with("# upstream.lock"));
    }

    #[test]
    fn missing_lock_is_none_and_a_broken_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(dir.path()).unwrap(), None);
        std::fs::write(dir.path().join(LOCK_FILE), "overrides: [oops\n").unwrap();
        let error = read(dir.path()).unwrap_err();
        assert_eq!(error.path, Path::new(LOCK_FILE));
        assert!(error.hint.unwrap().contains("restore it"));
    }

    #[test]
    fn accepts_needs_the_same_hash_and_an_acceptance() {
        let entry = Entry::new(State::Accepted, None, b"x");
        assert!(entry.accepts(&super::hash(b"x")));
        assert!(!entry.accepts(&super::hash(b"y")));
        let baseline = Entry::new(State::Baseline, None, b"x");
        assert!(!baseline.accepts(&super::hash(b"x")));
    }

    #[test]
    fn texts_that_would_take_the_lock_past_its_cap_are_left_out_largest_first() {
        let dir = tempfile::tempdir().unwrap();
        let mut lock = Lock::default();
        for n in 0..50 {
            let text = format!("{n:02}\n").repeat(50_000 + n * 500);
            let entry = Entry::new(State::Accepted, None, text.as_bytes());
            assert!(entry.text.is_some());
            lock.overrides.insert(format!("p{n:02}.md"), entry);
        }
        write(dir.path(), &lock).unwrap();
        let size = std::fs::metadata(dir.path().join(LOCK_FILE)).unwrap().len() as usize;
        assert!(size <= MAX_LOCK_BYTES, "{size}");
        let back = read(dir.path()).unwrap().unwrap();
        // The smallest keep their text, the largest are marked.
        assert!(back.overrides["p00.md"].text.is_some());
        assert!(back.overrides["p49.md"].too_large);
        assert!(back.overrides["p49.md"].text.is_none());
        assert_eq!(back.overrides["p49.md"].hash, lock.overrides["p49.md"].hash);
    }

    #[test]
    fn a_text_over_the_entry_cap_is_kept_as_its_hash_alone() {
        let big = vec![b'x'; MAX_ENTRY_TEXT + 1];
        let entry = Entry::new(State::Accepted, None, &big);
        assert!(entry.too_large && entry.text.is_none());
        assert_eq!(entry.hash, hash(&big));
        let fits = Entry::new(State::Accepted, None, &big[..MAX_ENTRY_TEXT]);
        assert!(!fits.too_large && fits.text.is_some());
    }
}
