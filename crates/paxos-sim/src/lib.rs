//! # The world around Paxos: a deterministic simulator
//!
//! `paxos-core` holds the protocol; this crate holds everything else the page, the tests and
//! the explorer need: a cluster of agents ([`World`]), a network of numbered messages in flight
//! that a person, a script or a search decides the fate of ([`Action`]), a seeded scheduler,
//! invariants checked after every action ([`invariants`]), a history with fast time travel
//! ([`Sim`]), scenario scripts ([`script`]) and their lectures with a caption checker
//! ([`lecture`]), trace JSON ([`trace`]), and random and exhaustive exploration ([`explore`]).
//!
//! Everything is deterministic: a run is `(config, seed, actions)`, and replaying it gives the
//! same events byte for byte, natively and in wasm.
//!
//! ```
//! use paxos_sim::{Action, Config, Sim};
//! use paxos_core::{NodeId, Value};
//!
//! let mut sim = Sim::new(Config::separate(1, 3, 1), 7).unwrap();
//! let mut events = Vec::new();
//! sim.apply(Action::Input(paxos_sim::Propose { node: NodeId::proposer(1), value: Value::new("A").unwrap() }), &mut events).unwrap();
//! while sim.apply(Action::Step, &mut events).is_ok() {}
//! let view = sim.view();
//! assert_eq!(view.chosen.unwrap().value.as_str(), "A");
//! assert!(view.violations.is_empty());
//! // Time travel: back to the start and forward again.
//! let end = sim.step();
//! sim.goto(0);
//! assert!(sim.view().chosen.is_none());
//! sim.goto(end);
//! assert!(sim.view().chosen.is_some());
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod action;
pub mod check_job;
pub mod config;
pub mod event;
pub mod explore;
pub mod fuzz;
pub mod gallery;
pub mod hash;
pub mod invariants;
pub mod kernel;
pub mod lecture;
pub mod linearizability;
pub mod link;
pub mod multi_paxos;
pub mod narrate;
pub mod rng;
pub mod script;
pub mod single_decree;
pub mod spacetime;
pub mod trace;
pub mod view;
pub mod violation;

pub use action::MsgId;
pub use config::{Config, ConfigError, Network, Prob, QuorumSizes};
pub use event::{DropReason, Envelope, Event};
pub use invariants::{ChosenRecord, Violation};
pub use kernel::{ActionError, Protocol, ReplayFailure, CHECKPOINT_EVERY};
pub use link::{Link, LinkError};
pub use rng::Rng;
pub use single_decree::{Action, Node, Propose, Sim, SingleDecree, World};
pub use trace::{MultiTrace, Trace, TraceError};
pub use view::{NodeView, ProposerView, View};
