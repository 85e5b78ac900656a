//! # Single-decree Paxos, as pure state machines
//!
//! This crate is the protocol of Lamport's *Paxos Made Simple*, and nothing else: no network,
//! no clock, no randomness. Each agent is a plain struct; you hand it what arrived
//! (`on_prepare`, `on_promise`, ...) and it pushes the messages it wants sent into an
//! [`Outbox`] that you drain. Time and random backoffs are arguments. The same code therefore
//! runs natively, in tests, in an exhaustive model checker and in a web page, and gives the same
//! result everywhere. The world around it (a network that loses and reorders messages, crashes,
//! a scheduler) lives in the `paxos-sim` crate.
//!
//! ## The agents
//! - [`Proposer`]: picks a [`Ballot`], runs phase 1 (`Prepare` / `Promise`) and phase 2
//!   (`Accept` / `Accepted`), and retries with a higher ballot when pre-empted.
//! - [`Acceptor`]: the memory of the protocol; it promises and accepts by two small rules.
//! - [`Learner`]: finds out that a value was chosen.
//! - [`Quorums`] say how many acceptors are enough; [`Membership`] says who is in the cluster,
//!   as separate agents (`p1`, `a1`, `l1`) or as combined nodes (`n1`) that play every role.
//! - [`multi`] has the pieces of Multi-Paxos, a replicated log of key-value commands: the
//!   per-slot acceptor, a new leader's recovery of the slots before it, and the store.
//! - [`Agent`] is one member with its roles: [`Agent::on_message`] hands each message to the
//!   role it is for and says what that role did ([`Handled`]).
//!
//! ## One round, by hand
//! Three acceptors, one proposer that wants value `A`. A value is *chosen* once a majority of
//! acceptors accept the same ballot:
//!
//! ```
//! use paxos_core::*;
//!
//! let members = Membership::separate(1, 3, 1);
//! let quorums = Quorums::majority(3);
//! let config = ProposerConfig { retry_timeout: 10, bugs: Bugs::default() };
//! let mut p1 = Proposer::new(NodeId::proposer(1), members, quorums, config);
//! let mut acceptors: Vec<Acceptor> = members
//!     .acceptor_ids()
//!     .map(|id| Acceptor::new(id, members, Bugs::default()))
//!     .collect();
//! let mut l1 = Learner::new(NodeId::learner(1), members, quorums);
//!
//! // Phase 1a: p1 picks ballot 1.p1 and asks every acceptor for a promise.
//! let mut out = Outbox::new();
//! let ballot = p1.propose(0, Value::new("A").unwrap(), &mut out);
//! assert_eq!(ballot.to_string(), "1.p1");
//! assert_eq!(out.len(), 3);
//!
//! // Phase 1b: two acceptors promise (a majority). Neither has accepted anything, so p1 is
//! // free to propose its own value; it sends Accept(1.p1, A) to every acceptor.
//! let mut accepts = Outbox::new();
//! for a in &mut acceptors[..2] {
//!     let mut reply = Outbox::new();
//!     a.on_prepare(p1.id(), ballot, &mut reply);
//!     if let Message::Promise { ballot, last_accepted } = reply[0].msg {
//!         p1.on_promise(1, a.id(), ballot, last_accepted, &mut accepts);
//!     }
//! }
//! assert_eq!(p1.phase(), Phase::Accepting);
//! assert_eq!(p1.proposal(), Some((Value::new("A").unwrap(), ValueSource::Own)));
//! assert_eq!(accepts.len(), 3);
//!
//! // Phase 2: a majority accepts; their Accepted reports reach the learner, which learns A.
//! let learner = l1.id();
//! for a in &mut acceptors[1..] {
//!     let mut reports = Outbox::new();
//!     a.on_accept(p1.id(), ballot, Value::new("A").unwrap(), &mut reports);
//!     for r in reports.iter().filter(|r| r.to == learner) {
//!         if let Message::Accepted { ballot, value } = r.msg {
//!             l1.on_accepted(a.id(), ballot, value);
//!         }
//!     }
//! }
//! assert_eq!(l1.learned().map(|(_, v)| v.to_string()), Some("A".to_string()));
//! ```
//!
//! Why this is safe when two proposers compete. Say `v` was chosen at ballot `b` by a phase-2
//! quorum. A later proposer's phase-1 quorum shares at least one acceptor with it. That
//! acceptor reports its *highest* accepted proposal, which may come from a ballot later than `b`;
//! the proposer takes the highest report among all its promises, which may come from another
//! acceptor. Neither report need be `b = v` itself. What makes it `v` is an induction on ballots
//! (Paxos Made Simple, section 2.2): every proposal numbered from `b` up to the new ballot
//! carries `v`, and the highest report is one of them, so the value-choosing rule in [`Proposer`]
//! forces the later proposer to propose `v` again.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod acceptor;
mod agent;
mod bugs;
mod ids;
mod learner;
mod membership;
mod message;
pub mod multi;
pub mod pack;
mod proposer;
mod quorum;
mod renaming;
mod value;

pub use acceptor::{AcceptOutcome, Acceptor, PrepareOutcome};
pub use agent::{Agent, Handled};
pub use bugs::Bugs;
pub use ids::{Ballot, NodeId, NodeKind, ParseError};
pub use learner::{LearnOutcome, Learner};
pub use membership::{acceptors_in, Layout, Membership, Roles};
pub use message::{Message, Outbox, Outgoing, ValueSource};
pub use proposer::{AcceptedOutcome, NackOutcome, Phase, PromiseOutcome, Proposer, ProposerConfig};
pub use quorum::{
    missing_pair, set_name, QuorumError, QuorumSets, Quorums, SetList, MAX_QUORUM_SETS,
};
pub use renaming::AcceptorRenaming;
pub use value::{Value, ValueError};
