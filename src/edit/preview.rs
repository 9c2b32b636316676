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
