//! The forms' live parts: a page's live check (a moment after typing
//! stops: the build's problems placed on the fields, and the unsaved page
//! for the preview frames, from one in-memory build of that page), the
//! preview of the unsaved page for a new tab (without JavaScript), and the
//! Get help page with a help service's unsaved form, beside it. All are
//! POSTs with the session's token; none writes anything.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{header, HeaderValue, Response, StatusCode};

use super::services::own_service;
use super::{
    blocking, header_text, html, no_such_page, not_this_session, read_form, read_page, refused,
    shown_on_form, Editor, NOTHING_FOUND,
};
use crate::edit::form::PageForm;
use crate::edit::front_matter::PageText;
use crate::edit::preview::{self, Live};
use crate::edit::screens::page::live_form;
use crate::edit::service::{self, ServiceForm};
use crate::edit::{Entry, Snapshot};

/// The origin the editor's page was loaded from, for the preview frames'
/// policy; the guard has already checked that the host is this server's.
fn origin(request: &Request) -> String {
    let host = header_text(request.headers(), header::HOST).unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// Runs `then` on the editable page `id` with the form `pairs` applied to
/// its file's text (unsaved); or the screen that says why it cannot.
fn with_edited<T>(
    editor: &Editor,
    id: &str,
    pairs: &[(String, String)],
    then: impl FnOnce(&Entry, &PageText) -> T,
) -> Result<T, Box<Response<Body>>> {
    let snapshot = Snapshot::read(&editor.options, false);
    let Some(entry) = snapshot.page(id).filter(|e| e.editable) else {
        return Err(Box::new(no_such_page()));
    };
    let on_disk = read_page(editor, entry)?;
    let edited = PageForm::from_post(pairs).apply(&on_disk, entry.translation);
    Ok(then(entry, &edited))
}

/// POST: the live check. Answers JSON: `results`, the form's results
/// block (error summary, things to check); `inline`, each field's inline
/// error messages by key; and `preview`, the unsaved page's HTML for the
/// frames, or null while the site has errors.
pub async fn live_post(
    State(editor): State<Arc<Editor>>,
    UrlPath(id): UrlPath<String>,
    request: Request,
) -> Response<Body> {
    let origin = origin(&request);
    let Some(pairs) = read_form(&editor, request).await else {
        return not_this_session();
    };
    blocking(move || {
        let answer = with_edited(&editor, &id, &pairs, |entry, edited| {
            let live = preview::live(&editor.options, &entry.page.source, edited.text());
            let shown = shown_on_form(live.diagnostics, entry);
            let nothing_here = !shown.iter().any(|d| d.path == entry.page.source);
            let form = live_form(entry, edited, &shown, nothing_here.then_some(NOTHING_FOUND));
            let inline: serde_json::Map<String, serde_json::Value> = form
                .inline
                .into_iter()
                .map(|(key, html)| (key.to_string(), html.into()))
                .collect();
            let preview = live.html.map(|page| preview::for_frame(&page, &origin));
            serde_json::json!({ "results": form.results, "inline": inline, "preview": preview })
        });
        match answer {
            Ok(value) => json(&value),
            Err(response) => *response,
        }
    })
    .await
}

/// POST: the page as its form has it now, unsaved, rendered by the theme
/// (a new tab, from "Preview my changes" without JavaScript).
pub async fn preview_post(
    State(editor): State<Arc<Editor>>,
    UrlPath(id): UrlPath<String>,
    request: Request,
) -> Response<Body> {
    let Some(pairs) = read_form(&editor, request).await else {
        return not_this_session();
    };
    blocking(move || {
        let live = with_edited(&editor, &id, &pairs, |entry, edited| {
            preview::live(&editor.options, &entry.page.source, edited.text())
        });
        match live {
            Ok(Live {
                html: Some(page), ..
            }) => html(StatusCode::OK, page),
            Ok(Live { diagnostics, .. }) => {
                let why = diagnostics
                    .iter()
                    .filter(|d| d.is_error())
                    .map(|d| d.message.clone())
                    .collect::<Vec<_>>()
                    .join("; ");
                refused(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "No preview yet",
                    &format!("The page can be previewed once these are fixed: {why}."),
                )
            }
            Err(response) => *response,
        }
    })
    .await
}

/// POST: the Get help page with a help service's form as it is now,
/// unsaved (the preview frames beside the service's form).
pub async fn service_preview_post(
    State(editor): State<Arc<Editor>>,
    UrlPath(id): UrlPath<String>,
    request: Request,
) -> Response<Body> {
    let origin = origin(&request);
    let Some(pairs) = read_form(&editor, request).await else {
        return not_this_session();
    };
    blocking(move || {
        let snapshot = Snapshot::read(&editor.options, false);
        let (entry, on_disk) = match own_service(&editor, &snapshot, &id) {
            Ok(found) => found,
            Err(response) => return *response,
        };
        let edited = service::edited_file(&on_disk, &ServiceForm::from_post(&pairs));
        match preview::get_help(&editor.options, &entry.source, &edited).html {
            Some(page) => html(StatusCode::OK, preview::for_frame(&page, &origin)),
            None => refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                "No preview yet",
                "The help page can be previewed once the problems above are fixed.",
            ),
        }
    })
    .await
}

/// A JSON answer that is never cached.
fn json(value: &serde_json::Value) -> Response<Body> {
    let mut response = Response::new(Body::from(value.to_string()));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
