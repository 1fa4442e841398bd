//! A serde `Deserializer` over the spanned RON tree.
//!
//! Errors carry the span of the innermost value where they arose. Unknown struct fields are not
//! fatal: they are recorded (so every typo in a file is reported at once) and skipped.
//! `Spanned<T>` asks for the span of a value through a reserved struct name.

use super::value::{Field, Kind, Value};
use crate::diag::Span;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use std::cell::RefCell;
use std::fmt;

/// The reserved struct name through which `Spanned<T>` asks for a span.
pub(crate) const SPANNED_NAME: &str = "$cailiang::Spanned";
pub(crate) const SPANNED_FIELDS: &[&str] = &["$start", "$end", "$value"];

/// Why deserialization failed, with enough structure for "did you mean".
#[derive(Debug, Clone, PartialEq)]
pub enum DeErrorKind {
    Custom(String),
    InvalidType {
        found: String,
        expected: String,
    },
    InvalidValue {
        found: String,
        expected: String,
    },
    InvalidLength {
        len: usize,
        expected: String,
    },
    UnknownVariant {
        variant: String,
        expected: &'static [&'static str],
        /// The enum's name (`Measure`, `Sector`, …), when known.
        of: Option<&'static str>,
    },
    MissingField(&'static str),
    DuplicateField(&'static str),
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeError {
    pub span: Option<Span>,
    pub kind: DeErrorKind,
}

impl DeError {
    fn at(mut self, span: Span) -> Self {
        self.span.get_or_insert(span);
        self
    }
    fn new(kind: DeErrorKind) -> Self {
        DeError { span: None, kind }
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            DeErrorKind::Custom(m) => f.write_str(m),
            DeErrorKind::InvalidType { found, expected } => {
                write!(f, "expected {}, found {found}", humane(expected))
            }
            DeErrorKind::InvalidValue { found, expected } => {
                write!(f, "invalid value {found}, expected {expected}")
            }
            DeErrorKind::InvalidLength { len, expected } => {
                write!(f, "wrong number of items ({len}), expected {expected}")
            }
            DeErrorKind::UnknownVariant { variant, of, .. } => match of {
                Some(of) => write!(f, "unknown {of} `{}`", crate::text::shown(variant)),
                None => write!(f, "unknown name `{}` here", crate::text::shown(variant)),
            },
            DeErrorKind::MissingField(field) => write!(f, "missing field `{field}`"),
            DeErrorKind::DuplicateField(field) => {
                write!(f, "duplicate field `{}`", crate::text::shown(field))
            }
        }
    }
}

/// serde's names for expected types, in an instructor's words.
pub(crate) fn humane(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number ≥ 0".into(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".into(),
        "f32" | "f64" => "a number".into(),
        "a borrowed string" | "a string" => "a string \"…\"".into(),
        "a sequence" => "a list [..]".into(),
        other => other.to_string(),
    }
}

pub(crate) fn backticked(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError::new(DeErrorKind::Custom(msg.to_string()))
    }
    fn invalid_type(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        DeError::new(DeErrorKind::InvalidType {
            found: unexpected(unexp),
            expected: exp.to_string(),
        })
    }
    fn invalid_value(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        DeError::new(DeErrorKind::InvalidValue {
            found: unexpected(unexp),
            expected: exp.to_string(),
        })
    }
    fn invalid_length(len: usize, exp: &dyn de::Expected) -> Self {
        DeError::new(DeErrorKind::InvalidLength {
            len,
            expected: exp.to_string(),
        })
    }
    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        DeError::new(DeErrorKind::UnknownVariant {
            variant: variant.to_string(),
            expected,
            of: None,
        })
    }
    fn missing_field(field: &'static str) -> Self {
        DeError::new(DeErrorKind::MissingField(field))
    }
    fn duplicate_field(field: &'static str) -> Self {
        DeError::new(DeErrorKind::DuplicateField(field))
    }
}

fn unexpected(u: de::Unexpected) -> String {
    use de::Unexpected::*;
    match u {
        Bool(b) => format!("boolean `{b}`"),
        Unsigned(i) => format!("integer `{i}`"),
        Signed(i) => format!("integer `{i}`"),
        Float(x) => format!("number `{x}`"),
        Char(c) => format!("character {c:?}"),
        Str(s) => format!("string {s:?}"),
        Unit => "`()`".into(),
        Seq => "a list".into(),
        Map => "a map".into(),
        other => other.to_string(),
    }
}

/// A non-fatal finding made while deserializing.
#[derive(Debug, Clone, PartialEq)]
pub enum DeIssue {
    UnknownField {
        span: Span,
        field: String,
        expected: &'static [&'static str],
    },
    DuplicateField {
        span: Span,
        field: String,
    },
    WrongStructName {
        span: Span,
        found: String,
        expected: &'static str,
    },
}

/// Deserialize `T` from a parsed tree: the value (or the first fatal error) plus the issues.
pub fn from_value<'de, T: de::Deserialize<'de>>(v: &Value) -> (Result<T, DeError>, Vec<DeIssue>) {
    let issues = RefCell::new(Vec::new());
    let res = T::deserialize(De { v, issues: &issues });
    (res, issues.into_inner())
}

#[derive(Clone, Copy)]
struct De<'a> {
    v: &'a Value,
    issues: &'a RefCell<Vec<DeIssue>>,
}

impl<'a> De<'a> {
    fn child(&self, v: &'a Value) -> De<'a> {
        De {
            v,
            issues: self.issues,
        }
    }

    fn mismatch(&self, exp: &dyn de::Expected) -> DeError {
        DeError::new(DeErrorKind::InvalidType {
            found: self.v.kind.describe(),
            expected: exp.to_string(),
        })
        .at(self.v.span)
    }

    fn check_name(&self, name: &Option<(String, Span)>, expected: &'static str) {
        if let Some((n, span)) = name {
            if n != expected {
                self.issues.borrow_mut().push(DeIssue::WrongStructName {
                    span: *span,
                    found: n.clone(),
                    expected,
                });
            }
        }
    }

    fn struct_fields(
        &self,
        fields: &'a [Field],
        allowed: &'static [&'static str],
    ) -> Vec<&'a Field> {
        let mut kept: Vec<&Field> = Vec::new();
        for f in fields {
            if !allowed.contains(&f.name.as_str()) {
                self.issues.borrow_mut().push(DeIssue::UnknownField {
                    span: f.name_span,
                    field: f.name.clone(),
                    expected: allowed,
                });
            } else if kept.iter().any(|k| k.name == f.name) {
                self.issues.borrow_mut().push(DeIssue::DuplicateField {
                    span: f.name_span,
                    field: f.name.clone(),
                });
            } else {
                kept.push(f);
            }
        }
        kept
    }
}

macro_rules! forward_to_any {
    ($($m:ident)*) => {$(
        fn $m<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
            self.deserialize_any(visitor)
        }
    )*};
}

impl<'de, 'a> de::Deserializer<'de> for De<'a> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let span = self.v.span;
        let r = match &self.v.kind {
            Kind::Unit => visitor.visit_unit(),
            Kind::Bool(b) => visitor.visit_bool(*b),
            Kind::Int(i) => visitor.visit_i64(*i),
            Kind::UInt(u) => visitor.visit_u64(*u),
            Kind::Float(f) => visitor.visit_f64(*f),
            Kind::Str(s) => visitor.visit_str(s),
            Kind::Char(c) => visitor.visit_char(*c),
            Kind::Ident(i) if i == "None" => visitor.visit_none(),
            Kind::Ident(i) => visitor.visit_str(i),
            Kind::List(items) | Kind::Tuple { items, .. } => {
                visitor.visit_seq(Seq::new(self, items))
            }
            Kind::Map(entries) => visitor.visit_map(MapEntries::new(self, entries)),
            Kind::Struct { fields, .. } => {
                let refs: Vec<&Field> = fields.iter().collect();
                visitor.visit_map(StructFields::new(self, refs))
            }
        };
        r.map_err(|e| e.at(span))
    }

    forward_to_any! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64 deserialize_char deserialize_bytes deserialize_byte_buf
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.v.kind {
            Kind::Bool(b) => visitor
                .visit_bool(b)
                .map_err(|e: DeError| e.at(self.v.span)),
            _ => Err(self.mismatch(&visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.v.kind {
            Kind::Str(s) => visitor.visit_str(s).map_err(|e: DeError| e.at(self.v.span)),
            _ => Err(self.mismatch(&visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.v.kind {
            Kind::Str(s) | Kind::Ident(s) => {
                visitor.visit_str(s).map_err(|e: DeError| e.at(self.v.span))
            }
            _ => Err(self.mismatch(&visitor)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let span = self.v.span;
        match &self.v.kind {
            Kind::Ident(i) if i == "None" => visitor.visit_none(),
            Kind::Tuple {
                name: Some((n, _)),
                items,
            } if n == "Some" && items.len() == 1 => visitor.visit_some(self.child(&items[0])),
            // Implicit `Some`: authors may write the value alone.
            _ => visitor.visit_some(self),
        }
        .map_err(|e| e.at(span))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.v.kind {
            Kind::Unit => visitor.visit_unit(),
            _ => Err(self.mismatch(&visitor)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match &self.v.kind {
            Kind::Unit => visitor.visit_unit(),
            Kind::Ident(i) if i == name => visitor.visit_unit(),
            _ => Err(self.mismatch(&visitor)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match &self.v.kind {
            Kind::Tuple {
                name: Some((n, _)),
                items,
            } if n == name && items.len() == 1 => {
                visitor.visit_newtype_struct(self.child(&items[0]))
            }
            _ => visitor.visit_newtype_struct(self),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let span = self.v.span;
        match &self.v.kind {
            Kind::List(items) | Kind::Tuple { name: None, items } => visitor
                .visit_seq(Seq::new(self, items))
                .map_err(|e| e.at(span)),
            _ => Err(self.mismatch(&visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let span = self.v.span;
        match &self.v.kind {
            Kind::List(items) | Kind::Tuple { items, .. } => visitor
                .visit_seq(Seq::new(self, items))
                .map_err(|e| e.at(span)),
            _ => Err(self.mismatch(&visitor)),
        }
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let span = self.v.span;
        match &self.v.kind {
            Kind::Map(entries) => visitor.visit_map(MapEntries::new(self, entries)),
            Kind::Struct { name: None, fields } => {
                visitor.visit_map(StructFields::new(self, fields.iter().collect()))
            }
            Kind::Unit => visitor.visit_map(MapEntries::new(self, &[])),
            _ => Err(self.mismatch(&visitor)),
        }
        .map_err(|e| e.at(span))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let span = self.v.span;
        if name == SPANNED_NAME {
            return visitor.visit_map(SpannedAccess { de: self, step: 0 });
        }
        match &self.v.kind {
            Kind::Struct {
                name: n,
                fields: fs,
            } => {
                self.check_name(n, name);
                let kept = self.struct_fields(fs, fields);
                visitor.visit_map(StructFields::new(self, kept))
            }
            Kind::Unit => visitor.visit_map(StructFields::new(self, vec![])),
            Kind::Ident(i) if i == name => visitor.visit_map(StructFields::new(self, vec![])),
            _ => Err(DeError::new(DeErrorKind::InvalidType {
                found: self.v.kind.describe(),
                expected: format!("`{name}(..)`"),
            })),
        }
        .map_err(|e| e.at(span))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let span = self.v.span;
        let (tag, tag_span) = match &self.v.kind {
            Kind::Ident(i) => (i.as_str(), self.v.span),
            Kind::Struct {
                name: Some((n, s)), ..
            }
            | Kind::Tuple {
                name: Some((n, s)), ..
            } => (n.as_str(), *s),
            _ => return Err(self.mismatch(&visitor)),
        };
        visitor
            .visit_enum(Enum {
                de: self,
                tag,
                tag_span,
            })
            .map_err(|mut e| {
                if let DeErrorKind::UnknownVariant { of, .. } = &mut e.kind {
                    of.get_or_insert(name);
                }
                e.at(span)
            })
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }
}

struct Seq<'a> {
    de: De<'a>,
    items: std::slice::Iter<'a, Value>,
}

impl<'a> Seq<'a> {
    fn new(de: De<'a>, items: &'a [Value]) -> Self {
        Seq {
            de,
            items: items.iter(),
        }
    }
}

impl<'de, 'a> de::SeqAccess<'de> for Seq<'a> {
    type Error = DeError;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.items.next() {
            Some(v) => seed
                .deserialize(self.de.child(v))
                .map(Some)
                .map_err(|e| e.at(v.span)),
            None => Ok(None),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapEntries<'a> {
    de: De<'a>,
    entries: std::slice::Iter<'a, (Value, Value)>,
    value: Option<&'a Value>,
}

impl<'a> MapEntries<'a> {
    fn new(de: De<'a>, entries: &'a [(Value, Value)]) -> Self {
        MapEntries {
            de,
            entries: entries.iter(),
            value: None,
        }
    }
}

impl<'de, 'a> de::MapAccess<'de> for MapEntries<'a> {
    type Error = DeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        match self.entries.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize(self.de.child(k))
                    .map(Some)
                    .map_err(|e| e.at(k.span))
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, DeError> {
        let v = self
            .value
            .take()
            .expect("serde calls next_value after next_key");
        seed.deserialize(self.de.child(v)).map_err(|e| e.at(v.span))
    }
}

struct StructFields<'a> {
    de: De<'a>,
    fields: std::vec::IntoIter<&'a Field>,
    value: Option<&'a Value>,
}

impl<'a> StructFields<'a> {
    fn new(de: De<'a>, fields: Vec<&'a Field>) -> Self {
        StructFields {
            de,
            fields: fields.into_iter(),
            value: None,
        }
    }
}

impl<'de, 'a> de::MapAccess<'de> for StructFields<'a> {
    type Error = DeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        match self.fields.next() {
            Some(f) => {
                self.value = Some(&f.value);
                seed.deserialize(f.name.as_str().into_deserializer())
                    .map(Some)
                    .map_err(|e: DeError| e.at(f.name_span))
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, DeError> {
        let v = self
            .value
            .take()
            .expect("serde calls next_value after next_key");
        seed.deserialize(self.de.child(v)).map_err(|e| e.at(v.span))
    }
}

struct Enum<'a> {
    de: De<'a>,
    tag: &'a str,
    tag_span: Span,
}

impl<'de, 'a> de::EnumAccess<'de> for Enum<'a> {
    type Error = DeError;
    type Variant = De<'a>;
    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, De<'a>), DeError> {
        let tag = seed
            .deserialize(self.tag.into_deserializer())
            .map_err(|e: DeError| e.at(self.tag_span))?;
        Ok((tag, self.de))
    }
}

impl<'de, 'a> de::VariantAccess<'de> for De<'a> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        match &self.v.kind {
            Kind::Ident(_) => Ok(()),
            Kind::Tuple { items, .. } if items.is_empty() => Ok(()),
            Kind::Struct { fields, .. } if fields.is_empty() => Ok(()),
            _ => Err(DeError::new(DeErrorKind::Custom(format!(
                "this variant takes no value, found {}",
                self.v.kind.describe()
            )))
            .at(self.v.span)),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, DeError> {
        match &self.v.kind {
            Kind::Tuple { items, .. } if items.len() == 1 => {
                seed.deserialize(self.child(&items[0]))
            }
            _ => Err(DeError::new(DeErrorKind::Custom(format!(
                "expected one value in parentheses, e.g. `Variant(..)`, found {}",
                self.v.kind.describe()
            )))
            .at(self.v.span)),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        match &self.v.kind {
            Kind::Tuple { items, .. } => visitor.visit_seq(Seq::new(self, items)),
            _ => Err(self.mismatch(&visitor)),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match &self.v.kind {
            Kind::Struct { fields: fs, .. } => {
                let kept = self.struct_fields(fs, fields);
                visitor.visit_map(StructFields::new(self, kept))
            }
            Kind::Ident(_) => visitor.visit_map(StructFields::new(self, vec![])),
            _ => Err(self.mismatch(&visitor)),
        }
    }
}

/// Feeds `Spanned<T>`'s visitor: start offset, end offset, then the value itself.
struct SpannedAccess<'a> {
    de: De<'a>,
    step: u8,
}

impl<'de, 'a> de::MapAccess<'de> for SpannedAccess<'a> {
    type Error = DeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        if self.step >= 3 {
            return Ok(None);
        }
        let key = SPANNED_FIELDS[self.step as usize];
        seed.deserialize(key.into_deserializer()).map(Some)
    }
    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, DeError> {
        let step = self.step;
        self.step += 1;
        match step {
            0 => seed.deserialize((self.de.v.span.start as u64).into_deserializer()),
            1 => seed.deserialize((self.de.v.span.end as u64).into_deserializer()),
            _ => seed.deserialize(self.de),
        }
    }
}
