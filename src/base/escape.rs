//! Escaping text for HTML and XML output.

/// Escapes text for HTML: `&`, `<`, `>`, `"` and `'` (not `/`, which
/// needs no escaping and makes URLs unreadable when escaped).
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut rest = text;
    while let Some(index) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..index]);
        out.push_str(match rest.as_bytes()[index] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[index + 1..];
    }
    out.push_str(rest);
    out
}

/// Escapes text for XML element content and attributes (the same five
/// characters as HTML).
pub fn escape_xml(text: &str) -> String {
    escape_html(text)
}
