//! The new-page screen: title, summary, the main R (radios) and the
//! audiences, with the file it will create shown before it is created.

use std::fmt::Write;

use crate::base::escape::escape_html;
use crate::edit::create::{FieldError, NewPage};
use crate::edit::Snapshot;
use crate::load::config::R;

use super::{described_by, field_errors, layout, BASE};

/// The form, holding `page`'s values and `problems` on their fields.
pub fn new_page_screen(
    snapshot: &Snapshot,
    page: &NewPage,
    problems: &[FieldError],
    token: &str,
) -> String {
    let mut main =
        format!("<a class=\"back\" href=\"{BASE}\">Back to your site</a>\n<h1>Add a page</h1>\n");
    main.push_str(&problem_summary(problems));
    let _ = write!(
        main,
        "<p>The page starts as a draft: it shows in the preview, and is published once you clear Draft on its form.</p><form method=\"post\" action=\"{BASE}new\" novalidate><input type=\"hidden\" name=\"token\" value=\"{}\">",
        escape_html(token)
    );
    main.push_str(&text_field(
        "title",
        "Title",
        "The page's heading. Its web address is made from it.",
        &page.title,
        problems,
    ));
    main.push_str(&text_field(
        "description",
        "Summary",
        "One or two sentences, shown under the title in lists and search results.",
        &page.description,
        problems,
    ));
    if let Some(config) = &snapshot.config {
        let mut radios = String::new();
        for (index, r) in R::ALL.iter().enumerate() {
            let _ = write!(
                radios,
                "<div class=\"checkbox\"><input id=\"field-r-{index}\" name=\"r\" type=\"radio\" value=\"{}\"{}><label for=\"field-r-{index}\">{} <span class=\"hint hint--inline\">{}</span></label></div>",
                r.key(),
                if page.r == r.key() { " checked" } else { "" },
                escape_html(&config.rs[index].title),
                escape_html(&config.rs[index].summary)
            );
        }
        main.push_str(&group(
            "r",
            "Which of the three Rs is it about?",
            "You can add more on the page's form.",
            &radios,
            problems,
        ));
        let mut boxes = String::new();
        for (index, audience) in config.audiences.iter().enumerate() {
            let _ = write!(
                boxes,
                "<div class=\"checkbox\"><input id=\"field-audiences-{index}\" name=\"audiences\" type=\"checkbox\" value=\"{}\"{}><label for=\"field-audiences-{index}\">{}</label></div>",
                escape_html(&audience.key),
                if page.audiences.contains(&audience.key) { " checked" } else { "" },
                escape_html(&audience.label)
            );
        }
        main.push_str(&group(
            "audiences",
            "Who is it for?",
            "Leave them all clear if it is for everyone.",
            &boxes,
            problems,
        ));
    }
    main.push_str("<div class=\"button-group\"><button class=\"button\" type=\"submit\">Create the page</button></div></form>");
    layout("Add a page", &main)
}

/// The GOV.UK error summary of a simple form's problems, each linking to
/// its field (empty when there are none).
pub(crate) fn problem_summary(problems: &[FieldError]) -> String {
    if problems.is_empty() {
        return String::new();
    }
    let mut html = String::from("<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2 class=\"error-summary__title\">There is a problem</h2><ul class=\"error-summary__list\">");
    for problem in problems {
        let _ = write!(
            html,
            "<li><a href=\"#field-{}\">{}</a></li>",
            problem.field,
            escape_html(&problem.message)
        );
    }
    html.push_str("</ul></div>\n");
    html
}

/// A field's class and its inline errors from `problems`.
pub(crate) fn inline_errors(key: &str, problems: &[FieldError]) -> (&'static str, String) {
    let messages = problems
        .iter()
        .filter(|problem| problem.field == key)
        .map(|problem| problem.message.as_str());
    field_errors(key, messages)
}

/// A labelled one-line input with its hint and inline errors.
pub(crate) fn text_field(
    key: &str,
    label: &str,
    hint: &str,
    value: &str,
    problems: &[FieldError],
) -> String {
    let (class, errors) = inline_errors(key, problems);
    let described = described_by(key, !errors.is_empty());
    format!(
        "<div class=\"{class}\"><label class=\"label\" for=\"field-{key}\">{label}</label><div class=\"hint\" id=\"field-{key}-hint\">{hint}</div>{errors}<input class=\"input\" id=\"field-{key}\" name=\"{key}\" type=\"text\" value=\"{}\" aria-describedby=\"{described}\"></div>",
        escape_html(value)
    )
}

/// A fieldset of checkboxes or radios with its legend, hint and inline
/// errors.
pub(crate) fn group(
    key: &str,
    legend: &str,
    hint: &str,
    controls: &str,
    problems: &[FieldError],
) -> String {
    let (class, errors) = inline_errors(key, problems);
    format!(
        "<div class=\"{class}\"><fieldset class=\"fieldset\" id=\"field-{key}\" tabindex=\"-1\" aria-describedby=\"field-{key}-hint\"><legend class=\"label\">{legend}</legend><div class=\"hint\" id=\"field-{key}-hint\">{hint}</div>{errors}<div class=\"checkboxes\">{controls}</div></fieldset></div>"
    )
}
