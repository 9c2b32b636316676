//! The `beacon` binary: exit codes, rustc-style reports, and a failed build
//! that leaves the previous output exactly as it was.

mod common;

use std::process::Command;

use common::TestSite;

fn beacon(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args(args)
        .output()
        .expect("run beacon")
}

#[test]
fn build_writes_public_and_reports_what_it_did() {
    let site = TestSite::fixture("basic");
    let out = beacon(&["build", "--site", site.path().to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Built "), "{stdout}");
    assert!(site
        .path()
        .join("public/realise/myths/index.html")
        .is_file());
}

#[test]
fn failed_build_exits_1_prints_every_error_and_leaves_public_untouched() {
    let site = TestSite::fixture("basic");
    let built = beacon(&["build", "--site", site.path().to_str().unwrap()]);
    assert!(built.status.success());
    let before = std::fs::read(site.path().join("public/index.html")).unwrap();
    site.write("public/marker.txt", "from the last good build");
    site.write(
        "content/react/bad.md",
        "---\ntitle: T\ndescription: D\nrs: [recognize]\n---\n\n![](x.png)\n",
    );
    let failed = beacon(&["build", "--site", site.path().to_str().unwrap()]);
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("error: unknown R \"recognize\""),
        "{stderr}"
    );
    assert!(stderr.contains("--> content/react/bad.md:4:"), "{stderr}");
    assert!(
        stderr.contains("help: did you mean \"recognise\"?"),
        "{stderr}"
    );
    assert!(stderr.contains("content/react/bad.md:7:"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(
        std::fs::read(site.path().join("public/index.html")).unwrap(),
        before
    );
    assert!(
        site.path().join("public/marker.txt").is_file(),
        "the previous output is kept whole"
    );
    let leftovers: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    // The last good build's state (.beacon/) stays; no staging folder does.
    assert_eq!(
        leftovers,
        [".beacon"],
        "no staging folder left behind: {leftovers:?}"
    );
}

#[test]
fn out_and_base_url_options_are_honoured() {
    let site = TestSite::fixture("basic");
    let out_dir = site.path().join("elsewhere");
    let result = beacon(&[
        "build",
        "--site",
        site.path().to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
        "--base-url",
        "https://council.example.org/help",
        "--quiet",
    ]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(
        result.stdout.is_empty(),
        "--quiet prints nothing on success"
    );
    let home = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    assert!(home.contains("href=\"/help/realise/\""));
}

#[test]
fn init_creates_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("my-campaign");
    let created = beacon(&["init", target.to_str().unwrap()]);
    assert!(created.status.success());
    let built = beacon(&["build", "--site", target.to_str().unwrap()]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert!(target.join("public/get-help/index.html").is_file());
}

#[test]
fn check_writes_nothing_and_strict_fails_on_warnings() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/react/vague.md",
        "---\ntitle: V\ndescription: D\nrs: [react]\n---\n\n[Click here](call.md).\n",
    );
    let checked = beacon(&["check", "--site", site.path().to_str().unwrap()]);
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    assert!(!site.path().join("public").exists());
    let strict = beacon(&["check", "--strict", "--site", site.path().to_str().unwrap()]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&strict.stderr).contains("does not say where the link goes"));
}
