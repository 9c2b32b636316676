//! The editor's HTTP routes (`serve --edit`), under [`BASE`]: every request
//! first passes [`edit::guard`]'s rules (the server's own `Host` on every
//! route, the session cookie on every editor route, the token and the
//! server's own `Origin` on every write), and every answer carries the
//! editor's strict policy and no CORS header. GET never changes anything;
//! the site's files are read and written by [`edit`] on a blocking thread.

mod actions;
mod live;
mod services;

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::DefaultBodyLimit;
use axum::extract::{Path as UrlPath, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, Response, StatusCode};
use axum::middleware::{self, Next};
use axum::routing::{get, post};
use axum::Router;

use crate::base::diagnostic::Diagnostic;
use crate::edit::create::NewPage;
use crate::edit::form::PageForm;
use crate::edit::front_matter::PageText;
use crate::edit::guard::{self, Guard};
use crate::edit::save::{self, Action, Outcome};
use crate::edit::screens::new::new_page_screen;
use crate::edit::screens::page::{page_screen, State as PageState};
use crate::edit::screens::{self, BASE};
use crate::edit::{Entry, Snapshot};
use crate::site::Options;

/// The largest upload request: the file's limit and room for the form's
/// other fields.
const UPLOAD_BODY_BYTES: usize = crate::edit::upload::MAX_UPLOAD_BYTES + 64 * 1024;

/// What the editor's routes share.
pub struct Editor {
    /// How the site is read and checked (as the preview builds it).
    pub options: Options,
    /// The session's secret and the server's names.
    pub guard: Guard,
    /// The path the site lives under (`/` or `/cse/`).
    pub root: String,
}

/// The editor's routes, behind the session check.
pub fn routes(editor: Arc<Editor>) -> Router {
    Router::new()
        .route(BASE, get(dashboard))
        .route(&format!("{BASE}editor.css"), get(styles))
        .route(&format!("{BASE}editor.js"), get(script))
        .route(
            &format!("{BASE}page/{{id}}"),
            get(page_form).post(page_post),
        )
        .route(
            &format!("{BASE}page/{{id}}/preview"),
            post(live::preview_post),
        )
        .route(&format!("{BASE}page/{{id}}/live"), post(live::live_post))
        .route(
            &format!("{BASE}page/{{id}}/translate"),
            post(actions::translate_post),
        )
        .route(
            &format!("{BASE}page/{{id}}/override"),
            post(actions::override_post),
        )
        .route(
            &format!("{BASE}page/{{id}}/accept"),
            post(actions::accept_post),
        )
        .route(
            &format!("{BASE}page/{{id}}/upload"),
            get(actions::upload_form)
                .post(actions::upload_post)
                .layer(DefaultBodyLimit::max(UPLOAD_BODY_BYTES)),
        )
        .route(&format!("{BASE}new"), get(new_form).post(new_post))
        .route(
            &format!("{BASE}service/new"),
            get(services::new_service_form).post(services::new_service_post),
        )
        .route(
            &format!("{BASE}service/{{id}}/preview"),
            post(live::service_preview_post),
        )
        .route(
            &format!("{BASE}service/{{id}}/remove"),
            post(services::remove_post),
        )
        .route(
            &format!("{BASE}service/{{id}}"),
            get(services::service_form).post(services::service_post),
        )
        .layer(middleware::from_fn_with_state(Arc::clone(&editor), session))
        .with_state(editor)
}

/// Refuses a request whose `Host` is not the server's own (DNS
/// rebinding), on every route of an editing server.
pub async fn host_gate(
    State(editor): State<Arc<Editor>>,
    request: Request,
    next: Next,
) -> Response<Body> {
    let host = header_text(request.headers(), header::HOST);
    if !editor.guard.host_ok(host) {
        return refused(
            StatusCode::MISDIRECTED_REQUEST,
            "Wrong address",
            "This server answers only to 127.0.0.1, localhost and [::1] with its own port.",
        );
    }
    next.run(request).await
}

/// The session check of every editor route, and the editor's headers.
async fn session(
    State(editor): State<Arc<Editor>>,
    request: Request,
    next: Next,
) -> Response<Body> {
    let mut response = match admit(&editor.guard, &request) {
        Admission::Refused(response) => response,
        Admission::StartSession => start_session(&editor.guard, request.uri().path()),
        Admission::Admitted => next.run(request).await,
    };
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, guard::CSP),
        (header::X_FRAME_OPTIONS, "SAMEORIGIN"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        // Not `no-referrer`: browsers then send `Origin: null` with a form,
        // and the editor could not tell its own posts from anyone's.
        (header::REFERRER_POLICY, "same-origin"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    headers.remove(header::ACCESS_CONTROL_ALLOW_ORIGIN);
    response
}

enum Admission {
    Admitted,
    StartSession,
    Refused(Response<Body>),
}

fn admit(guard: &Guard, request: &Request) -> Admission {
    let method = request.method();
    if ![Method::GET, Method::HEAD, Method::POST].contains(method) {
        return Admission::Refused(refused(
            StatusCode::METHOD_NOT_ALLOWED,
            "Not allowed",
            "The editor answers only GET and POST.",
        ));
    }
    let token = request.uri().query().and_then(|query| {
        form_urlencoded::parse(query.as_bytes())
            .find(|(name, _)| name == "token")
            .map(|(_, value)| value.into_owned())
    });
    if let Some(token) = token {
        return match *method == Method::GET && guard.token_ok(Some(&token)) {
            true => Admission::StartSession,
            false => Admission::Refused(refused(
                StatusCode::FORBIDDEN,
                "This editor link has expired",
                "Open the editor with the address that `beacon serve --edit` printed when it started.",
            )),
        };
    }
    if !guard.cookie_ok(header_text(request.headers(), header::COOKIE)) {
        return Admission::Refused(refused(
            StatusCode::FORBIDDEN,
            "Open the editor from its link",
            "For your safety, the editor opens only from the address that `beacon serve --edit` printed when it started. Copy that address into this browser.",
        ));
    }
    if *method == Method::POST {
        let origin = header_text(request.headers(), header::ORIGIN);
        let fetch_site = request
            .headers()
            .get("sec-fetch-site")
            .and_then(|value| value.to_str().ok());
        if !guard.origin_ok(origin, fetch_site) {
            return Admission::Refused(refused(
                StatusCode::FORBIDDEN,
                "Not saved",
                "Changes are accepted only from the editor's own pages.",
            ));
        }
    }
    Admission::Admitted
}

/// Sets the session cookie and sends the browser on without the token in
/// its address (so it is not left in the history or a bookmark).
fn start_session(guard: &Guard, path: &str) -> Response<Body> {
    let mut response = see_other(path);
    if let Ok(cookie) = HeaderValue::from_str(&guard.set_cookie(BASE)) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

async fn styles() -> Response<Body> {
    let mut response = Response::new(Body::from(screens::STYLES));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    response
}

async fn script() -> Response<Body> {
    let mut response = Response::new(Body::from(screens::SCRIPT));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    response
}

async fn dashboard(State(editor): State<Arc<Editor>>) -> Response<Body> {
    blocking(move || {
        let snapshot = Snapshot::read(&editor.options, true);
        let fields = problem_fields(&editor, &snapshot);
        html(
            StatusCode::OK,
            screens::dashboard(&snapshot, &fields, &editor.root),
        )
    })
    .await
}

/// For each of the snapshot's diagnostics, the field of the page's or the
/// service's form it is about (each file read once, as it is now).
fn problem_fields(editor: &Editor, snapshot: &Snapshot) -> Vec<Option<String>> {
    let mut pages: HashMap<&str, Option<PageText>> = HashMap::new();
    let mut services = services::Fields::default();
    snapshot
        .diagnostics
        .iter()
        .map(|diagnostic| {
            if let Some(service) = snapshot.service_at(diagnostic) {
                return services.field_of(editor, snapshot, service, diagnostic);
            }
            let entry = snapshot.page_at(diagnostic)?;
            let text = pages
                .entry(&entry.id)
                .or_insert_with(|| read_page(editor, entry).ok());
            screens::page::field_of(diagnostic, entry, text.as_ref()?)
        })
        .collect()
}

async fn page_form(
    State(editor): State<Arc<Editor>>,
    UrlPath(id): UrlPath<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response<Body> {
    blocking(move || {
        let snapshot = Snapshot::read(&editor.options, true);
        let Some(entry) = snapshot.page(&id) else {
            return no_such_page();
        };
        let text = match read_page(&editor, entry) {
            Ok(text) => text,
            Err(response) => return *response,
        };
        let notice = match query.get("done").map(String::as_str) {
            Some("saved") => Some("Saved. The preview shows the page as it is now.".to_string()),
            Some("draft") => Some("Saved as a draft: it still has problems, so it will not be published until they are fixed and Draft is cleared.".to_string()),
            Some("unchanged") => Some("Nothing had changed, so nothing was saved.".to_string()),
            Some("created") => Some("Page created as a draft. Write it here, then clear Draft and save to publish it.".to_string()),
            Some("overridden") => Some("This is now your own copy of the national page. Change it here; the editor tells you when the national team changes theirs.".to_string()),
            Some("accepted") => Some("Accepted. The editor tells you again when the national team next changes this page.".to_string()),
            Some("translation") => Some("Translation started as a draft, from the original's title, summary and text. Translate each, then clear Draft and save to publish it.".to_string()),
            _ => None,
        };
        let state = PageState {
            diagnostics: snapshot.about(&entry.page.source).cloned().collect(),
            notice,
            conflict: None,
            opened: save::fingerprint(text.text()),
            token: editor.guard.token(),
            original: original_form(&editor, &snapshot, entry),
            review: crate::edit::council::review(&editor.options.site_dir, entry),
        };
        let form = PageForm::from_text(&text);
        let preview = preview_url(&editor, entry);
        html(StatusCode::OK, page_screen(&snapshot, entry, &form, &text, &state, &preview))
    })
    .await
}

async fn page_post(
    State(editor): State<Arc<Editor>>,
    UrlPath(id): UrlPath<String>,
    request: Request,
) -> Response<Body> {
    let Some(pairs) = read_form(&editor, request).await else {
        return not_this_session();
    };
    blocking(move || {
        let field = |name: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let snapshot = Snapshot::read(&editor.options, false);
        let Some(entry) = snapshot.page(&id) else {
            return no_such_page();
        };
        if !entry.editable {
            return refused(
                StatusCode::FORBIDDEN,
                "Not saved",
                "This page comes from the national campaign and cannot be changed here.",
            );
        }
        let form = PageForm::from_post(&pairs);
        let action = match field("action") {
            Some("check") => Action::Check,
            _ => Action::Save,
        };
        let opened = field("opened").unwrap_or_default();
        respond(&editor, &snapshot, entry, &form, opened, action)
    })
    .await
}

/// For a translation, its original's form (to show beside it).
fn original_form(editor: &Editor, snapshot: &Snapshot, entry: &Entry) -> Option<PageForm> {
    if !entry.translation {
        return None;
    }
    let original = snapshot
        .pages
        .iter()
        .find(|other| !other.translation && other.page.rel == entry.page.rel)?;
    read_page(editor, original)
        .ok()
        .map(|text| PageForm::from_text(&text))
}

async fn new_form(
    State(editor): State<Arc<Editor>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response<Body> {
    blocking(move || {
        let snapshot = Snapshot::read(&editor.options, false);
        let page = NewPage {
            r: query.get("r").cloned().unwrap_or_default(),
            audiences: query.get("audience").cloned().into_iter().collect(),
            ..NewPage::default()
        };
        html(
            StatusCode::OK,
            new_page_screen(&snapshot, &page, &[], editor.guard.token()),
        )
    })
    .await
}

async fn new_post(State(editor): State<Arc<Editor>>, request: Request) -> Response<Body> {
    let Some(pairs) = read_form(&editor, request).await else {
        return not_this_session();
    };
    blocking(move || {
        let snapshot = Snapshot::read(&editor.options, false);
        let page = NewPage::from_post(&pairs);
        let problems = page.problems(&snapshot, &editor.options.site_dir);
        if !problems.is_empty() {
            let screen = new_page_screen(&snapshot, &page, &problems, editor.guard.token());
            return html(StatusCode::UNPROCESSABLE_ENTITY, screen);
        }
        match page.create(&editor.options.site_dir, &editor.options.today.to_string()) {
            Ok(source) => see_other(&format!(
                "{}?done=created",
                screens::page_href(&crate::edit::page_id(&source))
            )),
            Err(diagnostic) => refused(
                StatusCode::CONFLICT,
                "The page was not created",
                &diagnostic.to_string(),
            ),
        }
    })
    .await
}

/// A posted form's fields, when it carries this session's token (`None`
/// also for a body over the limit).
async fn read_form(editor: &Editor, request: Request) -> Option<Vec<(String, String)>> {
    let bytes = to_bytes(request.into_body(), guard::MAX_BODY_BYTES)
        .await
        .ok()?;
    let pairs: Vec<(String, String)> = form_urlencoded::parse(&bytes).into_owned().collect();
    let token = pairs
        .iter()
        .find(|(name, _)| name == "token")
        .map(|(_, v)| v.as_str());
    editor.guard.token_ok(token).then_some(pairs)
}

fn not_this_session() -> Response<Body> {
    refused(
        StatusCode::FORBIDDEN,
        "Not saved",
        "The form did not carry this editing session's secret, or was larger than 4 MiB. Open the page again from the editor and make the change there.",
    )
}

/// Runs the check or save and answers with the right screen.
fn respond(
    editor: &Editor,
    snapshot: &Snapshot,
    entry: &Entry,
    form: &PageForm,
    opened: &str,
    action: Action,
) -> Response<Body> {
    let href = screens::page_href(&entry.id);
    let on_disk = match read_page(editor, entry) {
        Ok(text) => text,
        Err(response) => return *response,
    };
    let outcome = match save::submit(&editor.options, entry, form, &on_disk, opened, action) {
        Ok(outcome) => outcome,
        Err(diagnostic) => {
            return refused(StatusCode::FORBIDDEN, "Not saved", &diagnostic.to_string())
        }
    };
    let shown = form.apply(&on_disk, entry.translation);
    let relevant = |diagnostics| shown_on_form(diagnostics, entry);
    let mut state = PageState {
        opened: opened.to_string(),
        token: editor.guard.token(),
        original: original_form(editor, snapshot, entry),
        review: crate::edit::council::review(&editor.options.site_dir, entry),
        ..PageState::default()
    };
    let status = match outcome {
        Outcome::Saved { problems: 0 } => return see_other(&format!("{href}?done=saved")),
        Outcome::Saved { .. } => return see_other(&format!("{href}?done=draft")),
        Outcome::Unchanged => return see_other(&format!("{href}?done=unchanged")),
        Outcome::Checked(diagnostics) => {
            if !diagnostics.iter().any(|d| d.path == entry.page.source) {
                state.notice = Some(NOTHING_FOUND.into());
            }
            state.diagnostics = relevant(diagnostics);
            StatusCode::OK
        }
        Outcome::Refused(diagnostics) => {
            state.diagnostics = relevant(diagnostics);
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Outcome::Conflict { disk, diff } => {
            state.opened = save::fingerprint(&disk);
            let screen = PageState {
                conflict: Some(&diff),
                ..state
            };
            let page = page_screen(
                snapshot,
                entry,
                form,
                &shown,
                &screen,
                &preview_url(editor, entry),
            );
            return html(StatusCode::CONFLICT, page);
        }
    };
    let page = page_screen(
        snapshot,
        entry,
        form,
        &shown,
        &state,
        &preview_url(editor, entry),
    );
    html(status, page)
}

/// What a page's form shows of the build's diagnostics: errors anywhere
/// (an edit can break another page), and this page's warnings.
fn shown_on_form(diagnostics: Vec<Diagnostic>, entry: &Entry) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter(|d| d.is_error() || d.path == entry.page.source)
        .collect()
}

/// The page's file as it is now (an upstream's page is read, never
/// written).
fn read_page(editor: &Editor, entry: &Entry) -> Result<PageText, Box<Response<Body>>> {
    let read = if entry.editable {
        save::read(&editor.options.site_dir, entry)
    } else {
        let path = editor.options.site_dir.join(&entry.page.source);
        crate::base::fsutil::read_text_as_is(&path, &entry.page.source)
            .and_then(|text| PageText::parse(&text, &entry.page.source))
    };
    read.map_err(|diagnostic| {
        Box::new(refused(
            StatusCode::CONFLICT,
            "This page cannot be opened",
            &diagnostic.to_string(),
        ))
    })
}

fn preview_url(editor: &Editor, entry: &Entry) -> String {
    format!("{}{}", editor.root, entry.page.url)
}

/// The notice of a check that found nothing on the page.
const NOTHING_FOUND: &str = "No problems found. Nothing has been saved yet.";

fn no_such_page() -> Response<Body> {
    refused(
        StatusCode::NOT_FOUND,
        "Page not found",
        "The site has no page at this address now: it may have been renamed or removed. Go back to the editor's home page.",
    )
}

async fn blocking(work: impl FnOnce() -> Response<Body> + Send + 'static) -> Response<Body> {
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|_| {
        refused(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong",
            "The editor could not finish that. Nothing was saved.",
        )
    })
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

fn html(status: StatusCode, page: String) -> Response<Body> {
    let mut response = Response::new(Body::from(page));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

fn refused(status: StatusCode, heading: &str, why: &str) -> Response<Body> {
    html(status, screens::refused(heading, why))
}

fn see_other(location: &str) -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::SEE_OTHER;
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}
