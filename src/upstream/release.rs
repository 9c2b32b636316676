//! What a national release would do to a council copy, before anyone takes
//! it: `beacon upstream update --dry-run` for one council, and
//! `beacon upstream check-councils` for the national team over many.
//!
//! The release is unpacked (a pack) or copied (a folder) once, with the
//! same refusals and caps as `update`, into a private temporary folder
//! outside every site, and removed when done. Each council copy is then
//! built in memory with that folder standing in for its upstream folder
//! (`site::check`, which writes nothing), so the answer is the build's own:
//! nothing in a council's folder is written, not even `upstream.lock`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use super::{content_files, hash, lock, overrides_of, read_settings, unpack, PackId};
use crate::base::diagnostic::{has_errors, Diagnostic};
use crate::site::{self, Options};

/// A national release unpacked where no site is: read by every dry run,
/// removed when dropped.
pub struct Release {
    /// The private temporary folder that holds it.
    _temp: tempfile::TempDir,
    /// The release's own folder (holds its `site.yaml` and `content/`).
    dir: PathBuf,
    /// Its `pack:` name and version, when it has one.
    pub pack: Option<PackId>,
}

impl Release {
    /// Unpacks (or copies) `source` into a private temporary folder, with
    /// the refusals and caps of `upstream update`.
    pub fn stage(source: &Path) -> Result<Release, Diagnostic> {
        let temp = tempfile::Builder::new()
            .prefix("beacon-release-")
            .tempdir()
            .map_err(|e| {
                crate::base::fsutil::io_error(source, "cannot make a temporary folder for", &e)
            })?;
        let dir = temp.path().join("release");
        unpack::stage(source, &dir)?.commit()?;
        let pack = read_settings(&dir).ok().and_then(|s| s.pack);
        Ok(Release {
            _temp: temp,
            dir,
            pack,
        })
    }
}

/// One override whose national page the release changes from the text the
/// council accepted (or has never accepted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ToReview {
    /// Path under `content/`.
    pub path: String,
    /// True when the council never accepted any version of it.
    pub never_accepted: bool,
}

/// A `local_services:` entry the release adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewLocalService {
    /// The id the national pages use.
    pub id: String,
    /// What it is.
    pub what: String,
    /// True when the council's directory already has it.
    pub provided: bool,
}

/// What a release would do to one council copy.
#[derive(Debug, Clone, Serialize)]
pub struct DryRun {
    /// The council's folder, as given.
    pub council: String,
    /// The release in the council's upstream folder now.
    pub current: Option<PackId>,
    /// The release looked at.
    pub release: Option<PackId>,
    /// Files under `content/` the release adds, removes and changes,
    /// against the council's upstream folder now.
    pub added: Vec<String>,
    /// See [`DryRun::added`].
    pub removed: Vec<String>,
    /// See [`DryRun::added`].
    pub changed: Vec<String>,
    /// The council's copies whose national page would need a review.
    pub to_review: Vec<ToReview>,
    /// `local_services:` the release adds.
    pub new_local_services: Vec<NewLocalService>,
    /// `hide:`, `signposts.hide:` and `signposts.replace:` entries naming
    /// what the release removed or renamed (errors at their line).
    #[serde(serialize_with = "as_lines")]
    pub gone: Vec<Diagnostic>,
    /// Links that would point at nothing.
    #[serde(serialize_with = "as_lines")]
    pub broken_links: Vec<Diagnostic>,
    /// Every error of the build against the release (the lists above
    /// included).
    #[serde(serialize_with = "as_lines")]
    pub errors: Vec<Diagnostic>,
    /// True when the council copy would build.
    pub builds: bool,
}

fn as_lines<S: serde::Serializer>(list: &[Diagnostic], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(list.iter().map(|d| d.to_string()))
}

/// `beacon upstream update --dry-run PACK_OR_FOLDER`: what taking the
/// release would do to the council copy at `site_dir`, built in memory.
pub fn dry_run(
    site_dir: &Path,
    source: &Path,
    today: crate::base::date::Date,
) -> Result<DryRun, Diagnostic> {
    let release = Release::stage(source)?;
    dry_run_against(site_dir, &release, today)
}

/// [`dry_run`] against a release already staged.
pub fn dry_run_against(
    site_dir: &Path,
    release: &Release,
    today: crate::base::date::Date,
) -> Result<DryRun, Diagnostic> {
    let settings = read_settings(site_dir)?;
    if settings.upstream.is_none() {
        return Err(Diagnostic::error(
            "site.yaml",
            "this site names no upstream, so no release can be taken into it",
        )
        .with_hint("a council copy says `upstream: national` in site.yaml (`beacon init --from PACK DIR` makes one)"));
    }
    let upstream_dir = site_dir.join(settings.upstream_dir());
    let now = content_files(&upstream_dir.join("content"));
    let next = content_files(&release.dir.join("content"));
    let (added, removed, changed) = compare(&now, &next);
    let ours = content_files(&site_dir.join("content"));
    let to_review = to_review(site_dir, &overrides_of(&ours, &next), &next)?;
    let options = Options {
        upstream_release: Some(release.dir.clone()),
        today,
        ..Options::new(site_dir)
    };
    let renamed = renamed_services(&upstream_dir, &release.dir);
    let errors: Vec<Diagnostic> = match site::check(&options) {
        Ok(_) => Vec::new(),
        Err(diagnostics) => diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .map(|error| with_new_name(error, &renamed))
            .collect(),
    };
    let current = read_settings(&upstream_dir).unwrap_or_default();
    let current_locals = current.local_services;
    let release_locals = read_settings(&release.dir)
        .map(|s| s.local_services)
        .unwrap_or_default();
    let new_local_services = release_locals
        .into_iter()
        .filter(|service| !current_locals.iter().any(|old| old.id == service.id))
        .map(|service| NewLocalService {
            provided: !errors.iter().any(|e| names_missing_local(e, &service.id)),
            id: service.id,
            what: service.what,
        })
        .collect();
    Ok(DryRun {
        council: site_dir.display().to_string(),
        current: current.pack,
        release: release.pack.clone(),
        added,
        removed,
        changed,
        to_review,
        new_local_services,
        gone: errors.iter().filter(|e| is_gone(e)).cloned().collect(),
        broken_links: errors
            .iter()
            .filter(|e| is_broken_link(e))
            .cloned()
            .collect(),
        builds: !has_errors(&errors),
        errors,
    })
}

/// The keys of a help service that tell it apart when its id changes.
#[derive(serde::Deserialize)]
struct ServiceKeys {
    id: Option<String>,
    name: Option<String>,
    phone: Option<String>,
}

/// Every service of a site folder's own directory, as far as it parses.
fn service_keys(dir: &Path) -> Vec<ServiceKeys> {
    content_files(&dir.join(crate::load::signpost::SIGNPOST_DIR))
        .into_iter()
        .filter(|(rel, _)| !rel.contains('/') && (rel.ends_with(".yaml") || rel.ends_with(".yml")))
        .filter_map(|(rel, path)| {
            let text = crate::base::fsutil::read_text(&path, Path::new(&rel)).ok()?;
            crate::base::yaml::Source::file(&text, Path::new(&rel))
                .parse::<Vec<ServiceKeys>>()
                .ok()
        })
        .flatten()
        .collect()
}

/// Services the release keeps under a new id: an id of the upstream now
/// that the release lacks, whose name or phone number a service with an
/// id new in the release has (old id → new id).
fn renamed_services(now_dir: &Path, next_dir: &Path) -> BTreeMap<String, String> {
    let now = service_keys(now_dir);
    let next = service_keys(next_dir);
    let id_in = |list: &[ServiceKeys], id: &str| list.iter().any(|s| s.id.as_deref() == Some(id));
    let same = |a: &Option<String>, b: &Option<String>| a.is_some() && a == b;
    let mut renamed = BTreeMap::new();
    for old in now
        .iter()
        .filter(|s| s.id.as_deref().is_some_and(|id| !id_in(&next, id)))
    {
        let new = next.iter().find(|s| {
            s.id.as_deref().is_some_and(|id| !id_in(&now, id))
                && (same(&s.name, &old.name) || same(&s.phone, &old.phone))
        });
        if let (Some(old_id), Some(new_id)) = (&old.id, new.and_then(|s| s.id.clone())) {
            renamed.insert(old_id.clone(), new_id);
        }
    }
    renamed
}

/// A `signposts.hide:`/`replace:` error for a service the release renamed,
/// with a hint that names the new id.
fn with_new_name(error: Diagnostic, renamed: &BTreeMap<String, String>) -> Diagnostic {
    let named = ["signposts.hide", "signposts.replace"]
        .iter()
        .find_map(|key| {
            error
                .message
                .strip_prefix(&format!("{key}: the upstream has no service \""))
                .and_then(|rest| rest.strip_suffix('"'))
                .map(|id| (*key, id.to_string()))
        });
    match named.and_then(|(key, id)| renamed.get(&id).map(|new| (key, new.clone()))) {
        Some((key, new)) => error.with_hint(format!(
            "the release calls it \"{new}\" now: write that in `{key}:`"
        )),
        None => error,
    }
}

/// Paths the release adds, removes and changes (by their bytes).
fn compare(
    now: &BTreeMap<String, PathBuf>,
    next: &BTreeMap<String, PathBuf>,
) -> (Vec<String>, Vec<String>, Vec<String>) {
    let added = next
        .keys()
        .filter(|p| !now.contains_key(*p))
        .cloned()
        .collect();
    let removed = now
        .keys()
        .filter(|p| !next.contains_key(*p))
        .cloned()
        .collect();
    let changed = next
        .iter()
        .filter(|(path, file)| {
            now.get(*path)
                .is_some_and(|old| std::fs::read(old).ok() != std::fs::read(file).ok())
        })
        .map(|(path, _)| path.clone())
        .collect();
    (added, removed, changed)
}

/// The overrides whose national page in the release is not the text the
/// council accepted in `upstream.lock`.
fn to_review(
    site_dir: &Path,
    overrides: &[String],
    next: &BTreeMap<String, PathBuf>,
) -> Result<Vec<ToReview>, Diagnostic> {
    let lock = lock::read(site_dir)?.unwrap_or_default();
    let mut rows = Vec::new();
    for path in overrides {
        let Some(bytes) = next.get(path).and_then(|file| std::fs::read(file).ok()) else {
            continue;
        };
        let entry = lock.overrides.get(path);
        if entry.is_some_and(|entry| entry.accepts(&hash(&bytes))) {
            continue;
        }
        rows.push(ToReview {
            path: path.clone(),
            never_accepted: entry.is_none_or(|e| e.state != lock::State::Accepted),
        });
    }
    Ok(rows)
}

/// A `hide:`/`signposts.hide:`/`signposts.replace:` entry the upstream
/// does not have (the messages `content` and `signpost` give them).
fn is_gone(error: &Diagnostic) -> bool {
    [
        "hide: the upstream has no ",
        "signposts.hide: the upstream has no ",
        "signposts.replace: the upstream has no ",
    ]
    .iter()
    .any(|start| error.message.starts_with(start))
}

/// A link to nothing (the messages `markdown` and `render::links` give).
fn is_broken_link(error: &Diagnostic) -> bool {
    error.message.starts_with("broken link") || error.message.contains("which site.yaml hides")
}

/// The error `check` gives for a local service nobody provides.
fn names_missing_local(error: &Diagnostic, id: &str) -> bool {
    error
        .message
        .starts_with(&format!("local service \"{id}\" "))
}

/// `beacon upstream check-councils PACK_OR_FOLDER COUNCIL_DIR…`: the dry
/// run for each council copy, in parallel, in the order given. A council
/// whose folder cannot be read at all is a row that fails with that error.
pub fn check_councils(
    source: &Path,
    councils: &[PathBuf],
    today: crate::base::date::Date,
) -> Result<Vec<DryRun>, Diagnostic> {
    let release = Release::stage(source)?;
    Ok(councils
        .par_iter()
        .map(|council| {
            dry_run_against(council, &release, today)
                .unwrap_or_else(|error| DryRun::unreadable(council, &release, error))
        })
        .collect())
}

impl DryRun {
    /// The row of a council whose folder could not be read at all: it
    /// fails, with that error.
    fn unreadable(council: &Path, release: &Release, error: Diagnostic) -> DryRun {
        DryRun {
            council: council.display().to_string(),
            current: None,
            release: release.pack.clone(),
            added: Vec::new(),
            removed: Vec::new(),
            changed: Vec::new(),
            to_review: Vec::new(),
            new_local_services: Vec::new(),
            gone: Vec::new(),
            broken_links: Vec::new(),
            errors: vec![error],
            builds: false,
        }
    }

    /// Local services the release asks for that the council lacks.
    pub fn missing_local_services(&self) -> Vec<&str> {
        let mut missing: Vec<&str> = self
            .errors
            .iter()
            .filter_map(|e| {
                e.message
                    .strip_prefix("local service \"")
                    .and_then(|rest| rest.split('"').next())
            })
            .collect();
        missing.dedup();
        missing
    }
}

#[cfg(test)]
#[path = "release_tests.rs"]
mod tests;
