//! socgen-macros
