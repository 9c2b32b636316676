//! `beacon serve` end to end: a real server on a free port against a
//! temporary site, driven over plain HTTP.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::server::{Response, Server};

#[test]
fn serves_pages_with_live_reload_and_no_caching() {
    let server = Server::start();
    let page = server.get("/realise/myths/");
    assert_eq!(page.status, 200);
    assert!(page
        .headers
        .contains("content-type: text/html; charset=utf-8"));
    assert!(page.headers.contains("cache-control: no-store"));
    assert!(page
        .body
        .contains("<script src=\"/__beacon/live.js\" defer></script>"));
    assert!(
        page.body.contains("connect-src 'self'"),
        "the CSP lets live reload connect"
    );
    let css = server.get("/assets/beacon.css");
    assert!(css.headers.contains("content-type: text/css"));
    assert!(server
        .request_raw("GET", "/__beacon/live.js")
        .body
        .contains("EventSource"));
    let head = server.request("HEAD", "/realise/myths/");
    assert_eq!((head.status, head.body.as_str()), (200, ""));
    assert_eq!(server.request("POST", "/").status, 405);
    assert_eq!(server.get("/realise").status, 308);
}

#[test]
fn drafts_are_shown_and_marked() {
    let server = Server::start();
    let draft = server.get("/realise/draft/");
    assert_eq!(draft.status, 200);
    assert!(
        draft.body.contains("draft-banner"),
        "a draft is marked as one"
    );
}

#[test]
fn an_edit_is_served_then_a_broken_edit_shows_the_overlay_over_the_old_page_until_fixed() {
    let server = Server::start();
    let path = server.site.path().join("content/realise/myths.md");
    let original = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, original.replace("Text.", "Freshly edited text.")).unwrap();
    server.wait_for("/realise/myths/", "the edit", |r| {
        r.body.contains("Freshly edited text.")
    });

    std::fs::write(
        &path,
        "---\ntitle: Myths\ndescription: D\nrs: [realise]\nfoo: bar\n---\nBroken.\n",
    )
    .unwrap();
    let broken = server.wait_for("/realise/myths/", "the overlay", |r| {
        r.body.contains("beacon-overlay")
    });
    assert!(
        broken.body.contains("content/realise/myths.md:5:1"),
        "the overlay names file and line"
    );
    assert!(broken.body.contains("unknown key"));
    assert!(
        broken.body.contains("Freshly edited text."),
        "the last good page stays under the overlay"
    );
    assert!(
        server.get("/").body.contains("beacon-overlay"),
        "every page shows the overlay"
    );

    std::fs::write(&path, original.replace("Text.", "Fixed text.")).unwrap();
    server.wait_for(
        "/realise/myths/",
        "the fix, with the overlay cleared",
        |r| r.body.contains("Fixed text.") && !r.body.contains("beacon-overlay"),
    );
}

#[test]
fn a_deleted_page_is_404_with_the_site_404_page() {
    let server = Server::start();
    assert_eq!(server.get("/react/who-to-call/").status, 200);
    std::fs::remove_file(server.site.path().join("content/react/call.md")).unwrap();
    let gone = server.wait_for("/react/who-to-call/", "the 404", |r| r.status == 404);
    assert!(
        gone.body.contains("<h1"),
        "the site's own 404 page: {}",
        gone.body
    );
    assert_eq!(server.get("/no/such/page/").status, 404);
}

#[test]
fn paths_outside_the_site_are_refused() {
    let server = Server::start();
    for path in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/%2E%2E%5C%2E%2E%5Cetc%5Cpasswd",
        "/assets/../../../../etc/passwd",
        "/%252e%252e/etc/passwd",
    ] {
        let response = server.get(path);
        assert_ne!(response.status, 200, "{path}");
        assert!(!response.body.contains("root:"), "{path} leaked a file");
    }
}

#[test]
fn the_live_reload_endpoint_fires_on_a_rebuild() {
    let server = Server::start();
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET /__beacon/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
        server.address
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.contains("200"), "{line}");
    let path = server.site.path().join("content/react/call.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("Call the", "Please call the")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen = String::new();
    while Instant::now() < deadline && !seen.contains("event: reload") {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        seen.push_str(&line);
    }
    assert!(
        seen.contains("event: reload"),
        "no reload event; saw {seen:?}"
    );
}

#[test]
fn both_languages_are_previewed_each_with_its_own_404_page() {
    let server = Server::start_on("bilingual");
    let welsh = server.get("/cy/adnabod/arwyddion/");
    assert_eq!(welsh.status, 200);
    assert!(welsh.body.contains("<html lang=\"cy\">"));
    let missing = server.get("/cy/dim-tudalen/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("<html lang=\"cy\">"),
        "the Welsh 404 page"
    );
    let missing = server.get("/no-page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("<html lang=\"en\">"));
}

#[test]
fn responses_carry_production_headers_and_head_matches_get() {
    let server = Server::start();
    let get = server.get("/realise/");
    for header in [
        "referrer-policy: no-referrer",
        "x-frame-options: deny",
        "x-content-type-options: nosniff",
        "content-security-policy: default-src 'none';",
        "frame-ancestors 'none'",
    ] {
        assert!(
            get.headers.contains(header),
            "{header} missing: {}",
            get.headers
        );
    }
    let length = |r: &Response| {
        r.headers
            .lines()
            .find_map(|line| line.strip_prefix("content-length: "))
            .map(str::to_string)
    };
    let head = server.request("HEAD", "/realise/");
    assert_eq!(head.status, 200);
    assert_eq!(length(&head), Some(get.body.len().to_string()));
    assert!(head.body.is_empty());
}

#[test]
fn a_doubled_slash_never_redirects_to_another_host() {
    let server = Server::start_on("theme-override");
    assert_eq!(server.root, "", "this site is at the server's root");
    let response = server.get("//realise");
    assert_eq!(response.status, 308);
    assert!(
        response.headers.contains("location: /realise/\r\n")
            || response.headers.ends_with("location: /realise/"),
        "{}",
        response.headers
    );
}

#[cfg(unix)]
#[test]
fn a_folder_linked_from_outside_the_preview_is_not_served() {
    let server = Server::start();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("index.html"), "<h1>secret</h1>").unwrap();
    std::fs::write(outside.path().join("file.txt"), "secret").unwrap();
    let preview = server.out.path().join("preview");
    std::os::unix::fs::symlink(outside.path(), preview.join("leak")).unwrap();
    assert_eq!(server.get("/leak/").status, 404);
    assert_eq!(server.get("/leak/file.txt").status, 404);
}

#[test]
fn the_site_is_previewed_under_its_base_url_path_as_in_production() {
    let server = Server::start();
    assert_eq!(server.root, "/campaign", "serve printed the site's URL");
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(
        home.body.contains("href=\"/campaign/realise/\""),
        "links carry the path"
    );
    for (path, location) in [("/", "/campaign/"), ("/campaign", "/campaign/")] {
        let response = server.request_raw("GET", path);
        assert_eq!(response.status, 308, "{path}");
        assert!(
            response.headers.contains(&format!("location: {location}")),
            "{path}: {}",
            response.headers
        );
    }
    let forgot_the_path = server.request_raw("GET", "/realise/myths/");
    assert_eq!(
        forgot_the_path.status, 404,
        "a link without the base path fails here as it would in production"
    );
    assert!(
        forgot_the_path.body.contains("<h1"),
        "with the site's 404 page"
    );
}
