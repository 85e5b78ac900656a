// Multi-Paxos beside single-decree Paxos in documentation pages, under the strict CSP: the
// book's chapter "From one value to a log" (docs/book, built by `make docs`) with widgets of
// both protocols, each loading its own module; the protocol attribute and its mistakes; the
// iframe route; "Open in full app"; and the Multi-Paxos page's "Embed this".
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve, launch, CSP, openPage as openPageIn, settled, paste, embedSnippets } from "./harness.mjs";

const BOOK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../docs/book");
const tid = (id) => `[data-testid="${id}"]`;
const ctx = {};

before(async () => {
  assert.ok(fs.existsSync(path.join(BOOK, "multi-paxos.html")), "build the book first: make docs");
  ctx.server = await serve(BOOK, { headers: { "content-security-policy": CSP } });
  ctx.browser = await launch();
});
after(async () => {
  await ctx.browser?.close();
  await ctx.server?.close();
});

const openPage = (url, options) => openPageIn(ctx.browser, url, options);

/** What a Multi-Paxos view shows: its log cells, replicas, clients, and the step. */
async function multiState(scope) {
  const cells = await scope.locator('[data-testid^="slot-"]').evaluateAll((cs) =>
    cs.map((c) => [c.dataset.testid, c.dataset.accepted, c.dataset.chosen, c.dataset.applied, c.dataset.noop].join(" ")),
  );
  const counter = await scope.locator(tid("step-counter")).count() ? ((await scope.locator(tid("step-counter")).textContent()) ?? "").trim() : "";
  return { cells, counter };
}

test("widgets of both protocols share a page under the strict CSP, each from its own module", async () => {
  const { page, errors, requests, close } = await openPage(ctx.server.url + "multi-paxos.html");
  const n = await settled(page);
  assert.ok(n >= 8, `${n} widgets`);
  const widgets = [...Array(n).keys()].map((i) => page.locator("paxos-viz").nth(i));
  const protocols = await Promise.all(widgets.map((w) => w.locator(tid("widget")).getAttribute("data-protocol")));
  assert.equal(protocols[0], "single-decree");
  assert.ok(protocols.slice(1).every((p) => p === "multi-paxos"), `${protocols}`);
  // The single-decree widget draws its agents; the Multi-Paxos ones their log and replicas.
  assert.ok((await widgets[0].locator('[data-testid^="node-"]').count()) >= 4);
  assert.equal(await widgets[0].locator('[data-testid^="slot-"]').count(), 0);
  // leader-crash-recovery at step 50: slot 2 of n2 is the no-op its recovery put in the gap.
  const recovered = widgets[4];
  assert.match(await recovered.locator(tid("step-counter")).textContent(), /^Step 50 \//);
  const gap = recovered.locator(tid("slot-n2-2"));
  assert.equal(await gap.getAttribute("data-noop"), "true");
  assert.equal(await gap.getAttribute("data-chosen"), "true");
  assert.equal(await recovered.locator(tid("node-n2")).getAttribute("data-leader"), "true");
  assert.equal(await recovered.locator(tid("node-n1")).getAttribute("data-leader"), "false");
  assert.equal(await recovered.locator(tid("safety")).getAttribute("data-ok"), "true");
  // The broken leader's widget says it is unsafe.
  const broken = widgets[n - 1];
  await broken.locator(tid("step")).click();
  assert.equal(await broken.locator(tid("safety")).getAttribute("data-ok"), "false");
  // Stepping one widget moves it alone.
  const before = await Promise.all(widgets.map((w) => multiState(w)));
  await widgets[2].locator(tid("step")).click();
  const after = await Promise.all(widgets.map((w) => multiState(w)));
  assert.notDeepEqual(after[2], before[2]);
  for (let i = 0; i < n; i++) if (i !== 2 && i !== n - 1) assert.deepEqual(after[i], before[i], `widget ${i} moved`);
  // Each module once, both stylesheets for the Multi-Paxos widgets.
  const wasm = requests.filter((r) => r.endsWith(".wasm")).sort();
  assert.deepEqual(wasm, ["/paxos-viz/paxos-viz-app_bg.wasm", "/paxos-viz/paxos-viz-multi-widget_bg.wasm"]);
  assert.equal(requests.filter((r) => r.endsWith("paxos-viz-multi.css")).length, 1);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(errors, []);
  await close();
});

test("the protocol attribute: mistakes named with a fix, and a change of protocol rebuilds the widget", async () => {
  const { page, errors, close } = await openPage(ctx.server.url + "crashes.html");
  await settled(page);
  await page.evaluate(() => {
    const add = (attrs) => {
      const el = document.createElement("paxos-viz");
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      el.className = "added";
      document.querySelector("main").prepend(el);
    };
    // Prepended: the last added is first.
    add({ protocol: "multi-paxos", scenario: "steady-state", step: "5" });
    add({ scenario: "steady-state" });
    add({ protocol: "multi-paxos", scenario: "happy-path" });
    add({ protocol: "multipaxos" });
  });
  await settled(page);
  const added = (i) => page.locator("paxos-viz.added").nth(i);
  const error = (i) => added(i).locator(tid("widget-error")).textContent();
  assert.match(await error(0), /protocol="multipaxos": use single-decree or multi-paxos \(did you mean multi-paxos\?\)/);
  assert.match(await error(1), /scenario="happy-path": a scenario of single-decree Paxos, and this widget shows Multi-Paxos: leave out protocol="multi-paxos"/);
  assert.match(await error(2), /scenario="steady-state": a scenario of Multi-Paxos, and this widget shows single-decree Paxos: add protocol="multi-paxos"/);
  // Mending the protocol mends the widget, in the other module.
  await added(2).evaluate((el) => el.setAttribute("protocol", "multi-paxos"));
  await added(2).locator(`${tid("widget")}[data-protocol="multi-paxos"]`).waitFor();
  // And back: a Multi-Paxos widget told to show a single-decree scenario becomes one.
  const w = added(3);
  assert.match(await w.locator(tid("step-counter")).textContent(), /^Step 5 \//);
  await w.evaluate((el) => {
    el.setAttribute("protocol", "single-decree");
    el.setAttribute("scenario", "happy-path");
  });
  await w.locator(`${tid("widget")}[data-protocol="single-decree"]`).waitFor();
  assert.match(await w.locator(tid("step-counter")).textContent(), /^Step 5 \/ 14$/);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(errors, []);
  await close();
});

test("a Multi-Paxos widget with full controls acts on nodes and messages", async () => {
  const { page, errors, close } = await openPage(ctx.server.url + "crashes.html");
  await settled(page);
  await page.evaluate(() => {
    const el = document.createElement("paxos-viz");
    for (const [k, v] of Object.entries({ protocol: "multi-paxos", scenario: "steady-state", step: "10", controls: "full", height: "560" })) el.setAttribute(k, v);
    el.id = "full";
    document.querySelector("main").prepend(el);
  });
  const w = page.locator("#full");
  await w.locator(tid("widget")).waitFor();
  await w.locator(tid("timeline")).waitFor();
  // A click on a replica's card: its actions.
  await w.locator(`${tid("cluster")} ${tid("node-n2")}`).click();
  await w.locator(tid("widget-inspector")).waitFor();
  await w.locator(tid("crash-n2")).click();
  await w.locator(`${tid("cluster")} ${tid("node-n2")}.crashed`).waitFor();
  await w.locator(tid("recover-n2")).click();
  await w.locator(`${tid("cluster")} ${tid("node-n2")}:not(.crashed)`).waitFor();
  // A click on an arrow (the last is drawn on top): deliver, drop or duplicate it.
  await w.locator(".pv-close").click();
  const arrow = w.locator('[data-testid^="msg-"]').last();
  const id = (await arrow.getAttribute("data-testid")).slice(4);
  await arrow.locator(".pill").click();
  await w.locator(tid(`drop-${id}`)).click();
  assert.equal(await w.locator(tid(`msg-${id}`)).count(), 0);
  assert.deepEqual(errors, []);
  await close();
});

test("view=spacetime and view=both draw the run as a space-time diagram in a widget, for either protocol", async () => {
  const { page, errors, close } = await openPage(ctx.server.url + "crashes.html");
  await settled(page);
  await page.evaluate(() => {
    const add = (id, attrs) => {
      const el = document.createElement("paxos-viz");
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      el.id = id;
      document.querySelector("main").prepend(el);
    };
    add("st-single", { scenario: "lost-and-duplicated-messages", step: "21", view: "spacetime", height: "460" });
    add("st-multi", { protocol: "multi-paxos", scenario: "leader-crash-recovery", step: "20", view: "both", controls: "minimal", height: "560" });
  });
  const single = page.locator("#st-single");
  await single.locator(tid("spacetime")).waitFor();
  assert.equal(await single.locator(tid("cluster")).count(), 0, "the diagram instead of the cluster");
  assert.equal(await single.locator(tid("st-cursor")).getAttribute("data-step"), "21");
  assert.equal(await single.locator(tid("st-msg-4")).getAttribute("data-fate"), "delivered");
  assert.ok(await single.locator(tid("st-chosen-11")).count());
  // The step buttons move the diagram's cursor.
  await single.locator(tid("back")).click();
  await single.locator(`${tid("st-cursor")}[data-step="20"]`).waitFor({ state: "attached" });
  const multi = page.locator("#st-multi");
  await multi.locator(tid("spacetime")).waitFor();
  assert.equal(await multi.locator(tid("cluster")).count(), 1, "both views");
  for (const n of ["n1", "n2", "n3", "c1"]) assert.equal(await multi.locator(tid(`lane-${n}`)).count(), 1, n);
  assert.equal(await multi.locator(`${tid("lane-n1")} .st-crash`).count(), 1, "n1 crashed by step 20");
  // Side by side, each with room: neither is squeezed to nothing.
  const [a, b] = await multi.locator(".pv-drawing").evaluateAll((ds) => ds.map((d) => d.getBoundingClientRect().width));
  assert.ok(a > 200 && b > 200, `${a} ${b}`);
  await multi.locator(tid("step")).click();
  await multi.locator(`${tid("st-cursor")}[data-step="21"]`).waitFor({ state: "attached" });
  // A mistake in the view is named, with what it accepts.
  await page.evaluate(() => document.querySelector("#st-single").setAttribute("view", "timeline"));
  await single.locator(tid("widget-error")).waitFor();
  assert.match(await single.locator(tid("widget-error")).textContent(), /view="timeline": use cluster, spacetime or both/);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(errors, []);
  await close();
  // The iframe route takes the view too.
  const frame = await openPage(ctx.server.url + "paxos-viz/embed.html?scenario=happy-path&step=5&view=both", { width: 900, height: 480 });
  await frame.page.locator(`paxos-viz ${tid("spacetime")}`).waitFor();
  assert.equal(await frame.page.locator(`paxos-viz ${tid("cluster")}`).count(), 1);
  assert.deepEqual(frame.errors, []);
  await frame.close();
});

test("the iframe route and Open in full app show the same Multi-Paxos state as the widget", async () => {
  const { page, close } = await openPage(ctx.server.url + "multi-paxos.html");
  await settled(page);
  const w = page.locator("paxos-viz").nth(4);
  const shown = await multiState(w);
  assert.ok(shown.cells.length >= 9, `${shown.cells}`);
  const frame = await openPage(ctx.server.url + "paxos-viz/embed.html?protocol=multi-paxos&scenario=leader-crash-recovery&step=50&controls=minimal", { width: 760, height: 520 });
  await frame.page.locator(`paxos-viz ${tid("widget")}`).waitFor();
  assert.deepEqual(await multiState(frame.page.locator("paxos-viz")), shown);
  assert.deepEqual(frame.errors, []);
  await frame.close();
  // Open in full app: the Multi-Paxos page, at the same step, with the same log.
  const href = await w.locator(tid("open-full")).getAttribute("href");
  assert.ok(href.startsWith(ctx.server.url + "paxos-viz/index.html#v2."), href);
  const app = await openPage(href);
  await app.page.locator(tid("log")).waitFor();
  const inApp = await multiState(app.page);
  assert.deepEqual(inApp.cells, shown.cells);
  assert.equal(inApp.counter, shown.counter);
  assert.deepEqual(await app.page.evaluate(() => window.__csp), []);
  assert.deepEqual(app.errors, []);
  await app.close();
  await close();
});

test("Embed this on the Multi-Paxos page: the snippets reopen the run, as a widget and as an iframe", async () => {
  const app = await openPage(ctx.server.url + "paxos-viz/index.html#multi-paxos/02-leader-crash-recovery");
  const { page } = app;
  await page.locator(tid("log")).waitFor();
  assert.equal(await page.inputValue(tid("scenario-select")), "02-leader-crash-recovery");
  for (let i = 0; i < 12; i++) await page.click(tid("step"));
  const snippets = async () => {
    const shown = await multiState(page);
    return { ...(await embedSnippets(page)), shown };
  };
  const scripted = await snippets();
  assert.match(scripted.widget, /<paxos-viz protocol="multi-paxos" scenario="leader-crash-recovery" step="12" controls="minimal" caption height="520"><\/paxos-viz>$/);
  // A hand action: the snippet carries the run as a v2 link.
  const first = await page.locator('[data-testid^="drop-"]').first().getAttribute("data-testid");
  await page.click(tid(first));
  const forked = await snippets();
  assert.match(forked.widget, /<paxos-viz protocol="multi-paxos" run="v2\.[\w-]+" step="13"/);
  for (const { widget, iframe, shown } of [scripted, forked]) {
    const book = await openPage(ctx.server.url + "introduction.html");
    await settled(book.page);
    const pasted = await paste(book.page, widget);
    const w = await multiState(pasted);
    assert.deepEqual(w.cells, shown.cells);
    assert.equal(w.counter.replace(/ \/ \d+$/, ""), shown.counter.replace(/ \/ \d+$/, ""));
    assert.deepEqual(book.errors, []);
    await book.close();
    const src = iframe.match(/src="([^"]+)"/)[1].replaceAll("&amp;", "&");
    const frame = await openPage(src);
    await frame.page.locator(`paxos-viz ${tid("widget")}`).waitFor();
    assert.deepEqual(await multiState(frame.page.locator("paxos-viz")), w);
    await frame.close();
  }
  assert.deepEqual(app.errors, []);
  await app.close();
});

test("a widget's check control checks its own cluster in its box, and opens the counterexample in place", async () => {
  const { page, errors, requests, close } = await openPage(ctx.server.url + "crashes.html");
  await settled(page);
  await page.evaluate(() => {
    const w = document.createElement("paxos-viz");
    w.id = "checked";
    w.setAttribute("script", "cluster acceptors=3 proposers=2 learners=0 seed=0 bug=ignore-promises");
    w.setAttribute("check", "");
    w.setAttribute("height", "520");
    document.querySelector("main").prepend(w);
  });
  const w = page.locator("#checked");
  await w.locator(tid("widget")).waitFor();
  assert.ok(!requests.some((r) => r.includes("check")), "the checker is fetched only when asked for");
  await w.locator(tid("check-open")).click();
  const panel = w.locator(tid("check-panel"));
  await panel.waitFor();
  // The form starts from the widget's cluster.
  assert.equal(await w.locator(tid("check-acceptors")).inputValue(), "3");
  assert.equal(await w.locator(tid("check-proposers")).inputValue(), "2");
  assert.equal(await w.locator(tid("check-bug")).inputValue(), "ignore-promises");
  // The panel stays inside the widget's box.
  const host = await w.boundingBox();
  const box = await panel.boundingBox();
  assert.ok(box.y >= host.y - 1 && box.y + box.height <= host.y + host.height + 1, `${JSON.stringify(box)} in ${JSON.stringify(host)}`);
  await w.locator(tid("check-run")).click();
  const verdict = w.locator(tid("check-verdict"));
  await verdict.waitFor({ timeout: 30_000 });
  assert.equal(await verdict.getAttribute("data-violation"), "agreement");
  await w.locator(tid("check-replay")).click();
  await panel.waitFor({ state: "detached" });
  // The counterexample is the widget's run now: stepping it to the end breaks safety.
  const counter = w.locator(tid("step-counter"));
  const total = Number(/\/ (\d+)/.exec(await counter.textContent())[1]);
  assert.ok(total > 4, await counter.textContent());
  assert.equal(await w.locator(tid("safety")).getAttribute("data-ok"), "true");
  for (let i = 0; i < total; i++) await w.locator(tid("step")).click();
  assert.equal(await w.locator(tid("safety")).getAttribute("data-ok"), "false");
  // The other widgets on the page were not touched, and a widget without the attribute has no control.
  assert.equal(await page.locator("paxos-viz:not(#checked)").first().locator(tid("check-open")).count(), 0);
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(errors, []);
  await close();
});

test("a Multi-Paxos widget's check control opens the full app's checker", async () => {
  const { page, errors, close } = await openPage(ctx.server.url + "multi-paxos.html");
  await settled(page);
  await page.evaluate(() => document.querySelectorAll("paxos-viz")[1].setAttribute("check", ""));
  const link = page.locator("paxos-viz").nth(1).locator(tid("check-open"));
  await link.waitFor();
  const href = await link.getAttribute("href");
  assert.match(href, /paxos-viz\/index\.html#multi-paxos\/check$/);
  await page.goto(new URL(href, page.url()).href);
  await page.locator(tid("check-panel")).waitFor();
  assert.equal(await page.locator(tid("check-protocol")).inputValue(), "multi-paxos");
  assert.deepEqual(errors, []);
  await close();
});
