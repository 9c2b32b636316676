//! Finds a site's theme: the default theme compiled into the binary, then
//! the site's `themes/<name>/` folders along their `extends:` chain, each
//! overriding templates and static files by path. Compiles the templates
//! once into a Tera instance and merges interface strings (theme, then
//! `site.yaml` `labels:`).

use std::collections::BTreeMap;
use std::error::Error as _;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use indexmap::IndexMap;
use serde::Deserialize;
use tera::Tera;

use crate::base::diagnostic::{did_you_mean, Diagnostic};
use crate::base::fsutil;
use crate::base::yaml::Source;
use crate::load::config::Config;
use crate::load::i18n;
use crate::load::layers::{slash_path, Layers};

/// The default theme, embedded at compile time.
static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a theme file came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into the binary.
    Embedded,
    /// A file in the site's `themes/` folder (path relative to the site).
    Site(PathBuf),
}

/// One template or static file of the resolved theme.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Its contents.
    pub bytes: Vec<u8>,
    /// Where it came from.
    pub origin: Origin,
}

/// The resolved theme: compiled templates, static files and strings.
pub struct Theme {
    /// Compiled templates, by name (`page.html`, `partials/card.html`).
    pub tera: Tera,
    /// Static files by path under `static/`, published under `/assets/`.
    pub static_files: BTreeMap<String, ThemeFile>,
    /// Interface strings of the default language.
    pub strings: IndexMap<String, String>,
    /// Interface strings of each language, in `config.languages` order.
    pub languages: Vec<IndexMap<String, String>>,
    /// Site folders the theme was read from (for `watch`).
    pub folders: Vec<PathBuf>,
    /// A hash of every file of the theme, for the keys of rendered pages;
    /// `None` when its templates render differently from run to run (see
    /// `render::key`).
    pub fingerprint: Option<u128>,
}

impl Theme {
    /// The template to use for `name` in a language: `name.<code>.html`
    /// when the theme has one (a Welsh staying-safe page), else `name`.
    pub fn template_for(&self, name: &str, code: &str) -> String {
        let localised = match name.strip_suffix(".html") {
            Some(stem) => format!("{stem}.{code}.html"),
            None => return name.to_string(),
        };
        if self.tera.get_template_names().any(|t| t == localised) {
            localised
        } else {
            name.to_string()
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThemeYaml {
    name: Option<String>,
    description: Option<String>,
    extends: Option<String>,
    strings: Option<IndexMap<String, String>>,
}

/// Resolves and compiles the theme named in `site.yaml`, looking for
/// theme folders in every layer (the site's first, then its upstream's).
pub fn load(layers: &Layers, config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let mut files: BTreeMap<String, ThemeFile> = BTreeMap::new();
    let mut english = IndexMap::new();
    embedded_files(&DEFAULT_THEME, &mut files);
    merge_strings(
        &mut english,
        embedded_text("theme.yaml"),
        Path::new("themes/default/theme.yaml (built in)"),
    )?;
    let chain = site_chain(layers, &config.theme)?;
    for folder in chain.iter().rev() {
        overlay(layers, folder, &mut files, &mut english)?;
    }
    let mut languages = Vec::new();
    for (index, language) in config.languages.iter().enumerate() {
        let mut strings = language_strings(&english, &language.code, &files)?;
        let labels = match index {
            0 => Some(&config.labels),
            _ => config.language_labels.get(&language.code),
        };
        if let Some(labels) = labels {
            apply_labels(&mut strings, labels, config, index)?;
        }
        languages.push(strings);
    }
    let tera = compile(&files)?;
    let fingerprint = crate::render::key::theme_fingerprint(
        files
            .iter()
            .map(|(rel, file)| (rel.as_str(), file.bytes.as_slice())),
    );
    let static_files = files
        .into_iter()
        .filter_map(|(rel, file)| {
            rel.strip_prefix("static/")
                .map(|name| (name.to_string(), file))
        })
        .collect();
    Ok(Theme {
        tera,
        static_files,
        strings: languages.first().cloned().unwrap_or_default(),
        languages,
        folders: chain,
        fingerprint,
    })
}

fn embedded_text(rel: &str) -> &'static str {
    DEFAULT_THEME
        .get_file(rel)
        .and_then(|file| file.contents_utf8())
        .unwrap_or_default()
}

/// A language's strings: English, with the theme's `i18n/<code>.yaml`
/// (a site theme's copy replaces the built-in one) on top for other
/// languages.
fn language_strings(
    english: &IndexMap<String, String>,
    code: &str,
    files: &BTreeMap<String, ThemeFile>,
) -> Result<IndexMap<String, String>, Vec<Diagnostic>> {
    let mut strings = english.clone();
    if i18n::is_english(code) {
        return Ok(strings);
    }
    if let Some(file) = files.get(&format!("i18n/{code}.yaml")) {
        let path = origin_path(&format!("i18n/{code}.yaml"), &file.origin);
        let text = String::from_utf8_lossy(&file.bytes);
        merge_strings(&mut strings, &text, &path)?;
    }
    Ok(strings)
}

/// `labels:` from site.yaml over the theme's strings; a key the theme does
/// not have is an error (a typo would otherwise be silently ignored).
fn apply_labels(
    strings: &mut IndexMap<String, String>,
    labels: &IndexMap<String, String>,
    config: &Config,
    language: usize,
) -> Result<(), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    for (key, value) in labels {
        if strings.contains_key(key) {
            strings.insert(key.clone(), value.clone());
            continue;
        }
        let code = config.languages[language].code.as_str();
        let key_path: Vec<&str> = match language {
            0 => vec!["labels", key],
            _ => vec!["labels", code, key],
        };
        let (path, pos) = config.locate(&key_path);
        let hint = match did_you_mean(key, strings.keys().map(String::as_str)) {
            Some(close) => format!("did you mean \"{close}\"?"),
            None => "the keys are listed in themes/default/theme.yaml under `strings:`".into(),
        };
        errors.push(
            Diagnostic::error(path, format!("unknown label \"{key}\""))
                .at_pos(pos)
                .with_hint(hint),
        );
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn embedded_files(dir: &Dir<'static>, files: &mut BTreeMap<String, ThemeFile>) {
    for entry in dir.entries() {
        match entry {
            include_dir::DirEntry::Dir(sub) => embedded_files(sub, files),
            include_dir::DirEntry::File(file) => {
                let rel = file.path().to_string_lossy().replace('\\', "/");
                files.insert(
                    rel,
                    ThemeFile {
                        bytes: file.contents().to_vec(),
                        origin: Origin::Embedded,
                    },
                );
            }
        }
    }
}

/// The site's theme folders from the named theme up its `extends:` chain.
fn site_chain(layers: &Layers, name: &str) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let mut chain = Vec::new();
    let mut next = Some(name.to_string());
    while let Some(name) = next.take() {
        let folder = PathBuf::from("themes").join(&name);
        if chain.contains(&folder) {
            return Err(vec![Diagnostic::error(
                folder.join("theme.yaml"),
                format!("theme \"{name}\" extends itself"),
            )
            .with_hint("remove the loop in the `extends:` chain")]);
        }
        if !layers.has_dir(&slash_path(&folder)) {
            if name == "default" {
                break;
            }
            return Err(vec![Diagnostic::error(
                crate::load::config::CONFIG_FILE,
                format!("theme \"{name}\" not found"),
            )
            .with_hint(format!(
                "create {}/ with a theme.yaml that says `extends: default`",
                folder.display()
            ))]);
        }
        let yaml_path = folder.join("theme.yaml");
        if let Some((disk, shown)) = layers.find(&slash_path(&yaml_path)) {
            let text = fsutil::read_text(&disk, &shown).map_err(|d| vec![d])?;
            let raw: RawThemeYaml = Source::file(&text, &yaml_path)
                .parse()
                .map_err(|d| vec![d])?;
            next = raw.extends.filter(|parent| parent != &name);
            if next.is_none() && name != "default" {
                next = Some("default".into());
            }
        }
        chain.push(folder);
    }
    Ok(chain)
}

/// Adds a site theme folder's templates, static files, translations and
/// strings, from every layer (the highest layer's copy of a file wins).
fn overlay(
    layers: &Layers,
    folder: &Path,
    files: &mut BTreeMap<String, ThemeFile>,
    strings: &mut IndexMap<String, String>,
) -> Result<(), Vec<Diagnostic>> {
    let folder = slash_path(folder);
    if let Some((disk, shown)) = layers.find(&format!("{folder}/theme.yaml")) {
        let text = fsutil::read_text(&disk, &shown).map_err(|d| vec![d])?;
        merge_strings(strings, &text, &shown)?;
    }
    let (found, errors) = layers.walk(&folder, &|_| true);
    if !errors.is_empty() {
        return Err(errors);
    }
    for file in found {
        let kept = ["templates/", "static/", "i18n/"]
            .iter()
            .any(|sub| file.rel.starts_with(sub));
        if !kept {
            continue;
        }
        let bytes = fsutil::read(&file.path, &file.shown).map_err(|d| vec![d])?;
        files.insert(
            file.rel,
            ThemeFile {
                bytes,
                origin: Origin::Site(file.shown),
            },
        );
    }
    Ok(())
}

fn merge_strings(
    strings: &mut IndexMap<String, String>,
    text: &str,
    path: &Path,
) -> Result<(), Vec<Diagnostic>> {
    let raw: RawThemeYaml = Source::file(text, path).parse().map_err(|d| vec![d])?;
    let _ = (raw.name, raw.description);
    strings.extend(raw.strings.unwrap_or_default());
    Ok(())
}

/// Compiles every template at once; errors name the template file.
fn compile(files: &BTreeMap<String, ThemeFile>) -> Result<Tera, Vec<Diagnostic>> {
    let mut templates = Vec::new();
    let mut diagnostics = Vec::new();
    for (rel, file) in files {
        let Some(name) = rel.strip_prefix("templates/") else {
            continue;
        };
        match String::from_utf8(file.bytes.clone()) {
            Ok(text) => match fsutil::conflict_marker(&text) {
                Some(line) => diagnostics.push(fsutil::conflict_error(
                    &origin_path(rel, &file.origin),
                    line,
                )),
                None => templates.push((name.to_string(), text)),
            },
            Err(_) => diagnostics.push(Diagnostic::error(
                origin_path(rel, &file.origin),
                "this template is not valid UTF-8",
            )),
        }
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    tera.add_raw_templates(templates)
        .map_err(|error| vec![template_error(&error, files)])?;
    Ok(tera)
}

use crate::base::escape::escape_html;

/// The path to show for a theme file.
pub fn origin_path(rel: &str, origin: &Origin) -> PathBuf {
    match origin {
        Origin::Embedded => PathBuf::from(format!("themes/default/{rel} (built in)")),
        Origin::Site(path) => path.clone(),
    }
}

/// A Tera error as a diagnostic naming the template and Tera's explanation.
pub fn template_error(error: &tera::Error, files: &BTreeMap<String, ThemeFile>) -> Diagnostic {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    let template = message
        .split('\'')
        .nth(1)
        .and_then(|name| {
            files
                .get(&format!("templates/{name}"))
                .map(|file| origin_path(&format!("templates/{name}"), &file.origin))
        })
        .unwrap_or_else(|| PathBuf::from("themes"));
    Diagnostic::error(template, message).with_hint(
        "fix the template; see docs/templates.md for the variables each template receives",
    )
}
