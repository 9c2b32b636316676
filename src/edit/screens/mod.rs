//! The editor's screens as HTML, following the GOV.UK Design System's
//! patterns (error summary, inline errors, hints, warning text, buttons)
//! with styles of its own compiled into the binary ([`STYLES`]): the
//! dashboard here, the page forms in [`page`]. Every piece of site text is
//! escaped; nothing is loaded from anywhere but the server itself.

pub mod fields;
pub mod new;
pub mod new_service;
pub mod page;
pub mod service;
pub mod toolbar;
pub mod upload;

use std::fmt::Write;

use crate::base::diagnostic::Diagnostic;
use crate::base::escape::escape_html;
use crate::load::config::R;
use crate::load::content::PageKind;

use super::service::ServiceEntry;
use super::{Entry, Snapshot};
use crate::base::date::Date;

/// Where the editor lives on the preview server.
pub const BASE: &str = "/_beacon/edit/";

/// The editor's style sheet.
pub const STYLES: &str = include_str!("editor.css");

/// The editor's script: live checks on the page form (the only part that
/// needs JavaScript; everything works without it).
pub const SCRIPT: &str = include_str!("editor.js");

/// The address of a page's form.
pub fn page_href(id: &str) -> String {
    format!("{BASE}page/{id}")
}

/// A whole editor screen: `title` names it (and the browser tab), `main`
/// is its content.
pub fn layout(title: &str, main: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"referrer\" content=\"same-origin\">\n<title>{title} – Beacon editor</title>\n<link rel=\"stylesheet\" href=\"{BASE}editor.css\">\n<script src=\"{BASE}editor.js\" defer></script>\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to main content</a>\n<header class=\"top\"><div class=\"width\"><a class=\"top__name\" href=\"{BASE}\">Beacon editor</a> <span class=\"top__note\">On this computer only: nothing you type leaves it.</span></div></header>\n<main id=\"main\" class=\"width\" tabindex=\"-1\">\n{main}</main>\n</body>\n</html>\n",
        title = escape_html(title),
    )
}

/// A short screen that says why a request was refused.
pub fn refused(heading: &str, why: &str) -> String {
    layout(
        heading,
        &format!(
            "<h1>{}</h1>\n<p>{}</p>\n",
            escape_html(heading),
            escape_html(why)
        ),
    )
}

/// The editor's home: the coverage table, what needs attention, and every
/// page.
pub fn dashboard(snapshot: &Snapshot, fields: &[Option<String>], root: &str) -> String {
    let mut main = String::from("<h1>Your site</h1>\n");
    main.push_str(&site_problems(snapshot, fields));
    main.push_str(&format!(
        "<p><a class=\"button\" href=\"{BASE}new\">Add a page</a> <a class=\"button button--secondary\" href=\"{}\">View the site</a></p>\n",
        escape_html(root)
    ));
    main.push_str(&coverage_table(snapshot));
    main.push_str(&attention(snapshot));
    main.push_str(&all_pages(snapshot));
    main.push_str(&help_services(snapshot));
    layout("Your site", &main)
}

/// The build's errors (a GOV.UK error summary) and warnings, each linked
/// to the field of the form it is about (`fields`, one per diagnostic).
fn site_problems(snapshot: &Snapshot, fields: &[Option<String>]) -> String {
    let (errors, warnings): (Vec<_>, Vec<_>) = snapshot
        .diagnostics
        .iter()
        .zip(fields.iter().chain(std::iter::repeat(&None)))
        .partition(|(d, _)| d.is_error());
    let mut html = String::new();
    if !errors.is_empty() {
        html.push_str(&format!(
            "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2 class=\"error-summary__title\">The site cannot be published yet: {} {} to fix</h2><ul class=\"error-summary__list\">",
            errors.len(),
            plural(errors.len(), "problem", "problems")
        ));
        for (diagnostic, field) in errors {
            html.push_str(&diagnostic_item(snapshot, diagnostic, field.as_deref()));
        }
        html.push_str("</ul></div>\n");
    }
    if !warnings.is_empty() {
        html.push_str(&format!(
            "<details class=\"details\"><summary>{} {} to check</summary><ul class=\"list\">",
            warnings.len(),
            plural(warnings.len(), "thing", "things")
        ));
        for (diagnostic, field) in warnings {
            html.push_str(&diagnostic_item(snapshot, diagnostic, field.as_deref()));
        }
        html.push_str("</ul></details>\n");
    }
    html
}

/// One diagnostic as a list item: a link to the field of the form it is
/// about (`field`), or to the top of the form's results when it names no
/// field, when the editor has that page or service; else its file and
/// line.
fn diagnostic_item(snapshot: &Snapshot, diagnostic: &Diagnostic, field: Option<&str>) -> String {
    let message = escape_html(&diagnostic.message);
    let anchor = field.map_or_else(|| "results".to_string(), |key| format!("field-{key}"));
    if let Some(service) = snapshot.service_at(diagnostic) {
        let name = if service.name.is_empty() {
            &service.service_id
        } else {
            &service.name
        };
        return format!(
            "<li><a href=\"{}#{anchor}\">{}: {message}</a></li>",
            service::service_href(&service.id),
            escape_html(name)
        );
    }
    match snapshot.page_at(diagnostic) {
        Some(entry) => format!(
            "<li><a href=\"{}#{anchor}\">{}: {message}</a></li>",
            page_href(&entry.id),
            escape_html(&entry.page.title)
        ),
        None => format!(
            "<li><code>{}</code> {message}</li>",
            escape_html(&diagnostic.location())
        ),
    }
}

/// Every help service, linked to its form; those not checked within the
/// site's limit first.
fn help_services(snapshot: &Snapshot) -> String {
    if snapshot.service_entries.is_empty() {
        return String::new();
    }
    let months = snapshot
        .config
        .as_ref()
        .map_or(12, |config| config.signpost_max_age_months);
    let limit = snapshot.today.months_before(months);
    let stale: Vec<&ServiceEntry> = snapshot
        .service_entries
        .iter()
        .filter(|entry| Date::parse(&entry.verified).is_none_or(|date| date < limit))
        .collect();
    let mut html = format!(
        "<h2>Help services</h2>\n<p><a class=\"button button--secondary\" href=\"{}\">Add a help service</a></p>\n",
        new_service::NEW_SERVICE
    );
    if !stale.is_empty() {
        let _ = write!(
            html,
            "<h3>Not checked in the last {months} months</h3>\n<ul class=\"list\">"
        );
        for entry in &stale {
            html.push_str(&service_link(entry));
        }
        html.push_str("</ul>\n<h3>Every service</h3>\n");
    }
    html.push_str("<ul class=\"list\">");
    for entry in &snapshot.service_entries {
        html.push_str(&service_link(entry));
    }
    html.push_str("</ul>\n");
    html
}

fn service_link(entry: &ServiceEntry) -> String {
    let name = if entry.name.is_empty() {
        &entry.service_id
    } else {
        &entry.name
    };
    let tag = match entry.editable {
        true => "",
        false => " <strong class=\"tag tag--grey\">National</strong>",
    };
    let checked = match entry.verified.is_empty() {
        true => " <span class=\"hint hint--inline\">never checked</span>".to_string(),
        false => format!(
            " <span class=\"hint hint--inline\">checked {}</span>",
            escape_html(&entry.verified)
        ),
    };
    format!(
        "<li><a href=\"{}\">{}</a>{tag}{checked}</li>",
        service::service_href(&entry.id),
        escape_html(name)
    )
}

/// Pages per R and audience; an empty cell offers to add a page there.
fn coverage_table(snapshot: &Snapshot) -> String {
    let Some(config) = &snapshot.config else {
        return String::new();
    };
    let mut html = String::from(
        "<h2>Pages by R and audience</h2>\n<div class=\"scroll\"><table class=\"table\"><caption class=\"visually-hidden\">Pages for each of the three Rs and each audience</caption><thead><tr><th scope=\"col\">R</th>",
    );
    for audience in &config.audiences {
        let _ = write!(
            html,
            "<th scope=\"col\">{}</th>",
            escape_html(&audience.label)
        );
    }
    html.push_str("</tr></thead><tbody>");
    for (index, r) in R::ALL.iter().enumerate() {
        let _ = write!(
            html,
            "<tr><th scope=\"row\">{}</th>",
            escape_html(&config.rs[index].title)
        );
        for audience in &config.audiences {
            let pages: Vec<&Entry> = snapshot
                .pages
                .iter()
                .filter(|entry| is_listed(entry) && entry.page.rs.contains(r))
                .filter(|entry| entry.page.audiences.contains(&audience.key))
                .collect();
            html.push_str("<td>");
            if pages.is_empty() {
                let _ = write!(
                    html,
                    "<span class=\"hint\">No pages yet.</span> <a href=\"{BASE}new?r={}&amp;audience={}\">Add a page here<span class=\"visually-hidden\"> for {} in {}</span></a>",
                    r.key(),
                    escape_html(&audience.key),
                    escape_html(&audience.label),
                    escape_html(&config.rs[index].title)
                );
            } else {
                html.push_str("<ul class=\"list\">");
                for entry in pages {
                    html.push_str(&page_link(entry));
                }
                html.push_str("</ul>");
            }
            html.push_str("</td>");
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></div>\n");
    html
}

/// True for a content page of the default language in a hub.
fn is_listed(entry: &Entry) -> bool {
    !entry.translation && entry.page.kind == PageKind::Page && !entry.page.standalone
}

fn page_link(entry: &Entry) -> String {
    let mut tags = String::new();
    if entry.page.draft {
        tags.push_str(" <strong class=\"tag\">Draft</strong>");
    }
    if !entry.editable {
        tags.push_str(" <strong class=\"tag tag--grey\">National</strong>");
    }
    format!(
        "<li><a href=\"{}\">{}</a>{tags}</li>",
        page_href(&entry.id),
        escape_html(&entry.page.title)
    )
}

/// Drafts, pages past their review date and pages not yet translated.
fn attention(snapshot: &Snapshot) -> String {
    let mut html = String::new();
    let overdue: Vec<&Entry> = snapshot
        .pages
        .iter()
        .filter(|entry| {
            entry
                .page
                .review_by
                .is_some_and(|date| date < snapshot.today)
        })
        .collect();
    html.push_str(&titled_list("Past their review date", &overdue));
    let drafts: Vec<&Entry> = snapshot.pages.iter().filter(|e| e.page.draft).collect();
    html.push_str(&titled_list("Drafts", &drafts));
    for missing in &snapshot.missing {
        let pages: Vec<&Entry> = snapshot
            .pages
            .iter()
            .filter(|entry| missing.pages.contains(&entry.page.source))
            .collect();
        let heading = format!("Not yet translated ({})", missing.language);
        html.push_str(&titled_list(&heading, &pages));
    }
    html
}

fn titled_list(heading: &str, entries: &[&Entry]) -> String {
    if entries.is_empty() {
        return String::new();
    }
    let mut html = format!("<h2>{}</h2>\n<ul class=\"list\">", escape_html(heading));
    for entry in entries {
        html.push_str(&page_link(entry));
    }
    html.push_str("</ul>\n");
    html
}

/// Every page, by language, sections and the home page first.
fn all_pages(snapshot: &Snapshot) -> String {
    let mut languages: Vec<&str> = snapshot.pages.iter().map(|e| e.language.as_str()).collect();
    languages.dedup();
    let mut html = String::from("<h2>Every page</h2>\n");
    for language in languages {
        let mut entries: Vec<&Entry> = snapshot
            .pages
            .iter()
            .filter(|entry| entry.language == language)
            .collect();
        entries.sort_by_key(|entry| (entry.page.kind == PageKind::Page, entry.page.rel.clone()));
        let _ = write!(
            html,
            "<h3>In {}</h3>\n<ul class=\"list\">",
            escape_html(&language_name(language))
        );
        for entry in entries {
            html.push_str(&page_link(entry));
        }
        html.push_str("</ul>\n");
    }
    html
}

/// A language's name in English, for the editor's headings.
pub fn language_name(code: &str) -> String {
    match code {
        "en" => "English".to_string(),
        "cy" => "Welsh".to_string(),
        other => other.to_string(),
    }
}

/// A field's wrapper class and its inline error messages (GOV.UK: a red
/// bar beside the field, each message above its control).
pub(crate) fn field_errors<'a>(
    key: &str,
    messages: impl Iterator<Item = &'a str>,
) -> (&'static str, String) {
    let errors: String = messages
        .map(|message| format!("<p class=\"error-message\" id=\"field-{key}-error\"><span class=\"visually-hidden\">Error:</span> {}</p>", escape_html(message)))
        .collect();
    let class = if errors.is_empty() {
        "field"
    } else {
        "field field--error"
    };
    (class, errors)
}

/// What a field's control is described by: its hint, and its error when
/// it has one (then also `aria-invalid`). Written inside the attribute's
/// quotes.
pub(crate) fn described_by(key: &str, has_error: bool) -> String {
    match has_error {
        true => format!("field-{key}-hint field-{key}-error\" aria-invalid=\"true"),
        false => format!("field-{key}-hint"),
    }
}

/// `one` or `many` by `count`.
pub fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 {
        one
    } else {
        many
    }
}
