//! DynamoDB's typed attribute values, and their mapping to plain JSON for display.

use std::cmp::Ordering;

use serde_json::{json, Map, Value};

pub use super::item::Item;

#[derive(Clone, Debug, PartialEq)]
pub enum AttributeValue {
    S(String),
    /// Numbers travel as strings, as in DynamoDB's wire format.
    N(String),
    Bool(bool),
    Null,
    M(Item),
    L(Vec<AttributeValue>),
    Ss(Vec<String>),
    Ns(Vec<String>),
}

impl AttributeValue {
    /// The DynamoDB type descriptor: `S`, `N`, `BOOL`, `NULL`, `M`, `L`, `SS`, `NS`.
    pub fn type_name(&self) -> &'static str {
        match self {
            AttributeValue::S(_) => "S",
            AttributeValue::N(_) => "N",
            AttributeValue::Bool(_) => "BOOL",
            AttributeValue::Null => "NULL",
            AttributeValue::M(_) => "M",
            AttributeValue::L(_) => "L",
            AttributeValue::Ss(_) => "SS",
            AttributeValue::Ns(_) => "NS",
        }
    }

    pub fn number(n: f64) -> Self {
        AttributeValue::N(format_number(n))
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            AttributeValue::N(n) => n.parse().ok(),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            AttributeValue::S(s) => Some(s),
            _ => None,
        }
    }

    /// From plain JSON, as boto3's resource layer does: strings are S, numbers N, …
    pub fn from_plain(v: &Value) -> Self {
        match v {
            Value::String(s) => AttributeValue::S(s.clone()),
            Value::Number(n) => AttributeValue::N(n.to_string()),
            Value::Bool(b) => AttributeValue::Bool(*b),
            Value::Null => AttributeValue::Null,
            Value::Array(a) => {
                AttributeValue::L(a.iter().map(AttributeValue::from_plain).collect())
            }
            Value::Object(o) => AttributeValue::M(
                o.iter()
                    .map(|(k, v)| (k.clone(), AttributeValue::from_plain(v)))
                    .collect(),
            ),
        }
    }

    /// To plain JSON for display (the console's "Explore items" view).
    pub fn to_plain(&self) -> Value {
        match self {
            AttributeValue::S(s) => Value::String(s.clone()),
            AttributeValue::N(n) => plain_number(n),
            AttributeValue::Bool(b) => Value::Bool(*b),
            AttributeValue::Null => Value::Null,
            AttributeValue::M(m) => Value::Object(
                m.iter()
                    .map(|(k, v)| (k.to_string(), v.to_plain()))
                    .collect(),
            ),
            AttributeValue::L(l) => Value::Array(l.iter().map(|v| v.to_plain()).collect()),
            AttributeValue::Ss(s) => json!(s),
            AttributeValue::Ns(n) => Value::Array(n.iter().map(|x| plain_number(x)).collect()),
        }
    }

    /// To DynamoDB's typed JSON: `{"S": "abc"}`, `{"N": "12"}`, … (stream images, exports).
    /// Built directly: `json!` would re-serialise nested values.
    pub fn to_typed(&self) -> Value {
        let (tag, v) = match self {
            AttributeValue::S(s) => ("S", Value::String(s.clone())),
            AttributeValue::N(n) => ("N", Value::String(n.clone())),
            AttributeValue::Bool(b) => ("BOOL", Value::Bool(*b)),
            AttributeValue::Null => ("NULL", Value::Bool(true)),
            AttributeValue::M(m) => ("M", item_to_typed(m)),
            AttributeValue::L(l) => ("L", Value::Array(l.iter().map(|v| v.to_typed()).collect())),
            AttributeValue::Ss(s) => (
                "SS",
                Value::Array(s.iter().cloned().map(Value::String).collect()),
            ),
            AttributeValue::Ns(n) => (
                "NS",
                Value::Array(n.iter().cloned().map(Value::String).collect()),
            ),
        };
        let mut m = Map::new();
        m.insert(tag.to_string(), v);
        Value::Object(m)
    }

    /// Compares two values as DynamoDB does for `<`, `>`, BETWEEN: same-type numbers
    /// or strings only. `None` when they cannot be ordered.
    pub fn compare(&self, other: &AttributeValue) -> Option<Ordering> {
        match (self, other) {
            (AttributeValue::N(_), AttributeValue::N(_)) => {
                self.as_f64()?.partial_cmp(&other.as_f64()?)
            }
            (AttributeValue::S(a), AttributeValue::S(b)) => Some(a.as_bytes().cmp(b.as_bytes())),
            _ => None,
        }
    }

    /// Equality as DynamoDB sees it: numbers by value (`1` = `1.0`).
    pub fn equals(&self, other: &AttributeValue) -> bool {
        match (self, other) {
            (AttributeValue::N(_), AttributeValue::N(_)) => {
                self.compare(other) == Some(Ordering::Equal)
            }
            _ => self == other,
        }
    }

    /// The same data as DynamoDB stores it: numbers by value (it trims "10.0" to 10),
    /// sets in any order, maps and lists compared the same way inside.
    pub fn same_data(&self, other: &AttributeValue) -> bool {
        use AttributeValue as A;
        // Written the same is the same data: most attributes of a write that changes
        // something are untouched, and this runs on every stream table's write.
        if self == other {
            return true;
        }
        let same_numbers = |a: &String, b: &String| {
            a == b || matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if x == y)
        };
        match (self, other) {
            (A::N(a), A::N(b)) => same_numbers(a, b),
            (A::M(a), A::M(b)) => same_item(a, b),
            (A::L(a), A::L(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_data(y))
            }
            (A::Ss(a), A::Ss(b)) => a.len() == b.len() && a.iter().all(|x| b.contains(x)),
            (A::Ns(a), A::Ns(b)) => {
                a.len() == b.len() && a.iter().all(|x| b.iter().any(|y| same_numbers(x, y)))
            }
            _ => self == other,
        }
    }

    /// The `size()` function: string length in bytes, set/list/map element count.
    pub fn size(&self) -> Option<usize> {
        match self {
            AttributeValue::S(s) => Some(s.len()),
            AttributeValue::L(l) => Some(l.len()),
            AttributeValue::M(m) => Some(m.len()),
            AttributeValue::Ss(s) => Some(s.len()),
            AttributeValue::Ns(n) => Some(n.len()),
            _ => None,
        }
    }
}

pub fn item_from_plain(v: &Value) -> Option<Item> {
    match AttributeValue::from_plain(v) {
        AttributeValue::M(m) => Some(m),
        _ => None,
    }
}

pub fn item_to_plain(item: &Item) -> Value {
    Value::Object(
        item.iter()
            .map(|(k, v)| (k.to_string(), v.to_plain()))
            .collect(),
    )
}

pub fn item_to_typed(item: &Item) -> Value {
    Value::Object(
        item.iter()
            .map(|(k, v)| (k.to_string(), v.to_typed()))
            .collect::<Map<_, _>>(),
    )
}

fn plain_number(n: &str) -> Value {
    serde_json::from_str::<serde_json::Number>(n)
        .map(Value::Number)
        .unwrap_or_else(|_| Value::String(n.to_string()))
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A stream image (`{"S": …}` values) as plain JSON.
pub fn typed_json_to_plain(image: &Value) -> Value {
    Value::Object(
        image
            .as_object()
            .map(|o| {
                o.iter()
                    .map(|(k, v)| (k.clone(), typed_value_to_plain(v)))
                    .collect()
            })
            .unwrap_or_default(),
    )
}

/// One typed value (`{"N": "5"}`) as plain JSON, as boto3's TypeDeserializer reads it.
pub fn typed_value_to_plain(v: &Value) -> Value {
    let Some((t, x)) = v.as_object().and_then(|o| o.iter().next()) else {
        return Value::Null;
    };
    match t.as_str() {
        "S" => x.clone(),
        "N" => x
            .as_str()
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or(Value::Null),
        "BOOL" => x.clone(),
        "NULL" => Value::Null,
        "L" => Value::Array(
            x.as_array()
                .map(|a| a.iter().map(typed_value_to_plain).collect())
                .unwrap_or_default(),
        ),
        "M" => typed_json_to_plain(x),
        "SS" | "NS" => x.clone(),
        _ => Value::Null,
    }
}

/// Two items with the same data (`AttributeValue::same_data` for every attribute).
pub fn same_item(a: &Item, b: &Item) -> bool {
    a.len() == b.len()
        && a.iter()
            .all(|(k, x)| b.get(k).is_some_and(|y| x.same_data(y)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_typed_round_trip() {
        let plain = json!({"orderId": "o-1", "amount": 1499, "items": [{"sku": "A", "qtd": 2}], "ok": true, "x": null});
        let item = item_from_plain(&plain).unwrap();
        assert_eq!(item_to_plain(&item), plain);
        assert_eq!(item_to_typed(&item)["amount"], json!({"N": "1499"}));
        assert_eq!(
            item_to_typed(&item)["items"]["L"][0]["M"]["sku"],
            json!({"S": "A"})
        );
        assert_eq!(item_to_typed(&item)["x"], json!({"NULL": true}));
    }

    #[test]
    fn numbers_compare_by_value() {
        assert!(AttributeValue::N("1".into()).equals(&AttributeValue::N("1.0".into())));
        assert_eq!(
            AttributeValue::N("9".into()).compare(&AttributeValue::N("10".into())),
            Some(Ordering::Less)
        );
        assert_eq!(
            AttributeValue::S("9".into()).compare(&AttributeValue::N("10".into())),
            None
        );
    }
}
