//! Help services in the editor: every service of the directory's files by
//! an id ([`ServiceEntry`]), its form ([`ServiceForm`]: every field of the
//! signpost shape, labelled phones, translations), and checking or saving
//! it. A service is one `- ` item of a file that may hold many: only its
//! own item's changed keys are rewritten ([`ListItem`]), the build's own
//! directory checks run on the edited file first (phone numbers, Ofcom's
//! drama ranges, links), and "checked today" sets `verified` only once
//! every number and address on the form has been confirmed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use indexmap::IndexMap;
use serde_yaml::{Mapping, Value as Yaml};

use super::front_matter::{PageText, Value};
use super::list_item::ListItem;
use super::save::{diff, fingerprint, Action, Outcome};
use crate::base::diagnostic::{has_errors, Diagnostic};
use crate::base::fsutil;
use crate::base::yaml::Source;
use crate::load::layers::Layers;
use crate::load::signpost::{is_directory_file, SIGNPOST_DIR};
use crate::site::{self, Options};

/// One help service as the editor lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceEntry {
    /// Its id in the editor's addresses (a hash of its file and its id).
    pub id: String,
    /// The service's own `id:`.
    pub service_id: String,
    /// Its `name:` as written.
    pub name: String,
    /// Its file, relative to the site.
    pub source: PathBuf,
    /// The 1-based line of its `- `.
    pub line: usize,
    /// True for the site's own services; false for an upstream's.
    pub editable: bool,
    /// Its `verified:` as written.
    pub verified: String,
}

/// Every service of every layer's directory files, the site's own first;
/// an upstream's service that the site replaces (same id) is left out.
pub fn list(layers: &Layers) -> Vec<ServiceEntry> {
    let mut entries: Vec<ServiceEntry> = Vec::new();
    for index in 0..layers.all().len() {
        let (files, _) = layers.walk_layer(index, SIGNPOST_DIR, &|name| {
            !name.to_string_lossy().starts_with('.')
        });
        for file in files.iter().filter(|file| is_directory_file(file)) {
            let Ok(text) = layers.read_text(file) else {
                continue;
            };
            for entry in entries_of(&text, &file.shown, index == 0) {
                let replaced =
                    index > 0 && entries.iter().any(|e| e.service_id == entry.service_id);
                if !replaced {
                    entries.push(entry);
                }
            }
        }
    }
    entries
}

/// The services one file's text lists (none when it does not parse).
fn entries_of(text: &str, shown: &Path, editable: bool) -> Vec<ServiceEntry> {
    let Ok(items) = serde_yaml::from_str::<Vec<Mapping>>(text) else {
        return Vec::new();
    };
    let lines = Source::file(text, shown).list_item_lines();
    items
        .iter()
        .zip(lines)
        .map(|(item, line)| {
            let field = |key: &str| match item.get(key) {
                Some(Yaml::String(text)) => text.clone(),
                _ => String::new(),
            };
            let service_id = field("id");
            ServiceEntry {
                id: service_key(shown, &service_id, line + 1),
                name: field("name"),
                verified: field("verified"),
                service_id,
                source: shown.to_path_buf(),
                line: line + 1,
                editable,
            }
        })
        .collect()
}

/// The id of a service in the editor's addresses: its file and its own id
/// (its line when it has none), hashed.
fn service_key(source: &Path, service_id: &str, line: usize) -> String {
    let path = crate::load::layers::slash_path(source);
    let key = match service_id.is_empty() {
        true => format!("{path}#line-{line}"),
        false => format!("{path}#{service_id}"),
    };
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(key.as_bytes()))
}

/// A service's file as the editor edits it: the whole text and the item.
pub struct ServiceText {
    /// The file's text on disk.
    pub file: String,
    /// The service's item in it.
    pub item: ListItem,
}

/// Reads a service's file and finds its item; an error when the file is
/// not the site's own, or the item cannot be edited exactly.
pub fn read(site_dir: &Path, entry: &ServiceEntry) -> Result<ServiceText, Diagnostic> {
    let text = if entry.editable {
        let path = super::file_on_disk(site_dir, &entry.source)?;
        fsutil::read_text_as_is(&path, &entry.source)?
    } else {
        let path = site_dir.join(&entry.source);
        fsutil::read_text_as_is(&path, &entry.source)?
    };
    let item = ListItem::at_line(&text, entry.line).ok_or_else(|| {
        Diagnostic::error(&entry.source, "the editor cannot change this service exactly")
            .at(entry.line, 1)
            .with_hint("its entry is written in a way the editor does not rewrite (for example on one line in braces); change it in the file itself")
    })?;
    Ok(ServiceText { file: text, item })
}

/// One extra phone number with what it is for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelledPhone {
    /// The number as typed.
    pub number: String,
    /// What it is for ("Out of hours").
    pub label: String,
}

/// A service's text in one other language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TranslatedText {
    /// `name:`.
    pub name: String,
    /// `description:`.
    pub description: String,
    /// `hours:`.
    pub hours: String,
    /// `covers:` (the area the service works in, in this language).
    pub covers: String,
}

/// The one-line keys of the service form, in the form's order.
pub const TEXT_KEYS: &[&str] = &[
    "name",
    "description",
    "priority",
    "area",
    "covers",
    "phone",
    "text",
    "textphone",
    "email",
    "web",
    "webchat",
    "form",
    "hours",
    "minimum_age",
    "maximum_age",
    "weight",
    "verified",
];

/// The yes-or-no keys of the service form.
pub const FLAG_KEYS: &[&str] = &["free", "confidential", "anonymous"];

/// The keys whose values are ways to reach the service, each confirmed
/// before "checked today".
pub const CHANNEL_KEYS: &[&str] = &[
    "phone",
    "text",
    "textphone",
    "email",
    "web",
    "webchat",
    "form",
];

/// What the service form holds, as text, the way a browser posts it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceForm {
    /// Every one-line key of [`TEXT_KEYS`] with its text.
    pub texts: BTreeMap<&'static str, String>,
    /// Every key of [`FLAG_KEYS`] that is ticked.
    pub flags: Vec<&'static str>,
    /// `audiences:` (keys).
    pub audiences: Vec<String>,
    /// `phones:` (only rows with a number are written).
    pub phones: Vec<LabelledPhone>,
    /// `translations:` by language code.
    pub translations: IndexMap<String, TranslatedText>,
}

impl ServiceForm {
    /// The form for a service's item as its file has it; `languages` are
    /// the site's other languages (each gets its translation fields).
    pub fn from_mapping(mapping: &str, languages: &[String]) -> ServiceForm {
        let yaml: Mapping = serde_yaml::from_str(mapping).unwrap_or_default();
        let mut form = ServiceForm::default();
        for key in TEXT_KEYS {
            form.texts.insert(key, text_of(yaml.get(*key)));
        }
        form.flags = FLAG_KEYS
            .iter()
            .copied()
            .filter(|key| matches!(yaml.get(*key), Some(Yaml::Bool(true))))
            .collect();
        if let Some(Yaml::Sequence(items)) = yaml.get("audiences") {
            form.audiences = items.iter().map(|item| text_of(Some(item))).collect();
        }
        if let Some(Yaml::Sequence(items)) = yaml.get("phones") {
            form.phones = items
                .iter()
                .map(|item| LabelledPhone {
                    number: text_of(item.get("number")),
                    label: text_of(item.get("label")),
                })
                .collect();
        }
        for code in languages {
            let written = yaml.get("translations").and_then(|t| t.get(code.as_str()));
            let field = |key: &str| text_of(written.and_then(|w| w.get(key)));
            form.translations.insert(
                code.clone(),
                TranslatedText {
                    name: field("name"),
                    description: field("description"),
                    hours: field("hours"),
                    covers: field("covers"),
                },
            );
        }
        form
    }

    /// The form as a browser posted it; fields it does not know are
    /// ignored.
    pub fn from_post(pairs: &[(String, String)]) -> ServiceForm {
        let mut form = ServiceForm::default();
        let mut phones: BTreeMap<usize, LabelledPhone> = BTreeMap::new();
        for (name, value) in pairs {
            let value = value.trim().to_string();
            if let Some(key) = TEXT_KEYS.iter().find(|key| *key == name) {
                form.texts.insert(key, value);
            } else if let Some(key) = FLAG_KEYS.iter().find(|key| *key == name) {
                if value == "true" {
                    form.flags.push(key);
                }
            } else if name == "audiences" {
                form.audiences.push(value);
            } else if let Some((index, part)) = phone_field(name) {
                let phone = phones.entry(index).or_default();
                match part {
                    "number" => phone.number = value,
                    _ => phone.label = value,
                }
            } else if let Some((code, part)) = translation_field(name) {
                let text = form.translations.entry(code.to_string()).or_default();
                match part {
                    "name" => text.name = value,
                    "description" => text.description = value,
                    "covers" => text.covers = value,
                    _ => text.hours = value,
                }
            }
        }
        form.phones = phones
            .into_values()
            .filter(|phone| !phone.number.is_empty() || !phone.label.is_empty())
            .collect();
        form
    }

    /// The text of a one-line field.
    pub fn text(&self, key: &str) -> &str {
        self.texts.get(key).map_or("", String::as_str)
    }

    /// Every number and address on the form, with the field it is in, in
    /// the form's order: what "checked today" asks the editor to confirm.
    pub fn channels(&self) -> Vec<(String, String)> {
        let mut channels: Vec<(String, String)> = CHANNEL_KEYS
            .iter()
            .filter(|key| !self.text(key).is_empty())
            .map(|key| (key.to_string(), self.text(key).to_string()))
            .collect();
        for (index, phone) in self.phones.iter().enumerate() {
            if !phone.number.is_empty() {
                channels.push((format!("phones-{index}"), phone.number.clone()));
            }
        }
        channels
    }

    /// Every key the form sets, with its value (`None`: leave it out);
    /// `current` is the item as the file has it, whose other languages'
    /// translations and unknown translation keys are kept.
    pub fn fields(&self, current: &Mapping) -> Vec<(&'static str, Option<Value>)> {
        let mut fields: Vec<(&'static str, Option<Value>)> = Vec::new();
        for key in TEXT_KEYS {
            let text = self.text(key);
            let value = match (
                key.ends_with("_age") || *key == "weight",
                text.parse::<i64>(),
            ) {
                _ if text.is_empty() => None,
                (true, Ok(number)) => Some(Value::Number(number)),
                _ => Some(Value::Text(text.to_string())),
            };
            fields.push((key, value));
        }
        for key in FLAG_KEYS {
            fields.push((key, self.flags.contains(key).then_some(Value::Flag(true))));
        }
        let audiences = (!self.audiences.is_empty()).then(|| Value::List(self.audiences.clone()));
        fields.push(("audiences", audiences));
        fields.push(("phones", self.phones_value()));
        fields.push(("translations", self.translations_value(current)));
        fields
    }

    fn phones_value(&self) -> Option<Value> {
        let rows: Vec<Yaml> = self
            .phones
            .iter()
            .filter(|phone| !phone.number.is_empty())
            .map(|phone| {
                let mut row = Mapping::new();
                row.insert("number".into(), phone.number.clone().into());
                if !phone.label.is_empty() {
                    row.insert("label".into(), phone.label.clone().into());
                }
                Yaml::Mapping(row)
            })
            .collect();
        (!rows.is_empty()).then(|| Value::Tree(Yaml::Sequence(rows)))
    }

    fn translations_value(&self, current: &Mapping) -> Option<Value> {
        let mut all = match current.get("translations") {
            Some(Yaml::Mapping(map)) => map.clone(),
            _ => Mapping::new(),
        };
        for (code, text) in &self.translations {
            let mut own = match all.get(code.as_str()) {
                Some(Yaml::Mapping(map)) => map.clone(),
                _ => Mapping::new(),
            };
            for (key, value) in [
                ("name", &text.name),
                ("description", &text.description),
                ("hours", &text.hours),
                ("covers", &text.covers),
            ] {
                match value.is_empty() {
                    true => own.remove(key),
                    false => own.insert(key.into(), value.clone().into()),
                };
            }
            match own.is_empty() {
                true => all.remove(code.as_str()),
                false => all.insert(code.clone().into(), Yaml::Mapping(own)),
            };
        }
        (!all.is_empty()).then_some(Value::Tree(Yaml::Mapping(all)))
    }

    /// The item's mapping with this form's values: only changed keys
    /// differ from `mapping`.
    pub fn apply(&self, mapping: &str) -> PageText {
        let current: Mapping = serde_yaml::from_str(mapping).unwrap_or_default();
        let mut edited = PageText::mapping(mapping);
        edited.set_fields(&self.fields(&current));
        edited
    }
}

/// `phones-2-number` → (2, "number").
fn phone_field(name: &str) -> Option<(usize, &str)> {
    let rest = name.strip_prefix("phones-")?;
    let (index, part) = rest.split_once('-')?;
    let index: usize = index.parse().ok().filter(|i| *i < 100)?;
    matches!(part, "number" | "label").then_some((index, part))
}

/// `translations-cy-name` → ("cy", "name").
fn translation_field(name: &str) -> Option<(&str, &str)> {
    let rest = name.strip_prefix("translations-")?;
    let (code, part) = rest.rsplit_once('-')?;
    let known = crate::load::config::is_url_safe(code) && code.len() <= 16;
    (known && matches!(part, "name" | "description" | "hours" | "covers")).then_some((code, part))
}

/// A scalar as the text a form field shows.
fn text_of(value: Option<&Yaml>) -> String {
    match value {
        Some(Yaml::String(text)) => text.clone(),
        Some(Yaml::Number(number)) => number.to_string(),
        Some(Yaml::Bool(flag)) => flag.to_string(),
        _ => String::new(),
    }
}

/// The file's text with the form applied to the service's item.
pub fn edited_file(text: &ServiceText, form: &ServiceForm) -> String {
    text.item
        .with_mapping(form.apply(&text.item.mapping()).text())
}

/// Checks or saves `form` over `entry`'s item, whose file is `on_disk`
/// now and had the fingerprint `opened` when the form was made. A service
/// is saved only when the whole build passes with it.
pub fn submit(
    options: &Options,
    entry: &ServiceEntry,
    form: &ServiceForm,
    on_disk: &ServiceText,
    opened: &str,
    action: Action,
) -> Result<Outcome, Diagnostic> {
    let path = super::file_on_disk(&options.site_dir, &entry.source)?;
    let edited = edited_file(on_disk, form);
    if action == Action::Save && fingerprint(&on_disk.file) != opened {
        return Ok(Outcome::Conflict {
            disk: on_disk.file.clone(),
            diff: diff(&on_disk.file, &edited),
        });
    }
    let diagnostics = check_file(options, &entry.source, &edited);
    if action == Action::Check {
        return Ok(Outcome::Checked(diagnostics));
    }
    if edited == on_disk.file {
        return Ok(Outcome::Unchanged);
    }
    write_unless_broken(options, entry, on_disk, &path, &edited, diagnostics)
}

/// Writes `text` over the service's file unless `diagnostics` (the site
/// checked with it) have an error the file on disk does not.
fn write_unless_broken(
    options: &Options,
    entry: &ServiceEntry,
    on_disk: &ServiceText,
    path: &Path,
    text: &str,
    diagnostics: Vec<Diagnostic>,
) -> Result<Outcome, Diagnostic> {
    if has_errors(&diagnostics) && adds_errors(options, entry, on_disk, &diagnostics) {
        return Ok(Outcome::Refused(diagnostics));
    }
    fsutil::write_atomic(path, text.as_bytes())?;
    Ok(Outcome::Saved { problems: 0 })
}

/// Removes `entry`'s item from its file, whose text is `on_disk` now and
/// had the fingerprint `opened` when the form was made: refused when the
/// site would break without it (a page that features it) or the file
/// changed meanwhile.
pub fn remove(
    options: &Options,
    entry: &ServiceEntry,
    on_disk: &ServiceText,
    opened: &str,
) -> Result<Outcome, Diagnostic> {
    let path = super::file_on_disk(&options.site_dir, &entry.source)?;
    let without = on_disk.item.removed();
    if fingerprint(&on_disk.file) != opened {
        return Ok(Outcome::Conflict {
            disk: on_disk.file.clone(),
            diff: diff(&on_disk.file, &without),
        });
    }
    let diagnostics = check_file(options, &entry.source, &without);
    write_unless_broken(options, entry, on_disk, &path, &without, diagnostics)
}

/// True when the edit brings an error the file on disk does not have (a
/// site with a problem elsewhere can still have a number corrected).
fn adds_errors(
    options: &Options,
    entry: &ServiceEntry,
    on_disk: &ServiceText,
    edited: &[Diagnostic],
) -> bool {
    let before = check_file(options, &entry.source, &on_disk.file);
    let known = |error: &Diagnostic| {
        before
            .iter()
            .any(|old| old.is_error() && old.path == error.path && old.message == error.message)
    };
    edited.iter().any(|error| error.is_error() && !known(error))
}

/// The site's diagnostics with `text` standing in for the file `source`
/// (drafts included, as the editor shows them).
pub fn check_file(options: &Options, source: &Path, text: &str) -> Vec<Diagnostic> {
    let mut options = options.clone();
    options.drafts = true;
    options.unsaved = Arc::new(BTreeMap::from([(source.to_path_buf(), text.to_string())]));
    match site::check(&options) {
        Ok(report) => report.warnings,
        Err(errors) => errors,
    }
}

/// The numbers and addresses on the form that the editor has not ticked
/// as checked (`confirmed` holds the ticked fields' keys).
pub fn unconfirmed(form: &ServiceForm, confirmed: &[String]) -> Vec<(String, String)> {
    form.channels()
        .into_iter()
        .filter(|(key, _)| !confirmed.contains(key))
        .collect()
}

/// Numbers on the form in Ofcom's drama ranges that the service's item
/// did not already have: they connect to no one, so the editor refuses
/// them (the placeholders a council copy starts with stay warnings until
/// replaced). Each with the field it is in.
pub fn new_drama_numbers(form: &ServiceForm, mapping: &str) -> Vec<(String, String)> {
    let before = ServiceForm::from_mapping(mapping, &[]).channels();
    let is_phone =
        |key: &str| matches!(key, "phone" | "text" | "textphone") || key.starts_with("phones-");
    form.channels()
        .into_iter()
        .filter(|(key, number)| is_phone(key) && crate::load::signpost::phone::is_drama(number))
        .filter(|(_, number)| !before.iter().any(|(_, old)| old == number))
        .collect()
}

#[cfg(test)]
mod tests;
