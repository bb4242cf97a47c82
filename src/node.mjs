/**
 * The Node the bot runs on: 22 or later (better-sqlite3 13 crashes Node 20 on first use). Where
 * the machine's Node is older, Node 24 comes once from the npm registry's `node` package into
 * .node/ and runs the command instead. `node src/node.mjs <command> [args]` runs a command so
 * (the CLI, the tests, the bench); npm start calls nodeForBot() itself.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const HOME = join(ROOT, ".node");
const BIN = join(HOME, "node_modules", ".bin");

export const supported = () => Number(process.versions.node.split(".")[0]) >= 22;

/** The directory holding a supported `node`, or undefined when the running one is. */
export function nodeForBot() {
  if (supported()) return undefined;
  if (!existsSync(join(BIN, "node"))) {
    process.stderr.write(`kehoach-bot: Node ${process.version} is too old (22 or later); taking Node 24 from the npm registry into .node/\n`);
    execFileSync("npm", ["install", "--prefix", HOME, "--no-save", "--no-audit", "--no-fund", "node@24"], { stdio: ["ignore", "ignore", "inherit"] });
  }
  return BIN;
}

/** Runs the command with `bin` first on PATH, passing signals on, and exits as it does. */
export function runWith(bin, command, args) {
  const env = bin ? { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ""}` } : process.env;
  const child = spawn(command, args, { stdio: "inherit", env });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => (signal ? process.kill(process.pid, signal) : process.exit(code ?? 1)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, ...args] = process.argv.slice(2);
  if (!command) throw new Error("usage: node src/node.mjs <command> [args]");
  runWith(nodeForBot(), command, args);
}
