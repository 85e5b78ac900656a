//! The built-in scenarios (every script in `scenarios/`), and turning a script into a run the
//! page can step through, with the script's `say` lines as captions.

use paxos_sim::script::{Command, Runner, Script};
use paxos_sim::Sim;

include!(concat!(env!("OUT_DIR"), "/scenarios.rs"));

/// A built-in scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// File stem, e.g. `03-adopt-accepted-value`; used in links and tests.
    pub name: &'static str,
    /// The script.
    pub text: &'static str,
}

impl Scenario {
    /// Every built-in scenario, in file order.
    pub fn all() -> impl Iterator<Item = Scenario> {
        SCENARIOS
            .iter()
            .map(|&(name, text)| Scenario { name, text })
    }

    /// The scenario with this file stem.
    pub fn named(name: &str) -> Option<Scenario> {
        Scenario::all().find(|s| s.name == name)
    }

    /// A menu title: the file stem without its number, words capitalised
    /// (`03-adopt-accepted-value` -> `Adopt accepted value`).
    pub fn title(&self) -> String {
        let words = self
            .name
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '-');
        let mut t = words.replace('-', " ");
        if let Some(first) = t.get(0..1) {
            t.replace_range(0..1, &first.to_uppercase());
        }
        t
    }

    /// The first comment line of the script: what the scenario teaches.
    pub fn summary(&self) -> &'static str {
        self.text
            .lines()
            .find_map(|l| l.strip_prefix('#'))
            .map(str::trim)
            .unwrap_or("")
    }
}

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
    let script = Script::parse(text).map_err(|e| e.to_string())?;
    let mut runner = Runner::default();
    let mut captions: Vec<(usize, String)> = Vec::new();
    let mut beats: Vec<Beat> = Vec::new();
    for block in script.blocks() {
        let out = runner.run(&block.command);
        if let Some(err) = out.iter().find(|l| l.starts_with("error: ")) {
            return Err(format!("line {}: {}", block.line, &err[7..]));
        }
        let step = runner.sim().map_or(0, |s| s.len());
        if let Some(last) = beats.last_mut() {
            last.end = step;
        }
        if let Command::Say(text) | Command::Ask(text) = &block.command {
            beats.push(Beat {
                caption: text.clone(),
                ask: matches!(block.command, Command::Ask(_)),
                start: step,
                end: step,
            });
        }
        if let Command::Say(text) | Command::Ask(text) = &block.command {
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

/// The caption in force at `step`.
pub fn caption_at(captions: &[(usize, String)], step: usize) -> Option<&str> {
    captions
        .iter()
        .rev()
        .find(|(s, _)| *s <= step)
        .map(|(_, t)| t.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_scenario_plays() {
        assert!(Scenario::all().count() >= 10);
        for s in Scenario::all() {
            let played = play(s.text).unwrap_or_else(|e| panic!("{}: {e}", s.name));
            assert!(!played.sim.is_empty(), "{} has no actions", s.name);
            assert!(!s.summary().is_empty(), "{} has no summary comment", s.name);
        }
    }

    #[test]
    fn beats_cover_the_script_in_order() {
        let s = Scenario::named("01-happy-path").unwrap();
        let played = play(s.text).unwrap();
        assert_eq!(played.beats.len(), 5);
        assert!(played.beats[0].caption.starts_with("p1 wants"));
        assert_eq!(played.beats[0].start, 0);
        for w in played.beats.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
        assert_eq!(played.beats.last().unwrap().end, played.sim.len());
        let asked = play("cluster\nask \"Who wins?\"\npropose p1 A\nsay \"p1.\"").unwrap();
        assert!(asked.beats[0].ask);
        assert_eq!((asked.beats[0].start, asked.beats[0].end), (0, 1));
        assert!(!asked.beats[1].ask);
    }

    #[test]
    fn titles_and_captions() {
        let s = Scenario::named("03-adopt-accepted-value").unwrap();
        assert_eq!(s.title(), "Adopt accepted value");
        let played = play(s.text).unwrap();
        assert!(caption_at(&played.captions, 0)
            .unwrap()
            .starts_with("p1 gets A accepted"));
        let last = played.captions.last().unwrap();
        assert_eq!(
            caption_at(&played.captions, played.sim.len()),
            Some(last.1.as_str())
        );
        assert!(play("cluster\nfrobnicate")
            .unwrap_err()
            .contains("line 2, column 1"));
        assert_eq!(
            play("say \"x\"").unwrap_err(),
            "the script has no `cluster` line"
        );
    }
}
