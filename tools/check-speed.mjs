// The checker's speed in the page's Web Worker, for BENCHMARKS.md:
//   node tools/check-speed.mjs        (make bench-check; after trunk build --release)
// Runs the worker (www/check-worker.js) straight from the release build in headless Chromium
// on the configurations of the native benchmark and prints states per second, bytes per state
// and the time to each gallery bug. Compare with `cargo bench --bench check` natively.
import { serve, launch } from "../tests/e2e/harness.mjs";

const server = await serve();
const browser = await launch();
const page = await browser.newPage();
page.on("console", (m) => console.error(`console: ${m.text()}`));
page.on("pageerror", (e) => console.error(`pageerror: ${e}`));
page.on("crash", () => console.error("the page crashed"));
await page.goto(`${server.url}index.html#check-speed`);

const CONFIGS = JSON.parse(process.argv[2] ?? "null") ?? [
  { name: "single-decree 3x2 round 1", request: { protocol: "single-decree", acceptors: 3, proposers: 2, "max-round": 1 } },
  { name: "single-decree 3x2 round 1, bug ignore-promises", request: { protocol: "single-decree", acceptors: 3, proposers: 2, "max-round": 1, bugs: { ignore_promised_values: true } } },
];

for (const { name, request } of CONFIGS) {
  const result = await page.evaluate(async (request) => {
    const worker = new Worker(new URL("check-worker.js", document.baseURI), { type: "module" });
    const t0 = performance.now();
    let first = null;
    const out = await new Promise((resolve) => {
      worker.onmessage = (e) => {
        const m = e.data;
        if (m.type === "error") resolve({ error: m.message });
        if (m.type !== "progress") return;
        if (first === null) first = performance.now() - t0;
        if (m.progress.verdict) resolve({ ...m.progress.verdict, bytes: m.progress.bytes, elapsedMs: m.elapsedMs, depth: m.progress.depth });
      };
      worker.postMessage({ type: "start", request });
    });
    worker.terminate();
    return { ...out, firstMs: first, wallMs: performance.now() - t0 };
  }, request);
  const rate = result.states / (result.elapsedMs / 1000);
  console.log(`${name}: ${result.summary ?? result.error}; ${result.states} states in ${(result.elapsedMs / 1000).toFixed(2)} s = ${Math.round(rate)} states/s; ~${Math.round(result.bytes / Math.max(1, result.states))} B/state at the end; first progress after ${Math.round(result.firstMs)} ms`);
}
await browser.close();
server.close();
