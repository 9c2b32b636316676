//! The upload screen: a picture (with what it shows, needed) or a
//! document (with its title and whether it was checked for
//! accessibility), for one page; after a save, the Markdown that puts it
//! on the page. A plain multipart form: it works without JavaScript.

use std::fmt::Write;

use crate::base::escape::escape_html;
use crate::edit::create::FieldError;
use crate::edit::upload::{Kind, Saved, Upload};
use crate::edit::Entry;
use crate::load::downloads::GUIDANCE;

use super::new::{group, inline_errors, problem_summary, text_field};
use super::{described_by, layout, page_href};

/// The file types the form offers (the browser's file chooser).
const ACCEPT: &str =
    ".png,.jpg,.jpeg,.gif,.webp,.pdf,.doc,.docx,.odt,.ods,.odp,.xls,.xlsx,.ppt,.pptx,.rtf,.epub";

/// The upload form for `entry`'s page, holding `upload`'s words and
/// `problems` on their fields, or what was `saved`.
pub fn upload_screen(
    entry: &Entry,
    upload: &Upload,
    problems: &[FieldError],
    saved: Option<&Saved>,
    token: &str,
) -> String {
    let href = page_href(&entry.id);
    let title = escape_html(&entry.page.title);
    let mut main = format!(
        "<a class=\"back\" href=\"{href}\">Back to {title}</a>\n<span class=\"caption\">{title}</span>\n<h1>Add a picture or document</h1>\n"
    );
    if let Some(saved) = saved {
        let what = match saved.kind {
            Kind::Image => "the picture",
            Kind::Document => "the link to the document",
        };
        let _ = write!(
            main,
            "<div class=\"notice\" role=\"status\"><p>Uploaded as {}.</p></div><p>To put {what} on the page, copy this into the page text where it should go:</p><pre class=\"readonly\" tabindex=\"0\" aria-label=\"Markdown to copy\">{}</pre><p><a href=\"{href}\">Back to {title}</a></p><h2>Add another</h2>",
            escape_html(&crate::load::layers::slash_path(&saved.source)),
            escape_html(&saved.markdown)
        );
    }
    main.push_str(&problem_summary(problems));
    let _ = write!(
        main,
        "<p>The file is saved beside the page, in the site's content folder, and published with the site.</p><form method=\"post\" action=\"{href}/upload\" enctype=\"multipart/form-data\" novalidate><input type=\"hidden\" name=\"token\" value=\"{}\">",
        escape_html(token)
    );
    let (class, errors) = inline_errors("file", problems);
    let again = match problems.is_empty() || upload.file_name.is_empty() {
        true => "",
        false => " Choose the file again: browsers do not keep it after a problem.",
    };
    let _ = write!(
        main,
        "<div class=\"{class}\"><label class=\"label\" for=\"field-file\">File</label><div class=\"hint\" id=\"field-file-hint\">A picture (PNG, JPEG, GIF or WebP) or a document (PDF, Word, OpenDocument, Excel, PowerPoint, RTF or EPUB), up to 10 MB.{again}</div>{errors}<input class=\"file-upload\" id=\"field-file\" name=\"file\" type=\"file\" accept=\"{ACCEPT}\" aria-describedby=\"{}\"></div>",
        described_by("file", !errors.is_empty())
    );
    main.push_str(&text_field(
        "alt",
        "What the picture shows",
        "Needed for a picture, for people who cannot see it: say what matters about it, like \"A poster with the NSPCC helpline number\".",
        &upload.alt,
        problems,
    ));
    main.push_str("<h2>For a document</h2>");
    main.push_str(&text_field(
        "title",
        "What to call the document",
        "The words of its link. Leave it empty to use the file's name.",
        &upload.title,
        problems,
    ));
    let checked = if upload.checked { " checked" } else { "" };
    let boxes = format!(
        "<div class=\"checkbox\"><input id=\"field-checked-0\" name=\"checked\" type=\"checkbox\" value=\"true\"{checked}><label for=\"field-checked-0\">I have checked this document against GOV.UK's guidance on publishing accessible documents</label></div>"
    );
    main.push_str(&group(
        "checked",
        "Accessibility",
        &format!("Public bodies must publish accessible documents: see <a href=\"{GUIDANCE}\">GOV.UK's guidance on publishing accessible documents</a>. Until a document is checked, the site's checks list it as one to check."),
        &boxes,
        problems,
    ));
    main.push_str("<div class=\"button-group\"><button class=\"button\" type=\"submit\">Upload</button></div></form>");
    layout("Add a picture or document", &main)
}
