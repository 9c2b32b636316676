//! The `beacon` command line: parses arguments, calls the library, prints
//! diagnostics once and returns an exit code. Nothing else prints or exits.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use beacon::diagnostic::{self, Diagnostic};
use beacon::site::{self, Options, Report};

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
    /// Output folder (default: public inside the site folder).
    #[arg(long, global = true)]
    out: Option<PathBuf>,
    /// Include pages marked `draft: true`.
    #[arg(long, global = true)]
    drafts: bool,
    /// Override base_url from site.yaml.
    #[arg(long, global = true)]
    base_url: Option<String>,
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
    },
    /// Create a new site with starter content.
    Init {
        /// Folder to create the site in.
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let common = &cli.common;
    let options = Options {
        out_dir: common.out.clone(),
        drafts: common.drafts,
        base_url: common.base_url.clone(),
        ..Options::new(&common.site)
    };
    let result = match &cli.command {
        Command::Build => site::build(&options).map(|report| summary("Built", &report, &options)),
        Command::Check { strict } => check(&options, *strict),
        Command::Init { dir } => beacon::init::create(dir)
            .map(|()| {
                format!(
                    "Created a new site in {}. Build it with: beacon build --site {}",
                    dir.display(),
                    dir.display()
                )
            })
            .map_err(|d| vec![d]),
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

fn check(options: &Options, strict: bool) -> Result<String, Vec<Diagnostic>> {
    let report = site::check(options)?;
    if strict && !report.warnings.is_empty() {
        let as_errors = report.warnings.into_iter().map(|mut d| {
            d.severity = diagnostic::Severity::Error;
            d
        });
        return Err(as_errors.collect());
    }
    Ok(summary("Checked", &report, options))
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
        text.push_str(&format!(" into {}", options.out_dir().display()));
    }
    text
}
