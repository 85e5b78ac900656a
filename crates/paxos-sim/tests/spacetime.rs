//! The space-time diagram's model (`paxos_sim::spacetime`): its layout for golden scenarios,
//! the per-step changes, and the ShiViz export's vector clocks.

use paxos_sim::script::{run_script, Script, ScriptRun};
use paxos_sim::spacetime::{Diagram, Fate, Geometry, Line, MarkKind, SHIVIZ_PARSER};
use std::collections::BTreeMap;

fn run(name: &str) -> ScriptRun {
    let path = format!("{}/../../scenarios/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let script = Script::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    run_script(&script)
}

/// `#4 a2->p1 3..6 delivered` at step `now`: the line's id, ends, steps and fate.
fn compact(l: &Line, now: u64) -> String {
    let fate = l.fate_at(now).map_or("unsent", Fate::as_str);
    let copy = l
        .copy_of
        .map(|o| format!(" copy of #{o}"))
        .unwrap_or_default();
    format!(
        "#{} {}->{} {}..{} {fate}{copy}",
        l.id,
        l.from,
        l.to,
        l.sent,
        l.end_at(now)
    )
}

fn lines_at(d: &Diagram, now: u64) -> Vec<String> {
    d.lines
        .iter()
        .filter(|l| l.fate_at(now).is_some())
        .map(|l| compact(l, now))
        .collect()
}

/// Scenario 06 as its golden output tells it: step 1 sends three Prepares, step 2 drops the
/// one to a1, steps 3 and 4 deliver the others (a2 and a3 answer), step 5 copies a2's
/// Promise (#4) as #6, steps 6 to 8 deliver #4, #6, #5; step 8 sends the Accepts, step 9
/// copies the one to a3 (#9) as #10, steps 10 to 13 deliver #7, #8, #9, #10, each acceptor
/// answering p1 and l1; steps 14 and 15 drop a1's answers; steps 16 to 21 deliver the rest.
#[test]
fn the_lost_and_duplicated_scenario_is_laid_out_as_its_golden_output_says() {
    let sim = run("06-lost-and-duplicated-messages.txt").sim.unwrap();
    let d = sim.diagram();
    let lanes: Vec<String> = d.lanes.iter().map(|n| n.to_string()).collect();
    assert_eq!(lanes, ["p1", "a1", "a2", "a3", "l1"]);
    assert_eq!(d.last_step, 21);
    assert_eq!(
        lines_at(&d, 21),
        [
            "#1 p1->a1 1..2 lost",
            "#2 p1->a2 1..3 delivered",
            "#3 p1->a3 1..4 delivered",
            "#4 a2->p1 3..6 delivered",
            "#5 a3->p1 4..8 delivered",
            "#6 a2->p1 5..7 delivered copy of #4",
            "#7 p1->a1 8..10 delivered",
            "#8 p1->a2 8..11 delivered",
            "#9 p1->a3 8..12 delivered",
            "#10 p1->a3 9..13 delivered copy of #9",
            "#11 a1->p1 10..14 lost",
            "#12 a1->l1 10..15 lost",
            "#13 a2->p1 11..16 delivered",
            "#14 a2->l1 11..17 delivered",
            "#15 a3->p1 12..18 delivered",
            "#16 a3->l1 12..19 delivered",
            "#17 a3->p1 13..20 delivered",
            "#18 a3->l1 13..21 delivered",
        ]
    );
    // The Prepare is coloured by its ballot and labelled as the arrows are.
    let first = d.line(1).unwrap();
    assert_eq!(first.label, "Prepare 1.p1");
    assert_eq!(first.ballot.map(|b| b.to_string()).as_deref(), Some("1.p1"));
    // Chosen when a2's acceptance completes a quorum with a1's (step 11); l1 learns at 19.
    let marks: Vec<(u64, MarkKind, String)> = d
        .marks
        .iter()
        .map(|m| (m.step, m.kind, m.label.clone()))
        .collect();
    assert_eq!(
        marks,
        [
            (11, MarkKind::Chosen, "A chosen at 1.p1".to_string()),
            (19, MarkKind::Learned, "l1 learns A (1.p1)".to_string()),
        ]
    );
    assert!(d.crashes.is_empty() && d.cuts.is_empty());
}

#[test]
fn coordinates_follow_the_geometry_lost_lines_stop_short_and_copies_fork_from_their_original() {
    let sim = run("06-lost-and-duplicated-messages.txt").sim.unwrap();
    let d = sim.diagram();
    let g = Geometry {
        left: 10.0,
        lane: 100.0,
        top: 0.0,
        row: 10.0,
    };
    let segs = d.segments(&g, 21, 0, 21);
    assert_eq!(segs.len(), 18);
    let seg = |id| segs.iter().find(|s| s.id == id).unwrap();
    let xy = |id| {
        let s = seg(id);
        (s.x1, s.y1, s.x2, s.y2)
    };
    // #2: p1 (lane 0) at step 1 to a2 (lane 2) at step 3.
    assert_eq!(xy(2), (10.0, 10.0, 210.0, 30.0));
    // #1: lost at step 2, its cross 60 % of the way from p1 to a1.
    assert_eq!(xy(1), (10.0, 10.0, 70.0, 20.0));
    assert_eq!(seg(1).fate, Fate::Lost);
    // #6, the copy of #4 (a2 at step 3 -> p1 at step 6) made at step 5: it starts on #4's
    // line two thirds of the way down, at x = 210 - 200 * 2/3.
    let (x1, y1, x2, y2) = xy(6);
    assert!((x1 - (210.0 - 200.0 * 2.0 / 3.0)).abs() < 1e-9, "{x1}");
    assert_eq!((y1, x2, y2), (50.0, 10.0, 70.0));
    // A click on the diagram finds the nearest step.
    assert_eq!(g.step_at(54.0), 5);
    assert_eq!(g.step_at(-30.0), 0);
}

#[test]
fn at_an_earlier_cursor_later_ends_are_in_flight_and_later_sends_are_not_drawn() {
    let sim = run("06-lost-and-duplicated-messages.txt").sim.unwrap();
    let d = sim.diagram();
    assert_eq!(
        lines_at(&d, 5),
        [
            "#1 p1->a1 1..2 lost",
            "#2 p1->a2 1..3 delivered",
            "#3 p1->a3 1..4 delivered",
            "#4 a2->p1 3..5 in-flight",
            "#5 a3->p1 4..5 in-flight",
            "#6 a2->p1 5..5 in-flight copy of #4",
        ]
    );
    let g = Geometry::default();
    let segs = d.segments(&g, 5, 0, 5);
    let four = segs.iter().find(|s| s.id == 4).unwrap();
    assert_eq!(four.fate, Fate::InFlight);
    assert_eq!(four.y2, g.y(5));
    // Dashed, half way to p1.
    assert_eq!(four.x2, g.x(2) + (g.x(0) - g.x(2)) * 0.5);
}

#[test]
fn a_window_of_steps_gets_only_the_lines_that_cross_it() {
    let sim = run("06-lost-and-duplicated-messages.txt").sim.unwrap();
    let d = sim.diagram();
    let ids: Vec<u32> = d
        .segments(&Geometry::default(), 21, 14, 15)
        .iter()
        .map(|s| s.id)
        .collect();
    // Sent by step 15 and ending at step 14 or later.
    assert_eq!(ids, [11, 12, 13, 14, 15, 16, 17, 18]);
    assert!(d.segments(&Geometry::default(), 21, 22, 30).is_empty());
}

#[test]
fn crashes_and_partitions_are_spans_from_their_step_to_the_recovery_or_heal() {
    let sim = run("08-acceptor-crash-after-promise.txt").sim.unwrap();
    let d = sim.diagram();
    let spans: Vec<String> = d
        .crashes
        .iter()
        .map(|s| format!("{} {}..{:?}", s.node, s.from, s.to))
        .collect();
    assert_eq!(spans, ["a1 6..Some(7)"]);
    // Nothing reaches a1 while it is down: a delivery there would be a drop.
    for l in d.lines.iter().filter(|l| l.to.to_string() == "a1") {
        if let Some((end, paxos_sim::spacetime::End::Delivered)) = l.end {
            assert!(
                !(6..7).contains(&end),
                "#{} delivered to a1 while down",
                l.id
            );
        }
    }
    let sim = run("09-partition-heals.txt").sim.unwrap();
    let d = sim.diagram();
    assert_eq!(d.cuts.len(), 1);
    let cut = &d.cuts[0];
    let groups: Vec<Vec<String>> = cut
        .groups
        .iter()
        .map(|g| g.iter().map(|n| n.to_string()).collect())
        .collect();
    assert_eq!(groups, [vec!["p1", "a1"], vec!["p2", "a2", "a3", "l1"]]);
    assert_eq!((cut.from, cut.to), (1, Some(16)));
}

#[test]
fn multi_paxos_has_a_lane_per_replica_and_client_and_marks_each_slot() {
    let multi = run("multi-paxos/02-leader-crash-recovery.txt")
        .multi
        .unwrap();
    let d = multi.diagram();
    let lanes: Vec<String> = d.lanes.iter().map(|n| n.to_string()).collect();
    assert_eq!(lanes, ["n1", "n2", "n3", "c1", "c2", "c3"]);
    // A replica's messages to itself never travel: #1 (n1's Prepare to itself) has no line.
    assert!(d.line(1).is_none());
    let request = d.line(7).unwrap();
    assert_eq!(compact(request, d.last_step), "#7 c1->n1 6..9 delivered");
    assert_eq!(request.ballot, None, "a client's request has no ballot");
    assert_eq!(
        d.line(2).unwrap().ballot.map(|b| b.to_string()).as_deref(),
        Some("1.n1")
    );
    let crashes: Vec<String> = d
        .crashes
        .iter()
        .map(|s| format!("{} {}..{:?}", s.node, s.from, s.to))
        .collect();
    assert_eq!(crashes, ["n1 14..None"]);
    let first = &d.marks[0];
    assert_eq!(
        (first.step, first.kind, first.label.as_str()),
        (12, MarkKind::Chosen, "slot 1: c1#1 put x 1 chosen")
    );
    assert!(d
        .marks
        .iter()
        .any(|m| m.kind == MarkKind::Learned && m.label == "n3 learns slot 2: noop"));
}

#[test]
fn each_step_lists_the_fields_it_changed_before_and_after() {
    let sim = run("06-lost-and-duplicated-messages.txt").sim.unwrap();
    let all: Vec<String> = (0..=sim.len() + 1)
        .flat_map(|k| {
            sim.changes_at(k)
                .into_iter()
                .map(move |c| format!("{k}: {c}"))
        })
        .collect();
    assert_eq!(
        all,
        [
            "1: p1 phase idle -> preparing",
            "1: p1 ballot - -> 1.p1",
            "1: p1 value - -> A (own)",
            "1: p1 timer - -> at step 41",
            "3: a2 promised - -> 1.p1",
            "4: a3 promised - -> 1.p1",
            // The copy of a2's Promise (step 7) changes nothing: p1 counts a2 once.
            "6: p1 promises - -> a2",
            "8: p1 phase preparing -> accepting",
            "8: p1 promises a2 -> a2,a3",
            "8: p1 timer at step 41 -> at step 48",
            // Accepting 1.p1 binds a1 to it as a promise would.
            "10: a1 promised - -> 1.p1",
            "10: a1 accepted - -> 1.p1 = A",
            "11: a2 accepted - -> 1.p1 = A",
            "12: a3 accepted - -> 1.p1 = A",
            "16: p1 accepts - -> a2",
            "18: p1 phase accepting -> done",
            "18: p1 accepts a2 -> a2,a3",
            "18: p1 timer at step 48 -> -",
            "19: l1 learned - -> A at 1.p1",
        ]
    );
    let sim = run("08-acceptor-crash-after-promise.txt").sim.unwrap();
    let crash: Vec<String> = sim.changes_at(6).iter().map(|c| c.to_string()).collect();
    assert_eq!(crash, ["a1 up up -> down"]);
    let multi = run("multi-paxos/02-leader-crash-recovery.txt")
        .multi
        .unwrap();
    let first: Vec<String> = multi.changes_at(1).iter().map(|c| c.to_string()).collect();
    assert_eq!(
        first,
        [
            "n1 role follower -> candidate",
            "n1 ballot - -> 1.n1",
            "n1 promises - -> n1",
            "n1 promised - -> 1.n1",
            "n1 timer - -> at step 41",
        ]
    );
}

/// One event of a ShiViz log: its host, clock and text.
struct Entry {
    host: String,
    clock: BTreeMap<String, u64>,
    text: String,
}

/// Reads a log as ShiViz would with [`SHIVIZ_PARSER`]: the parser line, a blank line, then
/// `host {"n":k,...}` and the event's text, two lines per event.
fn parse_shiviz(log: &str) -> Result<Vec<Entry>, String> {
    let mut lines = log.lines();
    if lines.next() != Some(SHIVIZ_PARSER) || lines.next() != Some("") {
        return Err("no parser line and blank line".into());
    }
    let mut out = Vec::new();
    while let Some(head) = lines.next() {
        let (host, clock) = head.split_once(' ').ok_or(format!("no clock: {head}"))?;
        let inner = clock
            .strip_prefix('{')
            .and_then(|c| c.strip_suffix('}'))
            .ok_or(format!("bad clock: {clock}"))?;
        let mut c = BTreeMap::new();
        for entry in inner.split(',') {
            let (k, v) = entry.split_once(':').ok_or(format!("bad entry {entry}"))?;
            let k = k.trim_matches('"').to_string();
            c.insert(k, v.parse::<u64>().map_err(|e| format!("{entry}: {e}"))?);
        }
        let text = lines.next().ok_or("an event without text")?.to_string();
        out.push(Entry {
            host: host.to_string(),
            clock: c,
            text,
        });
    }
    Ok(out)
}

fn copies(d: &Diagram) -> BTreeMap<String, String> {
    d.lines
        .iter()
        .filter_map(|l| Some((format!("#{}", l.id), format!("#{}", l.copy_of?))))
        .collect()
}

fn dominates(a: &BTreeMap<String, u64>, b: &BTreeMap<String, u64>) -> bool {
    b.iter().all(|(k, v)| a.get(k).copied().unwrap_or(0) >= *v)
}

/// What ShiViz checks, and what makes it a vector clock: at each host its own entry counts
/// its events 1, 2, 3, ...; each event's clock dominates its host's previous one; and a
/// delivery's clock dominates the clock its message (or the original it copies: `copies`
/// maps a copy's `#id` to its original's, from the diagram) was sent with.
fn check_clocks(entries: &[Entry], copies: &BTreeMap<String, String>) -> Result<(), String> {
    let mut last: BTreeMap<&str, &BTreeMap<String, u64>> = BTreeMap::new();
    let mut sends: BTreeMap<String, &BTreeMap<String, u64>> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        let own = e.clock.get(&e.host).copied().unwrap_or(0);
        let before = last.get(e.host.as_str()).copied();
        let expected = before.and_then(|c| c.get(&e.host)).copied().unwrap_or(0) + 1;
        if own != expected {
            return Err(format!(
                "event {i} at {}: own entry {own}, not {expected}",
                e.host
            ));
        }
        if let Some(b) = before {
            if !dominates(&e.clock, b) {
                return Err(format!("event {i} at {} goes back in time", e.host));
            }
        }
        // `step 3: #4 a2 -> p1 ...` is a send; `step 6: deliver #4 ...` its delivery.
        let words: Vec<&str> = e.text.split_whitespace().collect();
        match words.get(2..4) {
            Some([id, _]) if id.starts_with('#') && words.get(3) == Some(&e.host.as_str()) => {
                sends.insert(id.to_string(), &e.clock);
            }
            Some(["deliver", id]) => {
                // A copy of a copy goes back to the first original.
                let mut original = *id;
                while let Some(o) = copies.get(original) {
                    original = o;
                }
                let sent = sends
                    .get(original)
                    .ok_or(format!("event {i}: {id} delivered, never sent"))?;
                if !dominates(&e.clock, sent) {
                    return Err(format!("event {i}: the delivery of {id} misses its send"));
                }
            }
            _ => {}
        }
        last.insert(&e.host, &e.clock);
    }
    Ok(())
}

#[test]
fn the_shiviz_export_has_valid_vector_clocks() {
    let sim = run("06-lost-and-duplicated-messages.txt").sim.unwrap();
    let log = sim.shiviz();
    let entries = parse_shiviz(&log).unwrap();
    let copied = copies(&sim.diagram());
    assert_eq!(copied.len(), 2);
    check_clocks(&entries, &copied).unwrap();
    // The first events: p1 proposes, then sends three Prepares; a2's delivery of #2 has
    // p1's clock at that send.
    assert_eq!(entries[0].host, "p1");
    assert_eq!(entries[0].text, "step 1: p1 proposes A with ballot 1.p1");
    let deliver = entries
        .iter()
        .find(|e| e.text.starts_with("step 3: deliver #2"))
        .unwrap();
    assert_eq!(deliver.host, "a2");
    assert_eq!(
        deliver.clock,
        BTreeMap::from([("p1".to_string(), 3), ("a2".to_string(), 1)])
    );
    // Lost messages are sends without deliveries; a copy's delivery carries its
    // original's send (#6 copies #4, sent by a2 at a2's second event).
    let copy = entries
        .iter()
        .find(|e| e.text.starts_with("step 7: deliver #6"))
        .unwrap();
    assert!(copy.clock["a2"] >= 2);
    for name in [
        "04-minority-crash.txt",
        "07-dueling-proposers.txt",
        "09-partition-heals.txt",
        "10-combined-nodes.txt",
        "11-random-run-with-faults.txt",
        "multi-paxos/02-leader-crash-recovery.txt",
        "multi-paxos/07-minority-partition.txt",
    ] {
        let r = run(name);
        let (log, d) = match (&r.sim, &r.multi) {
            (Some(s), _) => (s.shiviz(), s.diagram()),
            (_, Some(m)) => (m.shiviz(), m.diagram()),
            _ => panic!("{name}: no run"),
        };
        let entries = parse_shiviz(&log).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(entries.len() > 10, "{name}: {} events", entries.len());
        check_clocks(&entries, &copies(&d)).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn the_clock_check_catches_a_delivery_that_forgets_its_send_and_a_clock_that_skips() {
    let sim = run("06-lost-and-duplicated-messages.txt").sim.unwrap();
    let log = sim.shiviz();
    let copied = copies(&sim.diagram());
    check_clocks(&parse_shiviz(&log).unwrap(), &copied).unwrap();
    // a2's delivery of #2 without p1's entry: it no longer follows its send.
    let forgot = log.replacen("a2 {\"p1\":3,\"a2\":1}", "a2 {\"a2\":1}", 1);
    assert_ne!(forgot, log);
    let e = check_clocks(&parse_shiviz(&forgot).unwrap(), &copied).unwrap_err();
    assert!(e.contains("misses its send"), "{e}");
    // p1's second event numbered 3: its own entry skips.
    let skipped = log.replacen("p1 {\"p1\":2}", "p1 {\"p1\":3}", 1);
    assert_ne!(skipped, log);
    let e = check_clocks(&parse_shiviz(&skipped).unwrap(), &copied).unwrap_err();
    assert!(e.contains("own entry"), "{e}");
}
