//! Reads ../shared/conformance/eventbridge-patterns.jsonl at test time (never copied
//! into the project) and checks every case. Skips, saying so, when the file is absent.

use serde_json::Value;
use sim_core::eventbridge::{test_event_pattern, BusMatcher, EventPattern, FlatEvent, Scratch};
use sim_core::rng::Rng;

/// Cases where we follow the AWS documentation rather than the file (see the note
/// printed by the test for each).
const DOCUMENTED_DISAGREEMENTS: &[(&str, &str)] = &[(
    "event-ruler/invalid/75",
    "the file says {\"numeric\": [\"=\", 0.0]} is invalid; the EventBridge user guide's numeric matching accepts any number with \"=\", 0 included (the case's original number was probably lost converting it to JSON)",
)];

#[test]
fn conformance_file_passes() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/conformance/eventbridge-patterns.jsonl"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("SKIPPED: {path} is absent, so the conformance cases were not run");
        return;
    };
    let mut failures = Vec::new();
    let mut total = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("a JSON line");
        total += 1;
        let id = case["id"].as_str().unwrap_or("?");
        let envelope = case["envelope"].as_bool().unwrap_or(false);
        let got = match test_event_pattern(&case["pattern"], &case["event"], envelope) {
            Ok(true) => "match",
            Ok(false) => "no-match",
            Err(e) if e.starts_with("Event pattern is not valid") => "invalid-pattern",
            Err(e) => panic!("{id}: {e}"),
        };
        let want = case["expect"].as_str().unwrap_or("?");
        if got != want {
            if let Some((_, why)) = DOCUMENTED_DISAGREEMENTS.iter().find(|(i, _)| *i == id) {
                eprintln!("{id}: the file expects {want}, we answer {got}: {why}");
                continue;
            }
            failures.push(format!(
                "{id}: expected {want}, got {got}\n    pattern {}\n    event {}",
                case["pattern"], case["event"]
            ));
        }
    }
    assert!(total > 1000, "read {total} cases");
    assert!(
        failures.is_empty(),
        "{} of {total} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The file's valid patterns with their events (None where the file is absent).
fn valid_cases() -> Option<Vec<(String, EventPattern, Value)>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/conformance/eventbridge-patterns.jsonl"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("SKIPPED: {path} is absent, so the bus matcher was not run on its cases");
        return None;
    };
    let cases = text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|case| {
            let pattern = match &case["pattern"] {
                Value::String(t) => EventPattern::parse(t),
                v => EventPattern::from_json(v),
            }
            .ok()?;
            let id = case["id"].as_str().unwrap_or("?").to_string();
            Some((id, pattern, case["event"].clone()))
        })
        .collect();
    Some(cases)
}

/// What matching each pattern in turn says: the indices of those that match.
fn one_at_a_time(patterns: &[&EventPattern], event: &Value) -> Vec<u32> {
    let flat = FlatEvent::new(event);
    (0..)
        .zip(patterns)
        .filter(|(_, p)| p.matches_flat(&flat))
        .map(|(i, _)| i)
        .collect()
}

/// The matcher, from a Value and from the event's bytes.
fn through_matcher(m: &BusMatcher, event: &Value, scratch: &mut Scratch) -> (Vec<u32>, Vec<u32>) {
    let mut from_bytes = Vec::new();
    m.matching_rules_in_json(event.to_string().as_bytes(), scratch, &mut from_bytes)
        .expect("the event is JSON");
    (m.matching_rules(event), from_bytes)
}

#[test]
fn every_case_matches_the_same_through_a_bus_matcher() {
    let Some(cases) = valid_cases() else {
        return;
    };
    let mut scratch = Scratch::default();
    for (id, pattern, event) in &cases {
        let m = BusMatcher::new(&[(7, pattern)]);
        let want = if pattern.matches(event) {
            vec![7]
        } else {
            vec![]
        };
        let (got, from_bytes) = through_matcher(&m, event, &mut scratch);
        assert_eq!(got, want, "{id}: event {event}");
        assert_eq!(from_bytes, want, "{id}: event {event} from bytes");
    }
    assert!(cases.len() > 1000, "{} valid cases", cases.len());
}

#[test]
fn groups_of_cases_match_the_same_through_one_bus_matcher() {
    let Some(cases) = valid_cases() else {
        return;
    };
    let mut r = Rng::new(21);
    let mut scratch = Scratch::default();
    let mut matched = 0;
    for _ in 0..2_000 {
        let group: Vec<&(String, EventPattern, Value)> = (0..r.between(2, 8))
            .map(|_| &cases[r.below(cases.len() as u64) as usize])
            .collect();
        let patterns: Vec<&EventPattern> = group.iter().map(|(_, p, _)| p).collect();
        let pairs: Vec<(u32, &EventPattern)> = (0..).zip(patterns.iter().copied()).collect();
        let m = BusMatcher::new(&pairs);
        for (id, _, event) in &group {
            let want = one_at_a_time(&patterns, event);
            matched += want.len();
            let (got, from_bytes) = through_matcher(&m, event, &mut scratch);
            assert_eq!(got, want, "group with {id}: event {event}");
            assert_eq!(
                from_bytes, want,
                "group with {id}: event {event} from bytes"
            );
        }
    }
    assert!(matched > 2_000, "the groups matched something ({matched})");
}

#[test]
fn all_cases_in_one_bus_matcher() {
    let Some(cases) = valid_cases() else {
        return;
    };
    let patterns: Vec<&EventPattern> = cases.iter().map(|(_, p, _)| p).collect();
    let pairs: Vec<(u32, &EventPattern)> = (0..).zip(patterns.iter().copied()).collect();
    let m = BusMatcher::new(&pairs);
    let mut scratch = Scratch::default();
    for (id, _, event) in &cases {
        let want = one_at_a_time(&patterns, event);
        let (got, from_bytes) = through_matcher(&m, event, &mut scratch);
        assert_eq!(got, want, "{id}: event {event}");
        assert_eq!(from_bytes, want, "{id}: event {event} from bytes");
    }
}
