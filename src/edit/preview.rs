//! The page as a visitor would get it, with the editor's unsaved text:
//! the site loaded with that text standing in for the page's file
//! (drafts shown), and that one page rendered by the real theme into
//! memory, the way `serve` renders it after a save. Nothing is written.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::base::diagnostic::Diagnostic;
use crate::site::{self, Options};
use crate::write::MemorySink;

/// The HTML of the default-language page whose file is `source`, with
/// `text` as that file's text; the problems that keep it from rendering
/// otherwise (the preview needs a page the build can make).
pub fn render(options: &Options, source: &Path, text: &str) -> Result<String, Vec<Diagnostic>> {
    let mut options = options.clone();
    options.drafts = true;
    options.unsaved = Arc::new(BTreeMap::from([(source.to_path_buf(), text.to_string())]));
    let site = site::load(&options)?;
    let not_a_page = || {
        vec![
            Diagnostic::error(source, "this page has no preview of its own")
                .with_hint("a translation's preview shows once it is saved"),
        ]
    };
    let index = site
        .content
        .pages
        .iter()
        .position(|page| page.source == source)
        .ok_or_else(not_a_page)?;
    // Social cards already drawn by `serve` are reused, not drawn again.
    let sink = MemorySink::keeping().reusing(&options.out_dir());
    site.render_jobs(&[site.job_for_page(index)], &sink)?;
    let file = format!("{}index.html", site.content.pages[index].url);
    let mut files = sink.into_files();
    let html = files.remove(&file).ok_or_else(not_a_page)?;
    String::from_utf8(html).map_err(|_| not_a_page())
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
