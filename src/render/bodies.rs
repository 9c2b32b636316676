//! Each page's Markdown body into HTML, through the site's link index, in
//! parallel.
//!
//! A body is a function of its page's Markdown and fields, a few settings,
//! the link index and Beacon itself; [`body_key`] hashes them all. `build`
//! keeps each body's facts (everything but its HTML) under that key for the
//! next build, which recalls them instead of rendering a body whose key is
//! unchanged ([`render_or_recall_bodies`]). The HTML of a recalled body is
//! made only if a page that shows it is rendered ([`recalled_html`]); a
//! page that is kept needs only its digest.

use std::borrow::Cow;

use rayon::prelude::*;
use xxhash_rust::xxh3::Xxh3;

use super::key::bytes_field;
use super::links::LinkIndex;
use super::social;
use crate::load::config::Config;
use crate::load::content::{Content, Page};
use crate::load::i18n;
use crate::markdown::{self, shortcode_placeholder, Rendered};

/// Renders every page body, in parallel, one [`Rendered`] per page (same
/// order as `content.pages`); each carries its own diagnostics.
pub fn render_bodies(content: &Content, config: &Config, index: &LinkIndex) -> Vec<Rendered> {
    content
        .pages
        .par_iter()
        .map(|page| render_body(page, config, index))
        .collect()
}

/// [`render_bodies`], taking each page's Markdown out of it and freeing it
/// as soon as its body is rendered, for `build` and `check`, which need it
/// no more (`watch` keeps it to render an edit). The rendered bodies then
/// reuse that memory instead of fresh memory the system must zero first.
pub fn render_bodies_freeing_sources(
    content: &mut Content,
    config: &Config,
    index: &LinkIndex,
) -> Vec<Rendered> {
    let sources: Vec<String> = content
        .pages
        .iter_mut()
        .map(|page| std::mem::take(&mut page.body))
        .collect();
    content
        .pages
        .par_iter()
        .zip(sources)
        .map(|(page, markdown)| render_markdown(page, &markdown, config, index))
        .collect()
}

/// Where a build finds the facts of bodies the last build rendered, by
/// [`body_key`].
pub trait Recall: Sync {
    /// The facts of the body rendered from `key` (`html` empty), if known.
    fn recall(&self, key: u128) -> Option<Rendered>;
}

/// [`render_bodies_freeing_sources`], recalling each body whose key
/// `recall` knows instead of rendering it. A recalled page keeps its
/// Markdown: its HTML may yet be needed ([`recalled_html`]). Every body
/// carries its key.
pub fn render_or_recall_bodies(
    content: &mut Content,
    config: &Config,
    index: &LinkIndex,
    recall: &dyn Recall,
) -> Vec<Rendered> {
    let links = index.fingerprint();
    content
        .pages
        .par_iter_mut()
        .map(|page| {
            let key = body_key(page, config, links);
            if let Some(mut recalled) = key.and_then(|key| recall.recall(key)) {
                recalled.recalled = true;
                recalled.key = key;
                return recalled;
            }
            let markdown = std::mem::take(&mut page.body);
            let mut rendered = render_markdown(page, &markdown, config, index);
            rendered.key = key;
            rendered
        })
        .collect()
}

/// The HTML of a recalled body, rendered now (its page kept its Markdown).
pub fn recalled_html(page: &Page, config: &Config, index: &LinkIndex) -> String {
    render_body(page, config, index).html
}

/// The key of a page's body: Beacon itself, the link index's fingerprint
/// (`links`), the settings [`render_markdown`] reads, and the page's
/// Markdown, place and shared image. `None` when Beacon's executable
/// cannot be looked at.
pub fn body_key(page: &Page, config: &Config, links: u128) -> Option<u128> {
    let mut hasher = Xxh3::new();
    hasher.update(&super::key::binary_identity()?.to_le_bytes());
    hasher.update(&links.to_le_bytes());
    hasher.update(&[u8::from(config.allow_html)]);
    hasher.update(&(config.readability.max_sentence_words as u64).to_le_bytes());
    hasher.update(&(page.body_line as u64).to_le_bytes());
    for text in [
        config.language.as_str(),
        &config.warning_label,
        &config.captions_label,
        &page.rel,
        &page.source.to_string_lossy(),
        &format!("{:?}", page.image),
        &page.body,
    ] {
        bytes_field(&mut hasher, text.as_bytes());
    }
    Some(hasher.digest128())
}

impl super::Renderer<'_> {
    /// A page body with its signpost shortcodes replaced by cards. A
    /// recalled body's HTML is rendered now, through the link index it was
    /// recalled with (a recalled body always has one: bodies and their
    /// index are set together).
    pub(super) fn body_html(&self, index: usize) -> Cow<'_, str> {
        let body = &self.bodies[index];
        let mut html = match (body.recalled, self.links) {
            (false, _) => Cow::Borrowed(body.html.as_str()),
            (true, Some(links)) => Cow::Owned(recalled_html(
                &self.content.pages[index],
                self.config,
                links,
            )),
            (true, None) => Cow::Borrowed(""),
        };
        for shortcode in &body.shortcodes {
            let placeholder = shortcode_placeholder(&shortcode.id);
            html = Cow::Owned(html.replace(&placeholder, self.card_for(&shortcode.id)));
        }
        html
    }

    /// The card a shortcode for service `id` becomes: a hidden service's
    /// is nothing, a replaced one's is its replacement's.
    fn card_for(&self, id: &str) -> &str {
        let shown = self.directory.resolve(id);
        self.cards.get(shown).map_or("", String::as_str)
    }

    /// What a page's key holds of a body: a digest of its HTML and of the
    /// card each of its shortcodes becomes, as text.
    pub(super) fn body_digest(&self, index: usize) -> String {
        let body = &self.bodies[index];
        let mut hasher = Xxh3::new();
        hasher.update(&body.html_digest.to_le_bytes());
        for shortcode in &body.shortcodes {
            for part in [shortcode.id.as_str(), self.card_for(&shortcode.id)] {
                bytes_field(&mut hasher, part.as_bytes());
            }
        }
        format!("beacon-body:{:032x}", hasher.digest128())
    }
}

/// Renders one page body.
pub fn render_body(page: &Page, config: &Config, index: &LinkIndex) -> Rendered {
    render_markdown(page, &page.body, config, index)
}

/// Renders `markdown`, the body of `page`.
fn render_markdown(page: &Page, markdown: &str, config: &Config, index: &LinkIndex) -> Rendered {
    let resolver = index.for_page(&page.rel);
    let options = markdown::Options {
        allow_html: config.allow_html,
        source: &page.source,
        body_line: page.body_line,
        resolver: &resolver,
        measure_readability: i18n::is_english(&config.language),
        warning_label: &config.warning_label,
        language: &config.language,
        captions_label: &config.captions_label,
        long_sentence_words: config.readability.max_sentence_words,
    };
    let mut rendered = markdown::render(markdown, &options);
    social::resolve_page_image(page, &resolver, &mut rendered);
    rendered
}
