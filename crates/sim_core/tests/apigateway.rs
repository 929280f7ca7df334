//! API Gateway's two API types with a Lambda proxy integration, as AWS documents them.
//! Lab 000, lab 003 and lab 004 use REST APIs (lab 003's setup names a --rest-api-id);
//! HTTP APIs come from templates (AWS::ApiGatewayV2::Api, AWS::Serverless::HttpApi).

mod common;

use common::*;
use serde_json::json;
use sim_core::action::{Action, FaultKind};
use sim_core::Simulation;

fn request(method: &str, path: &str) -> Action {
    Action::HttpRequest {
        api: "orders-api".into(),
        method: method.into(),
        path: path.into(),
        body: Some(json!({ "customerName": "Ana", "product": "Book", "amount": 10 })),
        headers: Default::default(),
    }
}

fn world(protocol: &str) -> Simulation {
    let s = scenario(json!({
        "Name": "t",
        "Tables": [{ "TableName": "Orders", "KeySchema": [{ "AttributeName": "orderId", "KeyType": "HASH" }] }],
        "Functions": [{ "FunctionName": "CreateOrderFunction", "Behavior": { "Type": "create-order", "TableName": "Orders" } }],
        "Apis": [{ "Name": "orders-api", "ProtocolType": protocol, "StageName": "prod",
            "Routes": [{ "RouteKey": "POST /orders", "FunctionName": "CreateOrderFunction" }],
            "Cors": { "AllowOrigins": ["*"], "AllowMethods": ["POST", "OPTIONS"], "AllowHeaders": ["Content-Type"] } }]
    }));
    Simulation::new(s, 1).unwrap()
}

fn answers(sim: &mut Simulation, actions: Vec<Action>) -> Vec<(u16, Vec<String>, String)> {
    for (i, a) in actions.into_iter().enumerate() {
        sim.run_until(i as u64 * 2_000);
        sim.apply(a).unwrap();
    }
    run_checked(sim, 30_000);
    sim.http_exchanges()
        .map(|x| {
            let headers = x.response_headers.keys().cloned().collect();
            (
                x.status_code.unwrap(),
                headers,
                x.response_body.clone().unwrap(),
            )
        })
        .collect()
}

/// A preflight, an order, an unknown route, then an order the function fails.
fn requests_around_a_failing_function() -> Vec<Action> {
    let throw = Action::SetFault {
        function_name: "CreateOrderFunction".into(),
        fault: FaultKind::Throw,
        enabled: true,
        fraction: None,
        seconds: None,
    };
    vec![
        request("OPTIONS", "/orders"),
        request("POST", "/orders"),
        request("GET", "/nothing"),
        throw,
        request("POST", "/orders"),
    ]
}

/// REST API, Lambda proxy: "you must return the Access-Control-Allow-Origin header from
/// your backend"; "Enable CORS" adds an OPTIONS method with a mock integration; API
/// Gateway's own errors (502, 403) carry no CORS header
/// (https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html).
#[test]
fn a_rest_api_leaves_cors_to_the_function_and_its_errors_have_none() {
    let mut sim = world("REST");
    let got = answers(&mut sim, requests_around_a_failing_function());
    assert_eq!(got[0].0, 200, "the OPTIONS method's mock integration");
    assert_eq!(
        got[0].1,
        [
            "Access-Control-Allow-Headers",
            "Access-Control-Allow-Methods",
            "Access-Control-Allow-Origin"
        ]
    );
    assert_eq!(got[1].0, 201);
    assert!(
        got[1]
            .1
            .contains(&"Access-Control-Allow-Origin".to_string()),
        "the function returned it: {:?}",
        got[1].1
    );
    assert_eq!(
        (got[2].0, got[2].2.as_str()),
        (403, r#"{"message":"Missing Authentication Token"}"#)
    );
    assert_eq!(
        (got[3].0, got[3].2.as_str()),
        (502, r#"{"message": "Internal server error"}"#)
    );
    assert!(
        got[2].1.is_empty() && got[3].1.is_empty(),
        "API Gateway's own errors: {got:?}"
    );
}

/// HTTP API: "API Gateway automatically responds to preflight OPTIONS requests" and adds
/// the configured CORS headers to the integration's response
/// (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html); an
/// unmatched route is 404 Not Found and a failed function 500 Internal Server Error
/// (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html).
#[test]
fn an_http_api_answers_preflights_and_adds_cors_headers_itself() {
    let mut sim = world("HTTP");
    let got = answers(&mut sim, requests_around_a_failing_function());
    assert_eq!(got[0].0, 204);
    assert_eq!(got[0].1.len(), 3);
    assert_eq!(got[1].0, 201);
    assert_eq!(
        (got[2].0, got[2].2.as_str()),
        (404, r#"{"message":"Not Found"}"#)
    );
    assert_eq!(
        (got[3].0, got[3].2.as_str()),
        (500, r#"{"message":"Internal Server Error"}"#)
    );
    for (status, headers, _) in &got[1..] {
        assert!(
            headers.contains(&"Access-Control-Allow-Origin".to_string()),
            "{status}: {headers:?}"
        );
    }
}

/// An HTTP API's Lambda integration sends payload format 2.0: version, routeKey, rawPath
/// with the stage, lower-cased headers, requestContext.http
/// (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html).
#[test]
fn an_http_api_sends_the_payload_format_2_0_event() {
    let s = scenario(json!({
        "Name": "t",
        "Functions": [{ "FunctionName": "notifications", "Behavior": { "Type": "notify" } }],
        "Apis": [{ "Name": "orders-api", "ProtocolType": "HTTP", "StageName": "prod",
            "Routes": [{ "RouteKey": "POST /orders", "FunctionName": "notifications" }] }]
    }));
    let api = &s.apis[0];
    let route = &api.routes[0];
    let request = sim_core::apigateway::ProxyRequest::new(
        (api, "us-east-1"),
        route,
        "POST",
        "/orders",
        [("Content-Type".to_string(), "application/json".to_string())].into(),
        Some("{}".into()),
        "req-1".into(),
        1_764_837_238_000,
    );
    let event = request.to_json();
    assert_eq!(event["version"], "2.0");
    assert_eq!(event["routeKey"], "POST /orders");
    assert_eq!(event["rawPath"], "/prod/orders");
    assert_eq!(event["headers"]["content-type"], "application/json");
    assert_eq!(event["requestContext"]["http"]["method"], "POST");
    assert_eq!(
        event["requestContext"]["time"],
        "04/Dec/2025:08:33:58 +0000"
    );
    assert!(
        event.get("httpMethod").is_none(),
        "that is payload format 1.0"
    );
}

#[test]
fn an_unknown_protocol_type_is_refused_with_the_two_choices() {
    let text =
        r#"{"Name": "t", "Apis": [{"Name": "a", "ProtocolType": "WEBSOCKET", "Routes": []}]}"#;
    let e = sim_core::Scenario::parse("t.json", text).unwrap_err();
    assert!(
        e.contains("unknown variant `WEBSOCKET`, expected `REST` or `HTTP`"),
        "{e}"
    );
}
