//! `beacon init`: a new site folder with `site.yaml`, starter pages for the
//! three Rs and starter help services. The default theme is built in, so
//! the new site needs no theme folder until it wants to override one.
//! `init --ci` (in [`ci`]) adds a pinned pipeline for the site's repository.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir, DirEntry};

use crate::base::diagnostic::Diagnostic;
use crate::base::fsutil;

pub mod ci;

static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/starter");

/// Writes the starter site into `dir`; refuses, writing nothing, when any
/// file it would write already exists.
pub fn create(dir: &Path) -> Result<(), Diagnostic> {
    let mut planned = Vec::new();
    starter_paths(&STARTER, &mut planned);
    refuse_links(dir, &planned)?;
    refuse_overwrites(dir, &planned)?;
    write_dir(&STARTER, dir)
}

fn starter_paths(source: &Dir<'static>, paths: &mut Vec<PathBuf>) {
    for entry in source.entries() {
        match entry {
            DirEntry::Dir(sub) => starter_paths(sub, paths),
            DirEntry::File(file) => paths.push(file.path().to_path_buf()),
        }
    }
}

/// One error listing every link on the way to the files of `planned`
/// (relative to `dir`): `dir` itself, each folder between it and a file,
/// and the file. Through a link, `init` could write outside `dir`, so it
/// writes nothing.
pub fn refuse_links(dir: &Path, planned: &[PathBuf]) -> Result<(), Diagnostic> {
    let mut on_the_way = std::collections::BTreeSet::new();
    on_the_way.insert(PathBuf::new());
    for rel in planned {
        let mut at = PathBuf::new();
        for part in rel.components() {
            at.push(part);
            on_the_way.insert(at.clone());
        }
    }
    let links: Vec<PathBuf> = on_the_way
        .into_iter()
        .filter(|rel| {
            // `dir.join("")` would end in a slash, which follows the link.
            let path = match rel.as_os_str().is_empty() {
                true => dir.to_path_buf(),
                false => dir.join(rel),
            };
            std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink())
        })
        .collect();
    if links.is_empty() {
        return Ok(());
    }
    let list: String = links
        .iter()
        .map(|rel| match rel.as_os_str().is_empty() {
            true => format!("\n  {}", dir.display()),
            false => format!("\n  {}", dir.join(rel).display()),
        })
        .collect();
    Err(Diagnostic::error(
        dir,
        format!(
            "init writes only inside {}, and {} folder(s) or file(s) on the way are links, which Beacon does not follow, so it wrote nothing:{list}",
            dir.display(),
            links.len()
        ),
    )
    .with_hint("remove the links, or choose a new folder name"))
}

/// One error listing every file of `planned` (relative to `dir`) that
/// already exists, so `init` never overwrites anything and writes nothing.
pub fn refuse_overwrites(dir: &Path, planned: &[PathBuf]) -> Result<(), Diagnostic> {
    let existing: Vec<&PathBuf> = planned
        .iter()
        .filter(|rel| std::fs::symlink_metadata(dir.join(rel)).is_ok())
        .collect();
    if existing.is_empty() {
        return Ok(());
    }
    let list: String = existing
        .iter()
        .map(|rel| format!("\n  {}", rel.display()))
        .collect();
    Err(Diagnostic::error(
        dir,
        format!(
            "init would overwrite {} existing file(s) in {}, so it wrote nothing:{list}",
            existing.len(),
            dir.display()
        ),
    )
    .with_hint("choose a new folder name, or move these files away first"))
}

fn write_dir(source: &Dir<'static>, target: &Path) -> Result<(), Diagnostic> {
    for entry in source.entries() {
        match entry {
            DirEntry::Dir(sub) => write_dir(sub, target)?,
            DirEntry::File(file) => fsutil::write(&target.join(file.path()), file.contents())?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_over_existing_content_lists_every_file_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/realise")).unwrap();
        std::fs::write(dir.path().join("content/_index.md"), "mine").unwrap();
        std::fs::write(dir.path().join("content/realise/_index.md"), "mine").unwrap();
        let error = create(dir.path()).unwrap_err();
        assert!(
            error.message.contains("overwrite 2 existing file(s)")
                && error.message.contains("\n  content/_index.md")
                && error.message.contains("\n  content/realise/_index.md"),
            "{}",
            error.message
        );
        assert!(!dir.path().join("site.yaml").exists(), "nothing written");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("content/_index.md")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn starter_site_builds_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("new-site");
        create(&site).unwrap();
        let error = create(&site).unwrap_err();
        assert!(error
            .message
            .contains("init would overwrite 7 existing file(s)"));
        assert!(
            error.message.contains("\n  content/_index.md"),
            "{}",
            error.message
        );
        let options = crate::site::Options::new(&site);
        let files = crate::site::build_in_memory(&options).unwrap_or_else(|d| panic!("{d:#?}"));
        assert!(files.contains_key("realise/index.html"));
        assert!(files.contains_key("get-help/index.html"));
    }

    /// An empty folder outside the site, to link to: it must stay empty.
    #[cfg(unix)]
    fn outside_folder() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }

    #[cfg(unix)]
    #[test]
    fn init_through_a_linked_content_folder_writes_nothing_outside() {
        let dir = tempfile::tempdir().unwrap();
        let outside = outside_folder();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("content")).unwrap();
        let error = create(dir.path()).unwrap_err();
        assert!(
            error
                .message
                .contains("1 folder(s) or file(s) on the way are links")
                && error
                    .message
                    .ends_with(&format!("\n  {}", dir.path().join("content").display())),
            "{}",
            error.message
        );
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
        assert!(!dir.path().join("site.yaml").exists(), "nothing written");
    }

    #[cfg(unix)]
    #[test]
    fn init_into_a_link_or_over_a_linked_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let outside = outside_folder();
        let target = dir.path().join("new-site");
        std::os::unix::fs::symlink(outside.path(), &target).unwrap();
        let error = create(&target).unwrap_err();
        assert!(error.message.contains("are links"), "{}", error.message);
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
        let site = dir.path().join("other");
        std::fs::create_dir_all(site.join("content/realise")).unwrap();
        std::os::unix::fs::symlink(outside.path(), site.join("content/realise/_index.md")).unwrap();
        std::os::unix::fs::symlink(outside.path(), site.join("content/recognise")).unwrap();
        let error = create(&site).unwrap_err();
        assert!(
            error
                .message
                .contains("2 folder(s) or file(s) on the way are links")
                && error.message.contains("content/realise/_index.md")
                && error.message.contains("content/recognise"),
            "{}",
            error.message
        );
    }
}
