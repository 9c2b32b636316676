//! One function per command: each calls the library and returns what to
//! print, or the diagnostics that stopped it. `main` dispatches to them.

use std::path::Path;

use beacon::base::date::Date;
use beacon::base::diagnostic::{self, Diagnostic};
use beacon::serve::{self as preview, ServeEvent, ServeOptions};
use beacon::site::{self, Options};
use beacon::upstream as council;
use beacon::watch as watching;

use super::print::{self, Printer};
use super::{Common, Serving, UpstreamCommand, Watching};

/// What a command gives `main`: a message to print, or the diagnostics
/// that stopped it.
pub type Outcome = Result<String, Vec<Diagnostic>>;

/// `beacon build`.
pub fn build(options: &Options) -> Outcome {
    site::build(options).map(|report| print::summary("Built", &report, options))
}

/// `beacon init DIR`: a new site with starter content.
pub fn init(dir: &Path) -> Outcome {
    beacon::init::create(dir)
        .map(|()| {
            format!(
                "Created a new site in {}. Build it with: beacon build --site {}",
                dir.display(),
                dir.display()
            )
        })
        .map_err(|d| vec![d])
}

/// `beacon init --from PACK_OR_FOLDER DIR`: a council copy.
pub fn init_from(source: &Path, dir: &Path, today: Date) -> Outcome {
    council::create_from(source, dir, today)
        .map(|created| created.to_string())
        .map_err(|d| vec![d])
}

/// `beacon init --ci HOST [--from PACK_OR_FOLDER] DIR`: a pinned pipeline,
/// with a new site (or council copy) first when `DIR` has no site.yaml.
/// The pin is worked out before anything is written, so a missing
/// checksum leaves `DIR` as it was.
pub fn init_ci(
    host: &str,
    from: Option<&Path>,
    checksums: Option<&Path>,
    releases: &str,
    dir: &Path,
    today: Date,
) -> Outcome {
    use beacon::init::ci::{self, CiHost};
    let host = CiHost::from_name(host).map_err(|d| vec![d])?;
    let checksums = checksums
        .map(Path::to_path_buf)
        .or_else(ci::default_checksums);
    let Some(checksums) = checksums else {
        return Err(vec![Diagnostic::error(
            "--checksums",
            "the pipeline pins this Beacon release by its SHA-256, and no SHA256SUMS was found beside the beacon binary",
        )
        .with_hint("pass --checksums PATH with the SHA256SUMS published with this release")]);
    };
    let pin = ci::pin_from(&checksums, releases).map_err(|d| vec![d])?;
    let mut said = Vec::new();
    let created = !dir.join("site.yaml").exists();
    if created {
        said.push(match from {
            Some(source) => init_from(source, dir, today)?,
            None => init(dir)?,
        });
        if host.is_azure() {
            ci::add_azure_hosting(dir).map_err(|d| vec![d])?;
        }
    }
    let written = ci::write(dir, host, &pin).map_err(|d| vec![d])?;
    said.push(format!(
        "Wrote {} (Beacon {} pinned by SHA-256 {}).",
        dir.join(&written).display(),
        pin.version,
        pin.sha256
    ));
    if host.is_azure() && !created {
        said.push("Add `hosting: [azure-static-web-apps]` to site.yaml so the build writes staticwebapp.config.json.".into());
    }
    Ok(said.join("\n"))
}

/// `beacon pack`: the national team's release archive.
pub fn pack(common: &Common) -> Outcome {
    council::pack(&common.site, common.out.as_deref())
        .map(|packed| {
            format!(
                "Packed {} {} ({} files) into {}",
                packed.id.name,
                packed.id.version,
                packed.files,
                packed.path.display()
            )
        })
        .map_err(|d| vec![d])
}

/// `beacon watch`: build, then rebuild on every change until stopped.
pub fn watch(options: &Options, watching_options: &Watching, common: &Common) -> Outcome {
    let printer = Printer::for_options(common);
    watching::run(
        &watching_options.options(options.clone()),
        &mut |event| printer.watch_event(&event),
        &|| true,
    )
    .map(|()| String::new())
    .map_err(|d| vec![d])
}

/// `beacon check` as text: the warnings, the tables and the summary.
pub fn check(options: &Options, strict: bool) -> Outcome {
    let report = site::check(options)?;
    let untranslated = beacon::load::content::missing_as_diagnostics(&report.missing_translations);
    // Advice (the reading level, unless the site enforces it) is printed
    // but never fails, not even with --strict.
    let failing = report.warnings.iter().any(|d| !d.is_advice()) || !untranslated.is_empty();
    if strict && failing {
        let as_errors = report
            .warnings
            .into_iter()
            .filter(|d| !d.is_advice())
            .chain(untranslated)
            .map(|mut d| {
                d.severity = diagnostic::Severity::Error;
                d
            });
        return Err(as_errors.collect());
    }
    let mut text = print::readability_table(&report.readability);
    if let Some(coverage) = &report.coverage {
        text.push_str(&print::coverage_table(coverage));
    }
    text.push_str(&print::translation_table(&report.missing_translations));
    text.push_str(&print::hidden_services(&report.hidden_services));
    text.push_str(&print::summary("Checked", &report, options));
    Ok(text)
}

/// `beacon upstream …`.
pub fn upstream(command: &UpstreamCommand, site: &Path, today: Date) -> Outcome {
    let one = |d| vec![d];
    match command {
        UpstreamCommand::Status => council::status(site).map(|s| s.to_string()).map_err(one),
        UpstreamCommand::Diff { path } => council::diff(site, path).map_err(one),
        UpstreamCommand::Accept { all, paths } => {
            council::accept(site, paths, *all).map(|a| a.to_string())
        }
        UpstreamCommand::Update {
            source,
            dry_run: false,
        } => council::update(site, source)
            .map(|s| format!("Updated the upstream from {}.\n\n{s}", source.display()))
            .map_err(one),
        // `main` prints these two itself (the report whatever the result);
        // here they are plain outcomes: the report, or the errors.
        UpstreamCommand::Update {
            source,
            dry_run: true,
        } => {
            let run = council::release::dry_run(site, source, today).map_err(one)?;
            match run.builds {
                true => Ok(run.to_string()),
                false => Err(run.errors),
            }
        }
        UpstreamCommand::CheckCouncils {
            source, councils, ..
        } => {
            let runs = council::release::check_councils(source, councils, today).map_err(one)?;
            match runs.iter().all(|run| run.builds) {
                true => Ok(council::release_report::councils_table(&runs)),
                false => Err(runs.into_iter().flat_map(|run| run.errors).collect()),
            }
        }
    }
}

fn open_browser(url: &str) {
    if let Err(error) = opener::open(url) {
        eprintln!("warning: could not open a browser: {error}");
    }
}

/// `beacon serve`: watch and preview with live reload.
pub fn serve(
    options: &Options,
    watching: &Watching,
    serving: &Serving,
    common: &Common,
) -> Outcome {
    let Serving {
        port,
        bind,
        open,
        edit,
    } = *serving;
    if !bind.is_loopback() && !edit {
        eprintln!("warning: listening on {bind}: anyone on your network can see this preview, drafts included");
    }
    let mut site = options.clone();
    if site.out_dir.is_none() {
        site.out_dir = Some(preview::private_out_dir().map_err(|d| vec![d])?);
    }
    let printer = Printer::for_options(common);
    let serve_options = ServeOptions {
        watch: watching.options(site),
        bind,
        port,
        edit,
    };
    preview::run(serve_options, &mut |event| match event {
        ServeEvent::Listening(url) => {
            println!("Serving the preview at {url} (press Ctrl+C to stop)");
            if open && !edit {
                open_browser(url);
            }
        }
        ServeEvent::Editing(url) => {
            println!("Edit the site at {url}");
            println!("  (this address holds the editing session's secret: do not share it)");
            if open {
                open_browser(url);
            }
        }
        ServeEvent::Watch(event) => printer.watch_event(&event),
    })
    .map(|()| String::new())
    .map_err(|d| vec![d])
}
