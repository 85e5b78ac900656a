//! Entry point of the web app (built by Trunk for wasm32).

fn main() {
    #[cfg(target_arch = "wasm32")]
    paxos_viz::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("paxos-viz is a web app: run `make serve` and open http://127.0.0.1:8080");
}
