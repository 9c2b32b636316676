//! `site.yaml` across layers: each layer's file is checked on its own
//! (a typo is an error in the file that has it), then the upstream's keys
//! are merged under the site's (maps key by key, lists replaced) and the
//! result is validated once. Keys that belong to one site are never
//! inherited.

use std::path::PathBuf;

use super::raw::RawConfig;
use super::{Config, LocalService, Validator, CONFIG_FILE};
use crate::base::diagnostic::Diagnostic;
use crate::base::yaml::Source;
use crate::load::layers::Layers;

/// Keys that belong to one site and are never inherited from an upstream.
/// `social_image` (and its alt text) is one: a council's shares should
/// show its own brand (its generated cards) unless it names an image
/// itself, which may still be the upstream's file in content/. A
/// council publishes on its own host, so `hosting` is another.
const SITE_ONLY_KEYS: [&str; 8] = [
    "upstream",
    "hide",
    "pack",
    "local_services",
    "robots_txt",
    "hosting",
    "social_image",
    "social_image_alt",
];

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
pub(super) fn parse_layers(
    sources: Vec<(PathBuf, String)>,
    base_url_override: Option<&str>,
) -> Result<Config, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let mut values = Vec::new();
    let mut upstream_local_services = Vec::new();
    let mut upstream_languages = Vec::new();
    for (index, (path, text)) in sources.iter().enumerate() {
        let source = Source::file(text, path);
        match source.parse::<RawConfig>() {
            Ok(raw) if index > 0 => {
                upstream_languages.extend(language_codes(&raw));
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
    upstream_languages.retain(|code| !config.languages.iter().any(|l| &l.code == code));
    upstream_languages.dedup();
    config.unpublished_languages = upstream_languages;
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
                    signposts.remove("replace");
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

/// The language codes a raw `site.yaml` lists.
fn language_codes(raw: &RawConfig) -> Vec<String> {
    let listed = raw
        .languages
        .iter()
        .flatten()
        .filter_map(|language| match language {
            serde_yaml::Value::String(code) => Some(code.clone()),
            serde_yaml::Value::Mapping(map) => map.get("code")?.as_str().map(str::to_string),
            _ => None,
        });
    listed.chain(raw.language.clone()).collect()
}
