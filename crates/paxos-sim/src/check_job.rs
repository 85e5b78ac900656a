//! An exhaustive check as plain data: a [`CheckRequest`] in, [`CheckProgress`] out, run in
//! slices by a [`CheckJob`].
//!
//! The page's Check panel sends a request to a Web Worker, which runs the job a slice at a
//! time and posts progress after each, so that it can answer "cancel" between slices; the CLI
//! and the tests run the same job in one go. Requests and progress are plain serde data, so
//! they cross to and from the worker as JS objects (serde-wasm-bindgen) and read the same in
//! JSON.

use crate::explore::{self, CheckOptions};
use crate::kernel;
use crate::kernel::check::{Checker, Report};
use crate::multi_paxos::check::{self as multi_check, MultiCheckOptions};
use crate::multi_paxos::MultiPaxos;
use crate::single_decree::SingleDecree;
use serde::{Deserialize, Serialize};

/// What to check: a protocol and its bounds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "protocol", rename_all = "kebab-case")]
pub enum CheckRequest {
    /// Single-decree Paxos.
    SingleDecree(CheckOptions),
    /// Multi-Paxos with its key-value store.
    MultiPaxos(MultiCheckOptions),
}

/// How far a check got, and once it is done, its verdict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckProgress {
    /// Distinct states reached so far.
    pub states: usize,
    /// Transitions taken.
    pub transitions: u64,
    /// The deepest level reached (actions from the initial state).
    pub depth: usize,
    /// States waiting to be expanded.
    pub frontier: usize,
    /// New states found at each depth, for the progress plot.
    pub per_depth: Vec<usize>,
    /// An estimate of the memory the check holds.
    pub bytes: usize,
    /// The verdict, once the check is done or cancelled.
    pub verdict: Option<Verdict>,
}

/// What a finished (or cancelled) check showed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// True when every reachable state was explored (or a violation was found): a "no
    /// violation" then proves the property for these bounds.
    pub complete: bool,
    /// States explored.
    pub states: usize,
    /// The violation found, with the shortest run to it.
    pub violation: Option<Counterexample>,
    /// The verdict in words, e.g. "no violation in all 864062 reachable states".
    pub summary: String,
    /// Whether partial-order reduction chose the states explored: a complete verdict still
    /// covers every reachable state, but a counterexample need not be the shortest.
    #[serde(default)]
    pub por: bool,
}

/// A broken invariant and the run that breaks it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Counterexample {
    /// The invariant's short name (`agreement`, `promise-kept`, `linearizability`, ...).
    pub invariant: String,
    /// The violation in words, naming the step and the nodes.
    pub text: String,
    /// The run as a script that replays it (`paxos-sim run`, the page's script editor), with
    /// a caption after every action ([`crate::narrate`]).
    pub script: String,
    /// Actions in the run; the invariant breaks at the last one.
    pub steps: usize,
}

/// The verdict of a check that found nothing, saying exactly what was shown: only a complete
/// one proves anything, and one with partial-order reduction (`por`) proves it of every
/// reachable state without having visited them all.
pub fn no_violation(complete: bool, states: usize, por: bool) -> String {
    match (complete, por) {
        (true, false) => format!("no violation in all {states} reachable states"),
        (true, true) => format!(
            "no violation in any reachable state ({states} states explored with partial-order reduction)"
        ),
        (false, _) => format!("no violation in the first {states} states (stopped at the cap)"),
    }
}

/// Boxed: a checker holds three worlds (the start, the state being expanded, a scratch one).
enum Job {
    Single(CheckOptions, Box<Checker<SingleDecree>>),
    Multi(MultiCheckOptions, Box<Checker<MultiPaxos>>),
}

/// A check in progress, run a slice at a time.
pub struct CheckJob {
    job: Job,
    cancelled: bool,
}

/// The most nodes of each kind a request may ask for: the state space grows so fast beyond
/// these that a check would not finish in a page anyway.
const MAX_NODES: u8 = 9;

fn within(what: &str, n: u8, low: u8, high: u8) -> Result<(), String> {
    if (low..=high).contains(&n) {
        Ok(())
    } else {
        Err(format!(
            "{what}: {n} is out of range; choose {low} to {high}"
        ))
    }
}

impl CheckJob {
    /// A job for `request`, before it has explored anything; an error names the bound that is
    /// out of range or the cluster that cannot be built.
    pub fn new(request: &CheckRequest) -> Result<CheckJob, String> {
        let job = match request {
            CheckRequest::SingleDecree(opts) => {
                within("acceptors", opts.acceptors, 1, MAX_NODES)?;
                within("proposers", opts.proposers, 1, 4)?;
                within("learners", opts.learners, 0, 4)?;
                opts.config().validate().map_err(|e| e.0)?;
                let world = explore::start(opts).ok_or("this cluster cannot be built")?;
                Job::Single(*opts, Box::new(Checker::new(world)))
            }
            CheckRequest::MultiPaxos(opts) => {
                within("replicas", opts.replicas, 1, 5)?;
                within("acceptors", opts.acceptors, 0, 5)?;
                opts.config().validate().map_err(|e| e.0)?;
                let world =
                    crate::multi_paxos::MultiWorld::new(opts.config(), 0).map_err(|e| e.0)?;
                Job::Multi(opts.clone(), Box::new(Checker::new(world)))
            }
        };
        Ok(CheckJob {
            job,
            cancelled: false,
        })
    }

    /// Explores up to `budget` more states; true once the check is done.
    pub fn run(&mut self, budget: usize) -> bool {
        match &mut self.job {
            Job::Single(opts, c) => explore::with_space(opts, |space| c.run(space, budget)),
            Job::Multi(opts, c) => multi_check::with_space(opts, |space| c.run(space, budget)),
        }
    }

    /// True once the space is exhausted, a violation found, the cap reached, or cancelled.
    pub fn is_done(&self) -> bool {
        match &self.job {
            Job::Single(_, c) => c.is_done(),
            Job::Multi(_, c) => c.is_done(),
        }
    }

    /// Stops where it is; the verdict then says how far it got.
    pub fn cancel(&mut self) {
        self.cancelled = true;
        match &mut self.job {
            Job::Single(_, c) => c.cancel(),
            Job::Multi(_, c) => c.cancel(),
        }
    }

    /// How far it got; with the verdict once it is done.
    pub fn progress(&self) -> CheckProgress {
        match &self.job {
            Job::Single(opts, c) => progress(c, self.cancelled, |v, path| Counterexample {
                invariant: v.name().to_string(),
                text: v.to_string(),
                script: crate::narrate::single(&opts.config(), path),
                steps: path.len(),
            }),
            Job::Multi(opts, c) => progress(c, self.cancelled, |v, path| Counterexample {
                invariant: v.name().to_string(),
                text: v.to_string(),
                script: crate::narrate::multi(&opts.config(), path),
                steps: path.len(),
            }),
        }
    }

    /// Runs to the end in slices of `budget`, as the CLI and tests do.
    pub fn finish(mut self, budget: usize) -> CheckProgress {
        while !self.run(budget) {}
        self.progress()
    }
}

fn progress<P: kernel::Protocol>(
    c: &Checker<P>,
    cancelled: bool,
    found: impl Fn(&P::Violation, &kernel::check::Path<P>) -> Counterexample,
) -> CheckProgress {
    let r: &Report<P> = c.report();
    let verdict = c.is_done().then(|| {
        let violation = r.violation.as_ref().map(|(v, path)| found(v, path));
        let summary = match (&violation, cancelled && !r.complete) {
            (Some(v), _) => format!("{} in {} states", v.text, r.unique_states),
            (None, true) => format!(
                "no violation in the first {} states (cancelled)",
                r.unique_states
            ),
            (None, false) => no_violation(r.complete, r.unique_states, r.por),
        };
        Verdict {
            complete: r.complete,
            states: r.unique_states,
            violation,
            summary,
            por: r.por,
        }
    });
    CheckProgress {
        states: r.unique_states,
        transitions: r.transitions,
        depth: r.max_depth,
        frontier: c.frontier(),
        per_depth: r.per_depth.clone(),
        bytes: c.approx_bytes(),
        verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script;

    fn single(max_round: u32) -> CheckRequest {
        CheckRequest::SingleDecree(CheckOptions {
            acceptors: 2,
            proposers: 2,
            max_round,
            ..CheckOptions::default()
        })
    }

    #[test]
    fn a_job_run_in_slices_reports_what_the_check_in_one_go_finds() {
        let CheckRequest::SingleDecree(opts) = single(1) else {
            unreachable!()
        };
        let whole = explore::check(&opts);
        let mut job = CheckJob::new(&single(1)).unwrap();
        assert_eq!(job.progress().verdict, None);
        let mut slices = 0;
        while !job.run(100) {
            slices += 1;
            let p = job.progress();
            assert!(p.verdict.is_none() && p.states > 0 && p.bytes > 0);
        }
        assert!(
            slices > 2,
            "{slices} slices: the test should exercise resuming"
        );
        let p = job.progress();
        let v = p.verdict.unwrap();
        assert_eq!((v.complete, v.states), (true, whole.unique_states));
        assert_eq!(p.per_depth.iter().sum::<usize>(), whole.unique_states);
        assert_eq!(v.summary, no_violation(true, whole.unique_states, false));
    }

    #[test]
    fn a_cancelled_job_says_how_far_it_got() {
        let mut job = CheckJob::new(&single(2)).unwrap();
        job.run(50);
        job.cancel();
        assert!(job.is_done());
        let v = job.progress().verdict.unwrap();
        assert!(!v.complete);
        assert!(v.summary.ends_with("states (cancelled)"), "{}", v.summary);
    }

    #[test]
    fn requests_are_plain_json_and_bad_bounds_are_named() {
        let json = r#"{"protocol":"single-decree","acceptors":3,"proposers":1,"max-round":1,
                       "bugs":{"ignore_promised_values":true}}"#;
        let req: CheckRequest = serde_json::from_str(json).unwrap();
        let CheckRequest::SingleDecree(opts) = &req else {
            panic!("{req:?}")
        };
        assert_eq!((opts.acceptors, opts.proposers, opts.max_round), (3, 1, 1));
        assert!(opts.bugs.ignore_promised_values);
        assert_eq!(
            serde_json::from_str::<CheckRequest>(&serde_json::to_string(&req).unwrap()).unwrap(),
            req
        );
        let bad = CheckRequest::SingleDecree(CheckOptions {
            acceptors: 12,
            ..CheckOptions::default()
        });
        let err = CheckJob::new(&bad).err().unwrap();
        assert_eq!(err, "acceptors: 12 is out of range; choose 1 to 9");
        let multi: CheckRequest =
            serde_json::from_str(r#"{"protocol":"multi-paxos","replicas":3}"#).unwrap();
        assert!(matches!(multi, CheckRequest::MultiPaxos(ref o) if o.replicas == 3));
        assert!(CheckJob::new(&multi).is_ok());
    }

    #[test]
    fn a_violation_comes_with_a_script_that_replays_it() {
        let req = CheckRequest::SingleDecree(CheckOptions {
            acceptors: 3,
            proposers: 2,
            max_round: 1,
            bugs: paxos_core::Bugs {
                ignore_promised_values: true,
                ..Default::default()
            },
            ..CheckOptions::default()
        });
        let v = CheckJob::new(&req).unwrap().finish(1000).verdict.unwrap();
        let found = v.violation.unwrap();
        assert_eq!(found.invariant, "agreement");
        let run = script::run_script(&script::Script::parse(&found.script).unwrap());
        let world = run.sim.unwrap().world().clone();
        assert_eq!(world.violations().len(), 1);
        assert_eq!(world.violations()[0].to_string(), found.text);
        assert_eq!(world.step() as usize, found.steps);
    }
}
