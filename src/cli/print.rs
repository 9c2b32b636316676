//! What the commands print: the rebuild lines of `watch` and `serve`,
//! `check`'s tables and JSON document, and the summary line.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use beacon::base::diagnostic::{self, Diagnostic};
use beacon::site::{self, Options, Report};
use beacon::watch::events::Change;
use beacon::watch::Event as WatchEvent;

use super::{Common, Format};
use beacon::base::date::Date;

/// Prints what `watch` and `serve` report: one line per rebuild.
pub struct Printer {
    site_dir: PathBuf,
    quiet: bool,
    verbose: bool,
}

impl Printer {
    /// A printer as the command-line options ask (`--quiet`, `--verbose`).
    pub fn for_options(common: &Common) -> Self {
        Printer {
            site_dir: common.site.clone(),
            quiet: common.quiet,
            verbose: common.verbose,
        }
    }

    /// Prints one event of `watch` or `serve`.
    pub fn watch_event(&self, event: &WatchEvent) {
        match event {
            WatchEvent::Rebuilt { changes, outcome } => {
                if self.quiet {
                    return;
                }
                let what = describe_changes(changes);
                println!(
                    "{what}: {} page(s) rendered, {} file(s) written{} in {} ms{}",
                    outcome.rendered,
                    outcome.written,
                    if outcome.removed > 0 {
                        format!(", {} removed", outcome.removed)
                    } else {
                        String::new()
                    },
                    outcome.elapsed.as_millis(),
                    if outcome.warnings > 0 {
                        format!(" ({} warning(s): run `beacon check`)", outcome.warnings)
                    } else {
                        String::new()
                    },
                );
            }
            WatchEvent::Failed {
                changes,
                diagnostics,
            } => {
                eprint!(
                    "{}",
                    diagnostic::render(
                        diagnostics,
                        &self.site_dir,
                        std::io::stderr().is_terminal()
                    )
                );
                eprintln!(
                    "{}: failed; the last good site is still in place",
                    describe_changes(changes)
                );
            }
            WatchEvent::Indexed(indexed) => {
                if self.verbose {
                    println!(
                        "Search index updated: {} file(s) written, {} removed, in {} ms",
                        indexed.written,
                        indexed.removed,
                        indexed.elapsed.as_millis()
                    );
                }
            }
            WatchEvent::Trouble(message) => {
                if self.verbose || !self.quiet {
                    eprintln!("warning: {message}");
                }
            }
        }
    }
}

/// The changes a rebuild followed, in a phrase.
fn describe_changes(changes: &[Change]) -> String {
    match changes {
        [] => "Built".to_string(),
        [one] => format!("Rebuilt after a change to {}", one.path().display()),
        [first, rest @ ..] => format!(
            "Rebuilt after changes to {} and {} more",
            first.path().display(),
            rest.len()
        ),
    }
}

/// The readability table `check` ends with.
pub fn readability_table(rows: &[beacon::check::reading::Row]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let width = rows.iter().map(|r| r.page.len()).max().unwrap_or(4).max(4);
    let audiences = rows
        .iter()
        .map(|r| r.audiences.join(", ").len())
        .max()
        .unwrap_or(9)
        .max(9);
    let mut table = format!(
        "\n{:<width$}  {:<audiences$}  {:>11}  {:>6}  {:>7}\n",
        "page", "audiences", "reading age", "target", "longest"
    );
    for row in rows {
        let flag = if row.reading_age > row.target {
            " !"
        } else {
            ""
        };
        table.push_str(&format!(
            "{:<width$}  {:<audiences$}  {:>11.1}  {:>6}  {:>7}{flag}\n",
            row.page,
            row.audiences.join(", "),
            row.reading_age,
            row.target,
            row.longest_sentence,
        ));
    }
    table.push_str("(reading age: UK years, Flesch–Kincaid grade + 5; longest: words in the longest sentence; ! above target)\n\n");
    table
}

/// The R × audience table `check` ends with: pages in each cell, `-` for
/// none, then a line for each R that leaves an audience without a page.
pub fn coverage_table(coverage: &beacon::check::coverage::Coverage) -> String {
    let widths: Vec<usize> = coverage.audiences.iter().map(|a| a.len().max(5)).collect();
    let mut table = format!(
        "
{:<9}",
        "pages"
    );
    for (audience, width) in coverage.audiences.iter().zip(&widths) {
        table.push_str(&format!("  {audience:>width$}"));
    }
    table.push('\n');
    for row in &coverage.rows {
        table.push_str(&format!("{:<9}", row.r));
        for (count, width) in row.pages.iter().zip(&widths) {
            let cell = if *count == 0 {
                "-".to_string()
            } else {
                count.to_string()
            };
            table.push_str(&format!("  {cell:>width$}"));
        }
        table.push('\n');
    }
    table.push_str(
        "(pages tagged with each R for each audience; - none)
",
    );
    for row in coverage.rows.iter().filter(|row| !row.gaps.is_empty()) {
        table.push_str(&format!(
            "{} has no page for: {}
",
            row.r,
            row.gaps.join(", ")
        ));
    }
    table.push('\n');
    table
}

/// The table of pages each language has not translated yet.
pub fn translation_table(missing: &[beacon::load::content::Missing]) -> String {
    if missing.is_empty() {
        return String::new();
    }
    let mut table = String::from("\nmissing translations\n");
    for language in missing {
        table.push_str(&format!(
            "  {}: {} page(s)\n",
            language.language,
            language.pages.len()
        ));
        for page in &language.pages {
            table.push_str(&format!("    {}\n", page.display()));
        }
    }
    table.push_str("(`check --strict` fails while any page is missing a translation)\n\n");
    table
}

/// The services `signposts.hide:` hides and where the national pages
/// featured them (nothing when none is hidden).
pub fn hidden_services(hidden: &[beacon::check::HiddenUse]) -> String {
    let mut text = String::new();
    for service in hidden {
        let _ = writeln!(
            text,
            "note: {}: help service \"{}\" is hidden, so it is left off {} place(s) in the national pages:",
            service.hidden_at,
            service.id,
            service.used_at.len()
        );
        for place in &service.used_at {
            let _ = writeln!(text, "  {place}");
        }
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text
}

/// `upstream update --dry-run`: the report on standard output whatever
/// it finds; exit 1 when the site would not build with the release (or
/// the release or site could not be read, said on standard error).
pub fn dry_run(site: &Path, source: &Path, today: Date) -> ExitCode {
    match beacon::upstream::release::dry_run(site, source, today) {
        Ok(run) => {
            println!("{run}");
            exit_code(run.builds)
        }
        Err(error) => unreadable(error, site),
    }
}

/// `upstream check-councils`: one table (or one JSON document) on standard
/// output; exit 1 when any council copy would not build.
pub fn check_councils(
    source: &Path,
    councils: &[PathBuf],
    format: Format,
    today: Date,
) -> ExitCode {
    let runs = match beacon::upstream::release::check_councils(source, councils, today) {
        Ok(runs) => runs,
        Err(error) => return unreadable(error, Path::new(".")),
    };
    let all_build = runs.iter().all(|run| run.builds);
    match format {
        Format::Text => println!(
            "{}",
            beacon::upstream::release_report::councils_table(&runs)
        ),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "ok": all_build,
                "release": runs.first().map(|run| &run.release),
                "councils": runs,
            }))
            .unwrap_or_default()
        ),
    }
    exit_code(all_build)
}

fn exit_code(success: bool) -> ExitCode {
    match success {
        true => ExitCode::SUCCESS,
        false => ExitCode::FAILURE,
    }
}

/// A release or site that could not be read at all: its error on
/// standard error, exit 1.
fn unreadable(error: Diagnostic, site: &Path) -> ExitCode {
    let color = std::io::stderr().is_terminal();
    eprint!("{}", diagnostic::render(&[error], site, color));
    ExitCode::FAILURE
}

/// `check --format json`: one JSON document on standard output, always.
pub fn check_json(options: &Options, strict: bool) -> ExitCode {
    let facts = match site::check(options) {
        Ok(report) => CheckFacts::from_report(report, strict),
        Err(diagnostics) => CheckFacts::failed(diagnostics),
    };
    let errors = facts
        .diagnostics
        .iter()
        .filter(|d| d.is_error() || (strict && !d.is_advice()))
        .count();
    println!(
        "{}",
        serde_json::to_string_pretty(&facts.document(errors)).unwrap_or_default()
    );
    if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// What `check --format json` reports, gathered from a check.
struct CheckFacts {
    diagnostics: Vec<Diagnostic>,
    readability: serde_json::Value,
    pages: usize,
    missing: serde_json::Value,
    coverage: serde_json::Value,
    page_facts: serde_json::Value,
    hidden_services: serde_json::Value,
}

impl CheckFacts {
    /// The facts of a check that ran (`--strict` adds the missing
    /// translations to the diagnostics).
    fn from_report(report: Report, strict: bool) -> Self {
        let mut diagnostics = report.warnings;
        if strict {
            diagnostics.extend(beacon::load::content::missing_as_diagnostics(
                &report.missing_translations,
            ));
        }
        let missing: serde_json::Value = report
            .missing_translations
            .iter()
            .map(|m| (m.language.clone(), serde_json::json!(m.pages)))
            .collect::<serde_json::Map<_, _>>()
            .into();
        CheckFacts {
            diagnostics,
            readability: serde_json::json!(report.readability),
            pages: report.pages,
            missing,
            coverage: serde_json::json!(report.coverage),
            page_facts: serde_json::json!(report.page_facts),
            hidden_services: serde_json::json!(report.hidden_services),
        }
    }

    /// The facts of a check that stopped at errors.
    fn failed(diagnostics: Vec<Diagnostic>) -> Self {
        CheckFacts {
            diagnostics,
            readability: serde_json::json!([]),
            pages: 0,
            missing: serde_json::json!({}),
            coverage: serde_json::Value::Null,
            page_facts: serde_json::json!([]),
            hidden_services: serde_json::json!([]),
        }
    }

    /// The JSON document, with `errors` counted as `--strict` counts them.
    fn document(&self, errors: usize) -> serde_json::Value {
        let diagnostics = &self.diagnostics;
        serde_json::json!({
            "ok": errors == 0,
            "pages": self.pages,
            "errors": diagnostics.iter().filter(|d| d.is_error()).count(),
            "warnings": diagnostics.iter().filter(|d| d.severity == diagnostic::Severity::Warning).count(),
            "advice": diagnostics.iter().filter(|d| d.is_advice()).count(),
            "diagnostics": diagnostics.iter().map(|d| serde_json::json!({
                "severity": match d.severity {
                    diagnostic::Severity::Error => "error",
                    diagnostic::Severity::Warning => "warning",
                    diagnostic::Severity::Advice => "advice",
                },
                "file": d.path.display().to_string(),
                "line": d.line,
                "column": d.column,
                "message": d.message,
                "hint": d.hint,
            })).collect::<Vec<_>>(),
            "readability": self.readability,
            "missing_translations": self.missing,
            "coverage": self.coverage,
            "page_list": self.page_facts,
            "hidden_services": self.hidden_services,
        })
    }
}

/// " with 3 warning(s) and 2 piece(s) of reading advice", counted apart
/// so advice (which never fails a build) does not read as a warning.
fn findings(diagnostics: &[Diagnostic]) -> String {
    let advice = diagnostics.iter().filter(|d| d.is_advice()).count();
    let warnings = diagnostics.len() - advice;
    match (warnings, advice) {
        (0, 0) => String::new(),
        (n, 0) => format!(" with {n} warning(s)"),
        (0, a) => format!(" with {a} piece(s) of reading advice"),
        (n, a) => format!(" with {n} warning(s) and {a} piece(s) of reading advice"),
    }
}

/// The line a build or check ends with.
pub fn summary(verb: &str, report: &Report, options: &Options) -> String {
    let mut text = String::new();
    if !report.warnings.is_empty() {
        text.push_str(&diagnostic::render(
            &report.warnings,
            &options.site_dir,
            std::io::stdout().is_terminal(),
        ));
    }
    text.push_str(&format!(
        "{verb} {} pages and {} files in {} ms{}",
        report.pages,
        report.assets,
        report.elapsed.as_millis(),
        findings(&report.warnings)
    ));
    if verb == "Built" {
        text.push_str(&format!(
            " into {} ({} file(s) changed, {} removed)",
            options.out_dir().display(),
            report.changed,
            report.removed
        ));
    }
    let cards = &report.cards;
    if cards.drawn + cards.reused > 0 {
        text.push_str(&format!(
            "; {} social card(s) drawn and {} kept from the last build in {} ms",
            cards.drawn,
            cards.reused,
            cards.elapsed.as_millis()
        ));
    }
    for language in &report.missing_translations {
        if !language.pages.is_empty() {
            text.push_str(&format!(
                "; {} page(s) not yet translated into {} (`beacon check` lists them)",
                language.pages.len(),
                language.language
            ));
        }
    }
    text
}
