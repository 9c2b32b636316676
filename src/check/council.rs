//! Rules for a site that is, or extends, a national campaign: every local
//! service the national pages rely on is provided, placeholders (`example:
//! true`, Ofcom drama numbers) do not reach the public unnoticed, and the
//! organisation's logo exists.

use std::collections::BTreeSet;

use std::path::Path;

use crate::base::diagnostic::Diagnostic;
use crate::base::yaml::Source;
use crate::load::config::{Config, CONFIG_FILE};
use crate::load::content::Content;
use crate::load::signpost::{phone, ChannelKind, Directory};
use crate::markdown::Rendered;

/// A local service named in `local_services:` (the site's own or its
/// upstream's) that the directory does not provide: one error, naming what
/// the service is and the pages that use it.
pub fn missing_local_services(
    content: &Content,
    bodies: &[Rendered],
    directory: &Directory,
    config: &Config,
) -> Vec<Diagnostic> {
    if directory.incomplete {
        return Vec::new();
    }
    let declared = config
        .local_services
        .iter()
        .chain(&config.upstream_local_services);
    let mut seen = BTreeSet::new();
    let mut diagnostics = Vec::new();
    for service in declared {
        if !seen.insert(&service.id)
            || directory.get(&service.id).is_some()
            || directory.invalid_ids.contains(&service.id)
        {
            continue;
        }
        let users = pages_using(content, bodies, &service.id);
        let pos = config
            .sources
            .iter()
            .find(|(path, _)| *path == service.declared_in)
            .map(|(path, text)| {
                Source::file(text, path).value_pos(&["local_services"], &service.id)
            });
        let mut diagnostic = Diagnostic::error(
            &service.declared_in,
            format!(
                "local service \"{}\" ({}) is not provided",
                service.id, service.what
            ),
        )
        .with_hint(format!(
            "add an entry with `id: {}` and `area: local` to content/_signposts/local.yaml; {}",
            service.id,
            match users.is_empty() {
                true => "no page uses it yet".to_string(),
                false => format!("pages that use it: {}", users.join(", ")),
            }
        ));
        if let Some(pos) = pos {
            diagnostic = diagnostic.at_pos(pos);
        }
        diagnostics.push(diagnostic);
    }
    diagnostics
}

/// A service `signposts.hide:` hides, and where the upstream's pages
/// featured it: what `check` lists so a council sees what the hiding
/// took off those pages (a note, neither a warning nor an error).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HiddenUse {
    /// The hidden service's id.
    pub id: String,
    /// Where it is hidden, `site.yaml:LINE:COL`.
    pub hidden_at: String,
    /// Where the upstream's pages named it, `path:line:col` each.
    pub used_at: Vec<String>,
}

/// For each service `signposts.hide:` hides, the places its upstream's
/// pages (and their translations) named it, in `content`'s order.
pub fn hidden_uses<'a>(
    languages: impl IntoIterator<Item = (&'a Content, &'a [Rendered])>,
    directory: &Directory,
    config: &Config,
) -> Vec<HiddenUse> {
    let languages: Vec<(&Content, &[Rendered])> = languages.into_iter().collect();
    directory
        .hidden
        .iter()
        .map(|id| {
            let (path, pos) = config.locate_value(&["signposts", "hide"], id);
            let mut used_at = Vec::new();
            for (content, bodies) in &languages {
                for (page, body) in content.pages.iter().zip(bodies.iter()) {
                    let named = super::references(page, body).filter(|(named, _)| named == id);
                    for (_, at) in named {
                        let shown = page.source.display();
                        used_at.push(format!("{shown}:{}:{}", at.line, at.column));
                    }
                }
            }
            HiddenUse {
                id: id.clone(),
                hidden_at: format!("{}:{}:{}", path.display(), pos.line, pos.column),
                used_at,
            }
        })
        .collect()
}

/// The source files of pages that feature a service or embed its card.
fn pages_using(content: &Content, bodies: &[Rendered], id: &str) -> Vec<String> {
    content
        .pages
        .iter()
        .zip(bodies)
        .filter(|(page, body)| super::references(page, body).any(|(named, _)| named == id))
        .map(|(page, _)| page.source.display().to_string())
        .collect()
}

/// Warnings for placeholders: pages and services marked `example: true`,
/// and phone numbers in Ofcom's drama ranges. `check --strict` fails on
/// them, so a council cannot publish the national examples by mistake.
pub fn placeholders(content: &Content, directory: &Directory) -> Vec<Diagnostic> {
    let mut diagnostics: Vec<Diagnostic> = content
        .pages
        .iter()
        .filter(|page| page.example)
        .map(|page| {
            Diagnostic::warning(&page.source, "this page is a placeholder (`example: true`)")
                .at(1, 1)
                .with_hint("replace it with your own text and remove `example: true`, or hide it with `hide:` in site.yaml")
        })
        .collect();
    for service in &directory.services {
        let drama = service
            .channels
            .iter()
            .filter(|c| {
                matches!(
                    c.kind,
                    ChannelKind::Phone | ChannelKind::Text | ChannelKind::Textphone
                )
            })
            .find(|c| phone::is_drama(&c.text));
        let message =
            match (service.example, drama) {
                (false, None) => continue,
                (true, None) => format!(
                    "service \"{}\" is a placeholder (`example: true`)",
                    service.id
                ),
                (example, Some(channel)) => format!(
                "service \"{}\" {}has the number {}, an Ofcom drama number that connects to no one",
                service.id,
                if example { "is a placeholder (`example: true`) and " } else { "" },
                channel.text
            ),
            };
        diagnostics.push(
            Diagnostic::warning(&service.source, message)
                .at_pos(service.pos)
                .with_hint("put the real service's details here and remove `example: true` before you publish"),
        );
    }
    diagnostics
}

/// `organisation.logo` or `organisation.icon` (`key`, naming `file`)
/// naming a file that is not in `content/`, or that is a link there
/// (`link`: where [`crate::load::layers::Layers::link_at`] found one),
/// which Beacon does not follow.
pub fn missing_organisation_file(
    content: &Content,
    config: &Config,
    (key, file): (&str, Option<&str>),
    link: Option<&Path>,
) -> Vec<Diagnostic> {
    let Some(file) = file else {
        return Vec::new();
    };
    if content.assets.iter().any(|asset| asset.rel == file) {
        return Vec::new();
    }
    let (path, pos) = config.locate(&["organisation", key]);
    let path = if path.as_os_str().is_empty() {
        CONFIG_FILE.into()
    } else {
        path
    };
    let error = match link {
        Some(link) => Diagnostic::error(
            path,
            format!(
                "organisation.{key} \"{file}\" is a link ({}), which Beacon does not follow",
                link.display()
            ),
        )
        .with_hint(format!(
            "put the {key} file itself in content/: a build reads nothing outside the site"
        )),
        None => Diagnostic::error(
            path,
            format!("organisation.{key} \"{file}\" is not a file in content/"),
        )
        .with_hint(format!(
            "put the {key} at content/{file}, or correct the path (it is relative to content/)"
        )),
    };
    vec![error.at_pos(pos)]
}
