//! Reading and validating one file of the help directory: every field of
//! every service checked (ids, priorities, areas, audiences, UK phone
//! numbers, https links, e-mail addresses, the verified date), each problem
//! an error at its line.

use std::path::Path;

use indexmap::IndexMap;
use serde::Deserialize;

use super::{phone, Area, Channel, ChannelKind, Priority, Service, ServiceText};
use crate::base::date::Date;
use crate::base::diagnostic::{did_you_mean, Diagnostic};
use crate::base::yaml::Source;
use crate::load::config::Config;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    id: Option<String>,
    name: Option<String>,
    description: Option<String>,
    priority: Option<String>,
    area: Option<String>,
    audiences: Option<Vec<String>>,
    phone: Option<String>,
    text: Option<String>,
    textphone: Option<String>,
    web: Option<String>,
    webchat: Option<String>,
    form: Option<String>,
    email: Option<String>,
    hours: Option<String>,
    covers: Option<String>,
    free: Option<bool>,
    confidential: Option<bool>,
    anonymous: Option<bool>,
    minimum_age: Option<u32>,
    maximum_age: Option<u32>,
    verified: Option<String>,
    phones: Option<Vec<RawPhone>>,
    weight: Option<i64>,
    example: Option<bool>,
    fill_in: Option<String>,
    translations: Option<IndexMap<String, ServiceText>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhone {
    number: String,
    label: Option<String>,
}

/// Validates the text of one signposts file.
pub fn parse_file(text: &str, source: &Path, config: &Config) -> (Vec<Service>, Vec<Diagnostic>) {
    parse_checked(text, source, config).map_or_else(
        |error| (Vec::new(), vec![error]),
        |(services, _, errors)| (services, errors),
    )
}

/// Services that validated, the ids of those that did not, and every
/// problem; or the one error that kept the file from being read.
pub(crate) type Parsed = (Vec<Service>, Vec<String>, Vec<Diagnostic>);

/// Validates the text of one signposts file, keeping the ids of invalid
/// services.
pub(crate) fn parse_checked(
    text: &str,
    source: &Path,
    config: &Config,
) -> Result<Parsed, Diagnostic> {
    let yaml = Source::file(text, source);
    let raw: Vec<RawService> = yaml.parse::<Option<Vec<RawService>>>()?.unwrap_or_default();
    let item_lines = yaml.list_item_lines();
    let mut services = Vec::new();
    let mut invalid = Vec::new();
    let mut diagnostics = Vec::new();
    for (index, raw) in raw.into_iter().enumerate() {
        let written_id = raw.id.clone();
        let mut validator = ServiceValidator {
            yaml,
            item_line: item_lines.get(index).copied().unwrap_or(0),
            config,
            diagnostics: Vec::new(),
        };
        let service = validator.service(raw);
        if validator.diagnostics.is_empty() {
            services.extend(service);
        } else {
            invalid.extend(written_id);
        }
        diagnostics.extend(validator.diagnostics);
    }
    Ok((services, invalid, diagnostics))
}

struct ServiceValidator<'a> {
    yaml: Source<'a>,
    item_line: usize,
    config: &'a Config,
    diagnostics: Vec<Diagnostic>,
}

impl ServiceValidator<'_> {
    fn error(&mut self, key: &str, message: String, hint: String) {
        let pos = self.yaml.key_pos_from(self.item_line, &[key]);
        self.diagnostics.push(
            Diagnostic::error(self.yaml.path, message)
                .at_pos(pos)
                .with_hint(hint),
        );
    }

    fn required(&mut self, value: Option<String>, key: &str) -> String {
        match value {
            Some(value) if !value.trim().is_empty() => value,
            _ => {
                let pos = self.yaml.pos(self.item_line, 0);
                self.diagnostics.push(
                    Diagnostic::error(self.yaml.path, format!("this service has no \"{key}\""))
                        .at_pos(pos)
                        .with_hint(format!("add `{key}:` to the entry")),
                );
                String::new()
            }
        }
    }

    fn service(&mut self, raw: RawService) -> Option<Service> {
        let id = self.required(raw.id, "id");
        if !id.is_empty() && !crate::load::config::is_url_safe(&id) {
            self.error(
                "id",
                format!("service id \"{id}\" is not URL-safe"),
                "use lower-case letters, digits and hyphens, like `nspcc-helpline`".into(),
            );
        }
        let mut channels = Vec::new();
        self.phone_channel(raw.phone, "phone", ChannelKind::Phone, &mut channels);
        self.phone_channel(raw.text, "text", ChannelKind::Text, &mut channels);
        self.phone_channel(
            raw.textphone,
            "textphone",
            ChannelKind::Textphone,
            &mut channels,
        );
        self.email_channel(raw.email, &mut channels);
        self.url_channel(raw.webchat, "webchat", ChannelKind::Webchat, &mut channels);
        self.url_channel(raw.form, "form", ChannelKind::Form, &mut channels);
        self.url_channel(raw.web, "web", ChannelKind::Web, &mut channels);
        self.labelled_phones(raw.phones.unwrap_or_default(), &mut channels);
        channels.sort_by_key(|channel| channel.kind);
        if let Some(what) = raw.fill_in {
            self.error(
                "fill_in",
                format!("service \"{id}\" is still to be filled in: {what}"),
                "add its real name, description, phone number and hours, then delete the `fill_in:` line".into(),
            );
        }
        let translations = self.translations(raw.translations.unwrap_or_default());
        let service = Service {
            weight: raw.weight.unwrap_or(0),
            example: raw.example.unwrap_or(false),
            translations,
            name: self.required(raw.name, "name"),
            description: self.required(raw.description, "description"),
            priority: self.priority(raw.priority),
            area: self.area(raw.area),
            audiences: self.audiences(raw.audiences.unwrap_or_default()),
            channels,
            hours: raw.hours,
            covers: raw.covers.filter(|text| !text.trim().is_empty()),
            free: raw.free.unwrap_or(false),
            confidential: raw.confidential.unwrap_or(false),
            anonymous: raw.anonymous.unwrap_or(false),
            minimum_age: raw.minimum_age,
            maximum_age: raw.maximum_age,
            verified_pos: self.yaml.key_pos_from(self.item_line, &["verified"]),
            verified: self.verified(raw.verified),
            source: self.yaml.path.to_path_buf(),
            pos: self.yaml.pos(self.item_line, 0),
            id,
        };
        Some(service)
    }

    fn priority(&mut self, value: Option<String>) -> Priority {
        let text = self.required(value, "priority");
        match text.as_str() {
            "emergency" => Priority::Emergency,
            "urgent" => Priority::Urgent,
            "support" => Priority::Support,
            "" => Priority::Support,
            other => {
                let hint = suggestion(other, &["emergency", "urgent", "support"]);
                self.error("priority", format!("unknown priority \"{other}\""), hint);
                Priority::Support
            }
        }
    }

    fn area(&mut self, value: Option<String>) -> Area {
        match value.as_deref().unwrap_or("national") {
            "national" => Area::National,
            "local" => Area::Local,
            other => {
                let hint = suggestion(other, &["national", "local"]);
                self.error("area", format!("unknown area \"{other}\""), hint);
                Area::National
            }
        }
    }

    fn audiences(&mut self, names: Vec<String>) -> Vec<String> {
        let known: Vec<&str> = self
            .config
            .audiences
            .iter()
            .map(|a| a.key.as_str())
            .collect();
        for name in &names {
            if !known.contains(&name.as_str()) {
                let pos = self
                    .yaml
                    .value_pos_from(self.item_line, &["audiences"], name);
                let hint = suggestion(name, &known);
                self.diagnostics.push(
                    Diagnostic::error(self.yaml.path, format!("unknown audience \"{name}\""))
                        .at_pos(pos)
                        .with_hint(hint),
                );
            }
        }
        names
    }

    fn phone_channel(
        &mut self,
        value: Option<String>,
        key: &str,
        kind: ChannelKind,
        out: &mut Vec<Channel>,
    ) {
        let Some(text) = value else { return };
        let parsed = match kind {
            ChannelKind::Text => phone::parse_sms(&text),
            _ => phone::parse(&text),
        };
        match parsed {
            Some(phone) => out.push(Channel {
                kind,
                text: phone.display,
                href: phone.href,
                label: None,
            }),
            None => self.error(
                key,
                format!("\"{text}\" is not a valid UK phone number"),
                "write it as people dial it, like \"0808 800 5000\", \"999\" or \"18001 101\""
                    .into(),
            ),
        }
    }

    fn email_channel(&mut self, value: Option<String>, out: &mut Vec<Channel>) {
        let Some(email) = value else { return };
        if is_email(&email) {
            out.push(Channel {
                kind: ChannelKind::Email,
                href: format!("mailto:{email}"),
                text: email,
                label: None,
            });
        } else {
            self.error(
                "email",
                format!("\"{email}\" is not an e-mail address"),
                "write it like help@example.org.uk".into(),
            );
        }
    }

    fn url_channel(
        &mut self,
        value: Option<String>,
        key: &str,
        kind: ChannelKind,
        out: &mut Vec<Channel>,
    ) {
        let Some(url) = value else { return };
        match url.strip_prefix("https://") {
            Some(rest) if rest.contains('.') && !rest.contains(char::is_whitespace) => {
                out.push(Channel {
                    kind,
                    text: display_url(rest),
                    href: url,
                    label: None,
                })
            }
            _ => self.error(
                key,
                format!("\"{url}\" is not an https web address"),
                "links to help services must use https://, so no one can tamper with them on the way".into(),
            ),
        }
    }

    /// `phones: [{number, label}]`: several numbers, each with what it is for.
    fn labelled_phones(&mut self, phones: Vec<RawPhone>, out: &mut Vec<Channel>) {
        for entry in phones {
            let before = out.len();
            self.phone_channel(Some(entry.number), "phones", ChannelKind::Phone, out);
            if out.len() > before {
                if let Some(channel) = out.last_mut() {
                    channel.label = entry.label;
                }
            }
        }
    }

    /// `translations:` keyed by a language the site publishes.
    fn translations(
        &mut self,
        raw: IndexMap<String, ServiceText>,
    ) -> IndexMap<String, ServiceText> {
        let others: Vec<&str> = self.config.language_codes().skip(1).collect();
        let left_out = |code: &str| self.config.unpublished_languages.iter().any(|c| c == code);
        for code in raw.keys() {
            if !others.contains(&code.as_str()) && !left_out(code) {
                let hint = match others.is_empty() {
                    true => "list the language in site.yaml `languages:` first, e.g. `languages: [en, cy]`".to_string(),
                    false => format!("this site publishes translations in: {}", others.join(", ")),
                };
                self.error(
                    "translations",
                    format!("translations.{code} is not a language this site publishes"),
                    hint,
                );
            }
        }
        raw
    }

    fn verified(&mut self, value: Option<String>) -> Option<Date> {
        let text = self.required(value, "verified");
        if text.is_empty() {
            return None;
        }
        let date = Date::parse(&text);
        if date.is_none() {
            self.error(
                "verified",
                format!("\"{text}\" is not a date"),
                "write the date someone last checked these details, as YYYY-MM-DD".into(),
            );
        }
        date
    }
}

fn suggestion(word: &str, choices: &[&str]) -> String {
    match did_you_mean(word, choices.iter().copied()) {
        Some(close) => format!("did you mean \"{close}\"?"),
        None => format!("use one of: {}", choices.join(", ")),
    }
}

/// A web address as people read it: no scheme, no `www.`, no trailing slash.
fn display_url(without_scheme: &str) -> String {
    let text = without_scheme
        .strip_prefix("www.")
        .unwrap_or(without_scheme);
    text.trim_end_matches('/').to_string()
}

/// A plain check: one `@`, something before it, a dotted domain after it.
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'));
    !local.is_empty() && !local.contains(char::is_whitespace) && domain_ok
}
