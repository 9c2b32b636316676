//! The foundation: pieces every layer shares and that know nothing of a
//! site. Errors as values ([`diagnostic`]), bounded file access
//! ([`fsutil`]), YAML with positions ([`yaml`]), calendar dates
//! ([`date`]), HTML and XML escaping ([`escape`]), colours and their
//! contrast ([`colour`]), the security policy every page and host carries
//! ([`policy`]), and what a file is by its name ([`media`]).

pub mod colour;
pub mod date;
pub mod diagnostic;
pub mod escape;
pub mod fsutil;
pub mod media;
pub mod policy;
pub mod yaml;
