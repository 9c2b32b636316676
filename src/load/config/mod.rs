//! Reads `site.yaml` into a raw mirror of the file (`deny_unknown_fields`),
//! then validates it into [`Config`], the model the rest of the pipeline uses.
//! Every key but `title` and `base_url` is optional; these names are the
//! contract councils' files rely on.

mod consultation;
mod hosting;
mod languages;
mod layered;
mod raw;
mod validate;

pub use consultation::{Consultation, ConsultationText, State};
pub use hosting::{Host, DEFAULT_HOSTING};
pub use languages::{LanguageSettings, RLabelOverride};
pub use layered::{load, parse};

use std::path::PathBuf;

use indexmap::IndexMap;

pub use crate::base::colour::Colour;
use crate::base::date::Date;
use crate::base::diagnostic::{Diagnostic, Pos};
use crate::base::yaml::Source;
use languages::rs_overrides;
use raw::*;
pub use validate::{default_audiences, is_url_safe};
use validate::{readability, rs_labels};

/// Where the configuration lives in a site folder.
pub const CONFIG_FILE: &str = "site.yaml";

/// How many pages a hub or audience page lists before it continues on
/// page 2, when `pagination.page_size` is left out.
pub const DEFAULT_PAGE_SIZE: usize = 100;

/// The largest `pagination.page_size` a site may set.
pub const MAX_PAGE_SIZE: usize = 10_000;

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

/// The image a page shares when it names none and gets no card of its own:
/// `social_image:` and `social_image_alt:` in site.yaml.
#[derive(Debug, Clone, PartialEq)]
pub struct SocialImage {
    /// The file, relative to `content/` (a PNG, JPEG, GIF or WebP).
    pub path: String,
    /// What it shows, for people who cannot see it.
    pub alt: String,
}

/// Which pages get a social card of their own (`social_cards:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SocialCards {
    /// About a dozen cards: one per R hub, one per audience page, one for
    /// home and one for get-help; a content page shares its first R's.
    #[default]
    Default,
    /// Also one card per content page, with the page's title.
    Pages,
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
    /// A phone number for the same, as written.
    pub contact_phone: Option<String>,
    /// True when `compliance:` is written (not derived from the issues):
    /// the statement claims a status only when the site says one.
    pub compliance_stated: bool,
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
    /// A contact form for reporting problems (https).
    pub contact_form: Option<String>,
    /// Known non-compliances.
    pub known_issues: Vec<KnownIssue>,
}

impl Accessibility {
    /// What the statement still needs before it may say how accessible
    /// the site is: a stated compliance status, a way to contact the
    /// organisation, and the date it was last reviewed. Empty once assessed.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if !self.compliance_stated {
            missing.push("`compliance` (fully, partially or not)");
        }
        let contact = [&self.contact_email, &self.contact_phone, &self.contact_form];
        if contact.iter().all(|c| c.is_none()) {
            missing.push("a contact (`contact_email`, `contact_phone` or `contact_form`)");
        }
        if self.last_reviewed.is_none() {
            missing.push("`last_reviewed`");
        }
        missing
    }

    /// True when the statement may claim a compliance status.
    pub fn is_assessed(&self) -> bool {
        self.missing().is_empty()
    }
}

/// Content that does not meet the regulations, for the statement.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct KnownIssue {
    /// What is not accessible, in a sentence.
    pub text: String,
    /// The WCAG success criterion it fails ("1.1.1 Non-text content").
    pub criterion: Option<String>,
    /// When it will be fixed (YYYY-MM-DD).
    pub fix_by: Option<String>,
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
    /// The browser-tab icon's path under `content/` (`organisation.icon`);
    /// without one, the logo is the icon, and without a logo the theme's.
    pub icon: Option<String>,
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
    /// Whether to publish `robots.txt` (`robots_txt: false` when the site
    /// sits in a folder of a domain whose own `robots.txt` is kept by its
    /// host: crawlers read it only at the root).
    pub robots_txt: bool,
    /// Whether to publish site search (`/search/` in every language, the
    /// header's search box and the index); `search: false` turns it off.
    pub search: bool,
    /// Signposts not verified for this long are a warning.
    pub signpost_max_age_months: u32,
    /// How many pages a hub or audience page lists; the rest continue on
    /// `…/page/2/` and after (`pagination.page_size`, 1 to 10,000).
    pub page_size: usize,
    /// Accessibility statement details.
    pub accessibility: Accessibility,
    /// Theme name.
    pub theme: String,
    /// Interface strings that override the theme's.
    pub labels: IndexMap<String, String>,
    /// What warning text says first to screen readers, in this language
    /// (the theme's `warning_label` string).
    pub warning_label: String,
    /// What a video player's captions menu calls its captions: the
    /// language's own name (the theme's `language_name` string).
    pub captions_label: String,
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
    /// Upstream services shown as one of this site's wherever the
    /// upstream's pages feature them (`signposts.replace:`, national id →
    /// this site's id), in the order written.
    pub signpost_replace: IndexMap<String, String>,
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
    /// Languages an upstream publishes and this site does not: their
    /// translations (`page.cy.md`, a service's `translations: { cy }`) are
    /// left out, not read as pages of this site.
    pub unpublished_languages: Vec<String>,
    /// The image that replaces the generated default cards, if any.
    pub social_image: Option<SocialImage>,
    /// Whether every content page gets a card of its own.
    pub social_cards: SocialCards,
    /// Where the site is published (`hosting:`), in the order written:
    /// which header files `build` writes and what `check` warns a host
    /// cannot send.
    pub hosting: Vec<Host>,
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
    /// A sentence longer than this is a finding.
    pub max_sentence_words: usize,
    /// `enforce: true`: reading-level findings are warnings (so `check
    /// --strict` fails on them); otherwise they are advice.
    pub enforce: bool,
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

    /// Where `value` is written under `key_path` (an item of a list), in
    /// whichever layer's file has the key.
    pub fn locate_value(&self, key_path: &[&str], value: &str) -> (PathBuf, Pos) {
        locate_value(&self.sources, key_path, value)
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

fn locate_value(sources: &[(PathBuf, String)], key_path: &[&str], value: &str) -> (PathBuf, Pos) {
    for (path, text) in sources {
        let source = Source::file(text, path);
        if source.has_key(key_path) {
            return (path.clone(), source.value_pos(key_path, value));
        }
    }
    locate(sources, key_path)
}

struct Validator<'a> {
    sources: &'a [(PathBuf, String)],
    diagnostics: Vec<Diagnostic>,
}

impl Validator<'_> {
    /// Where a key path is written, in whichever layer's file has it.
    fn locate_key(&self, key_path: &[&str]) -> (PathBuf, Pos) {
        locate(self.sources, key_path)
    }

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
        let (base_url, root) = self.site_address(raw.base_url, base_url_override);
        let language = self.language(raw.language.unwrap_or_else(|| "en".into()), &["language"]);
        let organisation = raw.organisation.unwrap_or_default();
        let quick_exit = raw.quick_exit.unwrap_or_default();
        let default_language = LanguageSettings {
            code: language.clone(),
            rs: rs_overrides(raw.rs.clone()),
            audiences: raw.audiences.clone().unwrap_or_default(),
            quick_exit_text: quick_exit.text.clone(),
            ..LanguageSettings::default()
        };
        let languages = self.languages(raw.languages, default_language, base_url_override);
        let (labels, language_labels) = self.labels(raw.labels, &languages);
        let signposts = raw.signposts;
        Config {
            organisation_name: organisation.name.unwrap_or_else(|| title.clone()),
            logo: organisation.logo,
            icon: organisation.icon,
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
            robots_txt: raw.robots_txt.unwrap_or(true),
            search: raw.search.unwrap_or(true),
            signpost_max_age_months: signposts
                .as_ref()
                .and_then(|s| s.max_age_months)
                .unwrap_or(12),
            accessibility: self.accessibility(raw.accessibility),
            page_size: self.page_size(raw.pagination),
            theme: self.theme(raw.theme.unwrap_or_else(|| "default".into())),
            labels,
            warning_label: "Warning".into(),
            captions_label: "English".into(),
            readability: readability(raw.readability),
            languages,
            language_labels,
            footer_links: self.footer_links(raw.footer_links),
            upstream: raw.upstream,
            hide: raw.hide.unwrap_or_default(),
            signpost_hide: signposts
                .as_ref()
                .and_then(|s| s.hide.clone())
                .unwrap_or_default(),
            signpost_replace: signposts.and_then(|s| s.replace).unwrap_or_default(),
            pack: raw.pack.map(Pack::from),
            local_services: local_services(raw.local_services),
            upstream_local_services: Vec::new(),
            sources: Vec::new(),
            consultation: self.consultation(raw.consultation),
            unpublished_languages: Vec::new(),
            social_image: self.social_image(raw.social_image, raw.social_image_alt),
            social_cards: self.social_cards(raw.social_cards),
            hosting: self.hosting(raw.hosting),
        }
    }

    /// `base_url:` (or `--base-url`), checked, and the root path it gives.
    fn site_address(
        &mut self,
        raw: Option<String>,
        base_url_override: Option<&str>,
    ) -> (String, String) {
        let base_url = match base_url_override {
            Some(url) => url.to_string(),
            None => self.required(raw, "base_url", "\"https://example.gov.uk/cse\""),
        };
        self.base_url(&base_url, &["base_url"])
    }

    /// `footer_links:`, each address checked.
    fn footer_links(&mut self, raw: Option<Vec<RawLink>>) -> Vec<FooterLink> {
        raw.unwrap_or_default()
            .into_iter()
            .map(|link| FooterLink {
                url: self.web_address(link.url, &["footer_links"]),
                title: link.title,
            })
            .collect()
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
}

/// `local_services:` of a national site, each declared in its `site.yaml`.
fn local_services(raw: Option<Vec<RawLocalService>>) -> Vec<LocalService> {
    raw.unwrap_or_default()
        .into_iter()
        .map(|service| LocalService {
            id: service.id,
            what: service.what,
            declared_in: PathBuf::from(CONFIG_FILE),
        })
        .collect()
}

impl From<RawPack> for Pack {
    fn from(raw: RawPack) -> Self {
        Pack {
            name: raw.name,
            version: raw.version,
        }
    }
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
    fn page_size_defaults_to_100_and_takes_1_to_10000() {
        assert_eq!(parse(MINIMAL, None).unwrap().page_size, DEFAULT_PAGE_SIZE);
        for (written, size) in [("1", 1), ("25", 25), ("10000", 10_000)] {
            let text = format!("{MINIMAL}pagination:\n  page_size: {written}\n");
            assert_eq!(parse(&text, None).unwrap().page_size, size);
        }
    }

    #[test]
    fn a_bad_page_size_is_an_error_at_its_value_with_a_hint() {
        for (written, shown) in [
            ("0", "0"),
            ("10001", "10001"),
            ("-5", "-5"),
            ("2.5", "2.5"),
            ("\"ten\"", "\"ten\""),
            ("[10]", "a list"),
        ] {
            let text = format!("{MINIMAL}pagination: {{ page_size: {written} }}\n");
            let errors = parse(&text, None).unwrap_err();
            assert_eq!(errors.len(), 1, "{written}: {errors:#?}");
            assert_eq!(
                errors[0].message,
                format!("pagination.page_size must be a whole number from 1 to 10000, not {shown}")
            );
            assert_eq!((errors[0].line, errors[0].column), (3, 26), "{written}");
            assert!(errors[0]
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("page_size: 100")));
        }
        let errors = parse(&format!("{MINIMAL}pagination:\n  size: 10\n"), None).unwrap_err();
        assert_eq!(errors[0].message, "unknown key \"size\"");
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
    fn a_theme_is_a_folder_name_never_a_path() {
        for bad in ["/etc", "../x", "a/b", ""] {
            let errors = parse(&format!("{MINIMAL}theme: \"{bad}\"\n"), None).unwrap_err();
            assert_eq!(
                errors[0].message,
                format!("theme \"{bad}\" is not a folder name")
            );
            assert_eq!(errors[0].line, 3);
        }
        assert_eq!(
            parse(&format!("{MINIMAL}theme: north_field-2\n"), None)
                .unwrap()
                .theme,
            "north_field-2"
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
