//! The key of a rendered page: a hash of everything that decides its bytes.
//! A page is Tera rendering one template with one context, so the key
//! covers the Beacon binary (its code and built-in theme), every file of the
//! theme, the template's name and every value in the context. Two renders
//! with the same key give the same bytes, and `build` keeps a page whose
//! key the last build recorded instead of rendering it again (see
//! `write::manifest`).
//!
//! A page's own values are hashed as the page adds them, straight from
//! their `Serialize` ([`serializer`]), so asking whether a page can be kept
//! builds no JSON. A page body enters the key as a digest of its HTML and of
//! the cards its shortcodes become, which decides the body's bytes as
//! surely as the body itself, and lets a page whose body was recalled
//! rather than rendered be kept without its HTML (see `render::bodies`).
//!
//! A theme whose templates call Tera's `now()`, `get_random()` or
//! `get_env()` renders differently from one run to the next with the same
//! values; it gets no key, and every page is rendered every time.

pub mod serializer;

use std::sync::OnceLock;

use serde::Serialize;
use tera::{Context, Value};
use xxhash_rust::xxh3::Xxh3;

use serializer::Unhashable;

/// Tera's functions whose result is not decided by their arguments.
const IMPURE_FUNCTIONS: [&str; 3] = ["now", "get_random", "get_env"];

/// Names this run of Beacon: its version and its executable's length and
/// modification time, so a rebuilt or upgraded Beacon renders every page
/// afresh. `None` (no key at all) when the executable cannot be looked at.
pub fn binary_identity() -> Option<u128> {
    static IDENTITY: OnceLock<Option<u128>> = OnceLock::new();
    *IDENTITY.get_or_init(|| {
        let exe = std::env::current_exe().ok()?;
        let meta = std::fs::metadata(exe).ok()?;
        let (len, mtime) = crate::base::fsutil::stamp(&meta);
        let mut hasher = Xxh3::new();
        hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
        hasher.update(&len.to_le_bytes());
        hasher.update(&mtime.to_le_bytes());
        Some(hasher.digest128())
    })
}

/// A hash of a theme's files (`(path, bytes)` in a fixed order), or `None`
/// when a template calls a function whose result varies between runs.
pub fn theme_fingerprint<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Option<u128> {
    let mut hasher = Xxh3::new();
    for (rel, bytes) in files {
        if rel.starts_with("templates/") && calls_impure_function(bytes) {
            return None;
        }
        bytes_field(&mut hasher, rel.as_bytes());
        bytes_field(&mut hasher, bytes);
    }
    Some(hasher.digest128())
}

/// True when `template` names one of [`IMPURE_FUNCTIONS`] followed by `(`
/// (a word of its own: `know(` is not `now(`). It may be in plain text; that
/// only costs the cache.
fn calls_impure_function(template: &[u8]) -> bool {
    IMPURE_FUNCTIONS.iter().any(|name| {
        let name = name.as_bytes();
        template
            .windows(name.len())
            .enumerate()
            .any(|(at, window)| {
                window == name
                    && (at == 0 || !is_word_byte(template[at - 1]))
                    && template[at + name.len()..]
                        .iter()
                        .find(|byte| !byte.is_ascii_whitespace())
                        == Some(&b'(')
            })
    })
}

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// The key every page of one renderer starts from: the binary, the theme
/// and the values all its pages share. `None` when either has no key.
pub fn shared_key(theme: Option<u128>, shared: &Context) -> Option<u128> {
    let mut hasher = Xxh3::new();
    hasher.update(&binary_identity()?.to_le_bytes());
    hasher.update(&theme?.to_le_bytes());
    value(&mut hasher, &shared.clone().into_json());
    Some(hasher.digest128())
}

/// A page's own values, hashed as the page adds them: each name and value
/// in turn, the value straight from its `Serialize` (see [`serializer`]).
#[derive(Default)]
pub struct OwnValues(Xxh3);

impl OwnValues {
    /// Feeds one named value.
    pub fn add<T: Serialize + ?Sized>(&mut self, name: &str, held: &T) -> Result<(), Unhashable> {
        bytes_field(&mut self.0, name.as_bytes());
        serializer::feed(&mut self.0, held)
    }
}

/// One page's key: the shared key, the template, and the values the page
/// added to (or replaced in) the shared context, in the order it added them.
pub fn page_key(shared: u128, template: &str, own: &OwnValues) -> u128 {
    let mut hasher = Xxh3::new();
    hasher.update(&shared.to_le_bytes());
    bytes_field(&mut hasher, template.as_bytes());
    hasher.update(&own.0.digest128().to_le_bytes());
    hasher.digest128()
}

/// Feeds a length-prefixed byte string, so fields cannot run together
/// (every hash of keys and fingerprints feeds its text through this).
pub fn bytes_field(hasher: &mut Xxh3, bytes: &[u8]) {
    hasher.update(&(bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

/// Feeds a JSON value, each kind tagged and each list and map counted, so
/// two different values never feed the same bytes.
fn value(hasher: &mut Xxh3, held: &Value) {
    match held {
        Value::Null => hasher.update(&[0]),
        Value::Bool(flag) => hasher.update(&[1, u8::from(*flag)]),
        Value::Number(number) => {
            hasher.update(&[2]);
            bytes_field(hasher, number.to_string().as_bytes());
        }
        Value::String(text) => {
            hasher.update(&[3]);
            bytes_field(hasher, text.as_bytes());
        }
        Value::Array(items) => {
            hasher.update(&[4]);
            hasher.update(&(items.len() as u64).to_le_bytes());
            for item in items {
                value(hasher, item);
            }
        }
        Value::Object(map) => {
            hasher.update(&[5]);
            hasher.update(&(map.len() as u64).to_le_bytes());
            for (name, item) in map {
                bytes_field(hasher, name.as_bytes());
                value(hasher, item);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The key of a page that adds `values` to the shared values.
    fn key_with(shared: u128, template: &str, values: &[(&str, &Value)]) -> u128 {
        let mut own = OwnValues::default();
        for (name, held) in values {
            own.add(name, held).expect("hashable");
        }
        page_key(shared, template, &own)
    }

    fn key_of(held: &Value) -> u128 {
        key_with(1, "page.html", &[("page", held)])
    }

    #[test]
    fn any_change_to_a_value_changes_the_key() {
        let page = json!({"title": "Spotting the signs", "rs": ["realise"], "weight": 3});
        let variants = [
            json!({"title": "Spotting the sign", "rs": ["realise"], "weight": 3}),
            json!({"title": "Spotting the signs", "rs": ["realise", "react"], "weight": 3}),
            json!({"title": "Spotting the signs", "rs": ["realise"], "weight": 4}),
            json!({"title": "Spotting the signs", "rs": ["realise"], "weight": 3.0}),
            json!({"title": "Spotting the signs", "rs": ["realise"]}),
            json!({"title": "Spotting the signs", "rs": "realise", "weight": 3}),
        ];
        for variant in &variants {
            assert_ne!(key_of(&page), key_of(variant), "{variant}");
        }
        assert_eq!(key_of(&page), key_of(&page.clone()));
    }

    #[test]
    fn values_cannot_run_into_each_other() {
        let split = |a: &str, b: &str| json!([a, b]);
        assert_ne!(key_of(&split("ab", "c")), key_of(&split("a", "bc")));
        let one = key_with(1, "page.html", &[("a", &json!("bc"))]);
        let two = key_with(1, "page.html", &[("ab", &json!("c"))]);
        assert_ne!(one, two);
    }

    #[test]
    fn the_template_and_the_shared_key_count() {
        let page = json!("x");
        let base = key_with(1, "page.html", &[("page", &page)]);
        assert_ne!(base, key_with(2, "page.html", &[("page", &page)]));
        assert_ne!(base, key_with(1, "hub.html", &[("page", &page)]));
        assert_ne!(base, key_with(1, "page.html", &[]));
        assert_ne!(
            base,
            key_with(1, "page.html", &[("page", &page), ("page", &page)])
        );
    }

    #[test]
    fn a_theme_calling_now_or_get_random_gets_no_key() {
        let plain: &[u8] = b"{{ page.title }} we know(ledge) that";
        let file = |bytes: &'static [u8]| [("templates/page.html", bytes)];
        assert!(theme_fingerprint(file(plain)).is_some());
        assert!(theme_fingerprint(file(b"{{ now() | date }}")).is_none());
        assert!(theme_fingerprint(file(b"{{ get_random (end=9) }}")).is_none());
        assert!(theme_fingerprint(file(b"{{ get_env(name=\"HOME\") }}")).is_none());
        assert!(
            theme_fingerprint([("static/x.js", b"now()".as_slice())]).is_some(),
            "only templates run"
        );
        assert_ne!(
            theme_fingerprint(file(plain)),
            theme_fingerprint(file(b"{{ page.title }}!"))
        );
    }

    #[test]
    fn the_shared_values_count() {
        let mut one = Context::new();
        one.insert("site", &json!({"title": "A"}));
        let mut two = Context::new();
        two.insert("site", &json!({"title": "B"}));
        assert!(binary_identity().is_some());
        assert_ne!(shared_key(Some(1), &one), shared_key(Some(1), &two));
        assert_ne!(shared_key(Some(1), &one), shared_key(Some(2), &one));
        assert_eq!(shared_key(None, &one), None);
    }
}
