//! Walks `content/`, splits each Markdown file's YAML front matter from its
//! body, validates the front matter into a [`Page`], and lists the other
//! files to copy. Folders and files whose names start with `_` (except
//! `_index.md`) are data and never published; names starting with `.` are
//! ignored.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::base::date::Date;
use crate::base::diagnostic::{did_you_mean, Diagnostic, Pos};
use crate::base::fsutil;
use crate::base::yaml::Source;
use crate::load::config::{Config, R};
use crate::load::downloads;
use crate::load::i18n;
use crate::load::layers::{LayerFile, Layers};

mod front_matter;
mod translate;

use front_matter::{FrontMatter, RawFrontMatter};
pub use translate::{missing_as_diagnostics, missing_translations, translation_name, Missing};

/// The content folder inside a site.
pub const CONTENT_DIR: &str = "content";

/// Pages a site may write to replace a generated one; they need no `rs:`.
pub const STANDALONE_PAGES: [&str; 3] = [
    "staying-safe-online.md",
    "accessibility.md",
    "have-your-say.md",
];

/// What a Markdown file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// `content/_index.md`: the home page text.
    Home,
    /// `<folder>/_index.md`: a section's intro (for an R folder, the hub's).
    Section,
    /// Any other Markdown file.
    Page,
}

/// A name in front matter (signpost id, audience) and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The id as written.
    pub id: String,
    /// Where it was written.
    pub pos: Pos,
}

/// A validated Markdown page.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file, relative to the site folder (`content/realise/myths.md`).
    pub source: PathBuf,
    /// The file relative to `content/`, with `/` separators.
    pub rel: String,
    /// Home, section or page.
    pub kind: PageKind,
    /// URL path relative to the site root, ending in `/` (home: empty).
    pub url: String,
    /// The title (the page's only h1).
    pub title: String,
    /// Meta description and card text.
    pub description: String,
    /// The Rs it is tagged with, as written (first is its main R).
    pub rs: Vec<R>,
    /// Audience keys (all audiences when front matter names none).
    pub audiences: Vec<String>,
    /// Featured help services.
    pub signposts: Vec<Reference>,
    /// Order within lists (then title).
    pub weight: i64,
    /// Publication date.
    pub date: Option<Date>,
    /// Last update.
    pub updated: Option<Date>,
    /// `check` warns once this has passed.
    pub review_by: Option<Date>,
    /// Where `review_by:` is written in this page's own file (none when it
    /// is not, or a translation takes its original's).
    pub review_by_pos: Option<Pos>,
    /// Left out of `build` unless drafts are asked for.
    pub draft: bool,
    /// The Markdown after the front matter.
    pub body: String,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
    /// Published, but in no hub: `standalone: true` (privacy notice, contact).
    pub standalone: bool,
    /// A placeholder the site must replace (`example: true`).
    pub example: bool,
    /// Its `slug:` as written.
    pub slug: Option<String>,
    /// A section that lists every download in its folder (`downloads: true`).
    pub downloads: bool,
    /// The image it shares on social networks (`image:` and `image_alt:`).
    pub image: Option<PageImage>,
}

/// The image a page shares (`image:` with its required `image_alt:`),
/// instead of a generated card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageImage {
    /// As written: relative to the page's file, or to content/ when it
    /// starts with `/` (as an image in its Markdown).
    pub path: String,
    /// What it shows, for people who cannot see it.
    pub alt: String,
    /// Where `image:` is written; `None` when a translation takes it from
    /// its original, whose own file reports any problem with it.
    pub pos: Option<Pos>,
}

/// A non-Markdown file copied to the same path in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Path relative to `content/`, with `/` separators.
    pub rel: String,
    /// Where it is on disk.
    pub path: PathBuf,
    /// A download's sidecar (`leaflet.pdf.yaml`), when it has one.
    pub sidecar: Option<downloads::Sidecar>,
}

/// Everything published from `content/` in one language.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Pages, sections and the home text, sorted by source path.
    pub pages: Vec<Page>,
    /// Files to copy, sorted by path.
    pub assets: Vec<Asset>,
    /// Upstream pages `hide:` leaves out (paths relative to content/).
    pub hidden: BTreeSet<String>,
    /// Files that replace an upstream file at the same path.
    pub overrides: Vec<String>,
    /// Pages that could not be read or parsed at all (their error is
    /// reported; links to them are not reported again as broken).
    pub unreadable: BTreeSet<String>,
}

/// `content/` in every language: the default language's pages, and each
/// other language's translations (index as in `config.languages`; the
/// first is empty).
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The default language.
    pub content: Content,
    /// Translated pages per language, with their URLs.
    pub translations: Vec<Vec<Page>>,
}

impl Content {
    /// The page whose source is `rel` (relative to `content/`).
    pub fn page_by_rel(&self, rel: &str) -> Option<&Page> {
        self.pages.iter().find(|page| page.rel == rel)
    }

    /// Adds or replaces a page, keeping pages sorted by source path.
    /// Returns its index.
    pub fn upsert_page(&mut self, page: Page) -> usize {
        match self
            .pages
            .binary_search_by(|p| p.rel.as_str().cmp(&page.rel))
        {
            Ok(index) => {
                self.pages[index] = page;
                index
            }
            Err(index) => {
                self.pages.insert(index, page);
                index
            }
        }
    }

    /// Removes the page with this source path; returns true if there was one.
    pub fn remove_page(&mut self, rel: &str) -> bool {
        let before = self.pages.len();
        self.pages.retain(|page| page.rel != rel);
        self.pages.len() != before
    }

    /// Adds or removes an asset by its path relative to `content/`, as the
    /// file now exists or not. Returns true when the set of assets changed.
    pub fn sync_asset(&mut self, rel: &str, path: &Path) -> bool {
        let found = self.assets.binary_search_by(|a| a.rel.as_str().cmp(rel));
        match (found, fsutil::is_regular_file(path)) {
            (Ok(_), true) | (Err(_), false) => false,
            (Ok(index), false) => {
                self.assets.remove(index);
                true
            }
            (Err(index), true) => {
                self.assets.insert(
                    index,
                    Asset {
                        rel: rel.to_string(),
                        path: path.to_path_buf(),
                        sidecar: None,
                    },
                );
                true
            }
        }
    }
}

/// What a file under `content/` is, from its path relative to `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRole {
    /// A Markdown page.
    Page,
    /// A file copied to the output.
    Asset,
    /// Data (`_signposts/`, any `_name`) or hidden: never published.
    Data,
}

/// Classifies a path relative to `content/`.
pub fn file_role(rel: &Path) -> FileRole {
    let published = rel.components().all(|c| is_published(c.as_os_str()));
    match (published, rel.extension().is_some_and(|ext| ext == "md")) {
        (false, _) => FileRole::Data,
        (true, true) => FileRole::Page,
        (true, false) => FileRole::Asset,
    }
}

/// Loads `content/` through the site's layers. Drafts are kept (marked)
/// only when `include_drafts` is set. Returns what loaded and every problem.
pub fn load(layers: &Layers, config: &Config, include_drafts: bool) -> (Loaded, Vec<Diagnostic>) {
    let (files, mut diagnostics) = walk(layers);
    let (files, hidden, hide_errors) = apply_hide(files, layers, config);
    diagnostics.extend(hide_errors);
    let overrides = files
        .iter()
        .filter(|f| f.overrides)
        .map(|f| f.rel.clone())
        .collect();
    let (markdown, assets): (Vec<LayerFile>, Vec<LayerFile>) = files
        .into_iter()
        .filter(|file| !i18n::is_unpublished_translation(&file.rel, config))
        .partition(|file| file.rel.ends_with(".md"));
    let (originals, translated): (Vec<_>, Vec<_>) = markdown
        .into_iter()
        .map(|file| {
            let (base, language) = i18n::split_translation(&file.rel, config);
            (file, base, language)
        })
        .partition(|(_, _, language)| *language == 0);
    let all_originals = originals.iter().map(|(_, base, _)| base.clone()).collect();
    let results: Vec<PageResult> = originals
        .par_iter()
        .map(|(file, _, _)| match layers.read_text(file) {
            Ok(text) => parse_page(&file.rel, &file.shown, &text, config),
            Err(error) => (None, vec![error]),
        })
        .collect();
    let unreadable = originals
        .iter()
        .zip(&results)
        .filter(|(_, (page, _))| page.is_none())
        .map(|((file, _, _), _)| file.rel.clone())
        .collect();
    let mut pages = keep_pages(results, include_drafts, &mut diagnostics);
    pages.sort_by(|a, b| a.rel.cmp(&b.rel));
    let mut content = Content {
        pages,
        assets: assets
            .into_iter()
            .map(|file| Asset {
                rel: file.rel,
                path: file.path,
                sidecar: None,
            })
            .collect(),
        hidden,
        overrides,
        unreadable,
    };
    diagnostics.extend(read_sidecars(layers, &mut content.assets));
    let (translations, errors) = translate::load(
        layers,
        &content,
        translated,
        &all_originals,
        config,
        include_drafts,
    );
    diagnostics.extend(errors);
    (
        Loaded {
            content,
            translations,
        },
        diagnostics,
    )
}

/// The pages that loaded, less drafts unless they are asked for.
fn keep_pages(
    results: Vec<PageResult>,
    include_drafts: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Page> {
    let mut pages = Vec::with_capacity(results.len());
    for (page, errors) in results {
        diagnostics.extend(errors);
        match page {
            Some(page) if page.draft && !include_drafts => {}
            Some(page) => pages.push(page),
            None => {}
        }
    }
    pages
}

/// Every published file under `content/` in every layer, merged by path.
fn walk(layers: &Layers) -> (Vec<LayerFile>, Vec<Diagnostic>) {
    if !layers.has_dir(CONTENT_DIR) {
        return (
            Vec::new(),
            vec![
                Diagnostic::error(CONTENT_DIR, "there is no content/ folder")
                    .with_hint("create content/_index.md for the home page"),
            ],
        );
    }
    layers.walk(CONTENT_DIR, &is_published)
}

/// Leaves out the upstream files `hide:` names; a name the upstream does
/// not have is an error at its line (the upstream renamed or removed it).
fn apply_hide(
    files: Vec<LayerFile>,
    layers: &Layers,
    config: &Config,
) -> (Vec<LayerFile>, BTreeSet<String>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut hidden = BTreeSet::new();
    for name in &config.hide {
        let upstream_has = files
            .iter()
            .any(|f| &f.rel == name && (f.layer > 0 || f.overrides));
        if upstream_has {
            hidden.insert(name.clone());
            continue;
        }
        let (path, pos) = config.locate(&["hide"]);
        let source_text = config
            .sources
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, t)| t.as_str());
        let pos = source_text
            .map(|text| Source::file(text, &path).value_pos(&["hide"], name))
            .unwrap_or(pos);
        let upstream_files = files.iter().filter(|f| f.layer > 0).map(|f| f.rel.as_str());
        let hint = match (layers.is_layered(), did_you_mean(name, upstream_files)) {
            (false, _) => "`hide:` hides pages of an upstream; this site has no `upstream:`".to_string(),
            (true, Some(close)) => format!("did you mean \"{close}\"? (the upstream may have renamed it)"),
            (true, None) => "the upstream has no such page: it may have been renamed or removed; remove this line".to_string(),
        };
        diagnostics.push(
            Diagnostic::error(path, format!("hide: the upstream has no page \"{name}\""))
                .at_pos(pos)
                .with_hint(hint),
        );
    }
    // Hiding a page hides its translations too.
    let files = files
        .into_iter()
        .filter(|file| {
            let base = i18n::split_translation(&file.rel, config).0;
            !(hidden.contains(&base) && file.layer > 0)
        })
        .collect();
    (files, hidden, diagnostics)
}

/// False for data (`_name`, except `_index.md` and its translations
/// `_index.<code>.md`) and hidden files (`.name`).
pub fn is_published(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    let is_index = name.starts_with("_index.") && name.ends_with(".md");
    is_index || !(name.starts_with('_') || name.starts_with('.') || downloads::is_sidecar(&name))
}

/// A page (when its front matter could be read at all) and its problems.
/// A page whose front matter has only semantic errors is still returned, so
/// its body is checked in the same build.
pub type PageResult = (Option<Page>, Vec<Diagnostic>);

/// Reads, splits and validates one Markdown file (`shown` is its path
/// relative to the site, for diagnostics).
pub fn load_page(rel: &str, path: &Path, shown: &Path, config: &Config) -> PageResult {
    match fsutil::read_text(path, shown) {
        Ok(text) => parse_page(rel, shown, &text, config),
        Err(error) => (None, vec![error]),
    }
}

/// Validates the text of one Markdown file at `content/<rel>`.
pub fn parse_page(rel: &str, source: &Path, text: &str, config: &Config) -> PageResult {
    parse_with_base(rel, source, text, config, None)
}

/// Validates one Markdown file; a translation (`base` is its original)
/// needs only a title and a description and takes the rest from `base`.
pub(crate) fn parse_with_base(
    rel: &str,
    source: &Path,
    text: &str,
    config: &Config,
    base: Option<&Page>,
) -> PageResult {
    let (yaml, body, body_line) = match split_front_matter(text, source) {
        Ok(parts) => parts,
        Err(error) => return (None, vec![error]),
    };
    let yaml_source = Source {
        text: yaml,
        path: source,
        line_offset: 1,
    };
    let raw: RawFrontMatter = match yaml_source.parse() {
        Ok(raw) => raw,
        Err(error) => return (None, vec![error]),
    };
    let kind = page_kind(rel);
    let mut validator = FrontMatter {
        yaml: yaml_source,
        diagnostics: Vec::new(),
    };
    let page = match base {
        None => validator.page(raw, kind, rel, config),
        Some(base) => validator.translation(raw, base, config),
    };
    let page = Page {
        body: body.to_string(),
        body_line,
        ..page
    };
    (Some(page), validator.diagnostics)
}

fn page_kind(rel: &str) -> PageKind {
    match rel {
        "_index.md" => PageKind::Home,
        _ if rel.ends_with("/_index.md") => PageKind::Section,
        _ => PageKind::Page,
    }
}

/// Splits `---\nyaml\n---\nbody` into the YAML, the body and the 1-based line
/// where the body starts.
pub fn split_front_matter<'a>(
    text: &'a str,
    source: &Path,
) -> Result<(&'a str, &'a str, usize), Diagnostic> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim_end() != "---" {
        return Err(Diagnostic::error(source, "this page has no front matter")
            .at(1, 1)
            .with_hint("start the file with a line `---`, then `title:`, `description:` and `rs:`, then `---`"));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (index, line) in lines.enumerate() {
        if matches!(line.trim_end(), "---" | "...") {
            let yaml = &text[yaml_start..offset];
            let body = &text[offset + line.len()..];
            return Ok((yaml, body, index + 3));
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error(source, "the front matter is never closed")
            .at(1, 1)
            .with_hint("add a line `---` after the last front-matter key"),
    )
}

/// Lower-cases a file or folder name and turns spaces into hyphens, keeping
/// only URL-safe characters.
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.trim().chars() {
        if c.is_alphanumeric() || matches!(c, '.' | '_') {
            slug.extend(c.to_lowercase());
        } else if (c == '-' || c.is_whitespace()) && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug
}

/// A page with only a path and URL, for unit tests elsewhere in the crate.
#[cfg(test)]
pub(crate) fn test_page(rel: &str, url: &str) -> Page {
    Page {
        source: PathBuf::from(CONTENT_DIR).join(rel),
        rel: rel.into(),
        kind: PageKind::Page,
        url: url.into(),
        title: rel.trim_end_matches(".md").into(),
        description: String::new(),
        rs: Vec::new(),
        audiences: Vec::new(),
        signposts: Vec::new(),
        weight: 0,
        date: None,
        updated: None,
        review_by: None,
        review_by_pos: None,
        draft: false,
        body: String::new(),
        body_line: 1,
        standalone: false,
        example: false,
        slug: None,
        downloads: false,
        image: None,
    }
}

/// Two pages that would write the same URL: an error naming both.
pub fn duplicate_urls(pages: &[Page]) -> Vec<Diagnostic> {
    let mut seen: HashMap<&str, &Page> = HashMap::new();
    let mut diagnostics = Vec::new();
    for page in pages {
        if let Some(first) = seen.get(page.url.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    &page.source,
                    format!(
                        "two pages have the URL /{}: {} and {}",
                        page.url,
                        first.source.display(),
                        page.source.display()
                    ),
                )
                .at(1, 1)
                .with_hint("rename one of the files or give one a different `slug:`"),
            );
        } else {
            seen.insert(&page.url, page);
        }
    }
    diagnostics
}

/// Reads the sidecar of every download among `assets` into it; returns
/// the errors of those that cannot be read.
fn read_sidecars(layers: &Layers, assets: &mut [Asset]) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for asset in assets
        .iter_mut()
        .filter(|asset| downloads::is_download(&asset.rel))
    {
        match downloads::sidecar(layers, &asset.rel) {
            Ok(found) => asset.sidecar = found,
            Err(error) => errors.push(error),
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        crate::load::config::parse("title: T\nbase_url: https://example.org\n", None).unwrap()
    }

    fn parse(rel: &str, text: &str) -> Result<Page, Vec<Diagnostic>> {
        let source = PathBuf::from("content").join(rel);
        match parse_page(rel, &source, text, &config()) {
            (Some(page), errors) if errors.is_empty() => Ok(page),
            (_, errors) => Err(errors),
        }
    }

    #[test]
    fn front_matter_splits_and_counts_lines() {
        let (yaml, body, line) =
            split_front_matter("---\ntitle: x\n---\nHello\n", Path::new("a.md")).unwrap();
        assert_eq!(yaml, "title: x\n");
        assert_eq!(body, "Hello\n");
        assert_eq!(line, 4);
    }

    #[test]
    fn urls_come_from_paths_and_slugs() {
        let page = parse(
            "realise/My Myths.md",
            "---\ntitle: a\ndescription: b\nrs: [realise]\n---\n",
        )
        .unwrap();
        assert_eq!(page.url, "realise/my-myths/");
        let page = parse(
            "realise/x.md",
            "---\ntitle: a\ndescription: b\nrs: [realise]\nslug: myths\n---\n",
        )
        .unwrap();
        assert_eq!(page.url, "realise/myths/");
        let section = parse("realise/_index.md", "---\ntitle: a\ndescription: b\n---\n").unwrap();
        assert_eq!(
            (section.url.as_str(), section.kind),
            ("realise/", PageKind::Section)
        );
        let home = parse("_index.md", "---\ntitle: a\ndescription: b\n---\n").unwrap();
        assert_eq!((home.url.as_str(), home.kind), ("", PageKind::Home));
        let bundle = parse(
            "help/index.md",
            "---\ntitle: a\ndescription: b\nrs: [react]\n---\n",
        )
        .unwrap();
        assert_eq!(bundle.url, "help/");
    }

    #[test]
    fn audiences_default_to_all() {
        let page = parse("a.md", "---\ntitle: a\ndescription: b\nrs: [react]\n---\n").unwrap();
        assert_eq!(page.audiences.len(), 4);
    }

    #[test]
    fn slugify_keeps_url_safe_characters() {
        assert_eq!(slugify("Spot the Signs!"), "spot-the-signs");
        assert_eq!(slugify("a  -  b"), "a-b");
    }
}
