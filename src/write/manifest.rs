//! What the last `build` wrote: for each output file its length,
//! modification time, a hash of its bytes and (for a rendered page) the key
//! of everything its template was given. The next build uses it to tell an
//! unchanged file without reading it, and a page whose inputs did not change
//! without rendering it.
//!
//! An entry counts only while the file on disk still has the length and
//! modification time (to the nanosecond) the entry records, the same quick
//! check `rsync` makes: a file anything else touched since is compared by
//! its bytes, or rendered again. The manifest is removed before a build
//! moves its first file into the output and written after its last, so an
//! interrupted build leaves none that could vouch for a file it replaced.
//! A missing, unreadable or garbled manifest is an empty one.
//!
//! It lives in the output folder (`.beacon-manifest`) and says nothing that
//! the published files do not: their paths and hashes. Deploys may leave
//! it out (`rsync --exclude '.beacon-*'`).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::base::diagnostic::Diagnostic;
use crate::base::fsutil;

/// The manifest's file name in the output folder.
pub const MANIFEST: &str = ".beacon-manifest";

/// The first line of a manifest this version of Beacon reads.
const HEADER: &str = "beacon-manifest 1";

/// The largest manifest read (about two million files); a larger one is
/// ignored, as if there were none.
const MAX_MANIFEST_BYTES: u64 = 256 * 1024 * 1024;

/// What the manifest says about one output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Its length in bytes.
    pub len: u64,
    /// Its modification time, in nanoseconds since 1970.
    pub mtime: i128,
    /// A hash of its bytes (`None` for a file kept without being read,
    /// such as a social card named by its content).
    pub hash: Option<u128>,
    /// The key of the template and values it was rendered from (pages
    /// only; see `render`).
    pub key: Option<u128>,
}

impl Entry {
    /// True when a file of this length and modification time is the one the
    /// entry describes.
    pub fn has_stamp(&self, (len, mtime): (u64, i128)) -> bool {
        self.len == len && self.mtime == mtime
    }
}

pub use crate::base::fsutil::{stamp, stamp_of};

/// A hash of a file's bytes.
pub fn hash_bytes(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// The last build's entries, by output path.
#[derive(Debug, Default)]
pub struct Manifest {
    entries: HashMap<String, Entry>,
}

impl Manifest {
    /// Reads the manifest in `out`: empty when there is none, or it is not a
    /// regular file, too large or not one this version wrote.
    pub fn read(out: &Path) -> Manifest {
        read_text(out).map_or_else(Manifest::default, |text| Manifest::parse(&text))
    }

    /// Parses a manifest's text; lines it cannot read are left out.
    pub fn parse(text: &str) -> Manifest {
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return Manifest::default();
        }
        let entries = lines.filter_map(parse_line).collect();
        Manifest { entries }
    }

    /// The entry for `rel`, if the last build wrote one.
    pub fn get(&self, rel: &str) -> Option<&Entry> {
        self.entries.get(rel)
    }

    /// The entry for `rel` when the file at `path` still has the length and
    /// modification time it records, with that stamp.
    pub fn current(&self, rel: &str, path: &Path) -> Option<Entry> {
        let entry = self.entries.get(rel)?;
        entry.has_stamp(stamp_of(path)?).then_some(*entry)
    }
}

/// A manifest's text for `entries`. Paths with a line break in them (an
/// asset's odd file name) are left out: they are compared by their bytes.
pub fn format(entries: &BTreeMap<String, Entry>) -> String {
    let mut text = String::with_capacity(entries.len() * 120);
    text.push_str(HEADER);
    text.push('\n');
    for (rel, entry) in entries {
        if rel.contains(['\n', '\r']) {
            continue;
        }
        let hex = |value: Option<u128>| value.map_or("-".to_string(), |v| format!("{v:032x}"));
        text.push_str(&format!(
            "{} {} {} {} {rel}\n",
            entry.len,
            entry.mtime,
            hex(entry.hash),
            hex(entry.key)
        ));
    }
    text
}

fn parse_line(line: &str) -> Option<(String, Entry)> {
    let mut fields = line.splitn(5, ' ');
    let len = fields.next()?.parse().ok()?;
    let mtime = fields.next()?.parse().ok()?;
    let hash = parse_hex(fields.next()?)?;
    let key = parse_hex(fields.next()?)?;
    let rel = fields.next().filter(|rel| !rel.is_empty())?;
    Some((
        rel.to_string(),
        Entry {
            len,
            mtime,
            hash,
            key,
        },
    ))
}

/// `-` is none; otherwise 32 hex digits. `None` outside means unreadable.
fn parse_hex(field: &str) -> Option<Option<u128>> {
    if field == "-" {
        return Some(None);
    }
    (field.len() == 32)
        .then(|| u128::from_str_radix(field, 16).ok())
        .flatten()
        .map(Some)
}

/// Removes the manifest from `out` (before a build changes any file there).
pub fn remove(out: &Path) -> Result<(), Diagnostic> {
    match std::fs::remove_file(out.join(MANIFEST)) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(fsutil::io_error(
            &out.join(MANIFEST),
            "cannot remove",
            &error,
        )),
        _ => Ok(()),
    }
}

/// The manifest's text in `out`, when it is a regular file (not a link)
/// of a sane size.
fn read_text(out: &Path) -> Option<String> {
    let path = out.join(MANIFEST);
    let fits = std::fs::symlink_metadata(&path)
        .is_ok_and(|meta| meta.file_type().is_file() && meta.len() <= MAX_MANIFEST_BYTES);
    fits.then(|| std::fs::read_to_string(&path).ok()).flatten()
}

/// Writes `entries` as the manifest of `out` (through a temporary file),
/// unless it already says exactly this (so a build that changed nothing
/// leaves it, and its time, alone).
pub fn write_if_new(out: &Path, entries: &BTreeMap<String, Entry>) -> Result<(), Diagnostic> {
    let text = format(entries);
    if read_text(out).as_deref() == Some(text.as_str()) {
        return Ok(());
    }
    fsutil::write_atomic(&out.join(MANIFEST), text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(hash: Option<u128>, key: Option<u128>) -> Entry {
        Entry {
            len: 1234,
            mtime: 1_700_000_000_123_456_789,
            hash,
            key,
        }
    }

    #[test]
    fn entries_read_back_as_written() {
        let mut entries = BTreeMap::new();
        entries.insert("index.html".to_string(), entry(Some(7), Some(u128::MAX)));
        entries.insert("cards/a b.png".to_string(), entry(None, None));
        let manifest = Manifest::parse(&format(&entries));
        assert_eq!(manifest.get("index.html"), entries.get("index.html"));
        assert_eq!(manifest.get("cards/a b.png"), entries.get("cards/a b.png"));
        assert_eq!(manifest.entries.len(), 2);
    }

    #[test]
    fn a_path_with_a_line_break_is_left_out_and_cannot_forge_an_entry() {
        let mut entries = BTreeMap::new();
        let forged = format!("x\n1 2 {:032x} - index.html", 5);
        entries.insert(forged, entry(Some(1), None));
        let manifest = Manifest::parse(&format(&entries));
        assert!(manifest.get("index.html").is_none());
        assert!(manifest.entries.is_empty());
    }

    #[test]
    fn garbled_lines_and_other_versions_are_ignored() {
        let text = format!(
            "{HEADER}\n12 34 zz - a.html\n12 34 - -\n\n12 34 {:032x} - b.html\n",
            9
        );
        let manifest = Manifest::parse(&text);
        assert!(manifest.get("a.html").is_none());
        assert_eq!(manifest.get("b.html").map(|e| e.hash), Some(Some(9)));
        assert!(Manifest::parse("beacon-manifest 0\n12 34 - - a.html\n")
            .entries
            .is_empty());
        assert!(Manifest::parse("").entries.is_empty());
    }

    #[test]
    fn an_entry_counts_only_while_the_file_keeps_its_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.html");
        std::fs::write(&path, b"hello").unwrap();
        let (len, mtime) = stamp_of(&path).unwrap();
        let mut entries = BTreeMap::new();
        let kept = Entry {
            len,
            mtime,
            hash: Some(hash_bytes(b"hello")),
            key: None,
        };
        entries.insert("page.html".to_string(), kept);
        write_if_new(dir.path(), &entries).unwrap();
        let manifest = Manifest::read(dir.path());
        assert_eq!(manifest.current("page.html", &path), Some(kept));
        std::fs::write(&path, b"hellO").unwrap();
        let touched = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(touched)
            .unwrap();
        assert_eq!(manifest.current("page.html", &path), None);
        remove(dir.path()).unwrap();
        assert!(Manifest::read(dir.path()).entries.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_manifest_that_is_a_link_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::fs::write(&elsewhere, format!("{HEADER}\n1 2 - - a.html\n")).unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join(MANIFEST)).unwrap();
        assert!(Manifest::read(&out).entries.is_empty());
    }
}
