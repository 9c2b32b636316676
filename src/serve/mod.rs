//! `beacon serve`: `watch` plus a preview server on 127.0.0.1 with live
//! reload and an in-page error overlay. The server runs on its own tokio
//! runtime in its own thread; the watch loop runs on the caller's thread and
//! tells the server about each rebuild through [`http::Shared`]. Drafts are
//! always shown (marked); the output goes to a folder of its own so a
//! preview is never mistaken for a build.

pub mod connections;
pub mod editor;
pub mod http;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;

use crate::base::diagnostic::Diagnostic;
use crate::base::escape::escape_xml;
use crate::edit;
use crate::watch::{self, Event, WatchOptions};
use http::Shared;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// What to build and how to watch.
    pub watch: WatchOptions,
    /// The address to listen on (loopback unless asked otherwise).
    pub bind: IpAddr,
    /// The port (0 picks a free one).
    pub port: u16,
    /// Also serve the editor at `/_beacon/edit/` (loopback only).
    pub edit: bool,
}

/// What `serve` reports besides rebuilds.
#[derive(Debug)]
pub enum ServeEvent<'a> {
    /// The server is listening at this URL.
    Listening(&'a str),
    /// The editor is at this URL (its token included: it opens a session).
    Editing(&'a str),
    /// A rebuild or watcher event.
    Watch(Event<'a>),
}

/// The default output folder for a preview: a fresh folder in the system's
/// temporary folder, created atomically with an unpredictable name and
/// readable only by this user (0700), so no one can plant links in it
/// beforehand. It is left behind when the preview stops.
pub fn private_out_dir() -> Result<PathBuf, Diagnostic> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("beacon-serve-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    builder
        .tempdir()
        .map(tempfile::TempDir::keep)
        .map_err(|error| {
            Diagnostic::error(
                std::env::temp_dir(),
                format!("cannot create a preview folder: {error}"),
            )
            .with_hint("choose one with --out")
        })
}

/// Serves until the process is stopped. Returns an error only when the
/// server or the watcher cannot start.
pub fn run(options: ServeOptions, report: &mut dyn FnMut(ServeEvent)) -> Result<(), Diagnostic> {
    if options.edit && !options.bind.is_loopback() {
        return Err(Diagnostic::error(
            ".",
            format!("the editor is only for this computer, and {} is not a loopback address", options.bind),
        )
        .with_hint("leave out --bind (or use --bind 127.0.0.1): anyone who could reach the editor could change the site"));
    }
    let listener =
        TcpListener::bind(SocketAddr::new(options.bind, options.port)).map_err(|error| {
            Diagnostic::error(
                ".",
                format!(
                    "cannot listen on {}:{}: {error}",
                    options.bind, options.port
                ),
            )
            .with_hint("choose another port with --port")
        })?;
    let address = listener
        .local_addr()
        .map_err(|error| Diagnostic::error(".", error.to_string()))?;
    let host = if address.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        address.ip().to_string()
    };
    let url = format!("http://{host}:{}", address.port());
    let root = site_root(&options.watch.site.site_dir);
    let mut watch_options = options.watch.clone();
    watch_options.site.base_url = Some(format!("{url}{}", root.trim_end_matches('/')));
    watch_options.site.drafts = true;
    let out_dir = watch_options.site.out_dir();
    let shared = Shared::new(out_dir, &root, options.edit);
    let editor = match options.edit {
        true => Some(Arc::new(editor::Editor {
            options: watch_options.site.clone(),
            guard: edit::guard::Guard::new(address.port())?,
            root: root.clone(),
        })),
        false => None,
    };
    spawn_server(listener, router(Arc::clone(&shared), editor.clone()))?;
    report(ServeEvent::Listening(&format!("{url}{root}")));
    if let Some(editor) = &editor {
        let token = editor.guard.token();
        report(ServeEvent::Editing(&format!(
            "{url}{}?token={token}",
            edit::screens::BASE
        )));
    }
    let mut generation = 0u64;
    let mut on_event = |event: Event| {
        match &event {
            Event::Rebuilt { .. } => set_overlay(&shared, None),
            Event::Failed { diagnostics, .. } => {
                set_overlay(&shared, Some(overlay_html(diagnostics)))
            }
            Event::Trouble(_) | Event::Indexed(_) => {}
        }
        if !matches!(event, Event::Trouble(_) | Event::Indexed(_)) {
            generation += 1;
            let _ = shared.reload.send(generation);
        }
        report(ServeEvent::Watch(event));
    };
    watch::run(&watch_options, &mut on_event, &|| true)
}

/// The path the site lives under in production (`/cse/` for
/// `base_url: https://example.gov.uk/cse`), read once when `serve` starts;
/// `/` when `site.yaml` cannot be read yet (the build reports why).
fn site_root(site_dir: &std::path::Path) -> String {
    crate::load::layers::Layers::open(site_dir)
        .ok()
        .and_then(|layers| crate::load::config::load(&layers, None).ok())
        .map_or_else(|| "/".to_string(), |config| config.root)
}

fn set_overlay(shared: &Shared, overlay: Option<String>) {
    if let Ok(mut current) = shared.overlay.write() {
        *current = overlay;
    }
}

/// The preview's routes, with the editor's when editing (and then the
/// `Host` check on every route).
fn router(shared: Arc<Shared>, editor: Option<Arc<editor::Editor>>) -> axum::Router {
    let files = http::router(shared);
    match editor {
        Some(editor) => files.merge(editor::routes(Arc::clone(&editor))).layer(
            axum::middleware::from_fn_with_state(editor, editor::host_gate),
        ),
        None => files,
    }
}

fn spawn_server(listener: TcpListener, router: axum::Router) -> Result<(), Diagnostic> {
    listener
        .set_nonblocking(true)
        .map_err(|error| Diagnostic::error(".", format!("cannot start the server: {error}")))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(|error| Diagnostic::error(".", format!("cannot start the server: {error}")))?;
    std::thread::Builder::new()
        .name("beacon-serve".into())
        .spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                connections::serve(listener, router, connections::Limits::default()).await;
            });
        })
        .map_err(|error| Diagnostic::error(".", format!("cannot start the server: {error}")))?;
    Ok(())
}

/// The overlay shown over every page while the newest build has errors.
pub fn overlay_html(diagnostics: &[Diagnostic]) -> String {
    let mut html = String::from(
        "<div class=\"beacon-overlay\" role=\"alert\" id=\"beacon-overlay\"><div class=\"beacon-overlay__inner\"><p class=\"beacon-overlay__title\"><strong>Beacon could not rebuild the site.</strong> This is the last good version; fix these and save:</p><ul>",
    );
    for diagnostic in diagnostics.iter().filter(|d| d.is_error()) {
        html.push_str(&format!(
            "<li><code>{}</code> {}",
            escape_xml(&diagnostic.location()),
            escape_xml(&diagnostic.message)
        ));
        if let Some(hint) = &diagnostic.hint {
            html.push_str(&format!("<br><small>help: {}</small>", escape_xml(hint)));
        }
        html.push_str("</li>");
    }
    html.push_str("</ul></div></div>");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn the_preview_folder_is_fresh_and_private() {
        use std::os::unix::fs::PermissionsExt;
        let first = private_out_dir().unwrap();
        let second = private_out_dir().unwrap();
        assert_ne!(first, second, "a fresh folder each time");
        let mode = std::fs::metadata(&first).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        std::fs::remove_dir_all(first).unwrap();
        std::fs::remove_dir_all(second).unwrap();
    }
}
