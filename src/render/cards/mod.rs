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

use resvg::tiny_skia::{Pixmap, PixmapPaint, Transform};
use resvg::usvg;
use sha2::{Digest, Sha256};

use crate::base::colour::contrast;

mod budget;
mod layout;
mod logo;

pub use budget::{Refusal, MAX_COST, MAX_SIDE};
pub use layout::svg;
pub use logo::Logo;

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

static BOLD: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Bold.ttf");
static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Regular.ttf");

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

#[cfg(test)]
use crate::base::media::png_size;

#[cfg(test)]
mod tests {
    use super::layout::{heading_layout, measure, Face};
    use super::*;
    use resvg::tiny_skia::{FillRule, Paint, PathBuilder, Rect};
    use skrifa::{FontRef, MetadataProvider};

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
        assert!(svg.contains("&amp; &#39;y&#39;"), "{svg}");
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
    fn a_100_kb_title_still_makes_a_card_of_three_lines() {
        // D5: fitting once cost time quadratic in the title's length.
        let huge = "Recognise the signs ".repeat(5_000);
        let width = (WIDTH as f32 - 2.0 * MARGIN) * SLACK;
        let (size, lines) = heading_layout(&huge, width);
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines[2].ends_with('\u{2026}'), "{lines:?}");
        assert!(lines
            .iter()
            .all(|line| measure(line, Face::Bold, size) <= width));
        let png = draw(&card(&huge), &style()).unwrap();
        assert_eq!(png_size(&png), Some((1200, 630)));
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
