//! The page: state behind a reducer, keyboard and timers as effects, components laid out.

use crate::components::cluster::Cluster;
use crate::components::config_panel::ConfigPanel;
use crate::components::controls::Controls;
use crate::components::event_log::EventLog;
use crate::components::help::Help;
use crate::components::inspector::Inspector;
use crate::components::status::Status;
use crate::scenarios::Scenario;
use crate::state::{ConfigForm, Model, Msg, Preset};
use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Interval;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

/// The model behind `use_reducer`. The simulation's history can be large, so the reducer
/// updates it in place instead of copying it on every step; the new `Store` around the same
/// model is what tells Yew to render again.
pub struct Store(pub Rc<RefCell<Model>>);

impl Reducible for Store {
    type Action = Msg;
    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        self.0.borrow_mut().update(msg);
        Rc::new(Store(self.0.clone()))
    }
}

/// The key a keyboard event maps to, if any. Typing into a form field is left alone.
pub fn key_to_msg(key: &str, in_field: bool) -> Option<Msg> {
    if in_field {
        return (key == "Escape").then_some(Msg::Escape);
    }
    Some(match key {
        " " | "ArrowRight" => Msg::Step,
        "ArrowLeft" => Msg::Back,
        "p" | "P" => Msg::TogglePlay,
        "Home" => Msg::First,
        "End" => Msg::Last,
        "?" => Msg::ToggleHelp,
        "Escape" => Msg::Escape,
        _ => return None,
    })
}

/// Sentences of the last steps up to the cursor, grouped by step, oldest first.
fn log_entries(model: &Model, steps: usize) -> Vec<(u64, Vec<String>)> {
    let to = model.sim.step();
    let from = to.saturating_sub(steps);
    let mut out: Vec<(u64, Vec<String>)> = Vec::new();
    for (step, event) in model.sim.events_between(from, to) {
        let Some(s) = event.sentence() else { continue };
        match out.last_mut() {
            Some((n, lines)) if *n == step => lines.push(s),
            _ => out.push((step, vec![s])),
        }
    }
    out
}

/// The whole page.
#[function_component(App)]
pub fn app() -> Html {
    let store = use_reducer(|| Store(Rc::new(RefCell::new(Model::default()))));
    let dispatch = {
        let d = store.dispatcher();
        Callback::from(move |m: Msg| d.dispatch(m))
    };

    // Keyboard: one listener on the document for the page's lifetime.
    {
        let d = store.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
                let options = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&doc, "keydown", options, move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    if e.ctrl_key() || e.meta_key() || e.alt_key() {
                        return;
                    }
                    let tag = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .map(|el| el.tag_name())
                        .unwrap_or_default();
                    // Keys typed into a field are the field's; Space and Enter on a focused
                    // button press that button.
                    let in_field = matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA")
                        || (tag == "BUTTON" && matches!(e.key().as_str(), " " | "Enter"));
                    if let Some(msg) = key_to_msg(&e.key(), in_field) {
                        e.prevent_default();
                        d.dispatch(msg);
                    }
                })
            });
            move || drop(listener)
        });
    }

    let (playing, speed) = {
        let m = store.0.borrow();
        (m.playing, m.speed)
    };
    // Autoplay: a timer while playing.
    {
        let d = store.dispatcher();
        use_effect_with((playing, speed), move |&(playing, speed)| {
            let interval =
                playing.then(|| Interval::new(1000 / speed.max(1), move || d.dispatch(Msg::Tick)));
            move || drop(interval)
        });
    }
    // Autoplay pauses when the tab is hidden.
    {
        let d = store.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
                let doc2 = doc.clone();
                EventListener::new(&doc, "visibilitychange", move |_| {
                    if doc2.hidden() {
                        d.dispatch(Msg::Pause);
                    }
                })
            });
            move || drop(listener)
        });
    }

    let m = store.0.borrow();
    let view = Rc::new(m.view());
    let members = *m.sim.world().members();
    let last_events = Rc::new(m.last_events.clone());
    let (preset_value, summary, form) = match &m.preset {
        Preset::Scenario(name) => (
            name.to_string(),
            Scenario::named(name).map(|s| s.summary().to_string()),
            ConfigForm::from_config(m.sim.config(), m.sim.seed()),
        ),
        Preset::Free(c, seed) => ("free".to_string(), None, ConfigForm::from_config(c, *seed)),
    };
    // A new run refills the form from its config.
    let form_key = format!("{form:?}");
    let on_scenario = {
        let d = dispatch.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            let v = s.value();
            if v != "free" {
                d.emit(Msg::LoadScenario(v));
            }
        })
    };
    let on_select = {
        let d = dispatch.clone();
        Callback::from(move |s| d.emit(Msg::Select(s)))
    };
    let toggle_help = {
        let d = dispatch.clone();
        Callback::from(move |_| d.emit(Msg::ToggleHelp))
    };
    html! {
        <div class="app">
            <header class="top">
                <div class="title">
                    <h1>{ "Paxos, step by step" }</h1>
                    <button class="icon" data-testid="help-button" onclick={toggle_help.reform(|_: MouseEvent| ())} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">{ "?" }</button>
                </div>
                <div class="top-controls">
                    <label class="scenario">
                        <span>{ "Scenario" }</span>
                        <select data-testid="scenario-select" onchange={on_scenario} aria-label="Scenario">
                            <option value="free" selected={preset_value == "free"}>{ "Your own cluster (settings)" }</option>
                            { for Scenario::all().map(|s| html! {
                                <option value={s.name} selected={preset_value == s.name} title={s.summary()}>{ s.title() }</option>
                            }) }
                        </select>
                    </label>
                </div>
            </header>
            <main class="layout">
                <div class="stage">
                    if let Some(s) = summary {
                        <p class="summary">{ s }</p>
                    }
                    <Status view={view.clone()} caption={m.caption().map(str::to_string)} notice={m.notice.clone()}
                        ondismiss={dispatch.reform(|_| Msg::DismissNotice)} />
                    <div class="drawing">
                        <Cluster view={view.clone()} members={members} selection={m.selection}
                            last_events={last_events} moved={m.moved} version={m.version} onselect={on_select} />
                    </div>
                    <Controls step={m.sim.step()} len={m.sim.len()} playing={m.playing} speed={m.speed} dispatch={dispatch.clone()} />
                </div>
                <aside class="side">
                    <Inspector view={view.clone()} members={members} selection={m.selection} dispatch={dispatch.clone()} />
                    <EventLog entries={log_entries(&m, 30)} step={m.sim.step() as u64} />
                    <details class="panel settings">
                        <summary>{ "Cluster settings" }</summary>
                        <ConfigPanel key={form_key} initial={form} dispatch={dispatch.clone()} />
                    </details>
                </aside>
            </main>
            if m.help {
                <Help onclose={toggle_help} />
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_the_documented_actions() {
        assert_eq!(key_to_msg(" ", false), Some(Msg::Step));
        assert_eq!(key_to_msg("ArrowRight", false), Some(Msg::Step));
        assert_eq!(key_to_msg("ArrowLeft", false), Some(Msg::Back));
        assert_eq!(key_to_msg("P", false), Some(Msg::TogglePlay));
        assert_eq!(key_to_msg("Home", false), Some(Msg::First));
        assert_eq!(key_to_msg("End", false), Some(Msg::Last));
        assert_eq!(key_to_msg("?", false), Some(Msg::ToggleHelp));
        assert_eq!(key_to_msg("x", false), None);
        // Typing in a field is left alone, but Escape still works.
        assert_eq!(key_to_msg(" ", true), None);
        assert_eq!(key_to_msg("Escape", true), Some(Msg::Escape));
    }

    #[test]
    fn the_log_groups_sentences_by_step() {
        let mut m = Model::default();
        m.update(Msg::Goto(4));
        let log = log_entries(&m, 30);
        assert_eq!(log.first().map(|e| e.0), Some(1));
        assert!(log.iter().all(|(s, lines)| *s <= 4 && !lines.is_empty()));
        assert!(log[0].1[0].starts_with("a client asked p1 to propose A"));
    }
}
