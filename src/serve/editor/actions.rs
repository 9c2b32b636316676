//! Page actions that make or record a file: start a missing translation
//! from its original, override a national page on a council copy, and
//! accept a national change to an override, and upload a picture or a
//! document beside a page. Each is a POST with the session's token.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Multipart, Path as UrlPath, Request, State};
use axum::http::{Response, StatusCode};

use super::{
    blocking, html, no_such_page, not_this_session, read_form, read_page, refused, see_other,
    Editor,
};
use crate::edit::screens;
use crate::edit::screens::upload::upload_screen;
use crate::edit::upload::Upload;
use crate::edit::{council, Snapshot};

/// POST: starts a page's missing translation from its original, as a
/// draft beside it, and opens its form.
pub async fn translate_post(
    State(editor): State<Arc<Editor>>,
    UrlPath(id): UrlPath<String>,
    request: Request,
) -> Response<Body> {
    let Some(pairs) = read_form(&editor, request).await else {
        return not_this_session();
    };
    blocking(move || {
        let snapshot = Snapshot::read(&editor.options, false);
        let Some(entry) = snapshot.page(&id).filter(|e| e.editable && !e.translation) else {
            return no_such_page();
        };
        let code = pairs
            .iter()
            .find(|(name, _)| name == "language")
            .map_or("", |(_, value)| value.as_str());
        let known = snapshot
            .config
            .as_ref()
            .is_some_and(|config| config.languages.iter().skip(1).any(|l| l.code == code));
        let taken = snapshot.pages.iter().any(|other| {
            other.translation && other.language == code && other.page.rel == entry.page.rel
        });
        if !known || taken {
            return refused(
                StatusCode::CONFLICT,
                "The translation was not started",
                "The site has no such language, or the page already has its translation: go back to the page.",
            );
        }
        let original = match read_page(&editor, entry) {
            Ok(text) => text,
            Err(response) => return *response,
        };
        let made = crate::edit::create::create_translation(
            &editor.options.site_dir,
            &entry.page.source,
            code,
            &original,
        );
        open_made(made, "translation", "The translation was not started")
    })
    .await
}

/// POST: overrides a national page (a copy in the council's own
/// `content/`, accepted at once) and opens the copy's form.
pub async fn override_post(
    State(editor): State<Arc<Editor>>,
    UrlPath(id): UrlPath<String>,
    request: Request,
) -> Response<Body> {
    if read_form(&editor, request).await.is_none() {
        return not_this_session();
    }
    blocking(move || {
        let snapshot = Snapshot::read(&editor.options, false);
        let Some(entry) = snapshot.page(&id).filter(|e| !e.editable && !e.translation) else {
            return no_such_page();
        };
        open_made(
            council::override_page(&editor.options.site_dir, entry),
            "overridden",
            "The page was not overridden",
        )
    })
    .await
}

/// POST: accepts the national version of an override, as `beacon
/// upstream accept PATH` does.
pub async fn accept_post(
    State(editor): State<Arc<Editor>>,
    UrlPath(id): UrlPath<String>,
    request: Request,
) -> Response<Body> {
    if read_form(&editor, request).await.is_none() {
        return not_this_session();
    }
    blocking(move || {
        let snapshot = Snapshot::read(&editor.options, false);
        let Some(entry) = snapshot.page(&id).filter(|e| e.editable && !e.translation) else {
            return no_such_page();
        };
        match council::accept(&editor.options.site_dir, entry) {
            Ok(()) => see_other(&format!("{}?done=accepted", screens::page_href(&entry.id))),
            Err(diagnostic) => refused(
                StatusCode::CONFLICT,
                "The national version was not accepted",
                &diagnostic.to_string(),
            ),
        }
    })
    .await
}

/// GET: the upload form for a page of the site's own.
pub async fn upload_form(
    State(editor): State<Arc<Editor>>,
    UrlPath(id): UrlPath<String>,
) -> Response<Body> {
    blocking(move || {
        let snapshot = Snapshot::read(&editor.options, false);
        let Some(entry) = snapshot.page(&id).filter(|e| e.editable) else {
            return no_such_page();
        };
        let screen = upload_screen(entry, &Upload::default(), &[], None, editor.guard.token());
        html(StatusCode::OK, screen)
    })
    .await
}

/// POST (multipart): saves a picture or document beside the page and
/// shows the Markdown that puts it there.
pub async fn upload_post(
    State(editor): State<Arc<Editor>>,
    UrlPath(id): UrlPath<String>,
    multipart: Multipart,
) -> Response<Body> {
    let (upload, token) = match read_upload(multipart).await {
        Ok(read) => read,
        Err(why) => return refused(StatusCode::PAYLOAD_TOO_LARGE, "Not uploaded", why),
    };
    if !editor.guard.token_ok(token.as_deref()) {
        return not_this_session();
    }
    blocking(move || {
        let snapshot = Snapshot::read(&editor.options, false);
        let Some(entry) = snapshot.page(&id).filter(|e| e.editable) else {
            return no_such_page();
        };
        let token = editor.guard.token();
        let problems = upload.problems();
        if !problems.is_empty() {
            let screen = upload_screen(entry, &upload, &problems, None, token);
            return html(StatusCode::UNPROCESSABLE_ENTITY, screen);
        }
        let today = editor.options.today.to_string();
        match upload.save(&editor.options.site_dir, &entry.page.source, &today) {
            Ok(saved) => {
                let screen = upload_screen(entry, &Upload::default(), &[], Some(&saved), token);
                html(StatusCode::OK, screen)
            }
            Err(diagnostic) => {
                let problem = crate::edit::create::FieldError {
                    field: "file",
                    message: format!(
                        "{}: rename the file, or remove the one there first",
                        diagnostic.message
                    ),
                };
                let screen = upload_screen(entry, &upload, &[problem], None, token);
                html(StatusCode::CONFLICT, screen)
            }
        }
    })
    .await
}

/// The upload form's fields, and its token; an error for a body that is
/// not a form or is over the limit.
async fn read_upload(mut multipart: Multipart) -> Result<(Upload, Option<String>), &'static str> {
    let mut upload = Upload::default();
    let mut token = None;
    let too_big = "The file was larger than 10 MB, or the form could not be read. Make the file smaller and try again.";
    while let Some(field) = multipart.next_field().await.map_err(|_| too_big)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            upload.file_name = field.file_name().unwrap_or_default().to_string();
            upload.bytes = field.bytes().await.map_err(|_| too_big)?.to_vec();
            continue;
        }
        let value = field.text().await.map_err(|_| too_big)?;
        match name.as_str() {
            "token" => token = Some(value),
            "alt" => upload.alt = value.trim().to_string(),
            "title" => upload.title = value.trim().to_string(),
            "checked" => upload.checked = value == "true",
            _ => {}
        }
    }
    Ok((upload, token))
}

/// Sends the browser to the form of the page a POST made (`?done=` says
/// what happened), or says why it was not made.
fn open_made(
    made: Result<std::path::PathBuf, crate::base::diagnostic::Diagnostic>,
    done: &str,
    heading: &str,
) -> Response<Body> {
    match made {
        Ok(source) => see_other(&format!(
            "{}?done={done}",
            screens::page_href(&crate::edit::page_id(&source))
        )),
        Err(diagnostic) => refused(StatusCode::CONFLICT, heading, &diagnostic.to_string()),
    }
}
