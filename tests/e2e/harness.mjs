// Shared pieces of the end-to-end tests and the measuring scripts: a static server for the
// release build in dist/, and Debian's Chromium driven by playwright-core.
import http from "node:http";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// E2E_DIST=folder runs the tests against another build (to see a new test fail on the old one).
export const DIST = process.env.E2E_DIST || path.join(root, "dist");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

/** The policy a documentation site serves the widgets under: no inline scripts or styles, no
 *  eval, nothing from another host; wasm may compile. */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/** Serves `dir` on a free loopback port; resolves to { url, close, requests }. `headers` are
 *  added to every response (e.g. a Content-Security-Policy). */
export function serve(dir = DIST, { headers = {}, port = 0 } = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    requests.push(url.pathname);
    let file = path.normalize(path.join(dir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404).end("not found");
        return;
      }
      // `?delay=ms` answers late, for tests of what happens meanwhile.
      const delay = Number(url.searchParams.get("delay") ?? 0);
      setTimeout(() => {
        res.writeHead(200, { ...headers, "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
        res.end(data);
      }, delay);
    });
  });
  return new Promise((resolve) => {
    server.listen(port, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)), requests });
    });
  });
}

/** Debian's Chromium, headless, with the flags this closed network needs. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

/** Opens the app and waits until it has drawn the cluster. Collects console errors. */
export async function open(browser, url, { width = 1280, height = 800, colorScheme = "light", reducedMotion = "no-preference" } = {}) {
  const page = await browser.newPage({ viewport: { width, height }, colorScheme, reducedMotion });
  const errors = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector('[data-testid="cluster"]');
  return { page, errors };
}

/** Serves the release build and starts one browser for a test file; returns an object whose
 * `server` and `browser` are set before the first test and closed after the last. */
export function suite() {
  const s = {};
  before(async () => {
    assert.ok(fs.existsSync(path.join(DIST, "index.html")), "build the release first (make test does)");
    s.server = await serve();
    s.browser = await launch();
  });
  after(async () => {
    await s.browser?.close();
    await s.server?.close();
  });
  return s;
}

/** Opens `url` in a fresh context (its own cache), recording CSP violations (`window.__csp`),
 *  console errors and the paths it requested. */
export async function openPage(browser, url, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(url);
  return { page, errors, requests, close: () => context.close() };
}

/** Waits until every <paxos-viz> on the page shows a run or an error; returns how many. */
export async function settled(page) {
  await page.waitForFunction(() => {
    const ws = [...document.querySelectorAll("paxos-viz")];
    return ws.length > 0 && ws.every((w) => w.shadowRoot?.querySelector('[data-testid="widget"], [data-testid="widget-error"]'));
  });
  return page.locator("paxos-viz").count();
}

/** Pastes a "widget" snippet's element (its second line) at the top of the page's main, as
 *  `#id`, and returns its locator once it shows a run. */
export async function paste(page, snippet, id = "pasted") {
  await page.evaluate(([html, id]) => {
    const holder = document.createElement("div");
    holder.innerHTML = html.split("\n")[1];
    holder.firstChild.id = id;
    document.querySelector("main").prepend(holder.firstChild);
  }, [snippet, id]);
  const pasted = page.locator(`#${id}`);
  await pasted.locator('[data-testid="widget"]').waitFor();
  return pasted;
}

/** Opens the app's "Embed this" dialog, reads its two snippets, and closes it with Escape. */
export async function embedSnippets(page) {
  const tid = (id) => `[data-testid="${id}"]`;
  await page.click(tid("embed"));
  const widget = await page.inputValue(tid("embed-widget"));
  const iframe = await page.inputValue(tid("embed-iframe"));
  await page.keyboard.press("Escape");
  await page.locator(tid("embed-dialog")).waitFor({ state: "detached" });
  return { widget, iframe };
}

/** A run of about 2,100 steps and 3,400 events: four proposers, crashes and recoveries, heavy
 *  loss and duplication. */
export function longScript() {
  const lines = ["cluster acceptors=5 proposers=4 learners=2", "propose p1 A", "propose p2 B", "propose p3 C", "propose p4 D"];
  for (let i = 0; i < 20; i++) {
    lines.push(`run steps=60 loss=0.35 dup=0.5 seed=${i}`, `crash a${1 + (i % 5)}`);
    lines.push(`run steps=40 loss=0.3 dup=0.5 seed=${100 + i}`, `recover a${1 + (i % 5)}`);
  }
  return lines.join("\n\n") + "\n";
}

/** Clicks Step `steps` times and asserts that no label of a message still in flight moves
 *  (each arrow's pill keeps its x and y); returns how many labels were compared. */
export async function labelsStayPut(page, steps) {
  const pills = () =>
    page.$$eval('[data-testid="cluster"] [data-testid^="msg-"]', (ms) =>
      Object.fromEntries(ms.map((m) => [m.dataset.testid, `${m.querySelector(".pill").getAttribute("x")},${m.querySelector(".pill").getAttribute("y")}`])),
    );
  let compared = 0;
  let before = await pills();
  for (let i = 0; i < steps; i++) {
    await page.click('[data-testid="step"]');
    const after = await pills();
    for (const [id, at] of Object.entries(after)) {
      if (!(id in before)) continue;
      assert.equal(at, before[id], `step ${i + 1}: ${id}'s label moved`);
      compared++;
    }
    before = after;
  }
  return compared;
}

/** Milliseconds from navigation until `selector` is in `page` (a fresh one), put there by the
 *  app's first render (`app`), and until that render is on screen (`paint`: the first
 *  contentful paint; the page has nothing else to paint). The second is what a visitor sees:
 *  in a fresh renderer, Chromium's first style, layout (with its font lookups) and raster of
 *  the page come between the two, about 100 ms here (BENCHMARKS.md).
 *  The page reports both moments on its console, so that nothing of Playwright's runs in the
 *  page before them: waiting with `waitForFunction`, as tools/measure.mjs did before
 *  2026-12-07, made Playwright evaluate its own script in the page while the app was starting
 *  (15-30 ms of main-thread time, between the glue's download and the wasm's compile in a
 *  trace), charged to the app. */
export async function timeFirstRender(page, url, selector) {
  await page.addInitScript((selector) => {
    new MutationObserver((_, obs) => {
      if (document.querySelector(selector)) {
        obs.disconnect();
        console.debug(`first-render app ${performance.now()}`);
      }
    }).observe(document, { childList: true, subtree: true });
    new PerformanceObserver((list, obs) => {
      for (const e of list.getEntries()) {
        if (e.name === "first-contentful-paint") {
          obs.disconnect();
          console.debug(`first-render paint ${e.startTime}`);
        }
      }
    }).observe({ type: "paint", buffered: true });
  }, selector);
  const times = {};
  const seen = new Promise((resolve) =>
    page.on("console", (m) => {
      const t = /^first-render (app|paint) (\S+)$/.exec(m.text());
      if (!t) return;
      times[t[1]] = Number(t[2]);
      if ("app" in times && "paint" in times) resolve(times);
    }),
  );
  await page.goto(url, { waitUntil: "commit" });
  const ms = await seen;
  await page.waitForLoadState("load");
  return ms;
}
