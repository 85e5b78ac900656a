// Embedding figures for BENCHMARKS.md (make bench-page runs it after `make docs`):
// 1. bytes a page downloads for its first <paxos-viz> widget and for each additional one
//    (gzip level 9 of every file the page requested from paxos-viz/);
// 2. time from navigation to 4 interactive widgets on a book page (median of 10 cold loads,
//    headless Chromium, loopback), under the strict CSP the book is tested with.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { serve, launch, CSP } from "../tests/e2e/harness.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BOOK = path.join(root, "docs/book");
const PAGE = process.env.PAGE ?? "embedding.html";
const RUNS = Number(process.env.RUNS ?? 10);
if (!fs.existsSync(path.join(BOOK, "paxos-viz/paxos-viz.js"))) throw new Error("run make docs first");

const browser = await launch();
const server = await serve(BOOK, { headers: { "content-security-policy": CSP } });

// 1. Bytes: host pages with 1, 2 and 4 widgets, next to the book's paxos-viz/ folder.
const scenarios = ["happy-path", "adopt-accepted-value", "dueling-proposers", "minority-crash"];
const hostDir = fs.mkdtempSync(path.join(os.tmpdir(), "paxos-host-"));
fs.symlinkSync(path.join(BOOK, "paxos-viz"), path.join(hostDir, "paxos-viz"));
const host = await serve(hostDir, { headers: { "content-security-policy": CSP } });
const gz = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
const bytes = {};
for (const n of [1, 2, 4]) {
  const widgets = scenarios.slice(0, n).map((s) => `<paxos-viz scenario="${s}"></paxos-viz>`).join("\n");
  fs.writeFileSync(
    path.join(hostDir, `host-${n}.html`),
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>host</title>` +
      `<script type="module" src="paxos-viz/paxos-viz.js"></script></head><body>${widgets}</body></html>`,
  );
  const context = await browser.newContext();
  const page = await context.newPage();
  const files = [];
  page.on("request", (r) => {
    const p = new URL(r.url()).pathname;
    if (p.startsWith("/paxos-viz/")) files.push(p);
  });
  await page.goto(`${host.url}host-${n}.html`);
  await page.waitForFunction((n) => [...document.querySelectorAll("paxos-viz")].filter((w) => w.shadowRoot?.querySelector('[data-testid="widget"]')).length === n, n);
  bytes[n] = files.reduce((sum, f) => sum + gz(path.join(BOOK, f)), 0);
  console.log(`${n} widget(s): ${files.length} requests (${[...new Set(files)].map((f) => path.basename(f)).join(", ")}), ${bytes[n]} B gzip`);
  await context.close();
}
console.log(`first widget: ${bytes[1]} B gzip; each additional: ${(bytes[4] - bytes[1]) / 3} B`);

// 2. Time to 4 interactive widgets: on the book page, and on a bare page with nothing else.
async function timeTo4(url) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      // Each frame: has every widget drawn its run (and its controls, which are live as soon
      // as they are drawn)? Record when they first all have.
      const check = () => {
        const ws = [...document.querySelectorAll("paxos-viz")];
        const ready = ws.length > 0 && ws.every((w) => w.shadowRoot?.querySelector('[data-testid="widget"] [data-testid="cluster"]'));
        if (ready) window.__ready = { t: performance.now(), n: ws.length };
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
    await page.goto(url);
    await page.waitForFunction(() => window.__ready);
    const { t, n } = await page.evaluate(() => window.__ready);
    if (n !== 4) throw new Error(`${url} has ${n} widgets, not 4`);
    const nav = await page.evaluate(() => {
      const wasm = performance.getEntriesByType("resource").find((e) => e.name.endsWith(".wasm"));
      return { wasmEnd: wasm?.responseEnd ?? 0 };
    });
    times.push({ t, ...nav });
    await context.close();
  }
  times.sort((a, b) => a.t - b.t);
  const mid = (f) => (f(times[(RUNS - 1) >> 1]) + f(times[RUNS >> 1])) / 2;
  console.log(`${url}: 4 widgets drawn after ${times.map((x) => x.t.toFixed(0)).join(", ")} ms; median ${mid((x) => x.t).toFixed(0)} ms (wasm downloaded at ${mid((x) => x.wasmEnd).toFixed(0)} ms)`);
}
await timeTo4(server.url + PAGE);
await timeTo4(`${host.url}host-4.html`);

await browser.close();
await server.close();
await host.close();
fs.rmSync(hostDir, { recursive: true, force: true });
