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
    };
    let root = container(true);
    yew::Renderer::<MessageArrow>::with_root_and_props(root.clone(), props).render();
    settle().await;
    let g = root
        .query_selector("[data-testid=msg-7]")
        .unwrap()
        .expect("msg-7 rendered");
    assert_eq!(g.get_attribute("data-kind").as_deref(), Some("Promise"));
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
    };
    let root = container(false);
    yew::Renderer::<Controls>::with_root_and_props(root.clone(), props).render();
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
}
