//! Values several file kinds share: the located mapping, the number-or-word value, and the
//! evidence grades that block revisions, the behaviour record and lock sections write.

use crate::source::Sp;
#[cfg(feature = "cli")]
use schemars::JsonSchema;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;

/// A YAML mapping kept in file order, with the location of every key.
#[derive(Debug, Clone, PartialEq)]
pub struct SpMap<V>(pub Vec<(Sp<String>, V)>);

impl<V> Default for SpMap<V> {
    fn default() -> Self {
        SpMap(Vec::new())
    }
}

#[cfg(feature = "cli")]
impl<V: JsonSchema> JsonSchema for SpMap<V> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "additionalProperties": generator.subschema_for::<V>(),
        })
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for SpMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = SpMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Sp<String>>()? {
                    out.push((key, map.next_value()?));
                }
                Ok(SpMap(out))
            }
        }
        d.deserialize_map(MapVisitor(std::marker::PhantomData))
    }
}

/// A number, or a word such as `unknown` (checked by validation).
// Read by hand rather than derived as a serde `untagged` enum, whose error ("did not match any
// variant of untagged enum NumberOrWord") named a Rust type and said nothing useful: a negative
// number or a float here is kept as a word, which validation reports as a wrong value (E0005)
// at the value. `#[serde(untagged)]` stays for the JSON Schema only.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "cli", derive(JsonSchema), serde(untagged))]
pub enum NumberOrWord {
    /// A number.
    Number(u64),
    /// A word.
    Word(String),
}

impl<'de> Deserialize<'de> for NumberOrWord {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NumberOrWord;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or a word")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<NumberOrWord, E> {
                Ok(NumberOrWord::Number(v))
            }
            // Any other scalar is kept as written; validation says why it is wrong, at the
            // value's own location (an error raised here would point at the key).
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<NumberOrWord, E> {
                Ok(NumberOrWord::Word(v.to_string()))
            }
            fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<NumberOrWord, E> {
                Ok(NumberOrWord::Word(v.to_string()))
            }
            fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<NumberOrWord, E> {
                Ok(NumberOrWord::Word(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<NumberOrWord, E> {
                Ok(NumberOrWord::Word(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<NumberOrWord, E> {
                Ok(NumberOrWord::Word(v.to_string()))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<NumberOrWord, E> {
                Ok(NumberOrWord::Word(String::new()))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<NumberOrWord, E> {
                Ok(NumberOrWord::Word(v.to_string()))
            }
            // A list or mapping is read to its end first, so that an alias bomb or deep
            // nesting in it meets the parser's budget (E0002) rather than slipping past.
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Err(serde::de::Error::invalid_type(
                    serde::de::Unexpected::Seq,
                    &self,
                ))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Err(serde::de::Error::invalid_type(
                    serde::de::Unexpected::Map,
                    &self,
                ))
            }
        }
        d.deserialize_any(V)
    }
}

/// How strong the public evidence for a behavioural fact is, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Grade {
    /// A public manual or the vendor's own statement.
    Documented,
    /// Merged or reviewed upstream code that works on hardware.
    Upstream,
    /// Shipping vendor code does it.
    Precedent,
    /// Our reading of the record; `reasoning:` says why.
    Inferred,
    /// The record does not settle it.
    Unknown,
}

/// The grade of one fact written elsewhere in the same section (`evidence: {lock_group: ..}`).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "cli", derive(JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EvidenceSpec {
    /// How strong the evidence is.
    pub grade: Sp<Grade>,
    /// Where it is stated (message-ids, repo@commit:path).
    #[serde(default)]
    pub source: Option<Sp<String>>,
    /// Why, required when the grade is `inferred`.
    #[serde(default)]
    pub reasoning: Option<Sp<String>>,
}
