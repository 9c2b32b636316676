//! Site search. While the pages render, [`Collector`] keeps the record of
//! each indexed page (what Pagefind reads of its `<main>`: see
//! `write::record`); afterwards [`index`] builds a Pagefind index from
//! those records in-process and returns its files, which go under
//! [`BUNDLE_DIR`] (and into the build state's cache: `write::search_cache`). The search page's script
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
//!   footer every page shares do not make every page match "help"; and
//!   only its first [`MAX_INDEXED_BYTES`] (512 KiB, five times the longest
//!   page a campaign writes), so a hostile page of 250,000 headings costs
//!   the index no more than a long real one.
//! - Each language has its own index, so Welsh search finds Welsh pages. A
//!   language of more than [`BUNDLE_PAGES`] pages is split into up to
//!   [`MAX_BUNDLES`] bundles (`pagefind/<language>/<n>/`), built at the same
//!   time; the search page loads them all and Pagefind merges their results
//!   by score.
//! - Pagefind's own UI files are not published: the theme brings a small
//!   accessible UI of its own on top of Pagefind's API.
//! - Indexing costs far more than rendering (see
//!   docs/performance.md), so each bundle is tagged with a hash of its
//!   documents and the build reuses a bundle when none of its pages' words
//!   changed: an edit to one page rebuilds one bundle.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use super::record::{record_of, Record};
use super::search_cache::Cache;
use crate::base::diagnostic::Diagnostic;
pub use crate::render::search::{
    bundle_dir, bundles, shard_count, Entry, BUNDLE_DIR, BUNDLE_PAGES, MAX_BUNDLES,
};
use crate::render::Sink;

/// The file in each bundle's folder that names the documents the bundle
/// was built from (a hash) and its files, so a later build can reuse it.
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
    is_under(rel, BUNDLE_DIR)
}

/// True for a path inside the folder `dir` (both under the output root).
fn is_under(rel: &str, dir: &str) -> bool {
    rel.strip_prefix(dir)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// Which of `shards` bundles the page at `url` goes in: from a hash of the
/// URL, so it does not move when other pages are added or removed.
fn shard_of(url: &str, shards: usize) -> usize {
    let digest = Sha256::digest(url.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    (u64::from_le_bytes(first) % shards.max(1) as u64) as usize
}

/// Files of the index: each a path under the output root and its bytes.
pub type IndexFiles = Vec<(String, Vec<u8>)>;

/// A bundle that must be built: its folder, the fingerprint of its pages,
/// and the pages.
struct Pending<'a> {
    dir: String,
    fingerprint: String,
    documents: Vec<std::borrow::Cow<'a, Document>>,
}

/// One page as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The URL visitors follow from a result (with the site's root path).
    pub url: String,
    /// The page's language code (`en`, `cy`).
    pub language: String,
    /// What the index is given for the page (read from its `<main>`);
    /// empty for a page kept from the last build, until its bundle is
    /// rebuilt.
    pub record: Record,
    /// [`document_digest`] of the three: what the index is built from.
    pub digest: u128,
    /// Where a page kept from the last build is, so its `<main>` can be
    /// read when its bundle must be rebuilt.
    pub kept: Option<std::path::PathBuf>,
}

impl Document {
    /// A page as rendered: its URL, language and the HTML inside its
    /// `<main>`.
    pub fn new(url: String, language: String, main: &str) -> Document {
        let record = record_of(indexed_part(main));
        let digest = document_digest(&url, &language, &record);
        Document {
            url,
            language,
            record,
            digest,
            kept: None,
        }
    }

    /// This document with its record read from the kept page, when it was
    /// kept.
    fn loaded(&self) -> Result<std::borrow::Cow<'_, Document>, Diagnostic> {
        let Some(path) = &self.kept else {
            return Ok(std::borrow::Cow::Borrowed(self));
        };
        let bytes = crate::base::fsutil::read(path, path)?;
        Ok(std::borrow::Cow::Owned(Document {
            record: record_of(indexed_part(main_of(&page_text(&bytes)))),
            kept: None,
            ..self.clone()
        }))
    }
}

/// A rendered page's bytes as text.
fn page_text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    // Pages are rendered from strings, so this is valid UTF-8; the plain
    // check is several times faster than the lossy one.
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// A hash of what the index is given for a page: its URL, language and
/// record. The build state keeps it for each page, so a page kept from the
/// last build is not read to tell whether its bundle changed.
pub fn document_digest(url: &str, language: &str, record: &Record) -> u128 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let meta = record.meta.iter().flat_map(|(key, value)| [key, value]);
    for part in [url, language, &record.content]
        .into_iter()
        .chain(meta.map(String::as_str))
    {
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    hasher.digest128()
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

impl Collector<'_> {
    /// Keeps the `<main>` of the page at `rel` when the plan wants it, and
    /// notes its digest for the next build.
    fn collect(&self, rel: &str, bytes: &[u8]) {
        let Some(entry) = self.plan.get(rel) else {
            return;
        };
        let document = Document::new(
            entry.url.clone(),
            entry.language.clone(),
            main_of(&page_text(bytes)),
        );
        self.inner.note_document(rel, document.digest);
        self.insert(rel, document);
    }

    fn insert(&self, rel: &str, document: Document) {
        self.documents
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(rel.to_string(), document);
    }
}

impl Sink for Collector<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.inner.write(rel, bytes)?;
        self.collect(rel, bytes);
        Ok(())
    }

    fn write_rendered(&self, rel: &str, bytes: &[u8], key: Option<u128>) -> Result<(), Diagnostic> {
        self.inner.write_rendered(rel, bytes, key)?;
        self.collect(rel, bytes);
        Ok(())
    }

    fn may_keep(&self, rel: &str) -> bool {
        self.inner.may_keep(rel)
    }

    /// A kept page the index wants is known by the digest the last build
    /// noted, and read only if its bundle is rebuilt. Without a digest
    /// (the state came from an older Beacon) it is read back now; if it
    /// cannot be read, it is rendered after all.
    fn keep_rendered(&self, rel: &str, key: u128) -> Option<std::path::PathBuf> {
        let path = self.inner.keep_rendered(rel, key)?;
        let Some(entry) = self.plan.get(rel) else {
            return Some(path);
        };
        match self.inner.kept_document(rel) {
            Some(digest) => self.insert(
                rel,
                Document {
                    url: entry.url.clone(),
                    language: entry.language.clone(),
                    record: Record::default(),
                    digest,
                    kept: Some(path.clone()),
                },
            ),
            None => {
                let bytes = crate::base::fsutil::read(&path, &path).ok()?;
                self.collect(rel, &bytes);
            }
        }
        Some(path)
    }

    fn copy(&self, rel: &str, from: &std::path::Path) -> Result<(), Diagnostic> {
        self.inner.copy(rel, from)
    }

    fn reuse(&self, rel: &str, usable: &dyn Fn(&std::path::Path) -> bool) -> bool {
        self.inner.reuse(rel, usable)
    }
}

/// The most of a page's `<main>` the index reads.
pub const MAX_INDEXED_BYTES: usize = 512 * 1024;

/// The first [`MAX_INDEXED_BYTES`] of `main`, cut just before a tag (so
/// no tag, word or character reference is split); the HTML parser closes
/// what the cut leaves open.
pub fn indexed_part(main: &str) -> &str {
    if main.len() <= MAX_INDEXED_BYTES {
        return main;
    }
    let mut cut = MAX_INDEXED_BYTES;
    while !main.is_char_boundary(cut) {
        cut -= 1;
    }
    match main[..cut].rfind('<') {
        Some(tag) if tag > 0 => &main[..tag],
        _ => &main[..cut],
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
    // Each page's digest was taken as it rendered (or kept from the last
    // build); the order of the pages is kept.
    let mut hasher = Sha256::new();
    hasher.update(concat!(
        "beacon ",
        env!("CARGO_PKG_VERSION"),
        " pagefind 1.6 records 3\n"
    ));
    for document in documents {
        hasher.update(document.digest.to_le_bytes());
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

/// Writes the index of `documents` into `sink`: one or more bundles per
/// language (see [`bundles`]), each with its stamp last. A bundle the
/// sink's output (`out`) already holds, built from the same documents, is
/// kept where it is, neither rebuilt nor read (the sink's `reuse`); else
/// one the `cache` holds is written from there; the others are built,
/// several at once, and kept in the cache. Returns how many files the
/// index has.
pub fn write(
    documents: &BTreeMap<String, Document>,
    sink: &dyn Sink,
    out: &std::path::Path,
    cache: Option<&Cache>,
) -> Result<usize, Vec<Diagnostic>> {
    let mut files_in_index = 0;
    let mut stale = Vec::new();
    let mut errors = Vec::new();
    let bundles = group_into_bundles(documents.values());
    for (dir, members) in &bundles {
        let fingerprint = fingerprint(members.iter().copied());
        if let Some(files) = reuse_bundle(dir, &fingerprint, sink, out) {
            files_in_index += files;
            continue;
        }
        if let Some(files) = cache.and_then(|cache| cache.take(dir, &fingerprint)) {
            files_in_index += write_bundle(dir, &fingerprint, files, sink, &mut errors);
            continue;
        }
        // Rebuilt: the pages kept from the last build are read now.
        match members.iter().copied().map(Document::loaded).collect() {
            Ok(documents) => stale.push(Pending {
                dir: dir.clone(),
                fingerprint,
                documents,
            }),
            Err(error) => errors.push(error),
        }
    }
    let built = index_bundles(&stale);
    for (bundle, files) in stale.iter().zip(built) {
        match files {
            Ok(files) => {
                if let Some(cache) = cache {
                    cache.keep(&bundle.dir, &bundle.fingerprint, &files);
                }
                files_in_index +=
                    write_bundle(&bundle.dir, &bundle.fingerprint, files, sink, &mut errors);
            }
            Err(error) => errors.push(error),
        }
    }
    if let Some(cache) = cache {
        cache.prune(&bundles.into_keys().collect());
    }
    if errors.is_empty() {
        Ok(files_in_index)
    } else {
        Err(errors)
    }
}

/// Writes a bundle's files and then its stamp into `sink`; returns how
/// many files that is, and adds any error to `errors`.
fn write_bundle(
    dir: &str,
    fingerprint: &str,
    mut files: IndexFiles,
    sink: &dyn Sink,
    errors: &mut Vec<Diagnostic>,
) -> usize {
    let stamp = stamp(fingerprint, &files);
    files.push((format!("{dir}/{STAMP}"), stamp.into_bytes()));
    errors.extend(
        files
            .iter()
            .filter_map(|(rel, bytes)| sink.write(rel, bytes).err()),
    );
    files.len()
}

/// The pages each bundle holds, by the bundle's folder: every language's
/// documents split into [`shard_count`] bundles by a hash of their URL, so
/// a page stays in its bundle while others come and go.
fn group_into_bundles<'a>(
    documents: impl IntoIterator<Item = &'a Document>,
) -> BTreeMap<String, Vec<&'a Document>> {
    let mut by_language: BTreeMap<&str, Vec<&Document>> = BTreeMap::new();
    for document in documents {
        by_language
            .entry(document.language.as_str())
            .or_default()
            .push(document);
    }
    let mut bundles: BTreeMap<String, Vec<&Document>> = BTreeMap::new();
    for (language, members) in by_language {
        let shards = shard_count(members.len());
        for document in members {
            let dir = bundle_dir(language, shard_of(&document.url, shards));
            bundles.entry(dir).or_default().push(document);
        }
    }
    bundles
}

/// Keeps the bundle in `dir` when its stamp names `fingerprint` and every
/// file it lists is there; returns how many files it has (with the stamp).
fn reuse_bundle(
    dir: &str,
    fingerprint: &str,
    sink: &dyn Sink,
    out: &std::path::Path,
) -> Option<usize> {
    let stamp_rel = format!("{dir}/{STAMP}");
    let stamp_path = out.join(&stamp_rel);
    let text = crate::base::fsutil::read_text(&stamp_path, &stamp_path).ok()?;
    let listed = files_in_stamp(&text, fingerprint)?;
    // The sink's one look at each file already checks it is a regular file.
    let usable = |_: &std::path::Path| true;
    let kept = listed
        .iter()
        .all(|rel| is_under(rel, dir) && sink.reuse(rel, &usable));
    (kept && sink.reuse(&stamp_rel, &usable)).then_some(listed.len() + 1)
}

/// Builds each bundle, as many at once as the machine has cores (each
/// Pagefind index works on one core); results in the order given.
fn index_bundles(bundles: &[Pending]) -> Vec<Result<IndexFiles, Diagnostic>> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<Mutex<Option<_>>> = bundles.iter().map(|_| Mutex::new(None)).collect();
    let workers = rayon::current_num_threads().clamp(1, bundles.len().max(1));
    // Plain threads, not rayon's: Pagefind runs rayon work of its own and
    // waits for it, which must not wait on a worker this loop holds.
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let at = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(bundle) = bundles.get(at) else {
                    break;
                };
                let built = index(&bundle.dir, bundle.documents.iter().map(AsRef::as_ref));
                *results[at].lock().unwrap_or_else(|p| p.into_inner()) = Some(built);
            });
        }
    });
    results
        .into_iter()
        .zip(bundles)
        .map(|(result, bundle)| {
            let result = result.into_inner().unwrap_or_else(|p| p.into_inner());
            result.unwrap_or_else(|| {
                Err(indexer_failed(
                    &bundle.dir,
                    "the search indexer stopped unexpectedly",
                ))
            })
        })
        .collect()
}

fn indexer_failed(dir: &str, message: &str) -> Diagnostic {
    Diagnostic::error(dir, format!("cannot build the search index: {message}"))
        .with_hint("this is a bug in Beacon or Pagefind; set `search: false` in site.yaml to build without search meanwhile")
}

/// Builds one bundle of the index, in `dir`, from `documents`: every file
/// to publish, as a path under the output root and its bytes, sorted by
/// path. The same documents give the same bytes.
pub fn index<'a>(
    dir: &str,
    documents: impl IntoIterator<Item = &'a Document>,
) -> Result<IndexFiles, Diagnostic> {
    let pages: Vec<&Document> = documents.into_iter().collect();
    // Pagefind is async; it gets a runtime of its own on a thread of its
    // own, so this works whether or not the caller is inside one (serve).
    let built = std::thread::scope(|scope| {
        scope
            .spawn(|| run_pagefind(&pages))
            .join()
            .unwrap_or_else(|_| Err("the search indexer stopped unexpectedly".to_string()))
    });
    let files = built.map_err(|message| indexer_failed(dir, &message))?;
    let mut files: IndexFiles = files
        .into_iter()
        .filter_map(|(name, bytes)| {
            let unused = UNUSED_FILES.contains(&name.as_str());
            (!unused).then(|| (format!("{dir}/{name}"), bytes))
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// Indexes `pages` as Pagefind custom records, in their order; each
/// record is copied only as Pagefind takes it.
fn run_pagefind(pages: &[&Document]) -> Result<IndexFiles, String> {
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
        for page in pages {
            index
                .add_custom_record(
                    page.url.clone(),
                    page.record.content.clone(),
                    page.language.to_lowercase(),
                    Some(page.record.meta.clone()),
                    None,
                    None,
                )
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
        Document::new(
            url.into(),
            language.into(),
            &format!("<main><h1>{words}</h1><p>{words} and more words.</p></main>"),
        )
    }

    #[test]
    fn main_is_cut_out_of_the_page() {
        let page = "<html><body><nav>Help</nav><main id=\"m\"><p>Body</p></main><footer>Help</footer></body></html>";
        assert_eq!(main_of(page), "<main id=\"m\"><p>Body</p></main>");
        assert_eq!(main_of("<p>no main</p>"), "<p>no main</p>");
    }

    #[test]
    fn only_the_first_half_megabyte_of_a_page_is_indexed_cut_before_a_tag() {
        let short = "<main><h2 id=\"a\">Same heading</h2></main>";
        assert_eq!(indexed_part(short), short);
        let long = format!(
            "<main>{}</main>",
            "<h2 id=\"a\">Same heading</h2>".repeat(50_000)
        );
        let part = indexed_part(&long);
        assert!(part.len() <= MAX_INDEXED_BYTES && part.len() > MAX_INDEXED_BYTES - 40);
        assert!(part.ends_with("</h2>"), "{}", &part[part.len() - 40..]);
        let welsh = "ŵ".repeat(MAX_INDEXED_BYTES);
        assert!(indexed_part(&welsh).len() <= MAX_INDEXED_BYTES);
    }

    #[test]
    fn a_bundle_is_deterministic_and_leaves_out_pagefinds_own_ui() {
        let documents = [
            document("/a/", "en", "Grooming signs"),
            document("/b/", "en", "Online safety"),
        ];
        let first = index("pagefind/en/0", &documents).unwrap();
        let second = index("pagefind/en/0", &documents).unwrap();
        assert_eq!(first, second);
        let names: Vec<&str> = first.iter().map(|(name, _)| name.as_str()).collect();
        assert!(names.contains(&"pagefind/en/0/pagefind.js"), "{names:?}");
        assert!(names.contains(&"pagefind/en/0/pagefind-entry.json"));
        assert!(names.iter().any(|n| n.starts_with("pagefind/en/0/wasm.en")));
        assert!(
            !names.contains(&"pagefind/en/0/pagefind-ui.js"),
            "unused UI left out"
        );
    }

    #[test]
    fn each_language_has_its_bundles_and_a_large_one_is_split() {
        assert_eq!(shard_count(0), 1);
        assert_eq!(shard_count(BUNDLE_PAGES), 1);
        assert_eq!(shard_count(BUNDLE_PAGES + 1), 2);
        assert_eq!(shard_count(100 * BUNDLE_PAGES), MAX_BUNDLES);
        let mut documents: Vec<Document> = (0..BUNDLE_PAGES + 1)
            .map(|n| document(&format!("/p{n}/"), "en", "Words"))
            .collect();
        documents.push(document("/cy/a/", "cy", "Geiriau"));
        let bundles = group_into_bundles(&documents);
        let dirs: Vec<&str> = bundles.keys().map(String::as_str).collect();
        assert_eq!(dirs, ["pagefind/cy/0", "pagefind/en/0", "pagefind/en/1"]);
        assert_eq!(bundles["pagefind/cy/0"].len(), 1);
        let english = bundles["pagefind/en/0"].len() + bundles["pagefind/en/1"].len();
        assert_eq!(english, BUNDLE_PAGES + 1);
        assert!(
            bundles["pagefind/en/0"].len() > BUNDLE_PAGES / 3
                && bundles["pagefind/en/1"].len() > BUNDLE_PAGES / 3,
            "the hash spreads the pages"
        );
        assert_eq!(
            super::bundles("en", BUNDLE_PAGES + 1),
            ["pagefind/en/0", "pagefind/en/1"]
        );
    }

    #[test]
    fn a_page_keeps_its_bundle_while_the_count_stays() {
        let before = shard_of("/realise/grooming/", 4);
        assert_eq!(shard_of("/realise/grooming/", 4), before);
        assert!(before < 4);
        assert_eq!(shard_of("/realise/grooming/", 1), 0);
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
