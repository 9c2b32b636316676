//! Colours and their contrast: parsing `#rgb` / `#rrggbb`, WCAG relative
//! luminance and contrast ratios (never rounded up), and the nearest shade
//! that passes. The brand check and the social cards both use it.

/// An sRGB colour from `brand:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour {
    /// Red, green, blue.
    pub rgb: [u8; 3],
}

impl Colour {
    /// Parses `#rgb` or `#rrggbb`.
    pub fn parse(text: &str) -> Option<Colour> {
        let hex = text.trim().strip_prefix('#')?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let expanded: String = match hex.len() {
            3 => hex.chars().flat_map(|c| [c, c]).collect(),
            6 => hex.to_string(),
            _ => return None,
        };
        let channel = |i: usize| u8::from_str_radix(&expanded[i..i + 2], 16).ok();
        Some(Colour {
            rgb: [channel(0)?, channel(2)?, channel(4)?],
        })
    }

    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.rgb[0], self.rgb[1], self.rgb[2])
    }
}

/// WCAG relative luminance of an sRGB colour.
pub fn luminance(colour: Colour) -> f64 {
    let channel = |value: u8| {
        let c = f64::from(value) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let [r, g, b] = colour.rgb;
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// WCAG contrast ratio between two colours (1.0 to 21.0).
pub fn contrast(a: Colour, b: Colour) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (light, dark) = if la > lb { (la, lb) } else { (lb, la) };
    (light + 0.05) / (dark + 0.05)
}

/// A ratio for people: rounded down to one decimal, so 4.49 never shows as 4.5.
pub fn format_ratio(ratio: f64) -> String {
    format!("{:.1}:1", (ratio * 10.0).floor() / 10.0)
}

/// The shade of `colour` nearest to it (moving toward black or white) that
/// reaches `minimum` against `against`.
pub fn nearest_passing(colour: Colour, against: Colour, minimum: f64) -> Option<Colour> {
    let mix = |target: f64, step: f64| Colour {
        rgb: colour
            .rgb
            .map(|c| (f64::from(c) + (target - f64::from(c)) * step).round() as u8),
    };
    (1..=100)
        .flat_map(|i| {
            let step = f64::from(i) / 100.0;
            [mix(0.0, step), mix(255.0, step)]
        })
        .find(|candidate| contrast(*candidate, against) >= minimum)
}
