// The MkDocs and Sphinx sites' figures for BENCHMARKS.md (`make bench-sites`, after
// `make docs-sites`): for the page with one widget and the page with five, on each site,
//   - requests and bytes: everything the page fetched (the site's own files included) and the
//     widget's share (its folder), as served (no compression) and gzip level 9;
//   - time from navigation to every widget interactive (drawn with its controls; median and
//     spread of RUNS cold loads, each in a fresh browser context, headless Chromium, loopback).
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { serve, launch } from "../tests/e2e/harness.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BUILT = path.join(root, "target", "docs-sites");
const RUNS = Number(process.env.RUNS ?? 9);
const SITES = {
  mkdocs: { port: 8093, widget: "/paxos-viz/", one: "guide/one/", five: "guide/five/" },
  sphinx: { port: 0, widget: "/_static/paxos-viz/", one: "guide/one.html", five: "guide/five.html" },
};

const browser = await launch();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [name, site] of Object.entries(SITES)) {
  const dir = path.join(BUILT, name);
  if (!fs.existsSync(path.join(dir, "index.html"))) throw new Error(`${dir}: run make docs-sites first`);
  const server = await serve(dir, { port: site.port });
  for (const [label, count] of [["one", 1], ["five", 5]]) {
    const times = [];
    let files = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const seen = [];
      page.on("request", (r) => seen.push(new URL(r.url()).pathname));
      await page.addInitScript(() => {
        // Each frame: has every widget drawn its run and its step button? Record the first.
        const check = () => {
          const ws = [...document.querySelectorAll("paxos-viz")];
          if (ws.length && ws.every((w) => w.shadowRoot?.querySelector('[data-testid="step"]'))) {
            window.__interactive = performance.now();
          } else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
      await page.goto(server.url + site[label]);
      await page.waitForFunction(() => window.__interactive !== undefined);
      times.push(await page.evaluate(() => window.__interactive));
      assert(await page.locator("paxos-viz").count() === count, `${name} ${label}: ${count} widgets`);
      if (i === 0) files = seen;
      await context.close();
    }
    // Each requested path once (a page asks for a few twice, e.g. a prefetch), as the file on disk.
    const unique = [...new Set(files)].map((p) => ({ p, file: path.join(dir, decodeURIComponent(p), p.endsWith("/") ? "index.html" : "") }));
    const exist = unique.filter(({ file }) => fs.existsSync(file) && fs.statSync(file).isFile());
    const size = (xs) => xs.reduce((s, { file }) => s + fs.statSync(file).size, 0);
    const gzip = (xs) => xs.reduce((s, { file }) => s + zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length, 0);
    const widget = exist.filter(({ p }) => p.startsWith(site.widget));
    const kb = (b) => `${(b / 1024).toFixed(0)} KB`;
    console.log(
      `${name} ${label} (${count} widget${count > 1 ? "s" : ""}): ${files.length} requests (${widget.length} the widget's: ` +
        `${widget.map(({ p }) => path.basename(p)).join(", ")}); ${kb(size(exist))} (${kb(gzip(exist))} gzip), ` +
        `the widget's ${kb(size(widget))} (${kb(gzip(widget))} gzip); interactive after ${median(times).toFixed(0)} ms ` +
        `(median of ${RUNS}, ${Math.min(...times).toFixed(0)}-${Math.max(...times).toFixed(0)})`,
    );
  }
  await server.close();
}
await browser.close();

function assert(ok, what) {
  if (!ok) throw new Error(`measure-sites: expected ${what}`);
}
