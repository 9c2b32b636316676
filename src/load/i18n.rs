//! Languages: which file is a translation of which page, where each
//! language's pages are published (the default language at the root, the
//! others under `/<code>/`), the generated URLs of each language, and the
//! configuration each language renders with (its title, labels of the Rs
//! and audiences, quick-exit text), falling back to the interface strings
//! Beacon ships (English and Welsh).
//!
//! Rules, decided once:
//! - `page.cy.md` is the Welsh `page.md` only when `cy` is a published
//!   language other than the default; otherwise it is an ordinary page.
//! - A translation's `slug:` names its last URL segment; a folder's
//!   `_index.cy.md` `slug:` renames that folder in Welsh URLs. Generated
//!   pages keep their English path segments (`/cy/get-help/`) except the R
//!   hubs, which follow their folder's name.
//! - Page N (N ≥ 2) of a hub or audience page is `<its URL>page/N/`; the
//!   `page` segment is the same in every language (`/cy/adnabod/page/2/`),
//!   and page 1 is the listing's own URL (there is no `page/1/`).
//! - A language with its own `base_url` keeps the same paths: only its
//!   absolute URLs (canonical, alternates, sitemap, feed) use that address.

use indexmap::IndexMap;

use crate::load::config::{Config, LanguageSettings, R};

/// The URL segment before a page number (`realise/page/2/`): the same in
/// every language, so a page's address says which page it is whatever the
/// language.
pub const PAGE_SEGMENT: &str = "page";

/// Where one language's generated pages live, relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Urls {
    /// `""` for the default language, `"cy/"` for Welsh.
    pub prefix: String,
    /// The folder name of each R's hub, in journey order.
    pub hubs: [String; 3],
}

impl Default for Urls {
    fn default() -> Self {
        Urls {
            prefix: String::new(),
            hubs: R::ALL.map(|r| r.key().to_string()),
        }
    }
}

impl Urls {
    /// The URL scheme of a language: its prefix, and hub folders renamed
    /// by `hub_slugs` (from `<r>/_index.<code>.md` slugs).
    pub fn new(prefix: &str, hub_slugs: [Option<String>; 3]) -> Self {
        let defaults = Urls::default();
        let mut index = 0;
        let hubs = hub_slugs.map(|slug| {
            let hub = slug.unwrap_or_else(|| defaults.hubs[index].clone());
            index += 1;
            hub
        });
        Urls {
            prefix: prefix.to_string(),
            hubs,
        }
    }

    /// The home page.
    pub fn home(&self) -> String {
        self.prefix.clone()
    }

    /// The hub of an R.
    pub fn hub(&self, r: R) -> String {
        format!("{}{}/", self.prefix, self.hubs[r.index()])
    }

    /// The R whose hub is at `url`, if any.
    pub fn hub_at(&self, url: &str) -> Option<R> {
        R::ALL.into_iter().find(|&r| self.hub(r) == url)
    }

    /// Page `number` of an R's hub (1 is the hub itself).
    pub fn hub_page(&self, r: R, number: usize) -> String {
        paged(&self.hub(r), number)
    }

    /// An audience's page.
    pub fn audience(&self, key: &str) -> String {
        format!("{}for/{key}/", self.prefix)
    }

    /// Page `number` of an audience's page (1 is the audience page itself).
    pub fn audience_page(&self, key: &str, number: usize) -> String {
        paged(&self.audience(key), number)
    }

    /// The signposting page, for everyone or one audience.
    pub fn get_help(&self, audience: Option<&str>) -> String {
        match audience {
            Some(key) => format!("{}get-help/{key}/", self.prefix),
            None => format!("{}get-help/", self.prefix),
        }
    }

    /// The staying-safe-online page.
    pub fn staying_safe(&self) -> String {
        format!("{}staying-safe-online/", self.prefix)
    }

    /// The accessibility statement.
    pub fn accessibility(&self) -> String {
        format!("{}accessibility/", self.prefix)
    }

    /// The have-your-say page (the national conversation).
    pub fn have_your_say(&self) -> String {
        format!("{}have-your-say/", self.prefix)
    }

    /// The search page (every page A–Z, and the search box's results).
    pub fn search(&self) -> String {
        format!("{}search/", self.prefix)
    }

    /// The not-found page.
    pub fn not_found(&self) -> String {
        format!("{}404.html", self.prefix)
    }

    /// The Atom feed.
    pub fn feed(&self) -> String {
        format!("{}feed.xml", self.prefix)
    }
}

/// Page `number` of the listing published at `first`: `first` itself for
/// page 1 (and 0), `<first>page/<number>/` after it.
pub fn paged(first: &str, number: usize) -> String {
    match number {
        0 | 1 => first.to_string(),
        _ => format!("{first}{PAGE_SEGMENT}/{number}/"),
    }
}

/// The page number of `url` when it is a later page (2 or more) of the
/// listing published at `first`, the way [`paged`] writes it.
pub fn page_number(first: &str, url: &str) -> Option<usize> {
    let digits = url
        .strip_prefix(first)?
        .strip_prefix(PAGE_SEGMENT)?
        .strip_prefix('/')?
        .strip_suffix('/')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The URL prefix of the language at `index` (the default has none).
pub fn prefix(config: &Config, index: usize) -> String {
    match index {
        0 => String::new(),
        _ => format!("{}/", config.languages[index].code),
    }
}

/// Splits `signs.cy.md` into (`signs.md`, the index of `cy`) when `cy` is
/// a published language other than the default; any other name is a page
/// of the default language.
pub fn split_translation(rel: &str, config: &Config) -> (String, usize) {
    let Some(stem) = rel.strip_suffix(".md") else {
        return (rel.to_string(), 0);
    };
    let Some((base, code)) = stem.rsplit_once('.') else {
        return (rel.to_string(), 0);
    };
    let found = config
        .languages
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, language)| language.code == code);
    match found {
        Some((index, _)) if !base.ends_with('/') && !base.is_empty() => {
            (format!("{base}.md"), index)
        }
        _ => (rel.to_string(), 0),
    }
}

/// True for `page.cy.md` when `cy` is a language the upstream publishes and
/// this site does not: the file is left out.
pub fn is_unpublished_translation(rel: &str, config: &Config) -> bool {
    rel.strip_suffix(".md")
        .and_then(|stem| stem.rsplit_once('.'))
        .is_some_and(|(_, code)| config.unpublished_languages.iter().any(|c| c == code))
}

/// True when text in this language is measured with the English
/// readability formulas.
pub fn is_english(code: &str) -> bool {
    code == "en" || code.starts_with("en-")
}

/// The configuration the language at `index` renders with: its title,
/// organisation name, quick-exit text and the labels of the Rs and
/// audiences, each from `languages:` in site.yaml, else `strings` (the
/// theme's strings in that language), else the default language's.
pub fn localise(config: &Config, index: usize, strings: &IndexMap<String, String>) -> Config {
    let settings = &config.languages[index];
    let mut localised = config.clone();
    localised.language = settings.code.clone();
    localised.quick_exit.text = settings
        .quick_exit_text
        .clone()
        .or_else(|| strings.get("quick_exit_text").cloned())
        .unwrap_or_else(|| config.quick_exit.text.clone());
    localise_labels(&mut localised, settings, strings);
    if let Some(label) = strings.get("warning_label") {
        localised.warning_label = label.clone();
    }
    // A video's captions are named in the player's menu by the
    // language's own name, as the language toggle names it.
    if let Some(label) = strings.get("language_name") {
        localised.captions_label = label.clone();
    }
    if let (Some(image), Some(alt)) = (&mut localised.social_image, &settings.social_image_alt) {
        image.alt = alt.clone();
    }
    if index == 0 {
        return localised;
    }
    if let Some(url) = &settings.base_url {
        localised.base_url = url.clone();
    }
    localised.title = settings
        .title
        .clone()
        .unwrap_or_else(|| config.title.clone());
    if let Some(name) = &settings.organisation_name {
        localised.organisation_name = name.clone();
    }
    if let Some(url) = &settings.quick_exit_url {
        localised.quick_exit.url = url.clone();
    }
    if let Some(known_issues) = &settings.known_issues {
        localised.accessibility.known_issues = known_issues.clone();
    }
    if let (Some(consultation), Some(text)) = (&config.consultation, &settings.consultation) {
        localised.consultation = Some(consultation.translated(text));
    }
    localised.labels = config
        .language_labels
        .get(&settings.code)
        .cloned()
        .unwrap_or_default();
    localised
}

fn localise_labels(
    localised: &mut Config,
    settings: &LanguageSettings,
    strings: &IndexMap<String, String>,
) {
    for r in R::ALL {
        let written = &settings.rs[r.index()];
        let label = &mut localised.rs[r.index()];
        let key = r.key();
        if let Some(title) = written
            .title
            .clone()
            .or_else(|| strings.get(&format!("r_{key}_title")).cloned())
        {
            label.title = title;
        }
        if let Some(summary) = written
            .summary
            .clone()
            .or_else(|| strings.get(&format!("r_{key}_summary")).cloned())
        {
            label.summary = summary;
        }
    }
    for audience in &mut localised.audiences {
        if let Some(label) = settings
            .audiences
            .get(&audience.key)
            .or_else(|| strings.get(&format!("audience_{}", audience.key)))
        {
            audience.label = label.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bilingual() -> Config {
        crate::load::config::parse(
            "title: T\nbase_url: https://e.org/cse\nlanguages:\n  - en\n  - code: cy\n    title: Teitl\n    rs:\n      realise: { title: Sylweddoli }\n",
            None,
        )
        .unwrap()
    }

    #[test]
    fn translations_are_named_by_a_published_language() {
        let config = bilingual();
        assert_eq!(
            split_translation("recognise/signs.cy.md", &config),
            ("recognise/signs.md".to_string(), 1)
        );
        assert_eq!(
            split_translation("_index.cy.md", &config),
            ("_index.md".to_string(), 1)
        );
        assert_eq!(
            split_translation("notes.fr.md", &config),
            ("notes.fr.md".to_string(), 0)
        );
        assert_eq!(
            split_translation(".cy.md", &config),
            (".cy.md".to_string(), 0)
        );
        assert_eq!(
            split_translation("signs.md", &config),
            ("signs.md".to_string(), 0)
        );
    }

    #[test]
    fn each_language_has_its_own_generated_urls() {
        let urls = Urls::new("cy/", [None, Some("adnabod".into()), None]);
        assert_eq!(urls.hub(R::Recognise), "cy/adnabod/");
        assert_eq!(urls.hub(R::Realise), "cy/realise/");
        assert_eq!(urls.hub_at("cy/adnabod/"), Some(R::Recognise));
        assert_eq!(urls.get_help(Some("parents")), "cy/get-help/parents/");
        assert_eq!(urls.not_found(), "cy/404.html");
        assert_eq!(Urls::default().hub(R::React), "react/");
    }

    #[test]
    fn later_pages_of_a_listing_are_under_page_n_in_every_language() {
        let urls = Urls::new("cy/", [None, Some("adnabod".into()), None]);
        assert_eq!(urls.hub_page(R::Recognise, 1), "cy/adnabod/");
        assert_eq!(urls.hub_page(R::Recognise, 2), "cy/adnabod/page/2/");
        assert_eq!(
            Urls::default().audience_page("parents", 3),
            "for/parents/page/3/"
        );
        assert_eq!(Urls::default().audience_page("parents", 1), "for/parents/");
        assert_eq!(page_number("realise/", "realise/page/12/"), Some(12));
        assert_eq!(page_number("realise/", "realise/page/2"), None);
        assert_eq!(page_number("realise/", "realise/page/two/"), None);
        assert_eq!(page_number("realise/", "realise/page//"), None);
        assert_eq!(page_number("realise/", "react/page/2/"), None);
    }

    #[test]
    fn a_language_takes_its_own_labels_then_the_theme_strings() {
        let config = bilingual();
        let strings: IndexMap<String, String> = [
            ("r_realise_title", "Ignored"),
            ("r_react_title", "Ymateb"),
            ("quick_exit_text", "Gadael y dudalen"),
            ("audience_parents", "Rhieni a gofalwyr"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let welsh = localise(&config, 1, &strings);
        assert_eq!(welsh.language, "cy");
        assert_eq!(welsh.title, "Teitl");
        assert_eq!(welsh.r_label(R::Realise).title, "Sylweddoli");
        assert_eq!(welsh.r_label(R::React).title, "Ymateb");
        assert_eq!(welsh.r_label(R::Recognise).title, "Recognise");
        assert_eq!(welsh.quick_exit.text, "Gadael y dudalen");
        assert_eq!(
            welsh.audience("parents").unwrap().label,
            "Rhieni a gofalwyr"
        );
        assert_eq!(localise(&config, 0, &IndexMap::new()), config);
    }
}
