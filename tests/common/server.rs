//! A running `beacon serve` for integration tests, driven over plain HTTP
//! (`tests/serve.rs`, `tests/editor.rs`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::TestSite;

/// A running `beacon serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub address: String,
    /// The path the site is served under (`/campaign` for `basic`, whose
    /// base_url has that path; empty for a site at the root).
    pub root: String,
    /// The editor's address as printed, token and all (`--edit`).
    pub editor: Option<String>,
    pub site: TestSite,
    pub out: tempfile::TempDir,
}

impl Server {
    pub fn start() -> Self {
        Self::start_on("basic")
    }

    pub fn start_on(fixture: &str) -> Self {
        Self::start_with(fixture, &[])
    }

    /// `beacon serve` on a copy of `fixture`, with `extra` arguments.
    pub fn start_with(fixture: &str, extra: &[&str]) -> Self {
        let site = TestSite::fixture(fixture);
        let out = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_beacon"))
            .args(["serve", "--port", "0"])
            .args(extra)
            .arg("--site")
            .arg(site.path())
            .arg("--out")
            .arg(out.path().join("preview"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start beacon serve");
        let stdout = child.stdout.take().unwrap();
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        let mut address = None;
        let mut editor = None;
        let mut root = String::new();
        let mut built = false;
        let deadline = Instant::now() + Duration::from_secs(60);
        while !(address.is_some() && built) && Instant::now() < deadline {
            if let Ok(line) = receiver.recv_timeout(Duration::from_millis(200)) {
                if let Some(url) = line.strip_prefix("Edit the site at ") {
                    editor = Some(url.trim().to_string());
                } else if let Some(rest) = line.split("http://").nth(1) {
                    let rest = rest.split_whitespace().next().unwrap_or_default();
                    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
                    address = Some(host.to_string());
                    root = format!("/{}", path.trim_end_matches('/'));
                    if root == "/" {
                        root.clear();
                    }
                }
                built |= line.starts_with("Built");
            }
        }
        std::thread::spawn(move || for _ in receiver {});
        Server {
            child,
            address: address.expect("serve printed its address"),
            root,
            editor,
            site,
            out,
        }
    }

    /// A request for a path in the site (under its root).
    pub fn request(&self, method: &str, path: &str) -> Response {
        self.request_raw(method, &format!("{}{path}", self.root))
    }

    /// A request for exactly this path on the server.
    pub fn request_raw(&self, method: &str, path: &str) -> Response {
        let host = format!("Host: {}", self.address);
        self.send(method, path, &[&host], b"")
    }

    /// A request with exactly these header lines and body (a
    /// `Content-Length` is added for a body).
    pub fn send(&self, method: &str, path: &str, headers: &[&str], body: &[u8]) -> Response {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let mut head = format!("{method} {path} HTTP/1.1\r\n");
        for header in headers {
            head.push_str(&format!("{header}\r\n"));
        }
        if !body.is_empty() {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("Connection: close\r\n\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        let _ = stream.write_all(body);
        let mut raw = Vec::new();
        // A server that refuses a body may close before reading it all.
        let _ = stream.read_to_end(&mut raw);
        Response::parse(&String::from_utf8_lossy(&raw))
    }

    pub fn get(&self, path: &str) -> Response {
        self.request("GET", path)
    }

    /// Polls `path` until `done` holds (or fails after 15 s).
    pub fn wait_for(&self, path: &str, what: &str, done: impl Fn(&Response) -> bool) -> Response {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let response = self.get(path);
            if done(&response) {
                return response;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; last response: {}\n{}",
                response.status,
                response.body.chars().take(3000).collect::<String>()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Response {
    pub status: u16,
    /// The head, lower-cased.
    pub headers: String,
    pub body: String,
}

impl Response {
    pub fn parse(raw: &str) -> Self {
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Response {
            status,
            headers: head.to_lowercase(),
            body: body.to_string(),
        }
    }
}
