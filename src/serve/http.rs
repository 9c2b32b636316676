//! The preview server's HTTP side (axum on its own tokio runtime): static
//! files from the output folder with the live-reload script and, when the
//! newest build failed, the error overlay injected into every HTML page.
//! GET and HEAD only; paths that would leave the output folder are refused;
//! unknown paths get the site's 404 page with status 404; nothing is cached.

use std::convert::Infallible;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, RwLock};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, Request, Response, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use crate::base::policy;
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

/// Where the live-reload script is served.
pub const LIVE_RELOAD_JS: &str = "/__beacon/live.js";
/// The server-sent events endpoint that says "reload".
pub const EVENTS: &str = "/__beacon/events";

const LIVE_RELOAD_SCRIPT: &str = "(function () {\n  \"use strict\";\n  if (!window.EventSource) { return; }\n  var source = new EventSource(\"/__beacon/events\");\n  source.addEventListener(\"reload\", function () { window.location.reload(); });\n})();\n";

/// What the server shares with the watcher.
pub struct Shared {
    /// The output folder being served.
    pub out_dir: PathBuf,
    /// The path the site lives under, as in production (`/` or `/cse/`).
    pub root: String,
    /// The error overlay's HTML when the newest build failed.
    pub overlay: RwLock<Option<String>>,
    /// Tells connected browsers to reload.
    pub reload: broadcast::Sender<u64>,
    /// True when the editor frames the pages (`serve --edit`): they may
    /// then be framed by this server's own pages, and no other.
    pub framed: bool,
}

impl Shared {
    /// Shared state for serving `out_dir` under `root` (`/` or `/cse/`);
    /// `framed` when the editor shows the pages in frames.
    pub fn new(out_dir: PathBuf, root: &str, framed: bool) -> Arc<Self> {
        let (reload, _) = broadcast::channel(16);
        Arc::new(Shared {
            out_dir,
            root: root.to_string(),
            overlay: RwLock::new(None),
            reload,
            framed,
        })
    }
}

/// The router: live-reload endpoints, then files.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS, get(events))
        .route(LIVE_RELOAD_JS, get(live_reload_js))
        .fallback(files)
        .with_state(shared)
}

async fn live_reload_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        LIVE_RELOAD_SCRIPT,
    )
}

async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    let stream = BroadcastStream::new(shared.reload.subscribe())
        .filter_map(|message| message.ok())
        .map(|generation| {
            Ok(SseEvent::default()
                .event("reload")
                .data(generation.to_string()))
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn files(State(shared): State<Arc<Shared>>, request: Request<Body>) -> Response<Body> {
    let method = request.method().clone();
    if method != Method::GET && method != Method::HEAD {
        let mut response = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD are allowed\n",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let raw = request.uri().path();
    let in_site = match route(raw, &shared.root) {
        Routed::Site(in_site) => in_site,
        Routed::ToRoot => return redirect(&shared.root),
        Routed::Outside => return not_found(&shared, Path::new("")).await,
    };
    let Some(rel) = safe_relative_path(in_site) else {
        return plain(StatusCode::BAD_REQUEST, "that path is outside the site\n");
    };
    let response = match resolve(&shared.out_dir, &rel, raw) {
        Resolved::File(path) => file_response(&shared, &path, StatusCode::OK).await,
        Resolved::Redirect(location) => redirect(&location),
        Resolved::NotFound => not_found(&shared, &rel).await,
    };
    if method == Method::HEAD {
        let (parts, _) = response.into_parts();
        return Response::from_parts(parts, Body::empty());
    }
    response
}

/// Where a request path falls, for a site served under a path.
#[derive(Debug, PartialEq, Eq)]
pub enum Routed<'a> {
    /// Inside the site: the rest of the path, from its `/`.
    Site(&'a str),
    /// `/` or the site's path without its slash: redirect to the site.
    ToRoot,
    /// Elsewhere on the server: production would not have it either.
    Outside,
}

/// Places a request path against the site's path (`root`, `/` or `/cse/`),
/// so the preview answers under the same path as production and a link
/// that forgets the path fails here as it would there.
pub fn route<'a>(raw: &'a str, root: &str) -> Routed<'a> {
    let bare = root.trim_end_matches('/');
    if bare.is_empty() {
        return Routed::Site(raw);
    }
    if raw == "/" || raw == bare {
        return Routed::ToRoot;
    }
    match raw.strip_prefix(bare) {
        Some(rest) if rest.starts_with('/') => Routed::Site(rest),
        _ => Routed::Outside,
    }
}

/// Decodes a request path and checks it stays inside the site: no `..`,
/// no backslashes, no NUL, nothing absolute once decoded.
pub fn safe_relative_path(raw: &str) -> Option<PathBuf> {
    let decoded = percent_decode(raw)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let rel = Path::new(decoded.trim_start_matches('/'));
    rel.components()
        .all(|component| matches!(component, Component::Normal(_) | Component::CurDir))
        .then(|| rel.to_path_buf())
}

fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = std::str::from_utf8(bytes.get(index + 1..index + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}

enum Resolved {
    File(PathBuf),
    Redirect(String),
    NotFound,
}

fn resolve(out_dir: &Path, rel: &Path, raw: &str) -> Resolved {
    let path = out_dir.join(rel);
    if path.is_dir() {
        if !raw.ends_with('/') {
            // Built from the checked path, so `//realise` never becomes a
            // protocol-relative `//realise/` (a redirect to another host).
            return Resolved::Redirect(format!("/{}/", raw.trim_start_matches('/')));
        }
        let index = path.join("index.html");
        return if index.is_file() && is_inside(&index, out_dir) {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if path.is_file() && is_inside(&path, out_dir) {
        Resolved::File(path)
    } else {
        Resolved::NotFound
    }
}

/// True when the real path of `path` (every link resolved) is inside the
/// real preview folder: nothing is served from outside it, whatever links a
/// folder or file in it.
fn is_inside(path: &Path, out_dir: &Path) -> bool {
    std::fs::canonicalize(path)
        .ok()
        .zip(std::fs::canonicalize(out_dir).ok())
        .is_some_and(|(file, root)| file.starts_with(root))
}

/// The site's 404 page: the one in the path's first folder when there is
/// one (`/cy/…` gets the Welsh `cy/404.html`), else the root's.
async fn not_found(shared: &Shared, rel: &Path) -> Response<Body> {
    let language_page = rel
        .components()
        .next()
        .map(|first| shared.out_dir.join(first).join("404.html"))
        .filter(|page| page.is_file());
    let page = language_page.unwrap_or_else(|| shared.out_dir.join("404.html"));
    if page.is_file() {
        file_response(shared, &page, StatusCode::NOT_FOUND).await
    } else {
        plain(StatusCode::NOT_FOUND, "not found\n")
    }
}

async fn file_response(shared: &Shared, path: &Path, status: StatusCode) -> Response<Body> {
    let Ok(bytes) = tokio::fs::read(path).await else {
        return plain(StatusCode::NOT_FOUND, "not found\n");
    };
    let content_type = content_type(path);
    let searching = path.starts_with(shared.out_dir.join(crate::write::search::BUNDLE_DIR))
        || (content_type.starts_with("text/html")
            && String::from_utf8_lossy(&bytes).contains(policy::SEARCH_CSP));
    let body = if content_type.starts_with("text/html") {
        let overlay = shared.overlay.read().map(|o| o.clone()).unwrap_or_default();
        inject(&String::from_utf8_lossy(&bytes), overlay.as_deref()).into_bytes()
    } else {
        bytes
    };
    let length = body.len();
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // HEAD answers with the length GET would send.
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    insert_production_headers(headers, searching, shared.framed);
    response
}

/// The headers production sends (`_headers`), so a preview shows what the
/// published site will do; the policy also lets the page reach this server
/// for live reload. The search page and the index (`searching`) get the
/// search page's policy, as `_headers` gives them.
fn insert_production_headers(headers: &mut axum::http::HeaderMap, searching: bool, framed: bool) {
    for (name, value) in policy::HEADERS {
        headers.insert(name, HeaderValue::from_static(value));
    }
    let mut policy = if searching {
        policy::as_header(policy::SEARCH_CSP)
    } else {
        policy::as_header(&format!("{}; connect-src 'self'", policy::CSP))
    };
    if framed {
        // The editor's preview frames: its own pages only.
        policy = policy.replace("frame-ancestors 'none'", "frame-ancestors 'self'");
        headers.insert("X-Frame-Options", HeaderValue::from_static("SAMEORIGIN"));
    }
    if let Ok(value) = HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Adds the live-reload script (and lets the CSP allow its connection) and,
/// when there is one, the error overlay straight after `<body>`.
pub fn inject(html: &str, overlay: Option<&str>) -> String {
    let mut page = if html.contains(policy::SEARCH_CSP) {
        // The search page's policy already lets it connect to this server.
        html.to_string()
    } else {
        html.replacen(
            "default-src 'none';",
            "default-src 'none'; connect-src 'self';",
            1,
        )
    };
    let script = format!("<script src=\"{LIVE_RELOAD_JS}\" defer></script>\n</head>");
    page = page.replacen("</head>", &script, 1);
    if let Some(overlay) = overlay {
        if let Some(start) = page.find("<body") {
            if let Some(end) = page[start..].find('>') {
                page.insert_str(start + end + 1, overlay);
            }
        }
    }
    page
}

fn redirect(location: &str) -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::PERMANENT_REDIRECT;
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

fn plain(status: StatusCode, text: &'static str) -> Response<Body> {
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// The content type for a file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "vtt" => "text/vtt; charset=utf-8",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "ogv" => "video/ogg",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "ogg" | "oga" => "audio/ogg",
        "wav" => "audio/wav",
        _ if path.file_name().is_some_and(|n| n == "_headers") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused_in_every_spelling() {
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2E%2E/etc",
            "/..%2fetc",
            "/a\\..\\b",
            "/%00",
            "/%zz",
        ] {
            assert_eq!(safe_relative_path(bad), None, "{bad}");
        }
        assert_eq!(
            safe_relative_path("/realise/my%20page/"),
            Some(PathBuf::from("realise/my page/"))
        );
    }

    #[test]
    fn requests_are_placed_under_the_sites_path() {
        assert_eq!(route("/realise/", "/"), Routed::Site("/realise/"));
        assert_eq!(route("/cse/realise/", "/cse/"), Routed::Site("/realise/"));
        assert_eq!(route("/cse/", "/cse/"), Routed::Site("/"));
        assert_eq!(route("/cse", "/cse/"), Routed::ToRoot);
        assert_eq!(route("/", "/cse/"), Routed::ToRoot);
        assert_eq!(route("/realise/", "/cse/"), Routed::Outside);
        assert_eq!(route("/csefoo/", "/cse/"), Routed::Outside);
        assert_eq!(route("//cse/x", "/cse/"), Routed::Outside);
    }

    #[test]
    fn injection_adds_the_script_the_csp_and_the_overlay() {
        let html = "<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'\"></head><body class=\"x\"><main>Old</main></body></html>";
        let page = inject(html, Some("<div class=\"beacon-overlay\">error</div>"));
        assert!(page.contains("default-src 'none'; connect-src 'self';"));
        assert!(page.contains("<script src=\"/__beacon/live.js\" defer></script>\n</head>"));
        assert!(page.contains(
            "<body class=\"x\"><div class=\"beacon-overlay\">error</div><main>Old</main>"
        ));
    }

    #[test]
    fn content_types_are_right() {
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("feed.xml")), "application/xml");
        assert_eq!(content_type(Path::new("logo.svg")), "image/svg+xml");
    }
}
