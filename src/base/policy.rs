//! The security policy every published page carries, in one place: the
//! Content-Security-Policy (the meta tag in each page, `_headers`, the
//! preview server) and the other response headers a host should send.

/// The Content-Security-Policy every page carries (meta tag and headers).
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; media-src 'self'; base-uri 'none'; form-action 'self'";

/// The search page's policy: [`CSP`] plus what Pagefind needs to run in
/// the browser (compile its WebAssembly, fetch the index from this site,
/// start its worker from this site). No other page carries it.
pub const SEARCH_CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; worker-src 'self'; style-src 'self'; img-src 'self'; media-src 'self'; base-uri 'none'; form-action 'self'";

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

/// How long a host lets browsers keep a file whose URL changes whenever
/// its bytes do: the theme's assets (linked with `?v=` and a hash of the
/// file) and the social cards (named by a hash of what they show). A
/// year, never asked about again.
pub const CACHE_VERSIONED: &str = "public, max-age=31536000, immutable";

/// Every other file (pages, the help directory, content images): kept,
/// but asked about again on each visit, so a corrected help number is
/// seen at once.
pub const CACHE_PAGES: &str = "no-cache";

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
