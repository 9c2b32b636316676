//! The `beacon` command line: parses arguments, calls the library, prints
//! diagnostics once and returns an exit code. Nothing else prints or exits.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use std::net::IpAddr;
use std::time::Duration;

use beacon::base::date::Date;
use beacon::base::diagnostic::{self, Diagnostic};
use beacon::upstream;

/// Rendering thousands of pages is allocation-heavy; mimalloc is markedly
/// faster than the system allocator for it (see the README's Performance).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`: libmimalloc-sys numbers the options
/// as mimalloc's header does and names the ones either side of it
/// (`mi_option_eager_commit_delay` is 14, `mi_option_use_numa_nodes` 16);
/// a test checks it holds mimalloc 3's default of 1,000 ms.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// For one-shot commands (`build`, `check`): by default mimalloc hands
/// freed memory back to the OS after a delay, and the next allocation faults
/// it back in, zeroed by the kernel; a process that exits right after its
/// peak gains nothing from that, and it cost a tenth of a 10,000-page
/// rebuild. `watch` and `serve` keep the default, so a long-running
/// preview gives memory back.
fn keep_freed_memory_until_exit() {
    // SAFETY: sets one integer option; mimalloc reads options atomically.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}
use beacon::serve::{self, ServeEvent, ServeOptions};
use beacon::site::{self, Options, Report};
use beacon::watch::events::Change;
use beacon::watch::{self, Event as WatchEvent, WatchOptions};

/// Build accessible, private campaign websites from Markdown.
#[derive(Parser)]
#[command(name = "beacon", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    common: Common,
}

/// Options every command takes.
#[derive(Args)]
struct Common {
    /// The site folder (holds site.yaml and content/).
    #[arg(long, global = true, default_value = ".")]
    site: PathBuf,
    /// Output folder (default: public inside the site folder); for `pack`, the archive file.
    #[arg(long, global = true)]
    out: Option<PathBuf>,
    /// Include pages marked `draft: true`.
    #[arg(long, global = true)]
    drafts: bool,
    /// Override base_url from site.yaml.
    #[arg(long, global = true)]
    base_url: Option<String>,
    /// The date the build treats as today (YYYY-MM-DD): it decides the
    /// conversation's state and what is stale. Default: SOURCE_DATE_EPOCH
    /// when set, else the system clock.
    #[arg(long, global = true, value_parser = parse_date)]
    today: Option<Date>,
    /// Let a build replace an output folder that holds files Beacon did
    /// not write.
    #[arg(long, global = true)]
    force: bool,
    /// Print only errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Print more detail.
    #[arg(long, short, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build,
    /// Build in memory and run every check; write nothing.
    Check {
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// Output format: `text` for people, `json` for CI tools.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Create a new site with starter content, or a council copy of a national release.
    Init {
        /// A national pack (.tar.gz) or site folder: make a council copy that extends it.
        #[arg(long, value_name = "PACK_OR_FOLDER")]
        from: Option<PathBuf>,
        /// Folder to create the site in.
        dir: PathBuf,
    },
    /// (National team) write a versioned NAME-VERSION.tar.gz of the site for councils.
    Pack,
    /// Keep a council copy up to date with its national upstream.
    Upstream {
        #[command(subcommand)]
        command: UpstreamCommand,
    },
    /// Build, then rebuild whenever a file changes.
    Watch {
        #[command(flatten)]
        watching: Watching,
    },
    /// Watch and preview the site with live reload (drafts shown).
    Serve {
        #[command(flatten)]
        watching: Watching,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; anything but loopback shows the preview to your network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the preview in a browser.
        #[arg(long)]
        open: bool,
    },
}

/// `beacon upstream …`: reviewing national releases.
#[derive(Subcommand)]
enum UpstreamCommand {
    /// Each of your copies of national pages: unchanged, changed since accepted, or not yet accepted.
    Status,
    /// What the national page changed since you accepted it (unified diff).
    Diff {
        /// The page, relative to content/ (as in `hide:`).
        path: String,
    },
    /// Record that you have reviewed the national version of these pages.
    Accept {
        /// Accept every override and this release's list of pages.
        #[arg(long, conflicts_with = "paths")]
        all: bool,
        /// Pages, relative to content/.
        paths: Vec<String>,
    },
    /// Replace the upstream folder with a new release, then show the status.
    Update {
        /// The new national pack (.tar.gz) or site folder.
        #[arg(value_name = "PACK_OR_FOLDER")]
        source: PathBuf,
    },
}

/// How `check` reports.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Human-readable, rustc-style.
    Text,
    /// One JSON document on standard output.
    Json,
}

/// Options for watching.
#[derive(Args)]
struct Watching {
    /// Poll for changes instead of using file-system events (network drives, WSL).
    #[arg(long)]
    poll: bool,
    /// Milliseconds to wait for more changes before rebuilding.
    #[arg(long, default_value_t = 50)]
    debounce_ms: u64,
}

impl Watching {
    fn options(&self, site: Options) -> WatchOptions {
        WatchOptions {
            site,
            debounce: Duration::from_millis(self.debounce_ms),
            poll: self.poll,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let common = &cli.common;
    let mut options = Options {
        out_dir: common.out.clone(),
        drafts: common.drafts,
        base_url: common.base_url.clone(),
        force: common.force,
        ..Options::new(&common.site)
    };
    if let Some(today) = common.today {
        options.today = today;
    }
    if matches!(cli.command, Command::Build | Command::Check { .. }) {
        keep_freed_memory_until_exit();
    }
    let result = match &cli.command {
        Command::Build => site::build(&options).map(|report| summary("Built", &report, &options)),
        Command::Check {
            strict,
            format: Format::Json,
        } => return check_json(&options, *strict),
        Command::Check {
            strict,
            format: Format::Text,
        } => check(&options, *strict),
        Command::Init { from: None, dir } => beacon::init::create(dir)
            .map(|()| {
                format!(
                    "Created a new site in {}. Build it with: beacon build --site {}",
                    dir.display(),
                    dir.display()
                )
            })
            .map_err(|d| vec![d]),
        Command::Init {
            from: Some(source),
            dir,
        } => upstream::create_from(source, dir, options.today)
            .map(|created| created.to_string())
            .map_err(|d| vec![d]),
        Command::Pack => upstream::pack(&common.site, common.out.as_deref())
            .map(|packed| {
                format!(
                    "Packed {} {} ({} files) into {}",
                    packed.id.name,
                    packed.id.version,
                    packed.files,
                    packed.path.display()
                )
            })
            .map_err(|d| vec![d]),
        Command::Upstream { command } => upstream_command(command, &common.site),
        Command::Watch { watching } => {
            let printer = Printer {
                site_dir: common.site.clone(),
                quiet: common.quiet,
                verbose: common.verbose,
            };
            watch::run(
                &watching.options(options.clone()),
                &mut |event| printer.watch_event(&event),
                &|| true,
            )
            .map(|()| String::new())
            .map_err(|d| vec![d])
        }
        Command::Serve {
            watching,
            port,
            bind,
            open,
        } => serve(&options, watching, *port, *bind, *open, common),
    };
    let color = std::io::stderr().is_terminal();
    match result {
        Ok(message) => {
            if !common.quiet {
                println!("{message}");
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            eprint!("{}", diagnostic::render(&diagnostics, &common.site, color));
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!("error: the site has {errors} error(s); nothing was written");
            ExitCode::FAILURE
        }
    }
}

fn upstream_command(command: &UpstreamCommand, site: &Path) -> Result<String, Vec<Diagnostic>> {
    let one = |d| vec![d];
    match command {
        UpstreamCommand::Status => upstream::status(site).map(|s| s.to_string()).map_err(one),
        UpstreamCommand::Diff { path } => upstream::diff(site, path).map_err(one),
        UpstreamCommand::Accept { all, paths } => {
            upstream::accept(site, paths, *all).map(|a| a.to_string())
        }
        UpstreamCommand::Update { source } => upstream::update(site, source)
            .map(|s| format!("Updated the upstream from {}.\n\n{s}", source.display()))
            .map_err(one),
    }
}

fn serve(
    options: &Options,
    watching: &Watching,
    port: u16,
    bind: IpAddr,
    open: bool,
    common: &Common,
) -> Result<String, Vec<Diagnostic>> {
    if !bind.is_loopback() {
        eprintln!("warning: listening on {bind}: anyone on your network can see this preview, drafts included");
    }
    let mut site = options.clone();
    if site.out_dir.is_none() {
        site.out_dir = Some(serve::private_out_dir().map_err(|d| vec![d])?);
    }
    let printer = Printer {
        site_dir: common.site.clone(),
        quiet: common.quiet,
        verbose: common.verbose,
    };
    let serve_options = ServeOptions {
        watch: watching.options(site),
        bind,
        port,
    };
    serve::run(serve_options, &mut |event| match event {
        ServeEvent::Listening(url) => {
            println!("Serving the preview at {url} (press Ctrl+C to stop)");
            if open {
                if let Err(error) = opener::open(url) {
                    eprintln!("warning: could not open a browser: {error}");
                }
            }
        }
        ServeEvent::Watch(event) => printer.watch_event(&event),
    })
    .map(|()| String::new())
    .map_err(|d| vec![d])
}

/// Prints what `watch` and `serve` report: one line per rebuild.
struct Printer {
    site_dir: PathBuf,
    quiet: bool,
    verbose: bool,
}

impl Printer {
    fn watch_event(&self, event: &WatchEvent) {
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

/// `--today`: a date written YYYY-MM-DD.
fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("\"{text}\" is not a date: write YYYY-MM-DD"))
}

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

fn check(options: &Options, strict: bool) -> Result<String, Vec<Diagnostic>> {
    let report = site::check(options)?;
    let untranslated = beacon::load::content::missing_as_diagnostics(&report.missing_translations);
    if strict && !(report.warnings.is_empty() && untranslated.is_empty()) {
        let as_errors = report
            .warnings
            .into_iter()
            .chain(untranslated)
            .map(|mut d| {
                d.severity = diagnostic::Severity::Error;
                d
            });
        return Err(as_errors.collect());
    }
    let mut text = readability_table(&report.readability);
    if let Some(coverage) = &report.coverage {
        text.push_str(&coverage_table(coverage));
    }
    text.push_str(&translation_table(&report.missing_translations));
    text.push_str(&summary("Checked", &report, options));
    Ok(text)
}

/// The readability table `check` ends with.
fn readability_table(rows: &[beacon::check::reading::Row]) -> String {
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
fn coverage_table(coverage: &beacon::check::coverage::Coverage) -> String {
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
fn translation_table(missing: &[beacon::load::content::Missing]) -> String {
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

/// `check --format json`: one JSON document on standard output, always.
fn check_json(options: &Options, strict: bool) -> ExitCode {
    let (diagnostics, readability, pages, missing, coverage, page_facts) =
        match site::check(options) {
            Ok(report) => {
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
                (
                    diagnostics,
                    report.readability,
                    report.pages,
                    missing,
                    report.coverage,
                    report.page_facts,
                )
            }
            Err(diagnostics) => (
                diagnostics,
                Vec::new(),
                0,
                serde_json::json!({}),
                None,
                Vec::new(),
            ),
        };
    let errors = diagnostics
        .iter()
        .filter(|d| d.is_error() || strict)
        .count();
    let document = serde_json::json!({
        "ok": errors == 0,
        "pages": pages,
        "errors": diagnostics.iter().filter(|d| d.is_error()).count(),
        "warnings": diagnostics.iter().filter(|d| !d.is_error()).count(),
        "diagnostics": diagnostics.iter().map(|d| serde_json::json!({
            "severity": if d.is_error() { "error" } else { "warning" },
            "file": d.path.display().to_string(),
            "line": d.line,
            "column": d.column,
            "message": d.message,
            "hint": d.hint,
        })).collect::<Vec<_>>(),
        "readability": readability,
        "missing_translations": missing,
        "coverage": coverage,
        "page_list": page_facts,
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&document).unwrap_or_default()
    );
    if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn summary(verb: &str, report: &Report, options: &Options) -> String {
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
        match report.warnings.len() {
            0 => String::new(),
            n => format!(" with {n} warning(s)"),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_the_one_mimalloc_documents() {
        // SAFETY: reads one integer option.
        let delay = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        let from_environment = std::env::var("MIMALLOC_PURGE_DELAY").ok();
        if from_environment.is_none() {
            assert_eq!(delay, 1000, "mimalloc 3's default purge delay is 1,000 ms");
        }
    }
}
