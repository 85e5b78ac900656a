// Screenshots of the book and the embedding features, to look at (make screenshots):
// a chapter in the light and the navy theme, one widget close up, a widget's error box, the
// app's "Embed this" dialog, and a Multi-Paxos widget of the chapter "From one value to a log".
import path from "node:path";
import { serve, launch, CSP } from "../tests/e2e/harness.mjs";

const out = path.resolve(process.argv[2] ?? "docs/screenshots");
const server = await serve(path.resolve("docs/book"), { headers: { "content-security-policy": CSP } });
const browser = await launch();
const ready = (page) =>
  page.waitForFunction(() => [...document.querySelectorAll("paxos-viz")].every((w) => w.shadowRoot?.querySelector('[data-testid="widget"], [data-testid="widget-error"]')));

for (const [theme, scheme] of [["light", "light"], ["navy", "dark"]]) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, colorScheme: scheme });
  const page = await context.newPage();
  await page.goto(server.url + "safety.html");
  await ready(page);
  await page.locator("paxos-viz").first().scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(out, `book-${theme}.png`) });
  if (theme === "light") {
    await page.locator("paxos-viz").first().screenshot({ path: path.join(out, "widget.png") });
    await page.evaluate(() => {
      const el = document.createElement("paxos-viz");
      el.id = "bad";
      el.setAttribute("scenario", "adopt-acepted-value");
      el.setAttribute("height", "240");
      document.querySelector("main").prepend(el);
    });
    await page.locator("#bad [data-testid=widget-error]").waitFor();
    await page.locator("#bad").screenshot({ path: path.join(out, "widget-error.png") });
  }
  await context.close();
}
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
await page.goto(server.url + "paxos-viz/index.html");
await page.locator('[data-testid="cluster"]').waitFor();
await page.selectOption('[data-testid="scenario-select"]', "03-adopt-accepted-value");
for (let i = 0; i < 12; i++) await page.click('[data-testid="step"]');
await page.click('[data-testid="embed"]');
await page.waitForTimeout(200);
await page.screenshot({ path: path.join(out, "embed-dialog.png") });
await context.close();
// The Multi-Paxos chapter: a recovery widget close up, beside a single-decree one's page.
{
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  await page.goto(server.url + "multi-paxos.html");
  await ready(page);
  const widget = page.locator("paxos-viz").nth(4);
  await widget.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await widget.screenshot({ path: path.join(out, "widget-multi-paxos.png") });
  await context.close();
}
await browser.close();
await server.close();
console.log(`screenshots in ${out}`);
