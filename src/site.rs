//! Holds a loaded site and runs the pipeline: load → validate → render →
//! write. The one entry point the CLI calls; it returns values and
//! diagnostics and never prints. `watch` reuses the same steps to rebuild
//! only what an edit affects.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::check;
use crate::config::{self, Config, CONFIG_FILE, R};
use crate::content::{self, Content, PageKind};
use crate::date::Date;
use crate::diagnostic::{self, has_errors, Diagnostic};
use crate::markdown::Rendered;
use crate::output::{self, DirSink, Listed, MemorySink, Staging};
use crate::render::{self, links::LinkIndex, Inputs, Job, Renderer, Sink};
use crate::rs::{self, Listings};
use crate::signpost::{self, hsds, Directory};
use crate::theme::{self, Theme};

/// What a command was asked to build.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site folder (holds `site.yaml` and `content/`).
    pub site_dir: PathBuf,
    /// Output folder; `None` means `<site>/public`.
    pub out_dir: Option<PathBuf>,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// The date staleness is measured against (today, unless a test says).
    pub today: Date,
}

impl Options {
    /// Options for a site folder with every default.
    pub fn new(site_dir: impl Into<PathBuf>) -> Self {
        Options {
            site_dir: site_dir.into(),
            out_dir: None,
            drafts: false,
            base_url: None,
            today: Date::today(),
        }
    }

    /// The output folder.
    pub fn out_dir(&self) -> PathBuf {
        self.out_dir
            .clone()
            .unwrap_or_else(|| self.site_dir.join("public"))
    }
}

/// A site that loaded and validated without errors.
pub struct Site {
    /// Configuration.
    pub config: Config,
    /// Pages and assets.
    pub content: Content,
    /// Help services.
    pub directory: Directory,
    /// Hubs, audiences and neighbours.
    pub listings: Listings,
    /// Compiled theme.
    pub theme: Theme,
    /// Rendered Markdown bodies, one per page.
    pub bodies: Vec<Rendered>,
    /// Warnings found while loading.
    pub warnings: Vec<Diagnostic>,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct Report {
    /// HTML pages rendered.
    pub pages: usize,
    /// Files copied from content/ and the theme.
    pub assets: usize,
    /// Warnings (the build still succeeded).
    pub warnings: Vec<Diagnostic>,
    /// How long it took.
    pub elapsed: Duration,
    /// The reading level of each English page (filled by `check`).
    pub readability: Vec<check::reading::Row>,
}

/// Loads and validates a site: every error of every stage, or the site.
pub fn load(options: &Options) -> Result<Site, Vec<Diagnostic>> {
    let config = config::load(&options.site_dir, options.base_url.as_deref())?;
    let ((content, mut diagnostics), (directory, signpost_diagnostics)) = rayon::join(
        || content::load(&options.site_dir, &config, options.drafts),
        || signpost::load(&options.site_dir, &config),
    );
    diagnostics.extend(signpost_diagnostics);
    let theme = match theme::load(&options.site_dir, &config) {
        Ok(theme) => Some(theme),
        Err(errors) => {
            diagnostics.extend(errors);
            None
        }
    };
    let mut site = theme.map(|theme| Site {
        config,
        content,
        directory,
        listings: Listings::default(),
        theme,
        bodies: Vec::new(),
        warnings: Vec::new(),
    });
    if let Some(site) = &mut site {
        site.render_bodies(None);
        diagnostics.extend(site.validate(options));
    }
    diagnostic::sort(&mut diagnostics);
    match site {
        Some(mut site) if !has_errors(&diagnostics) => {
            site.listings = rs::build(&site.content, &site.config);
            site.warnings = diagnostics;
            Ok(site)
        }
        _ => Err(diagnostics),
    }
}

/// A content page that takes a URL the build generates: an error naming both.
fn generated_url_clashes(content: &Content, config: &Config) -> Vec<Diagnostic> {
    let generated = rs::generated_urls(config);
    content
        .pages
        .iter()
        .filter(|page| {
            !(page.kind == PageKind::Section && R::ALL.iter().any(|&r| rs::hub_url(r) == page.url))
        })
        .filter_map(|page| {
            let (url, what) = generated.iter().find(|(url, _)| *url == page.url)?;
            Some(
                Diagnostic::error(
                    &page.source,
                    format!(
                        "two pages have the URL /{url}: {} and {what} that Beacon generates",
                        page.source.display()
                    ),
                )
                .at(1, 1)
                .with_hint("rename the file or give it a different `slug:`"),
            )
        })
        .collect()
}

impl Site {
    /// Renders Markdown bodies: all of them (`None`), or only the pages at
    /// these indices (the link index is rebuilt either way, so links to
    /// pages that appeared or vanished are judged afresh).
    pub fn render_bodies(&mut self, only: Option<&[usize]>) {
        let generated = rs::linkable_urls(&self.config);
        let index = LinkIndex::new(&self.content, &self.config, &generated);
        match only {
            None => self.bodies = render::render_bodies(&self.content, &self.config, &index),
            Some(indices) => {
                for &i in indices {
                    self.bodies[i] =
                        render::render_body(&self.content.pages[i], &self.config, &index);
                }
            }
        }
    }

    /// Every site-wide check and every body's diagnostics.
    pub fn validate(&self, options: &Options) -> Vec<Diagnostic> {
        let config_text =
            std::fs::read_to_string(options.site_dir.join(CONFIG_FILE)).unwrap_or_default();
        let mut diagnostics =
            check::locate_in_config(check::contrast_errors(&self.config), &config_text);
        diagnostics.extend(content::duplicate_urls(&self.content.pages));
        diagnostics.extend(generated_url_clashes(&self.content, &self.config));
        diagnostics.extend(
            self.bodies
                .iter()
                .flat_map(|body| body.diagnostics.iter().cloned()),
        );
        diagnostics.extend(check::unknown_signposts(
            &self.content,
            &self.bodies,
            &self.directory,
        ));
        diagnostics.extend(signpost::stale(
            &self.directory,
            self.config.signpost_max_age_months,
            options.today,
        ));
        diagnostics.extend(check::overdue_reviews(&self.content, options.today));
        diagnostics.extend(check::reading::warnings(
            &self.content,
            &self.bodies,
            &self.config,
        ));
        diagnostics
    }

    /// The readability table `beacon check` ends with.
    pub fn readability_table(&self) -> Vec<check::reading::Row> {
        check::reading::table(&self.content, &self.bodies, &self.config)
    }

    /// A renderer for this site.
    pub fn renderer(&self) -> Result<Renderer<'_>, Diagnostic> {
        Renderer::new(Inputs {
            config: &self.config,
            content: &self.content,
            directory: &self.directory,
            listings: &self.listings,
            theme: &self.theme,
            bodies: &self.bodies,
        })
    }

    /// The job that renders the page at `index`.
    pub fn job_for_page(&self, index: usize) -> Job {
        let page = &self.content.pages[index];
        match page.kind {
            PageKind::Home => Job::Home(Some(index)),
            PageKind::Section => match R::ALL.into_iter().find(|&r| rs::hub_url(r) == page.url) {
                Some(r) => Job::Hub(r),
                None => Job::Content(index),
            },
            PageKind::Page => Job::Content(index),
        }
    }

    /// Renders every page and site-wide file into `sink`, checking every
    /// page against the theme rules. Returns the number of pages and
    /// assets, or every error.
    pub fn render_to(
        &self,
        sink: &dyn Sink,
        audit: Audit,
    ) -> Result<(usize, usize), Vec<Diagnostic>> {
        let renderer = self.renderer().map_err(|d| vec![d])?;
        let jobs = renderer.jobs();
        let only = (audit == Audit::OnePerKind).then(|| renderer.one_page_per_kind(&jobs));
        let audit = AuditSink::new(sink, &self.config.title, only);
        let mut errors = renderer.render_all(&jobs, &audit);
        errors.extend(audit.into_diagnostics(&self.config.theme));
        errors.extend(self.write_site_files(&renderer, &jobs, sink));
        let assets = self.theme.static_files.len() + self.content.assets.len();
        for (name, file) in &self.theme.static_files {
            errors.extend(sink.write(&format!("assets/{name}"), &file.bytes).err());
        }
        for asset in &self.content.assets {
            errors.extend(sink.copy(&asset.rel, &asset.path).err());
        }
        if errors.is_empty() {
            Ok((jobs.len(), assets))
        } else {
            Err(errors)
        }
    }

    /// Renders only `jobs`, plus the site-wide files, into `sink`.
    pub fn render_jobs(&self, jobs: &[Job], sink: &dyn Sink) -> Result<usize, Vec<Diagnostic>> {
        let renderer = self.renderer().map_err(|d| vec![d])?;
        let audit = AuditSink::new(sink, &self.config.title, None);
        let mut errors = renderer.render_all(jobs, &audit);
        errors.extend(audit.into_diagnostics(&self.config.theme));
        errors.extend(self.write_site_files(&renderer, &renderer.jobs(), sink));
        if errors.is_empty() {
            Ok(jobs.len())
        } else {
            Err(errors)
        }
    }

    fn write_site_files(
        &self,
        renderer: &Renderer,
        jobs: &[Job],
        sink: &dyn Sink,
    ) -> Vec<Diagnostic> {
        self.site_files(renderer, jobs)
            .into_iter()
            .filter_map(|(path, bytes)| sink.write(&path, &bytes).err())
            .collect()
    }

    fn site_files(&self, renderer: &Renderer, jobs: &[Job]) -> BTreeMap<String, Vec<u8>> {
        let listed: Vec<Listed> = jobs
            .iter()
            .filter(|job| !matches!(job, Job::NotFound))
            .filter_map(|&job| {
                let url = renderer.job_url(job);
                match job {
                    Job::Content(index) | Job::Home(Some(index)) => {
                        let page = &self.content.pages[index];
                        (!page.draft).then(|| Listed {
                            url,
                            title: page.title.clone(),
                            description: page.description.clone(),
                            date: page.updated.max(page.date),
                        })
                    }
                    _ => Some(Listed {
                        url,
                        title: String::new(),
                        description: String::new(),
                        date: None,
                    }),
                }
            })
            .collect();
        let feed_pages: Vec<Listed> = listed
            .iter()
            .filter(|l| !l.title.is_empty())
            .cloned()
            .collect();
        BTreeMap::from([
            (
                "sitemap.xml".into(),
                output::sitemap(&self.config, &listed).into_bytes(),
            ),
            (
                "feed.xml".into(),
                output::feed(&self.config, &feed_pages).into_bytes(),
            ),
            (
                "robots.txt".into(),
                output::robots(&self.config).into_bytes(),
            ),
            ("_headers".into(), output::headers().into_bytes()),
            (
                "services.json".into(),
                hsds::export(&self.directory).into_bytes(),
            ),
            (
                "assets/brand.css".into(),
                render::brand_css(&self.config).into_bytes(),
            ),
        ])
    }
}

/// A sink that checks every HTML page against the theme rules
/// ([`check::html`]) on its way to the real sink.
struct AuditSink<'a> {
    inner: &'a dyn Sink,
    site_title: &'a str,
    only: Option<HashSet<String>>,
    findings: Mutex<BTreeMap<String, Vec<String>>>,
}

/// Which rendered pages the theme rules read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audit {
    /// Every page (`check`).
    Every,
    /// The first page of each kind, so every template is held to the rules
    /// (`build` and `watch`: reading every page costs a quarter of a build,
    /// and what varies between pages of one kind — the Markdown body — is
    /// checked by its own rules).
    OnePerKind,
}

impl<'a> AuditSink<'a> {
    fn new(inner: &'a dyn Sink, site_title: &'a str, only: Option<HashSet<String>>) -> Self {
        AuditSink {
            inner,
            site_title,
            only,
            findings: Mutex::default(),
        }
    }

    /// One error per problem, naming how many pages have it and one of them.
    fn into_diagnostics(self, theme: &str) -> Vec<Diagnostic> {
        let findings = self
            .findings
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        findings
            .into_iter()
            .map(|(problem, mut pages)| {
                pages.sort();
                Diagnostic::error(
                    Path::new("themes").join(theme).join("templates"),
                    format!("{problem} (on {} page(s), for example {})", pages.len(), pages[0]),
                )
                .with_hint("the theme's templates must give every page these; see the Accessibility section of the README")
            })
            .collect()
    }
}

impl Sink for AuditSink<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let chosen = self.only.as_ref().is_none_or(|only| only.contains(rel));
        if chosen && rel.ends_with(".html") {
            let problems = check::html::audit(&String::from_utf8_lossy(bytes), self.site_title);
            if !problems.is_empty() {
                let mut findings = self
                    .findings
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                for problem in problems {
                    findings.entry(problem).or_default().push(rel.to_string());
                }
            }
        }
        self.inner.write(rel, bytes)
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        self.inner.copy(rel, from)
    }
}

/// `beacon build`: load, validate, render into a staging folder, and swap it
/// in as the output only when every step succeeded.
pub fn build(options: &Options) -> Result<Report, Vec<Diagnostic>> {
    let started = Instant::now();
    let site = load(options)?;
    let staging = Staging::new(&options.out_dir(), &options.site_dir).map_err(|d| vec![d])?;
    let sink = DirSink::new(staging.path(), false);
    match site.render_to(&sink, Audit::OnePerKind) {
        Ok((pages, assets)) => {
            staging.commit().map_err(|d| vec![d])?;
            Ok(Report {
                pages,
                assets,
                warnings: site.warnings,
                elapsed: started.elapsed(),
                readability: Vec::new(),
            })
        }
        Err(errors) => {
            staging.abandon();
            Err(errors)
        }
    }
}

/// `beacon check`: everything `build` does, in memory, writing nothing.
pub fn check(options: &Options) -> Result<Report, Vec<Diagnostic>> {
    let started = Instant::now();
    let site = load(options)?;
    let (pages, assets) = site.render_to(&MemorySink::discarding(), Audit::Every)?;
    let readability = site.readability_table();
    Ok(Report {
        pages,
        assets,
        warnings: site.warnings,
        elapsed: started.elapsed(),
        readability,
    })
}

/// Builds into memory and returns every output file (tests, previews).
pub fn build_in_memory(options: &Options) -> Result<BTreeMap<String, Vec<u8>>, Vec<Diagnostic>> {
    let site = load(options)?;
    let sink = MemorySink::keeping();
    site.render_to(&sink, Audit::Every)?;
    Ok(sink.into_files())
}
