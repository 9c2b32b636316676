//! Feeds a value to a page key's hasher straight from its `Serialize`,
//! without building the `tera::Value` a template would need. A page the
//! last build already rendered from the same values is kept, and then its
//! values are only ever hashed: building them as JSON first (every string
//! copied, every map a tree) was most of the work of keeping a page.
//!
//! The bytes fed are prefix-free: each item starts with a tag naming its
//! kind, strings carry their length, and lists, maps and structs end with a
//! byte no item starts with. So two values feed the same bytes only when
//! they are the same value.

use serde::ser::{self, Serialize};
use xxhash_rust::xxh3::Xxh3;

/// Why a value could not be hashed: its `Serialize` failed. The page then
/// gets no key and is rendered.
#[derive(Debug)]
pub struct Unhashable(String);

impl std::fmt::Display for Unhashable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unhashable {}

impl ser::Error for Unhashable {
    fn custom<T: std::fmt::Display>(message: T) -> Self {
        Unhashable(message.to_string())
    }
}

/// Feeds `value` to `hasher`.
pub fn feed<T: Serialize + ?Sized>(hasher: &mut Xxh3, value: &T) -> Result<(), Unhashable> {
    value.serialize(Feeder(hasher))
}

/// Tags: the first byte of each item says what kind it is.
mod tag {
    pub const NULL: u8 = 0;
    pub const BOOL: u8 = 1;
    pub const SIGNED: u8 = 2;
    pub const STRING: u8 = 3;
    pub const LIST: u8 = 4;
    pub const MAP: u8 = 5;
    pub const UNSIGNED: u8 = 6;
    pub const FLOAT: u8 = 7;
    pub const BYTES: u8 = 8;
    pub const SOME: u8 = 9;
    pub const VARIANT: u8 = 10;
    /// Before each item of a list or map.
    pub const ITEM: u8 = 0xfe;
    /// After the last item of a list or map.
    pub const END: u8 = 0xff;
}

/// The serializer: each call feeds its bytes and returns nothing.
struct Feeder<'a>(&'a mut Xxh3);

impl Feeder<'_> {
    fn string(&mut self, text: &[u8]) {
        self.0.update(&[tag::STRING]);
        super::bytes_field(self.0, text);
    }

    fn variant(&mut self, name: &str) {
        self.0.update(&[tag::VARIANT]);
        self.string(name.as_bytes());
    }
}

/// A list, map or struct being fed, item by item.
struct Items<'a>(&'a mut Xxh3);

impl Items<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unhashable> {
        self.0.update(&[tag::ITEM]);
        value.serialize(Feeder(self.0))
    }

    fn end(self) -> Result<(), Unhashable> {
        self.0.update(&[tag::END]);
        Ok(())
    }
}

impl<'a> ser::Serializer for Feeder<'a> {
    type Ok = ();
    type Error = Unhashable;
    type SerializeSeq = Items<'a>;
    type SerializeTuple = Items<'a>;
    type SerializeTupleStruct = Items<'a>;
    type SerializeTupleVariant = Items<'a>;
    type SerializeMap = Items<'a>;
    type SerializeStruct = Items<'a>;
    type SerializeStructVariant = Items<'a>;

    fn serialize_bool(self, flag: bool) -> Result<(), Unhashable> {
        self.0.update(&[tag::BOOL, u8::from(flag)]);
        Ok(())
    }

    fn serialize_i8(self, number: i8) -> Result<(), Unhashable> {
        self.serialize_i128(number.into())
    }

    fn serialize_i16(self, number: i16) -> Result<(), Unhashable> {
        self.serialize_i128(number.into())
    }

    fn serialize_i32(self, number: i32) -> Result<(), Unhashable> {
        self.serialize_i128(number.into())
    }

    fn serialize_i64(self, number: i64) -> Result<(), Unhashable> {
        self.serialize_i128(number.into())
    }

    fn serialize_i128(self, number: i128) -> Result<(), Unhashable> {
        self.0.update(&[tag::SIGNED]);
        self.0.update(&number.to_le_bytes());
        Ok(())
    }

    fn serialize_u8(self, number: u8) -> Result<(), Unhashable> {
        self.serialize_u128(number.into())
    }

    fn serialize_u16(self, number: u16) -> Result<(), Unhashable> {
        self.serialize_u128(number.into())
    }

    fn serialize_u32(self, number: u32) -> Result<(), Unhashable> {
        self.serialize_u128(number.into())
    }

    fn serialize_u64(self, number: u64) -> Result<(), Unhashable> {
        self.serialize_u128(number.into())
    }

    fn serialize_u128(self, number: u128) -> Result<(), Unhashable> {
        self.0.update(&[tag::UNSIGNED]);
        self.0.update(&number.to_le_bytes());
        Ok(())
    }

    fn serialize_f32(self, number: f32) -> Result<(), Unhashable> {
        self.serialize_f64(number.into())
    }

    fn serialize_f64(self, number: f64) -> Result<(), Unhashable> {
        self.0.update(&[tag::FLOAT]);
        self.0.update(&number.to_bits().to_le_bytes());
        Ok(())
    }

    fn serialize_char(self, c: char) -> Result<(), Unhashable> {
        self.serialize_str(c.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(mut self, text: &str) -> Result<(), Unhashable> {
        self.string(text.as_bytes());
        Ok(())
    }

    fn serialize_bytes(self, bytes: &[u8]) -> Result<(), Unhashable> {
        self.0.update(&[tag::BYTES]);
        super::bytes_field(self.0, bytes);
        Ok(())
    }

    fn serialize_none(self) -> Result<(), Unhashable> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unhashable> {
        self.0.update(&[tag::SOME]);
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Unhashable> {
        self.0.update(&[tag::NULL]);
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Unhashable> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Unhashable> {
        self.variant(variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Unhashable> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Unhashable> {
        self.variant(variant);
        value.serialize(self)
    }

    fn serialize_seq(self, _length: Option<usize>) -> Result<Items<'a>, Unhashable> {
        self.0.update(&[tag::LIST]);
        Ok(Items(self.0))
    }

    fn serialize_tuple(self, length: usize) -> Result<Items<'a>, Unhashable> {
        self.serialize_seq(Some(length))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        length: usize,
    ) -> Result<Items<'a>, Unhashable> {
        self.serialize_seq(Some(length))
    }

    fn serialize_tuple_variant(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        length: usize,
    ) -> Result<Items<'a>, Unhashable> {
        self.variant(variant);
        self.serialize_seq(Some(length))
    }

    fn serialize_map(self, _length: Option<usize>) -> Result<Items<'a>, Unhashable> {
        self.0.update(&[tag::MAP]);
        Ok(Items(self.0))
    }

    fn serialize_struct(self, _name: &'static str, length: usize) -> Result<Items<'a>, Unhashable> {
        self.serialize_map(Some(length))
    }

    fn serialize_struct_variant(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        length: usize,
    ) -> Result<Items<'a>, Unhashable> {
        self.variant(variant);
        self.serialize_map(Some(length))
    }
}

/// The list traits, which differ only in the name of their one method:
/// each item is fed in turn.
macro_rules! list_of_items {
    ($($list:ident :: $item:ident),*) => {$(
        impl ser::$list for Items<'_> {
            type Ok = ();
            type Error = Unhashable;

            fn $item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unhashable> {
                self.item(value)
            }

            fn end(self) -> Result<(), Unhashable> {
                Items::end(self)
            }
        }
    )*};
}

list_of_items!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// The struct traits: each field is fed as its name, then its value, as a
/// map's entry is.
macro_rules! struct_of_fields {
    ($($kind:ident),*) => {$(
        impl ser::$kind for Items<'_> {
            type Ok = ();
            type Error = Unhashable;

            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                name: &'static str,
                value: &T,
            ) -> Result<(), Unhashable> {
                self.item(name)?;
                value.serialize(Feeder(self.0))
            }

            fn end(self) -> Result<(), Unhashable> {
                Items::end(self)
            }
        }
    )*};
}

struct_of_fields!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Items<'_> {
    type Ok = ();
    type Error = Unhashable;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unhashable> {
        self.item(key)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unhashable> {
        value.serialize(Feeder(self.0))
    }

    fn end(self) -> Result<(), Unhashable> {
        Items::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn hash<T: Serialize + ?Sized>(value: &T) -> u128 {
        let mut hasher = Xxh3::new();
        feed(&mut hasher, value).expect("hashable");
        hasher.digest128()
    }

    #[test]
    fn different_values_feed_different_bytes() {
        let values = [
            json!(null),
            json!(false),
            json!(true),
            json!(0),
            json!(-1),
            json!(1.5),
            json!(""),
            json!("a"),
            json!("ab"),
            json!([]),
            json!([[]]),
            json!([[], []]),
            json!(["ab"]),
            json!(["a", "b"]),
            json!({}),
            json!({"a": "b"}),
            json!({"ab": ""}),
            json!({"a": {"b": null}}),
            json!({"a": null, "b": null}),
            json!([{"a": null}, {"b": null}]),
            json!([{"a": null, "b": null}]),
        ];
        for (i, one) in values.iter().enumerate() {
            for other in &values[i + 1..] {
                assert_ne!(hash(one), hash(other), "{one} and {other}");
            }
        }
        assert_eq!(hash(&json!({"a": [1, "x"]})), hash(&json!({"a": [1, "x"]})));
    }

    #[derive(serde::Serialize)]
    struct View<'a> {
        title: &'a str,
        tags: Vec<&'a str>,
        next: Option<&'a str>,
    }

    #[test]
    fn a_struct_feeds_what_its_fields_hold() {
        let view = |title, next| View {
            title,
            tags: vec!["realise"],
            next,
        };
        assert_eq!(hash(&view("Signs", None)), hash(&view("Signs", None)));
        assert_ne!(hash(&view("Signs", None)), hash(&view("Sign", None)));
        assert_ne!(hash(&view("Signs", None)), hash(&view("Signs", Some(""))));
        assert_ne!(
            hash(&view("Signs", Some("a"))),
            hash(&view("Signs", Some("b")))
        );
    }
}
