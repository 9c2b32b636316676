//! Site search. While the pages render, [`Collector`] keeps what each
//! indexed page says (the inside of its `<main>`); afterwards [`index`]
//! builds a Pagefind index from those documents in-process and returns its
//! files, which go under [`BUNDLE_DIR`]. The search page's script
//! (`search.js` in the default theme) loads that index in the visitor's
//! browser: no request leaves the site and no server is needed.
//!
//! Decisions:
//! - What is indexed: every page a visitor would look for (content pages,
//!   the home page, the first page of each hub and audience page, get-help,
//!   staying safe online, the accessibility statement, have your say).
//!   Never drafts (even with `--drafts`), the search page, the 404 page or
//!   the later pages of a listing (they repeat the first page's words).
//! - Only `<main>` is indexed, so the header, navigation, help block and
//!   footer every page shares do not make every page match "help".
//! - Each language has its own index (Pagefind splits by `<html lang>`), so
//!   Welsh search finds Welsh pages.
//! - Pagefind's own UI files are not published: the theme brings a small
//!   accessible UI of its own on top of Pagefind's API.
//! - Indexing costs far more than rendering (see the README's
//!   Performance section), so the index is tagged with a hash of its
//!   documents and the build reuses the previous index when no indexed
//!   page's words changed.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use crate::diagnostic::Diagnostic;
use crate::render::Sink;

/// The folder (under the output root) the index is written to.
pub const BUNDLE_DIR: &str = "pagefind";

/// The file in [`BUNDLE_DIR`] that names the documents the index was built
/// from (a hash) and the index's files, so a later build can reuse it.
pub const STAMP: &str = "beacon-index.txt";

/// Pagefind files the default theme does not use (Pagefind's own UIs).
const UNUSED_FILES: [&str; 7] = [
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// True for a file of the search index (a path under the output root).
pub fn is_index_file(rel: &str) -> bool {
    rel.starts_with(BUNDLE_DIR) && rel[BUNDLE_DIR.len()..].starts_with('/')
}

/// One page as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The URL visitors follow from a result (with the site's root path).
    pub url: String,
    /// The page's language code (`en`, `cy`).
    pub language: String,
    /// The HTML inside the page's `<main>`.
    pub main: String,
}

/// Where an indexed page is written, and what the index calls it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The URL visitors follow from a result.
    pub url: String,
    /// The page's language code.
    pub language: String,
}

/// A sink that keeps the `<main>` of every page in its plan on the way to
/// the real sink.
pub struct Collector<'a> {
    inner: &'a dyn Sink,
    plan: HashMap<String, Entry>,
    documents: Mutex<BTreeMap<String, Document>>,
}

impl<'a> Collector<'a> {
    /// A collector for the pages in `plan` (output path → entry).
    pub fn new(inner: &'a dyn Sink, plan: HashMap<String, Entry>) -> Self {
        Collector {
            inner,
            plan,
            documents: Mutex::default(),
        }
    }

    /// The documents collected, by output path.
    pub fn into_documents(self) -> BTreeMap<String, Document> {
        self.documents
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Sink for Collector<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if let Some(entry) = self.plan.get(rel) {
            let html = String::from_utf8_lossy(bytes);
            let document = Document {
                url: entry.url.clone(),
                language: entry.language.clone(),
                main: main_of(&html).to_string(),
            };
            self.documents
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .insert(rel.to_string(), document);
        }
        self.inner.write(rel, bytes)
    }

    fn copy(&self, rel: &str, from: &std::path::Path) -> Result<(), Diagnostic> {
        self.inner.copy(rel, from)
    }

    fn reuse(&self, rel: &str, usable: &dyn Fn(&std::path::Path) -> bool) -> bool {
        self.inner.reuse(rel, usable)
    }
}

/// The `<main>…</main>` element of a page, or the whole page when a theme
/// has no `<main>` (the theme audit reports that separately).
pub fn main_of(html: &str) -> &str {
    let Some(start) = html.find("<main") else {
        return html;
    };
    match html[start..].rfind("</main>") {
        Some(end) => &html[start..start + end + "</main>".len()],
        None => &html[start..],
    }
}

/// A hash naming a set of documents (and the Pagefind release that indexes
/// them), so an index built from the same documents can be reused.
pub fn fingerprint<'a>(documents: impl IntoIterator<Item = &'a Document>) -> String {
    use rayon::prelude::*;
    let documents: Vec<&Document> = documents.into_iter().collect();
    // Each page is hashed on its own, in parallel (a 10,000-page site's
    // pages say about 70 MB); the order of the pages is kept.
    let digests: Vec<_> = documents
        .par_iter()
        .map(|document| {
            let mut hasher = Sha256::new();
            for part in [&document.url, &document.language, &document.main] {
                hasher.update((part.len() as u64).to_le_bytes());
                hasher.update(part.as_bytes());
            }
            hasher.finalize()
        })
        .collect();
    let mut hasher = Sha256::new();
    hasher.update(concat!(
        "beacon ",
        env!("CARGO_PKG_VERSION"),
        " pagefind 1.6\n"
    ));
    for digest in digests {
        hasher.update(digest);
    }
    let digest = hasher.finalize();
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The stamp file's text: the fingerprint, then each index file.
pub fn stamp(fingerprint: &str, files: &[(String, Vec<u8>)]) -> String {
    let mut text = format!("{fingerprint}\n");
    for (path, _) in files {
        text.push_str(path);
        text.push('\n');
    }
    text
}

/// The files a stamp lists, when it names `fingerprint`.
pub fn files_in_stamp(text: &str, fingerprint: &str) -> Option<Vec<String>> {
    let mut lines = text.lines();
    (lines.next()? == fingerprint).then(|| {
        lines
            .filter(|line| !line.is_empty())
            .map(str::to_string)
            .collect()
    })
}

/// Writes the index of `documents` into `sink`, its stamp last. When the
/// index the sink's output holds (`out`) was built from the same documents,
/// its files are kept where they are, neither rebuilt nor read (the sink's
/// `reuse`); else a new index is built. Returns how many files it has.
pub fn write(
    documents: &BTreeMap<String, Document>,
    sink: &dyn Sink,
    out: &std::path::Path,
) -> Result<usize, Vec<Diagnostic>> {
    let fingerprint = fingerprint(documents.values());
    let stamp_rel = format!("{BUNDLE_DIR}/{STAMP}");
    let stamp_path = out.join(&stamp_rel);
    let listed = crate::fsutil::read_text(&stamp_path, &stamp_path)
        .ok()
        .and_then(|text| files_in_stamp(&text, &fingerprint));
    if let Some(listed) = listed {
        let usable = |path: &std::path::Path| path.is_file();
        let kept = listed
            .iter()
            .all(|rel| is_index_file(rel) && sink.reuse(rel, &usable));
        if kept && sink.reuse(&stamp_rel, &usable) {
            return Ok(listed.len() + 1);
        }
    }
    let mut files = index(documents.values()).map_err(|d| vec![d])?;
    let stamp = stamp(&fingerprint, &files);
    files.push((stamp_rel, stamp.into_bytes()));
    let errors: Vec<Diagnostic> = files
        .iter()
        .filter_map(|(rel, bytes)| sink.write(rel, bytes).err())
        .collect();
    if errors.is_empty() {
        Ok(files.len())
    } else {
        Err(errors)
    }
}

/// Builds the index of `documents`: every file to publish, as a path
/// under the output root (in [`BUNDLE_DIR`]) and its bytes, sorted by path.
/// The same documents give the same bytes.
pub fn index<'a>(
    documents: impl IntoIterator<Item = &'a Document>,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let pages: Vec<(String, String)> = documents
        .into_iter()
        .map(|document| (document.url.clone(), mini_page(document)))
        .collect();
    // Pagefind is async; it gets a runtime of its own on a thread of its
    // own, so this works whether or not the caller is inside one (serve).
    let built = std::thread::scope(|scope| {
        scope
            .spawn(|| run_pagefind(pages))
            .join()
            .unwrap_or_else(|_| Err("the search indexer stopped unexpectedly".to_string()))
    });
    let files = built.map_err(|message| {
        Diagnostic::error(BUNDLE_DIR, format!("cannot build the search index: {message}"))
            .with_hint("this is a bug in Beacon or Pagefind; set `search: false` in site.yaml to build without search meanwhile")
    })?;
    let mut files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .filter_map(|(name, bytes)| {
            let unused = UNUSED_FILES.contains(&name.as_str());
            (!unused).then(|| (format!("{BUNDLE_DIR}/{name}"), bytes))
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// A whole HTML document holding only what Pagefind should read.
fn mini_page(document: &Document) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"></head><body>{}</body></html>",
        crate::theme::escape_html(&document.language),
        document.main
    )
}

fn run_pagefind(pages: Vec<(String, String)>) -> Result<Vec<(String, Vec<u8>)>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| error.to_string())?;
    runtime.block_on(async move {
        let options = pagefind::options::PagefindServiceConfig::builder()
            .keep_index_url(false)
            .build();
        let mut index =
            pagefind::api::PagefindIndex::new(Some(options)).map_err(|error| error.to_string())?;
        for (url, html) in pages {
            index
                .add_html_file(None, Some(url), html)
                .await
                .map_err(|error| error.to_string())?;
        }
        let files = index.get_files().await.map_err(|error| error.to_string())?;
        Ok(files
            .into_iter()
            .map(|file| {
                let name = file
                    .filename
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                (name, file.contents)
            })
            .collect())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(url: &str, language: &str, words: &str) -> Document {
        Document {
            url: url.into(),
            language: language.into(),
            main: format!("<main><h1>{words}</h1><p>{words} and more words.</p></main>"),
        }
    }

    #[test]
    fn main_is_cut_out_of_the_page() {
        let page = "<html><body><nav>Help</nav><main id=\"m\"><p>Body</p></main><footer>Help</footer></body></html>";
        assert_eq!(main_of(page), "<main id=\"m\"><p>Body</p></main>");
        assert_eq!(main_of("<p>no main</p>"), "<p>no main</p>");
    }

    #[test]
    fn the_index_is_deterministic_and_split_by_language() {
        let documents = [
            document("/a/", "en", "Grooming signs"),
            document("/cy/a/", "cy", "Arwyddion meithrin"),
        ];
        let first = index(&documents).unwrap();
        let second = index(&documents).unwrap();
        assert_eq!(first, second);
        let names: Vec<&str> = first.iter().map(|(name, _)| name.as_str()).collect();
        assert!(names.contains(&"pagefind/pagefind.js"), "{names:?}");
        assert!(names.contains(&"pagefind/pagefind-entry.json"));
        assert!(names.iter().any(|n| n.starts_with("pagefind/wasm.en")));
        assert!(names.iter().any(|n| n.starts_with("pagefind/pagefind.cy_")));
        assert!(
            !names.contains(&"pagefind/pagefind-ui.js"),
            "unused UI left out"
        );
    }

    #[test]
    fn the_fingerprint_changes_with_any_word() {
        let one = [document("/a/", "en", "Grooming")];
        let two = [document("/a/", "en", "Groomng")];
        assert_eq!(fingerprint(&one), fingerprint(&one.clone()));
        assert_ne!(fingerprint(&one), fingerprint(&two));
    }

    #[test]
    fn a_stamp_names_its_files_only_for_its_fingerprint() {
        let files = vec![
            ("pagefind/a".to_string(), vec![1]),
            ("pagefind/b".to_string(), vec![2]),
        ];
        let text = stamp("abc", &files);
        assert_eq!(
            files_in_stamp(&text, "abc"),
            Some(vec!["pagefind/a".to_string(), "pagefind/b".to_string()])
        );
        assert_eq!(files_in_stamp(&text, "abd"), None);
        assert_eq!(files_in_stamp("", "abc"), None);
    }
}
