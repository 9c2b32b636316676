//! `beacon init --from PACK_OR_FOLDER DIR`: a council site over a national
//! release: the release unpacked into `DIR/national`, a `site.yaml` to fill
//! in, one local service to fill in per `local_services` id, and an
//! `upstream.lock` recording the release's pages. It never overwrites: when
//! anything it would write exists, it writes nothing.

use std::path::{Path, PathBuf};

use super::lock::{self, Lock};
use super::{content_files, hash, read_settings, unpack, LocalService, Settings, DEFAULT_UPSTREAM};
use crate::base::date::Date;
use crate::base::diagnostic::Diagnostic;
use crate::base::fsutil;

/// The local services file `init --from` writes.
pub const LOCAL_SIGNPOSTS: &str = "content/_signposts/local.yaml";

/// What `init --from` created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// The new site folder.
    pub dir: PathBuf,
    /// The local service ids left to fill in.
    pub local_services: Vec<String>,
}

impl std::fmt::Display for Created {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let dir = self.dir.display();
        writeln!(f, "Created a council site in {dir} over the national release in {dir}/{DEFAULT_UPSTREAM}.")?;
        writeln!(f, "Next: set base_url and your brand in {dir}/site.yaml.")?;
        if !self.local_services.is_empty() {
            writeln!(
                f,
                "Fill in your local services in {dir}/{LOCAL_SIGNPOSTS} ({}); the site does not build until you do.",
                self.local_services.join(", ")
            )?;
        }
        write!(f, "Then build it with: beacon build --site {dir}")
    }
}

/// Creates a council site in `dir` from a pack or a national site folder.
/// `today` dates the local services' `verified:`.
pub fn create_from(source: &Path, dir: &Path, today: Date) -> Result<Created, Diagnostic> {
    let created_dir = !dir.exists();
    let result = create_in(source, dir, today);
    if result.is_err() && created_dir {
        let _ = std::fs::remove_dir_all(dir);
    }
    result
}

fn create_in(source: &Path, dir: &Path, today: Date) -> Result<Created, Diagnostic> {
    let upstream = dir.join(DEFAULT_UPSTREAM);
    // The release is staged beside `national`: no link may lead it away.
    crate::init::refuse_links(dir, &[PathBuf::from(DEFAULT_UPSTREAM)])?;
    let staged = unpack::stage(source, &upstream)?;
    let national = read_settings(staged.path()).map_err(|d| {
        let shown = Path::new(DEFAULT_UPSTREAM).join(&d.path);
        Diagnostic { path: shown, ..d }
    })?;
    let mut planned: Vec<PathBuf> = ["site.yaml", LOCAL_SIGNPOSTS, lock::LOCK_FILE]
        .iter()
        .map(PathBuf::from)
        .collect();
    planned.extend(existing_upstream_files(&upstream));
    planned.extend(
        content_files(staged.path())
            .into_keys()
            .map(|rel| Path::new(DEFAULT_UPSTREAM).join(rel)),
    );
    planned.sort();
    planned.dedup();
    crate::init::refuse_links(dir, &planned)?;
    crate::init::refuse_overwrites(dir, &planned)?;
    let files = lock_for(staged.path(), &national);
    staged.commit()?;
    fsutil::write(&dir.join("site.yaml"), site_yaml(&national).as_bytes())?;
    let services = local_yaml(&national.local_services, today);
    fsutil::write(&dir.join(LOCAL_SIGNPOSTS), services.as_bytes())?;
    lock::write(dir, &files)?;
    Ok(Created {
        dir: dir.to_path_buf(),
        local_services: national
            .local_services
            .iter()
            .map(|s| s.id.clone())
            .collect(),
    })
}

/// Anything already under `DIR/national` (the release would replace it),
/// or the folder itself when it is empty.
fn existing_upstream_files(upstream: &Path) -> Vec<PathBuf> {
    if std::fs::symlink_metadata(upstream).is_err() {
        return Vec::new();
    }
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(upstream)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| e.path().strip_prefix(upstream).ok().map(Path::to_path_buf))
        .map(|rel| Path::new(DEFAULT_UPSTREAM).join(rel))
        .collect();
    if found.is_empty() {
        found.push(PathBuf::from(DEFAULT_UPSTREAM));
    }
    found
}

/// The first lock: the release and its pages, nothing accepted yet.
fn lock_for(upstream: &Path, national: &Settings) -> Lock {
    let files = content_files(&upstream.join("content"))
        .into_iter()
        .filter_map(|(rel, path)| std::fs::read(path).ok().map(|b| (rel, hash(&b))))
        .collect();
    Lock {
        reviewed: national.pack.clone(),
        files: Some(files),
        ..Lock::default()
    }
}

/// A YAML double-quoted string (JSON strings are valid YAML).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

fn site_yaml(national: &Settings) -> String {
    let title = quoted(national.title.as_deref().unwrap_or("Our campaign"));
    format!(
        "# This council's copy of the national campaign in {DEFAULT_UPSTREAM}/. Every key left out
# here comes from {DEFAULT_UPSTREAM}/site.yaml; maps are merged key by key, lists replaced.
upstream: {DEFAULT_UPSTREAM}

# The site's title (copied from the national site) and where it is published:
# change base_url to your own address.
title: {title}
base_url: \"https://www.example.gov.uk/cse\"
# In a folder of the council's domain, crawlers never read our robots.txt: add
# \"Sitemap: <base_url>/sitemap.xml\" to the domain's own, then uncomment this.
# robots_txt: false

# Your council, shown in the header and footer; logo is a file under content/.
# organisation:
#   name: \"Northfield Borough Council\"
#   logo: images/logo.svg
#   url: \"https://www.northfield.gov.uk\"
#   phone: \"01234 567890\"

# Your brand colours (CSS); contrast is checked against WCAG AA.
# brand:
#   primary: \"#1d70b8\"
#   text: \"#0b0c0c\"
#   background: \"#ffffff\"
#   link: \"#1d70b8\"
#   focus: \"#ffdd00\"

# Extra links in the footer, such as your privacy notice.
# footer_links:
#   - {{ title: \"Privacy notice\", url: \"https://www.example.gov.uk/privacy\" }}

# National pages not published here (paths under {DEFAULT_UPSTREAM}/content/).
# hide:
#   - realise/a-national-page.md

# National help services not shown here (their ids).
# signposts:
#   hide: [a-national-service-id]

# The languages you publish, the default first. Without this line you publish
# every language the national site does; a council in England might write
# `languages: [en]`, a Welsh council keeps Welsh and names itself in Welsh:
#   - code: cy
#     organisation: {{ name: \"Cyngor …\" }}
# languages: [en]

# The national conversation (have your say): add your own questions under each
# R, or hide it with `consultation: null`.
# consultation:
#   local_questions:
#     react: [\"What would help people in our area to act on a worry?\"]
"
    )
}

/// True for ids that need no quoting.
fn plain_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
}

fn local_yaml(services: &[LocalService], today: Date) -> String {
    let mut text = String::from(
        "# Local help services the national pages send people to. Fill in each one\n\
         # (name, description, phone or web, hours), then delete its `fill_in:` line:\n\
         # the site does not build while any is left.\n",
    );
    if services.is_empty() {
        text.push_str("[]\n");
    }
    for service in services {
        let id = if plain_id(&service.id) {
            service.id.clone()
        } else {
            quoted(&service.id)
        };
        let what = if service.what.is_empty() {
            service.id.as_str()
        } else {
            service.what.as_str()
        };
        text.push_str(&format!(
            "- id: {id}\n  name: {}\n  description: \"FILL IN\"\n  priority: urgent\n  area: local\n  fill_in: {}\n  verified: {today}\n",
            quoted(&format!("FILL IN: {what}")),
            quoted(what),
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_services_are_written_to_fill_in() {
        let services = vec![LocalService {
            id: "lado".into(),
            what: "the \"LADO\"".into(),
        }];
        let text = local_yaml(&services, Date::parse("2027-01-02").unwrap());
        assert!(
            text.contains("- id: lado\n  name: \"FILL IN: the \\\"LADO\\\"\"\n"),
            "{text}"
        );
        assert!(
            text.contains("  fill_in: \"the \\\"LADO\\\"\"\n  verified: 2027-01-02\n"),
            "{text}"
        );
        let parsed: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(parsed[0]["fill_in"].as_str(), Some("the \"LADO\""));
    }

    #[test]
    fn site_yaml_is_valid_yaml_with_title_and_base_url() {
        let settings = Settings {
            title: Some("Protect: \"children\"".into()),
            ..Settings::default()
        };
        let parsed: serde_yaml::Value = serde_yaml::from_str(&site_yaml(&settings)).unwrap();
        assert_eq!(parsed["title"].as_str(), Some("Protect: \"children\""));
        assert_eq!(parsed["upstream"].as_str(), Some("national"));
        assert!(parsed["base_url"].as_str().unwrap().starts_with("https://"));
    }

    #[cfg(unix)]
    #[test]
    fn init_from_through_a_linked_folder_writes_nothing_outside() {
        let national = tempfile::tempdir().unwrap();
        std::fs::write(
            national.path().join("site.yaml"),
            "title: N\npack: { name: nat, version: \"1\" }\n",
        )
        .unwrap();
        std::fs::create_dir_all(national.path().join("content")).unwrap();
        std::fs::write(national.path().join("content/_index.md"), "home").unwrap();
        let today = Date::parse("2027-01-02").unwrap();
        for linked in ["national", "content", ""] {
            let dir = tempfile::tempdir().unwrap();
            let outside = tempfile::tempdir().unwrap();
            let target = dir.path().join("council");
            if linked.is_empty() {
                std::os::unix::fs::symlink(outside.path(), &target).unwrap();
            } else {
                std::fs::create_dir_all(&target).unwrap();
                std::os::unix::fs::symlink(outside.path(), target.join(linked)).unwrap();
            }
            let error = create_from(national.path(), &target, today).unwrap_err();
            assert!(
                error.message.contains("are links"),
                "{linked}: {}",
                error.message
            );
            assert_eq!(
                std::fs::read_dir(outside.path()).unwrap().count(),
                0,
                "{linked}: nothing written outside"
            );
            assert!(!target.join("site.yaml").exists(), "{linked}");
        }
    }
}
