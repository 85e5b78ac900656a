// Apply ARIA attributes after the sidebar and the sidebar toggle button are added to the DOM.
// Formerly an inline <script> of mdBook 0.5.4's index.hbs; `sidebar` comes from csp-sidebar.js.

document.getElementById('mdbook-sidebar-toggle').setAttribute('aria-expanded', sidebar === 'visible');
document.getElementById('mdbook-sidebar').setAttribute('aria-hidden', sidebar !== 'visible');
Array.from(document.querySelectorAll('#mdbook-sidebar a')).forEach(function (link) {
    link.setAttribute('tabIndex', sidebar === 'visible' ? 0 : -1);
});

// The toggle is a label for a hidden checkbox; as a button (role, tab stop: an ARIA
// attribute on a plain label is not allowed) it answers Enter and Space as a button does.
document.getElementById('mdbook-sidebar-toggle').addEventListener('keydown', function (e) {
    if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        document.getElementById('mdbook-sidebar-toggle-anchor').click();
    }
});
