//! The one place that knows serde_yaml: parse YAML into raw structs with
//! line-accurate errors, and find where a key or value sits in the text so
//! validation errors can point at it.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::base::diagnostic::{did_you_mean, Diagnostic, Pos};
use crate::base::escape::is_xml_char;

/// YAML text with where it starts in its file (front matter starts on line 2).
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// The YAML text.
    pub text: &'a str,
    /// The file, relative to the site folder.
    pub path: &'a Path,
    /// How many lines of the file come before the text.
    pub line_offset: usize,
}

impl<'a> Source<'a> {
    /// YAML that is a whole file.
    pub fn file(text: &'a str, path: &'a Path) -> Self {
        Source {
            text,
            path,
            line_offset: 0,
        }
    }

    /// Deserialises the text, turning serde_yaml's error into a diagnostic at
    /// the right line of the file, with a hint for common mistakes.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        let text = if self.text.trim().is_empty() {
            "{}"
        } else {
            self.text
        };
        if let Some(error) = self.raw_control_character() {
            return Err(error);
        }
        let parsed = serde_yaml::from_str(text).map_err(|error| self.error_from(&error))?;
        match self.escaped_control_character() {
            Some(error) => Err(error),
            None => Ok(parsed),
        }
    }

    /// A character YAML does not allow in its text (a control character
    /// other than tab and the line ends, and a few others), as an error at
    /// its own line and column: serde_yaml gives only its position.
    fn raw_control_character(&self) -> Option<Diagnostic> {
        let (offset, c) = self
            .text
            .char_indices()
            .find(|&(_, c)| !is_yaml_printable(c))?;
        let before = &self.text[..offset];
        let line = before.matches('\n').count();
        let column = offset - before.rfind('\n').map_or(0, |at| at + 1);
        Some(
            Diagnostic::error(
                self.path,
                format!(
                    "this file holds the control character {}, which YAML does not allow",
                    code_point(c)
                ),
            )
            .at_pos(self.pos(line, column))
            .with_hint(CONTROL_HINT),
        )
    }

    /// A character that XML cannot hold, written as an escape in a quoted
    /// string (`"\u0001"`, `"\x0b"`): refused at its key, since pages,
    /// feeds and sitemaps could not carry it.
    fn escaped_control_character(&self) -> Option<Diagnostic> {
        if !self.text.contains('\\') {
            return None;
        }
        let value: serde_yaml::Value = serde_yaml::from_str(self.text).ok()?;
        let mut path = Vec::new();
        let c = first_non_xml(&value, &mut path)?;
        let (from_line, keys) = match path.split_first() {
            Some((Step::Item(index), rest)) => (
                self.list_item_lines().get(*index).copied().unwrap_or(0),
                rest,
            ),
            _ => (0, path.as_slice()),
        };
        let names: Vec<&str> = keys
            .iter()
            .filter_map(|step| match step {
                Step::Key(key) => Some(key.as_str()),
                Step::Item(_) => None,
            })
            .collect();
        let what = if names.is_empty() {
            "a value".to_string()
        } else {
            format!("`{}`", names.join("."))
        };
        Some(
            Diagnostic::error(
                self.path,
                format!(
                    "{what} holds the control character {}, which web pages and feeds cannot carry",
                    code_point(c)
                ),
            )
            .at_pos(self.key_pos_from(from_line, &names))
            .with_hint(CONTROL_HINT),
        )
    }

    fn error_from(&self, error: &serde_yaml::Error) -> Diagnostic {
        let raw = error.to_string();
        let message = raw
            .split(" at line ")
            .next()
            .unwrap_or(&raw)
            .trim_end_matches(['.', ':'])
            .to_string();
        let pos = error
            .location()
            .map(|loc| Pos::new(loc.line() + self.line_offset, loc.column()))
            .unwrap_or(Pos::new(self.line_offset.max(1), 1));
        let (message, hint) = explain(&message);
        let diagnostic = Diagnostic::error(self.path, message).at_pos(pos);
        match hint {
            Some(hint) => diagnostic.with_hint(hint),
            None => diagnostic,
        }
    }

    /// Deserialises a value taken from this text (an entry of a list that
    /// may take several shapes), reporting a problem at the key it names
    /// under `key_path`, else at `key_path` itself.
    pub fn from_value<T: DeserializeOwned>(
        &self,
        value: serde_yaml::Value,
        key_path: &[&str],
    ) -> Result<T, Diagnostic> {
        serde_yaml::from_value(value).map_err(|error| {
            let raw = error.to_string();
            let (message, hint) = explain(raw.trim_end_matches(['.', ':']));
            let named = message
                .split('"')
                .nth(1)
                .filter(|_| message.starts_with("unknown key"));
            let pos = match named {
                Some(key) => {
                    let mut path = key_path.to_vec();
                    path.push(key);
                    self.key_pos(&path)
                }
                None => self.key_pos(key_path),
            };
            let diagnostic = Diagnostic::error(self.path, message).at_pos(pos);
            match hint {
                Some(hint) => diagnostic.with_hint(hint),
                None => diagnostic,
            }
        })
    }

    /// Where `key_path` (a chain of nested mapping keys) is written, at the
    /// start of its value; the first line when it cannot be found.
    pub fn key_pos(&self, key_path: &[&str]) -> Pos {
        self.find_key(key_path, 0)
            .map(|(line, _, value_col)| self.pos(line, value_col))
            .unwrap_or_else(|| self.pos(0, 0))
    }

    /// True when `key_path` is written in the text.
    pub fn has_key(&self, key_path: &[&str]) -> bool {
        self.find_key(key_path, 0).is_some()
    }

    /// Like [`Source::key_pos`], searching from a 0-based line onwards.
    pub fn key_pos_from(&self, from_line: usize, key_path: &[&str]) -> Pos {
        self.find_key(key_path, from_line)
            .map(|(line, _, value_col)| self.pos(line, value_col))
            .unwrap_or_else(|| self.pos(from_line, 0))
    }

    /// Where `value` is written under `key_path` (inline or as a block list).
    pub fn value_pos(&self, key_path: &[&str], value: &str) -> Pos {
        self.value_pos_from(0, key_path, value)
    }

    /// Like [`Source::value_pos`], searching from a 0-based line onwards.
    pub fn value_pos_from(&self, from_line: usize, key_path: &[&str], value: &str) -> Pos {
        let Some((line, indent, _)) = self.find_key(key_path, from_line) else {
            return self.pos(from_line, 0);
        };
        let lines: Vec<&str> = self.text.lines().collect();
        for (index, text) in lines.iter().enumerate().skip(line) {
            if index > line && indent_of(text) <= indent && !is_list_item_of(text, indent) {
                break;
            }
            let search_from = if index == line { indent } else { 0 };
            if let Some(col) = find_token(&text[search_from.min(text.len())..], value) {
                return self.pos(index, search_from + col);
            }
        }
        self.pos(line, indent)
    }

    /// 0-based line numbers where each top-level list item starts (`- `).
    pub fn list_item_lines(&self) -> Vec<usize> {
        self.text
            .lines()
            .enumerate()
            .filter(|(_, line)| line.starts_with("- ") || *line == "-")
            .map(|(index, _)| index)
            .collect()
    }

    /// A file position from a 0-based line and byte column in the text.
    pub fn pos(&self, line: usize, column: usize) -> Pos {
        Pos::new(line + 1 + self.line_offset, column + 1)
    }

    /// Finds nested keys; returns (0-based line, key indent, value column).
    fn find_key(&self, key_path: &[&str], from_line: usize) -> Option<(usize, usize, usize)> {
        let mut found = None;
        let mut start = from_line;
        let mut parent_indent: Option<usize> = None;
        for key in key_path {
            // From the top of a file, a top-level key is preferred to the
            // same key nested deeper (`organisation:` inside a
            // `languages:` entry before the site's own `organisation:`).
            let top_level = (parent_indent.is_none() && start == 0)
                .then(|| {
                    self.text.lines().enumerate().find_map(|(index, text)| {
                        key_on_line(text, key)
                            .filter(|&(indent, _)| indent == 0)
                            .map(|(i, v)| (index, i, v))
                    })
                })
                .flatten();
            let (line, indent, value_col) = top_level
                .or_else(|| {
                    self.text
                        .lines()
                        .enumerate()
                        .skip(start)
                        .take_while(|(index, text)| {
                            *index == start
                                || parent_indent.is_none_or(|parent| {
                                    text.trim().is_empty() || indent_of(text) > parent
                                })
                        })
                        .find_map(|(index, text)| {
                            key_on_line(text, key).map(|(i, v)| (index, i, v))
                        })
                })
                .or_else(|| found.and_then(|parent| self.flow_key(parent, key)))?;
            found = Some((line, indent, value_col));
            start = line + 1;
            parent_indent = Some(indent);
        }
        found
    }
}

impl Source<'_> {
    /// `key` inside a flow mapping that is the value of `parent` (a line,
    /// indent and value column from [`Source::find_key`]), as in
    /// `pagination: { page_size: 0 }`: the same line, key column and value
    /// column.
    fn flow_key(
        &self,
        (line, _, from): (usize, usize, usize),
        key: &str,
    ) -> Option<(usize, usize, usize)> {
        let rest = self.text.lines().nth(line)?.get(from..)?;
        if !rest.trim_start().starts_with('{') {
            return None;
        }
        let written = format!("{key}:");
        let at = rest
            .match_indices(&written)
            .map(|(index, _)| index)
            .find(|&index| rest[..index].trim_end().ends_with(&['{', ','][..]))?;
        let after = &rest[at + written.len()..];
        let spaces = after.len() - after.trim_start().len();
        Some((line, from + at, from + at + written.len() + spaces))
    }
}

/// If `line` sets `key` (`key:` or `- key:`), its indent and value column.
fn key_on_line(line: &str, key: &str) -> Option<(usize, usize)> {
    let indent = indent_of(line);
    let mut rest = &line[indent..];
    let mut key_col = indent;
    if let Some(after_dash) = rest.strip_prefix("- ") {
        key_col += 2;
        rest = after_dash;
    }
    let after_key = rest.strip_prefix(key)?.strip_prefix(':')?;
    let spaces = after_key.len() - after_key.trim_start().len();
    Some((key_col, key_col + key.len() + 1 + spaces))
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_list_item_of(line: &str, indent: usize) -> bool {
    indent_of(line) == indent && line.trim_start().starts_with('-')
}

/// The byte column of `token` in `text` when it stands as a whole word.
fn find_token(text: &str, token: &str) -> Option<usize> {
    if token.is_empty() {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    text.match_indices(token)
        .map(|(index, _)| index)
        .find(|&index| {
            let before = text[..index].chars().next_back();
            let after = text[index + token.len()..].chars().next();
            !before.is_some_and(is_word) && !after.is_some_and(is_word)
        })
}

/// The hint for a control character, wherever it is.
const CONTROL_HINT: &str =
    "delete it: it is invisible, and usually comes with text pasted from another program";

/// `U+0001`.
fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// True for a character YAML allows in its text (YAML 1.1's printable
/// set, which libyaml checks).
fn is_yaml_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7E}' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// One step into a YAML value: a mapping's key or a list's item.
enum Step {
    Key(String),
    Item(usize),
}

/// The first character XML cannot hold in any key or string of `value`,
/// with the steps to where it is.
fn first_non_xml(value: &serde_yaml::Value, path: &mut Vec<Step>) -> Option<char> {
    use serde_yaml::Value;
    let bad = |text: &str| text.chars().find(|&c| !is_xml_char(c));
    match value {
        Value::String(text) => bad(text),
        Value::Sequence(items) => items.iter().enumerate().find_map(|(index, item)| {
            path.push(Step::Item(index));
            let found = first_non_xml(item, path);
            if found.is_none() {
                path.pop();
            }
            found
        }),
        Value::Mapping(map) => map.iter().find_map(|(key, item)| {
            let name = key.as_str().unwrap_or_default();
            path.push(Step::Key(name.to_string()));
            let found = bad(name).or_else(|| first_non_xml(item, path));
            if found.is_none() {
                path.pop();
            }
            found
        }),
        Value::Tagged(tagged) => first_non_xml(&tagged.value, path),
        _ => None,
    }
}

/// Rewrites serde_yaml messages for editors and adds a hint where one helps.
fn explain(message: &str) -> (String, Option<String>) {
    const KNOWN: [&str; 4] = [
        "unknown field",
        "missing field",
        "invalid type",
        "invalid value",
    ];
    let message = match message.split_once(": ") {
        Some((_path, rest)) if KNOWN.iter().any(|known| rest.starts_with(known)) => rest,
        _ => message,
    };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or_default();
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        let hint = match did_you_mean(name, expected.iter().copied()) {
            Some(close) => format!("did you mean \"{close}\"?"),
            None => format!("allowed keys here: {}", expected.join(", ")),
        };
        return (format!("unknown key \"{name}\""), Some(hint));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default();
        return (
            format!("missing required key \"{name}\""),
            Some(format!("add a line `{name}: ...`")),
        );
    }
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        let hint = if message.contains("expected a sequence") {
            Some("write a list, for example `[realise, react]`".to_string())
        } else {
            None
        };
        return (format!("wrong type: {message}"), hint);
    }
    (
        format!("invalid YAML: {message}"),
        Some(
            "check the indentation and that every `key: value` has a space after the colon".into(),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Raw {
        title: String,
        rs: Option<Vec<String>>,
    }

    fn source(text: &str) -> Source<'_> {
        Source {
            text,
            path: Path::new("content/a.md"),
            line_offset: 1,
        }
    }

    #[test]
    fn an_escaped_control_character_is_refused_at_its_key() {
        let error = source("rs: [realise]\ntitle: \"Ctrl \\u0001 end\"\n")
            .parse::<Raw>()
            .unwrap_err();
        assert_eq!(
            error.message,
            "`title` holds the control character U+0001, which web pages and feeds cannot carry"
        );
        assert_eq!((error.line, error.column), (3, 8));
        assert!(error.hint.as_deref().unwrap_or("").contains("delete it"));
        for escape in ["\\x0b", "\\x0c", "\\uFFFE", "\\a"] {
            let text = format!("title: \"a{escape}b\"\n");
            assert!(source(&text).parse::<Raw>().is_err(), "{escape}");
        }
        assert!(source("title: \"a\\tb \\u00e9\"\n").parse::<Raw>().is_ok());
    }

    #[test]
    fn an_escape_in_the_second_list_item_points_at_that_item() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Service {
            name: String,
        }
        let text = "- name: A\n- name: \"B\\x01\"\n";
        let error = source(text).parse::<Vec<Service>>().unwrap_err();
        assert!(error
            .message
            .starts_with("`name` holds the control character U+0001"));
        assert_eq!((error.line, error.column), (3, 9));
    }

    #[test]
    fn a_raw_control_character_is_named_at_its_line_and_column() {
        let error = source("rs: [realise]\ntitle: a\u{1}b\n")
            .parse::<Raw>()
            .unwrap_err();
        assert_eq!(
            error.message,
            "this file holds the control character U+0001, which YAML does not allow"
        );
        assert_eq!((error.line, error.column), (3, 9));
        assert!(!error.hint.as_deref().unwrap_or("").contains("indentation"));
    }

    #[test]
    fn a_top_level_key_is_found_before_the_same_key_nested_earlier() {
        let text = "languages:\n  - code: cy\n    organisation: { name: x }\norganisation:\n  name: y\n  logo: a.svg\n";
        let found = source(text).key_pos(&["organisation", "logo"]);
        assert_eq!((found.line, found.column), (7, 9));
    }

    #[test]
    fn unknown_key_is_reported_at_its_line_with_a_suggestion() {
        let error = source("title: x\ntitel: y\n").parse::<Raw>().unwrap_err();
        assert_eq!(error.message, "unknown key \"titel\"");
        assert_eq!(error.line, 3);
        assert_eq!(error.hint.as_deref(), Some("did you mean \"title\"?"));
    }

    #[test]
    fn wrong_type_names_the_problem() {
        let error = source("title: x\nrs: realise\n")
            .parse::<Raw>()
            .unwrap_err();
        assert!(error.message.starts_with("wrong type"), "{}", error.message);
        assert_eq!(error.line, 3);
    }

    #[test]
    fn value_positions_are_found_inline_and_in_block_lists() {
        let src = source("title: x\nrs: [realise, recognize]\nother:\n  - a\n  - recognize\n");
        assert_eq!(src.value_pos(&["rs"], "recognize"), Pos::new(3, 15));
        assert_eq!(src.value_pos(&["other"], "recognize"), Pos::new(6, 5));
        assert_eq!(src.key_pos(&["other"]), Pos::new(4, 7));
    }

    #[test]
    fn keys_in_a_flow_mapping_are_found_on_their_parent_line() {
        let src = Source::file(
            "title: x\npagination: { page_size: 0 }\nbrand: {primary: a,text: b}\n",
            Path::new("site.yaml"),
        );
        assert_eq!(src.key_pos(&["pagination", "page_size"]), Pos::new(2, 26));
        assert_eq!(src.key_pos(&["brand", "text"]), Pos::new(3, 26));
        assert!(!src.has_key(&["pagination", "size"]));
        assert!(!src.has_key(&["title", "x"]));
    }

    #[test]
    fn nested_keys_are_found_under_their_parent() {
        let src = Source::file(
            "primary: x\nbrand:\n  primary: \"#fff\"\n",
            Path::new("site.yaml"),
        );
        assert_eq!(src.key_pos(&["brand", "primary"]), Pos::new(3, 12));
    }
}
