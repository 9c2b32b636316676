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
//! It is build state, not part of the site, so it lives outside the output,
//! in the site folder's `.beacon/` (which holds a `.gitignore` of its own): the published
//! folder holds only what visitors get, and two builds of one site into two
//! fresh folders are byte for byte the same. The manifest names the output
//! folder it describes; one that names another folder (the site was last
//! built with another `--out`) is an empty one. A `.beacon` that is a link
//! is never followed: the build then keeps no state.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::base::diagnostic::Diagnostic;
use crate::base::fsutil;

/// The folder in the site folder that holds Beacon's build state.
pub const STATE_DIR: &str = ".beacon";

/// The manifest's file name in [`STATE_DIR`].
pub const MANIFEST: &str = "manifest";

/// The first line of a manifest this version of Beacon reads.
const HEADER: &str = "beacon-manifest 3";

/// Where the manifest of one output folder lives, and the name it gives
/// that folder (its absolute path).
#[derive(Debug, Clone)]
pub struct Place {
    state_dir: PathBuf,
    output: String,
}

impl Place {
    /// The manifest place for building `site_dir` into `out`.
    pub fn new(site_dir: &Path, out: &Path) -> Place {
        let absolute =
            |path: &Path| std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        Place {
            state_dir: absolute(site_dir).join(STATE_DIR),
            output: absolute(out).to_string_lossy().into_owned(),
        }
    }

    /// The manifest file.
    pub fn file(&self) -> PathBuf {
        self.state_dir.join(MANIFEST)
    }

    /// True when the state folder may be used: it is a real folder, or
    /// there is nothing there yet. A link (or a file) there is left alone.
    fn usable(&self) -> bool {
        is_folder_or_nothing(&self.state_dir)
    }

    /// The line that names the output folder, or `None` when its name
    /// cannot stand on one line.
    fn output_line(&self) -> Option<String> {
        (!self.output.contains(['\n', '\r'])).then(|| format!("output {}", self.output))
    }
}

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
    /// The digest of what the search index reads of it (indexed pages
    /// only; see `search::document_digest`).
    pub doc: Option<u128>,
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
    /// Reads the manifest at `place`: empty when there is none, or it is
    /// not a regular file, too large, not one this version wrote, or the
    /// manifest of another output folder.
    pub fn read(place: &Place) -> Manifest {
        read_text(place).map_or_else(Manifest::default, |text| Manifest::parse(&text, place))
    }

    /// Parses a manifest's text; lines it cannot read are left out, and a
    /// manifest of another output folder than `place`'s is empty.
    pub fn parse(text: &str, place: &Place) -> Manifest {
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) || lines.next() != place.output_line().as_deref() {
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

/// A manifest's text for `entries` of the output folder `place` names
/// (`None` when that name cannot be written on a line). Paths with a line
/// break in them (an asset's odd file name) are left out: they are
/// compared by their bytes.
pub fn format(place: &Place, entries: &BTreeMap<String, Entry>) -> Option<String> {
    let mut text = String::with_capacity(entries.len() * 120);
    text.push_str(HEADER);
    text.push('\n');
    text.push_str(&place.output_line()?);
    text.push('\n');
    for (rel, entry) in entries {
        if rel.contains(['\n', '\r']) {
            continue;
        }
        let hex = |value: Option<u128>| value.map_or("-".to_string(), |v| format!("{v:032x}"));
        text.push_str(&format!(
            "{} {} {} {} {} {rel}\n",
            entry.len,
            entry.mtime,
            hex(entry.hash),
            hex(entry.key),
            hex(entry.doc)
        ));
    }
    Some(text)
}

fn parse_line(line: &str) -> Option<(String, Entry)> {
    let mut fields = line.splitn(6, ' ');
    let len = fields.next()?.parse().ok()?;
    let mtime = fields.next()?.parse().ok()?;
    let hash = parse_hex(fields.next()?)?;
    let key = parse_hex(fields.next()?)?;
    let doc = parse_hex(fields.next()?)?;
    let rel = fields.next().filter(|rel| !rel.is_empty())?;
    Some((
        rel.to_string(),
        Entry {
            len,
            mtime,
            hash,
            key,
            doc,
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

/// Removes the manifest at `place` (before a build changes any file in
/// its output folder).
pub fn remove(place: &Place) -> Result<(), Diagnostic> {
    if !place.usable() {
        return Ok(());
    }
    let file = place.file();
    match std::fs::remove_file(&file) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            Err(fsutil::io_error(&file, "cannot remove", &error))
        }
        _ => Ok(()),
    }
}

/// The manifest's text at `place`, when it is a regular file (not a link)
/// of a sane size in a state folder that is not a link.
fn read_text(place: &Place) -> Option<String> {
    if !place.usable() {
        return None;
    }
    let path = place.file();
    let fits = std::fs::symlink_metadata(&path)
        .is_ok_and(|meta| meta.file_type().is_file() && meta.len() <= MAX_MANIFEST_BYTES);
    fits.then(|| std::fs::read_to_string(&path).ok()).flatten()
}

/// Writes `entries` as the manifest at `place` (through a temporary file),
/// unless it already says exactly this (so a build that changed nothing
/// leaves it, and its time, alone). Writes nothing where the state folder
/// is a link, or the output folder's name cannot be written.
pub fn write_if_new(place: &Place, entries: &BTreeMap<String, Entry>) -> Result<(), Diagnostic> {
    let Some(text) = format(place, entries) else {
        return Ok(());
    };
    if !place.usable() || read_text(place).as_deref() == Some(text.as_str()) {
        return Ok(());
    }
    create_state_dir(&place.state_dir)?;
    fsutil::write_atomic(&place.file(), text.as_bytes())
}

/// True when `dir` may hold build state: a real folder, or nothing yet. A
/// link (or a file) there is left alone.
pub fn is_folder_or_nothing(dir: &Path) -> bool {
    match std::fs::symlink_metadata(dir) {
        Ok(meta) => meta.file_type().is_dir(),
        Err(error) => error.kind() == std::io::ErrorKind::NotFound,
    }
}

/// Creates the state folder `state_dir` when missing, with its own
/// `.gitignore`, whichever piece of state is written first.
pub fn create_state_dir(state_dir: &Path) -> Result<(), Diagnostic> {
    fsutil::create_dir_all(state_dir)?;
    let ignore = state_dir.join(".gitignore");
    if std::fs::symlink_metadata(&ignore).is_err() {
        fsutil::write_atomic(&ignore, GITIGNORE.as_bytes())?;
    }
    Ok(())
}

/// The state folder's own `.gitignore`: it ignores everything in it,
/// itself included, so the state is never committed whatever the site's
/// repository ignores (as pytest's and ruff's caches do).
const GITIGNORE: &str = "# Beacon's build state: safe to delete, never committed.\n*\n";

#[cfg(test)]
mod tests {
    use super::*;

    fn place() -> Place {
        Place::new(Path::new("/site"), Path::new("/site/public"))
    }

    fn entry(hash: Option<u128>, key: Option<u128>) -> Entry {
        Entry {
            len: 1234,
            mtime: 1_700_000_000_123_456_789,
            hash,
            key,
            doc: key.map(|key| key ^ 1),
        }
    }

    #[test]
    fn entries_read_back_as_written() {
        let mut entries = BTreeMap::new();
        entries.insert("index.html".to_string(), entry(Some(7), Some(u128::MAX)));
        entries.insert("cards/a b.png".to_string(), entry(None, None));
        let manifest = Manifest::parse(&format(&place(), &entries).unwrap(), &place());
        assert_eq!(manifest.get("index.html"), entries.get("index.html"));
        assert_eq!(manifest.get("cards/a b.png"), entries.get("cards/a b.png"));
        assert_eq!(manifest.entries.len(), 2);
    }

    #[test]
    fn a_path_with_a_line_break_is_left_out_and_cannot_forge_an_entry() {
        let mut entries = BTreeMap::new();
        let forged = format!("x\n1 2 {:032x} - - index.html", 5);
        entries.insert(forged, entry(Some(1), None));
        let manifest = Manifest::parse(&format(&place(), &entries).unwrap(), &place());
        assert!(manifest.get("index.html").is_none());
        assert!(manifest.entries.is_empty());
    }

    #[test]
    fn garbled_lines_and_other_versions_are_ignored() {
        let text = format!(
            "{HEADER}\noutput /site/public\n12 34 zz - - a.html\n12 34 - - -\n\n12 34 {:032x} - - b.html\n",
            9
        );
        let manifest = Manifest::parse(&text, &place());
        assert!(manifest.get("a.html").is_none());
        assert_eq!(manifest.get("b.html").map(|e| e.hash), Some(Some(9)));
        assert!(
            Manifest::parse("beacon-manifest 2\n12 34 - - a.html\n", &place())
                .entries
                .is_empty()
        );
        assert!(Manifest::parse("", &place()).entries.is_empty());
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
            doc: None,
        };
        entries.insert("page.html".to_string(), kept);
        let place = Place::new(dir.path(), &dir.path().join("public"));
        write_if_new(&place, &entries).unwrap();
        assert!(dir.path().join(".beacon/manifest").is_file());
        assert_eq!(
            std::fs::read_to_string(dir.path().join(".beacon/.gitignore")).unwrap(),
            GITIGNORE,
            "the state folder keeps itself out of git"
        );
        let manifest = Manifest::read(&place);
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
        remove(&place).unwrap();
        assert!(Manifest::read(&place).entries.is_empty());
    }

    #[test]
    fn the_manifest_of_another_output_folder_is_an_empty_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut entries = BTreeMap::new();
        entries.insert("index.html".to_string(), entry(Some(1), None));
        let public = Place::new(dir.path(), &dir.path().join("public"));
        write_if_new(&public, &entries).unwrap();
        assert_eq!(Manifest::read(&public).entries.len(), 1);
        let elsewhere = Place::new(dir.path(), &dir.path().join("elsewhere"));
        assert!(Manifest::read(&elsewhere).entries.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_manifest_that_is_a_link_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::fs::write(&elsewhere, format!("{HEADER}\n1 2 - - a.html\n")).unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join(STATE_DIR)).unwrap();
        std::os::unix::fs::symlink(&elsewhere, site.join(STATE_DIR).join(MANIFEST)).unwrap();
        let place = Place::new(&site, Path::new("/out"));
        assert!(Manifest::read(&place).entries.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_state_folder_that_is_a_link_is_neither_read_nor_written() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir(&site).unwrap();
        std::os::unix::fs::symlink(&outside, site.join(STATE_DIR)).unwrap();
        let place = Place::new(&site, &site.join("public"));
        let mut entries = BTreeMap::new();
        entries.insert("index.html".to_string(), entry(Some(1), None));
        write_if_new(&place, &entries).unwrap();
        remove(&place).unwrap();
        assert_eq!(
            std::fs::read_dir(&outside).unwrap().count(),
            0,
            "nothing written through the link"
        );
        std::fs::write(outside.join(MANIFEST), format(&place, &entries).unwrap()).unwrap();
        assert!(
            Manifest::read(&place).entries.is_empty(),
            "nothing read through the link"
        );
        assert!(
            outside.join(MANIFEST).exists(),
            "nothing removed through the link"
        );
    }
}
