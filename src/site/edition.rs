//! The languages of a loaded site: each other language's edition (its
//! translated pages, localised configuration and directory, its own URLs),
//! a borrowed view of every language for rendering, and the checks that run
//! per language (bodies, URLs, signposts) and once per site.

use std::collections::HashMap;

use super::{generated_url_clashes, Options, Site, Sources};
use crate::base::diagnostic::Diagnostic;
use crate::check;
use crate::load::config::{Config, R};
use crate::load::content::{self, Content, Page};
use crate::load::i18n::{self, Urls};
use crate::load::signpost::{self, Directory};
use crate::markdown::Rendered;
use crate::render::rs::{self, Listings};
use crate::render::theme::Theme;
use crate::render::{self, links::LinkIndex, LanguageUrls, LanguageView, Translations};

/// A language other than the default: its translated pages and the model
/// they render with.
pub struct Edition {
    /// Index in `config.languages`.
    pub language: usize,
    /// Configuration in this language.
    pub config: Config,
    /// Translated pages (assets are the default language's).
    pub content: Content,
    /// Help services with their names, descriptions and hours in this language.
    pub directory: Directory,
    /// Hubs, audiences and neighbours of the translated pages.
    pub listings: Listings,
    /// Rendered Markdown bodies, one per page.
    pub bodies: Vec<Rendered>,
    /// The link index the bodies were rendered through.
    pub links: Option<LinkIndex>,
    /// Where this language's generated pages are.
    pub urls: Urls,
}

/// Builds the edition of every language but the default.
pub(super) fn editions(
    written: &Config,
    translations: Vec<Vec<Page>>,
    theme: &Theme,
    directory: &Directory,
) -> Vec<Edition> {
    translations
        .into_iter()
        .enumerate()
        .skip(1)
        .map(|(language, pages)| {
            let config = i18n::localise(written, language, &theme.languages[language]);
            let hub_slugs = R::ALL.map(|r| hub_folder(&pages, r));
            Edition {
                urls: Urls::new(&i18n::prefix(written, language), hub_slugs),
                directory: directory.localised(&config.language),
                config,
                content: Content {
                    pages,
                    ..Content::default()
                },
                listings: Listings::default(),
                bodies: Vec::new(),
                links: None,
                language,
            }
        })
        .collect()
}

/// The folder name of an R's hub in a translation: the last segment of the
/// translated `<r>/_index.md`'s URL, when there is one.
fn hub_folder(pages: &[Page], r: R) -> Option<String> {
    let rel = format!("{}/_index.md", r.key());
    let page = pages.iter().find(|page| page.rel == rel)?;
    page.url
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .map(str::to_string)
}

impl Site {
    /// Every body of every language, the default's first.
    pub fn all_bodies(&self) -> impl Iterator<Item = &Rendered> {
        let others = self.editions.iter().flat_map(|edition| &edition.bodies);
        self.bodies.iter().chain(others)
    }

    /// Every language, the default first.
    pub fn languages(&self) -> Vec<LanguageView<'_>> {
        let mut views = vec![LanguageView {
            language: 0,
            config: &self.config,
            content: &self.content,
            directory: &self.directory,
            listings: &self.listings,
            bodies: &self.bodies,
            links: self.links.as_ref(),
            urls: &self.urls,
            strings: &self.theme.languages[0],
        }];
        views.extend(self.editions.iter().map(|edition| LanguageView {
            language: edition.language,
            config: &edition.config,
            content: &edition.content,
            directory: &edition.directory,
            listings: &edition.listings,
            bodies: &edition.bodies,
            links: edition.links.as_ref(),
            urls: &edition.urls,
            strings: &self.theme.languages[edition.language],
        }));
        views
    }

    /// Where every page is in every language, with how many pages each
    /// hub and audience page has (so the listings must be built first).
    pub(super) fn language_urls(&self) -> Translations {
        if self.editions.is_empty() {
            return Translations::default();
        }
        let languages = self
            .languages()
            .iter()
            .map(|view| {
                let name = view
                    .strings
                    .get("language_name")
                    .map_or(view.config.language.as_str(), String::as_str);
                let mut urls = LanguageUrls::new(
                    &view.config.language,
                    name,
                    &view.config.base_url,
                    view.urls,
                    view.content,
                );
                urls.audiences = view
                    .config
                    .audiences
                    .iter()
                    .map(|a| a.key.clone())
                    .collect();
                let size = view.config.page_size;
                urls.hub_pages = R::ALL.map(|r| view.listings.hub_pages(r, size));
                urls.audience_pages = (0..urls.audiences.len())
                    .map(|index| view.listings.audience_pages(index, size))
                    .collect();
                urls
            })
            .collect();
        Translations { languages }
    }

    /// Renders Markdown bodies of every language: all of them (`None`), or
    /// only the default language's pages at these indices (the link index
    /// is rebuilt either way, so links to pages that appeared or vanished
    /// are judged afresh).
    pub fn render_bodies(&mut self, only: Option<&[usize]>) {
        self.render_bodies_with(only, Sources::Keep);
    }

    /// [`Site::render_bodies`], keeping each page's Markdown or freeing it
    /// once rendered.
    pub(super) fn render_bodies_with(&mut self, only: Option<&[usize]>, sources: Sources<'_>) {
        let other_urls: Vec<String> = self.editions.iter().flat_map(edition_urls).collect();
        let generated = rs::linkable_urls(&self.config, &self.urls);
        let index = LinkIndex::new(&self.content, &self.config, &generated).with_urls(&other_urls);
        let render_all = |content: &mut Content, config: &Config, index: &LinkIndex| match sources {
            Sources::Keep => render::render_bodies(content, config, index),
            Sources::Free => render::render_bodies_freeing_sources(content, config, index),
            Sources::Recall(recall) => {
                render::render_or_recall_bodies(content, config, index, recall)
            }
        };
        match only {
            None => self.bodies = render_all(&mut self.content, &self.config, &index),
            Some(indices) => {
                for &i in indices {
                    self.bodies[i] =
                        render::render_body(&self.content.pages[i], &self.config, &index);
                }
            }
        }
        self.links = Some(index);
        for edition in &mut self.editions {
            let generated = rs::linkable_urls(&edition.config, &edition.urls);
            let translated = translated_urls(&self.config, &self.urls, &edition.urls);
            let index = LinkIndex::new(&edition.content, &edition.config, &generated)
                .with_fallback(&self.content, translated)
                .with_urls(&other_urls);
            edition.bodies = render_all(&mut edition.content, &edition.config, &index);
            edition.links = Some(index);
        }
    }

    /// Every site-wide check and every body's diagnostics.
    pub fn validate(&self, options: &Options) -> Vec<Diagnostic> {
        let mut diagnostics = check::contrast_errors(&self.config);
        let mut unknown_ids = std::collections::BTreeSet::new();
        let upstream = self.layers.upstream().map(|layer| layer.shown.as_path());
        for view in self.languages() {
            diagnostics.extend(content::duplicate_urls(&view.content.pages));
            diagnostics.extend(generated_url_clashes(view.content, view.config, view.urls));
            diagnostics.extend(
                view.bodies
                    .iter()
                    .flat_map(|body| body.diagnostics.iter().cloned()),
            );
            diagnostics.extend(check::unlisted_numbers(
                view.content,
                view.bodies,
                view.directory,
            ));
            diagnostics.extend(check::unknown_signposts(
                view.content,
                view.bodies,
                view.directory,
                view.config,
                upstream,
                &mut unknown_ids,
            ));
        }
        diagnostics.extend(check::missing_local_services(
            &self.content,
            &self.bodies,
            &self.directory,
            &self.config,
        ));
        diagnostics.extend(check::placeholders(&self.content, &self.directory));
        for (key, file) in [
            ("logo", self.config.logo.as_deref()),
            ("icon", self.config.icon.as_deref()),
        ] {
            let link = file.and_then(|file| self.layers.link_at(&format!("content/{file}")));
            diagnostics.extend(check::missing_organisation_file(
                &self.content,
                &self.config,
                (key, file),
                link.as_deref(),
            ));
        }
        diagnostics.extend(signpost::stale(
            &self.directory,
            self.config.signpost_max_age_months,
            options.today,
        ));
        diagnostics.extend(check::overdue_reviews(&self.content, options.today));
        diagnostics.extend(check::consultation_warnings(&self.config, options.today));
        diagnostics.extend(check::robots_warning(&self.config));
        diagnostics.extend(check::statement_warning(&self.config, &self.content));
        diagnostics.extend(check::hosting_warnings(&self.config));
        diagnostics.extend(check::unchecked_documents(&self.content));
        if let Some(upstream) = self.layers.upstream() {
            // Where the upstream is read from: its folder in the site, or
            // the release a dry run stands in for it.
            let folder = upstream
                .dir
                .strip_prefix(&options.site_dir)
                .unwrap_or(&upstream.dir);
            diagnostics.extend(crate::load::lock::override_warnings_for(
                &options.site_dir,
                folder,
                &self.content.overrides,
            ));
        }
        if i18n::is_english(&self.config.language) {
            diagnostics.extend(check::reading::warnings(
                &self.content,
                &self.bodies,
                &self.config,
            ));
        }
        diagnostics
    }
}

/// The URLs of an edition's pages and generated pages.
fn edition_urls(edition: &Edition) -> Vec<String> {
    let mut urls: Vec<String> = edition
        .content
        .pages
        .iter()
        .map(|p| p.url.clone())
        .collect();
    urls.extend(rs::linkable_urls(&edition.config, &edition.urls));
    urls.push(edition.urls.home());
    urls
}

/// The default language's generated URLs mapped to a translation's.
fn translated_urls(config: &Config, default: &Urls, translated: &Urls) -> HashMap<String, String> {
    let mut map: HashMap<String, String> = rs::linkable_urls(config, default)
        .into_iter()
        .zip(rs::linkable_urls(config, translated))
        .collect();
    map.insert(default.home(), translated.home());
    map
}
