// The Check panel, end to end: the exhaustive checker runs in a Web Worker whose module the
// app's first load does not fetch; on a safe configuration it reports the complete state
// count the CLI reports; cancel stops it within a measured bound while the page stays
// responsive; every gallery card finds its bug and its counterexample opens, steps and turns
// the safety indicator red (a Multi-Paxos bug on the Multi-Paxos page); the quorum playground
// flags a pair of quorums that miss each other and Break it opens a run that chooses two
// values, while safe flexible quorums check clean; partial-order reduction counts what the
// CLI's --por counts. No console errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { suite } from "./harness.mjs";

const ctx = suite();
const tid = (id) => `[data-testid="${id}"]`;
const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), "../..");

async function openApp(hash = "") {
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 }, reducedMotion: "reduce" });
  const errors = [];
  const requests = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => requests.push(path.basename(new URL(r.url()).pathname)));
  await page.goto(`${ctx.server.url}${hash}`);
  await page.waitForSelector(tid("check-open"));
  return { page, errors, requests };
}

/** The CLI's count of reachable states for these flags (its first line). */
function cliStates(args) {
  const bin = path.join(ROOT, "target/release/paxos-sim");
  const cargo = ["run", "--quiet", "--release", "-p", "paxos-sim", "--bin", "paxos-sim", "--"];
  let out;
  try {
    out = execFileSync(bin, ["check", ...args], { encoding: "utf8" });
  } catch {
    out = execFileSync("cargo", [...cargo, "check", ...args], { cwd: ROOT, encoding: "utf8" });
  }
  const m = /^unique states (\d+),/.exec(out);
  assert.ok(m, out);
  assert.match(out, args.includes("--por") ? /no violation in any reachable state \(\d+ states explored with partial-order reduction\)/ : /no violation in all \d+ reachable states/);
  return Number(m[1]);
}

async function fill(page, fields) {
  for (const [id, value] of Object.entries(fields)) await page.fill(tid(id), String(value));
}

test("the first load does not fetch the checker; a safe check reports the CLI's complete count", async () => {
  const { page, errors, requests } = await openApp();
  await page.waitForTimeout(300);
  assert.ok(!requests.some((r) => r.includes("check")), `first load fetched ${requests.join(", ")}`);
  await page.click(tid("check-open"));
  await page.waitForSelector(tid("check-panel"));
  assert.ok(!requests.some((r) => r.includes("check")), "opening the panel fetched the checker");
  await fill(page, { "check-acceptors": 3, "check-proposers": 1, "check-round": 2 });
  await page.click(tid("check-run"));
  const verdict = page.locator(tid("check-verdict"));
  await verdict.waitFor({ timeout: 60_000 });
  assert.ok(requests.includes("paxos-viz-check_bg.wasm") && requests.includes("check-worker.js"), requests.join(", "));
  const states = Number(await verdict.getAttribute("data-states"));
  assert.equal(await verdict.getAttribute("data-complete"), "true");
  assert.equal(await verdict.getAttribute("data-violation"), "");
  // The panel reduces by symmetry and forgets dead messages unless asked not to; so does the
  // CLI with --symmetry --prune.
  const flags = ["--acceptors", "3", "--proposers", "1", "--max-round", "2"];
  assert.equal(states, cliStates([...flags, "--symmetry", "--prune"]));
  assert.match(await verdict.textContent(), new RegExp(`No violation in all ${states} reachable states`));
  const progress = page.locator(tid("check-progress"));
  assert.equal(Number(await progress.getAttribute("data-states")), states);
  assert.ok(Number(await progress.getAttribute("data-depth")) > 5);
  // Without them, the CLI's plain count.
  const plain = cliStates(flags);
  assert.ok(plain > 4 * states, `${plain} states without reductions, ${states} with`);
  await page.uncheck(tid("check-symmetry"));
  await page.uncheck(tid("check-prune"));
  await page.click(tid("check-run"));
  await page.waitForFunction((n) => document.querySelector('[data-testid="check-verdict"]')?.dataset.states === String(n), plain, { timeout: 60_000 });
  assert.equal(await verdict.getAttribute("data-complete"), "true");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a worker that fails mid-check says how far it got, and the next check starts a new worker", async () => {
  const { page, errors } = await openApp();
  // The first worker's script throws inside its first slice, as a trap in the module would
  // (an allocation past what a page may hold); the next worker gets the real script.
  // Routing disables the HTTP cache, so the second worker fetches it again.
  await page.route("**/check-worker.js", async (route) => {
    const real = await (await route.fetch()).text();
    const broken = real.replace("done = run(BUDGET);", "done = run(BUDGET); throw new Error('injected fault');");
    assert.notEqual(broken, real, "the worker's loop is where this test expects it");
    await route.fulfill({ body: broken, contentType: "text/javascript" });
  }, { times: 1 });
  await page.click(tid("check-open"));
  await fill(page, { "check-acceptors": 3, "check-proposers": 1, "check-round": 1 });
  await page.click(tid("check-run"));
  const error = page.locator(tid("check-error"));
  await error.waitFor({ timeout: 30_000 });
  assert.match(await error.textContent(), /^The check could not run: it stopped after \d+ states: Error: injected fault$/);
  assert.equal(await page.isEnabled(tid("check-run")), true, "the panel is not left checking");
  await page.click(tid("check-run"));
  const verdict = page.locator(tid("check-verdict"));
  await verdict.waitFor({ timeout: 60_000 });
  assert.equal(await verdict.getAttribute("data-complete"), "true");
  assert.equal(Number(await verdict.getAttribute("data-states")), cliStates(["--acceptors", "3", "--proposers", "1", "--max-round", "1", "--symmetry", "--prune"]));
  assert.deepEqual(errors, []);
  await page.close();
});

test("a bad bound is named and cannot be run", async () => {
  const { page, errors } = await openApp();
  await page.click(tid("check-open"));
  await fill(page, { "check-acceptors": "lots" });
  assert.equal(await page.textContent(tid("check-error")), "Acceptors: `lots` is not a whole number");
  assert.ok(await page.isDisabled(tid("check-run")));
  await fill(page, { "check-acceptors": 3, "check-phase1": 5, "check-phase2": 1 });
  assert.equal(await page.textContent(tid("check-error")), "Phase-1 quorum: 5 must be between 1 and the 3 acceptors");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a Multi-Paxos check takes its clients' commands and a search order, and counts what the CLI counts", async () => {
  const { page, errors } = await openApp();
  await page.click(tid("check-open"));
  await page.selectOption(tid("check-protocol"), "multi-paxos");
  assert.equal(await page.inputValue(tid("check-commands")), "c1 put x 1 at n2; c1 get x at n1");
  // A mistake names the command and the word.
  await fill(page, { "check-commands": "c1 put x 1 at n2; c1 take x at n1" });
  assert.match(await page.textContent(tid("check-error")), /^Client commands: command 2 \(`c1 take x at n1`\): .*`take` is not put, get or cas/);
  assert.ok(await page.isDisabled(tid("check-run")));
  // One put, ballots of round 1, depth first: the CLI's count, to the end.
  await fill(page, { "check-commands": "c1 put x 1 at n2", "check-round": 1 });
  await page.check(tid("check-depth-first"));
  await page.click(tid("check-run"));
  const verdict = page.locator(tid("check-verdict"));
  await verdict.waitFor({ timeout: 60_000 });
  assert.equal(await verdict.getAttribute("data-complete"), "true");
  assert.equal(await verdict.getAttribute("data-violation"), "");
  assert.equal(Number(await verdict.getAttribute("data-states")), cliStates(["--protocol", "multi-paxos", "--max-round", "1", "--commands", "c1 put x 1 at n2"]));
  assert.deepEqual(errors, []);
  await page.close();
});

test("cancel stops a long check within a measured bound, and the page stays responsive", async () => {
  const { page, errors } = await openApp();
  await page.click(tid("check-open"));
  // Round 2 of three acceptors and two proposers: millions of states, far more than the test waits for.
  await fill(page, { "check-round": 2, "check-cap": 20000000 });
  await page.click(tid("check-run"));
  const progress = page.locator(tid("check-progress"));
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="check-progress"]')?.dataset.states) > 50_000, null, { timeout: 60_000 });
  // The main thread answers while the worker explores: a frame is drawn promptly.
  const frame = await page.evaluate(() => new Promise((r) => { const t = performance.now(); requestAnimationFrame(() => r(performance.now() - t)); }));
  assert.ok(frame < 500, `a frame took ${frame} ms`);
  const before = Number(await progress.getAttribute("data-states"));
  const t0 = Date.now();
  await page.click(tid("check-cancel"));
  const verdict = page.locator(tid("check-verdict"));
  await verdict.waitFor({ timeout: 5_000 });
  const took = Date.now() - t0;
  assert.ok(took < 1_000, `cancel took ${took} ms`);
  const reported = await page.textContent(tid("check-cancel-time"));
  const ms = Number(/Cancelled (\d+) ms/.exec(reported)[1]);
  assert.ok(ms < 500, reported);
  assert.equal(await verdict.getAttribute("data-complete"), "false");
  const states = Number(await verdict.getAttribute("data-states"));
  assert.ok(states >= before, `${states} < ${before}`);
  assert.match(await verdict.textContent(), new RegExp(`No violation in the first ${states} states \\(cancelled\\)`));
  // It stays stopped.
  await page.waitForTimeout(400);
  assert.equal(Number(await progress.getAttribute("data-states")), states);
  console.log(`cancel: ${took} ms from the click to the verdict, ${ms} ms as the page measured it`);
  assert.deepEqual(errors, []);
  await page.close();
});

const SINGLE = ["forget-promise", "ignore-promises", "small-quorums", "accept-below-promise", "reuse-ballot", "count-across-ballots", "lying-acceptor"];
const MULTI = ["skip-phase-1", "local-reads", "ignore-reports"];

test("every single-decree gallery card finds its bug, and the counterexample opens, steps and breaks safety", async () => {
  const { page, errors } = await openApp();
  for (const name of SINGLE) {
    await page.click(tid("check-open"));
    await page.click(tid("gallery-tab"));
    const t0 = Date.now();
    await page.click(tid(`gallery-${name}-find`));
    // The panel closes and the run plays from step 0.
    await page.waitForSelector(tid("check-panel"), { state: "detached", timeout: 30_000 });
    const found = Date.now() - t0;
    const end = Number(await page.getAttribute(tid("broken-at"), "data-step"));
    assert.ok(end > 3, `${name}: breaks at ${end}`);
    // It plays by itself, a step a second: pause it, go back to the start, step by hand.
    assert.equal(await page.getAttribute(tid("play"), "aria-pressed"), "true", name);
    await page.click(tid("play"));
    await page.keyboard.press("Home");
    await page.waitForFunction(() => /^Step 0 \//.test(document.querySelector('[data-testid="step-counter"]').textContent));
    assert.equal(await page.getAttribute(tid("safety"), "data-ok"), "true", `${name}: safe at step 0`);
    await page.click(tid("step"));
    await page.waitForFunction(() => /^Step 1 \//.test(document.querySelector('[data-testid="step-counter"]').textContent));
    assert.match(await page.textContent(".caption"), /\w/);
    await page.click(tid("broken-at"));
    await page.waitForFunction((n) => document.querySelector('[data-testid="step-counter"]').textContent.startsWith(`Step ${n} /`), end);
    assert.equal(await page.getAttribute(tid("safety"), "data-ok"), "false", name);
    assert.match(await page.textContent(".caption"), /check fails/, name);
    console.log(`gallery ${name}: found and opened in ${found} ms, breaks at step ${end}`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test("every Multi-Paxos gallery card opens its counterexample on the Multi-Paxos page", async () => {
  for (const name of MULTI) {
    const { page, errors } = await openApp();
    await page.click(tid("check-open"));
    await page.click(tid("gallery-tab"));
    const t0 = Date.now();
    await page.click(tid(`gallery-${name}-find`));
    await page.waitForURL(/#multi-paxos\/check/, { timeout: 30_000 });
    await page.waitForSelector(tid("broken-at"), { timeout: 30_000 });
    const found = Date.now() - t0;
    const end = Number(await page.getAttribute(tid("broken-at"), "data-step"));
    assert.equal(await page.getAttribute(tid("safety"), "data-ok"), "true", `${name}: safe at the start`);
    await page.click(tid("play"));
    await page.click(tid("broken-at"));
    await page.waitForFunction((n) => document.querySelector('[data-testid="step-counter"]').textContent.startsWith(`Step ${n} /`), end);
    assert.equal(await page.getAttribute(tid("safety"), "data-ok"), "false", name);
    console.log(`gallery ${name}: found and opened on the Multi-Paxos page in ${found} ms, breaks at step ${end}`);
    assert.deepEqual(errors, [], name);
    await page.close();
  }
});

test("the quorum playground flags quorums that miss each other, and Break it chooses two values", async () => {
  const { page, errors } = await openApp();
  await page.click(tid("check-open"));
  await page.click(tid("quorums-tab"));
  const verdict = page.locator(tid("quorums-verdict"));
  // 5 acceptors, 2 and 3: the playground's default misses.
  assert.equal(await verdict.getAttribute("data-intersect"), "false");
  assert.match(await verdict.textContent(), /\{a1, a2\} and phase-2 quorum \{a3, a4, a5\}/);
  // 4 of 6 with 3 of 6 always meet (Flexible Paxos).
  await page.fill(tid("quorums-n"), "6");
  await page.dispatchEvent(tid("quorums-n"), "change");
  await page.fill(tid("quorums-q1"), "4");
  await page.dispatchEvent(tid("quorums-q1"), "change");
  assert.equal(await verdict.getAttribute("data-intersect"), "true");
  await page.click(tid("quorums-grid"));
  assert.equal(await verdict.getAttribute("data-intersect"), "true");
  await page.click(tid("quorums-size"));
  // 3 acceptors, 1 and 2: Break it.
  await page.fill(tid("quorums-n"), "3");
  await page.dispatchEvent(tid("quorums-n"), "change");
  await page.fill(tid("quorums-q1"), "1");
  await page.dispatchEvent(tid("quorums-q1"), "change");
  await page.fill(tid("quorums-q2"), "2");
  await page.dispatchEvent(tid("quorums-q2"), "change");
  assert.equal(await verdict.getAttribute("data-intersect"), "false");
  await page.click(tid("quorums-break"));
  await page.waitForSelector(tid("check-panel"), { state: "detached", timeout: 30_000 });
  await page.click(tid("play"));
  await page.click(tid("broken-at"));
  assert.equal(await page.getAttribute(tid("safety"), "data-ok"), "false");
  assert.match(await page.textContent(".caption"), /The agreement check fails/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("quorums picked by hand: one click makes two miss, Break it chooses two values, and the link keeps the quorums", async () => {
  const { page, errors } = await openApp();
  await page.click(tid("check-open"));
  await page.click(tid("quorums-tab"));
  await page.click(tid("quorums-sets"));
  await page.fill(tid("quorums-n"), "4");
  await page.dispatchEvent(tid("quorums-n"), "change");
  const verdict = page.locator(tid("quorums-verdict"));
  // By hand starts from the 2 x 2 grid's rows and columns: every row meets every column.
  assert.equal(await verdict.getAttribute("data-intersect"), "true");
  assert.equal(await page.getAttribute(tid("quorums-set-2-1-a3"), "aria-pressed"), "true");
  // Take a3 out of phase 2's {a1, a3}: {a1} misses the row {a3, a4}.
  await page.click(tid("quorums-set-2-1-a3"));
  assert.equal(await page.getAttribute(tid("quorums-set-2-1-a3"), "aria-pressed"), "false");
  assert.equal(await verdict.getAttribute("data-intersect"), "false");
  assert.match(await verdict.textContent(), /\{a3, a4\} and phase-2 quorum \{a1\}/);
  // A quorum added holds every acceptor, and a quorum cannot lose its last one.
  await page.click(tid("quorums-add-1"));
  assert.equal(await page.locator('[data-testid^="quorums-set-1-"][role="group"]').count(), 3);
  await page.click(tid("quorums-set-2-1-a1"));
  assert.equal(await page.getAttribute(tid("quorums-set-2-1-a1"), "aria-pressed"), "true");
  await page.click(tid("quorums-break"));
  await page.waitForSelector(tid("check-panel"), { state: "detached", timeout: 30_000 });
  await page.click(tid("play"));
  await page.click(tid("broken-at"));
  assert.equal(await page.getAttribute(tid("safety"), "data-ok"), "false");
  const counter = await page.textContent(tid("step-counter"));
  // The run's link carries the listed quorums: a fresh page opens the same broken run.
  await page.waitForTimeout(350); // the address follows steps within 250 ms
  const url = page.url();
  assert.ok(url.includes("#v1."), url);
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const fresh = await context.newPage();
  await fresh.goto(url);
  await fresh.waitForSelector(tid("cluster"));
  assert.equal(await fresh.textContent(tid("step-counter")), counter);
  assert.equal(await fresh.getAttribute(tid("safety"), "data-ok"), "false");
  await context.close();
  assert.deepEqual(errors, []);
  await page.close();
});

test("a grid's Break it checks its rows and columns as listed quorums, clean", async () => {
  const { page, errors } = await openApp();
  await page.click(tid("check-open"));
  await page.click(tid("quorums-tab"));
  await page.click(tid("quorums-grid"));
  await page.fill(tid("quorums-rows"), "1");
  await page.dispatchEvent(tid("quorums-rows"), "change");
  await page.fill(tid("quorums-cols"), "3");
  await page.dispatchEvent(tid("quorums-cols"), "change");
  // One row of three: phase 1 needs all three, phase 2 any one (a column of one).
  assert.equal(await page.getAttribute(tid("quorums-verdict"), "data-intersect"), "true");
  await page.click(tid("quorums-break"));
  const verdict = page.locator(tid("check-verdict"));
  await page.waitForFunction(() => document.querySelector('[data-testid="check-verdict"]')?.dataset.complete === "true", null, { timeout: 120_000 });
  assert.equal(await verdict.getAttribute("data-violation"), "");
  assert.equal(Number(await verdict.getAttribute("data-states")), cliStates(["--acceptors", "3", "--proposers", "2", "--max-round", "1", "--phase1", "a1+a2+a3", "--phase2", "a1,a2,a3", "--prune", "--por"]));
  // Three rows of four are beyond a cluster's nine acceptors: Break it says so.
  await page.fill(tid("quorums-rows"), "3");
  await page.dispatchEvent(tid("quorums-rows"), "change");
  await page.fill(tid("quorums-cols"), "4");
  await page.dispatchEvent(tid("quorums-cols"), "change");
  assert.equal(await page.isDisabled(tid("quorums-break")), true);
  assert.match(await page.textContent(tid("quorums")), /up to 9 acceptors; this grid has 12/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("partial-order reduction: the panel's count is the CLI's, and safe flexible quorums of six check clean", async () => {
  const { page, errors } = await openApp();
  await page.click(tid("check-open"));
  await fill(page, { "check-acceptors": 4, "check-proposers": 2, "check-round": 1 });
  await page.check(tid("check-por"));
  await page.click(tid("check-run"));
  const verdict = page.locator(tid("check-verdict"));
  await verdict.waitFor({ timeout: 60_000 });
  const flags = ["--acceptors", "4", "--proposers", "2", "--max-round", "1", "--symmetry", "--prune"];
  const reduced = cliStates([...flags, "--por"]);
  assert.equal(await verdict.getAttribute("data-complete"), "true");
  assert.equal(await verdict.getAttribute("data-violation"), "");
  assert.equal(Number(await verdict.getAttribute("data-states")), reduced);
  assert.match(await verdict.textContent(), new RegExp(`No violation in any reachable state \\(${reduced} states explored with partial-order reduction\\)`));
  assert.ok(cliStates(flags) > 4 * reduced);
  // The playground: 5 of 6 in phase 1 with 2 of 6 in phase 2 always meet, and the checker
  // agrees over every reachable state.
  await page.click(tid("quorums-tab"));
  for (const [id, v] of [["quorums-n", 6], ["quorums-q1", 5], ["quorums-q2", 2]]) {
    await page.fill(tid(id), String(v));
    await page.dispatchEvent(tid(id), "change");
  }
  assert.equal(await page.getAttribute(tid("quorums-verdict"), "data-intersect"), "true");
  await page.click(tid("quorums-break"));
  await page.waitForFunction(() => document.querySelector('[data-testid="check-verdict"]')?.dataset.complete === "true", null, { timeout: 120_000 });
  assert.equal(await verdict.getAttribute("data-violation"), "");
  assert.equal(Number(await verdict.getAttribute("data-states")), cliStates(["--acceptors", "6", "--proposers", "2", "--max-round", "1", "--quorum", "5,2", "--symmetry", "--prune", "--por"]));
  assert.deepEqual(errors, []);
  await page.close();
});
