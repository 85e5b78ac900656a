//! The long robustness run (`make fuzz`): a million damaged link fragments and a million
//! generated scripts, none of which may panic. Prints counts and throughput.

use paxos_core::{NodeId, Value};
use paxos_sim::link::Link;
use paxos_sim::{fuzz, Action, Config, Sim};
use std::time::Instant;

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let mut sim = Sim::new(Config::separate(2, 5, 1), 9).expect("valid config");
    let mut ev = Vec::new();
    for (p, v) in [(1, "A"), (2, "B")] {
        let _ = sim.apply(
            Action::Input(paxos_sim::Propose {
                node: NodeId::proposer(p),
                value: Value::new(v).expect("value"),
            }),
            &mut ev,
        );
    }
    while sim.len() < 120 && sim.apply(Action::Step, &mut ev).is_ok() {}
    let _ = sim.apply(
        Action::Crash {
            node: NodeId::acceptor(2),
        },
        &mut ev,
    );
    let samples = vec![
        Link::of(&sim).encode(),
        Link {
            scenario: Some("01-happy-path".into()),
            beat: Some(2),
            ..Link::of(&sim)
        }
        .encode(),
        {
            let text = include_str!("../../../scenarios/multi-paxos/02-leader-crash-recovery.txt");
            let script = paxos_sim::script::Script::parse(text).expect("a golden scenario");
            let multi = paxos_sim::script::run_script(&script)
                .multi
                .expect("a Multi-Paxos run");
            paxos_sim::link::MultiLink::of(&multi).encode()
        },
    ];
    let start = Instant::now();
    let t = fuzz::links(&samples, n, 1);
    let secs = start.elapsed().as_secs_f64();
    println!(
        "links: {} inputs, {} rejected, {} accepted, {:.1} s ({:.0} inputs/s), no panic",
        t.tried,
        t.rejected,
        t.tried - t.rejected,
        secs,
        t.tried as f64 / secs
    );
    let start = Instant::now();
    let t = fuzz::scripts(n, 2);
    let secs = start.elapsed().as_secs_f64();
    println!(
        "scripts: {} inputs, {} rejected, {} parsed and run, {:.1} s ({:.0} inputs/s), no panic",
        t.tried,
        t.rejected,
        t.tried - t.rejected,
        secs,
        t.tried as f64 / secs
    );
    let start = Instant::now();
    let t = fuzz::multi_scripts(n, 3);
    let secs = start.elapsed().as_secs_f64();
    println!(
        "Multi-Paxos scripts: {} inputs, {} rejected, {} parsed and run, {:.1} s ({:.0} inputs/s), no panic",
        t.tried,
        t.rejected,
        t.tried - t.rejected,
        secs,
        t.tried as f64 / secs
    );
}
