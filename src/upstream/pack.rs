//! `beacon pack`: the national team's release, `NAME-VERSION.tar.gz`, holding
//! `site.yaml`, `pack.yaml`, `content/` and `themes/` and nothing else. The
//! archive is deterministic (sorted entries, zero times and owners, fixed
//! modes): packing the same site twice gives the same bytes, so a release
//! can be checked by its hash.

use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;

use super::{is_hidden, read_settings, slash_path, PackId};
use crate::base::diagnostic::Diagnostic;
use crate::base::fsutil;

/// The folders of a site that a pack carries, beside `site.yaml`.
pub const PACKED_FOLDERS: [&str; 2] = ["content", "themes"];

/// The file at the archive's root recording the release.
pub const PACK_FILE: &str = "pack.yaml";

/// What `pack` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packed {
    /// The archive written.
    pub path: PathBuf,
    /// The release it holds.
    pub id: PackId,
    /// How many files it holds.
    pub files: usize,
}

/// One archive entry: a folder, or a file with its source on disk.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Item {
    Dir(String),
    File(String, PathBuf),
}

/// Packs the site in `site_dir` into `out` (default
/// `<site_dir>/NAME-VERSION.tar.gz`), writing it atomically.
pub fn pack(site_dir: &Path, out: Option<&Path>) -> Result<Packed, Diagnostic> {
    let id = pack_id(site_dir)?;
    let items = collect(site_dir)?;
    let bytes = archive(&items, &id)?;
    let path = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| site_dir.join(format!("{}-{}.tar.gz", id.name, id.version)));
    super::write_atomic(&path, &bytes)?;
    let files = items
        .iter()
        .filter(|item| matches!(item, Item::File(..)))
        .count();
    Ok(Packed { path, id, files })
}

/// `pack:` from site.yaml, checked to make a safe file name.
fn pack_id(site_dir: &Path) -> Result<PackId, Diagnostic> {
    let example = "add to site.yaml:\n    pack: { name: cse-national, version: \"2027.1\" }";
    let Some(id) = read_settings(site_dir)?.pack else {
        return Err(Diagnostic::error(
            "site.yaml",
            "`beacon pack` needs the release's name and version",
        )
        .with_hint(example));
    };
    let safe = |text: &str| {
        !text.is_empty()
            && !text.starts_with('.')
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    if !safe(&id.name) || !safe(&id.version) {
        return Err(Diagnostic::error(
            "site.yaml",
            format!(
                "pack: name \"{}\" and version \"{}\" must be letters, digits, `-`, `_` or `.`",
                id.name, id.version
            ),
        )
        .with_hint(example));
    }
    Ok(id)
}

/// `site.yaml` and everything under the packed folders, sorted by path.
/// Every entry that is not a plain file or folder is refused, all in one
/// error.
fn collect(site_dir: &Path) -> Result<Vec<Item>, Diagnostic> {
    let config = site_dir.join("site.yaml");
    check_regular(&config, Path::new("site.yaml"))?;
    let mut items = vec![Item::File("site.yaml".into(), config)];
    let mut refused = Vec::new();
    for folder in PACKED_FOLDERS {
        let root = site_dir.join(folder);
        if root.exists() {
            walk(site_dir, &root, &mut items, &mut refused)?;
        }
    }
    if !refused.is_empty() {
        return Err(refuse_entries(
            &refused,
            "a pack holds only plain files and folders, so nothing was packed",
        ));
    }
    items.sort_by(|a, b| item_path(a).cmp(item_path(b)));
    Ok(items)
}

fn item_path(item: &Item) -> &str {
    match item {
        Item::Dir(path) | Item::File(path, _) => path,
    }
}

/// A walkdir error as a diagnostic naming the path.
pub(crate) fn walk_error(error: &walkdir::Error, site_dir: &Path) -> Diagnostic {
    let path = error.path().unwrap_or(site_dir);
    match error.io_error() {
        Some(io) => fsutil::io_error(path, "cannot read", io),
        None => Diagnostic::error(path, format!("cannot read {}: {error}", path.display())),
    }
}

/// Adds every folder and file under `root`; links and special files are
/// added to `refused` (path shown relative to the site, what it is).
fn walk(
    site_dir: &Path,
    root: &Path,
    items: &mut Vec<Item>,
    refused: &mut Vec<(PathBuf, &'static str)>,
) -> Result<(), Diagnostic> {
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| !is_hidden(entry.file_name()));
    for entry in walker {
        let entry = entry.map_err(|e| walk_error(&e, site_dir))?;
        let rel = entry.path().strip_prefix(site_dir).unwrap_or(entry.path());
        let name = slash_path(rel);
        if entry.file_type().is_dir() {
            items.push(Item::Dir(name));
        } else if let Some(kind) = irregular(entry.file_type()) {
            refused.push((rel.to_path_buf(), kind));
        } else {
            items.push(Item::File(name, entry.path().to_path_buf()));
        }
    }
    Ok(())
}

/// What an entry is when it is not a regular file or folder.
pub(crate) fn irregular(kind: std::fs::FileType) -> Option<&'static str> {
    if kind.is_file() || kind.is_dir() {
        None
    } else if kind.is_symlink() {
        Some("a link, which Beacon does not follow")
    } else {
        Some("not a regular file")
    }
}

/// One error naming every refused entry (at the first one's path), each
/// with what it is, then `why`.
pub(crate) fn refuse_entries(refused: &[(PathBuf, &'static str)], why: &str) -> Diagnostic {
    let first = refused
        .first()
        .map_or_else(PathBuf::new, |(path, _)| path.clone());
    let message = match refused {
        [(path, kind)] => format!("{} is {kind}; {why}", path.display()),
        _ => {
            let list: String = refused
                .iter()
                .map(|(path, kind)| format!("\n  {} ({kind})", path.display()))
                .collect();
            format!(
                "{} entries are not plain files or folders; {why}:{list}",
                refused.len()
            )
        }
    };
    Diagnostic::error(first, message).with_hint(
        "replace each with a copy of the file it points to, or move it out of the folder",
    )
}

/// Refuses anything but a regular file (links are not followed).
pub(crate) fn check_regular(path: &Path, shown: &Path) -> Result<(), Diagnostic> {
    let meta =
        std::fs::symlink_metadata(path).map_err(|e| fsutil::io_error(shown, "cannot read", &e))?;
    match irregular(meta.file_type()) {
        None if meta.is_file() => Ok(()),
        None => Err(refuse_entries(
            &[(shown.to_path_buf(), "a folder")],
            "a pack holds it only as a file",
        )),
        Some(kind) => Err(refuse_entries(
            &[(shown.to_path_buf(), kind)],
            "a pack holds only plain files and folders",
        )),
    }
}

/// The gzipped tar of the items plus `pack.yaml`.
fn archive(items: &[Item], id: &PackId) -> Result<Vec<u8>, Diagnostic> {
    let pack_yaml = format!("name: \"{}\"\nversion: \"{}\"\n", id.name, id.version);
    let mut entries: Vec<(&str, Option<Vec<u8>>)> = Vec::with_capacity(items.len() + 1);
    for item in items {
        match item {
            Item::Dir(path) => entries.push((path, None)),
            Item::File(path, source) => {
                entries.push((path, Some(fsutil::read(source, Path::new(path))?)))
            }
        }
    }
    entries.push((PACK_FILE, Some(pack_yaml.into_bytes())));
    entries.sort_by(|a, b| a.0.cmp(b.0));
    let encoder = GzEncoder::new(Vec::new(), Compression::default());
    let mut builder = tar::Builder::new(encoder);
    for (path, bytes) in &entries {
        append(&mut builder, path, bytes.as_deref())?;
    }
    let failed =
        |e: std::io::Error| Diagnostic::error(PACK_FILE, format!("cannot build the archive: {e}"));
    let mut encoder = builder.into_inner().map_err(failed)?;
    encoder.flush().map_err(failed)?;
    encoder.finish().map_err(failed)
}

/// One entry with zeroed times and owners and a fixed mode.
fn append<W: Write>(
    builder: &mut tar::Builder<W>,
    path: &str,
    bytes: Option<&[u8]>,
) -> Result<(), Diagnostic> {
    let mut header = tar::Header::new_gnu();
    header.set_mtime(0);
    header.set_uid(0);
    header.set_gid(0);
    let result = match bytes {
        Some(bytes) => {
            header.set_entry_type(tar::EntryType::Regular);
            header.set_mode(0o644);
            header.set_size(bytes.len() as u64);
            builder.append_data(&mut header, path, bytes)
        }
        None => {
            header.set_entry_type(tar::EntryType::Directory);
            header.set_mode(0o755);
            header.set_size(0);
            builder.append_data(&mut header, format!("{path}/"), std::io::empty())
        }
    };
    result.map_err(|e| Diagnostic::error(path, format!("cannot add {path} to the archive: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn national() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in [
            (
                "site.yaml",
                "title: N\npack: { name: nat, version: \"1\" }\n",
            ),
            ("content/_index.md", "home"),
            ("content/realise/a.md", "a"),
            ("content/.hidden", "no"),
            ("themes/default/theme.yaml", "t"),
            ("public/index.html", "no"),
            (".git/config", "no"),
            ("upstream.lock", "no"),
        ] {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    fn names(archive: &Path) -> Vec<String> {
        let file = std::fs::File::open(archive).unwrap();
        let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
        tar.entries()
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                assert_eq!(e.header().mtime().unwrap(), 0);
                assert_eq!(e.header().uid().unwrap(), 0);
                e.path().unwrap().to_string_lossy().into_owned()
            })
            .collect()
    }

    #[test]
    fn pack_holds_only_the_site_sorted() {
        let dir = national();
        let packed = pack(dir.path(), None).unwrap();
        assert_eq!(packed.path, dir.path().join("nat-1.tar.gz"));
        assert_eq!(packed.files, 4);
        assert_eq!(
            names(&packed.path),
            vec![
                "content/",
                "content/_index.md",
                "content/realise/",
                "content/realise/a.md",
                "pack.yaml",
                "site.yaml",
                "themes/",
                "themes/default/",
                "themes/default/theme.yaml",
            ]
        );
    }

    #[test]
    fn packing_twice_gives_the_same_bytes() {
        let dir = national();
        let first = pack(dir.path(), Some(&dir.path().join("one.tar.gz"))).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(dir.path().join("content/realise/a.md"), "a").unwrap();
        let second = pack(dir.path(), Some(&dir.path().join("two.tar.gz"))).unwrap();
        assert_eq!(
            std::fs::read(first.path).unwrap(),
            std::fs::read(second.path).unwrap()
        );
    }

    #[test]
    fn missing_pack_key_is_an_error_with_an_example() {
        let dir = national();
        std::fs::write(dir.path().join("site.yaml"), "title: N\n").unwrap();
        let error = pack(dir.path(), None).unwrap_err();
        assert!(error
            .message
            .contains("needs the release's name and version"));
        assert!(error.hint.unwrap().contains("pack: { name:"));
    }

    #[test]
    fn unsafe_pack_names_are_refused() {
        let dir = national();
        std::fs::write(
            dir.path().join("site.yaml"),
            "pack: { name: ../x, version: \"1\" }\n",
        )
        .unwrap();
        let error = pack(dir.path(), None).unwrap_err();
        assert!(
            error.message.contains("must be letters, digits"),
            "{}",
            error.message
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_refused_by_name() {
        let dir = national();
        std::os::unix::fs::symlink("/etc/passwd", dir.path().join("content/link.md")).unwrap();
        let error = pack(dir.path(), None).unwrap_err();
        assert_eq!(error.path, Path::new("content/link.md"));
        assert!(
            error
                .message
                .contains("is a link, which Beacon does not follow"),
            "{}",
            error.message
        );
        assert!(!dir.path().join("nat-1.tar.gz").exists());
    }

    #[cfg(unix)]
    #[test]
    fn every_link_in_the_site_is_named_in_one_error() {
        let dir = national();
        for name in ["content/link.md", "content/realise/other.md"] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::os::unix::fs::symlink("/etc/passwd", path).unwrap();
        }
        let error = pack(dir.path(), None).unwrap_err();
        assert_eq!(error.path, Path::new("content/link.md"));
        assert!(
            error.message.starts_with("2 entries are not plain files"),
            "{}",
            error.message
        );
        assert!(
            error
                .message
                .contains("\n  content/realise/other.md (a link"),
            "{}",
            error.message
        );
    }
}
