//! No input makes the pattern parser, the input transformer, PutEvents, IAM policies, SQS message contents or the DynamoDB
//! expression parsers panic: many random JSON documents, biased toward the pattern
//! language's own keywords, and expression texts mixing grammar with multi-byte
//! characters go in; an answer or an error comes out (a panic in WebAssembly would
//! kill the page).

mod common;

use serde_json::{json, Map, Value};
use sim_core::eventbridge::{EventPattern, InputTransformer, TargetInput};
use sim_core::rng::Rng;

const WORDS: [&str; 16] = [
    "prefix",
    "suffix",
    "anything-but",
    "numeric",
    "exists",
    "cidr",
    "equals-ignore-case",
    "wildcard",
    "$or",
    "source",
    "detail",
    "a",
    "b.c",
    "",
    "*",
    "10.0.0.0/8",
];

fn random_json(r: &mut Rng, depth: u32) -> Value {
    let leaf_only = depth == 0;
    match r.below(if leaf_only { 6 } else { 9 }) {
        0 => Value::Null,
        1 => Value::Bool(r.chance_per_mille(500)),
        2 => json!(r.below(1000) as i64 - 500),
        3 => json!((r.below(10_000) as f64) / 7.0 - 700.0),
        4 => json!(WORDS[r.below(WORDS.len() as u64) as usize]),
        5 => json!([">", "<=", "=", ">=", "<", "a*b", "a**b", "\\x"][r.below(8) as usize]),
        6 | 7 => {
            let mut m = Map::new();
            for _ in 0..r.between(0, 3) {
                m.insert(
                    WORDS[r.below(WORDS.len() as u64) as usize].to_string(),
                    random_json(r, depth - 1),
                );
            }
            Value::Object(m)
        }
        _ => Value::Array(
            (0..r.between(0, 4))
                .map(|_| random_json(r, depth - 1))
                .collect(),
        ),
    }
}

/// A pattern-shaped document: fields holding nested objects or value lists whose
/// items are values or operator objects with random operands.
fn random_pattern(r: &mut Rng, depth: u32) -> Value {
    let mut m = Map::new();
    for _ in 0..r.between(1, 3) {
        let field = ["source", "detail", "a", "b.c", "amount", "$or"][r.below(6) as usize];
        let value = if field == "$or" {
            Value::Array(
                (0..r.between(1, 3))
                    .map(|_| random_pattern(r, depth.saturating_sub(1)))
                    .collect(),
            )
        } else if depth > 0 && r.chance_per_mille(300) {
            random_pattern(r, depth - 1)
        } else {
            Value::Array(
                (0..r.between(1, 3))
                    .map(|_| {
                        if r.chance_per_mille(500) {
                            random_json(r, 0)
                        } else {
                            let op = WORDS[r.below(8) as usize];
                            let mut o = Map::new();
                            o.insert(op.to_string(), random_json(r, 1));
                            Value::Object(o)
                        }
                    })
                    .collect(),
            )
        };
        m.insert(field.to_string(), value);
    }
    Value::Object(m)
}

#[test]
fn patterns_never_panic() {
    let mut r = Rng::new(11);
    let mut compiled = 0;
    for _ in 0..20_000 {
        let pattern = if r.chance_per_mille(500) {
            random_pattern(&mut r, 3)
        } else {
            random_json(&mut r, 4)
        };
        let event = random_json(&mut r, 4);
        if let Ok(p) = EventPattern::from_json(&pattern) {
            compiled += 1;
            let _ = p.matches(&event);
            let _ = p.explain(&event);
        }
        let text = pattern.to_string();
        let cut = r.below(text.len() as u64 + 1) as usize;
        let _ = EventPattern::parse(text.get(..cut).unwrap_or(""));
        let _ = sim_core::sns::compile_filter_policy(&pattern);
    }
    assert!(
        compiled > 100,
        "some random patterns are valid ({compiled}), so matching ran too"
    );
}

#[test]
fn transformers_never_panic() {
    let mut r = Rng::new(12);
    let templates = [
        "<a>",
        "\"<a> and <b>\"",
        "{\"x\": <a>, \"y\": \"<b>\"}",
        "<",
        "<>",
        "<<a>>",
        "\"\\\"<a>\"",
        "<aws.events.event>",
        "{\"e\": <aws.events.event.json>}",
        "<$.body.x>",
    ];
    for _ in 0..5_000 {
        let mut map = std::collections::BTreeMap::new();
        map.insert(
            "a".to_string(),
            [
                "$.detail", "$", "$.x[0]", "$.a.b.c", "nope", "$..", "$['k']", "$[x]",
            ][r.below(8) as usize]
                .to_string(),
        );
        map.insert("b".to_string(), "$.detail.orderId".to_string());
        let t = InputTransformer {
            input_paths_map: map,
            input_template: templates[r.below(templates.len() as u64) as usize].to_string(),
        };
        let event = random_json(&mut r, 3);
        if let Ok(input) = TargetInput::from_parts(None, None, Some(&t), "aws.events.") {
            let _ = input.render(
                &event,
                &sim_core::eventbridge::transform::Predefined {
                    prefix: "aws.events.",
                    values: vec![],
                },
            );
        }
        let path = ["$", "$.", "$.a[", "$.a[1", "$[0]", "x"][r.below(6) as usize];
        let _ = TargetInput::from_parts(None, Some(path), None, "aws.events.");
        let _ = TargetInput::from_parts(Some(&event.to_string()), None, None, "aws.events.");
    }
}

#[test]
fn put_events_never_panics() {
    let mut sim = sim_core::Simulation::new(common::builtin("lab000-pedidos"), 1).unwrap();
    let mut r = Rng::new(13);
    for _ in 0..3_000 {
        let entries: Vec<Value> = (0..r.between(0, 12))
            .map(|_| {
                let mut e = Map::new();
                for (k, v) in [
                    ("Source", random_json(&mut r, 1)),
                    ("DetailType", random_json(&mut r, 1)),
                    ("Detail", random_json(&mut r, 2)),
                    (
                        "EventBusName",
                        json!(["pedidos-event-bus", "default", "nope", ""][r.below(4) as usize]),
                    ),
                ] {
                    if r.chance_per_mille(800) {
                        e.insert(k.to_string(), v);
                    }
                }
                Value::Object(e)
            })
            .collect();
        if let Ok(action) = serde_json::from_value::<sim_core::Action>(
            json!({ "Action": "PutEvents", "Entries": entries }),
        ) {
            let _ = sim.apply(action);
        }
        sim.run_until(sim.now_ms() + 500);
    }
}

// ---- DynamoDB expressions -------------------------------------------------------

/// Pieces of the ConditionExpression / UpdateExpression grammar, valid and not.
const EXPR_TOKENS: [&str; 40] = [
    "SET",
    "REMOVE",
    "if_not_exists(",
    "list_append(",
    "attribute_exists(",
    "attribute_not_exists(",
    "attribute_type(",
    "contains(",
    "begins_with(",
    "size(",
    "#n",
    "#c",
    "#nope",
    ":v",
    ":n",
    ":l",
    ":nope",
    "=",
    "<>",
    "<=",
    ">=",
    "<",
    ">",
    "(",
    ")",
    ",",
    ".",
    "[0]",
    "[7]",
    "+",
    "-",
    "AND",
    "OR",
    "NOT",
    "BETWEEN",
    "IN",
    "a",
    "tags",
    "m.k",
    "#",
];

/// Multi-byte characters of 2, 3 and 4 bytes, a combining accent and a no-break space.
const MULTIBYTE: [&str; 12] = [
    "é", "ç", "ã", "ção", "€", "😀", "名", "前", "Ω", "e\u{301}", "\u{a0}", "👍🏽",
];

/// Well-formed expressions, so that a character dropped into them lands everywhere
/// the parsers look: inside names, between a one-character operator and its operand…
/// The last four parse but fail to apply after an earlier action has run.
const EXPR_SHAPES: [&str; 12] = [
    "SET #n = :v, a = if_not_exists(a, :n) REMOVE m.k",
    "SET tags = list_append(tags, :l), m.k = :n, tags[0] = :v",
    "SET a = a + :n, b = :n - a",
    "#n = :v AND attribute_exists(a)",
    "size(tags) BETWEEN :n AND :n OR a <> :n",
    "a IN (:v, :n) AND NOT a >= :n",
    "begins_with(#c, :v) OR contains(tags, :v) AND a<=:n",
    "attribute_not_exists(#c) AND attribute_type(a, :v)",
    "SET a = :v, b = nope",
    "SET b = :n, a = list_append(a, :l)",
    "SET m.k = :n, x.y = :v",
    "REMOVE a SET tags[0] = :v, #c = b + :n",
];

fn pick<'a>(r: &mut Rng, from: &[&'a str]) -> &'a str {
    from[r.below(from.len() as u64) as usize]
}

/// `s` with one of `pieces` inserted at a random char boundary.
fn splice(r: &mut Rng, s: &str, pieces: &[&str]) -> String {
    let piece = pick(r, pieces);
    let cuts: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
    let at = cuts[r.below(cuts.len() as u64) as usize];
    format!("{}{piece}{}", &s[..at], &s[at..])
}

/// A well-formed expression as is, with a grammar piece or a multi-byte character
/// spliced in, or a soup of both joined with or without spaces.
fn random_expression(r: &mut Rng) -> String {
    let shape = pick(r, &EXPR_SHAPES);
    match r.below(10) {
        0 | 1 => return shape.to_string(),
        2 | 3 => return splice(r, shape, &EXPR_TOKENS),
        4..=6 => return splice(r, shape, &MULTIBYTE),
        _ => {}
    }
    let mut s = String::new();
    for _ in 0..r.between(1, 12) {
        if r.chance_per_mille(600) {
            s.push(' ');
        }
        let piece = if r.chance_per_mille(250) {
            pick(r, &MULTIBYTE).to_string()
        } else if r.chance_per_mille(100) {
            let tok = pick(r, &EXPR_TOKENS);
            splice(r, tok, &MULTIBYTE)
        } else {
            pick(r, &EXPR_TOKENS).to_string()
        };
        s.push_str(&piece);
    }
    s
}

#[test]
fn dynamodb_expressions_never_panic() {
    use sim_core::dynamodb::{item_from_plain, AttributeValue, Condition, ExprContext, Update};
    let mut ctx = ExprContext::default();
    ctx.names.insert("#n".into(), "nome".into());
    ctx.names.insert("#c".into(), "ção".into());
    for (k, v) in [
        (":v", json!("€uro 😀")),
        (":n", json!(3)),
        (":l", json!(["x"])),
    ] {
        ctx.values.insert(k.into(), AttributeValue::from_plain(&v));
    }
    let item = item_from_plain(&json!({
        "id": "k", "nome": "José", "ção": "sim", "a": 1,
        "tags": ["x", "y"], "m": {"k": "v"}, "b": "€"
    }))
    .unwrap();
    let mut r = Rng::new(14);
    let (mut conditions, mut updates) = (0, 0);
    for _ in 0..20_000 {
        let text = random_expression(&mut r);
        match Condition::parse(&text, &ctx) {
            Ok(c) => {
                conditions += 1;
                let _ = (c.holds(Some(&item)), c.holds(None));
            }
            Err(e) => assert!(
                e.starts_with("Invalid ConditionExpression: "),
                "{text}: {e}"
            ),
        }
        // Errors change nothing, whether the text does not parse or does not apply.
        let mut after = item.clone();
        let outcome = match Update::parse(&text, &ctx) {
            Ok(u) => {
                updates += 1;
                let _ = u.top_level_names();
                u.apply(&mut after)
            }
            Err(e) => {
                assert!(e.starts_with("Invalid UpdateExpression: "), "{text}: {e}");
                Err(e)
            }
        };
        if outcome.is_err() {
            assert_eq!(after, item, "a failed {text:?} changes nothing");
        }
    }
    assert!(
        conditions > 1000 && updates > 1000,
        "some random expressions are valid ({conditions} conditions, {updates} updates), so evaluation ran too"
    );
}

const FIELDS: [&str; 8] = ["source", "detail", "a", "b", "c", "b.c", "amount", ""];

/// A leaf a pattern and an event are both likely to hold.
fn shared_leaf(r: &mut Rng) -> Value {
    match r.below(6) {
        0 => json!(["x", "y", "Xy", "ab*c", "10.0.0.7", ""][r.below(6) as usize]),
        1 => json!(r.below(7) as i64 - 3),
        2 => json!((r.below(7) as f64) / 2.0),
        3 => Value::Bool(r.chance_per_mille(500)),
        4 => Value::Null,
        _ => random_json(r, 0),
    }
}

/// A matcher a pattern's value list may hold: mostly valid, so patterns compile.
fn well_formed_matcher(r: &mut Rng) -> Value {
    let text = || ["x", "X", "a", "ab", "*c", "y*"];
    match r.below(11) {
        0 => json!({"prefix": text()[r.below(4) as usize]}),
        1 => json!({"suffix": text()[r.below(4) as usize]}),
        2 => json!({"equals-ignore-case": text()[r.below(4) as usize]}),
        3 => json!({"wildcard": text()[r.below(6) as usize]}),
        4 => json!({"exists": r.chance_per_mille(500)}),
        5 => {
            let op = [">", ">=", "<", "<=", "="][r.below(5) as usize];
            json!({"numeric": [op, r.below(5) as i64 - 2]})
        }
        6 => json!({"numeric": [">", -1, "<=", r.below(4)]}),
        7 => json!({"anything-but": [shared_leaf(r)]}),
        8 => json!({"anything-but": {"prefix": text()[r.below(4) as usize]}}),
        9 => json!({"cidr": "10.0.0.0/24"}),
        _ => shared_leaf(r),
    }
}

/// A pattern over a few fields, nested and with `$or`, from the matchers above.
fn well_formed_pattern(r: &mut Rng, depth: u32) -> Value {
    let mut m = Map::new();
    for _ in 0..r.between(1, 3) {
        let field = FIELDS[r.below(FIELDS.len() as u64) as usize];
        let value = if depth > 0 && r.chance_per_mille(150) {
            m.insert(
                "$or".into(),
                json!([
                    well_formed_pattern(r, depth - 1),
                    well_formed_pattern(r, depth - 1)
                ]),
            );
            continue;
        } else if depth > 0 && r.chance_per_mille(300) {
            well_formed_pattern(r, depth - 1)
        } else {
            Value::Array(
                (0..r.between(1, 3))
                    .map(|_| well_formed_matcher(r))
                    .collect(),
            )
        };
        m.insert(field.to_string(), value);
    }
    Value::Object(m)
}

/// An event over the same fields: leaves, nested objects, arrays of either.
fn random_event(r: &mut Rng, depth: u32) -> Value {
    let mut m = Map::new();
    for _ in 0..r.between(0, 5) {
        let field = FIELDS[r.below(FIELDS.len() as u64) as usize];
        let value = match r.below(if depth == 0 { 2 } else { 5 }) {
            0 | 1 => shared_leaf(r),
            2 => random_event(r, depth - 1),
            3 => Value::Array((0..r.between(0, 3)).map(|_| shared_leaf(r)).collect()),
            _ => Value::Array(
                (0..r.between(0, 3))
                    .map(|_| random_event(r, depth - 1))
                    .collect(),
            ),
        };
        m.insert(field.to_string(), value);
    }
    Value::Object(m)
}

/// Text that repeats one of the event's keys, or cut short: the matcher reading bytes
/// must answer as the Value parser would (last key wins), or refuse, never panic.
fn mangled(r: &mut Rng, event: &Value) -> String {
    let text = event.to_string();
    let field = FIELDS[r.below(FIELDS.len() as u64) as usize];
    match r.below(3) {
        0 => text.replacen('{', &format!("{{{}: {},", json!(field), shared_leaf(r)), 1),
        1 => text.replacen('}', &format!(", {}: {}}}", json!(field), shared_leaf(r)), 1),
        _ => {
            let cut = r.below(text.len() as u64 + 1) as usize;
            text.get(..cut).unwrap_or("").to_string()
        }
    }
}

#[test]
fn bus_matcher_agrees_with_each_pattern() {
    let mut r = Rng::new(14);
    let (mut scratch, mut out) = (sim_core::eventbridge::Scratch::default(), Vec::new());
    let (mut matched, mut checked) = (0, 0);
    for round in 0..400 {
        let patterns: Vec<EventPattern> = (0..r.between(1, 24))
            .filter_map(|_| {
                let p = if round % 4 == 0 {
                    random_pattern(&mut r, 3)
                } else {
                    well_formed_pattern(&mut r, 2)
                };
                EventPattern::from_json(&p).ok()
            })
            .collect();
        let pairs: Vec<(u32, &EventPattern)> = (0..).map(|i| i * 3).zip(&patterns).collect();
        let m = sim_core::eventbridge::BusMatcher::new(&pairs);
        for _ in 0..40 {
            let event = random_event(&mut r, 3);
            let want: Vec<u32> = pairs
                .iter()
                .filter(|(_, p)| p.matches(&event))
                .map(|(i, _)| *i)
                .collect();
            checked += 1;
            matched += want.len();
            assert_eq!(m.matching_rules(&event), want, "event {event}");
            let text = mangled(&mut r, &event);
            let answer = m.matching_rules_in_json(text.as_bytes(), &mut scratch, &mut out);
            if let Ok(value) = serde_json::from_str::<Value>(&text) {
                assert!(answer.is_ok(), "{text}");
                assert_eq!(out, m.matching_rules(&value), "{text}");
            }
        }
    }
    assert!(
        matched > checked / 4,
        "the events matched some rules ({matched} matches over {checked} events)"
    );
}

/// Policy documents built from IAM's own words, multi-byte text and random JSON;
/// each parsed one is also evaluated against awkward actions and ARNs.
#[test]
fn iam_policies_never_panic() {
    use sim_core::services::iam::PolicyDocument;
    const KEYS: [&str; 10] = [
        "Version",
        "Statement",
        "Effect",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Sid",
        "Principal",
        "Condition",
    ];
    const LEAVES: [&str; 12] = [
        "Allow",
        "Deny",
        "2012-10-17",
        "*",
        "sqs:*",
        "sqs:Receive?essage",
        "arn:aws:sqs:*:*:q*",
        "arn:",
        "é€😀",
        "dynamodb:",
        ":",
        "**?*",
    ];
    let mut r = Rng::new(20_26);
    for _ in 0..5_000 {
        let mut statement = Map::new();
        for _ in 0..r.between(0, 5) {
            let v = if r.chance_per_mille(300) {
                random_json(&mut r, 2)
            } else if r.chance_per_mille(500) {
                json!([pick(&mut r, &LEAVES), pick(&mut r, &LEAVES)])
            } else {
                json!(pick(&mut r, &LEAVES))
            };
            statement.insert(pick(&mut r, &KEYS).to_string(), v);
        }
        let doc = json!({"Version": pick(&mut r, &LEAVES), "Statement": [statement]});
        let text = if r.chance_per_mille(200) {
            splice(&mut r, &doc.to_string(), &MULTIBYTE)
        } else {
            doc.to_string()
        };
        if let Ok((d, _)) = PolicyDocument::parse_text(&text) {
            for a in LEAVES {
                let _ = d.decide(a, pick(&mut r, &LEAVES));
            }
        }
    }
}

/// A message's body, attribute names, types and values (numbers above all) mixing SQS's
/// grammar with control characters, non-characters and multi-byte text: SendMessage
/// answers or refuses, never panics, and a refused send leaves the queue as it was.
#[test]
fn sqs_message_contents_never_panic() {
    use sim_core::action::Action;
    use sim_core::services::sqs::MessageAttribute;
    const PIECES: [&str; 16] = [
        "-", "+", ".", "e", "E", "9", "0", "\u{1}", "\u{FFFF}", "\u{FFFE}", "€", "🍕", "AWS.",
        "..", "\t", "1e999",
    ];
    let mut r = Rng::new(29);
    let mut sim = sim_core::Simulation::new(
        common::scenario(json!({"Name": "t", "Queues": [{ "QueueName": "q" }]})),
        1,
    )
    .unwrap();
    let mut accepted = 0;
    for _ in 0..3_000 {
        // Each part spliced half the time, so some sends are clean.
        let maybe = |r: &mut Rng, s: &str| match r.below(2) {
            0 => s.to_string(),
            _ => splice(r, s, &PIECES),
        };
        let number = maybe(&mut r, "12.5");
        let value = maybe(&mut r, &number);
        let name = maybe(&mut r, "attr.name");
        let base = pick(&mut r, &["Number", "String", "Binary", "String.json"]);
        let data_type = maybe(&mut r, base);
        let body = maybe(&mut r, "{\"orderId\":\"o-1\"}");
        let before = sim.queue("q").unwrap().len();
        let sent = sim.apply(Action::SendMessage {
            queue_name: "q".into(),
            message_body: Value::String(body),
            delay_seconds: None,
            message_group_id: None,
            message_deduplication_id: None,
            message_attributes: [(
                name,
                MessageAttribute {
                    data_type,
                    string_value: value,
                },
            )]
            .into(),
        });
        let after = sim.queue("q").unwrap().len();
        assert_eq!(after, before + usize::from(sent.is_ok()));
        accepted += usize::from(sent.is_ok());
    }
    // Both ways taken: the mix is neither all good nor all bad.
    assert!(
        (100..2_900).contains(&accepted),
        "{accepted} of 3000 accepted"
    );
}
