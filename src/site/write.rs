//! Renders a loaded site into a [`Sink`]: every page of every language,
//! each checked against the theme rules on its way out, the social cards
//! those pages share (drawn in parallel, or kept from the output when an
//! earlier build drew them), then the site-wide files (sitemap with
//! alternates, a feed per language, robots.txt, `_headers`, services.json,
//! the brand stylesheet) and the assets.

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::Site;
use crate::base::diagnostic::Diagnostic;
use crate::check;
use crate::load::config::Host;
use crate::load::signpost::hsds;
use crate::render::cards::{self, Card};
use crate::render::social::CardFile;
use crate::render::{self, Inputs, Job, LanguageView, Renderer, Sink};
use crate::write::search::{self, Collector, Document};
use crate::write::search_cache::Cache;
use crate::write::{self, Listed};

/// Which rendered pages the theme rules read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audit {
    /// Every page (`check`).
    Every,
    /// The first page of each kind in each language, so every template is
    /// held to the rules (`build` and `watch`: reading every page costs a
    /// quarter of a build, and what varies between pages of one kind — the
    /// Markdown body — is checked by its own rules).
    OnePerKind,
}

/// What [`Site::render_to`] made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    /// HTML pages rendered.
    pub pages: usize,
    /// Files copied from content/ and the theme.
    pub assets: usize,
    /// The social cards.
    pub cards: CardStats,
    /// What each searchable page says, by output path, for the search
    /// index (which [`Site::write_search`] writes).
    pub documents: BTreeMap<String, Document>,
}

/// How many social cards a build drew and kept, and how long that took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CardStats {
    /// Cards drawn.
    pub drawn: usize,
    /// Cards an earlier build drew that the output (or `check`'s output
    /// folder) already holds under the same name, kept without drawing.
    pub reused: usize,
    /// Time spent on cards (drawing, encoding, looking for kept ones).
    pub elapsed: Duration,
}

impl Site {
    /// A renderer for one language.
    pub fn renderer_for<'a>(&'a self, view: &LanguageView<'a>) -> Result<Renderer<'a>, Diagnostic> {
        Renderer::new(Inputs {
            view: *view,
            theme: &self.theme,
            translations: &self.translations,
            today: self.today,
            sharing: &self.sharing,
        })
    }

    /// A renderer for the default language.
    pub fn renderer(&self) -> Result<Renderer<'_>, Diagnostic> {
        let views = self.languages();
        let view = views.into_iter().next().ok_or_else(|| {
            Diagnostic::error(crate::load::config::CONFIG_FILE, "the site has no language")
        })?;
        self.renderer_for(&view)
    }

    /// Renders every page of every language, their social cards and the
    /// site-wide files into `sink`, checking pages against the theme rules.
    /// Returns what it made and what the search index needs, or every
    /// error. The search index itself is written by [`Site::write_search`].
    pub fn render_to(&self, sink: &dyn Sink, audit: Audit) -> Result<Output, Vec<Diagnostic>> {
        self.render_into(sink, audit, true)
    }

    /// [`Site::render_to`], keeping what the search index needs only when
    /// `for_search` (`check` builds no index, so it keeps nothing).
    pub fn render_into(
        &self,
        sink: &dyn Sink,
        audit: Audit,
        for_search: bool,
    ) -> Result<Output, Vec<Diagnostic>> {
        let views = self.languages();
        let renderers = self.renderers(&views)?;
        let all_jobs: Vec<Vec<Job>> = renderers.iter().map(Renderer::jobs).collect();
        let only = (audit == Audit::OnePerKind).then(|| one_page_per_kind(&renderers, &all_jobs));
        let plan = if for_search {
            self.search_plan(&renderers, &all_jobs)
        } else {
            Default::default()
        };
        let collector = Collector::new(sink, plan);
        let audit = AuditSink::new(&collector, self.audit_titles(&views), only);
        // The cards and the site-wide files need only the plan, not the
        // pages: they are made while the pages render, so the cores do not
        // wait on the last pages and then on the cards one after the other.
        let (mut errors, (cards, other_errors)) = rayon::join(
            || {
                let mut errors = Vec::new();
                for (renderer, jobs) in renderers.iter().zip(&all_jobs) {
                    errors.extend(renderer.render_all(jobs, &audit));
                }
                errors
            },
            || {
                let wanted = renderers
                    .iter()
                    .zip(&all_jobs)
                    .flat_map(|(renderer, jobs)| renderer.cards_for(jobs));
                let (cards, mut errors) = self.write_cards(wanted, sink);
                errors.extend(self.write_site_files(&renderers, &all_jobs, sink));
                (cards, errors)
            },
        );
        errors.extend(audit.into_diagnostics(&self.config.theme));
        let documents = collector.into_documents();
        errors.extend(other_errors);
        errors.extend(self.write_assets(sink));
        if errors.is_empty() {
            Ok(Output {
                pages: all_jobs.iter().map(Vec::len).sum(),
                assets: self.theme.static_files.len() + self.content.assets.len(),
                cards,
                documents,
            })
        } else {
            Err(errors)
        }
    }

    /// Copies the theme's static files and the content's assets into
    /// `sink`; returns the errors.
    fn write_assets(&self, sink: &dyn Sink) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        for (name, file) in &self.theme.static_files {
            errors.extend(sink.write(&format!("assets/{name}"), &file.bytes).err());
        }
        for asset in &self.content.assets {
            errors.extend(sink.copy(&asset.rel, &asset.path).err());
        }
        errors
    }

    /// Draws the cards (each once, in parallel) into `sink`, keeping those
    /// the sink's output already holds.
    fn write_cards<'a>(
        &self,
        wanted: impl Iterator<Item = &'a CardFile>,
        sink: &dyn Sink,
    ) -> (CardStats, Vec<Diagnostic>) {
        let started = Instant::now();
        let mut unique: BTreeMap<&str, &Card> = BTreeMap::new();
        for file in wanted {
            unique.entry(file.rel.as_str()).or_insert(&file.card);
        }
        let unique: Vec<(&str, &Card)> = unique.into_iter().collect();
        let drawn = AtomicUsize::new(0);
        let errors: Vec<Diagnostic> = unique
            .par_iter()
            .filter_map(|&(rel, card)| {
                if sink.reuse(rel, &is_card) {
                    return None;
                }
                drawn.fetch_add(1, Ordering::Relaxed);
                match cards::draw(card, &self.sharing.style) {
                    Ok(png) => sink.write(rel, &png).err(),
                    Err(why) => Some(
                        Diagnostic::error(
                            crate::load::config::CONFIG_FILE,
                            format!("the social card {rel} could not be drawn: {why}"),
                        )
                        .with_hint("this is a fault in Beacon, not in your site: please report it"),
                    ),
                }
            })
            .collect();
        let drawn = drawn.into_inner();
        let stats = CardStats {
            drawn,
            reused: unique.len() - drawn,
            elapsed: started.elapsed(),
        };
        (stats, errors)
    }

    /// Renders only these default-language `jobs`, plus the site-wide
    /// files, into `sink`; returns how many pages, and what the searchable
    /// ones among them say.
    pub fn render_jobs(&self, jobs: &[Job], sink: &dyn Sink) -> Result<Output, Vec<Diagnostic>> {
        let views = self.languages();
        let renderers = self.renderers(&views)?;
        let all_jobs: Vec<Vec<Job>> = renderers.iter().map(Renderer::jobs).collect();
        let plan = if self.config.search {
            renderers[0].search_plan(jobs)
        } else {
            Default::default()
        };
        let collector = Collector::new(sink, plan);
        let audit = AuditSink::new(&collector, self.audit_titles(&views), None);
        let mut errors = renderers[0].render_all(jobs, &audit);
        errors.extend(audit.into_diagnostics(&self.config.theme));
        let documents = collector.into_documents();
        errors.extend(
            self.write_cards(renderers[0].cards_for(jobs).into_iter(), sink)
                .1,
        );
        errors.extend(self.write_site_files(&renderers, &all_jobs, sink));
        if errors.is_empty() {
            Ok(Output {
                pages: jobs.len(),
                documents,
                ..Output::default()
            })
        } else {
            Err(errors)
        }
    }

    /// Renders the one page `job` of the language at `position` in
    /// [`Site::languages`] into `sink`, held to the theme rules, and nothing
    /// else: no social card, no site-wide file (the editor's live check and
    /// preview of one page).
    pub fn render_one(&self, position: usize, job: Job, sink: &dyn Sink) -> Vec<Diagnostic> {
        let views = self.languages();
        let renderers = match self.renderers(&views) {
            Ok(renderers) => renderers,
            Err(errors) => return errors,
        };
        let Some(renderer) = renderers.get(position) else {
            return Vec::new();
        };
        let collector = Collector::new(sink, Default::default());
        let audit = AuditSink::new(&collector, self.audit_titles(&views), None);
        let mut errors = renderer.render_all(&[job], &audit);
        errors.extend(audit.into_diagnostics(&self.config.theme));
        errors
    }

    /// The URL paths that get the search page's policy: each language's
    /// search page and the index (none with `search: false`).
    /// The header files of the hosts `hosting:` names: `_headers` for
    /// Cloudflare Pages and Netlify, `staticwebapp.config.json` for Azure
    /// Static Web Apps, `web.config` for IIS. Other hosts are configured
    /// by hand (docs/hosting/) or take no headers.
    fn host_files(&self, views: &[LanguageView]) -> Vec<(String, Vec<u8>)> {
        let root = &self.config.root;
        let paths = write::HostPaths {
            relaxed: self.relaxed_paths(views),
            versioned: std::iter::once(format!("{root}assets/"))
                .chain(
                    views
                        .iter()
                        .map(|view| format!("{root}{}cards/", view.urls.prefix)),
                )
                .collect(),
            not_found: format!("{root}404.html"),
            root: root.clone(),
        };
        let mut files = Vec::new();
        let hosts = &self.config.hosting;
        if hosts.contains(&Host::CloudflarePages) || hosts.contains(&Host::Netlify) {
            files.push(("_headers".into(), write::headers(&paths).into_bytes()));
        }
        if hosts.contains(&Host::AzureStaticWebApps) {
            let json = write::static_web_app_config(&paths);
            files.push(("staticwebapp.config.json".into(), json.into_bytes()));
        }
        if hosts.contains(&Host::Iis) {
            let xml = write::web_config(&paths);
            files.push(("web.config".into(), xml.into_bytes()));
        }
        files
    }

    fn relaxed_paths(&self, views: &[LanguageView]) -> Vec<String> {
        if !self.config.search {
            return Vec::new();
        }
        let mut paths: Vec<String> = views
            .iter()
            .map(|view| format!("{}{}", self.config.root, view.urls.search()))
            .collect();
        paths.push(format!("{}{}/", self.config.root, search::BUNDLE_DIR));
        paths
    }

    /// Which output paths the search index holds (none with `search: false`).
    fn search_plan(
        &self,
        renderers: &[Renderer],
        all_jobs: &[Vec<Job>],
    ) -> std::collections::HashMap<String, search::Entry> {
        if !self.config.search {
            return Default::default();
        }
        renderers
            .iter()
            .zip(all_jobs)
            .flat_map(|(renderer, jobs)| renderer.search_plan(jobs))
            .collect()
    }

    /// Writes the search index of `documents` into `sink` (nothing with
    /// `search: false`); see [`search::write`].
    pub fn write_search(
        &self,
        documents: &BTreeMap<String, Document>,
        sink: &dyn Sink,
        out: &Path,
        cache: Option<&Cache>,
    ) -> Result<usize, Vec<Diagnostic>> {
        if !self.config.search {
            return Ok(0);
        }
        search::write(documents, sink, out, cache)
    }

    fn renderers<'a>(
        &'a self,
        views: &[LanguageView<'a>],
    ) -> Result<Vec<Renderer<'a>>, Vec<Diagnostic>> {
        views
            .iter()
            .map(|view| self.renderer_for(view).map_err(|d| vec![d]))
            .collect()
    }

    /// Each language's URL prefix and site title, longest prefix first.
    fn audit_titles(&self, views: &[LanguageView]) -> Vec<(String, String)> {
        let mut titles: Vec<(String, String)> = views
            .iter()
            .map(|view| (view.urls.prefix.clone(), view.config.title.clone()))
            .collect();
        titles.sort_by_key(|(prefix, _)| std::cmp::Reverse(prefix.len()));
        titles
    }

    fn write_site_files(
        &self,
        renderers: &[Renderer],
        all_jobs: &[Vec<Job>],
        sink: &dyn Sink,
    ) -> Vec<Diagnostic> {
        self.site_files(renderers, all_jobs)
            .into_iter()
            .filter_map(|(path, bytes)| sink.write(&path, &bytes).err())
            .collect()
    }

    fn site_files(
        &self,
        renderers: &[Renderer],
        all_jobs: &[Vec<Job>],
    ) -> BTreeMap<String, Vec<u8>> {
        let views = self.languages();
        let mut files = BTreeMap::new();
        let mut everything = Vec::new();
        for ((renderer, jobs), view) in renderers.iter().zip(all_jobs).zip(&views) {
            let listed = listed_pages(renderer, jobs, view);
            let feed_pages: Vec<Listed> = listed
                .iter()
                .filter(|l| !l.title.is_empty())
                .cloned()
                .collect();
            files.insert(
                view.urls.feed(),
                write::feed(
                    view.config,
                    &feed_pages,
                    (&view.urls.home(), &view.urls.feed()),
                    self.today,
                )
                .into_bytes(),
            );
            everything.extend(listed);
        }
        files.insert(
            "sitemap.xml".into(),
            write::sitemap(&everything).into_bytes(),
        );
        if self.config.robots_txt {
            files.insert(
                "robots.txt".into(),
                write::robots(&self.config).into_bytes(),
            );
        }
        files.extend(self.host_files(&views));
        files.insert(write::MARKER.into(), write::MARKER_TEXT.into());
        files.insert(
            "services.json".into(),
            hsds::export(&self.directory, &self.config.base_url).into_bytes(),
        );
        for (path, json) in hsds::export_each(&self.directory, &self.config.base_url) {
            files.insert(path, json.into_bytes());
        }
        files.insert(
            "assets/brand.css".into(),
            render::brand_css(&self.config).into_bytes(),
        );
        files
    }
}

/// The pages of one language for the sitemap and feed.
fn listed_pages(renderer: &Renderer, jobs: &[Job], view: &LanguageView) -> Vec<Listed> {
    jobs.iter()
        .filter(|job| !matches!(job, Job::NotFound))
        .filter_map(|&job| {
            let url = renderer.job_url(job);
            let alternates = renderer
                .job_alternates(job)
                .into_iter()
                .map(|a| (a.hreflang, a.href))
                .collect();
            let permalink = view.config.permalink(&url);
            match job {
                Job::Content(index) | Job::Home(Some(index)) => {
                    let page = &view.content.pages[index];
                    (!page.draft).then(|| Listed {
                        url,
                        title: page.title.clone(),
                        description: page.description.clone(),
                        date: page.updated.max(page.date),
                        permalink,
                        alternates,
                    })
                }
                _ => Some(Listed {
                    url,
                    title: String::new(),
                    description: String::new(),
                    date: None,
                    permalink,
                    alternates,
                }),
            }
        })
        .collect()
}

/// A sink that checks every HTML page against the theme rules
/// ([`check::html`]) on its way to the real sink.
struct AuditSink<'a> {
    inner: &'a dyn Sink,
    titles: Vec<(String, String)>,
    only: Option<HashSet<String>>,
    findings: Mutex<BTreeMap<String, Vec<String>>>,
}

impl<'a> AuditSink<'a> {
    fn new(
        inner: &'a dyn Sink,
        titles: Vec<(String, String)>,
        only: Option<HashSet<String>>,
    ) -> Self {
        AuditSink {
            inner,
            titles,
            only,
            findings: Mutex::default(),
        }
    }

    /// The site title pages at `rel` carry (their language's).
    fn title_for(&self, rel: &str) -> &str {
        self.titles
            .iter()
            .find(|(prefix, _)| rel.starts_with(prefix.as_str()))
            .map_or("", |(_, title)| title.as_str())
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
                    format!(
                        "{problem} (on {} page(s), for example {})",
                        pages.len(),
                        pages[0]
                    ),
                )
                .with_hint(
                    "the theme's templates must give every page these; see docs/accessibility.md",
                )
            })
            .collect()
    }
}

impl AuditSink<'_> {
    /// True when the page at `rel` is one the theme rules read.
    fn audits(&self, rel: &str) -> bool {
        rel.ends_with(".html") && self.only.as_ref().is_none_or(|only| only.contains(rel))
    }

    fn audit(&self, rel: &str, bytes: &[u8]) {
        if self.audits(rel) {
            let problems = check::html::audit(&String::from_utf8_lossy(bytes), self.title_for(rel));
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
    }
}

impl Sink for AuditSink<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.audit(rel, bytes);
        self.inner.write(rel, bytes)
    }

    fn write_rendered(&self, rel: &str, bytes: &[u8], key: Option<u128>) -> Result<(), Diagnostic> {
        self.audit(rel, bytes);
        self.inner.write_rendered(rel, bytes, key)
    }

    fn may_keep(&self, rel: &str) -> bool {
        !self.audits(rel) && self.inner.may_keep(rel)
    }

    /// A page the theme rules read is always rendered.
    fn keep_rendered(&self, rel: &str, key: u128) -> Option<std::path::PathBuf> {
        if self.audits(rel) {
            return None;
        }
        self.inner.keep_rendered(rel, key)
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic> {
        self.inner.copy(rel, from)
    }

    fn reuse(&self, rel: &str, usable: &dyn Fn(&Path) -> bool) -> bool {
        self.inner.reuse(rel, usable)
    }
}

/// True when the file at `path` starts like a card: a 1200×630 PNG.
fn is_card(path: &Path) -> bool {
    let mut header = [0u8; 24];
    std::fs::File::open(path)
        .and_then(|mut file| file.read_exact(&mut header))
        .is_ok()
        && crate::base::media::png_size(&header) == Some((cards::WIDTH, cards::HEIGHT))
}

/// The pages the theme rules check when only one page of each kind is
/// audited: one of each kind in every language.
fn one_page_per_kind(
    renderers: &[Renderer<'_>],
    all_jobs: &[Vec<Job>],
) -> std::collections::HashSet<String> {
    renderers
        .iter()
        .zip(all_jobs)
        .flat_map(|(renderer, jobs)| renderer.one_page_per_kind(jobs))
        .collect()
}
