//! UK phone numbers written in a page's text ("call the MASH on 01296
//! 383962"), found so `check` can hold them to the help directory: a number
//! typed into prose does not change when the directory's is corrected.
//!
//! Only national numbers (a leading 0 or +44, 7 digits or more, that
//! `signpost::phone` accepts) are found: short codes such as 999 and 101
//! are left alone, since "101" is as often a course name as a number.

use super::walk::Walker;
use crate::base::diagnostic::Pos;
use crate::load::signpost::phone;

/// A phone number written in the text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PhoneMention {
    /// As written ("01296 383962").
    pub written: String,
    /// Its `tel:` link, to compare with the directory's.
    pub href: String,
    /// Where it is written.
    pub pos: Pos,
}

/// The most numbers one page records (a pasted phone book stays cheap).
const MAX_PER_PAGE: usize = 200;

impl Walker<'_, '_> {
    /// Records the phone numbers in a text event starting at byte `offset`.
    pub(super) fn find_phones(&mut self, text: &str, offset: usize) {
        for (start, written) in candidates(text) {
            if self.rendered.phones.len() >= MAX_PER_PAGE {
                return;
            }
            if let Some(number) = phone::parse(written) {
                let pos = self.pos(offset + start);
                self.rendered.phones.push(PhoneMention {
                    written: written.to_string(),
                    href: number.href,
                    pos,
                });
            }
        }
    }
}

/// Runs of text that may be national numbers: from a `0` or `+44` that no
/// letter or digit precedes, digits with single spaces or hyphens between,
/// 7 digits or more. (Byte offset in `text`, the run.)
fn candidates(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        // Straight to the next `0` or `+`: most of a page has neither.
        let Some(skip) = memchr::memchr2(b'0', b'+', &bytes[index..]) else {
            break;
        };
        index += skip;
        let starts = bytes[index] == b'0' || bytes[index..].starts_with(b"+44");
        let after_word =
            index > 0 && (bytes[index - 1].is_ascii_alphanumeric() || bytes[index - 1] == b'+');
        if !starts || after_word {
            index += 1;
            continue;
        }
        let end = run_end(bytes, index);
        let run = text[index..end].trim_end_matches([' ', '-']);
        if run.bytes().filter(u8::is_ascii_digit).count() >= 7 {
            found.push((index, run));
        }
        index = end.max(index + 1);
    }
    found
}

/// The end of a run of digits joined by single spaces or hyphens (and a
/// leading `+`).
fn run_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    if bytes.get(end) == Some(&b'+') {
        end += 1;
    }
    while end < bytes.len() {
        match bytes[end] {
            b'0'..=b'9' => end += 1,
            b' ' | b'-' if bytes.get(end + 1).is_some_and(u8::is_ascii_digit) => end += 1,
            _ => break,
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_numbers_are_found_and_other_digits_are_not() {
        let found: Vec<&str> = candidates(
            "Call 01296 383962 or 0808 800 5000, text +44 7700 900123; not 999, 101, 2026, 10,000 or ref A01234567.",
        )
        .into_iter()
        .map(|(_, run)| run)
        .collect();
        assert_eq!(
            found,
            vec!["01296 383962", "0808 800 5000", "+44 7700 900123"]
        );
    }

    #[test]
    fn text_in_any_script_is_scanned_without_a_panic() {
        assert!(candidates("’ ‘0’ é+44 ü0800 1111").len() == 1);
        assert!(
            candidates("+").is_empty() && candidates("0").is_empty() && candidates("+4").is_empty()
        );
    }

    #[test]
    fn a_run_ends_at_a_double_space_or_punctuation() {
        let found: Vec<(usize, &str)> = candidates("0800 1111.  0300  555").into_iter().collect();
        assert_eq!(found, vec![(0, "0800 1111")]);
    }
}
