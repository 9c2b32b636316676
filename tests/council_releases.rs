//! Council releases without surprises (issue 23): a council hides or
//! replaces national services without touching national files; a service
//! says where it covers; `upstream update --dry-run` says what a release
//! would do and writes nothing; `check-councils` does it for many councils.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output as Ran};

use beacon::base::date::Date;
use beacon::upstream::release;
use common::TestSite;

/// The council fixture, whose national "Who to call" page features the
/// NSPCC helpline and the police's 101 line, in its front matter and as
/// inline cards.
fn council() -> TestSite {
    let site = TestSite::fixture("council");
    site.replace(
        "national/content/react/call.md",
        "signposts: [childrens-services, lado]",
        "signposts: [childrens-services, lado, nspcc-helpline, police-non-emergency]",
    );
    site.replace(
        "national/content/react/call.md",
        "{{ signpost lado }}",
        "{{ signpost lado }}\n\n{{ signpost nspcc-helpline }}\n\n{{ signpost police-non-emergency }}",
    );
    site
}

/// The council also replaces the NSPCC helpline with its family line.
fn replacing(site: &TestSite) -> &TestSite {
    site.replace(
        "site.yaml",
        "  hide: [police-non-emergency]",
        "  hide: [police-non-emergency]\n  replace:\n    nspcc-helpline: northfield-family",
    )
}

fn today() -> Date {
    Date::parse("2026-11-28").unwrap()
}

#[test]
fn hidden_and_replaced_services_leave_national_pages_without_errors() {
    let site = council();
    replacing(&site);
    let output = site.build();
    let call = output.text("react/call/index.html");
    assert!(!call.contains("NSPCC Helpline"), "replaced everywhere");
    assert!(
        !call.contains("Police (non-emergency)"),
        "hidden everywhere"
    );
    assert_eq!(
        call.matches("Northfield family support").count(),
        2,
        "the family line stands in the featured list and for the inline card"
    );
    let get_help = output.text("get-help/index.html");
    assert!(!get_help.contains("NSPCC Helpline"));
    assert!(get_help.contains("Northfield family support"));
    let services = output.text("services.json");
    assert!(!services.contains("NSPCC"));
    assert!(!services.contains("Police (non-emergency)"));
}

#[test]
fn check_lists_where_the_national_pages_used_a_hidden_service() {
    let site = council();
    let report = beacon::site::check(&site.options()).unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(report.hidden_services.len(), 1);
    let hidden = &report.hidden_services[0];
    assert_eq!(hidden.id, "police-non-emergency");
    assert_eq!(hidden.hidden_at, "site.yaml:7:10");
    assert_eq!(
        hidden.used_at,
        vec![
            "national/content/react/call.md:5:55",
            "national/content/react/call.md:16:1"
        ]
    );
    assert!(
        report
            .warnings
            .iter()
            .all(|w| !w.message.contains("police")),
        "a note, not a warning: {:#?}",
        report.warnings
    );
}

#[test]
fn the_councils_own_page_naming_a_hidden_service_is_an_error_naming_the_hide_line() {
    let site = council();
    site.write(
        "content/react/report.md",
        "---\ntitle: Report a worry\ndescription: How to report.\nrs: [react]\n---\n\nCall the police.\n\n{{ signpost police-non-emergency }}\n",
    );
    let error = site.error();
    assert_eq!(
        error.message,
        "signpost \"police-non-emergency\" is hidden by site.yaml:7"
    );
    assert_eq!(
        (error.path.as_path(), error.line, error.column),
        (Path::new("content/react/report.md"), 9, 1)
    );
    assert!(error.hint.unwrap().contains("signposts.hide:"));
}

#[test]
fn replacing_an_id_the_upstream_lacks_is_an_error_with_did_you_mean() {
    let site = council();
    replacing(&site);
    site.replace("site.yaml", "nspcc-helpline:", "nspcc-helpine:");
    let error = site.error();
    assert_eq!(
        error.message,
        "signposts.replace: the upstream has no service \"nspcc-helpine\""
    );
    assert_eq!(
        (error.path.as_path(), error.line, error.column),
        (Path::new("site.yaml"), 9, 5)
    );
    assert_eq!(
        error.hint.as_deref(),
        Some("did you mean \"nspcc-helpline\"? (the upstream may have renamed it)")
    );
}

#[test]
fn replacing_with_a_service_the_site_lacks_is_an_error_with_did_you_mean() {
    let site = council();
    replacing(&site);
    site.replace("site.yaml", ": northfield-family", ": northfield-famly");
    let error = site.error();
    assert_eq!(
        error.message,
        "signposts.replace: this site has no service \"northfield-famly\" to show instead of \"nspcc-helpline\""
    );
    assert_eq!(
        (error.path.as_path(), error.line, error.column),
        (Path::new("site.yaml"), 9, 21)
    );
    assert_eq!(
        error.hint.as_deref(),
        Some("did you mean \"northfield-family\"?")
    );
}

#[test]
fn a_service_both_hidden_and_replaced_is_an_error() {
    let site = council();
    site.replace(
        "site.yaml",
        "  hide: [police-non-emergency]",
        "  hide: [police-non-emergency]\n  replace: { police-non-emergency: northfield-family }",
    );
    let error = site.error();
    assert_eq!(
        error.message,
        "signposts.replace: \"police-non-emergency\" is hidden too"
    );
    assert_eq!((error.line, error.column), (8, 14));
}

#[test]
fn a_service_says_where_it_covers_on_its_card_and_in_open_referral() {
    let output = TestSite::fixture("council").build();
    let get_help = output.text("get-help/index.html");
    assert!(
        get_help.contains("<dt>Area covered</dt>\n      <dd>Northfield borough</dd>"),
        "{get_help}"
    );
    let full = output
        .files
        .iter()
        .filter(|(path, _)| path.starts_with("services/"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .find(|text| text.contains("Northfield family support"))
        .expect("the service's own file");
    let json: serde_json::Value = serde_json::from_str(&full).unwrap();
    assert_eq!(json["service_areas"][0]["name"], "Northfield borough");
    assert_eq!(json["service_areas"][0]["service_id"], json["id"]);
}

#[test]
fn a_services_area_is_translated_with_it() {
    let example =
        beacon::site::build_in_memory(&beacon::site::Options::new(env!("CARGO_MANIFEST_DIR")))
            .unwrap_or_else(|d| panic!("{d:#?}"));
    let welsh = String::from_utf8(example["cy/get-help/index.html"].clone()).unwrap();
    let english = String::from_utf8(example["get-help/index.html"].clone()).unwrap();
    assert!(english.contains("<dd>The Example Council area</dd>"));
    assert!(welsh.contains("<dt>Ardal</dt>"), "{welsh}");
    assert!(welsh.contains("<dd>Ardal Cyngor Enghreifftiol</dd>"));
}

// ---- the dry run ------------------------------------------------------

/// The council's national site as release 2, with one change of each kind:
/// a page added, a hidden page removed, an overridden page and a plain page
/// changed, a page the council links to renamed, the hidden service
/// renamed, and a new local service every council must provide.
fn release_two(site: &TestSite) -> TestSite {
    let national = tempfile::tempdir().unwrap();
    common::copy_dir(&site.path().join("national"), national.path());
    let v2 = TestSite { dir: national };
    v2.replace("site.yaml", "version: \"1\"", "version: \"2\"");
    v2.replace(
        "site.yaml",
        "local_services:\n",
        "local_services:\n  - { id: mash-out-of-hours, what: \"the out-of-hours social work team\" }\n",
    );
    v2.write(
        "content/react/new.md",
        "---\ntitle: After you call\ndescription: What happens next.\nrs: [react]\n---\n\nSomeone will call you back.\n",
    );
    v2.remove("content/realise/everyone-at-the-council.md");
    v2.replace(
        "content/recognise/signs.md",
        "National text",
        "Corrected national text",
    );
    v2.replace(
        "content/realise/myths.md",
        "any town",
        "any town or village",
    );
    let myths = std::fs::read_to_string(v2.path().join("content/realise/myths.md")).unwrap();
    v2.remove("content/realise/myths.md");
    v2.write("content/realise/myths-and-facts.md", &myths);
    v2.replace(
        "content/_signposts/national.yaml",
        "id: police-non-emergency",
        "id: police-101",
    );
    v2.replace(
        "content/react/call.md",
        ", police-non-emergency]",
        ", police-101]",
    );
    v2.replace(
        "content/react/call.md",
        "{{ signpost police-non-emergency }}",
        "{{ signpost police-101 }}",
    );
    v2
}

/// A council that has accepted release 1 and links to its myths page.
fn accepted_council() -> TestSite {
    let site = council();
    site.write(
        "content/realise/local-myths.md",
        "---\ntitle: Local myths\ndescription: What people here get wrong.\nrs: [realise]\n---\n\nRead [the national myths](myths.md) first.\n",
    );
    beacon::upstream::accept(site.path(), &[], true).unwrap();
    site
}

fn pack(national: &TestSite) -> PathBuf {
    let out = national.path().join("release.tar.gz");
    beacon::upstream::pack(national.path(), Some(&out)).unwrap();
    out
}

#[test]
fn the_dry_run_reports_each_kind_of_change_and_writes_nothing() {
    let site = accepted_council();
    let v2 = release_two(&site);
    let release = pack(&v2);
    let before = common::files_under(site.path());
    let run = release::dry_run(site.path(), &release, today()).unwrap();
    assert_eq!(
        common::files_under(site.path()),
        before,
        "the council folder is untouched"
    );

    assert_eq!(run.current.as_ref().unwrap().version, "1");
    assert_eq!(run.release.as_ref().unwrap().version, "2");
    assert_eq!(
        run.added,
        vec!["react/new.md", "realise/myths-and-facts.md"]
    );
    assert_eq!(
        run.removed,
        vec!["realise/everyone-at-the-council.md", "realise/myths.md"]
    );
    assert_eq!(
        run.changed,
        vec![
            "_signposts/national.yaml",
            "react/call.md",
            "recognise/signs.md"
        ]
    );
    assert_eq!(run.to_review.len(), 1);
    assert_eq!(run.to_review[0].path, "recognise/signs.md");
    assert!(!run.to_review[0].never_accepted);

    let gone: Vec<(&str, usize)> = run
        .gone
        .iter()
        .map(|d| (d.message.as_str(), d.line))
        .collect();
    assert_eq!(
        gone,
        vec![
            (
                "hide: the upstream has no page \"realise/everyone-at-the-council.md\"",
                5
            ),
            (
                "signposts.hide: the upstream has no service \"police-non-emergency\"",
                7
            ),
        ]
    );
    assert_eq!(
        run.gone[1].hint.as_deref(),
        Some("the release calls it \"police-101\" now: write that in `signposts.hide:`")
    );

    assert_eq!(run.new_local_services.len(), 1);
    assert_eq!(run.new_local_services[0].id, "mash-out-of-hours");
    assert!(!run.new_local_services[0].provided);
    assert_eq!(run.missing_local_services(), vec!["mash-out-of-hours"]);

    assert_eq!(run.broken_links.len(), 1);
    let link = &run.broken_links[0];
    assert_eq!(
        (link.path.as_path(), link.line),
        (Path::new("content/realise/local-myths.md"), 7)
    );
    assert!(!run.builds);

    let text = run.to_string();
    for expected in [
        "from fixture-national 1 to fixture-national 2. Nothing was written.",
        "Files under content/ the release adds (2):\n  react/new.md",
        "Your copies of national pages to review (1):\n  recognise/signs.md: the national page changes since you accepted it",
        "New local services the release asks for (1):\n  mash-out-of-hours (the out-of-hours social work team): not provided yet",
        "Links that would break (1):\n  content/realise/local-myths.md:7:",
        "The site would NOT build with this release: 4 error(s).",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
}

#[test]
fn the_dry_run_of_the_release_in_place_changes_nothing_and_builds() {
    let site = accepted_council();
    let run = release::dry_run(site.path(), &site.path().join("national"), today()).unwrap();
    assert!(run.added.is_empty() && run.removed.is_empty() && run.changed.is_empty());
    assert!(run.to_review.is_empty());
    assert!(run.builds, "{:#?}", run.errors);
    assert!(run.to_string().ends_with("The site would build with this release: take it with `beacon upstream update PACK_OR_FOLDER`."));
}

#[test]
fn the_dry_run_refuses_a_site_with_no_upstream_and_a_release_that_is_not_one() {
    let plain = TestSite::fixture("basic");
    let site = accepted_council();
    let error = release::dry_run(plain.path(), &site.path().join("national"), today()).unwrap_err();
    assert_eq!(
        error.message,
        "this site names no upstream, so no release can be taken into it"
    );
    let nothing = site.path().join("no-such-release.tar.gz");
    assert!(release::dry_run(site.path(), &nothing, today()).is_err());
}

// ---- through the binary ---------------------------------------------

fn beacon(args: &[&str]) -> Ran {
    Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args(args)
        .output()
        .expect("run beacon")
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn update_dry_run_prints_the_report_and_fails_when_the_site_would_not_build() {
    let site = accepted_council();
    let v2 = release_two(&site);
    let release = pack(&v2);
    let before = common::files_under(site.path());
    let ran = beacon(&[
        "upstream",
        "update",
        "--dry-run",
        s(&release),
        "--site",
        s(site.path()),
        "--today",
        "2026-11-28",
    ]);
    assert_eq!(ran.status.code(), Some(1));
    let out = String::from_utf8_lossy(&ran.stdout);
    assert!(out.contains("Links that would break (1):"), "{out}");
    assert_eq!(common::files_under(site.path()), before);
}

/// Three council copies of release 1: one that release 2 breaks, one
/// whose override release 2 changes, one it leaves clean.
fn three_councils() -> (TestSite, [TestSite; 3], PathBuf) {
    let breaks = accepted_council();
    let v2 = release_two(&breaks);
    let release = pack(&v2);
    let to_review = council();
    to_review.replace(
        "site.yaml",
        "hide:\n  - realise/everyone-at-the-council.md\n",
        "",
    );
    to_review.replace(
        "site.yaml",
        "  hide: [police-non-emergency]\n",
        "  max_age_months: 12\n",
    );
    to_review.write(
        "content/_signposts/out-of-hours.yaml",
        "- id: mash-out-of-hours\n  name: Out of hours\n  description: Evenings and weekends.\n  priority: urgent\n  area: local\n  phone: \"0300 555 0177\"\n  verified: 2026-11-01\n",
    );
    beacon::upstream::accept(to_review.path(), &[], true).unwrap();
    let clean = council();
    clean.replace(
        "site.yaml",
        "hide:\n  - realise/everyone-at-the-council.md\n",
        "",
    );
    clean.replace(
        "site.yaml",
        "  hide: [police-non-emergency]\n",
        "  max_age_months: 12\n",
    );
    clean.remove("content/recognise/signs.md");
    clean.write(
        "content/_signposts/out-of-hours.yaml",
        "- id: mash-out-of-hours\n  name: Out of hours\n  description: Evenings and weekends.\n  priority: urgent\n  area: local\n  phone: \"0300 555 0177\"\n  verified: 2026-11-01\n",
    );
    (v2, [breaks, to_review, clean], release)
}

#[test]
fn check_councils_prints_one_table_and_json_and_fails_when_any_would() {
    let (_v2, councils, release) = three_councils();
    let dirs: Vec<&str> = councils.iter().map(|c| s(c.path())).collect();
    let mut args = vec!["upstream", "check-councils", s(&release)];
    args.extend(&dirs);
    args.extend(["--today", "2026-11-28"]);
    let ran = beacon(&args);
    assert_eq!(
        ran.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let table = String::from_utf8_lossy(&ran.stdout);
    let rows: Vec<Vec<&str>> = table
        .lines()
        .take(4)
        .map(|line| {
            line.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect()
        })
        .collect();
    assert_eq!(
        rows[0],
        vec![
            "council",
            "result",
            "errors",
            "to review",
            "missing local services"
        ]
    );
    assert_eq!(
        rows[1],
        vec![dirs[0], "FAILS", "4", "1", "mash-out-of-hours"]
    );
    assert_eq!(rows[2], vec![dirs[1], "builds", "0", "1", "-"]);
    assert_eq!(rows[3], vec![dirs[2], "builds", "0", "0", "-"]);
    assert!(table.contains("1 of 3 council copies would fail to build with fixture-national 2."));

    args.extend(["--format", "json"]);
    let ran = beacon(&args);
    assert_eq!(ran.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&ran.stdout).unwrap();
    assert_eq!(json["ok"], false);
    assert_eq!(json["release"]["version"], "2");
    let councils_json = json["councils"].as_array().unwrap();
    assert_eq!(councils_json.len(), 3);
    assert_eq!(councils_json[0]["builds"], false);
    assert_eq!(
        councils_json[0]["broken_links"].as_array().unwrap().len(),
        1
    );
    assert_eq!(
        councils_json[1]["to_review"][0]["path"],
        "recognise/signs.md"
    );
    assert_eq!(councils_json[2]["builds"], true);

    let good = beacon(&[
        "upstream",
        "check-councils",
        s(&release),
        dirs[1],
        dirs[2],
        "--today",
        "2026-11-28",
    ]);
    assert_eq!(
        good.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&good.stdout)
    );
}

#[test]
fn check_councils_reports_a_folder_that_is_no_site_as_a_failing_row() {
    let (_v2, councils, release) = three_councils();
    let missing = councils[2].path().join("not-a-council");
    let ran = beacon(&[
        "upstream",
        "check-councils",
        s(&release),
        s(&missing),
        "--format",
        "json",
    ]);
    assert_eq!(ran.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&ran.stdout).unwrap();
    assert_eq!(json["councils"][0]["builds"], false);
    assert!(json["councils"][0]["errors"][0]
        .as_str()
        .unwrap()
        .contains("site.yaml"));
}
