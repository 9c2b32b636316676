//! Writes the built site. A build renders into a fresh staging folder beside
//! the output and swaps it in only when everything succeeded, so a failed
//! build leaves the previous output exactly as it was. Also makes the
//! site-wide files: sitemap, Atom feed, robots.txt, `_headers` and the
//! other hosts' header files.
//! Nothing is written outside the output folder but the build state in the
//! site's `.beacon/` (the manifest and the search index's cache).

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use crate::base::diagnostic::Diagnostic;
use crate::base::fsutil;

pub mod body_facts;
mod hosts;
pub mod manifest;
pub mod record;
pub mod search;
pub mod search_cache;
mod sinks;
mod site_files;
mod staging;

pub use hosts::{headers, static_web_app_config, web_config, HostPaths};
pub use sinks::{ChangedSink, DirSink, MemorySink};
pub use site_files::{feed, robots, sitemap, Listed};
pub use staging::{holds_nothing, Staging};

/// Checks that `rel` stays inside the output folder: relative, no `..`.
pub fn checked_relative(rel: &str) -> Result<&Path, Diagnostic> {
    let path = Path::new(rel);
    let inside = !rel.is_empty()
        && !rel.contains('\\')
        && path.components().all(|c| matches!(c, Component::Normal(_)));
    if inside {
        Ok(path)
    } else {
        Err(Diagnostic::error(
            rel,
            format!("refusing to write \"{rel}\": it is outside the output folder"),
        )
        .with_hint("a page's path or slug may not contain `..` or start with `/`"))
    }
}

/// The file every build leaves in its output folder, so a later build knows
/// the folder is Beacon's to replace.
pub const MARKER: &str = ".beacon-output";

/// What the marker file says.
pub const MARKER_TEXT: &str =
    "This folder is written by Beacon (beacon build): every file in it may be replaced.\n";

/// Refuses an output folder that holds files Beacon did not write (no
/// marker, and not an earlier Beacon build's `sitemap.xml` and `_headers`),
/// since a build replaces everything in it; `--force` allows it.
pub fn check_owned(out: &Path, force: bool) -> Result<(), Diagnostic> {
    let empty = std::fs::read_dir(out).map_or(true, |mut entries| entries.next().is_none());
    let ours = out.join(MARKER).is_file()
        || (out.join("sitemap.xml").is_file() && out.join("_headers").is_file());
    if empty || ours || force {
        return Ok(());
    }
    Err(Diagnostic::error(
        out,
        format!(
            "{} holds files Beacon did not write, and a build replaces everything in it",
            out.display()
        ),
    )
    .with_hint("choose an empty or new folder with --out, or pass --force to let Beacon replace what is there"))
}
/// The output folder as an absolute path, refused when it is, or holds, the
/// site folder, or lies inside `content/` or `themes/`.
pub fn checked_out_dir(out: &Path, site_dir: &Path) -> Result<PathBuf, Diagnostic> {
    let absolute = |path: &Path| std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let (out_abs, site_abs) = (absolute(out), absolute(site_dir));
    let clashes = site_abs.starts_with(&out_abs)
        || out_abs.starts_with(site_abs.join("content"))
        || out_abs.starts_with(site_abs.join("themes"));
    if clashes {
        return Err(
            Diagnostic::error(out, "the output folder would replace the site's own files")
                .with_hint(
                "choose an output folder such as `public` that holds nothing but the built site",
            ),
        );
    }
    Ok(out_abs)
}

/// Every file under `dir`, as paths relative to it with `/` separators.
pub fn list_files(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| {
            let rel = entry.path().strip_prefix(dir).ok()?;
            Some(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            )
        })
        .collect()
}

/// Deletes the files `stale` (relative to `dir`) and any folders left empty.
pub fn remove_stale(dir: &Path, stale: &BTreeSet<String>) -> Result<usize, Diagnostic> {
    for rel in stale {
        let path = dir.join(checked_relative(rel)?);
        if std::fs::symlink_metadata(&path).is_ok_and(|meta| meta.is_dir()) {
            // The file became a folder of the new site since it was listed.
            continue;
        }
        match std::fs::remove_file(&path) {
            // Gone already, or a folder on its path became a file of the
            // new site since it was listed.
            Err(error)
                if !matches!(
                    error.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                return Err(fsutil::io_error(&path, "cannot remove", &error));
            }
            _ => {}
        }
        let mut parent = path.parent();
        while let Some(folder) = parent.filter(|folder| *folder != dir) {
            if std::fs::remove_dir(folder).is_err() {
                break;
            }
            parent = folder.parent();
        }
    }
    Ok(stale.len())
}

#[cfg(test)]
mod tests {
    use super::manifest::Manifest;
    use super::*;
    use crate::base::date::Date;
    use crate::render::Sink;

    #[test]
    fn paths_outside_the_output_are_refused() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\..\\b"] {
            assert!(checked_relative(bad).is_err(), "{bad}");
        }
        assert!(checked_relative("realise/myths/index.html").is_ok());
    }

    #[test]
    fn only_changed_files_are_written_and_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("gone")).unwrap();
        std::fs::write(out.join("same.html"), "same").unwrap();
        std::fs::write(out.join("edited.html"), "old").unwrap();
        std::fs::write(out.join("gone/index.html"), "gone").unwrap();
        let before = std::fs::metadata(out.join("same.html"))
            .unwrap()
            .modified()
            .unwrap();
        let site = dir.path().join("site");
        let build = |abandon: bool| {
            let staging = Staging::new(&out, &site).unwrap();
            let sink = ChangedSink::new(&staging);
            sink.write("same.html", b"same").unwrap();
            sink.write("edited.html", b"new").unwrap();
            sink.write("new/index.html", b"new page").unwrap();
            assert_eq!(sink.changed(), 2);
            if abandon {
                staging.abandon();
                return 0;
            }
            staging.commit_changes(&sink.into_paths()).unwrap()
        };
        build(true);
        assert_eq!(
            std::fs::read_to_string(out.join("edited.html")).unwrap(),
            "old"
        );
        assert!(!out.join("new").exists(), "nothing written before commit");
        assert_eq!(build(false), 1, "the page the site no longer has");
        assert_eq!(
            std::fs::read_to_string(out.join("edited.html")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("new/index.html")).unwrap(),
            "new page"
        );
        assert!(!out.join("gone").exists());
        let after = std::fs::metadata(out.join("same.html"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after, "an unchanged file is not rewritten");
        assert!(
            list_files(dir.path())
                .iter()
                .all(|f| f.starts_with("public/")),
            "no staging left"
        );
    }

    /// An output folder that is empty (or holds only Beacon's marker) is
    /// replaced by the staging folder in one rename, like a missing one;
    /// one holding anything else gets its files one by one.
    #[cfg(unix)]
    #[test]
    fn an_empty_output_folder_is_replaced_by_one_rename() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let site = dir.path().join("site");
        let build = || {
            let staging = Staging::new(&out, &site).unwrap();
            let staged = std::fs::metadata(staging.path()).unwrap().ino();
            let sink = ChangedSink::new(&staging);
            sink.write("index.html", b"home").unwrap();
            sink.write("realise/index.html", b"hub").unwrap();
            sink.write(MARKER, MARKER_TEXT.as_bytes()).unwrap();
            let existing = staging.existing();
            staging.commit(sink, &existing).unwrap();
            staged
        };
        for marker_only in [false, true] {
            let _ = std::fs::remove_dir_all(&out);
            std::fs::create_dir(&out).unwrap();
            if marker_only {
                std::fs::write(out.join(MARKER), MARKER_TEXT).unwrap();
            }
            let staged = build();
            assert_eq!(
                std::fs::metadata(&out).unwrap().ino(),
                staged,
                "marker only: {marker_only}"
            );
            assert_eq!(
                list_files(&out),
                BTreeSet::from([
                    "index.html".into(),
                    "realise/index.html".into(),
                    MARKER.to_string()
                ])
            );
        }
        // Not empty: the folder stays, its files are replaced.
        std::fs::write(out.join("old.html"), "old").unwrap();
        let kept = std::fs::metadata(&out).unwrap().ino();
        let staged = build();
        assert_ne!(staged, kept);
        assert_eq!(std::fs::metadata(&out).unwrap().ino(), kept);
        assert!(!out.join("old.html").exists());
        assert_eq!(
            std::fs::read(out.join("realise/index.html")).unwrap(),
            b"hub"
        );
        assert!(
            list_files(dir.path())
                .iter()
                .all(|f| f.starts_with("public/") || f.starts_with("site/.beacon/")),
            "no staging left"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn staging_left_by_a_killed_build_is_removed_and_a_live_one_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let dead = dir.path().join(".public.building-4000000");
        let live = dir
            .path()
            .join(format!(".public.building-{}", std::process::id()));
        std::fs::create_dir_all(dead.join("realise")).unwrap();
        std::fs::write(dead.join("realise/index.html"), "half").unwrap();
        let staging = Staging::new(&out, &dir.path().join("site")).unwrap();
        assert!(!dead.exists(), "a killed build's staging folder is removed");
        assert_eq!(staging.path(), live.as_path());
        staging.abandon();
    }

    #[test]
    fn writing_in_place_withdraws_the_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let site = dir.path().join("site");
        let place = manifest::Place::new(&site, &out);
        let staging = Staging::new(&out, &site).unwrap();
        let sink = ChangedSink::new(&staging);
        sink.write("index.html", b"home").unwrap();
        staging.commit(sink, &BTreeSet::new()).unwrap();
        assert!(
            !out.join(".beacon-manifest").exists() && place.file().is_file(),
            "the manifest is kept in the site's build state, not in the output"
        );
        let manifest = Manifest::read(&place);
        let entry = manifest.current("index.html", &out.join("index.html"));
        assert_eq!(
            entry.and_then(|e| e.hash),
            Some(manifest::hash_bytes(b"home"))
        );
        let sink = DirSink::new(&out, &site, true);
        assert!(
            !place.file().exists(),
            "watch's sink leaves no manifest to vouch for what it rewrites"
        );
        sink.write("index.html", b"away").unwrap();
    }

    #[test]
    fn a_commit_that_changed_nothing_leaves_the_manifest_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let site = dir.path().join("site");
        let build = || {
            let staging = Staging::new(&out, &site).unwrap();
            let sink = ChangedSink::new(&staging);
            sink.write_rendered("a.html", b"a", Some(7)).unwrap();
            let existing = staging.existing();
            staging.commit(sink, &existing).unwrap()
        };
        build();
        let place = manifest::Place::new(&site, &out);
        let path = place.file();
        let first = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert_eq!(build(), 0, "nothing is stale");
        assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), first);
        let kept = Manifest::read(&place);
        assert_eq!(kept.get("a.html").and_then(|e| e.key), Some(7));
    }

    #[test]
    fn a_page_that_becomes_a_folder_and_back_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("x"), "a file").unwrap();
        let staging = Staging::new(&out, &dir.path().join("site")).unwrap();
        let sink = ChangedSink::new(&staging);
        sink.write("x/index.html", b"now a folder").unwrap();
        staging.commit_changes(&sink.into_paths()).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("x/index.html")).unwrap(),
            "now a folder"
        );
        let staging = Staging::new(&out, &dir.path().join("site")).unwrap();
        let sink = ChangedSink::new(&staging);
        sink.write("x", b"a file again").unwrap();
        staging.commit_changes(&sink.into_paths()).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("x")).unwrap(),
            "a file again"
        );
    }

    #[test]
    fn the_site_folder_is_never_an_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Staging::new(dir.path(), dir.path()).is_err());
        assert!(Staging::new(&dir.path().join("content/x"), dir.path()).is_err());
    }

    #[test]
    fn feed_lists_dated_pages_newest_first() {
        let config =
            crate::load::config::parse("title: T & Co\nbase_url: https://e.org/cse\n", None)
                .unwrap();
        let page = |url: &str, date: &str| Listed {
            url: url.into(),
            title: url.into(),
            description: "d".into(),
            date: Date::parse(date),
            permalink: config.permalink(url),
            alternates: Vec::new(),
        };
        let xml = feed(
            &config,
            &[
                page("a/", "2026-01-01"),
                page("b/", "2026-02-01"),
                page("c/", ""),
            ],
            ("", "feed.xml"),
            Date::parse("2026-11-29").unwrap(),
        );
        assert!(!xml.contains("1970"));
        assert!(xml.contains("<title>T &amp; Co</title>"));
        let a = xml.find("https://e.org/cse/a/").unwrap();
        let b = xml.find("https://e.org/cse/b/").unwrap();
        assert!(b < a);
        assert!(!xml.contains("/cse/c/"));
        assert!(xml.contains("<updated>2026-02-01T00:00:00Z</updated>"));
    }
}
