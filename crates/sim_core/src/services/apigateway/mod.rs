//! API Gateway with Lambda proxy integration: routes, the proxy event a function
//! receives, and how its answer becomes the HTTP response.

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

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ApiConfig {
    pub name: String,
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
            "StageName" stage_name de::string,
            "Routes" routes |x| de::vec(x, de::parse),
            "Cors" cors |x| de::opt(x, de::parse),
        );
        Ok(ApiConfig {
            name: req(name, "Name")?,
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

    pub fn invoke_url(&self) -> String {
        format!(
            "https://{}.execute-api.{}.amazonaws.com/{}",
            api_id(&self.name),
            crate::REGION,
            self.stage_name
        )
    }

    /// Headers API Gateway adds when CORS is configured (the browser form of lab 004).
    pub fn cors_headers(&self) -> BTreeMap<String, String> {
        let mut h = BTreeMap::new();
        if let Some(c) = &self.cors {
            h.insert(
                "Access-Control-Allow-Origin".into(),
                c.allow_origins.join(","),
            );
            h.insert(
                "Access-Control-Allow-Methods".into(),
                c.allow_methods.join(","),
            );
            h.insert(
                "Access-Control-Allow-Headers".into(),
                c.allow_headers.join(","),
            );
        }
        h
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
    /// The route's resource path (`/orders`).
    pub resource: String,
    pub path: String,
    pub method: String,
    pub stage: String,
    pub api_id: String,
    pub headers: BTreeMap<String, String>,
    pub body: Option<String>,
    pub request_id: String,
    pub request_time_epoch_ms: u64,
}

impl ProxyRequest {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        api: &ApiConfig,
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
            resource: resource.to_string(),
            path: path.to_string(),
            method: method.to_string(),
            stage: api.stage_name.clone(),
            api_id: api_id(&api.name),
            headers,
            body,
            request_id,
            request_time_epoch_ms: epoch_ms,
        }
    }

    /// The event API Gateway's REST proxy integration passes to the function.
    pub fn to_json(&self) -> Value {
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

/// Turns a function's result into API Gateway's response: a proxy response object,
/// or 502 `{"message": "Internal server error"}` for anything malformed.
pub fn response_from_function(result: &Value) -> (u16, BTreeMap<String, String>, String) {
    let internal = || {
        (
            502,
            BTreeMap::new(),
            r#"{"message": "Internal server error"}"#.to_string(),
        )
    };
    let Some(code) = result.get("statusCode").and_then(Value::as_u64) else {
        return internal();
    };
    if !(100..=599).contains(&code) {
        return internal();
    }
    let mut headers = BTreeMap::new();
    if let Some(h) = result.get("headers") {
        match h.as_object() {
            Some(o) => {
                for (k, v) in o {
                    match v {
                        Value::String(s) => {
                            headers.insert(k.clone(), s.clone());
                        }
                        Value::Number(_) | Value::Bool(_) => {
                            headers.insert(k.clone(), v.to_string());
                        }
                        _ => return internal(),
                    }
                }
            }
            None if h.is_null() => {}
            None => return internal(),
        }
    }
    let body = match result.get("body") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        // A body that is not a string is a malformed proxy response.
        Some(_) => return internal(),
    };
    (code as u16, headers, body)
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
        let (c, _, b) =
            response_from_function(&json!({"statusCode": 201, "body": "{\"ok\":true}"}));
        assert_eq!((c, b.as_str()), (201, "{\"ok\":true}"));
        for bad in [
            json!({}),
            json!({"statusCode": "201"}),
            json!({"statusCode": 200, "body": {"x": 1}}),
            json!(null),
        ] {
            let (c, _, b) = response_from_function(&bad);
            assert_eq!(c, 502, "{bad}");
            assert_eq!(b, r#"{"message": "Internal server error"}"#);
        }
    }

    #[test]
    fn routes_match_method_and_path() {
        let api = ApiConfig {
            name: "orders-api".into(),
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
        assert!(api.invoke_url().ends_with("amazonaws.com/prod"));
    }
}
