//! The new-service screen: name, what it does, how urgent, local or
//! national, a way to reach it, and the confirmation that the details were
//! checked with the service today; problems from the form or from the
//! directory's own checks in the error summary and on their fields.

use std::fmt::Write;

use crate::base::escape::escape_html;
use crate::edit::create::FieldError;
use crate::edit::new_service::NewService;

use super::new::{group, problem_summary, text_field};
use super::{layout, BASE};

/// The address of the new-service form.
pub const NEW_SERVICE: &str = "/_beacon/edit/service/new";

/// The form, holding `service`'s values and `problems` on their fields.
pub fn new_service_screen(service: &NewService, problems: &[FieldError], token: &str) -> String {
    let mut main = format!(
        "<a class=\"back\" href=\"{BASE}\">Back to your site</a>\n<h1>Add a help service</h1>\n"
    );
    main.push_str(&problem_summary(problems));
    let _ = write!(
        main,
        "<p>Add what people need to reach it now; its form then has every other detail (more numbers, opening hours, Welsh).</p><form method=\"post\" action=\"{NEW_SERVICE}\" novalidate><input type=\"hidden\" name=\"token\" value=\"{}\">",
        escape_html(token)
    );
    main.push_str(&text_field(
        "name",
        "Name",
        "As the service calls itself. Its id in the directory is made from it.",
        &service.name,
        problems,
    ));
    main.push_str(&text_field(
        "description",
        "What it does",
        "One or two sentences: who it helps and with what.",
        &service.description,
        problems,
    ));
    main.push_str(&group(
        "priority",
        "How urgent",
        "Emergency services are always shown first, then urgent ones.",
        &radios(
            "priority",
            &[
                ("emergency", "Emergency (like 999)"),
                ("urgent", "Urgent: call today"),
                ("support", "Advice and support"),
            ],
            &service.priority,
        ),
        problems,
    ));
    main.push_str(&group(
        "area",
        "Where it works",
        "A local service goes in your local directory file, a national one in the national file.",
        &radios(
            "area",
            &[
                ("local", "Local: your area only"),
                ("national", "National: the whole country"),
            ],
            &service.area,
        ),
        problems,
    ));
    main.push_str(&text_field(
        "phone",
        "Phone",
        "A UK number, written the way people dial it.",
        &service.phone,
        problems,
    ));
    main.push_str(&text_field(
        "web",
        "Website",
        "Starting https://. A phone number or a website is needed.",
        &service.web,
        problems,
    ));
    let checked = if service.checked { " checked" } else { "" };
    let boxes = format!("<div class=\"checkbox\"><input id=\"field-checked-0\" name=\"checked\" type=\"checkbox\" value=\"true\"{checked}><label for=\"field-checked-0\">I have checked these details with the service today</label></div>");
    main.push_str(&group("checked", "Checked today", "Call the number or open the website and make sure it reaches this service. A wrong help number is a safeguarding risk.", &boxes, problems));
    main.push_str("<div class=\"button-group\"><button class=\"button\" type=\"submit\">Add the service</button></div></form>");
    layout("Add a help service", &main)
}

fn radios(key: &str, options: &[(&str, &str)], chosen: &str) -> String {
    let mut html = String::new();
    for (index, (value, label)) in options.iter().enumerate() {
        let checked = if *value == chosen { " checked" } else { "" };
        let _ = write!(
            html,
            "<div class=\"checkbox\"><input id=\"field-{key}-{index}\" name=\"{key}\" type=\"radio\" value=\"{value}\"{checked}><label for=\"field-{key}-{index}\">{}</label></div>",
            escape_html(label)
        );
    }
    html
}
