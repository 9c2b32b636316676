//! Sorts raw file-system events into the changes a rebuild cares about.
//! Pure and unit-tested: editor temp files and the output folder are
//! dropped, everything else becomes a [`Change`].

use std::path::{Path, PathBuf};

use crate::load::config::CONFIG_FILE;
use crate::load::content::{file_role, FileRole, CONTENT_DIR};

/// One thing that changed in a site, with its path relative to the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    /// `site.yaml`: everything is reloaded.
    Config,
    /// A file under `themes/`: templates, strings and static files reload.
    Theme(PathBuf),
    /// Data under `content/` (`_signposts/…`, other `_` folders).
    Data(PathBuf),
    /// A Markdown page under `content/`.
    Page(PathBuf),
    /// Any other file under `content/`, copied to the output.
    Asset(PathBuf),
    /// A file in an upstream folder (`national/…`): everything reloads.
    Upstream(PathBuf),
}

impl Change {
    /// The path it is about, relative to the site.
    pub fn path(&self) -> &Path {
        match self {
            Change::Config => Path::new(CONFIG_FILE),
            Change::Theme(path)
            | Change::Data(path)
            | Change::Page(path)
            | Change::Asset(path)
            | Change::Upstream(path) => path,
        }
    }
}

/// True for files editors write while saving: Vim's `.swp`/`.swx`/`4913`,
/// Emacs's `.#name` and `#name#`, backups ending in `~`, and `.tmp` files.
pub fn is_editor_temp(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return true;
    };
    name == "4913"
        || name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swx", ".swo", ".tmp", ".crdownload"]
            .iter()
            .any(|ext| name.ends_with(ext))
        || name.starts_with(".goutputstream")
}

/// Turns event paths into sorted, de-duplicated changes. Paths may be
/// absolute or relative to `site_dir`; the output folder and anything that
/// is not `site.yaml`, `content/`, `themes/` or inside one of `upstreams`
/// (folders relative to the site) is ignored.
pub fn classify(
    paths: &[PathBuf],
    site_dir: &Path,
    out_dir: &Path,
    upstreams: &[PathBuf],
) -> Vec<Change> {
    let mut changes: Vec<Change> = paths
        .iter()
        .filter(|path| !is_editor_temp(path))
        .filter(|path| !path.starts_with(out_dir))
        .filter_map(|path| {
            let rel = relative(path, site_dir)?;
            match upstreams.iter().find(|upstream| rel.starts_with(upstream)) {
                Some(upstream) => upstream_change(rel, upstream),
                None => change_for(rel),
            }
        })
        .collect();
    changes.sort();
    changes.dedup();
    changes
}

fn relative<'a>(path: &'a Path, site_dir: &Path) -> Option<&'a Path> {
    if path.is_relative() {
        return Some(path);
    }
    path.strip_prefix(site_dir).ok()
}

/// A change inside an upstream counts when the upstream's own site would
/// care about it (its site.yaml, content or themes).
fn upstream_change(rel: &Path, upstream: &Path) -> Option<Change> {
    let inside = rel.strip_prefix(upstream).ok()?;
    let replaced = inside.as_os_str().is_empty();
    (replaced || change_for(inside).is_some()).then(|| Change::Upstream(rel.to_path_buf()))
}

fn change_for(rel: &Path) -> Option<Change> {
    if rel == Path::new(CONFIG_FILE) {
        return Some(Change::Config);
    }
    if rel.starts_with("themes") {
        return Some(Change::Theme(rel.to_path_buf()));
    }
    let inside = rel.strip_prefix(CONTENT_DIR).ok()?;
    if inside.as_os_str().is_empty() {
        return Some(Change::Page(rel.to_path_buf()));
    }
    Some(match file_role(inside) {
        FileRole::Page => Change::Page(rel.to_path_buf()),
        FileRole::Asset => Change::Asset(rel.to_path_buf()),
        FileRole::Data => Change::Data(rel.to_path_buf()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(paths: &[&str]) -> Vec<Change> {
        let site = Path::new("/site");
        let paths: Vec<PathBuf> = paths.iter().map(|p| site.join(p)).collect();
        classify(
            &paths,
            site,
            &site.join("public"),
            &[PathBuf::from("national")],
        )
    }

    #[test]
    fn editor_temp_files_are_dropped() {
        for temp in [
            "content/a.md.swp",
            "content/.a.md.swx",
            "content/4913",
            "content/a.md~",
            "content/.#a.md",
            "content/#a.md#",
            "themes/x/templates/page.html.tmp",
        ] {
            assert!(sorted(&[temp]).is_empty(), "{temp} should be dropped");
        }
    }

    #[test]
    fn the_output_folder_and_other_files_are_ignored() {
        assert!(sorted(&["public/index.html", "target/debug/beacon", "README.md"]).is_empty());
    }

    #[test]
    fn each_kind_of_change_is_recognised() {
        assert_eq!(sorted(&["site.yaml"]), vec![Change::Config]);
        assert_eq!(
            sorted(&["themes/council/templates/page.html"]),
            vec![Change::Theme("themes/council/templates/page.html".into())]
        );
        assert_eq!(
            sorted(&["content/realise/myths.md"]),
            vec![Change::Page("content/realise/myths.md".into())]
        );
        assert_eq!(
            sorted(&["content/_index.md"]),
            vec![Change::Page("content/_index.md".into())]
        );
        assert_eq!(
            sorted(&["content/images/logo.svg"]),
            vec![Change::Asset("content/images/logo.svg".into())]
        );
        assert_eq!(
            sorted(&["content/_signposts/national.yaml"]),
            vec![Change::Data("content/_signposts/national.yaml".into())]
        );
        assert_eq!(
            sorted(&["content/.hidden.md"]),
            vec![Change::Data("content/.hidden.md".into())]
        );
    }

    #[test]
    fn a_burst_of_events_becomes_one_change_per_file() {
        let burst: Vec<String> = (0..5000)
            .map(|i| format!("content/realise/p{}.md", i % 10))
            .collect();
        let refs: Vec<&str> = burst.iter().map(String::as_str).collect();
        assert_eq!(sorted(&refs).len(), 10);
    }

    #[test]
    fn a_deleted_folder_is_a_page_change_for_the_folder() {
        assert_eq!(
            sorted(&["content/realise"]),
            vec![Change::Asset("content/realise".into())]
        );
    }

    #[test]
    fn relative_paths_are_accepted() {
        let changes = classify(
            &[PathBuf::from("content/a.md")],
            Path::new("/site"),
            Path::new("/site/public"),
            &[],
        );
        assert_eq!(changes, vec![Change::Page("content/a.md".into())]);
    }
}
