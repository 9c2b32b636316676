//! Each page's Markdown body into HTML, through the site's link index, in
//! parallel.

use rayon::prelude::*;

use super::links::LinkIndex;
use super::social;
use crate::load::config::Config;
use crate::load::content::{Content, Page};
use crate::load::i18n;
use crate::markdown::{self, Rendered};

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
