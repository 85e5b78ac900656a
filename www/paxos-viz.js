// <paxos-viz>: live Paxos runs for documentation pages.
//
//   <script type="module" src="paxos-viz/paxos-viz.js"></script>
//   <paxos-viz scenario="adopt-accepted-value" step="4" controls="minimal" caption></paxos-viz>
//
// This module defines the element. The wasm module (the same one the full app runs) and the
// stylesheet are fetched and compiled once per page, however many widgets it has; each widget
// is a separate app with its own run, drawn in its own shadow root so that the page's CSS and
// the widget's never meet. The attributes are read and checked by the wasm side
// (src/embed.rs); this file only wires the element's life to it. No inline script, no eval:
// it runs under `script-src 'self' 'wasm-unsafe-eval'`.

import init, { PaxosWidget } from './paxos-viz-app.js';

const here = new URL('./', import.meta.url);

/** The attributes a widget reads; changing one updates the widget. */
export const ATTRIBUTES = ['scenario', 'script', 'run', 'step', 'controls', 'autoplay', 'speed', 'height', 'theme', 'caption'];

let ready = null;
/** The wasm module and the shared stylesheet, loaded on first use, once (again after a
 *  failure, for the next widget that asks). */
function load() {
  ready ??= Promise.all([
    init({ module_or_path: new URL('paxos-viz-app_bg.wasm', here) }),
    fetch(new URL('paxos-viz.css', here)).then((r) => {
      if (!r.ok) throw new Error(`paxos-viz.css: ${r.status} ${r.statusText}`);
      return r.text();
    }).then((css) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      return sheet;
    }),
  ]).then(([, sheet]) => sheet, (err) => {
    ready = null;
    throw err;
  });
  return ready;
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
    if (this.widget) return;
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    load().then((sheet) => {
      // The element may have left the page, or come back, while the module loaded.
      if (!this.isConnected || this.widget) return;
      shadow.adoptedStyleSheets = [sheet];
      shadow.replaceChildren();
      const root = document.createElement('div');
      root.className = 'pv-root';
      shadow.append(root);
      this.widget = new PaxosWidget(this, root, new URL('index.html', here).href);
      onScreen.observe(this);
    }, (err) => {
      // Nothing of ours could load: say so in the box, in plain text.
      const p = document.createElement('p');
      p.setAttribute('role', 'alert');
      p.textContent = `The Paxos widget could not load: ${err?.message ?? err}`;
      shadow.replaceChildren(p);
    });
  }

  disconnectedCallback() {
    this.leaving = true;
    queueMicrotask(() => {
      if (!this.leaving || this.isConnected) return;
      onScreen.unobserve(this);
      this.widget?.destroy();
      this.widget?.free();
      this.widget = undefined;
    });
  }

  attributeChangedCallback() {
    // Several attributes set in one go (a script, embed.js) are read once, together.
    if (this.refreshing) return;
    this.refreshing = true;
    queueMicrotask(() => {
      this.refreshing = false;
      this.widget?.refresh();
    });
  }
}

if (!customElements.get('paxos-viz')) customElements.define('paxos-viz', PaxosViz);
