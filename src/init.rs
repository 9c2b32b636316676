//! `beacon init`: a new site folder with `site.yaml`, starter pages for the
//! three Rs and starter help services. The default theme is built in, so
//! the new site needs no theme folder until it wants to override one.

use std::path::Path;

use include_dir::{include_dir, Dir, DirEntry};

use crate::diagnostic::Diagnostic;
use crate::fsutil;

static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/starter");

/// Writes the starter site into `dir`; refuses a folder that already holds
/// a `site.yaml`.
pub fn create(dir: &Path) -> Result<(), Diagnostic> {
    if dir.join(crate::config::CONFIG_FILE).exists() {
        return Err(
            Diagnostic::error(dir.join("site.yaml"), "there is already a site here")
                .with_hint("choose a new folder name"),
        );
    }
    write_dir(&STARTER, dir)
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
    fn starter_site_builds_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("new-site");
        create(&site).unwrap();
        assert!(create(&site).is_err(), "a second init must refuse");
        let options = crate::site::Options::new(&site);
        let files = crate::site::build_in_memory(&options).unwrap_or_else(|d| panic!("{d:#?}"));
        assert!(files.contains_key("realise/index.html"));
        assert!(files.contains_key("get-help/index.html"));
    }
}
