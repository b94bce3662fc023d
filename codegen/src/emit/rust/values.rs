//! Register value types: one `Copy` type per register, or per fieldset for the registers that
//! share it, with `const fn` getters and `with_*` setters, field enums, and their docs.

use super::*;
use proc_macro2::Ident;

pub(super) fn register_doc(r: &Register, what: &str) -> String {
    let mut text = format!("`{}` {what}", r.name);
    if !r.description.is_empty() {
        text.push_str(&format!(": {}", r.description));
    }
    text.push_str(&format!(
        "\n\nOffset {:#x}, access `{}`",
        r.offset,
        r.access.as_str()
    ));
    match &r.shape {
        Shape::Single => {}
        Shape::Array { count, stride } => {
            text.push_str(&format!(", {count} copies {stride:#x} bytes apart"))
        }
        Shape::Dimensioned(_) => text.push_str(", one copy per index (see the accessor)"),
    }
    match r.reset {
        Some(v) => text.push_str(&format!(", reset {v:#010x}.")),
        None => text.push_str(", reset value unknown."),
    }
    if let Some(inf) = &r.inferred {
        text.push_str(&format!("\n\nAccess inferred from driver usage: {inf}"));
    }
    text.push_str(&format!("\n\nSource: {}", r.source));
    text
}

/// An accessor's documentation: where the register is; what it holds is the value type's
/// documentation, which it links instead of repeating.
pub(super) fn accessor_doc(r: &Register) -> String {
    let mut text = format!(
        "`{}` register at offset {:#x}, access `{}`",
        r.name,
        r.offset,
        r.access.as_str()
    );
    match &r.shape {
        Shape::Single => {}
        Shape::Array { count, stride } => {
            text.push_str(&format!(", {count} copies {stride:#x} bytes apart"))
        }
        Shape::Dimensioned(_) => text.push_str(", one copy per index"),
    }
    text.push_str(&format!(": [`{}`].", value_type_name(r)));
    text
}

/// The name of a register's value type: its fieldset's when it names one, else its own.
pub(super) fn value_type_name(r: &Register) -> String {
    camel(r.fieldset.as_deref().unwrap_or(&r.name))
}

/// The register a fieldset's value type is built from: its fields (their access as lowering
/// combined it), with the access and reset its registers (`users`) agree on (`unknown` and
/// none when they differ).
fn fieldset_register(set: &Fieldset, users: &[&Register]) -> Register {
    let agree = |f: &dyn Fn(&Register) -> Option<u32>| {
        let first = users.first().and_then(|r| f(r));
        users
            .iter()
            .all(|r| f(r) == first)
            .then_some(first)
            .flatten()
    };
    let access = match users.first() {
        Some(first) if users.iter().all(|r| r.access == first.access) => first.access,
        _ => Access::Unknown,
    };
    Register {
        name: set.name.clone(),
        offset: 0,
        access,
        reset: agree(&|r| r.reset),
        write_ignored: false,
        inferred: None,
        description: set.description.clone(),
        source: set.source.clone(),
        shape: Shape::Single,
        fields: set.fields.clone(),
        layout: set.layout.clone(),
        fieldset: None,
        fieldset_inferred: None,
    }
}

/// The documentation of a fieldset's value type: the layout, the registers that have it (a
/// catalogue's fieldset without the revision-specific offsets) and why where it was inferred.
fn fieldset_doc(set: &Fieldset, shared: &Register, users: &[&Register]) -> String {
    let mut text = format!("`{}` fieldset value", set.name);
    if !set.description.is_empty() {
        text.push_str(&format!(": {}", set.description));
    }
    let names: Vec<String> = users
        .iter()
        .map(|r| format!("`{}` (`{}`)", r.name, r.access.as_str()))
        .collect();
    text.push_str(&format!(
        "\n\nThe value of {}: each register's access decides whether it is read or written.",
        names.join(", ")
    ));
    match shared.reset {
        Some(v) => text.push_str(&format!(" Reset {v:#010x}.")),
        None => text.push_str(" Reset value unknown."),
    }
    for r in users {
        if let Some(why) = &r.fieldset_inferred {
            text.push_str(&format!(
                "\n\n`{}` has this layout by inference: {why}",
                r.name
            ));
        }
    }
    text.push_str(&format!("\n\nSource: {}", set.source));
    text
}

/// The value type of a fieldset, shared by the registers of `block` that name it.
pub(super) fn fieldset_type(block: &Block, set: &Fieldset, rt: &TokenStream) -> TokenStream {
    let users: Vec<&Register> = block.registers_of(&set.name).collect();
    let shared = fieldset_register(set, &users);
    let docs = fieldset_doc(set, &shared, &users);
    value_type_documented(&shared, &docs, rt)
}

/// [`register_doc`] without the place, which differs per revision (the accessor says it).
pub(super) fn layout_doc(r: &Register) -> String {
    let mut text = format!("`{}` register value", r.name);
    if !r.description.is_empty() {
        text.push_str(&format!(": {}", r.description));
    }
    text.push_str(&format!("\n\nAccess `{}`", r.access.as_str()));
    match r.reset {
        Some(v) => text.push_str(&format!(", reset {v:#010x}.")),
        None => text.push_str(", reset value unknown."),
    }
    if let Some(inf) = &r.inferred {
        text.push_str(&format!("\n\nAccess inferred from driver usage: {inf}"));
    }
    text.push_str(&format!("\n\nSource: {}", r.source));
    text
}

pub(super) fn field_doc(f: &Field) -> String {
    let bits = if f.width == 1 {
        format!("bit {}", f.lsb)
    } else {
        format!("bits {}:{}", f.msb(), f.lsb)
    };
    let mut text = format!("`{}` ({bits}, `{}`)", f.name, f.access.as_str());
    if !f.description.is_empty() {
        text.push_str(&format!(": {}", f.description));
    }
    if let Some(inf) = &f.inferred {
        text.push_str(&format!("\n\nAccess inferred from driver usage: {inf}"));
    }
    text
}

/// Whether a field's values become a closed Rust enum (every value named, names distinct).
pub(super) fn closed_enum(f: &Field) -> bool {
    let mut names: Vec<String> = f.values.iter().map(|v| camel(&v.name)).collect();
    names.sort();
    names.dedup();
    f.values_closed() && names.len() == f.values.len()
}

pub(super) fn enum_type(f: &Field, rt: &TokenStream) -> TokenStream {
    let _ = rt;
    let ty = format_ident!("{}", camel(&f.name));
    let ones = hex32(if f.width >= 32 {
        u32::MAX
    } else {
        (1u32 << f.width) - 1
    });
    let text = doc(&format!("Values of {}", field_doc(f)));
    if closed_enum(f) {
        closed_enum_type(f, &ty, &ones, &text)
    } else {
        open_value_type(f, &ty, &ones, &text)
    }
}

/// A field whose every value has a name: a Rust `enum`.
fn closed_enum_type(f: &Field, ty: &Ident, ones: &TokenStream, text: &TokenStream) -> TokenStream {
    let last = f.values.last().map(|v| format_ident!("{}", camel(&v.name)));
    let variants = f.values.iter().map(|v| {
        let name = format_ident!("{}", camel(&v.name));
        let value = hex32(v.value);
        let d = doc(&format!("`{}` = {}. {}", v.name, v.value, v.description));
        quote!(#d #name = #value)
    });
    let arms = f
        .values
        .iter()
        .take(f.values.len().saturating_sub(1))
        .map(|v| {
            let name = format_ident!("{}", camel(&v.name));
            let value = hex32(v.value);
            quote!(#value => Self::#name,)
        });
    quote! {
        #text
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u32)]
        pub enum #ty { #(#variants,)* }
        impl #ty {
            /// The value of the field bits (masked to the field width).
            #[inline]
            pub const fn from_bits(bits: u32) -> Self {
                match bits & #ones { #(#arms)* _ => Self::#last }
            }
            /// The field bits.
            #[inline]
            pub const fn to_bits(self) -> u32 { self as u32 }
        }
    }
}

/// A field with values that have no name: a newtype with one constant per named value.
fn open_value_type(f: &Field, ty: &Ident, ones: &TokenStream, text: &TokenStream) -> TokenStream {
    let consts = f.values.iter().map(|v| {
        let name = format_ident!("{}", upper(&v.name));
        let value = hex32(v.value);
        let d = doc(&format!("`{}` = {}. {}", v.name, v.value, v.description));
        quote!(#d pub const #name: Self = Self(#value);)
    });
    let names = f.values.iter().map(|v| {
        let value = hex32(v.value);
        let name = lit(&v.name);
        quote!(#value => Some(#name),)
    });
    quote! {
        #text
        ///
        /// Not every value has a name, so this is an open set of constants.
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        pub struct #ty(u32);
        impl #ty {
            #(#consts)*
            /// The value of the field bits (masked to the field width).
            #[inline]
            pub const fn from_bits(bits: u32) -> Self { Self(bits & #ones) }
            /// `value`, or `None` if it does not fit the field.
            #[inline]
            pub const fn new(value: u32) -> Option<Self> {
                if value <= #ones { Some(Self(value)) } else { None }
            }
            /// The field bits.
            #[inline]
            pub const fn to_bits(self) -> u32 { self.0 }
            /// The value's name, if it has one.
            pub const fn name(self) -> Option<&'static str> {
                match self.0 { #(#names)* _ => None }
            }
        }
        impl core::fmt::Debug for #ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.name() {
                    Some(name) => f.write_str(name),
                    None => write!(f, "{:#x}", self.0),
                }
            }
        }
    }
}

/// The value type of `r`. A register without fields, reset value or write-1-to-clear bits is
/// the runtime's `Word`; every other type states its conversions once through the runtime's
/// `Bits`.
pub(super) fn value_type(r: &Register, rt: &TokenStream) -> TokenStream {
    let docs = if r.layout.is_some() {
        layout_doc(r)
    } else {
        register_doc(r, "register value")
    };
    value_type_documented(r, &docs, rt)
}

fn value_type_documented(r: &Register, docs: &str, rt: &TokenStream) -> TokenStream {
    let ty = format_ident!("{}", camel(&r.name));
    let module = format_ident!("{}", snake(&r.name));
    let docs = doc(docs);
    if r.fields.is_empty() && r.reset.is_none() && r.w1c_mask() == 0 {
        // Nothing to name, check or mask: the runtime's plain 32-bit value says it all.
        return quote! { #docs pub type #ty = #rt::Word; };
    }
    let reset = r.reset.map(|v| {
        let v = hex32(v);
        quote!(
            /// The value after reset.
            pub const RESET: Self = Self(#v);
        )
    });
    let w1c = hex32(r.w1c_mask());
    let mut methods = Vec::new();
    let mut debug_fields = Vec::new();
    let mut enums = Vec::new();
    for f in &r.fields {
        let get = format_ident!("{}", snake(&f.name));
        let name = lit(&snake(&f.name));
        debug_fields.push(quote!(.field(#name, &self.#get())));
        if !f.values.is_empty() {
            enums.push(enum_type(f, rt));
        }
        methods.extend(field_accessors(r, f, &module, rt));
    }
    let tyname = lit(&camel(&r.name));
    let debug = if r.fields.is_empty() {
        let fmt = lit(&format!("{}({{:#010x}})", camel(&r.name)));
        quote!(write!(f, #fmt, self.0))
    } else {
        quote!(f.debug_struct(#tyname) #(#debug_fields)* .finish())
    };
    let enum_mod = (!enums.is_empty()).then(|| {
        let text = format!("Field value types of `{}`.", r.name);
        quote!(#[doc = #text] pub mod #module { #(#enums)* })
    });
    let trait_impl = quote! {
        impl #rt::Bits for #ty {
            const W1C_MASK: u32 = #w1c;
            const FROM_BITS: fn(u32) -> Self = Self::from_bits;
            const TO_BITS: fn(Self) -> u32 = Self::to_bits;
        }
    };
    quote! {
        #docs
        #[repr(transparent)]
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct #ty(u32);
        impl #ty {
            /// All bits zero.
            pub const ZERO: Self = Self(0);
            #reset
            /// The value of raw register bits.
            #[inline]
            pub const fn from_bits(bits: u32) -> Self { Self(bits) }
            /// The raw register bits.
            #[inline]
            pub const fn to_bits(self) -> u32 { self.0 }
            #(#methods)*
        }
        #trait_impl
        impl core::fmt::Debug for #ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result { #debug }
        }
        #enum_mod
    }
}

/// The getter, setters and clear method of one field, as its access allows.
fn field_accessors(
    r: &Register,
    f: &Field,
    module: &proc_macro2::Ident,
    rt: &TokenStream,
) -> Vec<TokenStream> {
    let get = format_ident!("{}", snake(&f.name));
    let set = format_ident!("with_{}", snake(&f.name));
    let fdoc = doc(&field_doc(f));
    let mask = hex32(f.mask());
    let writable = f.access.writable() && f.access != Access::W1c;
    let mut methods = Vec::new();
    if !f.values.is_empty() {
        let ety = format_ident!("{}", camel(&f.name));
        let field_arg = field_bits(f, false);
        methods.push(quote! {
            #fdoc
            #[inline]
            pub const fn #get(self) -> #module::#ety { #module::#ety::from_bits(#field_arg) }
        });
        if writable {
            let set_doc = format!(" Sets `{}`.", f.name);
            let place_enum = place(f, quote!(value.to_bits()));
            methods.push(quote! {
                #[doc = #set_doc]
                #[inline]
                pub const fn #set(self, value: #module::#ety) -> Self {
                    Self((self.0 & !#mask) | (#place_enum & #mask))
                }
            });
        }
    } else if f.width == 1 {
        methods.push(quote! {
            #fdoc
            #[inline]
            pub const fn #get(self) -> bool { self.0 & #mask != 0 }
        });
        if writable {
            let set_bool_doc = format!(" Sets or clears `{}`.", f.name);
            methods.push(quote! {
                #[doc = #set_bool_doc]
                #[inline]
                pub const fn #set(self, value: bool) -> Self {
                    if value { Self(self.0 | #mask) } else { Self(self.0 & !#mask) }
                }
            });
        }
    } else {
        let ones = hex32(ones(f.width));
        let field_bits = field_bits(f, true);
        methods.push(quote! {
            #fdoc
            #[inline]
            pub const fn #get(self) -> u32 { #field_bits & #ones }
        });
        if writable {
            methods.push(number_setters(f, rt));
        }
    }
    if f.access == Access::W1c || (r.access == Access::W1c) {
        let clear = format_ident!("clear_{}", snake(&f.name));
        let clear_doc = format!(
            " Marks `{}` for clearing: pass the result to the register's `clear`.",
            f.name
        );
        methods.push(quote! {
            #[doc = #clear_doc]
            #[inline]
            pub const fn #clear(self) -> Self { Self(self.0 | #mask) }
        });
    }
    methods
}

/// The setters of a numeric field: the whole word, or a const-checked and a fallible one.
fn number_setters(f: &Field, rt: &TokenStream) -> TokenStream {
    let set = format_ident!("with_{}", snake(&f.name));
    let set_doc = format!(" Sets `{}`.", f.name);
    if f.width == 32 {
        return quote! {
            #[doc = #set_doc]
            #[inline]
            pub const fn #set(self, value: u32) -> Self { Self(value) }
        };
    }
    let try_set = format_ident!("try_with_{}", snake(&f.name));
    let width = Literal::u32_unsuffixed(f.width);
    let ones = hex32(ones(f.width));
    let mask = hex32(f.mask());
    let place_const = place(f, quote!(V));
    let place_value = place(f, quote!(value));
    let msg = format!("value does not fit the {}-bit field `{}`", f.width, f.name);
    let set_const_doc = format!(
        " Sets `{}` to the constant `V`; a `V` that does not fit is a compile error.",
        f.name
    );
    let try_doc = format!(" Sets `{}`, or fails if `value` does not fit.", f.name);
    quote! {
        #[doc = #set_const_doc]
        #[inline]
        pub const fn #set<const V: u32>(self) -> Self {
            const { assert!(V <= #ones, #msg) };
            Self((self.0 & !#mask) | #place_const)
        }
        #[doc = #try_doc]
        #[inline]
        pub const fn #try_set(self, value: u32) -> Result<Self, #rt::FieldOverflow> {
            if value > #ones {
                return Err(#rt::FieldOverflow { value, width: #width });
            }
            Ok(Self((self.0 & !#mask) | #place_value))
        }
    }
}

/// The register bits shifted down to the field (parenthesised when `grouped`, for a
/// following `&`). Shifts by 0 are left out: clippy (rightly) flags them in generated code too.
fn field_bits(f: &Field, grouped: bool) -> TokenStream {
    let lsb = Literal::u32_unsuffixed(f.lsb);
    match (f.lsb, grouped) {
        (0, _) => quote!(self.0),
        (_, true) => quote!((self.0 >> #lsb)),
        (_, false) => quote!(self.0 >> #lsb),
    }
}

/// `v` shifted up into the field's place.
fn place(f: &Field, v: TokenStream) -> TokenStream {
    let lsb = Literal::u32_unsuffixed(f.lsb);
    if f.lsb == 0 { v } else { quote!((#v << #lsb)) }
}

/// The largest value of a `width`-bit field.
fn ones(width: u32) -> u32 {
    if width >= 32 {
        u32::MAX
    } else {
        (1u32 << width) - 1
    }
}
