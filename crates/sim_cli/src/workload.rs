//! `sim_cli bench patterns --workload DIR`: the shared matching workload
//! (/work/shared/bench/gen_workload.py): every rule of `rules.jsonl` in one bus
//! matcher, every event of `events.jsonl` parsed from its line inside the timed loop.

use std::time::Instant;

use serde_json::Value;
use sim_core::eventbridge::{BusMatcher, EventPattern, FlatEvent, Scratch};

/// Events checked against one-pattern-at-a-time matching before anything is timed.
const AGREEMENT_EVENTS: usize = 5_000;

struct Rules {
    patterns: Vec<EventPattern>,
    /// Uses `$or` (which quamina refuses), by accepted rule.
    has_or: Vec<bool>,
    read: usize,
    first_error: Option<String>,
}

pub fn run(dir: &str) -> Result<(), String> {
    let rules = load_rules(&format!("{dir}/rules.jsonl"))?;
    let events_path = format!("{dir}/events.jsonl");
    let text =
        std::fs::read(&events_path).map_err(|e| format!("cannot read {events_path}: {e}"))?;
    let lines: Vec<&[u8]> = text
        .split(|b| *b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .collect();
    let pairs: Vec<(u32, &EventPattern)> = (0..).zip(&rules.patterns).collect();
    let matcher = BusMatcher::new(&pairs);
    let with_or = rules.has_or.iter().filter(|o| **o).count();
    out!(
        "bench patterns --workload {dir}: {} rules read, {} accepted ({with_or} with $or), {} events",
        rules.read,
        rules.patterns.len(),
        lines.len()
    );
    if let Some(e) = &rules.first_error {
        out!("  first rule refused: {e}");
    }
    let agreed = check_agreement(&matcher, &rules.patterns, &lines)?;
    out!("  agreement: the bus matcher (from bytes and from a Value) and each pattern in turn give the same rules on all {agreed} events checked");
    let n = rules.patterns.len();
    let runs = [
        (
            "bus matcher, each line parsed straight into the matcher (serde_json, no Value)",
            MATCHER_ROUNDS,
            time_streamed(&matcher, &lines, MATCHER_ROUNDS)?,
        ),
        (
            "bus matcher, each line parsed into a serde_json::Value first (as the world does)",
            MATCHER_ROUNDS,
            time_via_value(&matcher, &lines, MATCHER_ROUNDS)?,
        ),
        (
            "before: each line parsed into a Value, flattened once, then each pattern in turn",
            1,
            time_one_by_one(&rules.patterns, &lines)?,
        ),
    ];
    let reference = &runs[0].2.per_rule;
    for (label, rounds, run) in &runs {
        let total: u64 = run.per_rule.iter().sum();
        if run.per_rule != *reference {
            return Err(format!("{label}: counted different matches ({total})"));
        }
        out!("  {label}");
        out!(
            "      {}, {total} matches against all {n} rules",
            rates(lines.len(), *rounds, run)
        );
    }
    let without_or: u64 = (reference.iter().zip(&rules.has_or))
        .filter(|(_, or)| !**or)
        .map(|(n, _)| n)
        .sum();
    out!(
        "  matches over the {} rules without $or (what quamina can compare): {without_or}",
        n - with_or
    );
    Ok(())
}

/// Rounds of the matcher timings (the machine is shared: the median says more).
const MATCHER_ROUNDS: usize = 3;

fn rates(events: usize, rounds: usize, run: &Timed) -> String {
    let sorted_rates = |secs: &[f64]| {
        let mut per_s: Vec<f64> = secs.iter().map(|s| events as f64 / s).collect();
        per_s.sort_by(f64::total_cmp);
        per_s
    };
    let wall = sorted_rates(&run.secs);
    let mut text = match wall.as_slice() {
        [one] => format!("{one:.0} events/s ({:.3} s)", events as f64 / one),
        all => format!(
            "{:.0} events/s, median of {rounds} rounds (slowest {:.0}, fastest {:.0})",
            all[all.len() / 2],
            all[0],
            all[all.len() - 1]
        ),
    };
    let cpu = sorted_rates(&run.cpu_secs);
    if let Some(c) = cpu.get(cpu.len() / 2) {
        // Wall time on a shared machine includes waiting for a core; this does not.
        text.push_str(&format!("; {c:.0} per second of CPU time"));
    }
    text
}

fn load_rules(path: &str) -> Result<Rules, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let mut rules = Rules {
        patterns: Vec::new(),
        has_or: Vec::new(),
        read: 0,
        first_error: None,
    };
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        rules.read += 1;
        let line: Value =
            serde_json::from_str(line).map_err(|e| format!("{path}:{}: not JSON: {e}", n + 1))?;
        let pattern = line.get("pattern").unwrap_or(&Value::Null);
        let compiled = match pattern {
            Value::String(t) => EventPattern::parse(t),
            v => EventPattern::from_json(v),
        };
        match compiled {
            Ok(p) => {
                rules.patterns.push(p);
                rules.has_or.push(uses_or(pattern));
            }
            Err(e) if rules.first_error.is_none() => {
                rules.first_error = Some(format!("{path}:{}: {e}", n + 1))
            }
            Err(_) => {}
        }
    }
    Ok(rules)
}

fn uses_or(v: &Value) -> bool {
    match v {
        Value::Object(o) => o.iter().any(|(k, x)| k == "$or" || uses_or(x)),
        Value::Array(a) => a.iter().any(uses_or),
        Value::String(t) => {
            serde_json::from_str::<Value>(t).is_ok_and(|p| p.is_object() && uses_or(&p))
        }
        _ => false,
    }
}

/// Untimed: the matcher, from bytes and from a Value, gives exactly the rules that
/// testing each pattern gives, on the first events.
fn check_agreement(
    m: &BusMatcher,
    patterns: &[EventPattern],
    lines: &[&[u8]],
) -> Result<usize, String> {
    let (mut scratch, mut streamed) = (Scratch::default(), Vec::new());
    let checked = lines.len().min(AGREEMENT_EVENTS);
    for (n, line) in lines.iter().take(checked).enumerate() {
        let event: Value =
            serde_json::from_slice(line).map_err(|e| format!("event {}: not JSON: {e}", n + 1))?;
        let flat = FlatEvent::new(&event);
        let want: Vec<u32> = (0..)
            .zip(patterns)
            .filter(|(_, p)| p.matches_flat(&flat))
            .map(|(i, _)| i)
            .collect();
        m.matching_rules_in_json(line, &mut scratch, &mut streamed)
            .map_err(|e| format!("event {}: {e}", n + 1))?;
        let via_value = m.matching_rules(&event);
        if streamed != want || via_value != want {
            return Err(format!(
                "event {} disagrees: one pattern at a time {want:?}, matcher {streamed:?} (bytes), {via_value:?} (Value)",
                n + 1
            ));
        }
    }
    Ok(checked)
}

struct Timed {
    /// Seconds per round.
    secs: Vec<f64>,
    /// CPU seconds per round (empty where /proc does not say).
    cpu_secs: Vec<f64>,
    /// Matches per rule index (of one round).
    per_rule: Vec<u64>,
}

/// Runs `match_line` over every line, `rounds` times, timing each round.
fn time_rounds(
    lines: &[&[u8]],
    rounds: usize,
    mut match_line: impl FnMut(&[u8], &mut Vec<u32>) -> Result<(), String>,
) -> Result<Timed, String> {
    let mut timed = Timed {
        secs: Vec::new(),
        cpu_secs: Vec::new(),
        per_rule: Vec::new(),
    };
    let mut matched = Vec::new();
    for round in 0..rounds {
        let mut per_rule = Vec::new();
        let (started, cpu_before) = (Instant::now(), cpu_ns());
        for line in lines {
            match_line(line, &mut matched)?;
            count(&mut per_rule, &matched);
        }
        timed.secs.push(started.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (cpu_before, cpu_ns()) {
            timed.cpu_secs.push(b.saturating_sub(a) as f64 / 1e9);
        }
        if round == 0 {
            timed.per_rule = per_rule;
        }
    }
    Ok(timed)
}

fn time_streamed(m: &BusMatcher, lines: &[&[u8]], rounds: usize) -> Result<Timed, String> {
    let mut scratch = Scratch::default();
    time_rounds(lines, rounds, |line, out| {
        m.matching_rules_in_json(line, &mut scratch, out)
            .map_err(|e| e.to_string())
    })
}

fn time_via_value(m: &BusMatcher, lines: &[&[u8]], rounds: usize) -> Result<Timed, String> {
    let mut scratch = Scratch::default();
    time_rounds(lines, rounds, |line, out| {
        let event: Value = serde_json::from_slice(line).map_err(|e| e.to_string())?;
        m.matching_rules_with(&event, &mut scratch, out);
        Ok(())
    })
}

/// What a bus did before the matcher: flatten once, then every pattern in turn.
fn time_one_by_one(patterns: &[EventPattern], lines: &[&[u8]]) -> Result<Timed, String> {
    time_rounds(lines, 1, |line, out| {
        let event: Value = serde_json::from_slice(line).map_err(|e| e.to_string())?;
        let flat = FlatEvent::new(&event);
        out.clear();
        out.extend(
            (0..)
                .zip(patterns)
                .filter(|(_, p)| p.matches_flat(&flat))
                .map(|(i, _)| i),
        );
        Ok(())
    })
}

fn count(per_rule: &mut Vec<u64>, matched: &[u32]) {
    for &r in matched {
        let r = r as usize;
        if per_rule.len() <= r {
            per_rule.resize(r + 1, 0);
        }
        per_rule[r] += 1;
    }
}

/// Nanoseconds this thread has run on a CPU (Linux's schedstat), if known.
fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}
