// The book in docs/book (built by `make docs`), served under the strict Content-Security-Policy
// a documentation site would use: every widget renders, the wasm is fetched once per page,
// widgets are independent, attribute changes take effect, a broken widget keeps its error to
// itself, the iframe route and the app's "Embed this" snippets reproduce the same state, and
// "Open in full app" carries the widget's state.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve, launch, CSP, openPage as openPageIn, settled, paste, embedSnippets } from "./harness.mjs";

const BOOK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../docs/book");
const tid = (id) => `[data-testid="${id}"]`;
const ctx = {};
// A widget's background in each theme.
const DARK_BG = "rgb(18, 22, 27)";
const LIGHT_BG = "rgb(245, 245, 241)";

before(async () => {
  assert.ok(fs.existsSync(path.join(BOOK, "paxos-viz", "paxos-viz.js")), "build the book first: make docs");
  ctx.server = await serve(BOOK, { headers: { "content-security-policy": CSP } });
  ctx.browser = await launch();
});
after(async () => {
  await ctx.browser?.close();
  await ctx.server?.close();
});

/** The chapters: every page the book's table of contents links to. */
function chapters() {
  const summary = fs.readFileSync(path.join(BOOK, "../src/SUMMARY.md"), "utf8");
  return [...summary.matchAll(/\]\(([\w-]+)\.md\)/g)].map((m) => `${m[1]}.html`);
}

const openPage = (url, options) => openPageIn(ctx.browser, url, options);

/** What a widget (or the app) shows, as plain data. */
async function state(scope) {
  return {
    counter: ((await scope.locator(tid("step-counter")).textContent()) ?? "").trim(),
    nodes: await scope.locator('[data-testid^="node-"]').evaluateAll((ns) => ns.map((n) => n.textContent)),
    msgs: await scope.locator('[data-testid^="msg-"]').evaluateAll((ms) => ms.map((m) => ({ ...m.dataset, text: m.textContent }))),
  };
}

test("every widget of every chapter renders under the strict CSP; each module is fetched once per page, and only if needed", async () => {
  const pages = chapters();
  assert.ok(pages.length >= 6, `${pages}`);
  let total = 0;
  for (const name of pages) {
    const { page, errors, requests, close } = await openPage(ctx.server.url + name);
    const n = await settled(page);
    total += n;
    assert.equal(await page.locator(`paxos-viz ${tid("widget")}`).count(), n, `${name}: every widget runs`);
    assert.equal(await page.locator(`paxos-viz ${tid("widget-error")}`).count(), 0, name);
    // Each drew its cluster, with cards in it.
    const protocols = new Set();
    for (let i = 0; i < n; i++) {
      const w = page.locator("paxos-viz").nth(i);
      assert.ok((await w.locator(`${tid("cluster")} [data-testid^="node-"], ${tid("cluster")} [data-testid^="mp-node-"], ${tid("cluster")} .mp-node`).count()) >= 3, `${name} #${i}`);
      protocols.add(await w.locator(tid("widget")).getAttribute("data-protocol"));
    }
    assert.deepEqual(await page.evaluate(() => window.__csp), [], `${name}: CSP violations`);
    assert.deepEqual(errors, [], `${name}: console errors`);
    // One fetch per protocol shown, and none for a protocol the page does not show.
    const wasm = requests.filter((r) => r.endsWith(".wasm")).sort();
    const expected = [...protocols].map((p) => (p === "multi-paxos" ? "/paxos-viz/paxos-viz-multi-widget_bg.wasm" : "/paxos-viz/paxos-viz-app_bg.wasm")).sort();
    assert.deepEqual(wasm, expected, `${name}: ${n} widgets of ${[...protocols]}`);
    await close();
  }
  assert.ok(total >= 4, `the book has ${total} widgets`);
});

test("stepping one widget moves it alone", async () => {
  const { page, close } = await openPage(ctx.server.url + "crashes.html");
  const n = await settled(page);
  assert.ok(n >= 3);
  const widgets = [...Array(n).keys()].map((i) => page.locator("paxos-viz").nth(i));
  const before = await Promise.all(widgets.map(state));
  await widgets[0].locator(tid("step")).click();
  await widgets[0].locator(tid("step")).click();
  const after = await Promise.all(widgets.map(state));
  const [k, len] = before[0].counter.match(/\d+/g).map(Number);
  assert.equal(after[0].counter, `Step ${k + 2} / ${len}`);
  assert.notDeepEqual(after[0], before[0]);
  for (let i = 1; i < n; i++) assert.deepEqual(after[i], before[i], `widget ${i} moved`);
  // Keys go to the focused widget only.
  await widgets[1].locator(tid("widget")).click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("ArrowRight");
  assert.deepEqual(await state(widgets[0]), after[0]);
  assert.notDeepEqual(await state(widgets[1]), after[1]);
  await close();
});

test("attribute changes take effect; presentation changes keep the reader's place", async () => {
  const { page, errors, close } = await openPage(ctx.server.url + "two-phases.html");
  await settled(page);
  const w = page.locator("paxos-viz").first();
  const set = (name, value) =>
    w.evaluate((el, [name, value]) => (value === null ? el.removeAttribute(name) : el.setAttribute(name, value)), [name, value]);
  await set("step", "3");
  await page.waitForFunction(() => document.querySelector("paxos-viz").shadowRoot.querySelector('[data-testid="step-counter"]').textContent.startsWith("Step 3 "));
  await w.locator(tid("step")).click();
  const at4 = await state(w);
  assert.match(at4.counter, /^Step 4 \//);

  await set("theme", "dark");
  await w.locator(".theme-dark").waitFor();
  const bg = await w.locator(tid("widget")).evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(bg, "rgb(18, 22, 27)", "dark background");
  await set("controls", "full");
  await w.locator(tid("timeline")).waitFor();
  await set("height", "300");
  await page.waitForFunction(() => document.querySelector("paxos-viz").getBoundingClientRect().height === 300);
  await set("caption", null);
  await page.waitForFunction(() => !document.querySelector("paxos-viz").shadowRoot.querySelector(".caption"));
  assert.deepEqual(await state(w), at4, "theme, controls, height and caption keep the step");

  // A new run starts afresh, at the step the attributes ask for.
  await set("scenario", "dueling-proposers");
  await page.waitForFunction(() => / \/ 84$/.test(document.querySelector("paxos-viz").shadowRoot.querySelector('[data-testid="step-counter"]').textContent));
  assert.match((await state(w)).counter, /^Step 3 \/ 84$/);
  await set("autoplay", "");
  await page.waitForFunction(() => !/^Step 3 /.test(document.querySelector("paxos-viz").shadowRoot.querySelector('[data-testid="step-counter"]').textContent));
  await set("autoplay", null);
  assert.equal(await w.locator(tid("play")).getAttribute("aria-pressed"), "false");
  assert.deepEqual(errors, []);
  await close();
});

test("a widget with a bad attribute shows its error in its own box; the others carry on", async () => {
  const { page, close } = await openPage(ctx.server.url + "crashes.html");
  const n = await settled(page);
  await page.evaluate(() => {
    const add = (attrs) => {
      const el = document.createElement("paxos-viz");
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      el.className = "broken";
      document.querySelector("main").append(el);
    };
    add({ scenario: "no-such-scenario" });
    add({ script: "cluster acceptors=3\nfrobnicate p1\n" });
    add({ script: "scripts/missing.txt" });
    add({ scenario: "happy-path", speed: "3", theme: "blue" });
    add({ scenario: "happy-path", step: "9999" });
    add({ scenaro: "happy-path" });
  });
  await settled(page);
  const errorText = (i) => page.locator("paxos-viz.broken").nth(i).locator(tid("widget-error")).textContent();
  assert.match(await errorText(0), /scenario="no-such-scenario": there is no such single-decree Paxos scenario; the scenarios are introduction, happy-path/);
  assert.match(await errorText(1), /script: line 2, column 1: /);
  assert.match(await errorText(2), /script="scripts\/missing.txt": the server answered 404/);
  const both = await errorText(3);
  assert.match(both, /speed="3": steps per second, one of 1, 2, 4, 8, 16/);
  assert.match(both, /theme="blue": use light, dark or auto/);
  assert.match(await errorText(4), /step="9999": this run has 14 steps, so the step must be 0 to 14/);
  assert.match(await errorText(5), /scenaro: not an attribute of <paxos-viz> \(did you mean scenario\?\)/);
  // The good widgets still step.
  const good = page.locator("paxos-viz:not(.broken)");
  assert.equal(await good.count(), n);
  const before = await state(good.nth(1));
  await good.nth(1).locator(tid("step")).click();
  assert.notEqual((await state(good.nth(1))).counter, before.counter);
  // Mending the attribute mends the widget.
  await page.locator("paxos-viz.broken").first().evaluate((el) => el.setAttribute("scenario", "minority-crash"));
  await page.locator("paxos-viz.broken").first().locator(tid("widget")).waitFor();
  await close();
});

test("the iframe route shows what the widget shows for the same options", async () => {
  const options = "scenario=adopt-accepted-value&step=12&controls=minimal&caption";
  const { page, close } = await openPage(ctx.server.url + "safety.html");
  await settled(page);
  await page.evaluate((options) => {
    const el = document.createElement("paxos-viz");
    el.id = "twin";
    for (const [k, v] of new URLSearchParams(options)) el.setAttribute(k, v);
    document.querySelector("main").prepend(el);
  }, options);
  const widget = page.locator("#twin");
  await widget.locator(tid("widget")).waitFor();
  const drawing = (scope) => scope.locator(tid("cluster")).evaluate((svg) => svg.outerHTML);
  const caption = (scope) => scope.locator(".caption").textContent();

  // The same box: a drawing is laid out for its widget's width, so the frame is as wide as
  // the twin (the book's column) and as high.
  const box = await widget.evaluate((el) => el.getBoundingClientRect());
  for (const address of [`embed.html?${options}`, `embed.html#${options}`]) {
    const frame = await openPage(ctx.server.url + "paxos-viz/" + address, { width: Math.round(box.width), height: Math.round(box.height) });
    await frame.page.locator(`paxos-viz ${tid("widget")}`).waitFor();
    const inFrame = frame.page.locator("paxos-viz");
    assert.deepEqual(await state(inFrame), await state(widget), address);
    assert.equal(await drawing(inFrame), await drawing(widget), address);
    assert.equal(await caption(inFrame), await caption(widget));
    assert.deepEqual(await frame.page.evaluate(() => window.__csp), []);
    assert.deepEqual(frame.errors, []);
    await frame.close();
  }
  // An option the route does not know is named, not silently dropped.
  const odd = await openPage(ctx.server.url + "paxos-viz/embed.html?scenerio=happy-path");
  assert.match(await odd.page.locator(".embed-problem").textContent(), /Ignored "scenerio"/);
  await odd.close();
  await close();
});

test("Open in full app carries the widget's run and step", async () => {
  const { page, close } = await openPage(ctx.server.url + "safety.html");
  await settled(page);
  const w = page.locator("paxos-viz").first();
  await w.locator(tid("step")).click();
  await w.locator(tid("step")).click();
  const href = await w.locator(tid("open-full")).getAttribute("href");
  assert.ok(href.startsWith(ctx.server.url + "paxos-viz/index.html#v1."), href);
  const app = await openPage(href);
  await app.page.locator(tid("cluster")).waitFor();
  const a = await state(app.page);
  const b = await state(w);
  assert.equal(a.counter, b.counter);
  assert.deepEqual(a.nodes, b.nodes);
  assert.deepEqual(a.msgs.map((m) => m.text), b.msgs.map((m) => m.text));
  // The full app runs under the same policy.
  assert.deepEqual(await app.page.evaluate(() => window.__csp), []);
  assert.deepEqual(app.errors, []);
  await app.close();
  await close();
});

test("Embed this: the app's snippets reproduce its run, as a widget and as an iframe", async () => {
  const app = await openPage(ctx.server.url + "paxos-viz/index.html");
  const { page } = app;
  await page.locator(tid("cluster")).waitFor();
  await page.selectOption(tid("scenario-select"), "03-adopt-accepted-value");
  for (let i = 0; i < 5; i++) await page.click(tid("step"));
  const snippets = async () => {
    const shown = { ...(await state(page)), caption: (await page.locator(tid("caption")).textContent()).trim() };
    return { ...(await embedSnippets(page)), shown };
  };
  // The dialog takes the focus and the keys: → does not step the run behind it.
  await page.click(tid("embed"));
  await page.waitForFunction(() => document.activeElement?.dataset.testid === "copy-widget");
  const counter = await page.textContent(tid("step-counter"));
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.textContent(tid("step-counter")), counter);
  // Tab stays inside: Shift+Tab from the first control wraps to the last (Close), Tab back.
  const focused = () => page.evaluate(() => (document.activeElement.closest('[data-testid="embed-dialog"]') ? document.activeElement.dataset.testid ?? document.activeElement.textContent : "outside"));
  await page.keyboard.press("Shift+Tab");
  assert.equal(await focused(), "embed-widget");
  await page.keyboard.press("Shift+Tab");
  assert.equal(await focused(), "Close");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "embed-widget");
  await page.keyboard.press("Escape");
  await page.locator(tid("embed-dialog")).waitFor({ state: "detached" });
  const scripted = await snippets();
  assert.match(scripted.widget, /^<script type="module" src="http:\/\/127\.0\.0\.1:\d+\/paxos-viz\/paxos-viz\.js"><\/script>\n<paxos-viz scenario="adopt-accepted-value" step="5" controls="minimal" caption height="420"><\/paxos-viz>$/);
  // A hand action makes it a run of its own: the snippet carries it as a link.
  // The last arrow is drawn on top: nothing covers its label.
  await page.locator('[data-testid^="msg-"]').last().locator(".pill").click();
  await page.click(tid("drop"));
  const forked = await snippets();
  assert.match(forked.widget, /<paxos-viz run="v1\.[\w-]+" step="6"/);
  for (const { widget, iframe, shown: appState } of [scripted, forked]) {
    // The widget snippet, pasted into a book page.
    const book = await openPage(ctx.server.url + "introduction.html");
    await settled(book.page);
    const pasted = await paste(book.page, widget);
    const w = await state(pasted);
    assert.equal((await pasted.locator(".caption").textContent()).trim(), appState.caption, "the pasted widget narrates like the app");
    assert.equal(w.counter, appState.counter);
    assert.deepEqual(w.nodes, appState.nodes);
    assert.deepEqual(w.msgs.map((m) => m.text), appState.msgs.map((m) => m.text));
    await book.close();
    // The iframe snippet's address.
    const src = iframe.match(/src="([^"]+)"/)[1].replaceAll("&amp;", "&");
    const frame = await openPage(src);
    await frame.page.locator(`paxos-viz ${tid("widget")}`).waitFor();
    const f = await state(frame.page.locator("paxos-viz"));
    assert.deepEqual(f, w);
    assert.equal((await frame.page.locator("paxos-viz .caption").textContent()).trim(), appState.caption);
    await frame.close();
  }
  assert.deepEqual(app.errors, []);
  await app.close();
});

test("styles stay on their side of the shadow root", async () => {
  const { page, close } = await openPage(ctx.server.url + "crashes.html");
  await settled(page);
  const probe = () =>
    page.evaluate(() => {
      const w = document.querySelector("paxos-viz").shadowRoot;
      const cs = (el) => getComputedStyle(el);
      const step = w.querySelector('[data-testid="step"]');
      const cap = cs(w.querySelector(".caption"));
      return {
        text: [cap.letterSpacing, cap.wordSpacing, cap.textTransform, cap.textIndent, cap.textShadow, cap.fontStyle, cap.fontFamily, cap.lineHeight, cap.cursor, cs(step).fontWeight].join(" | "),
        svg: cs(w.querySelector('[data-testid="cluster"]')).display,
        stepBg: cs(step).backgroundColor,
        stepFont: cs(step).fontSize,
        caption: cs(w.querySelector(".caption")).fontSize,
        hostPageBody: cs(document.body).backgroundColor,
        bookButtonMinHeight: cs(document.querySelector("#mdbook-theme-toggle")).minHeight,
      };
    });
  const before = await probe();
  // The book's CSS and ours must not have met: the book keeps its own look ...
  assert.notEqual(before.hostPageBody, "rgb(245, 245, 241)", "the widget's page background leaked out");
  assert.notEqual(before.bookButtonMinHeight, "40px", "the widget's button style leaked out");
  // ... and a hostile page stylesheet (adopted, as CSP allows) does not reach inside.
  await page.evaluate(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync("svg { display: none !important } button { background: red !important; font-size: 40px !important } " +
      "div, p { font-size: 50px !important } .caption, .pv { display: none !important } :root { font-size: 40px !important } " +
      // Rules on the element itself: inherited text properties must stop at the widget's root.
      "main > paxos-viz, main > * { letter-spacing: 9px; word-spacing: 20px; text-transform: uppercase; text-indent: 50px; " +
      "text-shadow: 2px 2px red; font-style: italic; font-weight: 900; font-family: serif; color: red; line-height: 4; cursor: wait }");
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  });
  const after = await probe();
  assert.deepEqual({ ...after, hostPageBody: 0, bookButtonMinHeight: 0 }, { ...before, hostPageBody: 0, bookButtonMinHeight: 0 });
  // What should cross does: a hidden container hides the widget.
  await page.evaluate(() => (document.querySelector("main").style.visibility = "hidden"));
  assert.equal(await page.locator("paxos-viz").first().locator(tid("step")).evaluate((b) => getComputedStyle(b).visibility), "hidden");
  await close();
});

test("an autoplaying widget waits off screen, plays on screen, and can be paused", async () => {
  const { page, close } = await openPage(ctx.server.url + "embedding.html", { width: 1280, height: 700 });
  await settled(page);
  const auto = page.locator('paxos-viz[autoplay]');
  const step = () => auto.locator(tid("widget")).getAttribute("data-step").then(Number);
  assert.equal(await auto.evaluate((el) => el.getBoundingClientRect().top > innerHeight), true, "starts below the fold");
  const s0 = await step();
  await page.waitForTimeout(1500);
  assert.equal(await step(), s0, "off screen it waits");
  await auto.scrollIntoViewIfNeeded();
  await page.waitForFunction((s0) => Number(document.querySelector("paxos-viz[autoplay]").shadowRoot.querySelector('[data-testid="widget"]').dataset.step) > s0, s0);
  await auto.locator(tid("play")).click();
  assert.equal(await auto.locator(tid("play")).getAttribute("aria-pressed"), "false");
  const paused = await step();
  await page.waitForTimeout(1200);
  assert.equal(await step(), paused, "paused");
  await close();
});

test("where wasm may not compile, each widget says so in its box and the page carries on", async () => {
  const strict = await serve(BOOK, { headers: { "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'self'" } });
  const context = await ctx.browser.newContext();
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  await page.goto(strict.url + "crashes.html");
  const boxes = page.locator('paxos-viz [role="alert"]');
  await page.waitForFunction(() => [...document.querySelectorAll("paxos-viz")].every((w) => w.shadowRoot?.querySelector('[role="alert"]')));
  assert.equal(await boxes.count(), await page.locator("paxos-viz").count());
  assert.match(await boxes.first().textContent(), /^The Paxos widget could not load: /);
  assert.deepEqual(pageErrors, []);
  await context.close();
  await strict.close();
});

test("theme=auto follows the reader's system setting where the site has no switch, and the book's theme in the book", async () => {
  const background = (w) => w.evaluate((el) => getComputedStyle(el).backgroundColor);
  for (const [scheme, bg] of [["dark", DARK_BG], ["light", LIGHT_BG]]) {
    const context = await ctx.browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    // The iframe route's page has no light/dark switch of its own: the system decides.
    await page.goto(ctx.server.url + "paxos-viz/embed.html?scenario=happy-path&theme=auto");
    const w = page.locator("paxos-viz").locator(tid("widget"));
    await w.waitFor();
    assert.equal(await page.locator("paxos-viz").getAttribute("theme"), "auto");
    assert.equal(await background(w), bg, `${scheme}: the system's`);
    // In the book, mdBook picks Navy for a dark system and Light otherwise; a widget added
    // later with theme="auto" takes the book's theme.
    await page.goto(ctx.server.url + "introduction.html");
    await settled(page);
    await page.evaluate(() => {
      const el = document.createElement("paxos-viz");
      el.id = "auto";
      el.setAttribute("theme", "auto");
      document.querySelector("main").prepend(el);
    });
    const added = page.locator("#auto").locator(tid("widget"));
    await added.waitFor();
    assert.equal(await page.locator("#auto").getAttribute("theme"), scheme);
    assert.equal(await background(added), bg, `${scheme}: the book's`);
    await context.close();
  }
});

test("widgets follow the reader's switch of the book's theme; a pinned widget keeps its own", async () => {
  const { page, errors, close } = await openPage(ctx.server.url + "embedding.html");
  await settled(page);
  await page.evaluate(() => {
    for (const [id, theme] of [["follows", null], ["pinned", "light"]]) {
      const el = document.createElement("paxos-viz");
      el.id = id;
      if (theme) el.setAttribute("theme", theme);
      document.querySelector("main").prepend(el);
    }
  });
  const follows = page.locator("#follows");
  const pinned = page.locator("#pinned");
  await follows.locator(tid("widget")).waitFor();
  await pinned.locator(tid("widget")).waitFor();
  assert.equal(await follows.getAttribute("theme"), "light");
  for (const [choice, theme] of [["coal", "dark"], ["rust", "light"], ["navy", "dark"]]) {
    // mdBook's menu may still be open from the last choice.
    if (!(await page.locator(`#mdbook-theme-${choice}`).isVisible())) await page.click("#mdbook-theme-toggle");
    await page.click(`#mdbook-theme-${choice}`);
    await page.waitForFunction((t) => document.getElementById("follows").getAttribute("theme") === t, theme);
    await follows.locator(`.theme-${theme}`).first().waitFor();
    assert.equal(await pinned.getAttribute("theme"), "light", choice);
    // Every widget of the chapter that was written without a theme follows too.
    const themes = await page.locator("paxos-viz:not(#pinned)").evaluateAll((ws) => ws.map((w) => w.getAttribute("theme")));
    assert.ok(themes.every((t) => t === theme), `${choice}: ${themes}`);
  }
  assert.deepEqual(errors, []);
  await close();
});

test("a script that arrives after the attribute moved on does not reset the widget", async () => {
  const { page, errors, close } = await openPage(ctx.server.url + "introduction.html");
  await settled(page);
  await page.evaluate(() => {
    const el = document.createElement("paxos-viz");
    el.id = "s";
    el.setAttribute("script", "scripts/two-proposers.txt");
    document.querySelector("main").prepend(el);
  });
  const w = page.locator("#s");
  await w.locator(tid("widget")).waitFor();
  await w.locator(tid("step")).click();
  await w.locator(tid("step")).click();
  // A slow script, then straight back to the first (already fetched) before it arrives.
  await w.evaluate((el) => el.setAttribute("script", "scripts/two-proposers.txt?delay=700"));
  await w.locator(tid("widget-loading")).waitFor();
  await w.evaluate((el) => el.setAttribute("script", "scripts/two-proposers.txt"));
  await w.locator(tid("widget")).waitFor();
  await w.locator(tid("step")).click();
  const counter = await w.locator(tid("step-counter")).textContent();
  assert.match(counter, /^Step 1 \//);
  await page.waitForTimeout(1200);
  assert.equal(await w.locator(tid("step-counter")).textContent(), counter, "the late script changed nothing");
  assert.deepEqual(errors, []);
  await close();
});

test("moving a widget on the page keeps its run; autoplay waits while the tab is hidden", async () => {
  const { page, close } = await openPage(ctx.server.url + "crashes.html");
  await settled(page);
  const first = page.locator("paxos-viz").first();
  await first.locator(tid("step")).click();
  const before = await state(first);
  await page.evaluate(() => {
    const el = document.querySelector("paxos-viz");
    el.id = "moved";
    document.querySelector("main").append(el);
  });
  assert.deepEqual(await state(page.locator("#moved")), before);

  const w = page.locator("#moved");
  await w.scrollIntoViewIfNeeded();
  await w.evaluate((el) => el.setAttribute("speed", "16"));
  await w.locator(tid("play")).click();
  const step = () => w.locator(tid("widget")).getAttribute("data-step").then(Number);
  await page.evaluate(() => {
    Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  const s0 = await step();
  await page.waitForTimeout(600);
  assert.equal(await step(), s0, "hidden: it waits");
  await page.evaluate(() => {
    Object.defineProperty(document, "hidden", { configurable: true, get: () => false });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await page.waitForFunction((s0) => Number(document.querySelector("#moved").shadowRoot.querySelector('[data-testid="widget"]').dataset.step) !== s0, s0);
  assert.equal(await w.locator(tid("play")).getAttribute("aria-pressed"), "true", "still playing");
  // A speed change does not restart a paused widget.
  await w.locator(tid("play")).click();
  await w.evaluate((el) => el.setAttribute("speed", "8"));
  await page.waitForTimeout(300);
  assert.equal(await w.locator(tid("play")).getAttribute("aria-pressed"), "false");
  await close();
});
