//! Where a build's files go: [`DirSink`] writes under a folder (watch),
//! [`ChangedSink`] writes only what changed into the staging folder
//! (build), [`MemorySink`] keeps files in memory (check, tests).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::manifest::{self, Manifest};
use super::{checked_relative, Staging};
use crate::base::diagnostic::Diagnostic;
use crate::base::fsutil;
use crate::render::Sink;

/// Writes files under a folder on disk, remembering which paths it was
/// given and how many it actually wrote.
pub struct DirSink {
    root: PathBuf,
    skip_unchanged: bool,
    written: AtomicUsize,
    paths: Mutex<BTreeSet<String>>,
}

impl DirSink {
    /// A sink writing under `root`, the output folder of the site in
    /// `site_dir`. With `skip_unchanged`, a file whose bytes are already on
    /// disk is not rewritten (used by `watch`).
    pub fn new(root: impl Into<PathBuf>, site_dir: &Path, skip_unchanged: bool) -> Self {
        let root = root.into();
        // `watch` writes in place: the last build's manifest could vouch
        // for files this sink replaces within its clock's resolution, so
        // the next `build` compares bytes instead. Failing to remove it is
        // the same as an old manifest whose stamps no longer match.
        let _ = manifest::remove(&manifest::Place::new(site_dir, &root));
        DirSink {
            root,
            skip_unchanged,
            written: AtomicUsize::new(0),
            paths: Mutex::default(),
        }
    }

    /// The folder it writes under.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// How many files were written (not counting unchanged ones skipped).
    pub fn written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    /// Every path given to the sink.
    pub fn into_paths(self) -> BTreeSet<String> {
        self.paths
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Sink for DirSink {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = self.root.join(checked_relative(rel)?);
        self.paths
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(rel.to_string());
        if self.skip_unchanged && std::fs::read(&path).is_ok_and(|old| old == bytes) {
            return Ok(());
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        fsutil::write_atomic(&path, bytes)
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        let bytes = fsutil::read(from, from)?;
        self.write(rel, &bytes)
    }

    fn reuse(&self, rel: &str, usable: &dyn Fn(&Path) -> bool) -> bool {
        let Ok(relative) = checked_relative(rel) else {
            return false;
        };
        let kept = reusable(&self.root.join(relative), usable);
        if kept {
            self.paths
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .insert(rel.to_string());
        }
        kept
    }
}

/// True when `path` is a regular file (not a link) that `usable` accepts.
fn reusable(path: &Path, usable: &dyn Fn(&Path) -> bool) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_file()) && usable(path)
}

/// `build`'s sink: compares every file with the output folder and writes
/// only those whose bytes differ, into the staging folder, so nothing in
/// the output changes until the whole site has rendered; unchanged files
/// keep their modification times (rsync and CDN uploads send only what
/// changed). A file the last build's [`Manifest`] vouches for (same length
/// and modification time, same hash) is not read; and a page rendered from
/// the same template and values as last time is not rendered at all
/// ([`Sink::keep_rendered`]).
pub struct ChangedSink {
    out: PathBuf,
    staging: PathBuf,
    /// The output folder was missing or empty when the build began:
    /// nothing there to compare with or keep, so no path is looked up.
    fresh: bool,
    manifest: Manifest,
    changed: AtomicUsize,
    produced: Mutex<BTreeMap<String, Produced>>,
}

/// What a build made at one output path, for the next manifest.
#[derive(Debug, Clone, Copy)]
pub(super) struct Produced {
    pub(super) len: u64,
    /// The file's modification time: as found when unchanged, as staged
    /// when written (`None` if that could not be read; the file then gets
    /// no entry).
    pub(super) mtime: Option<i128>,
    pub(super) hash: Option<u128>,
    pub(super) key: Option<u128>,
    /// The digest of what the search index reads of the page.
    pub(super) doc: Option<u128>,
}

impl ChangedSink {
    /// A sink comparing with `out` and writing changes under `staging`.
    pub fn new(staging: &Staging) -> Self {
        ChangedSink {
            out: staging.out.clone(),
            staging: staging.staging.clone(),
            fresh: staging.fresh,
            // A manifest vouches for files of an output that is gone.
            manifest: match staging.fresh {
                true => Manifest::default(),
                false => Manifest::read(&staging.manifest),
            },
            changed: AtomicUsize::new(0),
            produced: Mutex::default(),
        }
    }

    /// How many files differ from the output folder.
    pub fn changed(&self) -> usize {
        self.changed.load(Ordering::Relaxed)
    }

    /// Every path the site produced.
    pub fn into_paths(self) -> BTreeSet<String> {
        self.into_produced().into_keys().collect()
    }

    pub(super) fn into_produced(self) -> BTreeMap<String, Produced> {
        self.produced
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn record(&self, rel: &str, produced: Produced) {
        self.produced
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(rel.to_string(), produced);
    }

    /// The stamp of the file at `path` when it holds exactly `bytes`
    /// (whose hash is `hash`): vouched for by the manifest, else compared
    /// byte for byte. The length is compared first, so most changed files
    /// are never read.
    fn unchanged(&self, rel: &str, path: &Path, bytes: &[u8], hash: u128) -> Option<i128> {
        if self.fresh {
            return None;
        }
        let stamp = manifest::stamp_of(path)?;
        if stamp.0 != bytes.len() as u64 {
            return None;
        }
        let vouched = self
            .manifest
            .get(rel)
            .is_some_and(|entry| entry.has_stamp(stamp) && entry.hash == Some(hash));
        (vouched || std::fs::read(path).is_ok_and(|old| old == bytes)).then_some(stamp.1)
    }
}

impl Sink for ChangedSink {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.write_rendered(rel, bytes, None)
    }

    fn write_rendered(&self, rel: &str, bytes: &[u8], key: Option<u128>) -> Result<(), Diagnostic> {
        let relative = checked_relative(rel)?;
        let hash = manifest::hash_bytes(bytes);
        let kept = self.unchanged(rel, &self.out.join(relative), bytes, hash);
        let mtime = match kept {
            Some(mtime) => Some(mtime),
            None => {
                self.changed.fetch_add(1, Ordering::Relaxed);
                // A rename keeps the time, so it is read here, in
                // parallel, not after the commit.
                fsutil::write_stamped(&self.staging.join(relative), bytes)?
            }
        };
        let produced = Produced {
            len: bytes.len() as u64,
            mtime,
            hash: Some(hash),
            key,
            doc: None,
        };
        self.record(rel, produced);
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        let bytes = fsutil::read(from, from)?;
        self.write(rel, &bytes)
    }

    /// A file the output holds is kept as it is: not staged, not rewritten.
    fn reuse(&self, rel: &str, usable: &dyn Fn(&Path) -> bool) -> bool {
        let Ok(relative) = checked_relative(rel) else {
            return false;
        };
        if self.fresh {
            return false;
        }
        let path = self.out.join(relative);
        // One look at the file: a regular file and its stamp, then `usable`.
        let Some((len, mtime)) = manifest::stamp_of(&path).filter(|_| usable(&path)) else {
            return false;
        };
        let hash = self
            .manifest
            .get(rel)
            .filter(|entry| entry.has_stamp((len, mtime)))
            .and_then(|entry| entry.hash);
        let produced = Produced {
            len,
            mtime: Some(mtime),
            hash,
            key: None,
            doc: None,
        };
        self.record(rel, produced);
        true
    }

    /// The page at `rel` is kept when the manifest says it was rendered
    /// from `key` and the file still has the stamp it had then.
    fn may_keep(&self, rel: &str) -> bool {
        !self.fresh
            && self
                .manifest
                .get(rel)
                .is_some_and(|entry| entry.key.is_some())
    }

    fn keep_rendered(&self, rel: &str, key: u128) -> Option<PathBuf> {
        if self.fresh {
            return None;
        }
        let path = self.out.join(checked_relative(rel).ok()?);
        let entry = self.manifest.current(rel, &path)?;
        if entry.key != Some(key) || entry.hash.is_none() {
            return None;
        }
        let produced = Produced {
            len: entry.len,
            mtime: Some(entry.mtime),
            hash: entry.hash,
            key: entry.key,
            doc: entry.doc,
        };
        self.record(rel, produced);
        Some(path)
    }

    fn note_document(&self, rel: &str, digest: u128) {
        let mut produced = self
            .produced
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(made) = produced.get_mut(rel) {
            made.doc = Some(digest);
        }
    }

    fn kept_document(&self, rel: &str) -> Option<u128> {
        self.produced
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(rel)
            .and_then(|made| made.doc)
    }
}

/// Keeps files in memory (tests, `check`).
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
    keep: bool,
    previous: Option<PathBuf>,
}

impl MemorySink {
    /// A sink that keeps what it is given.
    pub fn keeping() -> Self {
        MemorySink {
            files: Mutex::default(),
            keep: true,
            previous: None,
        }
    }

    /// A discarding sink that lets files an earlier build left in `out`
    /// stand for themselves (`check` after a `build` need not draw the
    /// social cards again). A keeping sink is always given every file.
    pub fn reusing(mut self, out: &Path) -> Self {
        self.previous = (!self.keep).then(|| out.to_path_buf());
        self
    }

    /// A sink that only checks paths and discards the bytes (`check`).
    pub fn discarding() -> Self {
        MemorySink::default()
    }

    /// The files written so far, by path.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Sink for MemorySink {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        checked_relative(rel)?;
        if self.keep {
            let mut files = self
                .files
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            files.insert(rel.to_string(), bytes.to_vec());
        }
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        let bytes = if self.keep {
            fsutil::read(from, from)?
        } else {
            Vec::new()
        };
        self.write(rel, &bytes)
    }

    fn reuse(&self, rel: &str, usable: &dyn Fn(&Path) -> bool) -> bool {
        match (&self.previous, checked_relative(rel)) {
            (Some(out), Ok(relative)) => reusable(&out.join(relative), usable),
            _ => false,
        }
    }
}
