//! `<paxos-viz protocol="multi-paxos">`: a Multi-Paxos run in a widget. The element, its
//! attributes and its transport are the single-decree widget's ([`crate::widget`]); this
//! is what differs: the model, and what is drawn (the safety and linearizability badges,
//! the cluster with its messages, the log). The Multi-Paxos module exports it as
//! `PaxosMultiWidget`; the loader creates one for an element whose `protocol` is
//! `multi-paxos` (or whose `run` is a `v2.` link).

use super::app::{from_page, node_buttons, LogGrid};
use super::drawing::MultiCluster;
use super::{MultiModel, MultiMsg};
use crate::components::spacetime::StEvent;
use crate::embed::{ControlsLevel, Options};
use crate::state::{Msg, Selection};
use crate::widget::Kind;
use paxos_core::NodeId;
use paxos_sim::multi_paxos::view::MultiView;
use paxos_sim::multi_paxos::MultiAction;
use std::rc::Rc;
use yew::prelude::*;

/// Multi-Paxos in a widget.
pub struct Multi;

impl Kind for Multi {
    type Model = MultiModel;
    type Msg = MultiMsg;
    fn from_page(msg: Msg) -> Option<MultiMsg> {
        from_page(msg)
    }
    fn position(m: &MultiModel) -> (usize, usize, bool, u32) {
        (m.sim.step(), m.sim.len(), m.playing, m.speed)
    }
    fn link(m: &MultiModel) -> String {
        m.link()
    }
    fn sentences(m: &MultiModel) -> Vec<String> {
        m.step_sentences()
    }
    fn st_event(e: StEvent) -> MultiMsg {
        super::app::multi_st_event(e)
    }
    fn body(
        m: &MultiModel,
        o: &Options,
        d: &Callback<MultiMsg>,
        st: &Callback<StEvent>,
        corner: Html,
    ) -> Html {
        let view = Rc::new(m.sim.view());
        let safe = view.violations.is_empty();
        let selected = m
            .selection
            .and_then(|id| view.messages.iter().find(|e| e.id == id));
        let send = |msg: MultiMsg| d.reform(move |_: MouseEvent| msg.clone());
        html! {
            <>
            <div class="status mp-status" role="status">
                <span class={classes!("badge", if safe { "ok" } else { "bad" })} data-testid="safety" data-ok={safe.to_string()}>
                    { if safe { "Safe".to_string() } else { format!("UNSAFE: {}", view.violations[0]) } }
                </span>
                <span class={classes!("badge", if view.history.linearizable { "ok" } else { "bad" })}
                    data-testid="linearizable" data-ok={view.history.linearizable.to_string()}
                    title="Could one sequential key-value store have answered what the clients saw?">
                    { if view.history.linearizable { "linearizable" } else { "NOT linearizable" } }
                </span>
                if o.caption {
                    if let Some(c) = m.caption() {
                        <p class="caption" data-testid="caption">{ c.to_string() }</p>
                    }
                }
                if let Some(n) = &m.notice {
                    <p class="notice" data-testid="notice">{ n.clone() }</p>
                }
            </div>
            <div class={classes!("pv-body", "mp-body", format!("pv-view-{}", o.view.name()))}>
                if o.view.cluster() {
                    <div class="pv-drawing">
                        <MultiCluster view={view.clone()} selection={m.selection} hover={m.hover} dispatch={d.clone()} compact=true />
                        if o.controls == ControlsLevel::Full && selected.is_none() && m.inspect.is_none() {
                            <div class="pv-tip">{ "Click a node or a message to act on it" }</div>
                        }
                        if !o.view.spacetime() {
                            { corner.clone() }
                        }
                    </div>
                }
                if o.view.spacetime() {
                    { crate::widget::widget_diagram(m.diagram(), m.sim.step(),
                        m.selection.map_or(Selection::None, Selection::Message), m.hover, st, corner) }
                }
                // This widget's module has no checker (its bytes stay small): the full app's does.
                if o.check {
                    <a class="pv-check" data-testid="check-open" target="_blank" rel="noopener"
                        href={format!("{}index.html#multi-paxos/check", crate::shell::app_folder())}
                        title="Check every reachable state, in the full app">{ "Check ↗" }</a>
                }
                if let (None, Some(id), true) = (selected, m.inspect, o.controls == ControlsLevel::Full) {
                    <div class="pv-side" data-testid="widget-inspector">
                        <button class="pv-close" onclick={send(MultiMsg::Inspect(None))} aria-label="Close" title="Close (Esc)">{ "✕" }</button>
                        <section class="panel">
                            <h2>{ format!("Node {id}") }</h2>
                            { node_summary(&view, id) }
                            { node_buttons(id, node_up(&view, id), view.replicas.iter().any(|r| r.id == id), d) }
                        </section>
                    </div>
                }
                if let (Some(e), true) = (selected, o.controls == ControlsLevel::Full) {
                    <div class="pv-side" data-testid="widget-inspector">
                        <button class="pv-close" onclick={send(MultiMsg::Select(None))} aria-label="Close" title="Close (Esc)">{ "✕" }</button>
                        <section class="panel">
                            <h2>{ format!("Message #{}", e.id) }</h2>
                            <p class="mp-msg">{ format!("{} → {}: {}", e.from, e.to, e.payload) }</p>
                            <div class="mp-actions">
                                <button data-testid={format!("deliver-{}", e.id)} class="primary" onclick={send(MultiMsg::Act(MultiAction::Deliver { id: e.id }))}>{ "Deliver" }</button>
                                <button data-testid={format!("drop-{}", e.id)} onclick={send(MultiMsg::Act(MultiAction::Drop { id: e.id }))}>{ "Drop" }</button>
                                <button data-testid={format!("duplicate-{}", e.id)} onclick={send(MultiMsg::Act(MultiAction::Duplicate { id: e.id }))}>{ "Duplicate" }</button>
                            </div>
                        </section>
                    </div>
                }
            </div>
            <LogGrid view={view} compact=true />
            </>
        }
    }
}

/// Whether node `id` is up.
fn node_up(v: &MultiView, id: NodeId) -> bool {
    v.replicas
        .iter()
        .map(|r| (r.id, r.up))
        .chain(v.acceptors.iter().map(|a| (a.id, a.up)))
        .find(|(n, _)| *n == id)
        .is_some_and(|(_, up)| up)
}

/// One line on a node, for the widget's side panel.
fn node_summary(v: &MultiView, id: NodeId) -> Html {
    let text = match v.replicas.iter().find(|r| r.id == id) {
        Some(r) => format!(
            "{}{}; applied {} slot(s); store {}",
            match r.leadership.role {
                paxos_core::multi::replica::Role::Leader => "leader",
                paxos_core::multi::replica::Role::Candidate => "candidate",
                paxos_core::multi::replica::Role::Follower => "follower",
            },
            r.leadership
                .ballot
                .map(|b| format!(" at {b}"))
                .unwrap_or_default(),
            r.applied,
            if r.store.is_empty() {
                "empty".to_string()
            } else {
                r.store_text()
            }
        ),
        None => match v.acceptors.iter().find(|a| a.id == id) {
            Some(a) => format!(
                "acceptor; promised {}",
                a.promised
                    .map(|b| b.to_string())
                    .unwrap_or_else(|| "nothing".into())
            ),
            None => String::new(),
        },
    };
    html! { <p class="mp-msg">{ text }</p> }
}

#[cfg(feature = "multi-widget")]
crate::widget_export!(PaxosMultiWidget, Multi);

/// The widget module's start (`src/multi_widget_main.rs`). There is nothing to mount: the
/// loader creates the widgets. But a binary that never names the library does not link it,
/// export and all; calling this is what names it.
#[cfg(feature = "multi-widget")]
pub fn start() {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::snippets;

    fn parse(attrs: &[(&str, &str)]) -> Options {
        crate::embed::parse_attrs(attrs).unwrap()
    }

    #[test]
    fn a_multi_paxos_widget_opens_its_scenario_at_its_step() {
        let o = parse(&[
            ("protocol", "multi-paxos"),
            ("scenario", "leader-crash-recovery"),
            ("step", "12"),
        ]);
        let m: MultiModel = o.model(None).unwrap();
        assert_eq!(m.sim.step(), 12);
        assert_eq!(m.scenario, Some("02-leader-crash-recovery"));
        let len = m.sim.len();
        let o = parse(&[("protocol", "multi-paxos"), ("step", "9999")]);
        let e = o.model::<MultiModel>(None).err().unwrap();
        assert!(e.starts_with("step=\"9999\": this run has"), "{e}");
        assert!(len > 12);
        // A script of Multi-Paxos, and its errors with their line.
        let o = parse(&[
            ("protocol", "multi-paxos"),
            ("script", "cluster nodes=3 clients=1 protocol=multi-paxos\nelect n1\nstabilize\nclient c1 put x 1 at n1\nstabilize\n"),
        ]);
        let m: MultiModel = o.model(None).unwrap();
        assert!(m.sim.len() > 3);
        let o = parse(&[
            ("protocol", "multi-paxos"),
            (
                "script",
                "cluster nodes=3 clients=1 protocol=multi-paxos\nfrobnicate\n",
            ),
        ]);
        let e = o.model::<MultiModel>(None).err().unwrap();
        assert!(e.starts_with("script: ") && e.contains("line 2"), "{e}");
    }

    #[test]
    fn multi_paxos_snippets_carry_the_protocol_and_reopen_the_same_state() {
        let mut m = MultiModel::scenario("02-leader-crash-recovery").unwrap();
        m.update(MultiMsg::Goto(7));
        let (widget, iframe) = snippets("https://x.org/p/", &m);
        assert!(
            widget.contains(
                "<paxos-viz protocol=\"multi-paxos\" scenario=\"leader-crash-recovery\" step=\"7\""
            ),
            "{widget}"
        );
        assert!(
            iframe.contains(
                "embed.html?protocol=multi-paxos&amp;scenario=leader-crash-recovery&amp;step=7"
            ),
            "{iframe}"
        );
        let again: MultiModel = parse(&[
            ("protocol", "multi-paxos"),
            ("scenario", "leader-crash-recovery"),
            ("step", "7"),
        ])
        .model(None)
        .unwrap();
        assert_eq!(again.sim.view(), m.sim.view());

        // Steered by hand: the snippet carries the run as a v2 link, which opens alone.
        let victim = m.sim.view().messages[0].id;
        m.update(MultiMsg::Act(MultiAction::Drop { id: victim }));
        let (widget, _) = snippets("/", &m);
        let run = crate::embed::run_attr(&widget);
        assert!(run.starts_with("v2."), "{widget}");
        let step = m.sim.step().to_string();
        let pasted: MultiModel = parse(&[("run", run), ("step", &step)]).model(None).unwrap();
        assert_eq!(pasted.sim.view(), m.sim.view());
        assert_eq!(pasted.caption(), m.caption());
    }
}
