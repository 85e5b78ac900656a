//! Step, back, play, reset, speed, the step counter and the timeline.

use crate::state::{Msg, SPEEDS};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`Controls`].
#[derive(Properties, PartialEq, Clone)]
pub struct ControlsProps {
    /// Current step.
    pub step: usize,
    /// Last step of the history.
    pub len: usize,
    /// Autoplay on.
    pub playing: bool,
    /// Steps per second.
    pub speed: u32,
    /// Where user intents go.
    pub dispatch: Callback<Msg>,
    /// The step where a counterexample's invariant breaks, marked on the timeline.
    #[prop_or_default]
    pub broken_at: Option<usize>,
}

/// The transport bar.
#[function_component(Controls)]
pub fn controls(p: &ControlsProps) -> Html {
    let send = |m: Msg| {
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(m.clone()))
    };
    let on_scrub = {
        let d = p.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(step) = input.value().parse::<usize>() {
                d.emit(Msg::Goto(step));
            }
        })
    };
    let on_speed = {
        let d = p.dispatch.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(s) = select.value().parse::<u32>() {
                d.emit(Msg::Speed(s));
            }
        })
    };
    html! {
        <div class="controls" role="toolbar" aria-label="Playback">
            <div class="buttons">
                <button data-testid="reset" onclick={send(Msg::Reset)} title="Reset to the start of this run">{ "⟲ Reset" }</button>
                <button data-testid="back" onclick={send(Msg::Back)} disabled={p.step == 0} title="Back one step (Left)">{ "◀ Back" }</button>
                <button data-testid="step" class="primary" onclick={send(Msg::Step)} title="Step forward (Space or Right)">{ "Step ▸" }</button>
                <button data-testid="play" onclick={send(Msg::TogglePlay)} aria-pressed={p.playing.to_string()} title="Play or pause (P)">
                    { if p.playing { "❚❚ Pause" } else { "▶ Play" } }
                </button>
                <label class="speed">
                    <span>{ "Speed" }</span>
                    <select data-testid="speed" onchange={on_speed} aria-label="Autoplay speed">
                        { for SPEEDS.iter().map(|s| html! {
                            <option value={s.to_string()} selected={*s == p.speed}>{ format!("{s}/s") }</option>
                        }) }
                    </select>
                </label>
                if let Some(k) = p.broken_at {
                    <button class="broken-at" data-testid="broken-at" data-step={k.to_string()} onclick={send(Msg::Goto(k))}
                        title={format!("Go to step {k}, where the invariant breaks")}>{ format!("⚠ step {k}") }</button>
                }
            </div>
            <div class="timeline">
                <span class="counter" data-testid="step-counter">
                    { format!("Step {} / {}", p.step, p.len) }
                </span>
                <div class="track">
                    <input type="range" data-testid="timeline" min="0" max={p.len.to_string()}
                        value={p.step.to_string()} oninput={on_scrub} aria-label="Timeline: jump to any step" />
                    if let Some(k) = p.broken_at {
                        // A tick drawn in SVG (an inline style would need 'unsafe-inline'
                        // under the page's Content-Security-Policy); the range's thumb is
                        // about 16 px wide, so its track runs from 8 px to 8 px from the end.
                        <svg class="broken-tick" aria-hidden="true" viewBox="0 0 1000 10" preserveAspectRatio="none">
                            <rect x={format!("{:.0}", 1000.0 * k as f64 / p.len.max(1) as f64 - 4.0)} y="0" width="8" height="10" />
                        </svg>
                    }
                </div>
            </div>
        </div>
    }
}
