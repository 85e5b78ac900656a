// Touch screens (a phone's pointer: coarse): every control a finger must hit is at least 44 CSS
// px tall and wide (WCAG 2.5.5), on both protocols' pages with every panel open. A checkbox's
// target is its label; a file input is hidden inside the button-like label that is its target.
import { test } from "node:test";
import assert from "node:assert/strict";
import { suite } from "./harness.mjs";

const ctx = suite();

async function smallTargets(page, widget = false) {
  return page.evaluate((widget) => {
    const root = widget ? document.querySelector("paxos-viz").shadowRoot : document;
    const visible = (e) => {
      const r = e.getBoundingClientRect();
      const s = getComputedStyle(e);
      return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.opacity !== "0";
    };
    const size = (e) => e.getBoundingClientRect();
    const out = [];
    for (const e of root.querySelectorAll("button, select, input, summary, label.button, a.pv-open")) {
      if (!visible(e) || e.type === "file") continue;
      const target = e.type === "checkbox" ? root.querySelector(`label[for="${e.id}"]`) ?? e : e;
      const r = size(target);
      if (r.height < 44 || r.width < 44) {
        out.push(`${e.tagName.toLowerCase()}[${e.dataset.testid ?? e.textContent.trim().slice(0, 20)}] ${Math.round(r.width)}x${Math.round(r.height)}`);
      }
    }
    return out;
  }, widget);
}

for (const [name, hash] of [["single-decree", ""], ["Multi-Paxos", "#multi-paxos"]]) {
  test(`on a touch screen every control of the ${name} page is at least 44 px`, async () => {
    const context = await ctx.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${ctx.server.url}${hash}`);
    await page.waitForSelector('[data-testid="cluster"]');
    assert.ok(await page.evaluate(() => matchMedia("(pointer: coarse)").matches), "a coarse pointer");
    // Open every collapsed panel, so that their controls are measured too.
    for (const d of await page.$$("details")) await d.evaluate((el) => { el.open = true; });
    await page.waitForTimeout(100);
    assert.deepEqual(await smallTargets(page), []);
    await context.close();
  });
}

test("on a touch screen a widget's controls are at least 44 px too", async () => {
  const context = await ctx.browser.newContext({ viewport: { width: 390, height: 600 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  for (const controls of ["minimal", "full"]) {
    await page.goto(`${ctx.server.url}embed.html?scenario=happy-path&controls=${controls}`);
    await page.locator('paxos-viz [data-testid="widget"]').waitFor();
    assert.deepEqual(await smallTargets(page, true), [], controls);
  }
  await context.close();
});

test("on a phone a tapped card or message opens its actions at the thumb, and the playback bar stays on screen", async () => {
  const context = await ctx.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, reducedMotion: "reduce" });
  const page = await context.newPage();
  await page.goto(ctx.server.url);
  await page.waitForSelector('[data-testid="cluster"]');
  const onScreen = (sel) => page.$eval(sel, (e) => {
    const r = e.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight + 0.5 && r.left >= 0 && r.right <= innerWidth + 0.5;
  });
  // The drawing's top at the top of the screen: the Step button is still reachable.
  await page.$eval('[data-testid="cluster"]', (e) => e.scrollIntoView({ block: "start" }));
  assert.ok(await onScreen('[data-testid="step"]'), "the Step button stays on screen while the drawing is in view");
  for (let i = 0; i < 3; i++) await page.tap('[data-testid="step"]');
  // A card: its actions come up in a sheet at the bottom of the screen.
  await page.tap('[data-testid="node-a2"]');
  const sheet = await page.$eval(".inspector", (e) => {
    const r = e.getBoundingClientRect();
    return { open: e.classList.contains("open"), top: r.top, bottom: r.bottom, h: innerHeight };
  });
  assert.ok(sheet.open && Math.abs(sheet.bottom - sheet.h) < 1 && sheet.top > sheet.h * 0.3, JSON.stringify(sheet));
  assert.ok(await onScreen('[data-testid="crash"]'), "Crash is on screen");
  await page.tap('[data-testid="inspector-close"]');
  assert.equal(await page.$(".inspector.open"), null, "× closes the sheet");
  // A message: Deliver is on screen, and delivers it.
  const msg = await page.$eval('[data-testid^="msg-"]', (e) => e.dataset.testid);
  await page.tap(`[data-testid="${msg}"] .pill`);
  assert.ok(await onScreen('[data-testid="deliver"]'), "Deliver is on screen");
  await page.tap('[data-testid="deliver"]');
  await page.waitForFunction((id) => !document.querySelector(`[data-testid="${id}"]`), msg);
  await context.close();
});
