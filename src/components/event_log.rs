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
                { for p.entries.iter().rev().map(|(step, lines)| html! {
                    <li key={*step} class={classes!("log-step", (*step == p.step).then_some("current"))}>
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
