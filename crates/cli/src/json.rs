//! JSON output as `serde_json::to_writer` writes it, byte for byte, with
//! strings escaped eight bytes at a time.
//!
//! A crawl record is ~9 KB of JSON, mostly the page's Markdown and text;
//! serde_json's writer looks at each byte of a string for one that needs an
//! escape, at ~9 instructions a byte: 6% of a benchmark crawl's
//! instructions. Here a string is searched a `u64` at a time (as serde_json's
//! own reader does) and copied in runs. Everything else follows serde_json's
//! compact format: numbers through `itoa` and `zmij`, non-finite floats as
//! `null`, enum variants as serde_json writes them, map keys as strings
//! (numbers and booleans quoted).

use std::fmt::Display;
use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{self, Impossible};

/// Writes `value` as compact JSON.
pub fn to_writer<W: Write, T: Serialize + ?Sized>(out: &mut W, value: &T) -> io::Result<()> {
    value
        .serialize(&mut Serializer { out })
        .map_err(Error::into_io)
}

/// An I/O error, or a value JSON cannot hold (a map key that is not a string).
#[derive(Debug)]
pub struct Error(io::Error);

impl Error {
    fn into_io(self) -> io::Error {
        self.0
    }
}

impl From<io::Error> for Error {
    fn from(error: io::Error) -> Self {
        Self(error)
    }
}

impl Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(message: T) -> Self {
        Self(io::Error::new(
            io::ErrorKind::InvalidData,
            message.to_string(),
        ))
    }
}

type Result<T = ()> = std::result::Result<T, Error>;

struct Serializer<'w, W> {
    out: &'w mut W,
}

impl<W: Write> Serializer<'_, W> {
    fn write(&mut self, bytes: &[u8]) -> Result {
        Ok(self.out.write_all(bytes)?)
    }

    fn integer(&mut self, value: impl itoa::Integer) -> Result {
        self.write(itoa::Buffer::new().format(value).as_bytes())
    }

    fn float(&mut self, value: impl zmij::Float, finite: bool) -> Result {
        if finite {
            self.write(zmij::Buffer::new().format_finite(value).as_bytes())
        } else {
            self.write(b"null")
        }
    }

    /// `{"variant":`, the start of an externally tagged variant with data.
    fn open_variant(&mut self, variant: &str) -> Result {
        self.write(b"{")?;
        write_string(self.out, variant)?;
        self.write(b":")
    }
}

/// Writes `value` as a JSON string, escaped as serde_json escapes it.
fn write_string(out: &mut impl Write, value: &str) -> io::Result<()> {
    out.write_all(b"\"")?;
    let bytes = value.as_bytes();
    let mut run_start = 0;
    let mut at = 0;
    while let Some(offset) = find_escape(&bytes[at..]) {
        let escaped = at + offset;
        out.write_all(&bytes[run_start..escaped])?;
        write_escape(out, bytes[escaped])?;
        at = escaped + 1;
        run_start = at;
    }
    out.write_all(&bytes[run_start..])?;
    out.write_all(b"\"")
}

/// The offset of the first byte that must be escaped: a control character
/// (below 0x20), `"` or `\`.
fn find_escape(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    // The high bit of each zero byte of `word` (and perhaps of bytes after
    // one: the exact byte is looked for below).
    let zeros = |word: u64| word.wrapping_sub(ONES) & !word & HIGH;
    let (chunks, rest) = bytes.as_chunks::<8>();
    for (index, chunk) in chunks.iter().enumerate() {
        let word = u64::from_le_bytes(*chunk);
        let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
        let quote = zeros(word ^ (ONES * u64::from(b'"')));
        let backslash = zeros(word ^ (ONES * u64::from(b'\\')));
        if below_space | quote | backslash != 0
            && let Some(offset) = chunk.iter().position(|&b| needs_escape(b))
        {
            return Some(index * 8 + offset);
        }
    }
    rest.iter()
        .position(|&b| needs_escape(b))
        .map(|offset| chunks.len() * 8 + offset)
}

fn needs_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

fn write_escape(out: &mut impl Write, byte: u8) -> io::Result<()> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short: &[u8] = match byte {
        b'"' => b"\\\"",
        b'\\' => b"\\\\",
        b'\n' => b"\\n",
        b'\r' => b"\\r",
        b'\t' => b"\\t",
        0x08 => b"\\b",
        0x0c => b"\\f",
        _ => {
            let long = [
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xf)],
            ];
            return out.write_all(&long);
        }
    };
    out.write_all(short)
}

/// The `serialize_*` methods of every integer type, each passing its value
/// to the serializer's method `$write`.
macro_rules! integers {
    ($write:ident) => {
        integers!($write: serialize_i8 i8, serialize_i16 i16, serialize_i32 i32,
            serialize_i64 i64, serialize_i128 i128, serialize_u8 u8, serialize_u16 u16,
            serialize_u32 u32, serialize_u64 u64, serialize_u128 u128);
    };
    ($write:ident: $($method:ident $type:ty),*) => {$(
        fn $method(self, value: $type) -> Result {
            self.$write(value)
        }
    )*};
}

impl<'a, 'w, W: Write> ser::Serializer for &'a mut Serializer<'w, W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, 'w, W>;
    type SerializeTuple = Compound<'a, 'w, W>;
    type SerializeTupleStruct = Compound<'a, 'w, W>;
    type SerializeTupleVariant = Compound<'a, 'w, W>;
    type SerializeMap = Compound<'a, 'w, W>;
    type SerializeStruct = Compound<'a, 'w, W>;
    type SerializeStructVariant = Compound<'a, 'w, W>;

    fn serialize_bool(self, value: bool) -> Result {
        self.write(if value { b"true" } else { b"false" })
    }
    integers!(integer);
    fn serialize_f32(self, value: f32) -> Result {
        self.float(value, value.is_finite())
    }
    fn serialize_f64(self, value: f64) -> Result {
        self.float(value, value.is_finite())
    }
    fn serialize_char(self, value: char) -> Result {
        self.serialize_str(value.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, value: &str) -> Result {
        Ok(write_string(self.out, value)?)
    }
    fn serialize_bytes(self, value: &[u8]) -> Result {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(value.len()))?;
        for byte in value {
            seq.serialize_element(byte)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result {
        self.write(b"null")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.write(b"null")
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.write(b"null")
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.open_variant(variant)?;
        value.serialize(&mut *self)?;
        self.write(b"}")
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Compound::open(self, b"[", b"]")
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        self.open_variant(variant)?;
        Compound::open(self, b"[", b"]}")
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Compound::open(self, b"{", b"}")
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Self::SerializeStruct> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        self.open_variant(variant)?;
        Compound::open(self, b"{", b"}}")
    }
}

/// An array or object being written: its members are separated by commas.
pub struct Compound<'a, 'w, W> {
    serializer: &'a mut Serializer<'w, W>,
    close: &'static [u8],
    first: bool,
}

impl<'a, 'w, W: Write> Compound<'a, 'w, W> {
    fn open(
        serializer: &'a mut Serializer<'w, W>,
        open: &[u8],
        close: &'static [u8],
    ) -> Result<Self> {
        serializer.write(open)?;
        Ok(Self {
            serializer,
            close,
            first: true,
        })
    }

    fn separate(&mut self) -> Result {
        if !std::mem::take(&mut self.first) {
            self.serializer.write(b",")?;
        }
        Ok(())
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.separate()?;
        value.serialize(&mut *self.serializer)
    }

    fn key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.separate()?;
        key.serialize(MapKey(&mut *self.serializer))?;
        self.serializer.write(b":")
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        self.key(key)?;
        value.serialize(&mut *self.serializer)
    }

    fn close(self) -> Result {
        self.serializer.write(self.close)
    }
}

/// The sequence-like serde traits: each member is an element.
macro_rules! impl_elements {
    ($($trait:ident::$method:ident),*) => {$(
        impl<W: Write> ser::$trait for Compound<'_, '_, W> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
                self.element(value)
            }
            fn end(self) -> Result {
                self.close()
            }
        }
    )*};
}

impl_elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// The struct-like serde traits: each member is a named field.
macro_rules! impl_fields {
    ($($trait:ident),*) => {$(
        impl<W: Write> ser::$trait for Compound<'_, '_, W> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result {
                self.field(key, value)
            }
            fn end(self) -> Result {
                self.close()
            }
        }
    )*};
}

impl_fields!(SerializeStruct, SerializeStructVariant);

impl<W: Write> ser::SerializeMap for Compound<'_, '_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.key(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.serializer)
    }
    fn end(self) -> Result {
        self.close()
    }
}

/// Writes a map key: JSON keys are strings, so numbers, booleans and
/// characters are quoted (as serde_json does), and anything else is an error.
struct MapKey<'a, 'w, W>(&'a mut Serializer<'w, W>);

impl<W: Write> MapKey<'_, '_, W> {
    fn quoted(self, key: impl itoa::Integer) -> Result {
        Ok(write_string(self.0.out, itoa::Buffer::new().format(key))?)
    }

    fn quoted_float(self, key: impl zmij::Float, finite: bool) -> Result {
        if !finite {
            return Err(ser::Error::custom("float key must be finite"));
        }
        Ok(write_string(
            self.0.out,
            zmij::Buffer::new().format_finite(key),
        )?)
    }
}

fn key_must_be_a_string() -> Error {
    ser::Error::custom("key must be a string")
}

impl<W: Write> ser::Serializer for MapKey<'_, '_, W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_str(self, value: &str) -> Result {
        Ok(write_string(self.0.out, value)?)
    }
    fn serialize_char(self, value: char) -> Result {
        self.serialize_str(value.encode_utf8(&mut [0; 4]))
    }
    fn serialize_bool(self, value: bool) -> Result {
        self.serialize_str(if value { "true" } else { "false" })
    }
    integers!(quoted);
    fn serialize_f32(self, value: f32) -> Result {
        self.quoted_float(value, value.is_finite())
    }
    fn serialize_f64(self, value: f64) -> Result {
        self.quoted_float(value, value.is_finite())
    }
    fn serialize_bytes(self, _value: &[u8]) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(key_must_be_a_string())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use riptide_core::{Document, Link, Media, MediaKind};
    use serde_json::Value;

    use super::*;

    fn written<T: Serialize + ?Sized>(value: &T) -> String {
        let mut out = Vec::new();
        to_writer(&mut out, value).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Holds the output to serde_json's for `value`.
    fn assert_as_serde_json<T: Serialize + ?Sized>(value: &T) {
        assert_eq!(written(value), serde_json::to_string(value).unwrap());
    }

    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            any::<String>().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map(any::<String>(), inner, 0..6)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn strings_are_escaped_as_serde_json_escapes_them(
            text in "[ -~\u{0}-\u{1f}\u{7f}\"\\\\é€\u{2028}\u{1F600}]{0,70}",
        ) {
            prop_assert_eq!(written(&text), serde_json::to_string(&text).unwrap());
        }

        #[test]
        fn any_string_is_written_as_serde_json_writes_it(text in any::<String>()) {
            prop_assert_eq!(written(&text), serde_json::to_string(&text).unwrap());
        }

        #[test]
        fn any_json_value_is_written_as_serde_json_writes_it(value in any_json()) {
            prop_assert_eq!(written(&value), serde_json::to_string(&value).unwrap());
        }
    }

    #[test]
    fn a_document_record_is_written_as_serde_json_writes_it() {
        #[derive(Serialize)]
        struct Record<'a> {
            source: &'a str,
            #[serde(flatten)]
            document: &'a Document,
            #[serde(flatten)]
            fields: &'a serde_json::Map<String, Value>,
        }
        let document = Document {
            url: Some("https://example.org/a?b=\"c\"".into()),
            title: Some("A \\ title\twith\u{1}controls".into()),
            byline: None,
            published_iso: Some("2024-05-01".into()),
            markdown: "# Head\n\nSome *text* \u{2014} and more.\r\n".repeat(20),
            text: "Head\n\nSome text \u{2014} and more.".repeat(20),
            links: vec![Link {
                url: "https://example.org/x".into(),
                text: "x".into(),
            }],
            media: vec![Media {
                url: "https://example.org/i.png".into(),
                kind: MediaKind::Image,
                alt: Some("An image".into()),
            }],
            language: Some("en".into()),
            reading_time: 2,
            quality_score: 78,
            word_count: 434,
            categories: vec!["a".into(), "b".into()],
            site_name: None,
            description: Some("Some text".into()),
        };
        let fields = serde_json::json!({"status": 200, "depth": 1, "fetched_at": "2026-11-26T14:35:56Z", "referrer": null, "score": 0.25})
            .as_object()
            .unwrap()
            .clone();
        assert_as_serde_json(&Record {
            source: "https://example.org/",
            document: &document,
            fields: &fields,
        });
    }

    #[test]
    fn every_kind_of_value_is_written_as_serde_json_writes_it() {
        #[derive(Serialize)]
        enum Variants {
            Unit,
            Newtype(u8),
            Tuple(i32, String),
            Struct { a: f32, b: Option<char> },
        }
        #[derive(Serialize)]
        struct Unit;
        #[derive(Serialize)]
        struct Newtype(i128);
        #[derive(Serialize)]
        struct Tuple(u128, bool);
        assert_as_serde_json(&vec![
            Variants::Unit,
            Variants::Newtype(7),
            Variants::Tuple(-3, "t".into()),
            Variants::Struct {
                a: 1.5,
                b: Some('é'),
            },
            Variants::Struct {
                a: f32::NAN,
                b: None,
            },
        ]);
        assert_as_serde_json(&(Unit, Newtype(-1 << 100), Tuple(u128::MAX, false), ()));
        assert_as_serde_json(&[f64::INFINITY, 1e300, -0.0, 0.1]);
        assert_as_serde_json(&Bytes(b"\x00\xff"));
        assert_as_serde_json(&BTreeMap::from([(1, "a"), (-2, "b")]));
        assert_as_serde_json(&BTreeMap::from([(true, 1), (false, 2)]));
        assert_as_serde_json(&BTreeMap::from([('k', Some(1)), ('\n', None)]));
        assert_as_serde_json(&Vec::<Value>::new());
        assert_as_serde_json(&BTreeMap::<String, u8>::new());
    }

    /// Bytes serialized as bytes (not as a sequence of numbers).
    struct Bytes<'a>(&'a [u8]);

    impl Serialize for Bytes<'_> {
        fn serialize<S: ser::Serializer>(
            &self,
            serializer: S,
        ) -> std::result::Result<S::Ok, S::Error> {
            serializer.serialize_bytes(self.0)
        }
    }

    #[test]
    fn a_map_key_that_is_not_a_string_is_an_error() {
        let mut out = Vec::new();
        let error = to_writer(&mut out, &BTreeMap::from([(vec![1], 1)])).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        assert!(error.to_string().contains("key must be a string"));
        assert!(serde_json::to_string(&BTreeMap::from([(vec![1], 1)])).is_err());
    }
}
