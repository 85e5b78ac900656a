//! The run whose trace must be identical natively and in wasm: the seeded scheduler with loss,
//! duplication and reordering, pre-emption with random backoff, and a combined-node cluster.

use paxos_sim::script::{run_script, Script};
use paxos_sim::Trace;

pub const FIXTURES: [(&str, &str); 2] = [
    (
        "random-run-with-faults",
        include_str!("../../../../scenarios/11-random-run-with-faults.txt"),
    ),
    (
        "combined-with-faults",
        "cluster nodes=5 layout=combined seed=42 loss=0.15 dup=0.1 timeout=25 backoff=9\n\
         propose n1 A\npropose n4 D\nrun steps=150\ncrash n2\nrun steps=50\nrecover n2\nrun steps=100\n",
    ),
];

/// The trace JSON of every fixture, concatenated with a separator line.
pub fn fixture_traces() -> String {
    let mut all = String::new();
    for (name, text) in FIXTURES {
        let script = Script::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let run = run_script(&script);
        let sim = run.sim.unwrap_or_else(|| panic!("{name}: no cluster"));
        all.push_str(&format!("=== {name}\n"));
        all.push_str(&Trace::record(&sim).to_json());
        all.push('\n');
    }
    all
}

pub const GOLDEN: &str = include_str!("../golden/determinism-traces.json.txt");

/// Multi-Paxos runs whose traces must be identical natively and in wasm: a narrated scenario,
/// and five replicas under the seeded scheduler with loss, duplication, reordering, a crash and
/// client retries.
pub const MULTI_FIXTURES: [(&str, &str); 2] = [
    (
        "retry-in-two-slots",
        include_str!("../../../../scenarios/multi-paxos/05-retry-in-two-slots.txt"),
    ),
    (
        "five-replicas-with-faults",
        "cluster nodes=5 clients=2 protocol=multi-paxos seed=9 loss=0.1 dup=0.05 reorder=on timeout=30 client-timeout=40\n\
         client c1 put x 1 at n1\nclient c2 cas x 1 2 at n3\nrun steps=150\ncrash n2\n\
         client c1 get x at n4\nrun steps=100\nrecover n2\nclient c2 put y 7 at n2\nrun steps=150\n",
    ),
];

/// The trace JSON of every Multi-Paxos fixture, concatenated with a separator line.
pub fn multi_fixture_traces() -> String {
    let mut all = String::new();
    for (name, text) in MULTI_FIXTURES {
        let script = Script::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let run = run_script(&script);
        let sim = run
            .multi
            .unwrap_or_else(|| panic!("{name}: no multi-paxos cluster"));
        all.push_str(&format!("=== {name}\n"));
        all.push_str(&paxos_sim::MultiTrace::record(&sim).to_json());
        all.push('\n');
    }
    all
}

pub const MULTI_GOLDEN: &str = include_str!("../golden/multi-traces.json.txt");
