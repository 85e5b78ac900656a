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

const here = new URL('./', import.meta.url);

/** The attributes a widget reads; changing one updates the widget. */
export const ATTRIBUTES = ['protocol', 'scenario', 'script', 'run', 'step', 'controls', 'autoplay', 'speed', 'height', 'theme', 'caption', 'check', 'view'];

// The two protocols are two wasm modules: a page of single-decree widgets never downloads
// Multi-Paxos, and the other way round.
const MODULES = {
  'single-decree': { name: 'paxos-viz-app', widget: 'PaxosWidget', css: ['paxos-viz.css'] },
  'multi-paxos': { name: 'paxos-viz-multi-widget', widget: 'PaxosMultiWidget', css: ['paxos-viz.css', 'paxos-viz-multi.css'] },
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
    const r = await fetch(new URL(file, here));
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
    const wasm = fetch(new URL(`${m.name}_bg.wasm`, here));
    const glue = await import(new URL(`${m.name}.js`, here).href);
    await glue.default({ module_or_path: wasm });
    return glue[m.widget];
  });
  return Promise.all([module, ...m.css.map(sheet)]).then(([Widget, ...sheets]) => ({ Widget, sheets }));
}

// One observer for every widget: autoplay waits while a widget is off screen.
const onScreen = new IntersectionObserver((entries) => {
  for (const e of entries) e.target.widget?.setVisible(e.isIntersecting);
});

class PaxosViz extends HTMLElement {
  static observedAttributes = ATTRIBUTES;

  connectedCallback() {
    // Moved within the page (disconnected, then connected again at once): keep the run.
    this.leaving = false;
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
      this.widget = new Widget(this, root, new URL('index.html', here).href);
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
