use std::path::Path;

use super::*;
use crate::load::config::Config;

fn config() -> Config {
    crate::load::config::parse("title: T\nbase_url: https://example.org\n", None).unwrap()
}

fn parse(text: &str) -> (Vec<Service>, Vec<Diagnostic>) {
    parse_file(text, Path::new("content/_signposts/a.yaml"), &config())
}

const GOOD: &str = "\
- id: childline
  name: Childline
  description: Free help for under-19s.
  priority: urgent
  area: national
  audiences: [young-people]
  phone: 0800 1111
  webchat: https://www.childline.org.uk/chat/
  web: https://www.childline.org.uk
  free: true
  maximum_age: 18
  verified: 2026-11-28
- id: front-door
  name: Children's services
  description: The council's front door.
  priority: urgent
  area: local
  audiences: [public, parents, professionals]
  phone: 01632 960000
  email: cs@example.gov.uk
  verified: 2026-11-28
- id: police
  name: Police
  description: Emergency.
  priority: emergency
  area: national
  phone: '999'
  textphone: 18000
  verified: 2026-11-28
- id: nspcc
  name: NSPCC
  description: Helpline for adults.
  priority: urgent
  area: national
  audiences: [public, parents, professionals]
  phone: 0808 800 5000
  verified: 2026-11-28
";

#[test]
fn good_services_load_with_channels_in_order() {
    let (services, diagnostics) = parse(GOOD);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let childline = &services[0];
    let kinds: Vec<ChannelKind> = childline.channels.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        vec![ChannelKind::Phone, ChannelKind::Webchat, ChannelKind::Web]
    );
    assert_eq!(childline.channels[0].href, "tel:+448001111");
    assert_eq!(childline.channels[2].text, "childline.org.uk");
    assert_eq!(
        childline.ages().as_deref(),
        Some("For people aged 18 and under.")
    );
    assert_eq!(childline.pos, Pos::new(1, 1));
    assert_eq!(services[1].pos, Pos::new(13, 1));
}

#[test]
fn order_is_emergency_then_local_then_national() {
    let (services, _) = parse(GOOD);
    let directory = Directory {
        services,
        ..Default::default()
    };
    let ordered = directory.ordered(None);
    let ids: Vec<&str> = ordered.all().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, vec!["police", "front-door", "childline", "nspcc"]);
    assert!(
        ordered.for_audience.is_empty(),
        "no audience, no audience group"
    );
}

#[test]
fn young_people_see_childline_before_anything_else_but_999() {
    let (services, _) = parse(GOOD);
    let directory = Directory {
        services,
        ..Default::default()
    };
    let ordered = directory.ordered(Some("young-people"));
    let ids: Vec<&str> = ordered.all().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, vec!["police", "childline"]);
    assert_eq!(ordered.for_audience.len(), 1);
}

fn first_error(text: &str) -> Diagnostic {
    let (_, diagnostics) = parse(text);
    diagnostics.into_iter().next().expect("an error")
}

const HEAD: &str =
    "- id: x\n  name: X\n  description: D\n  priority: urgent\n  verified: 2026-11-28\n";

#[test]
fn unknown_priority_area_and_audience_are_errors_at_their_lines() {
    let error = first_error(
        "- id: x\n  name: X\n  description: D\n  priority: urgnet\n  verified: 2026-11-28\n",
    );
    assert_eq!(error.message, "unknown priority \"urgnet\"");
    assert_eq!((error.line, error.column), (4, 13));
    assert_eq!(error.hint.as_deref(), Some("did you mean \"urgent\"?"));
    let error = first_error(&format!("{HEAD}  area: regional\n"));
    assert_eq!(
        (error.message.as_str(), error.line),
        ("unknown area \"regional\"", 6)
    );
    let error = first_error(&format!("{HEAD}  audiences: [parents, teenagers]\n"));
    assert_eq!(
        (error.message.as_str(), error.line, error.column),
        ("unknown audience \"teenagers\"", 6, 24)
    );
}

#[test]
fn bad_phone_url_and_email_are_errors_at_their_lines() {
    let error = first_error(&format!("{HEAD}  phone: 0800 11\n"));
    assert_eq!(
        (error.message.as_str(), error.line),
        ("\"0800 11\" is not a valid UK phone number", 6)
    );
    let error = first_error(&format!("{HEAD}  web: http://example.org\n"));
    assert_eq!(
        (error.message.as_str(), error.line),
        ("\"http://example.org\" is not an https web address", 6)
    );
    let error = first_error(&format!("{HEAD}  email: help.example.org\n"));
    assert_eq!(
        (error.message.as_str(), error.line),
        ("\"help.example.org\" is not an e-mail address", 6)
    );
}

#[test]
fn duplicate_ids_name_both_places() {
    let dir = tempfile::tempdir().unwrap();
    let signposts = dir.path().join(SIGNPOST_DIR);
    std::fs::create_dir_all(&signposts).unwrap();
    std::fs::write(signposts.join("a.yaml"), HEAD).unwrap();
    std::fs::write(signposts.join("b.yaml"), format!("- id: y\n  name: Y\n  description: D\n  priority: support\n  verified: 2026-11-28\n{HEAD}")).unwrap();
    let (directory, diagnostics) =
        load(&crate::load::layers::Layers::single(dir.path()), &config());
    assert_eq!(directory.services.len(), 2);
    assert_eq!(diagnostics.len(), 1);
    let error = &diagnostics[0];
    assert_eq!(error.message, "duplicate service id \"x\"");
    assert_eq!(error.location(), "content/_signposts/b.yaml:6:1");
    assert!(error
        .hint
        .as_deref()
        .unwrap()
        .contains("content/_signposts/a.yaml:1:1"));
}

#[test]
fn stale_services_are_warnings() {
    let (services, _) = parse(&HEAD.replace("2026-11-28", "2025-01-01"));
    let directory = Directory {
        services,
        ..Default::default()
    };
    let today = Date::parse("2026-11-28").unwrap();
    let warnings = stale(&directory, 12, today);
    assert_eq!(warnings.len(), 1);
    assert!(!warnings[0].is_error());
    assert!(warnings[0].message.contains("last verified on 2025-01-01"));
    assert!(stale(&directory, 24, today).is_empty());
}

#[test]
fn export_has_the_hsds_shape() {
    let (services, _) = parse(GOOD);
    let directory = Directory {
        services,
        ..Default::default()
    };
    let page: serde_json::Value =
        serde_json::from_str(&hsds::export(&directory, "https://e.org")).unwrap();
    assert_eq!(page["total_items"], 4);
    let each = hsds::export_each(&directory, "https://e.org");
    let json: Vec<serde_json::Value> = each
        .iter()
        .map(|(_, text)| serde_json::from_str(text).unwrap())
        .collect();
    let childline = &json[0];
    assert_eq!(childline["id"], page["contents"][0]["id"]);
    assert_eq!(childline["id"].as_str().unwrap().len(), 36, "a UUID");
    assert_eq!(
        each[0].0,
        format!("services/{}.json", childline["id"].as_str().unwrap())
    );
    assert_eq!(childline["status"], "active");
    assert_eq!(childline["url"], "https://www.childline.org.uk");
    assert_eq!(childline["phones"][0]["number"], "0800 1111");
    assert_eq!(childline["phones"][0]["type"], "voice");
    assert_eq!(childline["maximum_age"], 18);
    let codes: Vec<&str> = childline["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["taxonomy_term"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        vec![
            "free",
            "confidential",
            "anonymous",
            "priority",
            "area",
            "webchat"
        ]
    );
    assert_eq!(json[2]["phones"][1]["type"], "textphone");
}
