//! The help directory's routes: a service's form (GET) and its check,
//! save or "checked today" (POST). A number in Ofcom's drama ranges that
//! the service did not already have is refused, and "checked today" sets
//! `verified` only when every number and address on the form is ticked.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path as UrlPath, Query, Request, State};
use axum::http::{Response, StatusCode};

use super::{blocking, html, not_this_session, read_form, refused, see_other, Editor};
use crate::base::diagnostic::Diagnostic;
use crate::edit::create::FieldError;
use crate::edit::list_item::ListItem;
use crate::edit::new_service::NewService;
use crate::edit::save::{fingerprint, Action, Outcome};
use crate::edit::screens::new_service::new_service_screen;
use crate::edit::screens::service::{service_href, service_screen, State as ServiceState};
use crate::edit::service::{self, ServiceEntry, ServiceForm, ServiceText};
use crate::edit::Snapshot;

/// The site's languages other than the default (each gets translation
/// fields).
fn other_languages(snapshot: &Snapshot) -> Vec<String> {
    snapshot.config.as_ref().map_or_else(Vec::new, |config| {
        config
            .languages
            .iter()
            .skip(1)
            .map(|language| language.code.clone())
            .collect()
    })
}

/// GET: the service's form as its file has it.
pub async fn service_form(
    State(editor): State<Arc<Editor>>,
    UrlPath(id): UrlPath<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response<Body> {
    blocking(move || {
        let snapshot = Snapshot::read(&editor.options, true);
        let Some(entry) = snapshot.service(&id) else {
            return no_such_service();
        };
        let text = match read_service(&editor, entry) {
            Ok(text) => text,
            Err(response) => return *response,
        };
        let notice = match query.get("done").map(String::as_str) {
            Some("saved") => Some("Saved. The help page beside the form shows it as it is now."),
            Some("checked") => Some("Saved, and marked as checked today."),
            Some("unchanged") => Some("Nothing had changed, so nothing was saved."),
            _ => None,
        };
        let state = ServiceState {
            diagnostics: inside(&text.item, snapshot.about(&entry.source).cloned().collect()),
            notice: notice.map(str::to_string),
            opened: fingerprint(&text.file),
            token: editor.guard.token(),
            ..ServiceState::default()
        };
        let form = ServiceForm::from_mapping(&text.item.mapping(), &other_languages(&snapshot));
        let screen = service_screen(
            &snapshot,
            entry,
            &form,
            &text.item,
            &state,
            &help_url(&editor),
        );
        html(StatusCode::OK, screen)
    })
    .await
}

/// POST: check, save, or save and mark as checked today.
pub async fn service_post(
    State(editor): State<Arc<Editor>>,
    UrlPath(id): UrlPath<String>,
    request: Request,
) -> Response<Body> {
    let Some(pairs) = read_form(&editor, request).await else {
        return not_this_session();
    };
    blocking(move || {
        let snapshot = Snapshot::read(&editor.options, false);
        let Some(entry) = snapshot.service(&id) else {
            return no_such_service();
        };
        if !entry.editable {
            return refused(
                StatusCode::FORBIDDEN,
                "Not saved",
                "This service comes from the national campaign and cannot be changed here.",
            );
        }
        let on_disk = match read_service(&editor, entry) {
            Ok(text) => text,
            Err(response) => return *response,
        };
        let value = |name: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let confirmed: Vec<String> = pairs
            .iter()
            .filter(|(name, _)| name == "confirm")
            .map(|(_, value)| value.clone())
            .collect();
        let mut form = ServiceForm::from_post(&pairs);
        let action = value("action").unwrap_or("save");
        let own = own_problems(entry, &form, &on_disk, &confirmed, action == "verify");
        if action == "verify" && own.is_empty() {
            form.texts
                .insert("verified", editor.options.today.to_string());
        }
        let request = Submitted {
            snapshot: &snapshot,
            entry,
            form: &form,
            on_disk: &on_disk,
            opened: value("opened").unwrap_or_default(),
            confirmed,
        };
        // A refused form is still checked, so its other problems show too.
        let action = match action == "check" || !own.is_empty() {
            true => Action::Check,
            false => Action::Save,
        };
        request.answer(&editor, action, own)
    })
    .await
}

/// What the editor itself refuses on a service's form: numbers in
/// Ofcom's drama ranges typed in, and, for "checked today", each number
/// or address not ticked.
fn own_problems(
    entry: &ServiceEntry,
    form: &ServiceForm,
    on_disk: &ServiceText,
    confirmed: &[String],
    verifying: bool,
) -> Vec<(String, Diagnostic)> {
    let mut problems = Vec::new();
    for (key, number) in service::new_drama_numbers(form, &on_disk.item.mapping()) {
        let field = if key.starts_with("phones-") {
            "phones".to_string()
        } else {
            key
        };
        let error = Diagnostic::error(
            &entry.source,
            format!("{number} is an Ofcom drama number: it is kept for films and examples and connects to no one"),
        )
        .with_hint("type the service's real number; a wrong help number is a safeguarding risk");
        problems.push((field, error));
    }
    if verifying {
        for (_, value) in service::unconfirmed(form, confirmed) {
            let error = Diagnostic::error(
                &entry.source,
                format!("tick {value} once you have checked that it reaches this service"),
            )
            .with_hint(
                "the service is marked as checked today only when every number and address is",
            );
            problems.push(("confirm".to_string(), error));
        }
    }
    problems
}

/// A posted service form and what it is about.
struct Submitted<'a> {
    snapshot: &'a Snapshot,
    entry: &'a ServiceEntry,
    form: &'a ServiceForm,
    on_disk: &'a ServiceText,
    opened: &'a str,
    confirmed: Vec<String>,
}

impl Submitted<'_> {
    /// Runs the check or save and answers with the right screen; `own`
    /// problems (which keep it from saving) are shown with the build's.
    fn answer(
        &self,
        editor: &Editor,
        action: Action,
        own: Vec<(String, Diagnostic)>,
    ) -> Response<Body> {
        let href = service_href(&self.entry.id);
        let outcome = match service::submit(
            &editor.options,
            self.entry,
            self.form,
            self.on_disk,
            self.opened,
            action,
        ) {
            Ok(outcome) => outcome,
            Err(diagnostic) => {
                return refused(StatusCode::FORBIDDEN, "Not saved", &diagnostic.to_string())
            }
        };
        let verified = self.form.text("verified") == editor.options.today.to_string();
        let refusing = !own.is_empty();
        let mut state = ServiceState {
            own,
            opened: self.opened.to_string(),
            token: editor.guard.token(),
            confirmed: self.confirmed.clone(),
            ..ServiceState::default()
        };
        let edited = service::edited_file(self.on_disk, self.form);
        let item = ListItem::at_line(&edited, self.entry.line)
            .unwrap_or_else(|| self.on_disk.item.clone());
        let status = match outcome {
            Outcome::Saved { .. } if verified => return see_other(&format!("{href}?done=checked")),
            Outcome::Saved { .. } => return see_other(&format!("{href}?done=saved")),
            Outcome::Unchanged => return see_other(&format!("{href}?done=unchanged")),
            Outcome::Checked(mut diagnostics) => {
                // The build's warning about a drama number the editor
                // refuses already says it.
                diagnostics.retain(|d| {
                    d.is_error()
                        || !state
                            .own
                            .iter()
                            .any(|(_, own)| mentions_same_number(own, d))
                });
                let ours = diagnostics.iter().any(|d| d.path == self.entry.source);
                if !ours && !refusing {
                    state.notice = Some("No problems found. Nothing has been saved yet.".into());
                }
                state.diagnostics = relevant(&item, self.entry, diagnostics);
                match refusing {
                    true => StatusCode::UNPROCESSABLE_ENTITY,
                    false => StatusCode::OK,
                }
            }
            Outcome::Refused(diagnostics) => {
                state.diagnostics = relevant(&item, self.entry, diagnostics);
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Outcome::Conflict { disk, diff } => {
                state.opened = fingerprint(&disk);
                let state = ServiceState {
                    conflict: Some(&diff),
                    ..state
                };
                let screen = service_screen(
                    self.snapshot,
                    self.entry,
                    self.form,
                    &item,
                    &state,
                    &help_url(editor),
                );
                return html(StatusCode::CONFLICT, screen);
            }
        };
        let screen = service_screen(
            self.snapshot,
            self.entry,
            self.form,
            &item,
            &state,
            &help_url(editor),
        );
        html(status, screen)
    }
}

/// True when both messages start with the same number ("01632 960999 is
/// an Ofcom drama number" and "… has the number 01632 960999, …").
fn mentions_same_number(own: &Diagnostic, build: &Diagnostic) -> bool {
    own.message
        .split_once(" is an Ofcom drama number")
        .is_some_and(|(number, _)| build.message.contains(number))
}

/// Errors anywhere (an edit can break a page that features the service),
/// and the warnings about this service's own lines.
fn relevant(
    item: &ListItem,
    entry: &ServiceEntry,
    diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter(|d| d.is_error() || (d.path == entry.source && item.mapping_line(d.line).is_some()))
        .collect()
}

/// The diagnostics about a service's own lines.
fn inside(item: &ListItem, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter(|d| item.mapping_line(d.line).is_some())
        .collect()
}

/// The services' forms the dashboard has read, to place each problem on
/// its field (each service read once).
#[derive(Default)]
pub(super) struct Fields {
    read: HashMap<String, Option<(ServiceText, ServiceForm)>>,
}

impl Fields {
    /// The field of `entry`'s form that `diagnostic` is about.
    pub(super) fn field_of(
        &mut self,
        editor: &Editor,
        snapshot: &Snapshot,
        entry: &ServiceEntry,
        diagnostic: &Diagnostic,
    ) -> Option<String> {
        let (text, form) = self
            .read
            .entry(entry.id.clone())
            .or_insert_with(|| {
                let text = read_service(editor, entry).ok()?;
                let form =
                    ServiceForm::from_mapping(&text.item.mapping(), &other_languages(snapshot));
                Some((text, form))
            })
            .as_ref()?;
        crate::edit::screens::service::field_of(diagnostic, entry, form, &text.item)
    }
}

/// The site's own service `id` (not an upstream's) and its file as it is
/// now; or the screen that says why not.
pub(super) fn own_service<'a>(
    editor: &Editor,
    snapshot: &'a Snapshot,
    id: &str,
) -> Result<(&'a ServiceEntry, ServiceText), Box<Response<Body>>> {
    let entry = snapshot
        .service(id)
        .filter(|e| e.editable)
        .ok_or_else(|| Box::new(no_such_service()))?;
    Ok((entry, read_service(editor, entry)?))
}

fn read_service(editor: &Editor, entry: &ServiceEntry) -> Result<ServiceText, Box<Response<Body>>> {
    service::read(&editor.options.site_dir, entry).map_err(|diagnostic| {
        Box::new(refused(
            StatusCode::CONFLICT,
            "This service cannot be opened",
            &diagnostic.to_string(),
        ))
    })
}

/// The site's help page, shown beside the form.
fn help_url(editor: &Editor) -> String {
    format!("{}get-help/", editor.root)
}

fn no_such_service() -> Response<Body> {
    refused(
        StatusCode::NOT_FOUND,
        "Service not found",
        "The help directory has no service at this address now: it may have been renamed or removed. Go back to the editor's home page.",
    )
}

/// GET: the new-service form.
pub async fn new_service_form(State(editor): State<Arc<Editor>>) -> Response<Body> {
    let screen = new_service_screen(&NewService::default(), &[], editor.guard.token());
    html(StatusCode::OK, screen)
}

/// POST: adds the service at the end of the site's own directory file for
/// its area, once the form and the directory's own checks pass, and opens
/// its form.
pub async fn new_service_post(
    State(editor): State<Arc<Editor>>,
    request: Request,
) -> Response<Body> {
    let Some(pairs) = read_form(&editor, request).await else {
        return not_this_session();
    };
    blocking(move || {
        let snapshot = Snapshot::read(&editor.options, false);
        let service = NewService::from_post(&pairs);
        let token = editor.guard.token();
        let mut problems = service.problems(&snapshot);
        if crate::load::signpost::phone::is_drama(&service.phone) {
            problems.push(FieldError {
                field: "phone",
                message: format!("{} is an Ofcom drama number: it connects to no one. Enter the service's real number", service.phone),
            });
        }
        if !problems.is_empty() {
            return html(StatusCode::UNPROCESSABLE_ENTITY, new_service_screen(&service, &problems, token));
        }
        let source = service.file();
        let site_dir = &editor.options.site_dir;
        let path = match crate::edit::file_on_disk(site_dir, &source) {
            Ok(path) => path,
            Err(diagnostic) => return refused(StatusCode::FORBIDDEN, "Not added", &diagnostic.to_string()),
        };
        let existing = match path.exists() {
            true => match crate::base::fsutil::read_text_as_is(&path, &source) {
                Ok(text) => Some(text),
                Err(diagnostic) => return refused(StatusCode::CONFLICT, "Not added", &diagnostic.to_string()),
            },
            false => None,
        };
        let today = editor.options.today.to_string();
        let text = service.appended(existing.as_deref(), &today);
        let errors: Vec<FieldError> = service::check_file(&editor.options, &source, &text)
            .into_iter()
            .filter(|d| d.is_error() && d.path == source)
            .map(|d| FieldError {
                field: field_named(&d.message),
                message: d.message,
            })
            .collect();
        if !errors.is_empty() {
            return html(StatusCode::UNPROCESSABLE_ENTITY, new_service_screen(&service, &errors, token));
        }
        let written = match existing {
            Some(_) => crate::base::fsutil::write_atomic(&path, text.as_bytes()),
            None => crate::edit::create::create_new(site_dir, &source, text.as_bytes()),
        };
        if let Err(diagnostic) = written {
            return refused(StatusCode::CONFLICT, "Not added", &diagnostic.to_string());
        }
        let fresh = Snapshot::read(&editor.options, false);
        match fresh.service_entries.iter().find(|e| e.editable && e.service_id == service.id()) {
            Some(entry) => see_other(&format!("{}?done=saved", service_href(&entry.id))),
            None => see_other(crate::edit::screens::BASE),
        }
    })
    .await
}

/// The new-service field a directory message is about (`phone` for a
/// number, `web` for a link, else the name).
fn field_named(message: &str) -> &'static str {
    let lower = message.to_lowercase();
    if lower.contains("phone") || lower.contains("number") {
        "phone"
    } else if lower.contains("http") || lower.contains("link") || lower.contains("web") {
        "web"
    } else {
        "name"
    }
}

/// POST: removes the service from its file, unless pages still feature
/// it (then its form shows where).
pub async fn remove_post(
    State(editor): State<Arc<Editor>>,
    UrlPath(id): UrlPath<String>,
    request: Request,
) -> Response<Body> {
    let Some(pairs) = read_form(&editor, request).await else {
        return not_this_session();
    };
    blocking(move || {
        let snapshot = Snapshot::read(&editor.options, false);
        let (entry, on_disk) = match own_service(&editor, &snapshot, &id) {
            Ok(found) => found,
            Err(response) => return *response,
        };
        let opened = pairs
            .iter()
            .find(|(name, _)| name == "opened")
            .map_or("", |(_, value)| value.as_str());
        let outcome = match service::remove(&editor.options, entry, &on_disk, opened) {
            Ok(outcome) => outcome,
            Err(diagnostic) => {
                return refused(
                    StatusCode::FORBIDDEN,
                    "Not removed",
                    &diagnostic.to_string(),
                )
            }
        };
        let (status, diagnostics, conflict) = match outcome {
            Outcome::Saved { .. } => return see_other(crate::edit::screens::BASE),
            Outcome::Refused(diagnostics) => (StatusCode::UNPROCESSABLE_ENTITY, diagnostics, None),
            Outcome::Conflict { diff, .. } => (StatusCode::CONFLICT, Vec::new(), Some(diff)),
            Outcome::Checked(_) | Outcome::Unchanged => (StatusCode::OK, Vec::new(), None),
        };
        let state = ServiceState {
            diagnostics: diagnostics.into_iter().filter(|d| d.is_error()).collect(),
            notice: (status == StatusCode::UNPROCESSABLE_ENTITY).then(|| {
                "Not removed: the pages below still feature it. Take it off them first.".to_string()
            }),
            conflict: conflict.as_deref(),
            opened: fingerprint(&on_disk.file),
            token: editor.guard.token(),
            ..ServiceState::default()
        };
        let form = ServiceForm::from_mapping(&on_disk.item.mapping(), &other_languages(&snapshot));
        let screen = service_screen(
            &snapshot,
            entry,
            &form,
            &on_disk.item,
            &state,
            &help_url(&editor),
        );
        html(status, screen)
    })
    .await
}
