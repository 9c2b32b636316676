//! The checks behind [`super::Config`]'s fields: base URL, language tags,
//! brand colours, quick exit, page size, audiences, dates and the
//! accessibility statement, each an error at its key; and the defaults for what is left
//! out.

use indexmap::IndexMap;

use super::raw::*;
use super::*;
use crate::base::date::Date;
use crate::base::diagnostic::did_you_mean;

impl Validator<'_> {
    /// `social_image:` (a PNG, JPEG, GIF or WebP in content/, written like
    /// `organisation.logo`) with its required `social_image_alt:`. Whether
    /// the file exists is checked once content/ is read
    /// (`check::missing_social_image`).
    pub(super) fn social_image(
        &mut self,
        path: Option<String>,
        alt: Option<String>,
    ) -> Option<SocialImage> {
        let alt = alt.map(|alt| alt.trim().to_string());
        let Some(path) = path else {
            if alt.is_some() {
                self.error(
                    &["social_image_alt"],
                    "`social_image_alt` without `social_image`".into(),
                    "add `social_image: images/share.png` (a file in content/), or remove `social_image_alt`",
                );
            }
            return None;
        };
        let relative = self.social_image_path(&path)?;
        match alt {
            Some(alt) if !alt.is_empty() => Some(SocialImage {
                path: relative,
                alt,
            }),
            Some(_) => {
                self.error(
                    &["social_image_alt"],
                    "\"social_image_alt\" is empty".into(),
                    "describe what the image shows, for people who cannot see it",
                );
                None
            }
            None => {
                self.error(
                    &["social_image"],
                    "`social_image` needs `social_image_alt`".into(),
                    "add `social_image_alt:` saying what the image shows, for people who cannot see it",
                );
                None
            }
        }
    }

    /// The path of `social_image:` relative to content/, or an error at
    /// it: a path that leaves content/, or a file social networks do not
    /// show.
    fn social_image_path(&mut self, path: &str) -> Option<String> {
        let written = path.trim();
        let relative = written.trim_start_matches('/');
        let escapes = relative.is_empty()
            || relative.contains('\\')
            || relative
                .split('/')
                .any(|part| part == ".." || part.is_empty())
            || relative.contains(':');
        if escapes {
            self.error(
                &["social_image"],
                format!("social_image \"{written}\" is not a path inside content/"),
                "write the image's path relative to content/, like `social_image: images/share.png`",
            );
            return None;
        }
        if !crate::base::media::is_shareable_image(relative) {
            self.error(
                &["social_image"],
                format!("social_image \"{written}\" is not a PNG, JPEG, GIF or WebP image"),
                "social networks do not show SVG or other files: export a PNG, 1200×630 pixels is best",
            );
            return None;
        }
        Some(relative.to_string())
    }

    /// `social_cards: default | pages`.
    pub(super) fn social_cards(&mut self, value: Option<String>) -> SocialCards {
        match value.as_deref().map(str::trim) {
            None | Some("default") => SocialCards::Default,
            Some("pages") => SocialCards::Pages,
            Some(other) => {
                let hint = match did_you_mean(other, ["default", "pages"]) {
                    Some(close) => format!("did you mean \"{close}\"?"),
                    None => "write `social_cards: pages` for one card per page, or leave it out for one per R, audience, home and get-help".into(),
                };
                self.error(
                    &["social_cards"],
                    format!("social_cards \"{other}\" is not `default` or `pages`"),
                    &hint,
                );
                SocialCards::Default
            }
        }
    }

    /// A theme is a folder name under `themes/`: never a path, so no theme
    /// can be read from outside the site.
    pub(super) fn theme(&mut self, name: String) -> String {
        let plain = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
        if !plain {
            self.error(
                &["theme"],
                format!("theme \"{name}\" is not a folder name"),
                "name a folder in themes/, like `theme: northfield` (letters, digits, - and _)",
            );
            return "default".into();
        }
        name
    }

    pub(super) fn base_url(&mut self, url: &str, key_path: &[&str]) -> (String, String) {
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

    pub(super) fn language(&mut self, language: String, key_path: &[&str]) -> String {
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

    pub(super) fn colour(&mut self, value: Option<String>, key: &str, default: &str) -> Colour {
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

    pub(super) fn brand(&mut self, raw: RawBrand) -> Brand {
        Brand {
            primary: self.colour(raw.primary, "primary", "#1d70b8"),
            text: self.colour(raw.text, "text", "#0b0c0c"),
            background: self.colour(raw.background, "background", "#ffffff"),
            link: self.colour(raw.link, "link", "#1d70b8"),
            focus: self.colour(raw.focus, "focus", "#ffdd00"),
            on_primary: self.colour(raw.on_primary, "on_primary", "#ffffff"),
        }
    }

    pub(super) fn quick_exit(&mut self, raw: RawQuickExit) -> QuickExit {
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

    /// `pagination.page_size`: a whole number from 1 to [`MAX_PAGE_SIZE`],
    /// else an error at its value; [`DEFAULT_PAGE_SIZE`] when left out.
    pub(super) fn page_size(&mut self, raw: Option<RawPagination>) -> usize {
        let Some(value) = raw.and_then(|pagination| pagination.page_size) else {
            return DEFAULT_PAGE_SIZE;
        };
        let size = value
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .filter(|n| (1..=MAX_PAGE_SIZE).contains(n));
        size.unwrap_or_else(|| {
            self.error(
                &["pagination", "page_size"],
                format!(
                    "pagination.page_size must be a whole number from 1 to {MAX_PAGE_SIZE}, not {}",
                    shown(&value)
                ),
                "write how many pages a hub or audience page lists before it continues on the next page, for example `page_size: 100`",
            );
            DEFAULT_PAGE_SIZE
        })
    }

    pub(super) fn audiences(&mut self, raw: Option<IndexMap<String, String>>) -> Vec<Audience> {
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

    pub(super) fn date(&mut self, value: Option<String>, key_path: &[&str]) -> Option<Date> {
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

    pub(super) fn accessibility(&mut self, raw: Option<RawAccessibility>) -> Accessibility {
        let raw = raw.unwrap_or_default();
        let known_issues = self.known_issues(
            raw.known_issues.unwrap_or_default(),
            &["accessibility", "known_issues"],
        );
        let compliance = self.compliance(raw.compliance.as_deref(), known_issues.len());
        let contact_form = raw
            .contact_form
            .map(|url| self.web_address(url, &["accessibility", "contact_form"]));
        let last_reviewed = self.date(raw.last_reviewed, &["accessibility", "last_reviewed"]);
        let prepared = self.date(raw.prepared, &["accessibility", "prepared"]);
        let last_tested = self.date(raw.last_tested, &["accessibility", "last_tested"]);
        Accessibility {
            contact_email: raw.contact_email,
            contact_phone: raw.contact_phone.filter(|phone| !phone.trim().is_empty()),
            compliance_stated: raw.compliance.is_some(),
            last_reviewed,
            prepared: prepared.or(last_reviewed),
            last_tested,
            tested_by: raw.tested_by,
            compliance,
            contact_form,
            known_issues,
        }
    }

    /// The compliance status: as written, or from the list of known issues
    /// when it is left out. "Partially" with nothing listed, or "fully" with
    /// issues listed, is an error: a statement must not say both.
    fn compliance(&mut self, written: Option<&str>, issues: usize) -> Compliance {
        let derived = if issues == 0 {
            Compliance::Fully
        } else {
            Compliance::Partially
        };
        let Some(written) = written else {
            return derived;
        };
        let compliance = match written {
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
                return derived;
            }
        };
        match (compliance, issues) {
            (Compliance::Fully, n) if n > 0 => self.error(
                &["accessibility", "compliance"],
                format!("compliance is \"fully\", but known_issues lists {n} non-compliance(s)"),
                "a fully compliant site has no known issues: fix them, or say `compliance: partially`",
            ),
            (Compliance::Partially | Compliance::Not, 0) => self.error(
                &["accessibility", "compliance"],
                format!("compliance is \"{written}\", but no known issue is listed"),
                "list each non-compliance under `known_issues:` (what it is, the WCAG criterion it fails, when it will be fixed), or say `compliance: fully`",
            ),
            _ => {}
        }
        compliance
    }
}

impl Validator<'_> {
    /// `known_issues:`: each a sentence, or `{issue, criterion, fix_by}`.
    pub(super) fn known_issues(
        &mut self,
        values: Vec<serde_yaml::Value>,
        key_path: &[&str],
    ) -> Vec<KnownIssue> {
        let mut issues = Vec::new();
        for value in values {
            if let serde_yaml::Value::String(text) = value {
                issues.push(KnownIssue {
                    text,
                    criterion: None,
                    fix_by: None,
                });
                continue;
            }
            let (path, _) = self.locate_key(key_path);
            let text = self
                .sources
                .iter()
                .find(|(p, _)| *p == path)
                .map_or("", |(_, text)| text.as_str());
            match crate::base::yaml::Source::file(text, &path)
                .from_value::<RawKnownIssue>(value, key_path)
            {
                Ok(raw) => {
                    let fix_by = self.date(raw.fix_by, key_path).map(|date| date.to_string());
                    issues.push(KnownIssue {
                        text: raw.issue,
                        criterion: raw.criterion,
                        fix_by,
                    });
                }
                Err(error) => self.diagnostics.push(error),
            }
        }
        issues
    }
}

/// A YAML value as an editor wrote it, for a message.
fn shown(value: &serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::Null => "nothing".into(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::String(text) => format!("\"{text}\""),
        serde_yaml::Value::Sequence(_) => "a list".into(),
        serde_yaml::Value::Mapping(_) | serde_yaml::Value::Tagged(_) => "a map".into(),
    }
}

/// Reading-age targets: children and young people 11 (DOMAIN.md: 9–11),
/// the public and parents 12, professionals 14; a site may change any.
pub(super) fn readability(raw: Option<RawReadability>) -> Readability {
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
        enforce: None,
        reading_age: None,
    });
    reading_age.extend(raw.reading_age.unwrap_or_default());
    Readability {
        max_sentence_words: raw.max_sentence_words.unwrap_or(25),
        enforce: raw.enforce.unwrap_or(false),
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

pub(super) fn rs_labels(raw: Option<RawRs>) -> [RLabel; 3] {
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
