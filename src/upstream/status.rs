//! The report `beacon upstream status` prints: a value built by
//! [`super::status()`], rendered by its `Display`.

use std::fmt;
use std::path::Path;

use super::{content_files, PackId, Settings};

/// Where one override stands against `upstream.lock`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverrideState {
    /// The upstream text is the one the council accepted.
    Unchanged,
    /// The upstream changed since the council accepted it (in that release).
    Changed {
        /// The release accepted, when known.
        accepted: Option<String>,
    },
    /// The council has never accepted this upstream page.
    NotAccepted,
}

/// One override and its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverrideStatus {
    /// Path relative to `content/`.
    pub path: String,
    /// Its state.
    pub state: OverrideState,
}

/// An upstream page that was removed but the council still uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// Path relative to the upstream's `content/`.
    pub path: String,
    /// How the council still uses it, e.g. `listed in hide: in site.yaml`.
    pub uses: Vec<String>,
}

/// The whole status report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The upstream folder, e.g. `national`.
    pub upstream: String,
    /// The release in the upstream folder now.
    pub current: Option<PackId>,
    /// The release whose page list the council last reviewed.
    pub reviewed: Option<PackId>,
    /// False when `upstream.lock` has no page list yet (new and removed
    /// pages cannot be told).
    pub has_page_list: bool,
    /// Every override, sorted by path.
    pub overrides: Vec<OverrideStatus>,
    /// Upstream pages not in the reviewed page list.
    pub new_pages: Vec<String>,
    /// Reviewed upstream pages that are gone but still used here.
    pub removed: Vec<Removed>,
}

impl Status {
    /// True when nothing needs a person's eye.
    pub fn is_clean(&self) -> bool {
        self.new_pages.is_empty()
            && self.removed.is_empty()
            && self
                .overrides
                .iter()
                .all(|o| o.state == OverrideState::Unchanged)
    }
}

fn release(pack: &Option<PackId>) -> String {
    match pack {
        Some(pack) => format!("{} {}", pack.name, pack.version),
        None => "an unversioned release".to_string(),
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Upstream {}/: {}", self.upstream, release(&self.current))?;
        if self.overrides.is_empty() {
            writeln!(f, "\nYou override no national pages.")?;
        } else {
            writeln!(f, "\nYour copies of national pages:")?;
            let width = self
                .overrides
                .iter()
                .map(|o| o.path.len())
                .max()
                .unwrap_or(0);
            for row in &self.overrides {
                let state = match &row.state {
                    OverrideState::Unchanged => "unchanged".to_string(),
                    OverrideState::Changed { accepted } => format!(
                        "changed since you accepted it ({})",
                        accepted.as_deref().unwrap_or("unknown version")
                    ),
                    OverrideState::NotAccepted => "not yet accepted".to_string(),
                };
                writeln!(f, "  {:<width$}  {state}", row.path)?;
            }
        }
        self.fmt_pages(f)?;
        if self.is_clean() {
            write!(f, "\nNothing to review.")
        } else {
            write!(
                f,
                "\nReview a page with `beacon upstream diff PATH`, bring your copy up to date, \
                 then `beacon upstream accept PATH` (or `--all` once everything is reviewed)."
            )
        }
    }
}

impl Status {
    fn fmt_pages(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let since = release(&self.reviewed);
        if !self.has_page_list {
            writeln!(
                f,
                "\nNo list of reviewed national pages yet: `beacon upstream accept --all` records one."
            )?;
        }
        if !self.new_pages.is_empty() {
            writeln!(f, "\nNew national pages since {since}:")?;
            for path in &self.new_pages {
                writeln!(f, "  {path}")?;
            }
        }
        if !self.removed.is_empty() {
            writeln!(
                f,
                "\nNational pages removed since {since} that this site still uses:"
            )?;
            for removed in &self.removed {
                writeln!(f, "  {}: {}", removed.path, removed.uses.join("; "))?;
            }
        }
        Ok(())
    }
}

/// How the council still uses an upstream page: its own copy, `hide:`, or
/// Markdown links from its pages.
pub(crate) fn uses(site_dir: &Path, settings: &Settings, path: &str) -> Vec<String> {
    let mut uses = Vec::new();
    let content = site_dir.join("content");
    if content.join(path).is_file() {
        uses.push(format!("you still have your own copy, content/{path}"));
    }
    if settings.hide.iter().any(|hidden| hidden == path) {
        uses.push("listed in hide: in site.yaml".to_string());
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    for (rel, file) in content_files(&content) {
        if !rel.ends_with(".md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        if links_to(&text, name) {
            uses.push(format!("linked from content/{rel}"));
        }
    }
    uses
}

/// True when a Markdown link `](…)` in `text` points at a file called `name`.
pub(crate) fn links_to(text: &str, name: &str) -> bool {
    text.split("](").skip(1).any(|rest| {
        let target = rest.split([')', ' ']).next().unwrap_or("");
        let target = target.split('#').next().unwrap_or("");
        target == name || target.ends_with(&format!("/{name}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_found_by_file_name() {
        assert!(links_to("see [it](../realise/b.md) now", "b.md"));
        assert!(links_to("see [it](b.md#part)", "b.md"));
        assert!(links_to("[x](b.md \"title\")", "b.md"));
        assert!(!links_to("see [it](../realise/ab.md)", "b.md"));
        assert!(!links_to("b.md is mentioned", "b.md"));
    }

    #[test]
    fn status_renders_each_section() {
        let status = Status {
            upstream: "national".into(),
            current: Some(PackId {
                name: "n".into(),
                version: "2".into(),
            }),
            reviewed: Some(PackId {
                name: "n".into(),
                version: "1".into(),
            }),
            has_page_list: true,
            overrides: vec![
                OverrideStatus {
                    path: "a.md".into(),
                    state: OverrideState::Changed {
                        accepted: Some("1".into()),
                    },
                },
                OverrideStatus {
                    path: "bb.md".into(),
                    state: OverrideState::NotAccepted,
                },
            ],
            new_pages: vec!["c.md".into()],
            removed: vec![Removed {
                path: "d.md".into(),
                uses: vec!["listed in hide: in site.yaml".into()],
            }],
        };
        let text = status.to_string();
        assert!(text.contains("Upstream national/: n 2"), "{text}");
        assert!(
            text.contains("  a.md   changed since you accepted it (1)"),
            "{text}"
        );
        assert!(text.contains("  bb.md  not yet accepted"), "{text}");
        assert!(
            text.contains("New national pages since n 1:\n  c.md"),
            "{text}"
        );
        assert!(
            text.contains("d.md: listed in hide: in site.yaml"),
            "{text}"
        );
        assert!(!status.is_clean());
    }
}
