//! The gallery of broken Paxos: one entry per deliberately broken variant, with the check
//! that finds it.
//!
//! Each entry says in one sentence what was changed and which rule that breaks, and carries
//! the [`CheckRequest`] whose shortest counterexample shows the bug: the smallest cluster and
//! the fewest faults that still reach it, so that the page finds it in well under two seconds.
//! One entry is not a bug but a broken assumption: a Byzantine acceptor that lies.

use crate::check_job::CheckRequest;
use crate::config::QuorumSizes;
use crate::explore::CheckOptions;
use crate::kernel::check::Order;
use crate::multi_paxos::check::MultiCheckOptions;
use paxos_core::multi::replica::MultiBugs;
use paxos_core::Bugs;

/// One broken variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// Its name in links and test ids (`gallery-<name>`).
    pub name: &'static str,
    /// A short title.
    pub title: &'static str,
    /// What was changed, in one sentence.
    pub change: &'static str,
    /// Why that breaks Paxos: the rule it removes.
    pub rule: &'static str,
    /// The invariant its counterexample breaks.
    pub invariant: &'static str,
    /// True for the broken assumption (a lying acceptor) rather than a broken rule.
    pub byzantine: bool,
    /// The check that finds it.
    pub request: CheckRequest,
}

fn single(bugs: Bugs, f: impl FnOnce(&mut CheckOptions)) -> CheckRequest {
    let mut opts = CheckOptions {
        acceptors: 3,
        proposers: 2,
        max_round: 1,
        bugs,
        max_states: 2_000_000,
        // Acceptors are interchangeable (except the lying a1, which the checker knows), and
        // dead messages are forgotten (unless the bug makes none dead, which it also knows).
        symmetry: true,
        prune: true,
        ..CheckOptions::default()
    };
    f(&mut opts);
    CheckRequest::SingleDecree(opts)
}

fn multi(bugs: MultiBugs) -> CheckRequest {
    CheckRequest::MultiPaxos(MultiCheckOptions {
        bugs,
        order: Order::Breadth,
        max_states: 2_000_000,
        ..MultiCheckOptions::default()
    })
}

/// A text that says what Byzantine fault tolerance does instead, for the lying acceptor's card
/// and the book.
pub const BFT: &str = "Paxos assumes that acceptors may crash and lose messages but never lie; one acceptor that lies in a single Promise is enough to choose two values. Byzantine fault-tolerant protocols such as PBFT (Castro and Liskov, 1999) use 3f+1 replicas to survive f liars, so that any two quorums of 2f+1 share at least f+1 replicas, at least one of them honest, and a replica acts only on matching messages from a quorum, never on one report.";

/// Every variant, single-decree first.
pub fn all() -> Vec<Variant> {
    vec![
        Variant {
            name: "forget-promise",
            title: "An acceptor forgets its promise on crash",
            change: "The acceptor keeps its promise in memory only, so a crash erases it (its accepted value survives).",
            rule: "A promise must be on stable storage: after the crash the acceptor accepts a ballot below the one it promised, behind the back of the proposer it promised to.",
            invariant: "promise-kept",
            byzantine: false,
            request: single(
                Bugs {
                    forget_promise_on_crash: true,
                    ..Bugs::default()
                },
                |o| o.crashes = 1,
            ),
        },
        Variant {
            name: "ignore-promises",
            title: "A proposer ignores the values in promises",
            change: "After phase 1 the proposer always proposes its own value, even when a promise reports an accepted one.",
            rule: "Phase 2 must propose the value of the highest ballot the promises report: that is how a chosen value is carried into every later ballot.",
            invariant: "agreement",
            byzantine: false,
            request: single(
                Bugs {
                    ignore_promised_values: true,
                    ..Bugs::default()
                },
                |_| {},
            ),
        },
        Variant {
            name: "small-quorums",
            title: "Quorums that need not intersect",
            change: "Phase 1 waits for 2 promises of 3 acceptors and phase 2 for 1 acceptance: 2 + 1 is not more than 3.",
            rule: "Every phase-1 quorum must share an acceptor with every phase-2 quorum; otherwise a new proposer's phase 1 can miss a chosen value entirely.",
            invariant: "agreement",
            byzantine: false,
            request: single(Bugs::default(), |o| {
                o.quorum = Some(QuorumSizes {
                    phase1: 2,
                    phase2: 1,
                })
            }),
        },
        Variant {
            name: "accept-below-promise",
            title: "An acceptor accepts below its promise",
            change: "The acceptor accepts every Accept it receives, whatever ballot it promised.",
            rule: "An acceptor that promised ballot b must refuse every Accept below b: the promise is what lets the proposer of b trust its phase 1.",
            invariant: "promise-kept",
            byzantine: false,
            request: single(
                Bugs {
                    accept_below_promise: true,
                    ..Bugs::default()
                },
                |_| {},
            ),
        },
        Variant {
            name: "reuse-ballot",
            title: "A proposer reuses a ballot after a crash",
            change: "The proposer keeps its round counter in memory only, so after a crash it starts again from round 1 and reuses a ballot.",
            rule: "A ballot must carry at most one value: a proposer must never reuse a ballot, or answers meant for its first use (here a duplicated Promise) count for the second.",
            invariant: "agreement",
            byzantine: false,
            request: single(
                Bugs {
                    reuse_ballot_after_crash: true,
                    ..Bugs::default()
                },
                |o| {
                    o.proposers = 1;
                    o.crashes = 1;
                    o.duplicates = 1;
                    o.repropose = true;
                },
            ),
        },
        Variant {
            name: "count-across-ballots",
            title: "A learner counts votes across ballots",
            change: "The learner adds up Accepted messages for a value whatever their ballot.",
            rule: "A value is chosen only when a quorum accepts it in the same ballot; votes for it in different ballots prove nothing.",
            invariant: "learner-consistency",
            byzantine: false,
            request: single(
                Bugs {
                    count_across_ballots: true,
                    ..Bugs::default()
                },
                |o| o.learners = 1,
            ),
        },
        Variant {
            name: "skip-phase-1",
            title: "A leader skips phase 1 for slots it believes empty",
            change: "A new Multi-Paxos leader puts new commands in the slots it knows nothing of, without waiting to learn from its promises what they hold.",
            rule: "Phase 1 covers every slot: a new leader must re-propose whatever its promises report, in every slot, before using any for new commands.",
            invariant: "agreement",
            byzantine: false,
            request: multi(MultiBugs {
                skip_recovery: true,
                ..MultiBugs::default()
            }),
        },
        Variant {
            name: "local-reads",
            title: "A leader serves reads locally",
            change: "A Multi-Paxos leader answers get from its own store at once, without putting the read through the log.",
            rule: "A leader cannot know it is still the leader without a quorum: a deposed leader that answers alone serves a stale value, and the history stops being linearizable.",
            invariant: "linearizability",
            byzantine: false,
            request: multi(MultiBugs {
                local_reads: true,
                ..MultiBugs::default()
            }),
        },
        Variant {
            name: "ignore-reports",
            title: "A new leader ignores what its promises report",
            change: "A new Multi-Paxos leader fills every slot its promises report with a no-op instead of the command reported there.",
            rule: "The single-decree rule, per slot: in each slot, propose the command of the highest ballot reported.",
            invariant: "agreement",
            byzantine: false,
            request: multi(MultiBugs {
                ignore_reports: true,
                ..MultiBugs::default()
            }),
        },
        Variant {
            name: "lying-acceptor",
            title: "A Byzantine acceptor lies in its Promise",
            change: "Acceptor a1 reports that it accepted nothing when it has accepted a value. The code is correct; the assumption that acceptors do not lie is broken.",
            rule: BFT,
            invariant: "agreement",
            byzantine: true,
            request: single(
                Bugs {
                    lying_acceptor: true,
                    ..Bugs::default()
                },
                |_| {},
            ),
        },
    ]
}

/// The variant with this name.
pub fn named(name: &str) -> Option<Variant> {
    all().into_iter().find(|v| v.name == name)
}
