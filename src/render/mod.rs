//! Builds each output page's template context from the model and renders it
//! with the theme. Markdown bodies are rendered (and checked) first, in
//! parallel; then every output page is rendered in parallel and handed to a
//! [`Sink`] as it is made, so the whole site's HTML is never held at once.

pub mod cards;
mod context;
pub mod key;
pub mod links;
mod pages;
pub mod pagination;
mod paging;
pub mod rs;
pub mod search;
pub mod social;
pub mod theme;
pub mod views;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tera::Context;

use indexmap::IndexMap;

use crate::base::date::Date;
use crate::base::diagnostic::Diagnostic;
use crate::load::config::{Config, R};
use crate::load::content::{Content, PageKind};
use crate::load::i18n::Urls;
use crate::load::signpost::Directory;
use crate::markdown::Rendered;
use crate::render::rs::Listings;
use crate::render::theme::Theme;
use context::{Fill, PageContext};
use views::{LinkView, MetaView, Views};

mod bodies;
mod consultation;
mod languages;
mod site_view;
pub use bodies::{
    body_key, render_bodies, render_bodies_freeing_sources, render_body, render_or_recall_bodies,
    Recall,
};
pub use languages::{Alternate, LanguageUrls, Translations};
use site_view::{asset_url, site_view};
pub use site_view::{brand_css, locale, short_hash};

/// Where rendered files go: a folder on disk, memory, or nowhere (`check`).
pub trait Sink: Sync {
    /// Stores `bytes` at `rel` (a path relative to the output root).
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
    /// Stores a copy of the file at `from` at `rel`.
    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic>;
    /// Keeps the file an earlier build left at `rel`, when there is one and
    /// `usable` accepts it, instead of being given its bytes: for files
    /// whose name says what is in them (the social cards), so they need
    /// not be made again. True when kept (it then counts as written).
    fn reuse(&self, _rel: &str, _usable: &dyn Fn(&Path) -> bool) -> bool {
        false
    }
    /// Keeps the page an earlier build rendered at `rel` from the same
    /// template and values (`key`, see [`Renderer::render_all`]) instead of
    /// rendering it again. Returns where its bytes are when it is kept (it
    /// then counts as written); `None` means render it.
    fn keep_rendered(&self, _rel: &str, _key: u128) -> Option<PathBuf> {
        None
    }
    /// Whether [`Sink::keep_rendered`] may keep the page at `rel`: when
    /// not (a new output, memory, a page the last build did not write or
    /// one that is always rendered), its values are not first hashed on
    /// their own to ask.
    fn may_keep(&self, _rel: &str) -> bool {
        false
    }
    /// [`Sink::write`] for a rendered page, with the key of the template and
    /// values it was rendered from, when it has one.
    fn write_rendered(
        &self,
        rel: &str,
        bytes: &[u8],
        _key: Option<u128>,
    ) -> Result<(), Diagnostic> {
        self.write(rel, bytes)
    }
    /// Notes the digest of what the search index reads of the page at
    /// `rel` (written or kept), for the next build to know it without
    /// reading the page.
    fn note_document(&self, _rel: &str, _digest: u128) {}
    /// The digest the last build noted for the page at `rel`, when
    /// [`Sink::keep_rendered`] kept it.
    fn kept_document(&self, _rel: &str) -> Option<u128> {
        None
    }
}

/// One page of output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// The home page, with its `_index.md` when there is one.
    Home(Option<usize>),
    /// A content page or section, by index.
    Content(usize),
    /// Page `.1` (1-based; 1 is the hub's own URL) of the hub of an R.
    Hub(R, usize),
    /// Page `.1` (1-based) of an audience page, by index into the config's
    /// audiences.
    Audience(usize, usize),
    /// The get-help page, for everyone or for one audience.
    GetHelp(Option<usize>),
    /// The default staying-safe-online page.
    StayingSafe,
    /// The generated accessibility statement.
    Accessibility,
    /// The have-your-say page, while the site has a consultation.
    HaveYourSay,
    /// The search page (every page A–Z without JavaScript).
    Search,
    /// 404.html.
    NotFound,
}

/// Everything needed to render one language's pages.
pub struct Renderer<'a> {
    config: &'a Config,
    content: &'a Content,
    directory: &'a Directory,
    listings: &'a Listings,
    theme: &'a Theme,
    bodies: &'a [Rendered],
    links: Option<&'a links::LinkIndex>,
    urls: &'a Urls,
    strings: &'a IndexMap<String, String>,
    translations: &'a Translations,
    language: usize,
    today: Date,
    views: Views<'a>,
    base: Context,
    cards: HashMap<String, String>,
    by_url: HashMap<&'a str, usize>,
    sharing: &'a social::Sharing,
    social: social::Plan,
    /// The key every page's own starts from (`None`: pages get no key and
    /// are always rendered; see [`key`]).
    shared_key: Option<u128>,
}

/// One language of a loaded site, borrowed: the same shape for every
/// language, and what a [`Renderer`] draws from.
#[derive(Clone, Copy)]
pub struct LanguageView<'a> {
    /// Index in `config.languages` (0 is the default).
    pub language: usize,
    /// Configuration in this language.
    pub config: &'a Config,
    /// Its pages.
    pub content: &'a Content,
    /// Its help directory.
    pub directory: &'a Directory,
    /// Its listings.
    pub listings: &'a Listings,
    /// Its rendered bodies.
    pub bodies: &'a [Rendered],
    /// The link index they were rendered through (a recalled body's HTML
    /// is rendered through it when needed).
    pub links: Option<&'a links::LinkIndex>,
    /// Its generated URLs.
    pub urls: &'a Urls,
    /// Its interface strings.
    pub strings: &'a IndexMap<String, String>,
}

/// The inputs of a [`Renderer`]: one language, and what every language shares.
pub struct Inputs<'a> {
    /// The language to render.
    pub view: LanguageView<'a>,
    /// Compiled theme.
    pub theme: &'a Theme,
    /// Where every page is in every language.
    pub translations: &'a Translations,
    /// The build date (it decides the conversation's state).
    pub today: Date,
    /// How the social cards look and what replaces them.
    pub sharing: &'a social::Sharing,
}

impl<'a> Renderer<'a> {
    /// Prepares the shared context and renders every service card once.
    pub fn new(inputs: Inputs<'a>) -> Result<Self, Diagnostic> {
        let view = inputs.view;
        let views = Views {
            config: view.config,
            strings: view.strings,
            urls: view.urls,
        };
        let mut base = Context::new();
        base.insert(
            "site",
            &site_view(&views, inputs.theme, inputs.sharing.logo_size),
        );
        base.insert("t", view.strings);
        let by_url = view
            .content
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.url.as_str(), i))
            .collect();
        let mut renderer = Renderer {
            config: view.config,
            content: view.content,
            directory: view.directory,
            listings: view.listings,
            theme: inputs.theme,
            bodies: view.bodies,
            links: view.links,
            urls: view.urls,
            strings: view.strings,
            translations: inputs.translations,
            language: view.language,
            today: inputs.today,
            views,
            base,
            cards: HashMap::new(),
            by_url,
            sharing: inputs.sharing,
            social: social::Plan::default(),
            shared_key: None,
        };
        renderer.cards = renderer.render_cards()?;
        renderer.social = renderer.plan_cards();
        if let Some(banner) = renderer.consultation_banner() {
            renderer.base.insert("consultation_banner", &banner);
        }
        renderer.shared_key = key::shared_key(renderer.theme.fingerprint, &renderer.base);
        Ok(renderer)
    }

    fn render_cards(&self) -> Result<HashMap<String, String>, Diagnostic> {
        self.directory
            .services
            .iter()
            .map(|service| {
                let mut context = self.base.clone();
                context.insert("card", &self.views.card(service));
                let html = self.render_template("partials/card.html", &context)?;
                Ok((service.id.clone(), html))
            })
            .collect()
    }

    /// Every page this site outputs.
    pub fn jobs(&self) -> Vec<Job> {
        let home = self
            .content
            .pages
            .iter()
            .position(|p| p.kind == PageKind::Home);
        let mut jobs = vec![Job::Home(home), Job::NotFound];
        for (index, page) in self.content.pages.iter().enumerate() {
            let is_hub_intro =
                page.kind == PageKind::Section && self.urls.hub_at(&page.url).is_some();
            if page.kind != PageKind::Home && !is_hub_intro {
                jobs.push(Job::Content(index));
            }
        }
        for r in R::ALL {
            jobs.extend((1..=self.hub_page_count(r)).map(|number| Job::Hub(r, number)));
        }
        jobs.push(Job::GetHelp(None));
        for index in 0..self.config.audiences.len() {
            let pages = self.audience_page_count(index);
            jobs.extend((1..=pages).map(|number| Job::Audience(index, number)));
            jobs.push(Job::GetHelp(Some(index)));
        }
        if !self.by_url.contains_key(self.urls.staying_safe().as_str()) {
            jobs.push(Job::StayingSafe);
        }
        if !self.by_url.contains_key(self.urls.accessibility().as_str()) {
            jobs.push(Job::Accessibility);
        }
        let have_your_say = self.urls.have_your_say();
        if self.config.consultation.is_some() && !self.by_url.contains_key(have_your_say.as_str()) {
            jobs.push(Job::HaveYourSay);
        }
        if self.config.search {
            jobs.push(Job::Search);
        }
        jobs
    }

    /// Renders every job in parallel into `sink`; returns the problems.
    /// Each thread reuses one template context (see `render::context`).
    /// A page whose key (see [`key`]) the sink already holds a rendering
    /// of is kept, not rendered.
    pub fn render_all(&self, jobs: &[Job], sink: &dyn Sink) -> Vec<Diagnostic> {
        // Listing pages (a hundred items each) go first: left to the end,
        // the last of them kept one core busy while the other had nothing.
        let (listings, others): (Vec<Job>, Vec<Job>) = jobs
            .iter()
            .partition(|job| matches!(job, Job::Hub(..) | Job::Audience(..) | Job::Search));
        listings
            .into_iter()
            .chain(others)
            .collect::<Vec<Job>>()
            .par_iter()
            // Rayon stops splitting once each core has a share, and a share
            // already begun cannot be split: the last thousands of pages
            // then ran on one core while the other waited. At most 64 pages
            // a piece keeps both busy to the end (a piece starts with one
            // copy of the shared context).
            .with_max_len(64)
            .map_init(
                || PageContext::new(&self.base),
                |context, &job| {
                    let outcome = self.render_or_keep(job, context, sink);
                    context.clear();
                    outcome.err()
                },
            )
            .flatten()
            .collect()
    }

    /// Keeps or renders one job. When the sink may keep pages, the job's
    /// values are first only hashed (see [`key::serializer`]): a kept page
    /// never has them built as the template's JSON. A page that is not kept
    /// has them prepared again, this time for the template.
    fn render_or_keep(
        &self,
        job: Job,
        context: &mut PageContext<'_>,
        sink: &dyn Sink,
    ) -> Result<(), Diagnostic> {
        if self.shared_key.is_some() && sink.may_keep(&self.job_path(job)) {
            context.start(Fill::KeyOnly);
            let (path, template) = self.prepare(job, context);
            let key = context.key(self.shared_key, &template);
            if key.is_some_and(|key| sink.keep_rendered(&path, key).is_some()) {
                return Ok(());
            }
            context.clear();
        }
        context.start(Fill::Values);
        let (path, template) = self.prepare(job, context);
        let key = context.key(self.shared_key, &template);
        let html = self.render_template(&template, context.tera())?;
        sink.write_rendered(&path, html.as_bytes(), key)
    }

    /// The output file a job writes.
    pub fn job_path(&self, job: Job) -> String {
        let url = self.job_url(job);
        if url.ends_with(".html") {
            url
        } else {
            format!("{url}index.html")
        }
    }

    /// One output path per kind of page (the first job of each), so the
    /// theme rules can be checked on every template without reading every
    /// page.
    pub fn one_page_per_kind(&self, jobs: &[Job]) -> std::collections::HashSet<String> {
        let mut kinds = std::collections::HashSet::new();
        jobs.iter()
            .filter(|&&job| kinds.insert(self.kind_of(job)))
            .map(|&job| self.job_path(job))
            .collect()
    }

    fn kind_of(&self, job: Job) -> &'static str {
        match job {
            Job::Home(_) => "home",
            Job::Content(index) if self.content.pages[index].kind == PageKind::Section => "section",
            Job::Content(_) => "page",
            // A later page is a kind of its own, so `build` audits one
            // (it carries the pagination the first page may not).
            Job::Hub(_, 1) => "hub",
            Job::Hub(..) => "hub_page",
            Job::Audience(_, 1) => "audience",
            Job::Audience(..) => "audience_page",
            Job::GetHelp(_) => "get_help",
            Job::StayingSafe => "staying_safe",
            Job::Accessibility => "accessibility",
            Job::HaveYourSay => "have_your_say",
            Job::Search => "search",
            Job::NotFound => "not_found",
        }
    }

    /// The URL (relative to the root) a job is published at.
    pub fn job_url(&self, job: Job) -> String {
        match job {
            Job::Home(_) => self.urls.home(),
            Job::Content(index) => self.content.pages[index].url.clone(),
            Job::Hub(r, number) => self.urls.hub_page(r, number),
            Job::Audience(index, number) => self
                .urls
                .audience_page(&self.config.audiences[index].key, number),
            Job::GetHelp(audience) => self
                .urls
                .get_help(audience.map(|i| self.config.audiences[i].key.as_str())),
            Job::StayingSafe => self.urls.staying_safe(),
            Job::Accessibility => self.urls.accessibility(),
            Job::HaveYourSay => self.urls.have_your_say(),
            Job::Search => self.urls.search(),
            Job::NotFound => self.urls.not_found(),
        }
    }

    /// Renders one job: its output path and HTML.
    pub fn render(&self, job: Job) -> Result<(String, String), Diagnostic> {
        let mut context = PageContext::new(&self.base);
        context.start(Fill::Values);
        let (path, template) = self.prepare(job, &mut context);
        let html = self.render_template(&template, context.tera())?;
        Ok((path, html))
    }

    /// Fills `context` (which holds the shared values) with one job's own
    /// values; returns its output path and the template that renders it.
    fn prepare(&self, job: Job, context: &mut PageContext<'_>) -> (String, String) {
        let url = self.job_url(job);
        let path = self.job_path(job);
        context.insert("current_url", &self.views.url(&url));
        context.insert("breadcrumbs", &self.breadcrumbs(&url));
        context.insert("draft", &false);
        let csp = if job == Job::Search {
            crate::base::policy::SEARCH_CSP
        } else {
            crate::base::policy::CSP
        };
        context.insert("csp", csp);
        let (template, title, description) = self.pick(job, context);
        self.insert_languages(job, context);
        let page_title = match job {
            Job::Home(_) => self.config.title.clone(),
            _ => format!("{title} \u{2013} {}", self.config.title),
        };
        context.insert("page_title", &page_title);
        self.insert_meta(job, &url, description, context);
        (
            path,
            self.theme.template_for(template, &self.config.language),
        )
    }

    /// The job's own values, by its kind: its template, title and
    /// description.
    fn pick(&self, job: Job, context: &mut PageContext<'_>) -> pages::Picked {
        match job {
            Job::Home(index) => self.home(index, context),
            Job::Content(index) => self.content_page(index, context),
            Job::Hub(r, number) => self.hub(r, number, context),
            Job::Audience(index, number) => self.audience(index, number, context),
            Job::GetHelp(audience) => self.get_help(audience, context),
            Job::StayingSafe => self.generated(
                context,
                "staying_safe",
                "staying_safe_title",
                (
                    "staying_safe_description",
                    "How to cover your tracks online and use the quick exit.",
                ),
            ),
            Job::Accessibility => self.accessibility(context),
            Job::HaveYourSay => self.have_your_say(context),
            Job::Search => self.search_page(context),
            Job::NotFound => self.generated(
                context,
                "not_found",
                "not_found_title",
                ("not_found_description", "This page could not be found."),
            ),
        }
    }

    /// The social meta of a page: its description, permalink and shared
    /// image (`meta` in the templates).
    fn insert_meta(&self, job: Job, url: &str, description: String, context: &mut PageContext<'_>) {
        let shared = self.shared(job);
        context.insert(
            "meta",
            &MetaView {
                description,
                permalink: self.config.permalink(if matches!(job, Job::NotFound) {
                    &self.urls.prefix
                } else {
                    url
                }),
                image_alt: shared.as_ref().map(|s| s.alt.clone()),
                image_width: shared.as_ref().and_then(|s| s.size).map(|(w, _)| w),
                image_height: shared.as_ref().and_then(|s| s.size).map(|(_, h)| h),
                image: shared.map(|s| s.url),
                locale: locale(&self.config.language),
            },
        );
    }

    fn render_template(&self, template: &str, context: &Context) -> Result<String, Diagnostic> {
        self.theme.tera.render(template, context).map_err(|error| {
            let mut diagnostic = crate::render::theme::template_error(&error, &Default::default());
            diagnostic.path = Path::new("themes")
                .join(self.config.theme.as_str())
                .join("templates")
                .join(template);
            diagnostic
        })
    }

    fn string(&self, key: &str, fallback: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| fallback.to_string())
    }

    fn breadcrumbs(&self, url: &str) -> Vec<LinkView> {
        if url.is_empty() || url.ends_with(".html") {
            return Vec::new();
        }
        let home = self.urls.home();
        let Some(inside) = url
            .strip_prefix(home.as_str())
            .filter(|rest| !rest.is_empty())
        else {
            return Vec::new();
        };
        let mut crumbs = vec![LinkView {
            title: self.string("home", "Home"),
            url: self.views.url(&home),
        }];
        let mut prefix = home.clone();
        let segments: Vec<&str> = inside.trim_end_matches('/').split('/').collect();
        for segment in &segments[..segments.len() - 1] {
            prefix.push_str(segment);
            prefix.push('/');
            if let Some(r) = self.urls.hub_at(&prefix) {
                crumbs.push(LinkView {
                    title: self.hub_title(r),
                    url: self.views.url(&prefix),
                });
            } else if let Some(&index) = self.by_url.get(prefix.as_str()) {
                crumbs.push(self.views.link(&self.content.pages[index]));
            } else if let Some(index) = self.audience_at(&prefix) {
                crumbs.push(LinkView {
                    title: self.audience_title(index),
                    url: self.views.url(&prefix),
                });
            } else if prefix == self.urls.get_help(None) {
                crumbs.push(LinkView {
                    title: self.string("get_help_title", "Get help"),
                    url: self.views.url(&prefix),
                });
            }
        }
        crumbs
    }

    /// The audience whose page (its first page) is at `url`, if any.
    fn audience_at(&self, url: &str) -> Option<usize> {
        self.config
            .audiences
            .iter()
            .position(|audience| self.urls.audience(&audience.key) == url)
    }
}
