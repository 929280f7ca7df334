//! API Gateway: a REST API's resources and methods (Lambda proxy integrations) and
//! an HTTP API's routes and integrations become one scenario API each, with routes
//! such as `POST /orders`.
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-method.html>
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-route.html>

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::props::{failed, last_segment};
use super::{Build, Resolved};

fn s<'a>(r: &'a Resolved, k: &str) -> &'a str {
    r.props.get(k).and_then(Value::as_str).unwrap_or_default()
}

/// The function a Lambda integration URI names
/// (`arn:aws:apigateway:…:lambda:path/2015-03-31/functions/ARN/invocations`, or an ARN).
fn function_of(uri: &str) -> Option<String> {
    let arn = uri
        .split_once("/functions/")
        .map(|(_, rest)| rest.trim_end_matches("/invocations"))
        .unwrap_or(uri);
    arn.contains(":function:").then(|| last_segment(arn))
}

/// What the API's Ref resolved to (see `identity`): its parts name it so.
fn api_ref(api: &Resolved) -> String {
    crate::apigateway::api_id(&api.name)
}

/// Builds every API once all parts are known.
pub fn finish(b: &mut Build) -> Result<(), String> {
    let parts = std::mem::take(&mut b.api_parts);
    let rest: Vec<&Resolved> = parts
        .iter()
        .filter(|r| r.ty == "AWS::ApiGateway::RestApi")
        .collect();
    let http: Vec<&Resolved> = parts
        .iter()
        .filter(|r| r.ty == "AWS::ApiGatewayV2::Api")
        .collect();
    for api in rest {
        let routes = rest_routes(b, api, &parts)?;
        let stage = stage_of(&parts, &api_ref(api), "RestApiId").unwrap_or_else(|| "prod".into());
        if api.props.contains_key("Body") || api.props.contains_key("BodyS3Location") {
            b.notes.push(format!("{}: the OpenAPI Body is not read: routes come from AWS::ApiGateway::Method resources", api.id));
        }
        let mut out = json!({ "Name": api.name, "ProtocolType": "REST", "StageName": stage, "Routes": routes });
        if let Some(c) = enabled_cors(api, &parts) {
            out["Cors"] = c;
        }
        b.apis.push(out);
    }
    for api in http {
        if s(api, "ProtocolType") != "HTTP" {
            b.not_simulated(api, "only HTTP APIs are simulated (not WebSocket APIs)");
            continue;
        }
        let routes = http_routes(b, api, &parts)?;
        let stage = stage_of(&parts, &api_ref(api), "ApiId").unwrap_or_else(|| "$default".into());
        let mut out = json!({ "Name": api.name, "ProtocolType": "HTTP", "StageName": stage, "Routes": routes });
        if let Some(c) = api.props.get("CorsConfiguration") {
            out["Cors"] = cors(c);
        }
        b.apis.push(out);
    }
    Ok(())
}

fn cors(c: &Value) -> Value {
    let list = |k: &str| c.get(k).cloned().unwrap_or_else(|| json!(["*"]));
    json!({ "AllowOrigins": list("AllowOrigins"), "AllowMethods": list("AllowMethods"), "AllowHeaders": list("AllowHeaders") })
}

/// A REST API's CORS as "Enable CORS" leaves it: an OPTIONS method whose mock
/// integration answers with Access-Control-Allow-* headers (values in single quotes).
fn enabled_cors(api: &Resolved, parts: &[Resolved]) -> Option<Value> {
    let options = parts.iter().find(|m| {
        m.ty == "AWS::ApiGateway::Method"
            && s(m, "RestApiId") == api_ref(api)
            && s(m, "HttpMethod") == "OPTIONS"
            && m.props
                .get("Integration")
                .and_then(|i| i.get("Type"))
                .and_then(Value::as_str)
                == Some("MOCK")
    })?;
    let answer = options
        .props
        .get("Integration")?
        .pointer("/IntegrationResponses/0/ResponseParameters")?;
    let list = |h: &str| {
        let v = answer
            .get(format!("method.response.header.Access-Control-Allow-{h}"))
            .and_then(Value::as_str)
            .unwrap_or("'*'");
        let v = v.trim_matches('\'');
        json!(v.split(',').map(str::trim).collect::<Vec<_>>())
    };
    answer
        .get("method.response.header.Access-Control-Allow-Origin")
        .map(|_| json!({ "AllowOrigins": list("Origin"), "AllowMethods": list("Methods"), "AllowHeaders": list("Headers") }))
}

fn stage_of(parts: &[Resolved], api: &str, key: &str) -> Option<String> {
    parts
        .iter()
        .filter(|r| r.ty.ends_with("::Stage") || r.ty == "AWS::ApiGateway::Deployment")
        .filter(|r| s(r, key) == api)
        .find_map(|r| {
            r.props
                .get("StageName")
                .and_then(Value::as_str)
                .map(String::from)
        })
}

/// Each resource's full path, from its parents (the RootResourceId is `/`).
fn paths(api: &Resolved, parts: &[Resolved]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    out.insert(format!("{}root", api_ref(api)), "/".to_string());
    let resources: Vec<&Resolved> = parts
        .iter()
        .filter(|r| r.ty == "AWS::ApiGateway::Resource" && s(r, "RestApiId") == api_ref(api))
        .collect();
    // Parts come in template order, where a child may precede its parent: each pass
    // places the resources whose parent is placed (at most one pass a level).
    for _ in 0..resources.len() {
        let before = out.len();
        for r in &resources {
            if out.contains_key(&r.id) {
                continue;
            }
            if let Some(parent) = out.get(s(r, "ParentId")).cloned() {
                let path = format!("{}/{}", parent.trim_end_matches('/'), s(r, "PathPart"));
                out.insert(r.id.clone(), path);
            }
        }
        if out.len() == before {
            break;
        }
    }
    out
}

fn rest_routes(b: &mut Build, api: &Resolved, parts: &[Resolved]) -> Result<Vec<Value>, String> {
    let paths = paths(api, parts);
    let mut routes = Vec::new();
    for m in parts
        .iter()
        .filter(|r| r.ty == "AWS::ApiGateway::Method" && s(r, "RestApiId") == api_ref(api))
    {
        let Some(path) = paths.get(s(m, "ResourceId")) else {
            return Err(failed(
                &m.id,
                "#/ResourceId: not a resource of this API (or its RootResourceId)".into(),
            ));
        };
        let integration = m.props.get("Integration").cloned().unwrap_or(Value::Null);
        let uri = integration
            .get("Uri")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let kind = integration
            .get("Type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if kind == "MOCK" && s(m, "HttpMethod") == "OPTIONS" {
            continue; // "Enable CORS": read as the API's Cors
        }
        match function_of(uri) {
            Some(f) if kind == "AWS_PROXY" => routes.push(
                json!({ "RouteKey": format!("{} {path}", s(m, "HttpMethod")), "FunctionName": f }),
            ),
            _ => b.not_simulated(
                m,
                "only Lambda proxy integrations (Type AWS_PROXY) are simulated",
            ),
        }
    }
    Ok(routes)
}

fn http_routes(b: &mut Build, api: &Resolved, parts: &[Resolved]) -> Result<Vec<Value>, String> {
    let mut routes = Vec::new();
    if let Some(f) = api
        .props
        .get("Target")
        .and_then(Value::as_str)
        .and_then(function_of)
    {
        routes.push(json!({ "RouteKey": "ANY /", "FunctionName": f }));
    }
    for r in parts
        .iter()
        .filter(|r| r.ty == "AWS::ApiGatewayV2::Route" && s(r, "ApiId") == api_ref(api))
    {
        let integration_id = s(r, "Target").trim_start_matches("integrations/");
        let integration = parts
            .iter()
            .find(|i| i.ty == "AWS::ApiGatewayV2::Integration" && i.id == integration_id);
        match integration.and_then(|i| function_of(s(i, "IntegrationUri"))) {
            Some(f) => routes.push(json!({ "RouteKey": s(r, "RouteKey"), "FunctionName": f })),
            None => b.not_simulated(r, "only routes to Lambda integrations are simulated"),
        }
    }
    Ok(routes)
}
