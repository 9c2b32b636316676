//! Rebuilds a site after changes, doing only the work an edit needs while
//! never leaving a stale page: parsed pages, rendered bodies and compiled
//! templates stay in memory; a body-only edit re-parses and re-renders that
//! one page; an edit that changes what other pages show (a title, a URL, the
//! Rs, a page added or removed, a theme or data file) re-renders every page;
//! either way only files whose bytes changed are written, and outputs of
//! deleted pages are removed. A bad edit leaves the output as it was and the
//! next rebuild starts from scratch, so recovery is always a full build.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::content::{self, Page, CONTENT_DIR};
use crate::diagnostic::{self, has_errors, Diagnostic};
use crate::markdown::Rendered;
use crate::output::{self, DirSink};
use crate::render::Sink;
use crate::rs;
use crate::signpost;
use crate::site::{self, Options, Site};
use crate::theme;

use super::events::Change;

/// What one rebuild did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// True when everything was reloaded and re-rendered.
    pub full: bool,
    /// Pages rendered.
    pub rendered: usize,
    /// Files written (unchanged files are not rewritten).
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
        let out_dir = output::checked_out_dir(&options.out_dir(), &options.site_dir)?;
        output::check_owned(&out_dir, options.force)?;
        Ok(Rebuilder {
            options,
            out_dir,
            site: None,
            manifest: None,
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
                Change::Data(rel) | Change::Asset(rel) if crate::downloads::is_labelled(rel) => {
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
        let sink = DirSink::new(&self.out_dir, true);
        let rendered = site.render_to(&sink, site::Audit::OnePerKind)?.pages;
        let written = sink.written();
        let paths = sink.into_paths();
        let previous = self
            .manifest
            .take()
            .unwrap_or_else(|| output::list_files(&self.out_dir));
        let stale: BTreeSet<String> = previous.difference(&paths).cloned().collect();
        let removed = output::remove_stale(&self.out_dir, &stale).map_err(|d| vec![d])?;
        self.manifest = Some(paths);
        let warnings = site.warnings.len();
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
        let sink = DirSink::new(&self.out_dir, true);
        let rendered = site.render_jobs(&jobs, &sink)?;
        let mut errors = Vec::new();
        let mut removed = 0;
        for rel in &reach.assets {
            match site.content.assets.iter().find(|asset| &asset.rel == rel) {
                Some(asset) => errors.extend(sink.copy(&asset.rel, &asset.path).err()),
                None => {
                    removed += output::remove_stale(&self.out_dir, &BTreeSet::from([rel.clone()]))
                        .map_err(|d| vec![d])?;
                    if let Some(manifest) = &mut self.manifest {
                        manifest.remove(rel);
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let written = sink.written();
        if let Some(manifest) = &mut self.manifest {
            manifest.extend(sink.into_paths());
        }
        let warnings = site.warnings.len();
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
    if !crate::fsutil::is_regular_file(&path) {
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
