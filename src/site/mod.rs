//! Holds a loaded site and runs the pipeline: load → validate → render →
//! write. The one entry point the CLI calls; it returns values and
//! diagnostics and never prints. `watch` reuses the same steps to rebuild
//! only what an edit affects.

mod edition;
mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::base::date::Date;
use crate::base::diagnostic::{self, has_errors, Diagnostic};
use crate::check;
use crate::load::config::{self, Config};
use crate::load::content::{self, Content, Missing, Page, PageKind};
use crate::load::i18n::{self, Urls};
use crate::load::layers::{Layers, StandIn, Unsaved};
use crate::load::signpost::{self, Directory};
use crate::markdown::Rendered;
use crate::render::links::LinkIndex;
use crate::render::rs::{self, Listings};
use crate::render::social::Sharing;
use crate::render::theme::{self, Theme};
use crate::render::{Job, Translations};
use crate::write::body_facts::{self, BodyFacts};
use crate::write::search_cache::Cache;
use crate::write::{ChangedSink, MemorySink, Staging};

pub use edition::Edition;
pub use write::{Audit, CardStats, Output};

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
    /// Let a build replace an output folder Beacon did not write.
    pub force: bool,
    /// The editor's unsaved texts, read instead of those files (see
    /// [`crate::load::layers::Unsaved`]); empty for every other command.
    pub unsaved: Unsaved,
    /// A release folder read in place of the site's upstream folder
    /// (`upstream update --dry-run`); `None` for every other command.
    pub upstream_release: Option<PathBuf>,
}

impl Options {
    /// Options for a site folder with every default.
    pub fn new(site_dir: impl Into<PathBuf>) -> Self {
        Options {
            site_dir: site_dir.into(),
            out_dir: None,
            drafts: false,
            base_url: None,
            today: Date::build_date(),
            force: false,
            unsaved: Unsaved::default(),
            upstream_release: None,
        }
    }

    /// The output folder.
    pub fn out_dir(&self) -> PathBuf {
        self.out_dir
            .clone()
            .unwrap_or_else(|| self.site_dir.join("public"))
    }
}

/// A site that loaded and validated without errors. Its own fields hold
/// the default language; `editions` holds every other language.
pub struct Site {
    /// The site folder and its upstreams.
    pub layers: Layers,
    /// Configuration, in the default language.
    pub config: Config,
    /// Pages and assets of the default language.
    pub content: Content,
    /// Help services.
    pub directory: Directory,
    /// Hubs, audiences and neighbours.
    pub listings: Listings,
    /// Compiled theme.
    pub theme: Theme,
    /// Rendered Markdown bodies, one per page.
    pub bodies: Vec<Rendered>,
    /// The link index the bodies were rendered through.
    pub links: Option<LinkIndex>,
    /// Where the default language's generated pages are.
    pub urls: Urls,
    /// Every other language (empty without `languages:`).
    pub editions: Vec<Edition>,
    /// Where every page is in every language.
    pub translations: Translations,
    /// Pages each other language has not translated yet.
    pub missing: Vec<Missing>,
    /// The date the build treats as today.
    pub today: Date,
    /// Warnings found while loading.
    pub warnings: Vec<Diagnostic>,
    /// How the social cards look (brand, logo) and `social_image:`.
    pub sharing: Sharing,
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
    /// The social cards drawn and kept.
    pub cards: CardStats,
    /// The reading level of each English page (filled by `check`).
    pub readability: Vec<check::reading::Row>,
    /// Pages each other language has not translated yet.
    pub missing_translations: Vec<Missing>,
    /// Output files written because their bytes changed (`build`).
    pub changed: usize,
    /// Output files removed because the site no longer has them (`build`).
    pub removed: usize,
    /// Pages per R and audience in the default language (filled by `check`).
    pub coverage: Option<check::coverage::Coverage>,
    /// Every page of every language (filled by `check`).
    pub page_facts: Vec<check::coverage::PageFacts>,
    /// Services `signposts.hide:` hides and where the upstream's pages
    /// featured them (filled by `check`).
    pub hidden_services: Vec<check::HiddenUse>,
}

/// Whether a loaded site keeps its pages' Markdown once their bodies are
/// rendered.
#[derive(Clone, Copy)]
pub enum Sources<'a> {
    /// Keep it (`watch` renders an edited page again; tests look at it).
    Keep,
    /// Free it as each body is rendered (`check`).
    Free,
    /// Free it, but first recall each body the last build rendered from
    /// the same key instead of rendering it (`build`; see
    /// [`crate::render::render_or_recall_bodies`]).
    Recall(&'a dyn crate::render::Recall),
}

/// Loads and validates a site: every error of every stage, or the site.
pub fn load(options: &Options) -> Result<Site, Vec<Diagnostic>> {
    load_with(options, Sources::Keep)
}

/// [`load`], keeping or freeing the pages' Markdown.
pub fn load_with(options: &Options, sources: Sources<'_>) -> Result<Site, Vec<Diagnostic>> {
    let stand_in = options.upstream_release.as_deref().map(StandIn);
    let layers =
        Layers::open_with(&options.site_dir, stand_in)?.with_unsaved(options.unsaved.clone());
    let written = config::load(&layers, options.base_url.as_deref())?;
    let ((loaded, mut diagnostics), (directory, signpost_diagnostics)) = rayon::join(
        || content::load(&layers, &written, options.drafts),
        || signpost::load(&layers, &written),
    );
    diagnostics.extend(signpost_diagnostics);
    let theme = match theme::load(&layers, &written) {
        Ok(theme) => theme,
        Err(errors) => {
            diagnostics.extend(errors);
            diagnostic::sort(&mut diagnostics);
            return Err(diagnostics);
        }
    };
    let missing = content::missing_translations(&loaded, &written);
    let (sharing, sharing_diagnostics) = Sharing::load(&written, &loaded.content);
    diagnostics.extend(sharing_diagnostics);
    let config = i18n::localise(&written, 0, &theme.languages[0]);
    let editions = edition::editions(&written, loaded.translations, &theme, &directory);
    let mut site = Site {
        layers,
        translations: Translations::default(),
        config,
        content: loaded.content,
        directory,
        listings: Listings::default(),
        theme,
        bodies: Vec::new(),
        links: None,
        urls: Urls::default(),
        editions,
        missing,
        today: options.today,
        warnings: Vec::new(),
        sharing,
    };
    site.render_bodies_with(None, sources);
    diagnostics.extend(site.validate(options));
    diagnostic::sort(&mut diagnostics);
    if has_errors(&diagnostics) {
        return Err(diagnostics);
    }
    site.listings = rs::build(&site.content, &site.config);
    for edition in &mut site.editions {
        edition.listings = rs::build(&edition.content, &edition.config);
    }
    site.translations = site.language_urls();
    site.warnings = diagnostics;
    Ok(site)
}

/// A content page that takes a URL the build generates (or keeps for a
/// later page of a hub or audience page): an error naming both.
fn generated_url_clashes(content: &Content, config: &Config, urls: &Urls) -> Vec<Diagnostic> {
    let generated = rs::generated_urls(config, urls);
    content
        .pages
        .iter()
        .filter(|page| !(page.kind == PageKind::Section && urls.hub_at(&page.url).is_some()))
        .filter_map(|page| {
            let what = generated
                .iter()
                .find(|(url, _)| *url == page.url)
                .map(|(_, what)| *what)
                .or_else(|| rs::paged_url_owner(config, urls, &page.url))?;
            Some(
                Diagnostic::error(
                    &page.source,
                    format!(
                        "two pages have the URL /{}: {} and {what} that Beacon generates",
                        page.url,
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
    /// The job that renders the page at `index` (default language).
    pub fn job_for_page(&self, index: usize) -> Job {
        job_in(&self.urls, &self.content.pages[index], index)
    }

    /// Where the page whose file is `source` is rendered, in any language:
    /// its language's position in [`Site::languages`], its job, and the
    /// output file that holds it.
    pub fn page_job(&self, source: &Path) -> Option<(usize, Job, String)> {
        self.languages()
            .iter()
            .enumerate()
            .find_map(|(position, view)| {
                let index = view.content.pages.iter().position(|p| p.source == source)?;
                let page = &view.content.pages[index];
                let file = format!("{}index.html", page.url);
                Some((position, job_in(view.urls, page, index), file))
            })
    }

    /// The readability table `beacon check` ends with.
    pub fn readability_table(&self) -> Vec<check::reading::Row> {
        if !i18n::is_english(&self.config.language) {
            return Vec::new();
        }
        check::reading::table(&self.content, &self.bodies, &self.config)
    }
}

/// The job that renders `page`, at `index` of its language's pages.
fn job_in(urls: &Urls, page: &Page, index: usize) -> Job {
    match page.kind {
        PageKind::Home => Job::Home(Some(index)),
        PageKind::Section => match urls.hub_at(&page.url) {
            Some(r) => Job::Hub(r, 1),
            None => Job::Content(index),
        },
        PageKind::Page => Job::Content(index),
    }
}

/// `beacon build`: load, validate and render every file, writing the ones
/// whose bytes differ from the output into a staging folder; only when every
/// step succeeded are they moved into the output (one rename each) and the
/// outputs the site no longer has removed. Unchanged files are not touched.
pub fn build(options: &Options) -> Result<Report, Vec<Diagnostic>> {
    let started = Instant::now();
    // The bodies of the last build are recalled only into an output it
    // wrote: a new output renders every page, so needs every body's HTML
    // (the facts are still read, to leave the file alone if unchanged).
    let facts_file = body_facts::file_in(&options.site_dir);
    let facts = facts_file
        .as_deref()
        .map(BodyFacts::read)
        .unwrap_or_default();
    let recall: &dyn crate::render::Recall = match crate::write::holds_nothing(&options.out_dir()) {
        true => &body_facts::Nothing,
        false => &facts,
    };
    let site = load_with(options, Sources::Recall(recall))?;
    crate::write::check_owned(&options.out_dir(), options.force).map_err(|d| vec![d])?;
    let staging = Staging::new(&options.out_dir(), &options.site_dir).map_err(|d| vec![d])?;
    let sink = ChangedSink::new(&staging);
    // The output's files are listed while the pages render (nothing is
    // written there until the commit), so the walk costs no wall time.
    let (rendered, existing) = rayon::join(
        || site.render_to(&sink, Audit::OnePerKind),
        || staging.existing(),
    );
    let rendered = rendered.and_then(|output| {
        let cache = Cache::in_site(&options.site_dir);
        site.write_search(&output.documents, &sink, &options.out_dir(), cache.as_ref())?;
        Ok(output)
    });
    match rendered {
        Ok(Output {
            pages,
            assets,
            cards,
            ..
        }) => {
            let changed = sink.changed();
            let removed = staging.commit(sink, &existing).map_err(|d| vec![d])?;
            if let Some(file) = &facts_file {
                body_facts::save(file, &facts, site.all_bodies());
            }
            Ok(Report {
                changed,
                removed,
                pages,
                assets,
                cards,
                warnings: site.warnings,
                elapsed: started.elapsed(),
                readability: Vec::new(),
                missing_translations: site.missing,
                coverage: None,
                page_facts: Vec::new(),
                hidden_services: Vec::new(),
            })
        }
        Err(errors) => {
            staging.abandon();
            Err(errors)
        }
    }
}

/// `beacon check`: everything `build` does, in memory, writing nothing. It
/// does not build the search index: that reads what the pages already
/// rendered, and costs more than the checks.
pub fn check(options: &Options) -> Result<Report, Vec<Diagnostic>> {
    let started = Instant::now();
    let site = load_with(options, Sources::Free)?;
    let sink = MemorySink::discarding().reusing(&options.out_dir());
    let Output {
        pages,
        assets,
        cards,
        ..
    } = site.render_into(&sink, Audit::Every, false)?;
    let readability = site.readability_table();
    let coverage = check::coverage::coverage(&site.content, &site.config);
    let languages = site.languages();
    let page_facts = languages
        .iter()
        .flat_map(|view| check::coverage::page_facts(view.content, view.bodies, view.config))
        .collect();
    let hidden_services = check::hidden_uses(
        languages.iter().map(|view| (view.content, view.bodies)),
        &site.directory,
        &site.config,
    );
    Ok(Report {
        coverage: Some(coverage),
        page_facts,
        hidden_services,
        changed: 0,
        removed: 0,
        pages,
        assets,
        cards,
        warnings: site.warnings,
        elapsed: started.elapsed(),
        readability,
        missing_translations: site.missing,
    })
}

/// Builds into memory and returns every output file (tests, previews).
pub fn build_in_memory(options: &Options) -> Result<BTreeMap<String, Vec<u8>>, Vec<Diagnostic>> {
    let site = load(options)?;
    let sink = MemorySink::keeping();
    let written = site.render_to(&sink, Audit::Every)?;
    // A keeping memory sink has no earlier output: the index is built.
    site.write_search(&written.documents, &sink, &options.out_dir(), None)?;
    Ok(sink.into_files())
}
