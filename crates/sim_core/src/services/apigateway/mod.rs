//! API Gateway with Lambda proxy integration: routes, the proxy event a function
//! receives, and how its answer becomes the HTTP response. Two API types, as on AWS:
//! a REST API (AWS::ApiGateway::RestApi, payload format 1.0) and an HTTP API
//! (AWS::ApiGatewayV2::Api, payload format 2.0). They differ in CORS, in their errors
//! and in the event the function gets.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{json, Value};

use crate::services::de::{self, read, req, FromJson, Res};

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Route {
    /// `POST /orders`, as API Gateway writes a route key.
    pub route_key: String,
    pub function_name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Cors {
    pub allow_origins: Vec<String>,
    pub allow_methods: Vec<String>,
    pub allow_headers: Vec<String>,
}

fn star() -> Vec<String> {
    vec!["*".into()]
}

/// REST or HTTP: API Gateway's two kinds of API with a Lambda proxy integration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum ProtocolType {
    /// REST API: CORS is the function's job (its response carries the headers; "Enable
    /// CORS" adds an OPTIONS method); gateway errors carry no CORS headers.
    #[default]
    #[serde(rename = "REST")]
    Rest,
    /// HTTP API: API Gateway answers preflights and adds CORS headers itself.
    #[serde(rename = "HTTP")]
    Http,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApiConfig {
    pub name: String,
    pub protocol_type: ProtocolType,
    pub stage_name: String,
    pub routes: Vec<Route>,
    pub cors: Option<Cors>,
}

fn default_stage() -> String {
    "prod".into()
}

impl FromJson for Route {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct Route", true, "",
            "RouteKey" route_key de::string,
            "FunctionName" function_name de::string,
        );
        Ok(Route {
            route_key: req(route_key, "RouteKey")?,
            function_name: req(function_name, "FunctionName")?,
        })
    }
}

impl FromJson for Cors {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct Cors", true, "",
            "AllowOrigins" allow_origins de::strings,
            "AllowMethods" allow_methods de::strings,
            "AllowHeaders" allow_headers de::strings,
        );
        Ok(Cors {
            allow_origins: allow_origins.unwrap_or_else(star),
            allow_methods: allow_methods.unwrap_or_else(star),
            allow_headers: allow_headers.unwrap_or_else(star),
        })
    }
}

impl FromJson for ApiConfig {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct ApiConfig", true, "",
            "Name" name de::string,
            "ProtocolType" protocol_type |x| de::unit_variant(x, &["REST", "HTTP"]),
            "StageName" stage_name de::string,
            "Routes" routes |x| de::vec(x, de::parse),
            "Cors" cors |x| de::opt(x, de::parse),
        );
        let protocol_type = match protocol_type {
            Some(1) => ProtocolType::Http,
            _ => ProtocolType::Rest,
        };
        Ok(ApiConfig {
            name: req(name, "Name")?,
            protocol_type,
            stage_name: stage_name.unwrap_or_else(default_stage),
            routes: req(routes, "Routes")?,
            cors: cors.flatten(),
        })
    }
}

impl ApiConfig {
    pub fn route(&self, method: &str, path: &str) -> Option<&Route> {
        self.routes.iter().find(|r| {
            let mut parts = r.route_key.splitn(2, ' ');
            let (m, p) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            (m == "ANY" || m.eq_ignore_ascii_case(method)) && p == path
        })
    }

    pub fn invoke_url(&self, region: &str) -> String {
        format!(
            "https://{}.execute-api.{region}.amazonaws.com/{}",
            api_id(&self.name),
            self.stage_name
        )
    }

    /// The answer to a CORS preflight (OPTIONS), when CORS is configured: an HTTP API
    /// answers 204 itself; a REST API's "Enable CORS" made an OPTIONS method whose mock
    /// integration answers 200.
    pub fn preflight(&self) -> Option<(u16, BTreeMap<String, String>)> {
        let c = self.cors.as_ref()?;
        let headers = BTreeMap::from([
            (
                "Access-Control-Allow-Origin".into(),
                c.allow_origins.join(","),
            ),
            (
                "Access-Control-Allow-Methods".into(),
                c.allow_methods.join(","),
            ),
            (
                "Access-Control-Allow-Headers".into(),
                c.allow_headers.join(","),
            ),
        ]);
        let status = match self.protocol_type {
            ProtocolType::Http => 204,
            ProtocolType::Rest => 200,
        };
        Some((status, headers))
    }

    /// CORS headers API Gateway itself adds to an answer: an HTTP API adds the allowed
    /// origin; a REST API adds nothing (a proxy function must return its own).
    pub fn response_cors_headers(&self) -> BTreeMap<String, String> {
        match (&self.cors, self.protocol_type) {
            (Some(c), ProtocolType::Http) => BTreeMap::from([(
                "Access-Control-Allow-Origin".into(),
                c.allow_origins.join(","),
            )]),
            _ => BTreeMap::new(),
        }
    }

    /// The answer to a request no route matches.
    pub fn no_route(&self) -> (u16, &'static str) {
        match self.protocol_type {
            ProtocolType::Rest => (403, r#"{"message":"Missing Authentication Token"}"#),
            ProtocolType::Http => (404, r#"{"message":"Not Found"}"#),
        }
    }

    /// The answer when the function failed or answered something API Gateway cannot use.
    pub fn integration_error(&self) -> (u16, &'static str) {
        match self.protocol_type {
            ProtocolType::Rest => (502, r#"{"message": "Internal server error"}"#),
            ProtocolType::Http => (500, r#"{"message":"Internal Server Error"}"#),
        }
    }

    /// The answer when the function could not be invoked (throttled).
    pub fn invocation_failed(&self) -> (u16, &'static str) {
        match self.protocol_type {
            ProtocolType::Rest => (500, r#"{"message": "Internal server error"}"#),
            ProtocolType::Http => (500, r#"{"message":"Internal Server Error"}"#),
        }
    }

    /// The answer when the integration ran past API Gateway's 29-second limit.
    pub fn integration_timeout(&self) -> (u16, &'static str) {
        match self.protocol_type {
            ProtocolType::Rest => (504, r#"{"message": "Endpoint request timed out"}"#),
            ProtocolType::Http => (503, r#"{"message":"Service Unavailable"}"#),
        }
    }
}

/// A stable 10-character API id, as in `szmhnuemfe.execute-api…`.
pub fn api_id(name: &str) -> String {
    let mut h = crate::kernel::rng::fnv1a(name.as_bytes());
    (0..10)
        .map(|_| {
            let c = (b'a' + (h % 26) as u8) as char;
            h /= 26;
            c
        })
        .collect()
}

/// A request on its way to a Lambda proxy integration. Typed: the proxy event's
/// JSON is built by `to_json` only when someone reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct ProxyRequest {
    /// Which payload format the function gets: 1.0 (REST) or 2.0 (HTTP API).
    pub protocol: ProtocolType,
    /// `POST /orders`.
    pub route_key: String,
    /// The route's resource path (`/orders`).
    pub resource: String,
    pub path: String,
    pub method: String,
    pub stage: String,
    pub api_id: String,
    pub region: &'static str,
    pub headers: BTreeMap<String, String>,
    pub body: Option<String>,
    pub request_id: String,
    pub request_time_epoch_ms: u64,
}

impl ProxyRequest {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        (api, region): (&ApiConfig, &'static str),
        route: &Route,
        method: &str,
        path: &str,
        headers: BTreeMap<String, String>,
        body: Option<String>,
        request_id: String,
        epoch_ms: u64,
    ) -> Self {
        let resource = route.route_key.split_once(' ').map(|x| x.1).unwrap_or(path);
        ProxyRequest {
            protocol: api.protocol_type,
            route_key: route.route_key.clone(),
            resource: resource.to_string(),
            path: path.to_string(),
            method: method.to_string(),
            stage: api.stage_name.clone(),
            api_id: api_id(&api.name),
            region,
            headers,
            body,
            request_id,
            request_time_epoch_ms: epoch_ms,
        }
    }

    /// The event the function gets: payload format 1.0 for a REST API, 2.0 for an HTTP API.
    pub fn to_json(&self) -> Value {
        match self.protocol {
            ProtocolType::Rest => self.to_json_v1(),
            ProtocolType::Http => self.to_json_v2(),
        }
    }

    /// Payload format 2.0, as an HTTP API's Lambda integration sends it (header names
    /// lower-cased, the stage in rawPath, no multiValue fields).
    fn to_json_v2(&self) -> Value {
        let headers: BTreeMap<String, &String> = self
            .headers
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v))
            .collect();
        let raw_path = format!("/{}{}", self.stage, self.path);
        json!({
            "version": "2.0",
            "routeKey": self.route_key,
            "rawPath": raw_path,
            "rawQueryString": "",
            "headers": headers,
            "requestContext": {
                "accountId": crate::ACCOUNT_ID,
                "apiId": self.api_id,
                "domainName": format!("{}.execute-api.{}.amazonaws.com", self.api_id, self.region),
                "domainPrefix": self.api_id,
                "http": { "method": self.method, "path": raw_path, "protocol": "HTTP/1.1",
                          "sourceIp": "203.0.113.10", "userAgent": "EventLab" },
                "requestId": self.request_id,
                "routeKey": self.route_key,
                "stage": self.stage,
                "time": crate::kernel::time::http_api_time(self.request_time_epoch_ms),
                "timeEpoch": self.request_time_epoch_ms,
            },
            "body": self.body,
            "isBase64Encoded": false,
        })
    }

    /// Payload format 1.0, as a REST API's Lambda proxy integration sends it.
    fn to_json_v1(&self) -> Value {
        let headers = &self.headers;
        json!({
            "resource": self.resource,
            "path": self.path,
            "httpMethod": self.method,
            "headers": headers,
            "multiValueHeaders": headers.iter().map(|(k, v)| (k.clone(), json!([v]))).collect::<BTreeMap<_, _>>(),
            "queryStringParameters": Value::Null,
            "multiValueQueryStringParameters": Value::Null,
            "pathParameters": Value::Null,
            "stageVariables": Value::Null,
            "requestContext": {
                "resourcePath": self.resource,
                "httpMethod": self.method,
                "path": format!("/{}{}", self.stage, self.path),
                "stage": self.stage,
                "requestId": self.request_id,
                "requestTimeEpoch": self.request_time_epoch_ms,
                "accountId": crate::ACCOUNT_ID,
                "apiId": self.api_id,
                "protocol": "HTTP/1.1",
                "identity": { "sourceIp": "203.0.113.10", "userAgent": "EventLab" },
            },
            "body": self.body,
            "isBase64Encoded": false,
        })
    }
}

/// An HTTP exchange as the learner sees it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HttpExchange {
    pub request_id: String,
    pub api: String,
    pub method: String,
    pub path: String,
    pub request_body: Option<String>,
    pub sent_ms: u64,
    /// None while the integration is still running.
    pub status_code: Option<u16>,
    pub response_headers: BTreeMap<String, String>,
    pub response_body: Option<String>,
    pub answered_ms: Option<u64>,
}

/// AWS/ApiGateway counters of one API since the start, and the current minute's
/// latency extremes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiMetrics {
    pub count: u64,
    pub errors_4xx: u64,
    pub errors_5xx: u64,
    pub latency_ms: u64,
    pub minute_latency_ms: crate::services::cloudwatch::MinuteRange,
}

impl ApiMetrics {
    pub fn answered(&mut self, status: u16, latency_ms: u64) {
        self.count += 1;
        self.errors_4xx += u64::from((400..500).contains(&status));
        self.errors_5xx += u64::from(status >= 500);
        self.latency_ms += latency_ms;
        self.minute_latency_ms.record(latency_ms);
    }
}

/// Turns a function's result into API Gateway's response, or None when API Gateway
/// cannot use it (the caller answers with the API's integration error). Payload format
/// 2.0 (HTTP APIs) also takes a result without `statusCode`: 200, JSON, the result as the
/// body ("Working with AWS Lambda proxy integrations for HTTP APIs").
pub fn response_from_function(
    protocol: ProtocolType,
    result: Value,
) -> Option<(u16, BTreeMap<String, String>, String)> {
    let has_status = result.get("statusCode").is_some();
    if protocol == ProtocolType::Http && !has_status {
        let headers = BTreeMap::from([("Content-Type".into(), "application/json".into())]);
        return Some((200, headers, result.to_string()));
    }
    // Taken apart, not copied: its strings become the response's (every order's
    // reply went through here, cloned field by field).
    let Value::Object(mut result) = result else {
        return None;
    };
    let code = result.get("statusCode").and_then(Value::as_u64)?;
    if !(100..=599).contains(&code) {
        return None;
    }
    let mut headers = BTreeMap::new();
    match result.remove("headers") {
        None | Some(Value::Null) => {}
        Some(Value::Object(o)) => {
            for (k, v) in o {
                let text = match v {
                    Value::String(s) => s,
                    Value::Number(_) | Value::Bool(_) => v.to_string(),
                    _ => return None,
                };
                headers.insert(k, text);
            }
        }
        Some(_) => return None,
    }
    let body = match result.remove("body") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s,
        // A body that is not a string is a malformed proxy response.
        Some(_) => return None,
    };
    Some((code as u16, headers, body))
}

/// The API Gateway service of one world: its APIs and the latest exchanges.
#[derive(Clone, Debug, Default)]
pub struct ApiGateway {
    pub apis: Vec<ApiConfig>,
    /// AWS/ApiGateway metrics, one per API (in `apis` order).
    pub metrics: Vec<ApiMetrics>,
    /// The latest requests and responses, oldest first (bounded by the world).
    pub http: std::collections::VecDeque<HttpExchange>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_responses() {
        let ok = json!({"statusCode": 201, "body": "{\"ok\":true}"});
        let (c, _, b) = response_from_function(ProtocolType::Rest, ok).unwrap();
        assert_eq!((c, b.as_str()), (201, "{\"ok\":true}"));
        for bad in [
            json!({}),
            json!({"statusCode": "201"}),
            json!({"statusCode": 200, "body": {"x": 1}}),
            json!(null),
        ] {
            assert_eq!(
                response_from_function(ProtocolType::Rest, bad.clone()),
                None,
                "{bad}"
            );
        }
        // Payload format 2.0 takes a plain JSON result as a 200.
        let (c, h, b) = response_from_function(ProtocolType::Http, json!({"x": 1})).unwrap();
        assert_eq!((c, b.as_str()), (200, r#"{"x":1}"#));
        assert_eq!(h["Content-Type"], "application/json");
    }

    #[test]
    fn routes_match_method_and_path() {
        let api = ApiConfig {
            name: "orders-api".into(),
            protocol_type: ProtocolType::Rest,
            stage_name: "prod".into(),
            routes: vec![Route {
                route_key: "POST /orders".into(),
                function_name: "f".into(),
            }],
            cors: None,
        };
        assert!(api.route("POST", "/orders").is_some());
        assert!(api.route("post", "/orders").is_some());
        assert!(api.route("GET", "/orders").is_none());
        assert_eq!(api_id("orders-api").len(), 10);
        assert!(api.invoke_url("us-east-1").ends_with("amazonaws.com/prod"));
    }
}
