//! Rebuilds a site after changes, doing only the work an edit needs while
//! never leaving a stale page: parsed pages, rendered bodies and compiled
//! templates stay in memory; a body-only edit re-parses and re-renders that
//! one page; an edit that changes what other pages show (a title, a URL, the
//! Rs, a page added or removed, a theme or data file) re-renders every page;
//! either way only files whose bytes changed are written, and outputs of
//! deleted pages are removed. A bad edit leaves the output as it was and the
//! next rebuild starts from scratch, so recovery is always a full build.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::base::diagnostic::{self, has_errors, Diagnostic};
use crate::load::content::{self, Page, CONTENT_DIR};
use crate::load::signpost;
use crate::markdown::Rendered;
use crate::render::rs;
use crate::render::theme;
use crate::render::Sink;
use crate::site::{self, Options, Site};
use crate::write::search::{self, Document};
use crate::write::search_cache::Cache;
use crate::write::{self, DirSink};

use super::events::Change;

/// What one rebuild did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// True when everything was reloaded and re-rendered.
    pub full: bool,
    /// Pages rendered.
    pub rendered: usize,
    /// Files written (unchanged files are not rewritten). The search
    /// index is written after, in the background: see [`Indexed`].
    pub written: usize,
    /// Output files removed because their source is gone.
    pub removed: usize,
    /// Warnings in the site.
    pub warnings: usize,
    /// How long it took.
    pub elapsed: Duration,
}

/// A site kept in memory between rebuilds, and what its output holds.
pub struct Rebuilder {
    options: Options,
    out_dir: PathBuf,
    site: Option<Site>,
    manifest: Option<BTreeSet<String>>,
    search: SearchState,
}

/// What the search index in the output was built from, so a rebuild
/// re-indexes only when a searchable page's words changed. Indexing takes
/// far longer than rendering (about 1.5 ms a page), so it runs on a thread
/// of its own, [`INDEX_AFTER`] after the last rebuild that changed a page's
/// words: while someone is saving edit after edit, both cores go to
/// rebuilding pages; their words are searchable a moment after they stop.
/// One indexing runs at a time; edits made meanwhile are indexed after.
#[derive(Default)]
struct SearchState {
    /// Every searchable page's document, by output path.
    documents: BTreeMap<String, Document>,
    /// True when `documents` changed since the last indexing started.
    stale: bool,
    /// The index's files in the output, as of the last indexing that ended.
    paths: BTreeSet<String>,
    /// True once an indexing has started.
    indexed_once: bool,
    /// When the next indexing may start (set by each rebuild that changed
    /// a page's words).
    due: Option<Instant>,
    /// The indexing under way.
    running: Option<std::thread::JoinHandle<Result<Indexed, Vec<Diagnostic>>>>,
}

/// How long `watch` waits after a rebuild before indexing its words.
pub const INDEX_AFTER: Duration = Duration::from_millis(1500);

/// What one indexing did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indexed {
    /// The index's files now in the output.
    pub paths: BTreeSet<String>,
    /// Files written (unchanged ones are not rewritten).
    pub written: usize,
    /// Files of the old index removed.
    pub removed: usize,
    /// How long it took.
    pub elapsed: Duration,
}

/// How far an edit reaches.
#[derive(Default)]
struct Reach {
    full_reload: bool,
    all_pages: bool,
    theme: bool,
    data: bool,
    pages: Vec<PathBuf>,
    assets: Vec<String>,
}

impl Rebuilder {
    /// A rebuilder that writes into `options.out_dir()`; nothing is loaded
    /// until the first [`Rebuilder::full`].
    pub fn new(options: Options) -> Result<Self, Diagnostic> {
        let out_dir = write::checked_out_dir(&options.out_dir(), &options.site_dir)?;
        write::check_owned(&out_dir, options.force)?;
        Ok(Rebuilder {
            options,
            out_dir,
            site: None,
            manifest: None,
            search: SearchState::default(),
        })
    }

    /// The loaded site, when the last rebuild succeeded.
    pub fn site(&self) -> Option<&Site> {
        self.site.as_ref()
    }

    /// Where the output goes.
    pub fn out_dir(&self) -> &Path {
        &self.out_dir
    }

    /// Loads everything and renders every page.
    pub fn full(&mut self) -> Result<Outcome, Vec<Diagnostic>> {
        let started = Instant::now();
        self.site = None;
        let site = site::load(&self.options)?;
        self.site = Some(site);
        self.render_everything(started)
    }

    /// Applies a batch of changes.
    pub fn apply(&mut self, changes: &[Change]) -> Result<Outcome, Vec<Diagnostic>> {
        let started = Instant::now();
        let reach = self.reach(changes);
        if self.site.is_none() || reach.full_reload {
            return self.full();
        }
        let structure_changed = match self.update(&reach) {
            Ok(structure_changed) => structure_changed,
            Err(errors) => {
                self.site = None;
                return Err(errors);
            }
        };
        if reach.all_pages || structure_changed {
            self.render_everything(started)
        } else {
            self.render_some(&reach, started)
        }
    }

    /// Works out what a batch of changes touches.
    fn reach(&self, changes: &[Change]) -> Reach {
        let mut reach = Reach::default();
        let site_dir = &self.options.site_dir;
        // A bilingual or layered site reloads whole on any change: a page's
        // translation, or a council override of an upstream file, changes
        // what other files mean, and a full reload is never stale.
        let whole = self
            .site
            .as_ref()
            .is_some_and(|site| !site.editions.is_empty() || site.layers.is_layered());
        for change in changes {
            let path = site_dir.join(change.path());
            let is_folder =
                path.is_dir() || (!path.exists() && self.had_files_under(change.path()));
            match change {
                Change::Config | Change::Upstream(_) => reach.full_reload = true,
                _ if is_folder || whole => reach.full_reload = true,
                // A download's size shows in every link to it, and its
                // sidecar in lists and warnings: reload whole.
                Change::Data(rel) | Change::Asset(rel)
                    if crate::load::downloads::is_labelled(rel) =>
                {
                    reach.full_reload = true
                }
                // The logo and shared images are read into the social
                // cards and the size in every page's `<head>`: reload whole.
                Change::Asset(rel) if self.is_shared_image(rel) => reach.full_reload = true,
                Change::Theme(_) => reach.theme = true,
                Change::Data(_) => reach.data = true,
                Change::Page(rel) => reach.pages.push(rel.clone()),
                Change::Asset(rel) => reach.assets.push(content_rel(rel)),
            }
        }
        reach.all_pages = reach.theme || reach.data;
        reach
    }

    /// True when the file is the logo, `social_image:` or a page's `image:`.
    fn is_shared_image(&self, rel: &Path) -> bool {
        let Some(site) = &self.site else { return false };
        let rel = content_rel(rel);
        site.config.logo.as_deref() == Some(rel.as_str())
            || site
                .config
                .social_image
                .as_ref()
                .is_some_and(|image| image.path == rel)
            || site
                .bodies
                .iter()
                .any(|body| body.shared_image.as_ref().is_some_and(|i| i.target == rel))
    }

    /// True when the last good site had pages or assets under `rel`.
    fn had_files_under(&self, rel: &Path) -> bool {
        let Some(site) = &self.site else { return false };
        let prefix = format!("{}/", content_rel(rel));
        site.content
            .pages
            .iter()
            .any(|p| p.rel.starts_with(&prefix))
            || site
                .content
                .assets
                .iter()
                .any(|a| a.rel.starts_with(&prefix))
    }

    /// Brings the in-memory site up to date; errors leave it unusable.
    /// Returns true when what pages list or link to has changed.
    fn update(&mut self, reach: &Reach) -> Result<bool, Vec<Diagnostic>> {
        let options = self.options.clone();
        let Some(site) = self.site.as_mut() else {
            return Err(Vec::new());
        };
        let mut errors = Vec::new();
        let mut reach_all_bodies = false;
        if reach.theme {
            match theme::load(&site.layers, &site.config) {
                Ok(theme) => site.theme = theme,
                Err(theme_errors) => errors.extend(theme_errors),
            }
        }
        if reach.data {
            let (directory, data_errors) = signpost::load(&site.layers, &site.config);
            site.directory = directory;
            errors.extend(data_errors);
        }
        for rel in &reach.assets {
            let path = options.site_dir.join(CONTENT_DIR).join(rel);
            reach_all_bodies |= site.content.sync_asset(rel, &path);
        }
        let mut changed = Vec::new();
        for source in &reach.pages {
            match update_page(site, &options, source) {
                PageUpdate::Body(index) => changed.push(index),
                PageUpdate::Structure => reach_all_bodies = true,
                PageUpdate::Failed(page_errors) => errors.extend(page_errors),
            }
        }
        if !errors.is_empty() {
            diagnostic::sort(&mut errors);
            return Err(errors);
        }
        if reach_all_bodies {
            site.render_bodies(None);
        } else {
            site.render_bodies(Some(&changed));
        }
        let mut diagnostics = site.validate(&options);
        diagnostic::sort(&mut diagnostics);
        if has_errors(&diagnostics) {
            return Err(diagnostics);
        }
        site.warnings = diagnostics;
        site.listings = rs::build(&site.content, &site.config);
        Ok(reach_all_bodies)
    }

    fn render_everything(&mut self, started: Instant) -> Result<Outcome, Vec<Diagnostic>> {
        let Some(site) = &self.site else {
            return Err(Vec::new());
        };
        let sink = DirSink::new(&self.out_dir, &self.options.site_dir, true);
        let output = site.render_to(&sink, site::Audit::OnePerKind)?;
        let warnings = site.warnings.iter().filter(|d| !d.is_advice()).count();
        let rendered = output.pages;
        if output.documents != self.search.documents || !self.search.indexed_once {
            self.search.documents = output.documents;
            self.search.stale = true;
        }
        let written = sink.written();
        let paths = sink.into_paths();
        let previous = self
            .manifest
            .take()
            .unwrap_or_else(|| write::list_files(&self.out_dir));
        if !self.search.indexed_once {
            // An index an earlier build left: the indexer reuses or
            // replaces it, and removes what the new one does not have.
            self.search.paths = previous
                .iter()
                .filter(|rel| search::is_index_file(rel))
                .cloned()
                .collect();
        }
        // The index's files are the indexer's to replace (`SearchState`).
        let stale: BTreeSet<String> = previous
            .difference(&paths)
            .filter(|rel| !search::is_index_file(rel))
            .cloned()
            .collect();
        let removed = write::remove_stale(&self.out_dir, &stale).map_err(|d| vec![d])?;
        let mut manifest = paths;
        manifest.extend(self.search.paths.iter().cloned());
        self.manifest = Some(manifest);
        self.schedule_indexing();
        Ok(Outcome {
            full: true,
            rendered,
            written,
            removed,
            warnings,
            elapsed: started.elapsed(),
        })
    }

    fn render_some(&mut self, reach: &Reach, started: Instant) -> Result<Outcome, Vec<Diagnostic>> {
        let Some(site) = &self.site else {
            return Err(Vec::new());
        };
        let needs_all = reach.pages.iter().any(|rel| {
            let rel = content_rel(rel);
            site.content.page_by_rel(&rel).is_none()
        });
        if needs_all || !reach.assets.is_empty() && self.manifest.is_none() {
            return self.render_everything(started);
        }
        let jobs: Vec<_> = reach
            .pages
            .iter()
            .filter_map(|rel| {
                let rel = content_rel(rel);
                let index = site.content.pages.iter().position(|p| p.rel == rel)?;
                Some(site.job_for_page(index))
            })
            .collect();
        let sink = DirSink::new(&self.out_dir, &self.options.site_dir, true);
        let output = site.render_jobs(&jobs, &sink)?;
        let rendered = output.pages;
        for (path, document) in output.documents {
            if self.search.documents.get(&path) != Some(&document) {
                self.search.documents.insert(path, document);
                self.search.stale = true;
            }
        }
        let removed = refresh_assets(site, &reach.assets, &sink, &mut self.manifest)?;
        let warnings = site.warnings.iter().filter(|d| !d.is_advice()).count();
        let written = sink.written();
        if let Some(manifest) = &mut self.manifest {
            manifest.extend(sink.into_paths());
        }
        self.schedule_indexing();
        Ok(Outcome {
            full: false,
            rendered,
            written,
            removed,
            warnings,
            elapsed: started.elapsed(),
        })
    }
}

/// Copies each changed asset of `assets` into `sink`'s folder, or removes
/// it from there (and from `manifest`) when it is gone from the site;
/// returns how many it removed.
fn refresh_assets(
    site: &Site,
    assets: &[String],
    sink: &DirSink,
    manifest: &mut Option<BTreeSet<String>>,
) -> Result<usize, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut removed = 0;
    for rel in assets {
        match site.content.assets.iter().find(|asset| &asset.rel == rel) {
            Some(asset) => errors.extend(sink.copy(&asset.rel, &asset.path).err()),
            None => {
                removed += write::remove_stale(sink.root(), &BTreeSet::from([rel.clone()]))
                    .map_err(|d| vec![d])?;
                if let Some(manifest) = manifest {
                    manifest.remove(rel);
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(removed)
    } else {
        Err(errors)
    }
}

impl Rebuilder {
    /// Notes that the index should catch up [`INDEX_AFTER`] from now.
    fn schedule_indexing(&mut self) {
        if self.search.stale {
            self.search.due = Some(Instant::now() + INDEX_AFTER);
        }
    }

    /// Starts indexing on a thread of its own when a searchable page's
    /// words changed, its time has come (or `now`), and no indexing is
    /// under way.
    fn start_indexing(&mut self, now: bool) {
        let Some(site) = &self.site else { return };
        let due = now || self.search.due.is_none_or(|due| Instant::now() >= due);
        if !self.search.stale || self.search.running.is_some() || !due {
            return;
        }
        self.search.due = None;
        self.search.stale = false;
        self.search.indexed_once = true;
        let searching = site.config.search;
        let documents = self.search.documents.clone();
        let out_dir = self.out_dir.clone();
        let site_dir = self.options.site_dir.clone();
        let old = self.search.paths.clone();
        self.search.running = Some(std::thread::spawn(move || {
            index_into(searching, &documents, (&out_dir, &site_dir), &old)
        }));
    }

    /// The indexing that ended since the last call, if one did (with
    /// `wait`, indexing starts at once if it is waiting, and is waited for,
    /// with any it leads to). The output's record of files is brought up to
    /// date, and the next indexing starts when its time has come. `watch`
    /// calls this at least once a second.
    pub fn finished_indexing(&mut self, wait: bool) -> Option<Result<Indexed, Vec<Diagnostic>>> {
        let mut last = None;
        self.start_indexing(wait);
        loop {
            let ended = self
                .search
                .running
                .as_ref()
                .is_some_and(|r| r.is_finished());
            if !(ended || wait && self.search.running.is_some()) {
                return last;
            }
            let running = self.search.running.take()?;
            let result = running.join().unwrap_or_else(|_| {
                Err(vec![Diagnostic::error(
                    search::BUNDLE_DIR,
                    "the search indexer stopped unexpectedly",
                )])
            });
            if let Ok(indexed) = &result {
                if let Some(manifest) = &mut self.manifest {
                    manifest.retain(|rel| !search::is_index_file(rel));
                    manifest.extend(indexed.paths.iter().cloned());
                }
                self.search.paths = indexed.paths.clone();
            } else {
                // Try again after the next edit.
                self.search.stale = true;
            }
            last = Some(result);
            self.start_indexing(wait);
            if !wait {
                return last;
            }
        }
    }
}

/// Writes the index of `documents` into `out_dir` (only files whose bytes
/// changed) and removes the files of the `old` index it no longer has.
fn index_into(
    searching: bool,
    documents: &BTreeMap<String, Document>,
    (out_dir, site_dir): (&Path, &Path),
    old: &BTreeSet<String>,
) -> Result<Indexed, Vec<Diagnostic>> {
    let started = Instant::now();
    let sink = DirSink::new(out_dir, site_dir, true);
    if searching {
        let cache = Cache::in_site(site_dir);
        search::write(documents, &sink, out_dir, cache.as_ref())?;
    }
    let written = sink.written();
    let paths = sink.into_paths();
    let gone: BTreeSet<String> = old.difference(&paths).cloned().collect();
    let removed = write::remove_stale(out_dir, &gone).map_err(|d| vec![d])?;
    Ok(Indexed {
        paths,
        written,
        removed,
        elapsed: started.elapsed(),
    })
}

/// What happened to one page file.
enum PageUpdate {
    /// Only its body changed: re-render this page.
    Body(usize),
    /// It appeared, vanished, or changed what other pages show.
    Structure,
    /// It has errors.
    Failed(Vec<Diagnostic>),
}

fn update_page(site: &mut Site, options: &Options, source: &Path) -> PageUpdate {
    let rel = content_rel(source);
    let path = options.site_dir.join(source);
    let old_index = site.content.pages.iter().position(|p| p.rel == rel);
    if !crate::base::fsutil::is_regular_file(&path) {
        if let Some(index) = old_index {
            site.content.pages.remove(index);
            site.bodies.remove(index);
        }
        return PageUpdate::Structure;
    }
    let (page, errors) = content::load_page(&rel, &path, source, &site.config);
    if diagnostic::has_errors(&errors) {
        return PageUpdate::Failed(errors);
    }
    let Some(page) = page.filter(|page| options.drafts || !page.draft) else {
        if let Some(index) = old_index {
            site.content.pages.remove(index);
            site.bodies.remove(index);
        }
        return PageUpdate::Structure;
    };
    let same_shape = old_index.is_some_and(|index| same_listing(&site.content.pages[index], &page));
    let index = site.content.upsert_page(page);
    if old_index.is_none() {
        site.bodies.insert(index, Rendered::default());
    }
    if same_shape {
        PageUpdate::Body(index)
    } else {
        PageUpdate::Structure
    }
}

/// True when two versions of a page look the same to every other page:
/// same URL, title, description, Rs, audiences, order and dates.
fn same_listing(old: &Page, new: &Page) -> bool {
    old.url == new.url
        && old.title == new.title
        && old.description == new.description
        && old.rs == new.rs
        && old.audiences == new.audiences
        && old.weight == new.weight
        && old.date == new.date
        && old.updated == new.updated
        && old.draft == new.draft
        && old.kind == new.kind
}

/// `content/a/b.md` → `a/b.md`.
fn content_rel(path: &Path) -> String {
    let inside = path.strip_prefix(CONTENT_DIR).unwrap_or(path);
    inside
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
