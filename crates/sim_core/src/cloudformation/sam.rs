//! The AWS::Serverless-2016-10-31 transform, for what labs and AWS's published
//! serverless patterns use: AWS::Serverless::Function (its Events, Policies
//! templates, DeadLetterQueue, EventInvokeConfig), SimpleTable, Api and HttpApi,
//! and the Globals section. Resources are generated under the logical ids SAM
//! gives them (`{Function}Role`, `{Function}{Event}`, `ServerlessRestApi`, …).
//! <https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-generated-resources-function.html>

mod events;
mod policies;

use serde_json::{json, Map, Value};

pub const TRANSFORM: &str = "AWS::Serverless-2016-10-31";

/// Whether the template asks for the SAM transform (others are refused).
pub fn is_sam(doc: &Map<String, Value>) -> Result<bool, String> {
    let names: Vec<&str> = match doc.get("Transform") {
        None => return Ok(false),
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        Some(_) => {
            return Err(
                "Template format error: Transform must be a string or a list of strings".into(),
            )
        }
    };
    for n in &names {
        if *n != TRANSFORM && *n != "AWS::LanguageExtensions" {
            return Err(format!("Template format error: the transform {n} is not simulated; EventLab runs {TRANSFORM} (SAM) and AWS::LanguageExtensions"));
        }
    }
    Ok(names.contains(&TRANSFORM))
}

/// Generated resources, added after the one that asked for them.
pub struct Out {
    pub resources: Map<String, Value>,
    pub notes: Vec<String>,
}

impl Out {
    pub fn add(&mut self, id: String, ty: &str, props: Value) {
        self.resources
            .insert(id, json!({ "Type": ty, "Properties": props }));
    }
}

/// Rewrites the template's serverless resources into plain CloudFormation ones;
/// returns notes on what was left out.
pub fn transform(doc: &mut Map<String, Value>) -> Result<Vec<String>, String> {
    let globals = doc.remove("Globals").unwrap_or(Value::Null);
    doc.remove("Transform");
    let resources = doc
        .get("Resources")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut out = Out {
        resources: Map::new(),
        notes: Vec::new(),
    };
    for (id, r) in &resources {
        let ty = r["Type"].as_str().unwrap_or_default();
        let props = with_globals(&globals, ty, r.get("Properties"));
        match ty {
            "AWS::Serverless::Function" => function(&mut out, id, r, &props)?,
            "AWS::Serverless::SimpleTable" => simple_table(&mut out, id, r, &props),
            "AWS::Serverless::Api" => api(&mut out, id, &props),
            "AWS::Serverless::HttpApi" => http_api(&mut out, id, &props),
            _ => {
                out.resources.insert(id.clone(), r.clone());
            }
        }
    }
    // Bucket notifications are written into buckets declared earlier or later.
    events::apply_bucket_notifications(&mut out)?;
    doc.insert("Resources".into(), Value::Object(out.resources));
    Ok(out.notes)
}

/// A resource's properties over the Globals for its kind (properties win; maps merge).
fn with_globals(globals: &Value, ty: &str, props: Option<&Value>) -> Map<String, Value> {
    let section = ty.strip_prefix("AWS::Serverless::").unwrap_or_default();
    let mut m = globals
        .get(section)
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for (k, v) in props.and_then(Value::as_object).into_iter().flatten() {
        match (m.get_mut(k), v) {
            (Some(Value::Object(g)), Value::Object(own)) => {
                for (k2, v2) in own {
                    g.insert(k2.clone(), v2.clone());
                }
            }
            _ => {
                m.insert(k.clone(), v.clone());
            }
        }
    }
    m
}

/// The keys SAM passes through to AWS::Lambda::Function unchanged.
const PASSED: &[&str] = &[
    "FunctionName",
    "Runtime",
    "Timeout",
    "MemorySize",
    "ReservedConcurrentExecutions",
    "Handler",
    "Description",
    "Environment",
    "Architectures",
    "Layers",
    "LoggingConfig",
    "Tracing",
    "VpcConfig",
    "KmsKeyArn",
    "EphemeralStorage",
    "PackageType",
    "ImageConfig",
    "RecursiveLoop",
    "Tags",
];

fn function(out: &mut Out, id: &str, r: &Value, p: &Map<String, Value>) -> Result<(), String> {
    let mut f = Map::new();
    for (k, v) in p {
        if PASSED.contains(&k.as_str()) {
            let key = if k == "Tracing" {
                "TracingConfig"
            } else {
                k.as_str()
            };
            let v = if k == "Tracing" {
                json!({ "Mode": v })
            } else {
                v.clone()
            };
            f.insert(key.into(), v);
        }
    }
    if let Some(Value::Object(tags)) = f.get("Tags").cloned() {
        let list: Vec<Value> = tags
            .iter()
            .map(|(k, v)| json!({ "Key": k, "Value": v }))
            .collect();
        f.insert("Tags".into(), Value::Array(list));
    }
    f.entry("Timeout").or_insert(json!(3));
    f.insert("Code".into(), code(p));
    if let Some(dlq) = p.get("DeadLetterQueue") {
        f.insert(
            "DeadLetterConfig".into(),
            json!({ "TargetArn": dlq.get("TargetArn").cloned().unwrap_or(Value::Null) }),
        );
    }
    let role = match p.get("Role") {
        Some(r) => r.clone(),
        None => {
            policies::role(out, id, p)?;
            json!({ "Fn::GetAtt": [format!("{id}Role"), "Arn"] })
        }
    };
    f.insert("Role".into(), role);
    let mut res = json!({ "Type": "AWS::Lambda::Function", "Properties": f });
    for k in ["Metadata", "DependsOn", "Condition"] {
        if let Some(v) = r.get(k) {
            res[k] = v.clone();
        }
    }
    out.resources.insert(id.to_string(), res);
    if let Some(c) = p.get("EventInvokeConfig") {
        out.add(
            format!("{id}EventInvokeConfig"),
            "AWS::Lambda::EventInvokeConfig",
            invoke_config(id, c),
        );
    }
    for k in [
        "AutoPublishAlias",
        "DeploymentPreference",
        "ProvisionedConcurrencyConfig",
        "FunctionUrlConfig",
    ] {
        if p.contains_key(k) {
            out.notes.push(format!("{id}: {k} is not simulated"));
        }
    }
    let events = p
        .get("Events")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for (name, e) in &events {
        events::event(out, id, name, e)?;
    }
    Ok(())
}

/// InlineCode as ZipFile; a CodeUri folder cannot run here, so it stays a name.
fn code(p: &Map<String, Value>) -> Value {
    if let Some(c) = p.get("InlineCode") {
        return json!({ "ZipFile": c });
    }
    let uri = p.get("CodeUri").cloned().unwrap_or(json!("."));
    json!({ "S3Bucket": "sam-codeuri", "S3Key": uri })
}

/// SAM's EventInvokeConfig (destinations with a Type) → the CloudFormation resource.
fn invoke_config(id: &str, c: &Value) -> Value {
    super::event_invoke_config(id, c, |v| {
        v.get("Destination").cloned().unwrap_or(Value::Null)
    })
}

/// <https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-simpletable.html>
fn simple_table(out: &mut Out, id: &str, r: &Value, p: &Map<String, Value>) {
    let key = p.get("PrimaryKey");
    let name = key
        .and_then(|k| k.get("Name"))
        .cloned()
        .unwrap_or(json!("id"));
    let ty = match key.and_then(|k| k.get("Type")).and_then(Value::as_str) {
        Some("Number") => "N",
        Some("Binary") => "B",
        _ => "S",
    };
    let mut props = json!({
        "KeySchema": [{ "AttributeName": name, "KeyType": "HASH" }],
        "AttributeDefinitions": [{ "AttributeName": name, "AttributeType": ty }],
        "BillingMode": "PAY_PER_REQUEST"
    });
    if let Some(n) = p.get("TableName") {
        props["TableName"] = n.clone();
    }
    let mut res = json!({ "Type": "AWS::DynamoDB::Table", "Properties": props });
    if let Some(m) = r.get("Metadata") {
        res["Metadata"] = m.clone();
    }
    out.resources.insert(id.to_string(), res);
}

/// <https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-api.html>
fn api(out: &mut Out, id: &str, p: &Map<String, Value>) {
    let name = p.get("Name").cloned().unwrap_or(json!(id));
    out.add(
        id.to_string(),
        "AWS::ApiGateway::RestApi",
        json!({ "Name": name }),
    );
    let stage = p.get("StageName").cloned().unwrap_or(json!("Prod"));
    out.add(
        format!("{id}Stage"),
        "AWS::ApiGateway::Stage",
        json!({ "RestApiId": { "Ref": id }, "StageName": stage }),
    );
    if p.contains_key("DefinitionBody") || p.contains_key("DefinitionUri") {
        out.notes.push(format!(
            "{id}: the OpenAPI definition is not read: routes come from the functions' Api events"
        ));
    }
}

/// <https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-httpapi.html>
fn http_api(out: &mut Out, id: &str, p: &Map<String, Value>) {
    let mut props =
        json!({ "Name": p.get("Name").cloned().unwrap_or(json!(id)), "ProtocolType": "HTTP" });
    if let Some(c) = p.get("CorsConfiguration").filter(|c| c.is_object()) {
        props["CorsConfiguration"] = c.clone();
    }
    out.add(id.to_string(), "AWS::ApiGatewayV2::Api", props);
    let stage = p.get("StageName").cloned().unwrap_or(json!("$default"));
    out.add(
        format!("{id}ApiGatewayDefaultStage"),
        "AWS::ApiGatewayV2::Stage",
        json!({ "ApiId": { "Ref": id }, "StageName": stage }),
    );
}
