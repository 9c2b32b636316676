//! A page's template context without copying the site-wide values for every
//! page. Tera renders from one `Context`, and cloning the shared part
//! (`site`, every interface string in `t`) per page was a fifth of a
//! build's instructions. Each rendering thread keeps one context holding the
//! shared part; a page adds its own keys, and they are taken out again (a
//! shared value a page replaced is put back) before the next page.
//!
//! Each value a page adds is also fed to the hasher of its key as it is
//! added (see [`key::OwnValues`]); to ask whether the last build's page can
//! be kept, a page's values are only hashed ([`Fill::KeyOnly`]).

use serde::Serialize;
use tera::Context;

use super::key::{self, OwnValues};

/// What adding a value does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// Only feed it to the page's key.
    KeyOnly,
    /// Feed it to the key and put it in the template's context.
    Values,
}

/// One thread's context: the shared values, plus the current page's own.
pub struct PageContext<'a> {
    shared: &'a Context,
    context: Context,
    own: Vec<String>,
    fill: Fill,
    /// The page's own values, hashed; `None` once one could not be.
    own_key: Option<OwnValues>,
}

impl<'a> PageContext<'a> {
    /// A context holding a copy of `shared`.
    pub fn new(shared: &'a Context) -> Self {
        PageContext {
            shared,
            context: shared.clone(),
            own: Vec::new(),
            fill: Fill::Values,
            own_key: Some(OwnValues::default()),
        }
    }

    /// Begins a page: its values will be added as `fill` says.
    pub fn start(&mut self, fill: Fill) {
        self.fill = fill;
        self.own_key = Some(OwnValues::default());
    }

    /// Adds (or replaces) a value for the current page.
    pub fn insert<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.feed_key(name, value);
        if self.fill == Fill::Values {
            self.put(name, value);
        }
    }

    /// Adds a value that shows a page body. The key is fed `value` as it
    /// is, holding the body's digest; the template gets it once `show` has
    /// put the body's HTML in, which is made only then (a kept page never
    /// needs it).
    pub fn insert_showing_body<T: Serialize>(
        &mut self,
        name: &str,
        mut value: T,
        show: impl FnOnce(&mut T),
    ) {
        self.feed_key(name, &value);
        if self.fill == Fill::Values {
            show(&mut value);
            self.put(name, &value);
        }
    }

    fn feed_key<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        if let Some(own_key) = &mut self.own_key {
            if own_key.add(name, value).is_err() {
                self.own_key = None;
            }
        }
    }

    fn put<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.context.insert(name, value);
        self.own.push(name.to_string());
    }

    /// The current page's key: `shared` (the key its values start from),
    /// the template and the values it added, in the order it added them
    /// (with the shared values, they are all the template sees). `None`
    /// when there is no shared key or a value could not be hashed.
    pub fn key(&self, shared: Option<u128>, template: &str) -> Option<u128> {
        Some(key::page_key(shared?, template, self.own_key.as_ref()?))
    }

    /// What the template sees.
    pub fn tera(&self) -> &Context {
        &self.context
    }

    /// Takes the current page's values out, restoring any shared value it
    /// replaced, so the next page starts from the shared values alone.
    pub fn clear(&mut self) {
        for key in self.own.drain(..) {
            match self.shared.get(&key) {
                Some(value) => self.context.insert(key, value),
                None => {
                    self.context.remove(&key);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_leaves_nothing_behind_for_the_next() {
        let mut shared = Context::new();
        shared.insert("site", "shared");
        let mut context = PageContext::new(&shared);
        context.insert("page", "first");
        context.insert("site", "replaced");
        assert_eq!(context.tera().get("page").unwrap(), "first");
        assert_eq!(context.tera().get("site").unwrap(), "replaced");
        context.clear();
        assert!(
            context.tera().get("page").is_none(),
            "the page's own key is gone"
        );
        assert_eq!(
            context.tera().get("site").unwrap(),
            "shared",
            "the shared value is back"
        );
        context.insert("breadcrumbs", &[1, 2]);
        context.clear();
        assert_eq!(
            context.tera().clone().into_json(),
            shared.clone().into_json()
        );
    }
}
