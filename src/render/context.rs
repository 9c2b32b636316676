//! A page's template context without copying the site-wide values for every
//! page. Tera renders from one `Context`, and cloning the shared part
//! (`site`, every interface string in `t`) per page was a fifth of a
//! build's instructions. Each rendering thread keeps one context holding the
//! shared part; a page adds its own keys, and they are taken out again (a
//! shared value a page replaced is put back) before the next page.

use serde::Serialize;
use tera::Context;

/// One thread's context: the shared values, plus the current page's own.
pub struct PageContext<'a> {
    shared: &'a Context,
    context: Context,
    own: Vec<String>,
}

impl<'a> PageContext<'a> {
    /// A context holding a copy of `shared`.
    pub fn new(shared: &'a Context) -> Self {
        PageContext {
            shared,
            context: shared.clone(),
            own: Vec::new(),
        }
    }

    /// Adds (or replaces) a value for the current page.
    pub fn insert<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        self.context.insert(key, value);
        self.own.push(key.to_string());
    }

    /// What the template sees.
    pub fn tera(&self) -> &Context {
        &self.context
    }

    /// The current page's own values, in the order it added them (for its
    /// key: with the shared values, they are all the template sees).
    pub fn own_values(&self) -> impl Iterator<Item = (&str, Option<&tera::Value>)> {
        self.own
            .iter()
            .map(|key| (key.as_str(), self.context.get(key)))
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
