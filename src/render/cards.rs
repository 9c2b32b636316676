//! Draws the social cards: the 1200×630 PNG a social network shows when
//! someone shares a page. A card is the brand's primary colour with the
//! organisation's logo (SVG or PNG) on a plate at the top left, the site
//! title beside it, the card's heading in large bold type (wrapped onto up
//! to three lines, then shrunk, then cut with an ellipsis: it never
//! overflows), a one-line summary below, and a band of the focus colour
//! along the bottom.
//!
//! Drawing is a pure function of its inputs ([`draw`]): the text is laid
//! out here with the metrics of Liberation Sans 2.1.5 (SIL OFL 1.1,
//! `assets/fonts/`), which is compiled into the binary and is the only font
//! the drawing sees, so the same card gives the same bytes on every
//! machine. The card is written as an SVG document (every piece of text
//! XML-escaped), turned into paths by `usvg` and rasterised by `resvg`; the
//! logo is rasterised once per build ([`Logo`]) and painted on top.
//!
//! Colours: the heading is `brand.on_primary` on `brand.primary` when that
//! pair reaches WCAG AA's 4.5:1; otherwise `brand.text` on
//! `brand.background`; otherwise black on white ([`palette`] says which, so
//! the build can warn).

use std::sync::{Arc, LazyLock};

use resvg::tiny_skia::{FilterQuality, Pixmap, PixmapPaint, Transform};
use resvg::usvg;
use sha2::{Digest, Sha256};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use crate::base::colour::contrast;
use crate::load::config::{Brand, Colour};

/// A card's width in pixels (what Facebook, LinkedIn, X and Mastodon crop to
/// best).
pub const WIDTH: u32 = 1200;
/// A card's height in pixels.
pub const HEIGHT: u32 = 630;

/// Bumped whenever the drawing changes, so cached cards are redrawn: it is
/// part of every card's [`Card::key`].
const DRAWING_VERSION: &str = "beacon-card-1";

/// The WCAG AA ratio the card's text must reach.
const MINIMUM_CONTRAST: f64 = 4.5;

static BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");
static REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");

/// The font family both embedded faces belong to.
const FAMILY: &str = "Liberation Sans";

/// The layout, in pixels.
const MARGIN: f32 = 64.0;
const TOP: f32 = 56.0;
const PLATE_PADDING: f32 = 14.0;
const LOGO_MAX_WIDTH: u32 = 360;
const LOGO_MAX_HEIGHT: u32 = 84;
const SITE_TITLE_SIZE: f32 = 32.0;
const HEADING_SIZES: [f32; 4] = [76.0, 68.0, 60.0, 52.0];
const HEADING_LINES: usize = 3;
/// The heading and summary sit in the middle of this band.
const BODY_TOP: f32 = 200.0;
const BODY_BOTTOM: f32 = 590.0;
const SUMMARY_SIZE: f32 = 34.0;
const SUMMARY_GAP: f32 = 28.0;
const BAND_HEIGHT: f32 = 20.0;
/// Text is laid out a little narrower than the space it has, so shaping
/// (kerning) can never push it past the margin.
const SLACK: f32 = 0.97;

/// What one card says.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Card {
    /// The site title (shown small, beside the logo; left out when it is
    /// the same as the heading).
    pub site_title: String,
    /// The large text: an R, an audience, "Get help", or a page's title.
    pub heading: String,
    /// One line under the heading, if any.
    pub summary: Option<String>,
}

/// The colours a card is drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// The card's background.
    pub background: Colour,
    /// Its text.
    pub text: Colour,
    /// The band along the bottom (decoration, no text on it).
    pub accent: Colour,
    /// The plate behind the logo.
    pub plate: Colour,
}

/// Which pair of brand colours the card's text uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pair {
    /// `brand.on_primary` on `brand.primary` (the normal case).
    OnPrimary,
    /// `brand.text` on `brand.background`, because the first pair fails.
    TextOnBackground,
    /// Black on white, because both brand pairs fail.
    BlackOnWhite,
}

/// The card colours for a brand: the first pair that reaches 4.5:1, and
/// which one it was.
pub fn palette(brand: &Brand) -> (Palette, Pair) {
    let black = Colour { rgb: [0, 0, 0] };
    let white = Colour {
        rgb: [255, 255, 255],
    };
    let candidates = [
        (brand.primary, brand.on_primary, Pair::OnPrimary),
        (brand.background, brand.text, Pair::TextOnBackground),
    ];
    let (background, text, pair) = candidates
        .into_iter()
        .find(|(background, text, _)| contrast(*background, *text) >= MINIMUM_CONTRAST)
        .unwrap_or((white, black, Pair::BlackOnWhite));
    let palette = Palette {
        background,
        text,
        accent: brand.focus,
        plate: if pair == Pair::OnPrimary {
            brand.background
        } else {
            white
        },
    };
    (palette, pair)
}

/// The organisation's logo, rasterised once at the size cards show it.
#[derive(Clone)]
pub struct Logo {
    pixmap: Arc<Pixmap>,
    /// A hash of the file's bytes (part of every card's key).
    fingerprint: String,
}

impl std::fmt::Debug for Logo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Logo")
            .field("width", &self.pixmap.width())
            .field("height", &self.pixmap.height())
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

impl Logo {
    /// Reads a logo file's bytes: SVG when `name` ends in `.svg`, else PNG.
    /// A file that cannot be drawn is an error saying why.
    pub fn read(name: &str, bytes: &[u8]) -> Result<Logo, String> {
        let lower = name.to_ascii_lowercase();
        let source = if lower.ends_with(".svg") {
            svg_logo(bytes)?
        } else if lower.ends_with(".png") {
            Pixmap::decode_png(bytes).map_err(|e| format!("it is not a readable PNG ({e})"))?
        } else {
            return Err("a logo on the social cards must be an SVG or PNG file".into());
        };
        Ok(Logo {
            pixmap: Arc::new(fit(&source)?),
            fingerprint: hex_hash(&[bytes]),
        })
    }

    /// The rasterised logo's width and height in pixels.
    pub fn size(&self) -> (u32, u32) {
        (self.pixmap.width(), self.pixmap.height())
    }
}

/// Parses an SVG logo and rasterises it at its own size (then [`fit`]).
fn svg_logo(bytes: &[u8]) -> Result<Pixmap, String> {
    let options = svg_options();
    let tree = usvg::Tree::from_data(bytes, &options)
        .map_err(|e| format!("it is not a readable SVG ({e})"))?;
    let size = tree.size();
    let (width, height) = (size.width(), size.height());
    if !(width.is_finite() && height.is_finite()) || width <= 0.0 || height <= 0.0 {
        return Err("the SVG has no size".into());
    }
    // Rasterise straight at the size the card shows it.
    let scale = (LOGO_MAX_WIDTH as f32 / width).min(LOGO_MAX_HEIGHT as f32 / height);
    let w = ((width * scale).round() as u32).max(1);
    let h = ((height * scale).round() as u32).max(1);
    let mut pixmap = Pixmap::new(w, h).ok_or("the SVG has no size")?;
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// Scales a raster to fit the logo box, keeping its proportions.
fn fit(source: &Pixmap) -> Result<Pixmap, String> {
    let (width, height) = (source.width() as f32, source.height() as f32);
    let scale = (LOGO_MAX_WIDTH as f32 / width).min(LOGO_MAX_HEIGHT as f32 / height);
    let w = ((width * scale).round() as u32).max(1);
    let h = ((height * scale).round() as u32).max(1);
    if (w, h) == (source.width(), source.height()) {
        return Ok(source.clone());
    }
    let mut fitted = Pixmap::new(w, h).ok_or("the image has no size")?;
    let paint = PixmapPaint {
        quality: FilterQuality::Bicubic,
        ..PixmapPaint::default()
    };
    fitted.draw_pixmap(
        0,
        0,
        source.as_ref(),
        &paint,
        Transform::from_scale(w as f32 / width, h as f32 / height),
        None,
    );
    Ok(fitted)
}

/// How every card of a site is drawn: its colours and logo.
#[derive(Debug, Clone)]
pub struct Style {
    /// The colours.
    pub palette: Palette,
    /// The logo, if the site has one.
    pub logo: Option<Logo>,
}

impl Style {
    /// A hash of everything about the style that shows on a card.
    fn fingerprint(&self) -> String {
        let p = &self.palette;
        let colours = [p.background, p.text, p.accent, p.plate]
            .map(|c| c.hex())
            .join(",");
        let logo = self.logo.as_ref().map_or("", |l| l.fingerprint.as_str());
        hex_hash(&[
            DRAWING_VERSION.as_bytes(),
            font_fingerprint().as_bytes(),
            colours.as_bytes(),
            logo.as_bytes(),
        ])
    }
}

impl Card {
    /// A short hash of everything the card shows (its text, the style, the
    /// font and the drawing code's version): the same key means the same
    /// bytes, so it goes in the card's file name and a card already in the
    /// output under that name need not be drawn again.
    pub fn key(&self, style: &Style) -> String {
        let summary = self.summary.as_deref().unwrap_or("\u{0}");
        let full = hex_hash(&[
            style.fingerprint().as_bytes(),
            self.site_title.as_bytes(),
            self.heading.as_bytes(),
            summary.as_bytes(),
        ]);
        full[..8].to_string()
    }
}

/// SHA-256 of the parts, each length-prefixed, in hex.
fn hex_hash(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn font_fingerprint() -> &'static str {
    static FINGERPRINT: LazyLock<String> = LazyLock::new(|| hex_hash(&[BOLD, REGULAR]));
    &FINGERPRINT
}

/// The embedded fonts, loaded once.
fn font_database() -> Arc<usvg::fontdb::Database> {
    static DATABASE: LazyLock<Arc<usvg::fontdb::Database>> = LazyLock::new(|| {
        let mut database = usvg::fontdb::Database::new();
        database.load_font_data(BOLD.to_vec());
        database.load_font_data(REGULAR.to_vec());
        database.set_sans_serif_family(FAMILY);
        Arc::new(database)
    });
    DATABASE.clone()
}

/// usvg options that see only the embedded fonts and load nothing from
/// disk (an SVG logo cannot pull in other files).
fn svg_options() -> usvg::Options<'static> {
    let mut options = usvg::Options {
        font_family: FAMILY.into(),
        fontdb: font_database(),
        ..usvg::Options::default()
    };
    options.image_href_resolver.resolve_string = Box::new(|_, _| None);
    options
}

/// Draws a card: a 1200×630 PNG. The same card and style always give the
/// same bytes. Errors only if the drawing libraries fail, which no text can
/// cause (it is escaped and laid out to fit).
pub fn draw(card: &Card, style: &Style) -> Result<Vec<u8>, String> {
    let svg = svg(card, style);
    let tree = usvg::Tree::from_str(&svg, &svg_options())
        .map_err(|e| format!("the card's drawing could not be read ({e})"))?;
    let mut pixmap = Pixmap::new(WIDTH, HEIGHT).ok_or("cannot make a 1200×630 image")?;
    resvg::render(&tree, Transform::identity(), &mut pixmap.as_mut());
    if let Some(logo) = &style.logo {
        pixmap.draw_pixmap(
            (MARGIN + PLATE_PADDING) as i32,
            (TOP + PLATE_PADDING) as i32,
            logo.pixmap.as_ref().as_ref(),
            &PixmapPaint::default(),
            Transform::identity(),
            None,
        );
    }
    encode(&pixmap).map_err(|e| format!("the card could not be encoded as PNG ({e})"))
}

/// The card as an RGB PNG (it is opaque: the background covers it), with
/// `png`'s fast deflate: it halves the time of a card (7.5 ms rather than
/// 14.5 ms, release build) for a file about twice as large (75 KB rather
/// than 40 KB), well under what social networks accept.
fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let rgb: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue()]
        })
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(out)
}

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
    let site_title = clean(&card.site_title);
    let heading = clean(&card.heading);
    let mut title_x = MARGIN;
    let title_baseline;
    if let Some(logo) = &style.logo {
        let (w, h) = logo.size();
        let plate_w = w as f32 + 2.0 * PLATE_PADDING;
        let plate_h = h as f32 + 2.0 * PLATE_PADDING;
        out.push_str(&format!(
            "<rect x=\"{MARGIN:.1}\" y=\"{TOP:.1}\" width=\"{plate_w:.1}\" height=\"{plate_h:.1}\" rx=\"8\" fill=\"{}\"/>",
            palette.plate.hex()
        ));
        title_x = MARGIN + plate_w + 28.0;
        title_baseline = TOP + plate_h / 2.0 + SITE_TITLE_SIZE * 0.36;
    } else {
        title_baseline = TOP + SITE_TITLE_SIZE;
    }
    if !site_title.is_empty() && site_title != heading {
        let width = (WIDTH as f32 - MARGIN - title_x) * SLACK;
        let lines = fit_lines(&site_title, Face::Regular, SITE_TITLE_SIZE, width, 2);
        let line_height = SITE_TITLE_SIZE * 1.2;
        let first = title_baseline - (lines.len() as f32 - 1.0) * line_height / 2.0;
        for (i, line) in lines.iter().enumerate() {
            out.push_str(&text_element(
                line,
                title_x,
                first + i as f32 * line_height,
                SITE_TITLE_SIZE,
                Face::Regular,
                &text,
            ));
        }
    }
    let width = (WIDTH as f32 - 2.0 * MARGIN) * SLACK;
    let (size, lines) = heading_layout(&heading, width);
    let line_height = size * 1.15;
    let summary = card
        .summary
        .as_deref()
        .map(clean)
        .filter(|summary| !summary.is_empty())
        .and_then(|summary| {
            fit_lines(&summary, Face::Regular, SUMMARY_SIZE, width, 1)
                .into_iter()
                .next()
        });
    // The heading's lines (and the summary under them) as one block,
    // centred in the body band: a baseline sits 0.8 of a size below the
    // top of its line.
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
            &text,
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
            &text,
        ));
    }
    out.push_str("</svg>");
    out
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
fn heading_layout(heading: &str, width: f32) -> (f32, Vec<String>) {
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
enum Face {
    Bold,
    Regular,
}

/// The width of `text` in pixels at `size`, from the font's advances.
fn measure(text: &str, face: Face, size: f32) -> f32 {
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

#[cfg(test)]
use crate::base::media::png_size;

#[cfg(test)]
mod tests {
    use super::*;
    use resvg::tiny_skia::{FillRule, Paint, PathBuilder, Rect};

    fn solid(width: u32, height: u32, rgb: [u8; 3]) -> Pixmap {
        let mut pixmap = Pixmap::new(width, height).expect("a size");
        let mut paint = Paint::default();
        paint.set_color_rgba8(rgb[0], rgb[1], rgb[2], 255);
        let rect = Rect::from_xywh(0.0, 0.0, width as f32, height as f32).expect("a rect");
        let path = PathBuilder::from_rect(rect);
        pixmap.fill_path(
            &path,
            &paint,
            FillRule::Winding,
            Transform::identity(),
            None,
        );
        pixmap
    }

    fn brand() -> Brand {
        let c = |hex: &str| Colour::parse(hex).expect("a colour");
        Brand {
            primary: c("#1d70b8"),
            text: c("#0b0c0c"),
            background: c("#ffffff"),
            link: c("#1d70b8"),
            focus: c("#ffdd00"),
            on_primary: c("#ffffff"),
        }
    }

    fn style() -> Style {
        Style {
            palette: palette(&brand()).0,
            logo: None,
        }
    }

    fn card(heading: &str) -> Card {
        Card {
            site_title: "Protect children from exploitation".into(),
            heading: heading.into(),
            summary: Some("It could happen here.".into()),
        }
    }

    /// The colour of one pixel of a decoded card.
    fn pixel(png: &[u8], x: u32, y: u32) -> [u8; 3] {
        let pixmap = Pixmap::decode_png(png).expect("a PNG");
        let p = pixmap.pixel(x, y).expect("inside");
        [p.red(), p.green(), p.blue()]
    }

    #[test]
    fn a_card_is_a_1200_by_630_png() {
        let png = draw(&card("Realise"), &style()).unwrap();
        assert_eq!(png_size(&png), Some((1200, 630)));
        assert_eq!(pixel(&png, 5, 5), [0x1d, 0x70, 0xb8]);
        assert_eq!(pixel(&png, 5, 625), [0xff, 0xdd, 0x00]);
    }

    #[test]
    fn the_same_card_gives_the_same_bytes_and_key() {
        let (a, b) = (card("Recognise"), card("Recognise"));
        assert_eq!(draw(&a, &style()).unwrap(), draw(&b, &style()).unwrap());
        assert_eq!(a.key(&style()), b.key(&style()));
        assert_ne!(a.key(&style()), card("React").key(&style()));
        let mut other = style();
        other.palette.background = Colour { rgb: [0, 0, 0] };
        assert_ne!(a.key(&style()), a.key(&other));
        assert_eq!(a.key(&style()).len(), 8);
    }

    #[test]
    fn text_is_drawn_in_the_text_colour() {
        let png = draw(&card("Realise"), &style()).unwrap();
        let pixmap = Pixmap::decode_png(&png).unwrap();
        let white = pixmap
            .pixels()
            .iter()
            .filter(|p| (p.red(), p.green(), p.blue()) == (255, 255, 255))
            .count();
        assert!(white > 2_000, "only {white} white pixels: no text drawn");
    }

    #[test]
    fn a_failing_pair_falls_back_to_one_that_passes() {
        let (chosen, pair) = palette(&brand());
        assert_eq!(pair, Pair::OnPrimary);
        assert_eq!(chosen.background, brand().primary);
        let mut weak = brand();
        weak.on_primary = Colour::parse("#5a8fc0").unwrap();
        let (chosen, pair) = palette(&weak);
        assert_eq!(pair, Pair::TextOnBackground);
        assert_eq!(
            (chosen.text, chosen.background),
            (weak.text, weak.background)
        );
        assert!(contrast(chosen.text, chosen.background) >= 4.5);
        weak.text = Colour::parse("#dddddd").unwrap();
        let (chosen, pair) = palette(&weak);
        assert_eq!(pair, Pair::BlackOnWhite);
        assert!(contrast(chosen.text, chosen.background) >= 4.5);
    }

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        let hostile = "</text><script>alert(\"x\")</script> & 'y' \u{1}\u{7}";
        let svg = svg(&card(hostile), &style());
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("&lt;/text&gt;&lt;script&gt;"), "{svg}");
        assert!(svg.contains("&amp; &apos;y&apos;"), "{svg}");
        assert!(!svg.contains('\u{1}'));
        let png = draw(&card(hostile), &style()).unwrap();
        assert_eq!(png_size(&png), Some((1200, 630)));
    }

    #[test]
    fn a_long_heading_wraps_shrinks_and_ends_in_an_ellipsis() {
        let width = (WIDTH as f32 - 2.0 * MARGIN) * SLACK;
        let (size, lines) = heading_layout("Signs that a child may be at risk", width);
        assert_eq!(size, HEADING_SIZES[0]);
        assert!(lines.len() <= 2, "{lines:?}");
        let long = "What to do if you are worried that a child you know is being groomed or exploited by someone online or in person, and who can help you today";
        let (size, lines) = heading_layout(long, width);
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert_eq!(size, HEADING_SIZES[HEADING_SIZES.len() - 1]);
        assert!(lines[2].ends_with('\u{2026}'), "{lines:?}");
        for line in &lines {
            assert!(measure(line, Face::Bold, size) <= width, "{line}");
        }
        let unbroken = "x".repeat(400);
        let (_, lines) = heading_layout(&unbroken, width);
        assert_eq!(lines.len(), 3);
        assert!(lines
            .iter()
            .all(|line| measure(line, Face::Bold, size) <= width));
        assert_eq!(heading_layout("", width).1, Vec::<String>::new());
    }

    #[test]
    fn welsh_letters_have_glyphs() {
        let font = FontRef::new(BOLD).unwrap();
        for c in ['ŵ', 'ŷ', 'Ŵ', 'Ŷ', 'â', '…', '–'] {
            assert!(font.charmap().map(c).is_some(), "no glyph for {c}");
        }
        let png = draw(&card("Sylweddoli: ŵyr a ŷd"), &style()).unwrap();
        assert_eq!(png_size(&png), Some((1200, 630)));
    }

    #[test]
    fn logos_are_drawn_on_their_plate_and_broken_ones_are_errors() {
        let svg_logo = br##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50"><rect width="200" height="50" fill="#d4351c"/></svg>"##;
        let logo = Logo::read("images/logo.svg", svg_logo).unwrap();
        assert_eq!(logo.size(), (336, 84));
        let style = Style {
            logo: Some(logo),
            ..style()
        };
        let png = draw(&card("React"), &style).unwrap();
        assert_eq!(pixel(&png, 64 + 14 + 10, 56 + 14 + 10), [0xd4, 0x35, 0x1c]);
        assert_eq!(pixel(&png, 64 + 4, 56 + 4), [0xff, 0xff, 0xff]);

        let raster = solid(40, 40, [0, 128, 0]).encode_png().unwrap();
        let logo = Logo::read("logo.PNG", &raster).unwrap();
        assert_eq!(logo.size(), (84, 84));

        for (name, bytes) in [
            ("logo.svg", &b"<svg"[..]),
            ("logo.svg", &b"not xml at all"[..]),
            ("logo.png", &b"\x89PNG\r\n\x1a\nbroken"[..]),
            ("logo.png", &raster[..40]),
            (
                "logo.svg",
                &br#"<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"/>"#[..],
            ),
            ("logo.gif", &b"GIF89a"[..]),
        ] {
            assert!(Logo::read(name, bytes).is_err(), "{name} {bytes:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 12, ..Default::default() })]

        /// Whatever the words, a card is drawn, 1200×630, without a panic.
        #[test]
        fn any_text_gives_a_card(heading in "\\PC{0,300}", summary in "\\PC{0,120}", title in ".{0,80}") {
            let card = Card { site_title: title, heading, summary: Some(summary) };
            let png = draw(&card, &style()).unwrap();
            proptest::prop_assert_eq!(png_size(&png), Some((1200, 630)));
        }
    }

    #[test]
    fn an_svg_logo_cannot_read_other_files() {
        let svg_logo = br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><image href="/etc/passwd" width="10" height="10"/></svg>"#;
        assert!(Logo::read("logo.svg", svg_logo).is_ok());
    }
}
