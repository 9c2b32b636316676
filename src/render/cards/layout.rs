//! A card's layout as an SVG document: the logo's plate, the site title,
//! the heading wrapped, shrunk or cut to fit, and the summary, each piece
//! of text measured with the embedded font's advances and XML-escaped.

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use super::*;

/// The card as an SVG document (text and shapes; the logo is painted on
/// afterwards, over its plate).
pub fn svg(card: &Card, style: &Style) -> String {
    let palette = &style.palette;
    let mut out = String::new();
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\">"
    ));
    out.push_str(&format!(
        "<rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"{}\"/>",
        palette.background.hex()
    ));
    out.push_str(&format!(
        "<rect y=\"{:.1}\" width=\"{WIDTH}\" height=\"{BAND_HEIGHT:.1}\" fill=\"{}\"/>",
        HEIGHT as f32 - BAND_HEIGHT,
        palette.accent.hex()
    ));
    let text = palette.text.hex();
    let heading = clean(&card.heading);
    header(&mut out, &clean(&card.site_title), &heading, style, &text);
    body(&mut out, &heading, card.summary.as_deref(), &text);
    out.push_str("</svg>");
    out
}

/// The top of the card: the logo's plate, when there is a logo, and the
/// site title beside it (left out when it is the heading itself).
fn header(out: &mut String, site_title: &str, heading: &str, style: &Style, text: &str) {
    let mut title_x = MARGIN;
    let title_baseline;
    if let Some(logo) = &style.logo {
        let (w, h) = logo.size();
        let plate_w = w as f32 + 2.0 * PLATE_PADDING;
        let plate_h = h as f32 + 2.0 * PLATE_PADDING;
        out.push_str(&format!(
            "<rect x=\"{MARGIN:.1}\" y=\"{TOP:.1}\" width=\"{plate_w:.1}\" height=\"{plate_h:.1}\" rx=\"8\" fill=\"{}\"/>",
            style.palette.plate.hex()
        ));
        title_x = MARGIN + plate_w + 28.0;
        title_baseline = TOP + plate_h / 2.0 + SITE_TITLE_SIZE * 0.36;
    } else {
        title_baseline = TOP + SITE_TITLE_SIZE;
    }
    if site_title.is_empty() || site_title == heading {
        return;
    }
    let width = (WIDTH as f32 - MARGIN - title_x) * SLACK;
    let lines = fit_lines(site_title, Face::Regular, SITE_TITLE_SIZE, width, 2);
    let line_height = SITE_TITLE_SIZE * 1.2;
    let first = title_baseline - (lines.len() as f32 - 1.0) * line_height / 2.0;
    for (i, line) in lines.iter().enumerate() {
        out.push_str(&text_element(
            line,
            title_x,
            first + i as f32 * line_height,
            SITE_TITLE_SIZE,
            Face::Regular,
            text,
        ));
    }
}

/// The body of the card: the heading's lines and the summary under them,
/// as one block centred in the body band (a baseline sits 0.8 of a size
/// below the top of its line).
fn body(out: &mut String, heading: &str, summary: Option<&str>, text: &str) {
    let width = (WIDTH as f32 - 2.0 * MARGIN) * SLACK;
    let (size, lines) = heading_layout(heading, width);
    let line_height = size * 1.15;
    let summary = summary
        .map(clean)
        .filter(|summary| !summary.is_empty())
        .and_then(|summary| {
            fit_lines(&summary, Face::Regular, SUMMARY_SIZE, width, 1)
                .into_iter()
                .next()
        });
    let heading_height = lines.len().saturating_sub(1) as f32 * line_height + size;
    let block = heading_height + summary.as_ref().map_or(0.0, |_| SUMMARY_GAP + SUMMARY_SIZE);
    let top = BODY_TOP + ((BODY_BOTTOM - BODY_TOP) - block).max(0.0) / 2.0;
    for (i, line) in lines.iter().enumerate() {
        let baseline = top + 0.8 * size + i as f32 * line_height;
        out.push_str(&text_element(
            line,
            MARGIN,
            baseline,
            size,
            Face::Bold,
            text,
        ));
    }
    if let Some(line) = summary {
        let baseline = top + heading_height + SUMMARY_GAP + 0.8 * SUMMARY_SIZE;
        out.push_str(&text_element(
            &line,
            MARGIN,
            baseline,
            SUMMARY_SIZE,
            Face::Regular,
            text,
        ));
    }
}

fn text_element(line: &str, x: f32, y: f32, size: f32, face: Face, fill: &str) -> String {
    let weight = match face {
        Face::Bold => 700,
        Face::Regular => 400,
    };
    format!(
        "<text x=\"{x:.1}\" y=\"{y:.1}\" font-family=\"{FAMILY}\" font-size=\"{size:.1}\" font-weight=\"{weight}\" fill=\"{fill}\" xml:space=\"preserve\">{}</text>",
        escape_xml(line)
    )
}

/// The largest heading size at which the heading fits in three lines, and
/// its lines; past the smallest size, the third line ends in an ellipsis.
pub(super) fn heading_layout(heading: &str, width: f32) -> (f32, Vec<String>) {
    for size in HEADING_SIZES {
        let lines = wrap(heading, Face::Bold, size, width);
        if lines.len() <= HEADING_LINES {
            return (size, lines);
        }
    }
    let size = HEADING_SIZES[HEADING_SIZES.len() - 1];
    (
        size,
        fit_lines(heading, Face::Bold, size, width, HEADING_LINES),
    )
}

/// `text` wrapped into at most `max` lines of `width`, the last cut with an
/// ellipsis when it does not all fit.
fn fit_lines(text: &str, face: Face, size: f32, width: f32, max: usize) -> Vec<String> {
    let mut lines = wrap(text, face, size, width);
    if lines.len() <= max {
        return lines;
    }
    let rest = lines.split_off(max - 1).join(" ");
    lines.push(ellipsize(&rest, face, size, width));
    lines
}

/// The longest start of `text` that fits in `width` with "…" after it.
fn ellipsize(text: &str, face: Face, size: f32, width: f32) -> String {
    let mut cut: String = text.to_string();
    while !cut.is_empty() && measure(&format!("{cut}\u{2026}"), face, size) > width {
        cut.pop();
    }
    format!("{}\u{2026}", cut.trim_end())
}

/// Greedy word wrap to `width`; a word wider than a line is broken
/// between characters.
fn wrap(text: &str, face: Face, size: f32, width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if measure(&candidate, face, size) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if measure(word, face, size) <= width {
            line = word.to_string();
            continue;
        }
        for c in word.chars() {
            line.push(c);
            if measure(&line, face, size) > width && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::take(&mut line));
                line.push(c);
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Face {
    Bold,
    Regular,
}

/// The width of `text` in pixels at `size`, from the font's advances.
pub(super) fn measure(text: &str, face: Face, size: f32) -> f32 {
    let bytes = match face {
        Face::Bold => BOLD,
        Face::Regular => REGULAR,
    };
    let Ok(font) = FontRef::new(bytes) else {
        return 0.0;
    };
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
    text.chars()
        .map(|c| {
            let glyph = charmap.map(c).unwrap_or_default();
            metrics.advance_width(glyph).unwrap_or(0.0)
        })
        .sum()
}

/// Text as one line: whitespace runs become one space, and characters XML
/// cannot hold (control characters) are dropped.
fn clean(text: &str) -> String {
    text.split_whitespace()
        .map(|word| {
            word.chars()
                .filter(|&c| allowed_in_xml(c))
                .collect::<String>()
        })
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes text for an SVG (XML) element.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if allowed_in_xml(c) => out.push(c),
            _ => {}
        }
    }
    out
}
