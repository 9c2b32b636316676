//! `beacon init --ci HOST DIR`: every pipeline parses as YAML, installs
//! this version pinned by its checksum (checked before unpacking), runs
//! `check --strict` and `build`, and publishes; a new folder becomes a site
//! that builds, an existing site gains only the pipeline, and nothing is
//! ever overwritten. With ACTIONLINT set to an actionlint binary (CI sets
//! it), the GitHub workflows must pass it too.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::TestSite;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn beacon(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args(args)
        .output()
        .expect("run beacon")
}

fn hash() -> String {
    "3f".repeat(32)
}

fn checksums(dir: &Path) -> PathBuf {
    let path = dir.join("SHA256SUMS");
    std::fs::write(
        &path,
        format!(
            "{}  beacon-v{VERSION}-aarch64-unknown-linux-gnu.tar.gz\n{}  beacon-v{VERSION}-x86_64-unknown-linux-gnu.tar.gz\n",
            "0".repeat(64),
            hash()
        ),
    )
    .unwrap();
    path
}

fn init_ci(host: &str, dir: &Path, sums: &Path) -> std::process::Output {
    beacon(&[
        "init",
        "--ci",
        host,
        "--checksums",
        sums.to_str().unwrap(),
        dir.to_str().unwrap(),
    ])
}

fn ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const HOSTS: [(&str, &str); 4] = [
    ("github-pages", ".github/workflows/publish.yml"),
    ("gitlab-pages", ".gitlab-ci.yml"),
    ("azure-static-web-apps", ".github/workflows/publish.yml"),
    ("azure-pipelines", "azure-pipelines.yml"),
];

/// Every `run`/`script`/`bash` text of a pipeline, in order.
fn scripts(yaml: &serde_yaml::Value) -> Vec<String> {
    let mut found = Vec::new();
    collect(yaml, &mut found);
    found
}

fn collect(value: &serde_yaml::Value, found: &mut Vec<String>) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            for (key, inner) in map {
                let key = key.as_str().unwrap_or_default();
                match (key, inner) {
                    ("run" | "bash", serde_yaml::Value::String(text)) => found.push(text.clone()),
                    ("script", serde_yaml::Value::Sequence(lines)) => {
                        found.extend(lines.iter().filter_map(|l| l.as_str().map(str::to_string)))
                    }
                    _ => collect(inner, found),
                }
            }
        }
        serde_yaml::Value::Sequence(items) => items.iter().for_each(|i| collect(i, found)),
        _ => {}
    }
}

/// The pinned variables, wherever the pipeline keeps them.
fn pinned(yaml: &serde_yaml::Value) -> (String, String) {
    let vars = yaml
        .get("env")
        .or_else(|| yaml.get("variables"))
        .expect("pinned variables");
    let get = |name: &str| vars[name].as_str().unwrap_or_default().to_string();
    (get("BEACON_VERSION"), get("BEACON_SHA256"))
}

#[test]
fn every_pipeline_pins_this_release_checks_its_checksum_before_unpacking_then_checks_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let sums = checksums(tmp.path());
    for (host, file) in HOSTS {
        let site = TestSite::fixture("basic");
        let said = ok(&init_ci(host, site.path(), &sums));
        assert!(said.contains(file), "{host}: {said}");
        let text = std::fs::read_to_string(site.path().join(file)).unwrap();
        let yaml: serde_yaml::Value =
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{host}: {e}"));
        assert_eq!(pinned(&yaml), (VERSION.to_string(), hash()), "{host}");
        let steps = scripts(&yaml).join("\n");
        let verify = steps
            .find("sha256sum")
            .unwrap_or_else(|| panic!("{host}: no checksum step"));
        let unpack = steps
            .find("tar -xzf")
            .unwrap_or_else(|| panic!("{host}: no unpacking"));
        assert!(
            verify < unpack,
            "{host}: the archive is unpacked before it is verified"
        );
        assert!(
            steps.contains("${BEACON_SHA256}"),
            "{host}: the checksum is the pinned one"
        );
        let check = steps
            .find("beacon check --strict")
            .unwrap_or_else(|| panic!("{host}: no check"));
        let build = steps
            .find("beacon build")
            .unwrap_or_else(|| panic!("{host}: no build"));
        assert!(
            unpack < check && check < build,
            "{host}: install, check, build"
        );
        for line in text.lines().filter(|l| l.contains("uses:")) {
            let pin = line.split('@').nth(1).unwrap_or_default();
            assert!(
                pin.len() >= 40 && pin[..40].bytes().all(|b| b.is_ascii_hexdigit()),
                "{host}: an action not pinned by commit: {line}"
            );
        }
        assert_eq!(
            std::fs::read_dir(site.path()).unwrap().count(),
            std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic"))
                .unwrap()
                .count()
                + 1,
            "{host}: only the pipeline was added to the existing site"
        );
        actionlint(host, &site.path().join(file));
    }
}

/// Runs actionlint on a GitHub workflow when ACTIONLINT names one.
fn actionlint(host: &str, file: &Path) {
    if !file.to_string_lossy().contains(".github/") {
        return;
    }
    let Some(binary) = std::env::var_os("ACTIONLINT") else {
        eprintln!("ACTIONLINT is not set: {host}'s workflow was parsed, not linted");
        return;
    };
    let out = Command::new(binary)
        .arg(file)
        .output()
        .expect("run actionlint");
    assert!(
        out.status.success(),
        "actionlint on {host}'s workflow:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn init_ci_on_a_new_folder_makes_a_site_that_builds_with_the_hosts_header_file() {
    let tmp = tempfile::tempdir().unwrap();
    let sums = checksums(tmp.path());
    let dir = tmp.path().join("new-site");
    let said = ok(&init_ci("azure-static-web-apps", &dir, &sums));
    assert!(said.contains("Created a new site"), "{said}");
    assert!(dir.join(".github/workflows/publish.yml").is_file());
    let built = beacon(&["build", "--site", dir.to_str().unwrap()]);
    ok(&built);
    assert!(dir.join("public/staticwebapp.config.json").is_file());
    assert!(!dir.join("public/_headers").exists());
}

#[test]
fn init_ci_with_a_council_copy_adds_the_pipeline_to_the_copy() {
    let tmp = tempfile::tempdir().unwrap();
    let sums = checksums(tmp.path());
    let national = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upstream-national");
    let dir = tmp.path().join("council");
    let out = beacon(&[
        "init",
        "--ci",
        "gitlab-pages",
        "--checksums",
        sums.to_str().unwrap(),
        "--from",
        national.to_str().unwrap(),
        dir.to_str().unwrap(),
    ]);
    ok(&out);
    assert!(dir.join("national").is_dir());
    assert!(dir.join(".gitlab-ci.yml").is_file());
}

#[test]
fn init_ci_never_overwrites_a_pipeline_and_without_a_checksum_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let sums = checksums(tmp.path());
    let site = TestSite::fixture("basic");
    site.write(".gitlab-ci.yml", "mine\n");
    let out = init_ci("gitlab-pages", site.path(), &sums);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("would overwrite 1 existing file(s)"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(site.path().join(".gitlab-ci.yml")).unwrap(),
        "mine\n"
    );

    let dir = tmp.path().join("never-made");
    let other = tmp.path().join("OTHER-SUMS");
    std::fs::write(
        &other,
        format!("{}  something-else.tar.gz\n", "1".repeat(64)),
    )
    .unwrap();
    let out = init_ci("github-pages", &dir, &other);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "no SHA-256 for beacon-v{VERSION}-x86_64-unknown-linux-gnu.tar.gz"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("OTHER-SUMS"),
        "the error names the file: {stderr}"
    );
    assert!(!dir.exists(), "nothing was made");

    let out = beacon(&["init", "--ci", "github-page", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "clap refuses an unknown host");
    assert!(String::from_utf8_lossy(&out.stderr).contains("github-pages"));
}
