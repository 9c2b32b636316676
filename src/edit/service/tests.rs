use std::path::Path;

use super::*;

const FILE: &str = "# Services.\n- id: helpline\n  name: Helpline # national\n  description: Call us.\n  priority: urgent\n  area: national\n  phone: \"0808 800 5000\"\n  translations:\n    cy:\n      name: Llinell\n    fr:\n      name: Ligne\n  verified: 2026-11-28\n\n- id: team\n  name: Team\n  description: Local team.\n  priority: support\n  area: local\n  phone: \"01296 383962\"\n";

fn item(line: usize) -> ServiceText {
    ServiceText {
        file: FILE.to_string(),
        item: ListItem::at_line(FILE, line).expect("placed"),
    }
}

fn form_of(text: &ServiceText) -> ServiceForm {
    ServiceForm::from_mapping(&text.item.mapping(), &["cy".to_string()])
}

#[test]
fn a_form_posted_back_unchanged_changes_no_byte() {
    for line in [2, 15] {
        let text = item(line);
        assert_eq!(edited_file(&text, &form_of(&text)), FILE);
    }
}

#[test]
fn a_changed_number_rewrites_only_its_line_in_its_own_service() {
    let text = item(15);
    let mut form = form_of(&text);
    form.texts.insert("phone", "01296 383963".to_string());
    let edited = edited_file(&text, &form);
    assert_eq!(edited, FILE.replace("01296 383962", "01296 383963"));
}

#[test]
fn labelled_phones_and_a_translation_are_written_as_blocks_under_their_keys() {
    let text = item(2);
    let mut form = form_of(&text);
    form.phones.push(LabelledPhone {
        number: "0808 800 5001".into(),
        label: "Out of hours".into(),
    });
    form.phones.push(LabelledPhone::default());
    form.translations.get_mut("cy").expect("cy").hours = "24 awr".into();
    form.translations.get_mut("cy").expect("cy").covers = "Cymru gyfan".into();
    let edited = edited_file(&text, &form);
    assert!(
        edited.contains("  phones:\n    - number: 0808 800 5001\n      label: Out of hours\n"),
        "{edited}"
    );
    // The other language's entry is kept; the comment on `name` too.
    assert!(edited.contains("  translations:\n    cy:\n      name: Llinell\n      hours: 24 awr\n      covers: Cymru gyfan\n    fr:\n      name: Ligne\n"), "{edited}");
    assert!(edited.contains("  name: Helpline # national\n"));
    // The second service is untouched.
    assert!(edited.ends_with("- id: team\n  name: Team\n  description: Local team.\n  priority: support\n  area: local\n  phone: \"01296 383962\"\n"));
    let reread = ServiceText {
        item: ListItem::at_line(&edited, 2).expect("placed"),
        file: edited.clone(),
    };
    let again = form_of(&reread);
    assert_eq!(again.phones.len(), 1);
    assert_eq!(again.translations["cy"].hours, "24 awr");
    assert_eq!(again.translations["cy"].covers, "Cymru gyfan");
    assert_eq!(edited_file(&reread, &again), edited);
}

#[test]
fn a_posted_form_is_read_field_by_field() {
    let pairs: Vec<(String, String)> = [
        ("name", " Team "),
        ("free", "true"),
        ("audiences", "parents"),
        ("phones-1-label", "Out of hours"),
        ("phones-1-number", "01296 383964"),
        ("phones-0-number", "01296 383963"),
        ("translations-cy-name", "Tîm"),
        ("translations-cy-covers", "Sir Gaerfyrddin"),
        ("translations-cy-hidden", "ignored"),
        ("translations-../x-name", "ignored"),
        ("phones-999-number", "ignored"),
        ("unknown", "ignored"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let form = ServiceForm::from_post(&pairs);
    assert_eq!(form.text("name"), "Team");
    assert_eq!(form.flags, vec!["free"]);
    assert_eq!(form.audiences, vec!["parents"]);
    let numbers: Vec<&str> = form.phones.iter().map(|p| p.number.as_str()).collect();
    assert_eq!(numbers, vec!["01296 383963", "01296 383964"]);
    assert_eq!(form.phones[1].label, "Out of hours");
    assert_eq!(form.translations.len(), 1);
    assert_eq!(form.translations["cy"].name, "Tîm");
    assert_eq!(form.translations["cy"].covers, "Sir Gaerfyrddin");
}

#[test]
fn checked_today_needs_every_number_and_address_confirmed() {
    let text = item(2);
    let form = form_of(&text);
    assert_eq!(
        unconfirmed(&form, &[]),
        vec![("phone".to_string(), "0808 800 5000".to_string())]
    );
    assert!(unconfirmed(&form, &["phone".to_string()]).is_empty());
}

#[test]
fn only_a_newly_typed_drama_number_is_refused() {
    let text = item(15);
    let mut form = form_of(&text);
    assert!(new_drama_numbers(&form, &text.item.mapping()).is_empty());
    form.phones.push(LabelledPhone {
        number: "01632 960123".into(),
        label: String::new(),
    });
    assert_eq!(
        new_drama_numbers(&form, &text.item.mapping()),
        vec![("phones-0".to_string(), "01632 960123".to_string())]
    );
    let placeholder = "- id: x\n  phone: \"01632 960000\"\n";
    let item = ListItem::at_line(placeholder, 1).expect("placed");
    let kept = ServiceForm::from_mapping(&item.mapping(), &[]);
    assert!(new_drama_numbers(&kept, &item.mapping()).is_empty());
}

#[test]
fn a_file_lists_its_services_with_their_lines_and_stable_ids() {
    let entries = entries_of(FILE, Path::new("content/_signposts/a.yaml"), true);
    let found: Vec<(&str, usize)> = entries
        .iter()
        .map(|e| (e.service_id.as_str(), e.line))
        .collect();
    assert_eq!(found, vec![("helpline", 2), ("team", 15)]);
    assert_eq!(entries[0].verified, "2026-11-28");
    assert_ne!(entries[0].id, entries[1].id);
    let again = entries_of(FILE, Path::new("content/_signposts/a.yaml"), true);
    assert_eq!(entries, again);
    assert!(entries_of("not: a list\n", Path::new("x.yaml"), true).is_empty());
}
