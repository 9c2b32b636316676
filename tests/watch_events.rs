//! The real watcher (notify + debouncer) against a temporary site: an
//! editor's write-to-temp-then-rename save, a burst of thousands of events
//! (as a `git checkout` makes) and a deleted folder all rebuild, and the
//! loop keeps running after a content error.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use beacon::watch::{self, Event, WatchOptions};
use common::TestSite;

/// What a watcher thread reported.
enum Report {
    Rebuilt,
    Failed(String),
}

struct Running {
    site: TestSite,
    _out: tempfile::TempDir,
    out_dir: std::path::PathBuf,
    reports: mpsc::Receiver<Report>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    fn start() -> Self {
        Self::start_on("basic")
    }

    fn start_on(fixture: &str) -> Self {
        let site = TestSite::fixture(fixture);
        let out = tempfile::tempdir().unwrap();
        let out_dir = out.path().join("public");
        let options = WatchOptions {
            site: beacon::site::Options {
                out_dir: Some(out_dir.clone()),
                ..site.options()
            },
            debounce: Duration::from_millis(50),
            poll: false,
        };
        let (sender, reports) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let mut report = |event: Event| {
                let _ = match event {
                    Event::Rebuilt { .. } => sender.send(Report::Rebuilt),
                    Event::Failed { diagnostics, .. } => {
                        sender.send(Report::Failed(diagnostics[0].message.clone()))
                    }
                    Event::Trouble(_) | Event::Indexed(_) => Ok(()),
                };
            };
            watch::run(&options, &mut report, &|| !flag.load(Ordering::SeqCst))
                .expect("watching starts");
        });
        let running = Running {
            site,
            _out: out,
            out_dir,
            reports,
            stop,
            thread: Some(thread),
        };
        running.next_report();
        running
    }

    fn next_report(&self) -> Report {
        self.reports
            .recv_timeout(Duration::from_secs(90))
            .expect("a rebuild report")
    }

    fn wait_for_output(&self, rel: &str, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(90);
        while !std::fs::read_to_string(self.out_dir.join(rel)).is_ok_and(|html| html.contains(text))
        {
            assert!(Instant::now() < deadline, "{rel} never showed {text:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[test]
fn an_editors_save_by_temp_file_and_rename_is_picked_up() {
    let running = Running::start();
    let page = running.site.path().join("content/react/call.md");
    let temp = running.site.path().join("content/react/.call.md.swp");
    let text = std::fs::read_to_string(&page)
        .unwrap()
        .replace("Call the", "Saved by rename: call the");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, &page).unwrap();
    running.wait_for_output("react/who-to-call/index.html", "Saved by rename");
}

#[test]
fn a_content_error_is_reported_and_the_loop_goes_on() {
    let running = Running::start();
    let page = running.site.path().join("content/react/call.md");
    let good = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, "---\ntitle: broken\n").unwrap();
    let failed = loop {
        if let Report::Failed(message) = running.next_report() {
            break message;
        }
    };
    assert!(failed.contains("never closed"), "{failed}");
    std::fs::write(&page, good.replace("Call the", "Recovered: call the")).unwrap();
    running.wait_for_output("react/who-to-call/index.html", "Recovered");
}

#[test]
fn a_burst_of_thousands_of_files_and_a_deleted_folder_are_survived() {
    let running = Running::start();
    let folder = running.site.path().join("content/burst");
    std::fs::create_dir_all(&folder).unwrap();
    for n in 0..2000 {
        std::fs::write(
            folder.join(format!("p{n:04}.md")),
            format!("---\ntitle: Burst {n}\ndescription: D\nrs: [react]\n---\n\nBody {n}.\n"),
        )
        .unwrap();
    }
    running.wait_for_output("burst/p1999/index.html", "Body 1999.");
    std::fs::remove_dir_all(&folder).unwrap();
    let deadline = Instant::now() + Duration::from_secs(90);
    while running.out_dir.join("burst").exists() {
        assert!(
            Instant::now() < deadline,
            "the deleted folder's pages were never removed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let page = running.site.path().join("content/react/call.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("Call the", "Still watching: call the")).unwrap();
    running.wait_for_output("react/who-to-call/index.html", "Still watching");
}

#[test]
fn an_edit_in_the_upstream_folder_and_a_new_release_are_picked_up() {
    let running = Running::start_on("council");
    let page = running
        .site
        .path()
        .join("national/content/realise/myths.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace("the national text", "the edited national text"),
    )
    .unwrap();
    running.wait_for_output("realise/myths/index.html", "the edited national text");
    // A release swapped in by rename, as `beacon upstream update` does.
    let national = running.site.path().join("national");
    let next = running.site.path().join(".national-next");
    common::copy_dir(&national, &next);
    let text = std::fs::read_to_string(next.join("content/realise/myths.md")).unwrap();
    std::fs::write(
        next.join("content/realise/myths.md"),
        text.replace("the edited national text", "release two text"),
    )
    .unwrap();
    let old = running.site.path().join(".national-old");
    std::fs::rename(&national, &old).unwrap();
    std::fs::rename(&next, &national).unwrap();
    running.wait_for_output("realise/myths/index.html", "release two text");
}

/// `watch --poll` with a relative `--site`, through the binary: an edit is
/// picked up, and so is a second save within the same second.
#[test]
fn polling_with_a_relative_site_picks_up_every_save() {
    let site = TestSite::fixture("basic");
    let work = site.path().parent().unwrap().to_path_buf();
    let name = site.path().file_name().unwrap().to_os_string();
    let out = tempfile::tempdir().unwrap();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_beacon"))
        .current_dir(&work)
        .arg("watch")
        .arg("--poll")
        .arg("--site")
        .arg(&name)
        .arg("--out")
        .arg(out.path().join("public"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Stopped however the test ends: a failed assertion must not leave a
    // watcher running.
    let _child = KillOnDrop(child);
    let page = site.path().join("content/react/call.md");
    let output = out.path().join("public/react/who-to-call/index.html");
    let wait_for = |text: &str| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !std::fs::read_to_string(&output).is_ok_and(|html| html.contains(text)) {
            assert!(Instant::now() < deadline, "never showed {text:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    wait_for("Call the");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("Call the", "First save: call the")).unwrap();
    wait_for("First save");
    // Same length as the first save, and at once: only the contents differ.
    std::fs::write(&page, text.replace("Call the", "Other save: call the")).unwrap();
    wait_for("Other save");
}

/// A child process that is killed (and reaped) when dropped.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
