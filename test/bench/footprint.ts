/**
 * DESIGN §7 "footprint": the real service (`src/start.mjs` running .build/, as `npm start` does) in
 * a child process, with Telegram long polling a Bot API double and the reminder scheduler, on
 * a fresh database. Start to ready is the spawn to the "kehoach-bot ready" log line (the first
 * start imports the plan); the idle figure is the process's resident set (VmRSS) after it has
 * sat idle, beside the floor an empty program has under the same runtime. A second start over
 * the same database gives the restart time.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { build } from "../../src/build.mjs";
import { BotApiDouble } from "../support/bot-api-double.js";

export interface FootprintFigures {
  /** Spawn to ready, first start (plan imported into an empty database). */
  readySeconds: number;
  /** Spawn to ready over the database the first start left. */
  restartSeconds: number;
  idleRssMb: number;
  /** The most the process held at once (VmHWM). */
  peakRssMb: number;
  /** Resident memory of the process's children, counted apart. */
  childrenRssMb: number;
  /** Node and nothing else, idle as long: the floor under the service. */
  floorRssMb: number;
  /** The log lines that say what ran: channels, scheduler. */
  started: string[];
}

const START = fileURLToPath(new URL("../../src/start.mjs", import.meta.url));
const READY = "kehoach-bot ready";
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const IDLE_MS = 5_000;
/** Variables of the developer's shell that would change what starts. */
const CLEARED = ["NOW", "PLAN_FILE", "DIRECTORY_FILE", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET", "OPENAI_API_KEY", "OPENAI_BASE_URL", "BACKUP_DIR"];

interface Started {
  child: ChildProcess;
  seconds: number;
  lines: string[];
}

/** The node flags `npm start` runs the service with (package.json), so the bench measures the same process. */
export function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((t) => t.startsWith("--max") || t.startsWith("--optimize"));
}

function start(env: NodeJS.ProcessEnv, cwd: string): Promise<Started> {
  const begun = performance.now();
  const child = spawn(process.execPath, [...startFlags(), START], { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    let rest = "";
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`bench: the service ${why}\n${lines.slice(-10).join("\n")}`));
    };
    const timer = setTimeout(() => fail(`was not ready within ${READY_TIMEOUT_MS / 1000} s`), READY_TIMEOUT_MS);
    child.once("exit", (code) => fail(`exited (${code}) before it was ready`));
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        if (line.includes(READY)) {
          clearTimeout(timer);
          child.removeAllListeners("exit");
          resolve({ child, seconds: (performance.now() - begun) / 1000, lines });
        }
      }
    });
  });
}

/** VmRSS of node running nothing, after the same idle time. */
async function floor(cwd: string): Promise<number> {
  const child = spawn(process.execPath, ["-e", "setInterval(() => undefined, 1000)"], { cwd, stdio: "ignore" });
  try {
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    return statusMb(child.pid!, "VmRSS");
  } finally {
    await stop(child);
  }
}

/** SIGTERM, as systemd stops it; SIGKILL if it does not stop in time. */
function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** A field of /proc/<pid>/status in MB (the kernel gives kB). */
function statusMb(pid: number, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : 0;
}

function threadsOf(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map(Number);
}

/** Processes a thread started (a worker thread may start its own). */
function childrenOf(pid: number, tid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function messageOf(line: string): string | undefined {
  try {
    return (JSON.parse(line) as { msg?: string }).msg;
  } catch {
    return undefined;
  }
}

export async function footprintBench(): Promise<FootprintFigures> {
  // Built before the clock starts: a start after an edit would otherwise time the compiler.
  build({ ifNeeded: true });
  const double = await BotApiDouble.start();
  const dir = mkdtempSync(join(tmpdir(), "kehoach-bench-"));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CLEARED) delete env[name];
  Object.assign(env, {
    DATABASE_PATH: join(dir, "kehoach.sqlite"),
    ZALO_CREDENTIALS_FILE: join(dir, "zalo-credentials.json"),
    TELEGRAM_BOT_TOKEN: double.token,
    TELEGRAM_API_ROOT: double.apiRoot,
    LOG_LEVEL: "info",
  });
  const running: ChildProcess[] = [];
  try {
    const first = await start(env, dir);
    running.push(first.child);
    const floorRssMb = await floor(dir);
    const pid = first.child.pid!;
    const idleRssMb = statusMb(pid, "VmRSS");
    const peakRssMb = statusMb(pid, "VmHWM");
    const childrenRssMb = threadsOf(pid).flatMap((tid) => childrenOf(pid, tid)).reduce((sum, c) => sum + statusMb(c, "VmRSS"), 0);
    const started = first.lines.map(messageOf).filter((m): m is string => m !== undefined);
    await stop(first.child);
    const second = await start(env, dir);
    running.push(second.child);
    await stop(second.child);
    return { readySeconds: first.seconds, restartSeconds: second.seconds, idleRssMb, peakRssMb, childrenRssMb, floorRssMb, started };
  } finally {
    await Promise.all(running.map(stop));
    await double.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
