// Keeps the <paxos-viz> widgets of a page in the book's theme: theme="dark" while <html> has one
// of mdBook's dark theme classes (coal, navy, ayu), theme="light" otherwise (light, rust), on load
// and whenever the reader picks another theme.
//
// Only widgets that follow the book are touched: those that had no theme attribute, or
// theme="auto", when this script first saw them. A widget written with theme="light" or
// theme="dark" keeps that theme.
//
// This classic script runs at the end of <body>, before the pages' module script
// (paxos-viz/paxos-viz.js) defines the element, so widgets start in the right theme.
(function () {
    'use strict';
    const DARK_THEMES = ['coal', 'navy', 'ayu'];
    const root = document.documentElement;
    const follows = new WeakMap();

    function bookTheme() {
        return DARK_THEMES.some(function (c) { return root.classList.contains(c); })
            ? 'dark' : 'light';
    }

    function followsBook(widget) {
        if (!follows.has(widget)) {
            const authored = widget.getAttribute('theme');
            follows.set(widget, authored === null || authored === 'auto');
        }
        return follows.get(widget);
    }

    function sync() {
        const theme = bookTheme();
        document.querySelectorAll('paxos-viz').forEach(function (widget) {
            if (followsBook(widget) && widget.getAttribute('theme') !== theme) {
                widget.setAttribute('theme', theme);
            }
        });
    }

    sync();
    new MutationObserver(sync).observe(root, { attributes: true, attributeFilter: ['class'] });
    document.addEventListener('DOMContentLoaded', sync);
})();
