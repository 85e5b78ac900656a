// Screen readers and the axe-core audit. Each step is said in a polite live region (`narration`) in the event log's
// sentences, on both protocols' pages and in a widget; a jump says where the run is; fast
// autoplay says where it is now and then rather than every step.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { open, suite, serve, settled, CSP } from "./harness.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const ctx = suite();
const tid = (id) => `[data-testid="${id}"]`;
const said = (scope) => scope.locator(tid("narration")).textContent();
const counter = async (page) => (await page.textContent(tid("step-counter"))).trim();
async function until(page, re) {
  for (let i = 0; i < 50; i++) {
    if (re.test(await counter(page))) return;
    await page.waitForTimeout(50);
  }
  assert.fail(`the step counter says ${await counter(page)}, not ${re}`);
}
async function saysNow(page, re, scope = page) {
  for (let i = 0; i < 50; i++) {
    const text = await said(scope);
    if (re.test(text)) return text;
    await page.waitForTimeout(50);
  }
  assert.fail(`the live region says ${JSON.stringify(await said(scope))}, not ${re}`);
}

test("a step is said in the live region, a jump says where the run is, on the single-decree page", async () => {
  const { page, errors } = await open(ctx.browser, ctx.server.url);
  const region = page.locator(tid("narration"));
  assert.equal(await region.getAttribute("aria-live"), "polite");
  assert.equal(await region.getAttribute("role"), "status");
  // Read by screen readers, not drawn.
  const box = await region.boundingBox();
  assert.ok(box.width <= 1 && box.height <= 1, JSON.stringify(box));
  await page.click(tid("step"));
  const first = await saysNow(page, /^Step 1 of \d+: /);
  assert.match(first, /p1/, "the step's own sentences");
  // The event log's own sentence for the step is what is said.
  const logged = (await page.locator(`${tid("event-log")} .log-step.current li`).first().textContent()).trim();
  assert.ok(first.includes(logged.replace(/\.$/, "")), `${first} / ${logged}`);
  await page.click(tid("step"));
  await saysNow(page, /^Step 2 of \d+: /);
  await page.click(tid("back"));
  assert.equal(await saysNow(page, /^Step 1 of \d+: /), first, "one step back says that step again");
  await page.keyboard.press("End");
  await saysNow(page, /^Step (\d+) of \1\.$/);
  await page.keyboard.press("Home");
  await saysNow(page, /^Step 0 of \d+: the start\.$/);
  // Every node's accessible name says its state, as its card shows it.
  assert.equal(await page.getAttribute(tid("node-a1"), "aria-label"), "a1, acceptor, promised —, accepted —, up");
  await page.keyboard.press("End");
  await saysNow(page, /^Step (\d+) of \1\.$/);
  assert.match(await page.getAttribute(tid("node-a1"), "aria-label"), /^a1, acceptor, promised 1\.p1, accepted 1\.p1 = A, up$/);
  assert.match(await page.getAttribute(tid("node-p1"), "aria-label"), /^p1, proposer, ballot 1\.p1 · \w+, accepted \d\/\d, value A \(own\), up$/);
  await page.keyboard.press("Home");
  await saysNow(page, /^Step 0 of \d+: the start\.$/);
  // Hovering a node draws the page again and says nothing new.
  const before = await said(page);
  await page.hover(`${tid("node-a1")} .card`);
  await page.waitForTimeout(100);
  assert.equal(await said(page), before);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the Multi-Paxos page and a widget say their steps too", async () => {
  const { page, errors } = await open(ctx.browser, `${ctx.server.url}#multi-paxos`);
  await page.waitForSelector(tid("log"));
  await page.click(tid("step"));
  await saysNow(page, /^Step 1 of \d+: n1 /);
  await page.click(tid("step"));
  const second = await saysNow(page, /^Step 2 of \d+: /);
  await page.click(tid("step"));
  await saysNow(page, /^Step 3 of \d+: /);
  await page.click(tid("back"));
  assert.equal(await saysNow(page, /^Step 2 of \d+: /), second);
  assert.deepEqual(errors, []);
  await page.close();
  const w = await ctx.browser.newPage({ viewport: { width: 800, height: 480 } });
  const werrors = [];
  w.on("pageerror", (e) => werrors.push(String(e)));
  await w.goto(`${ctx.server.url}embed.html?scenario=happy-path&controls=minimal`);
  const widget = w.locator("paxos-viz");
  await widget.locator(tid("widget")).waitFor();
  await widget.locator(tid("step")).click();
  await saysNow(w, /^Step 1 of \d+: /, widget);
  assert.deepEqual(werrors, []);
  await w.close();
});

/** The focused element's testid (or its tag). */
const focused = (page) => page.evaluate(() => document.activeElement?.dataset?.testid ?? document.activeElement?.tagName);

/** Presses `key` until the focus is on an element whose testid matches `re` (at most `n` times). */
async function pressUntil(page, key, re, n = 60) {
  for (let i = 0; i < n; i++) {
    if (re.test(String(await focused(page)))) return;
    await page.keyboard.press(key);
  }
  assert.fail(`${key} x${n} never reached ${re}; the focus is on ${await focused(page)}`);
}

test("a keyboard-only walk: Tab into the drawing, arrows between nodes and messages, Enter to act", async () => {
  const { page, errors } = await open(ctx.browser, ctx.server.url);
  await page.keyboard.press("ArrowRight"); // a step: p1's Prepares are in flight
  await until(page, /^Step 1 \//);
  // Tab reaches the drawing; there the arrows walk its nodes and messages, and do not step.
  await pressUntil(page, "Tab", /^node-/);
  const first = await focused(page);
  await page.keyboard.press("ArrowRight");
  assert.notEqual(await focused(page), first);
  await page.keyboard.press("ArrowLeft");
  assert.equal(await focused(page), first, "Left goes back to where Right came from");
  assert.match(await counter(page), /^Step 1 \//, "arrows in the drawing do not step");
  await pressUntil(page, "ArrowRight", /^msg-/, 20);
  const msg = await focused(page);
  await page.keyboard.press("Enter");
  await pressUntil(page, "Tab", /^deliver$/);
  await page.keyboard.press("Enter");
  await until(page, /^Step 2 \//);
  assert.equal(await page.$(tid(msg)), null, `${msg} was delivered`);
  // Back into the drawing, to a1, and crash it from its inspector.
  await pressUntil(page, "Shift+Tab", /^(node|msg)-/);
  await pressUntil(page, "ArrowRight", /^node-a1$/, 30);
  await page.keyboard.press("Enter");
  await pressUntil(page, "Tab", /^crash$/);
  await page.keyboard.press("Enter");
  await until(page, /^Step 3 \//);
  assert.equal(await page.getAttribute(tid("node-a1"), "data-state"), "crashed");
  // Off the drawing, Left steps back: a1 is up again.
  await page.keyboard.press("ArrowLeft");
  await until(page, /^Step 2 \//);
  assert.equal(await page.getAttribute(tid("node-a1"), "data-state"), "up");
  assert.deepEqual(errors, []);
  await page.close();
});

test("on the Multi-Paxos page a replica's card in the drawing takes the focus and Enter opens its inspector", async () => {
  const { page, errors } = await open(ctx.browser, `${ctx.server.url}#multi-paxos`);
  await page.waitForSelector(tid("log"));
  const card = page.locator('.mp-cluster .mp-node[role="button"]').first();
  assert.match(await card.getAttribute("aria-label"), /^n1, (leader|follower|candidate)/);
  await card.focus();
  await page.keyboard.press("Enter");
  await page.waitForSelector(tid("inspector"));
  // The arrows walk the drawing from there, to the next card or message.
  await page.keyboard.press("ArrowRight");
  assert.notEqual(await page.evaluate(() => document.activeElement?.getAttribute("aria-label")), await card.getAttribute("aria-label"));
  assert.ok(await page.evaluate(() => !!document.activeElement?.closest(".mp-cluster")));
  assert.deepEqual(errors, []);
  await page.close();
});

// The axe-core audit: WCAG 2.1 A and AA rules, on the app (both protocols, both views of the
// diagram, lecture mode), a widget page and a book page, light and dark. Any violation fails,
// named with the elements it was found on.
const AXE = fs.readFileSync(path.join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");
const BOOK = path.join(ROOT, "docs/book");

async function audit(page) {
  // Through the devtools protocol, which a page's content security policy does not govern.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}, on ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ")}`);
  });
}

const pages = [
  ["the single-decree app", "", async () => {}],
  ["the diagram beside the cluster", "", async (page) => {
    await page.selectOption(tid("scenario-select"), "06-lost-and-duplicated-messages");
    await page.click(tid("view-both"));
    await page.keyboard.press("End");
    await page.waitForSelector(tid("spacetime"));
  }],
  ["lecture mode", "", async (page) => {
    await page.selectOption(tid("scenario-select"), "00-introduction");
    await page.click(tid("lecture"));
    await page.keyboard.press("ArrowRight");
    await page.waitForSelector(tid("beat-progress"));
  }],
  ["the Multi-Paxos app, full-width diagram", "#multi-paxos", async (page) => {
    await page.waitForSelector(tid("log"));
    await page.click(tid("view-spacetime"));
    await page.keyboard.press("End");
    await page.waitForSelector(tid("spacetime"));
  }],
  ["the Multi-Paxos app, partitioned, with a node down", "#multi-paxos", async (page) => {
    await page.waitForSelector(tid("log"));
    await page.selectOption(tid("scenario-select"), "07-minority-partition");
    await page.keyboard.press("End");
    await page.click(tid("crash-n2"));
    await page.waitForSelector(".mp-cluster .mp-node.crashed");
  }],
  ["a widget with full controls", "embed.html?scenario=dueling-proposers&step=6&controls=full", async (page) => {
    await page.locator(`paxos-viz ${tid("widget")}`).waitFor();
  }],
];

for (const scheme of ["light", "dark"]) {
  test(`axe-core finds no WCAG 2.1 A or AA violation in the app, lecture mode and a widget (${scheme})`, async () => {
    const found = [];
    for (const [name, at, prepare] of pages) {
      const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: scheme });
      await page.goto(`${ctx.server.url}${at}`);
      if (!at.startsWith("embed")) await page.waitForSelector(tid("step-counter"));
      await prepare(page);
      await page.waitForTimeout(300);
      for (const v of await audit(page)) found.push(`${name}: ${v}`);
      await page.close();
    }
    assert.deepEqual(found, []);
  });
}

// A phone's layouts are other layouts (tiny cards with a legend, the inspector as a sheet,
// the log in blocks): audited at 360x740 too, light and dark.
const phonePages = [
  ["the single-decree app on a phone", "", async (page) => {
    await page.selectOption(tid("scenario-select"), "03-adopt-accepted-value");
    for (let i = 0; i < 8; i++) await page.click(tid("step"));
  }],
  ["the inspector's sheet on a phone", "", async (page) => {
    await page.click(tid("step"));
    await page.tap(tid("node-a1"));
    await page.waitForSelector(".inspector.open");
  }],
  ["the Multi-Paxos app on a phone", "#multi-paxos", async (page) => {
    await page.waitForSelector(tid("log"));
    await page.selectOption(tid("scenario-select"), "02-leader-crash-recovery");
    await page.keyboard.press("End");
  }],
];

for (const scheme of ["light", "dark"]) {
  test(`axe-core finds no WCAG 2.1 A or AA violation on a 360x740 phone (${scheme})`, async () => {
    const found = [];
    for (const [name, at, prepare] of phonePages) {
      const page = await ctx.browser.newPage({ viewport: { width: 360, height: 740 }, colorScheme: scheme, hasTouch: true, isMobile: true });
      await page.goto(`${ctx.server.url}${at}`);
      await page.waitForSelector(tid("step-counter"));
      await prepare(page);
      await page.waitForTimeout(300);
      for (const v of await audit(page)) found.push(`${name}: ${v}`);
      await page.close();
    }
    assert.deepEqual(found, []);
  });
}

test("axe-core finds no violation on a book page with widgets, light and dark", async () => {
  assert.ok(fs.existsSync(path.join(BOOK, "crashes.html")), "build the book first: make docs");
  const book = await serve(BOOK, { headers: { "content-security-policy": CSP } });
  try {
    const found = [];
    for (const scheme of ["light", "dark"]) {
      const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: scheme });
      await page.goto(`${book.url}crashes.html`);
      await settled(page);
      for (const v of await audit(page)) found.push(`${scheme}: ${v}`);
      await page.close();
    }
    assert.deepEqual(found, []);
  } finally {
    await book.close();
  }
});
