//! # Paxos, step by step: the web app
//!
//! A Yew front end over `paxos-sim`. The simulation runs entirely in the page; the components
//! draw plain snapshots ([`paxos_sim::View`]) and send intents ([`state::Msg`]) to a reducer
//! that owns the run. Nothing here knows Paxos beyond what it draws.
//!
//! - [`state`]: the model and every change to it, free of Yew (tested natively);
//! - [`layout`]: the geometry of the drawing (tested natively);
//! - [`scenarios`]: the built-in scripts from `scenarios/`, with captions;
//! - [`components`]: the cluster SVG, node cards, message arrows, controls, inspector, log;
//! - [`app`]: the single-decree page; [`multi`]: the Multi-Paxos page and widget;
//! - [`shell`]: what the pages and widgets share around a model (store, keys, address bar);
//! - [`embed`] and [`widget`]: the `<paxos-viz>` element for documentation pages.

pub mod app;
pub mod components;
pub mod embed;
pub mod export;
pub mod layout;
pub mod multi;
pub mod scenarios;
pub mod shell;
pub mod state;
#[cfg(any(feature = "widget", feature = "multi-widget"))]
pub mod widget;

/// Mounts the app into the page's `#paxos-app` element. Pages without one (a documentation
/// page that only loads `paxos-viz.js` for its widgets) get no app: the wasm module runs this
/// when it starts, on every page that loads it.
pub fn start() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("paxos-app"));
    if let Some(root) = root {
        yew::Renderer::<app::App>::with_root(root).render();
    }
}
