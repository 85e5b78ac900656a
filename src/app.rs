//! The page: state behind a reducer, keyboard and timers as effects, components laid out.

use crate::components::check::CheckPanel;
use crate::components::cluster::Cluster;
use crate::components::config_panel::ConfigPanel;
use crate::components::controls::Controls;
use crate::components::embed_dialog::EmbedDialog;
use crate::components::event_log::EventLog;
use crate::components::help::Help;
use crate::components::inspector::Inspector;
use crate::components::lecture_bar::LectureBar;
use crate::components::narrator::Narrator;
use crate::components::script_editor::ScriptEditor;
use crate::components::share::ShareBar;
use crate::components::spacetime::{
    shiviz_download, Branches, SpaceTime, StEvent, StepChanges, ViewBar,
};
use crate::components::status::Status;
use crate::scenarios::Scenario;
use crate::shell::{app_folder, use_page_keys, Store};
use crate::state::{ConfigForm, Model, Msg, Preset, ViewMode};
use gloo::events::EventListener;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The model the page opens with: the link in the address bar, or the default scenario.
fn initial_model() -> Model {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    if hash.len() <= 1 {
        return Model::default();
    }
    let mut m = Model::default();
    if hash == "#single-decree/check" {
        // A counterexample handed over by the Multi-Paxos page's Check panel; without one, the
        // Check panel itself.
        match crate::components::take_handoff() {
            Some(script) => {
                m.update(Msg::OpenCounterexample { script, play: true });
            }
            None => m.check = true,
        }
        return m;
    }
    match hash.strip_prefix("#single-decree/") {
        // The Multi-Paxos page's scenario menu, for a single-decree scenario.
        Some(name) => m.update(Msg::LoadScenario(name.to_string())),
        None => m.update(Msg::OpenLink(hash)),
    };
    m
}

/// The space-time diagram's events in this page's messages (and a single-decree widget's).
pub(crate) fn st_event(e: StEvent) -> Msg {
    match e {
        StEvent::Hover(s) => Msg::Hover(s),
        StEvent::Select(s) => Msg::Select(s),
        StEvent::Goto(k) => Msg::Goto(k),
        StEvent::SwitchBranch(k) => Msg::SwitchBranch(k),
    }
}

/// The drawing on screen as a standalone SVG document, with its size: the space-time diagram
/// when it has the stage to itself, else the cluster.
fn drawing(m: &Model) -> crate::components::share::Drawing {
    if m.view_mode == ViewMode::SpaceTime {
        return crate::export::spacetime_svg(&m.diagram(), m.sim.step() as u64);
    }
    let geom = crate::layout::Geometry::new(m.sim.world().members());
    (
        crate::export::svg(&m.view(), &geom),
        geom.width,
        geom.height,
    )
}

/// The summary line of a checker's counterexample whose invariant breaks at step `k`.
pub fn counterexample_summary(k: usize) -> String {
    format!("A counterexample found by the checker: an invariant breaks at step {k}, marked in red on the timeline. Each caption says what the step did and which rule it breaks or sets up.")
}

/// The whole page.
#[function_component(App)]
pub fn app() -> Html {
    let store = use_reducer(|| Store::new(initial_model()));
    // One callback for the page's lifetime, so that components whose other props did not
    // change (settings, script editor) are not rendered again on every step.
    let dispatch = {
        let d = store.dispatcher();
        (*use_memo((), move |_| Callback::from(move |m: Msg| d.dispatch(m)))).clone()
    };
    // The space-time diagram's events, as this page's messages (one callback, as above).
    let st_on = {
        let d = dispatch.clone();
        (*use_memo((), move |_| d.reform(st_event))).clone()
    };

    // Keyboard: one listener on the document for the page's lifetime.
    {
        let d = store.dispatcher();
        let model = store.0.clone();
        use_page_keys(
            move || {
                model
                    .try_borrow()
                    .map(|m| (m.lecture.is_some(), m.embed || m.check, m.help))
                    .unwrap_or_default()
            },
            move |msg| d.dispatch(msg),
        );
    }

    let (playing, speed, version) = {
        let m = store.0.borrow();
        (m.playing, m.speed, m.version)
    };
    // The address bar always holds the link of what is on screen: a new history entry for a
    // meaningful change; for a step, the same entry updated (`shell::use_address_bar`).
    let pending = {
        let model = store.0.clone();
        let effect = store.1;
        crate::shell::use_address_bar(version, effect.new_entry, effect.scrub, move || {
            model.borrow().link()
        })
    };
    // Back and forward (and a hand-edited address) open the link they land on.
    {
        let d = store.dispatcher();
        let pending = pending.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                let w2 = w.clone();
                EventListener::new(&w, "popstate", move |_| {
                    // An update still waiting belongs to the entry just left: drop it.
                    *pending.borrow_mut() = None;
                    if let Ok(hash) = w2.location().hash() {
                        d.dispatch(Msg::OpenLink(hash));
                    }
                })
            });
            move || drop(listener)
        });
    }
    // Autoplay: a timer while playing.
    {
        let d = store.dispatcher();
        crate::shell::use_autoplay(playing, speed, move || d.dispatch(Msg::Tick));
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
        Preset::Opened => (
            "free".to_string(),
            Some("A run opened from a link or a trace.".to_string()),
            ConfigForm::from_config(m.sim.config(), m.sim.seed()),
        ),
        Preset::Script(_) => (
            "free".to_string(),
            Some(match m.broken_at {
                Some(k) => counterexample_summary(k),
                None => "Your script, from the script editor.".to_string(),
            }),
            ConfigForm::from_config(m.sim.config(), m.sim.seed()),
        ),
    };
    // A new run refills the form from its config.
    let form_key = [
        &form.acceptors,
        &form.proposers,
        &form.learners,
        &form.layout,
        &form.seed,
        &form.loss,
        &form.dup,
    ]
    .map(String::as_str)
    .join("/")
        + if form.reorder { "/r" } else { "" };
    let on_scenario = {
        let d = dispatch.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            let v = s.value();
            if v.starts_with("multi-paxos/") {
                crate::components::switch_page(&v);
            } else if v != "free" {
                d.emit(Msg::LoadScenario(v));
            }
        })
    };
    // Multi-Paxos is another module: the page starts again with it (www/app.js).
    let on_protocol = Callback::from(|e: Event| {
        let s: HtmlSelectElement = e.target_unchecked_into();
        if s.value() == "multi-paxos" {
            crate::components::switch_page("multi-paxos");
        }
    });
    let on_select = {
        let d = dispatch.clone();
        Callback::from(move |s| d.emit(Msg::Select(s)))
    };
    // What the share bar exports, from the model (the address bar may be a moment behind).
    let share = {
        let model = store.0.clone();
        let (m1, m2, m3) = (model.clone(), model.clone(), model);
        let d = dispatch.clone();
        html! {
            <ShareBar name="paxos" onembed={dispatch.reform(|_| Msg::ToggleEmbed)}
                link={Callback::from(move |_| m1.borrow().link())}
                trace={Callback::from(move |_| paxos_sim::Trace::record(&m2.borrow().sim).to_json())}
                drawing={Callback::from(move |_| drawing(&m3.borrow()))}
                onimport={dispatch.reform(Msg::OpenTrace)} notify={d.reform(Msg::Notify)} />
        }
    };
    let toggle_help = {
        let d = dispatch.clone();
        Callback::from(move |_| d.emit(Msg::ToggleHelp))
    };
    let lecture = m.lecture_caption();
    let forked = m.lecture.as_ref().is_some_and(|l| l.fork.is_some());
    let blank = m.lecture.as_ref().is_some_and(|l| l.blank);
    let can_lecture = matches!(m.preset, Preset::Scenario(_) | Preset::Script(_));
    let script_text = m
        .script_text()
        .unwrap_or_else(|| crate::components::script_editor::TEMPLATE.to_string());
    // The editor starts afresh when another scenario is picked, and keeps the user's text
    // while they play their own script.
    let editor_key = match &m.preset {
        Preset::Scenario(name) => name.to_string(),
        Preset::Script(_) => "script".to_string(),
        _ => "template".to_string(),
    };
    let send = |msg: Msg| dispatch.reform(move |_: MouseEvent| msg.clone());
    let mode = m.view_mode;
    let diagram = mode.spacetime().then(|| m.diagram());
    let changes = mode.spacetime().then(|| m.changes());
    let branches = Rc::new(m.sim.branches());
    let on_hover = dispatch.reform(Msg::Hover);
    let shiviz = {
        let model = store.0.clone();
        shiviz_download(
            move || model.borrow().sim.shiviz(),
            dispatch.reform(Msg::Notify),
        )
    };
    let open_counterexample = crate::components::check::opener(
        crate::embed::Protocol::SingleDecree,
        dispatch.clone(),
        |script, play| Msg::OpenCounterexample { script, play },
    );
    // The snippets are made only while the dialog is open: they replay the scenario to tell
    // whether the run is still the scenario's own.
    let embed: (AttrValue, AttrValue) = if m.embed {
        let (w, i) = crate::embed::snippets(&app_folder(), &*m);
        (w.into(), i.into())
    } else {
        Default::default()
    };
    html! {
        <div class={classes!("app", lecture.is_some().then_some("lecture"))}>
            <header class="top">
                <div class="title">
                    <h1>{ "Paxos, step by step" }</h1>
                    <button class="icon" data-testid="help-button" onclick={toggle_help.reform(|_: MouseEvent| ())} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">{ "?" }</button>
                </div>
                <div class="top-controls">
                    if lecture.is_none() {
                        <button key="enter-lecture" data-testid="lecture" class="primary" disabled={!can_lecture} onclick={send(Msg::EnterLecture)}
                            title="Play this scenario beat by beat, for a class">{ "Lecture" }</button>
                    } else {
                        <button key="leave-lecture" data-testid="leave-lecture" onclick={send(Msg::LeaveLecture)} title="Leave lecture mode (Esc)">{ "Leave lecture" }</button>
                    }
                    { share }
                    <button data-testid="check-open" onclick={send(Msg::ToggleCheck)}
                        title="Check every reachable state of a small cluster; the gallery of broken Paxos; quorums">{ "Check" }</button>
                    <label class="scenario">
                        <span>{ "Protocol" }</span>
                        <select data-testid="protocol-select" onchange={on_protocol} aria-label="Protocol">
                            <option value="single-decree" selected=true>{ "Single-decree Paxos" }</option>
                            <option value="multi-paxos">{ "Multi-Paxos (a log)" }</option>
                        </select>
                    </label>
                    <label class="scenario">
                        <span>{ "Scenario" }</span>
                        <select data-testid="scenario-select" onchange={on_scenario} aria-label="Scenario">
                            <option value="free" selected={preset_value == "free"}>{ "Your own cluster (settings)" }</option>
                            <optgroup label={crate::embed::Protocol::SingleDecree.title()}>
                                { for Scenario::all().map(|s| html! {
                                    <option value={s.name} selected={preset_value == s.name} title={s.summary()}>{ s.title() }</option>
                                }) }
                            </optgroup>
                            { crate::components::other_protocol_scenarios(crate::embed::Protocol::MultiPaxos) }
                        </select>
                    </label>
                </div>
            </header>
            <main class="layout">
                <div class="stage">
                    if let Some(s) = summary {
                        <p class="summary">{ s }</p>
                    }
                    if let Some((k, n, text, asking)) = lecture.clone() {
                        <LectureBar beat={k} beats={n} {text} {asking} {forked}
                            onprev={dispatch.reform(|_| Msg::PrevBeat)} onnext={dispatch.reform(|_| Msg::NextBeat)}
                            onback={dispatch.reform(|_| Msg::BackToScript)} onleave={dispatch.reform(|_| Msg::LeaveLecture)} />
                    }
                    <Status view={view.clone()} caption={if lecture.is_some() { None } else { m.caption().map(str::to_string) }} notice={m.notice.clone()}
                        ondismiss={dispatch.reform(|_| Msg::DismissNotice)} />
                    <ViewBar {mode} onset={dispatch.reform(Msg::SetView)} onshiviz={shiviz} />
                    <div class={classes!("views-stage", format!("mode-{}", mode.name()))}>
                        if mode.cluster() {
                            <div class="drawing">
                                <Cluster view={view.clone()} members={members} selection={m.selection}
                                    last_events={last_events} moved={m.moved} version={m.version} onselect={on_select}
                                    hover={m.hover} onhover={on_hover.clone()} scaled={lecture.is_some()} />
                            </div>
                        }
                        if let Some(d) = diagram {
                            <div class="drawing st-drawing">
                                <SpaceTime diagram={d} now={m.sim.step() as u64} selection={m.selection} hover={m.hover}
                                    on={st_on.clone()} labels={mode == ViewMode::SpaceTime} lecture={lecture.is_some()}
                                    branches={branches.clone()} />
                            </div>
                        }
                    </div>
                    if branches.len() > 1 {
                        <Branches branches={branches.clone()} onswitch={dispatch.reform(Msg::SwitchBranch)} />
                    }
                    if lecture.is_none() {
                        <Controls step={m.sim.step()} len={m.sim.len()} playing={m.playing} speed={m.speed} dispatch={dispatch.clone()} broken_at={m.broken_at} />
                    }
                    <Narrator step={m.sim.step()} len={m.sim.len()} sentences={Rc::new(m.step_sentences())} playing={m.playing} speed={m.speed} />
                </div>
                <aside class="side">
                    <Inspector view={view.clone()} members={members} selection={m.selection} dispatch={dispatch.clone()} />
                    if let Some(changes) = changes {
                        <StepChanges step={m.sim.step()} {changes} />
                    }
                    if lecture.is_none() {
                        <EventLog entries={m.log.clone()} step={m.sim.step() as u64} />
                        <details class="panel settings">
                            <summary>{ "Cluster settings" }</summary>
                            <ConfigPanel key={form_key} initial={form} dispatch={dispatch.clone()} />
                        </details>
                        <details class="panel settings" data-testid="script-panel">
                            <summary>{ "Write your own script" }</summary>
                            <ScriptEditor key={editor_key} initial={script_text} dispatch={dispatch.clone()} />
                        </details>
                    }
                </aside>
            </main>
            if m.help {
                <Help onclose={toggle_help} />
            }
            if m.embed {
                <EmbedDialog widget={embed.0} iframe={embed.1} onclose={dispatch.reform(|_| Msg::ToggleEmbed)} />
            }
            if m.check {
                <CheckPanel protocol={crate::embed::Protocol::SingleDecree} onclose={dispatch.reform(|_| Msg::ToggleCheck)}
                    onopen={open_counterexample} />
            }
            if blank {
                <div class="blank" data-testid="blank" onclick={send(Msg::ToggleBlank)} aria-label="Blank screen: press B to show it again"></div>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_groups_sentences_by_step() {
        let mut m = Model::default();
        m.update(Msg::Goto(4));
        let log = m.log.clone();
        assert_eq!(log.first().map(|e| e.0), Some(1));
        assert!(log.iter().all(|(s, lines)| *s <= 4 && !lines.is_empty()));
        assert!(log[0].1[0].starts_with("a client asked p1 to propose A"));
    }
}
