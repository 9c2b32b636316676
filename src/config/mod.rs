//! Reads `site.yaml` into a raw mirror of the file (`deny_unknown_fields`),
//! then validates it into [`Config`], the model the rest of the pipeline uses.
//! Every key but `title` and `base_url` is optional; these names are the
//! contract councils' files rely on.

mod consultation;
mod raw;

pub use consultation::{Consultation, ConsultationText, State};

use std::path::PathBuf;

use indexmap::IndexMap;

use crate::date::Date;
use crate::diagnostic::{did_you_mean, Diagnostic, Pos};
use crate::layers::Layers;
use crate::yaml::Source;
use raw::*;

/// Where the configuration lives in a site folder.
pub const CONFIG_FILE: &str = "site.yaml";

/// One of the campaign's three Rs, in journey order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum R {
    /// It could happen here; bust the myths.
    Realise,
    /// Spot the signs.
    Recognise,
    /// Know what to do and who to call.
    React,
}

impl R {
    /// All three, in journey order.
    pub const ALL: [R; 3] = [R::Realise, R::Recognise, R::React];

    /// The key used in front matter and URLs.
    pub fn key(self) -> &'static str {
        match self {
            R::Realise => "realise",
            R::Recognise => "recognise",
            R::React => "react",
        }
    }

    /// Parses a front-matter key.
    pub fn from_key(key: &str) -> Option<R> {
        R::ALL.into_iter().find(|r| r.key() == key)
    }

    /// Position in the journey (0, 1, 2).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The next R in the journey, if any.
    pub fn next(self) -> Option<R> {
        R::ALL.get(self.index() + 1).copied()
    }
}

/// An sRGB colour from `brand:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour {
    /// Red, green, blue.
    pub rgb: [u8; 3],
}

impl Colour {
    /// Parses `#rgb` or `#rrggbb`.
    pub fn parse(text: &str) -> Option<Colour> {
        let hex = text.trim().strip_prefix('#')?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let expanded: String = match hex.len() {
            3 => hex.chars().flat_map(|c| [c, c]).collect(),
            6 => hex.to_string(),
            _ => return None,
        };
        let channel = |i: usize| u8::from_str_radix(&expanded[i..i + 2], 16).ok();
        Some(Colour {
            rgb: [channel(0)?, channel(2)?, channel(4)?],
        })
    }

    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.rgb[0], self.rgb[1], self.rgb[2])
    }
}

/// The brand colours, as CSS custom properties in the theme.
#[derive(Debug, Clone, PartialEq)]
pub struct Brand {
    /// Header and buttons.
    pub primary: Colour,
    /// Body text.
    pub text: Colour,
    /// Page background.
    pub background: Colour,
    /// Links.
    pub link: Colour,
    /// Focus highlight.
    pub focus: Colour,
    /// Text on the primary colour (header text, button labels).
    pub on_primary: Colour,
}

/// The quick-exit button.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct QuickExit {
    /// Shown on every page (default true).
    pub enabled: bool,
    /// The neutral site it leaves for.
    pub url: String,
    /// The button text.
    pub text: String,
}

/// An audience key and its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Audience {
    /// URL-safe key used in front matter.
    pub key: String,
    /// What visitors read.
    pub label: String,
}

/// The label and one-line summary of an R.
#[derive(Debug, Clone, PartialEq)]
pub struct RLabel {
    /// "Realise".
    pub title: String,
    /// "It could happen here."
    pub summary: String,
}

/// Compliance status for the accessibility statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compliance {
    /// Fully compliant with WCAG 2.2 AA.
    Fully,
    /// Partially compliant.
    Partially,
    /// Not compliant.
    Not,
}

impl Compliance {
    /// The key written in `site.yaml`.
    pub fn key(self) -> &'static str {
        match self {
            Compliance::Fully => "fully",
            Compliance::Partially => "partially",
            Compliance::Not => "not",
        }
    }
}

/// What feeds the generated accessibility statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Accessibility {
    /// Where people report problems.
    pub contact_email: Option<String>,
    /// When the statement was last reviewed.
    pub last_reviewed: Option<Date>,
    /// When it was first prepared (defaults to last reviewed).
    pub prepared: Option<Date>,
    /// When the site was last tested for accessibility.
    pub last_tested: Option<Date>,
    /// Who carried out that test.
    pub tested_by: Option<String>,
    /// Fully, partially or not compliant.
    pub compliance: Compliance,
    /// Known non-compliances, one sentence each.
    pub known_issues: Vec<String>,
}

/// The validated site configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Site title.
    pub title: String,
    /// Base URL without a trailing slash.
    pub base_url: String,
    /// The URL path of the home page, starting and ending with `/`.
    pub root: String,
    /// BCP 47 language tag.
    pub language: String,
    /// Organisation name.
    pub organisation_name: String,
    /// Logo path under `content/`.
    pub logo: Option<String>,
    /// Brand colours.
    pub brand: Brand,
    /// Quick-exit settings.
    pub quick_exit: QuickExit,
    /// Audiences in the order written.
    pub audiences: Vec<Audience>,
    /// Labels of the three Rs, in journey order.
    pub rs: [RLabel; 3],
    /// Whether raw HTML in Markdown is allowed.
    pub allow_html: bool,
    /// Signposts not verified for this long are a warning.
    pub signpost_max_age_months: u32,
    /// Accessibility statement details.
    pub accessibility: Accessibility,
    /// Theme name.
    pub theme: String,
    /// Interface strings that override the theme's.
    pub labels: IndexMap<String, String>,
    /// Reading-level targets.
    pub readability: Readability,
    /// The languages published, the default first.
    pub languages: Vec<LanguageSettings>,
    /// Interface strings for each other language (`labels: { cy: {…} }`).
    pub language_labels: IndexMap<String, IndexMap<String, String>>,
    /// The organisation's website.
    pub organisation_url: Option<String>,
    /// The organisation's phone number, as written.
    pub organisation_phone: Option<String>,
    /// Links in the footer, in the order written.
    pub footer_links: Vec<FooterLink>,
    /// The folder holding the national site this one extends, if any.
    pub upstream: Option<String>,
    /// Upstream pages not published here (paths under the upstream's content/).
    pub hide: Vec<String>,
    /// Upstream services not shown here.
    pub signpost_hide: Vec<String>,
    /// This site's name and version as a pack for councils.
    pub pack: Option<Pack>,
    /// Local services this site's pages use and every council must provide.
    pub local_services: Vec<LocalService>,
    /// Local services the upstream declares, which this site must provide.
    pub upstream_local_services: Vec<LocalService>,
    /// Each layer's `site.yaml` (shown path and text), the site's first.
    pub sources: Vec<(PathBuf, String)>,
    /// The campaign's national conversation, when it has one.
    pub consultation: Option<Consultation>,
}

/// One published language and the settings it overrides.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LanguageSettings {
    /// BCP 47 code (`en`, `cy`).
    pub code: String,
    /// The site title in this language.
    pub title: Option<String>,
    /// Absolute URLs of this language's pages start here instead.
    pub base_url: Option<String>,
    /// The organisation's name in this language.
    pub organisation_name: Option<String>,
    /// The quick-exit text in this language.
    pub quick_exit_text: Option<String>,
    /// The quick-exit destination for this language.
    pub quick_exit_url: Option<String>,
    /// Labels of the three Rs as written for this language.
    pub rs: [RLabelOverride; 3],
    /// Audience labels as written for this language.
    pub audiences: IndexMap<String, String>,
    /// The conversation's words in this language.
    pub consultation: Option<ConsultationText>,
}

/// An R's label and summary as written (either may be left out).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RLabelOverride {
    /// The title, when set.
    pub title: Option<String>,
    /// The summary, when set.
    pub summary: Option<String>,
}

/// A footer link.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FooterLink {
    /// Link text.
    pub title: String,
    /// Where it goes.
    pub url: String,
}

/// A site's identity as a pack.
#[derive(Debug, Clone, PartialEq)]
pub struct Pack {
    /// Pack name (`cse-national`).
    pub name: String,
    /// Pack version (`2027.1`).
    pub version: String,
}

/// A local service the national pages rely on.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalService {
    /// The service id pages use.
    pub id: String,
    /// What the council must provide, in a phrase.
    pub what: String,
    /// The `site.yaml` that declares it.
    pub declared_in: PathBuf,
}

/// How hard a page may be to read, per audience.
#[derive(Debug, Clone, PartialEq)]
pub struct Readability {
    /// A sentence longer than this is a warning.
    pub max_sentence_words: usize,
    /// The highest UK reading age each audience should need.
    pub reading_age: IndexMap<String, f64>,
}

impl Readability {
    /// The target for an audience (12, GOV.UK's general public, when unset).
    pub fn target(&self, audience: &str) -> f64 {
        self.reading_age.get(audience).copied().unwrap_or(12.0)
    }
}

impl Config {
    /// The label of an R.
    pub fn r_label(&self, r: R) -> &RLabel {
        &self.rs[r.index()]
    }

    /// The audience with this key.
    pub fn audience(&self, key: &str) -> Option<&Audience> {
        self.audiences.iter().find(|audience| audience.key == key)
    }

    /// A URL path under the site root: `url_path("realise/")` → `/cse/realise/`.
    pub fn url_path(&self, relative: &str) -> String {
        format!("{}{}", self.root, relative.trim_start_matches('/'))
    }

    /// A full URL: `permalink("realise/")` → `https://…/cse/realise/`.
    pub fn permalink(&self, relative: &str) -> String {
        format!("{}/{}", self.base_url, relative.trim_start_matches('/'))
    }

    /// The language codes published, the default first.
    pub fn language_codes(&self) -> impl Iterator<Item = &str> {
        self.languages.iter().map(|l| l.code.as_str())
    }

    /// Where a key path is written: the first layer's `site.yaml` that sets
    /// it (the site's own first), else the site's file at line 1.
    pub fn locate(&self, key_path: &[&str]) -> (PathBuf, Pos) {
        locate(&self.sources, key_path)
    }
}

fn locate(sources: &[(PathBuf, String)], key_path: &[&str]) -> (PathBuf, Pos) {
    for (path, text) in sources {
        let source = Source::file(text, path);
        if source.has_key(key_path) {
            return (path.clone(), source.key_pos(key_path));
        }
    }
    let path = sources
        .first()
        .map_or_else(|| PathBuf::from(CONFIG_FILE), |(path, _)| path.clone());
    (path, Pos::new(1, 1))
}

/// Keys that belong to one site and are never inherited from an upstream.
const SITE_ONLY_KEYS: [&str; 4] = ["upstream", "hide", "pack", "local_services"];

/// Reads and validates `site.yaml` through the site's layers: the
/// upstream's file with the site's keys on top (maps merged key by key,
/// lists replaced). `base_url_override` comes from `--base-url`. All
/// problems are returned together, each in the file that has it.
pub fn load(layers: &Layers, base_url_override: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    let mut sources = Vec::new();
    for (index, (shown, text)) in layers.config_texts().into_iter().enumerate() {
        match text {
            Ok(text) => sources.push((shown, text)),
            Err(d) if index == 0 => {
                return Err(vec![d.with_hint(
                    "a site folder needs a site.yaml; `beacon init <dir>` creates one",
                )])
            }
            Err(d) => return Err(vec![d]),
        }
    }
    parse_layers(sources, base_url_override)
}

/// Validates the text of a single `site.yaml` (a site with no upstream).
pub fn parse(text: &str, base_url_override: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    parse_layers(
        vec![(PathBuf::from(CONFIG_FILE), text.to_string())],
        base_url_override,
    )
}

/// Validates layered `site.yaml` texts, the site's first.
fn parse_layers(
    sources: Vec<(PathBuf, String)>,
    base_url_override: Option<&str>,
) -> Result<Config, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let mut values = Vec::new();
    let mut upstream_local_services = Vec::new();
    for (index, (path, text)) in sources.iter().enumerate() {
        let source = Source::file(text, path);
        match source.parse::<RawConfig>() {
            Ok(raw) if index > 0 => {
                upstream_local_services.extend(
                    raw.local_services
                        .unwrap_or_default()
                        .into_iter()
                        .map(|service| LocalService {
                            id: service.id,
                            what: service.what,
                            declared_in: path.clone(),
                        }),
                );
            }
            Ok(_) => {}
            Err(error) => diagnostics.push(error),
        }
        if let Ok(value) = source.parse::<serde_yaml::Value>() {
            values.push(value);
        }
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    let merged = merge_layers(values);
    let raw: RawConfig = serde_yaml::from_value(merged).map_err(|error| {
        vec![Diagnostic::error(
            CONFIG_FILE,
            format!("cannot merge site.yaml with its upstream's: {error}"),
        )]
    })?;
    let mut validator = Validator {
        sources: &sources,
        diagnostics: Vec::new(),
    };
    let mut config = validator.config(raw, base_url_override);
    if !validator.diagnostics.is_empty() {
        return Err(validator.diagnostics);
    }
    config.upstream_local_services = upstream_local_services;
    config.sources = sources;
    Ok(config)
}

/// Merges YAML documents, the site's first: the lowest upstream's, with
/// each higher layer's keys on top (maps key by key, lists replaced).
/// Site-only keys are dropped from every upstream.
fn merge_layers(values: Vec<serde_yaml::Value>) -> serde_yaml::Value {
    let mut merged = serde_yaml::Value::Mapping(Default::default());
    for (index, mut value) in values.into_iter().enumerate().rev() {
        if index > 0 {
            if let serde_yaml::Value::Mapping(map) = &mut value {
                for key in SITE_ONLY_KEYS {
                    map.remove(key);
                }
                if let Some(serde_yaml::Value::Mapping(signposts)) = map.get_mut("signposts") {
                    signposts.remove("hide");
                }
            }
        }
        merge_value(&mut merged, value);
    }
    merged
}

fn merge_value(base: &mut serde_yaml::Value, top: serde_yaml::Value) {
    match (base, top) {
        (serde_yaml::Value::Mapping(base), serde_yaml::Value::Mapping(top)) => {
            for (key, value) in top {
                match base.get_mut(&key) {
                    Some(existing) => merge_value(existing, value),
                    None => {
                        base.insert(key, value);
                    }
                }
            }
        }
        (base, top) => *base = top,
    }
}

struct Validator<'a> {
    sources: &'a [(PathBuf, String)],
    diagnostics: Vec<Diagnostic>,
}

impl Validator<'_> {
    fn error(&mut self, key_path: &[&str], message: String, hint: &str) {
        let (path, pos) = locate(self.sources, key_path);
        self.diagnostics
            .push(Diagnostic::error(path, message).at_pos(pos).with_hint(hint));
    }

    fn required(&mut self, value: Option<String>, key: &str, example: &str) -> String {
        match value {
            Some(value) if !value.trim().is_empty() => value,
            _ => {
                self.diagnostics.push(
                    Diagnostic::error(CONFIG_FILE, format!("missing required key \"{key}\""))
                        .at(1, 1)
                        .with_hint(format!("add a line `{key}: {example}`")),
                );
                String::new()
            }
        }
    }

    fn config(&mut self, raw: RawConfig, base_url_override: Option<&str>) -> Config {
        let title = self.required(raw.title, "title", "\"Protect children from exploitation\"");
        let base_url = match base_url_override {
            Some(url) => url.to_string(),
            None => self.required(raw.base_url, "base_url", "\"https://example.gov.uk/cse\""),
        };
        let (base_url, root) = self.base_url(&base_url, &["base_url"]);
        let language = self.language(raw.language.unwrap_or_else(|| "en".into()), &["language"]);
        let organisation = raw.organisation.unwrap_or_default();
        let quick_exit = raw.quick_exit.unwrap_or_default();
        let explicit_exit_text = quick_exit.text.clone();
        let default_language = LanguageSettings {
            code: language.clone(),
            rs: rs_overrides(raw.rs.clone()),
            audiences: raw.audiences.clone().unwrap_or_default(),
            quick_exit_text: explicit_exit_text,
            ..LanguageSettings::default()
        };
        let languages = self.languages(raw.languages, default_language, base_url_override);
        let (labels, language_labels) = self.labels(raw.labels, &languages);
        let signposts = raw.signposts;
        Config {
            organisation_name: organisation.name.unwrap_or_else(|| title.clone()),
            logo: organisation.logo,
            organisation_url: organisation
                .url
                .map(|url| self.web_address(url, &["organisation", "url"])),
            organisation_phone: organisation.phone,
            title,
            base_url,
            root,
            language: languages[0].code.clone(),
            brand: self.brand(raw.brand.unwrap_or_default()),
            quick_exit: self.quick_exit(quick_exit),
            audiences: self.audiences(raw.audiences),
            rs: rs_labels(raw.rs),
            allow_html: raw.markdown.and_then(|m| m.allow_html).unwrap_or(false),
            signpost_max_age_months: signposts
                .as_ref()
                .and_then(|s| s.max_age_months)
                .unwrap_or(12),
            accessibility: self.accessibility(raw.accessibility),
            theme: raw.theme.unwrap_or_else(|| "default".into()),
            labels,
            readability: readability(raw.readability),
            languages,
            language_labels,
            footer_links: raw
                .footer_links
                .unwrap_or_default()
                .into_iter()
                .map(|link| FooterLink {
                    url: self.web_address(link.url, &["footer_links"]),
                    title: link.title,
                })
                .collect(),
            upstream: raw.upstream,
            hide: raw.hide.unwrap_or_default(),
            signpost_hide: signposts.and_then(|s| s.hide).unwrap_or_default(),
            pack: raw.pack.map(|pack| Pack {
                name: pack.name,
                version: pack.version,
            }),
            local_services: raw
                .local_services
                .unwrap_or_default()
                .into_iter()
                .map(|service| LocalService {
                    id: service.id,
                    what: service.what,
                    declared_in: PathBuf::from(CONFIG_FILE),
                })
                .collect(),
            upstream_local_services: Vec::new(),
            sources: Vec::new(),
            consultation: self.consultation(raw.consultation),
        }
    }

    /// An http(s) address, or an error at the key.
    fn web_address(&mut self, url: String, key_path: &[&str]) -> String {
        if !url.starts_with("https://") && !url.starts_with("http://") {
            self.error(
                key_path,
                format!("\"{url}\" is not a web address"),
                "write the full address, starting with https://",
            );
        }
        url
    }

    /// `languages:` validated; without it, the one `language:`.
    fn languages(
        &mut self,
        raw: Option<Vec<RawLanguage>>,
        default: LanguageSettings,
        base_url_override: Option<&str>,
    ) -> Vec<LanguageSettings> {
        let Some(raw) = raw else {
            return vec![default];
        };
        let mut languages: Vec<LanguageSettings> = Vec::new();
        for entry in raw {
            let mut settings = match entry {
                RawLanguage::Code(code) => LanguageSettings {
                    code,
                    ..LanguageSettings::default()
                },
                RawLanguage::Full(full) => self.language_settings(*full, base_url_override),
            };
            settings.code = self.language(settings.code, &["languages"]);
            if languages.iter().any(|l| l.code == settings.code) {
                self.error(
                    &["languages"],
                    format!("language \"{}\" is listed twice", settings.code),
                    "list each language once; the first is the default",
                );
                continue;
            }
            if languages.is_empty() {
                settings = merge_default(settings, &default);
            }
            languages.push(settings);
        }
        if languages.is_empty() {
            self.error(
                &["languages"],
                "\"languages\" is empty".into(),
                "write `languages: [en]`, or `[en, cy]` for English and Welsh",
            );
            return vec![default];
        }
        languages
    }

    fn language_settings(
        &mut self,
        raw: RawLanguageSettings,
        base_url_override: Option<&str>,
    ) -> LanguageSettings {
        let base_url = match (raw.base_url, base_url_override) {
            (Some(url), None) => Some(self.base_url(&url, &["languages", "base_url"]).0),
            _ => None,
        };
        let quick_exit = raw.quick_exit;
        LanguageSettings {
            code: raw.code,
            title: raw.title,
            base_url,
            organisation_name: raw.organisation.and_then(|o| o.name),
            quick_exit_text: quick_exit.as_ref().and_then(|q| q.text.clone()),
            quick_exit_url: quick_exit.and_then(|q| q.url),
            rs: rs_overrides(raw.rs),
            audiences: raw.audiences.unwrap_or_default(),
            consultation: raw.consultation.map(ConsultationText::from),
        }
    }

    /// `labels:` split into the default language's strings and each other
    /// language's (`labels: { cy: {…} }`).
    fn labels(
        &mut self,
        raw: Option<IndexMap<String, RawLabel>>,
        languages: &[LanguageSettings],
    ) -> (
        IndexMap<String, String>,
        IndexMap<String, IndexMap<String, String>>,
    ) {
        let mut labels = IndexMap::new();
        let mut by_language = IndexMap::new();
        for (key, value) in raw.unwrap_or_default() {
            match value {
                RawLabel::Text(text) => {
                    labels.insert(key, text);
                }
                RawLabel::Language(map) if languages.iter().skip(1).any(|l| l.code == key) => {
                    by_language.insert(key, map);
                }
                RawLabel::Language(_) => self.error(
                    &["labels", &key],
                    format!("labels.{key} is not a language this site publishes"),
                    "list the language in `languages:` (e.g. `languages: [en, cy]`), or write `key: \"text\"` for a label",
                ),
            }
        }
        (labels, by_language)
    }

    fn base_url(&mut self, url: &str, key_path: &[&str]) -> (String, String) {
        let trimmed = url.trim().trim_end_matches('/');
        let after_scheme = trimmed
            .strip_prefix("https://")
            .or_else(|| trimmed.strip_prefix("http://"));
        match after_scheme {
            Some(rest) if !rest.is_empty() && !rest.starts_with('/') => {
                let path = rest.find('/').map_or("", |index| &rest[index..]);
                (trimmed.to_string(), format!("{path}/"))
            }
            _ => {
                if !url.is_empty() {
                    self.error(
                        key_path,
                        format!("base_url \"{url}\" is not an http(s) URL"),
                        "write the full address, for example \"https://example.gov.uk/cse\"",
                    );
                }
                ("http://localhost".into(), "/".into())
            }
        }
    }

    fn language(&mut self, language: String, key_path: &[&str]) -> String {
        let mut parts = language.split('-');
        let primary_ok = parts.next().is_some_and(|primary| {
            (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic())
        });
        let rest_ok = parts.all(|part| {
            (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        });
        if !(primary_ok && rest_ok) {
            self.error(
                key_path,
                format!("language \"{language}\" is not a BCP 47 language tag"),
                "use `en` for English or `cy` for Welsh",
            );
        }
        language
    }

    fn colour(&mut self, value: Option<String>, key: &str, default: &str) -> Colour {
        let text = value.unwrap_or_else(|| default.to_string());
        Colour::parse(&text).unwrap_or_else(|| {
            self.error(
                &["brand", key],
                format!("brand.{key} \"{text}\" is not a colour"),
                "write a hex colour such as \"#1d70b8\"",
            );
            Colour::parse(default).unwrap_or(Colour { rgb: [0, 0, 0] })
        })
    }

    fn brand(&mut self, raw: RawBrand) -> Brand {
        Brand {
            primary: self.colour(raw.primary, "primary", "#1d70b8"),
            text: self.colour(raw.text, "text", "#0b0c0c"),
            background: self.colour(raw.background, "background", "#ffffff"),
            link: self.colour(raw.link, "link", "#1d70b8"),
            focus: self.colour(raw.focus, "focus", "#ffdd00"),
            on_primary: self.colour(raw.on_primary, "on_primary", "#ffffff"),
        }
    }

    fn quick_exit(&mut self, raw: RawQuickExit) -> QuickExit {
        let url = raw
            .url
            .unwrap_or_else(|| "https://www.bbc.co.uk/weather".into());
        if !url.starts_with("https://") && !url.starts_with("http://") {
            self.error(
                &["quick_exit", "url"],
                format!("quick_exit.url \"{url}\" is not a web address"),
                "use a neutral site such as \"https://www.bbc.co.uk/weather\"",
            );
        }
        QuickExit {
            enabled: raw.enabled.unwrap_or(true),
            url,
            text: raw.text.unwrap_or_else(|| "Exit this page".into()),
        }
    }

    fn audiences(&mut self, raw: Option<IndexMap<String, String>>) -> Vec<Audience> {
        let Some(raw) = raw else {
            return default_audiences();
        };
        let mut audiences = Vec::new();
        for (key, label) in raw {
            if !is_url_safe(&key) {
                self.error(
                    &["audiences", &key],
                    format!("audience key \"{key}\" is not URL-safe"),
                    "use lower-case letters, digits and hyphens, like `young-people`",
                );
            }
            audiences.push(Audience { key, label });
        }
        audiences
    }

    fn date(&mut self, value: Option<String>, key_path: &[&str]) -> Option<Date> {
        let text = value?;
        let date = Date::parse(&text);
        if date.is_none() {
            self.error(
                key_path,
                format!("\"{text}\" is not a date"),
                "write dates as YYYY-MM-DD, for example 2026-11-28",
            );
        }
        date
    }

    fn accessibility(&mut self, raw: Option<RawAccessibility>) -> Accessibility {
        let raw = raw.unwrap_or_default();
        let compliance = match raw.compliance.as_deref().unwrap_or("partially") {
            "fully" => Compliance::Fully,
            "partially" => Compliance::Partially,
            "not" => Compliance::Not,
            other => {
                let hint = match did_you_mean(other, ["fully", "partially", "not"]) {
                    Some(close) => format!("did you mean \"{close}\"?"),
                    None => "use fully, partially or not".into(),
                };
                self.error(
                    &["accessibility", "compliance"],
                    format!("unknown compliance status \"{other}\""),
                    &hint,
                );
                Compliance::Partially
            }
        };
        let last_reviewed = self.date(raw.last_reviewed, &["accessibility", "last_reviewed"]);
        let prepared = self.date(raw.prepared, &["accessibility", "prepared"]);
        let last_tested = self.date(raw.last_tested, &["accessibility", "last_tested"]);
        Accessibility {
            contact_email: raw.contact_email,
            last_reviewed,
            prepared: prepared.or(last_reviewed),
            last_tested,
            tested_by: raw.tested_by,
            compliance,
            known_issues: raw.known_issues.unwrap_or_default(),
        }
    }
}

/// Reading-age targets: children and young people 11 (DOMAIN.md: 9–11),
/// the public and parents 12, professionals 14; a site may change any.
fn readability(raw: Option<RawReadability>) -> Readability {
    let mut reading_age: IndexMap<String, f64> = [
        ("young-people", 11.0),
        ("public", 12.0),
        ("parents", 12.0),
        ("professionals", 14.0),
    ]
    .into_iter()
    .map(|(key, age)| (key.to_string(), age))
    .collect();
    let raw = raw.unwrap_or(RawReadability {
        max_sentence_words: None,
        reading_age: None,
    });
    reading_age.extend(raw.reading_age.unwrap_or_default());
    Readability {
        max_sentence_words: raw.max_sentence_words.unwrap_or(25),
        reading_age,
    }
}

/// The four audiences DESIGN.md names, used when `audiences:` is absent.
pub fn default_audiences() -> Vec<Audience> {
    [
        ("public", "Everyone"),
        ("parents", "Parents and carers"),
        ("professionals", "People who work with children"),
        ("young-people", "Children and young people"),
    ]
    .into_iter()
    .map(|(key, label)| Audience {
        key: key.into(),
        label: label.into(),
    })
    .collect()
}

/// The default language's settings written at the top level, under any
/// the first `languages:` entry sets itself.
fn merge_default(first: LanguageSettings, default: &LanguageSettings) -> LanguageSettings {
    let rs = [0, 1, 2].map(|i| RLabelOverride {
        title: first.rs[i]
            .title
            .clone()
            .or_else(|| default.rs[i].title.clone()),
        summary: first.rs[i]
            .summary
            .clone()
            .or_else(|| default.rs[i].summary.clone()),
    });
    let mut audiences = default.audiences.clone();
    audiences.extend(first.audiences.clone());
    LanguageSettings {
        quick_exit_text: first
            .quick_exit_text
            .or_else(|| default.quick_exit_text.clone()),
        rs,
        audiences,
        ..first
    }
}

/// R labels as written, in journey order.
fn rs_overrides(raw: Option<RawRs>) -> [RLabelOverride; 3] {
    let raw = raw.unwrap_or_default();
    [raw.realise, raw.recognise, raw.react].map(|label| {
        let label = label.unwrap_or_default();
        RLabelOverride {
            title: label.title,
            summary: label.summary,
        }
    })
}

fn rs_labels(raw: Option<RawRs>) -> [RLabel; 3] {
    let (realise, recognise, react) = match raw {
        Some(raw) => (raw.realise, raw.recognise, raw.react),
        None => (None, None, None),
    };
    let label = |raw: Option<RawRLabel>, title: &str, summary: &str| {
        let raw = raw.unwrap_or(RawRLabel {
            title: None,
            summary: None,
        });
        RLabel {
            title: raw.title.unwrap_or_else(|| title.into()),
            summary: raw.summary.unwrap_or_else(|| summary.into()),
        }
    };
    [
        label(realise, "Realise", "It could happen here."),
        label(recognise, "Recognise", "Know the signs."),
        label(react, "React", "Know what to do."),
    ]
}

/// True for lower-case ASCII letters, digits and inner hyphens.
pub fn is_url_safe(key: &str) -> bool {
    !key.is_empty()
        && !key.starts_with('-')
        && !key.ends_with('-')
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "title: Test\nbase_url: https://example.gov.uk/cse/\n";

    #[test]
    fn minimal_config_gets_the_defaults() {
        let config = parse(MINIMAL, None).unwrap();
        assert_eq!(config.base_url, "https://example.gov.uk/cse");
        assert_eq!(config.root, "/cse/");
        assert_eq!(config.language, "en");
        assert_eq!(config.audiences.len(), 4);
        assert_eq!(config.r_label(R::React).title, "React");
        assert!(config.quick_exit.enabled);
        assert_eq!(
            config.permalink("realise/"),
            "https://example.gov.uk/cse/realise/"
        );
        assert_eq!(config.url_path("realise/"), "/cse/realise/");
    }

    #[test]
    fn base_url_override_wins() {
        let config = parse(MINIMAL, Some("http://127.0.0.1:1111")).unwrap();
        assert_eq!(config.root, "/");
        assert_eq!(config.permalink(""), "http://127.0.0.1:1111/");
    }

    #[test]
    fn bad_colour_is_an_error_at_its_line() {
        let text = format!("{MINIMAL}brand:\n  primary: \"#12345\"\n");
        let errors = parse(&text, None).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].message,
            "brand.primary \"#12345\" is not a colour"
        );
        assert_eq!((errors[0].line, errors[0].column), (4, 12));
    }

    #[test]
    fn unknown_key_is_an_error_with_a_suggestion() {
        let text = format!("{MINIMAL}langauge: en\n");
        let errors = parse(&text, None).unwrap_err();
        assert_eq!(errors[0].message, "unknown key \"langauge\"");
        assert_eq!(errors[0].line, 3);
        assert_eq!(
            errors[0].hint.as_deref(),
            Some("did you mean \"language\"?")
        );
    }

    #[test]
    fn missing_title_and_bad_base_url_are_reported_together() {
        let errors = parse("base_url: example.gov.uk\n", None).unwrap_err();
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert!(
            messages.contains(&"missing required key \"title\""),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"base_url \"example.gov.uk\" is not an http(s) URL"),
            "{messages:?}"
        );
    }

    #[test]
    fn colours_parse_short_and_long_forms() {
        assert_eq!(
            Colour::parse("#fff").map(Colour::hex),
            Some("#ffffff".into())
        );
        assert_eq!(
            Colour::parse("#1D70B8").map(Colour::hex),
            Some("#1d70b8".into())
        );
        assert_eq!(Colour::parse("blue"), None);
    }
}
