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

use super::services::{no_such_service, read_service};
use super::{
    blocking, header_text, html, no_such_page, not_this_session, read_form, read_page, refused,
    shown_on_form, Editor, NOTHING_FOUND,
};
use crate::edit::form::PageForm;
use crate::edit::preview::{self, Live};
use crate::edit::screens::page::{live_inline_errors, live_results};
use crate::edit::service::{self, ServiceForm};
use crate::edit::Snapshot;

/// The origin the editor's page was loaded from, for the preview frames'
/// policy; the guard has already checked that the host is this server's.
fn origin(request: &Request) -> String {
    let host = header_text(request.headers(), header::HOST).unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// A page's live check: what the build says, the results block and each
/// field's inline errors.
struct Checked {
    live: Live,
    results: String,
    inline: Vec<(&'static str, String)>,
}

/// The live check of the form `pairs` for the editable page `id`; or the
/// screen that says why there is none.
fn check_form(
    editor: &Editor,
    id: &str,
    pairs: &[(String, String)],
) -> Result<Checked, Box<Response<Body>>> {
    let snapshot = Snapshot::read(&editor.options, false);
    let Some(entry) = snapshot.page(id).filter(|e| e.editable) else {
        return Err(Box::new(no_such_page()));
    };
    let on_disk = read_page(editor, entry)?;
    let edited = PageForm::from_post(pairs).apply(&on_disk, entry.translation);
    let live = preview::live(&editor.options, &entry.page.source, edited.text());
    let shown = shown_on_form(live.diagnostics.clone(), entry);
    let nothing_here = !shown.iter().any(|d| d.path == entry.page.source);
    let results = live_results(
        entry,
        &edited,
        &shown,
        nothing_here.then_some(NOTHING_FOUND),
    );
    let inline = live_inline_errors(entry, &edited, &shown);
    Ok(Checked {
        live,
        results,
        inline,
    })
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
    blocking(move || match check_form(&editor, &id, &pairs) {
        Ok(Checked {
            live,
            results,
            inline,
        }) => {
            let preview = live.html.map(|page| preview::for_frame(&page, &origin));
            let inline: serde_json::Map<String, serde_json::Value> = inline
                .into_iter()
                .map(|(key, html)| (key.to_string(), html.into()))
                .collect();
            json(&serde_json::json!({ "results": results, "inline": inline, "preview": preview }))
        }
        Err(response) => *response,
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
    blocking(move || match check_form(&editor, &id, &pairs) {
        Ok(Checked {
            live: Live {
                html: Some(page), ..
            },
            ..
        }) => html(StatusCode::OK, page),
        Ok(Checked {
            live: Live { diagnostics, .. },
            ..
        }) => {
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
        let Some(entry) = snapshot.service(&id).filter(|e| e.editable) else {
            return no_such_service();
        };
        let on_disk = match read_service(&editor, entry) {
            Ok(text) => text,
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
