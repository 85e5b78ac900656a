//! A script as a lecture: its `say` and `ask` lines become beats over one run, and a checker
//! holds each caption to what the run shows.
//!
//! [`play`] runs a script to the end and records at which step each narration line speaks. A
//! beat is one `say` (or `ask`) line with the actions after it, up to the next narration line.
//! Lecture mode shows a `say` caption together with the state at its beat's *end*, and an `ask`
//! question first at its beat's start, then (revealed) at its end. The step-by-step view (the
//! app and widgets with `caption`) shows a caption from its beat's start on, as the narration of
//! the steps that follow, so there a caption in the past tense is ahead of the drawing until the
//! reader has stepped through its beat.
//!
//! [`check_captions`] reads every caption for the claims that a program can hold against the
//! run, and checks each one against the state at its beat's end, the state lecture mode shows
//! beside it. It knows these forms (node names, ballots and values as in the event lines):
//!
//! | claim | example | holds when, by the beat's end |
//! |---|---|---|
//! | a node | `a2` | the cluster has that node |
//! | a ballot | `2.p1` | some proposer has started that ballot |
//! | a proposal | `1.p2:B`, `1.p2 = B` | some proposer has sent Accept with that ballot and value |
//! | a vote | `a1 has accepted 1.p1 = A`, `a2 holds 1.p2:B` | that acceptor accepted that proposal |
//! | a report | `a2's promise reports 1.p1:A` | that acceptor sent a Promise reporting it |
//! | chosen | `A is chosen`, `B is in fact chosen at 1.p2` | the value was chosen (at that ballot) |
//! | not chosen | `nothing is chosen`, `A is not chosen` | no value (or not that one) was chosen |
//! | learned | `l1 learns B`, `l2 learned B` | that learner learned that value |
//! | not learned | `l1 learns nothing` | that learner has learned nothing |
//! | proposes | `p2 proposes A`, `p1 must propose B` | that proposer was asked to propose that value, or sent Accept with it |
//!
//! A claim after `if`, `whether`, `unless`, `had`, `to` or a modal (`must`, `would`, ...) is a
//! hypothesis or a question (`Must p3 propose A?`), not a claim, and is skipped; so are questions
//! such as `Is A now chosen?`, whose word order differs. Anything else a caption
//! says is for a person to review: the checker catches a caption that names a ballot nobody
//! started, or that says "chosen" one beat too early, not a wrong argument.

use crate::event::Event;
use crate::multi_paxos::MultiSim;
use crate::script::{Command, Runner, Script};
use crate::single_decree::Sim;
use paxos_core::{Ballot, Membership, NodeId, Value};
use std::fmt;

/// One beat of a lecture: a `say` or `ask` line and the actions after it, up to the next one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Beat {
    /// What the lecturer's screen says.
    pub caption: String,
    /// A "predict" beat (`ask`): the question is shown before its actions happen.
    pub ask: bool,
    /// The step at which the beat begins.
    pub start: usize,
    /// The step at which it ends (after its actions).
    pub end: usize,
    /// The script line of its `say` or `ask` (1-based; 0 for a beat made up by the page).
    pub line: usize,
}

/// A script turned into a run: the whole history, the captions by step, and the beats.
#[derive(Debug)]
pub struct Played {
    /// The run with every action of the script; the cursor is at the end.
    pub sim: Sim,
    /// `(step, text)`: from `step` on, `text` is the caption (until the next one).
    pub captions: Vec<(usize, String)>,
    /// The lecture beats, in order; empty when the script says nothing.
    pub beats: Vec<Beat>,
}

/// Runs a script to the end, recording at which step each `say` line speaks. Errors name the
/// script's line and column.
pub fn play(text: &str) -> Result<Played, String> {
    // Single-decree only (what `Played` holds), so that the page does not link Multi-Paxos.
    let mut runner = Runner::single_decree();
    let (captions, beats) = narrate(text, &mut runner, |r| r.sim().map_or(0, |s| s.len()))?;
    let sim = runner
        .sim()
        .cloned()
        .ok_or_else(|| "the script has no `cluster` line".to_string())?;
    Ok(Played {
        sim,
        captions,
        beats,
    })
}

/// A Multi-Paxos script turned into a run, like [`Played`].
#[derive(Debug)]
pub struct MultiPlayed {
    /// The run with every action of the script; the cursor is at the end.
    pub sim: MultiSim,
    /// `(step, text)`: from `step` on, `text` is the caption.
    pub captions: Vec<(usize, String)>,
    /// The lecture beats.
    pub beats: Vec<Beat>,
}

/// [`play`] for a Multi-Paxos script.
pub fn play_multi(text: &str) -> Result<MultiPlayed, String> {
    // Multi-Paxos only: the Multi-Paxos page does not link single-decree Paxos.
    let mut runner = Runner::multi_paxos();
    let (captions, beats) = narrate(text, &mut runner, |r| r.multi_sim().map_or(0, |s| s.len()))?;
    let sim = runner
        .multi_sim()
        .cloned()
        .ok_or_else(|| "the script has no `cluster ... protocol=multi-paxos` line".to_string())?;
    Ok(MultiPlayed {
        sim,
        captions,
        beats,
    })
}

/// Runs every block of `text` with `runner`; `len` is the run's length so far. Returns the
/// captions by step and the beats.
#[allow(clippy::type_complexity)]
fn narrate(
    text: &str,
    runner: &mut Runner,
    len: impl Fn(&Runner) -> usize,
) -> Result<(Vec<(usize, String)>, Vec<Beat>), String> {
    let script = Script::parse(text).map_err(|e| e.to_string())?;
    let mut captions: Vec<(usize, String)> = Vec::new();
    let mut beats: Vec<Beat> = Vec::new();
    for block in script.blocks() {
        let out = runner.run(&block.command);
        if let Some(err) = out.iter().find(|l| l.starts_with("error: ")) {
            return Err(format!("line {}: {}", block.line, &err[7..]));
        }
        let step = len(runner);
        if let Some(last) = beats.last_mut() {
            last.end = step;
        }
        if let Command::Say(text) | Command::Ask(text) = &block.command {
            beats.push(Beat {
                caption: text.clone(),
                ask: matches!(block.command, Command::Ask(_)),
                start: step,
                end: step,
                line: block.line,
            });
            match captions.last_mut() {
                // Consecutive lines at the same step read as one caption.
                Some((s, t)) if *s == step => {
                    t.push(' ');
                    t.push_str(text);
                }
                _ => captions.push((step, text.clone())),
            }
        }
    }
    Ok((captions, beats))
}

/// The caption in force at `step`.
pub fn caption_at(captions: &[(usize, String)], step: usize) -> Option<&str> {
    captions
        .iter()
        .rev()
        .find(|(s, _)| *s <= step)
        .map(|(_, t)| t.as_str())
}

/// A caption that claims something the run does not show at its beat's end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaptionProblem {
    /// The script line of the caption's `say` or `ask`.
    pub line: usize,
    /// Its beat, 1-based, as lecture mode numbers them.
    pub beat: usize,
    /// The step at which the claim was checked (the beat's end).
    pub step: usize,
    /// The words of the caption that make the claim.
    pub claim: String,
    /// What the run shows instead.
    pub problem: String,
}

impl fmt::Display for CaptionProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, beat {} (step {}): \"{}\": {}",
            self.line, self.beat, self.step, self.claim, self.problem
        )
    }
}

/// What [`check_captions`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaptionCheck {
    /// How many claims it read and checked, over all captions.
    pub claims: usize,
    /// The claims the run contradicts.
    pub problems: Vec<CaptionProblem>,
}

/// Checks every caption of a script against its run (see the module docs for the claims it
/// reads). `Err` when the script itself does not run.
pub fn check_captions(text: &str) -> Result<CaptionCheck, String> {
    let played = play(text)?;
    let facts = Facts::of(&played.sim);
    let mut problems = Vec::new();
    let mut count = 0;
    for (i, beat) in played.beats.iter().enumerate() {
        for claim in claims(&beat.caption) {
            count += 1;
            if let Some(problem) = facts.refute(&claim, beat.end as u64) {
                problems.push(CaptionProblem {
                    line: beat.line,
                    beat: i + 1,
                    step: beat.end,
                    claim: claim.words.clone(),
                    problem,
                });
            }
        }
    }
    Ok(CaptionCheck {
        claims: count,
        problems,
    })
}

/// What a caption claims, in a form that can be checked.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Fact {
    Node(NodeId),
    Ballot(Ballot),
    Proposal(Ballot, Value),
    Vote(NodeId, Ballot, Value),
    Report(NodeId, Ballot, Value),
    Chosen(Value, Option<Ballot>),
    NothingChosen,
    NotChosen(Value),
    Learned(NodeId, Value),
    LearnedNothing(NodeId),
    Proposes(NodeId, Value),
}

#[derive(Clone, Debug)]
struct Claim {
    fact: Fact,
    words: String,
}

/// A caption's word, with surrounding punctuation taken off.
struct Word<'a> {
    /// As written, without punctuation around it.
    text: &'a str,
    /// Lower case, for keywords.
    lower: String,
    /// Written with a possessive `'s` (taken off `text`).
    possessive: bool,
}

fn words(caption: &str) -> Vec<Word<'_>> {
    caption
        .split_whitespace()
        .map(|raw| {
            let t = raw.trim_start_matches(['(', '"', '{']);
            let t = t.trim_end_matches([',', '.', ';', ':', '!', '?', ')', '"', '}']);
            let (t, possessive) = match t.strip_suffix("'s") {
                Some(s) => (s, true),
                None => (t, false),
            };
            Word {
                text: t,
                lower: t.to_ascii_lowercase(),
                possessive,
            }
        })
        .collect()
}

fn ballot(w: &str) -> Option<Ballot> {
    let (round, owner) = w.split_once('.')?;
    if round.is_empty() || !round.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !(owner.starts_with('p') || owner.starts_with('n')) {
        return None;
    }
    w.parse().ok()
}

fn node(w: &str) -> Option<NodeId> {
    let kind = w.bytes().next()?;
    if !matches!(kind, b'p' | b'a' | b'l' | b'n') || w.len() < 2 {
        return None;
    }
    if !w[1..].bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    w.parse().ok()
}

/// A value as captions write them: capitals and digits (`A`, `B`, `X1`), so that ordinary
/// words are never taken for values.
fn value(w: &str) -> Option<Value> {
    let first = w.bytes().next()?;
    if !first.is_ascii_uppercase()
        || !w
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        return None;
    }
    Value::new(w).ok()
}

/// `1.p1:A`
fn proposal(w: &str) -> Option<(Ballot, Value)> {
    let (b, v) = w.split_once(':')?;
    Some((ballot(b)?, value(v)?))
}

/// The proposal written from word `i` on, as `1.p1:A` or `1.p1 = A`, and how many words it took.
fn proposal_at(ws: &[Word<'_>], i: usize) -> Option<(Ballot, Value, usize)> {
    let w = ws.get(i)?;
    if let Some((b, v)) = proposal(w.text) {
        return Some((b, v, 1));
    }
    let b = ballot(w.text)?;
    if ws.get(i + 1)?.text != "=" {
        return None;
    }
    Some((b, value(ws.get(i + 2)?.text)?, 3))
}

/// Words that, just before a claim's subject, make it a hypothesis or a question.
const HYPOTHESIS: &[&str] = &[
    "if", "whether", "unless", "had", "must", "may", "will", "would", "could", "should", "can",
    "does", "did", "to", "makes", "make", "lets", "let", "forces",
];

fn claims(caption: &str) -> Vec<Claim> {
    let ws = words(caption);
    let mut out = Vec::new();
    let phrase = |from: usize, to: usize| {
        ws[from..to.min(ws.len())]
            .iter()
            .map(|w| w.text)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let hypothetical = |i: usize| i > 0 && HYPOTHESIS.contains(&ws[i - 1].lower.as_str());
    for i in 0..ws.len() {
        let w = &ws[i];
        // Names and numbers.
        if let Some(b) = ballot(w.text) {
            out.push(Claim {
                fact: Fact::Ballot(b),
                words: w.text.to_string(),
            });
        } else if let Some(b) = w.text.split_once(':').and_then(|(b, _)| ballot(b)) {
            out.push(Claim {
                fact: Fact::Ballot(b),
                words: w.text.to_string(),
            });
        } else if let Some(n) = node(w.text) {
            out.push(Claim {
                fact: Fact::Node(n),
                words: w.text.to_string(),
            });
        }
        if let Some((b, v, n)) = proposal_at(&ws, i) {
            out.push(Claim {
                fact: Fact::Proposal(b, v),
                words: phrase(i, i + n),
            });
        }
        // `a1 has accepted 1.p1 = A`, `a2 accepts 1.p2 = B`, `a2 holds 1.p2:B`.
        if let Some(acceptor) = node(w.text).filter(|_| !w.possessive && !hypothetical(i)) {
            let mut j = i + 1;
            if ws
                .get(j)
                .is_some_and(|x| x.lower == "has" || x.lower == "had")
            {
                j += 1;
            }
            let verb = ws.get(j).map(|x| x.lower.as_str());
            if matches!(verb, Some("accepted" | "accepts" | "accept" | "holds")) {
                if let Some((b, v, n)) = proposal_at(&ws, j + 1) {
                    out.push(Claim {
                        fact: Fact::Vote(acceptor, b, v),
                        words: phrase(i, j + 1 + n),
                    });
                }
            }
            // `p2 proposes A`, `p1 must propose B`, `p2 may propose its own B`.
            let mut k = i + 1;
            if ws
                .get(k)
                .is_some_and(|x| matches!(x.lower.as_str(), "must" | "may" | "then" | "now"))
            {
                k += 1;
            }
            if ws
                .get(k)
                .is_some_and(|x| matches!(x.lower.as_str(), "proposes" | "proposed" | "propose"))
            {
                k += 1;
                if ws.get(k).is_some_and(|x| x.lower == "its")
                    && ws.get(k + 1).is_some_and(|x| x.lower == "own")
                {
                    k += 2;
                }
                if let Some(v) = ws.get(k).and_then(|x| value(x.text)) {
                    out.push(Claim {
                        fact: Fact::Proposes(acceptor, v),
                        words: phrase(i, k + 1),
                    });
                }
            }
            // `l1 learns B`, `l1 learned B`, `l1 learns nothing`.
            if matches!(verb, Some("learns" | "learned")) {
                match ws.get(j + 1) {
                    Some(x) if x.lower == "nothing" => out.push(Claim {
                        fact: Fact::LearnedNothing(acceptor),
                        words: phrase(i, j + 2),
                    }),
                    Some(x) => {
                        if let Some(v) = value(x.text) {
                            out.push(Claim {
                                fact: Fact::Learned(acceptor, v),
                                words: phrase(i, j + 2),
                            });
                        }
                    }
                    None => {}
                }
            }
        }
        // `a2's promise reports 1.p1:A`, `a2's reports 1.p2:B`.
        if let Some(acceptor) = node(w.text).filter(|_| w.possessive) {
            let mut j = i + 1;
            if ws.get(j).is_some_and(|x| x.lower == "promise") {
                j += 1;
            }
            if ws
                .get(j)
                .is_some_and(|x| x.lower == "reports" || x.lower == "reported")
            {
                if let Some((b, v, n)) = proposal_at(&ws, j + 1) {
                    out.push(Claim {
                        fact: Fact::Report(acceptor, b, v),
                        words: phrase(i, j + 1 + n),
                    });
                }
            }
        }
        // `A is chosen`, `B is in fact chosen at 1.p2`, `A was not chosen`, `nothing is chosen`.
        if matches!(w.lower.as_str(), "is" | "was") && !hypothetical(i.saturating_sub(1)) {
            let Some(subject) = i.checked_sub(1).map(|k| &ws[k]) else {
                continue;
            };
            let mut j = i + 1;
            let mut negated = false;
            while let Some(x) = ws.get(j) {
                match x.lower.as_str() {
                    "now" | "already" | "in" | "fact" | "still" | "then" | "yet" => j += 1,
                    "not" | "never" => {
                        negated = true;
                        j += 1;
                    }
                    _ => break,
                }
            }
            if ws.get(j).is_none_or(|x| x.lower != "chosen") {
                continue;
            }
            let at = match (ws.get(j + 1), ws.get(j + 2)) {
                (Some(a), Some(b)) if a.lower == "at" => ballot(b.text),
                _ => None,
            };
            let end = if at.is_some() { j + 3 } else { j + 1 };
            let fact = if subject.lower == "nothing" {
                Some(Fact::NothingChosen)
            } else {
                value(subject.text).map(|v| {
                    if negated {
                        Fact::NotChosen(v)
                    } else {
                        Fact::Chosen(v, at)
                    }
                })
            };
            if let Some(fact) = fact {
                out.push(Claim {
                    fact,
                    words: phrase(i - 1, end),
                });
            }
        }
        // `still nothing chosen`
        if w.lower == "nothing" && ws.get(i + 1).is_some_and(|x| x.lower == "chosen") {
            out.push(Claim {
                fact: Fact::NothingChosen,
                words: phrase(i, i + 2),
            });
        }
    }
    out
}

/// Everything the checker needs to know about a run, by step.
struct Facts {
    members: Membership,
    events: Vec<(u64, Event)>,
}

impl Facts {
    fn of(sim: &Sim) -> Facts {
        Facts {
            members: sim.config().members(),
            events: sim.events_between(0, sim.len()),
        }
    }

    fn by(&self, step: u64) -> impl Iterator<Item = &Event> {
        self.events
            .iter()
            .take_while(move |(s, _)| *s <= step)
            .map(|(_, e)| e)
    }

    fn chosen_by(&self, step: u64) -> Vec<(Value, Ballot)> {
        self.by(step)
            .filter_map(|e| match e {
                Event::Chosen { value, ballot, .. } => Some((*value, *ballot)),
                _ => None,
            })
            .collect()
    }

    /// `None` when the claim holds at `step`; otherwise what the run shows instead.
    fn refute(&self, claim: &Claim, step: u64) -> Option<String> {
        let holds = |ok: bool, why: String| (!ok).then_some(why);
        match &claim.fact {
            Fact::Node(n) => holds(
                self.members.contains(*n),
                format!("the cluster has no node {n}"),
            ),
            Fact::Ballot(b) => holds(
                self.by(step).any(|e| {
                    matches!(e, Event::Propose { ballot, .. } | Event::Timeout { ballot, .. } if ballot == b)
                }),
                format!("no proposer has started ballot {b} by step {step}"),
            ),
            Fact::Proposal(b, v) => holds(
                self.by(step).any(|e| {
                    matches!(e, Event::Proposing { ballot, value, .. } if ballot == b && value == v)
                }),
                format!("no proposer has sent Accept {b} = {v} by step {step}"),
            ),
            Fact::Vote(a, b, v) => holds(
                self.by(step).any(|e| {
                    matches!(e, Event::Voted { acceptor, ballot, value } if acceptor == a && ballot == b && value == v)
                }),
                format!("{a} has not accepted {b} = {v} by step {step}"),
            ),
            Fact::Report(a, b, v) => holds(
                self.by(step).any(|e| {
                    matches!(e, Event::Promised { acceptor, accepted: Some((ab, av)), .. } if acceptor == a && ab == b && av == v)
                }),
                format!("{a} has sent no Promise reporting {b}:{v} by step {step}"),
            ),
            Fact::Chosen(v, at) => {
                let chosen = self.chosen_by(step);
                let ok = chosen
                    .iter()
                    .any(|(cv, cb)| cv == v && at.is_none_or(|b| *cb == b));
                holds(
                    ok,
                    match chosen.first() {
                        None => format!("nothing is chosen by step {step}"),
                        Some(_) => format!(
                            "by step {step} the run chose {}",
                            chosen
                                .iter()
                                .map(|(v, b)| format!("{v} at {b}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    },
                )
            }
            Fact::NothingChosen => {
                let chosen = self.chosen_by(step);
                holds(
                    chosen.is_empty(),
                    format!("{} is chosen by step {step}", chosen.first().map(|c| c.0.to_string()).unwrap_or_default()),
                )
            }
            Fact::NotChosen(v) => holds(
                !self.chosen_by(step).iter().any(|(cv, _)| cv == v),
                format!("{v} is chosen by step {step}"),
            ),
            Fact::Learned(l, v) => holds(
                self.by(step).any(|e| {
                    matches!(e, Event::Learned { learner, value, .. } if learner == l && value == v)
                }),
                format!("{l} has not learned {v} by step {step}"),
            ),
            Fact::Proposes(p, v) => holds(
                self.by(step).any(|e| {
                        matches!(e, Event::Proposing { proposer, value, .. } | Event::Propose { node: proposer, value, .. } if proposer == p && value == v)
                }),
                format!("{p} has neither been asked to propose {v} nor sent Accept with it by step {step}"),
            ),
            Fact::LearnedNothing(l) => holds(
                !self
                    .by(step)
                    .any(|e| matches!(e, Event::Learned { learner, .. } if learner == l)),
                format!("{l} has learned a value by step {step}"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(caption: &str) -> Vec<Fact> {
        claims(caption).into_iter().map(|c| c.fact).collect()
    }

    #[test]
    fn claims_are_read_from_the_forms_captions_use() {
        let b = |s: &str| s.parse::<Ballot>().unwrap();
        let v = |s: &str| Value::new(s).unwrap();
        let n = |s: &str| s.parse::<NodeId>().unwrap();
        assert_eq!(
            facts("a1 has accepted 1.p1 = A."),
            vec![
                Fact::Node(n("a1")),
                Fact::Vote(n("a1"), b("1.p1"), v("A")),
                Fact::Ballot(b("1.p1")),
                Fact::Proposal(b("1.p1"), v("A")),
            ]
        );
        assert_eq!(
            facts("a2's promise reports 1.p2:B"),
            vec![
                Fact::Node(n("a2")),
                Fact::Report(n("a2"), b("1.p2"), v("B")),
                Fact::Ballot(b("1.p2")),
                Fact::Proposal(b("1.p2"), v("B")),
            ]
        );
        assert!(
            facts("B is in fact chosen at 1.p2").contains(&Fact::Chosen(v("B"), Some(b("1.p2"))))
        );
        assert!(facts("so A is chosen, though").contains(&Fact::Chosen(v("A"), None)));
        assert!(facts("Now nothing is chosen.").contains(&Fact::NothingChosen));
        assert!(facts("still nothing chosen").contains(&Fact::NothingChosen));
        assert!(facts("A was not chosen").contains(&Fact::NotChosen(v("A"))));
        assert!(facts("l1, cut off, learns nothing; l2 learns B")
            .contains(&Fact::Learned(n("l2"), v("B"))));
        assert!(facts("l1 learns nothing").contains(&Fact::LearnedNothing(n("l1"))));
        // Hypotheses and questions are not claims.
        assert!(facts("whether A was chosen").is_empty());
        assert!(facts("Is A now chosen, even though").is_empty());
        assert!(facts("even if B had never been chosen").is_empty());
        // Ordinary capitalised words are not values.
        assert!(facts("Paxos is chosen").is_empty());
    }

    #[test]
    fn a_claim_is_held_against_the_step_its_beat_ends_at() {
        let script = "cluster acceptors=3 proposers=1 learners=1\n\
                      say \"p1 prepares 1.p1; nothing is chosen.\"\n\
                      propose p1 A\n\
                      deliver from=p1\n\
                      deliver to=p1\n\
                      say \"a1 and a2 accept 1.p1 = A, so A is chosen.\"\n\
                      deliver from=p1 to=a1\n\
                      deliver from=p1 to=a2\n\
                      say \"l1 learns nothing yet.\"\n";
        let check = check_captions(script).unwrap();
        assert_eq!(check.problems, vec![]);
        assert_eq!(check.claims, 11);
        let early = script.replace("nothing is chosen.", "A is chosen.");
        let problems = check_captions(&early).unwrap().problems;
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, 2);
        assert_eq!(problems[0].claim, "A is chosen");
        assert_eq!(problems[0].problem, "nothing is chosen by step 7");
        let wrong = script.replace("1.p1 = A, so", "2.p1 = A, so");
        let problems: Vec<String> = check_captions(&wrong)
            .unwrap()
            .problems
            .iter()
            .map(|p| p.problem.clone())
            .collect();
        assert!(
            problems.contains(&"no proposer has started ballot 2.p1 by step 9".to_string()),
            "{problems:?}"
        );
        assert!(
            problems.contains(&"a2 has not accepted 2.p1 = A by step 9".to_string()),
            "{problems:?}"
        );
        let stranger = script.replace("l1 learns", "l2 learns");
        assert_eq!(
            check_captions(&stranger).unwrap().problems[0].problem,
            "the cluster has no node l2"
        );
    }
}
