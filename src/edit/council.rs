//! A council copy in the editor, through the upstream review cycle as it
//! is (`upstream status`, `diff` and `accept`): a national page is
//! overridden by copying it into the council's `content/` and accepting
//! it at once (so `upstream.lock` records the national text it started
//! from), and an override whose national page changed since it was
//! accepted shows that change and can be accepted.

use std::path::{Path, PathBuf};

use super::create::create_new;
use super::Entry;
use crate::base::diagnostic::Diagnostic;
use crate::base::fsutil;
use crate::load::content::CONTENT_DIR;
use crate::upstream::{self, status::OverrideState};

/// Where an override stands against the national page it replaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Review {
    /// The national page is the one the council accepted.
    UpToDate,
    /// The national page changed since the council accepted it, or was
    /// never accepted: the change (a diff), when one can be shown.
    ToReview {
        /// True when the council accepted an earlier national text.
        accepted_before: bool,
        /// The release accepted, when known.
        version: Option<String>,
        /// The national change since, as a unified diff, when recorded.
        diff: Option<String>,
        /// When no earlier national text is recorded: how the council's
        /// page differs from the national page now.
        versus_yours: Option<String>,
    },
}

/// The review state of the council's page `entry`, when it overrides a
/// national page (`None` on a site without an upstream, or for a page of
/// the council's own).
pub fn review(site_dir: &Path, entry: &Entry) -> Option<Review> {
    if !entry.editable || entry.translation {
        return None;
    }
    let status = upstream::status(site_dir).ok()?;
    let row = status
        .overrides
        .iter()
        .find(|row| row.path == entry.page.rel)?;
    let (accepted_before, version) = match &row.state {
        OverrideState::Unchanged => return Some(Review::UpToDate),
        OverrideState::Changed { accepted } => (true, accepted.clone()),
        OverrideState::NotAccepted => (false, None),
    };
    let diff = upstream::diff(site_dir, &entry.page.rel).ok();
    let versus_yours = match diff {
        Some(_) => None,
        None => versus_national(site_dir, entry),
    };
    Some(Review::ToReview {
        accepted_before,
        version,
        diff,
        versus_yours,
    })
}

/// A unified diff from the council's page to the national page it
/// overrides, both as they are now.
fn versus_national(site_dir: &Path, entry: &Entry) -> Option<String> {
    let settings = upstream::read_settings(site_dir).ok()?;
    let national_rel = settings
        .upstream_dir()
        .join(CONTENT_DIR)
        .join(&entry.page.rel);
    let national = fsutil::read_text_as_is(&site_dir.join(&national_rel), &national_rel).ok()?;
    let own =
        fsutil::read_text_as_is(&site_dir.join(&entry.page.source), &entry.page.source).ok()?;
    Some(
        similar::TextDiff::from_lines(&own, &national)
            .unified_diff()
            .context_radius(3)
            .header("your page", "the national page now")
            .to_string(),
    )
}

/// Overrides the national page `entry`: copies its file, byte for byte,
/// to the same place in the council's `content/` (never over a file
/// there), then records the national text in `upstream.lock`. Returns the
/// new file's path, relative to the site.
pub fn override_page(site_dir: &Path, entry: &Entry) -> Result<PathBuf, Diagnostic> {
    if entry.editable {
        return Err(Diagnostic::error(
            &entry.page.source,
            "this page is already the site's own",
        ));
    }
    let national = site_dir.join(&entry.page.source);
    let text = fsutil::read_text_as_is(&national, &entry.page.source)?;
    let own = Path::new(CONTENT_DIR).join(&entry.page.rel);
    create_new(site_dir, &own, text.as_bytes())?;
    if let Err(errors) = upstream::accept(site_dir, std::slice::from_ref(&entry.page.rel), false) {
        // Without the record the override would hide later national
        // corrections unnoticed: take the copy back.
        let _ = std::fs::remove_file(site_dir.join(&own));
        return Err(errors.into_iter().next().unwrap_or_else(|| {
            Diagnostic::error("upstream.lock", "the override could not be recorded")
        }));
    }
    Ok(own)
}

/// Accepts the national page that the council's `entry` overrides, as
/// `beacon upstream accept PATH` does.
pub fn accept(site_dir: &Path, entry: &Entry) -> Result<(), Diagnostic> {
    upstream::accept(site_dir, std::slice::from_ref(&entry.page.rel), false)
        .map(|_| ())
        .map_err(|errors| {
            errors.into_iter().next().unwrap_or_else(|| {
                Diagnostic::error("upstream.lock", "the change could not be accepted")
            })
        })
}
