//! The search index's cache, in the build state (`.beacon/search/`): each
//! bundle of the index Beacon builds is kept there, one file per bundle,
//! with the fingerprint of the pages it was built from. A build into a new
//! or emptied output folder (a CI job that keeps `.beacon/` between runs,
//! `rm -rf public`) takes a bundle whose pages have not changed from the
//! cache and only writes its files, instead of indexing its pages again.
//!
//! Decisions:
//! - Per bundle, not per page. Pagefind's API takes pages and gives back a
//!   whole index; what it works out for one page (its words, stemmed and
//!   placed) cannot be handed back to it, so a per-page cache could save
//!   only reading the page's words, which costs a few milliseconds for
//!   10,000 pages (`write::record`). An edit to one page rebuilds its one
//!   bundle of up to eight, as it does in a kept output.
//! - A cache file is trusted for nothing: it is read only when it is a
//!   regular file (no link followed, no FIFO waited on), and used only
//!   when its first line names this format, the fingerprint wanted and a
//!   hash of the rest that matches, and every file it holds is inside its
//!   bundle's folder. Anything else is a miss, and the bundle is built.
//! - It is a cache: failing to write it fails no build. It is written
//!   through a temporary file, so a build stopped half-way leaves the old
//!   file or the new one. Files of bundles the site no longer has are
//!   removed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::manifest::{create_state_dir, is_folder_or_nothing, STATE_DIR};
use crate::base::fsutil;

/// The folder in [`STATE_DIR`] that holds the cache.
pub const CACHE_DIR: &str = "search";

/// The first word of a cache file this version of Beacon reads.
const HEADER: &str = "beacon-search-cache 1";

/// The largest cache file read: a bundle holds at most a few thousand
/// pages, a few megabytes of index.
const MAX_CACHE_BYTES: u64 = 256 * 1024 * 1024;

/// The cache of one site.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

/// A bundle's files: each a path under the output root and its bytes.
pub type Files = Vec<(String, Vec<u8>)>;

impl Cache {
    /// The cache of the site in `site_dir`, or `None` when its state folder
    /// or cache folder is a link or a file (it is then left alone).
    pub fn in_site(site_dir: &Path) -> Option<Cache> {
        let state = std::path::absolute(site_dir).ok()?.join(STATE_DIR);
        let dir = state.join(CACHE_DIR);
        (is_folder_or_nothing(&state) && is_folder_or_nothing(&dir)).then_some(Cache { dir })
    }

    /// The files of the bundle in `bundle` (`pagefind/en/0`) when the cache
    /// holds it built from the pages `fingerprint` names.
    pub fn take(&self, bundle: &str, fingerprint: &str) -> Option<Files> {
        let path = self.dir.join(file_name(bundle)?);
        let bytes = fsutil::read_at_most(&path, MAX_CACHE_BYTES)?;
        parse(&bytes, bundle, fingerprint)
    }

    /// Keeps the bundle in `bundle`, built from the pages `fingerprint`
    /// names. Errors are ignored: the next build indexes the bundle again.
    pub fn keep(&self, bundle: &str, fingerprint: &str, files: &[(String, Vec<u8>)]) {
        let Some(name) = file_name(bundle) else {
            return;
        };
        if ensure_dir(&self.dir).is_none() {
            return;
        }
        let _ = fsutil::write_atomic(&self.dir.join(name), &format(fingerprint, files));
    }

    /// Removes the cache files of bundles other than `bundles`.
    pub fn prune(&self, bundles: &BTreeSet<String>) {
        let wanted: BTreeSet<String> = bundles.iter().filter_map(|b| file_name(b)).collect();
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".bundle") && !wanted.contains(&name) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Creates the cache folder (and the state folder, with its `.gitignore`)
/// when missing, unless either has become a link since.
fn ensure_dir(dir: &Path) -> Option<()> {
    let state = dir.parent()?;
    if !is_folder_or_nothing(state) || !is_folder_or_nothing(dir) {
        return None;
    }
    create_state_dir(state).ok()?;
    fsutil::create_dir_all(dir).ok()
}

/// The cache file of a bundle: `pagefind/en/0` is `en-0.bundle`; `None`
/// for a folder name that is not letters, digits and hyphens.
fn file_name(bundle: &str) -> Option<String> {
    let rest = bundle
        .strip_prefix(super::search::BUNDLE_DIR)?
        .strip_prefix('/')?;
    let name = rest.replace('/', "-");
    let plain = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    plain.then(|| format!("{name}.bundle"))
}

/// A hash of a cache file's body, as its first line names it.
fn body_hash(body: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(body))
}

/// A cache file: `HEADER fingerprint hash`, then each file as its path on
/// a line, its length on a line and its bytes.
fn format(fingerprint: &str, files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut body = Vec::new();
    for (path, bytes) in files {
        body.extend_from_slice(format!("{path}\n{}\n", bytes.len()).as_bytes());
        body.extend_from_slice(bytes);
    }
    let mut out = format!("{HEADER} {fingerprint} {}\n", body_hash(&body)).into_bytes();
    out.extend_from_slice(&body);
    out
}

/// The files of a cache file, when it is whole, names `fingerprint` and
/// holds only files inside `bundle`.
fn parse(bytes: &[u8], bundle: &str, fingerprint: &str) -> Option<Files> {
    let (first, body) = split_line(bytes)?;
    let wanted = format!("{HEADER} {fingerprint} {}", body_hash(body));
    if first != wanted.as_bytes() {
        return None;
    }
    let mut files = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let (path, after) = split_line(rest)?;
        let (len, after) = split_line(after)?;
        let path = std::str::from_utf8(path).ok()?;
        let len: usize = std::str::from_utf8(len).ok()?.parse().ok()?;
        if !inside(path, bundle) || after.len() < len {
            return None;
        }
        files.push((path.to_string(), after[..len].to_vec()));
        rest = &after[len..];
    }
    Some(files)
}

/// The first line of `bytes` (without its newline) and what follows it.
fn split_line(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let end = memchr::memchr(b'\n', bytes)?;
    Some((&bytes[..end], &bytes[end + 1..]))
}

/// True for a plain path inside the folder `bundle`: no empty, `.` or `..`
/// part, no backslash.
fn inside(path: &str, bundle: &str) -> bool {
    let Some(rest) = path.strip_prefix(bundle).and_then(|r| r.strip_prefix('/')) else {
        return false;
    };
    !path.contains('\\')
        && rest
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Files {
        vec![
            ("pagefind/en/0/pagefind.js".into(), b"js\n".to_vec()),
            (
                "pagefind/en/0/fragment/en_1.pf_fragment".into(),
                vec![0, 10, 255],
            ),
        ]
    }

    #[test]
    fn a_cache_file_gives_back_its_files_for_its_fingerprint_only() {
        let bytes = format("abc", &files());
        assert_eq!(parse(&bytes, "pagefind/en/0", "abc"), Some(files()));
        assert_eq!(parse(&bytes, "pagefind/en/0", "abd"), None);
        assert_eq!(parse(&bytes, "pagefind/en/1", "abc"), None);
    }

    #[test]
    fn a_damaged_cache_file_is_a_miss() {
        let bytes = format("abc", &files());
        for cut in [0, 5, bytes.len() / 2, bytes.len() - 1] {
            assert_eq!(
                parse(&bytes[..cut], "pagefind/en/0", "abc"),
                None,
                "cut at {cut}"
            );
        }
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert_eq!(parse(&flipped, "pagefind/en/0", "abc"), None);
    }

    #[test]
    fn a_cache_file_naming_a_path_outside_its_bundle_is_a_miss() {
        for path in [
            "pagefind/en/0/../../../index.html",
            "pagefind/en/01/x",
            "index.html",
            "pagefind/en/0//x",
            "pagefind/en/0/a\\..\\..\\x",
        ] {
            let bytes = format("abc", &[(path.to_string(), b"x".to_vec())]);
            assert_eq!(parse(&bytes, "pagefind/en/0", "abc"), None, "{path}");
        }
    }

    #[test]
    fn bundles_are_named_plainly_or_not_cached() {
        assert_eq!(file_name("pagefind/en/0").as_deref(), Some("en-0.bundle"));
        assert_eq!(file_name("pagefind/../x"), None);
        assert_eq!(file_name("elsewhere/en/0"), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_state_or_cache_folder_is_left_alone() {
        let site = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), site.path().join(STATE_DIR)).unwrap();
        assert!(Cache::in_site(site.path()).is_none());
        std::fs::remove_file(site.path().join(STATE_DIR)).unwrap();
        std::fs::create_dir(site.path().join(STATE_DIR)).unwrap();
        std::os::unix::fs::symlink(outside.path(), site.path().join(STATE_DIR).join(CACHE_DIR))
            .unwrap();
        assert!(Cache::in_site(site.path()).is_none());
    }

    #[test]
    fn a_kept_bundle_is_taken_back_and_others_are_pruned() {
        let site = tempfile::tempdir().unwrap();
        let cache = Cache::in_site(site.path()).unwrap();
        cache.keep("pagefind/en/0", "abc", &files());
        let ignore = std::fs::read_to_string(site.path().join(STATE_DIR).join(".gitignore"));
        assert!(
            ignore.unwrap().contains("\n*\n"),
            "the cache alone still gets the state's .gitignore"
        );
        cache.keep("pagefind/cy/0", "def", &[]);
        assert_eq!(cache.take("pagefind/en/0", "abc"), Some(files()));
        assert_eq!(cache.take("pagefind/cy/0", "def"), Some(vec![]));
        cache.prune(&BTreeSet::from(["pagefind/en/0".to_string()]));
        assert_eq!(cache.take("pagefind/en/0", "abc"), Some(files()));
        assert_eq!(cache.take("pagefind/cy/0", "def"), None);
    }
}
