//! Shared by the tests of the explorer's reductions: a counterexample a reduced check finds is
//! a real run.

use paxos_sim::explore::{CheckOptions, CheckReport};
use paxos_sim::script::{run_script, script_for, Script};

/// The counterexample in `report`, if any, written as a script and run again, reaches the same
/// violation first.
pub fn assert_replays(name: &str, opts: &CheckOptions, report: &CheckReport) {
    if let Some((v, path)) = &report.violation {
        let script = script_for(&opts.config(), 0, path);
        let run = run_script(&Script::parse(&script).unwrap());
        assert_eq!(
            run.sim.unwrap().world().violations().first(),
            Some(v),
            "{name}: the counterexample does not replay to its violation"
        );
    }
}
