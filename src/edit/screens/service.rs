//! A help service's form: an error summary linking to inline messages on
//! its fields, every field of the signpost shape (ways to reach it, other
//! labelled numbers, opening hours, translations), "checked today" with a
//! confirmation for each number and address, and the site's help page in
//! the theme beside it. A national service on a council copy is shown,
//! never changed.

use std::fmt::Write;

use crate::base::diagnostic::Diagnostic;
use crate::base::escape::escape_html;
use crate::edit::front_matter::PageText;
use crate::edit::list_item::ListItem;
use crate::edit::service::{ServiceEntry, ServiceForm, CHANNEL_KEYS};
use crate::edit::Snapshot;

use super::fields::{results, Fields, Labels, Placed};
use super::page::preview;
use super::{language_name, layout, BASE};

/// The address of a service's form.
pub fn service_href(id: &str) -> String {
    format!("{BASE}service/{id}")
}

/// What the service screen shows besides the form.
#[derive(Default)]
pub struct State<'a> {
    /// The build's problems (from a check or a refused save).
    pub diagnostics: Vec<Diagnostic>,
    /// The editor's own refusals, each on the field it names (a drama
    /// number, a number not confirmed as checked).
    pub own: Vec<(String, Diagnostic)>,
    /// A success message (after a save).
    pub notice: Option<String>,
    /// The difference from the file on disk, after an outside change.
    pub conflict: Option<&'a str>,
    /// The fingerprint of the file's text the form was made from.
    pub opened: String,
    /// The session's token, sent back with the form.
    pub token: &'a str,
    /// The fields ticked as checked today.
    pub confirmed: Vec<String>,
}

/// Every field of the service form and its label.
const FIELDS: Labels = &[
    ("name", "Name"),
    ("description", "What it does"),
    ("priority", "How urgent"),
    ("area", "Where it works"),
    ("covers", "Area covered"),
    ("audiences", "Who it is for"),
    ("phone", "Phone"),
    ("text", "Text message (SMS)"),
    ("textphone", "Textphone or Relay UK"),
    ("email", "Email"),
    ("web", "Website"),
    ("webchat", "Web chat"),
    ("form", "Online form"),
    ("phones", "Other phone numbers"),
    ("hours", "Opening hours"),
    ("free", "Free to use"),
    ("confidential", "Confidential"),
    ("anonymous", "People can use it without giving their name"),
    ("minimum_age", "Youngest age it helps"),
    ("maximum_age", "Oldest age it helps"),
    ("weight", "Order in lists"),
    ("verified", "Last checked with the service"),
    ("translations", "Other languages"),
    ("confirm", "Checked today"),
];

/// The form for `entry`, holding `form`'s values; `item` is the service's
/// item as edited (to place each problem on its field).
pub fn service_screen(
    snapshot: &Snapshot,
    entry: &ServiceEntry,
    form: &ServiceForm,
    item: &ListItem,
    state: &State,
    preview_url: &str,
) -> String {
    let heading = if form.text("name").is_empty() {
        entry.service_id.as_str()
    } else {
        form.text("name")
    };
    let mut main = format!(
        "<a class=\"back\" href=\"{BASE}\">Back to your site</a>\n<span class=\"caption\">Help service <code>{}</code> in {}</span>\n<h1>{}</h1>\n",
        escape_html(&entry.service_id),
        escape_html(&crate::load::layers::slash_path(&entry.source)),
        escape_html(heading)
    );
    let placed = place(&state.diagnostics, &state.own, entry, form, item);
    main.push_str(&results(
        &placed,
        FIELDS,
        state.notice.as_deref(),
        state.conflict,
        &service_href(&entry.id),
        "service",
    ));
    main.push_str("<div class=\"columns\"><div class=\"columns__form\">");
    if entry.editable {
        main.push_str(&form_html(snapshot, entry, form, state, &placed));
    } else {
        main.push_str("<div class=\"warning\"><strong><span class=\"visually-hidden\">Warning: </span>This service comes from the national campaign. You can read it here; to show your own instead, add a service with the same id to your site's help directory.</strong></div>");
        let _ = write!(
            main,
            "<h2>As the national directory has it</h2><pre class=\"readonly\">{}</pre>",
            escape_html(&item.mapping())
        );
    }
    main.push_str("</div>");
    main.push_str(&preview(preview_url, "Get help"));
    main.push_str("</div>\n");
    layout(heading, &main)
}

/// Each problem on its field: the build's by the line it is at (a problem
/// at the service's first line by the number or key it names), the
/// editor's own where they say.
fn place<'a>(
    diagnostics: &'a [Diagnostic],
    own: &'a [(String, Diagnostic)],
    entry: &ServiceEntry,
    form: &ServiceForm,
    item: &ListItem,
) -> Vec<Placed<'a>> {
    let mapping = PageText::mapping(&item.mapping());
    let build = diagnostics.iter().map(|diagnostic| Placed {
        field: field_in(diagnostic, entry, form, item, &mapping),
        diagnostic,
        body_line: None,
    });
    let own = own.iter().map(|(field, diagnostic)| Placed {
        field: Some(field.clone()),
        diagnostic,
        body_line: None,
    });
    own.chain(build).collect()
}

/// The field of `entry`'s form that a diagnostic of the build is about,
/// when it is inside the service's item: the key whose lines hold it, or
/// the number or key its message names.
pub fn field_of(
    diagnostic: &Diagnostic,
    entry: &ServiceEntry,
    form: &ServiceForm,
    item: &ListItem,
) -> Option<String> {
    field_in(
        diagnostic,
        entry,
        form,
        item,
        &PageText::mapping(&item.mapping()),
    )
}

/// [`field_of`] with the item's mapping already parsed.
fn field_in(
    diagnostic: &Diagnostic,
    entry: &ServiceEntry,
    form: &ServiceForm,
    item: &ListItem,
    mapping: &PageText,
) -> Option<String> {
    if diagnostic.path != entry.source {
        return None;
    }
    let line = item.mapping_line(diagnostic.line)?;
    let key = mapping.key_at(line)?;
    if FIELDS.iter().any(|(known, _)| *known == key) {
        return Some(key);
    }
    named_field(diagnostic, form)
}

/// The field a message names: a number or address on the form, or a key
/// in quotes (`this service has no "name"`).
fn named_field(diagnostic: &Diagnostic, form: &ServiceForm) -> Option<String> {
    let by_value = form
        .channels()
        .into_iter()
        .find(|(_, value)| diagnostic.message.contains(value.as_str()))
        .map(|(key, _)| match key.starts_with("phones-") {
            true => "phones".to_string(),
            false => key,
        });
    by_value.or_else(|| {
        FIELDS
            .iter()
            .find(|(key, _)| diagnostic.message.contains(&format!("\"{key}\"")))
            .map(|(key, _)| key.to_string())
    })
}

/// The form's fields, each with its label, hint and inline errors.
fn form_html(
    snapshot: &Snapshot,
    entry: &ServiceEntry,
    form: &ServiceForm,
    state: &State,
    placed: &[Placed],
) -> String {
    let fields = Fields {
        placed,
        labels: FIELDS,
    };
    let mut html = format!(
        "<form method=\"post\" action=\"{0}\" novalidate data-live-check data-preview=\"{0}/preview\"><input type=\"hidden\" name=\"token\" value=\"{1}\"><input type=\"hidden\" name=\"opened\" value=\"{2}\">",
        service_href(&entry.id),
        escape_html(state.token),
        escape_html(&state.opened)
    );
    html.push_str(&fields.text("name", "As the service calls itself.", form.text("name")));
    html.push_str(&fields.textarea(
        "description",
        "One or two sentences: who it helps and with what. Shown on its card.",
        form.text("description"),
        3,
    ));
    html.push_str(&fields.radios(
        "priority",
        "Emergency services are always shown first, then urgent ones.",
        &[
            ("emergency", "Emergency (like 999)"),
            ("urgent", "Urgent: call today"),
            ("support", "Advice and support"),
        ],
        form.text("priority"),
    ));
    html.push_str(&fields.radios(
        "area",
        "Local services come before national ones.",
        &[
            ("local", "Local: your area only"),
            ("national", "National: the whole country"),
        ],
        form.text("area"),
    ));
    html.push_str(&fields.text(
        "covers",
        "Where it works, in words, when that is not obvious: \"Thames Valley\", \"Buckinghamshire\". Leave it empty for national services.",
        form.text("covers"),
    ));
    if let Some(config) = &snapshot.config {
        let audiences: Vec<(String, String, String)> = config
            .audiences
            .iter()
            .map(|a| (a.key.clone(), a.label.clone(), String::new()))
            .collect();
        html.push_str(&fields.checkboxes(
            "audiences",
            "Leave them all clear if it is for everyone.",
            &audiences,
            &form.audiences,
        ));
    }
    html.push_str("<h2>How to reach it</h2>");
    html.push_str(&fields.text(
        "phone",
        "A UK number, written the way people dial it, for example 0808 800 5000.",
        form.text("phone"),
    ));
    html.push_str(&fields.text("text", "A number people can text.", form.text("text")));
    html.push_str(&fields.text(
        "textphone",
        "For example 18001 followed by the phone number.",
        form.text("textphone"),
    ));
    html.push_str(&fields.text(
        "email",
        "An email address the service reads.",
        form.text("email"),
    ));
    html.push_str(&fields.text("web", "Its website, starting https://.", form.text("web")));
    html.push_str(&fields.text(
        "webchat",
        "The page where its web chat starts, starting https://.",
        form.text("webchat"),
    ));
    html.push_str(&fields.text(
        "form",
        "An online form for reporting or asking for help, starting https://.",
        form.text("form"),
    ));
    html.push_str(&phones_html(&fields, form));
    html.push_str(&fields.textarea(
        "hours",
        "When people can reach it, in words: \"Monday to Friday, 9am to 5pm\".",
        form.text("hours"),
        2,
    ));
    html.push_str("<h2>Who can use it</h2>");
    for (key, hint) in [
        ("free", "Calls and messages cost nothing."),
        (
            "confidential",
            "What people say stays private, unless someone is in danger.",
        ),
        (
            "anonymous",
            "People can get help without saying who they are.",
        ),
    ] {
        html.push_str(&fields.checkbox(key, hint, form.flags.contains(&key)));
    }
    html.push_str("<details class=\"details\"><summary>Ages, order and last check</summary>");
    html.push_str(&fields.text(
        "minimum_age",
        "A whole number. Leave it empty if there is none.",
        form.text("minimum_age"),
    ));
    html.push_str(&fields.text(
        "maximum_age",
        "A whole number. Leave it empty if there is none.",
        form.text("maximum_age"),
    ));
    html.push_str(&fields.text(
        "weight",
        "A whole number: services with a lower number come first among those as urgent.",
        form.text("weight"),
    ));
    html.push_str(&fields.date("verified", "The day someone last checked the details with the service. Use \"Checked today\" below once you have.", form.text("verified")));
    html.push_str("</details>");
    html.push_str(&translations_html(&fields, form));
    html.push_str(&confirm_html(&fields, form, &state.confirmed));
    html.push_str("<div class=\"button-group\"><button class=\"button\" type=\"submit\" name=\"action\" value=\"save\">");
    html.push_str(if state.conflict.is_some() {
        "Save my version over it"
    } else {
        "Save"
    });
    html.push_str("</button><button class=\"button button--secondary\" type=\"submit\" name=\"action\" value=\"verify\">Save and mark as checked today</button><button class=\"button button--secondary\" type=\"submit\" name=\"action\" value=\"check\">Check without saving</button></div></form>");
    let _ = write!(
        html,
        "<details class=\"details\"><summary>Remove this service</summary><div class=\"warning\"><strong><span class=\"visually-hidden\">Warning: </span>It goes from the help directory and from every page at once. A service that pages still feature cannot be removed until they no longer do.</strong></div><form method=\"post\" action=\"{}/remove\"><input type=\"hidden\" name=\"token\" value=\"{}\"><input type=\"hidden\" name=\"opened\" value=\"{}\"><button class=\"button button--warning\" type=\"submit\">Remove this service</button></form></details>",
        service_href(&entry.id),
        escape_html(state.token),
        escape_html(&state.opened)
    );
    html
}

/// The other numbers, each with what it is for, and one empty row to add
/// another.
fn phones_html(fields: &Fields, form: &ServiceForm) -> String {
    let mut rows = String::new();
    let count = form.phones.len() + 1;
    for index in 0..count {
        let phone = form.phones.get(index).cloned().unwrap_or_default();
        let number = index + 1;
        let _ = write!(
            rows,
            "<div class=\"phone-row\"><div><label class=\"label label--small\" for=\"field-phones-{index}-number\">Number {number}</label><input class=\"input\" id=\"field-phones-{index}-number\" name=\"phones-{index}-number\" type=\"tel\" value=\"{}\"></div><div><label class=\"label label--small\" for=\"field-phones-{index}-label\">What number {number} is for</label><input class=\"input\" id=\"field-phones-{index}-label\" name=\"phones-{index}-label\" type=\"text\" value=\"{}\"></div></div>",
            escape_html(&phone.number),
            escape_html(&phone.label)
        );
    }
    fields.wrap(
        "phones",
        "When a service has more than one number: say what each is for, like \"Out of hours\". Leave a row empty to remove it.",
        &rows,
        true,
    )
}

/// The name, description, hours and area covered in each of the site's
/// other languages.
fn translations_html(fields: &Fields, form: &ServiceForm) -> String {
    if form.translations.is_empty() {
        return String::new();
    }
    let mut groups = String::new();
    for (code, text) in &form.translations {
        let language = escape_html(&language_name(code));
        let code = escape_html(code);
        let _ = write!(groups, "<h3>In {language}</h3>");
        for (part, label, value, rows) in [
            ("name", "Name", &text.name, 1),
            ("description", "What it does", &text.description, 3),
            ("hours", "Opening hours", &text.hours, 2),
            ("covers", "Area covered", &text.covers, 1),
        ] {
            let id = format!("field-translations-{code}-{part}");
            let name = format!("translations-{code}-{part}");
            let control = match rows {
                1 => format!("<input class=\"input\" id=\"{id}\" name=\"{name}\" type=\"text\" lang=\"{code}\" value=\"{}\">", escape_html(value)),
                _ => format!("<textarea class=\"textarea\" id=\"{id}\" name=\"{name}\" rows=\"{rows}\" lang=\"{code}\">\n{}</textarea>", escape_html(value)),
            };
            let _ = write!(
                groups,
                "<div class=\"field\"><label class=\"label label--small\" for=\"{id}\">{label} in {language}</label>{control}</div>"
            );
        }
    }
    fields.wrap(
        "translations",
        "Leave a field empty to show the English text there.",
        &groups,
        true,
    )
}

/// A checkbox for each number and address on the form: "checked today"
/// sets the date only when each is ticked.
fn confirm_html(fields: &Fields, form: &ServiceForm, confirmed: &[String]) -> String {
    let channels = form.channels();
    if channels.is_empty() {
        return String::new();
    }
    let mut boxes = String::from("<div class=\"checkboxes\">");
    for (key, value) in channels {
        let kind = match CHANNEL_KEYS.contains(&key.as_str()) {
            true => FIELDS
                .iter()
                .find(|(k, _)| *k == key)
                .map_or("", |(_, label)| *label),
            false => "Phone",
        };
        let checked = if confirmed.contains(&key) {
            " checked"
        } else {
            ""
        };
        let _ = write!(
            boxes,
            "<div class=\"checkbox\"><input id=\"field-confirm-{key}\" name=\"confirm\" type=\"checkbox\" value=\"{key}\"{checked}><label for=\"field-confirm-{key}\">{kind}: {} reaches this service</label></div>",
            escape_html(&value)
        );
    }
    boxes.push_str("</div>");
    fields.wrap(
        "confirm",
        "Call each number, and open each address, then tick it. \"Save and mark as checked today\" sets today's date only when every one is ticked. A wrong number is a safeguarding risk.",
        &boxes,
        true,
    )
}
