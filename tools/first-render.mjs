// First render only, for A/B runs: N cold loads (a new context each) of the single-decree and
// the Multi-Paxos page, alternating between builds when several folders are given:
//   node tools/first-render.mjs [dist-folder ...]     (LOADS=10 by default)
// ONLY=single-decree or ONLY=Multi-Paxos measures one page. Prints, per build and page, the median, min and max milliseconds from navigation until the
// cluster's first node (single-decree) or the log (Multi-Paxos) is in the page.
import { serve, launch, timeFirstRender, DIST } from "../tests/e2e/harness.mjs";
import path from "node:path";

const dirs = process.argv.slice(2).map((d) => path.resolve(d));
if (dirs.length === 0) dirs.push(DIST);
const LOADS = Number(process.env.LOADS || 10);
const pages = [
  ["single-decree", "", '[data-testid="node-a1"]'],
  ["Multi-Paxos", "#multi-paxos", '[data-testid="log"]'],
].filter(([name]) => !process.env.ONLY || name === process.env.ONLY);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const servers = await Promise.all(dirs.map((d) => serve(d)));
const browser = await launch();
const results = dirs.map(() => pages.map(() => []));
try {
  for (let i = 0; i < LOADS; i++) {
    for (const [p, [, hash, selector]] of pages.entries()) {
      for (const [d, server] of servers.entries()) {
        const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await ctx.newPage();
        results[d][p].push(await timeFirstRender(page, server.url + hash, selector));
        await ctx.close();
      }
    }
  }
  for (const [d, dir] of dirs.entries()) {
    for (const [p, [name]] of pages.entries()) {
      const xs = results[d][p];
      console.log(`${dir} ${name}: median ${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)}) over ${xs.length} cold loads`);
    }
  }
} finally {
  await browser.close();
  await Promise.all(servers.map((s) => s.close()));
}
