//! The page as a visitor would get it, with the editor's unsaved text, and
//! what the build says of it: the site loaded with that text standing in
//! for the page's file (drafts shown), and that one page, in whichever
//! language it is written, rendered by the real theme into memory and held
//! to the theme's rules. Nothing is written.
//!
//! This is the live check: "the in-memory build for that page". It has
//! every diagnostic of loading and checking the whole site (links,
//! readability, help services, front matter, in every page) and the theme
//! rules on this one page; the theme rules on the other pages, which an
//! edit to this page's text cannot change, are left to "Check without
//! saving" and Save, which run all of `beacon check`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::base::diagnostic::{self, has_errors, Diagnostic};
use crate::render::Job;
use crate::site::{self, Options, Site};
use crate::write::MemorySink;

/// What the build says of a page with the editor's text, and how it looks.
pub struct Live {
    /// Every error and warning, sorted as `beacon check` prints them.
    pub diagnostics: Vec<Diagnostic>,
    /// The page's HTML; none while the site has errors.
    pub html: Option<String>,
}

/// The live check of the page whose file is `source`, with `text` as that
/// file's text.
pub fn live(options: &Options, source: &Path, text: &str) -> Live {
    build_one(options, source, text, |site| site.page_job(source))
}

/// The Get help page (the default language's, for everyone) with `text`
/// as the help directory file `source`'s text, and what the build says:
/// the preview beside a help service's form.
pub fn get_help(options: &Options, source: &Path, text: &str) -> Live {
    build_one(options, source, text, |site| {
        let file = format!("{}index.html", site.urls.get_help(None));
        Some((0, Job::GetHelp(None), file))
    })
}

/// The site loaded with `text` for `source`, and the one page `which`
/// picks (its language's position, its job, its output file) rendered.
fn build_one(
    options: &Options,
    source: &Path,
    text: &str,
    which: impl Fn(&Site) -> Option<(usize, Job, String)>,
) -> Live {
    let mut options = options.clone();
    options.drafts = true;
    options.unsaved = Arc::new(BTreeMap::from([(source.to_path_buf(), text.to_string())]));
    let site = match site::load(&options) {
        Ok(site) => site,
        Err(errors) => {
            return Live {
                diagnostics: errors,
                html: None,
            }
        }
    };
    let mut diagnostics = site.warnings.clone();
    let Some((position, job, file)) = which(&site) else {
        diagnostics.push(Diagnostic::error(
            source,
            "this file is not a page of the site",
        ));
        return Live {
            diagnostics,
            html: None,
        };
    };
    let sink = MemorySink::keeping();
    let rendered = site.render_one(position, job, &sink);
    let html = (!has_errors(&rendered))
        .then(|| sink.into_files().remove(&file))
        .flatten()
        .and_then(|bytes| String::from_utf8(bytes).ok());
    diagnostics.extend(rendered);
    diagnostic::sort(&mut diagnostics);
    Live { diagnostics, html }
}

/// `html` ready to be shown in the editor's `srcdoc` frames, whose page is
/// at `origin` (`http://` and the host the guard accepted): the page's own
/// Content-Security-Policy gets `origin` beside each `'self'`. Firefox
/// takes `'self'` in a `srcdoc` document as no origin at all, so without
/// it the frame would load none of the theme's styles, scripts or images.
/// Nothing else in the page changes, and nothing from elsewhere is allowed.
pub fn for_frame(html: &str, origin: &str) -> String {
    const OPENING: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"";
    let Some(start) = html.find(OPENING).map(|at| at + OPENING.len()) else {
        return html.to_string();
    };
    let Some(length) = html[start..].find('"') else {
        return html.to_string();
    };
    let policy = &html[start..start + length];
    let widened = policy.replace("'self'", &format!("'self' {origin}"));
    format!("{}{widened}{}", &html[..start], &html[start + length..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frames_policy_names_the_editors_origin_beside_self() {
        let page = "<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self'; img-src 'self'\"><title>'self'</title>";
        let framed = for_frame(page, "http://127.0.0.1:8080");
        assert_eq!(
            framed,
            "<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'self' http://127.0.0.1:8080; img-src 'self' http://127.0.0.1:8080\"><title>'self'</title>"
        );
    }

    #[test]
    fn a_page_without_a_policy_or_with_a_cut_one_is_unchanged() {
        assert_eq!(for_frame("<p>'self'</p>", "http://x:1"), "<p>'self'</p>");
        let cut = "<meta http-equiv=\"Content-Security-Policy\" content=\"style-src 'self'";
        assert_eq!(for_frame(cut, "http://x:1"), cut);
    }
}
