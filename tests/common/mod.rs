//! Helpers for integration tests: copy a fixture site into a temporary
//! folder, change files in it, build it, and read the output.
#![allow(dead_code)]

pub mod server;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use beacon::base::date::Date;
use beacon::base::diagnostic::Diagnostic;
use beacon::site::{self, Options};

/// A fixture site copied into a temporary folder.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    /// Copies `tests/fixtures/<name>` into a fresh temporary folder.
    pub fn fixture(name: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_dir(&source, dir.path());
        TestSite { dir }
    }

    /// The site folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes (or replaces) a file in the site.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        self.write_bytes(rel, text.as_bytes())
    }

    /// Writes raw bytes to a file in the site.
    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    /// Replaces a file of the site with a FIFO (a named pipe).
    #[cfg(unix)]
    pub fn fifo(&self, rel: &str) -> &Self {
        let path = self.path().join(rel);
        let _ = std::fs::remove_file(&path);
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap();
        assert!(made.success(), "mkfifo {rel}");
        self
    }

    /// Replaces `from` with `to` in a file of the site; `from` must be there.
    pub fn replace(&self, rel: &str, from: &str, to: &str) -> &Self {
        let text = std::fs::read_to_string(self.path().join(rel)).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.write(rel, &text.replacen(from, to, 1))
    }

    /// Removes a file from the site.
    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.path().join(rel)).unwrap();
        self
    }

    /// Options for building this site on a fixed date.
    pub fn options(&self) -> Options {
        Options {
            today: Date::parse("2026-11-28").unwrap(),
            ..Options::new(self.path())
        }
    }

    /// Builds into memory; panics with the diagnostics on failure.
    pub fn build(&self) -> Output {
        self.build_with(self.options())
    }

    /// Builds into memory with options; panics on failure.
    pub fn build_with(&self, options: Options) -> Output {
        match site::build_in_memory(&options) {
            Ok(files) => Output { files },
            Err(diagnostics) => panic!("build failed: {diagnostics:#?}"),
        }
    }

    /// Builds and expects failure; returns the errors (warnings dropped).
    pub fn errors(&self) -> Vec<Diagnostic> {
        match site::build_in_memory(&self.options()) {
            Ok(_) => panic!("the build should have failed"),
            Err(diagnostics) => diagnostics.into_iter().filter(|d| d.is_error()).collect(),
        }
    }

    /// The one error of a failed build.
    pub fn error(&self) -> Diagnostic {
        let errors = self.errors();
        assert_eq!(errors.len(), 1, "expected exactly one error: {errors:#?}");
        errors.into_iter().next().unwrap()
    }
}

/// A built site, in memory.
pub struct Output {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Output {
    /// The text of an output file; panics if it is missing.
    pub fn text(&self, rel: &str) -> String {
        let bytes = self.files.get(rel).unwrap_or_else(|| {
            panic!(
                "{rel} missing; have {:?}",
                self.files.keys().collect::<Vec<_>>()
            )
        });
        String::from_utf8(bytes.clone()).unwrap()
    }

    /// Every HTML page written.
    pub fn html_pages(&self) -> Vec<&String> {
        self.files.keys().filter(|p| p.ends_with(".html")).collect()
    }

    /// True when the file was written.
    pub fn has(&self, rel: &str) -> bool {
        self.files.contains_key(rel)
    }
}

/// Every file under `root` (relative path → bytes), to tell that a
/// command left a folder exactly as it was.
pub fn files_under(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let rel = entry.path().strip_prefix(root).unwrap().to_path_buf();
            (rel, std::fs::read(entry.path()).unwrap())
        })
        .collect()
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target: PathBuf = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The positions of `needles` in `haystack`, asserting each is present.
pub fn positions(haystack: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|needle| {
            haystack
                .find(needle)
                .unwrap_or_else(|| panic!("{needle:?} not found"))
        })
        .collect()
}

/// Asserts the needles appear in this order.
pub fn assert_in_order(haystack: &str, needles: &[&str]) {
    let found = positions(haystack, needles);
    let mut sorted = found.clone();
    sorted.sort_unstable();
    assert_eq!(found, sorted, "{needles:?} are not in order");
}
