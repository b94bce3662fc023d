//! Emitters: each reads the [`crate::model::Model`] and nothing else.

pub mod c;
pub mod diff;
pub mod docs;
pub mod dts;
pub mod names;
#[cfg(feature = "pac")]
pub mod pac;
pub mod rust;
pub mod schema;
pub mod standalone;
pub mod svd;
