// First render only, for A/B runs: N cold loads (a new context each) of the single-decree and
// the Multi-Paxos page, alternating between builds when several folders are given:
//   node tools/first-render.mjs [dist-folder ...]     (LOADS=10 by default)
// ONLY=single-decree or ONLY=Multi-Paxos measures one page. Prints, per build and page, the
// median, min and max milliseconds from navigation until the app's first render has put the
// cluster's first node (single-decree) or the log (Multi-Paxos) in the page, and until that
// render is on screen (the first contentful paint).
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
const results = dirs.map(() => pages.map(() => ({ paint: [], app: [] })));
try {
  for (let i = 0; i < LOADS; i++) {
    for (const [p, [, hash, selector]] of pages.entries()) {
      for (const [d, server] of servers.entries()) {
        const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await ctx.newPage();
        const t = await timeFirstRender(page, server.url + hash, selector);
        results[d][p].paint.push(t.paint);
        results[d][p].app.push(t.app);
        await ctx.close();
      }
    }
  }
  for (const [d, dir] of dirs.entries()) {
    for (const [p, [name]] of pages.entries()) {
      const line = (xs) => `median ${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`;
      const { paint, app } = results[d][p];
      console.log(`${dir} ${name}, ${paint.length} cold loads: in the page ${line(app)}; on screen ${line(paint)}`);
    }
  }
} finally {
  await browser.close();
  await Promise.all(servers.map((s) => s.close()));
}
