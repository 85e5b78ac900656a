// End-to-end tests of the release build in Debian's Chromium: load the page, step the happy
// path by clicks and by keys, step back, drop a message, crash an acceptor, replay every
// scenario from the menu, and check that nothing logs an error.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { open, DIST, suite, labelsStayPut } from "./harness.mjs";

const ctx = suite();

const tid = (id) => `[data-testid="${id}"]`;
const counter = async (page) => (await page.textContent(tid("step-counter"))).trim();
const stepNumber = async (page) => Number((await counter(page)).match(/Step (\d+)/)[1]);
/** Waits (up to 2 s) until the counter reads `text`: Yew draws a key's result a moment after
 *  the key, and a read at once can see the frame before. */
async function counterIs(page, text) {
  await page
    .waitForFunction((t) => document.querySelector('[data-testid="step-counter"]')?.textContent.trim() === t, text, { timeout: 2000 })
    .catch(() => {});
  assert.equal(await counter(page), text);
}

/** Steps with `press` until the chosen banner appears; returns the number of steps taken. */
async function stepUntilChosen(page, press, limit = 60) {
  for (let i = 1; i <= limit; i++) {
    await press();
    if (await page.$(tid("chosen"))) return i;
  }
  throw new Error(`no value chosen after ${limit} steps`);
}

test("the page loads with the happy path and no console errors", async () => {
  const { page, errors } = await open(ctx.browser, ctx.server.url);
  assert.equal(await counter(page), "Step 0 / 14");
  for (const n of ["p1", "a1", "a2", "a3", "l1"]) {
    const el = await page.$(tid(`node-${n}`));
    assert.ok(el, `node-${n}`);
    assert.equal(await el.getAttribute("data-state"), "up");
  }
  assert.equal(await page.getAttribute(tid("node-a1"), "data-role"), "acceptor");
  assert.equal(await page.getAttribute(tid("safety"), "data-ok"), "true");
  assert.equal(await page.$(tid("chosen")), null);
  assert.equal(await page.$$eval('[data-testid^="msg-"]', (m) => m.length), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test("stepping the happy path by clicks chooses A, and stepping back removes the banner", async () => {
  const { page, errors } = await open(ctx.browser, ctx.server.url);
  await page.click(tid("step"));
  // The proposal sends a Prepare to every acceptor, drawn as labelled arrows.
  const kinds = await page.$$eval('[data-testid^="msg-"]', (ms) => ms.map((m) => [m.dataset.kind, m.dataset.from, m.dataset.to, m.dataset.ballot]));
  assert.deepEqual(kinds, [["Prepare", "p1", "a1", "1.p1"], ["Prepare", "p1", "a2", "1.p1"], ["Prepare", "p1", "a3", "1.p1"]]);
  assert.match(await page.textContent(tid("msg-1")), /Prepare 1\.p1/);
  const steps = await stepUntilChosen(page, () => page.click(tid("step")));
  assert.ok(steps > 3);
  assert.match(await page.textContent(tid("chosen")), /A/);
  assert.equal(await page.getAttribute(tid("node-a2"), "data-accepted"), "1.p1:A");
  const at = await stepNumber(page);
  await page.click(tid("back"));
  assert.equal(await stepNumber(page), at - 1);
  assert.equal(await page.$(tid("chosen")), null, "the banner disappears one step before the choice");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the keyboard steps, goes back, jumps and opens help", async () => {
  const { page, errors } = await open(ctx.browser, ctx.server.url);
  await page.focus("body");
  await stepUntilChosen(page, () => page.keyboard.press("Space"));
  await page.keyboard.press("ArrowLeft");
  assert.equal(await page.$(tid("chosen")), null);
  await page.keyboard.press("ArrowRight");
  assert.ok(await page.$(tid("chosen")));
  await page.keyboard.press("Home");
  await counterIs(page, "Step 0 / 14");
  await page.keyboard.press("End");
  await counterIs(page, "Step 14 / 14");
  assert.match(await page.textContent(tid("chosen")), /A/);
  await page.keyboard.press("?");
  assert.ok(await page.isVisible(tid("help")));
  await page.keyboard.press("Escape");
  assert.equal(await page.$(tid("help")), null);
  // P starts autoplay, which advances on its own; P again pauses it.
  await page.keyboard.press("Home");
  await page.keyboard.press("p");
  await page.waitForFunction(() => /Step [1-9]/.test(document.querySelector('[data-testid="step-counter"]').textContent), null, { timeout: 5000 });
  await page.keyboard.press("p");
  assert.equal(await page.getAttribute(tid("play"), "aria-pressed"), "false");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a dropped message is gone, and stepping back brings it back", async () => {
  const { page, errors } = await open(ctx.browser, ctx.server.url);
  await page.click(tid("step"));
  await page.click(tid("msg-2"));
  assert.match(await page.textContent(".inspector"), /Message #2: Prepare/);
  await page.click(tid("drop"));
  assert.equal(await page.$(tid("msg-2")), null);
  assert.ok(await page.$(tid("msg-1")));
  assert.equal(await counter(page), "Step 2 / 2", "a hand action in the past starts a new branch");
  await page.click(tid("back"));
  assert.ok(await page.$(tid("msg-2")));
  assert.deepEqual(errors, []);
  await page.close();
});

// A step changes what changed and nothing else: the arrows and cards that stay keep their
// elements. Before, both lists were spliced into one list diffed by position, so a message
// delivered from the middle rebuilt every arrow after it, and its cards' texts.
test("delivering a message from the middle keeps the other arrows' and the cards' elements", async () => {
  const { page, errors } = await open(ctx.browser, ctx.server.url);
  await page.click(tid("step"));
  const ids = await page.$$eval('[data-testid^="msg-"]', (ms) => ms.map((m) => m.dataset.testid));
  assert.ok(ids.length >= 3, `three Prepares in flight: ${ids}`);
  await page.evaluate(() => {
    window.__kept = [...document.querySelectorAll('[data-testid^="msg-"], [data-testid^="node-"], [data-testid^="node-"] text')];
  });
  await page.click(tid(ids[1]));
  await page.click(tid("deliver"));
  await page.waitForFunction((id) => !document.querySelector(`[data-testid="${id}"]`), ids[1]);
  const lost = await page.evaluate((gone) =>
    window.__kept.filter((e) => !e.isConnected && e.dataset?.testid !== gone).map((e) => e.dataset?.testid || `${e.closest("[data-testid]").dataset.testid} ${e.getAttribute("class")}`), ids[1]);
  assert.deepEqual(lost, [], "elements rebuilt by the step");
  assert.deepEqual(errors, []);
  await page.close();
});

test("stepping leaves every label still in flight where it was", async () => {
  const { page, errors } = await open(ctx.browser, ctx.server.url);
  await page.click(".settings summary");
  await page.fill(tid("cfg-acceptors"), "5");
  await page.fill(tid("cfg-proposers"), "2");
  await page.click(tid("cfg-apply"));
  await page.waitForSelector(tid("node-a5"));
  const compared = await labelsStayPut(page, 30);
  assert.ok(compared >= 60, `only ${compared} labels compared`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the event log after a jump along the timeline reads as it does after stepping there", async () => {
  // The log's entries are keyed by their place among the last 30 steps, so a jump rewrites
  // the elements it finds instead of building new ones: what it shows must still be what
  // stepping there one step at a time shows.
  const { page, errors } = await open(ctx.browser, ctx.server.url);
  await page.selectOption(tid("scenario-select"), "11-random-run-with-faults");
  await page.keyboard.press("End");
  await page.waitForFunction(() => /Step (\d+) \/ \1$/.test(document.querySelector('[data-testid="step-counter"]').textContent.trim()));
  const len = await stepNumber(page);
  assert.ok(len >= 45, `the scenario has ${len} steps`);
  const at = (k) => page.waitForFunction((k) => document.querySelector('[data-testid="step-counter"]').textContent.trim().startsWith(`Step ${k} /`), k);
  const log = () =>
    page.$$eval('[data-testid="event-log"] > li', (lis) =>
      lis.map((li) => [li.classList.contains("current"), li.querySelector(".log-n").textContent, [...li.querySelectorAll("ul li")].map((l) => l.textContent)]),
    );
  const jump = async (k) => {
    await page.$eval(tid("timeline"), (s, k) => {
      s.value = String(k);
      s.dispatchEvent(new Event("input", { bubbles: true }));
    }, k);
    await at(k);
  };
  await page.keyboard.press("Home");
  await at(0);
  const stepped = new Map();
  for (let k = 1; k <= 45; k++) {
    await page.click(tid("step"));
    await at(k);
    if ([12, 25, 31, 45].includes(k)) stepped.set(k, await log());
  }
  assert.equal(stepped.get(45).length > 10, true, "the log has entries to compare");
  // Jumps of every kind: back by more than the log holds, back and forward by less, forward
  // by more, from the end and from the start.
  for (const k of [12, 25, 31, 45, 31, 12, 45, 25]) {
    await jump(k);
    assert.deepEqual(await log(), stepped.get(k), `after a jump to ${k}`);
  }
  await jump(len);
  await jump(25);
  assert.deepEqual(await log(), stepped.get(25));
  await jump(0);
  assert.equal((await log()).length, 0);
  await jump(31);
  assert.deepEqual(await log(), stepped.get(31));
  assert.deepEqual(errors, []);
  await page.close();
});

test("a crashed acceptor shows its state; a recovered one keeps its promise", async () => {
  const { page, errors } = await open(ctx.browser, ctx.server.url);
  await page.click(tid("step"));
  await page.click(tid("step"));
  await page.click(tid("node-a1"));
  await page.click(tid("crash"));
  assert.equal(await page.getAttribute(tid("node-a1"), "data-state"), "crashed");
  assert.match(await page.textContent(tid("node-a1")), /CRASHED/);
  await page.click(tid("recover"));
  assert.equal(await page.getAttribute(tid("node-a1"), "data-state"), "up");
  assert.equal(await page.getAttribute(tid("node-a1"), "data-promised"), "1.p1");
  // Keyboard too: Tab to a node and press Enter to select it.
  await page.focus(tid("node-a3"));
  await page.keyboard.press("Enter");
  assert.match(await page.textContent(".inspector"), /Node a3/);
  assert.deepEqual(errors, []);
  await page.close();
});

/** The value the golden script records as chosen (its first `CHOSEN` line), or null. */
function goldenChosen(file) {
  const line = fs.readFileSync(file, "utf8").split("\n").find((l) => l.startsWith("CHOSEN "));
  return line ? line.split(" ")[1] : null;
}

test("every scenario in the menu replays to the chosen value of its golden script", async () => {
  const { page, errors } = await open(ctx.browser, ctx.server.url);
  const dir = path.resolve(DIST, "../scenarios");
  const names = await page.$$eval(`${tid("scenario-select")} optgroup[label="Single-decree Paxos"] option`, (os) => os.map((o) => o.value));
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".txt")).map((f) => f.slice(0, -4)).sort();
  assert.deepEqual(names, files);
  // The menu is grouped by protocol: the Multi-Paxos group opens the other page.
  const multi = await page.$$eval(`${tid("scenario-select")} optgroup[label="Multi-Paxos"] option`, (os) => os.map((o) => o.value));
  const multiFiles = fs.readdirSync(path.join(dir, "multi-paxos")).filter((f) => f.endsWith(".txt")).map((f) => `multi-paxos/${f.slice(0, -4)}`).sort();
  assert.deepEqual(multi, multiFiles);
  let checked = 0;
  for (const name of names) {
    await page.selectOption(tid("scenario-select"), name);
    await page.evaluate(() => document.activeElement.blur());
    await page.keyboard.press("End");
    const expected = goldenChosen(path.join(dir, `${name}.txt`));
    if (expected === null) {
      assert.equal(await page.$(tid("chosen")), null, `${name}: nothing should be chosen`);
    } else {
      const text = await page.textContent(tid("chosen"));
      assert.ok(text.startsWith(expected), `${name}: expected ${expected}, banner says ${text}`);
      checked++;
    }
    const unsafe = name.startsWith("unsafe-");
    assert.equal(await page.getAttribute(tid("safety"), "data-ok"), unsafe ? "false" : "true", name);
  }
  assert.ok(checked >= 8, `only ${checked} scenarios have a chosen value`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("bad settings get a message next to the field and change nothing", async () => {
  const { page, errors } = await open(ctx.browser, ctx.server.url);
  await page.click(".settings summary");
  await page.fill(tid("cfg-acceptors"), "12");
  await page.fill(tid("cfg-loss"), "lots");
  await page.click(tid("cfg-apply"));
  assert.equal(await page.textContent(tid("cfg-acceptors-error")), "Enter a whole number from 1 to 9.");
  assert.equal(await page.textContent(tid("cfg-loss-error")), "Enter a percentage from 0 to 100.");
  assert.equal(await counter(page), "Step 0 / 14", "the run is untouched");
  await page.fill(tid("cfg-acceptors"), "5");
  await page.fill(tid("cfg-proposers"), "2");
  await page.fill(tid("cfg-loss"), "0");
  await page.click(tid("cfg-apply"));
  assert.ok(await page.$(tid("node-a5")));
  assert.ok(await page.$(tid("node-p2")));
  assert.equal(await page.inputValue(tid("scenario-select")), "free");
  assert.deepEqual(errors, []);
  await page.close();
});

test("autoplay pauses when the tab is hidden", async () => {
  const { page, errors } = await open(ctx.browser, ctx.server.url);
  await page.click(tid("play"));
  assert.equal(await page.getAttribute(tid("play"), "aria-pressed"), "true");
  await page.evaluate(() => {
    Object.defineProperty(document, "hidden", { value: true, configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await page.waitForFunction(() => document.querySelector('[data-testid="play"]').getAttribute("aria-pressed") === "false");
  assert.deepEqual(errors, []);
  await page.close();
});
