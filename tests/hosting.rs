//! The header files for each host (`hosting:` in site.yaml) and the
//! configurations in docs/hosting/: every one carries exactly the policy
//! the pages carry, the relaxed policy only on the search pages and the
//! index, a year's caching only on versioned files, and the 404 page. A
//! real nginx serves the example site with
//! docs/hosting/nginx.conf when it is installed (CI installs it and sets
//! BEACON_REQUIRE_NGINX=1, so there the test cannot skip).

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};

use beacon::base::policy::{self, CACHE_PAGES, CACHE_VERSIONED, CSP, SEARCH_CSP};
use common::{copy_dir, TestSite};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bilingual_hosted_on(hosts: &str) -> TestSite {
    let site = TestSite::fixture("bilingual");
    let text = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{text}hosting: {hosts}\n"));
    site
}

#[test]
fn without_hosting_the_build_writes_headers_only() {
    let out = TestSite::fixture("bilingual").build();
    assert!(out.has("_headers"));
    assert!(!out.has("staticwebapp.config.json"));
    assert!(!out.has("web.config"));
}

#[test]
fn hosting_chooses_the_header_files_so_no_unused_configuration_is_published() {
    let out = bilingual_hosted_on("[azure-static-web-apps, iis]").build();
    assert!(out.has("staticwebapp.config.json"));
    assert!(out.has("web.config"));
    assert!(!out.has("_headers"), "no host named reads _headers");
    let netlify = bilingual_hosted_on("[netlify]").build();
    assert!(netlify.has("_headers"));
    assert!(!netlify.has("web.config"));
}

#[test]
fn moving_host_removes_the_last_hosts_file_from_the_output() {
    let site = TestSite::fixture("bilingual");
    let options = site.options();
    beacon::site::build(&options).expect("first build");
    let public = site.path().join("public");
    assert!(public.join("_headers").is_file());
    let text = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{text}hosting: [iis]\n"));
    beacon::site::build(&options).expect("second build");
    assert!(public.join("web.config").is_file());
    assert!(
        !public.join("_headers").exists(),
        "a host the site left must not keep its headers file"
    );
}

/// The policy a page's own meta tag carries.
fn meta_policy(html: &str) -> String {
    let tag = "<meta http-equiv=\"Content-Security-Policy\" content=\"";
    let start = html.find(tag).expect("a policy meta tag") + tag.len();
    let end = html[start..].find('"').unwrap() + start;
    html[start..end]
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
}

#[test]
fn the_static_web_app_config_carries_the_pages_policy_and_relaxes_search_only() {
    let out = bilingual_hosted_on("[azure-static-web-apps]").build();
    let json: serde_json::Value =
        serde_json::from_str(&out.text("staticwebapp.config.json")).unwrap();
    let page = out.text("index.html");
    let global = &json["globalHeaders"];
    assert_eq!(
        global["Content-Security-Policy"],
        policy::as_header(&meta_policy(&page))
    );
    for (name, value) in policy::HEADERS {
        assert_eq!(global[name], value, "{name}");
    }
    assert_eq!(global["Cache-Control"], CACHE_PAGES);
    let routes: Vec<(&str, &str)> = json["routes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let headers = r["headers"].as_object().unwrap();
            assert_eq!(headers.len(), 1, "{r}");
            let value = headers.values().next().unwrap();
            (r["route"].as_str().unwrap(), value.as_str().unwrap())
        })
        .collect();
    let search = policy::as_header(&meta_policy(&out.text("search/index.html")));
    assert_eq!(search, policy::as_header(SEARCH_CSP));
    assert_eq!(
        routes,
        [
            ("/campaign/search/*", search.as_str()),
            ("/campaign/cy/search/*", search.as_str()),
            ("/campaign/pagefind/*", search.as_str()),
            ("/campaign/assets/*", CACHE_VERSIONED),
            ("/campaign/cards/*", CACHE_VERSIONED),
            ("/campaign/cy/cards/*", CACHE_VERSIONED),
        ]
    );
    let card = out
        .files
        .keys()
        .find(|f| f.starts_with("cy/cards/"))
        .expect("a Welsh card");
    assert!(card.ends_with(".png"), "{card}");
    let not_found = json["responseOverrides"]["404"]["rewrite"]
        .as_str()
        .unwrap();
    assert_eq!(not_found, "/campaign/404.html");
    assert!(out.has("404.html"));
}

#[test]
fn web_config_is_xml_carrying_the_pages_policy_with_search_relaxed_in_locations() {
    let out = bilingual_hosted_on("[iis]").build();
    let text = out.text("web.config");
    let doc = roxmltree::Document::parse(&text).expect("web.config is XML");
    let top = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name("system.webServer"))
        .unwrap();
    let added = |node: roxmltree::Node| -> Vec<(String, String)> {
        node.descendants()
            .filter(|n| n.has_tag_name("add"))
            .map(|n| {
                (
                    n.attribute("name").unwrap().into(),
                    n.attribute("value").unwrap().into(),
                )
            })
            .collect()
    };
    let mut expected = vec![(
        "Content-Security-Policy".to_string(),
        policy::as_header(CSP),
    )];
    expected.extend(
        policy::HEADERS
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string())),
    );
    expected.push(("Cache-Control".into(), CACHE_PAGES.into()));
    assert_eq!(added(top), expected);
    let locations: Vec<(String, Vec<(String, String)>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("location"))
        .map(|n| (n.attribute("path").unwrap().to_string(), added(n)))
        .collect();
    let relaxed = vec![(
        "Content-Security-Policy".to_string(),
        policy::as_header(SEARCH_CSP),
    )];
    let cached = vec![("Cache-Control".to_string(), CACHE_VERSIONED.to_string())];
    assert_eq!(
        locations,
        [
            ("search".to_string(), relaxed.clone()),
            ("cy/search".to_string(), relaxed.clone()),
            ("pagefind".to_string(), relaxed),
            ("assets".to_string(), cached.clone()),
            ("cards".to_string(), cached.clone()),
            ("cy/cards".to_string(), cached),
        ]
    );
    let error = doc.descendants().find(|n| n.has_tag_name("error")).unwrap();
    assert_eq!(error.attribute("path"), Some("/campaign/404.html"));
}

#[test]
fn github_and_gitlab_pages_are_warned_about_at_their_line_with_what_is_lost() {
    let site = bilingual_hosted_on("[gitlab-pages]");
    let report = beacon::site::check(&site.options()).expect("the site builds");
    let warning = report
        .warnings
        .iter()
        .find(|w| w.message.contains("gitlab-pages sends none"))
        .unwrap_or_else(|| panic!("no hosting warning in {:#?}", report.warnings));
    assert!(warning.message.contains("frame-ancestors"), "{warning}");
    assert!(
        warning.message.contains("Strict-Transport-Security"),
        "{warning}"
    );
    assert!(
        warning.message.contains("X-Content-Type-Options"),
        "{warning}"
    );
    assert!(
        warning
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("Content-Security-Policy"),
        "the hint says what the meta tag still covers: {warning}"
    );
    let lines = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    let line = lines
        .lines()
        .position(|l| l.starts_with("hosting:"))
        .unwrap()
        + 1;
    assert_eq!(
        (warning.path.as_path(), warning.line),
        (Path::new("site.yaml"), line)
    );
    assert_eq!(warning.column, "hosting: [".len() + 1);
}

#[test]
fn every_configuration_in_docs_hosting_names_exactly_the_pages_policy() {
    let dir = repo().join("docs/hosting");
    // nginx repeats the page policy in the versioned files' location
    // (an add_header there replaces every other).
    for (name, page_policies) in [("nginx.conf", 2), ("apache.conf", 1)] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        assert_eq!(
            text.matches(&format!("\"{}\"", policy::as_header(CSP)))
                .count(),
            page_policies,
            "{name}: the page policy"
        );
        assert!(
            text.contains(&format!("Cache-Control \"{CACHE_PAGES}\"")),
            "{name}"
        );
        assert_eq!(
            text.matches(&format!("Cache-Control \"{CACHE_VERSIONED}\""))
                .count(),
            1,
            "{name}"
        );
        assert_eq!(
            text.matches(&format!("\"{}\"", policy::as_header(SEARCH_CSP)))
                .count(),
            1,
            "{name}: the search policy once"
        );
        for (header, value) in policy::HEADERS {
            assert!(
                text.contains(&format!("{header} \"{value}\"")),
                "{name} lacks {header}"
            );
        }
    }
    for (name, csp, cache) in [
        ("cloudfront-pages.json", CSP, CACHE_PAGES),
        ("cloudfront-search.json", SEARCH_CSP, CACHE_PAGES),
        ("cloudfront-versioned.json", CSP, CACHE_VERSIONED),
    ] {
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap();
        let security = &json["SecurityHeadersConfig"];
        assert_eq!(
            security["ContentSecurityPolicy"]["ContentSecurityPolicy"],
            policy::as_header(csp),
            "{name}"
        );
        assert_eq!(security["ReferrerPolicy"]["ReferrerPolicy"], "no-referrer");
        assert_eq!(security["FrameOptions"]["FrameOption"], "DENY");
        assert_eq!(security["ContentTypeOptions"]["Override"], true);
        let custom: Vec<(&str, &str)> = json["CustomHeadersConfig"]["Items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| (i["Header"].as_str().unwrap(), i["Value"].as_str().unwrap()))
            .collect();
        let mut expected = policy::HEADERS[3..].to_vec();
        expected.push(("Cache-Control", cache));
        assert_eq!(custom, expected, "{name}");
        assert_eq!(json["CustomHeadersConfig"]["Quantity"], custom.len());
    }
}

/// nginx on a free loopback port, serving `public` with docs/hosting/nginx.conf.
struct Nginx {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Nginx {
    /// A fast shutdown (SIGTERM) that stops the worker too; killing the
    /// master alone would leave its worker running.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

fn nginx_binary() -> Option<PathBuf> {
    let found = ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.is_file());
    if found.is_none() && std::env::var_os("BEACON_REQUIRE_NGINX").is_some() {
        panic!("BEACON_REQUIRE_NGINX is set but nginx is not installed");
    }
    found
}

fn start_nginx(binary: &Path, public: &Path) -> Nginx {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let snippet = std::fs::read_to_string(repo().join("docs/hosting/nginx.conf"))
        .unwrap()
        .replace("/var/www/cse/public", &public.display().to_string());
    assert!(snippet.contains(&public.display().to_string()));
    std::fs::write(dir.path().join("beacon-cse.conf"), snippet).unwrap();
    let d = dir.path().display();
    let config = format!(
        "daemon off;\nuser root;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{}}\nhttp {{\n  include /etc/nginx/mime.types;\n  access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n  server {{\n    listen 127.0.0.1:{port};\n    include {d}/beacon-cse.conf;\n  }}\n}}\n"
    );
    std::fs::write(dir.path().join("nginx.conf"), config).unwrap();
    let child = Command::new(binary)
        .arg("-c")
        .arg(dir.path().join("nginx.conf"))
        .arg("-p")
        .arg(dir.path())
        .spawn()
        .expect("nginx starts");
    for _ in 0..100 {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Nginx {
                child,
                port,
                _dir: dir,
            };
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let log = std::fs::read_to_string(dir.path().join("error.log")).unwrap_or_default();
    drop(Nginx {
        child,
        port,
        _dir: dir,
    });
    panic!("nginx did not start: {log}");
}

/// The status and headers (names lower-cased) of a GET.
fn get(port: u16, path: &str) -> (u16, Vec<(String, String)>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response);
    let head = text.split("\r\n\r\n").next().unwrap();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
        .collect();
    (status, headers)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    headers
        .iter()
        .filter(|(n, _)| n == &name.to_ascii_lowercase())
        .map(|(_, v)| v.as_str())
        .collect()
}

fn assert_security_headers(headers: &[(String, String)], csp: &str, what: &str) {
    assert_eq!(
        header(headers, "Content-Security-Policy"),
        [policy::as_header(csp)],
        "{what}"
    );
    for (name, value) in policy::HEADERS {
        assert_eq!(header(headers, name), [value], "{what}: {name}");
    }
    assert_eq!(
        header(headers, "Strict-Transport-Security"),
        ["max-age=31536000; includeSubDomains"],
        "{what}"
    );
}

#[test]
fn a_real_nginx_with_docs_hosting_nginx_conf_sends_every_header() {
    let Some(binary) = nginx_binary() else {
        eprintln!("nginx is not installed: skipped (CI installs it)");
        return;
    };
    let site = tempfile::tempdir().unwrap();
    for part in ["content", "themes"] {
        copy_dir(&repo().join(part), &site.path().join(part));
    }
    std::fs::copy(repo().join("site.yaml"), site.path().join("site.yaml")).unwrap();
    let public = site.path().join("public");
    let options = beacon::site::Options {
        today: beacon::base::date::Date::parse("2027-01-15").unwrap(),
        ..beacon::site::Options::new(site.path())
    };
    beacon::site::build(&options).expect("the example site builds");
    let nginx = start_nginx(&binary, &public);

    let (status, headers) = get(nginx.port, "/cse/recognise/");
    assert_eq!(status, 200);
    assert_security_headers(&headers, CSP, "a content page");
    let (status, headers) = get(nginx.port, "/cse/");
    assert_eq!(status, 200);
    assert_security_headers(&headers, CSP, "the home page");
    let script = walkdir::WalkDir::new(public.join("pagefind"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_name() == "pagefind.js")
        .expect("the search index has its script");
    let script = format!(
        "/cse/{}",
        script.path().strip_prefix(&public).unwrap().display()
    );
    for path in ["/cse/search/", "/cse/cy/search/", script.as_str()] {
        let (status, headers) = get(nginx.port, path);
        assert_eq!(status, 200, "{path}");
        assert_security_headers(&headers, SEARCH_CSP, path);
    }
    for path in ["/cse/recognise/", "/cse/search/", "/cse/services.json"] {
        let (_, headers) = get(nginx.port, path);
        assert_eq!(header(&headers, "Cache-Control"), [CACHE_PAGES], "{path}");
    }
    let card = walkdir::WalkDir::new(public.join("cy/cards"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "png"))
        .expect("a Welsh card");
    let card = format!(
        "/cse/{}",
        card.path().strip_prefix(&public).unwrap().display()
    );
    for path in [
        "/cse/assets/beacon.css?v=1",
        "/cse/assets/icon.svg",
        card.as_str(),
    ] {
        let (status, headers) = get(nginx.port, path);
        assert_eq!(status, 200, "{path}");
        assert_security_headers(&headers, CSP, path);
        assert_eq!(
            header(&headers, "Cache-Control"),
            [CACHE_VERSIONED],
            "{path}"
        );
    }
    let (status, headers) = get(nginx.port, "/cse/no-such-page/");
    assert_eq!(status, 404);
    assert_security_headers(&headers, CSP, "the 404 page");
    assert_eq!(header(&headers, "Content-Type"), ["text/html"]);
    let (status, headers) = get(nginx.port, "/cse");
    assert_eq!(status, 301);
    assert!(header(&headers, "Location")[0].ends_with("/cse/"));
}
