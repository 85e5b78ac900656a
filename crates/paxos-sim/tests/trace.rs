//! Trace JSON: export, import, and clear errors for everything that is not a valid trace.

use paxos_core::{NodeId, Value};
use paxos_sim::script::{run_script, Script};
use paxos_sim::{Action, Config, Rng, Sim, Trace, TraceError};

fn sample() -> Sim {
    let text = include_str!("../../../scenarios/07-dueling-proposers.txt");
    run_script(&Script::parse(text).unwrap()).sim.unwrap()
}

#[test]
fn export_then_import_reproduces_the_run() {
    let sim = sample();
    let json = Trace::record(&sim).to_json();
    let back = Trace::import(&json).unwrap();
    assert_eq!(back.view(), sim.view());
    assert_eq!(back.actions(), sim.actions());
    assert_eq!(Trace::record(&back).to_json(), json);
}

#[test]
fn the_trace_lists_events_with_full_message_contents() {
    let trace = Trace::record(&sample());
    let json: serde_json::Value = serde_json::from_str(&trace.to_json()).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["config"]["acceptors"], 3);
    let events = json["events"].as_array().unwrap();
    let kinds: std::collections::BTreeSet<&str> = events
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    for k in [
        "send",
        "deliver",
        "promised",
        "voted",
        "chosen",
        "learned",
        "preempted",
        "timeout",
    ] {
        assert!(kinds.contains(k), "no {k} event in {kinds:?}");
    }
    let promise = events
        .iter()
        .find(|e| e["event"] == "send" && e["msg"]["payload"]["type"] == "Promise")
        .unwrap();
    assert_eq!(promise["msg"]["from"], "a1");
    assert!(promise["msg"]["payload"]["ballot"].is_string());
    assert!(promise["msg"]["payload"].get("last_accepted").is_some());
    assert!(promise["step"].as_u64().unwrap() >= 1);
}

fn import_err(text: &str) -> String {
    match Trace::import(text) {
        Ok(_) => panic!("accepted: {}", &text[..text.len().min(200)]),
        Err(e) => e.to_string(),
    }
}

#[test]
fn bad_traces_get_clear_errors() {
    let good = Trace::record(&sample()).to_json();

    let e = import_err("not json");
    assert_eq!(e, "trace JSON, line 1 column 2: expected ident");

    let e = import_err(&good.replacen("\"version\": 1", "\"version\": 7", 1));
    assert_eq!(e, "trace version 7 is not supported (this version reads 1)");

    let e = import_err("{\"config\": {}}");
    assert!(e.contains("missing field `version`"), "{e}");

    let e = import_err(&good.replacen("\"acceptors\": 3", "\"acceptors\": 300", 1));
    assert!(e.contains("line") && e.contains("300"), "{e}");

    let e = import_err(&good.replacen("\"acceptors\": 3", "\"acceptors\": 12", 1));
    assert!(
        e.contains("acceptors must be between 1 and 9, not 12"),
        "{e}"
    );

    let seed = format!("\"seed\": {}", sample().seed());
    assert!(good.contains(&seed));
    let e = import_err(&good.replacen(&seed, "\"seed\": -1", 1));
    assert!(e.contains("line"), "{e}");

    let e = import_err(&good.replacen("\"version\": 1,", "\"version\": 1, \"extra\": true,", 1));
    assert!(e.contains("unknown field `extra`"), "{e}");

    // An action that does not apply names its position.
    let mut t = Trace::record(&sample());
    t.actions.insert(3, Action::Deliver { id: 999 });
    t.events.clear();
    let e = import_err(&t.to_json());
    assert_eq!(e, "trace does not replay: action 4 (`deliver 999`) does not apply: no message #999 is in flight");

    // Events that the actions do not produce are caught.
    let tampered = good.replacen("\"value\": \"B\"", "\"value\": \"Z\"", 1);
    let e = import_err(&tampered);
    assert!(e.starts_with("trace does not replay: event "), "{e}");

    // A value that is not a value.
    let t = good.replacen("\"value\": \"B\"", "\"value\": \"has space\"", 1);
    let e = import_err(&t);
    assert!(e.contains("no spaces") && !e.contains("line 0"), "{e}");

    // An action this protocol does not know is named, with the ones it does.
    let t = good.replacen("\"action\": \"propose\"", "\"action\": \"fly\"", 1);
    let e = import_err(&t);
    assert!(
        e.contains("unknown action `fly`, expected one of deliver,"),
        "{e}"
    );
    assert!(e.contains("reseed, propose"), "{e}");
    let t = good.replacen("\"action\": \"propose\",", "", 1);
    assert!(import_err(&t).contains("missing field `action`"));

    let huge = "x".repeat(paxos_sim::trace::MAX_TRACE_BYTES + 1);
    assert!(matches!(Trace::import(&huge), Err(TraceError::TooLarge(_))));
}

#[test]
fn mangled_traces_never_panic() {
    let good = Trace::record(&sample()).to_json();
    let bytes = good.as_bytes();
    let mut rng = Rng::new(99);
    let mut rejected = 0;
    for _ in 0..2_000 {
        let mut b = bytes.to_vec();
        match rng.below(3) {
            0 => b.truncate(rng.below(b.len() as u64) as usize),
            1 => {
                for _ in 0..1 + rng.below(4) {
                    let i = rng.below(b.len() as u64) as usize;
                    b[i] = b"{}[],:\"0123456789-eE.xyz tfn"[rng.below(27) as usize];
                }
            }
            _ => {
                let i = rng.below(b.len() as u64) as usize;
                let j = rng.below(b.len() as u64) as usize;
                let (i, j) = (i.min(j), i.max(j));
                b.drain(i..j);
            }
        }
        let text = String::from_utf8_lossy(&b);
        if Trace::import(&text).is_err() {
            rejected += 1;
        }
    }
    assert!(
        rejected > 1_500,
        "only {rejected} of 2000 mangled traces were rejected"
    );
}

#[test]
fn a_trace_of_a_hand_made_run_replays() {
    let mut sim = Sim::new(Config::combined(3), 5).unwrap();
    let mut ev = Vec::new();
    sim.apply(
        Action::Input(paxos_sim::Propose {
            node: NodeId::node(2),
            value: Value::new("x=1").unwrap(),
        }),
        &mut ev,
    )
    .unwrap();
    sim.apply(
        Action::Partition {
            groups: vec![vec![NodeId::node(1)]],
        },
        &mut ev,
    )
    .unwrap();
    for _ in 0..30 {
        let _ = sim.apply(Action::Step, &mut ev);
    }
    let json = Trace::record(&sim).to_json();
    assert_eq!(Trace::import(&json).unwrap().view(), sim.view());
}

/// Refused and repeated-Prepare events name the accepted value when a vote is what binds the
/// acceptor. Traces exported before that field existed lack it, and must still open; a wrong
/// value in the field is still a mismatch.
#[test]
fn traces_from_before_the_accepted_reason_still_open() {
    let text = include_str!("../../../scenarios/03-adopt-accepted-value.txt");
    let sim = run_script(&Script::parse(text).unwrap()).sim.unwrap();
    let json = Trace::record(&sim).to_json();
    let mut doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let events = doc["events"].as_array_mut().unwrap();
    let bound_by_vote = events
        .iter()
        .filter(|e| e["event"] == "already_promised" && e["accepted"] == "A")
        .count();
    assert_eq!(
        bound_by_vote, 1,
        "a1 answers p2's late Prepare after accepting 1.p2 = A"
    );
    assert!(events
        .iter()
        .any(|e| e["event"] == "refused" && e["accepted"] == "A"));
    let old: Vec<serde_json::Value> = events
        .iter()
        .cloned()
        .map(|mut e| {
            if e["event"] == "refused" || e["event"] == "already_promised" {
                e.as_object_mut().unwrap().remove("accepted");
            }
            e
        })
        .collect();
    *events = old;
    let old_json = serde_json::to_string_pretty(&doc).unwrap();
    let back = Trace::import(&old_json).unwrap();
    assert_eq!(back.view(), sim.view());
    let wrong = json.replacen("\"accepted\": \"A\"", "\"accepted\": \"B\"", 1);
    assert_ne!(wrong, json);
    assert!(matches!(
        Trace::import(&wrong),
        Err(TraceError::EventMismatch { .. })
    ));
}

fn multi_sample() -> paxos_sim::multi_paxos::MultiSim {
    let text = include_str!("../../../scenarios/multi-paxos/02-leader-crash-recovery.txt");
    run_script(&Script::parse(text).unwrap()).multi.unwrap()
}

/// A Multi-Paxos trace names its protocol, replays to the same run, and is refused where a
/// single-decree trace is expected (and the other way round), with a message that says so.
#[test]
fn multi_paxos_traces_round_trip_and_name_their_protocol() {
    use paxos_sim::trace::{import_any, AnyRun};
    use paxos_sim::MultiTrace;
    let sim = multi_sample();
    let trace = MultiTrace::record(&sim);
    let json = trace.to_json();
    assert!(json.contains("\"protocol\": \"multi-paxos\""));
    assert!(
        json.contains("\"event\": \"chosen\""),
        "the ghost's choices are in the trace"
    );
    assert!(json.contains("\"note\": \"elected\""));
    let back = MultiTrace::import(&json).unwrap();
    assert_eq!(back.actions(), sim.actions());
    assert_eq!(MultiTrace::record(&back).to_json(), json);
    assert_eq!(MultiTrace::from_json(&json).unwrap(), trace);

    let e = Trace::import(&json).map(|_| ()).unwrap_err().to_string();
    assert_eq!(
        e,
        "this trace is a run of `multi-paxos`, which is not the protocol expected here"
    );
    let single = Trace::record(&sample()).to_json();
    assert!(
        !single.contains("\"protocol\""),
        "single-decree traces are written as before"
    );
    let e = MultiTrace::import(&single)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(e.contains("`single-decree`"), "{e}");

    assert!(matches!(import_any(&json), Ok(AnyRun::Multi(_))));
    assert!(matches!(import_any(&single), Ok(AnyRun::Single(_))));
    let raft = json.replacen("\"multi-paxos\"", "\"raft\"", 1);
    assert!(import_any(&raft)
        .map(|_| ())
        .unwrap_err()
        .to_string()
        .contains("`raft`"));

    // A tampered Multi-Paxos event is caught by the replay, as for single-decree traces.
    let tampered = json.replacen("\"value\": \"3\"", "\"value\": \"4\"", 1);
    assert_ne!(tampered, json);
    let e = MultiTrace::import(&tampered)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("trace does not replay: event ") || e.contains("action"),
        "{e}"
    );
    // An unknown Multi-Paxos action names the ones it knows.
    let bad = json.replacen("\"action\": \"elect\"", "\"action\": \"crown\"", 1);
    let e = MultiTrace::import(&bad)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("unknown action `crown`") && e.contains("request, elect"),
        "{e}"
    );
}

/// A separate-roles cluster's trace says how many standalone acceptors it has and replays to
/// the same run; a combined cluster's trace has no such field, as before the option existed.
#[test]
fn separate_roles_traces_carry_their_acceptors() {
    use paxos_sim::MultiTrace;
    let text = include_str!("../../../scenarios/multi-paxos/08-separate-roles.txt");
    let sim = run_script(&Script::parse(text).unwrap()).multi.unwrap();
    let json = MultiTrace::record(&sim).to_json();
    assert!(json.contains("\"acceptors\": 3"), "{}", &json[..400]);
    assert!(json.contains("\"node\": \"a1\""));
    let back = MultiTrace::import(&json).unwrap();
    assert_eq!(back.actions(), sim.actions());
    assert_eq!(back.world(), sim.world());
    assert!(!MultiTrace::record(&multi_sample())
        .to_json()
        .contains("\"acceptors\""));
}

/// Every Multi-Paxos input reads back from the JSON it writes (the reader is hand-written, not
/// derived), and a missing or unknown field is named.
#[test]
fn multi_paxos_inputs_read_back_exactly_and_bad_ones_are_named() {
    use paxos_core::multi::Op;
    use paxos_core::{NodeId, Value};
    use paxos_sim::multi_paxos::MultiInput;
    let v = |s: &str| Value::new(s).unwrap();
    let (client, at) = (NodeId::client(2), NodeId::node(3));
    for input in [
        MultiInput::Request {
            client,
            op: Op::Put {
                key: v("x"),
                value: v("1"),
            },
            at,
        },
        MultiInput::Request {
            client,
            op: Op::Get { key: v("y") },
            at,
        },
        MultiInput::Request {
            client,
            op: Op::Cas {
                key: v("x"),
                expect: v("1"),
                new: v("2"),
            },
            at,
        },
        MultiInput::Elect { node: at },
    ] {
        let json = serde_json::to_string(&input).unwrap();
        assert_eq!(
            serde_json::from_str::<MultiInput>(&json).unwrap(),
            input,
            "{json}"
        );
    }
    let read = |json: &str| {
        serde_json::from_str::<MultiInput>(json)
            .map(|_| ())
            .unwrap_err()
            .to_string()
    };
    let e = read(r#"{"action":"request","client":"c1","op":{"op":"put","key":"x"},"at":"n1"}"#);
    assert!(e.contains("missing field `value`"), "{e}");
    let e = read(r#"{"action":"request","client":"c1","op":{"op":"del","key":"x"},"at":"n1"}"#);
    assert!(
        e.contains("unknown variant `del`") && e.contains("put"),
        "{e}"
    );
    let e = read(r#"{"action":"elect"}"#);
    assert!(e.contains("missing field `node`"), "{e}");
    let e = read(r#"{"action":"elect","node":"n1","colour":"red"}"#);
    assert!(e.contains("unknown field `colour`"), "{e}");
}
