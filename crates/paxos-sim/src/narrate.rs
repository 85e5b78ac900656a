//! Counterexamples told step by step: a checker's shortest run as a script with a caption
//! after every action, saying what the step did and, where it matters, which rule of Paxos the
//! step breaks or sets up for breaking.
//!
//! The page opens a counterexample from this script, so the caption in force at step k is the
//! one written after action k (a `say` takes effect at the step where it stands; see
//! [`crate::lecture`]). The rules are read off the run itself: the events of each action, the
//! world just before it, and the broken variant switched on, so the same words serve a
//! counterexample found by the Check panel with any bounds, not only the gallery's.

use crate::config::Config;
use crate::event::Event;
use crate::kernel::{self, Protocol};
use crate::multi_paxos::{MultiAction, MultiConfig, MultiEvent, MultiWorld, PaxosEvent};
use crate::script::{cluster_line, multi_cluster_line};
use crate::single_decree::{Action, World};
use paxos_core::multi::replica::Note;
use paxos_core::multi::Op;
use paxos_core::NodeId;

/// A `say` line: the text with the characters a quoted script string cannot hold replaced.
fn say(text: &str) -> String {
    format!("say \"{}\"\n", text.replace(['"', '\n'], "'"))
}

/// `sentences` as one caption: capitalised, each ending with a full stop.
fn caption(sentences: &[String]) -> String {
    let mut out = String::new();
    for s in sentences {
        let s = s.trim();
        if s.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        // A sentence that starts with a node's name (a1, n2, c1) keeps it as it is written.
        let mut first = s.chars();
        let named = first.next().is_some_and(|c| c.is_ascii_lowercase())
            && first.next().is_some_and(|c| c.is_ascii_digit());
        let mut chars = s.chars();
        match chars.next() {
            Some(first) if !named => {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
            _ => out.push_str(s),
        }
        if !s.ends_with('.') && !s.ends_with(':') {
            out.push('.');
        }
    }
    out
}

const OPENING: &str = "The checker's shortest run to a broken invariant. Step through it: each caption says what the step did and which rule it breaks or sets up.";

/// Replays `actions` from `world` and writes each action's line, then the caption that
/// `words` makes of it (from the world before the action, the world after it and its events;
/// `fallback` when it has nothing to say), after `s`, the script's opening.
fn narrated<P: Protocol>(
    mut s: String,
    world: Option<kernel::World<P>>,
    actions: &[crate::action::Action<P::Input>],
    mut words: impl FnMut(&kernel::World<P>, &kernel::World<P>, &[P::Event]) -> Vec<String>,
) -> String
where
    crate::action::Action<P::Input>: std::fmt::Display,
{
    s.push('\n');
    s.push_str(&say(OPENING));
    let Some(mut world) = world else {
        return s;
    };
    let mut events = Vec::new();
    for action in actions {
        let before = world.clone();
        events.clear();
        if world.apply(action, &mut events).is_err() {
            break;
        }
        s.push_str(&action.to_string());
        s.push('\n');
        let mut w = words(&before, &world, &events);
        if w.is_empty() {
            w.push(format!("{action}: nothing changes that matters yet"));
        }
        s.push_str(&say(&caption(&w)));
    }
    s
}

/// A single-decree counterexample as a captioned script.
pub fn single(config: &Config, actions: &[Action]) -> String {
    // Proposers that crashed with the reuse-ballot bug, and the step of their crash.
    let mut reborn: Vec<(NodeId, u64)> = Vec::new();
    let world = World::new(*config, 0).ok();
    narrated(
        cluster_line(config, 0),
        world,
        actions,
        |before, world, events| {
            let mut notes = Vec::new();
            for e in events {
                match e {
                    Event::Crash { node }
                        if config.bugs.reuse_ballot_after_crash
                            && before
                                .node(*node)
                                .and_then(|n| n.proposer)
                                .is_some_and(|p| p.max_round() > 0) =>
                    {
                        reborn.push((*node, world.step()));
                    }
                    Event::Propose { node, ballot, .. }
                        if reborn.iter().any(|(p, _)| p == node) =>
                    {
                        notes.push(format!(
                        "{node} used {ballot} before its crash and reuses it now, so answers meant for its first incarnation can count for this one"
                    ));
                    }
                    Event::Deliver { msg, .. } => {
                        if let Some((_, at)) = reborn
                            .iter()
                            .find(|(p, at)| *p == msg.to && msg.sent_step < *at)
                        {
                            notes.push(format!(
                            "This {} was sent to {}'s first incarnation, before its crash at step {at}; with the ballot reused, {} cannot tell, and counts it",
                            msg.payload.kind(),
                            msg.to,
                            msg.to
                        ));
                        }
                    }
                    _ => {}
                }
            }
            let mut words: Vec<String> = events
                .iter()
                .filter(|e| !matches!(e, Event::Chosen { .. } | Event::Violation { .. }))
                // The broken learner's "learned that A is chosen" would be false: its rule says it.
                .filter(|e| !(matches!(e, Event::Learned { .. }) && learns_wrongly(config, before)))
                .filter_map(Event::sentence)
                .take(3)
                .collect();
            words.extend(notes);
            words.extend(events.iter().filter_map(|e| single_rule(config, before, e)));
            words
        },
    )
}

/// The rule a single-decree event breaks or sets up, or a chosen value and a violation, in
/// words; `None` for events that are ordinary Paxos.
fn single_rule(config: &Config, before: &World, e: &Event) -> Option<String> {
    let bugs = config.bugs;
    let acceptor = |id: NodeId| before.node(id).and_then(|n| n.acceptor);
    let index = |id: NodeId| before.members().acceptor_index(id);
    match e {
        Event::Chosen {
            ballot,
            value,
            quorum,
        } => {
            let q: Vec<String> = quorum.iter().map(|n| n.to_string()).collect();
            Some(format!(
                "{value} is now chosen at {ballot} by {}: from here on, Paxos must never choose anything else",
                q.join(", ")
            ))
        }
        Event::Violation { violation } => Some(format!(
            "The {} check fails: {violation}",
            violation.name()
        )),
        Event::Crash { node } => {
            let a = acceptor(*node);
            let p = before.node(*node).and_then(|n| n.proposer);
            match (a.and_then(|a| a.promised()), p) {
                (Some(b), _) if bugs.forget_promise_on_crash => Some(format!(
                    "This sets up the bug: {node} kept its promise of {b} only in memory, and has now forgotten it"
                )),
                (_, Some(p)) if bugs.reuse_ballot_after_crash && p.max_round() > 0 => Some(format!(
                    "This sets up the bug: {node} kept its round counter only in memory; it will count from round 1 again and reuse ballots it has used"
                )),
                _ => None,
            }
        }
        Event::Voted {
            acceptor: a,
            ballot,
            ..
        } => {
            let promised_now = acceptor(*a).and_then(|x| x.promised());
            let promised_ever = index(*a)
                .and_then(|i| before.ghost().promised_ever.get(i as usize).copied())
                .flatten();
            match (promised_now, promised_ever) {
                (Some(p), _) if p > *ballot => Some(format!(
                    "This breaks the accept rule: {a} had promised {p}, so it must refuse the lower {ballot}"
                )),
                (_, Some(p)) if p > *ballot => Some(format!(
                    "This breaks the promise {a} made before its crash, {p}: it accepts the lower {ballot} because it forgot"
                )),
                _ => None,
            }
        }
        Event::Promised {
            acceptor: a,
            ballot,
            accepted: None,
        } => match acceptor(*a).and_then(|x| x.accepted()) {
            Some((b, v)) if bugs.lying_acceptor => Some(format!(
                "{a} lies: its Promise for {ballot} says it accepted nothing, but it accepted {b} = {v}. Paxos tolerates acceptors that crash, not acceptors that lie"
            )),
            _ => None,
        },
        Event::Proposing {
            proposer, value, ..
        } => {
            let p = before.node(*proposer).and_then(|n| n.proposer)?;
            let mut notes = Vec::new();
            if let Some((b, v, from)) = p.highest_reported() {
                if bugs.ignore_promised_values && v != *value {
                    notes.push(format!(
                        "That is the bug: {from}'s promise reported {b} = {v}, and phase 2 must propose the value of the highest ballot reported"
                    ));
                }
            }
            if let Some(q) = config.quorum {
                if q.phase1 + q.phase2 <= config.acceptors {
                    notes.push(format!(
                        "Its phase-1 quorum has only {} of the {} acceptors and a phase-2 quorum {}: {} + {} is not more than {}, so the two can miss each other and this phase 1 may not see a chosen value",
                        q.phase1, config.acceptors, q.phase2, q.phase1, q.phase2, config.acceptors
                    ));
                }
            }
            (!notes.is_empty()).then(|| notes.join(". "))
        }
        Event::Duplicate { msg, .. } if bugs.reuse_ballot_after_crash => Some(format!(
            "A copy of {} {} from {} stays in flight, to be delivered later",
            msg.payload.kind(),
            msg.payload.ballot(),
            msg.from
        )),
        Event::Learned {
            learner,
            ballot,
            value,
        } if learns_wrongly(config, before) => Some(format!(
            "{learner} takes {value} as chosen at {ballot}, and that is the bug: it added up Accepted messages from different ballots. No quorum accepted {value} in one ballot, so nothing is chosen yet"
        )),
        _ => None,
    }
}

/// True when a learner's learning in `before` comes from the broken count, not a quorum.
fn learns_wrongly(config: &Config, before: &World) -> bool {
    config.bugs.count_across_ballots && before.ghost().first_chosen().is_none()
}

/// A Multi-Paxos counterexample as a captioned script.
pub fn multi(config: &MultiConfig, actions: &[MultiAction]) -> String {
    let world = MultiWorld::new(*config, 0).ok();
    narrated(
        multi_cluster_line(config, 0),
        world,
        actions,
        |before, _, events| {
            let mut words: Vec<String> = events
            .iter()
            .filter(
                |e| matches!(e, MultiEvent::Paxos(p) if !matches!(p, PaxosEvent::Chosen { .. })),
            )
            .map(|e| e.to_string())
            .take(3)
            .collect();
            words.extend(events.iter().filter_map(|e| multi_rule(config, before, e)));
            words
        },
    )
}

fn multi_rule(config: &MultiConfig, before: &MultiWorld, e: &MultiEvent) -> Option<String> {
    let bugs = config.bugs;
    match e {
        MultiEvent::Paxos(PaxosEvent::Chosen {
            slot,
            ballot,
            command,
            ..
        }) => Some(format!(
            "{command} is now chosen in slot {slot} at {ballot}: no other command may ever be chosen there"
        )),
        MultiEvent::Net(crate::kernel::NetEvent::Violation { violation }) => Some(format!(
            "The {} check fails: {violation}",
            violation.name()
        )),
        MultiEvent::Paxos(PaxosEvent::Note { node, note }) => match note {
            Note::Elected { ballot, recovered } if bugs.ignore_reports && !recovered.is_empty() => {
                Some(format!(
                    "That is the bug: {node} leads with {ballot} and fills every slot its promises reported with a no-op, ignoring the commands they carried"
                ))
            }
            Note::Elected { ballot, .. } if bugs.skip_recovery => Some(format!(
                "With this bug, {node} leads with {ballot} taking the slots it knows nothing of as empty, whatever its promises reported there"
            )),
            Note::Proposed { slot, command, .. } if bugs.skip_recovery => {
                let other = before.nodes().iter().filter_map(|n| n.replica()).find_map(|r| {
                    r.acceptor()
                        .accepted(*slot)
                        .filter(|(_, c)| c != command)
                        .map(|(b, c)| (r.id(), b, c))
                });
                other.map(|(who, b, c)| format!(
                    "That is the bug: {node} puts {command} in slot {slot}, which it believes empty, but {who} accepted {c} there at {b}, and its promise said so"
                ))
            }
            Note::Answered { request } if bugs.local_reads && matches!(request.op, Op::Get { .. }) => {
                Some(format!(
                    "That is the bug: {node} answers the read from its own store, without the log. It may have been deposed without knowing it, and miss a newer write"
                ))
            }
            _ => None,
        },
        _ => None,
    }
}
