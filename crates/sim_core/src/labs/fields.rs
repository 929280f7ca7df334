//! Reading a few fields of a JSON object without building the rest of it, with the
//! same answer as `json.loads(text)` followed by `.get(key)`: every other value is
//! still parsed (so what a `Value` would refuse is refused here too), then dropped;
//! a repeated key keeps its last value, as in a `Value`.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

/// `None`: not JSON. `Some(None)`: JSON, but not an object. Otherwise each key's
/// value (`Some(Value::Null)` for an explicit null, `None` when absent).
pub(crate) fn object_fields<const N: usize>(
    text: &str,
    keys: [&str; N],
) -> Option<Option<[Option<Value>; N]>> {
    let mut de = serde_json::Deserializer::from_str(text);
    let fields = ObjectSeed { keys: &keys }.deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(fields)
}

struct ObjectSeed<'k, const N: usize> {
    keys: &'k [&'k str; N],
}

impl<'de, const N: usize> DeserializeSeed<'de> for ObjectSeed<'_, N> {
    type Value = Option<[Option<Value>; N]>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, const N: usize> Visitor<'de> for ObjectSeed<'_, N> {
    type Value = Option<[Option<Value>; N]>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out: [Option<Value>; N] = std::array::from_fn(|_| None);
        while let Some(key) = map.next_key_seed(KeySeed { keys: self.keys })? {
            match key {
                Some(i) => out[i] = Some(map.next_value::<Value>()?),
                None => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        Ok(Some(out))
    }
}

/// A key: which of the wanted keys it is, if any (compared without a String).
struct KeySeed<'k, const N: usize> {
    keys: &'k [&'k str; N],
}

impl<'de, const N: usize> DeserializeSeed<'de> for KeySeed<'_, N> {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, const N: usize> Visitor<'de> for KeySeed<'_, N> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(self.keys.iter().position(|k| *k == s))
    }
}

/// Any value, parsed and dropped: strings are decoded and numbers read, so what a
/// `Value` refuses (a lone surrogate, a number out of range) is refused here too.
struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = Skip;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_unit<E>(self) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_str<E>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(Skip)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition: parse a `Value`, then `.get(key)` on it when it is an object.
    fn reference<const N: usize>(
        text: &str,
        keys: [&str; N],
    ) -> Option<Option<[Option<Value>; N]>> {
        let v = serde_json::from_str::<Value>(text).ok()?;
        Some(v.as_object().map(|o| keys.map(|k| o.get(k).cloned())))
    }

    const KEYS: [&str; 6] = [
        "orderId",
        "amount",
        "notes",
        "x",
        "or\\u0064erId",
        "orderId",
    ];
    const SCALARS: [&str; 10] = [
        "\"o-1\"",
        "\"p\\u00e7\"",
        "7",
        "1e400",
        "null",
        "true",
        "\"\\ud800\"",
        "\"\"",
        "-0.5",
        "12345678901234567890123",
    ];

    fn random_doc(r: &mut crate::kernel::rng::Rng, depth: u32) -> String {
        crate::testing::random_json_text(r, depth, &KEYS, &SCALARS)
    }

    #[test]
    fn reading_three_fields_finds_what_a_value_would() {
        let mut r = crate::kernel::rng::Rng::new(17);
        let keys = ["orderId", "notes", "amount"];
        let mut objects = 0;
        for _ in 0..20_000 {
            let mut text = random_doc(&mut r, 4);
            if r.chance_per_mille(50) {
                text.push_str(if r.chance_per_mille(500) { " x" } else { "  " });
            }
            let expected = reference(&text, keys);
            objects += matches!(expected, Some(Some(_))) as u32;
            assert_eq!(object_fields(&text, keys), expected, "{text}");
        }
        assert!(objects > 1000, "many documents are objects ({objects})");
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let text = format!("{{\"orderId\":\"a\",\"d\":{deep}}}");
        assert_eq!(object_fields(&text, keys), reference(&text, keys));
    }
}
