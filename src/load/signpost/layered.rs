//! The help directory across layers: the union of every layer's
//! `content/_signposts/*.yaml` by id, the site's own services first. A
//! service with an upstream's id replaces it; an upstream's `area: local`
//! services are its placeholders and never inherited; `signposts.hide:`
//! leaves out upstream services and `signposts.replace:` shows one of the
//! site's in an upstream service's place (naming one the upstream lacks,
//! or replacing with one the site lacks, is an error with did-you-mean).

use std::collections::HashSet;

use super::{duplicate_ids, parse_checked, Area, Directory, Service};
use crate::base::diagnostic::{did_you_mean, Diagnostic};
use crate::load::config::Config;
use crate::load::layers::{LayerFile, Layers};

/// The folder, relative to a layer, that holds the directory.
const FOLDER: &str = "content/_signposts";

/// Loads the directory through the site's layers. Returns the directory
/// and every problem found; services with errors are left out (their ids
/// are kept in `invalid_ids`).
pub fn load(layers: &Layers, config: &Config) -> (Directory, Vec<Diagnostic>) {
    let mut directory = Directory::default();
    let mut diagnostics = Vec::new();
    let mut upstream_ids: Vec<String> = Vec::new();
    // Ids a did-you-mean may offer for `hide:`/`replace:`: never an
    // emergency line, which no hint should invite a council to hide.
    let mut suggestible: Vec<String> = Vec::new();
    for index in 0..layers.all().len() {
        let mut layer = load_layer(layers, index, config, &mut directory, &mut diagnostics);
        diagnostics.extend(duplicate_ids(&mut layer));
        for service in layer.services {
            if index > 0 {
                upstream_ids.push(service.id.clone());
                if service.priority != super::Priority::Emergency {
                    suggestible.push(service.id.clone());
                }
            }
            if inherited(&service, index, &directory, config) {
                directory.services.push(service);
            }
        }
    }
    diagnostics.extend(unknown_hidden(config, &upstream_ids, &suggestible));
    diagnostics.extend(record_replaced(
        config,
        &upstream_ids,
        &suggestible,
        &mut directory,
    ));
    directory.hidden = config
        .signpost_hide
        .iter()
        .filter(|id| upstream_ids.contains(id))
        .cloned()
        .collect();
    (directory, diagnostics)
}

/// One layer's services, in file order.
fn load_layer(
    layers: &Layers,
    index: usize,
    config: &Config,
    directory: &mut Directory,
    diagnostics: &mut Vec<Diagnostic>,
) -> Directory {
    let mut layer = Directory::default();
    let (files, errors) = layers.walk_layer(index, FOLDER, &|name| {
        !name.to_string_lossy().starts_with('.')
    });
    diagnostics.extend(errors);
    for file in files.iter().filter(|file| is_directory_file(file)) {
        let parsed = layers
            .read_text(file)
            .and_then(|text| parse_checked(&text, &file.shown, config));
        match parsed {
            Ok((services, invalid, errors)) => {
                layer.services.extend(services);
                directory.invalid_ids.extend(invalid);
                diagnostics.extend(errors);
            }
            Err(error) => {
                directory.incomplete = true;
                diagnostics.push(error);
            }
        }
    }
    layer
}

/// True for a file of the directory itself: a YAML file straight in
/// `content/_signposts/`.
pub fn is_directory_file(file: &LayerFile) -> bool {
    !file.rel.contains('/') && (file.rel.ends_with(".yaml") || file.rel.ends_with(".yml"))
}

/// Whether a service of layer `index` joins the directory.
fn inherited(service: &Service, index: usize, directory: &Directory, config: &Config) -> bool {
    if index == 0 {
        return true;
    }
    let replaced = directory.services.iter().any(|s| s.id == service.id)
        || directory.invalid_ids.contains(&service.id);
    !replaced
        && service.area != Area::Local
        && !config.signpost_hide.contains(&service.id)
        && !config.signpost_replace.contains_key(&service.id)
}

/// Records each valid `signposts.replace:` pair in the directory; a pair
/// whose upstream id the upstream lacks, whose replacement the directory
/// lacks, or whose upstream id is also hidden is an error at its line.
fn record_replaced(
    config: &Config,
    upstream_ids: &[String],
    suggestible: &[String],
    directory: &mut Directory,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let key = ["signposts", "replace"];
    for (national, own) in &config.signpost_replace {
        let (path, national_pos) = config.locate_value(&key, national);
        let error = |message: String, hint: String, pos| {
            Diagnostic::error(&path, message)
                .at_pos(pos)
                .with_hint(hint)
        };
        if !upstream_ids.contains(national) {
            let hint = match did_you_mean(national, suggestible.iter().map(String::as_str)) {
                Some(close) => {
                    format!("did you mean \"{close}\"? (the upstream may have renamed it)")
                }
                None if upstream_ids.is_empty() => {
                    "`signposts.replace:` replaces services of an upstream; this site has none"
                        .into()
                }
                None => "the upstream has no such service: remove this line".into(),
            };
            diagnostics.push(error(
                format!("signposts.replace: the upstream has no service \"{national}\""),
                hint,
                national_pos,
            ));
            continue;
        }
        if config.signpost_hide.contains(national) {
            diagnostics.push(error(
                format!("signposts.replace: \"{national}\" is hidden too"),
                "a service is either hidden (shown nowhere) or replaced (shown as yours): remove it from one of the two lists".into(),
                national_pos,
            ));
            continue;
        }
        let known = directory.services.iter().any(|s| s.id == *own);
        if !known && !directory.invalid_ids.contains(own) {
            let (_, own_pos) = config.locate_value(&key, own);
            let ids = directory.services.iter().map(|s| s.id.as_str());
            let hint = match did_you_mean(own, ids) {
                Some(close) => format!("did you mean \"{close}\"?"),
                None => {
                    "add the service to content/_signposts/ first, then name its id here".into()
                }
            };
            diagnostics.push(error(
                format!("signposts.replace: this site has no service \"{own}\" to show instead of \"{national}\""),
                hint,
                own_pos,
            ));
            continue;
        }
        directory.replaced.insert(national.clone(), own.clone());
    }
    diagnostics
}

/// `signposts.hide:` entries the upstream does not have; a hint offers
/// the closest of `suggestible`.
fn unknown_hidden(
    config: &Config,
    upstream_ids: &[String],
    suggestible: &[String],
) -> Vec<Diagnostic> {
    let known: HashSet<&str> = upstream_ids.iter().map(String::as_str).collect();
    config
        .signpost_hide
        .iter()
        .filter(|id| !known.contains(id.as_str()))
        .map(|id| {
            let (path, pos) = config.locate_value(&["signposts", "hide"], id);
            let hint = match did_you_mean(id, suggestible.iter().map(String::as_str)) {
                Some(close) => {
                    format!("did you mean \"{close}\"? (the upstream may have renamed it)")
                }
                None if upstream_ids.is_empty() => {
                    "`signposts.hide:` hides services of an upstream; this site has none".into()
                }
                None => "the upstream has no such service: remove this line".into(),
            };
            Diagnostic::error(
                path,
                format!("signposts.hide: the upstream has no service \"{id}\""),
            )
            .at_pos(pos)
            .with_hint(hint)
        })
        .collect()
}

impl Directory {
    /// The directory with each service's name, description and hours in
    /// the language `code`, where the service has them.
    pub fn localised(&self, code: &str) -> Directory {
        let mut localised = self.clone();
        for service in &mut localised.services {
            let Some(text) = service.translations.get(code).cloned() else {
                continue;
            };
            if let Some(name) = text.name {
                service.name = name;
            }
            if let Some(description) = text.description {
                service.description = description;
            }
            if text.hours.is_some() {
                service.hours = text.hours;
            }
            if text.covers.is_some() {
                service.covers = text.covers;
            }
        }
        localised
    }
}
