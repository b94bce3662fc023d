//! socgen
