// Screenshots of lecture mode for people to look at: node tools/lecture-shots.mjs OUT_DIR
// 1920x1080 and 1024x768, the introduction at its fourth beat (a predict beat) and the
// adopt-accepted-value case revealed.
import { serve, launch, open } from "../tests/e2e/harness.mjs";

const [out = "/tmp/shots"] = process.argv.slice(2);
const server = await serve();
const browser = await launch();
try {
  for (const [w, h] of [[1920, 1080], [1024, 768]]) {
    for (const [scenario, presses, tag] of [["00-introduction", 3, "ask"], ["03-adopt-accepted-value", 3, "adopt"]]) {
      const { page, errors } = await open(browser, server.url, { width: w, height: h, reducedMotion: "reduce" });
      await page.selectOption('[data-testid="scenario-select"]', scenario);
      await page.click('[data-testid="lecture"]');
      for (let i = 0; i < presses; i++) await page.keyboard.press("PageDown");
      await page.screenshot({ path: `${out}/lecture-${tag}-${w}x${h}.png` });
      if (errors.length) console.error(w, scenario, errors);
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
