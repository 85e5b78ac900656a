// The checker in the page, for BENCHMARKS.md (make bench-check, after a release build):
//   node tools/check-speed.mjs [--multi [--long]] [--round2] [--por] [--rounds N] [--only TEXT] [--reuse]
// 1. states per second and memory per state of the Web Worker (www/check-worker.js) on the
//    configurations of the CLI's figures (--multi adds the Multi-Paxos check of issue 9:
//    6.3 million states, about two minutes, and separate roles with symmetry reduction, 4.1
//    million; --long the same without it, six times as many, many minutes; --por adds partial-order reduction on 3x2 and 4x2,
//    and 6 acceptors with quorums 4 and 3, the playground's safe flexible example, once);
// 2. through the Check panel: the longest main-thread frame while a check runs, and the
//    latency of Cancel;
// 3. the time each gallery card takes to find its bug and open it.
// --only TEXT runs only the configurations of part 1 whose name contains TEXT, and skips parts
// 2 and 3 (for measuring one change quickly).
// Native figures come from `target/release/paxos-sim check` on the same configurations, run
// alternately with the worker's.
import { spawnSync } from "node:child_process";
import { serve, launch } from "../tests/e2e/harness.mjs";

const server = await serve();
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.on("pageerror", (e) => console.error(`pageerror: ${e}`));
page.on("crash", () => console.error("the page crashed"));
await page.goto(`${server.url}index.html`);
await page.waitForSelector('[data-testid="check-open"]');

// Each configuration with the CLI arguments of the same check natively.
const SD = ["check", "--acceptors", "3", "--proposers", "2", "--max-round", "1"];
const CONFIGS = [
  { name: "single-decree 3x2 round 1", cli: SD, request: { protocol: "single-decree", acceptors: 3, proposers: 2, "max-round": 1 } },
  { name: "single-decree 3x1 round 2", cli: ["check", "--acceptors", "3", "--proposers", "1", "--max-round", "2"], request: { protocol: "single-decree", acceptors: 3, proposers: 1, "max-round": 2 } },
  { name: "single-decree 3x2 round 1, symmetry", cli: [...SD, "--symmetry"], request: { protocol: "single-decree", acceptors: 3, proposers: 2, "max-round": 1, symmetry: true } },
  { name: "single-decree 3x2 round 1, ignore-promises", cli: [...SD, "--bug", "ignore-promises"], request: { protocol: "single-decree", acceptors: 3, proposers: 2, "max-round": 1, bugs: { ignore_promised_values: true } } },
  { name: "single-decree 3x2 round 1, pruning", cli: [...SD, "--prune"], request: { protocol: "single-decree", acceptors: 3, proposers: 2, "max-round": 1, prune: true } },
  { name: "single-decree 3x2 round 1, symmetry and pruning", cli: [...SD, "--symmetry", "--prune"], request: { protocol: "single-decree", acceptors: 3, proposers: 2, "max-round": 1, symmetry: true, prune: true } },
];
if (process.argv.includes("--round2")) {
  CONFIGS.push({ name: "single-decree 3x2 round 2, symmetry and pruning", once: true, cli: ["check", "--acceptors", "3", "--proposers", "2", "--max-round", "2", "--symmetry", "--prune", "--max-states", "20000000"], request: { protocol: "single-decree", acceptors: 3, proposers: 2, "max-round": 2, symmetry: true, prune: true, "max-states": 20000000 } });
}
if (process.argv.includes("--por")) {
  const POR = ["--symmetry", "--prune", "--por"];
  const por = { symmetry: true, prune: true, por: true };
  CONFIGS.push({ name: "single-decree 3x2 round 1, symmetry, pruning and partial-order reduction", cli: [...SD, ...POR], request: { protocol: "single-decree", acceptors: 3, proposers: 2, "max-round": 1, ...por } });
  CONFIGS.push({ name: "single-decree 4x2 round 1, symmetry, pruning and partial-order reduction", cli: ["check", "--acceptors", "4", "--proposers", "2", "--max-round", "1", ...POR], request: { protocol: "single-decree", acceptors: 4, proposers: 2, "max-round": 1, ...por } });
  CONFIGS.push({ name: "single-decree 6 acceptors, quorums 4 and 3, 2 proposers, round 1, all three reductions", once: true, cli: ["check", "--acceptors", "6", "--proposers", "2", "--max-round", "1", "--quorum", "4,3", "--max-states", "5000000", ...POR], request: { protocol: "single-decree", acceptors: 6, proposers: 2, "max-round": 1, quorum: { phase1: 4, phase2: 3 }, "max-states": 5000000, ...por } });
}
if (process.argv.includes("--multi")) {
  CONFIGS.push({ name: "Multi-Paxos, 3 replicas, 2 commands, round 2 (depth first)", once: true, cli: ["check", "--protocol", "multi-paxos", "--max-states", "20000000"], request: { protocol: "multi-paxos", "max-states": 20000000 } });
  // Separate roles: 2 replicas and 3 standalone acceptors, whose names symmetry forgets.
  const SEP = ["check", "--protocol", "multi-paxos", "--replicas", "2", "--acceptors", "3", "--max-round", "1", "--max-states", "20000000"];
  const sep = { protocol: "multi-paxos", replicas: 2, acceptors: 3, "max-round": 1, "max-states": 20000000 };
  CONFIGS.push({ name: "Multi-Paxos, 2 replicas, 3 acceptors, 2 commands, round 1, symmetry (depth first)", once: true, cli: [...SEP, "--symmetry"], request: { ...sep, symmetry: true } });
  // Breadth first, as the Check panel runs Multi-Paxos (shortest counterexamples): the
  // frontier holds a whole level, packed.
  CONFIGS.push({ name: "Multi-Paxos, 2 replicas, 3 acceptors, 2 commands, round 1, symmetry (breadth first, as the panel)", once: true, cli: [...SEP, "--symmetry", "--breadth"], request: { ...sep, symmetry: true, order: "breadth" } });
  if (process.argv.includes("--long")) {
    CONFIGS.push({ name: "Multi-Paxos, 2 replicas, 3 acceptors, 2 commands, round 1 (depth first)", once: true, cli: SEP, request: sep });
  }
}
// The machine is shared and noisy (the same binary varies by up to 2x within minutes), so each
// configuration runs natively and in the worker alternately, `--rounds` times (default 3), and
// the ratio is of the best of each: the figure least disturbed by the neighbours.
const roundsAt = process.argv.indexOf("--rounds");
const ROUNDS = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 3;
const CLI = new URL("../target/release/paxos-sim", import.meta.url).pathname;

function native(cli) {
  // The CLI's own figure: states over the exploration's time, as the worker's is.
  const out = spawnSync(CLI, cli, { encoding: "utf8" });
  return Number(/(\d+) states\/s/.exec(out.stdout + out.stderr)?.[1]);
}

// --reuse: one worker for every check, as the Check panel keeps one (its wasm then runs in
// V8's optimising tier from the second check on); without it each check starts a new worker,
// the first check of a visit, whose time includes the baseline tier and the tier-up.
const REUSE = process.argv.includes("--reuse");

async function worker(request) {
  return page.evaluate(async ([request, reuse]) => {
    const worker = reuse
      ? (window.__checkWorker ??= new Worker(new URL("check-worker.js", document.baseURI), { type: "module" }))
      : new Worker(new URL("check-worker.js", document.baseURI), { type: "module" });
    let peak = 0;
    const out = await new Promise((resolve) => {
      worker.onmessage = (e) => {
        const m = e.data;
        if (m.type === "error") resolve({ error: m.message });
        if (m.type !== "progress") return;
        peak = Math.max(peak, m.progress.bytes);
        if (m.progress.verdict) resolve({ ...m.progress.verdict, elapsedMs: m.elapsedMs });
      };
      worker.postMessage({ type: "start", request });
    });
    if (!reuse) worker.terminate();
    return { ...out, peak };
  }, [request, REUSE]);
}

const onlyAt = process.argv.indexOf("--only");
const ONLY = onlyAt > 0 ? process.argv[onlyAt + 1] : null;

const k = (rate) => `${(rate / 1000).toFixed(1)}k`;
for (const { name, cli, request, once } of CONFIGS) {
  if (ONLY !== null && !name.includes(ONLY)) continue;
  const natives = [];
  const pages = [];
  let r;
  for (let i = 0; i < (once ? 1 : ROUNDS); i++) {
    natives.push(native(cli));
    r = await worker(request);
    if (r.error) break;
    pages.push(r.states / (r.elapsedMs / 1000));
  }
  if (r.error) {
    console.log(`${name}: ${r.error}`);
    continue;
  }
  const best = (xs) => Math.max(...xs);
  console.log(`worker: ${name}: ${r.summary}; peak ~${(r.peak / 1048576).toFixed(1)} MB = ${Math.round(r.peak / Math.max(1, r.states))} B/state`);
  console.log(`  states/s native ${natives.map(k).join(", ")}; worker ${pages.map(k).join(", ")}; best worker / best native = ${k(best(pages))} / ${k(best(natives))} = ${Math.round((100 * best(pages)) / best(natives))} %`);
}

if (ONLY !== null) {
  await browser.close();
  await server.close();
  process.exit(0);
}

// 2. The Check panel: frames while it checks 3x2 round 1, then a cancel of round 2.
const tid = (id) => `[data-testid="${id}"]`;
await page.click(tid("check-open"));
await page.evaluate(() => {
  // Long animation frames (50 ms or more of main-thread work), with what ran in them: a
  // requestAnimationFrame gap alone also counts vsyncs the compositor skipped.
  window.__loaf = [];
  // Each with its blocking time (the part of its long tasks over 50 ms) and the time its
  // scripts ran: a frame can be long because the renderer waited for a core (two cores, one
  // busy with the worker), with little work of its own.
  new PerformanceObserver((l) => window.__loaf.push(...l.getEntries().map((e) => {
    const scripts = e.scripts.reduce((t, s) => t + s.duration, 0);
    return `${Math.round(e.duration)} ms (blocking ${Math.round(e.blockingDuration)} ms, scripts ${Math.round(scripts)} ms)`;
  }))).observe({ type: "long-animation-frame" });
  window.__frames = [];
  let last = performance.now();
  const tick = (t) => {
    window.__frames.push(t - last);
    last = t;
    if (!window.__stop) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});
await page.click(tid("check-run"));
await page.waitForSelector(tid("check-verdict"), { timeout: 120_000 });
const [frames, loaf] = await page.evaluate(() => {
  window.__stop = true;
  return [window.__frames.slice(2), window.__loaf];
});
console.log(`panel: long animation frames (50 ms or more of main-thread work) while it ran: ${loaf.length ? loaf.join(", ") : "none"}`);
frames.sort((a, b) => a - b);
console.log(`panel: ${await page.textContent(tid("check-verdict"))}; ${frames.length} frames while it ran, longest ${frames.at(-1).toFixed(1)} ms, p99 ${frames[Math.floor(frames.length * 0.99)].toFixed(1)} ms, median ${frames[frames.length >> 1].toFixed(1)} ms`);
const cancels = [];
for (let i = 0; i < 5; i++) {
  await page.fill(tid("check-round"), "2");
  await page.click(tid("check-run"));
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="check-progress"]')?.dataset.states) > 20_000 && !document.querySelector('[data-testid="check-verdict"]'));
  await page.waitForTimeout(300 + 100 * i);
  await page.click(tid("check-cancel"));
  await page.waitForSelector(tid("check-cancel-time"));
  cancels.push(Number(/(\d+) ms/.exec(await page.textContent(tid("check-cancel-time")))[1]));
}
console.log(`panel: cancel latency (click to verdict, as the page measures it): ${cancels.join(", ")} ms`);

// 3. The gallery.
for (const name of ["forget-promise", "ignore-promises", "small-quorums", "accept-below-promise", "reuse-ballot", "count-across-ballots", "lying-acceptor", "skip-phase-1", "local-reads", "ignore-reports"]) {
  await page.goto(`${server.url}index.html`);
  await page.click(tid("check-open"));
  await page.click(tid("gallery-tab"));
  const t0 = Date.now();
  await page.click(tid(`gallery-${name}-find`));
  await page.waitForSelector(tid("broken-at"), { timeout: 60_000 });
  console.log(`gallery: ${name}: ${Date.now() - t0} ms from the click to its counterexample on screen`);
}
await browser.close();
await server.close();
