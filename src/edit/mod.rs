//! The browser editor behind `beacon serve --edit`: what it knows of the
//! site ([`Snapshot`]: every page by an id, every help service by name, the
//! build's own diagnostics), the page form ([`form`]) and the
//! format-preserving edit it makes to a file ([`front_matter`]), the help
//! services' forms ([`service`], one item of a list file: [`list_item`]), saving
//! with the build's checks first ([`save`]), the screens ([`screens`]) and
//! the rules every request must pass ([`guard`]). It never prints and
//! never reaches the network; `serve` wires it to HTTP routes.

pub mod council;
pub mod create;
pub mod form;
pub mod front_matter;
pub mod guard;
pub mod list_item;
pub mod new_service;
pub mod preview;
pub mod save;
pub mod screens;
pub mod service;
pub mod upload;

use std::path::{Path, PathBuf};

use crate::base::date::Date;
use crate::base::diagnostic::Diagnostic;
use crate::load::config::{self, Config};
use crate::load::content::{self, Missing, Page, CONTENT_DIR};
use crate::load::layers::Layers;
use crate::load::signpost;
use crate::site::{self, Options};

/// What the editor shows of a site, read fresh for each screen.
pub struct Snapshot {
    /// The site's configuration, when `site.yaml` loads.
    pub config: Option<Config>,
    /// Every page that could be read, in every language.
    pub pages: Vec<Entry>,
    /// Every help service, as id and name, in directory order.
    pub services: Vec<(String, String)>,
    /// Every service of the directory's files, to open in its form.
    pub service_entries: Vec<service::ServiceEntry>,
    /// What `beacon check` says of the site now (errors and warnings).
    pub diagnostics: Vec<Diagnostic>,
    /// Pages each other language has not translated yet.
    pub missing: Vec<Missing>,
    /// The date the build treats as today.
    pub today: Date,
}

/// One page as the editor lists it.
pub struct Entry {
    /// Its id in the editor's addresses (a hash of its file's path): a
    /// request names a page by this, never by a path.
    pub id: String,
    /// The page as the build reads it.
    pub page: Page,
    /// Its language's code (`en`, `cy`).
    pub language: String,
    /// True for the site's own files; false for an upstream's (read-only).
    pub editable: bool,
    /// True for a translation (its form sets only what a translation may).
    pub translation: bool,
}

/// The id of the page whose file is `source` (relative to the site).
pub fn page_id(source: &Path) -> String {
    let key = crate::load::layers::slash_path(source);
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(key.as_bytes()))
}

impl Snapshot {
    /// Reads the site as `options` say (drafts included), and, when
    /// `with_checks`, runs the build's checks for its diagnostics.
    pub fn read(options: &Options, with_checks: bool) -> Snapshot {
        let mut options = options.clone();
        options.drafts = true;
        let diagnostics = match with_checks.then(|| site::check(&options)) {
            Some(Ok(report)) => report.warnings,
            Some(Err(errors)) => errors,
            None => Vec::new(),
        };
        let Ok(layers) = Layers::open(&options.site_dir) else {
            return Snapshot::broken(diagnostics, options.today);
        };
        let layers = layers.with_unsaved(options.unsaved.clone());
        let Ok(config) = config::load(&layers, options.base_url.as_deref()) else {
            return Snapshot::broken(diagnostics, options.today);
        };
        let (loaded, _) = content::load(&layers, &config, true);
        let missing = content::missing_translations(&loaded, &config);
        let (directory, _) = signpost::load(&layers, &config);
        let service_entries = service::list(&layers);
        let mut pages: Vec<Entry> = loaded
            .content
            .pages
            .into_iter()
            .map(|page| entry(page, &config.language, false))
            .collect();
        for (index, translated) in loaded.translations.into_iter().enumerate() {
            let code = config
                .languages
                .get(index)
                .map_or_else(String::new, |l| l.code.clone());
            pages.extend(translated.into_iter().map(|page| entry(page, &code, true)));
        }
        let services = directory
            .services
            .iter()
            .map(|service| (service.id.clone(), service.name.clone()))
            .collect();
        Snapshot {
            config: Some(config),
            pages,
            services,
            service_entries,
            diagnostics,
            missing,
            today: options.today,
        }
    }

    fn broken(diagnostics: Vec<Diagnostic>, today: Date) -> Snapshot {
        Snapshot {
            config: None,
            pages: Vec::new(),
            services: Vec::new(),
            service_entries: Vec::new(),
            diagnostics,
            missing: Vec::new(),
            today,
        }
    }

    /// The page with this id.
    pub fn page(&self, id: &str) -> Option<&Entry> {
        self.pages.iter().find(|entry| entry.id == id)
    }

    /// A snapshot of no site (for tests of what reads one).
    #[cfg(test)]
    pub fn empty() -> Snapshot {
        Snapshot::broken(Vec::new(), Date::parse("2026-12-04").expect("a date"))
    }

    /// The help service with this id.
    pub fn service(&self, id: &str) -> Option<&service::ServiceEntry> {
        self.service_entries.iter().find(|entry| entry.id == id)
    }

    /// The site's own service whose lines hold a diagnostic: the last one
    /// in its file that starts at or before its line.
    pub fn service_at(&self, diagnostic: &Diagnostic) -> Option<&service::ServiceEntry> {
        self.service_entries
            .iter()
            .filter(|entry| entry.editable && entry.source == diagnostic.path)
            .filter(|entry| entry.line <= diagnostic.line)
            .max_by_key(|entry| entry.line)
    }

    /// The page whose file a diagnostic is about.
    pub fn page_at(&self, diagnostic: &Diagnostic) -> Option<&Entry> {
        self.pages
            .iter()
            .find(|entry| entry.page.source == diagnostic.path)
    }

    /// The diagnostics about one file.
    pub fn about<'a>(&'a self, source: &'a Path) -> impl Iterator<Item = &'a Diagnostic> + 'a {
        self.diagnostics
            .iter()
            .filter(move |diagnostic| diagnostic.path == source)
    }
}

fn entry(page: Page, language: &str, translation: bool) -> Entry {
    Entry {
        translation,
        id: page_id(&page.source),
        editable: page.source.starts_with(CONTENT_DIR),
        language: language.to_string(),
        page,
    }
}

/// Where a page's file is on disk, checked: inside the site's own
/// `content/` folder, with no `..`, not absolute, and neither it nor any
/// folder on the way a symbolic link. The editor writes only here.
pub fn file_on_disk(site_dir: &Path, source: &Path) -> Result<PathBuf, Diagnostic> {
    let refused = |why: &str| {
        Diagnostic::error(source, format!("the editor cannot write this file: {why}"))
            .with_hint("the editor changes only the site's own pages, inside content/")
    };
    let plain = source
        .components()
        .all(|part| matches!(part, std::path::Component::Normal(_)));
    if !source.starts_with(CONTENT_DIR) || !plain {
        return Err(refused("it is not inside the site's content/ folder"));
    }
    let mut path = site_dir.to_path_buf();
    for part in source.components() {
        path.push(part);
        let is_link = std::fs::symlink_metadata(&path)
            .is_ok_and(|metadata| metadata.file_type().is_symlink());
        if is_link {
            return Err(refused("it, or a folder on its way, is a symbolic link"));
        }
    }
    if path.exists() && !crate::base::fsutil::is_regular_file(&path) {
        return Err(refused("it is not an ordinary file"));
    }
    Ok(path)
}
