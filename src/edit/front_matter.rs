//! Format-preserving edits of a page's front matter: a form's changed
//! fields replace only their own key's lines, a new key goes before the
//! closing `---`, and everything else (key order, comments, blank lines,
//! the body's bytes) stays exactly as the file had it. Nothing here
//! re-serialises the whole front matter.

use std::ops::Range;
use std::path::Path;

use crate::base::diagnostic::Diagnostic;
use crate::load::content::split_front_matter;

/// A value a form sets for one top-level key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A string (quoted when plain YAML would read it as something else).
    Text(String),
    /// A whole number.
    Number(i64),
    /// `true` or `false`.
    Flag(bool),
    /// A list of strings, written in flow style (`[a, b]`).
    List(Vec<String>),
    /// A nested value (a map of translations, a list of labelled phones),
    /// written in block style on the lines under its key.
    Tree(serde_yaml::Value),
}

impl Value {
    /// The value as YAML, for after `key: `.
    pub fn to_yaml(&self) -> String {
        match self {
            Value::Text(text) => scalar(text),
            Value::Number(number) => number.to_string(),
            Value::Flag(flag) => flag.to_string(),
            Value::List(items) => {
                let items: Vec<String> = items.iter().map(|item| scalar(item)).collect();
                format!("[{}]", items.join(", "))
            }
            Value::Tree(tree) => {
                let block = serde_yaml::to_string(tree).unwrap_or_default();
                block
                    .lines()
                    .map(|line| format!("\n  {line}"))
                    .collect::<String>()
            }
        }
    }

    /// The value as serde_yaml reads it, to compare with what the file has.
    fn to_serde(&self) -> serde_yaml::Value {
        match self {
            Value::Text(text) => serde_yaml::Value::String(text.clone()),
            Value::Number(number) => serde_yaml::Value::Number((*number).into()),
            Value::Flag(flag) => serde_yaml::Value::Bool(*flag),
            Value::List(items) => serde_yaml::Value::Sequence(
                items
                    .iter()
                    .map(|item| serde_yaml::Value::String(item.clone()))
                    .collect(),
            ),
            Value::Tree(tree) => tree.clone(),
        }
    }
}

/// A string as a YAML scalar: plain when it can only be read back as the
/// same string, else double-quoted (a JSON string is a valid YAML one).
fn scalar(text: &str) -> String {
    let plain = text
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '/')
        && !text.ends_with([' ', ':'])
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || " _./-'’()?!".contains(c))
        && reads_back_as_string(text);
    if plain {
        text.to_string()
    } else {
        serde_json::Value::String(text.to_string()).to_string()
    }
}

/// True when YAML reads `text`, written plainly, as that same string (not
/// a number, a boolean, null or a date-like value).
fn reads_back_as_string(text: &str) -> bool {
    let yaml_1_1_words = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
    ];
    if yaml_1_1_words.contains(&text.to_lowercase().as_str()) {
        return false;
    }
    matches!(serde_yaml::from_str::<serde_yaml::Value>(text), Ok(serde_yaml::Value::String(read)) if read == text)
}

/// True when the file's value already says what the form wants: a key
/// left out equals an empty or `false` one, and `"10"` equals `10`, so a
/// form posted back unchanged rewrites nothing.
fn same(current: Option<&serde_yaml::Value>, wanted: Option<&Value>) -> bool {
    match (current, wanted) {
        (None, None) => true,
        (Some(current), None) => is_empty(current),
        (None, Some(_)) => false,
        (Some(current), Some(Value::Tree(tree))) => current == tree,
        (Some(current), Some(wanted)) => canonical(current) == canonical(&wanted.to_serde()),
    }
}

fn is_empty(value: &serde_yaml::Value) -> bool {
    match value {
        serde_yaml::Value::Null | serde_yaml::Value::Bool(false) => true,
        serde_yaml::Value::String(text) => text.is_empty(),
        serde_yaml::Value::Sequence(items) => items.is_empty(),
        _ => false,
    }
}

/// A value as text a form could have typed: scalars by their text, lists
/// item by item; anything else never equals a form's value.
fn canonical(value: &serde_yaml::Value) -> Option<Vec<String>> {
    let scalar = |value: &serde_yaml::Value| match value {
        serde_yaml::Value::String(text) => Some(text.clone()),
        serde_yaml::Value::Number(number) => Some(number.to_string()),
        serde_yaml::Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    };
    match value {
        serde_yaml::Value::Sequence(items) => items.iter().map(scalar).collect(),
        other => scalar(other).map(|text| vec![format!("scalar:{text}")]),
    }
}

/// A page file split into its front matter and body, by byte ranges.
#[derive(Debug, Clone)]
pub struct PageText {
    text: String,
    yaml: Range<usize>,
    body: Range<usize>,
}

impl PageText {
    /// A bare YAML mapping (one item of a list file) to edit the same way,
    /// with no `---` lines and no body.
    pub fn mapping(yaml: &str) -> Self {
        PageText {
            text: yaml.to_string(),
            yaml: 0..yaml.len(),
            body: yaml.len()..yaml.len(),
        }
    }

    /// Splits a page's text; an error when it has no front matter.
    pub fn parse(text: &str, shown: &Path) -> Result<Self, Diagnostic> {
        let (yaml, body, _) = split_front_matter(text, shown)?;
        let yaml_start = yaml.as_ptr() as usize - text.as_ptr() as usize;
        let body_start = body.as_ptr() as usize - text.as_ptr() as usize;
        Ok(PageText {
            text: text.to_string(),
            yaml: yaml_start..yaml_start + yaml.len(),
            body: body_start..text.len(),
        })
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The front matter's YAML.
    pub fn yaml(&self) -> &str {
        &self.text[self.yaml.clone()]
    }

    /// The Markdown after the front matter.
    pub fn body(&self) -> &str {
        &self.text[self.body.clone()]
    }

    /// The 1-based line of the file where the body starts.
    pub fn body_line(&self) -> usize {
        1 + self.text[..self.body.start].matches('\n').count()
    }

    /// The form field a line of the file belongs to: `body` for the body,
    /// else the top-level key whose lines hold it (`None` for the `---`
    /// lines, or a line before any key).
    pub fn field_at(&self, line: usize) -> Option<String> {
        if line >= self.body_line() {
            return Some("body".to_string());
        }
        self.key_at(line.checked_sub(2)?)
    }

    /// The top-level key whose lines hold the front matter's 0-based line
    /// `yaml_line` (for a [`PageText::mapping`], the mapping's own line).
    pub fn key_at(&self, yaml_line: usize) -> Option<String> {
        self.yaml()
            .lines()
            .take(yaml_line + 1)
            .filter(|text| !text.starts_with([' ', '\t', '#', '-']) && !text.trim().is_empty())
            .filter_map(|text| text.split_once(':').map(|(key, _)| key.trim().to_string()))
            .last()
    }

    /// The front matter as serde_yaml reads it (an empty map when it does
    /// not parse: the build reports why).
    fn parsed(&self) -> serde_yaml::Mapping {
        serde_yaml::from_str::<serde_yaml::Mapping>(self.yaml()).unwrap_or_default()
    }

    /// Sets each key to its value (`None` removes the key), touching only
    /// keys whose value differs from what the file has.
    pub fn set_fields(&mut self, fields: &[(&str, Option<Value>)]) {
        for (key, value) in fields {
            let current = self.parsed().get(*key).cloned();
            if !same(current.as_ref(), value.as_ref()) {
                self.set(key, value.as_ref());
            }
        }
    }

    /// Replaces the body when it differs (line ends as the file has them).
    pub fn set_body(&mut self, body: &str) {
        // Browsers send every line end of a text area as CRLF: a body that
        // differs only in line ends is the same body.
        if body.replace("\r\n", "\n") == self.body().replace("\r\n", "\n") {
            return;
        }
        let body = body.replace("\r\n", "\n");
        let body = match mostly_crlf(self.body()) {
            true => body.replace('\n', "\r\n"),
            false => body,
        };
        if body != self.body() {
            self.text.replace_range(self.body.clone(), &body);
            self.body.end = self.text.len();
        }
    }

    /// Writes one key's new value over its old lines, or removes it, or
    /// adds it at the end of the front matter.
    fn set(&mut self, key: &str, value: Option<&Value>) {
        let (range, kept_comment) = match key_span(self.yaml(), key) {
            Some((span, comment)) => (span, comment),
            None => (self.yaml().len()..self.yaml().len(), None),
        };
        // The line end of the lines replaced, or of the line before.
        let before = &self.yaml()[..range.end];
        let newline = match before.ends_with("\r\n")
            || (before.is_empty() && self.text.starts_with("---\r\n"))
        {
            true => "\r\n",
            false => "\n",
        };
        // A text the file wrote in double quotes stays in them.
        let was_quoted = self.yaml()[range.clone()]
            .split_once(':')
            .is_some_and(|(_, value)| value.trim_start().starts_with('"'));
        let line = value.map(|value| match value {
            // A block's lines go under the key, with the file's line ends.
            Value::Tree(_) => format!("{key}:{}{newline}", value.to_yaml().replace('\n', newline)),
            Value::Text(text) if was_quoted => {
                let quoted = serde_json::Value::String(text.clone()).to_string();
                format!("{key}: {quoted}{newline}")
            }
            _ => format!("{key}: {}{newline}", value.to_yaml()),
        });
        let kept_comment = kept_comment.filter(|_| !matches!(value, Some(Value::Tree(_))));
        let line = match (line, kept_comment) {
            (Some(line), Some(comment)) => {
                format!("{} {comment}{newline}", line.trim_end())
            }
            (line, _) => line.unwrap_or_default(),
        };
        let start = self.yaml.start + range.start;
        let end = self.yaml.start + range.end;
        self.text.replace_range(start..end, &line);
        let grown = line.len() as isize - (end - start) as isize;
        self.yaml.end = (self.yaml.end as isize + grown) as usize;
        self.body.start = (self.body.start as isize + grown) as usize;
        self.body.end = self.text.len();
    }
}

/// True when most of the text's line ends are CRLF.
fn mostly_crlf(text: &str) -> bool {
    let crlf = text.matches("\r\n").count();
    crlf * 2 > text.matches('\n').count()
}

/// Where a top-level key's lines are in `yaml` (its line and every
/// indented or `- ` line after it), and the comment at the end of its line
/// when the value is a one-line plain value, to keep.
fn key_span(yaml: &str, key: &str) -> Option<(Range<usize>, Option<String>)> {
    let lines: Vec<(usize, &str)> = yaml
        .split_inclusive('\n')
        .scan(0, |offset, line| {
            let start = *offset;
            *offset += line.len();
            Some((start, line))
        })
        .collect();
    let index = lines.iter().position(|(_, line)| is_key_line(line, key))?;
    let mut end_index = index + 1;
    let mut last_content = index;
    while end_index < lines.len() {
        let line = lines[end_index].1;
        if is_continuation(line) {
            last_content = end_index;
        } else if !line.trim().is_empty() {
            break;
        }
        end_index += 1;
    }
    let (start, first) = lines[index];
    let (last_start, last) = lines[last_content];
    let comment = (last_content == index)
        .then(|| trailing_comment(first))
        .flatten();
    Some((start..last_start + last.len(), comment))
}

/// True for the line that starts `key:` at the top level.
fn is_key_line(line: &str, key: &str) -> bool {
    line.strip_prefix(key).is_some_and(|rest| {
        let rest = rest.trim_start_matches([' ', '\t']);
        rest.starts_with(':')
    })
}

/// True for a line that belongs to the key above it: indented, or a block
/// list's `- ` item written at the start of the line.
fn is_continuation(line: &str) -> bool {
    let trimmed = line.trim_end();
    !trimmed.is_empty()
        && (line.starts_with([' ', '\t']) || trimmed == "-" || line.starts_with("- "))
}

/// The ` # comment` ending a `key: value` line, when the value is plain
/// (no quote that could hold a `#`).
fn trailing_comment(line: &str) -> Option<String> {
    let (_, value) = line.split_once(':')?;
    let at = value.find(" #")?;
    if value[..at].contains(['"', '\'']) {
        return None;
    }
    Some(value[at + 1..].trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "---\n# A page for parents.\ntitle: Signs\ndescription: What to look for.\nrs: [recognise]\naudiences:\n  - parents\n  - public\nweight: 10 # near the top\nsignposts: [nspcc-helpline]\n---\n\nThe body.\n";

    fn page() -> PageText {
        PageText::parse(PAGE, Path::new("content/signs.md")).unwrap()
    }

    #[test]
    fn setting_every_key_to_what_it_has_changes_no_byte() {
        let mut text = page();
        text.set_fields(&[
            ("title", Some(Value::Text("Signs".into()))),
            (
                "audiences",
                Some(Value::List(vec!["parents".into(), "public".into()])),
            ),
            ("weight", Some(Value::Number(10))),
            ("draft", None),
        ]);
        text.set_body("\nThe body.\n");
        assert_eq!(text.text(), PAGE);
    }

    #[test]
    fn a_changed_key_replaces_only_its_lines_and_keeps_comments_and_order() {
        let mut text = page();
        text.set_fields(&[
            ("audiences", Some(Value::List(vec!["professionals".into()]))),
            ("weight", Some(Value::Number(20))),
        ]);
        assert_eq!(
            text.text(),
            PAGE.replace(
                "audiences:\n  - parents\n  - public\n",
                "audiences: [professionals]\n"
            )
            .replace("weight: 10 # near the top", "weight: 20 # near the top")
        );
    }

    #[test]
    fn a_new_key_goes_last_and_a_removed_key_takes_its_lines_with_it() {
        let mut text = page();
        text.set_fields(&[("draft", Some(Value::Flag(true))), ("signposts", None)]);
        assert_eq!(
            text.text(),
            PAGE.replace("signposts: [nspcc-helpline]\n", "draft: true\n")
        );
        assert_eq!(text.body(), "\nThe body.\n");
    }

    #[test]
    fn a_new_body_keeps_the_front_matter_and_the_file_s_line_ends() {
        let crlf = PAGE.replace('\n', "\r\n");
        let mut text = PageText::parse(&crlf, Path::new("x.md")).unwrap();
        text.set_body("\r\nNew words.\r\n");
        assert!(text.text().ends_with("---\r\n\r\nNew words.\r\n"));
        text.set_fields(&[("title", Some(Value::Text("Signs of harm".into())))]);
        assert!(text.text().contains("title: Signs of harm\r\ndescription"));
        let mut lf = page();
        lf.set_body("\r\nNew words.\r\n");
        assert!(lf.text().ends_with("---\n\nNew words.\n"));
    }

    #[test]
    fn strings_yaml_would_misread_are_quoted_and_read_back_the_same() {
        for text in [
            "yes",
            "No",
            "10",
            "2026-01-01",
            "Grooming: what it is",
            "#hashtag",
            "- a list?",
            "null",
            "",
            " padded ",
            "It's \"quoted\"",
            "line one\nline two",
            "[not a list]",
        ] {
            let yaml = format!("key: {}\n", Value::Text(text.into()).to_yaml());
            let read: serde_yaml::Mapping = serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(
                read.get("key"),
                Some(&serde_yaml::Value::String(text.into())),
                "{yaml}"
            );
        }
        assert_eq!(
            Value::Text("Signs at work".into()).to_yaml(),
            "Signs at work"
        );
        assert_eq!(
            Value::List(vec!["a".into(), "b, c".into()]).to_yaml(),
            "[a, \"b, c\"]"
        );
    }

    #[test]
    fn each_line_belongs_to_its_key_or_the_body() {
        let text = page();
        assert_eq!(text.field_at(1), None);
        assert_eq!(text.field_at(2), None, "the comment before any key");
        assert_eq!(text.field_at(3).as_deref(), Some("title"));
        assert_eq!(text.field_at(8).as_deref(), Some("audiences"));
        assert_eq!(text.field_at(13).as_deref(), Some("body"));
        assert_eq!(text.body_line(), 12);
    }

    #[test]
    fn a_key_whose_name_starts_another_is_not_mistaken_for_it() {
        let mut text = PageText::parse(
            "---\ndate: 2026-01-01\ndates_note: x\n---\n",
            Path::new("x.md"),
        )
        .unwrap();
        text.set_fields(&[("date", Some(Value::Text("2026-02-02".into())))]);
        assert_eq!(text.text(), "---\ndate: 2026-02-02\ndates_note: x\n---\n");
    }
}
