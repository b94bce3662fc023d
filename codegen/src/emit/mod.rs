//! Emitters: each reads the [`crate::model::Model`] and nothing else.
//!
//! [`rust`] (and [`standalone`], its export for trees without cargo) is all a build script or
//! proc macro needs; the other emitters come with the `cli` feature.

#[cfg(feature = "cli")]
pub mod c;
pub mod diff;
#[cfg(feature = "cli")]
pub mod docs;
#[cfg(feature = "cli")]
pub mod dts;
pub mod names;
#[cfg(feature = "pac")]
pub mod pac;
pub mod rust;
#[cfg(feature = "cli")]
pub mod schema;
pub mod standalone;
#[cfg(feature = "cli")]
pub mod svd;
