//! The staging folder: a build writes beside the output and swaps its
//! files in only when everything succeeded, so a failed build leaves the
//! output exactly as it was.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::manifest;
use super::{checked_relative, list_files, remove_stale, ChangedSink};
use crate::base::diagnostic::Diagnostic;
use crate::base::fsutil;

/// A staging folder that replaces the output folder only on success.
pub struct Staging {
    pub(super) out: PathBuf,
    pub(super) staging: PathBuf,
    /// The output folder was missing or empty (but for Beacon's marker):
    /// nothing in it to compare with, and the staging folder becomes it by
    /// one rename.
    pub(super) fresh: bool,
    /// Where the manifest of this output folder lives (build state, in the
    /// site folder).
    pub(super) manifest: manifest::Place,
}

impl Staging {
    /// Creates an empty staging folder beside `out`. Refuses an output
    /// folder that is, or contains, the site folder.
    pub fn new(out: &Path, site_dir: &Path) -> Result<Staging, Diagnostic> {
        let absolute =
            |path: &Path| std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let (out_abs, site_abs) = (absolute(out), absolute(site_dir));
        if site_abs.starts_with(&out_abs)
            || out_abs.starts_with(site_abs.join("content"))
            || out_abs.starts_with(site_abs.join("themes"))
        {
            return Err(Diagnostic::error(
                out,
                "the output folder would replace the site's own files",
            )
            .with_hint(
                "choose an output folder such as `public` that holds nothing but the built site",
            ));
        }
        let name = out_abs
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = out_abs.parent().map(Path::to_path_buf).unwrap_or_default();
        fsutil::create_dir_all(&parent)?;
        remove_abandoned_staging(&parent, &name);
        let staging = parent.join(format!(".{name}.building-{}", std::process::id()));
        fsutil::remove_dir_all(&staging)?;
        fsutil::create_dir_all(&staging)?;
        Ok(Staging {
            manifest: manifest::Place::new(&site_abs, &out_abs),
            fresh: holds_nothing(&out_abs),
            out: out_abs,
            staging,
        })
    }

    /// Where to write the new site.
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// Every file now in the output folder (none when there is none yet).
    /// Nothing is written there before [`Staging::commit_changes_from`], so
    /// `build` lists them while it renders.
    pub fn existing(&self) -> BTreeSet<String> {
        if self.out.is_dir() {
            list_files(&self.out)
        } else {
            BTreeSet::new()
        }
    }

    /// [`Staging::commit_changes_from`] the files the output holds now.
    pub fn commit_changes(self, produced: &BTreeSet<String>) -> Result<usize, Diagnostic> {
        let existing = self.existing();
        self.commit_changes_from(produced, &existing)
    }

    /// Moves the changed files from the staging folder into the output,
    /// each by one rename (so an interrupted build leaves only whole files),
    /// then removes the outputs the site no longer has: those of `existing`
    /// (the output's files before the build) that are not in `produced`
    /// (every file of the new site). Returns how many files were removed.
    pub fn commit_changes_from(
        self,
        produced: &BTreeSet<String>,
        existing: &BTreeSet<String>,
    ) -> Result<usize, Diagnostic> {
        if !self.out.exists() || (self.fresh && self.clear_empty_output()) {
            fsutil::rename(&self.staging, &self.out)?;
            return Ok(0);
        }
        for rel in list_files(&self.staging) {
            let from = self.staging.join(&rel);
            let to = self.out.join(checked_relative(&rel)?);
            make_room(&self.out, &to)?;
            fsutil::rename(&from, &to)?;
        }
        let stale: BTreeSet<String> = existing.difference(produced).cloned().collect();
        let removed = remove_stale(&self.out, &stale)?;
        fsutil::remove_dir_all(&self.staging)?;
        Ok(removed)
    }

    /// Commits what `sink` made ([`Staging::commit_changes_from`]) and
    /// leaves a [`Manifest`] of the new output for the next build. The old
    /// manifest is removed before the first file moves, and the new one is
    /// written only when it says something new, so a build that changed
    /// nothing touches nothing. Returns how many files were removed.
    pub fn commit(
        self,
        sink: ChangedSink,
        existing: &BTreeSet<String>,
    ) -> Result<usize, Diagnostic> {
        let place = self.manifest.clone();
        let changed = sink.changed() > 0;
        let produced = sink.into_produced();
        let paths: BTreeSet<String> = produced.keys().cloned().collect();
        if changed {
            manifest::remove(&place)?;
        }
        let removed = self.commit_changes_from(&paths, existing)?;
        let entries = produced
            .into_iter()
            .filter_map(|(rel, made)| {
                let entry = manifest::Entry {
                    len: made.len,
                    mtime: made.mtime?,
                    hash: made.hash,
                    key: made.key,
                    doc: made.doc,
                };
                Some((rel, entry))
            })
            .collect();
        // The site is whole by now: a manifest that cannot be written only
        // means the next build compares every file's bytes.
        let _ = manifest::write_if_new(&place, &entries);
        Ok(removed)
    }

    /// Removes the output folder found empty (its marker aside), so the
    /// staging folder can take its place; false when something has
    /// appeared in it since, which is then committed file by file.
    fn clear_empty_output(&self) -> bool {
        let _ = std::fs::remove_file(self.out.join(super::MARKER));
        std::fs::remove_dir(&self.out).is_ok()
    }

    /// Throws the staging folder away, leaving the output untouched.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

/// True when `out` is missing, or a folder holding nothing but Beacon's
/// marker: a build into it renders every page.
pub fn holds_nothing(out: &Path) -> bool {
    match std::fs::read_dir(out) {
        Ok(entries) => entries
            .take(2)
            .all(|entry| entry.is_ok_and(|entry| entry.file_name() == super::MARKER)),
        Err(error) => error.kind() == std::io::ErrorKind::NotFound,
    }
}

/// Removes staging folders that killed builds left beside the output
/// (`.public.building-<pid>` whose process is gone). Where a process's
/// liveness cannot be told (no `/proc`), they are left alone.
fn remove_abandoned_staging(parent: &Path, name: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let prefix = format!(".{name}.building-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.parse::<u32>().ok())
        else {
            continue;
        };
        let alive = Path::new("/proc").join(pid.to_string()).exists();
        let is_dir = entry.file_type().is_ok_and(|kind| kind.is_dir());
        if !alive && is_dir {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Clears the way for a file at `to` inside `out`: a folder where the file
/// goes, or a file where one of its folders goes, is removed (a page that
/// became a section, or the other way round).
fn make_room(out: &Path, to: &Path) -> Result<(), Diagnostic> {
    if std::fs::symlink_metadata(to).is_ok_and(|meta| meta.is_dir()) {
        fsutil::remove_dir_all(to)?;
    }
    let mut folder = to.parent();
    while let Some(dir) = folder.filter(|dir| dir.starts_with(out) && *dir != out) {
        if std::fs::symlink_metadata(dir).is_ok_and(|meta| !meta.is_dir()) {
            std::fs::remove_file(dir)
                .map_err(|error| fsutil::io_error(dir, "cannot remove", &error))?;
        }
        folder = dir.parent();
    }
    if let Some(parent) = to.parent() {
        fsutil::create_dir_all(parent)?;
    }
    Ok(())
}
