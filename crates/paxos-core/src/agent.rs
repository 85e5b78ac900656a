//! One member of the cluster: the roles it plays, and which role a message is for.
//!
//! In the separate layout an agent plays one role (`p1`, `a1`, `l1`); a combined node (`n1`)
//! plays all three. [`Agent::on_message`] is the protocol's dispatch: a `Prepare` or an
//! `Accept` goes to the acceptor, a `Promise` or a `Nack` to the proposer, an `Accepted` to the
//! proposer of that ballot and to the learner. It returns what each role did, so that whoever
//! runs the agents (the simulator, a test) can report it; the messages to send go to the
//! [`Outbox`] as everywhere in this crate.

use crate::acceptor::{AcceptOutcome, Acceptor, PrepareOutcome};
use crate::bugs::Bugs;
use crate::ids::{Ballot, NodeId};
use crate::learner::{LearnOutcome, Learner};
use crate::membership::Membership;
use crate::message::{Message, Outbox};
use crate::proposer::{AcceptedOutcome, NackOutcome, PromiseOutcome, Proposer, ProposerConfig};
use crate::quorum::Quorums;
use crate::value::Value;
use std::hash::{Hash, Hasher};

/// One agent (or combined node) and whether it is running.
#[derive(Debug, PartialEq, Eq)]
pub struct Agent {
    /// Its name.
    pub id: NodeId,
    /// False while crashed.
    pub up: bool,
    /// Its proposer role, if it has one.
    pub proposer: Option<Proposer>,
    /// Its acceptor role, if it has one.
    pub acceptor: Option<Acceptor>,
    /// Its learner role, if it has one.
    pub learner: Option<Learner>,
}

/// Written out so that `clone_from` reuses the learner's buffer (see [`Learner`]'s).
impl Clone for Agent {
    fn clone(&self) -> Agent {
        Agent {
            id: self.id,
            up: self.up,
            proposer: self.proposer,
            acceptor: self.acceptor,
            learner: self.learner.clone(),
        }
    }

    fn clone_from(&mut self, source: &Agent) {
        let Agent {
            id,
            up,
            proposer,
            acceptor,
            learner,
        } = self;
        *id = source.id;
        *up = source.up;
        *proposer = source.proposer;
        *acceptor = source.acceptor;
        learner.clone_from(&source.learner);
    }
}

/// What a message did at an agent, role by role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handled {
    /// Its acceptor handled a Prepare; `accepted` is the acceptor's accepted proposal after it.
    Prepare {
        /// What the acceptor did.
        outcome: PrepareOutcome,
        /// The acceptor's accepted proposal (reported in its Promise, if it promised).
        accepted: Option<(Ballot, Value)>,
    },
    /// Its acceptor handled an Accept; `accepted` is the acceptor's accepted proposal after it.
    Accept {
        /// What the acceptor did.
        outcome: AcceptOutcome,
        /// The acceptor's accepted proposal after the message.
        accepted: Option<(Ballot, Value)>,
    },
    /// Its proposer handled a Promise; `count` is how many promises it holds for its ballot.
    Promise {
        /// What the proposer did.
        outcome: PromiseOutcome,
        /// Promises held for the current ballot after the message.
        count: u8,
    },
    /// An Accepted reached the proposer of its ballot (if this agent is that proposer) and the
    /// learner (if it has one).
    Accepted {
        /// What the proposer did, and how many acceptances it holds after the message.
        proposer: Option<(AcceptedOutcome, u8)>,
        /// What the learner did.
        learner: Option<LearnOutcome>,
    },
    /// Its proposer handled a Nack.
    Nack(NackOutcome),
    /// No role of this agent takes this kind of message.
    NoRole,
}

impl Handled {
    /// True when some role had a use for the message; false for one that changed nothing (a
    /// stale ballot, a phase already over, a message for a role the agent does not play).
    #[inline]
    pub fn used(&self) -> bool {
        match self {
            Handled::Prepare { .. } | Handled::Accept { .. } => true,
            Handled::Promise { outcome, .. } => *outcome != PromiseOutcome::Ignored,
            Handled::Accepted { proposer, learner } => {
                learner.is_some() || proposer.is_some_and(|(o, _)| o != AcceptedOutcome::Ignored)
            }
            Handled::Nack(outcome) => matches!(outcome, NackOutcome::Preempted { .. }),
            Handled::NoRole => false,
        }
    }
}

impl Agent {
    /// A fresh agent with the roles `members` gives it, up, with empty state.
    pub fn new(
        id: NodeId,
        members: Membership,
        quorums: Quorums,
        proposer: ProposerConfig,
        bugs: Bugs,
    ) -> Agent {
        let roles = members.roles(id);
        Agent {
            id,
            up: true,
            proposer: roles
                .proposer
                .then(|| Proposer::new(id, members, quorums, proposer)),
            acceptor: roles.acceptor.then(|| Acceptor::new(id, members, bugs)),
            learner: roles
                .learner
                .then(|| Learner::new(id, members, quorums).with_bugs(bugs)),
        }
    }

    /// Hands `msg` from `from` to the role it is for. `now` is the current time; `backoff` is
    /// asked for a random backoff only when the proposer really backs off.
    #[inline]
    pub fn on_message(
        &mut self,
        now: u64,
        from: NodeId,
        msg: Message,
        out: &mut Outbox,
        backoff: impl FnOnce() -> u64,
    ) -> Handled {
        let me = self.id;
        match msg {
            Message::Prepare { ballot } => match &mut self.acceptor {
                Some(a) => Handled::Prepare {
                    outcome: a.on_prepare(from, ballot, out),
                    accepted: a.accepted(),
                },
                None => Handled::NoRole,
            },
            Message::Accept { ballot, value, .. } => match &mut self.acceptor {
                Some(a) => Handled::Accept {
                    outcome: a.on_accept(from, ballot, value, out),
                    accepted: a.accepted(),
                },
                None => Handled::NoRole,
            },
            Message::Promise {
                ballot,
                last_accepted,
            } => match &mut self.proposer {
                Some(p) => Handled::Promise {
                    outcome: p.on_promise(now, from, ballot, last_accepted, out),
                    count: p.promises().count_ones() as u8,
                },
                None => Handled::NoRole,
            },
            Message::Accepted { ballot, value } => {
                // Only the ballot's own proposer counts acceptances for it.
                let proposer = self
                    .proposer
                    .as_mut()
                    .filter(|_| ballot.proposer == me)
                    .map(|p| {
                        let outcome = p.on_accepted(from, ballot, value);
                        (outcome, p.accepts().count_ones() as u8)
                    });
                let learner = self
                    .learner
                    .as_mut()
                    .map(|l| l.on_accepted(from, ballot, value));
                if proposer.is_none() && learner.is_none() {
                    Handled::NoRole
                } else {
                    Handled::Accepted { proposer, learner }
                }
            }
            Message::Nack { ballot, promised } => match &mut self.proposer {
                Some(p) => Handled::Nack(p.on_nack(now, ballot, promised, backoff)),
                None => Handled::NoRole,
            },
        }
    }

    /// A crash: the agent stops, and each role keeps only what is on stable storage.
    pub fn crash(&mut self) {
        self.up = false;
        if let Some(p) = &mut self.proposer {
            p.crash();
        }
        if let Some(a) = &mut self.acceptor {
            a.crash();
        }
        if let Some(l) = &mut self.learner {
            l.crash();
        }
    }

    /// A restart from what survived the crash.
    pub fn recover(&mut self) {
        self.up = true;
    }

    /// Feeds what decides this agent's future into `h` (see [`Proposer::hash_logical`]): model
    /// checkers use it to treat states that differ only in timer deadlines as one.
    pub fn hash_logical<H: Hasher>(&self, h: &mut H) {
        self.up.hash(h);
        self.acceptor.map(|a| (a.promised(), a.accepted())).hash(h);
        if let Some(p) = &self.proposer {
            p.hash_logical(h);
        }
        if let Some(l) = &self.learner {
            l.hash(h);
        }
    }

    /// [`Agent::hash_logical`] of this agent as if its acceptors were renamed by `r` (see
    /// [`crate::AcceptorRenaming`]): its own name is not part of it, the names and bits of
    /// the acceptors it has heard from are renamed.
    pub fn hash_renamed<H: Hasher>(&self, h: &mut H, r: &crate::AcceptorRenaming) {
        self.up.hash(h);
        self.acceptor.map(|a| (a.promised(), a.accepted())).hash(h);
        if let Some(p) = &self.proposer {
            p.hash_renamed(h, r);
        }
        if let Some(l) = &self.learner {
            l.hash_renamed(h, r);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(r: u32, p: u8) -> Ballot {
        Ballot::new(r, NodeId::proposer(p))
    }

    #[test]
    fn each_message_reaches_the_role_it_is_for() {
        let members = Membership::combined(3);
        let quorums = Quorums::majority(3);
        let config = ProposerConfig {
            retry_timeout: 10,
            bugs: Bugs::default(),
        };
        let n1 = NodeId::node(1);
        let mut n2 = Agent::new(NodeId::node(2), members, quorums, config, Bugs::default());
        let mut out = Outbox::new();
        let ballot = Ballot::new(1, n1);
        let h = n2.on_message(0, n1, Message::Prepare { ballot }, &mut out, || 1);
        assert_eq!(
            h,
            Handled::Prepare {
                outcome: PrepareOutcome::Promised,
                accepted: None
            }
        );
        assert_eq!(out.len(), 1);
        assert!(h.used());
        // An Accepted for n1's ballot: n2's learner counts it, n2's proposer does not.
        let v = Value::new("A").unwrap();
        let h = n2.on_message(
            0,
            n1,
            Message::Accepted { ballot, value: v },
            &mut out,
            || 1,
        );
        assert_eq!(
            h,
            Handled::Accepted {
                proposer: None,
                learner: Some(LearnOutcome::Counted { count: 1 })
            }
        );
        // A separate acceptor has no use for a Promise.
        let sep = Membership::separate(1, 3, 1);
        let mut a1 = Agent::new(NodeId::acceptor(1), sep, quorums, config, Bugs::default());
        let promise = Message::Promise {
            ballot: b(1, 1),
            last_accepted: None,
        };
        let h = a1.on_message(0, NodeId::acceptor(2), promise, &mut out, || 1);
        assert_eq!(h, Handled::NoRole);
        assert!(!h.used());
        // A crash keeps the promise (it is durable) and stops the agent.
        a1.on_message(
            0,
            NodeId::proposer(1),
            Message::Prepare { ballot: b(2, 1) },
            &mut out,
            || 1,
        );
        a1.crash();
        assert!(!a1.up);
        assert_eq!(a1.acceptor.unwrap().promised(), Some(b(2, 1)));
        a1.recover();
        assert!(a1.up);
    }
}
