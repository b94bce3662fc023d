//! Emitters: each reads the [`crate::model::Model`] and nothing else.

pub mod c;
pub mod diff;
pub mod names;
pub mod rust;
pub mod schema;
pub mod standalone;
pub mod svd;
