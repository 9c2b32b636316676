//! Reading level of English prose: Flesch Reading Ease and Flesch–Kincaid
//! grade from words, sentences and syllables (formulas in DOMAIN.md), the UK
//! reading age (grade + 5), the longest and hardest sentences, and every
//! sentence over a length, each with where it starts in the file. Pure text
//! functions, so `markdown` can measure a page as it renders it and keep
//! only the numbers.
//!
//! Web and e-mail addresses, phone numbers (and other runs of digits) and
//! link suffixes such as "(external link)" or "(opens in new window)" are
//! not words a reader has to read as prose: they are left out of the count.

use crate::base::diagnostic::Pos;

/// A sentence worth naming in a report.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Sentence {
    /// 1-based line it starts on.
    pub line: usize,
    /// 1-based column (in characters) it starts at.
    pub column: usize,
    /// How many words.
    pub words: usize,
    /// Its Flesch–Kincaid grade on its own.
    pub grade: f64,
    /// The sentence (shortened when very long).
    pub text: String,
}

/// The reading level of a page.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Stats {
    /// Words counted.
    pub words: usize,
    /// Sentences counted.
    pub sentences: usize,
    /// Syllables counted.
    pub syllables: usize,
    /// The longest sentences, longest first (at most three).
    pub longest: Vec<Sentence>,
    /// The hardest sentences by grade, hardest first (at most three).
    pub hardest: Vec<Sentence>,
    /// Every sentence of more words than the limit `measure` was given,
    /// in page order.
    pub long: Vec<Sentence>,
}

/// A block of prose (a paragraph or list item) and where its pieces start
/// in the file: (byte offset in `text`, position), in order, the first at
/// offset 0.
#[derive(Debug, Clone)]
pub struct Block<'a> {
    /// The block's text.
    pub text: &'a str,
    /// Where each piece of it starts.
    pub anchors: Vec<(usize, Pos)>,
}

impl<'a> From<(usize, &'a str)> for Block<'a> {
    /// A block whose text starts at column 1 of `line`.
    fn from((line, text): (usize, &'a str)) -> Self {
        Block {
            text,
            anchors: vec![(0, Pos::new(line, 1))],
        }
    }
}

impl Block<'_> {
    /// Where byte `offset` of the text is in the file: its piece's start,
    /// plus the characters between (a piece never spans a line break).
    fn position(&self, offset: usize) -> Pos {
        let at = self.anchors.partition_point(|&(start, _)| start <= offset);
        let Some(&(start, pos)) = at.checked_sub(1).and_then(|i| self.anchors.get(i)) else {
            return Pos::new(1, 1);
        };
        let between = self
            .text
            .get(start..offset)
            .map_or(0, |t| t.chars().count());
        Pos::new(pos.line, pos.column + between)
    }
}

impl Stats {
    /// Flesch Reading Ease: higher is easier (60–70 is plain English).
    pub fn reading_ease(&self) -> f64 {
        if self.words == 0 {
            return 100.0;
        }
        206.835 - 1.015 * self.words_per_sentence() - 84.6 * self.syllables_per_word()
    }

    /// Flesch–Kincaid grade (US school grade).
    pub fn grade(&self) -> f64 {
        if self.words == 0 {
            return 0.0;
        }
        grade(self.words_per_sentence(), self.syllables_per_word())
    }

    /// UK reading age: the grade plus five years, never below five.
    pub fn reading_age(&self) -> f64 {
        (self.grade() + 5.0).max(5.0)
    }

    /// Words in the longest sentence.
    pub fn longest_sentence(&self) -> usize {
        self.longest.first().map_or(0, |s| s.words)
    }

    fn words_per_sentence(&self) -> f64 {
        self.words as f64 / self.sentences.max(1) as f64
    }

    fn syllables_per_word(&self) -> f64 {
        self.syllables as f64 / self.words.max(1) as f64
    }
}

fn grade(words_per_sentence: f64, syllables_per_word: f64) -> f64 {
    0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59
}

/// Measures blocks of prose, each a paragraph or list item. A block ends a
/// sentence even without a full stop. Sentences of more than `long_words`
/// words are each kept in [`Stats::long`].
pub fn measure<'a>(blocks: impl IntoIterator<Item = Block<'a>>, long_words: usize) -> Stats {
    let mut stats = Stats::default();
    // Only three of each are named, so each list keeps its best three as
    // sentences arrive instead of sorting every sentence of the page.
    let mut longest: Vec<Measured<'a>> = Vec::with_capacity(4);
    let mut hardest: Vec<Measured<'a>> = Vec::with_capacity(4);
    let line = |m: &Measured<'_>| (m.pos.line, m.pos.column);
    for block in blocks {
        for sentence in split_sentences(block.text) {
            let (words, syllables) = count(sentence);
            if words == 0 {
                continue;
            }
            stats.words += words;
            stats.syllables += syllables;
            stats.sentences += 1;
            let grade = grade(words as f64, syllables as f64 / words as f64);
            let leading = sentence.len() - sentence.trim_start().len();
            let offset = sentence.as_ptr() as usize - block.text.as_ptr() as usize + leading;
            let measured = Measured {
                pos: block.position(offset),
                words,
                grade,
                text: sentence,
            };
            if words > long_words {
                stats.long.push(measured.named());
            }
            keep_first_three(&mut longest, measured, |a, b| {
                b.words.cmp(&a.words).then(line(a).cmp(&line(b)))
            });
            keep_first_three(&mut hardest, measured, |a, b| {
                b.grade.total_cmp(&a.grade).then(line(a).cmp(&line(b)))
            });
        }
    }
    stats.longest = longest.iter().map(Measured::named).collect();
    stats.hardest = hardest.iter().map(Measured::named).collect();
    stats
}

/// Puts `item` into `first` (at most three, in `order`) where a stable sort
/// of every item by `order` would put it among the first three: after the
/// items that equal it, as they came first.
fn keep_first_three<'a>(
    first: &mut Vec<Measured<'a>>,
    item: Measured<'a>,
    order: impl Fn(&Measured<'a>, &Measured<'a>) -> std::cmp::Ordering,
) {
    let at = first.partition_point(|kept| order(kept, &item).is_le());
    if at < 3 {
        first.insert(at, item);
        first.truncate(3);
    }
}

/// Words and syllables of a sentence, leaving out what is not prose: web
/// and e-mail addresses, runs of digits (phone numbers, years) and a
/// parenthesised link suffix ("(external link)", "(opens in new window)").
///
/// This runs over every word of every English page, so an ASCII word (as
/// nearly every one is) is looked at in one pass over its bytes that
/// answers all three questions, address, number and syllables, together;
/// other words take [`is_address`], [`is_number`] and [`word_syllables`]
/// one after another. A test holds both ways to the same counts.
fn count(sentence: &str) -> (usize, usize) {
    let (mut words, mut syllables) = (0, 0);
    let mut tokens = Tokens { rest: sentence };
    while let Some(token) = tokens.next() {
        if token.starts_with('(') {
            if let Some(after) = link_suffix_length(token, tokens) {
                for _ in 0..after {
                    tokens.next();
                }
                continue;
            }
        }
        if let Some(count) = word_in_prose(token) {
            words += 1;
            syllables += count;
        }
    }
    (words, syllables)
}

/// The syllables of `token` when it is a word of prose; `None` when it is an
/// address, a number or no word at all.
fn word_in_prose(token: &str) -> Option<usize> {
    if !token.is_ascii() {
        if is_address(token) || is_number(token) {
            return None;
        }
        return word_syllables(token);
    }
    let bytes = token.as_bytes();
    let mut address = bytes
        .get(..4)
        .is_some_and(|start| start.eq_ignore_ascii_case(b"www."));
    let mut letters = [0u8; 64];
    let mut length = 0;
    let (mut digits, mut only_number_signs, mut is_word) = (0, true, false);
    for (at, &byte) in bytes.iter().enumerate() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' => {
                if length < letters.len() {
                    letters[length] = byte.to_ascii_lowercase();
                    length += 1;
                }
                is_word = true;
                only_number_signs = false;
            }
            b'0'..=b'9' => {
                digits += 1;
                is_word = true;
            }
            b':' => address |= bytes[at + 1..].starts_with(b"//"),
            b'+' | b'(' | b')' | b'-' | b'.' | b',' | b';' => {}
            b'@' => {
                address = true;
                only_number_signs = false;
            }
            _ => only_number_signs = false,
        }
    }
    if address || (digits >= 3 && only_number_signs) {
        return None;
    }
    is_word.then(|| vowel_groups(&letters[..length]))
}

/// The words of a sentence, split at white space as `split_whitespace`
/// splits them, but stepping over ASCII bytes without decoding them.
#[derive(Clone, Copy)]
struct Tokens<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Tokens<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let start = white_space_end(self.rest, 0);
        let end = token_end(self.rest, start);
        let token = &self.rest[start..end];
        self.rest = &self.rest[end..];
        (!token.is_empty()).then_some(token)
    }
}

/// Whether the character at byte `at` of `text` (a character boundary) is
/// white space, and how many bytes it takes.
fn white_space_at(text: &str, at: usize) -> (bool, usize) {
    let byte = text.as_bytes()[at];
    if byte.is_ascii() {
        return (matches!(byte, b'\t'..=b'\r' | b' '), 1);
    }
    let c = text[at..].chars().next().unwrap_or(' ');
    (c.is_whitespace(), c.len_utf8())
}

/// The first byte at or after `at` that is not white space.
fn white_space_end(text: &str, mut at: usize) -> usize {
    while at < text.len() {
        let (white, length) = white_space_at(text, at);
        if !white {
            break;
        }
        at += length;
    }
    at
}

/// The first white space at or after `at` (or the end).
fn token_end(text: &str, mut at: usize) -> usize {
    while at < text.len() {
        let (white, length) = white_space_at(text, at);
        if white {
            break;
        }
        at += length;
    }
    at
}

/// A web or e-mail address.
fn is_address(token: &str) -> bool {
    // No allocation: this runs for every word of every page.
    let www = token
        .as_bytes()
        .get(..4)
        .is_some_and(|start| start.eq_ignore_ascii_case(b"www."));
    www || token.contains('@') || token.contains("://")
}

/// Digits and the signs phone numbers use, with three digits or more.
fn is_number(token: &str) -> bool {
    let digits = token.chars().filter(char::is_ascii_digit).count();
    digits >= 3
        && token.chars().all(|c| {
            c.is_ascii_digit() || matches!(c, '+' | '(' | ')' | '-' | '.' | ',' | ';' | ':')
        })
}

/// How many tokens after `first` (which starts with `(`) a parenthesised
/// link suffix goes on for, when it is one: it closes within eight tokens
/// and names a new window, a new tab or an external site.
fn link_suffix_length(first: &str, mut after: Tokens<'_>) -> Option<usize> {
    let mut suffix = vec![first];
    while !suffix.last().is_some_and(|token| token.contains(')')) {
        if suffix.len() == 8 {
            return None;
        }
        suffix.push(after.next()?);
    }
    let words = suffix.join(" ").to_lowercase();
    ["external", "new window", "new tab", "opens in"]
        .iter()
        .any(|phrase| words.contains(phrase))
        .then_some(suffix.len() - 1)
}

/// A sentence as measured, before it is worth copying into a report.
#[derive(Clone, Copy)]
struct Measured<'a> {
    pos: Pos,
    words: usize,
    grade: f64,
    text: &'a str,
}

impl Measured<'_> {
    fn named(&self) -> Sentence {
        Sentence {
            line: self.pos.line,
            column: self.pos.column,
            words: self.words,
            grade: self.grade,
            text: shorten(self.text.trim()),
        }
    }
}

/// Splits on `.`, `!`, `?` (and `;`, `:` before a line break) followed by
/// white space or the end, so "e.g. this" and "0.5" stay whole mostly.
pub fn split_sentences(text: &str) -> Vec<&str> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut from = 0;
    // The marks are ASCII, and ASCII bytes occur in UTF-8 only as
    // themselves, so the text is searched as bytes (a quarter of the time
    // of decoding every character).
    while let Some(offset) = memchr::memchr3(b'.', b'!', b'?', &text.as_bytes()[from..]) {
        let end = from + offset + 1;
        let next = text[end..].chars().next();
        if next.is_none_or(|n| n.is_whitespace() || matches!(n, '"' | '\u{201d}' | ')')) {
            sentences.push(&text[start..end]);
            start = end;
        }
        from = end;
    }
    if !text[start..].trim().is_empty() {
        sentences.push(&text[start..]);
    }
    sentences
}

/// Estimated syllables in an English word: groups of vowels, less a silent
/// final "e", at least one (0 for a word with no letters, such as "2026").
pub fn syllables(word: &str) -> usize {
    word_syllables(word).unwrap_or(0)
}

/// Syllables of a word, or None when it has no letter or digit (a dash, a
/// bullet): not a word at all. One pass over the word; bytes only when it
/// is ASCII, as nearly every English word is.
fn word_syllables(word: &str) -> Option<usize> {
    let mut letters = [0u8; 64];
    let mut length = 0;
    let mut is_word = false;
    let mut keep = |letter: u8| {
        if length < letters.len() {
            letters[length] = letter;
            length += 1;
        }
    };
    if word.is_ascii() {
        for byte in word.bytes() {
            if byte.is_ascii_alphabetic() {
                keep(byte.to_ascii_lowercase());
                is_word = true;
            } else if byte.is_ascii_digit() {
                is_word = true;
            }
        }
    } else {
        for c in word.chars() {
            if c.is_alphabetic() {
                keep(if c.is_ascii() {
                    c.to_ascii_lowercase() as u8
                } else {
                    b'x'
                });
                is_word = true;
            } else if c.is_alphanumeric() {
                is_word = true;
            }
        }
    }
    is_word.then(|| vowel_groups(&letters[..length]))
}

/// Vowel groups in lower-case ASCII letters, less a silent ending.
fn vowel_groups(letters: &[u8]) -> usize {
    match letters.len() {
        0 => return 0,
        1..=3 => return 1,
        _ => {}
    }
    let mut count = 0;
    let mut previous_vowel = false;
    for &c in strip_silent_ending(letters) {
        let vowel = matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
        if vowel && !previous_vowel {
            count += 1;
        }
        previous_vowel = vowel;
    }
    count.max(1)
}

fn strip_silent_ending(word: &[u8]) -> &[u8] {
    for ending in [b"es", b"ed"] {
        if let Some(stem) = word.strip_suffix(ending) {
            if !stem.ends_with(b"t") && !stem.ends_with(b"d") || ending == b"es" {
                return stem;
            }
        }
    }
    match word.strip_suffix(b"e") {
        Some(stem) if !stem.ends_with(b"l") || stem.len() < 2 => stem,
        _ => word,
    }
}

fn shorten(sentence: &str) -> String {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    if words.len() <= 30 {
        return words.join(" ");
    }
    format!("{} …", words[..30].join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_syllables_in_common_words() {
        for (word, expected) in [
            ("cat", 1),
            ("children", 2),
            ("exploitation", 4),
            ("make", 1),
            ("people", 2),
            ("recognise", 3),
            ("abused", 2),
            ("helpline", 2),
        ] {
            assert_eq!(syllables(word), expected, "{word}");
        }
    }

    #[test]
    fn splits_sentences_but_not_decimals() {
        assert_eq!(
            split_sentences("One. Two? Three! Four"),
            vec!["One.", " Two?", " Three!", " Four"]
        );
        assert_eq!(split_sentences("It costs 0.5 pounds. Yes.").len(), 2);
        assert_eq!(
            split_sentences("Café… ok?\u{201d} Then “this”.) Done.."),
            vec!["Café… ok?", "\u{201d} Then “this”.", ") Done.."]
        );
        assert_eq!(split_sentences("  "), Vec::<&str>::new());
        assert_eq!(split_sentences("Ends here."), vec!["Ends here."]);
    }

    /// The first, character-by-character splitter, kept as the reference.
    fn split_by_chars(text: &str) -> Vec<&str> {
        let mut sentences = Vec::new();
        let mut start = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((index, c)) = chars.next() {
            if !matches!(c, '.' | '!' | '?') {
                continue;
            }
            let next = chars.peek().map(|&(_, n)| n);
            if next.is_none_or(|n| n.is_whitespace() || matches!(n, '"' | '\u{201d}' | ')')) {
                let end = index + c.len_utf8();
                sentences.push(&text[start..end]);
                start = end;
            }
        }
        if !text[start..].trim().is_empty() {
            sentences.push(&text[start..]);
        }
        sentences
    }

    /// The first word counter, one question at a time over a list of the
    /// words, kept as the reference [`count`] must agree with.
    fn count_by_tokens(sentence: &str) -> (usize, usize) {
        let tokens: Vec<&str> = sentence.split_whitespace().collect();
        let (mut words, mut syllables) = (0, 0);
        let mut index = 0;
        while index < tokens.len() {
            if tokens[index].starts_with('(') {
                let close = (index..tokens.len().min(index + 8)).find(|&i| tokens[i].contains(')'));
                if let Some(close) = close {
                    let suffix = tokens[index..=close].join(" ").to_lowercase();
                    let phrases = ["external", "new window", "new tab", "opens in"];
                    if phrases.iter().any(|phrase| suffix.contains(phrase)) {
                        index = close + 1;
                        continue;
                    }
                }
            }
            let token = tokens[index];
            index += 1;
            if is_address(token) || is_number(token) {
                continue;
            }
            if let Some(count) = word_syllables(token) {
                words += 1;
                syllables += count;
            }
        }
        (words, syllables)
    }

    #[test]
    fn the_one_pass_counter_agrees_with_the_reference_on_known_cases() {
        for sentence in [
            "Call 0808 800 5000 (free) or visit WWW.Example.org now.",
            "See https://example.org/a:b or ftp://x (opens in new window) today.",
            "Write to help@example.org (external link) or (a b c d e f g h) external).",
            "Tel: +44 (0)20 7946 0000; ext. 12, 2026-12-07 and 1:2 and :// alone.",
            "Café\u{a0}naïve\u{2003}words\u{b}split\u{85}here and\u{3000}there.",
            "(opens (in) new tab) ( ) (( )) (new\ttab)",
            "Supercalifragilisticexpialidociousandevenlongerthansixtyfourlettersforsure yes",
            "",
            "   ",
        ] {
            assert_eq!(count(sentence), count_by_tokens(sentence), "{sentence:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn splitting_bytes_agrees_with_splitting_characters(
            text in "[a .!?\"\u{201d})\u{a0}\u{2003}é…\n]{0,40}"
        ) {
            proptest::prop_assert_eq!(split_sentences(&text), split_by_chars(&text));
        }

        #[test]
        fn the_one_pass_counter_agrees_with_the_reference(
            sentence in "(www\\.|WWW\\.|https://|:|/|//|@|external|new window|new tab|opens in|\\(|\\)|[a-zA-Z]{1,6}|[0-9]{1,4}|[+.,;-]|[ \t\n\u{b}\u{a0}\u{2003}\u{85}]|é|ß|…){0,40}"
        ) {
            proptest::prop_assert_eq!(count(&sentence), count_by_tokens(&sentence));
        }
    }

    #[test]
    fn plain_text_scores_as_easy_and_dense_text_as_hard() {
        let easy = measure(
            [(
                1,
                "You can talk to us. We will help you. It is not your fault.",
            )
                .into()],
            25,
        );
        assert!(easy.reading_age() < 9.0, "{}", easy.reading_age());
        assert!(easy.reading_ease() > 80.0);
        let hard = measure([(3, "Multi-agency safeguarding arrangements necessitate comprehensive interdisciplinary information-sharing protocols, notwithstanding organisational confidentiality considerations.").into()], 25);
        assert!(hard.reading_age() > 18.0, "{}", hard.reading_age());
        assert_eq!(hard.hardest[0].line, 3);
    }

    #[test]
    fn the_longest_sentences_are_named_longest_first() {
        let long = "word ".repeat(30);
        let stats = measure([(1, "Short one.").into(), (5, long.as_str()).into()], 25);
        assert_eq!(stats.longest_sentence(), 30);
        assert_eq!(stats.longest[0].line, 5);
        assert_eq!(stats.sentences, 2);
    }

    #[test]
    fn addresses_numbers_and_link_suffixes_are_not_counted_as_words() {
        let plain = measure([(1, "Call the helpline or visit the website.").into()], 25);
        let with_extras = measure(
            [(1, "Call the helpline on 0808 800 5000 or visit https://www.nspcc.org.uk/keeping-children-safe (external link) or write to help@nspcc.org.uk (opens in new window).").into()],
            25,
        );
        assert_eq!(plain.words, 7);
        assert_eq!(
            with_extras.words, 9,
            "call the helpline on or visit or write to: {with_extras:?}"
        );
        assert!(
            with_extras.reading_age() < 12.0,
            "{}",
            with_extras.reading_age()
        );
    }

    proptest::proptest! {
        #[test]
        fn the_three_named_are_the_first_three_of_a_stable_sort(
            lengths in proptest::collection::vec((1usize..6, 0usize..3), 0..12)
        ) {
            // Sentences of a few lengths and of words of one to three
            // syllables, so lengths and grades tie often.
            let words = ["cat", "happy", "tomorrow"];
            let text: String = lengths
                .iter()
                .map(|&(length, hard)| format!("{} end. ", [words[hard]; 6][..length].join(" ")))
                .collect();
            // A limit of 0 keeps every sentence in `long`, in page order.
            let stats = measure([(1, text.as_str()).into()], 0);
            let line = |s: &Sentence| (s.line, s.column);
            let mut longest = stats.long.clone();
            longest.sort_by(|a, b| b.words.cmp(&a.words).then(line(a).cmp(&line(b))));
            longest.truncate(3);
            let mut hardest = stats.long.clone();
            hardest.sort_by(|a, b| b.grade.total_cmp(&a.grade).then(line(a).cmp(&line(b))));
            hardest.truncate(3);
            proptest::prop_assert_eq!(&stats.longest, &longest);
            proptest::prop_assert_eq!(&stats.hardest, &hardest);
        }
    }

    #[test]
    fn every_long_sentence_is_kept_at_its_own_line_and_column() {
        let long = format!("{}end.", "word ".repeat(26));
        let text = format!("Short. {long} {long}");
        let block = Block {
            text: &text,
            anchors: vec![(0, Pos::new(4, 3))],
        };
        let stats = measure([block], 25);
        let places: Vec<(usize, usize)> = stats.long.iter().map(|s| (s.line, s.column)).collect();
        assert_eq!(places, vec![(4, 10), (4, 10 + long.chars().count() + 1)]);
    }

    #[test]
    fn a_sentence_in_a_later_piece_of_a_block_takes_that_pieces_line() {
        let text = "First line goes on and on. Second sentence here.";
        let block = Block {
            text,
            anchors: vec![(0, Pos::new(7, 1)), (19, Pos::new(8, 1))],
        };
        let stats = measure([block], 1);
        let places: Vec<(usize, usize)> = stats.long.iter().map(|s| (s.line, s.column)).collect();
        assert_eq!(places, vec![(7, 1), (8, 9)]);
    }
}
