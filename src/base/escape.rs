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
/// characters as HTML), dropping any character XML 1.0 cannot hold, so
/// the feed, the sitemap and the cards stay well-formed whatever the text.
/// (Such characters are refused where they are written, in YAML: see
/// `base::yaml`; this is the second line of defence.)
pub fn escape_xml(text: &str) -> String {
    if text.chars().all(is_xml_char) {
        return escape_html(text);
    }
    escape_html(&text.chars().filter(|&c| is_xml_char(c)).collect::<String>())
}

/// True for a character XML 1.0 allows in a document: tab, line feed,
/// carriage return, and everything from U+0020 up but U+FFFE and U+FFFF
/// (and the surrogates, which a Rust `char` never is).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping_drops_what_xml_cannot_hold() {
        assert_eq!(escape_xml("a & <b>"), "a &amp; &lt;b&gt;");
        assert_eq!(escape_xml("Ctrl \u{1} end\u{b}\u{c}\u{fffe}"), "Ctrl  end");
        assert_eq!(escape_xml("tab\tline\n"), "tab\tline\n");
        assert!(!is_xml_char('\u{ffff}') && is_xml_char('\u{10000}') && is_xml_char('ŵ'));
    }
}
