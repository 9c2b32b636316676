//! Writes the built site. A build renders into a fresh staging folder beside
//! the output and swaps it in only when everything succeeded, so a failed
//! build leaves the previous output exactly as it was. Also makes the
//! site-wide files: sitemap, Atom feed, robots.txt, `_headers`.
//! Nothing is ever written outside the output folder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::base::date::Date;
use crate::base::diagnostic::Diagnostic;
use crate::base::fsutil;
use crate::base::policy::{self, CSP, SEARCH_CSP};
use crate::load::config::Config;
use crate::render::Sink;

pub mod manifest;
pub mod search;

use manifest::Manifest;

/// Checks that `rel` stays inside the output folder: relative, no `..`.
pub fn checked_relative(rel: &str) -> Result<&Path, Diagnostic> {
    let path = Path::new(rel);
    let inside = !rel.is_empty()
        && !rel.contains('\\')
        && path.components().all(|c| matches!(c, Component::Normal(_)));
    if inside {
        Ok(path)
    } else {
        Err(Diagnostic::error(
            rel,
            format!("refusing to write \"{rel}\": it is outside the output folder"),
        )
        .with_hint("a page's path or slug may not contain `..` or start with `/`"))
    }
}

/// The file every build leaves in its output folder, so a later build knows
/// the folder is Beacon's to replace.
pub const MARKER: &str = ".beacon-output";

/// What the marker file says.
pub const MARKER_TEXT: &str =
    "This folder is written by Beacon (beacon build): every file in it may be replaced.\n";

/// Refuses an output folder that holds files Beacon did not write (no
/// marker, and not an earlier Beacon build's `sitemap.xml` and `_headers`),
/// since a build replaces everything in it; `--force` allows it.
pub fn check_owned(out: &Path, force: bool) -> Result<(), Diagnostic> {
    let empty = std::fs::read_dir(out).map_or(true, |mut entries| entries.next().is_none());
    let ours = out.join(MARKER).is_file()
        || (out.join("sitemap.xml").is_file() && out.join("_headers").is_file());
    if empty || ours || force {
        return Ok(());
    }
    Err(Diagnostic::error(
        out,
        format!(
            "{} holds files Beacon did not write, and a build replaces everything in it",
            out.display()
        ),
    )
    .with_hint("choose an empty or new folder with --out, or pass --force to let Beacon replace what is there"))
}

/// Writes files under a folder on disk, remembering which paths it was
/// given and how many it actually wrote.
pub struct DirSink {
    root: PathBuf,
    skip_unchanged: bool,
    written: AtomicUsize,
    paths: Mutex<BTreeSet<String>>,
}

impl DirSink {
    /// A sink writing under `root`. With `skip_unchanged`, a file whose bytes
    /// are already on disk is not rewritten (used by `watch`).
    pub fn new(root: impl Into<PathBuf>, skip_unchanged: bool) -> Self {
        let root = root.into();
        // `watch` writes in place: the last build's manifest could vouch
        // for files this sink replaces within its clock's resolution, so
        // the next `build` compares bytes instead. Failing to remove it is
        // the same as an old manifest whose stamps no longer match.
        let _ = manifest::remove(&root);
        DirSink {
            root,
            skip_unchanged,
            written: AtomicUsize::new(0),
            paths: Mutex::default(),
        }
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
    manifest: Manifest,
    changed: AtomicUsize,
    produced: Mutex<BTreeMap<String, Produced>>,
}

/// What a build made at one output path, for the next manifest.
#[derive(Debug, Clone, Copy)]
struct Produced {
    len: u64,
    /// The file's modification time: as found when unchanged, as staged
    /// when written (`None` if that could not be read; the file then gets
    /// no entry).
    mtime: Option<i128>,
    hash: Option<u128>,
    key: Option<u128>,
}

impl ChangedSink {
    /// A sink comparing with `out` and writing changes under `staging`.
    pub fn new(staging: &Staging) -> Self {
        ChangedSink {
            out: staging.out.clone(),
            staging: staging.staging.clone(),
            manifest: Manifest::read(&staging.out),
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

    fn into_produced(self) -> BTreeMap<String, Produced> {
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
                let staged = self.staging.join(relative);
                fsutil::write(&staged, bytes)?;
                // A rename keeps the time, so it is read here, in
                // parallel, not after the commit.
                manifest::stamp_of(&staged).map(|(_, mtime)| mtime)
            }
        };
        let produced = Produced {
            len: bytes.len() as u64,
            mtime,
            hash: Some(hash),
            key,
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
        };
        self.record(rel, produced);
        true
    }

    /// The page at `rel` is kept when the manifest says it was rendered
    /// from `key` and the file still has the stamp it had then.
    fn keep_rendered(&self, rel: &str, key: u128) -> Option<PathBuf> {
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
        };
        self.record(rel, produced);
        Some(path)
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

/// The output folder as an absolute path, refused when it is, or holds, the
/// site folder, or lies inside `content/` or `themes/`.
pub fn checked_out_dir(out: &Path, site_dir: &Path) -> Result<PathBuf, Diagnostic> {
    let absolute = |path: &Path| std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let (out_abs, site_abs) = (absolute(out), absolute(site_dir));
    let clashes = site_abs.starts_with(&out_abs)
        || out_abs.starts_with(site_abs.join("content"))
        || out_abs.starts_with(site_abs.join("themes"));
    if clashes {
        return Err(
            Diagnostic::error(out, "the output folder would replace the site's own files")
                .with_hint(
                "choose an output folder such as `public` that holds nothing but the built site",
            ),
        );
    }
    Ok(out_abs)
}

/// Every file under `dir`, as paths relative to it with `/` separators.
pub fn list_files(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| {
            let rel = entry.path().strip_prefix(dir).ok()?;
            Some(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            )
        })
        .collect()
}

/// Deletes the files `stale` (relative to `dir`) and any folders left empty.
pub fn remove_stale(dir: &Path, stale: &BTreeSet<String>) -> Result<usize, Diagnostic> {
    for rel in stale {
        let path = dir.join(checked_relative(rel)?);
        if std::fs::symlink_metadata(&path).is_ok_and(|meta| meta.is_dir()) {
            // The file became a folder of the new site since it was listed.
            continue;
        }
        match std::fs::remove_file(&path) {
            // Gone already, or a folder on its path became a file of the
            // new site since it was listed.
            Err(error)
                if !matches!(
                    error.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                return Err(fsutil::io_error(&path, "cannot remove", &error));
            }
            _ => {}
        }
        let mut parent = path.parent();
        while let Some(folder) = parent.filter(|folder| *folder != dir) {
            if std::fs::remove_dir(folder).is_err() {
                break;
            }
            parent = folder.parent();
        }
    }
    Ok(stale.len())
}

/// A staging folder that replaces the output folder only on success.
pub struct Staging {
    out: PathBuf,
    staging: PathBuf,
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
        if !self.out.exists() {
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
        let out = self.out.clone();
        let changed = sink.changed() > 0;
        let mut produced = sink.into_produced();
        produced.remove(manifest::MANIFEST);
        let mut paths: BTreeSet<String> = produced.keys().cloned().collect();
        paths.insert(manifest::MANIFEST.to_string());
        if changed {
            manifest::remove(&out)?;
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
                };
                Some((rel, entry))
            })
            .collect();
        // The site is whole by now: a manifest that cannot be written only
        // means the next build compares every file's bytes.
        let _ = manifest::write_if_new(&out, &entries);
        Ok(removed)
    }

    /// Throws the staging folder away, leaving the output untouched.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
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

/// A page for the sitemap and feed.
#[derive(Debug, Clone)]
pub struct Listed {
    /// URL relative to the root.
    pub url: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub description: String,
    /// Newest of date and updated.
    pub date: Option<Date>,
    /// Its absolute URL.
    pub permalink: String,
    /// The same page in other languages: (hreflang, absolute URL).
    pub alternates: Vec<(String, String)>,
}

/// `sitemap.xml` listing every page, sorted by URL.
pub fn sitemap(pages: &[Listed]) -> String {
    let mut sorted: Vec<&Listed> = pages.iter().collect();
    sorted.sort_by(|a, b| a.url.cmp(&b.url));
    let xhtml = match pages.iter().any(|page| !page.alternates.is_empty()) {
        true => " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"",
        false => "",
    };
    let mut xml = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"{xhtml}>\n");
    for page in sorted {
        xml.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            escape_xml(&page.permalink)
        ));
        for (hreflang, href) in &page.alternates {
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                escape_xml(hreflang),
                escape_xml(href)
            ));
        }
        if let Some(date) = page.date {
            xml.push_str(&format!("    <lastmod>{date}</lastmod>\n"));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// An Atom feed of dated pages, newest first, published at `self_url`
/// (relative to the root: `feed.xml`, `cy/feed.xml`). Its `updated` is the
/// newest page's date, or the build date when no page has one (Atom needs a
/// real date; 1970 told readers the feed was dead).
pub fn feed(
    config: &Config,
    pages: &[Listed],
    (home_url, self_url): (&str, &str),
    build_date: Date,
) -> String {
    let mut dated: Vec<&Listed> = pages.iter().filter(|p| p.date.is_some()).collect();
    dated.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.url.cmp(&b.url)));
    let updated = dated
        .first()
        .and_then(|p| p.date)
        .unwrap_or(build_date)
        .to_string();
    let home = config.permalink(home_url);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <id>{}</id>\n  <link href=\"{}\"/>\n  <link rel=\"self\" href=\"{}\"/>\n  <updated>{updated}T00:00:00Z</updated>\n  <author><name>{}</name></author>\n",
        escape_xml(&config.language),
        escape_xml(&config.title),
        escape_xml(&home),
        escape_xml(&home),
        escape_xml(&config.permalink(self_url)),
        escape_xml(&config.organisation_name),
    );
    for page in dated.iter().take(50) {
        let link = escape_xml(&page.permalink);
        let date = page.date.map(|d| d.to_string()).unwrap_or_default();
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{link}</id>\n    <link href=\"{link}\"/>\n    <updated>{date}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape_xml(&page.title),
            escape_xml(&page.description),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

/// `robots.txt` allowing everything and naming the sitemap.
pub fn robots(config: &Config) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        config.permalink("sitemap.xml")
    )
}

/// `_headers` (Netlify / Cloudflare Pages) with the same policy as the meta
/// tags, plus what only a header can say (`frame-ancestors`). `relaxed`
/// lists the URL paths (from the host's root, ending in `/`) that get the
/// search page's policy instead: each language's search page and the
/// index. `! Content-Security-Policy` is Cloudflare Pages' way to drop the
/// site-wide value there rather than add to it (two policies would both
/// apply, and the stricter would stop search); see the README's "Hosting".
pub fn headers(relaxed: &[String]) -> String {
    let mut text = format!(
        "/*\n  Content-Security-Policy: {}\n",
        policy::as_header(CSP)
    );
    for (name, value) in policy::HEADERS {
        text.push_str(&format!("  {name}: {value}\n"));
    }
    for path in relaxed {
        text.push_str(&format!(
            "{path}*\n  ! Content-Security-Policy\n  Content-Security-Policy: {}\n",
            policy::as_header(SEARCH_CSP)
        ));
    }
    text
}

use crate::base::escape::escape_xml;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_output_are_refused() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\..\\b"] {
            assert!(checked_relative(bad).is_err(), "{bad}");
        }
        assert!(checked_relative("realise/myths/index.html").is_ok());
    }

    #[test]
    fn only_changed_files_are_written_and_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("gone")).unwrap();
        std::fs::write(out.join("same.html"), "same").unwrap();
        std::fs::write(out.join("edited.html"), "old").unwrap();
        std::fs::write(out.join("gone/index.html"), "gone").unwrap();
        let before = std::fs::metadata(out.join("same.html"))
            .unwrap()
            .modified()
            .unwrap();
        let site = dir.path().join("site");
        let build = |abandon: bool| {
            let staging = Staging::new(&out, &site).unwrap();
            let sink = ChangedSink::new(&staging);
            sink.write("same.html", b"same").unwrap();
            sink.write("edited.html", b"new").unwrap();
            sink.write("new/index.html", b"new page").unwrap();
            assert_eq!(sink.changed(), 2);
            if abandon {
                staging.abandon();
                return 0;
            }
            staging.commit_changes(&sink.into_paths()).unwrap()
        };
        build(true);
        assert_eq!(
            std::fs::read_to_string(out.join("edited.html")).unwrap(),
            "old"
        );
        assert!(!out.join("new").exists(), "nothing written before commit");
        assert_eq!(build(false), 1, "the page the site no longer has");
        assert_eq!(
            std::fs::read_to_string(out.join("edited.html")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("new/index.html")).unwrap(),
            "new page"
        );
        assert!(!out.join("gone").exists());
        let after = std::fs::metadata(out.join("same.html"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after, "an unchanged file is not rewritten");
        assert!(
            list_files(dir.path())
                .iter()
                .all(|f| f.starts_with("public/")),
            "no staging left"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn staging_left_by_a_killed_build_is_removed_and_a_live_one_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let dead = dir.path().join(".public.building-4000000");
        let live = dir
            .path()
            .join(format!(".public.building-{}", std::process::id()));
        std::fs::create_dir_all(dead.join("realise")).unwrap();
        std::fs::write(dead.join("realise/index.html"), "half").unwrap();
        let staging = Staging::new(&out, &dir.path().join("site")).unwrap();
        assert!(!dead.exists(), "a killed build's staging folder is removed");
        assert_eq!(staging.path(), live.as_path());
        staging.abandon();
    }

    #[test]
    fn writing_in_place_withdraws_the_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::new(&out, &dir.path().join("site")).unwrap();
        let sink = ChangedSink::new(&staging);
        sink.write("index.html", b"home").unwrap();
        staging.commit(sink, &BTreeSet::new()).unwrap();
        let manifest = Manifest::read(&out);
        let entry = manifest.current("index.html", &out.join("index.html"));
        assert_eq!(
            entry.and_then(|e| e.hash),
            Some(manifest::hash_bytes(b"home"))
        );
        let sink = DirSink::new(&out, true);
        assert!(
            !out.join(manifest::MANIFEST).exists(),
            "watch's sink leaves no manifest to vouch for what it rewrites"
        );
        sink.write("index.html", b"away").unwrap();
    }

    #[test]
    fn a_commit_that_changed_nothing_leaves_the_manifest_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let site = dir.path().join("site");
        let build = || {
            let staging = Staging::new(&out, &site).unwrap();
            let sink = ChangedSink::new(&staging);
            sink.write_rendered("a.html", b"a", Some(7)).unwrap();
            let existing = staging.existing();
            staging.commit(sink, &existing).unwrap()
        };
        build();
        let path = out.join(manifest::MANIFEST);
        let first = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert_eq!(build(), 0, "the manifest is not a stale output");
        assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), first);
        let kept = Manifest::read(&out);
        assert_eq!(kept.get("a.html").and_then(|e| e.key), Some(7));
    }

    #[test]
    fn a_page_that_becomes_a_folder_and_back_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("x"), "a file").unwrap();
        let staging = Staging::new(&out, &dir.path().join("site")).unwrap();
        let sink = ChangedSink::new(&staging);
        sink.write("x/index.html", b"now a folder").unwrap();
        staging.commit_changes(&sink.into_paths()).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("x/index.html")).unwrap(),
            "now a folder"
        );
        let staging = Staging::new(&out, &dir.path().join("site")).unwrap();
        let sink = ChangedSink::new(&staging);
        sink.write("x", b"a file again").unwrap();
        staging.commit_changes(&sink.into_paths()).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("x")).unwrap(),
            "a file again"
        );
    }

    #[test]
    fn the_site_folder_is_never_an_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Staging::new(dir.path(), dir.path()).is_err());
        assert!(Staging::new(&dir.path().join("content/x"), dir.path()).is_err());
    }

    #[test]
    fn feed_lists_dated_pages_newest_first() {
        let config =
            crate::load::config::parse("title: T & Co\nbase_url: https://e.org/cse\n", None)
                .unwrap();
        let page = |url: &str, date: &str| Listed {
            url: url.into(),
            title: url.into(),
            description: "d".into(),
            date: Date::parse(date),
            permalink: config.permalink(url),
            alternates: Vec::new(),
        };
        let xml = feed(
            &config,
            &[
                page("a/", "2026-01-01"),
                page("b/", "2026-02-01"),
                page("c/", ""),
            ],
            ("", "feed.xml"),
            Date::parse("2026-11-29").unwrap(),
        );
        assert!(!xml.contains("1970"));
        assert!(xml.contains("<title>T &amp; Co</title>"));
        let a = xml.find("https://e.org/cse/a/").unwrap();
        let b = xml.find("https://e.org/cse/b/").unwrap();
        assert!(b < a);
        assert!(!xml.contains("/cse/c/"));
        assert!(xml.contains("<updated>2026-02-01T00:00:00Z</updated>"));
    }
}
