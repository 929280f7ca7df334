//! A scenario's `Guide`: the lab as numbered steps, in the lab's own language, each
//! with what to do and why, a hint, an automatic check on the simulation's state,
//! and a "show me" (actions, and waits for time to pass). Data, so a teacher can
//! write a new lab without Rust. Checks are evaluated in `world::view::guide`.

use serde_json::Value;

use crate::action::{Action, FaultKind};
use crate::kernel::trace::TraceKind;
use crate::services::de::FromJson;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Guide {
    pub title: String,
    /// The language the steps are written in (`pt-BR`, `en`).
    pub language: String,
    pub steps: Vec<GuideStep>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GuideStep {
    pub title: String,
    /// What to do.
    pub task: String,
    /// Why, and what really happens (where the seed says otherwise).
    pub why: String,
    pub hint: String,
    pub check: Check,
    pub show_me: Vec<ShowMe>,
}

impl GuideStep {
    /// The step is done with EventBridge's Send events (its show-me puts events and
    /// sends no request or message), so the app shows that form first.
    pub fn sends_events(&self) -> bool {
        let puts = |s: &ShowMe| matches!(s, ShowMe::Apply(a) if matches!(a.as_ref(), Action::PutEvents { .. }));
        self.show_me.iter().any(puts) && !self.sends_orders()
    }

    /// The step sends a batch of orders (its show-me posts five or more back to back, as
    /// "Submit 10 orders" does): it is done with the many-orders form. Orders sent
    /// "one at a time" have waits between them.
    pub fn sends_many_orders(&self) -> bool {
        let mut run = 0;
        self.show_me.iter().any(|s| {
            run = if s.sends_an_order() { run + 1 } else { 0 };
            run >= 5
        })
    }

    /// The step sends one SendMessageBatch: it is done with the batch form.
    pub fn sends_a_batch(&self) -> bool {
        self.show_me.iter().any(|s| matches!(s, ShowMe::Apply(a) if matches!(a.as_ref(), Action::SendMessageBatch { .. })))
    }

    /// The step sends an order (its show-me posts to the API or sends to the queue):
    /// it is done with the order form.
    pub fn sends_orders(&self) -> bool {
        self.show_me.iter().any(ShowMe::sends_an_order)
    }
}

impl ShowMe {
    /// An order entering the system: a request to the API or a message to the queue.
    fn sends_an_order(&self) -> bool {
        matches!(self, ShowMe::Apply(a) if matches!(a.as_ref(), Action::HttpRequest { .. } | Action::SendMessage { .. }))
    }
}

/// What "show me" does, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum ShowMe {
    Apply(Box<Action>),
    /// Lets sim time run this long.
    Wait {
        ms: u64,
    },
}

/// A condition on the simulation's state.
#[derive(Clone, Debug, PartialEq)]
pub enum Check {
    /// An item's attribute has a value: `pedidoId = apiP001` has `statusPedido = CANCELADO`.
    ItemAttribute {
        table: String,
        key_attribute: String,
        key_value: String,
        attribute: String,
        equals: String,
    },
    /// A queue holds at least `at_least` messages (visible, in flight or delayed).
    QueueMessages {
        queue: String,
        at_least: u64,
    },
    /// A queue holds no message at all.
    QueueEmpty {
        queue: String,
    },
    AlarmState {
        alarm: String,
        state: String,
    },
    /// A function's fault switch is on (or off).
    Fault {
        function: String,
        fault: FaultKind,
        enabled: bool,
    },
    /// The trace has at least `at_least` entries of a kind (on a resource).
    Trace {
        kind: TraceKind,
        resource: Option<String>,
        /// Only entries about this order.
        order_id: Option<String>,
        at_least: u64,
        /// Only entries written after the last entry of this kind: "purged since the
        /// message last reached the DLQ", not a purge from before it.
        after: Option<TraceKind>,
    },
    /// A role's policies allow an action on a resource now: "the role is fixed",
    /// which an item's status cannot tell once an earlier call already set it.
    RoleAllows {
        role: String,
        action: String,
        resource_arn: String,
    },
    /// A function's log has a line containing the text.
    LogContains {
        function: String,
        text: String,
    },
    /// Every check holds.
    All(Vec<Check>),
    /// At least one check holds: for a step whose outcome the simulation decides,
    /// such as which of two consumers of one queue receives a message.
    Any(Vec<Check>),
}

fn text(v: &Value, key: &str, path: &str) -> Result<String, String> {
    match v.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(format!("{path}.{key} must be a string")),
        None => Err(format!("{path}: missing {key}")),
    }
}

fn count(v: &Value, key: &str, default: u64, path: &str) -> Result<u64, String> {
    match v.get(key) {
        None => Ok(default),
        Some(x) => x
            .as_u64()
            .ok_or_else(|| format!("{path}.{key} must be a whole number")),
    }
}

impl Check {
    fn parse(v: &Value, path: &str) -> Result<Check, String> {
        let kind = text(v, "Type", path)?;
        Ok(match kind.as_str() {
            "ItemAttribute" => {
                let key = v
                    .get("Key")
                    .and_then(Value::as_object)
                    .filter(|k| k.len() == 1)
                    .ok_or_else(|| format!("{path}.Key must be one attribute: {{\"pedidoId\": \"apiP001\"}}"))?;
                let (key_attribute, key_value) = key.iter().next().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string())).unwrap_or_default();
                Check::ItemAttribute {
                    table: text(v, "TableName", path)?,
                    key_attribute,
                    key_value,
                    attribute: text(v, "Attribute", path)?,
                    equals: text(v, "Equals", path)?,
                }
            }
            "QueueMessages" => Check::QueueMessages {
                queue: text(v, "QueueName", path)?,
                at_least: count(v, "AtLeast", 1, path)?,
            },
            "QueueEmpty" => Check::QueueEmpty {
                queue: text(v, "QueueName", path)?,
            },
            "AlarmState" => Check::AlarmState {
                alarm: text(v, "AlarmName", path)?,
                state: text(v, "StateValue", path)?,
            },
            "Fault" => Check::Fault {
                function: text(v, "FunctionName", path)?,
                fault: FaultKind::from_json(&Value::String(text(v, "Fault", path)?))
                    .map_err(|e| format!("{path}.Fault: {e}"))?,
                enabled: v.get("Enabled").and_then(Value::as_bool).unwrap_or(true),
            },
            "Trace" => Check::Trace {
                kind: {
                    let name = text(v, "Kind", path)?;
                    TraceKind::from_name(&name).ok_or_else(|| {
                        format!("{path}.Kind: \"{name}\" is not a trace kind (MessageMovedToDlq, RedriveFinished, EmailSent, …)")
                    })?
                },
                resource: v.get("Resource").and_then(Value::as_str).map(str::to_string),
                order_id: v.get("OrderId").and_then(Value::as_str).map(str::to_string),
                at_least: count(v, "AtLeast", 1, path)?,
                after: match v.get("After").and_then(Value::as_str) {
                    None => None,
                    Some(name) => Some(TraceKind::from_name(name).ok_or_else(|| {
                        format!("{path}.After: \"{name}\" is not a trace kind (MessageMovedToDlq, RedriveFinished, EmailSent, …)")
                    })?),
                },
            },
            "RoleAllows" => Check::RoleAllows {
                role: text(v, "RoleName", path)?,
                action: text(v, "Action", path)?,
                resource_arn: text(v, "Resource", path)?,
            },
            "LogContains" => Check::LogContains {
                function: text(v, "FunctionName", path)?,
                text: text(v, "Text", path)?,
            },
            "All" => Check::All(checks(v, path)?),
            "Any" => Check::Any(checks(v, path)?),
            other => return Err(format!("{path}: unknown check Type \"{other}\" (ItemAttribute, QueueMessages, QueueEmpty, AlarmState, Fault, Trace, RoleAllows, LogContains, All or Any)")),
        })
    }
}

/// The `Checks` list of an All or Any check.
fn checks(v: &Value, path: &str) -> Result<Vec<Check>, String> {
    let Some(Value::Array(a)) = v.get("Checks") else {
        return Err(format!("{path}.Checks must be a list of checks"));
    };
    let mut checks = Vec::with_capacity(a.len());
    for (i, c) in a.iter().enumerate() {
        checks.push(Check::parse(c, &format!("{path}.Checks[{i}]"))?);
    }
    Ok(checks)
}

fn show_me(v: &Value, path: &str) -> Result<Vec<ShowMe>, String> {
    let Some(items) = v.as_array() else {
        return Err(format!("{path} must be a list"));
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = format!("{path}[{i}]");
        if let Some(w) = item.get("Wait") {
            let ms = w
                .as_str()
                .ok_or_else(|| "a duration like \"75s\"".to_string())
                .and_then(crate::kernel::time::parse_duration_ms)
                .map_err(|e| format!("{at}.Wait: {e}"))?;
            out.push(ShowMe::Wait { ms });
        } else {
            let a = Action::from_json(item).map_err(|e| format!("{at}: {e}"))?;
            out.push(ShowMe::Apply(Box::new(a)));
        }
    }
    Ok(out)
}

impl Guide {
    /// Reads a scenario's `Guide` section; errors name the step and the field.
    pub fn parse(v: &Value) -> Result<Option<Guide>, String> {
        if v.is_null() {
            return Ok(None);
        }
        let path = "Guide";
        let Some(Value::Array(steps)) = v.get("Steps") else {
            return Err("Guide.Steps must be a list of steps".into());
        };
        let mut out = Vec::new();
        for (i, s) in steps.iter().enumerate() {
            let p = format!("Guide.Steps[{i}]");
            let check = s
                .get("Check")
                .ok_or_else(|| format!("{p}: missing Check"))?;
            out.push(GuideStep {
                title: text(s, "Title", &p)?,
                task: text(s, "Do", &p)?,
                why: text(s, "Why", &p)?,
                hint: text(s, "Hint", &p)?,
                check: Check::parse(check, &format!("{p}.Check"))?,
                show_me: show_me(
                    s.get("ShowMe").unwrap_or(&Value::Array(vec![])),
                    &format!("{p}.ShowMe"),
                )?,
            });
        }
        Ok(Some(Guide {
            title: text(v, "Title", path)?,
            language: text(v, "Language", path)?,
            steps: out,
        }))
    }
}
