//! What a file is, by its name or its first bytes: the images social
//! networks show, a PNG's declared size, and an SVG's.

/// True for the image files social networks show (PNG, JPEG, GIF, WebP),
/// by their name.
pub fn is_shareable_image(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// The width and height an SVG declares: its root's `width` and `height`
/// (plain numbers or `px`), else its `viewBox`'s, rounded, at least 1.
/// None for text that is not an SVG, or one with a DTD (never expanded).
pub fn svg_size(text: &str) -> Option<(u32, u32)> {
    let doc = roxmltree::Document::parse(text).ok()?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return None;
    }
    let length = |name: &str| {
        let value = root.attribute(name)?.trim();
        value
            .strip_suffix("px")
            .unwrap_or(value)
            .trim()
            .parse::<f64>()
            .ok()
    };
    let from_view_box = || {
        let numbers: Vec<f64> = root
            .attribute("viewBox")?
            .split([' ', ','])
            .filter(|part| !part.is_empty())
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        (numbers.len() == 4).then(|| (numbers[2], numbers[3]))
    };
    let (width, height) = match (length("width"), length("height")) {
        (Some(width), Some(height)) => (width, height),
        _ => from_view_box()?,
    };
    let whole = |value: f64| {
        (value.is_finite() && value > 0.0 && value < 1e6).then(|| (value.round() as u32).max(1))
    };
    Some((whole(width)?, whole(height)?))
}

/// The width and height a PNG's header gives, if `bytes` starts like one.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let header = bytes.get(..24)?;
    if &header[..8] != b"\x89PNG\r\n\x1a\n" || &header[12..16] != b"IHDR" {
        return None;
    }
    let number = |at: usize| {
        let mut word = [0u8; 4];
        word.copy_from_slice(&header[at..at + 4]);
        u32::from_be_bytes(word)
    };
    Some((number(16), number(20)))
}

#[cfg(test)]
mod svg_tests {
    use super::svg_size;

    #[test]
    fn an_svg_declares_its_size_by_attributes_or_view_box() {
        assert_eq!(
            svg_size(r#"<svg xmlns="http://www.w3.org/2000/svg" width="120px" height="40"/>"#),
            Some((120, 40))
        );
        assert_eq!(
            svg_size(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300.4 150"/>"#),
            Some((300, 150))
        );
        assert_eq!(
            svg_size(
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0,0,10,5"/>"#
            ),
            Some((10, 5))
        );
        assert_eq!(svg_size("<html/>"), None);
        assert_eq!(svg_size(r#"<svg width="0" height="-3"/>"#), None);
        assert_eq!(svg_size(r#"<svg width="1e300" height="5"/>"#), None);
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg width="&a;" height="1"/>"#;
        assert_eq!(svg_size(bomb), None, "a DTD is never expanded");
        assert_eq!(svg_size("not xml <"), None);
    }
}
