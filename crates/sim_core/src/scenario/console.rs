//! A scenario's `Console` section: what the learner's console offers for this lab, as
//! data. How an order is entered (a web form or a JSON body) and what "submit N"
//! generates; the Send events presets; which table holds the orders and how their
//! statuses are coloured; the detail of the rule test box's sample event. The
//! simulation never reads it; the app and reports do.
//!
//! Read by hand from the parsed JSON rather than with serde's derive: the derived
//! visitors cost the browser app about 17 KB gzipped for a dozen small structs.

mod read;

use std::collections::BTreeMap;

use serde_json::Value;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Console {
    pub order_entry: OrderEntry,
    pub send_events: SendEvents,
    pub orders: OrdersTable,
    /// The `detail` of the sample event a rule's test box starts with.
    pub rule_test_event_detail: Option<Value>,
    /// The file a bucket's upload form starts with.
    pub upload_sample: Option<UploadSample>,
    /// Another built-in scenario that fixes a trap this one shows on purpose.
    pub fixed_variant: Option<FixedVariant>,
    /// The built-in scenario of the lab's next stage (lab 004's streams → SQS worker →
    /// pipes), named when this one's guide is done.
    pub next_stage: Option<String>,
    /// The lab's placeholder for the learner's name on resources (`seu-nome`): the
    /// scenario can be opened as `ID@NAME` (see `scenario::suffix`).
    pub name_suffix: Option<String>,
}

/// `"FixedVariant": {"Scenario": "lab004-pipes-fanout", "Text": {"en": …, "pt-BR": …}}`:
/// the scenario to open, and what it changes, in the learner's languages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FixedVariant {
    pub scenario: String,
    pub text: LocalText,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct UploadSample {
    pub key: String,
    pub body: String,
}

impl Console {
    /// Reads a scenario file's `Console` section (absent: the defaults). Errors name
    /// the file and the property.
    pub fn parse(file: &str, v: &Value) -> Result<Console, String> {
        read::console(v).map_err(|e| format!("{file}: {e}"))
    }
}

/// Text in the learner's languages, by language tag (`en`, `pt-BR`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LocalText(pub BTreeMap<String, String>);

impl LocalText {
    /// The text in `lang`, else in English, else in any language given.
    pub fn get(&self, lang: &str) -> &str {
        self.0
            .get(lang)
            .or_else(|| self.0.get("en"))
            .or_else(|| self.0.values().next())
            .map_or("", String::as_str)
    }
}

/// How one order is entered and what "submit N" sends.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrderEntry {
    /// A web form in front of the API; None: a JSON body editor.
    pub form: Option<OrderForm>,
    /// The JSON body the editor starts with.
    pub template: Option<Value>,
    /// The n-th generated order. In strings, `{n}` is n, `{n:03}` n zero-padded to 3
    /// digits, `{n%3}` n modulo 3.
    pub generated: Option<Value>,
    /// Numeric attributes of generated orders: Start + (n % Cycle) × Step.
    pub generated_numbers: BTreeMap<String, NumberSeries>,
    /// FIFO queues: each message's group, from an attribute of its body.
    pub message_group: Option<MessageGroup>,
}

/// The web form's four fields: which body attribute each fills, and its start value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrderForm {
    pub customer: FormField,
    pub product: FormField,
    /// Sent as a number.
    pub amount: FormField,
    pub notes: FormField,
}

impl OrderForm {
    /// The body the form's page POSTs, in the fields' order; the amount a number (null
    /// when the learner's text is not one). No order id: the API's function makes one.
    pub fn body(&self, customer: &str, product: &str, amount: Option<f64>, notes: &str) -> Value {
        let mut o = serde_json::Map::new();
        o.insert(self.customer.attribute.clone(), Value::from(customer));
        o.insert(self.product.attribute.clone(), Value::from(product));
        o.insert(
            self.amount.attribute.clone(),
            amount.map_or(Value::Null, Value::from),
        );
        o.insert(self.notes.attribute.clone(), Value::from(notes));
        Value::Object(o)
    }

    /// What the form sends as it starts, untouched (the presenter's O key).
    pub fn default_body(&self) -> Value {
        let amount = self.amount.default.trim().parse::<f64>().ok();
        let (c, p, n) = (&self.customer, &self.product, &self.notes);
        self.body(&c.default, &p.default, amount, &n.default)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormField {
    pub attribute: String,
    pub default: String,
    /// A line under the field saying what it does in this lab.
    pub hint: Option<LocalText>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NumberSeries {
    pub start: u64,
    pub step: u64,
    /// None: no wrap-around.
    pub cycle: Option<u64>,
    /// The numbers wrap below this (lab 003's `$((RANDOM % 1000))`): with a step
    /// prime to it, every value comes once before any repeats.
    pub below: Option<u64>,
}

impl NumberSeries {
    pub fn nth(&self, n: u64) -> u64 {
        let k = match self.cycle {
            Some(c) if c > 0 => n % c,
            _ => n,
        };
        match self.below.filter(|b| *b > 0) {
            Some(b) => {
                let v = u128::from(self.start) + u128::from(k) * u128::from(self.step);
                (v % u128::from(b)) as u64
            }
            None => self.start.saturating_add(k.saturating_mul(self.step)),
        }
    }
}

/// A message group id: `Prefix` then the body's `Attribute` (or "default").
#[derive(Clone, Debug, PartialEq)]
pub struct MessageGroup {
    pub prefix: String,
    pub attribute: String,
}

impl MessageGroup {
    pub fn for_body(&self, body: &Value) -> String {
        let value = body
            .get(&self.attribute)
            .and_then(Value::as_str)
            .unwrap_or("default");
        format!("{}{value}", self.prefix)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SendEvents {
    /// The order a preset names when the orders table is empty.
    pub default_order_id: String,
    pub presets: Vec<EventPreset>,
}

/// One "Send events" preset, as the lab tells the learner to fill the console's form.
#[derive(Clone, Debug, PartialEq)]
pub struct EventPreset {
    /// The button's words, followed by the order id; None: the detail-type alone.
    pub label: Option<LocalText>,
    pub event_bus_name: String,
    pub source: String,
    pub detail_type: String,
    /// `{order}` in any string is replaced by the order's id.
    pub detail: Value,
}

impl EventPreset {
    pub fn detail_for(&self, order_id: &str) -> Value {
        map_strings(&self.detail, &|s| s.replace("{order}", order_id))
    }
}

/// Where a lab keeps its orders, and how a status reads at a glance.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrdersTable {
    /// None: the scenario's first table.
    pub table_name: Option<String>,
    pub status_attribute: Option<String>,
    /// Unlisted statuses are blue.
    pub status_colours: BTreeMap<String, StatusColour>,
    /// Picks the newest order (ISO timestamps sort as text); None: the highest id.
    pub created_at_attribute: Option<String>,
    /// Attributes shown first, in this order, after the key and the status (lab 004's
    /// failureReason, which a 1280 px screen would otherwise scroll out of view); the
    /// others follow by name.
    pub columns_first: Vec<String>,
    /// What the orders tab is called, when the table holds something else (lab 003's
    /// inventory reservations); None: "Orders".
    pub tab_label: Option<LocalText>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatusColour {
    /// Done.
    Green,
    /// Failed.
    Red,
    /// Cancelled.
    Grey,
    /// Changed, or anything else.
    #[default]
    Blue,
    /// Pending.
    Amber,
}

impl OrdersTable {
    pub fn colour(&self, status: &str) -> StatusColour {
        self.status_colours.get(status).copied().unwrap_or_default()
    }
}

impl OrderEntry {
    /// The n-th generated order: `Generated` with its placeholders filled, and the
    /// numeric series written in.
    pub fn nth_order(&self, n: u64) -> Value {
        let template = self.generated.as_ref().or(self.template.as_ref());
        let mut v = template
            .map(|t| map_strings(t, &|s| fill_n(s, n)))
            .unwrap_or_else(|| Value::Object(Default::default()));
        if let Value::Object(o) = &mut v {
            for (k, series) in &self.generated_numbers {
                o.insert(k.clone(), Value::from(series.nth(n)));
            }
        }
        v
    }
}

/// Applies `f` to every string in a JSON value, keys and structure unchanged.
fn map_strings(v: &Value, f: &dyn Fn(&str) -> String) -> Value {
    match v {
        Value::String(s) => Value::String(f(s)),
        Value::Array(a) => Value::Array(a.iter().map(|x| map_strings(x, f)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), map_strings(x, f)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Fills `{n}`, `{n:0W}` and `{n%M}` in a string; anything else stays as written.
pub fn fill_n(s: &str, n: u64) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("{n") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[at..]);
            return out;
        };
        match placeholder(&after[..end], n) {
            Some(text) => out.push_str(&text),
            None => out.push_str(&rest[at..at + 3 + end]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// `""` → n, `":03"` → zero-padded, `"%3"` → modulo; None for anything else.
fn placeholder(spec: &str, n: u64) -> Option<String> {
    if spec.is_empty() {
        return Some(n.to_string());
    }
    if let Some(width) = spec.strip_prefix(":0") {
        let width: usize = width.parse().ok().filter(|w| *w <= 20)?;
        return Some(format!("{n:0width$}"));
    }
    let m: u64 = spec.strip_prefix('%')?.parse().ok().filter(|m| *m > 0)?;
    Some((n % m).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn placeholders_fill_and_anything_else_stays() {
        assert_eq!(fill_n("apiP{n:03}", 7), "apiP007");
        assert_eq!(fill_n("web-{n:04}/{n}", 101), "web-0101/101");
        assert_eq!(fill_n("cliente-{n%3}", 101), "cliente-2");
        assert_eq!(fill_n("{order} {n:x} {n", 5), "{order} {n:x} {n");
        assert_eq!(fill_n("{n%0}", 5), "{n%0}");
    }

    #[test]
    fn generated_orders_keep_the_template_order_and_add_series() {
        let e = OrderEntry {
            generated: Some(json!({ "orderId": "web-{n:04}", "amount": 0, "notes": "" })),
            generated_numbers: [(
                "amount".to_string(),
                NumberSeries {
                    start: 100,
                    step: 10,
                    cycle: Some(50),
                    below: None,
                },
            )]
            .into(),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&e.nth_order(151)).unwrap_or_default(),
            r#"{"orderId":"web-0151","amount":110,"notes":""}"#
        );
        // Lab 003's amounts: below 1,000 and all different for a thousand orders.
        let random_like = NumberSeries {
            start: 120,
            step: 337,
            cycle: None,
            below: Some(1000),
        };
        let amounts: std::collections::BTreeSet<u64> =
            (0..1000).map(|n| random_like.nth(n)).collect();
        assert_eq!(amounts.len(), 1000);
        assert!(amounts.iter().all(|a| *a < 1000));
        assert!(random_like.nth(u64::MAX) < 1000, "no overflow");
    }

    #[test]
    fn presets_name_the_order_and_text_falls_back_to_english() {
        let p = EventPreset {
            label: Some(LocalText(
                [("en".to_string(), "Cancel order".to_string())].into(),
            )),
            event_bus_name: "b".into(),
            source: "s".into(),
            detail_type: "d".into(),
            detail: json!({ "id": "{order}", "n": [1, "x{order}"] }),
        };
        assert_eq!(p.detail_for("A1"), json!({ "id": "A1", "n": [1, "xA1"] }));
        assert_eq!(
            p.label.as_ref().map(|l| l.get("pt-BR")),
            Some("Cancel order")
        );
        let g = MessageGroup {
            prefix: "order-".into(),
            attribute: "customer_id".into(),
        };
        assert_eq!(g.for_body(&json!({ "customer_id": "c1" })), "order-c1");
        assert_eq!(g.for_body(&json!({})), "order-default");
    }

    #[test]
    fn the_console_section_is_checked_property_by_property() {
        let read = |v: serde_json::Value| Console::parse("f.json", &v);
        assert_eq!(read(serde_json::Value::Null), Ok(Console::default()));
        let e = read(json!({ "Orders": { "Table": "x" } })).unwrap_err();
        assert!(
            e.starts_with("f.json: Console.Orders: unknown property `Table`"),
            "{e}"
        );
        let tab = read(
            json!({ "Orders": { "TabLabel": { "en": "Reservations", "pt-BR": "Reservas" } } }),
        )
        .unwrap()
        .orders
        .tab_label;
        assert_eq!(tab.as_ref().map(|l| l.get("pt-BR")), Some("Reservas"));
        let e = read(json!({ "Orders": { "TabLabel": { "en": 5 } } })).unwrap_err();
        assert!(
            e.contains("Console.Orders.TabLabel.en: must be a string"),
            "{e}"
        );
        let e = read(json!({ "Orders": { "StatusColours": { "OK": "pink" } } })).unwrap_err();
        assert!(
            e.contains("Console.Orders.StatusColours.OK: must be green"),
            "{e}"
        );
        let e = read(json!({ "SendEvents": { "Presets": [{ "Source": "s" }] } })).unwrap_err();
        assert!(
            e.contains("Console.SendEvents.Presets[0]: missing property EventBusName"),
            "{e}"
        );
        let ok = read(json!({ "Orders": { "StatusColours": { "DONE": "green" } } }));
        let colour = ok.map(|c| c.orders.colour("DONE"));
        assert_eq!(colour, Ok(StatusColour::Green));
    }
}
