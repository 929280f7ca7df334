//! One function per resource kind: the scenario's entry (as written) becomes the
//! CloudFormation resource, references turned into intrinsics.

use serde_json::{json, Map, Value};

use super::{python, Ex};
use crate::cloudformation::METADATA_KEY;

fn name<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or_default()
}

fn copy(from: &Value, to: &mut Map<String, Value>, keys: &[&str]) {
    for k in keys {
        if let Some(v) = from.get(*k) {
            to.insert((*k).into(), v.clone());
        }
    }
}

pub fn queues(ex: &mut Ex) {
    for q in ex.section("Queues") {
        let id = ex.ids[&("queue", name(&q, "QueueName").to_string())].clone();
        let mut props = q.as_object().cloned().unwrap_or_default();
        if let Some(Value::Object(rp)) = props.get_mut("RedrivePolicy") {
            let dlq = rp
                .get("deadLetterTargetArn")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            rp.insert("deadLetterTargetArn".into(), ex.target_arn(&dlq));
        }
        ex.add(&id, "AWS::SQS::Queue", Value::Object(props));
        let description = format!("QueueUrl of {}", name(&q, "QueueName"));
        ex.output(&format!("{id}Url"), json!({ "Ref": id }), description);
    }
}

pub fn tables(ex: &mut Ex) {
    for t in ex.section("Tables") {
        let table = name(&t, "TableName").to_string();
        let id = ex.ids[&("table", table.clone())].clone();
        let keys = t.get("KeySchema").cloned().unwrap_or(json!([]));
        // Each key attribute's declared type; one the scenario does not type is a string.
        let declared = t.get("AttributeDefinitions").and_then(Value::as_array);
        let type_of = |name: &Value| {
            declared
                .into_iter()
                .flatten()
                .find(|d| d["AttributeName"] == *name)
                .map_or(json!("S"), |d| d["AttributeType"].clone())
        };
        let defs: Vec<Value> = keys
            .as_array()
            .into_iter()
            .flatten()
            .map(|k| json!({ "AttributeName": k["AttributeName"], "AttributeType": type_of(&k["AttributeName"]) }))
            .collect();
        let mut props = json!({ "TableName": table, "BillingMode": "PAY_PER_REQUEST", "AttributeDefinitions": defs, "KeySchema": keys });
        if let Some(s) = t
            .get("StreamSpecification")
            .filter(|s| s["StreamEnabled"] == true)
        {
            props["StreamSpecification"] = json!({ "StreamViewType": s.get("StreamViewType").cloned().unwrap_or(json!("NEW_AND_OLD_IMAGES")) });
        }
        let r = ex.add(&id, "AWS::DynamoDB::Table", props);
        if let Some(items) = t.get("Items") {
            // CloudFormation cannot create items: the lab's starting items travel here.
            r["Metadata"] = json!({ METADATA_KEY: { "Items": items } });
        }
    }
}

pub fn buses(ex: &mut Ex) {
    for b in ex.section("EventBuses") {
        let id = ex.ids[&("bus", name(&b, "Name").to_string())].clone();
        ex.add(&id, "AWS::Events::EventBus", json!({ "Name": b["Name"] }));
    }
}

pub fn functions(ex: &mut Ex) {
    for (f, config) in ex
        .section("Functions")
        .into_iter()
        .zip(ex.scenario.functions.clone())
    {
        let fname = config.function_name.clone();
        let id = ex.ids[&("function", fname.clone())].clone();
        let (zip_file, env) = python::deployed(&config.behavior, config.environment.as_ref());
        let mut props = Map::new();
        props.insert("FunctionName".into(), json!(fname));
        props.insert("Runtime".into(), json!("python3.12"));
        props.insert("Handler".into(), json!("index.lambda_handler"));
        props.insert("Timeout".into(), json!(config.timeout));
        props.insert("MemorySize".into(), json!(config.memory_size));
        props.insert("Role".into(), super::access::role_of(ex, &config));
        props.insert("Code".into(), json!({ "ZipFile": zip_file }));
        if !env.is_empty() {
            let vars: Map<String, Value> = env
                .iter()
                .map(|(k, v)| (k.clone(), env_value(ex, v)))
                .collect();
            props.insert("Environment".into(), json!({ "Variables": vars }));
        }
        copy(&f, &mut props, &["ReservedConcurrentExecutions"]);
        if let Some(d) = &config.dead_letter_config {
            props.insert(
                "DeadLetterConfig".into(),
                json!({ "TargetArn": ex.target_arn(&d.target_arn) }),
            );
        }
        let mut meta = json!({ "Behavior": f["Behavior"] });
        if let Some(d) = f.get("DurationMs") {
            meta["DurationMs"] = d.clone();
        }
        let r = ex.add(&id, "AWS::Lambda::Function", Value::Object(props));
        r["Metadata"] = json!({ METADATA_KEY: meta });
        if let Some(c) = f.get("EventInvokeConfig") {
            invoke_config(ex, &id, c);
        }
    }
}

fn env_value(ex: &Ex, v: &python::Env) -> Value {
    match v {
        python::Env::Table(n) => ex.reference("table", n),
        python::Env::Queue(n) => ex.reference("queue", crate::sqs::queue_name_from_arn(n)),
        python::Env::Bus(n) => ex.reference("bus", n),
        python::Env::Topic(n) => ex.reference("topic", n.rsplit(':').next().unwrap_or(n)),
        python::Env::Text(t) => json!(t),
    }
}

fn invoke_config(ex: &mut Ex, function_id: &str, c: &Value) {
    let props = super::super::event_invoke_config(function_id, c, |v| {
        ex.target_arn(
            v.get("Destination")
                .and_then(Value::as_str)
                .unwrap_or_default(),
        )
    });
    let id = ex.fresh(&format!("{function_id}EventInvokeConfig"));
    ex.add(&id, "AWS::Lambda::EventInvokeConfig", props);
}

pub fn topics(ex: &mut Ex) {
    for t in ex.section("Topics") {
        let topic = name(&t, "TopicName").to_string();
        let id = ex.ids[&("topic", topic.clone())].clone();
        let mut props = Map::new();
        copy(
            &t,
            &mut props,
            &["TopicName", "FifoTopic", "ContentBasedDeduplication"],
        );
        ex.add(&id, "AWS::SNS::Topic", Value::Object(props));
        for (i, s) in t
            .get("Subscriptions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let protocol = name(s, "Protocol");
            let endpoint = name(s, "Endpoint");
            let endpoint = if protocol == "sqs" || protocol == "lambda" {
                ex.target_arn(endpoint)
            } else {
                json!(endpoint)
            };
            let mut props = Map::new();
            props.insert("TopicArn".into(), json!({ "Ref": id }));
            props.insert("Protocol".into(), json!(protocol));
            props.insert("Endpoint".into(), endpoint);
            copy(
                s,
                &mut props,
                &["RawMessageDelivery", "FilterPolicy", "FilterPolicyScope"],
            );
            if let Some(dlq) = s.get("DeadLetterQueue").and_then(Value::as_str) {
                props.insert(
                    "RedrivePolicy".into(),
                    json!({ "deadLetterTargetArn": ex.target_arn(dlq) }),
                );
            }
            let sid = ex.fresh(&format!("{id}Subscription{}", i + 1));
            ex.add(&sid, "AWS::SNS::Subscription", Value::Object(props));
        }
    }
}

pub fn rules(ex: &mut Ex) {
    for r in ex.section("Rules") {
        let id = ex.ids[&("rule", name(&r, "Name").to_string())].clone();
        let mut props = Map::new();
        copy(
            &r,
            &mut props,
            &["Name", "Description", "EventPattern", "State"],
        );
        let bus = name(&r, "EventBusName");
        if !bus.is_empty() && bus != "default" {
            props.insert(
                "EventBusName".into(),
                ex.reference(
                    "bus",
                    crate::eventbridge::TargetKind::from_arn(bus)
                        .map(|k| k.name().to_string())
                        .as_deref()
                        .unwrap_or(bus),
                ),
            );
        }
        let mut targets = Vec::new();
        for t in r
            .get("Targets")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let mut out = t.as_object().cloned().unwrap_or_default();
            out.insert("Arn".into(), ex.target_arn(name(t, "Arn")));
            if let Some(dlq) = t
                .get("DeadLetterConfig")
                .and_then(|d| d.get("Arn"))
                .and_then(Value::as_str)
            {
                out.insert(
                    "DeadLetterConfig".into(),
                    json!({ "Arn": ex.target_arn(dlq) }),
                );
            }
            targets.push(Value::Object(out));
        }
        props.insert("Targets".into(), Value::Array(targets));
        ex.add(&id, "AWS::Events::Rule", Value::Object(props));
    }
}

pub fn mappings(ex: &mut Ex) {
    for (i, m) in ex.section("EventSourceMappings").into_iter().enumerate() {
        let f = name(&m, "FunctionName").to_string();
        let id = ex.ids[&("mapping", format!("{f}-{i}"))].clone();
        let config = &ex.scenario.mappings[i];
        let source = config.source_name().to_string();
        let arn = if ex.id("table", &source).is_some() {
            ex.get_att("table", &source, "StreamArn")
        } else {
            ex.get_att("queue", &source, "Arn")
        };
        let mut props = m.as_object().cloned().unwrap_or_default();
        props.insert("FunctionName".into(), ex.reference("function", &f));
        props.insert("EventSourceArn".into(), arn);
        if let Some(Value::Object(dc)) = props.get_mut("DestinationConfig") {
            if let Some(dest) = dc
                .get("OnFailure")
                .and_then(|o| o.get("Destination"))
                .and_then(Value::as_str)
                .map(String::from)
            {
                dc.insert(
                    "OnFailure".into(),
                    json!({ "Destination": ex.target_arn(&dest) }),
                );
            }
        }
        ex.add(&id, "AWS::Lambda::EventSourceMapping", Value::Object(props));
    }
}

pub fn pipes(ex: &mut Ex) {
    for p in ex.section("Pipes") {
        let pname = name(&p, "Name").to_string();
        let id = ex.ids[&("pipe", pname.clone())].clone();
        let mut props = p.as_object().cloned().unwrap_or_default();
        props.insert("Source".into(), ex.target_arn(name(&p, "Source")));
        props.insert("Target".into(), ex.target_arn(name(&p, "Target")));
        if let Some(e) = p.get("Enrichment").and_then(Value::as_str) {
            props.insert("Enrichment".into(), ex.target_arn(e));
        }
        if let Some(Value::Object(tp)) = props.get_mut("TargetParameters") {
            if let Some(g) = tp.remove("MessageGroupId") {
                tp.insert("SqsQueueParameters".into(), json!({ "MessageGroupId": g }));
            }
        }
        props.insert("RoleArn".into(), super::access::pipe_role(ex, &id, &p));
        ex.add(&id, "AWS::Pipes::Pipe", Value::Object(props));
    }
}

pub fn buckets(ex: &mut Ex) {
    for b in ex.section("Buckets") {
        let id = ex.ids[&("bucket", name(&b, "BucketName").to_string())].clone();
        let mut props = b.as_object().cloned().unwrap_or_default();
        // CloudFormation's notification configurations have no Id: they travel in Metadata.
        let mut ids = Map::new();
        if let Some(Value::Object(nc)) = props.get_mut("NotificationConfiguration") {
            // S3's API turns EventBridge on with `{}`; CloudFormation requires the flag.
            if let Some(eb) = nc.get_mut("EventBridgeConfiguration") {
                let on = eb.get("EventBridgeEnabled").and_then(Value::as_bool);
                *eb = json!({ "EventBridgeEnabled": on.unwrap_or(true) });
            }
            for (list, key) in [
                ("LambdaConfigurations", "Function"),
                ("QueueConfigurations", "Queue"),
                ("TopicConfigurations", "Topic"),
            ] {
                let mut names = Vec::new();
                for c in nc
                    .get_mut(list)
                    .and_then(Value::as_array_mut)
                    .into_iter()
                    .flatten()
                {
                    let dest = c
                        .get(key)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string();
                    c[key] = ex.target_arn(&dest);
                    names.push(
                        c.as_object_mut()
                            .and_then(|m| m.remove("Id"))
                            .unwrap_or(Value::Null),
                    );
                }
                if names.iter().any(|n| !n.is_null()) {
                    ids.insert(list.into(), Value::Array(names));
                }
            }
        }
        let r = ex.add(&id, "AWS::S3::Bucket", Value::Object(props));
        if !ids.is_empty() {
            r["Metadata"] = json!({ METADATA_KEY: { "NotificationIds": ids } });
        }
    }
}

pub fn alarms(ex: &mut Ex) {
    for a in ex.section("Alarms") {
        let id = ex.ids[&("alarm", name(&a, "AlarmName").to_string())].clone();
        let mut props = a.as_object().cloned().unwrap_or_default();
        for k in ["AlarmActions", "OKActions", "InsufficientDataActions"] {
            if let Some(Value::Array(list)) = props.get_mut(k) {
                for x in list.iter_mut() {
                    let arn = x.as_str().unwrap_or_default().to_string();
                    *x = ex.target_arn(&arn);
                }
            }
        }
        ex.add(&id, "AWS::CloudWatch::Alarm", Value::Object(props));
    }
}

/// Each scenario API by its ProtocolType: a REST API (resources, Lambda proxy
/// methods, the OPTIONS mocks "Enable CORS" adds, a deployment on its stage) or an
/// HTTP API (routes, integrations with payload format 2.0, CORS on the API).
pub fn apis(ex: &mut Ex) {
    for (a, config) in ex.section("Apis").into_iter().zip(ex.scenario.apis.clone()) {
        let id = ex.ids[&("api", config.name.clone())].clone();
        match config.protocol_type {
            crate::apigateway::ProtocolType::Http => http_api(ex, &id, &a, &config),
            crate::apigateway::ProtocolType::Rest => rest_api(ex, &id, &config),
        }
    }
}

fn uri(ex: &Ex, function: &str) -> Value {
    let fid = ex.id("function", function).cloned().unwrap_or_default();
    json!({ "Fn::Sub": format!("arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{{fid}.Arn}}/invocations") })
}

fn rest_api(ex: &mut Ex, id: &str, config: &crate::apigateway::ApiConfig) {
    ex.add(
        id,
        "AWS::ApiGateway::RestApi",
        json!({ "Name": config.name }),
    );
    let mut paths: Vec<(String, String)> = Vec::new(); // path → resource logical id
    let mut methods = Vec::new();
    let mut route_resources: Vec<(String, Value)> = Vec::new(); // path → its ResourceId
    for r in &config.routes {
        let (method, path) = r.route_key.split_once(' ').unwrap_or(("ANY", "/"));
        let mut parent = json!({ "Fn::GetAtt": [id, "RootResourceId"] });
        let mut so_far = String::new();
        for seg in path.split('/').filter(|s| !s.is_empty()) {
            so_far.push('/');
            so_far.push_str(seg);
            let existing = paths
                .iter()
                .find(|(p, _)| *p == so_far)
                .map(|(_, r)| r.clone());
            let rid = match existing {
                Some(rid) => rid,
                None => {
                    let rid = ex.fresh(&format!("{id}{}Resource", super::pascal(&so_far)));
                    ex.add(
                        &rid,
                        "AWS::ApiGateway::Resource",
                        json!({ "RestApiId": { "Ref": id }, "ParentId": parent, "PathPart": seg }),
                    );
                    paths.push((so_far.clone(), rid.clone()));
                    rid
                }
            };
            parent = json!({ "Ref": rid });
        }
        let mid = ex.fresh(&format!(
            "{id}{}{}Method",
            super::pascal(&method.to_ascii_lowercase()),
            super::pascal(&so_far)
        ));
        let integration = json!({ "Type": "AWS_PROXY", "IntegrationHttpMethod": "POST", "Uri": uri(ex, &r.function_name) });
        ex.add(&mid, "AWS::ApiGateway::Method", json!({ "RestApiId": { "Ref": id }, "ResourceId": parent, "HttpMethod": method, "AuthorizationType": "NONE", "Integration": integration }));
        methods.push(json!(mid));
        if !route_resources.iter().any(|(p, _)| *p == so_far) {
            route_resources.push((so_far.clone(), parent.clone()));
        }
        let source = json!({ "Fn::Sub": format!("arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{id}}}/*/{method}{path}").replace("/ANY", "/*") });
        super::access::permission(
            ex,
            &r.function_name,
            "apigateway.amazonaws.com",
            Some(source),
        );
    }
    if let Some(cors) = &config.cors {
        for (path, resource) in &route_resources {
            methods.push(json!(cors_options(ex, id, path, resource, cors)));
        }
    }
    rest_api_outputs(ex, id, config, &route_resources);
    let did = ex.fresh(&format!("{id}Deployment"));
    let r = ex.add(
        &did,
        "AWS::ApiGateway::Deployment",
        json!({ "RestApiId": { "Ref": id }, "StageName": config.stage_name }),
    );
    // A deployment needs its methods first.
    r["DependsOn"] = Value::Array(methods);
}

/// The ids `aws apigateway test-invoke-method` takes (--rest-api-id, --resource-id)
/// and the stage's invoke URL.
fn rest_api_outputs(
    ex: &mut Ex,
    id: &str,
    config: &crate::apigateway::ApiConfig,
    route_resources: &[(String, Value)],
) {
    let api = &config.name;
    ex.output(
        &format!("{id}Id"),
        json!({ "Ref": id }),
        format!("RestApiId of {api}"),
    );
    for (path, resource) in route_resources {
        // A route on "/" is on the API's root resource.
        let (shown, name) = match path.as_str() {
            "" => ("/", "Root".to_string()),
            _ => (path.as_str(), super::pascal(path)),
        };
        let description = format!("ResourceId of {shown} in {api}");
        let key = format!("{id}{name}ResourceId");
        ex.output(&key, resource.clone(), description);
    }
    let url = format!(
        "https://${{{id}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/{}",
        config.stage_name
    );
    let description = format!("Invoke URL of {api}'s stage {}", config.stage_name);
    ex.output(&format!("{id}Url"), json!({ "Fn::Sub": url }), description);
}

/// The OPTIONS method the console's "Enable CORS" adds to a REST API resource: a
/// mock integration answering 200 with the CORS headers.
/// <https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html>
fn cors_options(
    ex: &mut Ex,
    id: &str,
    path: &str,
    resource: &Value,
    cors: &crate::apigateway::Cors,
) -> String {
    let header = |h: &str| format!("method.response.header.Access-Control-Allow-{h}");
    let quoted = |v: &[String]| Value::String(format!("'{}'", v.join(",")));
    let mut answer = serde_json::Map::new();
    let mut declared = serde_json::Map::new();
    for (h, v) in [
        ("Headers", &cors.allow_headers),
        ("Methods", &cors.allow_methods),
        ("Origin", &cors.allow_origins),
    ] {
        answer.insert(header(h), quoted(v));
        declared.insert(header(h), json!(true));
    }
    let mid = ex.fresh(&format!("{id}Options{}Method", super::pascal(path)));
    let integration = json!({ "Type": "MOCK", "RequestTemplates": { "application/json": "{\"statusCode\": 200}" },
        "IntegrationResponses": [{ "StatusCode": "200", "ResponseParameters": answer }] });
    ex.add(&mid, "AWS::ApiGateway::Method", json!({ "RestApiId": { "Ref": id }, "ResourceId": resource, "HttpMethod": "OPTIONS", "AuthorizationType": "NONE",
        "Integration": integration, "MethodResponses": [{ "StatusCode": "200", "ResponseParameters": declared }] }));
    mid
}

fn http_api(ex: &mut Ex, id: &str, a: &Value, config: &crate::apigateway::ApiConfig) {
    let cors = a.get("Cors").cloned().unwrap_or(json!({}));
    ex.add(
        id,
        "AWS::ApiGatewayV2::Api",
        json!({ "Name": config.name, "ProtocolType": "HTTP", "CorsConfiguration": cors }),
    );
    let mut integrations: Vec<(String, String)> = Vec::new(); // function → integration id
    for r in &config.routes {
        let known = integrations
            .iter()
            .find(|(f, _)| *f == r.function_name)
            .map(|(_, i)| i.clone());
        let iid = match known {
            Some(iid) => iid,
            None => {
                let iid = ex.fresh(&format!(
                    "{id}{}Integration",
                    super::pascal(&r.function_name)
                ));
                let fid = ex
                    .id("function", &r.function_name)
                    .cloned()
                    .unwrap_or_default();
                ex.add(&iid, "AWS::ApiGatewayV2::Integration", json!({ "ApiId": { "Ref": id }, "IntegrationType": "AWS_PROXY", "IntegrationUri": { "Fn::GetAtt": [fid, "Arn"] }, "PayloadFormatVersion": "2.0" }));
                integrations.push((r.function_name.clone(), iid.clone()));
                iid
            }
        };
        let rid = ex.fresh(&format!(
            "{id}{}Route",
            super::pascal(&r.route_key.to_ascii_lowercase())
        ));
        ex.add(&rid, "AWS::ApiGatewayV2::Route", json!({ "ApiId": { "Ref": id }, "RouteKey": r.route_key, "Target": { "Fn::Sub": format!("integrations/${{{iid}}}") } }));
        let source = json!({ "Fn::Sub": format!("arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{id}}}/*") });
        super::access::permission(
            ex,
            &r.function_name,
            "apigateway.amazonaws.com",
            Some(source),
        );
    }
    let sid = ex.fresh(&format!("{id}Stage"));
    ex.add(
        &sid,
        "AWS::ApiGatewayV2::Stage",
        json!({ "ApiId": { "Ref": id }, "StageName": config.stage_name, "AutoDeploy": true }),
    );
    let (api, stage) = (&config.name, &config.stage_name);
    // The $default stage is served at the API's endpoint itself.
    let path = if stage == "$default" {
        String::new()
    } else {
        format!("/{stage}")
    };
    let url = json!({ "Fn::Sub": format!("${{{id}.ApiEndpoint}}{path}") });
    ex.output(
        &format!("{id}Url"),
        url,
        format!("Invoke URL of {api}'s stage {stage}"),
    );
}
