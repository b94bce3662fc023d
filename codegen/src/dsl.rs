//! The inline block syntax of `socgen_macros::register_block!`, for a small block defined in
//! Rust. It is turned into the YAML block format and then goes through the same validation,
//! model and emitter as a file, so every rule applies unchanged.
//!
//! ```text
//! /// Block documentation.
//! block tiny @ "v1" {
//!     source: "where the facts come from";
//!     /// Register documentation.
//!     CTRL @ 0x04 rw reset 0x0 {
//!         /// Field documentation.
//!         EN [0],
//!         MODE [2:1] { A = 0, B = 1 },
//!         DONE [16] w1c,
//!     }
//!     KEY @ 0x10 wo [4; 4];          // an array: 4 copies, 4 bytes apart
//!     VERSION @ 0x0 ro;              // reset defaults to unknown
//! }
//! ```

use proc_macro2::{Span, TokenStream};
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitInt, LitStr, Token, braced, bracketed};

fn docs(input: ParseStream) -> syn::Result<String> {
    let mut out = Vec::new();
    for attr in input.call(syn::Attribute::parse_outer)? {
        if let syn::Meta::NameValue(nv) = &attr.meta
            && nv.path.is_ident("doc")
            && let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = &nv.value
        {
            out.push(s.value().trim().to_string());
            continue;
        }
        return Err(syn::Error::new_spanned(
            attr,
            "only doc comments are allowed here",
        ));
    }
    Ok(out.join(" "))
}

fn any_ident(input: ParseStream) -> syn::Result<Ident> {
    input.call(<Ident as syn::ext::IdentExt>::parse_any)
}

fn number(input: ParseStream) -> syn::Result<u64> {
    input.parse::<LitInt>()?.base10_parse::<u64>()
}

/// A YAML double-quoted scalar, escaped as JSON escapes it (the same text serde_json wrote
/// here before; written by hand so the lean library needs no JSON crate).
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

struct Field {
    doc: String,
    name: Ident,
    msb: u64,
    lsb: u64,
    access: Option<Ident>,
    values: Vec<(String, Ident, u64)>,
}

impl Parse for Field {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let doc = docs(input)?;
        let name = any_ident(input)?;
        let bits;
        bracketed!(bits in input);
        let msb = number(&bits)?;
        let lsb = if bits.peek(Token![:]) {
            bits.parse::<Token![:]>()?;
            number(&bits)?
        } else {
            msb
        };
        let access = if input.peek(Ident) {
            Some(input.parse()?)
        } else {
            None
        };
        let mut values = Vec::new();
        if input.peek(syn::token::Brace) {
            let body;
            braced!(body in input);
            while !body.is_empty() {
                let vdoc = docs(&body)?;
                let vname = any_ident(&body)?;
                body.parse::<Token![=]>()?;
                values.push((vdoc, vname, number(&body)?));
                if !body.is_empty() {
                    body.parse::<Token![,]>()?;
                }
            }
        }
        Ok(Field {
            doc,
            name,
            msb,
            lsb,
            access,
            values,
        })
    }
}

struct Register {
    doc: String,
    name: Ident,
    offset: u64,
    access: Ident,
    reset: Option<u64>,
    array: Option<(u64, u64)>,
    fields: Vec<Field>,
}

impl Parse for Register {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let doc = docs(input)?;
        let name = any_ident(input)?;
        input.parse::<Token![@]>()?;
        let offset = number(input)?;
        let access: Ident = input.parse()?;
        let mut reset = None;
        if input.peek(Ident) {
            let kw: Ident = input.parse()?;
            if kw != "reset" {
                return Err(syn::Error::new(
                    kw.span(),
                    "expected `reset`, `[count; stride]`, `{` or `;`",
                ));
            }
            if input.peek(Ident) {
                let word: Ident = input.parse()?;
                if word != "unknown" {
                    return Err(syn::Error::new(
                        word.span(),
                        "expected a number or `unknown`",
                    ));
                }
            } else {
                reset = Some(number(input)?);
            }
        }
        let mut array = None;
        if input.peek(syn::token::Bracket) {
            let inner;
            bracketed!(inner in input);
            let count = number(&inner)?;
            inner.parse::<Token![;]>()?;
            array = Some((count, number(&inner)?));
        }
        let mut fields = Vec::new();
        if input.peek(syn::token::Brace) {
            let body;
            braced!(body in input);
            while !body.is_empty() {
                fields.push(body.parse()?);
                if !body.is_empty() {
                    body.parse::<Token![,]>()?;
                }
            }
            if input.peek(Token![;]) {
                input.parse::<Token![;]>()?;
            }
        } else {
            input.parse::<Token![;]>()?;
        }
        Ok(Register {
            doc,
            name,
            offset,
            access,
            reset,
            array,
            fields,
        })
    }
}

/// A parsed `register_block!` input.
pub struct BlockDef {
    doc: String,
    block: Ident,
    revision: String,
    source: Option<String>,
    registers: Vec<Register>,
    span: Span,
}

impl Parse for BlockDef {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let doc = docs(input)?;
        let kw: Ident = input.parse()?;
        if kw != "block" {
            return Err(syn::Error::new(
                kw.span(),
                "expected `block NAME @ \"REVISION\" { .. }`",
            ));
        }
        let block = any_ident(input)?;
        input.parse::<Token![@]>()?;
        let revision = if input.peek(LitStr) {
            input.parse::<LitStr>()?.value()
        } else {
            any_ident(input)?.to_string()
        };
        let body;
        braced!(body in input);
        let mut source = None;
        if body.peek(Ident) && body.peek2(Token![:]) && !body.peek2(Token![::]) {
            let key: Ident = body.parse()?;
            if key != "source" {
                return Err(syn::Error::new(
                    key.span(),
                    "expected `source: \"...\";` or a register",
                ));
            }
            body.parse::<Token![:]>()?;
            source = Some(body.parse::<LitStr>()?.value());
            body.parse::<Token![;]>()?;
        }
        let mut registers = Vec::new();
        while !body.is_empty() {
            registers.push(body.parse()?);
        }
        Ok(BlockDef {
            doc,
            block,
            revision,
            source,
            registers,
            span: kw.span(),
        })
    }
}

impl BlockDef {
    /// The block in the YAML block format.
    pub fn to_yaml(&self) -> String {
        let mut y = String::new();
        y.push_str(&format!(
            "block: {}\nrevision: {}\n",
            quoted(&self.block.to_string()),
            quoted(&self.revision)
        ));
        if !self.doc.is_empty() {
            y.push_str(&format!("description: {}\n", quoted(&self.doc)));
        }
        if let Some(s) = &self.source {
            y.push_str(&format!("source: {}\n", quoted(s)));
        }
        y.push_str("registers:\n");
        for r in &self.registers {
            y.push_str(&format!(
                "  - name: {}\n    offset: {}\n    access: {}\n",
                quoted(&r.name.to_string()),
                r.offset,
                quoted(&r.access.to_string())
            ));
            match r.reset {
                Some(v) => y.push_str(&format!("    reset: {v}\n")),
                None => y.push_str("    reset: unknown\n"),
            }
            if !r.doc.is_empty() {
                y.push_str(&format!("    description: {}\n", quoted(&r.doc)));
            }
            if let Some((count, stride)) = r.array {
                y.push_str(&format!(
                    "    array: {{count: {count}, stride: {stride}}}\n"
                ));
            }
            if !r.fields.is_empty() {
                y.push_str("    fields:\n");
            }
            for f in &r.fields {
                y.push_str(&format!(
                    "      - name: {}\n        bits: \"{}:{}\"\n",
                    quoted(&f.name.to_string()),
                    f.msb,
                    f.lsb
                ));
                if let Some(a) = &f.access {
                    y.push_str(&format!("        access: {}\n", quoted(&a.to_string())));
                }
                if !f.doc.is_empty() {
                    y.push_str(&format!("        description: {}\n", quoted(&f.doc)));
                }
                if !f.values.is_empty() {
                    y.push_str("        values:\n");
                }
                for (doc, name, value) in &f.values {
                    y.push_str(&format!(
                        "          - {{name: {}, value: {value}, description: {}}}\n",
                        quoted(&name.to_string()),
                        quoted(doc)
                    ));
                }
            }
        }
        y
    }

    /// The file name diagnostics show: `register_block!/<block>/<revision>.yaml`.
    pub fn label(&self) -> std::path::PathBuf {
        std::path::PathBuf::from("register_block!")
            .join(self.block.to_string())
            .join(format!("{}.yaml", self.revision))
    }
}

/// Expands `register_block!` input: the generated module, or a compile error naming the rule
/// (and the line in the YAML form, shown with it) that the block breaks.
pub fn expand_register_block(
    input: TokenStream,
    opts: &crate::emit::rust::RustOptions,
) -> TokenStream {
    let def = match syn::parse2::<BlockDef>(input) {
        Ok(def) => def,
        Err(e) => return e.to_compile_error(),
    };
    let yaml = def.to_yaml();
    let checked = crate::check_block_text(&def.label(), yaml.clone());
    match &checked.model {
        Some(model) if model.blocks.len() == 1 => crate::emit::rust::block_tokens(model, opts),
        _ => {
            let message = format!(
                "register_block! breaks a socgen rule:\n{}\nthe block as YAML:\n{yaml}",
                checked.render(false)
            );
            syn::Error::new(def.span, message).to_compile_error()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn inline_block_becomes_yaml_and_code() {
        let input = quote! {
            /// A timer.
            block timer @ "v1" {
                source: "unit test";
                /// Control.
                CTRL @ 0x0 rw reset 0 {
                    /// Enable.
                    EN [0],
                    MODE [2:1] { ONE_SHOT = 0, PERIODIC = 1 },
                    IRQ [8] w1c,
                }
                COUNT @ 0x4 ro;
                COMPARE @ 0x10 wo [4; 4];
            }
        };
        let def: BlockDef = syn::parse2(input.clone()).expect("parses");
        let yaml = def.to_yaml();
        assert!(yaml.contains("bits: \"2:1\""), "{yaml}");
        let code = expand_register_block(input, &Default::default()).to_string();
        assert!(code.contains("pub mod timer"), "{code}");
        assert!(code.contains("fn with_mode"), "{code}");
        assert!(code.contains("fn clear_irq"), "{code}");
    }

    #[test]
    fn rule_violations_become_compile_errors() {
        let input = quote! {
            block timer @ "v1" {
                source: "unit test";
                CTRL @ 0x0 rw { A [3:0], B [2] }
            }
        };
        let code = expand_register_block(input, &Default::default()).to_string();
        assert!(code.contains("compile_error"), "{code}");
        assert!(code.contains("E0107"), "{code}");
    }
}

#[cfg(all(test, feature = "cli"))]
mod quoted_tests {
    /// The hand-written escaping is serde_json's, so the YAML text is what it always was.
    #[test]
    fn quoted_matches_json_escaping() {
        let s: String = (0u32..0x80)
            .filter_map(char::from_u32)
            .chain(['é', '≥', '\u{2028}'])
            .collect();
        assert_eq!(
            super::quoted(&s),
            serde_json::Value::String(s.clone()).to_string()
        );
    }
}
