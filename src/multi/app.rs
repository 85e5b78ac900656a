//! The Multi-Paxos page: the replicated log as a grid (one row per replica, and per acceptor
//! with separate roles; one column per slot), the replicas' leadership and stores, the
//! clients, the messages in flight with what can be done to each, and the transport bar.

use super::drawing::MultiCluster;
use super::{MultiForm, MultiFormErrors, MultiModel, MultiMsg};
use crate::components::check::CheckPanel;
use crate::components::config_panel::{reorder_field, text_field};
use crate::components::controls::Controls;
use crate::components::embed_dialog::EmbedDialog;
use crate::components::lecture_bar::LectureBar;
use crate::components::narrator::Narrator;
use crate::components::share::ShareBar;
use crate::components::spacetime::{
    shiviz_download, Branches, SpaceTime, StEvent, StepChanges, ViewBar,
};
use crate::scenarios::Scenario;
use crate::state::{Msg, Selection, ViewMode};
use paxos_core::multi::replica::Role;
use paxos_core::multi::Op;
use paxos_core::{NodeId, Value};
use paxos_sim::kernel::Envelope;
use paxos_sim::multi_paxos::view::{
    command_text, outcome_text, ClientView, MultiView, ReplicaView, SlotView,
};
use paxos_sim::multi_paxos::MultiAction;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The page opens the link in the address bar (`#v2.`), or the default scenario.
fn initial_model() -> MultiModel {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let mut m = MultiModel::default();
    if hash == "#multi-paxos/check" {
        // A counterexample handed over by the single-decree page's Check panel; without one
        // (a widget's "Check in the app" link), the Check panel itself.
        match crate::components::take_handoff() {
            Some(script) => {
                m.update(MultiMsg::OpenCounterexample { script, play: true });
            }
            None => m.check = true,
        }
    } else if hash.starts_with("#v2.") {
        m.update(MultiMsg::OpenLink(hash));
    } else if let Some(name) = hash.strip_prefix("#multi-paxos/") {
        // The other page's scenario menu, for a Multi-Paxos scenario.
        m.update(MultiMsg::LoadScenario(name.to_string()));
    }
    m
}

/// The drawing on screen as a standalone SVG file: the drawing's own element, each part
/// carrying the colours and fonts the page's stylesheet gives it, so that it opens anywhere.
fn drawing_svg() -> crate::components::share::Drawing {
    let none = (String::new(), 0.0, 0.0);
    let Some((window, svg)) = web_sys::window().and_then(|w| {
        let el = w
            .document()?
            .query_selector(".drawing svg[data-testid=cluster]")
            .ok()??;
        Some((w, el))
    }) else {
        return none;
    };
    let Ok(copy) = svg.clone_node_with_deep(true) else {
        return none;
    };
    let Ok(copy) = copy.dyn_into::<web_sys::Element>() else {
        return none;
    };
    const PROPS: [&str; 10] = [
        "fill",
        "stroke",
        "stroke-width",
        "stroke-dasharray",
        "opacity",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
        "text-decoration",
    ];
    let (Ok(from), Ok(to)) = (svg.query_selector_all("*"), copy.query_selector_all("*")) else {
        return none;
    };
    for i in 0..from.length() {
        let (Some(a), Some(b)) = (from.item(i), to.item(i)) else {
            continue;
        };
        let (Ok(a), Ok(b)) = (
            a.dyn_into::<web_sys::Element>(),
            b.dyn_into::<web_sys::Element>(),
        ) else {
            continue;
        };
        let Ok(Some(style)) = window.get_computed_style(&a) else {
            continue;
        };
        let inline: String = PROPS
            .iter()
            .filter_map(|p| {
                style
                    .get_property_value(p)
                    .ok()
                    .map(|v| format!("{p}:{v};"))
            })
            .collect();
        let _ = b.set_attribute("style", &inline);
        let _ = b.remove_attribute("class");
    }
    let (w, h) = {
        let vb = svg.get_attribute("viewBox").unwrap_or_default();
        // Whole numbers (the drawing writes them so): no float parser in the page.
        let dims: Vec<u32> = vb.split(' ').filter_map(|x| x.parse().ok()).collect();
        match dims.as_slice() {
            [_, _, w, h] => (f64::from(*w), f64::from(*h)),
            _ => (800.0, 600.0),
        }
    };
    let _ = copy.set_attribute("xmlns", "http://www.w3.org/2000/svg");
    let _ = copy.set_attribute("width", &format!("{w:.0}"));
    let _ = copy.set_attribute("height", &format!("{h:.0}"));
    let _ = copy.remove_attribute("class");
    let background = r##"<rect width="100%" height="100%" fill="#ffffff"/>"##;
    let text = copy.outer_html();
    // The page's background behind the drawing, as the single-decree export has.
    let text = match text.find('>') {
        Some(i) => format!("{}{background}{}", &text[..=i], &text[i + 1..]),
        None => text,
    };
    (text, w, h)
}

/// The transport bar speaks the single-decree page's messages; these are the ones it sends.
fn transport(m: Msg) -> Option<MultiMsg> {
    Some(match m {
        Msg::Step => MultiMsg::Step,
        Msg::Back => MultiMsg::Back,
        Msg::First => MultiMsg::First,
        Msg::Last => MultiMsg::Last,
        Msg::Goto(n) => MultiMsg::Goto(n),
        Msg::Reset => MultiMsg::Reset,
        Msg::TogglePlay => MultiMsg::TogglePlay,
        Msg::Speed(s) => MultiMsg::Speed(s),
        Msg::Tick => MultiMsg::Tick,
        _ => return None,
    })
}

/// A page key ([`crate::shell::key_to_msg`]) as the Multi-Paxos page's message, if it has one.
pub(crate) fn from_page(m: Msg) -> Option<MultiMsg> {
    Some(match m {
        Msg::NextBeat => MultiMsg::NextBeat,
        Msg::PrevBeat => MultiMsg::PrevBeat,
        Msg::ToggleBlank => MultiMsg::ToggleBlank,
        Msg::LeaveLecture => MultiMsg::LeaveLecture,
        Msg::Escape => MultiMsg::Escape,
        Msg::ToggleEmbed => MultiMsg::ToggleEmbed,
        Msg::ToggleHelp => MultiMsg::ToggleHelp,
        other => transport(other)?,
    })
}

/// The space-time diagram's events in this page's messages: a lane's name opens the
/// inspector on its node.
pub(crate) fn multi_st_event(e: StEvent) -> MultiMsg {
    match e {
        StEvent::Hover(s) => MultiMsg::Hover(s),
        StEvent::Select(Selection::Message(id)) => MultiMsg::Select(Some(id)),
        StEvent::Select(Selection::Node(n)) => MultiMsg::Inspect(Some(n)),
        StEvent::Select(Selection::None) => MultiMsg::Select(None),
        StEvent::Goto(k) => MultiMsg::Goto(k),
        StEvent::SwitchBranch(k) => MultiMsg::SwitchBranch(k),
    }
}

/// The Multi-Paxos page.
#[function_component(MultiApp)]
pub fn multi_app() -> Html {
    let store = use_reducer(|| crate::shell::Store::new(initial_model()));
    let dispatch = {
        let d = store.dispatcher();
        (*use_memo((), move |_| {
            Callback::from(move |m: MultiMsg| d.dispatch(m))
        }))
        .clone()
    };
    // The space-time diagram's events, as this page's messages: one callback for the page's
    // lifetime, so that the diagram's lines are not drawn again when nothing else changed.
    let st_on = {
        let d = dispatch.clone();
        (*use_memo((), move |_| d.reform(multi_st_event))).clone()
    };
    // Keyboard: the single-decree page's keys.
    {
        let d = store.dispatcher();
        let model = store.0.clone();
        crate::shell::use_page_keys(
            move || {
                model
                    .try_borrow()
                    .map(|m| (m.lecture.is_some(), m.embed || m.check, m.help))
                    .unwrap_or_default()
            },
            move |msg| {
                if let Some(m) = from_page(msg) {
                    d.dispatch(m);
                }
            },
        );
    }
    let (playing, speed, version) = {
        let m = store.0.borrow();
        (m.playing, m.speed, m.version)
    };
    // The address bar holds the link of what is on screen, updated in place (coalesced as on
    // the single-decree page: a replaceState on every step of autoplay was a millisecond each).
    {
        let model = store.0.clone();
        let scrub = store.1.scrub;
        crate::shell::use_address_bar(version, false, scrub, move || model.borrow().link());
    }
    // Autoplay.
    {
        let d = store.dispatcher();
        crate::shell::use_autoplay(playing, speed, move || d.dispatch(MultiMsg::Tick));
    }

    // The share bar and the view bar's callbacks reach the model through the store, so they
    // are made once: a step then leaves those bars alone instead of drawing them again.
    let share = {
        let (m1, m2, m3) = (store.0.clone(), store.0.clone(), store.0.clone());
        let dispatch = dispatch.clone();
        (*use_memo((), move |_| html! {
            <ShareBar name="multi-paxos" onembed={dispatch.reform(|_| MultiMsg::ToggleEmbed)}
                link={Callback::from(move |_| m1.borrow().link())}
                trace={Callback::from(move |_| paxos_sim::MultiTrace::record(&m2.borrow().sim).to_json())}
                drawing={Callback::from(move |_| {
                    // The space-time diagram when it has the stage to itself, else the cluster.
                    let m = m3.borrow();
                    if m.view_mode == ViewMode::SpaceTime {
                        crate::export::spacetime_svg(&m.diagram(), m.sim.step() as u64)
                    } else {
                        drawing_svg()
                    }
                })}
                onimport={dispatch.reform(MultiMsg::OpenTrace)} notify={dispatch.reform(MultiMsg::Notify)} />
        }))
        .clone()
    };
    let (shiviz, set_view) = {
        let (model, d) = (store.0.clone(), dispatch.clone());
        (*use_memo((), move |_| {
            let shiviz = shiviz_download(
                move || model.borrow().sim.shiviz(),
                d.reform(MultiMsg::Notify),
            );
            (shiviz, d.reform(MultiMsg::SetView))
        }))
        .clone()
    };
    let m = store.0.borrow();
    // One snapshot for the whole render, shared by the drawing, the log and the inspector.
    let view = Rc::new(m.sim.view());
    let send = |msg: MultiMsg| dispatch.reform(move |_: MouseEvent| msg.clone());
    let on_scenario = {
        let d = dispatch.clone();
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            let v = s.value();
            if let Some(name) = v.strip_prefix("single-decree/") {
                // A single-decree scenario: the page starts again with the other module.
                crate::components::switch_page(&format!("single-decree/{name}"));
            } else if !v.is_empty() {
                d.emit(MultiMsg::LoadScenario(v));
            }
        })
    };
    // The snippets are made only while the dialog is open.
    let embed: Option<(AttrValue, AttrValue)> = m.embed.then(|| {
        let (w, i) = crate::embed::snippets(&crate::shell::app_folder(), &*m);
        (w.into(), i.into())
    });
    let on_protocol = Callback::from(|e: Event| {
        let s: HtmlSelectElement = e.target_unchecked_into();
        if s.value() == "single-decree" {
            crate::components::switch_page("");
        }
    });
    let controls = {
        let d = dispatch.clone();
        Callback::from(move |msg: Msg| {
            if let Some(m) = transport(msg) {
                d.emit(m);
            }
        })
    };
    let scenario = m.scenario.unwrap_or_default();
    // A new run refills the settings form from its config.
    let form = MultiForm::from_config(m.sim.config(), m.sim.seed());
    let form_key = format!("{form:?}");
    let lecture = m.lecture_caption();
    let forked = m.lecture.as_ref().is_some_and(|l| l.fork.is_some());
    let blank = m.lecture.as_ref().is_some_and(|l| l.blank);
    let safe = view.violations.is_empty();
    let mode = m.view_mode;
    let diagram = mode.spacetime().then(|| m.diagram());
    let changes = mode.spacetime().then(|| m.changes());
    let branches = Rc::new(m.sim.branches());
    let open_counterexample = crate::components::check::opener(
        crate::embed::Protocol::MultiPaxos,
        dispatch.clone(),
        |script, play| MultiMsg::OpenCounterexample { script, play },
    );
    html! {
        <div class={classes!("app", "multi", lecture.is_some().then_some("lecture"))}>
            <header class="top">
                <div class="title">
                    <h1>{ "Paxos, step by step" }</h1>
                    <button class="icon" data-testid="help-button" onclick={send(MultiMsg::ToggleHelp)} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">{ "?" }</button>
                </div>
                <div class="top-controls">
                    if lecture.is_none() {
                        <button key="enter-lecture" data-testid="lecture" class="primary" disabled={m.scenario.is_none()}
                            onclick={send(MultiMsg::EnterLecture)} title="Play this scenario beat by beat, for a class">{ "Lecture" }</button>
                    } else {
                        <button key="leave-lecture" data-testid="leave-lecture" onclick={send(MultiMsg::LeaveLecture)} title="Leave lecture mode (Esc)">{ "Leave lecture" }</button>
                    }
                    { share }
                    <button data-testid="check-open" onclick={send(MultiMsg::ToggleCheck)}
                        title="Check every reachable state of a small cluster; the gallery of broken Paxos; quorums">{ "Check" }</button>
                    <label class="scenario">
                        <span>{ "Protocol" }</span>
                        <select data-testid="protocol-select" onchange={on_protocol} aria-label="Protocol">
                            <option value="single-decree">{ "Single-decree Paxos" }</option>
                            <option value="multi-paxos" selected=true>{ "Multi-Paxos (a log)" }</option>
                        </select>
                    </label>
                    <label class="scenario">
                        <span>{ "Scenario" }</span>
                        <select data-testid="scenario-select" onchange={on_scenario} aria-label="Scenario">
                            <option value="" selected={m.scenario.is_none()}>{ "Your own cluster (settings)" }</option>
                            <optgroup label={crate::embed::Protocol::MultiPaxos.title()}>
                                { for Scenario::all_multi().map(|s| html! {
                                    <option value={s.name} selected={scenario == s.name} title={s.summary()}>{ s.title() }</option>
                                }) }
                            </optgroup>
                            { crate::components::other_protocol_scenarios(crate::embed::Protocol::SingleDecree) }
                        </select>
                    </label>
                </div>
            </header>
            <main class="layout">
                <div class="stage">
                    if let Some(s) = m.scenario.and_then(Scenario::named_multi) {
                        <p class="summary">{ s.summary() }</p>
                    }
                    if let Some(k) = m.broken_at {
                        <p class="summary">{ crate::app::counterexample_summary(k) }</p>
                    }
                    <div class="status" role="status">
                        <span class={classes!("badge", if safe { "ok" } else { "bad" })} data-testid="safety" data-ok={safe.to_string()}>
                            { if safe { "Safe: no invariant broken".to_string() } else { format!("UNSAFE: {}", view.violations[0]) } }
                        </span>
                        <span class={classes!("badge", if view.history.linearizable { "ok" } else { "bad" })}
                            data-testid="linearizable" data-ok={view.history.linearizable.to_string()}
                            title="Could one sequential key-value store have answered what the clients saw, in the order they saw it?">
                            { if view.history.linearizable { "Clients' history: linearizable" } else { "Clients' history: NOT linearizable" } }
                        </span>
                        if let Some(reason) = &view.unsafe_reason {
                            <span class="badge bad">{ reason.clone() }</span>
                        }
                    </div>
                    if let Some((k, n, text, asking)) = lecture.clone() {
                        <LectureBar beat={k} beats={n} {text} {asking} {forked}
                            onprev={dispatch.reform(|_| MultiMsg::PrevBeat)} onnext={dispatch.reform(|_| MultiMsg::NextBeat)}
                            onback={dispatch.reform(|_| MultiMsg::BackToScript)} onleave={dispatch.reform(|_| MultiMsg::LeaveLecture)} />
                    } else if let Some(c) = m.caption() {
                        <p class="caption" data-testid="caption">{ c.to_string() }</p>
                    }
                    if let Some(n) = &m.notice {
                        <p class="notice" data-testid="notice">
                            { n.clone() }
                            <button class="icon" onclick={send(MultiMsg::DismissNotice)} aria-label="Dismiss">{ "×" }</button>
                        </p>
                    }
                    <ViewBar {mode} onset={set_view} onshiviz={shiviz} />
                    <div class={classes!("views-stage", format!("mode-{}", mode.name()))}>
                        if mode.cluster() {
                            <div class="drawing">
                                <MultiCluster view={view.clone()} selection={m.selection} hover={m.hover} dispatch={dispatch.clone()}
                                    small={mode == ViewMode::Both} scaled={lecture.is_some()} />
                            </div>
                        }
                        if let Some(d) = diagram {
                            <div class="drawing st-drawing">
                                <SpaceTime diagram={d} now={m.sim.step() as u64}
                                    selection={m.selection.map_or(Selection::None, Selection::Message)} hover={m.hover}
                                    on={st_on.clone()} labels={mode == ViewMode::SpaceTime} lecture={lecture.is_some()}
                                    branches={branches.clone()} />
                            </div>
                        }
                    </div>
                    if branches.len() > 1 {
                        <Branches branches={branches.clone()} onswitch={dispatch.reform(MultiMsg::SwitchBranch)} />
                    }
                    <LogGrid view={view.clone()} />
                    if lecture.is_none() {
                        <Controls step={m.sim.step()} len={m.sim.len()} playing={m.playing} speed={m.speed} dispatch={controls} broken_at={m.broken_at} />
                    }
                    <Narrator step={m.sim.step()} len={m.sim.len()} sentences={Rc::new(m.step_sentences())} playing={m.playing} speed={m.speed} />
                    <section class="panel mp-replicas" aria-label="Replicas">
                        { for view.replicas.iter().map(|r| html! {
                            <ReplicaCard key={r.id.to_string()} replica={Rc::new(r.clone())} combined={view.acceptors.is_empty()} dispatch={dispatch.clone()} />
                        }) }
                        { for view.acceptors.iter().map(|a| html! {
                            <div class={classes!("mp-card", (!a.up).then_some("crashed"))} data-testid={format!("node-{}", a.id)}
                                data-role="acceptor" data-state={if a.up { "up" } else { "crashed" }}
                                data-promised={a.promised.map(|b| b.to_string()).unwrap_or_default()}>
                                <h3>{ a.id.to_string() }<span class="role">{ "acceptor" }</span></h3>
                                <p>{ format!("promised {}", a.promised.map(|b| b.to_string()).unwrap_or_else(|| "nothing".into())) }</p>
                                { node_buttons(a.id, a.up, false, &dispatch) }
                            </div>
                        }) }
                    </section>
                </div>
                <aside class="side">
                    if let Some(node) = m.inspect {
                        <Inspector view={view.clone()} {node} dispatch={dispatch.clone()} />
                    }
                    if let Some(changes) = changes {
                        <StepChanges step={m.sim.step()} {changes} />
                    }
                    <Clients clients={Rc::new(view.clients.clone())} replicas={Rc::new(view.replicas.iter().map(|r| r.id).collect::<Vec<_>>())}
                        dispatch={dispatch.clone()} />
                    <NetworkPanel shape={(view.replicas.len() as u8, view.acceptors.len() as u8, view.clients.len() as u8)}
                        partitioned={view.replicas.iter().any(|r| r.group.is_some()) || view.acceptors.iter().any(|a| a.group.is_some())}
                        dispatch={dispatch.clone()} />
                    <section class="panel" aria-label="Messages in flight">
                        <h2>{ format!("In flight ({})", view.messages.len()) }</h2>
                        <ul class="mp-messages" data-testid="messages">
                            { for view.messages.iter().map(|e| html! {
                                <FlightRow key={e.id} envelope={e.clone()} selected={m.selection == Some(e.id)} dispatch={dispatch.clone()} />
                            }) }
                        </ul>
                    </section>
                    <section class="panel" aria-label="What happened">
                        <h2>{ "Last step" }</h2>
                        <ul class="log" data-testid="event-log">
                            { for m.last_events.iter().map(|e| html! { <li>{ e.to_string() }</li> }) }
                        </ul>
                    </section>
                    if lecture.is_none() {
                        <details class="panel settings">
                            <summary>{ "Cluster settings" }</summary>
                            <MultiConfigPanel key={form_key} initial={form} dispatch={dispatch.clone()} />
                        </details>
                    }
                </aside>
            </main>
            if m.help {
                <crate::components::help::Help onclose={dispatch.reform(|_| MultiMsg::ToggleHelp)} />
            }
            if let Some((widget, iframe)) = embed {
                <EmbedDialog {widget} {iframe} onclose={dispatch.reform(|_| MultiMsg::ToggleEmbed)} />
            }
            if m.check {
                <CheckPanel protocol={crate::embed::Protocol::MultiPaxos} onclose={dispatch.reform(|_| MultiMsg::ToggleCheck)}
                    onopen={open_counterexample} />
            }
            if blank {
                <div class="blank" data-testid="blank" onclick={send(MultiMsg::ToggleBlank)} aria-label="Blank screen: press B to show it again"></div>
            }
        </div>
    }
}

/// Crash or recover, and for a replica elect; a client's timeout lives with the client.
pub(crate) fn node_buttons(id: NodeId, up: bool, replica: bool, d: &Callback<MultiMsg>) -> Html {
    let send = |msg: MultiMsg| d.reform(move |_: MouseEvent| msg.clone());
    html! {
        <div class="mp-node-actions">
            <button data-testid={format!("inspect-{id}")} onclick={send(MultiMsg::Inspect(Some(id)))}
                title="What this node knows and why">{ "inspect" }</button>
            if up {
                <button data-testid={format!("crash-{id}")} onclick={send(MultiMsg::Act(MultiAction::Crash { node: id }))}>{ "crash" }</button>
            } else {
                <button data-testid={format!("recover-{id}")} onclick={send(MultiMsg::Act(MultiAction::Recover { node: id }))}>{ "recover" }</button>
            }
            <button data-testid={format!("isolate-{id}")} title="Partition this node from all the others"
                onclick={send(MultiMsg::Act(MultiAction::Partition { groups: vec![vec![id]] }))}>{ "isolate" }</button>
            if replica && up {
                <button data-testid={format!("elect-{id}")} title="Start phase 1 with a higher ballot now"
                    onclick={send(MultiMsg::Act(MultiAction::Input(paxos_sim::multi_paxos::MultiInput::Elect { node: id })))}>{ "try to lead" }</button>
            }
        </div>
    }
}

/// Props of [`FlightRow`]: the message itself, so that a row whose message and selection did
/// not change is not drawn again (a busy run has dozens in flight and a step moves a few).
#[derive(Properties, PartialEq)]
struct FlightRowProps {
    envelope: Envelope<paxos_core::multi::Msg>,
    selected: bool,
    /// The page's one callback (the same on every render).
    dispatch: Callback<MultiMsg>,
}

/// One message in flight in the side list, with its deliver, drop and duplicate buttons.
#[function_component(FlightRow)]
fn flight_row(p: &FlightRowProps) -> Html {
    let e = &p.envelope;
    let id = e.id;
    let send = |msg: MultiMsg| p.dispatch.reform(move |_: MouseEvent| msg.clone());
    html! {
        <li data-testid={format!("flight-{id}")} class={classes!(p.selected.then_some("selected"))}>
            <span class="mp-msg">{ format!("#{id} {} → {} {}", e.from, e.to, e.payload) }</span>
            <span class="mp-actions">
                <button data-testid={format!("deliver-{id}")} onclick={send(MultiMsg::Act(MultiAction::Deliver { id }))}>{ "deliver" }</button>
                <button data-testid={format!("drop-{id}")} onclick={send(MultiMsg::Act(MultiAction::Drop { id }))}>{ "drop" }</button>
                <button data-testid={format!("duplicate-{id}")} onclick={send(MultiMsg::Act(MultiAction::Duplicate { id }))}>{ "dup" }</button>
            </span>
        </li>
    }
}

/// Props of [`ReplicaCard`]: a replica whose state did not change in a step is not drawn again.
#[derive(Properties, PartialEq)]
struct ReplicaCardProps {
    replica: Rc<ReplicaView>,
    /// Replicas are their own acceptors (no standalone ones): the card shows the promise.
    combined: bool,
    /// The page's one callback (the same on every render).
    dispatch: Callback<MultiMsg>,
}

/// A replica's card: its role, ballot, leader, promise, store, recovery, and its buttons.
#[function_component(ReplicaCard)]
fn replica_card(p: &ReplicaCardProps) -> Html {
    let (r, combined, d) = (&*p.replica, p.combined, &p.dispatch);
    let l = &r.leadership;
    let leader = l.role == Role::Leader;
    let role = match (l.role, l.stale, l.deposed) {
        (Role::Leader, true, _) => "leader (deposed, does not know)".to_string(),
        (Role::Leader, false, _) => "leader".to_string(),
        (Role::Candidate, _, _) => format!("candidate {}/{}", l.promises.len(), l.quorum),
        (Role::Follower, _, true) => "follower (deposed)".to_string(),
        (Role::Follower, _, false) => "follower".to_string(),
    };
    let ballot = l.ballot.map(|b| b.to_string()).unwrap_or_default();
    html! {
        <div class={classes!("mp-card", (!r.up).then_some("crashed"), leader.then_some("leader"), l.stale.then_some("stale"))}
            data-testid={format!("node-{}", r.id)} data-role="replica" data-state={if r.up { "up" } else { "crashed" }}
            data-leader={leader.to_string()} data-ballot={ballot.clone()} data-group={r.group.map(|g| (g + 1).to_string())}
            data-promised={r.promised.map(|b| b.to_string()).unwrap_or_default()}>
            <h3>{ r.id.to_string() }<span class="role">{ role }</span></h3>
            <dl>
                if !ballot.is_empty() {
                    <dt>{ "ballot" }</dt><dd>{ ballot }</dd>
                }
                <dt>{ "believes in" }</dt><dd>{ l.leader.map(|n| n.to_string()).unwrap_or_else(|| "no leader".into()) }</dd>
                if combined {
                    <dt>{ "promised" }</dt><dd>{ r.promised.map(|b| b.to_string()).unwrap_or_else(|| "-".into()) }</dd>
                }
                <dt>{ "applied" }</dt><dd>{ format!("{} slot(s)", r.applied) }</dd>
            </dl>
            <StoreTable replica={Rc::new(r.clone())} />
            if !r.recovery.is_empty() {
                <details class="mp-recovery">
                    <summary>{ format!("recovered {} slot(s) in phase 1", r.recovery.len()) }</summary>
                    <ul>{ for r.recovery.iter().map(|x| html! {
                        <li>{ format!("slot {}: {} — {}", x.slot, command_text(&x.command), x.why) }</li>
                    }) }</ul>
                </details>
            }
            { node_buttons(r.id, r.up, true, d) }
        </div>
    }
}

/// Props of [`Inspector`].
#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    /// The snapshot.
    pub view: Rc<MultiView>,
    /// The replica or acceptor.
    pub node: NodeId,
    /// Where intents go.
    pub dispatch: Callback<MultiMsg>,
}

/// What one replica (or acceptor) knows, slot by slot, and why: its promise, its votes, what
/// it learned and applied, what it replies to each client, and as leader why each recovered
/// slot got the command it got.
#[function_component(Inspector)]
pub fn inspector(p: &InspectorProps) -> Html {
    let v = &p.view;
    let close = p.dispatch.reform(|_: MouseEvent| MultiMsg::Inspect(None));
    let replica = v.replicas.iter().find(|r| r.id == p.node);
    let acceptor = v.acceptors.iter().find(|a| a.id == p.node);
    let (up, promised, log) = match (replica, acceptor) {
        (Some(r), _) => (r.up, r.promised, &r.log),
        (_, Some(a)) => (a.up, a.promised, &a.log),
        _ => return Html::default(),
    };
    let ballot = |b: Option<paxos_core::Ballot>| {
        b.map(|b| b.to_string()).unwrap_or_else(|| "nothing".into())
    };
    let rows: Vec<&SlotView> = log
        .iter()
        .filter(|c| c.accepted.is_some() || c.learned.is_some())
        .collect();
    html! {
        <section class="panel mp-inspector" data-testid="inspector" aria-label={format!("Inspector: {}", p.node)}>
            <h2>{ format!("{} {}", if replica.is_some() { "Replica" } else { "Acceptor" }, p.node) }
                <button class="icon" onclick={close} aria-label="Close the inspector" title="Close (Esc)">{ "×" }</button></h2>
            if !up {
                <p class="mp-warn">{ "Crashed: it keeps its promise and votes (stable storage) and loses the rest." }</p>
            }
            <dl>
                if let Some(r) = replica {
                    <dt>{ "role" }</dt><dd data-testid="inspector-role">{ match r.leadership.role {
                        Role::Leader if r.leadership.stale => "leader, but deposed: an acceptor promised a higher ballot".to_string(),
                        Role::Leader => format!("leader with ballot {}", ballot(r.leadership.ballot)),
                        Role::Candidate => format!("candidate with ballot {}: {} of {} promises", ballot(r.leadership.ballot), r.leadership.promises.len(), r.leadership.quorum),
                        Role::Follower => format!("follower of {}", r.leadership.leader.map(|n| n.to_string()).unwrap_or_else(|| "no one yet".into())),
                    } }</dd>
                    if !r.leadership.promises.is_empty() {
                        <dt>{ "promised to it" }</dt><dd>{ r.leadership.promises.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(", ") }</dd>
                    }
                }
                if replica.is_none() || v.acceptors.is_empty() {
                    <dt>{ "promised" }</dt><dd data-testid="inspector-promised">{ ballot(promised) }
                        <span class="hint">{ " (it refuses any lower ballot, in every slot)" }</span></dd>
                }
                if let Some(r) = replica {
                    <dt>{ "applied" }</dt><dd>{ format!("slots 1 to {}; next to apply: {}", r.applied, r.applied + 1) }</dd>
                    if let Some(t) = r.timer {
                        <dt>{ "timer" }</dt><dd>{ format!("fires at step {t}") }</dd>
                    }
                }
            </dl>
            if rows.is_empty() {
                <p class="hint">{ "Nothing accepted or learned yet." }</p>
            } else {
                <table class="mp-slots" data-testid="inspector-slots">
                    <thead><tr><th>{ "slot" }</th><th>{ "voted for" }</th>
                        if replica.is_some() { <th>{ "learned" }</th><th>{ "applied" }</th> }</tr></thead>
                    <tbody>{ for rows.iter().map(|c| html! {
                        <tr>
                            <td>{ c.slot }</td>
                            <td>{ c.accepted.map(|(b, cmd)| format!("{} at {b}", command_text(&cmd))).unwrap_or_else(|| "-".into()) }</td>
                            if replica.is_some() {
                                <td>{ c.learned.map(|cmd| command_text(&cmd)).unwrap_or_else(|| "-".into()) }</td>
                                <td>{ if c.applied { "yes" } else { "" } }</td>
                            }
                        </tr>
                    }) }</tbody>
                </table>
            }
            if let Some(r) = replica {
                if !r.recovery.is_empty() {
                    <h3>{ "Why each recovered slot holds what it holds" }</h3>
                    <ul data-testid="inspector-recovery">{ for r.recovery.iter().map(|x| html! {
                        <li>{ format!("slot {}: {} — {}", x.slot, command_text(&x.command), x.why) }</li>
                    }) }</ul>
                }
                if !r.replies.is_empty() {
                    <h3>{ "What it answers each client" }</h3>
                    <ul data-testid="inspector-replies">{ for r.replies.iter().map(|(c, id, o)| html! {
                        <li>{ format!("{c}#{id} → {} (a retry of it gets this again, not a second run)", outcome_text(o)) }</li>
                    }) }</ul>
                }
            }
        </section>
    }
}

/// Props of [`StoreTable`].
#[derive(Properties, PartialEq)]
pub struct StoreTableProps {
    /// The replica whose store it shows.
    pub replica: Rc<ReplicaView>,
}

/// A replica's key-value store, the key the last applied slot wrote highlighted.
#[function_component(StoreTable)]
pub fn store_table(p: &StoreTableProps) -> Html {
    let r = &p.replica;
    html! {
            <table class="mp-store" data-testid={format!("kv-{}", r.id)} data-store={r.store_text()}>
                <caption>{ "store" }</caption>
                if r.store.is_empty() {
                    <tr><td class="empty" colspan="2">{ "empty" }</td></tr>
                }
                { for r.store.iter().map(|(k, v)| html! {
                    <tr class={classes!((r.changed == Some(*k)).then_some("changed"))}><th>{ k.to_string() }</th><td>{ v.to_string() }</td></tr>
                }) }
            </table>
    }
}

/// Props of [`LogGrid`].
#[derive(Properties, PartialEq)]
pub struct LogGridProps {
    /// The snapshot.
    pub view: Rc<MultiView>,
    /// Without its heading and legend (in a widget).
    #[prop_or_default]
    pub compact: bool,
}

fn cell(node: NodeId, c: &SlotView, first_unapplied: bool) -> Html {
    let title = match (&c.command, c.accepted) {
        (None, _) if c.gap => "a gap: nothing here yet, though later slots hold commands".into(),
        (None, _) => "empty".to_string(),
        (Some(cmd), Some((b, _))) => format!("accepted {b}: {cmd}"),
        (Some(cmd), None) => format!("learned: {cmd}"),
    };
    html! {
        <td data-testid={format!("slot-{node}-{}", c.slot)}
            class={classes!("slot", c.noop.then_some("mp-noop"), c.gap.then_some("mp-gap"), c.chosen.then_some("mp-chosen"),
                c.applied.then_some("mp-applied"), c.recovered.then_some("mp-recovered"), first_unapplied.then_some("mp-next"))}
            data-accepted={c.accepted_text()} data-chosen={c.chosen.to_string()}
            data-applied={c.applied.to_string()} data-noop={c.noop.to_string()} title={title}>
            <span class="cmd">{ c.command.map(|x| command_text(&x)).unwrap_or_default() }</span>
            if let Some((b, _)) = c.accepted {
                <span class="bal">{ b.to_string() }</span>
            }
        </td>
    }
}

/// Props of [`LogRow`].
#[derive(Properties, PartialEq)]
struct LogRowProps {
    id: NodeId,
    up: bool,
    /// The row's slots in its block.
    cells: Rc<Vec<SlotView>>,
    /// A replica's last applied slot (an acceptor applies nothing).
    applied: Option<u32>,
}

/// One node's row of one block of the log.
#[function_component(LogRow)]
fn log_row(p: &LogRowProps) -> Html {
    let acceptor = p.applied.is_none();
    html! {
        <tr class={classes!(acceptor.then_some("acceptor"), (!p.up).then_some("crashed"))}>
            <th scope="row">{ p.id.to_string() }</th>
            { for p.cells.iter().map(|c| cell(p.id, c, p.applied.is_some_and(|a| c.slot == a + 1))) }
        </tr>
    }
}

/// The replicated log: one row per replica (and acceptor), one column per slot, in blocks of
/// as many slots as the box's width holds (a phone shows three slots a block, a laptop a
/// dozen): a long log goes on down the page instead of off its side.
#[function_component(LogGrid)]
pub fn log_grid(p: &LogGridProps) -> Html {
    let v = &p.view;
    let scroll = use_node_ref();
    let (box_w, _, _) = crate::components::use_box_size(scroll.clone());
    let narrow = box_w > 0.0 && box_w < 560.0;
    let per = slots_per_block(v, box_w, narrow);
    let blocks: Vec<(u32, u32)> = (1..=v.width)
        .step_by(per as usize)
        .map(|from| (from, (from + per - 1).min(v.width)))
        .collect();
    // One row per node and block, a component: a step changes a row or two, and the others
    // are not drawn again.
    let row =
        |id: NodeId, up: bool, log: &[SlotView], applied: Option<u32>, (from, to): (u32, u32)| {
            let cells: Vec<SlotView> = log
                .iter()
                .filter(|c| (from..=to).contains(&c.slot))
                .cloned()
                .collect();
            html! { <LogRow {id} {up} cells={Rc::new(cells)} {applied} /> }
        };
    html! {
        <div class={classes!("panel", "mp-log-wrap", p.compact.then_some("compact"))}>
            if !p.compact {
            <h2>{ "The log" }</h2>
            <p class="hint mp-legend">
                <span class="slot mp-chosen">{ "chosen" }</span>
                <span class="slot mp-applied">{ "applied" }</span>
                <span class="slot mp-noop"><span class="cmd">{ "no-op" }</span></span>
                <span class="slot mp-gap">{ "gap" }</span>
                <span class="slot mp-recovered">{ "recovered by the leader's phase 1" }</span>
                <span class="slot mp-next">{ "next to apply" }</span>
            </p>
            }
            if v.width == 0 {
                <p class="empty" data-testid="log" ref={scroll}>{ "No slot is used yet: a client's command starts the log." }</p>
            } else {
                <div class={classes!("mp-log-scroll", narrow.then_some("narrow"))} data-testid="log" ref={scroll}>
                    { for blocks.iter().map(|&(from, to)| html! {
                    <table class="mp-log" aria-label={if blocks.len() == 1 { "The log".to_string() } else { format!("The log, slots {from} to {to}") }}>
                        <thead><tr><th scope="col">{ "slot" }</th>
                            { for (from..=to).map(|s| html! { <th scope="col">{ s }</th> }) }
                        </tr></thead>
                        <tbody>
                            { for v.replicas.iter().map(|r| row(r.id, r.up, &r.log, Some(r.applied), (from, to))) }
                            { for v.acceptors.iter().map(|a| row(a.id, a.up, &a.log, None, (from, to))) }
                        </tbody>
                    </table>
                    }) }
                </div>
            }
        </div>
    }
}

/// How many slots of the log a block `box_w` CSS pixels wide holds: its widest command at the
/// stylesheet's sizes (`.mp-log`: 0.85 rem monospace, narrow 12 px), each slot's padding,
/// border and spacing, and the row names' column. All of them before the box is measured.
fn slots_per_block(v: &MultiView, box_w: f64, narrow: bool) -> u32 {
    if box_w <= 0.0 {
        return v.width.max(1);
    }
    let chars = v
        .replicas
        .iter()
        .flat_map(|r| &r.log)
        .chain(v.acceptors.iter().flat_map(|a| &a.log))
        .filter_map(|c| {
            c.command
                .map(|x| command_text(&x).chars().count() + usize::from(c.noop) * 2)
        })
        .max()
        .unwrap_or(0) as f64;
    // Glyph, narrowest content, padding and border, spacing, the row names' column.
    let (ch, min, pad, head) = if narrow {
        (7.3, 52.0, 21.0, 44.0)
    } else {
        (8.3, 76.0, 26.0, 56.0)
    };
    let slot = (chars * ch).max(min) + pad + 3.0;
    (((box_w - head) / slot).floor() as u32).clamp(1, v.width.max(1))
}

/// Props of [`Clients`].
#[derive(Properties, PartialEq)]
pub struct ClientsProps {
    /// The clients (only these, and the replicas' names, so that a step that changed no
    /// client does not draw the panel again).
    pub clients: Rc<Vec<ClientView>>,
    /// The replicas a request can be sent to.
    pub replicas: Rc<Vec<NodeId>>,
    /// Where intents go.
    pub dispatch: Callback<MultiMsg>,
}

fn client_row(c: &ClientView, d: &Callback<MultiMsg>) -> Html {
    let send = |msg: MultiMsg| d.reform(move |_: MouseEvent| msg.clone());
    let id = c.id;
    html! {
        <li data-testid={format!("client-{id}")} data-pending={c.pending_text()} data-last-reply={c.last_reply_text()}
            class={classes!((!c.up).then_some("crashed"))}>
            <strong>{ id.to_string() }</strong>
            { match (c.pending, c.last_reply) {
                (Some((r, at)), _) => html! { <span>{ format!("waits for {} (sent to {at}{})", paxos_sim::multi_paxos::view::op_text(&r.op),
                    if c.retries > 0 { format!(", {} retr{}", c.retries, if c.retries == 1 { "y" } else { "ies" }) } else { String::new() }) }</span> },
                (None, Some((r, o))) => html! { <span>{ format!("got {} → {}", paxos_sim::multi_paxos::view::op_text(&r.op), outcome_text(&o)) }</span> },
                (None, None) => html! { <span>{ "idle" }</span> },
            } }
            if c.timer.is_some() {
                <button data-testid={format!("timeout-{id}")} onclick={send(MultiMsg::Act(MultiAction::Timeout { node: id }))}
                    title="Give up waiting: resend to the next replica">{ "time out" }</button>
            }
        </li>
    }
}

/// The clients, and a form to send a command.
#[function_component(Clients)]
pub fn clients(p: &ClientsProps) -> Html {
    let error = use_state(|| None::<String>);
    let form = use_node_ref();
    let on_send = {
        let (d, error, form) = (p.dispatch.clone(), error.clone(), form.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(f) = form.cast::<web_sys::Element>() else {
                return;
            };
            let field = |name: &str| -> String {
                f.query_selector(&format!("[name={name}]"))
                    .ok()
                    .flatten()
                    .and_then(|el| {
                        el.dyn_ref::<HtmlInputElement>()
                            .map(|i| i.value())
                            .or_else(|| el.dyn_ref::<HtmlSelectElement>().map(|s| s.value()))
                    })
                    .unwrap_or_default()
            };
            match read_request(
                &field("client"),
                &field("op"),
                &field("key"),
                &field("value"),
                &field("new"),
                &field("at"),
            ) {
                Ok((client, op, at)) => {
                    error.set(None);
                    d.emit(MultiMsg::Request { client, op, at });
                }
                Err(e) => error.set(Some(e)),
            }
        })
    };
    html! {
        <section class="panel mp-clients" aria-label="Clients">
            <h2>{ "Clients" }</h2>
            <ul>{ for p.clients.iter().map(|c| client_row(c, &p.dispatch)) }</ul>
            if !p.clients.is_empty() {
                <div ref={form} class="mp-send" role="group" aria-label="Send a command" data-testid="request-form">
                    <select name="client" aria-label="Client">{ for p.clients.iter().enumerate().map(|(i, c)| html! { <option selected={i == 0}>{ c.id.to_string() }</option> }) }</select>
                    <select name="op" aria-label="Operation">
                        <option value="put" selected=true>{ "put" }</option><option value="get">{ "get" }</option><option value="cas">{ "cas" }</option>
                    </select>
                    <input name="key" value="x" size="4" aria-label="Key" data-testid="request-key" />
                    <input name="value" value="1" size="4" aria-label="Value (for cas: the value expected)" data-testid="request-value" />
                    <input name="new" value="" size="4" placeholder="new" aria-label="New value (cas only)" />
                    <span>{ "at" }</span>
                    <select name="at" aria-label="Replica">{ for p.replicas.iter().enumerate().map(|(i, r)| html! { <option selected={i == 0}>{ r.to_string() }</option> }) }</select>
                    <button class="primary" type="button" onclick={on_send} data-testid="send-request">{ "Send" }</button>
                </div>
            }
            if let Some(e) = &*error {
                <p class="field-error" data-testid="request-error">{ e.clone() }</p>
            }
        </section>
    }
}

/// Props of [`NetworkPanel`].
#[derive(Properties, PartialEq)]
pub struct NetworkProps {
    /// How many replicas, standalone acceptors and clients (the names a partition can use).
    pub shape: (u8, u8, u8),
    /// Whether the network is partitioned now (Heal is then enabled).
    pub partitioned: bool,
    /// Where intents go.
    pub dispatch: Callback<MultiMsg>,
}

/// Partition the cluster into groups typed as in a script (`n1,c1 | n2,n3`; a node left out
/// is in a group of its own), or heal it.
#[function_component(NetworkPanel)]
pub fn network_panel(p: &NetworkProps) -> Html {
    let input = use_node_ref();
    let error = use_state(|| None::<String>);
    let (partitioned, shape) = (p.partitioned, p.shape);
    let onsubmit = {
        let (input, error, d) = (input.clone(), error.clone(), p.dispatch.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(el) = input.cast::<HtmlInputElement>() else {
                return;
            };
            let (replicas, acceptors, clients) = shape;
            match paxos_sim::script::parse_multi_partition(
                &el.value(),
                replicas,
                acceptors,
                clients,
            ) {
                Ok(groups) => {
                    error.set(None);
                    d.emit(MultiMsg::Act(MultiAction::Partition { groups }));
                }
                Err(e) => error.set(Some(format!("Column {}: {}", e.column, e.message))),
            }
        })
    };
    let heal = p
        .dispatch
        .reform(|_: MouseEvent| MultiMsg::Act(MultiAction::Heal));
    html! {
        <section class="panel" aria-label="Network">
            <h2>{ "Network" }</h2>
            <form class="partition mp-send" {onsubmit}>
                <label for="mp-partition">{ "Partition into groups" }</label>
                <input id="mp-partition" data-testid="partition-input" ref={input} placeholder="n1,c1 | n2,n3"
                    aria-invalid={error.is_some().to_string()} />
                <button type="submit" data-testid="partition">{ "Partition" }</button>
                <button type="button" data-testid="heal" disabled={!partitioned} onclick={heal}>{ "Heal" }</button>
            </form>
            if let Some(e) = &*error {
                <p class="field-error" role="alert" data-testid="partition-error">{ e.clone() }</p>
            }
        </section>
    }
}

/// Props of [`MultiConfigPanel`].
#[derive(Properties, PartialEq, Clone)]
pub struct MultiConfigProps {
    /// The form's starting values.
    pub initial: MultiForm,
    /// Where intents go.
    pub dispatch: Callback<MultiMsg>,
}

/// The Multi-Paxos cluster settings: bad values get a message beside their field and change
/// nothing.
#[function_component(MultiConfigPanel)]
pub fn multi_config_panel(p: &MultiConfigProps) -> Html {
    let form = use_state(|| p.initial.clone());
    let errors = use_state(MultiFormErrors::default);
    let field = |name, label, value, error, set| text_field(&form, name, label, value, error, set);
    let onsubmit = {
        let (form, errors, d) = (form.clone(), errors.clone(), p.dispatch.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match form.parse() {
                Ok((config, seed)) => {
                    errors.set(MultiFormErrors::default());
                    d.emit(MultiMsg::LoadConfig(config, seed));
                }
                Err(e) => errors.set(*e),
            }
        })
    };
    html! {
        <form class="config" data-testid="config" {onsubmit} novalidate=true>
            { field("replicas", "Replicas (1–7)", form.replicas.clone(), errors.replicas.clone(), |f, v| f.replicas = v) }
            { field("acceptors", "Standalone acceptors (0–7; 0: every replica votes)", form.acceptors.clone(), errors.acceptors.clone(), |f, v| f.acceptors = v) }
            { field("clients", "Clients (0–4)", form.clients.clone(), errors.clients.clone(), |f, v| f.clients = v) }
            { field("seed", "Seed", form.seed.clone(), errors.seed.clone(), |f, v| f.seed = v) }
            { field("loss", "Message loss %", form.loss.clone(), errors.loss.clone(), |f, v| f.loss = v) }
            { field("dup", "Duplication %", form.dup.clone(), errors.dup.clone(), |f, v| f.dup = v) }
            { reorder_field(&form, form.reorder, |f, on| f.reorder = on) }
            <p class="hint">{ "No leader at first: send a command, or tell a replica to try to lead." }</p>
            <button type="submit" class="primary" data-testid="cfg-apply">{ "Start this cluster" }</button>
        </form>
    }
}

/// The request the send form describes, or what is wrong with it.
pub fn read_request(
    client: &str,
    op: &str,
    key: &str,
    value: &str,
    new: &str,
    at: &str,
) -> Result<(NodeId, Op, NodeId), String> {
    let client: NodeId = client.parse().map_err(|e| format!("client: {e}"))?;
    let at: NodeId = at.parse().map_err(|e| format!("replica: {e}"))?;
    let word = |what: &str, s: &str| Value::new(s.trim()).map_err(|e| format!("{what}: {e}"));
    let key = word("key", key)?;
    let op = match op {
        "put" => Op::Put {
            key,
            value: word("value", value)?,
        },
        "get" => Op::Get { key },
        "cas" => Op::Cas {
            key,
            expect: word("expected value", value)?,
            new: word("new value", new)?,
        },
        other => return Err(format!("`{other}` is not put, get or cas")),
    };
    Ok((client, op, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_send_form_reads_each_operation_and_names_a_bad_field() {
        let (c, op, at) = read_request("c1", "cas", "x", "1", "2", "n3").unwrap();
        assert_eq!((c, at), (NodeId::client(1), NodeId::node(3)));
        assert_eq!(op.to_string(), "cas x 1 2");
        assert_eq!(
            read_request("c1", "get", " y ", "", "", "n1")
                .unwrap()
                .1
                .to_string(),
            "get y"
        );
        let e = read_request("c1", "put", "x", "two words", "", "n1").unwrap_err();
        assert!(e.starts_with("value: "), "{e}");
        let e = read_request("c1", "cas", "x", "1", "", "n1").unwrap_err();
        assert!(e.starts_with("new value: "), "{e}");
        assert!(read_request("c1", "del", "x", "1", "", "n1").is_err());
    }

    #[test]
    fn the_transport_bar_and_the_keys_map_to_multi_paxos_messages() {
        assert_eq!(transport(Msg::Goto(4)), Some(MultiMsg::Goto(4)));
        assert_eq!(transport(Msg::ToggleHelp), None);
        let key = |k: &str, lecture: bool| {
            crate::shell::key_to_msg(k, false, lecture).and_then(from_page)
        };
        assert_eq!(key("ArrowRight", false), Some(MultiMsg::Step));
        assert_eq!(key("End", false), Some(MultiMsg::Last));
        assert_eq!(key("x", false), None);
        assert_eq!(key("?", false), Some(MultiMsg::ToggleHelp));
        assert_eq!(key("ArrowRight", true), Some(MultiMsg::NextBeat));
        assert_eq!(key("PageUp", true), Some(MultiMsg::PrevBeat));
        assert_eq!(key("b", true), Some(MultiMsg::ToggleBlank));
        assert_eq!(key("Escape", true), Some(MultiMsg::LeaveLecture));
    }
}
