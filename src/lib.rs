//! Beacon: a static-site generator for public-awareness campaigns.
//!
//! Data flows one way, and the folders under `src/` are that flow. Each
//! layer may use the layers above it in this list, never one below it; in
//! a row, "then" separates modules that may use the ones before them
//! (`tests/architecture.rs` holds the ranks and fails on an import that
//! runs the wrong way, which also rules out cycles, or on a file over 600
//! lines of non-test code):
//!
//! | layer | job |
//! |---|---|
//! | [`base`] | what every layer shares and that knows nothing of a site: diagnostics, bounded file access, YAML with positions, dates, escaping, colours and contrast, the security policy, file kinds |
//! | [`load`] | the site's files into the model: [`load::layers`] (the council's folder over its upstream), then [`load::lock`] (`upstream.lock`) and [`load::downloads`], then [`load::config`], then [`load::i18n`], then [`load::content`] and [`load::signpost`] |
//! | [`markdown`] | each page's Markdown body into HTML and the facts the checks read (outline, links, readability) |
//! | [`check`] | validate: the site-wide rules (contrast, references, staleness, coverage, reading level, the rules every rendered page must meet) |
//! | [`render`] | the model into pages: [`render::pagination`] and [`render::key`] (render keys), then the three Rs ([`render::rs`]), the theme and Tera ([`render::theme`]) and the social cards ([`render::cards`]), then each page's context and its template |
//! | [`write`] | pages onto disk: the output folder written atomically, build state, sitemap, feed, each host's header file (`_headers`, `staticwebapp.config.json`, `web.config`), the search index (from each page's record) and its cache |
//! | [`site`] | the one hall: holds a loaded site and runs load → check → render → write; the entry point every command calls |
//! | commands | [`init`] (a new site, and [`init::ci`]: a pinned pipeline for its repository) and [`watch`] (rebuild on change), then [`upstream`] (council copies over a national release), then [`edit`] (the browser editor: its page and help-service forms, format-preserving saves checked by the build's own code, a council's override and accept through the upstream review cycle, its screens and its request rules), then [`serve`] (preview with live reload, and the editor's routes with `--edit`); `main` and `src/cli/` (the command line) on top |
//!
//! Nothing below `main` prints or exits: every function returns values or
//! [`base::diagnostic::Diagnostic`]s, and `main` reports them.

pub mod base;
pub mod check;
pub mod edit;
pub mod init;
pub mod load;
pub mod markdown;
pub mod render;
pub mod serve;
pub mod site;
pub mod upstream;
pub mod watch;
pub mod write;
