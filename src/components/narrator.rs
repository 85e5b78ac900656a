//! What a screen reader hears as the run moves: a polite live region that says each step in
//! the event log's sentences ("Step 3 of 21: a1 promises 1.p1 ..."), for both protocols' pages,
//! lecture mode and widgets. A jump (the timeline, Home, End, a click on the diagram) says only
//! where the run is, and fast autoplay says where it is every five seconds' worth of steps:
//! read one by one, a flood of steps would never catch up with the run.

use std::rc::Rc;
use yew::prelude::*;

/// Props of [`Narrator`].
#[derive(Properties, PartialEq, Clone)]
pub struct NarratorProps {
    /// The step at the cursor.
    pub step: usize,
    /// Steps in the history.
    pub len: usize,
    /// What the step at the cursor did, in sentences.
    pub sentences: Rc<Vec<String>>,
    /// Autoplay on, and its speed in steps per second.
    pub playing: bool,
    pub speed: u32,
}

/// The text of the live region for a move from step `from` to `p.step`.
pub fn narration(from: usize, p: &NarratorProps) -> String {
    let (step, len) = (p.step, p.len);
    if p.playing && p.speed > 1 {
        let every = 5 * p.speed as usize;
        return format!("Playing: step {} of {len}.", step - step % every);
    }
    if step == 0 {
        return format!("Step 0 of {len}: the start.");
    }
    if from.abs_diff(step) != 1 || p.sentences.is_empty() {
        return format!("Step {step} of {len}.");
    }
    let said: Vec<String> = p
        .sentences
        .iter()
        .map(|s| {
            let s = s.trim_end();
            if s.ends_with(['.', '!', '?']) {
                s.to_string()
            } else {
                format!("{s}.")
            }
        })
        .collect();
    format!("Step {step} of {len}: {}", said.join(" "))
}

/// The live region: visually hidden, read politely.
#[function_component(Narrator)]
pub fn narrator(p: &NarratorProps) -> Html {
    // The step the last narration was for (to tell a step from a jump) and its text: drawing
    // again at the same step (a hover) says nothing new.
    let last = use_mut_ref(|| (usize::MAX, String::new()));
    let text = {
        let (from, said) = &*last.borrow();
        if *from == p.step {
            said.clone()
        } else {
            narration(*from, p)
        }
    };
    *last.borrow_mut() = (p.step, text.clone());
    html! {
        <div class="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="narration">{ text }</div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(step: usize, sentences: &[&str], playing: bool, speed: u32) -> NarratorProps {
        NarratorProps {
            step,
            len: 21,
            sentences: Rc::new(sentences.iter().map(|s| s.to_string()).collect()),
            playing,
            speed,
        }
    }

    #[test]
    fn a_step_is_said_in_sentences_a_jump_and_a_flood_only_where_the_run_is() {
        let p = props(
            3,
            &["a1 promises 1.p1", "a1 reports nothing accepted."],
            false,
            2,
        );
        assert_eq!(
            narration(2, &p),
            "Step 3 of 21: a1 promises 1.p1. a1 reports nothing accepted."
        );
        // Back one step is a step too.
        assert_eq!(narration(4, &p), narration(2, &p));
        // A jump: where the run is, not what the step did.
        assert_eq!(narration(10, &p), "Step 3 of 21.");
        assert_eq!(
            narration(5, &props(0, &[], false, 2)),
            "Step 0 of 21: the start."
        );
        // Autoplay at one step a second is read step by step; faster, every five seconds' worth.
        assert!(narration(2, &props(3, &["x"], true, 1)).starts_with("Step 3 of 21: x."));
        let fast: Vec<String> = (1..=21)
            .map(|s| narration(s - 1, &props(s, &["x"], true, 4)))
            .collect();
        let distinct: std::collections::BTreeSet<&String> = fast.iter().collect();
        assert_eq!(distinct.len(), 2, "{fast:?}");
        assert_eq!(fast[19], "Playing: step 20 of 21.");
    }
}
