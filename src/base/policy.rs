//! The security policy every published page carries, in one place: the
//! Content-Security-Policy (the meta tag in each page, `_headers`, the
//! preview server) and the other response headers a host should send.

/// The Content-Security-Policy every page carries (meta tag and headers).
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'";

/// The search page's policy: [`CSP`] plus what Pagefind needs to run in
/// the browser (compile its WebAssembly, fetch the index from this site,
/// start its worker from this site). No other page carries it.
pub const SEARCH_CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; worker-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'";

/// The headers a host sends with every response besides the policy, in the
/// order `_headers` lists them.
pub const HEADERS: [(&str, &str); 5] = [
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    (
        "Permissions-Policy",
        "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    ),
    ("Cross-Origin-Opener-Policy", "same-origin"),
];

/// A policy as a header sends it: what only a header can say
/// (`frame-ancestors`, which a meta tag ignores) added to it.
pub fn as_header(policy: &str) -> String {
    format!("{policy}; frame-ancestors 'none'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_policy_only_adds_to_the_page_policy() {
        for directive in CSP.split("; ") {
            let name = directive.split(' ').next().unwrap_or_default();
            let relaxed = SEARCH_CSP
                .split("; ")
                .find(|d| d.starts_with(&format!("{name} ")))
                .unwrap_or_else(|| panic!("{name} missing from the search policy"));
            for source in directive.split(' ').skip(1) {
                assert!(relaxed.contains(source), "{name} lost {source}");
            }
        }
        assert!(as_header(CSP).ends_with("frame-ancestors 'none'"));
    }
}
