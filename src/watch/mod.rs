//! `beacon watch`: build, then rebuild on every edit. File-system events are
//! debounced (notify + notify-debouncer-full; reads and opens are dropped, or
//! a rebuild's own reading would trigger the next), sorted by [`events::classify`]
//! and applied by a [`rebuild::Rebuilder`]. The loop never exits on a
//! content error, a deleted folder or a burst of events; it reports each
//! rebuild through a callback, so only `main` prints.

pub mod events;
pub mod rebuild;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::{
    self, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode,
};
use notify_debouncer_full::{
    new_debouncer_opt, DebounceEventResult, DebouncedEvent, Debouncer, NoCache, RecommendedCache,
};

use crate::base::diagnostic::Diagnostic;
use crate::load::layers::Layers;
use crate::site::Options;
use events::Change;
use rebuild::{Outcome, Rebuilder};

/// How to watch.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// What to build.
    pub site: Options,
    /// How long to wait for more events before rebuilding.
    pub debounce: Duration,
    /// Poll the file system instead of using native events (network drives, WSL).
    pub poll: bool,
}

/// What the watcher reports.
#[derive(Debug)]
pub enum Event<'a> {
    /// A rebuild finished: what changed and what it did.
    Rebuilt {
        /// The changes (empty for the first build).
        changes: &'a [Change],
        /// What it did.
        outcome: &'a Outcome,
    },
    /// A rebuild failed; the last good output is still in place.
    Failed {
        /// The changes that led to it.
        changes: &'a [Change],
        /// Everything wrong.
        diagnostics: &'a [Diagnostic],
    },
    /// The search index caught up with the pages (it is written in the
    /// background after each rebuild that changed a page's words).
    Indexed(&'a rebuild::Indexed),
    /// The watcher itself hit a problem it recovered from.
    Trouble(String),
}

/// Either kind of debounced watcher. The poller remembers what it watches:
/// watching a path again makes it take a new snapshot, which would swallow
/// a save made while the last rebuild ran.
enum AnyDebouncer {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>, HashSet<PathBuf>),
}

impl AnyDebouncer {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            AnyDebouncer::Native(debouncer) => debouncer.watch(path, mode),
            AnyDebouncer::Poll(debouncer, watched) => {
                if watched.contains(path) {
                    return Ok(());
                }
                debouncer.watch(path, mode)?;
                watched.insert(path.to_path_buf());
                Ok(())
            }
        }
    }

    /// Forgets the polled folders that are gone, so they are watched
    /// afresh when they come back.
    fn forget_missing(&mut self) {
        if let AnyDebouncer::Poll(_, watched) = self {
            watched.retain(|path| path.exists());
        }
    }
}

/// Builds, then watches and rebuilds until `keep_going` returns false
/// (checked after each batch and at least every second). Returns an error
/// only when watching cannot start.
pub fn run(
    options: &WatchOptions,
    report: &mut dyn FnMut(Event),
    keep_going: &dyn Fn() -> bool,
) -> Result<(), Diagnostic> {
    let mut rebuilder = Rebuilder::new(options.site.clone())?;
    let (sender, receiver) = mpsc::channel();
    let mut debouncer = start(options, sender)?;
    // Watched by its real, absolute path, so every watcher (the poller too,
    // which reports paths as they were given) hands back paths `classify`
    // can place, whatever `--site` was (`.`, `s`, `./s`).
    let site_dir = canonical(&options.site.site_dir);
    watch_site(&mut debouncer, &site_dir, report);
    let mut retry = Retry::default();
    retry.after(first_build(&mut rebuilder, report), Instant::now());
    let out_dir = canonical(rebuilder.out_dir());
    while keep_going() {
        report_indexing(&mut rebuilder, report);
        let Some(paths) = next_batch(&receiver, options.debounce, report) else {
            if retry.is_due(Instant::now()) {
                retry.after(first_build(&mut rebuilder, report), Instant::now());
            }
            continue;
        };
        let changes = events::classify(&paths, &site_dir, &out_dir, &upstream_folders(&site_dir));
        if changes.is_empty() {
            continue;
        }
        retry.after(rebuild(&mut rebuilder, &changes, report), Instant::now());
        watch_site(&mut debouncer, &site_dir, report);
    }
    Ok(())
}

/// When to try again a build that failed because of the machine (out of
/// file handles while a browser holds many connections, disk full): the
/// preview must not stay stale until the next save. Waits 1 s, then twice
/// as long each time it fails again, up to 30 s; any build that succeeds, or
/// fails because of the site, stops the retries.
#[derive(Debug, Default)]
pub struct Retry {
    due: Option<Instant>,
    wait: Duration,
}

impl Retry {
    const FIRST: Duration = Duration::from_secs(1);
    const LONGEST: Duration = Duration::from_secs(30);

    /// Notes how a build ended (`true`: it failed because of the machine).
    pub fn after(&mut self, failed_transiently: bool, now: Instant) {
        if failed_transiently {
            self.wait = (self.wait * 2).clamp(Self::FIRST, Self::LONGEST);
            self.due = Some(now + self.wait);
        } else {
            *self = Retry::default();
        }
    }

    /// True when a retry is waiting and its time has come.
    pub fn is_due(&self, now: Instant) -> bool {
        self.due.is_some_and(|due| now >= due)
    }
}

/// Reports the search indexing that ended since the last look, if any.
fn report_indexing(rebuilder: &mut Rebuilder, report: &mut dyn FnMut(Event)) {
    match rebuilder.finished_indexing(false) {
        Some(Ok(indexed)) => report(Event::Indexed(&indexed)),
        Some(Err(diagnostics)) => {
            for diagnostic in diagnostics {
                report(Event::Trouble(format!(
                    "the search index was not updated: {}",
                    diagnostic.message
                )));
            }
        }
        None => {}
    }
}

/// Builds everything once, reporting the result. Returns true when it
/// failed because of the machine rather than the site.
pub fn first_build(rebuilder: &mut Rebuilder, report: &mut dyn FnMut(Event)) -> bool {
    match rebuilder.full() {
        Ok(outcome) => {
            report(Event::Rebuilt {
                changes: &[],
                outcome: &outcome,
            });
            false
        }
        Err(diagnostics) => {
            report(Event::Failed {
                changes: &[],
                diagnostics: &diagnostics,
            });
            failed_transiently(&diagnostics)
        }
    }
}

/// Applies one batch of changes, reporting the result. Returns true when
/// it failed because of the machine rather than the site.
pub fn rebuild(
    rebuilder: &mut Rebuilder,
    changes: &[Change],
    report: &mut dyn FnMut(Event),
) -> bool {
    match rebuilder.apply(changes) {
        Ok(outcome) => {
            report(Event::Rebuilt {
                changes,
                outcome: &outcome,
            });
            false
        }
        Err(diagnostics) => {
            report(Event::Failed {
                changes,
                diagnostics: &diagnostics,
            });
            failed_transiently(&diagnostics)
        }
    }
}

/// True when one of a failed build's errors came from the machine.
fn failed_transiently(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.is_error() && d.transient)
}

fn start(
    options: &WatchOptions,
    sender: mpsc::Sender<DebounceEventResult>,
) -> Result<AnyDebouncer, Diagnostic> {
    let result = if options.poll {
        // Times on disk may have whole-second precision: compare contents
        // too, so a second save within the same second is not lost.
        let config = notify::Config::default()
            .with_poll_interval(Duration::from_millis(500))
            .with_compare_contents(true);
        new_debouncer_opt::<_, PollWatcher, NoCache>(
            options.debounce,
            None,
            sender,
            NoCache,
            config,
        )
        .map(|debouncer| AnyDebouncer::Poll(debouncer, HashSet::new()))
    } else {
        let config = notify::Config::default();
        new_debouncer_opt::<_, RecommendedWatcher, RecommendedCache>(
            options.debounce,
            None,
            sender,
            RecommendedCache::new(),
            config,
        )
        .map(AnyDebouncer::Native)
    };
    result.map_err(|error| {
        Diagnostic::error(
            &options.site.site_dir,
            format!("cannot watch the site for changes: {error}"),
        )
        .with_hint("try `--poll` on network drives and WSL")
    })
}

/// (Re)watches the site folder itself (for `site.yaml`), `content/` and
/// `themes/`: folders that were deleted and made again are picked up.
fn watch_site(debouncer: &mut AnyDebouncer, site_dir: &Path, report: &mut dyn FnMut(Event)) {
    debouncer.forget_missing();
    let folders: Vec<PathBuf> = std::iter::once(site_dir.to_path_buf())
        .chain(
            upstream_folders(site_dir)
                .iter()
                .map(|rel| site_dir.join(rel)),
        )
        .collect();
    for folder in folders {
        watch_folder(debouncer, &folder, report);
    }
}

/// Watches one layer: its folder (for site.yaml), and its content/ and
/// themes/ with everything in them.
fn watch_folder(debouncer: &mut AnyDebouncer, dir: &Path, report: &mut dyn FnMut(Event)) {
    if let Err(error) = debouncer.watch(dir, RecursiveMode::NonRecursive) {
        report(Event::Trouble(format!(
            "cannot watch {}: {error}",
            dir.display()
        )));
    }
    for folder in ["content", "themes"] {
        let path = dir.join(folder);
        if path.is_dir() {
            if let Err(error) = debouncer.watch(&path, RecursiveMode::Recursive) {
                report(Event::Trouble(format!(
                    "cannot watch {}: {error}",
                    path.display()
                )));
            }
        }
    }
}

/// Waits up to a second for the next debounced batch, then keeps taking
/// batches that follow within `settle` (up to two seconds in all), so a
/// burst such as a `git checkout` becomes one rebuild, not dozens.
fn next_batch(
    receiver: &Receiver<DebounceEventResult>,
    settle: Duration,
    report: &mut dyn FnMut(Event),
) -> Option<Vec<PathBuf>> {
    let mut paths = Vec::new();
    let mut wait = Duration::from_secs(1);
    let started = Instant::now();
    while let Ok(result) = receiver.recv_timeout(wait) {
        match result {
            Ok(events) => paths.extend(changed_paths(&events)),
            Err(errors) => {
                for error in errors {
                    report(Event::Trouble(format!("watch error: {error}")));
                }
            }
        }
        if started.elapsed() > Duration::from_secs(2) {
            break;
        }
        wait = settle;
    }
    (!paths.is_empty()).then_some(paths)
}

/// The paths of events that change something: reading or opening a file
/// (as every rebuild does) is not a change.
pub fn changed_paths(events: &[DebouncedEvent]) -> Vec<PathBuf> {
    events
        .iter()
        .filter(|event| !matches!(event.kind, EventKind::Access(_)))
        .flat_map(|event| event.paths.iter().cloned())
        .collect()
}

/// The path with symlinks resolved, so it matches the paths events carry.
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The site's upstream folders, relative to it (read afresh each batch, so
/// a new `upstream:` is followed).
fn upstream_folders(site_dir: &Path) -> Vec<PathBuf> {
    Layers::declared_upstreams(site_dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, ModifyKind};
    use std::time::Instant;

    fn event(kind: EventKind, path: &str) -> DebouncedEvent {
        DebouncedEvent::new(
            notify::Event::new(kind).add_path(PathBuf::from(path)),
            Instant::now(),
        )
    }

    #[test]
    fn a_build_that_failed_because_of_the_machine_is_retried_later_and_later() {
        let start = Instant::now();
        let mut retry = Retry::default();
        retry.after(true, start);
        assert!(!retry.is_due(start));
        assert!(retry.is_due(start + Duration::from_secs(1)));
        retry.after(true, start);
        assert!(!retry.is_due(start + Duration::from_secs(1)));
        assert!(retry.is_due(start + Duration::from_secs(2)));
        for _ in 0..10 {
            retry.after(true, start);
        }
        assert!(
            retry.is_due(start + Duration::from_secs(30)),
            "capped at 30 s"
        );
        retry.after(false, start);
        assert!(
            !retry.is_due(start + Duration::from_secs(3600)),
            "a success ends it"
        );
    }

    #[test]
    fn only_errors_from_the_machine_ask_for_a_retry() {
        let site_error = Diagnostic::error("content/a.md", "broken link");
        let out_of_handles = crate::base::fsutil::io_error(
            Path::new("public/a/index.html"),
            "cannot write",
            &std::io::Error::from_raw_os_error(24),
        );
        assert!(!failed_transiently(std::slice::from_ref(&site_error)));
        assert!(failed_transiently(&[site_error, out_of_handles.clone()]));
        let warning = Diagnostic {
            severity: crate::base::diagnostic::Severity::Warning,
            ..out_of_handles
        };
        assert!(!failed_transiently(&[warning]));
    }

    #[test]
    fn opening_and_reading_files_is_not_a_change() {
        let events = [
            event(EventKind::Access(AccessKind::Read), "/s/content/a.md"),
            event(EventKind::Access(AccessKind::Any), "/s/content/b.md"),
            event(EventKind::Modify(ModifyKind::Any), "/s/content/c.md"),
            event(EventKind::Create(CreateKind::File), "/s/content/d.md"),
        ];
        assert_eq!(
            changed_paths(&events),
            vec![
                PathBuf::from("/s/content/c.md"),
                PathBuf::from("/s/content/d.md")
            ]
        );
    }
}
