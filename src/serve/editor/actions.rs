//! Page actions that make or record a file: start a missing translation
//! from its original, override a national page on a council copy, and
//! accept a national change to an override. Each is a POST with the
//! session's token, and answers by sending the browser to the page's form.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{Response, StatusCode};

use super::{
    blocking, no_such_page, not_this_session, read_form, read_page, refused, see_other, Editor,
};
use crate::edit::screens;
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
        match made {
            Ok(source) => see_other(&format!(
                "{}?done=translation",
                screens::page_href(&crate::edit::page_id(&source))
            )),
            Err(diagnostic) => refused(
                StatusCode::CONFLICT,
                "The translation was not started",
                &diagnostic.to_string(),
            ),
        }
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
        match council::override_page(&editor.options.site_dir, entry) {
            Ok(source) => see_other(&format!(
                "{}?done=overridden",
                screens::page_href(&crate::edit::page_id(&source))
            )),
            Err(diagnostic) => refused(
                StatusCode::CONFLICT,
                "The page was not overridden",
                &diagnostic.to_string(),
            ),
        }
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
