//! `beacon init --ci HOST DIR`: a pipeline for a site's repository that
//! installs one pinned Beacon release (its SHA-256 checked before it is
//! unpacked), runs `beacon check --strict` and `beacon build`, and
//! publishes. The pin is this binary's own version and the checksum of that
//! release's Linux archive, read from the `SHA256SUMS` published with it.
//! Like `init`, it never overwrites a file and writes nothing through a link.

use std::path::{Path, PathBuf};

use crate::base::diagnostic::{did_you_mean, Diagnostic};
use crate::base::fsutil;

/// Where release archives are downloaded from, unless `--releases` names
/// a mirror (a council behind a proxy keeps its own copy).
pub const RELEASES: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/releases/download");

/// The archive every pipeline downloads: the static Linux x86_64 build.
pub fn archive_name(version: &str) -> String {
    format!("beacon-v{version}-x86_64-unknown-linux-gnu.tar.gz")
}

/// A host `init --ci` writes a pipeline for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CiHost {
    /// GitHub Actions publishing to GitHub Pages.
    GithubPages,
    /// GitLab CI publishing to GitLab Pages.
    GitlabPages,
    /// GitHub Actions publishing to Azure Static Web Apps.
    AzureStaticWebApps,
    /// Azure Pipelines publishing to Azure Static Web Apps.
    AzurePipelines,
}

/// Every host by its name on the command line, with the file it writes
/// and the template.
const HOSTS: [(&str, CiHost, &str, &str); 4] = [
    (
        "github-pages",
        CiHost::GithubPages,
        ".github/workflows/publish.yml",
        include_str!("ci/github-pages.yml"),
    ),
    (
        "gitlab-pages",
        CiHost::GitlabPages,
        ".gitlab-ci.yml",
        include_str!("ci/gitlab-pages.yml"),
    ),
    (
        "azure-static-web-apps",
        CiHost::AzureStaticWebApps,
        ".github/workflows/publish.yml",
        include_str!("ci/azure-static-web-apps.yml"),
    ),
    (
        "azure-pipelines",
        CiHost::AzurePipelines,
        "azure-pipelines.yml",
        include_str!("ci/azure-pipelines.yml"),
    ),
];

impl CiHost {
    /// The names `--ci` takes.
    pub const NAMES: [&'static str; 4] = [HOSTS[0].0, HOSTS[1].0, HOSTS[2].0, HOSTS[3].0];

    /// The host called `name`, or an error with the closest name.
    pub fn from_name(name: &str) -> Result<CiHost, Diagnostic> {
        HOSTS
            .iter()
            .find(|(known, ..)| *known == name)
            .map(|(_, host, ..)| *host)
            .ok_or_else(|| {
                let hint = match did_you_mean(name, CiHost::NAMES) {
                    Some(close) => format!("did you mean \"{close}\"?"),
                    None => format!("--ci takes one of: {}", CiHost::NAMES.join(", ")),
                };
                Diagnostic::error("--ci", format!("no pipeline for \"{name}\"")).with_hint(hint)
            })
    }

    fn entry(self) -> &'static (&'static str, CiHost, &'static str, &'static str) {
        HOSTS
            .iter()
            .find(|(_, host, ..)| *host == self)
            .unwrap_or(&HOSTS[0])
    }

    /// The file the pipeline is written to, relative to the site folder.
    pub fn file(self) -> &'static str {
        self.entry().2
    }

    /// True when the site publishes to Azure Static Web Apps, whose
    /// headers come from `hosting: [azure-static-web-apps]`.
    pub fn is_azure(self) -> bool {
        matches!(self, CiHost::AzureStaticWebApps | CiHost::AzurePipelines)
    }
}

/// The release a pipeline installs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    /// Beacon's version, without the `v`.
    pub version: String,
    /// The SHA-256 of [`archive_name`], 64 lower-case hex digits.
    pub sha256: String,
    /// The URL the `v<version>/` folders of archives are under.
    pub releases: String,
}

/// This binary's release, pinned by the checksum of its Linux archive in
/// `checksums` (a `SHA256SUMS` file), downloaded from `releases`.
pub fn pin_from(checksums: &Path, releases: &str) -> Result<Pin, Diagnostic> {
    let version = env!("CARGO_PKG_VERSION").to_string();
    let archive = archive_name(&version);
    let text = fsutil::read_text_as_is(checksums, checksums)?;
    let sha256 = text
        .lines()
        .filter_map(|line| line.split_once("  ").or_else(|| line.split_once(" *")))
        .find(|(_, name)| name.trim() == archive)
        .map(|(hash, _)| hash.trim().to_ascii_lowercase())
        .filter(|hash| hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
    let Some(sha256) = sha256 else {
        return Err(Diagnostic::error(
            checksums,
            format!("no SHA-256 for {archive} in this file"),
        )
        .with_hint(format!(
            "pass --checksums with the SHA256SUMS published beside {archive} (Beacon {version}'s release)"
        )));
    };
    let releases = releases.trim_end_matches('/').to_string();
    if !is_plain_https(&releases) {
        return Err(Diagnostic::error(
            "--releases",
            format!("\"{releases}\" is not an https address"),
        )
        .with_hint("name the https folder that holds v<version>/ release folders"));
    }
    Ok(Pin {
        version,
        sha256,
        releases,
    })
}

/// True for an https address of plain URL characters only. The address is
/// written into YAML and read by a shell and by the CI host's own
/// expression language (`${{ … }}` on GitHub, `$(…)` on Azure), so quotes,
/// backslashes, `$`, braces, brackets and spaces are refused rather than
/// escaped.
fn is_plain_https(address: &str) -> bool {
    let Some(rest) = address.strip_prefix("https://") else {
        return false;
    };
    !rest.is_empty()
        && !rest.starts_with('/')
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~:/%@+,;=".contains(c))
}

/// Where `init --ci` looks for `SHA256SUMS` when `--checksums` is not
/// given: beside the running binary, then beside the folder it was
/// unpacked in (where the archive and its checksums were downloaded).
pub fn default_checksums() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let folder = exe.parent()?;
    [
        folder.join("SHA256SUMS"),
        folder.parent()?.join("SHA256SUMS"),
    ]
    .into_iter()
    .find(|path| path.is_file())
}

/// Adds `hosting: [azure-static-web-apps]` to the site.yaml `init` just
/// wrote in `dir`, so the build writes `staticwebapp.config.json`.
pub fn add_azure_hosting(dir: &Path) -> Result<(), Diagnostic> {
    let site_yaml = dir.join("site.yaml");
    let mut text = fsutil::read_text(&site_yaml, &site_yaml)?;
    text.push_str("\n# The build writes staticwebapp.config.json (the security headers).\nhosting: [azure-static-web-apps]\n");
    fsutil::write(&site_yaml, text.as_bytes())
}

/// The pipeline's text for `host`, pinned to `pin`.
pub fn pipeline(host: CiHost, pin: &Pin) -> String {
    host.entry()
        .3
        .replace("{{BEACON_VERSION}}", &pin.version)
        .replace("{{BEACON_SHA256}}", &pin.sha256)
        .replace("{{BEACON_RELEASES}}", &pin.releases)
}

/// Writes `host`'s pipeline into the site folder `dir`; refuses, writing
/// nothing, when the file exists or a link is on the way. Returns the
/// file written, relative to `dir`.
pub fn write(dir: &Path, host: CiHost, pin: &Pin) -> Result<PathBuf, Diagnostic> {
    let rel = PathBuf::from(host.file());
    let planned = [rel.clone()];
    super::refuse_links(dir, &planned)?;
    super::refuse_overwrites(dir, &planned)?;
    fsutil::write(&dir.join(&rel), pipeline(host, pin).as_bytes())?;
    Ok(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checksums(dir: &Path, hash: &str) -> PathBuf {
        let path = dir.join("SHA256SUMS");
        let version = env!("CARGO_PKG_VERSION");
        std::fs::write(
            &path,
            format!(
                "{}  beacon-v{version}-aarch64-unknown-linux-gnu.tar.gz\n{hash}  {}\n",
                "1".repeat(64),
                archive_name(version)
            ),
        )
        .unwrap();
        path
    }

    #[test]
    fn the_pin_is_this_version_and_the_linux_archive_checksum() {
        let dir = tempfile::tempdir().unwrap();
        let hash = "ab".repeat(32);
        let pin = pin_from(
            &checksums(dir.path(), &hash),
            "https://mirror.example/beacon/",
        )
        .unwrap();
        assert_eq!(pin.version, env!("CARGO_PKG_VERSION"));
        assert_eq!(pin.sha256, hash);
        assert_eq!(pin.releases, "https://mirror.example/beacon");
        for host in CiHost::NAMES.map(|n| CiHost::from_name(n).unwrap()) {
            let text = pipeline(host, &pin);
            assert!(!text.contains("{{BEACON"), "{host:?} left a placeholder");
            assert!(text.contains(&hash) && text.contains("https://mirror.example/beacon"));
        }
    }

    #[test]
    fn a_checksums_file_without_this_release_or_a_bad_mirror_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = checksums(dir.path(), "not-a-hash");
        let error = pin_from(&path, RELEASES).unwrap_err();
        assert!(
            error.message.contains("no SHA-256 for beacon-v"),
            "{}",
            error.message
        );
        assert_eq!(error.path, path);
        let good = checksums(dir.path(), &"0".repeat(64));
        let error = pin_from(&good, "http://plain.example").unwrap_err();
        assert!(
            error.message.contains("is not an https address"),
            "{}",
            error.message
        );
        let missing = pin_from(&dir.path().join("nope"), RELEASES).unwrap_err();
        assert_eq!(missing.path, dir.path().join("nope"));
    }

    #[test]
    fn a_mirror_address_that_could_run_in_the_pipeline_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let sums = checksums(dir.path(), &"0".repeat(64));
        for hostile in [
            "https://x.example/${{ secrets.TOKEN }}",
            "https://x.example/$(curl evil)",
            "https://x.example/\"\nrun: evil",
            "https://x.example/a b",
            "https://x.example/`id`",
            "https://",
            "https:///etc",
        ] {
            let error = pin_from(&sums, hostile).unwrap_err();
            assert!(
                error.message.contains("is not an https address"),
                "{hostile}"
            );
        }
        assert!(pin_from(&sums, "https://files.council.example:8443/mirrors/beacon").is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_for_checksums_is_an_error_not_a_hang() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("SHA256SUMS");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let error = pin_from(&fifo, RELEASES).unwrap_err();
        assert!(
            error.message.contains("not a regular file"),
            "{}",
            error.message
        );
        assert_eq!(error.path, fifo);
    }

    #[test]
    fn an_unknown_host_names_the_closest() {
        let error = CiHost::from_name("github-page").unwrap_err();
        assert_eq!(
            error.hint.as_deref(),
            Some("did you mean \"github-pages\"?")
        );
    }

    #[test]
    fn init_ci_never_overwrites_a_pipeline_and_refuses_links() {
        let dir = tempfile::tempdir().unwrap();
        let pin = Pin {
            version: "0.1.0".into(),
            sha256: "0".repeat(64),
            releases: RELEASES.into(),
        };
        let written = write(dir.path(), CiHost::GitlabPages, &pin).unwrap();
        assert_eq!(written, Path::new(".gitlab-ci.yml"));
        std::fs::write(dir.path().join(".gitlab-ci.yml"), "mine").unwrap();
        let error = write(dir.path(), CiHost::GitlabPages, &pin).unwrap_err();
        assert!(
            error.message.contains("would overwrite 1 existing file(s)"),
            "{}",
            error.message
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join(".gitlab-ci.yml")).unwrap(),
            "mine"
        );
        #[cfg(unix)]
        {
            let outside = tempfile::tempdir().unwrap();
            std::os::unix::fs::symlink(outside.path(), dir.path().join(".github")).unwrap();
            let error = write(dir.path(), CiHost::GithubPages, &pin).unwrap_err();
            assert!(error.message.contains("are links"), "{}", error.message);
            assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
        }
    }
}
