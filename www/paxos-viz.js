// <paxos-viz>: live Paxos runs for documentation pages.
//
//   <script type="module" src="paxos-viz/paxos-viz.js"></script>
//   <paxos-viz scenario="adopt-accepted-value" step="4" controls="minimal" caption></paxos-viz>
//
// This module defines the element. The wasm module (the same one the full app runs: one for
// single-decree Paxos, one for Multi-Paxos) and the stylesheets are fetched and compiled once
// per page, however many widgets it has, and only for the protocols its widgets show; each widget
// is a separate app with its own run, drawn in its own shadow root so that the page's CSS and
// the widget's never meet. The attributes are read and checked by the wasm side
// (src/embed.rs); this file only wires the element's life to it. No inline script, no eval:
// it runs under `script-src 'self' 'wasm-unsafe-eval'`.

// Every address is relative to this file, never to the page: the files work from any folder
// and any page depth (node_modules/paxos-viz/, a docs site's static folder, a nested page).
// They are written as literals (`new URL('./x', import.meta.url)`, `import('./x.js')`) so that
// a bundler (Vite, webpack 5, Parcel) sees them and emits the files beside its bundle.

/** The attributes a widget reads; changing one updates the widget. */
export const ATTRIBUTES = ['protocol', 'scenario', 'script', 'run', 'step', 'controls', 'autoplay', 'speed', 'height', 'theme', 'caption', 'check', 'view'];

// The two protocols are two wasm modules: a page of single-decree widgets never downloads
// Multi-Paxos, and the other way round.
const MODULES = {
  'single-decree': {
    name: 'paxos-viz-app',
    widget: 'PaxosWidget',
    glue: () => import('./paxos-viz-app.js'),
    wasm: () => new URL('./paxos-viz-app_bg.wasm', import.meta.url),
    css: ['paxos-viz.css'],
  },
  'multi-paxos': {
    name: 'paxos-viz-multi-widget',
    widget: 'PaxosMultiWidget',
    glue: () => import('./paxos-viz-multi-widget.js'),
    wasm: () => new URL('./paxos-viz-multi-widget_bg.wasm', import.meta.url),
    css: ['paxos-viz.css', 'paxos-viz-multi.css'],
  },
};

const STYLESHEETS = {
  'paxos-viz.css': () => new URL('./paxos-viz.css', import.meta.url),
  'paxos-viz-multi.css': () => new URL('./paxos-viz-multi.css', import.meta.url),
};

/** The module an element needs: `protocol="multi-paxos"`, or a Multi-Paxos link (`v2.`) with
 *  no protocol given. Anything else, a misspelt protocol too, goes to the single-decree
 *  module, whose attribute check names the mistake. */
function protocolOf(el) {
  const given = el.getAttribute('protocol');
  if (given?.trim() === 'multi-paxos') return 'multi-paxos';
  if (given === null && /^#?v2\./.test(el.getAttribute('run')?.trim() ?? '')) return 'multi-paxos';
  return 'single-decree';
}

// Each loaded once per page, however many widgets use it (and again after a failure, for
// the next widget that asks).
const loading = new Map();
function once(key, start) {
  if (!loading.has(key)) {
    loading.set(key, start().catch((err) => {
      loading.delete(key);
      throw err;
    }));
  }
  return loading.get(key);
}

function sheet(file) {
  return once(file, async () => {
    const r = await fetch(STYLESHEETS[file]());
    if (!r.ok) throw new Error(`${file}: ${r.status} ${r.statusText}`);
    const s = new CSSStyleSheet();
    s.replaceSync(await r.text());
    return s;
  });
}

/** A protocol's widget class and stylesheets. */
function load(protocol) {
  const m = MODULES[protocol];
  const module = once(m.name, async () => {
    const wasm = fetch(m.wasm());
    const glue = await m.glue();
    await glue.default({ module_or_path: wasm });
    return glue[m.widget];
  });
  return Promise.all([module, ...m.css.map(sheet)]).then(([Widget, ...sheets]) => ({ Widget, sheets }));
}

// A widget follows the site's light or dark scheme where the site has a switch of its own,
// unless its author wrote theme="light" or theme="dark". Each docs theme marks "dark" its own
// way; where none is known, or the site follows the system (Furo's "auto"), the widget keeps
// theme="auto", which follows the system too.
const MDBOOK_DARK = ['coal', 'navy', 'ayu'];
const MDBOOK_LIGHT = ['light', 'rust'];
function siteScheme() {
  const html = document.documentElement;
  const body = document.body;
  if (MDBOOK_DARK.some((c) => html.classList.contains(c))) return 'dark';
  if (MDBOOK_LIGHT.some((c) => html.classList.contains(c))) return 'light';
  // MkDocs Material: data-md-color-scheme="default" or "slate" on <body>.
  const material = body?.getAttribute('data-md-color-scheme');
  if (material) return material === 'slate' ? 'dark' : 'light';
  // Furo (on <body>) and the PyData theme (on <html>): data-theme="light", "dark" or "auto".
  for (const el of [body, html]) {
    const t = el?.getAttribute('data-theme');
    if (t === 'dark' || t === 'light') return t;
  }
  return null;
}

// Whether a widget follows the site: decided from its theme attribute when first seen.
const follows = new WeakMap();
function followSite(el) {
  if (!follows.has(el)) {
    const authored = el.getAttribute('theme');
    follows.set(el, authored === null || authored === 'auto');
  }
  if (!follows.get(el)) return;
  const theme = siteScheme() ?? 'auto';
  if (el.getAttribute('theme') !== theme) el.setAttribute('theme', theme);
}
const schemeWatch = new MutationObserver(() => document.querySelectorAll('paxos-viz').forEach(followSite));
for (const el of [document.documentElement, document.body]) {
  if (el) schemeWatch.observe(el, { attributes: true, attributeFilter: ['class', 'data-md-color-scheme', 'data-theme'] });
}

// One observer for every widget: autoplay waits while a widget is off screen.
const onScreen = new IntersectionObserver((entries) => {
  for (const e of entries) e.target.widget?.setVisible(e.isIntersecting);
});

class PaxosViz extends HTMLElement {
  static observedAttributes = ATTRIBUTES;
  /** Widgets running now on this page: a site's tests can see that a page change (an
   *  "instant navigation") stopped the old page's widgets. */
  static live = 0;

  connectedCallback() {
    // Moved within the page (disconnected, then connected again at once): keep the run.
    this.leaving = false;
    followSite(this);
    if (!this.widget) this.mount();
  }

  mount() {
    const protocol = protocolOf(this);
    this.protocol = protocol;
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    load(protocol).then(({ Widget, sheets }) => {
      // The element may have left the page, come back, or changed protocol while loading.
      if (!this.isConnected || this.widget || this.protocol !== protocol) return;
      shadow.adoptedStyleSheets = sheets;
      shadow.replaceChildren();
      const root = document.createElement('div');
      root.className = 'pv-root';
      shadow.append(root);
      this.widget = new Widget(this, root, new URL('./index.html', import.meta.url).href);
      PaxosViz.live += 1;
      onScreen.observe(this);
    }, (err) => {
      if (this.protocol !== protocol) return;
      // Nothing of ours could load: say so in the box, in plain text.
      const p = document.createElement('p');
      p.setAttribute('role', 'alert');
      p.textContent = `The Paxos widget could not load: ${err?.message ?? err}`;
      shadow.replaceChildren(p);
    });
  }

  unmount() {
    onScreen.unobserve(this);
    if (this.widget) PaxosViz.live -= 1;
    this.widget?.destroy();
    this.widget?.free();
    this.widget = undefined;
  }

  disconnectedCallback() {
    this.leaving = true;
    queueMicrotask(() => {
      if (this.leaving && !this.isConnected) this.unmount();
    });
  }

  attributeChangedCallback() {
    // Several attributes set in one go (a script, embed.js) are read once, together.
    if (this.refreshing) return;
    this.refreshing = true;
    queueMicrotask(() => {
      this.refreshing = false;
      if (!this.isConnected) return;
      // Another protocol is another module: the widget starts again there.
      if (protocolOf(this) !== this.protocol) {
        this.unmount();
        this.mount();
      } else {
        this.widget?.refresh();
      }
    });
  }
}

if (!customElements.get('paxos-viz')) customElements.define('paxos-viz', PaxosViz);
