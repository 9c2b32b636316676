//! The rules every editor request must pass, as plain decisions over its
//! headers (the server applies them; tests state them):
//!
//! - **Host**: the `Host` header must be one of the server's own loopback
//!   names with its port, so a page on another site that rebinds its DNS
//!   name to 127.0.0.1 cannot read or drive the editor.
//! - **Session secret**: `serve --edit` prints an address with a random
//!   token. Opening it sets the token as an `HttpOnly`, `SameSite=Strict`
//!   cookie scoped to the editor, and every editor request must carry that
//!   cookie. Every write must also carry the token in its form (another
//!   site can neither read the editor's pages to learn it nor send the
//!   cookie with its own request).
//! - **Origin**: a write must say it comes from the server's own origin
//!   (`Origin`, which browsers send on every POST, and `Sec-Fetch-Site`
//!   when sent).

use crate::base::diagnostic::Diagnostic;

/// The cookie that holds the session's token.
pub const COOKIE: &str = "beacon_edit";

/// The largest request body the editor reads (a page is far smaller).
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// The Content-Security-Policy of every editor screen: nothing from any
/// other origin, no inline script, framed only by itself.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; connect-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'";

/// One editing session's secret and the names the server answers to.
#[derive(Clone)]
pub struct Guard {
    token: String,
    port: u16,
}

impl Guard {
    /// A session for a server on `port`, with a fresh random token.
    pub fn new(port: u16) -> Result<Guard, Diagnostic> {
        let mut bytes = [0u8; 24];
        getrandom::fill(&mut bytes).map_err(|error| {
            Diagnostic::error(".", format!("cannot make the editor's secret: {error}"))
        })?;
        let token = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
        Ok(Guard { token, port })
    }

    /// A session with a known token (tests).
    #[cfg(test)]
    pub fn with_token(port: u16, token: &str) -> Guard {
        Guard {
            token: token.to_string(),
            port,
        }
    }

    /// The session's token (printed in the editor's address).
    pub fn token(&self) -> &str {
        &self.token
    }

    /// True when `host` names this server: `127.0.0.1`, `localhost` or
    /// `[::1]`, with its port.
    pub fn host_ok(&self, host: Option<&str>) -> bool {
        let Some(host) = host else {
            return false;
        };
        let port = self.port.to_string();
        ["127.0.0.1", "localhost", "[::1]"]
            .iter()
            .any(|name| host.eq_ignore_ascii_case(&format!("{name}:{port}")))
    }

    /// True when a write comes from this server's own pages: an `Origin`
    /// of `http://` and one of its names, and no `Sec-Fetch-Site` other
    /// than `same-origin`.
    pub fn origin_ok(&self, origin: Option<&str>, fetch_site: Option<&str>) -> bool {
        let origin_ok = origin
            .and_then(|origin| origin.strip_prefix("http://"))
            .is_some_and(|host| self.host_ok(Some(host)));
        let site_ok = fetch_site.is_none_or(|site| site == "same-origin");
        origin_ok && site_ok
    }

    /// True when `presented` is the session's token (compared in time
    /// that does not depend on where they differ).
    pub fn token_ok(&self, presented: Option<&str>) -> bool {
        let Some(presented) = presented else {
            return false;
        };
        let (a, b) = (presented.as_bytes(), self.token.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
    }

    /// True when a `Cookie` header carries the session's token.
    pub fn cookie_ok(&self, cookie_header: Option<&str>) -> bool {
        cookie_header.is_some_and(|header| {
            header
                .split(';')
                .filter_map(|pair| pair.trim().split_once('='))
                .any(|(name, value)| name == COOKIE && self.token_ok(Some(value)))
        })
    }

    /// The `Set-Cookie` value that starts a session in a browser.
    pub fn set_cookie(&self, path: &str) -> String {
        format!(
            "{COOKIE}={}; Path={path}; HttpOnly; SameSite=Strict",
            self.token
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard() -> Guard {
        Guard::with_token(8080, "secret")
    }

    #[test]
    fn only_the_server_s_own_loopback_names_are_its_host() {
        let guard = guard();
        for host in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST:8080",
            "[::1]:8080",
        ] {
            assert!(guard.host_ok(Some(host)), "{host}");
        }
        for host in [
            "evil.example:8080",
            "127.0.0.1",
            "127.0.0.1:8081",
            "localhost.evil.example:8080",
            "127.0.0.1:8080.evil",
            "",
        ] {
            assert!(!guard.host_ok(Some(host)), "{host}");
        }
        assert!(!guard.host_ok(None));
    }

    #[test]
    fn a_write_must_come_from_the_server_s_own_origin() {
        let guard = guard();
        assert!(guard.origin_ok(Some("http://127.0.0.1:8080"), Some("same-origin")));
        assert!(guard.origin_ok(Some("http://localhost:8080"), None));
        assert!(!guard.origin_ok(None, Some("same-origin")));
        assert!(!guard.origin_ok(Some("null"), None));
        assert!(!guard.origin_ok(Some("https://127.0.0.1:8080"), None));
        assert!(!guard.origin_ok(Some("http://evil.example"), None));
        assert!(!guard.origin_ok(Some("http://127.0.0.1:8080"), Some("cross-site")));
        assert!(!guard.origin_ok(Some("http://127.0.0.1:8080"), Some("same-site")));
    }

    #[test]
    fn the_token_must_match_whole() {
        let guard = guard();
        assert!(guard.token_ok(Some("secret")));
        for wrong in ["", "secre", "secret2", "Secret"] {
            assert!(!guard.token_ok(Some(wrong)), "{wrong}");
        }
        assert!(guard.cookie_ok(Some("a=b; beacon_edit=secret")));
        assert!(!guard.cookie_ok(Some("beacon_edit=secre")));
        assert!(!guard.cookie_ok(Some("xbeacon_edit=secret")));
        assert!(!guard.cookie_ok(None));
    }

    #[test]
    fn each_session_has_its_own_long_token() {
        let (a, b) = (Guard::new(1).unwrap(), Guard::new(1).unwrap());
        assert_ne!(a.token(), b.token());
        assert_eq!(a.token().len(), 48);
        assert!(a
            .set_cookie("/_beacon/edit/")
            .contains("HttpOnly; SameSite=Strict"));
    }
}
