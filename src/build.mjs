/**
 * `npm run build`: compiles src/ to .build/ with tsc and copies the bundled data beside it; the
 * service then runs as plain JavaScript (no TypeScript loader: less memory, a faster start).
 * `npm start` calls build({ ifNeeded: true }), so a fresh checkout or an edited source is
 * built before the bot starts (.build/ sits at the depth of src/, so paths to migrations/ and
 * prompts/ resolve alike). The new tree is written aside and moved into place, so a
 * process starting meanwhile never sees half of it.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIST = join(ROOT, ".build");
const STAMP = join(DIST, ".built");
const INPUTS = ["src", "tsconfig.json", "package-lock.json"].map((p) => join(ROOT, p));

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), s.mtimeMs);
}

export function build({ ifNeeded = false } = {}) {
  if (ifNeeded && existsSync(STAMP) && statSync(STAMP).mtimeMs >= Math.max(...INPUTS.map(newest))) return false;
  const next = `${DIST}.${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", join(ROOT, "src", "tsconfig.json"), "--outDir", next], { stdio: "inherit" });
    cpSync(join(ROOT, "src", "data"), join(next, "data"), { recursive: true });
    writeFileSync(join(next, ".built"), "");
  } catch (err) {
    rmSync(next, { recursive: true, force: true });
    throw err;
  }
  rmSync(DIST, { recursive: true, force: true });
  renameSync(next, DIST);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) build({ ifNeeded: process.argv.includes("--if-needed") });

/** Vitest's global setup: the tests that start the service as `npm start` does run this build. */
export function setup() {
  build({ ifNeeded: true });
}
