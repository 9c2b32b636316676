//! `beacon serve --edit` end to end over plain HTTP: the session starts
//! only from the printed address, every write needs the token, the cookie
//! and the server's own origin, a wrong Host is refused, pages are named by
//! id only, and saving keeps the file's bytes (unchanged: identical;
//! changed: comments and key order kept).

mod common;

use std::process::Command;

use common::server::{Response, Server};

const PAGE: &str = "content/realise/myths.md";

/// A form's fields as a browser posts them.
type Fields = Vec<(String, String)>;

/// An editing server and its session's token and cookie.
struct Session {
    server: Server,
    token: String,
}

impl Session {
    fn start() -> Session {
        let server = Server::start_with("basic", &["--edit"]);
        let editor = server
            .editor
            .clone()
            .expect("serve --edit printed the editor");
        let token = editor.split("token=").nth(1).unwrap().to_string();
        Session { server, token }
    }

    fn host(&self) -> String {
        format!("Host: {}", self.server.address)
    }

    fn cookie(&self) -> String {
        format!("Cookie: beacon_edit={}", self.token)
    }

    fn origin(&self) -> String {
        format!("Origin: http://{}", self.server.address)
    }

    /// A GET with the session's cookie.
    fn get(&self, path: &str) -> Response {
        self.server
            .send("GET", path, &[&self.host(), &self.cookie()], b"")
    }

    /// A POST of `form` with exactly these headers (besides Host).
    fn post_with(&self, path: &str, headers: &[&str], form: &[(String, String)]) -> Response {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let mut all = vec![
            self.host(),
            "Content-Type: application/x-www-form-urlencoded".to_string(),
        ];
        all.extend(headers.iter().map(|h| h.to_string()));
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        self.server.send("POST", path, &all, body.as_bytes())
    }

    /// A POST as the editor's own page sends it.
    fn post(&self, path: &str, form: &[(String, String)]) -> Response {
        self.post_with(path, &[&self.cookie(), &self.origin()], form)
    }

    /// The address of the form for the page in `file`, from the dashboard.
    fn form_address(&self, title: &str) -> String {
        let dashboard = self.get("/_beacon/edit/");
        assert_eq!(dashboard.status, 200, "{}", dashboard.body);
        let link = format!("\">{title}</a>");
        let at = dashboard
            .body
            .find(&link)
            .unwrap_or_else(|| panic!("{title} is listed"));
        let start = dashboard.body[..at].rfind("href=\"").unwrap() + 6;
        dashboard.body[start..at].to_string()
    }

    fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.server.site.path().join(file)).unwrap()
    }
}

/// The fields a browser would post from a form page: every named input's
/// value (checked boxes only), the textareas, and the Save button.
fn posted_fields(html: &str) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    for tag in html.split("<input ").skip(1) {
        let tag = &tag[..tag.find('>').unwrap()];
        let (Some(name), value) = (attribute(tag, "name"), attribute(tag, "value")) else {
            continue;
        };
        let checkable = tag.contains("type=\"checkbox\"") || tag.contains("type=\"radio\"");
        if !checkable || tag.contains(" checked") {
            fields.push((name, value.unwrap_or_default()));
        }
    }
    for part in html.split("<textarea ").skip(1) {
        let open_end = part.find('>').unwrap();
        let name = attribute(&part[..open_end], "name").unwrap();
        let content = &part[open_end + 1..part.find("</textarea>").unwrap()];
        // HTML drops the one newline straight after the tag.
        let content = content.strip_prefix('\n').unwrap_or(content);
        fields.push((name, unescape(content)));
    }
    fields.push(("action".into(), "save".into()));
    fields
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + tag[start..].find('"')?;
    Some(unescape(&tag[start..end]))
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn set(fields: &mut [(String, String)], name: &str, value: &str) {
    let field = fields.iter_mut().find(|(n, _)| n == name).unwrap();
    field.1 = value.to_string();
}

#[test]
fn the_session_starts_only_from_the_printed_address() {
    let session = Session::start();
    let server = &session.server;
    let host = session.host();
    let without = server.send("GET", "/_beacon/edit/", &[&host], b"");
    assert_eq!(without.status, 403);
    assert!(without.body.contains("Open the editor from its link"));
    let wrong = server.send("GET", "/_beacon/edit/?token=0000", &[&host], b"");
    assert_eq!(wrong.status, 403);
    assert!(!wrong.headers.contains("set-cookie"));
    let path = format!("/_beacon/edit/?token={}", session.token);
    let start = server.send("GET", &path, &[&host], b"");
    assert_eq!(start.status, 303);
    assert!(start.headers.contains("location: /_beacon/edit/\r\n"));
    assert!(start.headers.contains(&format!(
        "set-cookie: beacon_edit={}; path=/_beacon/edit/; httponly; samesite=strict",
        session.token
    )));
    let dashboard = session.get("/_beacon/edit/");
    assert_eq!(dashboard.status, 200);
    assert!(dashboard.body.contains(">Myths</a>"));
    assert!(dashboard.headers.contains("frame-ancestors 'self'"));
    assert!(dashboard.headers.contains("x-frame-options: sameorigin"));
    assert!(!dashboard.headers.contains("access-control-"));
    let options = server.send(
        "OPTIONS",
        "/_beacon/edit/",
        &[&host, &session.cookie()],
        b"",
    );
    assert_eq!(options.status, 405);
    assert!(!options.headers.contains("access-control-"));
}

#[test]
fn a_request_for_another_host_name_is_refused_everywhere() {
    let session = Session::start();
    let port = session.server.address.rsplit(':').next().unwrap();
    for path in ["/_beacon/edit/", "/campaign/realise/myths/"] {
        let rebound = format!("Host: attacker.example:{port}");
        let response = session
            .server
            .send("GET", path, &[&rebound, &session.cookie()], b"");
        assert_eq!(response.status, 421, "{path}");
        assert!(!response.body.contains("Myths"));
    }
    let localhost = format!("Host: localhost:{port}");
    let response = session.server.send(
        "GET",
        "/_beacon/edit/",
        &[&localhost, &session.cookie()],
        b"",
    );
    assert_eq!(response.status, 200);
}

#[test]
fn a_write_needs_the_cookie_the_token_and_the_server_s_own_origin() {
    let session = Session::start();
    let address = session.form_address("Myths");
    let form = session.get(&address);
    let mut fields = posted_fields(&form.body);
    set(&mut fields, "title", "Myths changed");
    let before = session.read(PAGE);
    let cookie = session.cookie();
    let origin = session.origin();
    let no_token: Vec<(String, String)> = fields
        .iter()
        .filter(|(n, _)| n != "token")
        .cloned()
        .collect();
    let mut wrong_token = fields.clone();
    set(&mut wrong_token, "token", "0000");
    let refused: Vec<(&str, Vec<&str>, &Fields)> = vec![
        ("no Origin", vec![&cookie], &fields),
        (
            "another Origin",
            vec![&cookie, "Origin: http://attacker.example"],
            &fields,
        ),
        ("Origin null", vec![&cookie, "Origin: null"], &fields),
        (
            "cross-site fetch",
            vec![&cookie, &origin, "Sec-Fetch-Site: cross-site"],
            &fields,
        ),
        ("no cookie", vec![&origin], &fields),
        ("no token", vec![&cookie, &origin], &no_token),
        ("wrong token", vec![&cookie, &origin], &wrong_token),
    ];
    for (what, headers, form) in refused {
        let response = session.post_with(&address, &headers, form);
        assert_eq!(response.status, 403, "{what}: {}", response.body);
        assert_eq!(session.read(PAGE), before, "{what} wrote nothing");
    }
    let query = format!(
        "{address}?title=Changed&action=save&token={}",
        session.token
    );
    let response = session.get(&query);
    assert_eq!(
        response.status, 303,
        "a token in a GET only opens a session"
    );
    assert!(response
        .headers
        .contains(&format!("location: {address}\r\n")));
    assert_eq!(session.read(PAGE), before, "a GET changes nothing");
    let saved = session.post(&address, &fields);
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(
        session.read(PAGE),
        before.replace("title: Myths\n", "title: Myths changed\n")
    );
}

#[test]
fn a_page_saved_with_no_change_stays_byte_identical_and_a_change_keeps_comments_and_order() {
    let session = Session::start();
    let text = "---\n# Reviewed by the safeguarding partnership.\ntitle: Myths\ndescription: Myths and facts.   # the card's text\nrs: [realise]\nweight: 2\naudiences:\n  - parents\ndate: 2026-10-01\n---\n\nRead about [the signs](../recognise/signs.md#at-home).\r\n\nText with  two spaces and a trailing space \n";
    session.server.site.write(PAGE, text);
    let address = session.form_address("Myths");
    let fields = posted_fields(&session.get(&address).body);
    let unchanged = session.post(&address, &fields);
    assert_eq!(unchanged.status, 303, "{}", unchanged.body);
    assert!(unchanged.headers.contains("done=unchanged"));
    assert_eq!(session.read(PAGE), text, "byte-identical");
    let mut fields = fields;
    set(&mut fields, "description", "What people get wrong.");
    let checkbox = ("audiences".to_string(), "professionals".to_string());
    fields.push(checkbox);
    let saved = session.post(&address, &fields);
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(
        session.read(PAGE),
        text.replace(
            "description: Myths and facts.   # the card's text",
            "description: What people get wrong. # the card's text"
        )
        .replace(
            "audiences:\n  - parents\n",
            "audiences: [parents, professionals]\n"
        )
    );
}

#[test]
fn a_save_with_errors_is_refused_unless_a_draft_and_an_outside_change_is_never_overwritten() {
    let session = Session::start();
    // No page links here, so leaving it out as a draft breaks no link.
    const PAGE: &str = "content/realise/extra.md";
    session.server.site.write(
        PAGE,
        "---\ntitle: Extra\ndescription: More.\nrs: [realise]\n---\n\nSee [the signs](../recognise/signs.md#at-home).\n\nText.\n",
    );
    let address = session.form_address("Extra");
    let mut fields = posted_fields(&session.get(&address).body);
    let body = fields.iter().find(|(n, _)| n == "body").unwrap().1.clone();
    set(
        &mut fields,
        "body",
        &body.replace("../recognise/signs.md#at-home", "nowhere.md"),
    );
    let before = session.read(PAGE);
    let refused = session.post(&address, &fields);
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("There is a problem"));
    assert!(refused.body.contains("href=\"#field-body\""));
    assert!(refused
        .body
        .contains("class=\"error-message\" id=\"field-body-error\""));
    assert!(
        refused
            .body
            .contains("Line 2 of the page text: broken link"),
        "{}",
        refused.body
    );
    assert_eq!(session.read(PAGE), before);
    fields.push(("draft".into(), "true".into()));
    let draft = session.post(&address, &fields);
    assert_eq!(draft.status, 303, "{}", draft.body);
    assert!(draft.headers.contains("done=draft"));
    assert!(session.read(PAGE).contains("draft: true\n"));

    let fields = posted_fields(&session.get(&address).body);
    let outside = session.read(PAGE).replace("Text.", "Changed outside.");
    session.server.site.write(PAGE, &outside);
    let conflict = session.post(&address, &fields);
    assert_eq!(conflict.status, 409);
    assert!(conflict
        .body
        .contains("changed this file since you opened it"));
    assert!(
        conflict.body.contains("-Changed outside."),
        "the diff shows it"
    );
    assert_eq!(session.read(PAGE), outside, "the outside change is kept");
}

#[test]
fn a_page_is_named_by_its_id_never_by_a_path() {
    let session = Session::start();
    let address = session.form_address("Myths");
    let fields = posted_fields(&session.get(&address).body);
    let before = session.read("site.yaml");
    for path in [
        "/_beacon/edit/page/..%2F..%2Fsite.yaml",
        "/_beacon/edit/page/content%2Frealise%2Fmyths.md",
        "/_beacon/edit/page/%2Fetc%2Fpasswd",
        "/_beacon/edit/page/0000000000000000",
    ] {
        assert_eq!(session.get(path).status, 404, "{path}");
        let response = session.post(path, &fields);
        assert_eq!(response.status, 404, "{path}");
    }
    assert_eq!(session.read("site.yaml"), before);
}

#[cfg(unix)]
#[test]
fn a_page_that_became_a_symbolic_link_is_not_written_through() {
    let session = Session::start();
    let address = session.form_address("Myths");
    let mut fields = posted_fields(&session.get(&address).body);
    set(&mut fields, "title", "Through the link");
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("myths.md");
    std::fs::write(&target, session.read(PAGE)).unwrap();
    let page = session.server.site.path().join(PAGE);
    std::fs::remove_file(&page).unwrap();
    std::os::unix::fs::symlink(&target, &page).unwrap();
    let response = session.post(&address, &fields);
    assert!(matches!(response.status, 403 | 404), "{}", response.status);
    assert!(!std::fs::read_to_string(&target)
        .unwrap()
        .contains("Through the link"));
    assert!(std::fs::symlink_metadata(&page)
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn a_request_larger_than_the_limit_is_refused() {
    let session = Session::start();
    let address = session.form_address("Myths");
    let mut fields = posted_fields(&session.get(&address).body);
    set(&mut fields, "body", &"a".repeat(5 * 1024 * 1024));
    let before = session.read(PAGE);
    let response = session.post(&address, &fields);
    assert!(
        response.status == 403 || response.status == 0,
        "{}",
        response.status
    );
    assert_eq!(session.read(PAGE), before);
}

#[test]
fn the_editor_is_refused_on_an_address_other_computers_can_reach() {
    let site = common::TestSite::fixture("basic");
    let output = Command::new(env!("CARGO_BIN_EXE_beacon"))
        .args([
            "serve", "--edit", "--port", "0", "--bind", "0.0.0.0", "--site",
        ])
        .arg(site.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "the editor is only for this computer, and 0.0.0.0 is not a loopback address"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("leave out --bind"), "{stderr}");
}
