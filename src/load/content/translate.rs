//! Pairs translations with their pages: `signs.cy.md` is the Welsh
//! `signs.md`. A translation keeps its original's source path (`rel`) so
//! links and sections work the same in every language; its URL is the
//! language's prefix, its folders renamed by their `_index.<code>.md`
//! slugs, and its own slug (else its original's last segment).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use super::{keep_pages, parse_with_base, slugify, Content, Loaded, Page, PageKind, PageResult};
use crate::base::diagnostic::Diagnostic;
use crate::load::config::Config;
use crate::load::i18n;
use crate::load::layers::{LayerFile, Layers};

/// A Markdown file named as a translation: the file, its original's path
/// and the language's index.
pub(super) type TranslationFile = (LayerFile, String, usize);

/// Loads every translation, per language (index 0, the default, is empty).
pub(super) fn load(
    layers: &Layers,
    content: &Content,
    files: Vec<TranslationFile>,
    all_originals: &HashSet<String>,
    config: &Config,
    include_drafts: bool,
) -> (Vec<Vec<Page>>, Vec<Diagnostic>) {
    let originals: HashMap<&str, &Page> = content
        .pages
        .iter()
        .map(|page| (page.rel.as_str(), page))
        .collect();
    let mut diagnostics = Vec::new();
    let mut per_language: Vec<Vec<PageResult>> = vec![Vec::new(); config.languages.len()];
    let results: Vec<(usize, PageResult)> = files
        .par_iter()
        .filter_map(|(file, base, language)| {
            let result = match originals.get(base.as_str()) {
                Some(original) => load_translation(layers, file, original, config),
                None if all_originals.contains(base) => return None,
                None => (None, vec![orphan(file, base, config, *language)]),
            };
            Some((*language, result))
        })
        .collect();
    for (language, result) in results {
        per_language[language].push(result);
    }
    let translations = per_language
        .into_iter()
        .enumerate()
        .map(|(index, results)| {
            let mut pages = keep_pages(results, include_drafts, &mut diagnostics);
            assign_urls(&mut pages, &i18n::prefix(config, index));
            pages.sort_by(|a, b| a.rel.cmp(&b.rel));
            pages
        })
        .collect();
    (translations, diagnostics)
}

fn load_translation(
    layers: &Layers,
    file: &LayerFile,
    original: &Page,
    config: &Config,
) -> PageResult {
    match layers.read_text(file) {
        Ok(text) => parse_with_base(&original.rel, &file.shown, &text, config, Some(original)),
        Err(error) => (None, vec![error]),
    }
}

/// A translation whose original does not exist.
fn orphan(file: &LayerFile, base: &str, config: &Config, language: usize) -> Diagnostic {
    let code = &config.languages[language].code;
    Diagnostic::error(
        &file.shown,
        format!("this is the \"{code}\" translation of content/{base}, which does not exist"),
    )
    .at(1, 1)
    .with_hint(format!(
        "write content/{base} in the default language too (every page exists in {} first), or rename this file",
        config.languages[0].code
    ))
}

/// Sets each translation's URL: the prefix, its folders (renamed where a
/// folder's translated `_index` has a slug) and its last segment.
fn assign_urls(pages: &mut [Page], prefix: &str) {
    let folder_slugs: HashMap<String, String> = pages
        .iter()
        .filter(|page| page.kind == PageKind::Section)
        .filter_map(|page| {
            let folder = page.rel.trim_end_matches("_index.md").trim_end_matches('/');
            Some((folder.to_string(), page.slug.clone()?))
        })
        .collect();
    for page in pages {
        page.url = translated_url(page, prefix, &folder_slugs);
    }
}

fn translated_url(page: &Page, prefix: &str, folder_slugs: &HashMap<String, String>) -> String {
    let mut segments: Vec<String> = Vec::new();
    let parts: Vec<&str> = page.rel.split('/').collect();
    let folders = &parts[..parts.len() - 1];
    for depth in 1..=folders.len() {
        let folder = folders[..depth].join("/");
        segments.push(
            folder_slugs
                .get(&folder)
                .cloned()
                .unwrap_or_else(|| slugify(folders[depth - 1])),
        );
    }
    if page.kind == PageKind::Page {
        let own = page.slug.clone().or_else(|| {
            page.url
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .map(str::to_string)
        });
        segments.extend(own.filter(|segment| !segment.is_empty()));
    }
    let path: String = segments.iter().map(|s| format!("{s}/")).collect();
    format!("{prefix}{path}")
}

/// Pages of the default language with no translation in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// The language's code.
    pub language: String,
    /// The untranslated pages' source files.
    pub pages: Vec<PathBuf>,
}

/// One warning per untranslated page, for `check --strict`.
pub fn missing_as_diagnostics(missing: &[Missing]) -> Vec<Diagnostic> {
    missing
        .iter()
        .flat_map(|language| {
            language.pages.iter().map(|page| {
                Diagnostic::warning(
                    page,
                    format!("this page has no \"{}\" translation", language.language),
                )
                .with_hint(format!(
                    "write {} beside it (Welsh Language Standards expect every page in both languages)",
                    translation_name(page, &language.language)
                ))
            })
        })
        .collect()
}

/// `signs.md` → `signs.cy.md`.
pub fn translation_name(page: &std::path::Path, code: &str) -> String {
    let shown = page.display().to_string();
    match shown.strip_suffix(".md") {
        Some(stem) => format!("{stem}.{code}.md"),
        None => shown,
    }
}

/// For each language other than the default, the pages it lacks.
pub fn missing_translations(loaded: &Loaded, config: &Config) -> Vec<Missing> {
    loaded
        .translations
        .iter()
        .enumerate()
        .skip(1)
        .map(|(index, pages)| {
            let translated: HashSet<&str> = pages.iter().map(|p| p.rel.as_str()).collect();
            Missing {
                language: config.languages[index].code.clone(),
                pages: loaded
                    .content
                    .pages
                    .iter()
                    .filter(|page| !page.draft && !translated.contains(page.rel.as_str()))
                    .map(|page| page.source.clone())
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(rel: &str, kind: PageKind, url: &str, slug: Option<&str>) -> Page {
        Page {
            kind,
            slug: slug.map(str::to_string),
            ..crate::load::content::test_page(rel, url)
        }
    }

    #[test]
    fn folder_slugs_rename_folders_and_page_slugs_the_last_segment() {
        let mut pages = vec![
            page(
                "recognise/_index.md",
                PageKind::Section,
                "recognise/",
                Some("adnabod"),
            ),
            page(
                "recognise/signs.md",
                PageKind::Page,
                "recognise/signs/",
                Some("arwyddion"),
            ),
            page(
                "recognise/more.md",
                PageKind::Page,
                "recognise/more-signs/",
                None,
            ),
            page("react/now.md", PageKind::Page, "react/now/", None),
            page("_index.md", PageKind::Home, "", None),
        ];
        assign_urls(&mut pages, "cy/");
        let urls: Vec<&str> = pages.iter().map(|p| p.url.as_str()).collect();
        assert_eq!(
            urls,
            vec![
                "cy/adnabod/",
                "cy/adnabod/arwyddion/",
                "cy/adnabod/more-signs/",
                "cy/react/now/",
                "cy/"
            ]
        );
    }
}
