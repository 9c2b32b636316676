//! Phone numbers written in a page's text, held to the help directory: a
//! number the directory does not have is a warning at its line, since a
//! corrected number in the directory would leave the page's copy wrong.
//! The service cards a page shows (`{{ signpost id }}`, its `signposts:`)
//! are drawn from the directory and never flagged.

use std::collections::BTreeSet;

use crate::base::diagnostic::Diagnostic;
use crate::load::content::{Content, Page};
use crate::load::signpost::{ChannelKind, Directory};
use crate::markdown::Rendered;

/// A warning for each number in a page's text that no service in the
/// directory has.
pub fn unlisted_numbers(
    content: &Content,
    bodies: &[Rendered],
    directory: &Directory,
) -> Vec<Diagnostic> {
    let listed: BTreeSet<&str> = directory
        .services
        .iter()
        .flat_map(|service| &service.channels)
        .filter(|c| {
            matches!(
                c.kind,
                ChannelKind::Phone | ChannelKind::Text | ChannelKind::Textphone
            )
        })
        .map(|c| c.href.trim_start_matches("sms:").trim_start_matches("tel:"))
        .collect();
    let mut diagnostics = Vec::new();
    for (page, body) in content.pages.iter().zip(bodies) {
        for mention in &body.phones {
            if listed.contains(mention.href.trim_start_matches("tel:")) {
                continue;
            }
            diagnostics.push(
                Diagnostic::warning(
                    &page.source,
                    format!(
                        "the phone number {} is not in the help directory",
                        mention.written
                    ),
                )
                .at_pos(mention.pos)
                .with_hint(hint(page, body, directory)),
            );
        }
    }
    diagnostics
}

/// What to do: show the service's card, naming the services this page
/// already features and their numbers, since the number may be one of
/// theirs written out of date.
fn hint(page: &Page, body: &Rendered, directory: &Directory) -> String {
    let featured: Vec<String> = super::references(page, body)
        .filter_map(|(id, _)| directory.get(id))
        .filter_map(|service| {
            let phone = service.channel(ChannelKind::Phone)?;
            Some(format!("{} ({})", service.id, phone.text))
        })
        .collect();
    let mut hint = "show the service's card instead, `{{ signpost id }}`, so a number corrected in the directory is corrected here too; or add the number to its service in content/_signposts/".to_string();
    if !featured.is_empty() {
        hint.push_str(&format!(
            "; this page features {}: if it is one of theirs, the directory's number differs",
            featured.join(", ")
        ));
    }
    hint
}
