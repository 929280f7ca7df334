//! Invariants under random actions and faults: 1,000 seeds, each a few simulated
//! minutes of random traffic, fault switches, console polls, purges and redrives,
//! with every invariant checked after every event. A refused action must change nothing.

mod common;

use common::random::random_action;
use common::*;
use sim_core::rng::Rng;
use sim_core::Simulation;

/// Runs random actions (from `r`) and events from `sim.now_ms()` to `end_ms`,
/// checking the invariants after every event. Actions start at `next_action_ms`.
fn run_random(
    sim: &mut Simulation,
    r: &mut Rng,
    mut next_action_ms: u64,
    end_ms: u64,
    watch: &mut sim_core::invariants::Watch,
) {
    let seed = sim.seed();
    loop {
        let next_event = sim.next_event_time().unwrap_or(u64::MAX);
        if next_action_ms <= next_event.min(end_ms) {
            sim.run_until(next_action_ms);
            let action = random_action(r, sim);
            let before = (sim.trace().total(), sim.trace().hash());
            if let Err(e) = sim.apply(action.clone()) {
                assert_eq!(
                    (sim.trace().total(), sim.trace().hash()),
                    before,
                    "seed {seed}: refused {} ({e}) but changed the trace",
                    action.name()
                );
            }
            next_action_ms += r.between(100, 8_000);
        } else if next_event <= end_ms {
            sim.step();
        } else {
            break;
        }
        if let Err(e) = watch.check(sim) {
            panic!("seed {seed} at {} ms: {e}", sim.now_ms());
        }
    }
}

/// Every built-in scenario takes its turn (the golden runs keep their own five, whose
/// hashes they pin): streams and the pipes' fan-out see random traffic too.
fn scenario_for(seed: u64) -> &'static str {
    let all = sim_core::scenario::BUILTIN;
    all[(seed % all.len() as u64) as usize].0
}

fn run_seed(seed: u64, seen: &mut std::collections::BTreeSet<sim_core::trace::TraceKind>) {
    let id = scenario_for(seed);
    let mut sim = Simulation::new(builtin(id), seed).unwrap();
    let mut r = Rng::fork(seed, "test-actions");
    let mut watch = sim_core::invariants::Watch::default();
    run_random(&mut sim, &mut r, 0, 4 * 60 * 1000, &mut watch);
    seen.extend(sim.trace().entries().map(|e| e.kind));
    check_arrivals_come_first(&sim);
}

/// The trace tells a message's story in order: it is sent (or delayed, moved to a DLQ,
/// redriven) before any line says it was received.
fn check_arrivals_come_first(sim: &Simulation) {
    use sim_core::trace::TraceKind as K;
    let entries: Vec<_> = sim.trace().entries().collect();
    if entries.len() as u64 != sim.trace().total() {
        return; // the oldest lines were dropped: their arrivals may be gone
    }
    let mut arrived = std::collections::BTreeSet::new();
    for e in entries {
        let Some(id) = e.subject else {
            continue;
        };
        match e.kind {
            K::MessageSent | K::MessageDelayed | K::MessageMovedToDlq | K::RedriveMoved => {
                arrived.insert(id.to_string());
            }
            K::MessageReceived => assert!(
                arrived.contains(id),
                "seed {}: {id} received at {} ms before any line says it arrived",
                sim.seed(),
                e.at_ms
            ),
            _ => {}
        }
    }
}

/// Snapshots (what rewind stands on): a clone taken at a random moment, given the
/// same actions afterwards, writes exactly the trace the original writes; and
/// running the original on does not change the snapshot.
#[test]
fn a_snapshot_continues_exactly_as_the_original() {
    for seed in 0..100u64 {
        let id = scenario_for(seed);
        let mut sim = Simulation::new(builtin(id), seed).unwrap();
        let mut r = Rng::fork(seed, "test-actions");
        let mut watch = sim_core::invariants::Watch::default();
        let cut_ms = r.between(1_000, 3 * 60 * 1000);
        run_random(&mut sim, &mut r, 0, cut_ms, &mut watch);
        let mut snapshot = sim.clone();
        let at_cut = (snapshot.trace().total(), snapshot.trace().hash());
        let (mut r2, mut watch2) = (r.clone(), watch.clone());
        let end_ms = cut_ms + 3 * 60 * 1000;
        run_random(&mut sim, &mut r, cut_ms + 1, end_ms, &mut watch);
        assert_eq!(
            (snapshot.trace().total(), snapshot.trace().hash()),
            at_cut,
            "seed {seed} ({id}): running the original changed the snapshot"
        );
        run_random(&mut snapshot, &mut r2, cut_ms + 1, end_ms, &mut watch2);
        assert_eq!(
            snapshot.trace().hash(),
            sim.trace().hash(),
            "seed {seed} ({id})"
        );
        assert_eq!(
            snapshot.trace().total(),
            sim.trace().total(),
            "seed {seed} ({id})"
        );
        assert!(
            sim.trace().total() > at_cut.0,
            "seed {seed} ({id}): nothing happened after the cut, the check is vacuous"
        );
    }
}

#[test]
fn invariants_hold_under_1000_random_seeds() {
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..1000 {
        run_seed(seed, &mut seen);
    }
    // The random runs reach the behaviours that matter, so the checks are not vacuous.
    use sim_core::trace::TraceKind::*;
    for kind in [
        MessageMovedToDlq,
        MessageVisible,
        RedriveMoved,
        InvocationThrottled,
        InvocationTimedOut,
        InvocationFailed,
        MessageDuplicate,
        QueuePurged,
        ConditionalCheckFailed,
        MessageDelayed,
    ] {
        assert!(seen.contains(&kind), "no random run reached {kind:?}");
    }
}
