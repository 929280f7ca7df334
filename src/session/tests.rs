//! The session format, natively: what is written reads back the same, and what is
//! damaged, foreign, newer or oversized is refused with the reason.

use std::rc::Rc;

use serde_json::json;
use sim_core::{Action, ScriptStep};

use super::format::{Session, SessionError, MAX_SIM_TIME_MS};
use super::{Record, Recorded};
use crate::i18n::Lang;

const SCENARIOS: [&str; 2] = ["lab000-pedidos", "lab004-orders"];

fn sample() -> Session {
    let purge = Action::PurgeQueue {
        queue_name: "pedidos-pendentes-queue".into(),
    };
    Session {
        scenario: "lab000-pedidos".into(),
        seed: 7,
        lang: Lang::Pt,
        speed: Some(1),
        sim_time_ms: 90_000,
        trace_hash: Some(0x0123_4567_89ab_cdef),
        records: Rc::new(vec![
            Record {
                at_ms: 1_000,
                what: Recorded::Action(purge.clone()),
            },
            Record {
                at_ms: 2_000,
                what: Recorded::Schedule(vec![ScriptStep {
                    at_ms: 2_500,
                    action: purge,
                }]),
            },
        ]),
    }
}

#[test]
fn a_session_reads_back_as_written() {
    let s = sample();
    assert_eq!(Session::parse(&s.to_json(), &SCENARIOS), Ok(s.clone()));
    assert_eq!(Session::parse(&s.to_pretty_json(), &SCENARIOS), Ok(s));
}

/// The speed travels with the session (a lab's "set the speed to 1×" survived no
/// reload); a session saved before it had none and still reads.
#[test]
fn the_speed_is_kept_and_an_older_session_without_it_reads() {
    let mut v = sample().to_value();
    assert_eq!(v["speed"], json!(1));
    v.as_object_mut().map(|o| o.remove("speed"));
    let older = Session::parse(&v.to_string(), &SCENARIOS).map(|s| s.speed);
    assert_eq!(older, Ok(None));
    for bad in [json!(0), json!(1_001), json!("fast")] {
        v["speed"] = bad;
        let SessionError::Damaged(why) = refused(&v.to_string()) else {
            panic!("damaged");
        };
        assert!(why.contains("speed"), "{why}");
    }
}

fn refused(text: &str) -> SessionError {
    match Session::parse(text, &SCENARIOS) {
        Err(e) => e,
        Ok(s) => panic!("accepted {s:?}"),
    }
}

#[test]
fn damaged_foreign_newer_and_unknown_sessions_are_refused_with_the_reason() {
    assert!(matches!(
        refused("{\"format\": \"eventlab-sess"),
        SessionError::NotJson(_)
    ));
    assert_eq!(
        refused("{\"name\": \"package.json\"}"),
        SessionError::Foreign
    );
    let mut v = sample().to_value();
    v["version"] = json!(2);
    assert_eq!(refused(&v.to_string()), SessionError::Newer(2));
    let mut v = sample().to_value();
    v["scenario"] = json!("lab999");
    assert_eq!(
        refused(&v.to_string()),
        SessionError::UnknownScenario("lab999".into())
    );
    let mut v = sample().to_value();
    v["actions"][0]["Action"] = json!("Explode");
    let SessionError::Damaged(why) = refused(&v.to_string()) else {
        panic!("damaged");
    };
    assert!(why.contains("step 0") && why.contains("Explode"), "{why}");
    let mut v = sample().to_value();
    v["actions"][1]["At"] = json!(500);
    assert!(
        matches!(refused(&v.to_string()), SessionError::Damaged(_)),
        "time never goes back"
    );
    let mut v = sample().to_value();
    v["sim_time_ms"] = json!(MAX_SIM_TIME_MS + 1);
    assert!(matches!(refused(&v.to_string()), SessionError::Damaged(_)));
    assert!(refused(&sample().to_json().replace("pt-BR", "fr"))
        .message(Lang::En)
        .contains("lang"));
}

#[test]
fn the_reasons_are_said_in_both_languages() {
    let e = SessionError::Newer(3);
    assert!(e.message(Lang::En).contains("newer EventLab"));
    assert!(e.message(Lang::Pt).contains("versão mais nova"));
}
