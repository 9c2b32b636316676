use super::*;

fn site_with(services: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content/_signposts");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("national.yaml"), services).unwrap();
    dir
}

#[test]
fn a_service_under_a_new_id_with_its_old_name_or_number_is_renamed() {
    let now = site_with(
        "- { id: police-non-emergency, name: Police, phone: \"101\" }\n- { id: nspcc, name: NSPCC, phone: \"0808 800 5000\" }\n- { id: gone, name: Gone }\n",
    );
    let next = site_with(
        "- { id: police-101, name: Police (101), phone: \"101\" }\n- { id: nspcc-helpline, name: NSPCC, phone: \"0808 800 5001\" }\n- { id: other, name: Other }\n",
    );
    let renamed = renamed_services(now.path(), next.path());
    assert_eq!(
        renamed.into_iter().collect::<Vec<_>>(),
        vec![
            ("nspcc".to_string(), "nspcc-helpline".to_string()),
            ("police-non-emergency".to_string(), "police-101".to_string()),
        ]
    );
}

#[test]
fn a_directory_that_does_not_parse_renames_nothing() {
    let now = site_with("- id: [not, a, string\n");
    let next = site_with("- { id: a, name: A }\n");
    assert!(renamed_services(now.path(), next.path()).is_empty());
}

#[test]
fn only_hide_and_replace_errors_for_a_renamed_service_get_the_new_name() {
    let renamed = BTreeMap::from([("old".to_string(), "new".to_string())]);
    let hidden = Diagnostic::error(
        "site.yaml",
        "signposts.replace: the upstream has no service \"old\"",
    );
    assert_eq!(
        with_new_name(hidden, &renamed).hint.as_deref(),
        Some("the release calls it \"new\" now: write that in `signposts.replace:`")
    );
    let other = Diagnostic::error("site.yaml", "unknown signpost \"old\"");
    assert_eq!(with_new_name(other, &renamed).hint, None);
}

#[test]
fn files_are_compared_by_their_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let now = BTreeMap::from([
        ("same.md".to_string(), file("a1", "x")),
        ("edited.md".to_string(), file("b1", "x")),
        ("gone.md".to_string(), file("c1", "x")),
    ]);
    let next = BTreeMap::from([
        ("same.md".to_string(), file("a2", "x")),
        ("edited.md".to_string(), file("b2", "y")),
        ("new.md".to_string(), file("d2", "x")),
    ]);
    let (added, removed, changed) = compare(&now, &next);
    assert_eq!(
        (added, removed, changed),
        (
            vec!["new.md".to_string()],
            vec!["gone.md".to_string()],
            vec!["edited.md".to_string()]
        )
    );
}
