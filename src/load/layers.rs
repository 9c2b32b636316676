//! The site's files as one view: a council's folder over its upstream's
//! (the national campaign it extends), over the embedded theme. Every file
//! keeps its real origin, so a diagnostic names `national/content/x.md`,
//! never a merged path.
//!
//! A site becomes layered by `upstream: <folder>` in its `site.yaml`. The
//! folder must sit inside the site (no `..`, not absolute, not a symbolic
//! link): a build reads nothing outside the site folder. An upstream may
//! itself name an upstream, inside its own folder.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use walkdir::WalkDir;

use crate::base::diagnostic::Diagnostic;
use crate::base::fsutil;
use crate::base::yaml::Source;

/// The site configuration file, in every layer.
const CONFIG_FILE: &str = "site.yaml";

/// How deep a chain of upstreams may go.
const MAX_DEPTH: usize = 4;

/// One folder of the view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    /// The folder on disk.
    pub dir: PathBuf,
    /// The folder relative to the site (empty for the site itself).
    pub shown: PathBuf,
}

/// The site's layers, the site itself first, then its upstreams.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layers {
    layers: Vec<Layer>,
    unsaved: Unsaved,
}

/// A folder that stands in for the site's direct upstream: the release
/// `beacon upstream update --dry-run` is asked about, read where it lies
/// (unpacked outside the site, or a national site's folder) while every
/// diagnostic still names the upstream folder `site.yaml` declares.
#[derive(Debug, Clone, Copy)]
pub struct StandIn<'a>(pub &'a Path);

/// Texts that stand in for files of the site's own folder, by their path
/// relative to the site (`content/react/x.md`): the editor's unsaved edits,
/// checked and previewed by the build's own code without writing them.
pub type Unsaved = Arc<BTreeMap<PathBuf, String>>;

/// A file found through the layers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerFile {
    /// Path relative to the walked folder (`content/`), `/` separators.
    pub rel: String,
    /// Where it is on disk.
    pub path: PathBuf,
    /// Where it is relative to the site, for diagnostics.
    pub shown: PathBuf,
    /// Which layer it comes from (0 is the site itself).
    pub layer: usize,
    /// True when a lower layer has a file at the same path (an override).
    pub overrides: bool,
}

/// The only key layers read from `site.yaml`; `config` validates the rest.
#[derive(Deserialize)]
struct UpstreamKey {
    upstream: Option<serde_yaml::Value>,
}

impl Layers {
    /// A site with no upstream.
    pub fn single(site_dir: &Path) -> Self {
        Layers {
            layers: vec![Layer {
                dir: site_dir.to_path_buf(),
                shown: PathBuf::new(),
            }],
            unsaved: Unsaved::default(),
        }
    }

    /// Follows `upstream:` from the site's `site.yaml` down the chain. A
    /// `site.yaml` that does not parse is left for `config` to report.
    pub fn open(site_dir: &Path) -> Result<Self, Vec<Diagnostic>> {
        Layers::open_with(site_dir, None)
    }

    /// [`Layers::open`], with `stand_in` read in place of the site's
    /// direct upstream folder when it is given.
    pub fn open_with(site_dir: &Path, stand_in: Option<StandIn>) -> Result<Self, Vec<Diagnostic>> {
        let mut layers = Layers::single(site_dir);
        while let Some(next) = layers.next_upstream(stand_in)? {
            if layers.layers.len() > MAX_DEPTH {
                let top = layers.bottom();
                return Err(vec![Diagnostic::error(
                    top.shown.join(CONFIG_FILE),
                    format!("more than {MAX_DEPTH} upstreams, one inside another"),
                )
                .with_hint("a council site names the national site as its upstream; the national site needs none")]);
            }
            layers.layers.push(next);
        }
        Ok(layers)
    }

    /// The same view with `unsaved` standing in for those files of the
    /// site's own folder (only pages and help services are read this way).
    pub fn with_unsaved(mut self, unsaved: Unsaved) -> Self {
        self.unsaved = unsaved;
        self
    }

    /// A file's text: its unsaved text when the editor holds one (checked
    /// as a file's would be), else what the disk holds.
    pub fn read_text(&self, file: &LayerFile) -> Result<String, Diagnostic> {
        match self.unsaved.get(&file.shown).filter(|_| file.layer == 0) {
            Some(text) => match fsutil::conflict_marker(text) {
                Some(line) => Err(fsutil::conflict_error(&file.shown, line)),
                None => Ok(text.clone()),
            },
            None => fsutil::read_text(&file.path, &file.shown),
        }
    }

    /// The upstream folders the site names (relative to it), followed as
    /// far as they exist, without checking them: what a watcher should
    /// watch even while an upstream is being replaced.
    pub fn declared_upstreams(site_dir: &Path) -> Vec<PathBuf> {
        let mut folders: Vec<PathBuf> = Vec::new();
        let mut dir = site_dir.to_path_buf();
        let mut shown = PathBuf::new();
        while folders.len() < MAX_DEPTH {
            let Some(text) = read_config(&dir) else {
                break;
            };
            let key = Source::file(&text, Path::new(CONFIG_FILE)).parse::<UpstreamKey>();
            let Ok(UpstreamKey {
                upstream: Some(serde_yaml::Value::String(folder)),
            }) = key
            else {
                break;
            };
            if !is_inside(Path::new(&folder)) {
                break;
            }
            dir = dir.join(&folder);
            shown = shown.join(&folder);
            folders.push(shown.clone());
        }
        folders
    }

    /// The lowest layer read so far.
    fn bottom(&self) -> &Layer {
        &self.layers[self.layers.len() - 1]
    }

    /// The upstream the lowest layer names, checked; for the site's own
    /// upstream, `stand_in` when given.
    fn next_upstream(&self, stand_in: Option<StandIn>) -> Result<Option<Layer>, Vec<Diagnostic>> {
        let layer = self.bottom();
        let shown = layer.shown.join(CONFIG_FILE);
        let Some(text) = read_config(&layer.dir) else {
            return Ok(None);
        };
        let source = Source::file(&text, &shown);
        let Ok(key) = source.parse::<UpstreamKey>() else {
            return Ok(None);
        };
        let Some(serde_yaml::Value::String(folder)) = key.upstream else {
            return Ok(None);
        };
        let error = |message: String, hint: &str| {
            vec![Diagnostic::error(&shown, message)
                .at_pos(source.key_pos(&["upstream"]))
                .with_hint(hint.to_string())]
        };
        if !is_inside(Path::new(&folder)) {
            return Err(error(
                format!("upstream \"{folder}\" must be a folder inside this site, outside content/, themes/ and public/"),
                "put the national site in a folder of its own inside this one (`beacon init --from` uses `national`)",
            ));
        }
        let dir = match stand_in {
            Some(StandIn(release)) if self.layers.len() == 1 => release.to_path_buf(),
            _ => layer.dir.join(&folder),
        };
        let is_link = std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink());
        if is_link {
            return Err(error(
                format!("upstream \"{folder}\" is a symbolic link"),
                "a build reads nothing outside the site: copy or unpack the national site into this folder instead",
            ));
        }
        if !fsutil::is_regular_file(&dir.join(CONFIG_FILE)) {
            return Err(error(
                format!("upstream \"{folder}\" holds no site.yaml"),
                "unpack the national pack there with `beacon upstream update PACK`",
            ));
        }
        Ok(Some(Layer {
            dir,
            shown: layer.shown.join(folder),
        }))
    }

    /// Every layer, the site itself first.
    pub fn all(&self) -> &[Layer] {
        &self.layers
    }

    /// The site's own folder.
    pub fn site(&self) -> &Layer {
        &self.layers[0]
    }

    /// True when the site has an upstream.
    pub fn is_layered(&self) -> bool {
        self.layers.len() > 1
    }

    /// The site's direct upstream, when it has one.
    pub fn upstream(&self) -> Option<&Layer> {
        self.layers.get(1)
    }

    /// The text of every layer's `site.yaml` that exists, with its shown
    /// path, the site's first.
    pub fn config_texts(&self) -> Vec<(PathBuf, Result<String, Diagnostic>)> {
        self.layers
            .iter()
            .map(|layer| {
                let shown = layer.shown.join(CONFIG_FILE);
                let text = fsutil::read_text(&layer.dir.join(CONFIG_FILE), &shown);
                (shown, text)
            })
            .collect()
    }

    /// The first layer's copy of a file (path relative to a layer), as
    /// (on disk, shown).
    pub fn find(&self, rel: &str) -> Option<(PathBuf, PathBuf)> {
        self.layers.iter().find_map(|layer| {
            let path = layer.dir.join(rel);
            fsutil::is_regular_file(&path).then(|| (path, layer.shown.join(rel)))
        })
    }

    /// True when some layer has a folder at `rel`.
    pub fn has_dir(&self, rel: &str) -> bool {
        self.layers.iter().any(|layer| layer.dir.join(rel).is_dir())
    }

    /// The regular files under `sub` (e.g. `content`) in every layer, merged
    /// by path: the highest layer's copy wins and is marked as an override
    /// when a lower layer has the same path. Names for which `keep` is false
    /// (file or folder) are skipped; symbolic links and other non-files are
    /// never followed. Sorted by path.
    pub fn walk(
        &self,
        sub: &str,
        keep: &dyn Fn(&OsStr) -> bool,
    ) -> (Vec<LayerFile>, Vec<Diagnostic>) {
        let mut merged: std::collections::BTreeMap<String, LayerFile> = Default::default();
        let mut diagnostics = Vec::new();
        for index in (0..self.layers.len()).rev() {
            let (files, errors) = self.walk_layer(index, sub, keep);
            diagnostics.extend(errors);
            for mut file in files {
                file.overrides = merged.contains_key(&file.rel);
                merged.insert(file.rel.clone(), file);
            }
        }
        (merged.into_values().collect(), diagnostics)
    }

    /// The regular files under `sub` in one layer, sorted by path.
    pub fn walk_layer(
        &self,
        index: usize,
        sub: &str,
        keep: &dyn Fn(&OsStr) -> bool,
    ) -> (Vec<LayerFile>, Vec<Diagnostic>) {
        let layer = &self.layers[index];
        let root = layer.dir.join(sub);
        let mut files = Vec::new();
        let mut diagnostics = Vec::new();
        if let Some(link) = first_link(&layer.dir, sub) {
            let shown = layer.shown.join(link);
            diagnostics.push(
                Diagnostic::error(
                    &shown,
                    format!(
                        "{} is a link, which Beacon does not follow",
                        shown.display()
                    ),
                )
                .with_hint(LINK_HINT),
            );
            return (files, diagnostics);
        }
        if !root.is_dir() {
            return (files, diagnostics);
        }
        let walker = WalkDir::new(&root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| entry.depth() == 0 || keep(entry.file_name()));
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let path = error.path().unwrap_or(&root);
                    let shown = layer
                        .shown
                        .join(path.strip_prefix(&layer.dir).unwrap_or(path));
                    let transient = error
                        .io_error()
                        .is_some_and(crate::base::fsutil::is_transient);
                    diagnostics.push(
                        Diagnostic::error(shown, format!("cannot read: {error}"))
                            .as_transient(transient),
                    );
                    continue;
                }
            };
            let Ok(relative) = entry.path().strip_prefix(&root) else {
                continue;
            };
            if entry.path_is_symlink() {
                let shown = layer.shown.join(sub).join(relative);
                diagnostics.push(
                    Diagnostic::warning(
                        &shown,
                        format!(
                            "{} is a link, which Beacon does not follow: it is left out of the site",
                            shown.display()
                        ),
                    )
                    .with_hint(LINK_HINT),
                );
                continue;
            }
            if !entry.file_type().is_file() {
                continue;
            }
            files.push(LayerFile {
                rel: slash_path(relative),
                path: entry.path().to_path_buf(),
                shown: layer.shown.join(sub).join(relative),
                layer: index,
                overrides: false,
            });
        }
        (files, diagnostics)
    }
}

/// What to do about a link in the site.
const LINK_HINT: &str =
    "put the file or folder itself here instead of a link: a build reads nothing outside the site";

/// The first folder on the way from `dir` down to `dir/sub` (`sub` itself
/// included) that is a symbolic link, relative to `dir`.
fn first_link(dir: &Path, sub: &str) -> Option<PathBuf> {
    let mut rel = PathBuf::new();
    for part in Path::new(sub).components() {
        rel.push(part);
        let is_link = std::fs::symlink_metadata(dir.join(&rel))
            .is_ok_and(|meta| meta.file_type().is_symlink());
        if is_link {
            return Some(rel);
        }
    }
    None
}

impl Layers {
    /// The shown path of the first layer whose `rel` is a symbolic link
    /// (or passes through one), if any: a file there is not read, and the
    /// message should say so rather than that it is missing.
    pub fn link_at(&self, rel: &str) -> Option<PathBuf> {
        self.layers
            .iter()
            .find_map(|layer| first_link(&layer.dir, rel).map(|link| layer.shown.join(link)))
    }
}

/// A layer's `site.yaml` text, leniently: nothing when it is missing, not a
/// regular file or not readable (`config` reports those properly).
fn read_config(dir: &Path) -> Option<String> {
    fsutil::read_text(&dir.join(CONFIG_FILE), Path::new(CONFIG_FILE)).ok()
}

/// True for a relative path that stays inside the site and outside the
/// site's own `content/`, `themes/` and `public/` (an upstream there would
/// be read twice, or replaced with the site's own pages by an update).
pub fn is_inside(path: &Path) -> bool {
    let first = path.components().find_map(|component| match component {
        Component::Normal(name) => Some(name),
        _ => None,
    });
    let own_folder = first.is_none_or(|first| {
        ["content", "themes", "public"]
            .iter()
            .any(|own| first == *own)
    });
    !own_folder
        && path
            .components()
            .all(|component| matches!(component, Component::Normal(_) | Component::CurDir))
}

/// A relative path with `/` separators.
pub fn slash_path(path: &Path) -> String {
    path.components()
        .map(|component| component.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, text: &str) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn council() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "site.yaml", "title: C\nupstream: national\n");
        write(dir.path(), "national/site.yaml", "title: N\n");
        write(dir.path(), "national/content/a.md", "national a");
        write(dir.path(), "national/content/b.md", "national b");
        write(dir.path(), "content/a.md", "council a");
        write(dir.path(), "content/c.md", "council c");
        dir
    }

    #[test]
    fn council_files_override_upstream_files_by_path() {
        let dir = council();
        let layers = Layers::open(dir.path()).unwrap();
        assert!(layers.is_layered());
        let (files, errors) = layers.walk("content", &|_| true);
        assert!(errors.is_empty());
        let summary: Vec<(String, String, bool)> = files
            .iter()
            .map(|f| (f.rel.clone(), f.shown.display().to_string(), f.overrides))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("a.md".into(), "content/a.md".into(), true),
                ("b.md".into(), "national/content/b.md".into(), false),
                ("c.md".into(), "content/c.md".into(), false),
            ]
        );
        assert_eq!(
            layers.find("content/b.md").map(|(_, shown)| shown),
            Some(PathBuf::from("national/content/b.md"))
        );
    }

    #[test]
    fn an_upstream_outside_the_site_is_refused_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "site.yaml", "title: C\nupstream: ../national\n");
        let errors = Layers::open(dir.path()).unwrap_err();
        assert_eq!(
            errors[0].message,
            "upstream \"../national\" must be a folder inside this site, outside content/, themes/ and public/"
        );
        assert_eq!((errors[0].line, errors[0].column), (2, 11));
    }

    #[test]
    fn a_missing_upstream_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "site.yaml", "title: C\nupstream: national\n");
        let errors = Layers::open(dir.path()).unwrap_err();
        assert_eq!(
            errors[0].message,
            "upstream \"national\" holds no site.yaml"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_upstream_is_refused() {
        let outside = council();
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "site.yaml", "title: C\nupstream: national\n");
        std::os::unix::fs::symlink(outside.path().join("national"), dir.path().join("national"))
            .unwrap();
        let errors = Layers::open(dir.path()).unwrap_err();
        assert_eq!(
            errors[0].message,
            "upstream \"national\" is a symbolic link"
        );
    }

    #[test]
    fn declared_upstreams_are_listed_even_while_missing() {
        let dir = council();
        assert_eq!(
            Layers::declared_upstreams(dir.path()),
            vec![PathBuf::from("national")]
        );
        std::fs::remove_dir_all(dir.path().join("national")).unwrap();
        assert_eq!(
            Layers::declared_upstreams(dir.path()),
            vec![PathBuf::from("national")]
        );
        write(dir.path(), "site.yaml", "title: C\n");
        assert!(Layers::declared_upstreams(dir.path()).is_empty());
    }

    #[test]
    fn paths_inside_and_outside() {
        assert!(is_inside(Path::new("national")));
        assert!(is_inside(Path::new("vendor/national")));
        assert!(!is_inside(Path::new("../national")));
        assert!(!is_inside(Path::new("/etc")));
        assert!(!is_inside(Path::new("")));
        assert!(!is_inside(Path::new("content/national")));
        assert!(!is_inside(Path::new("./themes/x")));
    }
}
