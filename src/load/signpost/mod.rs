//! The directory of help services ("signposts"): loaded from
//! `content/_signposts/*.yaml`, validated (unique ids, known priorities,
//! areas and audiences, real UK phone numbers, https links, e-mail
//! addresses, a verified date) and put in the order councils use:
//! emergency first, then local services, then national ones.

pub mod hsds;
mod layered;
pub mod phone;
mod validate;

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

pub use layered::{is_directory_file, load};
use validate::parse_checked;
pub use validate::parse_file;

use crate::base::date::Date;
use crate::base::diagnostic::{Diagnostic, Pos};

/// The folder, under `content/`, that holds the directory.
pub const SIGNPOST_DIR: &str = "content/_signposts";

/// How urgent a service is; emergency services are always shown first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    /// 999 and the like.
    Emergency,
    /// Helplines and front doors to call today.
    Urgent,
    /// Advice and support.
    Support,
}

/// Where a service works; local services come before national ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Area {
    /// The council's own services.
    Local,
    /// Services for everyone in the country.
    National,
}

/// A way to reach a service, in the fixed order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChannelKind {
    /// Voice call.
    Phone,
    /// SMS.
    Text,
    /// Textphone / Relay UK.
    Textphone,
    /// E-mail.
    Email,
    /// Web chat.
    Webchat,
    /// Online form.
    Form,
    /// Website.
    Web,
}

/// One way to reach a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Channel {
    /// What kind of channel.
    pub kind: ChannelKind,
    /// What to show: "0808 800 5000", "help@nspcc.org.uk", "childline.org.uk".
    pub text: String,
    /// The link: `tel:`, `sms:`, `mailto:` or https.
    pub href: String,
    /// What this number is for ("Out of hours"), when a service has several.
    pub label: Option<String>,
}

/// A service's text in another language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceText {
    /// Name.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Opening hours.
    pub hours: Option<String>,
    /// Where it covers.
    pub covers: Option<String>,
}

/// A validated help service.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Unique, URL-safe id.
    pub id: String,
    /// Name.
    pub name: String,
    /// One or two sentences.
    pub description: String,
    /// Emergency, urgent or support.
    pub priority: Priority,
    /// Local or national.
    pub area: Area,
    /// Audience keys; empty means everyone.
    pub audiences: Vec<String>,
    /// Ways to reach it, in display order.
    pub channels: Vec<Channel>,
    /// Opening hours as written.
    pub hours: Option<String>,
    /// Where it works, in words (`covers: "Buckinghamshire"`), so people
    /// can tell a neighbouring area's service from their own.
    pub covers: Option<String>,
    /// Free to use.
    pub free: bool,
    /// Confidential.
    pub confidential: bool,
    /// Can be used without giving a name.
    pub anonymous: bool,
    /// Youngest age served.
    pub minimum_age: Option<u32>,
    /// Oldest age served.
    pub maximum_age: Option<u32>,
    /// When someone last checked the details.
    pub verified: Option<Date>,
    /// Where `verified:` is written (the entry's start when it is not).
    pub verified_pos: Pos,
    /// The file it was read from, relative to the site folder.
    pub source: PathBuf,
    /// Where its entry starts.
    pub pos: Pos,
    /// Order within its priority (lower first, then file order).
    pub weight: i64,
    /// A placeholder the site must replace (`example: true`).
    pub example: bool,
    /// Its name, description and hours in other languages, by code.
    pub translations: IndexMap<String, ServiceText>,
}

impl Service {
    /// True when the service is for this audience (or for everyone).
    pub fn serves(&self, audience: &str) -> bool {
        self.audiences.is_empty() || self.audiences.iter().any(|key| key == audience)
    }

    /// The channel of a kind, if the service has one.
    pub fn channel(&self, kind: ChannelKind) -> Option<&Channel> {
        self.channels.iter().find(|channel| channel.kind == kind)
    }

    /// The age range as a sentence, if it has one.
    pub fn ages(&self) -> Option<String> {
        match (self.minimum_age, self.maximum_age) {
            (Some(min), Some(max)) => Some(format!("For people aged {min} to {max}.")),
            (None, Some(max)) => Some(format!("For people aged {max} and under.")),
            (Some(min), None) => Some(format!("For people aged {min} and over.")),
            (None, None) => None,
        }
    }
}

/// The whole directory, in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Directory {
    /// Every service, in the order the files list them (files by name).
    pub services: Vec<Service>,
    /// Ids that were written but are in error (so a page naming one is not
    /// a second, knock-on error).
    pub invalid_ids: BTreeSet<String>,
    /// True when a signposts file could not be read at all: any id may have
    /// been in it, so unknown ids are not reported.
    pub incomplete: bool,
    /// Upstream services `signposts.hide:` leaves out (only ids the
    /// upstream has): the upstream's pages that feature one show nothing
    /// in its place.
    pub hidden: BTreeSet<String>,
    /// Upstream services `signposts.replace:` stands one of this site's
    /// in for (upstream id → the id shown instead; only valid pairs).
    pub replaced: IndexMap<String, String>,
}

/// Services split the way a signposting page shows them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ordered<'a> {
    /// Emergency services, always first.
    pub emergency: Vec<&'a Service>,
    /// On an audience's page: the services aimed at that audience, local
    /// first, by priority (so young people see Childline straight after 999).
    pub for_audience: Vec<&'a Service>,
    /// Other local services by priority.
    pub local: Vec<&'a Service>,
    /// Other national services by priority.
    pub national: Vec<&'a Service>,
}

impl Ordered<'_> {
    /// All of them in display order.
    pub fn all(&self) -> impl Iterator<Item = &Service> {
        self.emergency
            .iter()
            .chain(&self.for_audience)
            .chain(&self.local)
            .chain(&self.national)
            .copied()
    }
}

impl Directory {
    /// The service with this id, or the one `signposts.replace:` shows
    /// in its place.
    pub fn get(&self, id: &str) -> Option<&Service> {
        let id = self.resolve(id);
        self.services.iter().find(|service| service.id == id)
    }

    /// The id shown for `id`: its replacement when `signposts.replace:`
    /// names one, else `id` itself.
    pub fn resolve<'a>(&'a self, id: &'a str) -> &'a str {
        self.replaced.get(id).map_or(id, String::as_str)
    }

    /// Services in signposting order: emergency; then, for an audience, the
    /// services aimed at it; then local by priority; then national by
    /// priority. Ties keep the order the files list them in.
    pub fn ordered(&self, audience: Option<&str>) -> Ordered<'_> {
        let mut chosen: Vec<&Service> = self
            .services
            .iter()
            .filter(|service| audience.is_none_or(|key| service.serves(key)))
            .collect();
        chosen.sort_by_key(|service| (service.area, service.priority, service.weight));
        let aimed_at_audience = |service: &Service| {
            audience.is_some_and(|key| service.audiences.iter().any(|a| a == key))
        };
        let mut ordered = Ordered::default();
        for service in chosen {
            let group = match service.priority {
                Priority::Emergency => &mut ordered.emergency,
                _ if aimed_at_audience(service) => &mut ordered.for_audience,
                _ if service.area == Area::Local => &mut ordered.local,
                _ => &mut ordered.national,
            };
            group.push(service);
        }
        ordered
    }
}

/// Services that share an id: an error at the second naming the first.
fn duplicate_ids(directory: &mut Directory) -> Vec<Diagnostic> {
    let mut first_seen: HashMap<String, (PathBuf, Pos)> = HashMap::new();
    let mut diagnostics = Vec::new();
    directory.services.retain(|service| {
        if let Some((path, pos)) = first_seen.get(&service.id) {
            diagnostics.push(
                Diagnostic::error(
                    &service.source,
                    format!("duplicate service id \"{}\"", service.id),
                )
                .at_pos(service.pos)
                .with_hint(format!(
                    "it is already used at {}:{}:{}; give each service its own id",
                    path.display(),
                    pos.line,
                    pos.column
                )),
            );
            return false;
        }
        first_seen.insert(service.id.clone(), (service.source.clone(), service.pos));
        true
    });
    diagnostics
}

/// Warnings for services not verified within `max_age_months` of `today`.
pub fn stale(directory: &Directory, max_age_months: u32, today: Date) -> Vec<Diagnostic> {
    let limit = today.months_before(max_age_months);
    directory
        .services
        .iter()
        .filter(|service| service.verified.is_some_and(|verified| verified < limit))
        .map(|service| {
            let verified = service.verified.map(|d| d.to_string()).unwrap_or_default();
            Diagnostic::warning(
                &service.source,
                format!("\"{}\" was last verified on {verified}, more than {max_age_months} months ago", service.id),
            )
            .at_pos(service.verified_pos)
            .with_hint("check the number, hours and links with the service, then update `verified:`: a wrong helpline number is a safeguarding risk")
        })
        .collect()
}

#[cfg(test)]
mod tests;
