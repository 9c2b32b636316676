//! Checking and saving a page form: the edit is applied to the file's text
//! as it is on disk now (only changed keys and a changed body differ), the
//! site is checked with that text standing in for the file (the build's
//! own checks, nothing written), and only then is the file written, in one
//! atomic rename. A file that changed on disk since the form was opened is
//! never overwritten unless the editor, shown the difference, says so.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::base::diagnostic::{has_errors, Diagnostic};
use crate::base::fsutil;
use crate::site::{self, Options};

use super::form::PageForm;
use super::front_matter::PageText;
use super::{file_on_disk, Entry};

/// What the form asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Run the checks on the form's text; write nothing.
    Check,
    /// Check, then write when it may be written.
    Save,
}

/// What came of a check or a save.
#[derive(Debug)]
pub enum Outcome {
    /// The checks ran; nothing was written.
    Checked(Vec<Diagnostic>),
    /// The form says what the file already says: nothing was written.
    Unchanged,
    /// Written. `problems` counts the errors a draft was saved with.
    Saved {
        /// Errors the page still has (only ever non-zero for a draft).
        problems: usize,
    },
    /// Not written: the page would break the build.
    Refused(Vec<Diagnostic>),
    /// Not written: the file changed on disk since the form was opened.
    Conflict {
        /// The file's text on disk now.
        disk: String,
        /// A unified diff from the disk's text to the form's.
        diff: String,
    },
}

/// A short fingerprint of a file's text, carried in the form to notice an
/// outside change.
pub fn fingerprint(text: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
}

/// Reads a page's file as the editor edits it.
pub fn read(site_dir: &Path, entry: &Entry) -> Result<PageText, Diagnostic> {
    let path = file_on_disk(site_dir, &entry.page.source)?;
    let text = fsutil::read_text_as_is(&path, &entry.page.source)?;
    PageText::parse(&text, &entry.page.source)
}

/// Checks or saves `form` over `entry`'s file, whose text is `on_disk`
/// now ([`read`]) and had the fingerprint `opened` when the form was made.
pub fn submit(
    options: &Options,
    entry: &Entry,
    form: &PageForm,
    on_disk: &PageText,
    opened: &str,
    action: Action,
) -> Result<Outcome, Diagnostic> {
    let path = file_on_disk(&options.site_dir, &entry.page.source)?;
    let edited = form.apply(on_disk, entry.translation);
    if action == Action::Save && fingerprint(on_disk.text()) != opened {
        return Ok(Outcome::Conflict {
            disk: on_disk.text().to_string(),
            diff: diff(on_disk.text(), edited.text()),
        });
    }
    let shown_everything = check_with(options, entry, edited.text(), true);
    if action == Action::Check {
        return Ok(Outcome::Checked(shown_everything));
    }
    if edited.text() == on_disk.text() {
        return Ok(Outcome::Unchanged);
    }
    let problems = shown_everything.iter().filter(|d| d.is_error()).count();
    if problems > 0 {
        // A draft is left out of `build`: it may be saved with problems
        // only when the build without drafts still passes.
        if !form.draft {
            return Ok(Outcome::Refused(shown_everything));
        }
        let build = check_with(options, entry, edited.text(), false);
        if has_errors(&build) {
            // What leaving the draft out would break (links to it).
            return Ok(Outcome::Refused(build));
        }
    }
    fsutil::write_atomic(&path, edited.text().as_bytes())?;
    Ok(Outcome::Saved { problems })
}

/// The site's diagnostics with `text` standing in for `entry`'s file.
pub fn check_with(options: &Options, entry: &Entry, text: &str, drafts: bool) -> Vec<Diagnostic> {
    let mut options = options.clone();
    options.drafts = drafts;
    options.unsaved = Arc::new(BTreeMap::from([(
        entry.page.source.clone(),
        text.to_string(),
    )]));
    match site::check(&options) {
        Ok(report) => report.warnings,
        Err(errors) => errors,
    }
}

/// A unified diff of two texts, three lines of context.
pub fn diff(before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header("on disk now", "your version")
        .to_string()
}
