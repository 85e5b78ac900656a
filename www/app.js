// Starts the full app: compiles the wasm module, whose start function mounts the app into
// #paxos-app. A file rather than Trunk's inline script, so that the app runs under the same
// strict Content-Security-Policy as the widgets (Trunk.toml: pattern_script).
//
// Two modules: single-decree Paxos (paxos-viz-app, which also serves the widgets) and
// Multi-Paxos (paxos-viz-multi). A Multi-Paxos link (`#v2.`) or the protocol choice
// (`#multi-paxos`) loads the second; nothing else does, so a single-decree page never
// downloads it.
const multi = /^#(v2\.|multi-paxos)/.test(location.hash);
const name = multi ? 'paxos-viz-multi' : 'paxos-viz-app';
if (multi) {
  const sheet = document.createElement('link');
  sheet.rel = 'stylesheet';
  sheet.href = new URL('paxos-viz-multi.css', import.meta.url).href;
  document.head.append(sheet);
}
// The wasm download starts now, alongside its glue (index.html has no preload hints, so that
// neither module is fetched for a visitor who needs the other).
const wasm = fetch(new URL(`${name}_bg.wasm`, import.meta.url));
const { default: init } = await import(`./${name}.js`);
await init({ module_or_path: wasm });
