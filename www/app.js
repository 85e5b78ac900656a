// Starts the full app: compiles the wasm module, whose start function mounts the app into
// #paxos-app. A file rather than Trunk's inline script, so that the app runs under the same
// strict Content-Security-Policy as the widgets (Trunk.toml: pattern_script).
import init from './paxos-viz-app.js';

await init({ module_or_path: new URL('paxos-viz-app_bg.wasm', import.meta.url) });
