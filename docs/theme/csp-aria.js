// Apply ARIA attributes after the sidebar and the sidebar toggle button are added to the DOM.
// Formerly an inline <script> of mdBook 0.5.4's index.hbs; `sidebar` comes from csp-sidebar.js.

document.getElementById('mdbook-sidebar-toggle').setAttribute('aria-expanded', sidebar === 'visible');
document.getElementById('mdbook-sidebar').setAttribute('aria-hidden', sidebar !== 'visible');
Array.from(document.querySelectorAll('#mdbook-sidebar a')).forEach(function (link) {
    link.setAttribute('tabIndex', sidebar === 'visible' ? 0 : -1);
});
