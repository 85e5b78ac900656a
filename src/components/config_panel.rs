//! The cluster settings form. Bad values get a message next to their field and change nothing.

use crate::state::{ConfigForm, FormErrors, Msg};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// A text field of a settings form held in `form`, with its error beside it. Shared by both
/// protocols' settings forms.
pub fn text_field<F: Clone + 'static>(
    form: &UseStateHandle<F>,
    name: &'static str,
    label: &'static str,
    value: String,
    error: Option<String>,
    set: fn(&mut F, String),
) -> Html {
    let form = form.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        let mut f = (*form).clone();
        set(&mut f, input.value());
        form.set(f);
    });
    let id = format!("cfg-{name}");
    html! {
        <div class={classes!("field", error.as_ref().map(|_| "invalid"))}>
            <label for={id.clone()}>{ label }</label>
            <input id={id} data-testid={format!("cfg-{name}")} value={value} {oninput}
                inputmode="decimal" aria-invalid={error.is_some().to_string()} />
            if let Some(e) = error {
                <span class="field-error" data-testid={format!("cfg-{name}-error")} role="alert">{ e }</span>
            }
        </div>
    }
}

/// The "Reorder messages" checkbox of a settings form.
pub fn reorder_field<F: Clone + 'static>(
    form: &UseStateHandle<F>,
    checked: bool,
    set: fn(&mut F, bool),
) -> Html {
    let form = form.clone();
    let onchange = Callback::from(move |e: Event| {
        let i: HtmlInputElement = e.target_unchecked_into();
        let mut f = (*form).clone();
        set(&mut f, i.checked());
        form.set(f);
    });
    html! {
        <div class="field check">
            <input id="cfg-reorder" type="checkbox" data-testid="cfg-reorder" {checked} {onchange} />
            <label for="cfg-reorder">{ "Reorder messages" }</label>
        </div>
    }
}

/// Props of [`ConfigPanel`].
#[derive(Properties, PartialEq, Clone)]
pub struct ConfigProps {
    /// The form's starting values.
    pub initial: ConfigForm,
    /// Where user intents go.
    pub dispatch: Callback<Msg>,
}

/// The form.
#[function_component(ConfigPanel)]
pub fn config_panel(p: &ConfigProps) -> Html {
    let form = use_state(|| p.initial.clone());
    let errors = use_state(FormErrors::default);
    let text_field =
        |name, label, value, error, set| text_field(&form, name, label, value, error, set);
    let combined = form.layout == "combined";
    let on_layout = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            let mut f = (*form).clone();
            f.layout = s.value();
            form.set(f);
        })
    };
    let onsubmit = {
        let form = form.clone();
        let errors = errors.clone();
        let d = p.dispatch.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match form.parse() {
                Ok((config, seed)) => {
                    errors.set(FormErrors::default());
                    d.emit(Msg::LoadConfig(config, seed));
                }
                Err(e) => errors.set(*e),
            }
        })
    };
    html! {
        <form class="config" data-testid="config" {onsubmit} novalidate=true>
            <div class="field">
                <label for="cfg-layout">{ "Layout" }</label>
                <select id="cfg-layout" data-testid="cfg-layout" onchange={on_layout}>
                    <option value="separate" selected={!combined}>{ "Separate proposers, acceptors, learners" }</option>
                    <option value="combined" selected={combined}>{ "Combined nodes (each plays every role)" }</option>
                </select>
            </div>
            { text_field("acceptors", if combined { "Nodes (1–9)" } else { "Acceptors (1–9)" }, form.acceptors.clone(), errors.acceptors.clone(), |f, v| f.acceptors = v) }
            if !combined {
                { text_field("proposers", "Proposers (1–4)", form.proposers.clone(), errors.proposers.clone(), |f, v| f.proposers = v) }
                { text_field("learners", "Learners (0–3)", form.learners.clone(), errors.learners.clone(), |f, v| f.learners = v) }
            }
            { text_field("seed", "Seed", form.seed.clone(), errors.seed.clone(), |f, v| f.seed = v) }
            { text_field("loss", "Message loss %", form.loss.clone(), errors.loss.clone(), |f, v| f.loss = v) }
            { text_field("dup", "Duplication %", form.dup.clone(), errors.dup.clone(), |f, v| f.dup = v) }
            { reorder_field(&form, form.reorder, |f, on| f.reorder = on) }
            <p class="hint">{ "Each proposer starts by proposing a value: p1 A, p2 B, …" }</p>
            <button type="submit" class="primary" data-testid="cfg-apply">{ "Start this cluster" }</button>
        </form>
    }
}
