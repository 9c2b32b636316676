//! A council copy through the `beacon` binary: the national team packs a
//! release, a council starts from it, overrides pages, takes a new release
//! and reviews what changed.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::TestSite;

fn beacon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args(args)
        .output()
        .expect("run beacon")
}

fn ok(args: &[&str]) -> String {
    let out = beacon(args);
    assert!(
        out.status.success(),
        "beacon {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn fails(args: &[&str]) -> String {
    let out = beacon(args);
    assert_eq!(out.status.code(), Some(1), "beacon {args:?} should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Edits a national page in place.
fn edit(site: &TestSite, rel: &str, from: &str, to: &str) {
    let text = read(&site.path().join(rel));
    assert!(text.contains(from), "{rel} lacks {from:?}");
    site.write(rel, &text.replace(from, to));
}

#[test]
fn pack_init_override_update_review_accept() {
    let national = TestSite::fixture("upstream-national");
    let out = ok(&["pack", "--site", s(national.path())]);
    let v1 = national.path().join("test-national-1.tar.gz");
    assert!(out.contains("Packed test-national 1"), "{out}");
    let again = national.path().join("again.tar.gz");
    ok(&["pack", "--site", s(national.path()), "--out", s(&again)]);
    assert_eq!(std::fs::read(&v1).unwrap(), std::fs::read(&again).unwrap());
    std::fs::remove_file(&again).unwrap();

    let work = tempfile::tempdir().unwrap();
    let council = work.path().join("northfield");
    let out = ok(&["init", "--from", s(&v1), s(&council)]);
    assert!(
        out.contains("content/_signposts/local.yaml (lado)"),
        "{out}"
    );
    let site_yaml = read(&council.join("site.yaml"));
    assert!(site_yaml.contains("upstream: national\n"), "{site_yaml}");
    assert!(
        site_yaml.contains("title: \"Test national campaign\"\n"),
        "{site_yaml}"
    );
    assert!(site_yaml.contains("base_url: \"https://www.example.gov.uk/cse\""));
    assert!(site_yaml.contains("# hide:") && site_yaml.contains("# signposts:"));
    let local = read(&council.join("content/_signposts/local.yaml"));
    assert!(
        local.contains("- id: lado\n  name: \"FILL IN: the Local Authority Designated Officer"),
        "{local}"
    );
    assert!(local.contains("  fill_in: \"the Local Authority Designated Officer, for allegations about people who work with children\"\n"), "{local}");
    assert!(local.contains("  area: local\n") && local.contains("  verified: 20"));
    assert!(council.join("national/content/realise/a.md").is_file());
    assert!(council.join("national/pack.yaml").is_file());
    assert!(!council.join("national/test-national-1.tar.gz").exists());
    let lock_after_init = read(&council.join("upstream.lock"));

    let stderr = fails(&["init", "--from", s(&v1), s(&council)]);
    assert!(stderr.contains("so it wrote nothing"), "{stderr}");
    for path in [
        "site.yaml",
        "content/_signposts/local.yaml",
        "upstream.lock",
        "national/content/realise/a.md",
    ] {
        assert!(
            stderr.contains(&format!("  {path}\n")),
            "{path} not listed:\n{stderr}"
        );
    }
    assert_eq!(read(&council.join("upstream.lock")), lock_after_init);
    let leftovers: Vec<String> = std::fs::read_dir(&council)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "no staging left: {leftovers:?}");

    // The council overrides both national pages; it reviews B now, A later.
    for page in ["a.md", "b.md"] {
        let text = read(&council.join("national/content/realise").join(page));
        let ours = text.replace("---\n\n", "---\n\nIn Northfield: ");
        std::fs::create_dir_all(council.join("content/realise")).unwrap();
        std::fs::write(council.join("content/realise").join(page), ours).unwrap();
    }
    let status = ok(&["upstream", "status", "--site", s(&council)]);
    assert!(
        status.contains("realise/a.md  not yet accepted"),
        "{status}"
    );
    ok(&["upstream", "accept", "realise/b.md", "--site", s(&council)]);

    // National release 2 corrects both pages and adds one.
    edit(
        &national,
        "content/realise/a.md",
        "Call the helpline",
        "Call the national helpline on 0808 800 5000",
    );
    edit(
        &national,
        "content/realise/b.md",
        "never to blame",
        "never, ever to blame",
    );
    national.write(
        "content/realise/c.md",
        "---\ntitle: C\ndescription: New.\nrs: [realise]\n---\n\nNew.\n",
    );
    edit(&national, "site.yaml", "version: \"1\"", "version: \"2\"");
    ok(&["pack", "--site", s(national.path())]);
    let v2 = national.path().join("test-national-2.tar.gz");

    let out = ok(&["upstream", "update", s(&v2), "--site", s(&council)]);
    assert!(out.contains("Upstream national/: test-national 2"), "{out}");
    assert!(out.contains("realise/a.md  not yet accepted"), "{out}");
    assert!(
        out.contains("realise/b.md  changed since you accepted it (1)"),
        "{out}"
    );
    assert!(
        out.contains("New national pages since test-national 1:\n  realise/c.md"),
        "{out}"
    );
    assert!(read(&council.join("national/content/realise/b.md")).contains("never, ever to blame"));

    let diff = ok(&["upstream", "diff", "realise/a.md", "--site", s(&council)]);
    assert!(
        diff.contains("--- national/content/realise/a.md (baseline 1, not yet accepted)"),
        "{diff}"
    );
    assert!(
        diff.contains("+++ national/content/realise/a.md (now)"),
        "{diff}"
    );
    assert!(
        diff.contains("-Call the helpline if you are worried."),
        "{diff}"
    );
    assert!(
        diff.contains("+Call the national helpline on 0808 800 5000 if you are worried."),
        "{diff}"
    );
    let diff = ok(&["upstream", "diff", "realise/b.md", "--site", s(&council)]);
    assert!(
        diff.contains("--- national/content/realise/b.md (accepted 1)"),
        "{diff}"
    );
    assert!(
        diff.contains("+Children are never, ever to blame."),
        "{diff}"
    );

    let out = ok(&["upstream", "accept", "realise/a.md", "--site", s(&council)]);
    assert!(
        out.contains("Accepted the upstream's realise/a.md (2)"),
        "{out}"
    );
    let status = ok(&["upstream", "status", "--site", s(&council)]);
    assert!(status.contains("realise/a.md  unchanged"), "{status}");
    assert!(
        status.contains("realise/b.md  changed since you accepted it (1)"),
        "{status}"
    );
    ok(&["upstream", "accept", "--all", "--site", s(&council)]);
    let status = ok(&["upstream", "status", "--site", s(&council)]);
    assert!(
        status.contains("realise/b.md  unchanged") && status.contains("Nothing to review."),
        "{status}"
    );
}

#[test]
fn review_commands_explain_bad_paths() {
    let national = TestSite::fixture("upstream-national");
    ok(&["pack", "--site", s(national.path())]);
    let work = tempfile::tempdir().unwrap();
    let council = work.path().join("c");
    ok(&["init", "--from", s(national.path()), s(&council)]);
    std::fs::create_dir_all(council.join("content/realise")).unwrap();
    std::fs::write(council.join("content/realise/a.md"), "ours").unwrap();

    let stderr = fails(&["upstream", "diff", "realise/a.md", "--site", s(&council)]);
    assert!(
        stderr.contains("you have not accepted realise/a.md yet"),
        "{stderr}"
    );
    let stderr = fails(&["upstream", "diff", "realise/b.md", "--site", s(&council)]);
    assert!(
        stderr.contains("realise/b.md is a national page you do not override"),
        "{stderr}"
    );
    let stderr = fails(&["upstream", "accept", "realise/aa.md", "--site", s(&council)]);
    assert!(
        stderr.contains("realise/aa.md is not a page here or in the upstream"),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean \"realise/a.md\"?"),
        "{stderr}"
    );
    let stderr = fails(&["upstream", "accept", "--site", s(&council)]);
    assert!(stderr.contains("name the pages to accept"), "{stderr}");
    let stderr = fails(&[
        "upstream",
        "update",
        s(&work.path().join("missing.tar.gz")),
        "--site",
        s(&council),
    ]);
    assert!(stderr.contains("missing.tar.gz"), "{stderr}");
    assert!(
        council.join("national/content/realise/a.md").is_file(),
        "upstream kept"
    );
}

#[test]
fn pack_without_a_pack_key_and_init_from_nothing_fail_clearly() {
    let national = TestSite::fixture("upstream-national");
    national.write("site.yaml", "title: T\nbase_url: \"https://x.example\"\n");
    let stderr = fails(&["pack", "--site", s(national.path())]);
    assert!(
        stderr.contains("`beacon pack` needs the release's name and version"),
        "{stderr}"
    );
    assert!(
        stderr.contains("pack: { name: cse-national, version: \"2027.1\" }"),
        "{stderr}"
    );

    let work = tempfile::tempdir().unwrap();
    let council = work.path().join("c");
    let stderr = fails(&[
        "init",
        "--from",
        s(&work.path().join("nope.tar.gz")),
        s(&council),
    ]);
    assert!(stderr.contains("nope.tar.gz"), "{stderr}");
    assert!(!council.exists(), "a failed init --from leaves nothing");
}

#[test]
fn plain_init_refuses_to_overwrite_existing_content() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path();
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(site.join("content/_index.md"), "my own home page").unwrap();
    let stderr = fails(&["init", s(site)]);
    assert!(
        stderr.contains("init would overwrite 1 existing file(s)"),
        "{stderr}"
    );
    assert!(stderr.contains("  content/_index.md"), "{stderr}");
    assert_eq!(read(&site.join("content/_index.md")), "my own home page");
    assert!(!site.join("site.yaml").exists());
}

/// The cycle, through `build`: a council starts from release 1,
/// fills in its local service and overrides one page; release 2 changes
/// that page and an untouched one. The untouched page takes the change at
/// once; the override is flagged until the council has looked at the diff
/// and accepted it.
#[test]
fn build_takes_national_changes_and_flags_changed_overrides_until_accepted() {
    let national = TestSite::fixture("upstream-national");
    ok(&["pack", "--site", s(national.path())]);
    let v1 = national.path().join("test-national-1.tar.gz");
    let work = tempfile::tempdir().unwrap();
    let council = work.path().join("northfield");
    let out_dir = work.path().join("public");
    ok(&["init", "--from", s(&v1), s(&council)]);
    let site_yaml = read(&council.join("site.yaml"));
    assert!(site_yaml.contains("# robots_txt: false"), "{site_yaml}");
    // This council's domain names the campaign's sitemap in its own robots.txt.
    std::fs::write(
        council.join("site.yaml"),
        site_yaml.replace("# robots_txt: false", "robots_txt: false"),
    )
    .unwrap();
    let build = || beacon(&["build", "--site", s(&council), "--out", s(&out_dir)]);

    let stderr = String::from_utf8_lossy(&build().stderr).into_owned();
    assert!(
        stderr.contains(
            "service \"lado\" is still to be filled in: the Local Authority Designated Officer"
        ),
        "{stderr}"
    );
    std::fs::write(
        council.join("content/_signposts/local.yaml"),
        "- id: lado\n  name: Northfield LADO\n  description: For worries about adults who work with children.\n  priority: urgent\n  area: local\n  phone: \"0300 555 0123\"\n  verified: 2026-11-01\n",
    )
    .unwrap();
    let page_a = read(&council.join("national/content/realise/a.md"));
    std::fs::create_dir_all(council.join("content/realise")).unwrap();
    std::fs::write(
        council.join("content/realise/a.md"),
        page_a.replace(
            "Exploitation can happen",
            "In Northfield, exploitation can happen",
        ),
    )
    .unwrap();
    let first = build();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let stdout = String::from_utf8_lossy(&first.stdout).into_owned();
    assert!(
        stdout.contains(
            "content/realise/a.md overrides a national page that you have not accepted yet"
        ),
        "{stdout}"
    );
    ok(&["upstream", "accept", "realise/a.md", "--site", s(&council)]);
    let accepted = String::from_utf8_lossy(&build().stdout).into_owned();
    assert!(
        !accepted.contains("overrides a national page"),
        "{accepted}"
    );

    edit(
        &national,
        "content/realise/a.md",
        "Call the helpline",
        "Call the national helpline",
    );
    edit(
        &national,
        "content/realise/b.md",
        "never to blame",
        "never, ever to blame",
    );
    edit(&national, "site.yaml", "version: \"1\"", "version: \"2\"");
    ok(&["pack", "--site", s(national.path())]);
    ok(&[
        "upstream",
        "update",
        s(&national.path().join("test-national-2.tar.gz")),
        "--site",
        s(&council),
    ]);

    let after = build();
    assert!(
        after.status.success(),
        "{}",
        String::from_utf8_lossy(&after.stderr)
    );
    let stdout = String::from_utf8_lossy(&after.stdout).into_owned();
    assert!(
        stdout.contains(
            "content/realise/a.md overrides a national page that changed since you accepted it"
        ),
        "{stdout}"
    );
    assert!(read(&out_dir.join("realise/b/index.html")).contains("never, ever to blame"));
    let a_page = read(&out_dir.join("realise/a/index.html"));
    assert!(a_page.contains("In Northfield"), "the override still wins");
    let diff = ok(&["upstream", "diff", "realise/a.md", "--site", s(&council)]);
    assert!(
        diff.contains("+Call the national helpline if you are worried."),
        "{diff}"
    );
    ok(&["upstream", "accept", "realise/a.md", "--site", s(&council)]);
    let settled = build();
    let stdout = String::from_utf8_lossy(&settled.stdout).into_owned();
    assert!(!stdout.contains("overrides a national page"), "{stdout}");
    let strict = beacon(&["check", "--strict", "--site", s(&council)]);
    assert_eq!(
        strict.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&strict.stderr)
    );
}
