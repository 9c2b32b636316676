//! Bringing a national release into a council site, from a `.tar.gz` pack or
//! a folder. An archive is treated as hostile: absolute paths, `..`, links,
//! devices and FIFOs are refused, and the unpacked size and entry count are
//! capped. Everything lands in a hidden sibling folder first and is renamed
//! into place only when whole, so a failed unpack leaves nothing behind.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Component, Path, PathBuf};

use flate2::read::GzDecoder;

use super::pack::{
    check_regular, irregular, refuse_entries, walk_error, PACKED_FOLDERS, PACK_FILE,
};
use super::{is_hidden, slash_path};
use crate::base::diagnostic::Diagnostic;
use crate::base::fsutil;

/// Caps on what one release may unpack to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Total bytes of all files.
    pub max_bytes: u64,
    /// Number of archive entries (files and folders).
    pub max_entries: usize,
}

impl Default for Limits {
    /// 512 MiB and 50,000 entries: far above any campaign, far below a bomb.
    fn default() -> Self {
        Limits {
            max_bytes: 512 * 1024 * 1024,
            max_entries: 50_000,
        }
    }
}

/// A release unpacked into a hidden folder beside where it will go; removed
/// when dropped unless [`Staged::commit`] or [`Staged::replace`] moved it.
#[derive(Debug)]
pub struct Staged {
    staging: PathBuf,
    target: PathBuf,
    moved: bool,
}

impl Staged {
    /// Where the release sits now.
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// Renames the release to its target, which must not exist.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        fsutil::rename(&self.staging, &self.target)?;
        self.moved = true;
        Ok(())
    }

    /// Swaps the release in for whatever is at the target: the old folder is
    /// renamed away, the new one renamed in, then the old one deleted.
    pub fn replace(mut self) -> Result<(), Diagnostic> {
        if !self.target.exists() {
            return self.commit();
        }
        let old = sibling(&self.target, "old")?;
        fsutil::remove_dir_all(&old)?;
        fsutil::rename(&self.target, &old)?;
        if let Err(error) = fsutil::rename(&self.staging, &self.target) {
            let _ = std::fs::rename(&old, &self.target);
            return Err(error);
        }
        self.moved = true;
        fsutil::remove_dir_all(&old)
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.moved {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// A hidden folder beside `target`: `.NAME.WHAT-PID`.
fn sibling(target: &Path, what: &str) -> Result<PathBuf, Diagnostic> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Diagnostic::error(target, "this is not a folder name"))?;
    Ok(target.with_file_name(format!(".{name}.{what}-{}", std::process::id())))
}

/// Unpacks `source` (a `.tar.gz` or a site folder) beside `target`, ready to
/// be moved there, with the default [`Limits`].
pub fn stage(source: &Path, target: &Path) -> Result<Staged, Diagnostic> {
    stage_with(source, target, Limits::default())
}

/// Like [`stage`] with explicit limits.
pub fn stage_with(source: &Path, target: &Path, limits: Limits) -> Result<Staged, Diagnostic> {
    let meta =
        std::fs::metadata(source).map_err(|e| fsutil::io_error(source, "cannot read", &e))?;
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        fsutil::create_dir_all(parent)?;
    }
    let staging = sibling(target, "unpacking")?;
    fsutil::remove_dir_all(&staging)?;
    fsutil::create_dir_all(&staging)?;
    let staged = Staged {
        staging,
        target: target.to_path_buf(),
        moved: false,
    };
    let mut budget = Budget {
        limits,
        bytes: 0,
        entries: 0,
        source,
    };
    if meta.is_dir() {
        copy_folder(source, staged.path(), &mut budget)?;
    } else {
        extract_tar(source, staged.path(), &mut budget)?;
    }
    if !staged.path().join("site.yaml").is_file() {
        return Err(Diagnostic::error(
            source,
            format!(
                "{} is not a Beacon site: it has no site.yaml",
                source.display()
            ),
        )
        .with_hint("give a pack made by `beacon pack`, or the national site's folder"));
    }
    Ok(staged)
}

/// Counts entries and bytes against the limits.
struct Budget<'a> {
    limits: Limits,
    bytes: u64,
    entries: usize,
    source: &'a Path,
}

impl Budget<'_> {
    fn add(&mut self, size: u64) -> Result<(), Diagnostic> {
        self.entries += 1;
        self.bytes = self.bytes.saturating_add(size);
        let hint = "a national release is a few megabytes; check you gave the right file";
        if self.entries > self.limits.max_entries {
            return Err(Diagnostic::error(
                self.source,
                format!(
                    "{} has more than {} entries; refusing to unpack it",
                    self.source.display(),
                    self.limits.max_entries
                ),
            )
            .with_hint(hint));
        }
        if self.bytes > self.limits.max_bytes {
            return Err(Diagnostic::error(
                self.source,
                format!(
                    "{} unpacks to more than {} MiB; refusing to unpack it",
                    self.source.display(),
                    self.limits.max_bytes / (1024 * 1024)
                ),
            )
            .with_hint(hint));
        }
        Ok(())
    }
}

/// True for the paths a release carries: site.yaml, pack.yaml, content/, themes/.
fn carried(rel: &str) -> bool {
    rel == "site.yaml"
        || rel == PACK_FILE
        || PACKED_FOLDERS
            .iter()
            .any(|folder| rel == *folder || rel.starts_with(&format!("{folder}/")))
}

fn refused(source: &Path, entry: &str, why: &str) -> Diagnostic {
    Diagnostic::error(
        source,
        format!("{}: refused entry `{entry}`: {why}", source.display()),
    )
    .with_hint("the archive is damaged or was not made by `beacon pack`; nothing was unpacked")
}

/// The entry's path, relative and free of `..`; `None` for hidden entries.
fn checked_path(path: &Path, source: &Path) -> Result<Option<String>, Diagnostic> {
    let shown = path.to_string_lossy();
    let mut parts = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(name) if is_hidden(name) => return Ok(None),
            Component::Normal(name) => parts.push(name.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => return Err(refused(source, &shown, "it climbs out with `..`")),
            Component::RootDir | Component::Prefix(_) => {
                return Err(refused(source, &shown, "it is an absolute path"))
            }
        }
    }
    Ok((!parts.is_empty()).then(|| parts.join("/")))
}

fn extract_tar(source: &Path, dest: &Path, budget: &mut Budget) -> Result<(), Diagnostic> {
    let not_a_pack = |e: std::io::Error| {
        Diagnostic::error(
            source,
            format!("cannot read {} as a .tar.gz pack: {e}", source.display()),
        )
        .with_hint("give a pack made by `beacon pack`, or the national site's folder")
    };
    let file = File::open(source).map_err(|e| fsutil::io_error(source, "cannot read", &e))?;
    let mut archive = tar::Archive::new(GzDecoder::new(BufReader::new(file)));
    for entry in archive.entries().map_err(not_a_pack)? {
        let mut entry = entry.map_err(not_a_pack)?;
        let path = entry.path().map_err(not_a_pack)?.into_owned();
        let kind = entry.header().entry_type();
        if matches!(
            kind,
            tar::EntryType::XGlobalHeader | tar::EntryType::XHeader
        ) {
            continue;
        }
        let rel = checked_path(&path, source)?;
        let shown = path.to_string_lossy();
        if let Some(why) = refused_kind(kind) {
            return Err(refused(source, &shown, why));
        }
        budget.add(entry.size())?;
        let Some(rel) = rel.filter(|rel| carried(rel)) else {
            continue;
        };
        let target = dest.join(&rel);
        if kind.is_dir() {
            fsutil::create_dir_all(&target)?;
        } else {
            write_entry(&mut entry, &target)?;
        }
    }
    Ok(())
}

/// Why an entry type is refused; `None` for plain files and folders.
fn refused_kind(kind: tar::EntryType) -> Option<&'static str> {
    match kind {
        tar::EntryType::Regular | tar::EntryType::Continuous | tar::EntryType::Directory => None,
        tar::EntryType::Symlink => Some("it is a link, which Beacon does not follow"),
        tar::EntryType::Link => Some("it is a hard link"),
        tar::EntryType::Char | tar::EntryType::Block => Some("it is a device"),
        tar::EntryType::Fifo => Some("it is a FIFO"),
        _ => Some("it is not a plain file or folder"),
    }
}

fn write_entry(entry: &mut impl Read, target: &Path) -> Result<(), Diagnostic> {
    if let Some(parent) = target.parent() {
        fsutil::create_dir_all(parent)?;
    }
    let mut file =
        File::create(target).map_err(|e| fsutil::io_error(target, "cannot write", &e))?;
    std::io::copy(entry, &mut file).map_err(|e| fsutil::io_error(target, "cannot write", &e))?;
    Ok(())
}

/// Copies site.yaml, pack.yaml, content/ and themes/ of a site folder,
/// skipping hidden names. Links and special files are refused, every one
/// of them in one error, before anything is copied.
fn copy_folder(source: &Path, dest: &Path, budget: &mut Budget) -> Result<(), Diagnostic> {
    let mut entries = Vec::new();
    let mut refused = Vec::new();
    for name in ["site.yaml", PACK_FILE].into_iter().chain(PACKED_FOLDERS) {
        let root = source.join(name);
        if std::fs::symlink_metadata(&root).is_err() {
            continue;
        }
        let walker = walkdir::WalkDir::new(&root)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| !is_hidden(entry.file_name()));
        for entry in walker {
            let entry = entry.map_err(|e| walk_error(&e, source))?;
            let rel = entry.path().strip_prefix(source).unwrap_or(entry.path());
            match irregular(entry.file_type()) {
                Some(kind) => refused.push((rel.to_path_buf(), kind)),
                None => entries.push(entry),
            }
        }
    }
    if !refused.is_empty() {
        return Err(refuse_entries(
            &refused,
            "a release holds only plain files and folders, so nothing was unpacked",
        ));
    }
    for entry in entries {
        let rel = slash_path(entry.path().strip_prefix(source).unwrap_or(entry.path()));
        let target = dest.join(&rel);
        if entry.file_type().is_dir() {
            budget.add(0)?;
            fsutil::create_dir_all(&target)?;
            continue;
        }
        check_regular(entry.path(), entry.path())?;
        budget.add(entry.metadata().map(|m| m.len()).unwrap_or(0))?;
        let bytes = fsutil::read(entry.path(), entry.path())?;
        fsutil::write(&target, &bytes)?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "unpack_tests.rs"]
mod tests;
