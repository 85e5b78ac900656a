// Screenshots of the Multi-Paxos page (release build), for people to look at:
//   node tools/multi-shots.mjs OUT_DIR [scenario] [steps]
import { serve, launch } from "../tests/e2e/harness.mjs";

const [out = "/tmp/shots", scenario = "02-leader-crash-recovery", steps = "34"] = process.argv.slice(2);
const server = await serve();
const browser = await launch();
try {
  for (const [name, opts] of [
    ["multi-paxos-desktop", { width: 1280, height: 800 }],
    ["multi-paxos-desktop-dark", { width: 1280, height: 800, colorScheme: "dark" }],
    ["multi-paxos-phone-360x740", { width: 360, height: 740 }],
    ["multi-paxos-phone-390x844", { width: 390, height: 844 }],
    ["multi-paxos-tablet-768x1024", { width: 768, height: 1024 }],
  ]) {
    const page = await browser.newPage({ viewport: { width: opts.width, height: opts.height }, colorScheme: opts.colorScheme ?? "light", reducedMotion: "reduce" });
    const errors = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${server.url}#multi-paxos`);
    await page.waitForSelector('[data-testid="log"]');
    await page.selectOption('[data-testid="scenario-select"]', scenario);
    if (steps === "end") await page.keyboard.press("End");
    else for (let i = 0; i < Number(steps); i++) await page.click('[data-testid="step"]');
    await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
    if (errors.length) console.error(name, "console errors:", errors);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
