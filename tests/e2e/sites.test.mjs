// The widget on the documentation generators people use, installed from the npm package the way
// a site's author would (`make docs-sites`: a MkDocs site with the Material theme and a Sphinx
// site with Furo, both in target/docs-sites/). On each site: every widget renders and steps,
// the autoplaying one plays, the deliberately mistaken one shows its error, a page fetches one
// wasm module (its protocol's) however many widgets it has, nothing is logged as an error;
// moving between pages (Material's instant navigation, which swaps the page's content without
// loading a new document, included) starts the new page's widgets and stops the old ones; and
// widgets follow each theme's light and dark schemes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve, launch, openPage, settled } from "./harness.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BUILT = path.join(ROOT, "target", "docs-sites");
const tid = (id) => `[data-testid="${id}"]`;
const DARK_BG = "rgb(18, 22, 27)";
const LIGHT_BG = "rgb(245, 245, 241)";

/** Each site's pages (as its generator names them) and where it keeps the widget's files. */
const SITES = {
  mkdocs: {
    // The port of mkdocs.yml's site_url: Material's instant navigation needs it.
    port: 8093,
    widget: "/paxos-viz/",
    single: "",
    multi: "guide/multi-paxos/",
    one: "guide/one/",
    five: "guide/five/",
  },
  sphinx: {
    widget: "/_static/paxos-viz/",
    single: "index.html",
    multi: "guide/multi-paxos.html",
    one: "guide/one.html",
    five: "guide/five.html",
  },
};
const WASM = { single: "paxos-viz-app_bg.wasm", multi: "paxos-viz-multi-widget_bg.wasm" };
const MISTAKE = {
  single: /scenario="hapy-path".*did you mean happy-path/s,
  multi: /line 2, column \d+.*usage: client <client> put <key> <value>/s,
};
const ctx = {};

before(async () => {
  for (const name of Object.keys(SITES)) {
    assert.ok(fs.existsSync(path.join(BUILT, name, "index.html")), `${BUILT}/${name}: run make docs-sites first (make test does)`);
    ctx[name] = await serve(path.join(BUILT, name), { port: SITES[name].port ?? 0 });
  }
  ctx.browser = await launch();
});
after(async () => {
  await ctx.browser?.close();
  for (const name of Object.keys(SITES)) await ctx[name]?.close();
});

const counter = (page, id) => page.evaluate((id) => document.getElementById(id).shadowRoot.querySelector('[data-testid="step-counter"]')?.textContent.trim(), id);
const live = (page) => page.evaluate(() => customElements.get("paxos-viz").live);

/** The page's three widgets: the autoplaying one moves by itself, the scripted one steps when
 *  asked, the mistaken one names its mistake. */
async function threeWidgets(page, protocol) {
  assert.equal(await settled(page), 3);
  const start = await counter(page, "autoplay");
  await page.waitForFunction(
    (start) => document.getElementById("autoplay").shadowRoot.querySelector('[data-testid="step-counter"]').textContent.trim() !== start,
    start,
  );
  const before = await counter(page, "script");
  assert.match(before, /^Step 0 \/ \d+/);
  await page.locator("#script").locator(tid("step")).click();
  await page.waitForFunction((b) => document.getElementById("script").shadowRoot.querySelector('[data-testid="step-counter"]').textContent.trim() !== b, before);
  assert.match(await counter(page, "script"), /^Step 1 \//);
  const error = page.locator("#mistake").locator(tid("widget-error"));
  assert.match(await error.textContent(), MISTAKE[protocol]);
  assert.equal(await page.locator(`paxos-viz ${tid("widget-error")}`).count(), 1, "only the mistaken widget has an error");
}

for (const [name, site] of Object.entries(SITES)) {
  test(`${name}: every widget renders and steps, the mistake is shown, one wasm request a page`, async () => {
    for (const protocol of ["single", "multi"]) {
      const { page, errors, requests, close } = await openPage(ctx.browser, ctx[name].url + site[protocol]);
      await threeWidgets(page, protocol);
      assert.deepEqual(requests.filter((r) => r.endsWith(".wasm")), [site.widget + WASM[protocol]], `${name} ${protocol}`);
      assert.deepEqual(errors, [], `${name} ${protocol}`);
      await close();
    }
    for (const [page_, count] of [["one", 1], ["five", 5]]) {
      const { page, errors, requests, close } = await openPage(ctx.browser, ctx[name].url + site[page_]);
      assert.equal(await settled(page), count);
      assert.equal(await page.locator(`paxos-viz ${tid("widget")}`).count(), count);
      assert.equal(await live(page), count);
      assert.deepEqual(requests.filter((r) => r.endsWith(".wasm")), [site.widget + WASM.single]);
      assert.deepEqual(errors, []);
      await close();
    }
  });
}

test("mkdocs: Material's instant navigation starts the new page's widgets and stops the old page's", async () => {
  const { page, errors, requests, close } = await openPage(ctx.browser, ctx.mkdocs.url);
  await settled(page);
  assert.equal(await live(page), 3);
  // A mark on the window survives only if no new document was loaded.
  await page.evaluate(() => (window.__samePage = true));
  const visit = async (link, ids) => {
    await page.locator(`.md-nav__link[href$="${link}"]`).first().click();
    await page.waitForFunction(
      (ids) => ids.every((id) => document.getElementById(id)?.shadowRoot?.querySelector('[data-testid="widget"], [data-testid="widget-error"]')),
      ids,
    );
  };
  await visit("guide/multi-paxos/", ["autoplay", "script", "mistake"]);
  assert.equal(await page.evaluate(() => window.__samePage), true, "instant navigation: no new document");
  assert.equal(await page.evaluate(() => document.querySelector("#autoplay").getAttribute("protocol")), "multi-paxos");
  await threeWidgets(page, "multi");
  assert.equal(await live(page), 3, "the single-decree page's three widgets were stopped");
  await visit("guide/five/", []);
  assert.equal(await settled(page), 5);
  assert.equal(await live(page), 5);
  await page.goBack();
  await page.waitForFunction(() => document.querySelector("paxos-viz[protocol=multi-paxos]"));
  assert.equal(await settled(page), 3);
  assert.equal(await live(page), 3);
  assert.equal(await page.evaluate(() => window.__samePage), true);
  // Each module was fetched once, for the whole visit.
  assert.deepEqual(requests.filter((r) => r.endsWith(".wasm")).sort(), ["/paxos-viz/" + WASM.single, "/paxos-viz/" + WASM.multi]);
  assert.deepEqual(errors, []);
  await close();
});

test("sphinx: following a link and going back gives each page its own running widgets", async () => {
  const { page, errors, close } = await openPage(ctx.browser, ctx.sphinx.url + "index.html");
  await settled(page);
  await page.locator("article a[href$='guide/multi-paxos.html']").first().click();
  await page.waitForURL(/multi-paxos\.html$/);
  await threeWidgets(page, "multi");
  assert.equal(await live(page), 3);
  await page.goBack();
  await page.waitForURL(/index\.html$/);
  assert.equal(await settled(page), 3);
  assert.equal(await live(page), 3);
  const before = await counter(page, "script");
  await page.locator("#script").locator(tid("step")).click();
  await page.waitForFunction((b) => document.getElementById("script").shadowRoot.querySelector('[data-testid="step-counter"]').textContent.trim() !== b, before);
  assert.deepEqual(errors, []);
  await close();
});

/** Every running widget's background (not an error box's), once all of them show `theme`. */
async function backgrounds(page, theme) {
  await page.waitForFunction((t) => [...document.querySelectorAll("paxos-viz")].every((w) => w.getAttribute("theme") === t), theme);
  return page.evaluate(() =>
    [...document.querySelectorAll("paxos-viz")]
      .map((w) => w.shadowRoot.querySelector('[data-testid="widget"]'))
      .filter((w) => w)
      .map((w) => getComputedStyle(w).backgroundColor),
  );
}

test("mkdocs: widgets follow Material's palette toggle, default and slate, across instant navigation", async () => {
  const { page, errors, close } = await openPage(ctx.browser, ctx.mkdocs.url);
  await settled(page);
  assert.deepEqual(await backgrounds(page, "light"), Array(2).fill(LIGHT_BG));
  await page.locator('label[title="Switch to dark mode"]').click();
  assert.equal(await page.evaluate(() => document.body.dataset.mdColorScheme), "slate");
  assert.deepEqual(await backgrounds(page, "dark"), Array(2).fill(DARK_BG));
  // The next page's widgets start dark too, and follow the switch back.
  await page.locator('.md-nav__link[href$="guide/one/"]').first().click();
  await page.waitForFunction(() => document.querySelectorAll("paxos-viz").length === 1);
  await settled(page);
  assert.deepEqual(await backgrounds(page, "dark"), [DARK_BG]);
  await page.locator('label[title="Switch to light mode"]').click();
  assert.deepEqual(await backgrounds(page, "light"), [LIGHT_BG]);
  assert.deepEqual(errors, []);
  await close();
});

test("sphinx: widgets follow Furo's light, dark and auto (the system's) themes", async () => {
  for (const system of ["light", "dark"]) {
    const context = await ctx.browser.newContext({ colorScheme: system });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(ctx.sphinx.url + "guide/five.html");
    await settled(page);
    // Furo starts at "auto": the widgets follow the system.
    const systemBg = system === "dark" ? DARK_BG : LIGHT_BG;
    assert.deepEqual(await backgrounds(page, "auto"), Array(5).fill(systemBg), `auto on a ${system} system`);
    // Furo's button goes through its three themes; a widget follows each.
    const seen = new Set();
    for (let i = 0; i < 3; i++) {
      await page.locator("button.theme-toggle:visible").first().click();
      const furo = await page.evaluate(() => document.body.dataset.theme);
      const theme = furo === "auto" ? "auto" : furo;
      const bg = theme === "auto" ? systemBg : theme === "dark" ? DARK_BG : LIGHT_BG;
      assert.deepEqual(await backgrounds(page, theme), Array(5).fill(bg), `Furo ${furo} on a ${system} system`);
      seen.add(furo);
    }
    assert.deepEqual([...seen].sort(), ["auto", "dark", "light"]);
    assert.deepEqual(errors, []);
    await context.close();
  }
});
