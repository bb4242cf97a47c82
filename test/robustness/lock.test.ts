/**
 * The database file in the hands of a backup while the bot writes, over Telegram on the real
 * service. The online `backup` command copies while report conversations go on; a backup that
 * freezes writes (holds the write lock while it copies the files) makes a confirmation wait,
 * then succeed; one that holds it longer than the bot waits makes the bot apologise in
 * Vietnamese and store nothing, and the user's next press stores the report exactly once.
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { loadConversation } from "../../src/core/conversations.js";
import { obligationsOf } from "../../src/plan/obligations.js";
import { periodAt } from "../../src/plan/periods.js";
import { listReports } from "../../src/reports/store.js";
import { localDate } from "../../src/time.js";
import { telegramRig, type TelegramRig } from "./telegram.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const LOCKER = fileURLToPath(new URL("../support/db-locker.ts", import.meta.url));
const APOLOGY = /Xin lỗi, hệ thống gặp sự cố khi xử lý yêu cầu/;

let rig: TelegramRig | undefined;
let children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  children = [];
  await rig?.stop();
  rig = undefined;
});

const database = (r: TelegramRig) => join(r.dir, "kehoach.sqlite");

/** `npm run cli -- backup <file> --json`, as an operator runs it next to the service. */
function backup(r: TelegramRig, file: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "commands/index.ts", "backup", file, "--json"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: database(r), LOG_LEVEL: "warn" },
  });
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stderr })));
}

/** Another process takes the write lock and keeps it `holdMs`; resolves once it holds it. */
async function lock(r: TelegramRig, holdMs: number): Promise<{ released: Promise<void> }> {
  const child = fork(LOCKER, [database(r), String(holdMs)], { cwd: ROOT, execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  children.push(child);
  const released = new Promise<void>((resolve) => child.on("message", (m) => m === "released" && resolve()));
  await new Promise<void>((resolve, reject) => {
    child.on("message", (m) => m === "locked" && resolve());
    child.once("exit", (code) => reject(new Error(`locker exited with ${code}`)));
  });
  return { released };
}

/** A chat of an agency leading a task, brought to the confirmation of its report. */
async function atConfirmation(r: TelegramRig, chat: number, n: number): Promise<{ agency: string; results: string }> {
  const { plan, directory } = r.service.app.active();
  const leads = directory.agencies.flatMap((a) => obligationsOf(plan, directory, a.code).filter((o) => o.role === "lead").map((o) => ({ agency: a.code, task: o.task })));
  const { agency, task } = leads[(n * 3) % leads.length]!;
  r.register(agency, chat);
  const period = periodAt(task, plan.year, localDate(r.clock.now(), "Asia/Ho_Chi_Minh")).id;
  // The results say the status, so every task reaches the preview in two messages.
  const results = `Kết quả số ${n}: đã hoàn thành, tổ chức ${n + 1} hội nghị.`;
  for (const text of [`/baocao ${task.id} ${period}`, results]) await r.say(chat, text);
  return { agency, results };
}

describe("the database held by a backup while the bot writes", () => {
  it("`backup` copies while 20 reports are confirmed: no write fails, every copy whole and a prefix of the live data", async () => {
    const r = (rig = await telegramRig());
    const copies = Array.from({ length: 3 }, (_, i) => join(r.dir, `backup-${i}.sqlite`));
    const running = (async () => {
      for (const file of copies) {
        const { code, stderr } = await backup(r, file);
        expect(code, stderr).toBe(0);
      }
    })();
    for (let n = 0; n < 20; n++) {
      await atConfirmation(r, 6000 + n, n);
      expect((await r.press(6000 + n, "ok")).join()).toMatch(/Đã lưu báo cáo nhiệm vụ/);
    }
    await running;

    const { db } = r.service.app;
    const live = listReports(db, r.service.app.active().id, { history: true }).map((rep) => rep.messageRef);
    expect(live).toHaveLength(20);
    expect(r.api.deliveries.map((d) => d.text).join("\n")).not.toMatch(APOLOGY);
    let previous = 0;
    const held: number[] = [];
    for (const file of copies) {
      const copy = new Database(file, { readonly: true, fileMustExist: true });
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(copy.pragma("foreign_key_check")).toEqual([]);
      const refs = (copy.prepare("SELECT message_ref AS ref FROM reports ORDER BY id").all() as { ref: string }[]).map((x) => x.ref);
      // What a copy holds is what the bot had committed when it was taken: the first reports, in order.
      expect(refs).toEqual(live.slice(0, refs.length));
      expect(refs.length).toBeGreaterThanOrEqual(previous);
      previous = refs.length;
      held.push(refs.length);
      copy.close();
    }
    process.stdout.write(`backups while confirming: the copies hold ${held.join("/")} of 20 reports, 0 writes failed\n`);
  }, 60_000);

  it("a backup that freezes writes for 1.5 s: the confirmation waits for it, then is stored once", async () => {
    const r = (rig = await telegramRig());
    const { agency, results } = await atConfirmation(r, 6100, 1);
    await lock(r, 1_500);
    const replies = await r.press(6100, "ok");
    expect(replies.join()).toMatch(/Đã lưu báo cáo nhiệm vụ/);
    const stored = listReports(r.service.app.db, r.service.app.active().id, { agency, history: true });
    expect(stored.map((rep) => rep.results)).toEqual([results]);
  }, 30_000);

  it("a backup holding the lock longer than the bot waits: an apology, nothing half-stored, and the next press stores once", async () => {
    const r = (rig = await telegramRig());
    const { db } = r.service.app;
    const { agency, results } = await atConfirmation(r, 6200, 2);
    // The bot waits 5 s to store the update in its inbox, and 5 s more to commit the report.
    const { released } = await lock(r, 12_000);
    const refused = await r.press(6200, "ok");
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(APOLOGY);
    expect(listReports(db, r.service.app.active().id, { agency, history: true })).toEqual([]);
    expect(loadConversation(db, { channel: "telegram", chatId: "6200", userId: "6200" })).toMatchObject({ kind: "report", step: "confirm" });
    await released;
    expect((await r.press(6200, "ok")).join()).toMatch(/Đã lưu báo cáo nhiệm vụ/);
    expect(listReports(db, r.service.app.active().id, { agency, history: true }).map((rep) => rep.results)).toEqual([results]);
    expect(db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
  }, 40_000);
});
