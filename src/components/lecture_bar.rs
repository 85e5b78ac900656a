//! The lecture bar: beat progress, previous and next (or reveal), back to the script after a
//! take-over, leave; the caption or the question below. Shared by both protocols' pages.

use yew::prelude::*;

/// Props of [`LectureBar`].
#[derive(Properties, PartialEq, Clone)]
pub struct LectureBarProps {
    /// The beat on screen, from 1.
    pub beat: usize,
    /// How many beats.
    pub beats: usize,
    /// The beat's caption (or question).
    pub text: String,
    /// A predict beat whose answer is not shown yet.
    pub asking: bool,
    /// The lecturer has taken over the run.
    pub forked: bool,
    /// Previous beat.
    pub onprev: Callback<()>,
    /// Next beat, or reveal.
    pub onnext: Callback<()>,
    /// Back to the scripted run.
    pub onback: Callback<()>,
    /// Leave lecture mode.
    pub onleave: Callback<()>,
}

/// The bar above the drawing in lecture mode.
#[function_component(LectureBar)]
pub fn lecture_bar(p: &LectureBarProps) -> Html {
    let click = |cb: &Callback<()>| cb.reform(|_: MouseEvent| ());
    let (k, n) = (p.beat, p.beats);
    html! {
        <div class="lecture-bar" data-testid="lecture-bar">
            <div class="beat-row">
                <button data-testid="beat-prev" onclick={click(&p.onprev)} disabled={k == 1 && !p.forked} aria-label="Previous beat">{ "◀" }</button>
                <span class="beat-progress" data-testid="beat-progress">{ format!("Beat {k} of {n}") }</span>
                <progress max={n.to_string()} value={k.to_string()} aria-hidden="true"></progress>
                <button data-testid="beat-next" class="primary" onclick={click(&p.onnext)} aria-label="Next beat">{ if p.asking { "Reveal ▸" } else { "Next ▸" } }</button>
                if p.forked {
                    <button data-testid="back-to-script" class="primary" onclick={click(&p.onback)}>{ "↩ Back to the script" }</button>
                }
                <button data-testid="leave-lecture-bar" onclick={click(&p.onleave)} title="Leave lecture mode (Esc)">{ "✕ Leave" }</button>
            </div>
            if p.asking {
                <p class="ask" data-testid="ask"><span class="ask-label">{ "Predict: " }</span>{ p.text.clone() }</p>
            } else if p.forked {
                <p class="lecture-caption forked">{ "You have taken over: act on messages and nodes, step with →, or go back to the script." }</p>
            } else {
                <p class="lecture-caption" data-testid="caption">{ p.text.clone() }</p>
            }
        </div>
    }
}
