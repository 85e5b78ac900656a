// Page figures for BENCHMARKS.md, measured on the release build in headless Chromium:
//   node tools/measure.mjs            (make bench-page)
// 1. bundle size: wasm + JS + CSS, raw and gzip;
// 2. time from navigation to the app's first render of the cluster, in the page and on screen
//    (the first contentful paint), medians of 10 cold loads;
// 3. step latency: click on Step to the updated DOM (and to the laid-out DOM), median and p95
//    over 200 steps of a 5-acceptor, 2-proposer cluster (STEP_TIMER says how it is timed);
// 4. scrubbing the timeline across a 5,000-step history: the longest frame;
// 5. the Multi-Paxos page: first render, cold, and step latency over 200 steps of a
//    5-replica, 3-client cluster whose clients keep sending puts.
// Bundles are reported per visitor: what each kind of page downloads before its first render.
// DIST_DIR=folder measures another build (an A/B comparison against a worktree's dist/).
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { serve, launch, timeFirstRender, DIST as BUILT } from "../tests/e2e/harness.mjs";

const DIST = process.env.DIST_DIR || BUILT;

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const median = (xs) => pct(xs, 50);

// 1. Bundle.
let raw = 0, gz = 0;
for (const f of fs.readdirSync(DIST)) {
  if (!/\.(wasm|js|css)$/.test(f)) continue;
  const data = fs.readFileSync(path.join(DIST, f));
  const g = zlib.gzipSync(data, { level: 9 }).length;
  raw += data.length;
  gz += g;
  console.log(`bundle ${f}: ${data.length} B raw, ${g} B gzip`);
}
console.log(`bundle total: ${raw} B (${kb(raw)}) raw, ${gz} B (${kb(gz)}) gzip`);
const gzOf = (f) => zlib.gzipSync(fs.readFileSync(path.join(DIST, f)), { level: 9 }).length;
for (const [who, files] of [
  ["the single-decree page", ["app.js", "paxos-viz-app.js", "paxos-viz-app_bg.wasm", "paxos-viz.css"]],
  ["the Multi-Paxos page", ["app.js", "paxos-viz-multi.js", "paxos-viz-multi_bg.wasm", "paxos-viz.css", "paxos-viz-multi.css"]],
  ["a page of single-decree widgets", ["paxos-viz.js", "paxos-viz-app.js", "paxos-viz-app_bg.wasm", "paxos-viz.css"]],
  ["a page of Multi-Paxos widgets", ["paxos-viz.js", "paxos-viz-multi-widget.js", "paxos-viz-multi-widget_bg.wasm", "paxos-viz.css", "paxos-viz-multi.css"]],
]) {
  const sizes = files.map(gzOf);
  console.log(`visitor: ${who}: ${sizes.reduce((a, b) => a + b, 0)} B gzip (${files.map((f, i) => `${f} ${sizes[i]}`).join(", ")})`);
}

/** Defines `window.__timedStep(counter, button, measure)` in a page: one click on Step, timed.
 *  It starts on an idle page, as a person's click does: after the last frame has been painted
 *  (a message posted from a frame callback arrives after that frame's paint), so the previous
 *  step's rendering and animations are not charged to this one. It returns null when the
 *  counter did not change (nothing could happen), else `{ dom, layout }` in ms:
 *  - dom: click to the updated DOM, seen by a MutationObserver on the step counter (Yew renders
 *    in a microtask after the click, and the observer's callback runs right after it). Polling
 *    with `setTimeout(0)`, as this script did before 2026-12-03, added the browser's 4 ms clamp
 *    on nested timers and any frame rendered meanwhile to every figure;
 *  - layout: the same plus the browser's style and layout of that DOM, forced by reading a
 *    size (paint, which follows at the next frame, is in the CPU profile, not here).
 *  With `measure` false it skips the wait for a painted frame (building a long history fast). */
const STEP_TIMER = () => {
  const painted = () =>
    new Promise((r) =>
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => r();
        ch.port2.postMessage(0);
      }),
    );
  window.__timedStep = async (counter, button, measure) => {
    if (measure) await painted();
    const before = counter.textContent;
    let dom = null;
    const seen = new Promise((resolve) => {
      const obs = new MutationObserver(() => {
        if (counter.textContent !== before) {
          dom = performance.now() - t0;
          obs.disconnect();
          resolve();
        }
      });
      obs.observe(counter, { childList: true, characterData: true, subtree: true });
      setTimeout(() => { obs.disconnect(); resolve(); }, 200);
    });
    const t0 = performance.now();
    button.click();
    await seen;
    if (dom === null) return null;
    document.body.getBoundingClientRect();
    return { dom, layout: performance.now() - t0 };
  };
};

/** Prints a step-latency line: click to the updated DOM, and to the laid-out DOM. */
function report(what, config, times) {
  const dom = times.map((t) => t.dom), layout = times.map((t) => t.layout);
  console.log(`${what} over ${times.length} steps (${config}): click to updated DOM median ${median(dom).toFixed(2)} ms, p95 ${pct(dom, 95).toFixed(2)} ms, max ${Math.max(...dom).toFixed(2)} ms; to the laid-out DOM median ${median(layout).toFixed(2)} ms, p95 ${pct(layout, 95).toFixed(2)} ms`);
}

const server = await serve(DIST);
const browser = await launch();
try {
  // 2. First render, cold: a new context (empty cache) per load.
  console.log(`first render: ${await firstRender(server.url, '[data-testid="node-a1"]')}`);

  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: process.env.REDUCED ? "reduce" : "no-preference" });
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="cluster"]');
  // A 5-acceptor, 2-proposer cluster from the settings form.
  await page.click(".settings summary");
  await page.fill('[data-testid="cfg-acceptors"]', "5");
  await page.fill('[data-testid="cfg-proposers"]', "2");
  await page.click('[data-testid="cfg-apply"]');

  // In the page: one Step click, timed until the step counter changes. When nothing more can
  // happen, a client proposes a new value to p1 (through the inspector) and the run goes on.
  await page.evaluate(STEP_TIMER);
  await page.evaluate(() => {
    const q = (id) => document.querySelector(`[data-testid="${id}"]`);
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    let n = 0;
    window.__step = (measure) => window.__timedStep(q("step-counter"), q("step"), measure);
    window.__propose = async () => {
      q("node-p1").dispatchEvent(new MouseEvent("click", { bubbles: true }));
      await frame();
      const input = q("propose-value");
      input.value = `v${++n}`;
      q("propose").click();
      await frame();
    };
    window.__run = async (steps, measure) => {
      const times = [];
      while (times.length < steps) {
        const t = await window.__step(measure);
        if (t === null) await window.__propose();
        else times.push(t);
        if (!measure && times.length % 50 === 0) await frame();
      }
      return times;
    };
  });
  // 3. Step latency over 200 steps.
  const times = await page.evaluate(() => window.__run(200, true));
  report("step latency", "5 acceptors, 2 proposers", times);

  await multiPaxos();
  if (process.env.STEPS_ONLY) process.exit(0);
  // 4. Grow the history to 5,000 steps, then scrub across it.
  const t0 = Date.now();
  await page.evaluate(() => window.__run(4800, false));
  const len = Number((await page.textContent('[data-testid="step-counter"]')).match(/\/ (\d+)/)[1]);
  console.log(`built a history of ${len} steps in ${((Date.now() - t0) / 1000).toFixed(1)} s by clicking Step`);
  const frames = await page.evaluate(async (len) => {
    const slider = document.querySelector('[data-testid="timeline"]');
    const frame = () => new Promise((r) => requestAnimationFrame((t) => r(t)));
    const out = [];
    let last = await frame();
    // Drag the thumb from one end to the other and back, one input event per frame.
    const positions = [];
    for (let i = 0; i <= 100; i++) positions.push(Math.round((len * i) / 100));
    for (let i = 100; i >= 0; i--) positions.push(Math.round((len * i) / 100));
    for (const p of positions) {
      slider.value = String(p);
      slider.dispatchEvent(new Event("input", { bubbles: true }));
      const now = await frame();
      out.push(now - last);
      last = now;
    }
    return out;
  }, len);
  // Frames come in whole vsync intervals (16.7 ms): one over 20 ms missed at least one.
  const missed = frames.filter((f) => f > 20).length;
  console.log(`scrubbing ${len} steps, ${frames.length} positions: median frame ${median(frames).toFixed(1)} ms, longest ${Math.max(...frames).toFixed(1)} ms, ${missed} frames missed a vsync`);
} finally {
  await browser.close();
  await server.close();
}

/** Milliseconds from navigation until the app's first render has put `selector` in the page,
 *  and until it is on screen, over 10 cold loads (a new context, so an empty cache, per load; one
 *  with STEPS_ONLY), as a line of medians, minima and maxima; see `timeFirstRender`. */
async function firstRender(url, selector) {
  const paint = [], app = [];
  for (let i = 0; i < (process.env.STEPS_ONLY ? 1 : 10); i++) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const t = await timeFirstRender(await ctx.newPage(), url, selector);
    paint.push(t.paint);
    app.push(t.app);
    await ctx.close();
  }
  const line = (xs) => `median ${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`;
  return `in the page ${line(app)}; on screen ${line(paint)}; over ${paint.length} cold loads`;
}

/** 5. The Multi-Paxos page: first render, cold, and step latency with 5 replicas, 3 clients. */
async function multiPaxos() {
  console.log(`Multi-Paxos first render: ${await firstRender(`${server.url}#multi-paxos`, '[data-testid="log"]')}`);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: process.env.REDUCED ? "reduce" : "no-preference" });
  await page.goto(`${server.url}#multi-paxos`);
  await page.waitForSelector('[data-testid="log"]');
  await page.click(".settings summary");
  await page.fill('[data-testid="cfg-replicas"]', "5");
  await page.fill('[data-testid="cfg-clients"]', "3");
  await page.click('[data-testid="cfg-apply"]');
  await page.waitForSelector('[data-testid="node-n5"]');
  await page.evaluate(STEP_TIMER);
  const result = await page.evaluate(async () => {
    const q = (id) => document.querySelector(`[data-testid="${id}"]`);
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    let n = 0;
    let inFlight = 0;
    const step = () => window.__timedStep(q("step-counter"), q("step"), true);
    // Every idle client sends a put to a replica, round robin.
    const send = async () => {
      for (const c of ["c1", "c2", "c3"]) {
        if (q(`client-${c}`).dataset.pending) continue;
        const form = q("request-form");
        form.querySelector("[name=client]").value = c;
        form.querySelector("[name=at]").value = `n${(n % 5) + 1}`;
        q("request-key").value = `k${n % 4}`;
        q("request-value").value = `v${++n}`;
        q("send-request").click();
        await frame();
      }
    };
    await send();
    const times = [];
    while (times.length < 200) {
      const t = await step();
      if (t === null) await send();
      else times.push(t);
      inFlight = Math.max(inFlight, document.querySelectorAll('[data-testid^="msg-"]').length);
      if (times.length % 10 === 0) await send();
    }
    return { times, inFlight };
  });
  report("Multi-Paxos step latency", `5 replicas, 3 clients, up to ${result.inFlight} messages in flight`, result.times);
  await page.close();
}
