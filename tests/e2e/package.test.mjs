// The npm package (`make package`): installed with npm into a site the way a user would, its
// manifest points at the loader with the workspace's version, and a page three folders deep
// that loads `node_modules/paxos-viz/paxos-viz.js` gets working widgets of both protocols: the
// loader finds the glue, the wasm and the stylesheets relative to itself, not to the page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { serve, launch, CSP, openPage, settled } from "./harness.mjs";
import { workspaceVersion } from "../../tools/package.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const tid = (id) => `[data-testid="${id}"]`;
const ctx = {};

/** The tarball `make package` wrote for the workspace's version. */
function tarball() {
  return path.join(ROOT, "target", "package", `paxos-viz-${workspaceVersion()}.tgz`);
}

before(async () => {
  assert.ok(fs.existsSync(tarball()), `${tarball()}: run make package first (make test does)`);
  ctx.site = fs.mkdtempSync(path.join(os.tmpdir(), "paxos-viz-site-"));
  fs.writeFileSync(path.join(ctx.site, "package.json"), '{ "name": "a-site", "private": true }\n');
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", tarball()], { cwd: ctx.site, stdio: "pipe" });
  const deep = path.join(ctx.site, "guide", "consensus", "paxos");
  fs.mkdirSync(deep, { recursive: true });
  fs.writeFileSync(
    path.join(deep, "index.html"),
    `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>A nested page</title>
<link rel="icon" href="../../../node_modules/paxos-viz/favicon.svg" type="image/svg+xml">
<script type="module" src="../../../node_modules/paxos-viz/paxos-viz.js"></script></head>
<body><main>
<paxos-viz id="single" scenario="dueling-proposers" step="2" controls="minimal" caption></paxos-viz>
<paxos-viz id="multi" protocol="multi-paxos" scenario="leader-crash-recovery" controls="minimal"></paxos-viz>
</main></body></html>
`,
  );
  ctx.server = await serve(ctx.site, { headers: { "content-security-policy": CSP } });
  ctx.browser = await launch();
});
after(async () => {
  await ctx.browser?.close();
  await ctx.server?.close();
  if (ctx.site) fs.rmSync(ctx.site, { recursive: true, force: true });
});

test("the installed package's manifest names the loader, the workspace's version and every file the loader fetches", () => {
  const folder = path.join(ctx.site, "node_modules", "paxos-viz");
  const manifest = JSON.parse(fs.readFileSync(path.join(folder, "package.json"), "utf8"));
  assert.equal(manifest.name, "paxos-viz");
  assert.equal(manifest.version, workspaceVersion());
  assert.equal(manifest.main, "paxos-viz.js");
  assert.equal(manifest.exports["."], "./paxos-viz.js");
  assert.equal(manifest.type, "module");
  const loader = fs
    .readFileSync(path.join(folder, manifest.main), "utf8")
    .split("\n")
    .filter((line) => !line.trim().startsWith("//"))
    .join("\n");
  // Every file the loader names, as a literal relative to itself, is in the package.
  const named = [...loader.matchAll(/(?:new URL|import)\('\.\/([^']+)'/g)].map((m) => m[1]);
  for (const f of ["paxos-viz-app.js", "paxos-viz-app_bg.wasm", "paxos-viz-multi-widget.js", "paxos-viz-multi-widget_bg.wasm", "paxos-viz.css", "paxos-viz-multi.css", "index.html"]) {
    assert.ok(named.includes(f), `the loader names ${f}: ${named}`);
  }
  for (const f of named) assert.ok(fs.existsSync(path.join(folder, f)), `${f} is in the package`);
  const readme = fs.readFileSync(path.join(folder, "README.md"), "utf8");
  assert.match(readme, /<script type="module" src="node_modules\/paxos-viz\/paxos-viz\.js"><\/script>/);
  assert.match(readme, /import 'paxos-viz';/);
});

test("a page three folders deep gets working widgets of both protocols from node_modules/paxos-viz/", async () => {
  const { page, errors, requests, close } = await openPage(ctx.browser, ctx.server.url + "guide/consensus/paxos/");
  assert.equal(await settled(page), 2);
  assert.equal(await page.locator(`paxos-viz ${tid("widget-error")}`).count(), 0);
  for (const id of ["single", "multi"]) {
    const w = page.locator(`#${id}`);
    const counter = w.locator(tid("step-counter"));
    const before = (await counter.textContent()).trim();
    await w.locator(tid("step")).click();
    await page.waitForFunction(([id, before]) => document.getElementById(id).shadowRoot.querySelector('[data-testid="step-counter"]').textContent.trim() !== before, [id, before]);
  }
  const wasm = requests.filter((r) => r.endsWith(".wasm")).sort();
  assert.deepEqual(wasm, ["/node_modules/paxos-viz/paxos-viz-app_bg.wasm", "/node_modules/paxos-viz/paxos-viz-multi-widget_bg.wasm"]);
  assert.deepEqual(requests.filter((r) => r.endsWith(".css")).sort(), ["/node_modules/paxos-viz/paxos-viz-multi.css", "/node_modules/paxos-viz/paxos-viz.css"]);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(errors, []);
  // "Open in full app" points into the package's folder, where the app is.
  const href = await page.locator("#single").locator('a[href*="index.html"]').first().getAttribute("href");
  assert.ok(new URL(href, ctx.server.url).pathname === "/node_modules/paxos-viz/index.html", href);
  await close();
});
