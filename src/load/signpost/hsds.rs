//! The directory in the Open Referral UK (HSDS 3.0) shape, so other
//! directories can import it: `/services.json` is the API's `Page` of
//! services (the one-to-one fields, as `GET /services` returns), and
//! `/services/<id>.json` each service in full (as `GET /services/{id}`).
//!
//! Ids are UUIDs (version 5) derived from the site's address and the
//! service's id, so they are stable across builds and unique across sites.
//! HSDS has no fields for free, confidential, anonymous, priority, area,
//! web chat or an online form: they travel as attributes with taxonomy
//! terms. Nothing is written as `null`: a field with no value is left out.

use serde::Serialize;
use uuid::Uuid;

use super::{Area, ChannelKind, Directory, Priority, Service};

/// One service with its one-to-one fields (`service_list`).
#[derive(Serialize)]
struct Listed<'a> {
    id: String,
    name: &'a str,
    status: &'static str,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    eligibility_description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum_age: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    maximum_age: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fees_description: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_modified: Option<String>,
}

/// A service in full (`service`).
#[derive(Serialize)]
struct Full<'a> {
    #[serde(flatten)]
    listed: Listed<'a>,
    phones: Vec<Phone<'a>>,
    schedules: Vec<Schedule<'a>>,
    service_areas: Vec<ServiceArea<'a>>,
    attributes: Vec<Attribute>,
}

/// Where a service covers (`covers:`), as free text: HSDS's `name` of a
/// service area is "a free text geographic area where a service is
/// available".
#[derive(Serialize)]
struct ServiceArea<'a> {
    id: String,
    service_id: String,
    name: &'a str,
}

#[derive(Serialize)]
struct Phone<'a> {
    id: String,
    service_id: String,
    number: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    description: String,
}

#[derive(Serialize)]
struct Schedule<'a> {
    id: String,
    service_id: String,
    description: &'a str,
}

#[derive(Serialize)]
struct Attribute {
    id: String,
    link_id: String,
    link_type: &'static str,
    link_entity: &'static str,
    taxonomy_term_id: String,
    value: String,
    taxonomy_term: Term,
}

#[derive(Serialize)]
struct Term {
    id: String,
    code: &'static str,
    name: &'static str,
    description: &'static str,
}

/// The API's paginated wrapper, holding every service on one page.
#[derive(Serialize)]
struct Page<'a> {
    total_items: usize,
    total_pages: usize,
    page_number: usize,
    size: usize,
    first_page: bool,
    last_page: bool,
    empty: bool,
    contents: Vec<Listed<'a>>,
}

/// Stable ids for one site's directory.
struct Ids {
    namespace: Uuid,
}

impl Ids {
    fn new(base_url: &str) -> Self {
        Ids {
            namespace: Uuid::new_v5(&Uuid::NAMESPACE_URL, base_url.as_bytes()),
        }
    }

    /// The UUID of `name` (a service id, or `service/part`).
    fn of(&self, name: &str) -> String {
        Uuid::new_v5(&self.namespace, name.as_bytes()).to_string()
    }
}

/// `/services.json`: every service, as one page of the API.
pub fn export(directory: &Directory, base_url: &str) -> String {
    let ids = Ids::new(base_url);
    let contents: Vec<Listed> = directory.services.iter().map(|s| listed(s, &ids)).collect();
    let count = contents.len();
    let page = Page {
        total_items: count,
        total_pages: 1,
        page_number: 1,
        size: count,
        first_page: true,
        last_page: true,
        empty: count == 0,
        contents,
    };
    serde_json::to_string_pretty(&page).unwrap_or_default() + "\n"
}

/// `/services/<uuid>.json` for each service: (path, JSON).
pub fn export_each(directory: &Directory, base_url: &str) -> Vec<(String, String)> {
    let ids = Ids::new(base_url);
    directory
        .services
        .iter()
        .map(|service| {
            let full = Full {
                listed: listed(service, &ids),
                phones: phones(service, &ids),
                schedules: service
                    .hours
                    .iter()
                    .map(|hours| Schedule {
                        id: ids.of(&format!("{}/hours", service.id)),
                        service_id: ids.of(&service.id),
                        description: hours,
                    })
                    .collect(),
                service_areas: service
                    .covers
                    .iter()
                    .map(|covers| ServiceArea {
                        id: ids.of(&format!("{}/area", service.id)),
                        service_id: ids.of(&service.id),
                        name: covers,
                    })
                    .collect(),
                attributes: attributes(service, &ids),
            };
            let path = format!("services/{}.json", full.listed.id);
            (
                path,
                serde_json::to_string_pretty(&full).unwrap_or_default() + "\n",
            )
        })
        .collect()
}

fn listed<'a>(service: &'a Service, ids: &Ids) -> Listed<'a> {
    Listed {
        id: ids.of(&service.id),
        name: &service.name,
        status: "active",
        description: &service.description,
        url: service.channel(ChannelKind::Web).map(|c| c.href.as_str()),
        email: service.channel(ChannelKind::Email).map(|c| c.text.as_str()),
        eligibility_description: service.ages(),
        minimum_age: service.minimum_age,
        maximum_age: service.maximum_age,
        fees_description: service.free.then_some("Free"),
        last_modified: service.verified.map(|date| format!("{date}T00:00:00.000Z")),
    }
}

fn phones<'a>(service: &'a Service, ids: &Ids) -> Vec<Phone<'a>> {
    service
        .channels
        .iter()
        .filter_map(|channel| {
            let (kind, description) = match channel.kind {
                ChannelKind::Phone => ("voice", "Telephone"),
                ChannelKind::Text => ("text", "Text message"),
                ChannelKind::Textphone => ("textphone", "Textphone or Relay UK"),
                _ => return None,
            };
            Some((kind, description, channel))
        })
        .enumerate()
        .map(|(index, (kind, description, channel))| Phone {
            id: ids.of(&format!("{}/phone/{index}", service.id)),
            service_id: ids.of(&service.id),
            number: &channel.text,
            kind,
            // A service may have several numbers of a kind (`phones:`).
            description: channel.label.as_ref().map_or_else(
                || description.to_string(),
                |label| format!("{description}: {label}"),
            ),
        })
        .collect()
}

/// Beacon's vocabulary: code, name and what it means.
const TERMS: [(&str, &str, &str); 7] = [
    ("free", "Free", "Free to use"),
    (
        "confidential",
        "Confidential",
        "What you say stays private, except to keep someone safe",
    ),
    (
        "anonymous",
        "Anonymous",
        "You do not have to give your name",
    ),
    (
        "priority",
        "Priority",
        "emergency, urgent or support: the order a signposting page shows services in",
    ),
    ("area", "Area", "local or national"),
    (
        "webchat",
        "Web chat",
        "The address of the service's web chat",
    ),
    (
        "online-form",
        "Online form",
        "The address of the service's online form",
    ),
];

fn attributes(service: &Service, ids: &Ids) -> Vec<Attribute> {
    let priority = match service.priority {
        Priority::Emergency => "emergency",
        Priority::Urgent => "urgent",
        Priority::Support => "support",
    };
    let area = match service.area {
        Area::Local => "local",
        Area::National => "national",
    };
    let mut values = vec![
        ("free", service.free.to_string()),
        ("confidential", service.confidential.to_string()),
        ("anonymous", service.anonymous.to_string()),
        ("priority", priority.to_string()),
        ("area", area.to_string()),
    ];
    for (kind, code) in [
        (ChannelKind::Webchat, "webchat"),
        (ChannelKind::Form, "online-form"),
    ] {
        if let Some(channel) = service.channel(kind) {
            values.push((code, channel.href.clone()));
        }
    }
    values
        .into_iter()
        .filter_map(|(code, value)| {
            let &(code, name, description) = TERMS.iter().find(|term| term.0 == code)?;
            let term_id = Uuid::new_v5(
                &Uuid::NAMESPACE_URL,
                format!("beacon:taxonomy:{code}").as_bytes(),
            )
            .to_string();
            Some(Attribute {
                id: ids.of(&format!("{}/attribute/{code}", service.id)),
                link_id: ids.of(&service.id),
                link_type: "service",
                link_entity: "service",
                taxonomy_term_id: term_id.clone(),
                value,
                taxonomy_term: Term {
                    id: term_id,
                    code,
                    name,
                    description,
                },
            })
        })
        .collect()
}
