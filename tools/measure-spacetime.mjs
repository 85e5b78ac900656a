// The space-time diagram's figures for BENCHMARKS.md, on the release build in headless
// Chromium:   node tools/measure-spacetime.mjs     (make bench-page)
// A run of 2,124 steps and about 3,400 events (the e2e scroll test's script), shown Both ways
// (cluster and diagram side by side) and then full width:
// 1. step latency: a click on Back or Step until the diagram's cursor has moved, median, p95
//    and max over 200 steps in the middle of the run;
// 2. scrubbing: the timeline dragged end to end and back, one input event per frame, 201
//    positions: each frame's length, and the main thread's work in long animation frames;
// 3. the same for the full-width diagram (every line labelled where room allows).
// A frame can be long because this shared 2-core machine gave the renderer no core: the LoAF
// "work" (rendering plus the scripts before it) is what the page itself spent.
import { serve, launch, longScript } from "../tests/e2e/harness.mjs";

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const median = (xs) => pct(xs, 50);
const ms = (x) => `${x.toFixed(1)} ms`;

const server = await serve();
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="cluster"]');
  await page.click('[data-testid="script-panel"] summary');
  await page.fill('[data-testid="script-editor"]', longScript());
  await page.waitForSelector('[data-testid="script-ok"]');
  await page.click('[data-testid="script-play"]');
  const len = Number((await page.textContent('[data-testid="step-counter"]')).match(/\/ (\d+)/)[1]);
  for (const mode of ["both", "spacetime"]) {
    await page.click(`[data-testid="view-${mode}"]`);
    await page.waitForSelector('[data-testid="spacetime"]');
    const result = await page.evaluate(async (len) => {
      const q = (id) => document.querySelector(`[data-testid="${id}"]`);
      const frame = () => new Promise((r) => requestAnimationFrame((t) => r(t)));
      const cursor = () => q("st-cursor")?.dataset.step;
      const slider = q("timeline");
      const go = async (step) => {
        slider.value = String(step);
        slider.dispatchEvent(new Event("input", { bubbles: true }));
        while (cursor() !== String(step)) await new Promise((r) => setTimeout(r, 0));
        await frame();
      };
      // 1. Steps: 100 back then 100 forward from the middle.
      await go(Math.floor(len / 2));
      const steps = [];
      for (const button of [...Array(100).fill("back"), ...Array(100).fill("step")]) {
        const before = cursor();
        const t0 = performance.now();
        q(button).click();
        while (cursor() === before) await new Promise((r) => setTimeout(r, 0));
        steps.push(performance.now() - t0);
        await frame();
      }
      // 2. Scrubbing, with the long animation frames' own work.
      const entries = [];
      const observer = new PerformanceObserver((l) => entries.push(...l.getEntries()));
      observer.observe({ type: "long-animation-frame" });
      const positions = [];
      for (let i = 0; i <= 100; i++) positions.push(Math.round((len * i) / 100));
      for (let i = 99; i >= 0; i--) positions.push(Math.round((len * i) / 100));
      const frames = [];
      let last = await frame();
      for (const p of positions) {
        slider.value = String(p);
        slider.dispatchEvent(new Event("input", { bubbles: true }));
        const now = await frame();
        frames.push(now - last);
        last = now;
      }
      await new Promise((r) => setTimeout(r, 100));
      observer.disconnect();
      const work = entries.map((e) => {
        const render = e.renderStart ? e.startTime + e.duration - e.renderStart : 0;
        const before = e.scripts.filter((s) => !e.renderStart || s.startTime < e.renderStart).reduce((t, s) => t + s.duration, 0);
        return render + before;
      });
      const drawn = document.querySelectorAll('[data-testid^="st-msg-"]').length;
      return { steps, frames, work, drawn };
    }, len);
    const { steps, frames, work, drawn } = result;
    console.log(`${mode}: ${len} steps; step latency over ${steps.length} steps: median ${ms(median(steps))}, p95 ${ms(pct(steps, 95))}, max ${ms(Math.max(...steps))}`);
    console.log(`${mode}: scrubbing ${frames.length} positions: median frame ${ms(median(frames))}, p95 ${ms(pct(frames, 95))}, longest ${ms(Math.max(...frames))}; ${work.length} long frames, their work at most ${ms(Math.max(0, ...work))}; ${drawn} lines drawn at the end`);
  }
} finally {
  await browser.close();
  await server.close();
}
