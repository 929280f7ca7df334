//! CloudFormation in and out: a template (YAML or JSON, short tags, SAM) becomes a
//! scenario, and a scenario becomes a template.
//!
//! Import: text → value (`parse`) → sections checked (`template`) → SAM expanded
//! (`sam`) → resources ordered by their dependencies (`graph`) → each resource's
//! intrinsics resolved (`intrinsics`, `identity`) → the scenario file's sections
//! (`convert`) → `Scenario::parse`, so the engine sees an ordinary scenario.
//! Nothing is kept from a template that fails: the caller gets an error only.

mod convert;
pub mod export;
mod graph;
mod identity;
mod intrinsics;
pub mod parse;
mod resource_types;
mod sam;
mod template;

use std::collections::BTreeSet;

use serde_json::{Map, Value};

pub use convert::{BehaviourSource, NotSimulated, METADATA_KEY, UNSUPPORTED_TYPE};
use convert::{Build, Resolved};
use intrinsics::Context;

use crate::Scenario;

/// The scenario's keys that are not AWS resources (its lab, the simulation's knobs,
/// the console, the guide, the script): they travel under `Metadata: EventLab`.
pub const SIMULATION_KEYS: &[&str] = &[
    "Lab",
    "Region",
    "PutEventsEntryLimitBytes",
    "DuplicateDeliveryPerMille",
    "Script",
    "Console",
    "Guide",
    "Translations",
];

/// A template, imported.
#[derive(Clone, Debug)]
pub struct Imported {
    pub scenario: Scenario,
    /// The scenario file the template became.
    pub scenario_json: Value,
    /// Resources declared but not simulated (listed, not refused).
    pub not_simulated: Vec<NotSimulated>,
    /// Things worth knowing (a property not simulated, a log group kept anyway).
    pub notes: Vec<String>,
    /// Each function's behaviour and where it came from.
    pub behaviours: Vec<(String, BehaviourSource)>,
}

/// Whether a file's text is a CloudFormation template rather than a scenario file:
/// YAML (scenario files are JSON), or JSON with a Resources section.
pub fn looks_like_template(text: &str) -> bool {
    if !text.trim_start().starts_with('{') {
        return true;
    }
    serde_json::from_str::<Value>(text).ok().is_some_and(|v| {
        v.get("Resources").is_some() || v.get("AWSTemplateFormatVersion").is_some()
    })
}

/// The Region the stack is deployed in: the one an export wrote under
/// `Metadata: EventLab` (lab 004 ran in us-east-2), else us-east-1.
fn region_of(map: &Map<String, Value>) -> Result<&'static str, String> {
    let named = map
        .get("Metadata")
        .and_then(|m| m.get(METADATA_KEY))
        .and_then(|m| m.get("Region"));
    match named {
        None => Ok(crate::region::DEFAULT),
        Some(v) => {
            let code = v.as_str().unwrap_or_default();
            crate::region::parse(code).ok_or_else(|| {
                format!(
                    "Template format error: Metadata EventLab: {}",
                    crate::region::unknown(code)
                )
            })
        }
    }
}

/// AWS::Lambda::EventInvokeConfig's properties from an EventInvokeConfig section (a
/// scenario's or a SAM function's): the retry and age settings as written, and each
/// destination's `Destination` as `destination` gives it.
fn event_invoke_config(
    function_id: &str,
    c: &Value,
    destination: impl Fn(&Value) -> Value,
) -> Value {
    let mut props =
        serde_json::json!({ "FunctionName": { "Ref": function_id }, "Qualifier": "$LATEST" });
    for k in ["MaximumRetryAttempts", "MaximumEventAgeInSeconds"] {
        if let Some(v) = c.get(k) {
            props[k] = v.clone();
        }
    }
    if let Some(Value::Object(d)) = c.get("DestinationConfig") {
        let dc: Map<String, Value> = d
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    serde_json::json!({ "Destination": destination(v) }),
                )
            })
            .collect();
        props["DestinationConfig"] = Value::Object(dc);
    }
    props
}

/// The stack's name from the file's: `tests/lab003.yaml` → `lab003`.
fn stack_name(file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let stem = base.split('.').next().unwrap_or(base);
    let clean: String = stem
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if clean.is_empty() {
        "eventlab".into()
    } else {
        clean
    }
}

/// Imports a template; `file` names it in messages and gives the stack its name.
pub fn import(file: &str, text: &str) -> Result<Imported, String> {
    let mut doc = parse::document(text)?;
    let Some(map) = doc.as_object_mut() else {
        return Err("Template format error: a template must be an object".into());
    };
    template::check_shape(map)?;
    let sam = sam::is_sam(map)?;
    resource_types::check(map, sam)?;
    let mut notes = Vec::new();
    if sam {
        notes.extend(sam::transform(map)?);
        template::check_shape(map)?;
    } else if map.contains_key("Globals") {
        return Err("Template format error: Globals is a SAM section: add Transform: AWS::Serverless-2016-10-31".into());
    }
    let ctx = context(map, file)?;
    let mut build = resolve_all(map, ctx)?;
    build.finish()?;
    build.notes.splice(0..0, notes);
    let mut scenario_json = build.scenario_json(head(map, file));
    let mut scenario = Scenario::parse(file, &scenario_json.to_string())
        .map_err(|e| format!("Template error: {e}"))?;
    sample_order_entry(&mut scenario, &mut scenario_json);
    Ok(Imported {
        scenario,
        scenario_json,
        not_simulated: build.not_simulated,
        notes: build.notes,
        behaviours: build.behaviours,
    })
}

fn context(map: &Map<String, Value>, file: &str) -> Result<Context, String> {
    let mut ctx = Context {
        stack_name: stack_name(file),
        region: region_of(map)?,
        parameters: template::parameters(map)?,
        mappings: map
            .get("Mappings")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        ..Default::default()
    };
    ctx.conditions = template::conditions(map, &ctx)?;
    Ok(ctx)
}

/// Resolves each resource in dependency order and adds it to the build.
fn resolve_all(map: &Map<String, Value>, mut ctx: Context) -> Result<Build, String> {
    let resources = map
        .get("Resources")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    ctx.logical_ids = resources.keys().cloned().collect();
    let params: BTreeSet<String> = ctx.parameters.keys().cloned().collect();
    let order = graph::order(&resources, &params)?;
    let mut build = Build::default();
    build.region = ctx.region;
    let mut done = Vec::with_capacity(order.len());
    for id in order {
        let r = &resources[&id];
        if let Some(c) = r.get("Condition") {
            let name = c.as_str().unwrap_or_default();
            let truth = ctx.conditions.get(name).copied().ok_or_else(|| {
                format!("Template format error: Unresolved dependencies [{name}]. Cannot reference undefined condition in resource {id}")
            })?;
            if !truth {
                continue;
            }
        }
        let ty = r["Type"].as_str().unwrap_or_default().to_string();
        let at = |e: String| format!("{e} (in resource {id})");
        let props = match r.get("Properties") {
            Some(p) => ctx
                .resolve(p)
                .map_err(at)?
                .and_then(|v| v.as_object().cloned())
                .unwrap_or_default(),
            None => Map::new(),
        };
        let metadata = match r.get("Metadata") {
            Some(m) => ctx.resolve(m).map_err(at)?.unwrap_or(Value::Null),
            None => Value::Null,
        };
        ctx.resolved
            .insert(id.clone(), identity::identity(&ty, &id, &props, ctx.region));
        let name = identity::physical_name(&ty, &id, &props);
        let at = resources.keys().position(|k| *k == id).unwrap_or(0);
        let r = Resolved {
            id,
            ty,
            name,
            props,
            metadata,
        };
        done.push((at, r));
    }
    // Resolved in dependency order, built in template order (the scenario lists
    // resources as the author wrote them): resources first, then what attaches to them.
    done.sort_by_key(|(at, r)| (convert::attaches(&r.ty), *at));
    for (_, r) in done {
        build.add(r)?;
    }
    Ok(build)
}

/// The scenario's own sections, kept in the template's top-level
/// `Metadata: EventLab` (name, console, guide, script) so a round trip loses nothing.
fn head(map: &Map<String, Value>, file: &str) -> Map<String, Value> {
    let meta = map
        .get("Metadata")
        .and_then(|m| m.get(METADATA_KEY))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut head = Map::new();
    // An export keeps a Description longer than CloudFormation's 1,024 bytes in Metadata.
    let description = meta
        .get("Description")
        .or_else(|| map.get("Description"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let name = meta
        .get("Name")
        .and_then(Value::as_str)
        .map(String::from)
        .unwrap_or_else(|| format!("Template {}", file.rsplit('/').next().unwrap_or(file)));
    head.insert("Name".into(), Value::String(name));
    head.insert("Description".into(), Value::String(description.into()));
    for k in SIMULATION_KEYS {
        if let Some(v) = meta.get(*k) {
            head.insert((*k).into(), v.clone());
        }
    }
    head
}

/// Without an order entry in `Metadata: EventLab: Console`, the console starts with
/// an order the entry's function accepts (its behaviour's sample, see
/// `labs::sample_order`) instead of `{}`, which lab 004's CreateOrder or lab 003's
/// order API refuses. The entry is the first API route's function, else the function
/// reading the first queue that is not a DLQ, as `view::EntryView` picks it. Written
/// into the scenario file too, so a download keeps it.
fn sample_order_entry(scenario: &mut Scenario, scenario_json: &mut Value) {
    let entry = &scenario.console.order_entry;
    if entry.form.is_some() || entry.template.is_some() || entry.generated.is_some() {
        return;
    }
    let function = match scenario.apis.first() {
        Some(api) => api.routes.first().map(|r| r.function_name.as_str()),
        None => scenario
            .entry_queue()
            .and_then(|q| {
                scenario
                    .mappings
                    .iter()
                    .find(|m| m.source_name() == q.queue_name)
            })
            .map(|m| crate::lambda::function_name_from(&m.function_name)),
    };
    let Some((first, nth)) = function
        .and_then(|name| scenario.functions.iter().find(|f| f.function_name == name))
        .and_then(|f| crate::labs::sample_order(&f.behavior))
    else {
        return;
    };
    let order_entry = object_at(object_at(scenario_json, "Console"), "OrderEntry");
    order_entry["Template"] = first.clone();
    order_entry["Generated"] = nth.clone();
    scenario.console.order_entry.template = Some(first);
    scenario.console.order_entry.generated = Some(nth);
}

/// `v[key]` as an object, made one (or made an object itself) if it was not.
fn object_at<'a>(v: &'a mut Value, key: &str) -> &'a mut Value {
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    let child = &mut v[key];
    if !child.is_object() {
        *child = Value::Object(Map::new());
    }
    child
}
