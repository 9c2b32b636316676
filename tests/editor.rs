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
        Session::start_on("basic")
    }

    fn start_on(fixture: &str) -> Session {
        let server = Server::start_with(fixture, &["--edit"]);
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

const SERVICES: &str = "content/_signposts/services.yaml";

/// The form of the help service named `name`, from the dashboard's list.
fn service_form(session: &Session, name: &str) -> (String, Fields) {
    let address = session.form_address(name);
    assert!(address.contains("/_beacon/edit/service/"), "{address}");
    let form = session.get(&address);
    assert_eq!(form.status, 200, "{}", form.body);
    (address, posted_fields(&form.body))
}

#[test]
fn a_service_saved_unchanged_stays_byte_identical_and_a_new_number_changes_only_its_line() {
    let session = Session::start();
    let before = session.read(SERVICES);
    let (address, mut fields) = service_form(&session, "Adult helpline");
    let unchanged = session.post(&address, &fields);
    assert_eq!(unchanged.status, 303, "{}", unchanged.body);
    assert!(unchanged.headers.contains("done=unchanged"));
    assert_eq!(session.read(SERVICES), before, "byte-identical");
    set(&mut fields, "phone", "0808 800 5001");
    set(&mut fields, "phones-0-number", "0808 800 5002");
    set(&mut fields, "phones-0-label", "Out of hours");
    let saved = session.post(&address, &fields);
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert!(saved.headers.contains("done=saved"));
    let expected = before.replace(
        "  phone: \"0808 800 5000\"\n  email: help@example.org\n  verified: 2026-11-01\n",
        "  phone: \"0808 800 5001\"\n  email: help@example.org\n  verified: 2026-11-01\n  phones:\n    - number: 0808 800 5002\n      label: Out of hours\n",
    );
    assert_ne!(expected, before);
    assert_eq!(session.read(SERVICES), expected);
    // The help page the form shows beside it has the new number.
    let form = session.get(&address).body;
    let preview = attribute(&form[form.find("<iframe ").unwrap()..], "src").unwrap();
    assert_eq!(preview, format!("{}/get-help/", session.server.root));
    let page = session
        .server
        .wait_for("/get-help/", "the new number", |r| {
            r.body.contains("tel:+448088005002")
        });
    assert!(page.body.contains("<dt>Out of hours</dt>"));
}

#[test]
fn a_service_s_form_previews_the_get_help_page_with_its_unsaved_changes() {
    let session = Session::start();
    let before = session.read(SERVICES);
    let (address, mut fields) = service_form(&session, "Adult helpline");
    assert!(session
        .get(&address)
        .body
        .contains(&format!("data-preview=\"{address}/preview\"")));
    set(&mut fields, "name", "Adult helpline, typed");
    set(&mut fields, "phone", "0808 800 5009");
    let preview = session.post(&format!("{address}/preview"), &fields);
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(
        preview.body.contains("Adult helpline, typed"),
        "the unsaved name"
    );
    assert!(
        preview.body.contains("tel:+448088005009"),
        "the unsaved number"
    );
    let own = format!("style-src 'self' http://{}", session.server.address);
    assert!(
        preview.body.contains(&own),
        "the frame's policy names the editor's origin"
    );
    assert_eq!(session.read(SERVICES), before, "nothing written");
    set(&mut fields, "name", "");
    let broken = session.post(&format!("{address}/preview"), &fields);
    assert_eq!(broken.status, 422, "{}", broken.body);
    let stranger = session.post_with(&format!("{address}/preview"), &[&session.cookie()], &fields);
    assert_eq!(stranger.status, 403, "no Origin, no preview");
}

#[test]
fn a_drama_number_or_a_number_the_build_refuses_is_an_error_at_its_field_and_nothing_is_written() {
    let session = Session::start();
    let before = session.read(SERVICES);
    let (address, mut fields) = service_form(&session, "Adult helpline");
    set(&mut fields, "phone", "01632 960123");
    let drama = session.post(&address, &fields);
    assert_eq!(drama.status, 422, "{}", drama.body);
    assert!(drama.body.contains("There is a problem"));
    assert!(
        drama.body.contains("01632 960123 is an Ofcom drama number"),
        "{}",
        drama.body
    );
    assert!(drama.body.contains("href=\"#field-phone\""));
    assert!(drama.body.contains("id=\"field-phone-error\""));
    assert_eq!(session.read(SERVICES), before);

    set(&mut fields, "phone", "12345");
    let invalid = session.post(&address, &fields);
    assert_eq!(invalid.status, 422, "{}", invalid.body);
    assert!(
        invalid.body.contains("href=\"#field-phone\""),
        "{}",
        invalid.body
    );
    assert!(invalid.body.contains("12345"));
    assert_eq!(session.read(SERVICES), before);

    // A check shows the same problem and writes nothing.
    set(&mut fields, "action", "check");
    let checked = session.post(&address, &fields);
    assert!(checked.body.contains("id=\"field-phone-error\""));
    assert_eq!(session.read(SERVICES), before);
}

#[test]
fn checked_today_needs_every_number_and_address_ticked() {
    let session = Session::start();
    let (address, mut fields) = service_form(&session, "Adult helpline");
    set(&mut fields, "action", "verify");
    fields.push(("confirm".into(), "phone".into()));
    let half = session.post(&address, &fields);
    assert_eq!(half.status, 422, "{}", half.body);
    assert!(
        half.body
            .contains("tick help@example.org once you have checked"),
        "{}",
        half.body
    );
    assert!(!half.body.contains("tick 0808 800 5000"));
    assert!(half.body.contains("href=\"#field-confirm\""));
    let before = session.read(SERVICES);
    assert!(before.contains("  email: help@example.org\n  verified: 2026-11-01\n"));
    fields.push(("confirm".into(), "email".into()));
    let done = session.post(&address, &fields);
    assert_eq!(done.status, 303, "{}", done.body);
    assert!(done.headers.contains("done=checked"));
    let after = session.read(SERVICES);
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(old, new)| old != new)
        .collect();
    assert_eq!(changed.len(), 1, "only the helpline's date: {changed:?}");
    assert_eq!(changed[0].0, "  verified: 2026-11-01");
    assert!(changed[0].1.starts_with("  verified: 20"), "{changed:?}");
}

#[test]
fn a_national_service_on_a_council_copy_is_shown_and_never_written() {
    let session = Session::start_on("council");
    let address = session.form_address("NSPCC Helpline");
    let form = session.get(&address);
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(form.body.contains("comes from the national campaign"));
    assert!(!form.body.contains("<form"));
    let national = "national/content/_signposts/national.yaml";
    let before = session.read(national);
    let fields: Fields = vec![
        ("token".into(), session.token.clone()),
        ("name".into(), "Changed".into()),
        ("action".into(), "save".into()),
    ];
    let refused = session.post(&address, &fields);
    assert_eq!(refused.status, 403, "{}", refused.body);
    let preview = session.post(&format!("{address}/preview"), &fields);
    assert_eq!(
        preview.status, 404,
        "a national service has no form to preview"
    );
    assert_eq!(session.read(national), before);
}

#[test]
fn a_missing_translation_starts_from_its_original_and_opens_beside_it() {
    let session = Session::start_on("bilingual");
    let address = session.form_address("About exploitation");
    let form = session.get(&address).body;
    assert!(
        form.contains("This page has no Welsh translation yet."),
        "{form}"
    );
    let start = |language: &str| {
        let fields: Fields = vec![
            ("token".into(), session.token.clone()),
            ("language".into(), language.into()),
        ];
        session.post(&format!("{address}/translate"), &fields)
    };
    let unknown = start("fr");
    assert_eq!(unknown.status, 409, "{}", unknown.body);
    let started = start("cy");
    assert_eq!(started.status, 303, "{}", started.body);
    assert!(started.headers.contains("done=translation"));
    let written = session.read("content/realise/about.cy.md");
    let original = session.read("content/realise/about.md");
    let body = original.splitn(3, "---\n").nth(2).unwrap();
    assert_eq!(
        written,
        format!("---\ntitle: About exploitation\ndescription: What exploitation is.\ndraft: true\n---\n{body}")
    );
    let again = start("cy");
    assert_eq!(again.status, 409, "{}", again.body);
    assert_eq!(
        session.read("content/realise/about.cy.md"),
        written,
        "never replaced"
    );
    // The translation's form has the original beside it.
    let location = started
        .headers
        .lines()
        .find_map(|line| {
            line.strip_prefix("location: ")
                .or_else(|| line.strip_prefix("Location: "))
        })
        .unwrap()
        .trim()
        .to_string();
    let translation = session.get(&location);
    assert_eq!(translation.status, 200, "{}", translation.body);
    assert!(translation.body.contains("The English original"));
    assert!(translation
        .body
        .contains("<pre class=\"readonly original__text\""));
    assert!(translation.body.contains("Translation started as a draft"));
}

/// The `Location` a 303 sends the browser to.
fn location(response: &Response) -> String {
    response
        .headers
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("location")
                .then(|| value.trim().to_string())
        })
        .expect("a Location header")
}

#[test]
fn a_council_overrides_a_national_page_and_accepts_a_national_change() {
    let session = Session::start_on("council");
    let token = || -> Fields { vec![("token".into(), session.token.clone())] };
    // A national page: read-only, with "Override this page".
    let national = session.form_address("Myths and facts");
    let page = session.get(&national).body;
    assert!(page.contains("Override this page"), "{page}");
    assert!(!page.contains("name=\"title\""));
    let overridden = session.post(&format!("{national}/override"), &token());
    assert_eq!(overridden.status, 303, "{}", overridden.body);
    let own = location(&overridden);
    assert!(own.ends_with("?done=overridden"), "{own}");
    assert_eq!(
        session.read("content/realise/myths.md"),
        session.read("national/content/realise/myths.md"),
        "a byte-for-byte copy"
    );
    let lock = session.read("upstream.lock");
    assert!(lock.contains("realise/myths.md"), "{lock}");
    let form = session.get(&own).body;
    assert!(form.contains("name=\"title\""), "the copy has a form");
    assert!(
        form.contains("has not changed since you accepted it"),
        "{form}"
    );
    // The national page is gone from the site (the copy replaced it).
    let again = session.post(&format!("{national}/override"), &token());
    assert_eq!(again.status, 404, "{}", again.body);

    // An override never accepted: the national text can be accepted.
    let signs = session.form_address("Signs");
    let page = session.get(&signs).body;
    assert!(
        page.contains("You have not yet accepted the national version"),
        "{page}"
    );
    assert!(page.contains("how your page differs from the national page now"));
    assert!(page.contains("-description: The signs that a child may be exploited, in Northfield.\n+description: The signs that a child may be exploited.\n"), "{page}");
    let accepted = session.post(&format!("{signs}/accept"), &token());
    assert_eq!(accepted.status, 303, "{}", accepted.body);
    assert!(session.read("upstream.lock").contains("recognise/signs.md"));
    assert!(session
        .get(&signs)
        .body
        .contains("has not changed since you accepted it"));

    // A national change since: shown with its diff.
    let upstream = "national/content/recognise/signs.md";
    let changed = session.read(upstream).replace(
        "The signs that a child may be exploited.",
        "The signs that a child may be being exploited.",
    );
    session.server.site.write(upstream, &changed);
    let page = session.get(&signs).body;
    assert!(
        page.contains("has changed this page since you accepted it"),
        "{page}"
    );
    assert!(
        page.contains("+description: The signs that a child may be being exploited."),
        "{page}"
    );
    assert!(page.contains("Accept the national version"));
    assert_eq!(
        session.read("content/recognise/signs.md").lines().nth(2),
        Some("description: The signs that a child may be exploited, in Northfield."),
        "accepting never changes the council's page"
    );
}

/// One part of a multipart form: its name, a file name for a file, and
/// its bytes.
type Part<'a> = (&'a str, Option<&'a str>, &'a [u8]);

impl Session {
    /// A multipart POST as the editor's upload form sends it.
    fn upload(&self, path: &str, parts: &[Part], token: bool) -> Response {
        let boundary = "beacon-test-boundary-7d1f";
        let mut body = Vec::new();
        let token_part = ("token", None, self.token.as_bytes());
        let all: Vec<&Part> = token
            .then_some(&token_part)
            .into_iter()
            .chain(parts)
            .collect();
        for (name, file, bytes) in all {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let disposition = match file {
                Some(file) => format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n"),
                None => format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n"),
            };
            body.extend_from_slice(disposition.as_bytes());
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let content_type = format!("Content-Type: multipart/form-data; boundary={boundary}");
        let headers = [self.host(), content_type, self.cookie(), self.origin()];
        let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
        self.server.send("POST", path, &headers, &body)
    }
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n not really the rest of a picture";

#[test]
fn a_picture_is_saved_beside_its_page_only_with_what_it_shows_and_never_over_a_file() {
    let session = Session::start();
    let address = format!("{}/upload", session.form_address("Myths"));
    assert!(session
        .get(&address)
        .body
        .contains("enctype=\"multipart/form-data\""));
    let no_alt = session.upload(
        &address,
        &[("file", Some("Poster.PNG"), PNG), ("alt", None, b"")],
        true,
    );
    assert_eq!(no_alt.status, 422, "{}", no_alt.body);
    assert!(no_alt.body.contains("href=\"#field-alt\""));
    assert!(no_alt.body.contains("Say what the picture shows"));
    let picture = session
        .server
        .site
        .path()
        .join("content/realise/poster.png");
    assert!(!picture.exists());

    let parts: &[Part] = &[
        ("file", Some("../../Poster.PNG"), PNG),
        ("alt", None, b"A poster with the helpline number"),
    ];
    let saved = session.upload(&address, parts, true);
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(
        std::fs::read(&picture).unwrap(),
        PNG,
        "saved beside the page under a safe name"
    );
    assert!(saved
        .body
        .contains("![A poster with the helpline number](poster.png)"));
    let other = b"\x89PNG\r\n\x1a\n another picture";
    let again = session.upload(
        &address,
        &[
            ("file", Some("poster.png"), other),
            ("alt", None, b"Another"),
        ],
        true,
    );
    assert_eq!(again.status, 409, "{}", again.body);
    assert_eq!(std::fs::read(&picture).unwrap(), PNG, "never over a file");

    let not_a_picture = session.upload(
        &address,
        &[
            ("file", Some("photo.jpg"), b"<script>alert(1)</script>"),
            ("alt", None, b"x"),
        ],
        true,
    );
    assert_eq!(not_a_picture.status, 422);
    assert!(not_a_picture.body.contains("href=\"#field-file\""));
    let page = session.upload(&address, &[("file", Some("page.html"), b"<p>hi</p>")], true);
    assert_eq!(page.status, 422);
    assert!(!session
        .server
        .site
        .path()
        .join("content/realise/page.html")
        .exists());
}

#[test]
fn a_document_gets_its_sidecar_and_an_upload_needs_the_token_and_fits_the_limit() {
    let session = Session::start();
    let address = format!("{}/upload", session.form_address("Myths"));
    let parts: &[Part] = &[
        ("file", Some("Leaflet.pdf"), b"%PDF-1.7 a leaflet"),
        ("title", None, b"Signs: a leaflet for parents"),
        ("checked", None, b"true"),
    ];
    let saved = session.upload(&address, parts, true);
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(saved
        .body
        .contains("[Signs: a leaflet for parents](leaflet.pdf)"));
    let sidecar = session.read("content/realise/leaflet.pdf.yaml");
    assert!(
        sidecar.starts_with("title: \"Signs: a leaflet for parents\"\naccessibility_checked: 20"),
        "{sidecar}"
    );

    let without_token = session.upload(&address, &[("file", Some("other.pdf"), b"%PDF")], false);
    assert_eq!(without_token.status, 403, "{}", without_token.body);
    assert!(!session
        .server
        .site
        .path()
        .join("content/realise/other.pdf")
        .exists());
    let huge = vec![b'x'; 10 * 1024 * 1024 + 100 * 1024];
    let too_big = session.upload(&address, &[("file", Some("huge.pdf"), &huge)], true);
    assert_eq!(too_big.status, 413, "{}", too_big.status);
    assert!(!session
        .server
        .site
        .path()
        .join("content/realise/huge.pdf")
        .exists());
}

#[test]
fn the_preview_renders_the_unsaved_page_with_the_theme_and_writes_nothing() {
    let session = Session::start();
    let address = session.form_address("Myths");
    let mut fields = posted_fields(&session.get(&address).body);
    set(&mut fields, "title", "Myths, unsaved");
    let before = session.read(PAGE);
    let preview = session.post(&format!("{address}/preview"), &fields);
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(preview.body.contains("<h1"), "a whole theme page");
    assert!(preview.body.contains("Myths, unsaved"));
    assert!(
        preview.body.contains("Exit this page"),
        "the theme's quick exit"
    );
    assert_eq!(session.read(PAGE), before, "nothing written");
    let body = fields.iter().find(|(n, _)| n == "body").unwrap().1.clone();
    set(
        &mut fields,
        "body",
        &format!("{body}\n[Nowhere](nowhere.md)\n"),
    );
    let broken = session.post(&format!("{address}/preview"), &fields);
    assert_eq!(broken.status, 422, "{}", broken.body);
    assert!(broken.body.contains("No preview yet"));
    let stranger = session.post_with(&format!("{address}/preview"), &[&session.cookie()], &fields);
    assert_eq!(stranger.status, 403, "no Origin, no preview");
}

#[test]
fn each_problem_on_the_dashboard_links_to_the_field_that_causes_it() {
    let session = Session::start();
    let site = session.server.site.path();
    let page = site.join(PAGE);
    let text = session.read(PAGE);
    let broken =
        text.replace("weight: 2", "weight: 2\nreview_by: 2020-01-01") + "\n[Nowhere](nowhere.md)\n";
    std::fs::write(&page, broken).unwrap();
    let services = site.join("content/_signposts/services.yaml");
    let directory = std::fs::read_to_string(&services).unwrap();
    let stale = directory.replacen(
        "  email: help@example.org\n  verified: 2026-11-01",
        "  email: help@example.org\n  verified: 2020-01-01",
        1,
    );
    assert_ne!(stale, directory, "the fixture's helpline has its date");
    std::fs::write(&services, stale).unwrap();
    let dashboard = session.get("/_beacon/edit/");
    let myths = session.form_address("Myths");
    let link_to = |anchor: &str, words: &str| {
        dashboard
            .body
            .split("<li>")
            .any(|item| item.contains(&format!("href=\"{anchor}\">")) && item.contains(words))
    };
    assert!(
        link_to(&format!("{myths}#field-body"), "nowhere.md"),
        "{}",
        dashboard.body
    );
    assert!(
        link_to(&format!("{myths}#field-review_by"), "Myths"),
        "{}",
        dashboard.body
    );
    let helpline = dashboard
        .body
        .split("<li>")
        .find(|item| item.contains("Adult helpline:"))
        .expect("the stale service is listed");
    assert!(helpline.contains("#field-verified\""), "{helpline}");
    let form = session.get(&myths);
    assert!(
        form.body.contains("id=\"field-review_by\""),
        "the anchor is on the form"
    );
    assert!(form.body.contains("id=\"field-body\""));
}

/// The live check's answer: the results block and the preview (or null).
fn live(session: &Session, address: &str, fields: &[(String, String)]) -> (String, Option<String>) {
    let json = live_json(session, address, fields);
    let results = json["results"].as_str().expect("results").to_string();
    (results, json["preview"].as_str().map(str::to_string))
}

/// The live check's whole answer.
fn live_json(session: &Session, address: &str, fields: &[(String, String)]) -> serde_json::Value {
    let answer = session.post(&format!("{address}/live"), fields);
    assert_eq!(answer.status, 200, "{}", answer.body);
    serde_json::from_str(&answer.body).expect("JSON")
}

#[test]
fn the_live_check_answers_the_placed_problems_and_the_unsaved_page_at_once() {
    let session = Session::start();
    let address = session.form_address("Myths");
    let mut fields = posted_fields(&session.get(&address).body);
    set(&mut fields, "title", "Myths, typed");
    let before = session.read(PAGE);
    let (results, preview) = live(&session, &address, &fields);
    assert!(results.starts_with("<div id=\"results\">"), "{results}");
    assert!(results.contains("No problems found"), "{results}");
    let preview = preview.expect("a preview");
    assert!(preview.contains("Myths, typed") && preview.contains("Exit this page"));
    let own = format!("style-src 'self' http://{}", session.server.address);
    assert!(
        preview.contains(&own),
        "the frame's policy names the editor's origin"
    );
    let body = fields.iter().find(|(n, _)| n == "body").unwrap().1.clone();
    set(
        &mut fields,
        "body",
        &format!("{body}\n[Nowhere](nowhere.md)\n"),
    );
    let (results, preview) = live(&session, &address, &fields);
    assert!(
        results.contains("There is a problem") && results.contains("nowhere.md"),
        "{results}"
    );
    assert!(
        results.contains("href=\"#field-body\""),
        "the summary links to the page text"
    );
    assert_eq!(preview, None, "no preview while a link is broken");
    let inline = &live_json(&session, &address, &fields)["inline"];
    let body_errors = inline["body"]
        .as_str()
        .expect("the page text's inline errors");
    assert!(
        body_errors.contains("id=\"field-body-error\"") && body_errors.contains("nowhere.md"),
        "{inline}"
    );
    assert!(
        inline.get("title").is_none(),
        "no other field has an error: {inline}"
    );
    assert_eq!(session.read(PAGE), before, "nothing written");
    let stranger = session.post_with(&format!("{address}/live"), &[&session.cookie()], &fields);
    assert_eq!(stranger.status, 403, "no Origin, no live check");
    let no_token: Fields = fields
        .iter()
        .filter(|(n, _)| n != "token")
        .cloned()
        .collect();
    assert_eq!(
        session.post(&format!("{address}/live"), &no_token).status,
        403
    );
    assert_eq!(
        session
            .post("/_beacon/edit/page/0000000000000000/live", &fields)
            .status,
        404
    );
}

#[test]
fn a_translation_previews_its_unsaved_text_in_its_own_language() {
    let session = Session::start_on("bilingual");
    let address = session.form_address("Arwyddion");
    let mut fields = posted_fields(&session.get(&address).body);
    set(&mut fields, "title", "Arwyddion, heb eu cadw");
    let (_, preview) = live(&session, &address, &fields);
    let preview = preview.expect("a translation has a preview");
    assert!(preview.contains("<html lang=\"cy\""), "{}", &preview[..200]);
    assert!(preview.contains("Arwyddion, heb eu cadw"));
    let tab = session.post(&format!("{address}/preview"), &fields);
    assert_eq!(tab.status, 200, "{}", tab.body);
    assert!(
        tab.body.contains("Arwyddion, heb eu cadw"),
        "the new-tab preview too"
    );
}

#[test]
fn a_new_help_service_is_added_at_the_end_of_its_file_once_checked() {
    let session = Session::start_on("council");
    let address = "/_beacon/edit/service/new";
    assert!(session
        .get("/_beacon/edit/")
        .body
        .contains(&format!("href=\"{address}\"")));
    let empty: Fields = vec![("token".into(), session.token.clone())];
    let refused = session.post(address, &empty);
    assert_eq!(refused.status, 422, "{}", refused.body);
    for field in [
        "name",
        "description",
        "priority",
        "area",
        "phone",
        "checked",
    ] {
        assert!(
            refused.body.contains(&format!("href=\"#field-{field}\"")),
            "{field}"
        );
    }
    let file = "content/_signposts/local.yaml";
    let before = session.read(file);
    let mut fields: Fields = [
        ("token", session.token.as_str()),
        ("name", "Northfield Family Line"),
        ("description", "Advice for any family in Northfield."),
        ("priority", "urgent"),
        ("area", "local"),
        ("phone", "12345"),
        ("checked", "true"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let bad_number = session.post(address, &fields);
    assert_eq!(bad_number.status, 422, "{}", bad_number.body);
    assert!(
        bad_number.body.contains("href=\"#field-phone\""),
        "{}",
        bad_number.body
    );
    set(&mut fields, "phone", "01632 960555");
    let drama = session.post(address, &fields);
    assert_eq!(drama.status, 422);
    assert!(drama.body.contains("Ofcom drama number"));
    assert_eq!(session.read(file), before, "nothing written while refused");
    set(&mut fields, "phone", "01296 383962");
    let added = session.post(address, &fields);
    assert_eq!(added.status, 303, "{}", added.body);
    assert!(location(&added).contains("/_beacon/edit/service/"));
    let after = session.read(file);
    assert!(after.starts_with(&before), "every byte before stays");
    let added_item = &after[before.len()..];
    assert!(
        added_item.starts_with("\n- id: northfield-family-line\n  name: Northfield Family Line\n  description: Advice for any family in Northfield.\n  priority: urgent\n  area: local\n  phone: \"01296 383962\"\n  verified: 20"),
        "{added_item}"
    );
    let again = session.post(address, &fields);
    assert_eq!(again.status, 422, "the name is taken now");
}

#[test]
fn a_service_pages_feature_is_not_removed_and_one_they_do_not_is_removed_cleanly() {
    let session = Session::start();
    let before = session.read(SERVICES);
    let remove = |name: &str| {
        let address = session.form_address(name);
        let form = session.get(&address).body;
        let opened =
            attribute(&form[form.find("name=\"opened\"").unwrap() - 30..], "value").unwrap();
        let fields: Fields = vec![
            ("token".into(), session.token.clone()),
            ("opened".into(), opened),
        ];
        session.post(&format!("{address}/remove"), &fields)
    };
    let featured = remove("Adult helpline");
    assert_eq!(featured.status, 422, "{}", featured.body);
    assert!(
        featured.body.contains("still feature it"),
        "{}",
        featured.body
    );
    assert!(
        featured.body.contains("content/recognise/signs.md"),
        "names the page that features it"
    );
    assert_eq!(session.read(SERVICES), before);

    let removed = remove("Council front door");
    assert_eq!(removed.status, 303, "{}", removed.body);
    let after = session.read(SERVICES);
    let start = before.find("- id: front-door").unwrap();
    let end = before.find("- id: local-support").unwrap();
    assert_eq!(
        after,
        format!("{}{}", &before[..start], &before[end..]),
        "only its lines go"
    );
}
