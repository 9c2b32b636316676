//! Reviewing national releases: `upstream status`, `diff`, `accept` and
//! `update`, and the build's warnings for overrides whose upstream page
//! changed since the council accepted it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::lock::{self, override_warnings_for, Entry, Lock, State};
use super::status::{OverrideState, OverrideStatus, Removed, Status};
use super::{content_files, hash, overrides, read_settings, unpack, PackId, Settings};
use crate::base::diagnostic::{did_you_mean, Diagnostic};
use crate::base::fsutil;

/// A council site with its upstream, as the review commands see it.
struct Council {
    site_dir: PathBuf,
    settings: Settings,
    /// The upstream folder as written in site.yaml, e.g. `national`.
    upstream_rel: PathBuf,
    lock: Option<Lock>,
}

impl Council {
    fn load(site_dir: &Path) -> Result<Council, Diagnostic> {
        let settings = read_settings(site_dir)?;
        let upstream_rel = settings.upstream_dir();
        let council = Council {
            site_dir: site_dir.to_path_buf(),
            lock: lock::read(site_dir)?,
            settings,
            upstream_rel,
        };
        if let Some(link) = council.linked_folder() {
            return Err(Diagnostic::error(
                "site.yaml",
                format!("{link} is a link, which Beacon does not follow"),
            )
            .with_hint(
                "the upstream's files must be inside the site: bring a release in \
                 with `beacon upstream update PACK` instead of linking to one",
            ));
        }
        if !council.upstream_dir().is_dir() {
            let shown = council.upstream_rel.display();
            return Err(Diagnostic::error(
                "site.yaml",
                format!("this site has no upstream folder `{shown}`"),
            )
            .with_hint(
                "set `upstream:` in site.yaml to the national site's folder, \
                 or bring a release in with `beacon upstream update PACK`",
            ));
        }
        Ok(council)
    }

    /// The first of `content/`, the upstream folder (each part of its
    /// path) and its `content/` that is a link, as shown to people.
    fn linked_folder(&self) -> Option<String> {
        let mut candidates = vec![PathBuf::from("content")];
        let mut upstream = PathBuf::new();
        for part in self.upstream_rel.components() {
            upstream.push(part);
            candidates.push(upstream.clone());
        }
        candidates.push(upstream.join("content"));
        candidates.into_iter().find_map(|rel| {
            let meta = std::fs::symlink_metadata(self.site_dir.join(&rel)).ok()?;
            meta.file_type()
                .is_symlink()
                .then(|| super::slash_path(&rel))
        })
    }

    fn upstream_dir(&self) -> PathBuf {
        self.site_dir.join(&self.upstream_rel)
    }

    fn upstream_content(&self) -> PathBuf {
        self.upstream_dir().join("content")
    }

    /// `national/content/PATH` as shown to people.
    fn shown(&self, path: &str) -> String {
        format!("{}/content/{path}", super::slash_path(&self.upstream_rel))
    }

    fn current_pack(&self) -> Option<PackId> {
        read_settings(&self.upstream_dir())
            .ok()
            .and_then(|s| s.pack)
    }

    fn read_upstream(&self, path: &str) -> Result<Vec<u8>, Diagnostic> {
        fsutil::read(
            &self.upstream_content().join(path),
            Path::new(&self.shown(path)),
        )
    }
}

/// Hashes of every upstream content file.
fn upstream_hashes(upstream_content: &Path) -> BTreeMap<String, String> {
    content_files(upstream_content)
        .into_iter()
        .filter_map(|(rel, path)| std::fs::read(path).ok().map(|bytes| (rel, hash(&bytes))))
        .collect()
}

/// `beacon upstream status`: each override's state, new upstream pages and
/// removed upstream pages the council still uses.
pub fn status(site_dir: &Path) -> Result<Status, Diagnostic> {
    let council = Council::load(site_dir)?;
    let empty = Lock::default();
    let lock = council.lock.as_ref().unwrap_or(&empty);
    let mut rows = Vec::new();
    for path in overrides(site_dir, &council.upstream_dir()) {
        let current = hash(&council.read_upstream(&path)?);
        let state = match lock.overrides.get(&path) {
            Some(entry) if entry.accepts(&current) => OverrideState::Unchanged,
            Some(entry) if entry.state == State::Accepted => OverrideState::Changed {
                accepted: entry.version.clone(),
            },
            _ => OverrideState::NotAccepted,
        };
        rows.push(OverrideStatus { path, state });
    }
    let now = content_files(&council.upstream_content());
    let (mut new_pages, mut removed) = (Vec::new(), Vec::new());
    if let Some(seen) = &lock.files {
        new_pages = now
            .keys()
            .filter(|p| !seen.contains_key(*p))
            .cloned()
            .collect();
        for path in seen.keys().filter(|p| !now.contains_key(*p)) {
            let uses = super::status::uses(site_dir, &council.settings, path);
            if !uses.is_empty() {
                removed.push(Removed {
                    path: path.clone(),
                    uses,
                });
            }
        }
    }
    Ok(Status {
        upstream: super::slash_path(&council.upstream_rel),
        current: council.current_pack(),
        reviewed: lock.reviewed.clone(),
        has_page_list: lock.files.is_some(),
        overrides: rows,
        new_pages,
        removed,
    })
}

/// A PATH argument as a path under `content/` (`content/PATH`, `./PATH`
/// and backslashes are accepted). Absolute paths, `..`, `.` and empty
/// components are refused by their shape alone, and the error quotes
/// nothing of the argument, so it reveals nothing about files outside the
/// site.
fn argument(path: &str) -> Result<String, Diagnostic> {
    let slashed = path.replace('\\', "/");
    let mut rel = slashed.as_str();
    while let Some(rest) = rel.strip_prefix("./") {
        rel = rest;
    }
    let rel = rel.strip_prefix("content/").unwrap_or(rel);
    let drive = rel.as_bytes().get(1) == Some(&b':');
    let bad_part = rel.split('/').any(|part| matches!(part, "" | "." | ".."));
    if rel.starts_with('/') || drive || bad_part {
        return Err(Diagnostic::error(
            "content",
            "a page to review is named by its path under content/, without `..` or a leading `/`",
        )
        .with_hint("for example realise/page.md, as `beacon upstream status` lists them"));
    }
    Ok(rel.to_string())
}

/// Both sides' content files, each walked once without following links
/// (a link, or a file behind a linked folder, is on neither list), and the
/// overrides among them. Only files on these lists are ever read.
struct Sides {
    ours: BTreeMap<String, PathBuf>,
    theirs: BTreeMap<String, PathBuf>,
    overrides: Vec<String>,
}

impl Sides {
    fn walk(council: &Council) -> Sides {
        let ours = content_files(&council.site_dir.join("content"));
        let theirs = content_files(&council.upstream_content());
        let overrides = super::overrides_of(&ours, &theirs);
        Sides {
            ours,
            theirs,
            overrides,
        }
    }
}

/// Checks that `path` is an override, with a precise error when it is not.
fn check_override(council: &Council, sides: &Sides, path: &str) -> Result<(), Diagnostic> {
    if sides.overrides.iter().any(|known| known == path) {
        return Ok(());
    }
    let shown = format!("content/{path}");
    if let Some(link) = link_on_the_way(council, path) {
        return Err(Diagnostic::error(
            &shown,
            format!("{link} is a link, which Beacon does not follow"),
        )
        .with_hint("only real files inside the site are reviewed; replace the link with the files it points at"));
    }
    let ours = sides.ours.contains_key(path);
    let theirs = sides.theirs.contains_key(path);
    let data =
        crate::load::content::file_role(Path::new(path)) == crate::load::content::FileRole::Data;
    let error = match (ours, theirs) {
        _ if data && (ours || theirs) => Diagnostic::error(
            &shown,
            format!("{path} is help-directory data, not a page: yours and the upstream's are merged by service id, so there is nothing to accept"),
        )
        .with_hint("only pages that replace a national page are reviewed"),
        (true, _) => Diagnostic::error(
            &shown,
            format!(
                "{path} is your own page: the upstream has no {}",
                council.shown(path)
            ),
        )
        .with_hint("only pages that replace a national page are reviewed"),
        (false, true) => Diagnostic::error(
            &shown,
            format!("{path} is a national page you do not override"),
        )
        .with_hint(format!(
            "to change it, copy {} to content/{path} and edit the copy",
            council.shown(path)
        )),
        (false, false) => {
            let error = Diagnostic::error(
                &shown,
                format!("{path} is not a page here or in the upstream"),
            );
            match did_you_mean(path, sides.overrides.iter().map(String::as_str)) {
                Some(close) => error.with_hint(format!("did you mean \"{close}\"?")),
                None => error
                    .with_hint("give the path under content/, as in `hide:`, e.g. realise/page.md"),
            }
        }
    };
    Err(error)
}

/// The first folder or file on the way to `path`, on either side, that is
/// a link (as shown to people). Only entries inside the site are looked at.
fn link_on_the_way(council: &Council, path: &str) -> Option<String> {
    let roots = [
        (council.site_dir.join("content"), "content".to_string()),
        (
            council.upstream_content(),
            format!("{}/content", super::slash_path(&council.upstream_rel)),
        ),
    ];
    for (root, shown) in roots {
        let mut at = root;
        let mut named = shown;
        for part in path.split('/') {
            at.push(part);
            named = format!("{named}/{part}");
            match std::fs::symlink_metadata(&at) {
                Ok(meta) if meta.file_type().is_symlink() => return Some(named),
                Ok(meta) if meta.is_dir() => continue,
                _ => break,
            }
        }
    }
    None
}

/// `beacon upstream diff PATH`: a unified diff from the upstream text the
/// council accepted (or the recorded baseline) to the upstream text now.
pub fn diff(site_dir: &Path, path: &str) -> Result<String, Diagnostic> {
    let council = Council::load(site_dir)?;
    let path = argument(path)?;
    check_override(&council, &Sides::walk(&council), &path)?;
    let shown = council.shown(&path);
    let entry = council
        .lock
        .as_ref()
        .and_then(|lock| lock.overrides.get(&path))
        .ok_or_else(|| {
            Diagnostic::error(
                format!("content/{path}"),
                format!("you have not accepted {path} yet, and no earlier upstream version is recorded"),
            )
            .with_hint(format!(
                "read {shown} in full, bring your copy up to date, then run `beacon upstream accept {path}`"
            ))
        })?;
    let Some(old) = &entry.text else {
        if entry.too_large {
            let kept = lock::MAX_ENTRY_TEXT / 1024;
            return Err(Diagnostic::error(
                &shown,
                format!("{shown} was too large to keep in upstream.lock when it was recorded (upstream.lock keeps texts of up to {kept} KiB), so there is no earlier text to diff against"),
            )
            .with_hint("compare your copy with the upstream file by eye, then accept it"));
        }
        return Err(Diagnostic::error(
            &shown,
            format!("{shown} is not text, so it cannot be diffed"),
        )
        .with_hint("compare the two files by eye, then accept it"));
    };
    let new = fsutil::read_text(&council.upstream_content().join(&path), Path::new(&shown))?;
    let version = entry.version.as_deref().unwrap_or("unknown version");
    let label = match entry.state {
        State::Accepted => format!("accepted {version}"),
        State::Baseline => format!("baseline {version}, not yet accepted"),
    };
    if *old == new {
        return Ok(format!("{shown}: no change since {label}\n"));
    }
    Ok(similar::TextDiff::from_lines(old.as_str(), new.as_str())
        .unified_diff()
        .context_radius(3)
        .header(&format!("{shown} ({label})"), &format!("{shown} (now)"))
        .to_string())
}

/// What `accept` recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// The overrides accepted, relative to `content/`.
    pub paths: Vec<String>,
    /// The upstream release accepted, when known.
    pub version: Option<String>,
    /// True for `--all`: the release's page list was recorded too.
    pub all: bool,
}

impl std::fmt::Display for Accepted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let version = self.version.as_deref().unwrap_or("unknown version");
        for path in &self.paths {
            writeln!(f, "Accepted the upstream's {path} ({version}).")?;
        }
        if self.all {
            writeln!(f, "Recorded this release's list of pages ({version}).")?;
        }
        write!(f, "Commit upstream.lock with your site.")
    }
}

/// `beacon upstream accept PATH… | --all`: records the current upstream text
/// of those overrides in `upstream.lock`. `--all` also records the
/// release's page list, so its new and removed pages count as reviewed.
pub fn accept(site_dir: &Path, paths: &[String], all: bool) -> Result<Accepted, Vec<Diagnostic>> {
    let council = Council::load(site_dir).map_err(|d| vec![d])?;
    let sides = Sides::walk(&council);
    let every = sides.overrides.clone();
    let chosen: Vec<String> = if all {
        every.clone()
    } else if paths.is_empty() {
        return Err(vec![Diagnostic::error(
            "upstream.lock",
            "name the pages to accept",
        )
        .with_hint(
            "`beacon upstream accept realise/page.md`, or `--all` after reviewing every change",
        )]);
    } else {
        let (mut chosen, mut errors) = (Vec::new(), Vec::new());
        for path in paths {
            match argument(path) {
                Ok(rel) => chosen.push(rel),
                Err(error) => errors.push(error),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        chosen
    };
    let errors: Vec<Diagnostic> = chosen
        .iter()
        .filter_map(|path| check_override(&council, &sides, path).err())
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let pack = council.current_pack();
    let version = pack.as_ref().map(|p| p.version.clone());
    let mut lock = council.lock.clone().unwrap_or_default();
    for path in &chosen {
        let bytes = council.read_upstream(path).map_err(|d| vec![d])?;
        let entry = Entry::new(State::Accepted, version.clone(), &bytes);
        lock.overrides.insert(path.clone(), entry);
    }
    if all {
        lock.overrides.retain(|path, _| every.contains(path));
        lock.files = Some(upstream_hashes(&council.upstream_content()));
        lock.reviewed = pack;
    }
    lock::write(site_dir, &lock).map_err(|d| vec![d])?;
    Ok(Accepted {
        paths: chosen,
        version,
        all,
    })
}

/// `beacon upstream update PACK_OR_FOLDER`: records the outgoing release as
/// the baseline of every override not yet in `upstream.lock`, swaps the new
/// release in atomically, then returns the status.
pub fn update(site_dir: &Path, source: &Path) -> Result<Status, Diagnostic> {
    let settings = read_settings(site_dir)?;
    let upstream_dir = site_dir.join(settings.upstream_dir());
    let staged = unpack::stage(source, &upstream_dir)?;
    if upstream_dir.is_dir() {
        record_baselines(site_dir, &upstream_dir)?;
    }
    staged.replace()?;
    status(site_dir)
}

/// Baselines from the outgoing release, and its page list if none was recorded.
fn record_baselines(site_dir: &Path, upstream_dir: &Path) -> Result<(), Diagnostic> {
    let mut lock = lock::read(site_dir)?.unwrap_or_default();
    let before = lock.clone();
    let pack = read_settings(upstream_dir).ok().and_then(|s| s.pack);
    let version = pack.as_ref().map(|p| p.version.clone());
    for path in overrides(site_dir, upstream_dir) {
        if lock.overrides.contains_key(&path) {
            continue;
        }
        let file = upstream_dir.join("content").join(&path);
        let bytes = fsutil::read(&file, &file)?;
        let entry = Entry::new(State::Baseline, version.clone(), &bytes);
        lock.overrides.insert(path, entry);
    }
    if lock.files.is_none() {
        lock.files = Some(upstream_hashes(&upstream_dir.join("content")));
        lock.reviewed = pack;
    }
    if lock != before {
        lock::write(site_dir, &lock)?;
    }
    Ok(())
}

/// For the build: one warning per override whose upstream page changed
/// since the council accepted it, or was never accepted. `upstream` is the
/// upstream folder, relative to `site_dir` (or absolute). Only the
/// overridden upstream files are read. A broken `upstream.lock` is returned
/// as its error.
pub fn override_warnings(site_dir: &Path, upstream: &Path) -> Vec<Diagnostic> {
    let found = overrides(site_dir, &site_dir.join(upstream));
    override_warnings_for(site_dir, upstream, &found)
}

#[cfg(test)]
#[path = "review_tests.rs"]
mod tests;
