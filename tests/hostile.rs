//! The attacks of the second hardening round (issue 27) on the social
//! cards, each a test named after what it stops: logos that would take
//! minutes or gigabytes to draw (filters, a PNG declaring 30000×30000
//! pixels, `<use>` loops and fan-outs) are one clear error before anything
//! is drawn, an SVG's own mistakes point at the SVG's line, and a 100 KB
//! title is fitted to its card. The sizes are the reproducers' own; a
//! regression shows as a hang or an abort, and `benches/hostile.rs`
//! measures the times.

mod common;

use std::path::Path;

use beacon::base::diagnostic::Diagnostic;
use common::TestSite;

/// The bilingual fixture (its `organisation.logo` is at site.yaml:10:9)
/// with `bytes` as its logo, under `name`.
fn with_logo(name: &str, bytes: &[u8]) -> TestSite {
    let site = TestSite::fixture("bilingual");
    site.write_bytes(&format!("content/{name}"), bytes);
    site.replace(
        "site.yaml",
        "logo: images/logo.svg",
        &format!("logo: {name}"),
    );
    site
}

/// The one error of building with this SVG as the logo.
fn svg_logo_error(svg: &str) -> Diagnostic {
    with_logo("images/logo.svg", svg.as_bytes()).error()
}

fn assert_in_logo(error: &Diagnostic, line: usize) {
    assert!(
        error.path.ends_with("content/images/logo.svg"),
        "{error:#?}"
    );
    assert_eq!(error.line, line, "{error:#?}");
    let hint = error.hint.as_deref().unwrap_or("");
    assert!(
        hint.contains("organisation.logo names this file at site.yaml:10:9"),
        "{hint}"
    );
}

const SVG_OPEN: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="50">"#;

#[test]
fn turbulence_with_a_billion_octaves_is_refused_not_drawn() {
    let svg = format!(
        "{SVG_OPEN}\n<filter id=\"t\">\n<feTurbulence baseFrequency=\"0.05\" numOctaves=\"1000000000\"/></filter>\n<rect width=\"200\" height=\"50\" filter=\"url(#t)\"/></svg>"
    );
    let error = svg_logo_error(&svg);
    assert!(
        error.message.starts_with(
            "organisation.logo \"images/logo.svg\" cannot be drawn on the social cards: it uses an SVG filter, which logos on the cards may not"
        ),
        "{}",
        error.message
    );
    assert_in_logo(&error, 2);
    assert_eq!(error.column, 1);
}

#[test]
fn twenty_five_thousand_chained_blurs_are_refused_not_drawn() {
    let blurs: String = (0..25_000)
        .map(|n| format!("<feGaussianBlur stdDeviation=\"50\" result=\"b{n}\"/>"))
        .collect();
    let svg = format!(
        "{SVG_OPEN}\n\n<filter id=\"f\" x=\"-10\" y=\"-10\" width=\"21\" height=\"21\">{blurs}</filter>\n<rect width=\"200\" height=\"50\" filter=\"url(#f)\"/></svg>"
    );
    assert!(svg.len() > 800_000);
    let error = svg_logo_error(&svg);
    assert!(error.message.contains("SVG filter"), "{}", error.message);
    assert_in_logo(&error, 3);
}

#[test]
fn an_enlarged_blur_used_by_many_shapes_is_refused_not_drawn() {
    let shapes: String = (0..20_000)
        .map(|n| {
            format!(
                "<rect x=\"{}\" width=\"9\" height=\"9\" filter=\"url(#big)\"/>",
                n % 200
            )
        })
        .collect();
    let svg = format!(
        "{SVG_OPEN}<filter id=\"big\" x=\"-10\" y=\"-10\" width=\"21\" height=\"21\"><feGaussianBlur stdDeviation=\"40\"/></filter>{shapes}</svg>"
    );
    let error = svg_logo_error(&svg);
    assert!(error.message.contains("SVG filter"), "{}", error.message);
    assert_in_logo(&error, 1);
}

/// A PNG of signature, IHDR, one empty IDAT and IEND, declaring
/// `width`×`height` RGBA pixels it does not have.
fn png_header_only(width: u32, height: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend(kind);
        out.extend(data);
        out.extend(crc.sum().to_be_bytes());
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(
        &mut png,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut png, b"IEND", &[]);
    png
}

#[test]
fn a_png_logo_declaring_30000_pixels_a_side_is_refused_before_decoding() {
    let png = png_header_only(30_000, 30_000);
    assert!(png.len() < 80, "{}", png.len());
    let error = with_logo("images/logo.png", &png).error();
    assert_eq!(
        error.message,
        "organisation.logo \"images/logo.png\" cannot be drawn on the social cards: it declares 30000×30000 pixels, and a logo may be at most 4096×4096"
    );
    assert_eq!(error.path, Path::new("site.yaml"));
    assert_eq!((error.line, error.column), (10, 9));
    // Within the limit, the same lie is an ordinary unreadable PNG.
    let error = with_logo("images/logo.png", &png_header_only(4096, 4096)).error();
    assert!(
        error.message.contains("it is not a readable PNG"),
        "{}",
        error.message
    );
}

#[test]
fn an_svg_syntax_error_points_at_the_svg_and_names_the_site_yaml_line() {
    let error = svg_logo_error(&format!(
        "{SVG_OPEN}\n<g>\n  <rect width=\"10\" height=\"10\">\n</g></svg>"
    ));
    assert!(
        error.message.contains("it is not a readable SVG ("),
        "{}",
        error.message
    );
    assert!(!error.message.contains(" at 4:"), "{}", error.message);
    assert_in_logo(&error, 4);
    assert_eq!(error.column, 1, "at the </g> that closes nothing open");
}

#[test]
fn a_use_loop_in_the_logo_is_called_a_loop() {
    let svg = format!(
        "{SVG_OPEN}\n<g id=\"a\"><use xlink:href=\"#b\"/></g>\n<g id=\"b\"><use href=\"#c\"/></g>\n<g id=\"c\"><use xlink:href=\"#a\"/></g>\n</svg>"
    );
    let error = svg_logo_error(&svg);
    assert!(
        error
            .message
            .contains("its <use> elements refer to each other in a loop (#b → #c → #a → #b)"),
        "{}",
        error.message
    );
    assert!(!error.message.contains("nodes limit"), "{}", error.message);
    assert_in_logo(&error, 2); // the <use> in #a that closes the loop
}

#[test]
fn a_use_fan_out_past_the_element_limit_is_refused() {
    // Six levels of ten `<use>` each: a million rectangles from 1 KB.
    let mut svg = format!("{SVG_OPEN}<defs><rect id=\"l0\" width=\"1\" height=\"1\"/>");
    for level in 1..=5 {
        let uses: String = (0..10)
            .map(|_| format!("<use href=\"#l{}\"/>", level - 1))
            .collect();
        svg.push_str(&format!("<g id=\"l{level}\">{uses}</g>"));
    }
    svg.push_str("</defs><use href=\"#l5\"/></svg>");
    let error = svg_logo_error(&svg);
    assert!(
        error
            .message
            .contains("once its <use> elements are replaced by what they refer to, it has over 100000 elements"),
        "{}",
        error.message
    );
    assert_eq!(error.path, Path::new("site.yaml"));
}

#[test]
fn a_css_filter_function_is_refused_like_a_filter_element() {
    let error = svg_logo_error(&format!(
        "{SVG_OPEN}<rect width=\"200\" height=\"50\" filter=\"blur(50)\"/></svg>"
    ));
    assert!(
        error.message.contains("it uses an SVG filter"),
        "{}",
        error.message
    );
    assert_eq!(error.path, Path::new("site.yaml"));
}

#[test]
fn text_in_a_logo_is_refused_before_it_is_laid_out() {
    // 100 KB of text took 16 s to lay out; a logo's words are outlines.
    let words = "Cyngor Sir ".repeat(10_000);
    let error = svg_logo_error(&format!(
        "{SVG_OPEN}\n\n  <text x=\"0\" y=\"40\">{words}</text></svg>"
    ));
    assert!(
        error
            .message
            .contains("it has text (<text>), which logos on the cards may not"),
        "{}",
        error.message
    );
    assert_in_logo(&error, 3);
    assert_eq!(error.column, 3);
    assert!(error
        .hint
        .as_deref()
        .unwrap_or("")
        .starts_with("convert the text to outlines"));
}

#[test]
fn a_thousand_see_through_shapes_cost_more_than_a_logo_may() {
    let shapes: String = (0..1_000)
        .map(|n| {
            format!(
                "<rect x=\"{}\" width=\"9\" height=\"9\" opacity=\"0.5\"/>",
                n % 200
            )
        })
        .collect();
    let error = svg_logo_error(&format!("{SVG_OPEN}{shapes}</svg>"));
    assert!(
        error
            .message
            .contains("it is more complex than a logo may be"),
        "{}",
        error.message
    );
    assert_eq!(error.path, Path::new("site.yaml"));
    // 900 of them are within the budget.
    let shapes: String = (0..900)
        .map(|n| {
            format!(
                "<rect x=\"{}\" width=\"9\" height=\"9\" opacity=\"0.5\"/>",
                n % 200
            )
        })
        .collect();
    let site = with_logo(
        "images/logo.svg",
        format!("{SVG_OPEN}{shapes}</svg>").as_bytes(),
    );
    assert!(site
        .build()
        .files
        .keys()
        .any(|rel| rel.starts_with("cards/")));
}

#[test]
fn a_plain_logo_within_the_limits_is_drawn() {
    let site = TestSite::fixture("bilingual");
    let out = site.build();
    assert!(out.files.keys().any(|rel| rel.starts_with("cards/")));
}

#[test]
fn a_100_kb_title_is_fitted_to_its_card() {
    let site = TestSite::fixture("bilingual");
    let huge = "Recognise the signs of exploitation ".repeat(2_800);
    assert!(huge.len() > 100_000);
    let text = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{text}social_cards: pages\n"));
    site.write(
        "content/realise/huge.md",
        &format!("---\ntitle: \"{huge}\"\ndescription: A page with a very long title.\nrs: [realise]\n---\n\nText.\n"),
    );
    let out = site.build();
    let page = out.text("realise/huge/index.html");
    assert!(page.contains("og:image"), "no social image");
    assert!(
        out.files
            .keys()
            .filter(|rel| rel.starts_with("cards/"))
            .count()
            > 1
    );
}
