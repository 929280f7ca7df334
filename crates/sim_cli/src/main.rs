//! `sim_cli`: runs EventLab scenarios natively, prints traces and state, benchmarks.

/// println! that ends the program quietly when stdout is closed (`sim_cli run … |
/// head`), as command-line tools do, instead of panicking on the broken pipe.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

mod bench;
mod patterns;
mod workload;

use std::process::ExitCode;

use sim_core::action::parse_script;
use sim_core::{Scenario, Simulation};

const USAGE: &str = "\
sim_cli: run EventLab's simulation from the command line

USAGE:
    sim_cli run SCENARIO [--seed N] [--until DURATION] [--script FILE] [--trace] [--json]
    sim_cli list
    sim_cli export SCENARIO --format cloudformation [--output FILE]
    sim_cli bench [--orders N]
    sim_cli bench patterns [--workload DIR]
    sim_cli test-event-pattern --pattern FILE --event FILE [--explain]
    sim_cli test-event-pattern --batch FILE.jsonl

SCENARIO is a built-in scenario id (see `sim_cli list`), a path to a scenario JSON file, or a
CloudFormation or SAM template (.yaml, .yml, .template, or JSON with Resources).
DURATION is like 90s, 5m, 1h or a number of milliseconds (default: 10m).
--script adds a timed action script (a JSON array of steps) to the scenario's own.
export writes the scenario as a CloudFormation template (YAML) that deploys: inline Python 3.12
code for each function, least-privilege roles, the resource policies its wiring needs.
--trace prints the trace as text; --json prints the final state as one JSON document.
bench patterns --workload DIR matches DIR/events.jsonl against all of DIR/rules.jsonl in one bus
matcher (see /work/shared/bench/gen_workload.py).
test-event-pattern prints true or false (exit 0), or AWS's message for an invalid pattern
(exit 2); --batch reads {\"id\", \"pattern\", \"event\", \"envelope\"?} lines and writes one result
line per case.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("list") => {
            for (id, _) in sim_core::scenario::BUILTIN {
                match sim_core::scenario::builtin(id) {
                    Some(Ok(s)) => out!("{id:20} {}", s.name),
                    Some(Err(e)) => out!("{id:20} INVALID: {e}"),
                    None => {}
                }
            }
            Ok(())
        }
        Some("export") => export(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("test-event-pattern") => patterns::run(&args[1..]),
        Some("-h" | "--help" | "help") | None => {
            out!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command '{other}'\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sim_cli: {e}");
            ExitCode::from(2)
        }
    }
}

/// A built-in id or a file path.
pub fn load_scenario(arg: &str) -> Result<Scenario, String> {
    if let Some(s) = sim_core::scenario::builtin(arg) {
        return s;
    }
    let text = read_scenario_file(arg)?;
    if is_template(arg, &text) {
        return import_template(arg, &text);
    }
    Scenario::parse(arg, &text)
}

/// A CloudFormation template: by its extension, or a JSON file with Resources.
fn is_template(path: &str, text: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".yaml", ".yml", ".template"]
        .iter()
        .any(|e| lower.ends_with(e))
        || sim_core::cloudformation::looks_like_template(text)
}

/// Imports a template, saying on stderr what is not simulated and where each
/// function's behaviour comes from (stdout stays the run's).
fn import_template(path: &str, text: &str) -> Result<Scenario, String> {
    use sim_core::cloudformation::BehaviourSource;
    let imported = sim_core::cloudformation::import(path, text)?;
    for (f, source) in &imported.behaviours {
        let from = match source {
            BehaviourSource::Metadata => "Metadata: EventLab: Behavior",
            BehaviourSource::Generic => "generic (logs the event and succeeds)",
            BehaviourSource::GenericEnrichment => {
                "generic pipe enrichment (logs the batch and returns it)"
            }
        };
        eprintln!("function {f}: behaviour {from}");
    }
    for n in &imported.not_simulated {
        eprintln!(
            "not simulated: {} ({}): {}",
            n.logical_id, n.resource_type, n.why
        );
    }
    for note in &imported.notes {
        eprintln!("note: {note}");
    }
    Ok(imported.scenario)
}

/// `export SCENARIO --format cloudformation [--output FILE]`.
fn export(args: &[String]) -> Result<(), String> {
    let (mut scenario, mut format, mut output) = (None, None, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--format" => format = it.next().cloned(),
            "--output" => output = it.next().cloned(),
            s if s.starts_with("--") => return Err(format!("unknown option '{s}'\n\n{USAGE}")),
            s if scenario.is_none() => scenario = Some(s.to_string()),
            s => return Err(format!("unexpected argument '{s}'")),
        }
    }
    let scenario = scenario.ok_or_else(|| format!("export needs a SCENARIO\n\n{USAGE}"))?;
    if format.as_deref() != Some("cloudformation") {
        return Err("export needs --format cloudformation (the only format so far)".into());
    }
    let (name, text) = scenario_text(&scenario)?;
    let template = sim_core::cloudformation::export::template(&name, &text)?;
    let yaml = sim_core::cloudformation::export::to_yaml(&template);
    match output {
        Some(path) => {
            std::fs::write(&path, yaml).map_err(|e| format!("cannot write '{path}': {e}"))
        }
        None => {
            out!("{}", yaml.trim_end());
            Ok(())
        }
    }
}

/// A scenario file's text: a built-in's, a file's, or the scenario a template became.
fn scenario_text(arg: &str) -> Result<(String, String), String> {
    if let Some((id, text)) = sim_core::scenario::BUILTIN.iter().find(|(i, _)| *i == arg) {
        return Ok((format!("scenarios/{id}.json"), text.to_string()));
    }
    let text = read_scenario_file(arg)?;
    if is_template(arg, &text) {
        let imported = sim_core::cloudformation::import(arg, &text)?;
        return Ok((arg.to_string(), imported.scenario_json.to_string()));
    }
    Ok((arg.to_string(), text))
}

/// A scenario or template file's text; the built-in ids when there is no such file.
fn read_scenario_file(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read scenario '{path}': {e} (built-in ids: {})",
            builtin_ids()
        )
    })
}

fn builtin_ids() -> String {
    sim_core::scenario::BUILTIN
        .iter()
        .map(|(id, _)| *id)
        .collect::<Vec<_>>()
        .join(", ")
}

fn run(args: &[String]) -> Result<(), String> {
    let mut scenario_arg = None;
    let mut seed = 1u64;
    let mut until_ms = 10 * 60 * 1000;
    let mut script = None;
    let (mut trace, mut json) = (false, false);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match a.as_str() {
            "--seed" => {
                seed = value("--seed")?
                    .parse()
                    .map_err(|_| "--seed takes a whole number".to_string())?
            }
            "--until" => until_ms = sim_core::time::parse_duration_ms(&value("--until")?)?,
            "--script" => script = Some(value("--script")?),
            "--trace" => trace = true,
            "--json" => json = true,
            s if s.starts_with("--") => return Err(format!("unknown option '{s}'\n\n{USAGE}")),
            s if scenario_arg.is_none() => scenario_arg = Some(s.to_string()),
            s => return Err(format!("unexpected argument '{s}'")),
        }
    }
    let scenario_arg = scenario_arg.ok_or_else(|| format!("run needs a SCENARIO\n\n{USAGE}"))?;
    let scenario = load_scenario(&scenario_arg)?;
    let mut sim = Simulation::new(scenario, seed).map_err(|e| e.to_string())?;
    if let Some(path) = script {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read script '{path}': {e}"))?;
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{path}: not JSON: {e}"))?;
        let steps = parse_script(&value).map_err(|e| format!("{path}: {e}"))?;
        sim.add_script(steps);
    }
    sim.run_until(until_ms);
    if trace {
        if sim.trace().total() as usize > sim.trace().entries().len() {
            out!(
                "(the first {} entries were dropped: the trace keeps the last {})",
                sim.trace().total() as usize - sim.trace().entries().len(),
                sim.trace().capacity()
            );
        }
        for e in sim.trace().entries() {
            out!("{}", e.line());
        }
    }
    if json {
        let doc = sim_core::report::state_json(&sim);
        out!(
            "{}",
            serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?
        );
    }
    if !trace && !json {
        out!(
            "{}: ran to {} with seed {seed}: {} trace entries, hash {:016x}",
            sim.scenario().name,
            sim_core::time::human_ms(sim.now_ms()),
            sim.trace().total(),
            sim.trace().hash()
        );
        for q in sim.queues() {
            let (v, nv, d) = q.counts();
            out!(
                "  queue {:32} available {v:>6}  in flight {nv:>6}  delayed {d:>6}",
                q.name()
            );
        }
        for t in sim.tables() {
            out!("  table {:32} {} items", t.name, t.len());
        }
        for f in sim.functions() {
            out!(
                "  function {:29} invocations {:>7}  errors {:>6}  throttles {:>6}",
                f.name(),
                f.metrics.invocations,
                f.metrics.errors,
                f.metrics.throttles
            );
        }
        for a in sim.alarms() {
            out!(
                "  alarm {:32} {}  ({})",
                a.config.alarm_name,
                a.state.name(),
                a.state_reason
            );
        }
    }
    Ok(())
}
