//! `beacon init`: a new site folder with `site.yaml`, starter pages for the
//! three Rs and starter help services. The default theme is built in, so
//! the new site needs no theme folder until it wants to override one.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir, DirEntry};

use crate::base::diagnostic::Diagnostic;
use crate::base::fsutil;

static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/starter");

/// Writes the starter site into `dir`; refuses, writing nothing, when any
/// file it would write already exists.
pub fn create(dir: &Path) -> Result<(), Diagnostic> {
    let mut planned = Vec::new();
    starter_paths(&STARTER, &mut planned);
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
}
