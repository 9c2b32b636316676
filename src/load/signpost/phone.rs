//! UK telephone numbers: parsed, checked, shown grouped the way people write
//! them, and linked as `tel:` URLs (international form for ordinary numbers,
//! as dialled for short codes such as 999, 101 and 116 123).

/// A checked UK number, ready to show and link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    /// Grouped for reading: "0808 800 5000".
    pub display: String,
    /// The link: "tel:+448088005000" or "tel:999".
    pub href: String,
}

/// Parses a UK number as an editor might write it: spaces, hyphens,
/// brackets and a leading +44 are allowed. Returns None for anything that is
/// not a diallable UK number.
pub fn parse(text: &str) -> Option<Phone> {
    let digits = normalise(text)?;
    if let Some(rest) = relay_prefix(&digits) {
        return relay(&digits[..5], rest);
    }
    if let Some(phone) = short_code(&digits) {
        return Some(phone);
    }
    national(&digits)
}

/// An SMS number: a UK number, or a 5-digit short code such as 88858.
pub fn parse_sms(text: &str) -> Option<Phone> {
    let digits = normalise(text)?;
    if digits.len() == 5 && matches!(digits.as_bytes()[0], b'6' | b'7' | b'8') {
        return Some(Phone {
            href: format!("sms:{digits}"),
            display: digits,
        });
    }
    let phone = parse(text)?;
    Some(Phone {
        href: phone.href.replacen("tel:", "sms:", 1),
        display: phone.display,
    })
}

/// Digits only, with +44 turned into a leading 0; None if other characters.
fn normalise(text: &str) -> Option<String> {
    let trimmed = text.trim();
    let (international, rest) = match trimmed.strip_prefix("+44") {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let mut digits = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '(' | ')' | '\u{a0}' => {}
            _ => return None,
        }
    }
    if international {
        let national = digits.strip_prefix('0').unwrap_or(&digits);
        digits = format!("0{national}");
    }
    (!digits.is_empty()).then_some(digits)
}

/// The number after a Relay UK prefix (18001 text relay, 18002 video).
fn relay_prefix(digits: &str) -> Option<&str> {
    if digits == "18000" {
        return Some("");
    }
    ["18001", "18002"]
        .iter()
        .find_map(|prefix| digits.strip_prefix(prefix))
        .filter(|rest| !rest.is_empty())
}

fn relay(prefix: &str, rest: &str) -> Option<Phone> {
    if rest.is_empty() {
        return Some(Phone {
            display: prefix.to_string(),
            href: format!("tel:{prefix}"),
        });
    }
    let inner = parse(rest)?;
    let dialled = rest.to_string();
    Some(Phone {
        display: format!("{prefix} {}", inner.display),
        href: format!("tel:{prefix}{dialled}"),
    })
}

/// 999, 112, 101, 111, 105 and the 116 xxx harmonised numbers.
fn short_code(digits: &str) -> Option<Phone> {
    let display = match digits {
        "999" | "112" | "101" | "111" | "105" => digits.to_string(),
        _ if digits.len() == 6 && digits.starts_with("116") => {
            format!("116 {}", &digits[3..])
        }
        _ => return None,
    };
    Some(Phone {
        href: format!("tel:{digits}"),
        display,
    })
}

/// Ofcom's ranges for drama (numbers kept free for TV, film and examples):
/// they never connect to anyone, so a published help line must not use one.
const DRAMA_RANGES: [&str; 19] = [
    "01134960", "01144960", "01154960", "01164960", "01174960", "01184960", "01214960", "01314960",
    "01414960", "01514960", "01614960", "01632960", "02079460", "02890180", "02920180", "03069990",
    "07700900", "08081570", "09098790",
];

/// True for a number in one of Ofcom's drama ranges (`01632 960000`).
pub fn is_drama(text: &str) -> bool {
    normalise(text).is_some_and(|digits| {
        digits.len() == 11 && DRAMA_RANGES.iter().any(|range| digits.starts_with(range))
    })
}

/// Ordinary numbers starting 01, 02, 03, 07 or 08.
fn national(digits: &str) -> Option<Phone> {
    let groups = grouping(digits)?;
    let mut display = String::new();
    let mut start = 0;
    for size in groups {
        if start > 0 {
            display.push(' ');
        }
        display.push_str(&digits[start..start + size]);
        start += size;
    }
    Some(Phone {
        display,
        href: format!("tel:+44{}", &digits[1..]),
    })
}

/// How a number is grouped, by its prefix and length (Ofcom's usual forms).
fn grouping(digits: &str) -> Option<&'static [usize]> {
    let bytes = digits.as_bytes();
    if bytes.len() < 8 || bytes[0] != b'0' {
        return None;
    }
    let is_0800_or_0808 = digits.starts_with("0800") || digits.starts_with("0808");
    match (bytes[1], digits.len()) {
        (b'8', 8) if is_0800_or_0808 => Some(&[4, 4]),
        (b'8', 10) if is_0800_or_0808 => Some(&[4, 3, 3]),
        (b'8' | b'3', 11) => Some(&[4, 3, 4]),
        (b'7', 11) => Some(&[5, 6]),
        (b'2', 11) => Some(&[3, 4, 4]),
        (b'1', 11) if bytes[2] == b'1' || bytes[3] == b'1' => Some(&[4, 3, 4]),
        (b'1', 11) => Some(&[5, 6]),
        (b'1', 10) => Some(&[5, 5]),
        _ => None,
    }
}

#[cfg(test)]
mod drama_tests {
    use super::is_drama;

    #[test]
    fn drama_numbers_are_recognised() {
        assert!(is_drama("01632 960000"));
        assert!(is_drama("020 7946 0123"));
        assert!(is_drama("07700 900123"));
        assert!(!is_drama("0808 800 5000"));
        assert!(!is_drama("01632 961000"));
        assert!(!is_drama("999"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> (String, String) {
        let phone = parse(text).unwrap_or_else(|| panic!("{text} should parse"));
        (phone.display, phone.href)
    }

    #[test]
    fn emergency_and_short_codes_are_dialled_as_written() {
        assert_eq!(shown("999"), ("999".into(), "tel:999".into()));
        assert_eq!(shown("101"), ("101".into(), "tel:101".into()));
        assert_eq!(shown("116123"), ("116 123".into(), "tel:116123".into()));
    }

    #[test]
    fn freephone_numbers_keep_their_familiar_groups() {
        assert_eq!(
            shown("0800 1111"),
            ("0800 1111".into(), "tel:+448001111".into())
        );
        assert_eq!(
            shown("0808 800 5000"),
            ("0808 800 5000".into(), "tel:+448088005000".into())
        );
        assert_eq!(
            shown("0800555111"),
            ("0800 555 111".into(), "tel:+44800555111".into())
        );
    }

    #[test]
    fn geographic_and_mobile_numbers_are_grouped() {
        assert_eq!(
            shown("01632 960000"),
            ("01632 960000".into(), "tel:+441632960000".into())
        );
        assert_eq!(
            shown("020 7946 0000"),
            ("020 7946 0000".into(), "tel:+442079460000".into())
        );
        assert_eq!(
            shown("0161 496 0000"),
            ("0161 496 0000".into(), "tel:+441614960000".into())
        );
        assert_eq!(
            shown("+44 7700 900123"),
            ("07700 900123".into(), "tel:+447700900123".into())
        );
        assert_eq!(
            shown("0300 123 1234"),
            ("0300 123 1234".into(), "tel:+443001231234".into())
        );
    }

    #[test]
    fn relay_uk_prefixes_are_kept() {
        assert_eq!(
            shown("18001 101"),
            ("18001 101".into(), "tel:18001101".into())
        );
        assert_eq!(shown("18000"), ("18000".into(), "tel:18000".into()));
    }

    #[test]
    fn text_numbers_and_short_codes_link_as_sms() {
        let sms = parse_sms("88858").unwrap();
        assert_eq!(
            (sms.display.as_str(), sms.href.as_str()),
            ("88858", "sms:88858")
        );
        let mobile = parse_sms("07700 900123").unwrap();
        assert_eq!(mobile.href, "sms:+447700900123");
    }

    #[test]
    fn invalid_numbers_are_refused() {
        for bad in [
            "12345",
            "0800 11",
            "phone me",
            "0900 123 4567 8",
            "0123",
            "44 20 7946 0000",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
