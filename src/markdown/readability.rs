//! Reading level of English prose: Flesch Reading Ease and Flesch–Kincaid
//! grade from words, sentences and syllables (formulas in DOMAIN.md), the UK
//! reading age (grade + 5), and the longest and hardest sentences. Pure text
//! functions with no other dependency, so `markdown` can measure a page as it
//! renders it and keep only the numbers.

/// A sentence worth naming in a report.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Sentence {
    /// 1-based line of the paragraph it is in.
    pub line: usize,
    /// How many words.
    pub words: usize,
    /// Its Flesch–Kincaid grade on its own.
    pub grade: f64,
    /// The sentence (shortened when very long).
    pub text: String,
}

/// The reading level of a page.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
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

/// Measures blocks of prose, each a paragraph or list item with the line it
/// starts on. A block ends a sentence even without a full stop.
pub fn measure<'a>(blocks: impl IntoIterator<Item = (usize, &'a str)>) -> Stats {
    let mut stats = Stats::default();
    let mut sentences: Vec<Measured<'a>> = Vec::new();
    for (line, block) in blocks {
        for sentence in split_sentences(block) {
            let (words, syllables) = sentence
                .split_whitespace()
                .filter_map(word_syllables)
                .fold((0, 0), |(words, total), syllables| {
                    (words + 1, total + syllables)
                });
            if words == 0 {
                continue;
            }
            stats.words += words;
            stats.syllables += syllables;
            stats.sentences += 1;
            let grade = grade(words as f64, syllables as f64 / words as f64);
            sentences.push(Measured {
                line,
                words,
                grade,
                text: sentence,
            });
        }
    }
    sentences.sort_by(|a, b| b.words.cmp(&a.words).then(a.line.cmp(&b.line)));
    stats.longest = sentences.iter().take(3).map(Measured::named).collect();
    sentences.sort_by(|a, b| b.grade.total_cmp(&a.grade).then(a.line.cmp(&b.line)));
    stats.hardest = sentences.iter().take(3).map(Measured::named).collect();
    stats
}

/// A sentence as measured, before it is worth copying into a report.
struct Measured<'a> {
    line: usize,
    words: usize,
    grade: f64,
    text: &'a str,
}

impl Measured<'_> {
    fn named(&self) -> Sentence {
        Sentence {
            line: self.line,
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

    proptest::proptest! {
        #[test]
        fn splitting_bytes_agrees_with_splitting_characters(
            text in "[a .!?\"\u{201d})\u{a0}\u{2003}é…\n]{0,40}"
        ) {
            proptest::prop_assert_eq!(split_sentences(&text), split_by_chars(&text));
        }
    }

    #[test]
    fn plain_text_scores_as_easy_and_dense_text_as_hard() {
        let easy = measure([(
            1,
            "You can talk to us. We will help you. It is not your fault.",
        )]);
        assert!(easy.reading_age() < 9.0, "{}", easy.reading_age());
        assert!(easy.reading_ease() > 80.0);
        let hard = measure([(3, "Multi-agency safeguarding arrangements necessitate comprehensive interdisciplinary information-sharing protocols, notwithstanding organisational confidentiality considerations.")]);
        assert!(hard.reading_age() > 18.0, "{}", hard.reading_age());
        assert_eq!(hard.hardest[0].line, 3);
    }

    #[test]
    fn the_longest_sentences_are_named_longest_first() {
        let long = "word ".repeat(30);
        let stats = measure([(1, "Short one."), (5, long.as_str())]);
        assert_eq!(stats.longest_sentence(), 30);
        assert_eq!(stats.longest[0].line, 5);
        assert_eq!(stats.sentences, 2);
    }
}
