// Hide / unhide the sidebar before it is displayed. Formerly an inline <script> of mdBook 0.5.4's
// index.hbs; runs right after the sidebar checkbox, before the sidebar itself. Sets the globals
// `sidebar` and `sidebar_toggle` that csp-aria.js reads.

let sidebar = null;
const sidebar_toggle = document.getElementById('mdbook-sidebar-toggle-anchor');
if (document.body.clientWidth >= 1080) {
    try { sidebar = localStorage.getItem('mdbook-sidebar'); } catch (e) { }
    sidebar = sidebar || 'visible';
} else {
    sidebar = 'hidden';
    sidebar_toggle.checked = false;
}
if (sidebar === 'visible') {
    sidebar_toggle.checked = true;
} else {
    html.classList.remove('sidebar-visible');
}
