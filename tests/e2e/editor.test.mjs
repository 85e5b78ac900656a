// The script editor, end to end: errors with line and column as you type, playing a script,
// downloading it, and uploading files (a bad one is refused and changes nothing).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { open, suite } from "./harness.mjs";

const ctx = suite();

const tid = (id) => `[data-testid="${id}"]`;
const counter = async (page) => (await page.textContent(tid("step-counter"))).trim();

test("the editor shows errors as you type and plays a valid script", async () => {
  const { page, errors } = await open(ctx.browser, ctx.server.url);
  await page.click(`${tid("script-panel")} summary`);
  assert.match(await page.inputValue(tid("script-editor")), /^# The happy path/, "starts from the current scenario");
  await page.fill(tid("script-editor"), "cluster acceptors=3 proposers=1\npropose p7 A\nfrobnicate");
  const problems = await page.$$eval(`${tid("script-errors")} li`, (ls) => ls.map((l) => l.textContent));
  assert.deepEqual(problems, [
    "line 2, column 9: there is no node p7 in this cluster",
    "line 3, column 1: unknown command `frobnicate`; see the list in docs or the scenarios/ folder",
  ]);
  assert.ok(await page.isDisabled(tid("script-play")));
  await page.fill(tid("script-editor"), 'cluster acceptors=3 proposers=1 learners=1\nsay "Mine."\npropose p1 Q\nstabilize');
  assert.ok(await page.$(tid("script-ok")));
  await page.click(tid("script-play"));
  assert.equal(await counter(page), "Step 0 / 16");
  assert.equal(await page.textContent(tid("caption")), "Mine.");
  await page.keyboard.press("End");
  assert.match(await page.textContent(tid("chosen")), /^Q/);
  // A script plays as a lecture too.
  await page.click(tid("lecture"));
  assert.equal(await page.textContent(tid("beat-progress")), "Beat 1 of 1");
  await page.keyboard.press("Escape");
  assert.deepEqual(errors, []);
  await page.close();
});

test("download and upload of .txt scripts; a bad upload is refused and changes nothing", async () => {
  const { page, errors } = await open(ctx.browser, ctx.server.url);
  await page.click(`${tid("script-panel")} summary`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(tid("script-download"))]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "paxos-script-"));
  const saved = path.join(dir, "saved.txt");
  await download.saveAs(saved);
  assert.equal(fs.readFileSync(saved, "utf8"), await page.inputValue(tid("script-editor")));

  const bad = path.join(dir, "bad.txt");
  fs.writeFileSync(bad, "cluster acceptors=99\n");
  const before = await page.inputValue(tid("script-editor"));
  await page.setInputFiles(tid("script-upload"), bad);
  await page.waitForSelector(tid("script-upload-error"));
  assert.match(await page.textContent(tid("script-upload-error")), /bad\.txt is not a valid script: line 1, column 1: acceptors must be between 1 and 9, not 99/);
  assert.equal(await page.inputValue(tid("script-editor")), before);
  assert.equal(await counter(page), "Step 0 / 14", "the current run is untouched");

  const good = path.join(dir, "good.txt");
  fs.writeFileSync(good, "cluster nodes=3 layout=combined\npropose n2 K\nstabilize\n");
  await page.setInputFiles(tid("script-upload"), good);
  await page.waitForFunction(() => document.querySelector('[data-testid="script-editor"]').value.startsWith("cluster nodes=3"));
  await page.click(tid("script-play"));
  await page.keyboard.press("End");
  assert.match(await page.textContent(tid("chosen")), /^K/);
  assert.ok(await page.$(tid("node-n3")));
  assert.deepEqual(errors, []);
  await page.close();
});
