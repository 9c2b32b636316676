//! What the editor's forms share: problems placed on the fields they are
//! about ([`Placed`]), the GOV.UK error summary linking to each field and
//! the list of things to check, and the fields themselves ([`Fields`]),
//! each with a visible label, a hint and its inline errors. A form names
//! its fields and their labels in a table of its own.

use std::fmt::Write;

use crate::base::diagnostic::Diagnostic;
use crate::base::escape::escape_html;

use super::{described_by, field_errors, plural};

/// A form's fields and their labels, in the form's order.
pub(crate) type Labels = &'static [(&'static str, &'static str)];

/// A problem placed on the field it is about (`None`: the page as a whole
/// or another file).
pub(crate) struct Placed<'a> {
    /// The problem.
    pub diagnostic: &'a Diagnostic,
    /// The field's key, when it is on one.
    pub field: Option<String>,
    /// The body's own line (1 is its first), for problems in the body.
    pub body_line: Option<usize>,
}

/// A problem's message as the form shows it (with its hint).
pub(crate) fn message(placed: &Placed) -> String {
    let mut text = placed.diagnostic.message.clone();
    if let Some(line) = placed.body_line {
        text = format!("Line {line} of the page text: {text}");
    }
    if let Some(hint) = &placed.diagnostic.hint {
        text = format!("{text} ({hint})");
    }
    text
}

/// The GOV.UK error summary: every error, linked to its field.
pub(crate) fn error_summary(placed: &[Placed], labels: Labels) -> String {
    let errors: Vec<&Placed> = placed.iter().filter(|p| p.diagnostic.is_error()).collect();
    if errors.is_empty() {
        return String::new();
    }
    let mut html = String::from("<div class=\"error-summary\" id=\"problems\" role=\"alert\" tabindex=\"-1\"><h2 class=\"error-summary__title\">There is a problem</h2><ul class=\"error-summary__list\">");
    for placed in errors {
        html.push_str(&summary_item(placed, labels));
    }
    html.push_str("</ul></div>\n");
    html
}

/// The warnings, linked to their fields; `what` names the thing edited
/// ("page", "service").
pub(crate) fn things_to_check(placed: &[Placed], labels: Labels, what: &str) -> String {
    let warnings: Vec<&Placed> = placed.iter().filter(|p| !p.diagnostic.is_error()).collect();
    if warnings.is_empty() {
        return String::new();
    }
    let mut html = format!(
        "<div class=\"check-summary\" id=\"warnings\"><h2>{} {} to check</h2><p>The {what} can be published, but these may make it harder to read or use.</p><ul class=\"list\">",
        warnings.len(),
        plural(warnings.len(), "thing", "things")
    );
    for placed in warnings {
        html.push_str(&summary_item(placed, labels));
    }
    html.push_str("</ul></div>\n");
    html
}

fn summary_item(placed: &Placed, labels: Labels) -> String {
    match &placed.field {
        Some(field) => format!(
            "<li><a href=\"#field-{field}\">{}: {}</a></li>",
            label_of(labels, field),
            escape_html(&message(placed))
        ),
        None => format!(
            "<li><code>{}</code> {}</li>",
            escape_html(&placed.diagnostic.location()),
            escape_html(&message(placed))
        ),
    }
}

/// What a form shows above its fields, in the `#results` block the live
/// check replaces: the notice, the error summary, the difference after an
/// outside change (reloading `href`), and the things to check; then the
/// live check's status line.
pub(crate) fn results(
    placed: &[Placed],
    labels: Labels,
    notice: Option<&str>,
    conflict: Option<&str>,
    href: &str,
    what: &str,
) -> String {
    let mut html = String::from("<div id=\"results\">");
    if let Some(notice) = notice {
        let _ = writeln!(
            html,
            "<div class=\"notice\" role=\"status\"><p>{}</p></div>",
            escape_html(notice)
        );
    }
    html.push_str(&error_summary(placed, labels));
    if let Some(diff) = conflict {
        html.push_str(&super::page::conflict(diff, href));
    }
    html.push_str(&things_to_check(placed, labels, what));
    html.push_str("</div><p class=\"visually-hidden\" role=\"status\" id=\"live-status\"></p>\n");
    html
}

/// The label of a field (the form's own word when it has none).
pub(crate) fn label_of(labels: Labels, key: &str) -> &'static str {
    labels
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("This", |(_, label)| *label)
}

/// Renders fields with their problems.
pub(crate) struct Fields<'a> {
    /// The problems, placed.
    pub placed: &'a [Placed<'a>],
    /// The form's labels.
    pub labels: Labels,
}

impl Fields<'_> {
    /// The field's class and its inline error messages.
    pub(crate) fn errors(&self, key: &str) -> (&'static str, String) {
        let messages: Vec<String> = self.error_messages(key).collect();
        field_errors(key, messages.iter().map(String::as_str))
    }

    /// The messages of the errors placed on `key`.
    pub(crate) fn error_messages<'k>(&'k self, key: &'k str) -> impl Iterator<Item = String> + 'k {
        self.placed
            .iter()
            .filter(move |p| p.field.as_deref() == Some(key) && p.diagnostic.is_error())
            .map(message)
    }

    /// The field's wrapper, label or legend, hint and inline errors;
    /// `control` is the input itself.
    pub(crate) fn wrap(&self, key: &str, hint: &str, control: &str, grouped: bool) -> String {
        let (class, errors) = self.errors(key);
        let label = label_of(self.labels, key);
        let hint = format!(
            "<div class=\"hint\" id=\"field-{key}-hint\">{}</div>",
            escape_html(hint)
        );
        if grouped {
            format!("<div class=\"{class}\"><fieldset class=\"fieldset\" id=\"field-{key}\" tabindex=\"-1\" aria-describedby=\"field-{key}-hint\"><legend class=\"label\">{label}</legend>{hint}{errors}{control}</fieldset></div>")
        } else {
            format!("<div class=\"{class}\"><label class=\"label\" for=\"field-{key}\">{label}</label>{hint}{errors}{control}</div>")
        }
    }

    /// What the field's control is described by.
    pub(crate) fn described_by(&self, key: &str) -> String {
        described_by(key, self.error_messages(key).next().is_some())
    }

    /// A one-line text input.
    pub(crate) fn text(&self, key: &str, hint: &str, value: &str) -> String {
        self.input(key, hint, value, "text")
    }

    /// A date input.
    pub(crate) fn date(&self, key: &str, hint: &str, value: &str) -> String {
        self.input(key, hint, value, "date")
    }

    /// An input of `kind`.
    pub(crate) fn input(&self, key: &str, hint: &str, value: &str, kind: &str) -> String {
        let class = if kind == "date" {
            "input input--date"
        } else {
            "input"
        };
        let control = format!(
            "<input class=\"{class}\" id=\"field-{key}\" name=\"{key}\" type=\"{kind}\" value=\"{}\" aria-describedby=\"{}\">",
            escape_html(value),
            self.described_by(key)
        );
        self.wrap(key, hint, &control, false)
    }

    /// A text area of `rows` lines.
    pub(crate) fn textarea(&self, key: &str, hint: &str, value: &str, rows: usize) -> String {
        // A newline right after <textarea> is dropped by HTML parsers: one
        // is written so a value that starts with a newline keeps it.
        let control = format!(
            "<textarea class=\"textarea\" id=\"field-{key}\" name=\"{key}\" rows=\"{rows}\" aria-describedby=\"{}\" spellcheck=\"true\">\n{}</textarea>",
            self.described_by(key),
            escape_html(value)
        );
        self.wrap(key, hint, &control, false)
    }

    /// One checkbox, labelled with the field's label.
    pub(crate) fn checkbox(&self, key: &str, hint: &str, checked: bool) -> String {
        let control = format!(
            "<div class=\"checkboxes\"><div class=\"checkbox\"><input id=\"field-{key}\" name=\"{key}\" type=\"checkbox\" value=\"true\"{} aria-describedby=\"{}\"><label for=\"field-{key}\">{}</label></div></div>",
            if checked { " checked" } else { "" },
            self.described_by(key),
            label_of(self.labels, key)
        );
        let (class, errors) = self.errors(key);
        format!(
            "<div class=\"{class}\"><div class=\"hint\" id=\"field-{key}-hint\">{}</div>{errors}{control}</div>",
            escape_html(hint)
        )
    }

    /// A group of checkboxes: `options` are value, label and a hint.
    pub(crate) fn checkboxes(
        &self,
        key: &str,
        hint: &str,
        options: &[(String, String, String)],
        chosen: &[String],
    ) -> String {
        let mut control = String::from("<div class=\"checkboxes\">");
        for (index, (value, label, summary)) in options.iter().enumerate() {
            let id = format!("field-{key}-{index}");
            let checked = if chosen.contains(value) {
                " checked"
            } else {
                ""
            };
            let _ = write!(
                control,
                "<div class=\"checkbox\"><input id=\"{id}\" name=\"{key}\" type=\"checkbox\" value=\"{}\"{checked}><label for=\"{id}\">{}{}</label></div>",
                escape_html(value),
                escape_html(label),
                if summary.is_empty() { String::new() } else { format!(" <span class=\"hint hint--inline\">{}</span>", escape_html(summary)) }
            );
        }
        // Values the site does not list (a typo in the file) stay visible.
        let unknown = chosen
            .iter()
            .filter(|value| !options.iter().any(|(known, _, _)| known == *value));
        for (index, value) in unknown.enumerate() {
            let _ = write!(
                control,
                "<div class=\"checkbox\"><input id=\"field-{key}-unknown-{index}\" name=\"{key}\" type=\"checkbox\" value=\"{0}\" checked><label for=\"field-{key}-unknown-{index}\">{0} (not known to the site)</label></div>",
                escape_html(value)
            );
        }
        control.push_str("</div>");
        self.wrap(key, hint, &control, true)
    }

    /// A group of radios: `options` are value and label.
    pub(crate) fn radios(
        &self,
        key: &str,
        hint: &str,
        options: &[(&str, &str)],
        chosen: &str,
    ) -> String {
        let mut control = String::from("<div class=\"checkboxes\">");
        for (index, (value, label)) in options.iter().enumerate() {
            let id = format!("field-{key}-{index}");
            let checked = if *value == chosen { " checked" } else { "" };
            let _ = write!(
                control,
                "<div class=\"checkbox\"><input id=\"{id}\" name=\"{key}\" type=\"radio\" value=\"{}\"{checked}><label for=\"{id}\">{}</label></div>",
                escape_html(value),
                escape_html(label)
            );
        }
        control.push_str("</div>");
        self.wrap(key, hint, &control, true)
    }
}
