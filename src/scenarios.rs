//! The built-in scenarios (every script in `scenarios/`). Turning a script into a run the page
//! can step through, with its `say` lines as captions, is `paxos_sim::lecture`.

pub use paxos_sim::lecture::{caption_at, play, Beat, Played};

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

    /// Every built-in Multi-Paxos scenario (`scenarios/multi-paxos/`), in file order.
    pub fn all_multi() -> impl Iterator<Item = Scenario> {
        MULTI_SCENARIOS
            .iter()
            .map(|&(name, text)| Scenario { name, text })
    }

    /// The Multi-Paxos scenario with this file stem.
    pub fn named_multi(name: &str) -> Option<Scenario> {
        Scenario::all_multi().find(|s| s.name == name)
    }

    /// A menu title: the file stem without its number, words capitalised
    /// (`03-adopt-accepted-value` -> `Adopt accepted value`).
    pub fn title(&self) -> String {
        let words = self
            .name
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '-');
        let mut t = words.replace('-', " ");
        if let Some(first) = t.get(0..1) {
            t.replace_range(0..1, &first.to_ascii_uppercase());
        }
        t
    }

    /// The first sentence of the script's opening comment: what the scenario teaches. A
    /// sentence may run over several `#` lines.
    pub fn summary(&self) -> String {
        let text: Vec<&str> = self
            .text
            .lines()
            .skip_while(|l| !l.starts_with('#'))
            .map_while(|l| l.strip_prefix('#'))
            .map(str::trim)
            .collect();
        let text = text.join(" ");
        match text.find(". ") {
            Some(i) => text[..=i].to_string(),
            None => text,
        }
    }
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
    fn a_summary_is_the_first_sentence_even_over_several_lines() {
        let s = Scenario::named_multi("01-steady-state").unwrap();
        assert!(
            s.summary().ends_with("as in Paxos Made Simple, section 3."),
            "{}",
            s.summary()
        );
        let h = Scenario::named("01-happy-path").unwrap();
        assert_eq!(
            h.summary(),
            "The happy path: one proposer, three acceptors, one learner, nothing goes wrong."
        );
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
