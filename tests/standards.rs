//! `/services.json` and `/services/<id>.json` validated against the
//! published schemas themselves (copies in tests/standards/): Open Referral
//! HSDS 3.0 and its UK profile, JSON Schema draft 2020-12 with format
//! checking on (ids are UUIDs, `last_modified` a date-time).

mod common;

use std::path::Path;

use common::{Output, TestSite};
use serde_json::Value;

fn schema(rel: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/standards")
        .join(rel);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .unwrap_or_else(|error| panic!("the schema compiles: {error}"))
}

/// Every problem with `instance`, with where it is.
fn problems(validator: &jsonschema::Validator, instance: &Value, what: &str) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|error| format!("{what}: {} at {}", error, error.instance_path()))
        .collect()
}

fn export_problems(output: &Output, standard: &str) -> Vec<String> {
    let list = validator(&schema(&format!("{standard}/service_list.json")));
    let full = validator(&schema(&format!("{standard}/service.json")));
    let openapi = schema("hsds-3.0/openapi.json");
    let page_schema = validator(&openapi["components"]["schemas"]["Page"]);
    let page: Value = serde_json::from_str(&output.text("services.json")).unwrap();
    let mut found = problems(&page_schema, &page, "services.json");
    let contents = page["contents"].as_array().expect("a page has contents");
    assert_eq!(page["total_items"].as_u64(), Some(contents.len() as u64));
    for service in contents {
        found.extend(problems(&list, service, "services.json item"));
        let id = service["id"].as_str().unwrap();
        let text = output.text(&format!("services/{id}.json"));
        let one: Value = serde_json::from_str(&text).unwrap();
        found.extend(problems(&full, &one, &format!("services/{id}.json")));
    }
    found
}

#[test]
fn every_fixture_and_the_example_export_valid_hsds_and_uk_profile() {
    let example =
        beacon::site::build_in_memory(&beacon::site::Options::new(env!("CARGO_MANIFEST_DIR")))
            .map(|files| Output { files })
            .unwrap_or_else(|d| panic!("{d:#?}"));
    let mut outputs = vec![("example", example)];
    for fixture in [
        "basic",
        "bilingual",
        "council",
        "consultation",
        "council-text",
    ] {
        outputs.push((fixture, TestSite::fixture(fixture).build()));
    }
    for (name, output) in &outputs {
        for standard in ["hsds-3.0", "oruk-profile"] {
            assert_eq!(
                export_problems(output, standard),
                Vec::<String>::new(),
                "{name} against {standard}"
            );
        }
    }
}

#[test]
fn ids_are_stable_uuids_that_differ_between_sites() {
    let site = TestSite::fixture("basic");
    let first = site.build().text("services.json");
    assert_eq!(
        site.build().text("services.json"),
        first,
        "stable across builds"
    );
    let page: Value = serde_json::from_str(&first).unwrap();
    let id = page["contents"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 36);
    assert_eq!(&id[14..15], "5", "a version 5 UUID");
    let config = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        &config.replace("https://example.org/campaign", "https://other.example.org"),
    );
    let other: Value = serde_json::from_str(&site.build().text("services.json")).unwrap();
    assert_ne!(other["contents"][0]["id"].as_str().unwrap(), id);
    assert!(!first.contains("null"), "no field is written as null");
}

/// The validation itself can fail: what the export used to write is refused.
#[test]
fn the_schemas_refuse_what_the_old_export_wrote() {
    let full = validator(&schema("hsds-3.0/service.json"));
    let old = serde_json::json!({
        "id": "childline",
        "name": "Childline",
        "status": "active",
        "url": null,
        "last_modified": "2026-11-28",
        "phones": [{ "id": "childline-voice", "number": "0800 1111" }],
    });
    let found = problems(&full, &old, "old export");
    for expected in [
        "\"childline\" is not a \"uuid\"",
        "null is not of type \"string\"",
        "is not a \"date-time\"",
    ] {
        assert!(
            found.iter().any(|p| p.contains(expected)),
            "{expected} not in {found:#?}"
        );
    }
}
