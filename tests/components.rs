//! Component tests in a real browser (headless Chromium through wasm-bindgen-test-runner):
//! the node card, the message arrow and the controls render the documented `data-testid`
//! interface and call back with the right intents.
#![cfg(target_arch = "wasm32")]

use paxos_core::{Ballot, Message, NodeId, Value};
use paxos_sim::{Action, Config, Envelope, Sim};
use paxos_viz::components::controls::{Controls, ControlsProps};
use paxos_viz::components::message::{MessageArrow, MessageProps};
use paxos_viz::components::node::{NodeCard, NodeProps};
use paxos_viz::layout::{arrows, Geometry};
use paxos_viz::state::Msg;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh container in the document.
fn container(svg: bool) -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el = if svg {
        doc.create_element_ns(Some("http://www.w3.org/2000/svg"), "svg")
            .unwrap()
    } else {
        doc.create_element("div").unwrap()
    };
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

async fn settle() {
    yew::platform::time::sleep(std::time::Duration::from_millis(30)).await;
}

fn sim_after(actions: &[Action]) -> Sim {
    let mut sim = Sim::new(Config::separate(2, 3, 1), 1).unwrap();
    let mut ev = Vec::new();
    for a in actions {
        sim.apply(a.clone(), &mut ev).unwrap();
    }
    sim
}

#[wasm_bindgen_test]
async fn node_card_shows_acceptor_state_and_reports_clicks() {
    let propose = Action::Input(paxos_sim::Propose {
        node: NodeId::proposer(1),
        value: Value::new("A").unwrap(),
    });
    // Deliver the Prepare to a1, then crash a1: it keeps its promise.
    let sim = sim_after(&[
        propose,
        Action::Deliver { id: 1 },
        Action::Crash {
            node: NodeId::acceptor(1),
        },
    ]);
    let view = sim.view();
    let geom = Geometry::new(sim.world().members());
    let node = view
        .nodes
        .iter()
        .find(|n| n.id == NodeId::acceptor(1))
        .unwrap()
        .clone();
    let bx = *geom.node(node.id).unwrap();
    let clicked = Rc::new(RefCell::new(None));
    let c = clicked.clone();
    let props = NodeProps {
        node,
        bx,
        selected: true,
        in_quorum: false,
        violating: false,
        onselect: Callback::from(move |id| *c.borrow_mut() = Some(id)),
        highlighted: true,
        onhover: Callback::noop(),
        fitted: false,
    };
    let root = container(true);
    yew::Renderer::<NodeCard>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let g = root
        .query_selector("[data-testid=node-a1]")
        .unwrap()
        .expect("node-a1 rendered");
    assert_eq!(g.get_attribute("data-role").as_deref(), Some("acceptor"));
    assert_eq!(g.get_attribute("data-state").as_deref(), Some("crashed"));
    // Lit from the space-time diagram.
    assert_eq!(g.get_attribute("data-highlight").as_deref(), Some("true"));
    assert_eq!(g.get_attribute("data-promised").as_deref(), Some("1.p1"));
    assert_eq!(g.get_attribute("data-accepted").as_deref(), Some(""));
    let text = g.text_content().unwrap();
    assert!(text.contains("CRASHED"), "{text}");
    assert!(text.contains("promised 1.p1"), "{text}");
    assert!(g
        .get_attribute("class")
        .unwrap()
        .split_whitespace()
        .any(|c| c == "selected"));
    g.dispatch_event(&web_sys::MouseEvent::new("click").unwrap())
        .unwrap();
    settle().await;
    assert_eq!(*clicked.borrow(), Some(NodeId::acceptor(1)));
}

#[wasm_bindgen_test]
async fn message_arrow_has_the_documented_attributes_and_label() {
    let b = Ballot::new(2, NodeId::proposer(1));
    let msg = Envelope {
        id: 7,
        from: NodeId::acceptor(2),
        to: NodeId::proposer(1),
        payload: Message::Promise {
            ballot: b,
            last_accepted: Some((
                Ballot::new(1, NodeId::proposer(2)),
                Value::new("A").unwrap(),
            )),
        },
        sent_step: 3,
    };
    let geom = Geometry::new(&paxos_core::Membership::separate(2, 3, 1));
    let label = format!("#7 {}", paxos_viz::components::message::label(&msg));
    let arrow = arrows(&geom, &[msg], std::slice::from_ref(&label)).remove(0);
    let clicked = Rc::new(RefCell::new(None));
    let c = clicked.clone();
    let props = MessageProps {
        msg,
        arrow,
        label,
        selected: false,
        fresh: true,
        onselect: Callback::from(move |id| *c.borrow_mut() = Some(id)),
        highlighted: false,
        onhover: Callback::noop(),
    };
    let root = container(true);
    yew::Renderer::<MessageArrow>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let g = root
        .query_selector("[data-testid=msg-7]")
        .unwrap()
        .expect("msg-7 rendered");
    assert_eq!(g.get_attribute("data-kind").as_deref(), Some("Promise"));
    assert_eq!(g.get_attribute("data-highlight"), None, "not lit");
    assert_eq!(g.get_attribute("data-from").as_deref(), Some("a2"));
    assert_eq!(g.get_attribute("data-to").as_deref(), Some("p1"));
    assert_eq!(g.get_attribute("data-ballot").as_deref(), Some("2.p1"));
    assert_eq!(g.text_content().unwrap(), "#7 Promise 2.p1 acc=1.p2:A");
    g.dispatch_event(&web_sys::MouseEvent::new("click").unwrap())
        .unwrap();
    settle().await;
    assert_eq!(*clicked.borrow(), Some(7));
}

#[wasm_bindgen_test]
async fn controls_send_intents_and_show_the_step() {
    let sent = Rc::new(RefCell::new(Vec::new()));
    let s = sent.clone();
    let props = ControlsProps {
        step: 0,
        len: 12,
        playing: false,
        speed: 2,
        dispatch: Callback::from(move |m| s.borrow_mut().push(m)),
        broken_at: None,
    };
    let root = container(false);
    yew::Renderer::<Controls>::with_root_and_props(root.clone(), props.clone()).render();
    settle().await;
    let get = |id: &str| {
        root.query_selector(&format!("[data-testid={id}]"))
            .unwrap()
            .unwrap_or_else(|| panic!("{id} missing"))
    };
    assert_eq!(get("step-counter").text_content().unwrap(), "Step 0 / 12");
    assert!(
        get("back").has_attribute("disabled"),
        "Back is disabled at step 0"
    );
    for id in ["step", "play", "reset"] {
        get(id).dyn_into::<HtmlElement>().unwrap().click();
    }
    settle().await;
    assert_eq!(*sent.borrow(), vec![Msg::Step, Msg::TogglePlay, Msg::Reset]);
    assert_eq!(get("timeline").get_attribute("max").as_deref(), Some("12"));
    assert!(root
        .query_selector("[data-testid=broken-at]")
        .unwrap()
        .is_none());

    // A counterexample's breaking step: marked, and one click away.
    let marked = container(false);
    let props = ControlsProps {
        broken_at: Some(9),
        ..props
    };
    yew::Renderer::<Controls>::with_root_and_props(marked.clone(), props).render();
    settle().await;
    let button = marked
        .query_selector("[data-testid=broken-at]")
        .unwrap()
        .expect("the breaking step is marked");
    assert_eq!(button.get_attribute("data-step").as_deref(), Some("9"));
    assert!(marked
        .query_selector(".broken-tick rect")
        .unwrap()
        .is_some());
    button.dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    assert_eq!(sent.borrow().last(), Some(&Msg::Goto(9)));
}

/// The Multi-Paxos run of a built-in scenario, at its end.
fn multi_view(name: &str) -> paxos_sim::multi_paxos::MultiView {
    let s = paxos_viz::scenarios::Scenario::named_multi(name).unwrap();
    paxos_sim::lecture::play_multi(s.text).unwrap().sim.view()
}

fn attr(root: &Element, testid: &str, name: &str) -> Option<String> {
    root.query_selector(&format!("[data-testid={testid}]"))
        .unwrap()
        .unwrap_or_else(|| panic!("{testid} rendered"))
        .get_attribute(name)
}

#[wasm_bindgen_test]
async fn log_rows_show_votes_choices_no_ops_and_the_recovered_window() {
    use paxos_viz::multi::app::{LogGrid, LogGridProps};
    let view = Rc::new(multi_view("02-leader-crash-recovery"));
    let root = container(false);
    yew::Renderer::<LogGrid>::with_root_and_props(
        root.clone(),
        LogGridProps {
            view,
            compact: false,
        },
    )
    .render();
    settle().await;
    // n1 voted for c2's put in slot 2, where a no-op was chosen: not marked chosen.
    assert_eq!(
        attr(&root, "slot-n1-2", "data-accepted").as_deref(),
        Some("1.n1:put(y,2)")
    );
    assert_eq!(
        attr(&root, "slot-n1-2", "data-chosen").as_deref(),
        Some("false")
    );
    assert_eq!(
        attr(&root, "slot-n1-2", "data-applied").as_deref(),
        Some("false")
    );
    // n2, the new leader, filled the gap with a no-op it recovered in phase 1.
    for (name, want) in [
        ("data-noop", "true"),
        ("data-chosen", "true"),
        ("data-applied", "true"),
        ("data-accepted", "2.n2:noop"),
    ] {
        assert_eq!(
            attr(&root, "slot-n2-2", name).as_deref(),
            Some(want),
            "{name}"
        );
    }
    let classes = attr(&root, "slot-n2-2", "class").unwrap();
    assert!(
        classes.contains("mp-recovered") && classes.contains("mp-noop"),
        "{classes}"
    );
    assert!(!attr(&root, "slot-n2-4", "class")
        .unwrap()
        .contains("mp-recovered"));
    // Every row has the same slots, so columns line up.
    let cells = root.query_selector_all("td.slot").unwrap().length();
    assert_eq!(cells, 3 * 4);
    let text = root.text_content().unwrap();
    assert!(text.contains("put(z,3)"), "{text}");
}

#[wasm_bindgen_test]
async fn a_store_table_lists_its_keys_and_highlights_the_last_write() {
    use paxos_viz::multi::app::{StoreTable, StoreTableProps};
    let view = multi_view("02-leader-crash-recovery");
    let replica = Rc::new(view.replicas[1].clone());
    let root = container(false);
    yew::Renderer::<StoreTable>::with_root_and_props(root.clone(), StoreTableProps { replica })
        .render();
    settle().await;
    assert_eq!(
        attr(&root, "kv-n2", "data-store").as_deref(),
        Some("x=1,y=2,z=3")
    );
    let rows = root.query_selector_all("tr").unwrap();
    assert_eq!(rows.length(), 3);
    let changed = root
        .query_selector("tr.changed")
        .unwrap()
        .expect("a changed row");
    assert_eq!(
        changed.text_content().as_deref(),
        Some("y2"),
        "slot 4 wrote y"
    );
    // An empty store says so.
    let empty = Rc::new(view.replicas[0].clone());
    let root = container(false);
    yew::Renderer::<StoreTable>::with_root_and_props(
        root.clone(),
        StoreTableProps { replica: empty },
    )
    .render();
    settle().await;
    assert_eq!(attr(&root, "kv-n1", "data-store").as_deref(), Some(""));
    assert!(root.text_content().unwrap().contains("empty"));
}
