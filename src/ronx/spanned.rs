//! `Spanned<T>`: a deserialized value together with where it was written.

use super::de::{SPANNED_FIELDS, SPANNED_NAME};
use crate::diag::Span;
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// A value and the span of its source text. Only our RON deserializer fills the span.
/// Equality, order and hashing look at the value alone, so spanned ids work as map keys.
#[derive(Debug, Clone)]
pub struct Spanned<T> {
    pub span: Span,
    pub value: T,
}

impl<T> Spanned<T> {
    pub fn new(span: Span, value: T) -> Self {
        Spanned { span, value }
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T: PartialOrd> PartialOrd for Spanned<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        self.value.partial_cmp(&other.value)
    }
}

impl<T: Ord> Ord for Spanned<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

impl<T: std::hash::Hash> std::hash::Hash for Spanned<T> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.value.hash(h)
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Spanned<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Spanned<T>, A::Error> {
                let missing = || de::Error::custom("Spanned needs the cailiang RON reader");
                m.next_key::<de::IgnoredAny>()?.ok_or_else(missing)?;
                let start: u64 = m.next_value()?;
                m.next_key::<de::IgnoredAny>()?.ok_or_else(missing)?;
                let end: u64 = m.next_value()?;
                m.next_key::<de::IgnoredAny>()?.ok_or_else(missing)?;
                let value: T = m.next_value()?;
                Ok(Spanned::new(Span::new(start as usize, end as usize), value))
            }
        }
        d.deserialize_struct(SPANNED_NAME, SPANNED_FIELDS, V(PhantomData))
    }
}
