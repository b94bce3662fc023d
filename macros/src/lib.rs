//! socgen's generator as a proc macro, for projects that keep their own YAML.
//!
//! ```text
//! socgen_macros::soc!("socs/mychip.yaml");
//! // expands to `pub mod blocks { .. }` and `pub mod mychip { .. }`, the same code the
//! // `qcom-socs` build script generates for that SoC.
//! ```
//!
//! The path is relative to the calling crate's `Cargo.toml` directory. Block revisions are read
//! from `blocks/<block>/<rev>.yaml` beside it when there, and from the catalogue bundled in
//! socgen otherwise (`bam@v1.7.0`, `qce@v5`, ... and the `common/` fragments), so one YAML file
//! is enough for a SoC built from known blocks. YAML errors become compile errors naming
//! file:line:column (`<bundled>/blocks/...` for a bundled file). socgen is linked without its
//! CLI features: the macro costs the pipeline and the Rust emitter, nothing more.
//! The macro is a thin shell: everything it does is `socgen::check` and
//! `socgen::emit::rust::tokens`, tested in the `socgen` crate.

use proc_macro::TokenStream;
use quote::quote;
use std::path::PathBuf;

/// Expands to the generated register API of one SoC file (and the blocks it uses).
#[proc_macro]
pub fn soc(input: TokenStream) -> TokenStream {
    let lit = match syn::parse::<syn::LitStr>(input) {
        Ok(lit) => lit,
        Err(e) => return e.to_compile_error().into(),
    };
    let dir = std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(PathBuf::new, PathBuf::from);
    let path = dir.join(lit.value());
    match expand(&path) {
        Ok(tokens) => tokens.into(),
        Err(message) => syn::Error::new(lit.span(), message)
            .to_compile_error()
            .into(),
    }
}

/// The expansion for the SoC file at `path`, or the rendered diagnostics.
fn expand(path: &std::path::Path) -> Result<proc_macro2::TokenStream, String> {
    let (code, read) = socgen::expand_soc_file(path)?;
    // Rebuild when any file read changes.
    let tracked = read.iter().map(|p| {
        let p = p.display().to_string();
        quote!(
            const _: &[u8] = include_bytes!(#p);
        )
    });
    Ok(quote! { #code #(#tracked)* })
}

/// A small register block defined inline, through the same validation, model and emitter as a
/// YAML block file. Syntax in [`socgen::dsl`]; expands to `pub mod <block> { pub mod <rev> { .. } }`.
#[proc_macro]
pub fn register_block(input: TokenStream) -> TokenStream {
    socgen::dsl::expand_register_block(input.into(), &Default::default()).into()
}
