/**
 * `npm start` as an operator runs it: the real process (the compiled service in .build/, with the
 * flags of the start script), long polling or behind a webhook, stopped by SIGTERM as systemd stops it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { BotApiDouble } from "./support/bot-api-double.js";
import { tempDir } from "./support/app.js";
import { freePort } from "./channels/telegram/harness.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const START = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start
  .split(/\s+/)
  .slice(1);

let child: ChildProcess | undefined;
let api: BotApiDouble | undefined;
let dir: string | undefined;
afterEach(async () => {
  child?.kill("SIGKILL");
  await api?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  child = api = dir = undefined;
});

/** Starts the service and resolves with its log lines once it says it is ready. */
function start(env: Record<string, string>): Promise<{ proc: ChildProcess; log: string[] }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(OPENAI_|TELEGRAM_|NOW$|PLAN_FILE$|BACKUP_)/.test(k)));
  const proc = spawn(process.execPath, START, { cwd: ROOT, env: { ...base, LOG_LEVEL: "info", ...env }, stdio: ["ignore", "ignore", "pipe"] });
  child = proc;
  const log: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready:\n${log.join("\n")}`)), 15_000);
    proc.once("exit", (code) => reject(new Error(`exited ${code}:\n${log.join("\n")}`)));
    proc.stderr!.setEncoding("utf8");
    let ready = false;
    proc.stderr!.on("data", (chunk: string) => {
      log.push(...chunk.split("\n").filter(Boolean));
      if (!ready && log.some((l) => l.includes("kehoach-bot ready"))) {
        ready = true;
        clearTimeout(timer);
        proc.removeAllListeners("exit");
        resolve({ proc, log });
      }
    });
  });
}

function stopped(proc: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    proc.once("exit", (code) => resolve(code));
    proc.kill("SIGTERM");
  });
}

describe("npm start", () => {
  it("long polls Telegram, answers, and stops cleanly on SIGTERM without the token in its log", async () => {
    api = await BotApiDouble.start();
    dir = tempDir();
    const { proc, log } = await start({ DATABASE_PATH: join(dir, "k.sqlite"), TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot });
    api.pushText(77, "/nhiemvu");
    const [reply] = await api.waitForDeliveries(77);
    expect(reply!.text).toMatch(/chưa đăng ký/);
    const code = await stopped(proc);
    expect(code).toBe(0);
    expect(log.join("\n")).toContain("shutting down");
    expect(log.join("\n")).not.toContain(api.token.split(":")[1]);
  });

  it("serves a webhook with its secret when TELEGRAM_WEBHOOK_URL is set", async () => {
    api = await BotApiDouble.start();
    dir = tempDir();
    const port = await freePort();
    const { proc } = await start({
      DATABASE_PATH: join(dir, "k.sqlite"),
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram`,
      TELEGRAM_WEBHOOK_SECRET: "bi_mat_123",
      PORT: String(port),
    });
    // Telegram starts beside the rest of the service, so the webhook may be set just after "ready".
    const set = await api.waitFor(() => api!.callsOf("setWebhook")[0]);
    expect(set.params).toMatchObject({ url: `http://127.0.0.1:${port}/telegram`, secret_token: "bi_mat_123" });
    api.pushText(78, "/help");
    const [reply] = await api.waitForDeliveries(78);
    expect(reply!.text).toMatch(/chưa đăng ký/);
    expect(await stopped(proc)).toBe(0);
  });

  it("stops at once with one line per bad variable", async () => {
    dir = tempDir();
    const proc = spawn(process.execPath, START, {
      cwd: ROOT,
      env: { ...process.env, DATABASE_PATH: join(dir, "k.sqlite"), TIMEZONE: "Sao Hoả/Thủ đô", PORT: "abc" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    child = proc;
    let err = "";
    proc.stderr!.on("data", (c: Buffer) => (err += c.toString("utf8")));
    const code = await new Promise<number | null>((resolve) => proc.once("exit", resolve));
    expect(code).toBe(1);
    expect(err).toMatch(/^Cấu hình không hợp lệ:\n- TIMEZONE: .+\n- PORT: .+\n?$/);
  });
});

describe("npm start on the console", () => {
  it("keeps the terminal for the chat: the log goes to a private file beside the database, which the greeting names (issue 14, item 14)", async () => {
    dir = tempDir();
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(OPENAI_|TELEGRAM_|NOW$|PLAN_FILE$|BACKUP_)/.test(k)));
    const env = { ...base, LOG_LEVEL: "info", DATABASE_PATH: join(dir, "data", "kehoach.sqlite"), ZALO_CREDENTIALS_FILE: join(dir, "none.json") };
    const proc = spawn(process.execPath, START, { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
    child = proc;
    let out = "";
    let err = "";
    proc.stdout!.on("data", (d: Buffer) => (out += d.toString("utf8")));
    proc.stderr!.on("data", (d: Buffer) => (err += d.toString("utf8")));
    proc.stdin!.end("/help\n/nhiemvu\n");
    const code = await new Promise<number | null>((resolve) => proc.once("exit", resolve));
    expect(code).toBe(0);
    const file = join(dir, "data", "kehoach-console.log");
    expect(out).toContain(`Nhật ký hoạt động ghi tại: ${file}`);
    expect(out).toContain("Trợ lý thực hiện Kế hoạch. Các lệnh");
    expect(out).not.toMatch(/"level":/);
    // The terminal gets warnings only; the file gets the rest, and only its owner reads it.
    const errLevels = err.split("\n").filter(Boolean).map((l) => (JSON.parse(l) as { level: number }).level);
    expect(errLevels.every((n) => n >= 40)).toBe(true);
    const logged = readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(logged.some((l) => l.level === 30 && /ready/.test(l.msg))).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  }, 60_000);
});

