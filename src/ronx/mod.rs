//! Our RON reader: a span-keeping parser plus a serde deserializer over its tree.

pub mod de;
pub mod spanned;
pub mod value;

pub use de::{from_value, DeError, DeErrorKind, DeIssue};
pub use spanned::Spanned;
pub use value::{parse, SyntaxError, Value};
