//! The `beacon` command line: parses arguments, dispatches to one
//! function per command ([`cli::commands`]), prints what it returns once
//! and returns an exit code. Nothing else prints or exits.

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use beacon::base::diagnostic;
use cli::commands::{self, Outcome};
use cli::{Cli, Command, Common, Format, UpstreamCommand};

/// Rendering thousands of pages is allocation-heavy; mimalloc is markedly
/// faster than the system allocator for it (see docs/performance.md).
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

/// For one-shot commands too: mimalloc asks Linux for transparent huge
/// pages, and the kernel zeroes each 2 MiB page whole on first touch, used
/// or not. A 10,000-page build peaked 30–40 MiB higher with them, and a
/// nothing-changed rebuild spent a fifth of its CPU zeroing pages
/// (docs/performance.md); ordinary 4 KiB pages are what a short process
/// wants. mimalloc's own option is read once, before `main`, so this asks
/// the kernel directly, as mimalloc does with that option set.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments and only sets a
    // flag of this process; a kernel without it returns an error, ignored.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let common = &cli.common;
    let options = common.options();
    if cli.command.is_one_shot() {
        keep_freed_memory_until_exit();
        no_huge_pages();
    }
    let outcome = match &cli.command {
        Command::Build => commands::build(&options),
        Command::Check {
            strict,
            format: Format::Json,
        } => return cli::print::check_json(&options, *strict),
        Command::Check {
            strict,
            format: Format::Text,
        } => commands::check(&options, *strict),
        Command::Init {
            ci: Some(host),
            from,
            checksums,
            releases,
            dir,
        } => commands::init_ci(
            host,
            from.as_deref(),
            checksums.as_deref(),
            releases,
            dir,
            options.today,
        ),
        Command::Init {
            from: None, dir, ..
        } => commands::init(dir),
        Command::Init {
            from: Some(source),
            dir,
            ..
        } => commands::init_from(source, dir, options.today),
        Command::Pack => commands::pack(common),
        Command::Upstream {
            command:
                UpstreamCommand::Update {
                    source,
                    dry_run: true,
                },
        } => return cli::print::dry_run(&common.site, source, options.today),
        Command::Upstream {
            command:
                UpstreamCommand::CheckCouncils {
                    source,
                    councils,
                    format,
                },
        } => return cli::print::check_councils(source, councils, *format, options.today),
        Command::Upstream { command } => commands::upstream(command, &common.site, options.today),
        Command::Watch { watching } => commands::watch(&options, watching, common),
        Command::Serve { watching, serving } => {
            commands::serve(&options, watching, serving, common)
        }
    };
    report(outcome, common)
}

/// Prints a command's message, or its diagnostics and how many errors
/// stopped it, and gives the exit code.
fn report(outcome: Outcome, common: &Common) -> ExitCode {
    match outcome {
        Ok(message) => {
            if !common.quiet {
                println!("{message}");
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            let color = std::io::stderr().is_terminal();
            eprint!("{}", diagnostic::render(&diagnostics, &common.site, color));
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!("error: the site has {errors} error(s); nothing was written");
            ExitCode::FAILURE
        }
    }
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

    #[cfg(target_os = "linux")]
    #[test]
    fn one_shot_commands_ask_for_no_huge_pages() {
        no_huge_pages();
        // SAFETY: reads this process's flag.
        let disabled = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        assert_eq!(disabled, 1);
    }
}
