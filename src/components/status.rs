//! What is true right now, in words: the chosen banner, the safety indicator, the caption of a
//! narrated scenario, and notices.

use paxos_sim::View;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`Status`].
#[derive(Properties, PartialEq, Clone)]
pub struct StatusProps {
    /// The snapshot.
    pub view: Rc<View>,
    /// The scenario's caption at this step.
    #[prop_or_default]
    pub caption: Option<String>,
    /// A notice for the user.
    #[prop_or_default]
    pub notice: Option<String>,
    /// Dismiss the notice.
    #[prop_or_default]
    pub ondismiss: Callback<()>,
}

fn join<T: ToString>(xs: &[T]) -> String {
    xs.iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Banner, safety indicator, caption and notice.
#[function_component(Status)]
pub fn status(p: &StatusProps) -> Html {
    let v = &p.view;
    // Who learned the chosen value, and (only in a broken variant) who learned another one.
    let chosen = v.chosen.as_ref().map(|c| c.value);
    let learned = |same: bool| -> Vec<String> {
        v.nodes
            .iter()
            .filter(|n| n.role == "learner" || n.role == "node")
            .filter_map(|n| {
                let (_, value) = n.learned?;
                match (same, Some(value) == chosen) {
                    (true, true) => Some(n.id.to_string()),
                    (false, false) => Some(format!("{} learned {value}", n.id)),
                    _ => None,
                }
            })
            .collect()
    };
    let (learners, others) = (learned(true), learned(false));
    let ok = v.violations.is_empty();
    let dismiss = {
        let cb = p.ondismiss.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <div class="status">
            if let Some(reason) = &v.unsafe_reason {
                <div class="unsafe" role="note">{ reason.clone() }</div>
            }
            <div class="status-row">
                if let Some(c) = &v.chosen {
                    <div class="chosen" data-testid="chosen" role="status">
                        <span class="big">{ c.value.to_string() }</span>
                        <span>
                            <strong>{ format!(" is chosen") }</strong>
                            { format!(" — {} accepted ballot {}", join(&c.quorum), c.ballot) }
                            if !learners.is_empty() {
                                <span class="learned-by">{ format!("; learned by {}", learners.join(", ")) }</span>
                            }
                            if !others.is_empty() {
                                <span class="learned-other" data-testid="learned-other">{ format!("; but {}", others.join(", ")) }</span>
                            }
                        </span>
                    </div>
                } else {
                    <div class="not-chosen" role="status">{ "No value chosen yet" }</div>
                }
                <div class={classes!("safety", if ok { "ok" } else { "bad" })} data-testid="safety"
                     data-ok={ok.to_string()} role="status"
                     title="Agreement, validity, promises kept, learner consistency: checked after every step">
                    if ok {
                        { "✓ Safe: all invariants hold" }
                    } else {
                        { format!("✗ {}", v.violations[0]) }
                    }
                </div>
            </div>
            if let Some(c) = &p.caption {
                <p class="caption" data-testid="caption">{ c.clone() }</p>
            }
            if let Some(n) = &p.notice {
                <div class="notice" role="alert" data-testid="notice">
                    <span>{ n.clone() }</span>
                    <button class="link" onclick={dismiss} aria-label="Dismiss">{ "✕" }</button>
                </div>
            }
        </div>
    }
}
