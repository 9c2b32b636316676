//! `languages:` and per-language `labels:` in site.yaml: the languages a
//! site publishes (the default first) and what each one overrides. The
//! default language also takes the top-level `rs:`, `audiences:` and quick
//! exit text, so a site without `languages:` keeps its meaning.

use indexmap::IndexMap;

use super::raw::{RawLabel, RawLanguage, RawLanguageSettings, RawRs};
use super::{ConsultationText, Validator};
use crate::base::yaml::Source;

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
    /// The accessibility statement's known issues in this language.
    pub known_issues: Option<Vec<super::KnownIssue>>,
    /// `social_image_alt` in this language (used only with `social_image`).
    pub social_image_alt: Option<String>,
}

/// An R's label and summary as written (either may be left out).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RLabelOverride {
    /// The title, when set.
    pub title: Option<String>,
    /// The summary, when set.
    pub summary: Option<String>,
}

impl Validator<'_> {
    /// `languages:` validated; without it, the one `language:`.
    pub(super) fn languages(
        &mut self,
        raw: Option<Vec<serde_yaml::Value>>,
        default: LanguageSettings,
        base_url_override: Option<&str>,
    ) -> Vec<LanguageSettings> {
        let Some(raw) = raw else {
            return vec![default];
        };
        let mut languages: Vec<LanguageSettings> = Vec::new();
        let entries: Vec<RawLanguage> = raw
            .into_iter()
            .filter_map(|value| self.raw_language(value))
            .collect();
        for entry in entries {
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
            known_issues: raw
                .accessibility
                .and_then(|a| a.known_issues)
                .map(|issues| self.known_issues(issues, &["languages", "known_issues"])),
            social_image_alt: raw.social_image_alt.filter(|alt| !alt.trim().is_empty()),
        }
    }

    /// `labels:` split into the default language's strings and each other
    /// language's (`labels: { cy: {…} }`).
    /// One `languages:` entry: a code, or a map with `code:` and the
    /// language's own settings; a typo in it is an error at its key.
    fn raw_language(&mut self, value: serde_yaml::Value) -> Option<RawLanguage> {
        match value {
            serde_yaml::Value::String(code) => Some(RawLanguage::Code(code)),
            serde_yaml::Value::Mapping(_) => {
                let (path, _) = self.locate_key(&["languages"]);
                let text = self
                    .sources
                    .iter()
                    .find(|(p, _)| *p == path)
                    .map_or("", |(_, text)| text.as_str());
                match Source::file(text, &path).from_value(value, &["languages"]) {
                    Ok(settings) => Some(RawLanguage::Full(Box::new(settings))),
                    Err(error) => {
                        self.diagnostics.push(error);
                        None
                    }
                }
            }
            _ => {
                self.error(
                    &["languages"],
                    "a language is a code such as `cy`, or a map with `code:`".into(),
                    "write `languages: [en, cy]`, or `- code: cy` with the language's settings under it",
                );
                None
            }
        }
    }

    pub(super) fn labels(
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
pub(super) fn rs_overrides(raw: Option<RawRs>) -> [RLabelOverride; 3] {
    let raw = raw.unwrap_or_default();
    [raw.realise, raw.recognise, raw.react].map(|label| {
        let label = label.unwrap_or_default();
        RLabelOverride {
            title: label.title,
            summary: label.summary,
        }
    })
}
