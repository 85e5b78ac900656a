// `make package`: the npm package of the widget, as a tarball (`npm pack`).
//
//   target/package/paxos-viz/          the package's folder: dist/ (the release build), a
//                                      package.json and the README in www/package/
//   target/package/paxos-viz-<v>.tgz   what `npm install ./paxos-viz-<v>.tgz` takes
//
// The version is the workspace's (Cargo.toml, [workspace.package]): one place for both.
// Prints the tarball's path and size.
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const out = path.join(root, "target", "package");
const folder = path.join(out, "paxos-viz");

/** The `version` of Cargo.toml's [workspace.package] table. */
export function workspaceVersion() {
  const toml = fs.readFileSync(path.join(root, "Cargo.toml"), "utf8");
  const table = toml.split(/^\[/m).find((t) => t.startsWith("workspace.package]"));
  const version = table?.match(/^version\s*=\s*"([^"]+)"/m)?.[1];
  if (!version) throw new Error("Cargo.toml: no version in [workspace.package]");
  return version;
}

function main() {
  if (!fs.existsSync(path.join(dist, "paxos-viz.js"))) {
    throw new Error("dist/ has no paxos-viz.js: run `make build` first");
  }
  const version = workspaceVersion();
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  // Everything the release build wrote: the loader, the glue and wasm of both protocols'
  // widgets, the stylesheets, and the full app and its checker (a widget's "Open in full
  // app" link and its Check control use them, from the same folder).
  const files = fs.readdirSync(dist).filter((f) => fs.statSync(path.join(dist, f)).isFile()).sort();
  for (const f of files) fs.copyFileSync(path.join(dist, f), path.join(folder, f));
  fs.copyFileSync(path.join(root, "www", "package", "README.md"), path.join(folder, "README.md"));
  const manifest = {
    name: "paxos-viz",
    version,
    description: "<paxos-viz>: live, steppable Paxos and Multi-Paxos runs for documentation pages, simulated in WebAssembly.",
    keywords: ["paxos", "multi-paxos", "consensus", "distributed-systems", "visualization", "web-component", "webassembly"],
    license: "(MIT OR Apache-2.0)",
    type: "module",
    // The entry point is the loader: importing it defines <paxos-viz>.
    main: "paxos-viz.js",
    module: "paxos-viz.js",
    exports: { ".": "./paxos-viz.js", "./*": "./*" },
    // Importing the loader defines a custom element: a bundler must keep it.
    sideEffects: true,
    files: [...files, "README.md"],
  };
  fs.writeFileSync(path.join(folder, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  const report = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", out], { cwd: folder, encoding: "utf8" }),
  )[0];
  const tarball = path.join(out, report.filename);
  console.log(`${path.relative(root, tarball)}: ${report.size} B packed, ${report.unpackedSize} B unpacked, ${report.entryCount} files`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
