//! The page form screen: an error summary linking to inline messages on
//! the fields (or the body's line), the things to check, the fields the
//! page model has (a translation's form only those a translation sets),
//! the page's preview at desktop and mobile widths (the saved page, until
//! the live check brings the unsaved one), and, after an
//! outside change, the difference and the choice to reload or overwrite.

use std::fmt::Write;

use crate::base::diagnostic::Diagnostic;
use crate::base::escape::escape_html;
use crate::edit::council::Review;
use crate::edit::form::PageForm;
use crate::edit::front_matter::PageText;
use crate::edit::{Entry, Snapshot};
use crate::load::config::R;

use super::fields::{results, Fields, Labels, Placed};
use super::{layout, page_href, BASE};

/// What the page screen shows besides the form.
#[derive(Default)]
pub struct State<'a> {
    /// The problems to show (from a check or a refused save).
    pub diagnostics: Vec<Diagnostic>,
    /// A success message (after a save).
    pub notice: Option<String>,
    /// The difference from the file on disk, after an outside change.
    pub conflict: Option<&'a str>,
    /// The fingerprint of the file's text the form was made from.
    pub opened: String,
    /// The session's token, sent back with the form.
    pub token: &'a str,
    /// For a translation: its original's form, shown beside it to
    /// translate from.
    pub original: Option<PageForm>,
    /// For a council's override: where it stands against the national page.
    pub review: Option<Review>,
}

/// What the live check's answer puts on the page form.
pub struct LiveForm {
    /// The results block (notice, error summary, things to check).
    pub results: String,
    /// Each field's inline error messages, by key, as the form shows them
    /// above its control, so the fields agree with the error summary.
    pub inline: Vec<(&'static str, String)>,
}

/// The live check's answer for the form: `diagnostics` placed once on the
/// fields of `text` (the page's text with the form's values).
pub fn live_form(
    entry: &Entry,
    text: &PageText,
    diagnostics: &[Diagnostic],
    notice: Option<&str>,
) -> LiveForm {
    let placed = place(diagnostics, entry, text);
    let fields = Fields {
        placed: &placed,
        labels: FIELDS,
    };
    let inline = FIELDS
        .iter()
        .map(|(key, _)| (*key, fields.errors(key).1))
        .filter(|(_, html)| !html.is_empty())
        .collect();
    LiveForm {
        results: results(&placed, FIELDS, notice, None, &page_href(&entry.id), "page"),
        inline,
    }
}

/// The form for `entry`, holding `form`'s values; `text` is the page's
/// text with them (to place each problem on its field).
pub fn page_screen(
    snapshot: &Snapshot,
    entry: &Entry,
    form: &PageForm,
    text: &PageText,
    state: &State,
    preview_url: &str,
) -> String {
    let mut main = format!(
        "<a class=\"back\" href=\"{BASE}\">Back to your site</a>\n<span class=\"caption\">{}</span>\n<h1>{}</h1>\n",
        escape_html(&crate::load::layers::slash_path(&entry.page.source)),
        escape_html(&entry.page.title)
    );
    if entry.translation {
        let original = snapshot
            .pages
            .iter()
            .find(|other| !other.translation && other.page.rel == entry.page.rel);
        if let Some(original) = original {
            let _ = writeln!(
                main,
                "<p>This is a translation. The Rs, audiences and help services come from the original: <a href=\"{}\">{}</a>.</p>",
                page_href(&original.id),
                escape_html(&original.page.title)
            );
        }
    }
    let placed = place(&state.diagnostics, entry, text);
    main.push_str(&results(
        &placed,
        FIELDS,
        state.notice.as_deref(),
        state.conflict,
        &page_href(&entry.id),
        "page",
    ));
    main.push_str("<div class=\"columns\"><div class=\"columns__form\">");
    if let Some(review) = &state.review {
        main.push_str(&review_html(review, &page_href(&entry.id), state.token));
    }
    if entry.editable {
        main.push_str(&form_html(snapshot, entry, form, state, &placed));
    } else {
        main.push_str("<div class=\"warning\"><strong><span class=\"visually-hidden\">Warning: </span>This page comes from the national campaign. You can read it here; your site shows it as the national team wrote it.</strong></div>");
        if !entry.translation {
            let _ = write!(
                main,
                "<form method=\"post\" action=\"{}/override\"><input type=\"hidden\" name=\"token\" value=\"{}\"><p>To change it for your site, make your own copy of it. Your site then shows your copy instead, and the editor tells you when the national team changes theirs.</p><button class=\"button\" type=\"submit\">Override this page</button></form>",
                page_href(&entry.id),
                escape_html(state.token)
            );
        }
        let _ = write!(
            main,
            "<h2>Page text</h2><pre class=\"readonly\">{}</pre>",
            escape_html(&form.body)
        );
    }
    if entry.editable && !entry.translation {
        main.push_str(&translations(snapshot, entry, state.token));
    }
    main.push_str("</div>");
    match &state.original {
        Some(original) => {
            let code = snapshot
                .config
                .as_ref()
                .map_or("en", |config| config.language.as_str());
            main.push_str(&original_panel(original, code));
            main.push_str("</div>\n");
            main.push_str(&preview(preview_url, &entry.page.title));
        }
        None => {
            main.push_str(&preview(preview_url, &entry.page.title));
            main.push_str("</div>\n");
        }
    }
    layout(&entry.page.title, &main)
}

/// The field of `entry`'s form that a diagnostic is about, when it is
/// about this page: the key whose lines hold it, or the key its message
/// names. `text` is the page's text.
pub fn field_of(diagnostic: &Diagnostic, entry: &Entry, text: &PageText) -> Option<String> {
    (diagnostic.path == entry.page.source)
        .then(|| {
            text.field_at(diagnostic.line)
                .or_else(|| named_key(diagnostic))
        })
        .flatten()
}

fn place<'a>(diagnostics: &'a [Diagnostic], entry: &Entry, text: &PageText) -> Vec<Placed<'a>> {
    diagnostics
        .iter()
        .map(|diagnostic| {
            let field = field_of(diagnostic, entry, text);
            let body_line =
                (field.as_deref() == Some("body")).then(|| diagnostic.line + 1 - text.body_line());
            Placed {
                diagnostic,
                field,
                body_line,
            }
        })
        .collect()
}

/// The key a message names in quotes (`missing required key "title"`).
fn named_key(diagnostic: &Diagnostic) -> Option<String> {
    FIELDS
        .iter()
        .find(|(key, _)| diagnostic.message.contains(&format!("\"{key}\"")))
        .map(|(key, _)| key.to_string())
}

/// Every field and its label, in the form's order.
const FIELDS: Labels = &[
    ("title", "Title"),
    ("description", "Summary"),
    ("rs", "The three Rs"),
    ("audiences", "Who it is for"),
    ("signposts", "Help services to feature"),
    ("body", "Page text"),
    ("date", "Published on"),
    ("updated", "Last updated on"),
    ("review_by", "Review by"),
    ("weight", "Order in lists"),
    ("slug", "Web address"),
    ("standalone", "Standalone"),
    ("draft", "Draft"),
    ("image", "Sharing image"),
    ("image_alt", "Sharing image description"),
];

/// The page in each of the site's other languages: a link to its
/// translation, or a button that starts one from this page.
fn translations(snapshot: &Snapshot, entry: &Entry, token: &str) -> String {
    let Some(config) = &snapshot.config else {
        return String::new();
    };
    let mut html = String::new();
    for language in config.languages.iter().skip(1) {
        let name = escape_html(&super::language_name(&language.code));
        let translated = snapshot.pages.iter().find(|other| {
            other.translation && other.language == language.code && other.page.rel == entry.page.rel
        });
        match translated {
            Some(translation) => {
                let _ = write!(
                    html,
                    "<p><a href=\"{}\">Open the {name} translation: {}</a></p>",
                    page_href(&translation.id),
                    escape_html(&translation.page.title)
                );
            }
            None => {
                let _ = write!(
                    html,
                    "<form method=\"post\" action=\"{}/translate\"><input type=\"hidden\" name=\"token\" value=\"{}\"><input type=\"hidden\" name=\"language\" value=\"{}\"><p>This page has no {name} translation yet.</p><button class=\"button button--secondary\" type=\"submit\">Start the {name} translation</button></form>",
                    page_href(&entry.id),
                    escape_html(token),
                    escape_html(&language.code)
                );
            }
        }
    }
    match html.is_empty() {
        true => html,
        false => format!("<h2>Other languages</h2>{html}"),
    }
}

/// An override's national change to review, and the button to accept it.
fn review_html(review: &Review, href: &str, token: &str) -> String {
    let Review::ToReview {
        accepted_before,
        version,
        diff,
        versus_yours,
    } = review
    else {
        return "<p class=\"hint\">This is your copy of a national page. The national version has not changed since you accepted it.</p>".to_string();
    };
    let heading = match (accepted_before, version) {
        (true, Some(version)) => format!(
            "The national campaign has changed this page since you accepted it ({}).",
            escape_html(version)
        ),
        (true, None) => {
            "The national campaign has changed this page since you accepted it.".to_string()
        }
        (false, _) => "You have not yet accepted the national version of this page.".to_string(),
    };
    let diff = match (diff, versus_yours) {
        (Some(diff), _) => format!("<p>The national change (lines marked - were theirs, + are theirs now):</p><pre class=\"diff\" tabindex=\"0\" aria-label=\"The national change\">{}</pre>", escape_html(diff)),
        (None, Some(diff)) => format!("<p>No earlier national text is recorded, so here is how your page differs from the national page now (lines marked - are yours, + are theirs):</p><pre class=\"diff\" tabindex=\"0\" aria-label=\"Your page and the national page\">{}</pre>", escape_html(diff)),
        (None, None) => "<p>No earlier national text is recorded to compare with: read the national page in full.</p>".to_string(),
    };
    format!(
        "<div class=\"warning\" id=\"national-change\"><strong><span class=\"visually-hidden\">Warning: </span>{heading}</strong></div>{diff}<form method=\"post\" action=\"{href}/accept\"><input type=\"hidden\" name=\"token\" value=\"{}\"><p>Accepting records that you have read the national version; your page stays as it is. Bring your page up to date first if it needs the change.</p><button class=\"button button--secondary\" type=\"submit\">Accept the national version</button></form>",
        escape_html(token)
    )
}

/// A translation's original, beside its form, to translate from.
fn original_panel(original: &PageForm, code: &str) -> String {
    format!(
        "<aside class=\"columns__preview original\" aria-labelledby=\"original-heading\" lang=\"{code}\"><h2 id=\"original-heading\">The {} original</h2><p class=\"hint\">To translate from. Change it on its own form.</p><h3 class=\"label\">Title</h3><p>{}</p><h3 class=\"label\">Summary</h3><p>{}</p><h3 class=\"label\">Page text</h3><pre class=\"readonly original__text\" tabindex=\"0\" aria-label=\"The English page text\">{}</pre></aside>",
        escape_html(&super::language_name(code)),
        escape_html(&original.title),
        escape_html(&original.description),
        escape_html(&original.body),
        code = escape_html(code),
    )
}

/// The difference after an outside change, and the choice it leaves.
pub(crate) fn conflict(diff: &str, reload: &str) -> String {
    format!(
        "<div class=\"warning\" id=\"conflict\"><strong><span class=\"visually-hidden\">Warning: </span>Someone or something changed this file since you opened it, so it was not saved.</strong></div>\n<p>The changes below go from the file as it is now to your version. Choose what to keep:</p>\n<ul class=\"list\"><li>press <strong>Save my version over it</strong> to replace the file with your version (the lines marked + win);</li><li>or <a href=\"{reload}\">reload the file as it is now</a> and lose your changes.</li></ul>\n<pre class=\"diff\" tabindex=\"0\" aria-label=\"Differences\">{}</pre>\n",
        escape_html(diff)
    )
}

/// The real page in the theme, at desktop and mobile widths.
pub(crate) fn preview(url: &str, title: &str) -> String {
    let url = escape_html(url);
    let title = escape_html(title);
    format!(
        "<aside class=\"columns__preview\" aria-labelledby=\"preview-heading\"><h2 id=\"preview-heading\">Preview of the saved page</h2><p class=\"hint\" id=\"preview-hint\">It updates each time you save. <a href=\"{url}\" target=\"_blank\">Open it in a new tab</a>.</p><div class=\"previews\"><div class=\"preview-figure--desktop\"><p class=\"preview-box__label\">On a computer</p><div class=\"preview-box preview-box--desktop\"><iframe class=\"preview preview--desktop\" src=\"{url}\" title=\"{title}, as it looks on a computer\"></iframe></div></div><div><p class=\"preview-box__label\">On a phone</p><div class=\"preview-box preview-box--mobile\"><iframe class=\"preview preview--mobile\" src=\"{url}\" title=\"{title}, as it looks on a phone\"></iframe></div></div></div></aside>"
    )
}

/// The form's fields, each with its label, hint and inline errors.
fn form_html(
    snapshot: &Snapshot,
    entry: &Entry,
    form: &PageForm,
    state: &State,
    placed: &[Placed],
) -> String {
    let fields = Fields {
        placed,
        labels: FIELDS,
    };
    let mut html = format!(
        "<form method=\"post\" action=\"{0}\" novalidate data-live-check data-live=\"{0}/live\"><input type=\"hidden\" name=\"token\" value=\"{1}\"><input type=\"hidden\" name=\"opened\" value=\"{2}\">",
        page_href(&entry.id),
        escape_html(state.token),
        escape_html(&state.opened)
    );
    html.push_str(&fields.text(
        "title",
        "The page's heading, and its name in lists and search results.",
        &form.title,
    ));
    let count = form.description.chars().count();
    html.push_str(&fields.textarea(
        "description",
        &format!("One or two sentences, shown under the title in lists, in search engines and on the card when the page is shared. Aim for under 160 characters: it has {count}."),
        &form.description,
        3,
    ));
    if !entry.translation {
        if let Some(config) = &snapshot.config {
            let rs: Vec<(String, String, String)> = R::ALL
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    (
                        r.key().to_string(),
                        config.rs[i].title.clone(),
                        config.rs[i].summary.clone(),
                    )
                })
                .collect();
            html.push_str(&fields.checkboxes(
                "rs",
                "Tick each the page is about. The first ticked is where it is listed first.",
                &rs,
                &form.rs,
            ));
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
        let services: Vec<(String, String, String)> = snapshot
            .services
            .iter()
            .map(|(id, name)| (id.clone(), name.clone(), String::new()))
            .collect();
        html.push_str(&fields.checkboxes(
            "signposts",
            "Shown as cards beside the page, with their phone numbers and opening hours.",
            &services,
            &form.signposts,
        ));
    }
    html.push_str(&super::toolbar::body_tools(snapshot, entry));
    html.push_str(&fields.textarea(
        "body",
        "Written in Markdown: start a line with ## for a heading or - for a list item; write [the words](other-page.md) for a link.",
        &form.body,
        24,
    ));
    let _ = write!(
        html,
        "<p><a href=\"{}/upload\">Add a picture or document</a> <span class=\"hint hint--inline\">Save your changes first: it opens on its own screen.</span></p>",
        page_href(&entry.id)
    );
    html.push_str("<details class=\"details\"><summary>Dates, order and web address</summary>");
    if !entry.translation {
        html.push_str(&fields.date("date", "When it was first published.", &form.date));
        html.push_str(&fields.date("updated", "When its content last changed.", &form.updated));
        html.push_str(&fields.date(
            "review_by",
            "The site's checks remind you once this date has passed.",
            &form.review_by,
        ));
        html.push_str(&fields.text(
            "weight",
            "A whole number: pages with a lower number come first in lists.",
            &form.weight,
        ));
    }
    html.push_str(&fields.text(
        "slug",
        "The last part of its web address. Leave it empty to use the file's name.",
        &form.slug,
    ));
    if !entry.translation {
        html.push_str(&fields.checkbox(
            "standalone",
            "Published, but not listed under any of the three Rs (for example a privacy notice).",
            form.standalone,
        ));
        html.push_str(&fields.text("image", "A picture to show when the page is shared, from the site's content folder. Leave it empty for a card made from the title.", &form.image));
        html.push_str(&fields.text("image_alt", "What the sharing picture shows, for people who cannot see it. Needed when there is a picture.", &form.image_alt));
    }
    html.push_str("</details>");
    html.push_str(&fields.checkbox("draft", "A draft is shown here but left out when the site is published. A page with problems can be saved only as a draft.", form.draft));
    html.push_str("<div class=\"button-group\"><button class=\"button\" type=\"submit\" name=\"action\" value=\"save\">");
    html.push_str(if state.conflict.is_some() {
        "Save my version over it"
    } else {
        "Save"
    });
    html.push_str("</button><button class=\"button button--secondary\" type=\"submit\" name=\"action\" value=\"check\">Check without saving</button>");
    let _ = write!(
        html,
        "<button class=\"button button--secondary\" type=\"submit\" formaction=\"{}/preview\" formtarget=\"_blank\">Preview my changes<span class=\"visually-hidden\"> (opens in a new tab)</span></button>",
        page_href(&entry.id)
    );
    html.push_str("</div></form>");
    html
}
