//! Beacon: a static-site generator for public-awareness campaigns.
//!
//! Data flows one way, and the folders under `src/` are that flow. Each
//! layer may use the layers above it in this list, never one below it
//! (`tests/architecture.rs` holds the ranks and fails on an import that
//! runs the wrong way, or on a file over 600 lines of non-test code):
//!
//! | layer | job |
//! |---|---|
//! | [`base`] | what every layer shares and that knows nothing of a site: diagnostics, bounded file access, YAML with positions, dates, escaping, colours and contrast, the security policy, file kinds |
//! | [`load`] | the site's files into the model: [`load::layers`] (the council's folder over its upstream, `upstream.lock`), then `config`, `i18n`, `downloads`, `content`, `signpost` |
//! | [`markdown`] | each page's Markdown body into HTML and the facts the checks read (outline, links, readability) |
//! | [`check`] | validate: the site-wide rules (contrast, references, staleness, coverage, reading level, the rules every rendered page must meet) |
//! | [`render`] | the model into pages: the three Rs ([`render::rs`]), pagination, the theme and Tera, social cards, each page's context, render keys |
//! | [`write`] | pages onto disk: the output folder written atomically, build state, sitemap, feed, headers, the search index |
//! | [`site`] | the one hall: holds a loaded site and runs load → check → render → write; the entry point every command calls |
//! | commands | [`init`], [`watch`] (rebuild on change), [`serve`] (preview with live reload), [`upstream`] (council copies over a national release) |
//!
//! Nothing below `main` prints or exits: every function returns values or
//! [`base::diagnostic::Diagnostic`]s, and `main` reports them.

pub mod base;
pub mod check;
pub mod init;
pub mod load;
pub mod markdown;
pub mod render;
pub mod serve;
pub mod site;
pub mod upstream;
pub mod watch;
pub mod write;
