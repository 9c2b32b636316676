//! A build is a pure function of the site folder: two builds of one site
//! into two new folders give the same files, byte for byte, with no build
//! state among them (the manifest lives in the site's `.beacon/`).

mod common;

use std::path::Path;

use beacon::base::date::Date;
use beacon::site::{self, Options};
use common::{copy_dir, TestSite};

/// Builds the site in `site_dir` into `out`.
fn build_into(site_dir: &Path, out: &Path) {
    let options = Options {
        out_dir: Some(out.to_path_buf()),
        today: Date::parse("2026-11-28").unwrap(),
        ..Options::new(site_dir)
    };
    site::build(&options).unwrap_or_else(|d| panic!("{}: {d:#?}", site_dir.display()));
}

/// What `diff -r` would say of two folders: files only in one, and files
/// whose bytes differ.
fn differences(a: &Path, b: &Path) -> Vec<String> {
    let (left, right) = (common::files_under(a), common::files_under(b));
    let mut found = Vec::new();
    for (rel, bytes) in &left {
        match right.get(rel) {
            None => found.push(format!("only in the first: {}", rel.display())),
            Some(other) if other != bytes => found.push(format!("differ: {}", rel.display())),
            Some(_) => {}
        }
    }
    for rel in right.keys().filter(|rel| !left.contains_key(*rel)) {
        found.push(format!("only in the second: {}", rel.display()));
    }
    found
}

/// Builds `site_dir` into two new folders and asserts they are the same
/// and hold no build state; returns how many files each holds.
fn assert_two_builds_identical(site_dir: &Path) -> usize {
    let outs = tempfile::tempdir().unwrap();
    let (first, second) = (outs.path().join("one"), outs.path().join("two"));
    build_into(site_dir, &first);
    build_into(site_dir, &second);
    let diff = differences(&first, &second);
    assert!(
        diff.is_empty(),
        "{}:\n{}",
        site_dir.display(),
        diff.join("\n")
    );
    let built = common::files_under(&first);
    assert!(
        !built
            .keys()
            .any(|rel| rel.to_string_lossy().contains("manifest")),
        "no build state in the output of {}",
        site_dir.display()
    );
    built.len()
}

#[test]
fn two_builds_of_the_example_site_into_two_new_folders_are_identical() {
    let site = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("site.yaml"), site.path().join("site.yaml")).unwrap();
    for folder in ["content", "themes"] {
        copy_dir(&root.join(folder), &site.path().join(folder));
    }
    let count = assert_two_builds_identical(site.path());
    assert!(count > 100, "the example site has {count} files");
    assert!(
        site.path().join(".beacon/manifest").is_file(),
        "the state went to the site folder"
    );
}

#[test]
fn two_builds_of_every_fixture_into_two_new_folders_are_identical() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut built = Vec::new();
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        // `basic-golden` is the expected output of `basic`, not a site;
        // `upstream-national` is built as the council fixture's upstream.
        if !entry.path().join("site.yaml").is_file() {
            continue;
        }
        let site = TestSite::fixture(&name);
        assert_two_builds_identical(site.path());
        built.push(name);
    }
    built.sort();
    assert!(built.len() >= 5, "fixtures built: {built:?}");
}

#[test]
fn a_difference_is_seen() {
    // The comparison itself, so the tests above cannot pass by comparing
    // nothing.
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir_all(a.join("x")).unwrap();
    std::fs::create_dir_all(b.join("x")).unwrap();
    std::fs::write(a.join("x/same"), "1").unwrap();
    std::fs::write(b.join("x/same"), "1").unwrap();
    assert!(differences(&a, &b).is_empty());
    std::fs::write(b.join("x/same"), "2").unwrap();
    std::fs::write(a.join("only"), "").unwrap();
    assert_eq!(
        differences(&a, &b),
        ["only in the first: only", "differ: x/same"]
    );
}
