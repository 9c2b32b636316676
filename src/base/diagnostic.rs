//! One error/warning type for every stage, with a file, line, column and hint,
//! and a renderer that prints a list of them the way rustc does.
//!
//! Stages never print: they return `Vec<Diagnostic>` and the caller decides
//! what is fatal. `main` renders them once with [`render`].

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{Level, Renderer, Snippet};

/// How serious a diagnostic is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    /// The build fails.
    Error,
    /// Reported; `check --strict` turns it into an error.
    Warning,
    /// Advice to consider (the reading level): reported, and never an
    /// error, not even with `check --strict`.
    Advice,
}

/// A problem found in the site, pointing at the file (relative to the site
/// folder), the 1-based line and column (0 when unknown) and a hint.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site folder where possible.
    pub path: PathBuf,
    /// 1-based line, 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The machine, not the site, caused it (out of file handles, disk
    /// full, interrupted): the same build may well succeed if tried again,
    /// so `watch` and `serve` retry it.
    pub transient: bool,
}

impl Diagnostic {
    /// An error about a whole file.
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
            transient: false,
        }
    }

    /// A warning about a whole file.
    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// Advice about a whole file.
    pub fn advice(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Advice,
            ..Diagnostic::error(path, message)
        }
    }

    /// True for advice, which `check --strict` does not fail on.
    pub fn is_advice(&self) -> bool {
        self.severity == Severity::Advice
    }

    /// The same diagnostic at a position.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// The same diagnostic at a position, when one is known.
    pub fn at_pos(self, pos: Pos) -> Self {
        self.at(pos.line, pos.column)
    }

    /// The same diagnostic with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The same diagnostic, marked as caused by the machine (see
    /// [`Diagnostic::transient`]).
    pub fn as_transient(mut self, transient: bool) -> Self {
        self.transient = transient;
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col` as printed in reports.
    pub fn location(&self) -> String {
        let path = self.path.display();
        match (self.line, self.column) {
            (0, _) => format!("{path}"),
            (line, 0) => format!("{path}:{line}"),
            (line, col) => format!("{path}:{line}:{col}"),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Advice => "advice",
        };
        write!(f, "{}: {level}: {}", self.location(), self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// A 1-based line and column in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl Pos {
    /// A position.
    pub fn new(line: usize, column: usize) -> Self {
        Pos { line, column }
    }
}

/// True when any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// Sorts diagnostics by file, line and column so reports are stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
    });
}

/// Renders diagnostics rustc-style, quoting the offending line of each file
/// (read from `site_dir`) when it can. `color` adds ANSI colours.
pub fn render(diagnostics: &[Diagnostic], site_dir: &Path, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    let mut files = SourceLines::default();
    for diagnostic in diagnostics {
        let line = files.line(diagnostic, site_dir);
        out.push_str(&render_one(diagnostic, line, &renderer));
        out.push_str("\n\n");
    }
    out
}

/// The lines of each file quoted, read once per file however many
/// diagnostics point into it (64,000 broken links must not read a file
/// 64,000 times). Only regular files inside the site are read (through
/// `fsutil`), so a link to `/proc/self/environ` is never quoted.
#[derive(Default)]
struct SourceLines {
    files: std::collections::HashMap<std::path::PathBuf, Option<Vec<String>>>,
}

impl SourceLines {
    fn line(&mut self, diagnostic: &Diagnostic, site_dir: &Path) -> Option<String> {
        if diagnostic.line == 0 {
            return None;
        }
        let lines = self
            .files
            .entry(diagnostic.path.clone())
            .or_insert_with(|| {
                source_text(&site_dir.join(&diagnostic.path))
                    .map(|text| text.lines().map(str::to_string).collect())
            });
        lines.as_ref()?.get(diagnostic.line - 1).cloned()
    }
}

/// The largest file a report quotes a line from (the same cap the build
/// reads text files under).
const MAX_SOURCE_BYTES: u64 = 16 * 1024 * 1024;

/// The text of a regular file of at most [`MAX_SOURCE_BYTES`], for quoting
/// the line a diagnostic points at; `None` for anything else (a link, a
/// folder, a FIFO, a file too large or not UTF-8), which is quoted as
/// nothing rather than read.
fn source_text(path: &Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_SOURCE_BYTES {
        return None;
    }
    let text = String::from_utf8(std::fs::read(path).ok()?).ok()?;
    Some(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

fn render_one(diagnostic: &Diagnostic, source_line: Option<String>, renderer: &Renderer) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Advice => Level::Note,
    };
    let origin = diagnostic.path.display().to_string();
    let location = format!("in {}", diagnostic.location());
    let mut message = level.title(&diagnostic.message);
    match &source_line {
        Some(text) => {
            let start = column_to_byte(text, diagnostic.column);
            let end = token_end(text, start);
            message = message.snippet(
                Snippet::source(text)
                    .line_start(diagnostic.line)
                    .origin(&origin)
                    .annotation(level.span(start..end)),
            );
        }
        None => message = message.footer(Level::Note.title(&location)),
    }
    if let Some(hint) = &diagnostic.hint {
        message = message.footer(Level::Help.title(hint));
    }
    let rendered = renderer.render(message).to_string();
    rendered
}

fn column_to_byte(text: &str, column: usize) -> usize {
    text.char_indices()
        .nth(column.saturating_sub(1))
        .map(|(index, _)| index)
        .unwrap_or(text.len())
}

/// The end of the word starting at `start`, so the caret underlines a token.
fn token_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let length = rest
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || matches!(c, ',' | ']' | ')'))
        .map(|(index, _)| index)
        .unwrap_or(rest.len());
    start + length.max(rest.chars().next().map_or(0, char::len_utf8))
}

/// The closest of `candidates` to `word`, if it is close enough to suggest.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(word, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_formats_line_and_column() {
        let diagnostic = Diagnostic::error("content/a.md", "bad").at(3, 7);
        assert_eq!(diagnostic.location(), "content/a.md:3:7");
        assert_eq!(Diagnostic::error("site.yaml", "x").location(), "site.yaml");
    }

    #[test]
    fn render_quotes_the_line_and_the_hint() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "one\ntwo words\n").unwrap();
        let diagnostic = Diagnostic::error("a.md", "bad word")
            .at(2, 5)
            .with_hint("try another");
        let text = render(&[diagnostic], dir.path(), false);
        assert!(text.contains("error: bad word"), "{text}");
        assert!(text.contains("a.md:2:5"), "{text}");
        assert!(text.contains("two words"), "{text}");
        assert!(text.contains("help: try another"), "{text}");
    }

    #[test]
    fn render_without_a_readable_file_names_the_location() {
        let diagnostic = Diagnostic::error("missing.md", "gone").at(4, 1);
        let text = render(&[diagnostic], Path::new("/nonexistent"), false);
        assert!(text.contains("missing.md:4:1"), "{text}");
    }

    #[test]
    fn did_you_mean_suggests_close_words_only() {
        let rs = ["realise", "recognise", "react"];
        assert_eq!(did_you_mean("recognize", rs), Some("recognise"));
        assert_eq!(did_you_mean("banana", rs), None);
    }
}
