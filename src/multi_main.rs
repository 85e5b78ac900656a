//! Entry point of the Multi-Paxos module (`paxos-viz-multi`, built by Trunk for wasm32 without
//! the widget's exports). `www/app.js` loads it instead of the single-decree module when the
//! address asks for a Multi-Paxos run; its start mounts the Multi-Paxos page into
//! `#paxos-app`.

fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        let root = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("paxos-app"));
        if let Some(root) = root {
            yew::Renderer::<paxos_viz::multi::app::MultiApp>::with_root(root).render();
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("paxos-viz-multi is part of the web app: run `make serve`");
}
