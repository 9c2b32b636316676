//! Council copies over a national upstream: `pack` (the national team's
//! release archive), unpacking a release safely, `init --from`, and the
//! review cycle (`upstream status/diff/accept/update`) backed by
//! `upstream.lock`, which records what the council has reviewed so a national
//! correction is never silently shadowed by an old local copy; and what a
//! release would do before it is taken ([`release`]: the dry run, for one
//! council or many).
//!
//! The merged build itself lives in `layers`; this module only moves
//! releases around and compares files.

pub mod init;
pub mod pack;
pub mod release;
pub mod release_report;
pub mod review;
pub mod status;
pub mod unpack;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::base::diagnostic::Diagnostic;
use crate::base::fsutil;
use crate::base::yaml::Source;

pub use crate::load::lock::{self, hash, PackId};
pub use init::create_from;
pub use pack::pack;
pub use review::{accept, diff, override_warnings, status, update, Accepted};
pub use status::Status;

/// The upstream folder's name when `site.yaml` has no `upstream:` key.
pub const DEFAULT_UPSTREAM: &str = "national";

/// A service every council must provide (`local_services:` in the national
/// `site.yaml`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LocalService {
    /// The signpost id national pages use.
    pub id: String,
    /// What the service is, in a phrase.
    #[serde(default)]
    pub what: String,
}

/// The few `site.yaml` keys the upstream commands need.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// `title:`, when set.
    pub title: Option<String>,
    /// `upstream:`, checked to be a plain relative folder.
    pub upstream: Option<PathBuf>,
    /// `pack:`, when set.
    pub pack: Option<PackId>,
    /// `local_services:`.
    pub local_services: Vec<LocalService>,
    /// `hide:`: upstream pages (paths under its `content/`) not published.
    pub hide: Vec<String>,
}

impl Settings {
    /// The upstream folder, relative to the site: `upstream:` or `national`.
    pub fn upstream_dir(&self) -> PathBuf {
        self.upstream
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_UPSTREAM))
    }
}

/// Raw mirror of the keys read; other keys are left to `config`.
#[derive(Deserialize, Default)]
struct RawSettings {
    title: Option<String>,
    upstream: Option<String>,
    pack: Option<PackId>,
    #[serde(default)]
    local_services: Vec<LocalService>,
    #[serde(default)]
    hide: Vec<String>,
}

/// Reads the upstream-related keys of `<site_dir>/site.yaml`. An `upstream:`
/// that is absolute or climbs out with `..` is an error naming `site.yaml`.
pub fn read_settings(site_dir: &Path) -> Result<Settings, Diagnostic> {
    let shown = Path::new(crate::load::config::CONFIG_FILE);
    let text = fsutil::read_text(&site_dir.join(shown), shown)?;
    let source = Source::file(&text, shown);
    let raw: RawSettings = source.parse()?;
    let upstream = match raw.upstream {
        None => None,
        Some(folder) if is_plain_relative(&folder) => Some(PathBuf::from(folder)),
        Some(folder) => {
            return Err(Diagnostic::error(
                shown,
                format!("upstream: \"{folder}\" must be a folder inside this site"),
            )
            .at_pos(source.key_pos(&["upstream"]))
            .with_hint("write a relative folder with no `..`, outside content/, themes/ and public/, such as `upstream: national`"))
        }
    };
    Ok(Settings {
        title: raw.title,
        upstream,
        pack: raw.pack,
        local_services: raw.local_services,
        hide: raw.hide,
    })
}

/// True for a folder inside the site and outside its own `content/`,
/// `themes/` and `public/` (the rule `layers` applies when building).
pub(crate) fn is_plain_relative(path: &str) -> bool {
    crate::load::layers::is_inside(Path::new(path))
}

/// True for names that are skipped everywhere: `.git`, `.DS_Store`, editor files.
pub(crate) fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// Every file under `root` (not following symlinks, skipping hidden names),
/// keyed by its path relative to `root` with `/` separators. A missing
/// folder has no files.
pub fn content_files(root: &Path) -> BTreeMap<String, PathBuf> {
    let mut files = BTreeMap::new();
    if !root.is_dir() {
        return files;
    }
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in walker.filter_map(Result::ok) {
        if !entry.file_type().is_file() {
            continue;
        }
        if let Ok(rel) = entry.path().strip_prefix(root) {
            files.insert(slash_path(rel), entry.path().to_path_buf());
        }
    }
    files
}

pub(crate) use crate::load::layers::slash_path;

/// The published paths (relative to `content/`) that both the council and
/// its upstream have: the council's file overrides the upstream's. Data
/// (`_signposts/…`) is merged by id, not by file, so it is never an override.
pub fn overrides(site_dir: &Path, upstream_dir: &Path) -> Vec<String> {
    let upstream = content_files(&upstream_dir.join("content"));
    overrides_of(&content_files(&site_dir.join("content")), &upstream)
}

/// [`overrides`] of two walks already made ([`content_files`] of the
/// council's and the upstream's `content/`).
pub fn overrides_of(
    ours: &BTreeMap<String, PathBuf>,
    theirs: &BTreeMap<String, PathBuf>,
) -> Vec<String> {
    ours.keys()
        .filter(|rel| theirs.contains_key(*rel))
        .filter(|rel| {
            crate::load::content::file_role(Path::new(rel)) != crate::load::content::FileRole::Data
        })
        .cloned()
        .collect()
}

pub(crate) use crate::base::fsutil::write_atomic;

#[cfg(test)]
mod tests {
    use super::*;

    fn site(yaml: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.yaml"), yaml).unwrap();
        dir
    }

    #[test]
    fn settings_read_only_what_they_need() {
        let dir = site(
            "title: T\nbase_url: x\nunknown_key: 1\nupstream: up/nat\npack: { name: n, version: \"2\" }\n\
             local_services:\n  - { id: lado, what: \"the LADO\" }\nhide: [realise/a.md]\n",
        );
        let settings = read_settings(dir.path()).unwrap();
        assert_eq!(settings.upstream_dir(), PathBuf::from("up/nat"));
        assert_eq!(settings.pack.unwrap().version, "2");
        assert_eq!(settings.local_services[0].id, "lado");
        assert_eq!(settings.hide, vec!["realise/a.md"]);
    }

    #[test]
    fn upstream_defaults_to_national() {
        let dir = site("title: T\n");
        assert_eq!(
            read_settings(dir.path()).unwrap().upstream_dir(),
            PathBuf::from("national")
        );
    }

    #[test]
    fn upstream_outside_the_site_is_an_error_naming_site_yaml() {
        for bad in [
            "../nat",
            "/abs/nat",
            "a/../../b",
            "",
            ".",
            "content",
            "./themes/x",
        ] {
            let dir = site(&format!("title: T\nupstream: \"{bad}\"\n"));
            let error = read_settings(dir.path()).unwrap_err();
            assert_eq!(error.path, PathBuf::from("site.yaml"));
            assert!(error.message.contains("must be a folder inside this site"));
            assert_eq!(error.line, 2, "{bad}");
        }
    }

    #[test]
    fn missing_site_yaml_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let error = read_settings(dir.path()).unwrap_err();
        assert!(error.message.contains("site.yaml"), "{}", error.message);
    }

    #[test]
    fn overrides_are_files_both_sides_have() {
        let dir = tempfile::tempdir().unwrap();
        for rel in [
            "content/a.md",
            "content/x/b.md",
            "content/.hidden.md",
            "national/content/a.md",
            "national/content/x/b.md",
            "national/content/.hidden.md",
            "national/content/c.md",
        ] {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let found = overrides(dir.path(), &dir.path().join("national"));
        assert_eq!(found, vec!["a.md", "x/b.md"]);
    }

    #[test]
    fn hash_is_stable_sha256() {
        assert_eq!(
            hash(b"abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
