//! Load: the site's files into the model. [`layers`] gives one view of
//! the council's folder over its national upstream and the lock of what
//! was accepted ([`lock`]); [`config`] reads `site.yaml`, [`i18n`] its
//! languages and interface strings, [`downloads`] what files visitors
//! download are, [`content`] the pages and assets, [`signpost`] the help
//! directory. Nothing here renders or writes.

pub mod config;
pub mod content;
pub mod downloads;
pub mod i18n;
pub mod layers;
pub mod lock;
pub mod signpost;
