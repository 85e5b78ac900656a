// Serves a folder on loopback with the strict Content-Security-Policy the book is tested under:
//   node tools/serve.mjs docs/book 8081
import path from "node:path";
import { serve, CSP } from "../tests/e2e/harness.mjs";

const dir = path.resolve(process.argv[2] ?? "docs/book");
const port = Number(process.argv[3] ?? 8081);
const server = await serve(dir, { headers: { "content-security-policy": CSP }, port });
console.log(`serving ${dir} at ${server.url} with\n  Content-Security-Policy: ${CSP}`);
