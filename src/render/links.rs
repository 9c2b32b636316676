//! Resolves link and image destinations written in Markdown: relative links
//! to `.md` files become page URLs, root-relative links get the base path,
//! links to files in `content/` are checked, and anything that does not exist
//! is an error at the link.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use xxhash_rust::xxh3::Xxh3;

use super::key::bytes_field;

use crate::base::diagnostic::did_you_mean;
use crate::load::config::Config;
use crate::load::content::Content;
use crate::load::downloads::Label;
use crate::markdown::{LinkError, LinkKind, Resolve};

/// The files of `content` visitors download, with their labels.
fn download_labels(content: &Content) -> HashMap<String, Label> {
    content
        .assets
        .iter()
        .filter_map(|asset| {
            Some((
                asset.rel.clone(),
                crate::load::downloads::label(&asset.rel, &asset.path)?,
            ))
        })
        .collect()
}

/// Files every build writes at the root, which links may point at.
const GENERATED_FILES: [&str; 5] = [
    "404.html",
    "sitemap.xml",
    "feed.xml",
    "robots.txt",
    "services.json",
];

/// Everything a link may point at.
pub struct LinkIndex {
    root: String,
    pages_by_rel: HashMap<String, String>,
    urls: HashSet<String>,
    files: HashSet<String>,
    hidden: HashSet<String>,
    unreadable: HashSet<String>,
    /// In a translation: the default language's generated URLs mapped to
    /// this language's (`get-help/` → `cy/get-help/`).
    translated: HashMap<String, String>,
    /// Files visitors download, with what their links say about them.
    downloads: HashMap<String, Label>,
    /// Where each file of `content/` is on disk.
    paths: HashMap<String, PathBuf>,
    /// Each image's size once read (by path relative to the root): a
    /// build reads an image shown on a thousand pages once, not a
    /// thousand times. The index lives for one build.
    image_sizes: Mutex<HashMap<String, Option<(u32, u32)>>>,
}

impl LinkIndex {
    /// Indexes the pages, generated pages and files of a site.
    pub fn new(content: &Content, config: &Config, generated: &[String]) -> Self {
        let pages_by_rel: HashMap<String, String> = content
            .pages
            .iter()
            .map(|page| (page.rel.clone(), page.url.clone()))
            .collect();
        let mut urls: HashSet<String> = content.pages.iter().map(|page| page.url.clone()).collect();
        urls.extend(generated.iter().cloned());
        let mut files: HashSet<String> = content
            .assets
            .iter()
            .map(|asset| asset.rel.clone())
            .collect();
        files.extend(GENERATED_FILES.iter().map(|f| f.to_string()));
        let downloads = download_labels(content);
        let paths = content
            .assets
            .iter()
            .map(|asset| (asset.rel.clone(), asset.path.clone()))
            .collect();
        LinkIndex {
            paths,
            root: config.root.clone(),
            pages_by_rel,
            urls,
            files,
            hidden: content.hidden.iter().cloned().collect(),
            unreadable: content.unreadable.iter().cloned().collect(),
            translated: HashMap::new(),
            downloads,
            image_sizes: Mutex::default(),
        }
    }

    /// For a translation: links to pages it lacks go to the default
    /// language's (`fallback`), and root-relative links to the default
    /// language's generated pages go to this language's (`translated`).
    pub fn with_fallback(
        mut self,
        fallback: &Content,
        translated: impl IntoIterator<Item = (String, String)>,
    ) -> Self {
        for page in &fallback.pages {
            self.pages_by_rel
                .entry(page.rel.clone())
                .or_insert_with(|| page.url.clone());
            self.urls.insert(page.url.clone());
        }
        self.files
            .extend(fallback.assets.iter().map(|asset| asset.rel.clone()));
        for asset in &fallback.assets {
            self.paths
                .entry(asset.rel.clone())
                .or_insert_with(|| asset.path.clone());
        }
        self.unreadable.extend(fallback.unreadable.iter().cloned());
        for (rel, label) in download_labels(fallback) {
            self.downloads.entry(rel).or_insert(label);
        }
        self.translated.extend(translated);
        self
    }

    /// Also accepts root-relative links to these URLs (other languages').
    pub fn with_urls<'a>(mut self, urls: impl IntoIterator<Item = &'a String>) -> Self {
        self.urls.extend(urls.into_iter().cloned());
        self
    }

    /// A hash of everything the index answers from: its pages, URLs and
    /// files, and each file's length and modification time (an image's
    /// size and a download's are read from the file). Two indexes with the
    /// same fingerprint resolve every link alike, so a body rendered
    /// through one is the body the other would render (see
    /// `render::bodies`).
    pub fn fingerprint(&self) -> u128 {
        let mut hasher = Xxh3::new();
        let text = |hasher: &mut Xxh3, text: &str| bytes_field(hasher, text.as_bytes());
        text(&mut hasher, &self.root);
        for set in [&self.urls, &self.files, &self.hidden, &self.unreadable] {
            let mut sorted: Vec<&String> = set.iter().collect();
            sorted.sort_unstable();
            hasher.update(&(sorted.len() as u64).to_le_bytes());
            sorted.iter().for_each(|item| text(&mut hasher, item));
        }
        for map in [&self.pages_by_rel, &self.translated] {
            let mut sorted: Vec<(&String, &String)> = map.iter().collect();
            sorted.sort_unstable();
            hasher.update(&(sorted.len() as u64).to_le_bytes());
            for (from, to) in sorted {
                text(&mut hasher, from);
                text(&mut hasher, to);
            }
        }
        let mut files: Vec<(&String, &PathBuf)> = self.paths.iter().collect();
        files.sort_unstable();
        hasher.update(&(files.len() as u64).to_le_bytes());
        for (rel, path) in files {
            text(&mut hasher, rel);
            text(&mut hasher, &path.to_string_lossy());
            let label = self.downloads.get(rel);
            text(&mut hasher, &format!("{label:?}"));
            let stamp =
                std::fs::symlink_metadata(path).map(|meta| crate::base::fsutil::stamp(&meta));
            text(&mut hasher, &format!("{stamp:?}"));
        }
        hasher.digest128()
    }

    /// A resolver for links written in the page at `rel` (relative to content/).
    pub fn for_page<'a>(&'a self, rel: &str) -> PageLinks<'a> {
        let folder = rel
            .rsplit_once('/')
            .map_or("", |(folder, _)| folder)
            .to_string();
        PageLinks {
            index: self,
            folder,
            suggestions_left: std::cell::Cell::new(SUGGESTIONS_PER_PAGE),
        }
    }

    fn resolve_target(
        &self,
        target: &str,
        kind: LinkKind,
        written: &str,
        suggest: &dyn Fn() -> bool,
    ) -> Result<String, LinkError> {
        if target.ends_with(".md") {
            return match self.pages_by_rel.get(target) {
                Some(url) => Ok(format!("{}{url}", self.root)),
                // Its own error is reported; the build fails anyway.
                None if self.unreadable.contains(target) => Ok(format!("{}{target}", self.root)),
                None if self.hidden.contains(target) => Err(LinkError {
                    message: format!(
                        "link \"{written}\" points at content/{target}, which site.yaml hides"
                    ),
                    hint: Some(
                        "remove the link, or take the page out of `hide:` in site.yaml".into(),
                    ),
                }),
                None => Err(self.broken(written, target, self.pages_by_rel.keys(), suggest)),
            };
        }
        if self.files.contains(target) {
            return Ok(format!("{}{target}", self.root));
        }
        if kind == LinkKind::Image {
            return Err(self.broken(written, target, self.files.iter(), suggest));
        }
        let as_page = if target.is_empty() || target.ends_with('/') {
            target.to_string()
        } else {
            format!("{target}/")
        };
        if let Some(url) = self.translated.get(&as_page) {
            return Ok(format!("{}{url}", self.root));
        }
        if as_page.is_empty() || self.urls.contains(&as_page) {
            return Ok(format!("{}{as_page}", self.root));
        }
        Err(self.broken(written, &as_page, self.urls.iter(), suggest))
    }

    fn broken<'a>(
        &self,
        written: &str,
        target: &str,
        known: impl Iterator<Item = &'a String>,
        suggest: &dyn Fn() -> bool,
    ) -> LinkError {
        let close = if suggest() {
            did_you_mean(target, known.map(String::as_str))
        } else {
            None
        };
        LinkError {
            message: format!("broken link: \"{written}\" points at nothing in this site"),
            hint: Some(match close {
                Some(close) if close.ends_with(".md") => format!("did you mean the page content/{close}?"),
                Some(close) => format!("did you mean /{close}?"),
                None => "link to a Markdown file relative to this one, like [the signs](../recognise/signs.md), or to a generated page like /get-help/".into(),
            }),
        }
    }
}

/// How many broken links in one page get a "did you mean": each compares
/// the target with every page of the site, so a page of thousands of broken
/// links (a bad paste, or an attack) would cost pages × links; the rest get
/// the general hint.
const SUGGESTIONS_PER_PAGE: usize = 20;

/// Resolves links for one page.
pub struct PageLinks<'a> {
    index: &'a LinkIndex,
    folder: String,
    suggestions_left: std::cell::Cell<usize>,
}

impl PageLinks<'_> {
    /// An image named in the page's front matter, resolved and checked as
    /// an image in its body: the file's path relative to `content/` and
    /// where it is on disk.
    pub fn image_file(&self, dest: &str) -> Result<(String, Option<&Path>), LinkError> {
        self.resolve(dest, LinkKind::Image)?;
        let target = self.target(split_suffix(dest).0).unwrap_or_default();
        let path = self.index.paths.get(&target).map(PathBuf::as_path);
        Ok((target, path))
    }

    /// The path relative to the root a destination (without its `#…` or
    /// `?…`) points at, or None when it climbs out of the site.
    fn target(&self, path: &str) -> Option<String> {
        let joined = match path.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None if self.folder.is_empty() => path.to_string(),
            None => format!("{}/{path}", self.folder),
        };
        normalise(&joined).map(|target| percent_decode(&target))
    }

    /// True (and one fewer left) while this page may still get suggestions.
    fn take_suggestion(&self) -> bool {
        let left = self.suggestions_left.get();
        self.suggestions_left.set(left.saturating_sub(1));
        left > 0
    }
}

impl Resolve for PageLinks<'_> {
    fn resolve(&self, dest: &str, kind: LinkKind) -> Result<String, LinkError> {
        if is_external(dest) {
            if kind == LinkKind::Image {
                return Err(LinkError {
                    message: format!("image \"{dest}\" is on another website"),
                    hint: Some("put the image in content/ beside the page: loading it from elsewhere tells that site who is reading".into()),
                });
            }
            return Ok(dest.to_string());
        }
        if dest.starts_with('#') || dest.is_empty() {
            return Ok(dest.to_string());
        }
        let (path, suffix) = split_suffix(dest);
        let target = self.target(path).ok_or_else(|| LinkError {
            message: format!("link \"{dest}\" points outside the site"),
            hint: Some("remove the extra `../`".into()),
        })?;
        let url = self
            .index
            .resolve_target(&target, kind, dest, &|| self.take_suggestion())?;
        Ok(format!("{url}{suffix}"))
    }

    fn download(&self, dest: &str) -> Option<Label> {
        if is_external(dest) || dest.starts_with('#') {
            return None;
        }
        let target = self.target(split_suffix(dest).0)?;
        self.index.downloads.get(&target).cloned()
    }

    fn file_start(&self, dest: &str, len: usize) -> Option<Vec<u8>> {
        let (_, path) = self.image_file(dest).ok()?;
        crate::base::fsutil::read_start(path?, len as u64)
    }

    fn image_size(&self, dest: &str) -> Option<(u32, u32)> {
        let (target, path) = self.image_file(dest).ok()?;
        let path = path?;
        let sizes = || {
            self.index
                .image_sizes
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        };
        if let Some(size) = sizes().get(&target) {
            return *size;
        }
        let size = image_size_of(&target, path);
        sizes().insert(target, size);
        size
    }
}

/// The largest SVG whose size a page reads (its text is parsed whole).
const MAX_SVG_BYTES: u64 = 2 * 1024 * 1024;

/// The size an SVG file declares, when it is a regular file of at most
/// [`MAX_SVG_BYTES`] (a larger one is simply written without a size).
/// The size an image file's header (or an SVG's attributes) gives.
fn image_size_of(target: &str, path: &Path) -> Option<(u32, u32)> {
    if target.to_ascii_lowercase().ends_with(".svg") {
        return svg_size_of(path);
    }
    let size = imagesize::size(path).ok()?;
    Some((
        u32::try_from(size.width).ok()?,
        u32::try_from(size.height).ok()?,
    ))
}

fn svg_size_of(path: &Path) -> Option<(u32, u32)> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_SVG_BYTES {
        return None;
    }
    crate::base::media::svg_size(&std::fs::read_to_string(path).ok()?)
}

/// True for `https:`, `mailto:`, `tel:` and other links with a scheme, and
/// protocol-relative `//host` links.
fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && !scheme.contains('/')
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Splits `path?query#fragment` into the path and the rest.
fn split_suffix(dest: &str) -> (&str, &str) {
    let cut = dest.find(['?', '#']).unwrap_or(dest.len());
    dest.split_at(cut)
}

/// Resolves `.` and `..`; None when the path climbs above the root.
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// Decodes `%20` and friends so links to files with spaces can be found.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok());
        match (
            bytes[index],
            hex.and_then(|h| u8::from_str_radix(h, 16).ok()),
        ) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::content::{Asset, Page};
    use std::path::PathBuf;

    fn page(rel: &str, url: &str) -> Page {
        crate::load::content::test_page(rel, url)
    }

    fn index() -> LinkIndex {
        let config =
            crate::load::config::parse("title: T\nbase_url: https://e.org/cse\n", None).unwrap();
        let content = Content {
            pages: vec![
                page("recognise/signs.md", "recognise/signs/"),
                page("realise/_index.md", "realise/"),
            ],
            assets: vec![Asset {
                rel: "recognise/diagram.svg".into(),
                path: PathBuf::new(),
                sidecar: None,
            }],
            ..Default::default()
        };
        LinkIndex::new(&content, &config, &["get-help/".to_string()])
    }

    #[test]
    fn relative_markdown_links_become_page_urls() {
        let index = index();
        let links = index.for_page("realise/myths.md");
        assert_eq!(
            links
                .resolve("../recognise/signs.md", LinkKind::Link)
                .unwrap(),
            "/cse/recognise/signs/"
        );
        assert_eq!(
            links
                .resolve("../recognise/signs.md#school", LinkKind::Link)
                .unwrap(),
            "/cse/recognise/signs/#school"
        );
        assert_eq!(
            links.resolve("_index.md", LinkKind::Link).unwrap(),
            "/cse/realise/"
        );
    }

    #[test]
    fn only_the_first_broken_links_of_a_page_get_a_suggestion() {
        let index = index();
        let links = index.for_page("realise/myths.md");
        let hint = |links: &PageLinks| {
            links
                .resolve("../recognise/sign.md", LinkKind::Link)
                .unwrap_err()
                .hint
                .unwrap()
        };
        for _ in 0..SUGGESTIONS_PER_PAGE {
            assert_eq!(
                hint(&links),
                "did you mean the page content/recognise/signs.md?"
            );
        }
        assert!(
            hint(&links).starts_with("link to a Markdown file relative to this one"),
            "past the budget, the general hint"
        );
        assert!(
            links
                .resolve("../recognise/signs.md", LinkKind::Link)
                .is_ok(),
            "good links still resolve"
        );
        let next_page = index.for_page("realise/other.md");
        assert!(
            hint(&next_page).starts_with("did you mean"),
            "each page has its own budget"
        );
    }

    #[test]
    fn root_relative_links_get_the_base_path() {
        let index = index();
        let links = index.for_page("a.md");
        assert_eq!(
            links.resolve("/get-help/", LinkKind::Link).unwrap(),
            "/cse/get-help/"
        );
        assert_eq!(
            links.resolve("/get-help", LinkKind::Link).unwrap(),
            "/cse/get-help/"
        );
        assert_eq!(links.resolve("/", LinkKind::Link).unwrap(), "/cse/");
        assert_eq!(
            links.resolve("/feed.xml", LinkKind::Link).unwrap(),
            "/cse/feed.xml"
        );
    }

    #[test]
    fn files_beside_a_page_resolve_to_their_published_path() {
        let index = index();
        let links = index.for_page("recognise/signs.md");
        assert_eq!(
            links.resolve("diagram.svg", LinkKind::Image).unwrap(),
            "/cse/recognise/diagram.svg"
        );
    }

    #[test]
    fn broken_and_escaping_links_are_errors() {
        let index = index();
        let links = index.for_page("realise/myths.md");
        let error = links
            .resolve("../recognise/sign.md", LinkKind::Link)
            .unwrap_err();
        assert_eq!(
            error.message,
            "broken link: \"../recognise/sign.md\" points at nothing in this site"
        );
        assert_eq!(
            error.hint.as_deref(),
            Some("did you mean the page content/recognise/signs.md?")
        );
        assert!(links
            .resolve("../../../etc/passwd", LinkKind::Link)
            .unwrap_err()
            .message
            .contains("outside the site"));
        assert!(links
            .resolve("https://tracker.example/pixel.gif", LinkKind::Image)
            .is_err());
    }

    #[test]
    fn external_links_pass_through() {
        let index = index();
        let links = index.for_page("a.md");
        for dest in [
            "https://www.nspcc.org.uk",
            "mailto:a@b.org",
            "tel:999",
            "#top",
        ] {
            assert_eq!(links.resolve(dest, LinkKind::Link).unwrap(), dest);
        }
    }
}
