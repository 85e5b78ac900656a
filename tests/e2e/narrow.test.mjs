// Phones and small laptops: the drawing is laid out for its box (layout::Geometry::fitted), so
// at 360x740 every card and every message of every built-in scenario lies inside the viewport's
// width, the page never scrolls sideways, and no text in the drawing is under 12 CSS px there or
// at 390x844, 768x1024 and 1280x800. Measured from the bounding boxes the browser draws.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { suite } from "./harness.mjs";

const ctx = suite();
const tid = (id) => `[data-testid="${id}"]`;
const SCENARIOS = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "scenarios");

/** What lies outside `0..innerWidth`, the page's sideways overflow, and the smallest text of
 * the drawing as drawn (its font size times the drawing's scale). */
function measure(page) {
  return page.evaluate(() => {
    const out = [];
    const inside = (e, what) => {
      const b = e.getBoundingClientRect();
      if (b.width > 0 && (b.left < -0.5 || b.right > innerWidth + 0.5)) out.push(`${what} ${Math.round(b.left)}..${Math.round(b.right)}`);
    };
    const svg = document.querySelector('[data-testid="cluster"]');
    for (const g of svg.querySelectorAll('[data-testid^="node-"], [data-testid^="msg-"], .mp-node')) {
      inside(g, g.dataset.testid ?? g.getAttribute("aria-label"));
    }
    for (const e of document.querySelectorAll('[data-testid="log"], .spacetime')) inside(e, e.dataset.testid ?? e.className.baseVal ?? "diagram");
    const scale = svg.getScreenCTM().a;
    let smallest = [Infinity, ""];
    for (const t of svg.querySelectorAll("text")) {
      if (!t.getBBox().width) continue;
      const px = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (px < smallest[0]) smallest = [px, t.textContent];
    }
    return { out, overflow: document.documentElement.scrollWidth - innerWidth, smallest };
  });
}

/** Steps to the end of the scenario now loaded, measuring at its start, a few steps in, its
 * middle and its end: what is in flight changes the labels' places. */
async function walk(page, name, check) {
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press("Home");
  await check(`${name} at the start`);
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowRight");
  await check(`${name} 4 steps in`);
  await page.keyboard.press("End");
  const [, len] = (await page.textContent(tid("step-counter"))).match(/\/ (\d+)/);
  await page.keyboard.press("Home");
  for (let i = 0; i < Math.floor(len / 2); i++) await page.keyboard.press("ArrowRight");
  await check(`${name} at step ${Math.floor(len / 2)}`);
  await page.keyboard.press("End");
  await check(`${name} at the end`);
}

async function expectInside(page, at) {
  const m = await measure(page);
  assert.deepEqual(m.out, [], `${at}: outside the 360-px viewport`);
  assert.ok(m.overflow <= 0, `${at}: the page scrolls ${m.overflow} px sideways`);
  assert.ok(m.smallest[0] >= 11.95, `${at}: "${m.smallest[1]}" is drawn at ${m.smallest[0].toFixed(1)} px`);
}

test("at 360x740 every node and message of every single-decree scenario lies inside the width", async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 360, height: 740 }, reducedMotion: "reduce" });
  await page.goto(ctx.server.url);
  await page.waitForSelector(tid("cluster"));
  const names = fs.readdirSync(SCENARIOS).filter((f) => f.endsWith(".txt")).map((f) => f.slice(0, -4)).sort();
  assert.ok(names.length >= 16);
  for (const name of names) {
    await page.selectOption(tid("scenario-select"), name);
    await page.waitForSelector("svg.cluster.fitted");
    await walk(page, name, (at) => expectInside(page, at));
  }
  await page.close();
});

test("at 360x740 every Multi-Paxos scenario's cluster and log lie inside the width", async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 360, height: 740 }, reducedMotion: "reduce" });
  await page.goto(`${ctx.server.url}#multi-paxos`);
  await page.waitForSelector(tid("log"));
  const dir = path.join(SCENARIOS, "multi-paxos");
  const names = fs.readdirSync(dir).filter((f) => f.endsWith(".txt")).map((f) => f.slice(0, -4)).sort();
  assert.ok(names.length >= 8);
  for (const name of names) {
    await page.selectOption(tid("scenario-select"), name);
    await page.waitForFunction(() => /^Step 0 \//.test(document.querySelector('[data-testid="step-counter"]').textContent));
    await page.waitForSelector("svg.cluster.fitted");
    await walk(page, name, (at) => expectInside(page, at));
  }
  await page.close();
});

// 640x400 is a 1280x800 laptop at 200% zoom (WCAG 1.4.4, 1.4.10): the same CSS pixels.
test("the drawing's text is 12 px or more at a phone's, a tablet's, a laptop's size and 200% zoom, in both protocols", async () => {
  for (const [width, height] of [[360, 740], [390, 844], [768, 1024], [1280, 800], [640, 400]]) {
    for (const hash of ["", "#multi-paxos"]) {
      const page = await ctx.browser.newPage({ viewport: { width, height }, reducedMotion: "reduce" });
      await page.goto(`${ctx.server.url}${hash}`);
      await page.waitForSelector(tid("cluster"));
      await page.keyboard.press("End");
      await page.waitForSelector("svg.cluster.fitted");
      const m = await measure(page);
      assert.ok(m.smallest[0] >= 11.95, `${width}x${height}${hash}: "${m.smallest[1]}" is drawn at ${m.smallest[0].toFixed(1)} px`);
      assert.ok(m.overflow <= 0, `${width}x${height}${hash}: the page scrolls sideways`);
      await page.close();
    }
  }
});

test("a phone turned sideways or a window made wider lays the drawing out again", async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 360, height: 740 }, reducedMotion: "reduce" });
  await page.goto(ctx.server.url);
  await page.selectOption(tid("scenario-select"), "16-minority-partition");
  await page.waitForSelector("svg.cluster.fitted");
  const box = () => page.$eval(tid("cluster"), (s) => s.getAttribute("viewBox"));
  const narrow = await box();
  await page.setViewportSize({ width: 740, height: 360 });
  await page.waitForFunction((before) => document.querySelector('[data-testid="cluster"]').getAttribute("viewBox") !== before, narrow);
  const wide = (await box()).split(" ").map(Number);
  // Laid out for the new box: as wide as it, so the text keeps its size.
  const drawn = await page.$eval(tid("cluster"), (s) => s.getBoundingClientRect().width);
  assert.ok(Math.abs(wide[2] - drawn) <= 1, `viewBox ${wide} in a box ${drawn} px wide`);
  await page.close();
});

// A widget's box is set by its page: a short one (a few hundred pixels high) used to squeeze
// the desktop drawing to text of 4-9 px. Now a drawing that does not fit the box's height is
// drawn at its own size and scrolls down inside it.
test("a widget too short for its drawing keeps its text at 12 px and scrolls, in both protocols", async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 }, reducedMotion: "reduce" });
  await page.goto(`${ctx.server.url}embed.html?scenario=happy-path`);
  await page.waitForFunction(() => document.querySelector("paxos-viz")?.shadowRoot?.querySelector('[data-testid="cluster"] text'));
  const cases = [];
  for (const [w, h] of [[800, 300], [800, 420], [640, 420], [1000, 380]]) {
    for (const [name, attrs] of [["3 acceptors", {}], ["5 acceptors", { script: "cluster acceptors=5 proposers=2 learners=1\npropose p1 A" }], ["Multi-Paxos", { protocol: "multi-paxos" }]]) {
      cases.push({ at: `${name} in ${w}x${h}`, w, h, attrs });
    }
  }
  await page.evaluate((cases) => {
    document.body.replaceChildren();
    for (const c of cases) {
      const div = document.createElement("div");
      div.style.width = `${c.w}px`;
      div.dataset.at = c.at;
      const widget = document.createElement("paxos-viz");
      for (const [k, v] of Object.entries({ ...c.attrs, height: String(c.h), controls: "minimal" })) widget.setAttribute(k, v);
      div.append(widget);
      document.body.append(div);
    }
  }, cases);
  await page.waitForFunction(() => [...document.querySelectorAll("paxos-viz")].every((w) => w.shadowRoot?.querySelector('[data-testid="cluster"] text')));
  await page.waitForTimeout(300);
  const found = await page.evaluate(() => [...document.querySelectorAll("div[data-at]")].map((d) => {
    const svg = d.querySelector("paxos-viz").shadowRoot.querySelector('[data-testid="cluster"]');
    const scale = svg.getScreenCTM().a;
    let smallest = Infinity;
    for (const t of svg.querySelectorAll("text")) if (t.getBBox().width) smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize) * scale);
    const box = svg.parentElement;
    return { at: d.dataset.at, smallest, tall: svg.classList.contains("tall"), scrolls: box.scrollHeight > box.clientHeight + 1, overflowY: getComputedStyle(box).overflowY, sideways: box.scrollWidth > box.clientWidth + 1 };
  }));
  let tall = 0;
  for (const f of found) {
    assert.ok(f.smallest >= 11.95, `${f.at}: text drawn at ${f.smallest.toFixed(1)} px`);
    assert.ok(!f.sideways, `${f.at}: scrolls sideways`);
    // What does not fit can be reached: the box scrolls down.
    if (f.scrolls) assert.equal(f.overflowY, "auto", `${f.at}: cut off without a scroll bar`);
    if (f.tall) tall++;
  }
  // The short boxes are short: some of these drawings do not fit and scroll.
  assert.ok(tall >= 4, JSON.stringify(found));
  await page.close();
});
