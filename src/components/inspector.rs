//! The inspector: the full state of the selected node or message, and what you can do to it;
//! and the network controls (partition, heal).

use crate::state::{parse_value, Msg, Selection};
use paxos_core::{Membership, Message, ValueSource};
use paxos_sim::script::parse_partition;
use paxos_sim::{Action, View};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`Inspector`].
#[derive(Properties, PartialEq, Clone)]
pub struct InspectorProps {
    /// The snapshot.
    pub view: Rc<View>,
    /// Who is in the cluster.
    pub members: Membership,
    /// What is selected.
    pub selection: Selection,
    /// Where user intents go.
    pub dispatch: Callback<Msg>,
}

fn row(k: &str, v: String) -> Html {
    html! { <><dt>{ k.to_string() }</dt><dd>{ v }</dd></> }
}

fn dash<T: ToString>(x: Option<T>) -> String {
    x.map(|v| v.to_string()).unwrap_or_else(|| "—".into())
}

/// The panel.
#[function_component(Inspector)]
pub fn inspector(p: &InspectorProps) -> Html {
    let value_input = use_node_ref();
    let value_error = use_state(|| None::<String>);
    let partition_input = use_node_ref();
    let partition_error = use_state(|| None::<String>);
    let act = |a: Action| {
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Msg::Act(a.clone())))
    };
    let body = match p.selection {
        Selection::None => html! {
            <p class="hint">{ "Click a node or a message (or Tab to it and press Enter) to see everything it knows and act on it." }</p>
        },
        Selection::Message(id) => match p.view.messages.iter().find(|m| m.id == id) {
            None => html! { <p class="hint">{ "That message is no longer in flight." }</p> },
            Some(m) => {
                let details = match m.payload {
                    Message::Prepare { ballot } => vec![row("ballot", ballot.to_string())],
                    Message::Promise { ballot, last_accepted } => vec![
                        row("ballot", ballot.to_string()),
                        row("highest accepted", dash(last_accepted.map(|(b, v)| format!("{v} at {b}")))),
                    ],
                    Message::Accept { ballot, value, source } => vec![
                        row("ballot", ballot.to_string()),
                        row("value", value.to_string()),
                        row("why this value", match source {
                            ValueSource::Own => "no promise reported an accepted value, so the proposer's own".into(),
                            ValueSource::Adopted { from, ballot } => format!("adopted: {from} had accepted it at {ballot}, the highest ballot among the promises"),
                        }),
                    ],
                    Message::Accepted { ballot, value } => vec![row("ballot", ballot.to_string()), row("value", value.to_string())],
                    Message::Nack { ballot, promised } => vec![row("refused ballot", ballot.to_string()), row("bound by (promised or accepted)", promised.to_string())],
                };
                html! {
                    <>
                    <h3>{ format!("Message #{}: {}", m.id, m.payload.kind()) }</h3>
                    <dl>
                        { row("from", m.from.to_string()) }
                        { row("to", m.to.to_string()) }
                        { for details }
                        { row("sent at step", m.sent_step.to_string()) }
                    </dl>
                    <div class="actions">
                        <button data-testid="deliver" class="primary" onclick={act(Action::Deliver { id })}>{ "Deliver now" }</button>
                        <button data-testid="drop" onclick={act(Action::Drop { id })}>{ "Drop" }</button>
                        <button data-testid="duplicate" onclick={act(Action::Duplicate { id })}>{ "Duplicate" }</button>
                    </div>
                    </>
                }
            }
        },
        Selection::Node(id) => match p.view.nodes.iter().find(|n| n.id == id) {
            None => html! { <p class="hint">{ "No such node." }</p> },
            Some(n) => {
                let mut rows = vec![
                    row("role", n.role.to_string()),
                    row("state", if n.up { "up".into() } else { "crashed".into() }),
                ];
                if let Some(pv) = &n.proposer {
                    rows.push(row("phase", pv.phase.to_string()));
                    rows.push(row("ballot", dash(pv.ballot)));
                    rows.push(row("client's value", dash(pv.own_value)));
                    let names = |v: &Vec<paxos_core::NodeId>| {
                        v.iter()
                            .map(|x| x.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    rows.push(row(
                        "promises",
                        format!(
                            "{} of {} needed {}",
                            pv.promises.len(),
                            pv.promise_quorum,
                            if pv.promises.is_empty() {
                                String::new()
                            } else {
                                format!("({})", names(&pv.promises))
                            }
                        ),
                    ));
                    rows.push(row(
                        "accepted",
                        format!(
                            "{} of {} needed {}",
                            pv.accepts.len(),
                            pv.accept_quorum,
                            if pv.accepts.is_empty() {
                                String::new()
                            } else {
                                format!("({})", names(&pv.accepts))
                            }
                        ),
                    ));
                    rows.push(row(
                        "will propose",
                        match pv.value {
                            None => "—".into(),
                            Some((v, ValueSource::Own)) => {
                                format!("{v}: its own value (no accepted value reported so far)")
                            }
                            Some((v, ValueSource::Adopted { from, ballot })) => {
                                format!("{v}: adopted from {from}, which accepted it at {ballot}")
                            }
                        },
                    ));
                    if let Some(b) = pv.preempted_by {
                        rows.push(row("pre-empted by", b.to_string()));
                    }
                    rows.push(row("timer fires at step", dash(pv.timer)));
                }
                if n.role == "acceptor" || n.role == "node" {
                    rows.push(row("promised", dash(n.promised)));
                    rows.push(row(
                        "accepted",
                        dash(n.accepted.map(|(b, v)| format!("{v} at {b}"))),
                    ));
                }
                if n.role == "learner" || n.role == "node" {
                    rows.push(row(
                        "learned",
                        dash(n.learned.map(|(b, v)| format!("{v} (quorum at {b})"))),
                    ));
                }
                let propose = {
                    let input = value_input.clone();
                    let err = value_error.clone();
                    let d = p.dispatch.clone();
                    Callback::from(move |e: SubmitEvent| {
                        e.prevent_default();
                        let Some(el) = input.cast::<HtmlInputElement>() else {
                            return;
                        };
                        match parse_value(&el.value()) {
                            Ok(value) => {
                                err.set(None);
                                d.emit(Msg::Act(Action::Input(paxos_sim::Propose {
                                    node: id,
                                    value,
                                })));
                            }
                            Err(msg) => err.set(Some(msg)),
                        }
                    })
                };
                let isolate = Action::Partition {
                    groups: vec![vec![id]],
                };
                html! {
                    <>
                    <h3>{ format!("Node {}", n.id) }</h3>
                    <dl>{ for rows }</dl>
                    <div class="actions">
                        if n.up {
                            <button data-testid="crash" onclick={act(Action::Crash { node: id })}>{ "Crash" }</button>
                        } else {
                            <button data-testid="recover" class="primary" onclick={act(Action::Recover { node: id })}>{ "Recover" }</button>
                        }
                        <button data-testid="isolate" onclick={act(isolate)} title="Partition this node from all the others">{ "Isolate" }</button>
                        if n.proposer.is_some() && n.up {
                            <button data-testid="timeout" onclick={act(Action::Timeout { node: id })} disabled={n.proposer.as_ref().and_then(|x| x.timer).is_none()}
                                title="Fire its timer now: it retries with a higher ballot">{ "Fire timeout" }</button>
                        }
                    </div>
                    if n.proposer.is_some() && n.up {
                        <form class="propose" onsubmit={propose}>
                            <label for="propose-value">{ "Propose value" }</label>
                            <input id="propose-value" data-testid="propose-value" ref={value_input} placeholder="e.g. C" maxlength="15"
                                aria-invalid={value_error.is_some().to_string()} />
                            <button data-testid="propose" type="submit">{ "Propose" }</button>
                            if let Some(e) = &*value_error {
                                <p class="field-error" role="alert">{ e.clone() }</p>
                            }
                        </form>
                    }
                    </>
                }
            }
        },
    };
    let partitioned = p.view.nodes.iter().any(|n| n.group.is_some());
    let open = p.selection != Selection::None;
    let close = p
        .dispatch
        .reform(|_: MouseEvent| Msg::Select(Selection::None));
    let on_partition = {
        let input = partition_input.clone();
        let err = partition_error.clone();
        let d = p.dispatch.clone();
        let members = p.members;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(el) = input.cast::<HtmlInputElement>() else {
                return;
            };
            match parse_partition(&el.value(), &members) {
                Ok(groups) => {
                    err.set(None);
                    d.emit(Msg::Act(Action::Partition { groups }));
                }
                Err(e) => err.set(Some(format!("Column {}: {}", e.column, e.message))),
            }
        })
    };
    html! {
        // On a phone an open inspector is a sheet over the bottom of the screen (the
        // stylesheet's `.inspector.open`): the tapped card's actions appear where the thumb
        // is, not a screen further down; its × closes it.
        <section class={classes!("panel", "inspector", open.then_some("open"))} aria-label="Inspector">
            <h2>{ "Inspector" }
                if open {
                    <button class="icon close-sheet" data-testid="inspector-close" onclick={close}
                        aria-label="Close the inspector" title="Close (Esc)">{ "×" }</button>
                }
            </h2>
            { body }
            <h3>{ "Network" }</h3>
            <form class="partition" onsubmit={on_partition}>
                <label for="partition-groups">{ "Partition into groups" }</label>
                <input id="partition-groups" data-testid="partition-input" ref={partition_input} placeholder="p1,a1 | a2,a3"
                    aria-invalid={partition_error.is_some().to_string()} />
                <button type="submit" data-testid="partition">{ "Partition" }</button>
                <button type="button" data-testid="heal" disabled={!partitioned}
                    onclick={act(Action::Heal)}>{ "Heal" }</button>
                if let Some(e) = &*partition_error {
                    <p class="field-error" role="alert">{ e.clone() }</p>
                }
            </form>
        </section>
    }
}
