// The inline <script> blocks of mdBook 0.5.4's <head> and top of <body>, moved here so that the
// book runs under a Content-Security-Policy without 'unsafe-inline'. The values the template
// used to write into them come from data- attributes on <html> (see theme/index.hbs).
// The global names (html, path_to_root, default_theme, ...) are the ones toc.js, book.js and
// searcher.js expect.

const html = document.documentElement;

// Site root and default themes, for toc.js, book.js and searcher.js.
const path_to_root = html.getAttribute('data-path-to-root') || '';
const default_light_theme = html.getAttribute('data-default-theme');
const default_dark_theme = html.getAttribute('data-preferred-dark-theme');
if (html.hasAttribute('data-searchindex')) {
    window.path_to_searchindex_js = html.getAttribute('data-searchindex');
}
if (html.hasAttribute('data-playground-copyable')) {
    window.playground_copyable = true;
}
if (html.hasAttribute('data-playground-line-numbers')) {
    window.playground_line_numbers = true;
}

// Work around some values being stored in localStorage wrapped in quotes.
try {
    const theme = localStorage.getItem('mdbook-theme');
    const sidebar = localStorage.getItem('mdbook-sidebar');
    if (theme.startsWith('"') && theme.endsWith('"')) {
        localStorage.setItem('mdbook-theme', theme.slice(1, theme.length - 1));
    }
    if (sidebar.startsWith('"') && sidebar.endsWith('"')) {
        localStorage.setItem('mdbook-sidebar', sidebar.slice(1, sidebar.length - 1));
    }
} catch (e) { }

// Set the theme before any content is loaded, prevents flash.
const default_theme = window.matchMedia('(prefers-color-scheme: dark)').matches
    ? default_dark_theme : default_light_theme;
let theme;
try { theme = localStorage.getItem('mdbook-theme'); } catch (e) { }
if (theme === null || theme === undefined) { theme = default_theme; }
html.classList.remove(default_light_theme);
html.classList.add(theme);
html.classList.add('js');

// print.html opens the print dialog once loaded.
if (html.hasAttribute('data-print')) {
    window.addEventListener('load', function () {
        window.setTimeout(window.print, 100);
    });
}

// mdBook's searcher.js hides the search bar's focus with a throwaway input styled by
// `input.setAttribute('style', 'position: absolute; opacity: 0;')`, which style-src 'self'
// refuses. Exactly that call is routed through the CSSOM (el.style), which CSP allows; every
// other setAttribute is untouched.
(function () {
    const setAttribute = Element.prototype.setAttribute;
    const SEARCHER_STYLE = 'position: absolute; opacity: 0;';
    Element.prototype.setAttribute = function (name, value) {
        if (name === 'style' && value === SEARCHER_STYLE && this instanceof HTMLInputElement
            && !this.isConnected) {
            this.style.position = 'absolute';
            this.style.opacity = '0';
            return;
        }
        return setAttribute.call(this, name, value);
    };
})();
