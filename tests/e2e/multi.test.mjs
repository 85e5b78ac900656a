// The Multi-Paxos page, end to end: it is its own wasm module, loaded only for a Multi-Paxos
// address; every Multi-Paxos scenario steps to its golden end state (stores, applied slots,
// no-ops, clients); a client's put reaches every store; a leader crashed by a click is
// replaced; dropping a message, stepping back and forward replays it; a link of a hand-steered
// run reopens identically; the protocol choice switches modules. No console errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { suite, labelsStayPut } from "./harness.mjs";

const ctx = suite();
const tid = (id) => `[data-testid="${id}"]`;
const SCENARIOS = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../scenarios/multi-paxos");

/** Opens the Multi-Paxos page (at `hash`, default the protocol choice). */
async function openMulti(hash = "#multi-paxos") {
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: "reduce" });
  const errors = [];
  const wasm = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(path.basename(new URL(r.url()).pathname)));
  await page.goto(`${ctx.server.url}${hash}`);
  await page.waitForSelector(tid("log"));
  return { page, errors, wasm };
}

/** The last `status` block of a golden scenario: replica and client lines. */
function goldenStatus(text) {
  const lines = text.split("\n");
  let at = lines.length;
  for (let i = 0; i < lines.length - 1; i++) if (lines[i] === "status" && lines[i + 1] === "----") at = i + 2;
  const out = [];
  for (let i = at; i < lines.length && lines[i].trim() !== ""; i++) out.push(lines[i]);
  return out;
}

/** What the page shows of each replica and client, as plain data. */
async function shown(page) {
  return page.evaluate(() => {
    const q = (s) => [...document.querySelectorAll(s)];
    const replicas = {};
    for (const n of q('[data-role="replica"]')) {
      const id = n.dataset.testid.slice(5);
      const cells = q(`[data-testid^="slot-${id}-"]`);
      replicas[id] = {
        state: n.dataset.state,
        store: document.querySelector(`[data-testid="kv-${id}"]`).dataset.store,
        applied: cells.filter((c) => c.dataset.applied === "true").length,
        noops: cells.filter((c) => c.dataset.applied === "true" && c.dataset.noop === "true").map((c) => Number(c.dataset.testid.split("-")[2])),
      };
    }
    const clients = {};
    for (const c of q('[data-testid^="client-"]')) clients[c.dataset.testid.slice(7)] = c.dataset.pending;
    return { replicas, clients };
  });
}

/** The same, as the golden status lines say it. */
function expected(status) {
  const replicas = {};
  const clients = {};
  for (const line of status) {
    const m = line.match(/^(n\d) (up|crashed) .* learned=\[(.*)\] applied=(\d+) store=\{(.*)\}$/);
    if (m) {
      const learned = m[3] ? m[3].split(", ") : [];
      const applied = Number(m[4]);
      replicas[m[1]] = {
        state: m[2],
        store: m[5] ? m[5].split(" ").join(",") : "",
        applied,
        noops: learned.filter((l) => l.endsWith(":noop")).map((l) => Number(l.split(":")[0])).filter((s) => s <= applied),
      };
      continue;
    }
    const c = line.match(/^(c\d) (?:up|crashed) (?:idle|waiting for c\d#\d+ (put|get|cas) (.*) \(sent to n\d\))$/);
    if (c) clients[c[1]] = c[2] ? `${c[2]}(${c[3].split(" ").join(",")})` : "";
  }
  return { replicas, clients };
}

test("a Multi-Paxos address loads the Multi-Paxos module only, and a single-decree one never does", async () => {
  const { page, errors, wasm } = await openMulti();
  assert.deepEqual(wasm, ["paxos-viz-multi_bg.wasm"], "the Multi-Paxos page fetches its own module only");
  assert.ok(await page.$eval("link[href$='paxos-viz-multi.css']", (l) => l.sheet !== null), "its stylesheet applies");
  assert.equal(await page.$eval(tid("protocol-select"), (s) => s.value), "multi-paxos");
  await page.close();
  // A single-decree page, watched from its first request: nothing of Multi-Paxos, not even
  // its stylesheet.
  const single = { page: await ctx.browser.newPage(), errors: [] };
  const requested = [];
  single.page.on("request", (r) => requested.push(r.url()));
  single.page.on("pageerror", (e) => single.errors.push(String(e)));
  await single.page.goto(ctx.server.url);
  await single.page.waitForSelector(tid("cluster"));
  await single.page.click(tid("step"));
  assert.ok(requested.some((u) => u.endsWith("paxos-viz-app_bg.wasm")));
  assert.ok(!requested.some((u) => u.includes("multi")), `the single-decree page fetched ${requested.filter((u) => u.includes("multi"))}`);
  // The protocol choice switches to the other module.
  await single.page.selectOption(tid("protocol-select"), "multi-paxos");
  await single.page.waitForSelector(tid("log"));
  assert.match(single.page.url(), /#v2\./, "the Multi-Paxos page writes its own link");
  assert.deepEqual([...single.errors, ...errors], []);
  await single.page.close();
});

test("every Multi-Paxos scenario steps to its golden end state", async () => {
  const { page, errors } = await openMulti();
  const files = fs.readdirSync(SCENARIOS).filter((f) => f.endsWith(".txt")).sort();
  assert.ok(files.length >= 8);
  let compared = 0;
  for (const f of files) {
    const name = f.replace(/\.txt$/, "");
    const status = goldenStatus(fs.readFileSync(path.join(SCENARIOS, f), "utf8"));
    await page.selectOption(tid("scenario-select"), name);
    await page.waitForFunction(() => /^Step 0 \//.test(document.querySelector('[data-testid="step-counter"]').textContent));
    await page.keyboard.press("End");
    const counter = (await page.textContent(tid("step-counter"))).trim();
    const [, at, len] = counter.match(/^Step (\d+) \/ (\d+)$/);
    assert.equal(at, len, `${name}: ${counter}`);
    if (name.startsWith("unsafe-")) {
      assert.equal(await page.$eval(tid("safety"), (e) => e.dataset.ok), "false", `${name} is caught`);
      continue;
    }
    assert.equal(await page.$eval(tid("safety"), (e) => e.dataset.ok), "true", name);
    assert.deepEqual(await shown(page), expected(status), name);
    compared++;
  }
  assert.ok(compared >= 8, `${compared} scenarios compared`);
  assert.deepEqual(errors, []);
  await page.close();
});

/** Steps until nothing is in flight (at most `n` steps). */
async function settle(page, n = 80) {
  for (let i = 0; i < n; i++) {
    if ((await page.$$('[data-testid^="msg-"]')).length === 0) return;
    await page.click(tid("step"));
  }
}

test("a client's put reaches every store, and a crashed leader is replaced", async () => {
  const { page, errors } = await openMulti();
  await page.keyboard.press("End");
  await page.fill(tid("request-key"), "k");
  await page.fill(tid("request-value"), "9");
  await page.click(tid("send-request"));
  await settle(page);
  for (const n of ["n1", "n2", "n3"]) {
    assert.match(await page.$eval(tid(`kv-${n}`), (e) => e.dataset.store), /(^|,)k=9(,|$)/, n);
  }
  assert.match(await page.$eval(tid("client-c1"), (e) => e.dataset.lastReply), /^put\(k,9\) -> stored$/);
  // A bad field is named, not sent.
  await page.fill(tid("request-value"), "two words");
  await page.click(tid("send-request"));
  assert.match(await page.textContent(tid("request-error")), /^value: /);
  // The leader crashes; n2 is told to lead and takes over at a higher ballot.
  assert.equal(await page.$eval(tid("node-n1"), (e) => e.dataset.leader), "true");
  await page.click(tid("crash-n1"));
  assert.equal(await page.$eval(tid("node-n1"), (e) => e.dataset.state), "crashed");
  await page.click(tid("elect-n2"));
  await settle(page);
  assert.equal(await page.$eval(tid("node-n2"), (e) => e.dataset.leader), "true");
  assert.equal(await page.$eval(tid("node-n2"), (e) => e.dataset.ballot), "2.n2");
  assert.deepEqual(errors, []);
  await page.close();
});

// As on the single-decree page: delivering one message keeps every other arrow's element
// (the cards and the arrows were one list diffed by position, and a delivery from the middle
// rebuilt every arrow after it).
test("delivering a message from the middle keeps the other arrows' elements", async () => {
  const { page, errors } = await openMulti();
  await page.selectOption(tid("scenario-select"), "02-leader-crash-recovery");
  const inFlight = () => page.$$eval('[data-testid="cluster"] [data-testid^="msg-"]', (ms) => ms.map((m) => m.dataset.testid.slice(4)));
  for (let i = 0; i < 30 && (await inFlight()).length < 3; i++) await page.click(tid("step"));
  const ids = await inFlight();
  assert.ok(ids.length >= 3, `messages in flight: ${ids}`);
  await page.evaluate(() => {
    window.__kept = [...document.querySelectorAll('[data-testid="cluster"] [data-testid^="msg-"], [data-testid="cluster"] [data-testid^="node-"]')];
  });
  await page.click(tid(`deliver-${ids[1]}`));
  await page.waitForFunction((id) => !document.querySelector(`[data-testid="msg-${id}"]`), ids[1]);
  const lost = await page.evaluate((gone) => window.__kept.filter((e) => !e.isConnected && e.dataset.testid !== `msg-${gone}`).map((e) => e.dataset.testid), ids[1]);
  assert.deepEqual(lost, [], "elements rebuilt by the step");
  assert.deepEqual(errors, []);
  await page.close();
});

test("stepping a busy cluster leaves every label still in flight where it was", async () => {
  const { page, errors } = await openMulti();
  await page.click(".settings summary");
  await page.fill(tid("cfg-replicas"), "5");
  await page.fill(tid("cfg-clients"), "3");
  await page.click(tid("cfg-apply"));
  await page.waitForSelector(tid("node-n5"));
  // Every client sends a put, to a different replica.
  for (const [c, at] of [["c1", "n1"], ["c2", "n3"], ["c3", "n5"]]) {
    await page.selectOption(`${tid("request-form")} [name=client]`, c);
    await page.selectOption(`${tid("request-form")} [name=at]`, at);
    await page.fill(tid("request-key"), c);
    await page.fill(tid("request-value"), at);
    await page.click(tid("send-request"));
  }
  const compared = await labelsStayPut(page, 25);
  assert.ok(compared >= 100, `only ${compared} labels compared`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("drop a message, step back, step again: the drop replays; a link reopens the run", async () => {
  const { page, errors } = await openMulti();
  await page.selectOption(tid("scenario-select"), "02-leader-crash-recovery");
  for (let i = 0; i < 6; i++) await page.click(tid("step"));
  const first = await page.$eval('[data-testid^="msg-"]', (m) => m.dataset.testid.slice(4));
  // Clicking its arrow in the drawing selects it in the list of messages in flight.
  await page.click(`${tid(`msg-${first}`)} .pill`);
  assert.match(await page.$eval(tid(`flight-${first}`), (e) => e.className), /selected/);
  await page.click(tid(`drop-${first}`));
  assert.equal(await page.$(tid(`msg-${first}`)), null);
  assert.match(await page.textContent(tid("step-counter")), /^Step 7 \/ 7$/);
  await page.click(tid("back"));
  assert.ok(await page.$(tid(`msg-${first}`)), "back brings the message back");
  await page.click(tid("step"));
  assert.equal(await page.$(tid(`msg-${first}`)), null, "stepping forward replays the drop");
  await page.click(tid("crash-n3"));
  await page.click(tid("step"));
  const text = async (p) => (await p.textContent(tid("log"))) + (await p.textContent(tid("messages")));
  const before = { text: await text(page), data: await shown(page) };
  // The address follows within 250 ms (steps closer together are written once, a moment later).
  await page.waitForTimeout(400);
  const link = new URL(page.url()).hash;
  assert.match(link, /^#v2\./);
  const again = await openMulti(link);
  assert.match(await again.page.textContent(tid("step-counter")), /^Step 9 \/ 9$/);
  assert.deepEqual({ text: await text(again.page), data: await shown(again.page) }, before);
  assert.deepEqual([...errors, ...again.errors], []);
  await page.close();
  await again.page.close();
});

test("lecture keys play a Multi-Paxos lecture: beats, a prediction revealed, blank, leave", async () => {
  const { page, errors } = await openMulti();
  await page.selectOption(tid("scenario-select"), "02-leader-crash-recovery");
  await page.click(tid("lecture"));
  await page.waitForSelector(tid("lecture-bar"));
  assert.match(await page.textContent(tid("beat-progress")), /^Beat 1 of \d+$/);
  const beats = Number((await page.textContent(tid("beat-progress"))).match(/of (\d+)/)[1]);
  assert.ok(beats >= 5, `${beats} beats`);
  // Right arrow until the predict beat asks its question. Each beat is waited for: Yew finishes
  // a render that takes longer than 16 ms in a later task, so on a slow machine the bar can
  // still show the previous beat when the key press returns.
  const shows = (selector, present = true) => page.waitForSelector(selector, { state: present ? "attached" : "detached" });
  for (let k = 1; k < beats && !(await page.$(tid("ask"))); k++) {
    await page.keyboard.press("ArrowRight");
    await page
      .waitForFunction(([sel, text]) => document.querySelector(sel)?.textContent.startsWith(text), [tid("beat-progress"), `Beat ${k + 1} `], { timeout: 10000 })
      .catch(async () => {
        const [shown, focus] = await page.evaluate((sel) => [document.querySelector(sel)?.textContent, document.activeElement?.outerHTML.slice(0, 80)], tid("beat-progress"));
        assert.fail(`Right arrow ${k} did not reach beat ${k + 1}: the bar shows "${shown}", the focus is on ${focus}`);
      });
  }
  const asked = await page.textContent(tid("ask"));
  assert.match(asked, /^Predict: /);
  const drawn = () => page.evaluate((ids) => ids.map((id) => document.querySelector(id)?.textContent).join("|"), [tid("log"), tid("messages")]);
  const before = await drawn();
  await page.keyboard.press(" ");
  // The answer is revealed, and the run moves on.
  await shows(tid("ask"), false);
  await page.waitForFunction(([ids, before]) => ids.map((id) => document.querySelector(id)?.textContent).join("|") !== before, [[tid("log"), tid("messages")], before]);
  await page.keyboard.press("PageUp");
  await shows(tid("ask"));
  assert.equal(await drawn(), before, "back to the question, and the run as it was");
  await page.keyboard.press("b");
  await shows(tid("blank"));
  await page.keyboard.press("b");
  await shows(tid("blank"), false);
  await page.keyboard.press("Escape");
  await shows(tid("lecture-bar"), false);
  assert.ok(await page.$(tid("step")), "the transport bar is back");
  assert.deepEqual(errors, []);
  await page.close();
});

test("crash the leader by clicking: another takes over and recovers the log, a gap as a no-op; the inspector says why", async () => {
  const { page, errors } = await openMulti("#multi-paxos/02-leader-crash-recovery");
  assert.equal(await page.inputValue(tid("scenario-select")), "02-leader-crash-recovery");
  // Step 13: slot 1 reached n2 and slot 3 reached n3; slot 2 has only n1's vote.
  for (let i = 0; i < 13; i++) await page.click(tid("step"));
  assert.equal(await page.$eval(tid("node-n1"), (e) => e.dataset.leader), "true");
  await page.click(tid("crash-n1"));
  // Everything n1 still had in flight is lost.
  for (;;) {
    const id = await page.$eval('[data-testid^="msg-"][data-from="n1"]', (m) => m.dataset.testid.slice(4)).catch(() => null);
    if (id === null) break;
    await page.click(tid(`drop-${id}`));
  }
  await page.click(tid("elect-n2"));
  await settle(page);
  assert.equal(await page.$eval(tid("node-n2"), (e) => e.dataset.leader), "true");
  const cell = (n, s) => page.$eval(tid(`slot-${n}-${s}`), (c) => ({ ...c.dataset }));
  for (const n of ["n2", "n3"]) {
    const [one, two, three] = [await cell(n, 1), await cell(n, 2), await cell(n, 3)];
    assert.equal(one.accepted, "2.n2:put(x,1)", `${n} slot 1 keeps the chosen put`);
    assert.deepEqual([two.accepted, two.noop, two.chosen, two.applied], ["2.n2:noop", "true", "true", "true"], `${n} slot 2`);
    assert.equal(three.accepted, "2.n2:put(z,3)", `${n} slot 3`);
  }
  assert.equal(await page.$eval(tid("safety"), (e) => e.dataset.ok), "true");
  // The inspector explains n2's choices, slot by slot.
  await page.click(tid("inspect-n2"));
  const why = await page.$$eval(`${tid("inspector-recovery")} li`, (ls) => ls.map((l) => l.textContent));
  assert.equal(why.length, 3, `${why}`);
  assert.match(why[0], /^slot 1: put\(x,1\) — /);
  assert.match(why[1], /^slot 2: noop — .*no/);
  assert.match(await page.textContent(tid("inspector-role")), /^leader with ballot 2\.n2/);
  assert.ok((await page.$$(`${tid("inspector-slots")} tbody tr`)).length >= 3);
  await page.keyboard.press("Escape");
  assert.equal(await page.$(tid("inspector")), null, "Escape closes it");
  assert.deepEqual(errors, []);
  await page.close();
});

test("Multi-Paxos traces export and import; a single-decree trace is refused; the drawing exports as SVG and PNG", async () => {
  const { page, errors } = await openMulti("#multi-paxos/05-retry-in-two-slots");
  await page.keyboard.press("End");
  const end = await shown(page);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "multi-trace-"));
  const save = async (button, name) => {
    const [d] = await Promise.all([page.waitForEvent("download"), page.click(tid(button))]);
    assert.equal(d.suggestedFilename(), name);
    const file = path.join(dir, name);
    await d.saveAs(file);
    return file;
  };
  const traceFile = await save("export-trace", "multi-paxos-trace.json");
  const trace = JSON.parse(fs.readFileSync(traceFile, "utf8"));
  assert.equal(trace.protocol, "multi-paxos");
  assert.ok(trace.actions.length > 40 && trace.events.length > trace.actions.length);
  await page.selectOption(tid("scenario-select"), "01-steady-state");
  await page.setInputFiles(tid("import-trace"), traceFile);
  await page.waitForFunction(() => /Trace imported/.test(document.querySelector('[data-testid="notice"]')?.textContent ?? ""));
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press("End");
  assert.deepEqual(await shown(page), end, "the imported trace replays to the same state");
  // A single-decree trace says where it opens; the run is untouched.
  const single = path.join(dir, "single.json");
  fs.writeFileSync(single, JSON.stringify({ version: 1, config: {}, seed: 1, actions: [] }));
  await page.setInputFiles(tid("import-trace"), single);
  await page.waitForFunction(() => /Single-decree Paxos/.test(document.querySelector('[data-testid="notice"]')?.textContent ?? ""));
  assert.deepEqual(await shown(page), end);
  // The drawing, for slides: a standalone SVG with its colours inline, and a PNG of it.
  const svg = fs.readFileSync(await save("export-svg", "multi-paxos.svg"), "utf8");
  assert.ok(svg.startsWith("<svg"), svg.slice(0, 80));
  assert.ok(svg.includes('xmlns="http://www.w3.org/2000/svg"'));
  for (const n of ["n1", "n2", "n3", "c1", "c2"]) assert.ok(svg.includes(`>${n}</text>`), n);
  assert.ok(!svg.includes("var(--"), "no CSS variables left");
  assert.match(svg, /style="fill:\s*rgb/);
  const png = fs.readFileSync(await save("export-png", "multi-paxos.png"));
  assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], "a PNG file");
  assert.ok(png.readUInt32BE(16) > 600, "drawn at twice the drawing's size");
  assert.deepEqual(errors, []);
  await page.close();
});

test("cluster settings: a bad field is named and changes nothing; good ones start that cluster", async () => {
  const { page, errors } = await openMulti();
  // The keyboard help, as on the single-decree page.
  await page.keyboard.press("?");
  await page.waitForSelector(tid("help"));
  await page.keyboard.press("Escape");
  assert.equal(await page.$(tid("help")), null);
  await page.click(".settings summary");
  await page.fill(tid("cfg-replicas"), "9");
  await page.fill(tid("cfg-loss"), "150");
  await page.click(tid("cfg-apply"));
  assert.equal(await page.textContent(tid("cfg-replicas-error")), "Enter a whole number from 1 to 7.");
  assert.equal(await page.textContent(tid("cfg-loss-error")), "Enter a percentage from 0 to 100.");
  assert.equal(await page.inputValue(tid("scenario-select")), "01-steady-state", "nothing changed");
  await page.fill(tid("cfg-replicas"), "5");
  await page.fill(tid("cfg-clients"), "3");
  await page.fill(tid("cfg-loss"), "0");
  await page.click(tid("cfg-apply"));
  await page.waitForSelector(tid("node-n5"));
  assert.ok(await page.$(tid("client-c3")));
  assert.equal(await page.$(tid("node-n6")), null);
  assert.equal(await page.inputValue(tid("scenario-select")), "");
  assert.match(await page.textContent(tid("step-counter")), /^Step 0 \/ 0$/);
  // Separate roles: standalone acceptors, and replicas that do not vote.
  await page.fill(tid("cfg-replicas"), "2");
  await page.fill(tid("cfg-acceptors"), "3");
  await page.click(tid("cfg-apply"));
  await page.waitForSelector(tid("node-a3"));
  assert.equal(await page.$eval(tid("node-a1"), (e) => e.dataset.role), "acceptor");
  assert.equal(await page.$(tid("node-n3")), null);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the scenario menu is grouped by protocol: a scenario of the other protocol opens the other page", async () => {
  const { page, errors, wasm } = await openMulti();
  const groups = await page.$$eval(`${tid("scenario-select")} optgroup`, (gs) => gs.map((g) => g.label));
  assert.deepEqual(groups, ["Multi-Paxos", "Single-decree Paxos"]);
  await Promise.all([page.waitForEvent("load"), page.selectOption(tid("scenario-select"), "single-decree/03-adopt-accepted-value")]);
  await page.waitForSelector(tid("chosen") + ", " + tid("safety"));
  await page.waitForFunction(() => document.querySelector('[data-testid="scenario-select"]')?.value === "03-adopt-accepted-value");
  assert.ok(wasm.includes("paxos-viz-app_bg.wasm"), `${wasm}`);
  assert.equal(await page.$(tid("log")), null, "the single-decree page");
  assert.deepEqual(errors, []);
  await page.close();
});

test("partition by typing groups, as in a script; heal; a bad name is named", async () => {
  const { page, errors } = await openMulti();
  await page.keyboard.press("End");
  await page.fill(tid("partition-input"), "n1 | n9");
  await page.click(tid("partition"));
  assert.match(await page.textContent(tid("partition-error")), /^Column 6: .*n9/);
  assert.equal(await page.isDisabled(tid("heal")), true, "nothing to heal");
  await page.fill(tid("partition-input"), "n1,c1 | n2,n3");
  await page.click(tid("partition"));
  assert.equal(await page.$(tid("partition-error")), null);
  const sides = () => page.$$eval('[data-testid^="node-n"]', (ns) => ns.map((n) => `${n.dataset.testid}:${n.dataset.group ?? ""}`));
  assert.deepEqual(await sides(), ["node-n1:1", "node-n2:2", "node-n3:2"]);
  // The drawing names each card's side.
  assert.equal(await page.$$eval(`${tid("cluster")} .mp-side`, (t) => t.length), 3);
  // A put sent to the minority side cannot be chosen; the majority side elects and commits.
  await page.click(tid("elect-n2"));
  await settle(page);
  assert.equal(await page.$eval(tid("node-n2"), (e) => e.dataset.leader), "true");
  await page.click(tid("heal"));
  assert.deepEqual(await sides(), ["node-n1:", "node-n2:", "node-n3:"]);
  // Isolate: one node against the rest, by a click.
  await page.click(tid("isolate-n3"));
  assert.equal(await page.$eval(tid("node-n3"), (e) => e.dataset.group), "1");
  assert.equal(await page.$eval(tid("node-n1"), (e) => e.dataset.group), "2");
  assert.deepEqual(errors, []);
  await page.close();
});
