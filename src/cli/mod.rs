//! The command line's words: every command and option `beacon` takes (clap
//! derives the parser and the help from these types), the command
//! functions ([`commands`]) and what they print ([`print`]).

pub mod commands;
pub mod print;

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use beacon::base::date::Date;
use beacon::site::Options;
use beacon::watch::WatchOptions;

/// Build accessible, private campaign websites from Markdown.
#[derive(Parser)]
#[command(name = "beacon", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub common: Common,
}

/// Options every command takes.
#[derive(Args)]
pub struct Common {
    /// The site folder (holds site.yaml and content/).
    #[arg(long, global = true, default_value = ".")]
    pub site: PathBuf,
    /// Output folder (default: public inside the site folder); for `pack`, the archive file.
    #[arg(long, global = true)]
    pub out: Option<PathBuf>,
    /// Include pages marked `draft: true`.
    #[arg(long, global = true)]
    pub drafts: bool,
    /// Override base_url from site.yaml.
    #[arg(long, global = true)]
    pub base_url: Option<String>,
    /// The date the build treats as today (YYYY-MM-DD): it decides the
    /// conversation's state and what is stale. Default: SOURCE_DATE_EPOCH
    /// when set, else the system clock.
    #[arg(long, global = true, value_parser = parse_date)]
    pub today: Option<Date>,
    /// Let a build replace an output folder that holds files Beacon did
    /// not write.
    #[arg(long, global = true)]
    pub force: bool,
    /// Print only errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Print more detail.
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

#[derive(Subcommand)]
pub enum Command {
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
        /// Also write a pinned CI pipeline that checks, builds and publishes the site
        /// (on an existing site, only the pipeline is written).
        #[arg(long, value_name = "HOST", value_parser = clap::builder::PossibleValuesParser::new(beacon::init::ci::CiHost::NAMES))]
        ci: Option<String>,
        /// The SHA256SUMS published with this Beacon release, for the pipeline's checksum
        /// (default: a SHA256SUMS beside the beacon binary or its folder).
        #[arg(long, value_name = "FILE", requires = "ci")]
        checksums: Option<PathBuf>,
        /// Where the pipeline downloads Beacon releases from (a mirror behind a proxy).
        #[arg(long, value_name = "URL", requires = "ci", default_value = beacon::init::ci::RELEASES)]
        releases: String,
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
        #[command(flatten)]
        serving: Serving,
    },
}

/// How `serve` listens, and whether it also serves the editor.
#[derive(Args, Clone, Copy)]
pub struct Serving {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on; anything but loopback shows the preview to your network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Open the preview (or, with --edit, the editor) in a browser.
    #[arg(long)]
    pub open: bool,
    /// Also serve an editor in the browser, for this computer only (refused with a --bind that is not loopback).
    #[arg(long)]
    pub edit: bool,
}

/// `beacon upstream …`: reviewing national releases.
#[derive(Subcommand)]
pub enum UpstreamCommand {
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
        /// Build this site against the release in memory and say what it
        /// would change, writing nothing; exit 1 if the site would not build.
        #[arg(long)]
        dry_run: bool,
    },
    /// (National team) the dry run for many council copies at once: one table,
    /// exit 1 if any would fail to build.
    CheckCouncils {
        /// The national pack (.tar.gz) or site folder to try.
        #[arg(value_name = "PACK_OR_FOLDER")]
        source: PathBuf,
        /// The council sites' folders.
        #[arg(value_name = "COUNCIL_DIR", required = true)]
        councils: Vec<PathBuf>,
        /// Output format: `text` for people, `json` for CI tools.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// How `check` reports.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human-readable, rustc-style.
    Text,
    /// One JSON document on standard output.
    Json,
}

/// Options for watching.
#[derive(Args)]
pub struct Watching {
    /// Poll for changes instead of using file-system events (network drives, WSL).
    #[arg(long)]
    pub poll: bool,
    /// Milliseconds to wait for more changes before rebuilding.
    #[arg(long, default_value_t = 50)]
    pub debounce_ms: u64,
}

impl Watching {
    pub fn options(&self, site: Options) -> WatchOptions {
        WatchOptions {
            site,
            debounce: Duration::from_millis(self.debounce_ms),
            poll: self.poll,
        }
    }
}

impl Common {
    /// The build options these command-line options ask for.
    pub fn options(&self) -> Options {
        let mut options = Options {
            out_dir: self.out.clone(),
            drafts: self.drafts,
            base_url: self.base_url.clone(),
            force: self.force,
            ..Options::new(&self.site)
        };
        if let Some(today) = self.today {
            options.today = today;
        }
        options
    }
}

impl Command {
    /// True for the commands that run once and exit (`build`, `check`).
    pub fn is_one_shot(&self) -> bool {
        matches!(self, Command::Build | Command::Check { .. })
    }
}

/// `--today`: a date written YYYY-MM-DD.
fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("\"{text}\" is not a date: write YYYY-MM-DD"))
}
