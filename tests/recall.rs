//! `build` recalls the facts of bodies the last build rendered from the same
//! key (`.beacon/bodies`) instead of rendering their Markdown again. Every
//! case here builds a kept output (recalling) and a new one from a copy of
//! the site with no build state (rendering every body), and holds them to
//! the same files, byte for byte, and the same warnings.

mod common;

use std::path::{Path, PathBuf};

use beacon::site::Report;
use common::{copy_dir, files_under, TestSite};

fn build(site: &Path, out: &Path) -> Report {
    let options = beacon::site::Options {
        out_dir: Some(out.to_path_buf()),
        today: beacon::base::date::Date::parse("2026-11-28").unwrap(),
        ..beacon::site::Options::new(site)
    };
    beacon::site::build(&options).unwrap_or_else(|d| panic!("{d:#?}"))
}

/// A diagnostic as text: where and what.
fn said(report: &Report) -> Vec<String> {
    report
        .warnings
        .iter()
        .map(|d| format!("{}:{}:{} {}", d.path.display(), d.line, d.column, d.message))
        .collect()
}

/// The facts file of a site.
fn facts(site: &TestSite) -> PathBuf {
    site.path().join(".beacon/bodies")
}

/// A site built once into its kept output.
fn built(fixture: &str) -> (TestSite, tempfile::TempDir, PathBuf) {
    let site = TestSite::fixture(fixture);
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build(site.path(), &public);
    assert!(facts(&site).is_file(), "the first build keeps the facts");
    (site, out, public)
}

/// Builds `site` into `public` (recalling what it can) and a copy of it,
/// without its build state, into a new output (rendering every body);
/// asserts both give the same files and warnings. Returns the first report.
fn assert_recalling_renders_the_same(site: &TestSite, public: &Path) -> Report {
    let kept = build(site.path(), public);
    let copy = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(site.path()).unwrap() {
        let entry = entry.unwrap();
        let to = copy.path().join(entry.file_name());
        match entry.file_name().to_str() {
            Some(".beacon") => {}
            _ if entry.file_type().unwrap().is_dir() => copy_dir(&entry.path(), &to),
            _ => drop(std::fs::copy(entry.path(), to).unwrap()),
        }
    }
    let fresh_out = copy.path().join("fresh");
    let fresh = build(copy.path(), &fresh_out);
    let (recalled, rendered) = (files_under(public), files_under(&fresh_out));
    assert_eq!(
        recalled.keys().collect::<Vec<_>>(),
        rendered.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &recalled {
        assert!(
            rendered[path] == *bytes,
            "{} differs from a build that rendered every body",
            path.display()
        );
    }
    assert_eq!(said(&kept), said(&fresh));
    kept
}

/// Rewrites the facts file with `change` applied to its entries, and a
/// first line that matches them, as Beacon would have written it.
fn rewrite_facts(site: &TestSite, change: impl Fn(&str) -> String) {
    let text = std::fs::read_to_string(facts(site)).unwrap();
    let (first, body) = text.split_once('\n').unwrap();
    let body = change(body);
    let words: Vec<&str> = first.split(' ').collect();
    let hash = format!("{:032x}", xxhash_rust::xxh3::xxh3_128(body.as_bytes()));
    let header = format!("{} {} {hash}", words[0], words[1]);
    std::fs::write(facts(site), format!("{header}\n{body}")).unwrap();
}

#[test]
fn a_build_with_nothing_changed_recalls_every_body_and_writes_the_same() {
    for fixture in ["basic", "bilingual"] {
        let (site, _out, public) = built(fixture);
        let before = std::fs::read(facts(&site)).unwrap();
        assert_recalling_renders_the_same(&site, &public);
        assert_eq!(
            std::fs::read(facts(&site)).unwrap(),
            before,
            "{fixture}: nothing new to keep"
        );
    }
}

#[test]
fn the_facts_a_build_recalls_are_the_ones_in_the_file() {
    let (site, _out, public) = built("basic");
    // A problem no body has, put in every entry: only a build that reads
    // the file can report it.
    rewrite_facts(&site, |body| {
        body.replace(
            "\"diagnostics\":[]",
            "\"diagnostics\":[{\"severity\":\"Warning\",\"path\":\"content/x.md\",\"line\":3,\"column\":4,\"message\":\"recalled, not rendered\",\"hint\":null,\"transient\":false}]",
        )
    });
    let report = build(site.path(), &public);
    assert!(
        said(&report).contains(&"content/x.md:3:4 recalled, not rendered".to_string()),
        "{:#?}",
        said(&report)
    );
    // A new output recalls nothing.
    let fresh = build(site.path(), &site.path().join("elsewhere"));
    assert!(!said(&fresh).iter().any(|s| s.contains("recalled")));
}

#[test]
fn a_page_whose_body_was_recalled_is_rendered_whole_when_its_neighbour_changes() {
    let (site, _out, public) = built("basic");
    site.replace("content/realise/zebra.md", "title: Zebra", "title: Zebu");
    site.replace("content/realise/about.md", "title: About", "title: Abut");
    assert_recalling_renders_the_same(&site, &public);
    let myths = std::fs::read_to_string(public.join("realise/myths/index.html")).unwrap();
    assert!(
        myths.contains("Zebu") && myths.contains("Myths and facts."),
        "{myths}"
    );
}

#[test]
fn an_edited_body_is_rendered_again() {
    let (site, _out, public) = built("basic");
    site.replace(
        "content/realise/myths.md",
        "Read about",
        "Please read about",
    );
    assert_recalling_renders_the_same(&site, &public);
    let myths = std::fs::read_to_string(public.join("realise/myths/index.html")).unwrap();
    assert!(myths.contains("Please read about"), "{myths}");
}

#[test]
fn a_body_is_rendered_again_when_a_page_it_links_to_moves() {
    let (site, _out, public) = built("basic");
    site.replace(
        "content/recognise/signs.md",
        "title: Signs",
        "title: Signs\nslug: warning-signs",
    );
    assert_recalling_renders_the_same(&site, &public);
    let myths = std::fs::read_to_string(public.join("realise/myths/index.html")).unwrap();
    assert!(
        myths.contains("recognise/warning-signs/#at-home"),
        "{myths}"
    );
}

#[test]
fn a_body_is_rendered_again_when_an_image_it_shows_changes_size() {
    let (site, _out, public) = built("basic");
    let myths = || std::fs::read_to_string(public.join("realise/myths/index.html")).unwrap();
    assert!(myths().contains("width=\"10\""), "{}", myths());
    site.replace(
        "content/images/map.svg",
        "viewBox=\"0 0 10 10\"",
        "viewBox=\"0 0 20 10\"",
    );
    assert_recalling_renders_the_same(&site, &public);
    assert!(myths().contains("width=\"20\""), "{}", myths());
}

#[test]
fn an_entry_naming_a_file_outside_content_is_not_recalled() {
    let (site, _out, public) = built("basic");
    // Each entry with no downloads gets one outside `content/`, and a
    // problem that shows whether the entry was recalled.
    let forged = "\"diagnostics\":[{\"severity\":\"Warning\",\"path\":\"content/x.md\",\"line\":1,\"column\":1,\"message\":\"forged\",\"hint\":null,\"transient\":false}]";
    rewrite_facts(&site, |body| {
        body.lines()
            .map(|line| match line.contains("\"downloads\":[]") {
                true => line
                    .replace("\"downloads\":[]", "\"downloads\":[\"../../etc/passwd\"]")
                    .replace("\"diagnostics\":[]", forged),
                false => line.to_string(),
            })
            .map(|line| line + "\n")
            .collect()
    });
    let report = assert_recalling_renders_the_same(&site, &public);
    assert!(!said(&report).iter().any(|s| s.contains("forged")));
}

#[test]
fn a_broken_linked_or_blocking_facts_file_is_rendered_over() {
    let (site, _out, public) = built("basic");
    let whole = std::fs::read(facts(&site)).unwrap();
    // Cut short: its first line's hash no longer matches.
    std::fs::write(facts(&site), &whole[..whole.len() / 2]).unwrap();
    assert_recalling_renders_the_same(&site, &public);
    assert_eq!(
        std::fs::read(facts(&site)).unwrap(),
        whole,
        "written whole again"
    );
    // A link to facts elsewhere is not followed.
    let elsewhere = tempfile::tempdir().unwrap();
    let outside = elsewhere.path().join("bodies");
    std::fs::write(&outside, &whole).unwrap();
    std::fs::remove_file(facts(&site)).unwrap();
    std::os::unix::fs::symlink(&outside, facts(&site)).unwrap();
    site.replace("content/realise/myths.md", "Read about", "Do read about");
    assert_recalling_renders_the_same(&site, &public);
    assert_eq!(
        std::fs::read(&outside).unwrap(),
        whole,
        "the link's target is left alone"
    );
    // A FIFO is not waited on.
    std::fs::remove_file(facts(&site)).unwrap();
    site.fifo(".beacon/bodies");
    assert_recalling_renders_the_same(&site, &public);
}

#[test]
fn a_linked_state_folder_is_left_alone() {
    let site = TestSite::fixture("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), site.path().join(".beacon")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build(site.path(), &public);
    build(site.path(), &public);
    assert!(
        std::fs::read_dir(elsewhere.path())
            .unwrap()
            .next()
            .is_none(),
        "nothing written through the link"
    );
}
