// Shareable links and trace files, end to end: a link taken at step k of a run with hand-made
// actions opens in a fresh page at the same step with identical nodes and messages; back and
// forward move between meaningful changes; damaged links fall back with a message; a trace
// exported from the page imports again.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { open, suite } from "./harness.mjs";

const ctx = suite();

const tid = (id) => `[data-testid="${id}"]`;

/** Everything the drawing shows, as plain data. */
async function snapshot(page) {
  return {
    counter: (await page.textContent(tid("step-counter"))).trim(),
    nodes: await page.$$eval('[data-testid^="node-"]', (ns) => ns.map((n) => ({ ...n.dataset, text: n.textContent }))),
    msgs: await page.$$eval('[data-testid^="msg-"]', (ms) => ms.map((m) => ({ ...m.dataset, text: m.textContent }))),
    chosen: await page.$(tid("chosen")).then((c) => c && c.textContent()),
  };
}

test("a link taken mid-run with hand-made actions reopens the same state in a fresh page", async () => {
  const { page, errors } = await open(ctx.browser, ctx.server.url);
  await page.selectOption(tid("scenario-select"), "07-dueling-proposers");
  for (let i = 0; i < 6; i++) await page.click(tid("step"));
  await page.click('[data-testid^="msg-"] .pill');
  await page.click(tid("duplicate"));
  await page.click(tid("node-a2"));
  await page.click(tid("crash"));
  await page.click(tid("step"));
  await page.click(tid("step"));
  await page.click(tid("back"));
  const before = await snapshot(page);
  assert.match(before.counter, /^Step 9 \/ 10$/);
  // The address follows steps once stepping pauses.
  await page.waitForTimeout(350); // the address follows steps within 250 ms
  const url = page.url();
  assert.ok(url.includes("#v1."), url);
  assert.ok(url.length < 2000, `${url.length} characters`);
  // A fresh context: nothing shared but the URL.
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const fresh = await context.newPage();
  const freshErrors = [];
  fresh.on("pageerror", (e) => freshErrors.push(String(e)));
  await fresh.goto(url);
  await fresh.waitForSelector(tid("cluster"));
  assert.deepEqual(await snapshot(fresh), before);
  assert.equal(await fresh.inputValue(tid("scenario-select")), "07-dueling-proposers");
  assert.deepEqual(errors, []);
  assert.deepEqual(freshErrors, []);
  await context.close();
  await page.close();
});

test("browser back and forward move between meaningful changes, not steps", async () => {
  // Real clicks: Chrome skips history entries made without a user gesture.
  const { page, errors } = await open(ctx.browser, ctx.server.url);
  for (let i = 0; i < 3; i++) await page.click(tid("step"));
  await page.click('[data-testid^="msg-"] .pill');
  await page.click(tid("drop"));
  await page.click(tid("step"));
  await page.click(tid("step"));
  const afterDrop = await snapshot(page);
  await page.click(tid("node-a1"));
  await page.click(tid("crash"));
  await page.click(tid("step"));
  const afterCrash = await snapshot(page);
  await page.waitForTimeout(350); // the address follows steps within 250 ms
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('[data-testid="node-a1"]').dataset.state === "up");
  assert.deepEqual(await snapshot(page), afterDrop, "back lands where the run was before the crash, steps included");
  await page.goForward();
  await page.waitForFunction(() => document.querySelector('[data-testid="node-a1"]').dataset.state === "crashed");
  assert.deepEqual(await snapshot(page), afterCrash);
  assert.deepEqual(errors, []);
  await page.close();
});

test("damaged, foreign and huge links show a message and open the default scenario", async () => {
  for (const fragment of ["#v1.garbage!", "#v9.AAAA", "#hello", `#v1.${"A".repeat(300000)}`, "#v1.AAEDAAA"]) {
    const { page, errors } = await open(ctx.browser, ctx.server.url + fragment);
    const notice = await page.textContent(tid("notice"));
    assert.match(notice, /Could not open the link/, fragment.slice(0, 20));
    assert.equal((await page.textContent(tid("step-counter"))).trim(), "Step 0 / 14");
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test("a trace exported from the page imports again; a bad file leaves the run untouched", async () => {
  const { page, errors } = await open(ctx.browser, ctx.server.url);
  await page.selectOption(tid("scenario-select"), "02-higher-ballot-preempts");
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press("End");
  const end = await snapshot(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(tid("export-trace"))]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paxos-trace-"));
  const file = path.join(dir, "trace.json");
  await download.saveAs(file);
  const trace = JSON.parse(fs.readFileSync(file, "utf8"));
  assert.equal(trace.version, 1);
  assert.ok(trace.events.length > 50);

  const bad = path.join(dir, "bad.json");
  fs.writeFileSync(bad, '{"version": 1, "config": 5}');
  await page.setInputFiles(tid("import-trace"), bad);
  await page.waitForSelector(tid("notice"));
  assert.match(await page.textContent(tid("notice")), /Could not import the trace: trace JSON, line 1/);
  assert.deepEqual(await snapshot(page), end, "the current run is untouched");

  await page.selectOption(tid("scenario-select"), "01-happy-path");
  await page.setInputFiles(tid("import-trace"), file);
  await page.waitForFunction(() => /Trace imported/.test(document.querySelector('[data-testid="notice"]')?.textContent ?? ""));
  // Keys typed into a form control are not shortcuts; the file input may still have focus.
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press("End");
  await page.waitForFunction(() => /Step 45 \/ 45/.test(document.body.textContent));
  assert.deepEqual(await snapshot(page), end);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the drawing exports as SVG and PNG for slides", async () => {
  const { page, errors } = await open(ctx.browser, ctx.server.url);
  await page.selectOption(tid("scenario-select"), "03-adopt-accepted-value");
  for (let i = 0; i < 13; i++) await page.click(tid("step"));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paxos-export-"));
  const [svgDl] = await Promise.all([page.waitForEvent("download"), page.click(tid("export-svg"))]);
  const svgFile = path.join(dir, svgDl.suggestedFilename());
  await svgDl.saveAs(svgFile);
  const svg = fs.readFileSync(svgFile, "utf8");
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
  for (const n of ["p1", "p2", "a1", "a2", "a3", "l1"]) assert.ok(svg.includes(`>${n}</text>`), n);
  assert.ok(svg.includes("value A ← a2@1.p1"));
  const [pngDl] = await Promise.all([page.waitForEvent("download"), page.click(tid("export-png"))]);
  const pngFile = path.join(dir, "drawing.png");
  await pngDl.saveAs(pngFile);
  const png = fs.readFileSync(pngFile);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "a PNG file");
  const width = png.readUInt32BE(16), height = png.readUInt32BE(20);
  const viewBox = svg.match(/viewBox="0 0 (\d+) (\d+)"/);
  assert.equal(width, 2 * Number(viewBox[1]));
  assert.equal(height, 2 * Number(viewBox[2]));
  assert.ok(png.length > 20_000, `${png.length} bytes: the drawing is not blank`);
  assert.deepEqual(errors, []);
  await page.close();
});
