//! Beacon: a static-site generator for public-awareness campaigns.
//!
//! Data flows one way: load ([`config`], [`content`], [`signpost`], all
//! through [`layers`], the council's folder over its national upstream) →
//! validate ([`check`]) → render ([`markdown`], [`rs`], [`pagination`],
//! [`theme`], [`render`], once per language of [`i18n`]; [`cards`] draws
//! the social cards pages share) → write ([`output`]). [`site`] runs the
//! pipeline and is the one entry point the CLI calls; nothing below it
//! prints or exits. [`watch`] and [`serve`] rerun it on every edit. [`upstream`] moves national releases around
//! (pack, unpack, review); [`downloads`] labels the files visitors download
//! and finds the documents Beacon cannot check; [`search`] builds the site's
//! search index from the rendered pages (between render and write: it reads
//! what the pages say, so it cannot come earlier).

pub mod cards;
pub mod check;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostic;
pub mod downloads;
pub mod fsutil;
pub mod i18n;
pub mod init;
pub mod layers;
pub mod markdown;
pub mod output;
pub mod pagination;
pub mod readability;
pub mod render;
pub mod rs;
pub mod search;
pub mod serve;
pub mod signpost;
pub mod site;
pub mod theme;
pub mod upstream;
pub mod watch;
pub mod yaml;
