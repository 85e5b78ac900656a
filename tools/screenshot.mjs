// Screenshots of the release build for people to look at:
//   node tools/screenshot.mjs OUT_DIR [scenario] [steps]
// Writes desktop (1280x800, light and dark), phones (360x740, 390x844 and 375x812, the whole
// page), tablet (768x1024) and projector (1920x1080) shots.
import { serve, launch, open } from "../tests/e2e/harness.mjs";

const [out = "/tmp/shots", scenario = "", steps = "0"] = process.argv.slice(2);
const server = await serve();
const browser = await launch();
try {
  for (const [name, opts] of [
    ["desktop", { width: 1280, height: 800 }],
    ["desktop-dark", { width: 1280, height: 800, colorScheme: "dark" }],
    ["phone", { width: 375, height: 812 }],
    ["phone-360x740", { width: 360, height: 740 }],
    ["phone-390x844", { width: 390, height: 844 }],
    ["tablet-768x1024", { width: 768, height: 1024 }],
    ["projector", { width: 1920, height: 1080 }],
  ]) {
    const { page, errors } = await open(browser, server.url, { ...opts, reducedMotion: "reduce" });
    if (scenario) await page.selectOption('[data-testid="scenario-select"]', scenario);
    for (let i = 0; i < Number(steps); i++) await page.click('[data-testid="step"]');
    await page.screenshot({ path: `${out}/${name}.png`, fullPage: name.startsWith("phone") });
    if (errors.length) console.error(name, "console errors:", errors);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
