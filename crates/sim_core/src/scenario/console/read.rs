//! Reads the `Console` section from parsed JSON, property by property, with errors
//! that name the property as the rest of the scenario checks do. Every error goes
//! through `fail`: each `format!` site costs the wasm build code.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::FixedVariant;
use super::{
    Console, EventPreset, FormField, LocalText, MessageGroup, NumberSeries, OrderEntry, OrderForm,
    OrdersTable, SendEvents, StatusColour, UploadSample,
};

fn fail(path: &str, what: &str, name: &str) -> String {
    format!("{path}: {what}{name}")
}

/// One JSON object being read, and where it sits, for error messages.
struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: String,
}

impl<'a> Obj<'a> {
    fn new(v: &'a Value, path: String, known: &[&str]) -> Result<Obj<'a>, String> {
        let Some(map) = v.as_object() else {
            return Err(fail(&path, "must be an object", ""));
        };
        if let Some(k) = map.keys().find(|k| !known.contains(&k.as_str())) {
            let what = format!("unknown property `{k}`, expected one of: ");
            return Err(fail(&path, &what, &known.join(", ")));
        }
        Ok(Obj { map, path })
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn at(&self, key: &str) -> String {
        let mut p = self.path.clone();
        p.push('.');
        p.push_str(key);
        p
    }

    fn child(&self, key: &str, known: &[&str]) -> Result<Option<Obj<'a>>, String> {
        match self.get(key) {
            Some(v) => Obj::new(v, self.at(key), known).map(Some),
            None => Ok(None),
        }
    }

    fn string(&self, key: &str) -> Result<Option<String>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(fail(&self.at(key), "must be a string", "")),
        }
    }

    /// An array of strings (empty when absent).
    fn strings(&self, key: &str) -> Result<Vec<String>, String> {
        let Some(v) = self.get(key) else {
            return Ok(Vec::new());
        };
        let texts = v.as_array().and_then(|a| {
            a.iter()
                .map(|x| x.as_str().map(str::to_string))
                .collect::<Option<Vec<String>>>()
        });
        texts.ok_or_else(|| fail(&self.at(key), "must be an array of strings", ""))
    }

    fn required<T>(&self, key: &str, v: Option<T>) -> Result<T, String> {
        v.ok_or_else(|| fail(&self.path, "missing property ", key))
    }

    fn number(&self, key: &str) -> Result<Option<u64>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => match v.as_u64() {
                Some(n) => Ok(Some(n)),
                None => Err(fail(&self.at(key), "must be a whole number", "")),
            },
        }
    }

    fn value(&self, key: &str) -> Option<Value> {
        self.get(key).cloned()
    }

    /// Each property's value, read by `read`. (A loop, not `collect`: collecting into
    /// a map sorts, and each sort costs the wasm build kilobytes.)
    fn each<T>(
        &self,
        key: &str,
        read: fn(&Value, String) -> Result<T, String>,
    ) -> Result<BTreeMap<String, T>, String> {
        let mut out = BTreeMap::new();
        let Some(v) = self.get(key) else {
            return Ok(out);
        };
        let Some(map) = v.as_object() else {
            return Err(fail(&self.at(key), "must be an object", ""));
        };
        for (k, x) in map {
            let mut path = self.at(key);
            path.push('.');
            path.push_str(k);
            out.insert(k.clone(), read(x, path)?);
        }
        Ok(out)
    }

    fn text(&self, key: &str) -> Result<Option<LocalText>, String> {
        if self.get(key).is_none() {
            return Ok(None);
        }
        let texts = self.each(key, |v, path| match v {
            Value::String(s) => Ok(s.clone()),
            _ => Err(fail(&path, "must be a string", "")),
        })?;
        Ok(Some(LocalText(texts)))
    }
}

pub(super) fn console(v: &Value) -> Result<Console, String> {
    if v.is_null() {
        return Ok(Console::default());
    }
    let known = [
        "OrderEntry",
        "SendEvents",
        "Orders",
        "RuleTestEventDetail",
        "UploadSample",
        "FixedVariant",
        "NameSuffix",
        "NameSuffixOrders",
        "NextStage",
    ];
    let o = Obj::new(v, "Console".into(), &known)?;
    let order_entry = match o.child("OrderEntry", ORDER_ENTRY)? {
        Some(e) => read_order_entry(&e)?,
        None => OrderEntry::default(),
    };
    let send_events = match o.child("SendEvents", &["DefaultOrderId", "Presets"])? {
        Some(e) => read_send_events(&e)?,
        None => SendEvents::default(),
    };
    let orders = match o.child("Orders", ORDERS)? {
        Some(e) => read_orders(&e)?,
        None => OrdersTable::default(),
    };
    let upload_sample = match o.child("UploadSample", &["Key", "Body"])? {
        Some(u) => {
            let key = u.string("Key")?;
            let body = u.string("Body")?;
            Some(UploadSample {
                key: u.required("Key", key)?,
                body: u.required("Body", body)?,
            })
        }
        None => None,
    };
    let fixed_variant = match o.child("FixedVariant", &["Scenario", "Text"])? {
        Some(f) => {
            let scenario = f.required("Scenario", f.string("Scenario")?)?;
            if !crate::scenario::BUILTIN
                .iter()
                .any(|(id, _)| *id == scenario)
            {
                return Err(fail(
                    &f.at("Scenario"),
                    "no built-in scenario is named ",
                    &scenario,
                ));
            }
            let text = f.text("Text")?;
            Some(FixedVariant {
                scenario,
                text: f.required("Text", text)?,
            })
        }
        None => None,
    };
    let next_stage = o.string("NextStage")?;
    if let Some(id) = &next_stage {
        if !crate::scenario::BUILTIN.iter().any(|(b, _)| b == id) {
            return Err(fail(
                &o.at("NextStage"),
                "no built-in scenario is named ",
                id,
            ));
        }
    }
    // Read here so a mistyped list is refused; with_name_suffix applies it.
    o.strings("NameSuffixOrders")?;
    Ok(Console {
        name_suffix: o.string("NameSuffix")?,
        fixed_variant,
        next_stage,
        order_entry,
        send_events,
        orders,
        rule_test_event_detail: o.value("RuleTestEventDetail"),
        upload_sample,
    })
}

const ORDER_ENTRY: &[&str] = &[
    "Form",
    "Template",
    "Generated",
    "GeneratedNumbers",
    "MessageGroup",
];
const ORDERS: &[&str] = &[
    "TableName",
    "StatusAttribute",
    "StatusColours",
    "CreatedAtAttribute",
    "ColumnsFirst",
    "TabLabel",
];

fn read_order_entry(o: &Obj) -> Result<OrderEntry, String> {
    let form = match o.child("Form", &["Customer", "Product", "Amount", "Notes"])? {
        Some(f) => Some(OrderForm {
            customer: read_field(&f, "Customer")?,
            product: read_field(&f, "Product")?,
            amount: read_field(&f, "Amount")?,
            notes: read_field(&f, "Notes")?,
        }),
        None => None,
    };
    let message_group = match o.child("MessageGroup", &["Prefix", "Attribute"])? {
        Some(g) => Some(MessageGroup {
            prefix: g.string("Prefix")?.unwrap_or_default(),
            attribute: g.required("Attribute", g.string("Attribute")?)?,
        }),
        None => None,
    };
    Ok(OrderEntry {
        form,
        template: o.value("Template"),
        generated: o.value("Generated"),
        generated_numbers: o.each("GeneratedNumbers", read_series)?,
        message_group,
    })
}

fn read_field(form: &Obj, key: &str) -> Result<FormField, String> {
    let f = form.child(key, &["Attribute", "Default", "Hint"])?;
    let f = form.required(key, f)?;
    Ok(FormField {
        attribute: f.required("Attribute", f.string("Attribute")?)?,
        default: f.string("Default")?.unwrap_or_default(),
        hint: f.text("Hint")?,
    })
}

fn read_series(v: &Value, path: String) -> Result<NumberSeries, String> {
    let o = Obj::new(v, path, &["Start", "Step", "Cycle", "Below"])?;
    Ok(NumberSeries {
        start: o.required("Start", o.number("Start")?)?,
        step: o.number("Step")?.unwrap_or(1),
        cycle: o.number("Cycle")?,
        below: o.number("Below")?,
    })
}

fn read_send_events(o: &Obj) -> Result<SendEvents, String> {
    let mut presets = Vec::new();
    match o.get("Presets") {
        None => {}
        Some(Value::Array(items)) => {
            for (i, p) in items.iter().enumerate() {
                let mut path = o.at("Presets");
                path.push_str(&format!("[{i}]"));
                presets.push(read_preset(p, path)?);
            }
        }
        Some(_) => return Err(fail(&o.at("Presets"), "must be an array", "")),
    }
    Ok(SendEvents {
        default_order_id: o.string("DefaultOrderId")?.unwrap_or_default(),
        presets,
    })
}

fn read_preset(v: &Value, path: String) -> Result<EventPreset, String> {
    let known = ["Label", "EventBusName", "Source", "DetailType", "Detail"];
    let o = Obj::new(v, path, &known)?;
    Ok(EventPreset {
        label: o.text("Label")?,
        event_bus_name: o.required("EventBusName", o.string("EventBusName")?)?,
        source: o.required("Source", o.string("Source")?)?,
        detail_type: o.required("DetailType", o.string("DetailType")?)?,
        detail: o.required("Detail", o.value("Detail"))?,
    })
}

fn read_orders(o: &Obj) -> Result<OrdersTable, String> {
    Ok(OrdersTable {
        table_name: o.string("TableName")?,
        status_attribute: o.string("StatusAttribute")?,
        status_colours: o.each("StatusColours", read_colour)?,
        created_at_attribute: o.string("CreatedAtAttribute")?,
        columns_first: o.strings("ColumnsFirst")?,
        tab_label: o.text("TabLabel")?,
    })
}

fn read_colour(v: &Value, path: String) -> Result<StatusColour, String> {
    Ok(match v.as_str() {
        Some("green") => StatusColour::Green,
        Some("red") => StatusColour::Red,
        Some("grey") => StatusColour::Grey,
        Some("blue") => StatusColour::Blue,
        Some("amber") => StatusColour::Amber,
        _ => return Err(fail(&path, "must be green, red, grey, blue or amber", "")),
    })
}
