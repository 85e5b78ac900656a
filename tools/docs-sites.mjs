// `make docs-sites`: a small MkDocs (Material) site and a small Sphinx (Furo) site, each with
// the widget installed from the npm package the way a site's author would:
//
//   1. copy sites/<name>/ to target/docs-sites/src/<name>/ (the site's repository);
//   2. `npm install target/package/paxos-viz-<version>.tgz` there;
//   3. copy node_modules/paxos-viz/ into the folder the generator copies as it is
//      (MkDocs: docs/paxos-viz/, Sphinx: _static/paxos-viz/);
//   4. build with the generator from target/docs-venv (sites/requirements.txt), warnings as
//      errors, into target/docs-sites/<name>/.
//
// tests/e2e/sites.test.mjs serves the two results; tools/measure-sites.mjs measures them.
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { workspaceVersion } from "./package.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const venv = path.join(root, "target", "docs-venv", "bin");
const out = path.join(root, "target", "docs-sites");

/** Each site: where the package's folder goes, and the generator's command. */
const SITES = {
  mkdocs: {
    widgetDir: path.join("docs", "paxos-viz"),
    build: (src, dest) => [path.join(venv, "mkdocs"), ["build", "--strict", "--quiet", "-f", path.join(src, "mkdocs.yml"), "-d", dest]],
  },
  sphinx: {
    widgetDir: path.join("_static", "paxos-viz"),
    build: (src, dest) => [path.join(venv, "sphinx-build"), ["-W", "--keep-going", "-q", "-b", "html", src, dest]],
  },
};

function run(command, args, cwd) {
  execFileSync(command, args, { cwd, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, NO_MKDOCS_2_WARNING: "1" } });
}

function main() {
  const tarball = path.join(root, "target", "package", `paxos-viz-${workspaceVersion()}.tgz`);
  if (!fs.existsSync(tarball)) throw new Error(`${tarball}: run \`make package\` first`);
  for (const tool of ["mkdocs", "sphinx-build"]) {
    if (!fs.existsSync(path.join(venv, tool))) throw new Error(`${venv}/${tool}: run \`make setup-docs-venv\` first`);
  }
  for (const [name, site] of Object.entries(SITES)) {
    const src = path.join(out, "src", name);
    const dest = path.join(out, name);
    fs.rmSync(src, { recursive: true, force: true });
    fs.rmSync(dest, { recursive: true, force: true });
    fs.cpSync(path.join(root, "sites", name), src, { recursive: true });
    fs.writeFileSync(path.join(src, "package.json"), `{ "name": "paxos-in-${name}", "private": true }\n`);
    run("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock", "--offline", tarball], src);
    fs.cpSync(path.join(src, "node_modules", "paxos-viz"), path.join(src, site.widgetDir), { recursive: true });
    const [command, args] = site.build(src, dest);
    run(command, args, src);
    const pages = fs.readdirSync(dest, { recursive: true }).filter((f) => f.endsWith(".html")).length;
    console.log(`docs-sites: ${path.relative(root, dest)}/ (${name}, ${pages} HTML files)`);
  }
}

main();
