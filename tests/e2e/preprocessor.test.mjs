// The mdBook preprocessor (crates/mdbook-paxos) run by the real mdBook, on a small book of its
// own: ```paxos blocks become widgets in the built page, an included script file is read
// relative to its chapter, and a block with a mistake fails the build with the chapter, the
// file, the line and the column, while the page of a good block is not silently written
// without its widget.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const COMMAND = path.join(ROOT, "target", "debug", "mdbook-paxos");
let dir;

/** Writes a book with the given chapter files and builds it with mdBook. */
function build(name, chapters) {
  const book = path.join(dir, name);
  fs.mkdirSync(path.join(book, "src", "guide", "scripts"), { recursive: true });
  fs.writeFileSync(
    path.join(book, "book.toml"),
    `[book]\ntitle = "A test"\n\n[preprocessor.paxos]\ncommand = ${JSON.stringify(COMMAND)}\nbefore = ["links"]\n`,
  );
  const summary = ["# Summary", ""];
  for (const [file, text] of Object.entries(chapters)) {
    fs.writeFileSync(path.join(book, "src", file), text);
    if (file.endsWith(".md")) summary.push(`- [${file}](${file})`);
  }
  fs.writeFileSync(path.join(book, "src", "SUMMARY.md"), summary.join("\n") + "\n");
  const run = spawnSync("mdbook", ["build", book], { encoding: "utf8" });
  return { ...run, out: path.join(book, "book") };
}

before(() => {
  assert.ok(fs.existsSync(COMMAND), `${COMMAND}: run make docs first (make test does)`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mdbook-paxos-"));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const SCRIPT = "cluster acceptors=3 proposers=1 learners=1\npropose p1 A\nrun steps=20\n";

test("```paxos blocks become widgets, an included script relative to its chapter", () => {
  const run = build("good", {
    "guide/one.md": [
      "# One",
      "",
      "```paxos step=4 controls=minimal caption",
      "adopt-accepted-value",
      "```",
      "",
      "```paxos protocol=multi-paxos",
      "{{#include scripts/kv.txt}}",
      "```",
      "",
      "````markdown",
      "```paxos",
      "an example, left alone",
      "```",
      "````",
      "",
    ].join("\n"),
    "guide/scripts/kv.txt": "cluster nodes=3 clients=1 protocol=multi-paxos\nclient c1 put x 1 at n1\nrun steps=40\n",
  });
  assert.equal(run.status, 0, run.stderr);
  const html = fs.readFileSync(path.join(run.out, "guide", "one.html"), "utf8");
  assert.match(html, /<paxos-viz step="4" controls="minimal" caption(="")? scenario="adopt-accepted-value"><\/paxos-viz>/);
  assert.match(html, /<paxos-viz protocol="multi-paxos" script="cluster nodes=3 clients=1 protocol=multi-paxos\s+client c1 put x 1 at n1\s+run steps=40\s*"><\/paxos-viz>/);
  assert.equal((html.match(/<paxos-viz /g) || []).length, 2, "the fenced example inside ```` stays code");
  assert.match(html, /an example, left alone/);
});

test("a block that does not parse fails the build with its chapter, file, line and column", () => {
  const run = build("bad", {
    "ok.md": "# Fine\n\n```paxos\n" + SCRIPT + "```\n",
    "guide/two.md": [
      "# Two",
      "",
      "Some prose.",
      "",
      "```paxos caption",
      "cluster acceptors=3 proposers=1 learners=1",
      "propse p1 A",
      "```",
      "",
      "```paxos controls=some",
      "happy-path",
      "```",
      "",
      "```paxos",
      "hapy-path",
      "```",
      "",
      "```paxos",
      "{{#include scripts/broken.txt}}",
      "```",
      "",
    ].join("\n"),
    "guide/scripts/broken.txt": "cluster acceptors=3 proposers=1 learners=1\n\nrun steps=lots\n",
  });
  assert.notEqual(run.status, 0, "the build must fail");
  const errors = run.stderr.split("\n").filter((l) => l.startsWith("mdbook-paxos: error: "));
  assert.equal(errors.length, 4, run.stderr);
  assert.match(errors[0], /guide\/two\.md:7:1: chapter "guide\/two\.md" \(guide\/two\.md\), the ```paxos block at line 5: script: line 2, column 1/);
  assert.match(errors[1], /guide\/two\.md:10: .*block at line 10: controls="some"/);
  assert.match(errors[2], /guide\/two\.md:15: .*block at line 14: scenario="hapy-path".*did you mean/);
  assert.match(errors[3], /guide\/scripts\/broken\.txt:3:\d+: .*block at line 18: script: line 3, column \d+/);
  assert.ok(!fs.existsSync(path.join(run.out, "guide", "two.html")), "no page is written from a failed build");
});
