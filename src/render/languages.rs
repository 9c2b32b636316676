//! Where each page is in every language: the language toggle on every
//! page, `<link rel="alternate" hreflang>` in its head, and the sitemap's
//! alternates. A page with no translation toggles to the nearest page that
//! has one (its hub, else home), never to a 404. Page N of a hub or
//! audience page has an alternate only in the languages whose listing has
//! a page N; the others' toggles lead to their first page.

use std::collections::HashMap;

use super::context::PageContext;
use serde::Serialize;

use super::{Job, Renderer};
use crate::load::config::R;
use crate::load::content::{Content, PageKind, STANDALONE_PAGES};
use crate::load::i18n::Urls;

/// One language's URLs, as the other languages need them.
#[derive(Debug, Clone)]
pub struct LanguageUrls {
    /// BCP 47 code.
    pub code: String,
    /// The language's name in itself ("Cymraeg").
    pub name: String,
    /// Absolute URLs of this language start here.
    pub base_url: String,
    /// Its generated pages.
    pub urls: Urls,
    /// Its pages' URLs by source path (`rel`).
    pub pages: HashMap<String, String>,
    /// Audience keys, in config order.
    pub audiences: Vec<String>,
    /// How many pages each R's hub has (journey order).
    pub hub_pages: [usize; 3],
    /// How many pages each audience's page has (config order).
    pub audience_pages: Vec<usize>,
}

impl LanguageUrls {
    /// The URLs of one language's pages.
    pub fn new(code: &str, name: &str, base_url: &str, urls: &Urls, content: &Content) -> Self {
        LanguageUrls {
            code: code.to_string(),
            name: name.to_string(),
            base_url: base_url.to_string(),
            urls: urls.clone(),
            pages: content
                .pages
                .iter()
                .map(|page| (page.rel.clone(), page.url.clone()))
                .collect(),
            audiences: Vec::new(),
            hub_pages: [1; 3],
            audience_pages: Vec::new(),
        }
    }

    /// True when this language publishes page `number` of what `job` lists
    /// (every job but a later hub or audience page has only page 1).
    fn has_page(&self, job: Job) -> bool {
        match job {
            Job::Hub(r, number) => number <= self.hub_pages[r.index()],
            Job::Audience(index, number) => {
                number <= self.audience_pages.get(index).copied().unwrap_or(1)
            }
            _ => true,
        }
    }

    /// An absolute URL in this language.
    pub fn permalink(&self, url: &str) -> String {
        format!("{}/{url}", self.base_url)
    }
}

/// Every language of the site, the default first. Empty (or one
/// language) for a site without `languages:`: nothing is added to pages.
#[derive(Debug, Clone, Default)]
pub struct Translations {
    /// Each language's URLs.
    pub languages: Vec<LanguageUrls>,
}

/// What a page is, the same in every language.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Key<'a> {
    Page(&'a str, Option<R>),
    Generated(Job),
}

/// One `<link rel="alternate">` or toggle entry.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Alternate {
    /// `cy`, or `x-default`.
    pub hreflang: String,
    /// Absolute URL.
    pub href: String,
    /// Root-relative path (for the toggle).
    pub url: String,
    /// The language's name in itself.
    pub name: String,
    /// False when this language has no translation and the link goes to
    /// the nearest page that has one.
    pub exact: bool,
}

impl Translations {
    /// True when the site publishes more than one language.
    pub fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// The URL of `key` in language `index`: exact, or the nearest page
    /// that exists there.
    fn url_in(&self, index: usize, key: &Key) -> (String, bool) {
        let language = &self.languages[index];
        match key {
            Key::Page(rel, r) => match language.pages.get(*rel) {
                Some(url) => (url.clone(), true),
                None => match (rel, r) {
                    (&"staying-safe-online.md", _) => (language.urls.staying_safe(), false),
                    (&"accessibility.md", _) => (language.urls.accessibility(), false),
                    (&"have-your-say.md", _) => (language.urls.have_your_say(), false),
                    (_, Some(r)) => (language.urls.hub(*r), false),
                    (_, None) => (language.urls.home(), false),
                },
            },
            Key::Generated(job) if language.has_page(*job) => {
                (self.generated_url(language, *job), true)
            }
            Key::Generated(job) => (self.generated_url(language, first_page(*job)), false),
        }
    }

    fn generated_url(&self, language: &LanguageUrls, job: Job) -> String {
        let audience = |i: usize| language.audiences.get(i).map(String::as_str).unwrap_or("");
        match job {
            Job::Home(_) | Job::Content(_) => language.urls.home(),
            Job::Hub(r, number) => language.urls.hub_page(r, number),
            Job::Audience(i, number) => language.urls.audience_page(audience(i), number),
            Job::GetHelp(i) => language.urls.get_help(i.map(audience)),
            Job::StayingSafe => language.urls.staying_safe(),
            Job::Accessibility => language.urls.accessibility(),
            Job::HaveYourSay => language.urls.have_your_say(),
            Job::Search => language.urls.search(),
            Job::NotFound => language.urls.not_found(),
        }
    }

    /// Every language's version of a page, with `x-default` last.
    fn alternates(&self, key: &Key) -> Vec<Alternate> {
        let mut alternates: Vec<Alternate> = self
            .languages
            .iter()
            .enumerate()
            .map(|(index, language)| {
                let (url, exact) = self.url_in(index, key);
                Alternate {
                    hreflang: language.code.clone(),
                    href: language.permalink(&url),
                    url,
                    name: language.name.clone(),
                    exact,
                }
            })
            .collect();
        if let Some(default) = alternates.first().filter(|a| a.exact).cloned() {
            alternates.push(Alternate {
                hreflang: "x-default".into(),
                ..default
            });
        }
        alternates
    }
}

/// The first page of what `job` lists (the job itself for every other job).
fn first_page(job: Job) -> Job {
    match job {
        Job::Hub(r, _) => Job::Hub(r, 1),
        Job::Audience(index, _) => Job::Audience(index, 1),
        other => other,
    }
}

impl Renderer<'_> {
    /// What a job is, the same in every language.
    fn key(&self, job: Job) -> Key<'_> {
        match job {
            Job::Content(index) => {
                let page = &self.content.pages[index];
                match page.kind {
                    PageKind::Home => Key::Generated(Job::Home(None)),
                    _ if STANDALONE_PAGES.contains(&page.rel.as_str()) || page.rs.is_empty() => {
                        Key::Page(&page.rel, None)
                    }
                    _ => Key::Page(&page.rel, page.rs.first().copied()),
                }
            }
            Job::Home(_) => Key::Generated(Job::Home(None)),
            other => Key::Generated(other),
        }
    }

    /// The language toggle and alternates of a job, for base.html.
    pub(super) fn insert_languages(&self, job: Job, context: &mut PageContext<'_>) {
        if !self.translations.is_multilingual() {
            return;
        }
        let key = self.key(job);
        let alternates = self.translations.alternates(&key);
        let toggle: Vec<&Alternate> = alternates
            .iter()
            .enumerate()
            .filter(|(index, a)| *index != self.language && a.hreflang != "x-default")
            .map(|(_, a)| a)
            .collect();
        let toggle: Vec<serde_json::Value> = toggle
            .iter()
            .map(|a| {
                serde_json::json!({
                    "code": a.hreflang,
                    "name": a.name,
                    "url": self.views.url(&a.url),
                    "exact": a.exact,
                })
            })
            .collect();
        let head: Vec<&Alternate> = alternates.iter().filter(|a| a.exact).collect();
        context.insert("language_toggle", &toggle);
        context.insert("alternates", &head);
    }

    /// The sitemap's alternates for a job of this language.
    pub fn job_alternates(&self, job: Job) -> Vec<Alternate> {
        if !self.translations.is_multilingual() {
            return Vec::new();
        }
        self.translations
            .alternates(&self.key(job))
            .into_iter()
            .filter(|alternate| alternate.exact)
            .collect()
    }
}
