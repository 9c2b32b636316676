//! The raw mirror of `site.yaml`: serde structs that follow the file
//! exactly (`deny_unknown_fields`), so a typo is an error at its line.
//! Nothing here is validated; `config` turns it into the model.

use indexmap::IndexMap;
use serde::Deserialize;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConfig {
    pub title: Option<String>,
    pub base_url: Option<String>,
    pub language: Option<String>,
    pub languages: Option<Vec<serde_yaml::Value>>,
    pub organisation: Option<RawOrganisation>,
    pub brand: Option<RawBrand>,
    pub quick_exit: Option<RawQuickExit>,
    pub audiences: Option<IndexMap<String, String>>,
    pub rs: Option<RawRs>,
    pub markdown: Option<RawMarkdown>,
    pub signposts: Option<RawSignposts>,
    pub accessibility: Option<RawAccessibility>,
    pub theme: Option<String>,
    pub labels: Option<IndexMap<String, RawLabel>>,
    pub readability: Option<RawReadability>,
    pub footer_links: Option<Vec<RawLink>>,
    pub upstream: Option<String>,
    pub hide: Option<Vec<String>>,
    pub pack: Option<RawPack>,
    pub local_services: Option<Vec<RawLocalService>>,
    pub consultation: Option<RawConsultation>,
    pub search: Option<bool>,
    pub robots_txt: Option<bool>,
    pub pagination: Option<RawPagination>,
    pub social_image: Option<String>,
    pub social_image_alt: Option<String>,
    pub social_cards: Option<String>,
    pub hosting: Option<Vec<String>>,
}

/// A `labels:` value: an interface string, or (under a language code) a
/// map of that language's strings.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum RawLabel {
    Text(String),
    Language(IndexMap<String, String>),
}

/// One entry of `languages:`: a code, or a code with its own settings
/// (read entry by entry, so a typo in one is an error at its key).
#[derive(Debug, Clone)]
pub(crate) enum RawLanguage {
    Code(String),
    Full(Box<RawLanguageSettings>),
}

/// A language's own settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLanguageSettings {
    pub code: String,
    pub title: Option<String>,
    pub base_url: Option<String>,
    pub organisation: Option<RawLanguageOrganisation>,
    pub quick_exit: Option<RawLanguageQuickExit>,
    pub rs: Option<RawRs>,
    pub audiences: Option<IndexMap<String, String>>,
    pub consultation: Option<RawConsultationText>,
    pub accessibility: Option<RawLanguageAccessibility>,
    pub social_image_alt: Option<String>,
}

/// The accessibility statement's words in another language.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLanguageAccessibility {
    pub known_issues: Option<Vec<serde_yaml::Value>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLanguageOrganisation {
    pub name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLanguageQuickExit {
    pub text: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReadability {
    pub max_sentence_words: Option<usize>,
    pub enforce: Option<bool>,
    pub reading_age: Option<IndexMap<String, f64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOrganisation {
    pub name: Option<String>,
    pub logo: Option<String>,
    pub icon: Option<String>,
    pub url: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBrand {
    pub primary: Option<String>,
    pub text: Option<String>,
    pub background: Option<String>,
    pub link: Option<String>,
    pub focus: Option<String>,
    pub on_primary: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQuickExit {
    pub enabled: Option<bool>,
    pub url: Option<String>,
    pub text: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRs {
    pub realise: Option<RawRLabel>,
    pub recognise: Option<RawRLabel>,
    pub react: Option<RawRLabel>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRLabel {
    pub title: Option<String>,
    pub summary: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMarkdown {
    pub allow_html: Option<bool>,
}

/// `pagination:`. The page size is read as any YAML value, so a wrong one
/// (a word, a fraction, a negative number) is reported by validation with
/// the allowed range instead of serde's type message.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPagination {
    pub page_size: Option<serde_yaml::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSignposts {
    pub max_age_months: Option<u32>,
    pub hide: Option<Vec<String>>,
    pub replace: Option<indexmap::IndexMap<String, String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAccessibility {
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub last_reviewed: Option<String>,
    pub prepared: Option<String>,
    pub last_tested: Option<String>,
    pub tested_by: Option<String>,
    pub compliance: Option<String>,
    pub contact_form: Option<String>,
    pub known_issues: Option<Vec<serde_yaml::Value>>,
}

/// A known issue written as a map (a plain sentence is also allowed).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawKnownIssue {
    pub issue: String,
    pub criterion: Option<String>,
    pub fix_by: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLink {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPack {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLocalService {
    pub id: String,
    pub what: String,
}

/// `consultation:`, the campaign's national conversation.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConsultation {
    pub title: Option<String>,
    pub opens: Option<String>,
    pub closes: Option<String>,
    pub who: Option<String>,
    pub questions: Option<RawQuestions>,
    pub local_questions: Option<RawQuestions>,
    pub respond: Option<RawRespond>,
    pub privacy_notice: Option<String>,
    pub after: Option<String>,
}

/// Questions under each R.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQuestions {
    pub realise: Option<Vec<String>>,
    pub recognise: Option<Vec<String>>,
    pub react: Option<Vec<String>>,
}

/// How to respond.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRespond {
    pub form: Option<String>,
    pub email: Option<String>,
    pub post: Option<String>,
}

/// A language's text of the conversation (dates and routes are shared).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConsultationText {
    pub title: Option<String>,
    pub who: Option<String>,
    pub questions: Option<RawQuestions>,
    pub local_questions: Option<RawQuestions>,
    pub respond: Option<RawRespondText>,
    pub after: Option<String>,
}

/// The postal address in another language.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRespondText {
    pub post: Option<String>,
}
