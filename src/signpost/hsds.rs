//! The directory exported as `/services.json` in the Open Referral UK
//! (HSDS 3.0) service shape, so other directories can import it. HSDS has no
//! fields for free, confidential, anonymous, priority or area: they travel
//! as attributes.

use serde::Serialize;

use super::{ChannelKind, Directory, Service};

#[derive(Serialize)]
struct HsdsService<'a> {
    id: &'a str,
    name: &'a str,
    status: &'static str,
    description: &'a str,
    url: Option<&'a str>,
    email: Option<&'a str>,
    eligibility_description: Option<String>,
    minimum_age: Option<u32>,
    maximum_age: Option<u32>,
    fees_description: Option<&'static str>,
    last_modified: Option<String>,
    phones: Vec<HsdsPhone<'a>>,
    schedules: Vec<HsdsSchedule<'a>>,
    attributes: Vec<HsdsAttribute>,
}

#[derive(Serialize)]
struct HsdsPhone<'a> {
    id: String,
    service_id: &'a str,
    number: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    description: String,
}

#[derive(Serialize)]
struct HsdsSchedule<'a> {
    id: String,
    service_id: &'a str,
    description: &'a str,
}

#[derive(Serialize)]
struct HsdsAttribute {
    id: String,
    link_id: String,
    link_type: &'static str,
    link_entity: &'static str,
    value: String,
    taxonomy_term: HsdsTerm,
}

#[derive(Serialize)]
struct HsdsTerm {
    id: String,
    code: &'static str,
    term: &'static str,
    vocabulary: &'static str,
}

/// The directory as pretty-printed HSDS 3.0 JSON (a list of services).
pub fn export(directory: &Directory) -> String {
    let services: Vec<HsdsService> = directory.services.iter().map(service).collect();
    serde_json::to_string_pretty(&services).unwrap_or_else(|_| "[]".into()) + "\n"
}

fn service(service: &Service) -> HsdsService<'_> {
    let channel = |kind| service.channel(kind).map(|c| c.href.as_str());
    HsdsService {
        id: &service.id,
        name: &service.name,
        status: "active",
        description: &service.description,
        url: channel(ChannelKind::Web),
        email: service.channel(ChannelKind::Email).map(|c| c.text.as_str()),
        eligibility_description: service.ages(),
        minimum_age: service.minimum_age,
        maximum_age: service.maximum_age,
        fees_description: service.free.then_some("Free"),
        last_modified: service.verified.map(|date| date.to_string()),
        phones: phones(service),
        schedules: service
            .hours
            .iter()
            .map(|hours| HsdsSchedule {
                id: format!("{}-hours", service.id),
                service_id: &service.id,
                description: hours,
            })
            .collect(),
        attributes: attributes(service),
    }
}

fn phones(service: &Service) -> Vec<HsdsPhone<'_>> {
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
        .scan(
            std::collections::HashMap::new(),
            |seen, (kind, description, channel)| {
                let count: &mut usize = seen.entry(kind).or_default();
                *count += 1;
                Some((*count, kind, description, channel))
            },
        )
        .map(|(nth, kind, description, channel)| HsdsPhone {
            // A service may have several numbers of a kind (`phones:`).
            id: match nth {
                1 => format!("{}-{kind}", service.id),
                n => format!("{}-{kind}-{n}", service.id),
            },
            service_id: &service.id,
            number: &channel.text,
            kind,
            description: channel.label.as_ref().map_or_else(
                || description.to_string(),
                |label| format!("{description}: {label}"),
            ),
        })
        .collect()
}

fn attributes(service: &Service) -> Vec<HsdsAttribute> {
    let priority = match service.priority {
        super::Priority::Emergency => "emergency",
        super::Priority::Urgent => "urgent",
        super::Priority::Support => "support",
    };
    let area = match service.area {
        super::Area::Local => "local",
        super::Area::National => "national",
    };
    let mut values = vec![
        ("free", "Free", service.free.to_string()),
        (
            "confidential",
            "Confidential",
            service.confidential.to_string(),
        ),
        ("anonymous", "Anonymous", service.anonymous.to_string()),
        ("priority", "Priority", priority.to_string()),
        ("area", "Area", area.to_string()),
    ];
    for (kind, code, term) in [
        (ChannelKind::Webchat, "webchat", "Web chat"),
        (ChannelKind::Form, "online-form", "Online form"),
    ] {
        if let Some(channel) = service.channel(kind) {
            values.push((code, term, channel.href.clone()));
        }
    }
    values
        .into_iter()
        .map(|(code, term, value)| HsdsAttribute {
            id: format!("{}-{code}", service.id),
            link_id: service.id.clone(),
            link_type: "service",
            link_entity: "service",
            value,
            taxonomy_term: HsdsTerm {
                id: format!("beacon-{code}"),
                code,
                term,
                vocabulary: "beacon",
            },
        })
        .collect()
}
