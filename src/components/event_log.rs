//! The event log: what happened in the last steps, in sentences, newest first.

use yew::prelude::*;

/// Props of [`EventLog`].
#[derive(Properties, PartialEq, Clone)]
pub struct EventLogProps {
    /// `(step, sentences)`, oldest first.
    pub entries: Vec<(u64, Vec<String>)>,
    /// The current step, highlighted.
    pub step: u64,
}

/// The log panel.
#[function_component(EventLog)]
pub fn event_log(p: &EventLogProps) -> Html {
    html! {
        <section class="panel log" aria-label="Event log">
            <h2>{ "What happened" }</h2>
            if p.entries.is_empty() {
                <p class="hint">{ "Nothing yet. Press Step (or Space) to run the next action." }</p>
            }
            // It scrolls: a tab stop, so that it scrolls from the keyboard too.
            <ol class="log-entries" data-testid="event-log" tabindex="0" aria-label="Steps, newest first">
                // Keyed by the step's place among the last LOG_STEPS: a window of that many
                // consecutive steps has each place once, so a jump along the timeline finds
                // every entry's element again and rewrites its text, instead of removing all
                // of them and building new ones (about 175 elements a jump), and a step moves
                // the oldest entry's element to the top for the newest.
                { for p.entries.iter().rev().map(|(step, lines)| html! {
                    <li key={step % crate::state::LOG_STEPS as u64} class={classes!("log-step", (*step == p.step).then_some("current"))}>
                        <span class="log-n">{ format!("Step {step}") }</span>
                        <ul>{ for lines.iter().map(|l| html! {
                            <li class={classes!(l.starts_with("SAFETY").then_some("bad"), l.contains(" is chosen: ").then_some("good"))}>{ l.clone() }</li>
                        }) }</ul>
                    </li>
                }) }
            </ol>
        </section>
    }
}
