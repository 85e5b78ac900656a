//! Entry point of the Multi-Paxos widget module (`paxos-viz-multi-widget`, built by Trunk for
//! wasm32 with the `multi-widget` feature only). It mounts nothing: `www/paxos-viz.js` creates
//! a `PaxosMultiWidget` (src/multi/widget.rs) for each `<paxos-viz protocol="multi-paxos">`.

fn main() {
    #[cfg(all(target_arch = "wasm32", feature = "multi-widget"))]
    paxos_viz::multi::widget::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("paxos-viz-multi-widget is part of the web app: run `make serve`");
}
