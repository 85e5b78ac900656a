# A small Sphinx site with the Furo theme, built by `make docs-sites` with the widget installed
# from the npm package (tools/docs-sites.mjs copies node_modules/paxos-viz/ into
# _static/paxos-viz/) and checked in Chromium by tests/e2e/sites.test.mjs.
project = "Paxos in Sphinx"
html_theme = "furo"
html_title = "Paxos in Sphinx"
html_favicon = "_static/paxos-viz/favicon.svg"
exclude_patterns = ["_build", "node_modules"]

# The two lines the widget needs: the folder it is copied into, and its loader, as a module.
html_static_path = ["_static"]
html_js_files = [("paxos-viz/paxos-viz.js", {"type": "module"})]
