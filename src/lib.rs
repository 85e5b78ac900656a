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
//! - [`app`]: the page, keyboard shortcuts and autoplay.

pub mod app;
pub mod components;
pub mod export;
pub mod layout;
pub mod scenarios;
pub mod state;

/// Mounts the app on the page's body.
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}
