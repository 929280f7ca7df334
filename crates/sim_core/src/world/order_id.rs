//! Which order a document is about, for the trace: `orderId`, `pedidoId` or
//! `order_id`, at the top, in `detail` (EventBridge) or as a typed `{"S": …}`.

use serde_json::Value;

/// The order a JSON document is about: orderId, pedidoId or order_id, at the top, in
/// `detail` (EventBridge) or in a stream image. Reads the text once without building a `Value`: only the three keys and `detail`
/// are kept, everything else is parsed (and so validated) exactly as a `Value`
/// would be, then dropped.
pub(crate) fn order_id_of(text: &str) -> Option<String> {
    if !text.contains("rderId") && !text.contains("pedidoId") && !text.contains("order_id") {
        return None;
    }
    match serde_json::from_str::<probe::Node>(text).ok()? {
        probe::Node::Object(doc) => doc.order_id(),
        probe::Node::Other => None,
    }
}

/// The order a body is about: a document's, or that of JSON sent as text (a form
/// sends its text as typed).
pub fn order_id_in_body(body: &Value) -> Option<String> {
    match body {
        Value::String(text) => order_id_of(text),
        document => order_id_in(document),
    }
}

pub fn order_id_in(v: &Value) -> Option<String> {
    for key in ["orderId", "pedidoId", "order_id"] {
        if let Some(s) = v.get(key).and_then(Value::as_str) {
            return Some(s.to_string());
        }
        if let Some(s) = v.get(key).and_then(|x| x.get("S")).and_then(Value::as_str) {
            return Some(s.to_string());
        }
    }
    v.get("detail").and_then(order_id_in)
}

/// `order_id_in` on an item's plain JSON, read from the item itself (no JSON built).
pub(crate) fn order_id_in_item(item: &crate::dynamodb::Item) -> Option<String> {
    use crate::dynamodb::AttributeValue::{M, S};
    for key in ["orderId", "pedidoId", "order_id"] {
        match item.get(key) {
            Some(S(s)) => return Some(s.clone()),
            Some(M(m)) => {
                if let Some(S(s)) = m.get("S") {
                    return Some(s.clone());
                }
            }
            _ => {}
        }
    }
    match item.get("detail") {
        Some(M(m)) => order_id_in_item(m),
        _ => None,
    }
}

/// A JSON document read for its order id only (see `order_id_of`).
mod probe {
    use std::fmt;

    use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

    const KEYS: [&str; 3] = ["orderId", "pedidoId", "order_id"];

    /// A value: an object (read for its order id) or anything else (skipped).
    pub enum Node {
        Object(Doc),
        Other,
    }

    /// What an object holds under the keys that matter; a later duplicate key wins,
    /// as in a `Value`.
    #[derive(Default)]
    pub struct Doc {
        keys: [Option<Field>; 3],
        detail: Option<Box<Node>>,
        /// The `S` key: `Some(Some(text))` when its last value is a string.
        s: Option<Option<String>>,
    }

    /// A value under an order key: a string, an object (with its `S` string), other.
    enum Field {
        Text(String),
        Typed(Option<String>),
        Other,
    }

    impl Doc {
        pub fn order_id(self) -> Option<String> {
            let Doc { keys, detail, .. } = self;
            for field in keys.into_iter().flatten() {
                match field {
                    Field::Text(s) | Field::Typed(Some(s)) => return Some(s),
                    Field::Typed(None) | Field::Other => {}
                }
            }
            match detail.map(|d| *d) {
                Some(Node::Object(doc)) => doc.order_id(),
                _ => None,
            }
        }
    }

    /// What a visited value becomes, for each of the three readers.
    trait Make: Sized {
        fn other() -> Self;
        fn object(doc: Doc) -> Self;
        fn text(s: &str) -> Self;
    }

    /// Accepts any value and keeps nothing; strings and numbers are still decoded,
    /// so what a `Value` would refuse is refused here too.
    struct Skip;

    impl Make for Skip {
        fn other() -> Self {
            Skip
        }
        fn object(_: Doc) -> Self {
            Skip
        }
        fn text(_: &str) -> Self {
            Skip
        }
    }

    impl Make for Node {
        fn other() -> Self {
            Node::Other
        }
        fn object(doc: Doc) -> Self {
            Node::Object(doc)
        }
        fn text(_: &str) -> Self {
            Node::Other
        }
    }

    impl Make for Field {
        fn other() -> Self {
            Field::Other
        }
        fn object(doc: Doc) -> Self {
            Field::Typed(doc.s.flatten())
        }
        fn text(s: &str) -> Self {
            Field::Text(s.to_string())
        }
    }

    macro_rules! deserialize_with_any {
        ($t:ty) => {
            impl<'de> Deserialize<'de> for $t {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    d.deserialize_any(AnyVisitor::<$t>(std::marker::PhantomData))
                }
            }
        };
    }
    deserialize_with_any!(Skip);
    deserialize_with_any!(Node);
    deserialize_with_any!(Field);

    struct AnyVisitor<R>(std::marker::PhantomData<R>);

    impl<'de, R: Make> Visitor<'de> for AnyVisitor<R> {
        type Value = R;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_bool<E>(self, _: bool) -> Result<R, E> {
            Ok(R::other())
        }
        fn visit_i64<E>(self, _: i64) -> Result<R, E> {
            Ok(R::other())
        }
        fn visit_u64<E>(self, _: u64) -> Result<R, E> {
            Ok(R::other())
        }
        fn visit_f64<E>(self, _: f64) -> Result<R, E> {
            Ok(R::other())
        }
        fn visit_unit<E>(self) -> Result<R, E> {
            Ok(R::other())
        }
        fn visit_str<E>(self, s: &str) -> Result<R, E> {
            Ok(R::text(s))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<R, A::Error> {
            while seq.next_element::<Skip>()?.is_some() {}
            Ok(R::other())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<R, A::Error> {
            let mut doc = Doc::default();
            while let Some(key) = map.next_key::<Key>()? {
                match key {
                    Key::Order(i) => doc.keys[i] = Some(map.next_value::<Field>()?),
                    Key::Detail => doc.detail = Some(Box::new(map.next_value::<Node>()?)),
                    Key::S => {
                        doc.s = Some(match map.next_value::<Field>()? {
                            Field::Text(s) => Some(s),
                            _ => None,
                        })
                    }
                    Key::Other => {
                        map.next_value::<Skip>()?;
                    }
                }
            }
            Ok(R::object(doc))
        }
    }

    /// An object's key, told apart as it is read: no String for every key.
    enum Key {
        Order(usize),
        Detail,
        S,
        Other,
    }

    impl<'de> Deserialize<'de> for Key {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            // `deserialize_string`, as a String key asks: the same decoding and errors.
            d.deserialize_string(KeyVisitor)
        }
    }

    struct KeyVisitor;

    impl<'de> Visitor<'de> for KeyVisitor {
        type Value = Key;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E>(self, key: &str) -> Result<Key, E> {
            Ok(match KEYS.iter().position(|k| *k == key) {
                Some(i) => Key::Order(i),
                None if key == "detail" => Key::Detail,
                None if key == "S" => Key::S,
                None => Key::Other,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamodb::{item_from_plain, item_to_plain};
    use serde_json::json;

    /// The definition `order_id_of` must keep: parse a `Value`, then `order_id_in`.
    fn reference(text: &str) -> Option<String> {
        if !text.contains("rderId") && !text.contains("pedidoId") && !text.contains("order_id") {
            return None;
        }
        serde_json::from_str::<Value>(text)
            .ok()
            .and_then(|v| order_id_in(&v))
    }

    const KEYS: [&str; 7] = [
        "orderId", "pedidoId", "order_id", "detail", "S", "x", "orderId",
    ];
    const SCALARS: [&str; 9] = [
        "\"o-1\"",
        "\"p\\u00e7\"",
        "7",
        "1e400",
        "null",
        "true",
        "\"\\ud800\"",
        "\"\"",
        "-0.5",
    ];

    fn random_doc(r: &mut crate::kernel::rng::Rng, depth: u32) -> String {
        crate::testing::random_json_text(r, depth, &KEYS, &SCALARS)
    }

    #[test]
    fn reading_the_text_once_finds_what_a_value_would() {
        let mut r = crate::kernel::rng::Rng::new(11);
        let mut found = 0;
        for _ in 0..20_000 {
            let mut text = random_doc(&mut r, 4);
            if r.chance_per_mille(50) {
                text.push_str(if r.chance_per_mille(500) { " x" } else { "  " });
            }
            let expected = reference(&text);
            found += expected.is_some() as u32;
            assert_eq!(order_id_of(&text), expected, "{text}");
        }
        assert!(found > 300, "many documents name an order ({found})");
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(
            order_id_of(&format!("{{\"orderId\":\"a\",\"d\":{deep}}}")),
            None
        );
    }

    #[test]
    fn order_id_from_an_item_is_the_order_id_of_its_plain_json() {
        let cases = [
            json!({ "orderId": "o-1", "pedidoId": "p-1" }),
            json!({ "pedidoId": "p-2", "status": "NEW" }),
            json!({ "order_id": 7, "orderId": 8 }),
            json!({ "orderId": { "S": "typed" } }),
            json!({ "orderId": { "N": "1" }, "order_id": "x" }),
            json!({ "detail": { "pedidoId": "nested" } }),
            json!({ "detail": "not an object", "other": 1 }),
            json!({}),
        ];
        for plain in cases {
            let item = item_from_plain(&plain).unwrap();
            assert_eq!(
                order_id_in_item(&item),
                order_id_in(&item_to_plain(&item)),
                "{plain}"
            );
            // What sqs_send_item relies on: the body it writes names the same order.
            assert_eq!(
                order_id_in_item(&item),
                order_id_of(&crate::labs::json_dumps::dumps_item(&item)),
                "{plain}"
            );
        }
    }
}
