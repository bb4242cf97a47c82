import { type ChildProcess, fork, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { DateTime } from "luxon";
import cron from "node-cron";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { BUNDLED_PLAN, ConfigError, loadConfig } from "../../src/config.js";
import {
  backupDatabase,
  backupName,
  backupsToDelete,
  backupStem,
  latestBackupDate,
  runDailyBackup,
  scheduleDailyBackup,
} from "../../src/db/backup.js";
import { openDb } from "../../src/db/connection.js";
import * as t from "../../src/db/schema.js";
import { Directory } from "../../src/plan/directory.js";
import { parsePlan } from "../../src/plan/parse.js";
import { periodsOf } from "../../src/plan/periods.js";
import { importPlan, syncDirectory } from "../../src/plan/store.js";
import { saveReport, type NewReport } from "../../src/reports/store.js";
import type { WriterOutcome } from "../support/db-writer.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const WRITER = fileURLToPath(new URL("../support/db-writer.ts", import.meta.url));
const ZONE = "Asia/Ho_Chi_Minh";

/** Where the writer and the bot file their reports: two keys, so each has its own supersede chain. */
interface Keys {
  planId: number;
  writer: { agency: string; task: string; period: string };
  bot: { agency: string; task: string; period: string };
}

let work: string;
let template: string;
let keys: Keys;

/**
 * A database as the running bot has it: directory, the plan, and enough earlier reports
 * (about 60 MB) that copying it takes a while. Built once; each test works on its own copy.
 */
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "kehoach-backup-"));
  template = join(work, "template.sqlite");
  const db = openDb(template);
  const directory = Directory.load();
  syncDirectory(db, directory);
  const plan = parsePlan(readFileSync(BUNDLED_PLAN, "utf8"), directory);
  const planId = importPlan(db, plan, { name: "plan.txt", text: "" }, directory);
  const dated = plan.tasks.filter((task) => task.recurrence !== "continuous" && task.deadlines.length > 0);
  const keyOf = (i: number) => {
    const task = dated[i]!;
    return { agency: directory.expand(task.lead)[0]!.code, task: task.id, period: periodsOf(task, plan.year)[0]!.id };
  };
  keys = { planId, writer: keyOf(0), bot: keyOf(1) };
  const filler = "Kết quả thực hiện: tổ chức tuyên truyền, đăng tải tin bài, ảnh trên Cổng thông tin điện tử. ".repeat(20);
  db.transaction((tx) => {
    for (let i = 0; i < 15_000; i++) {
      tx.insert(t.reports)
        .values({ planId, agencyCode: keys.writer.agency, taskId: "lich-su", period: `p${i}`, status: "hoan_thanh", results: filler, figures: [], difficulties: [], proposals: [], evidence: [], channel: "cli", messageRef: null, reportedAt: "2024-01-02T03:04:05.000Z" })
        .run();
    }
  });
  db.$client.close();
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

let dir: string;
let children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  children = [];
});

function freshDir(): string {
  dir = mkdtempSync(join(work, "case-"));
  return dir;
}

function botDatabase(): string {
  const path = join(freshDir(), "kehoach.sqlite");
  copyFileSync(template, path);
  return path;
}

function report(key: Keys["bot"], ref: string): NewReport {
  return { ...key, status: "hoan_thanh", results: "Đã tổ chức 2 hội nghị.", figures: ["2 hội nghị"], difficulties: [], proposals: [], evidence: [], contactId: null, channel: "zalo", messageRef: ref, reportedAt: new Date().toISOString() };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The writer process, started and past its first committed report. */
async function startWriter(path: string, prefix: string): Promise<{ child: ChildProcess; stop(): Promise<WriterOutcome> }> {
  const { agency, task, period } = keys.writer;
  const child = fork(WRITER, [path, String(keys.planId), agency, task, period, prefix], { cwd: ROOT, execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`writer exited with ${code}`)));
  });
  return {
    child,
    stop: () =>
      new Promise<WriterOutcome>((resolve) => {
        child.on("message", (m) => {
          if (typeof m === "object") resolve(m as unknown as WriterOutcome);
        });
        child.send("stop");
      }),
  };
}

/** `npm run cli -- backup <file> --json` against the database, as an operator runs it. */
function cliBackup(database: string, file: string): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ["--import", "tsx", "commands/index.ts", "backup", file, "--json"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: database, LOG_LEVEL: "warn" },
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return { child, done: new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr }))) };
}

function readOnly(path: string): Database.Database {
  return new Database(path, { readonly: true, fileMustExist: true });
}

function integrity(sqlite: Database.Database): unknown {
  return sqlite.pragma("integrity_check", { simple: true });
}

/** References of the stored reports with this prefix, in commit order. */
function refs(sqlite: Database.Database, prefix: string): string[] {
  return sqlite
    .prepare("SELECT message_ref AS ref FROM reports WHERE message_ref LIKE ? ORDER BY id")
    .all(`${prefix}-%`)
    .map((r) => (r as { ref: string }).ref);
}

/**
 * What a consistent snapshot of a report chain looks like: the first n commits, each report
 * superseded by the next, only the last one current. A copy torn across a transaction breaks it.
 */
function expectWholeChain(sqlite: Database.Database, prefix: string): number {
  const rows = sqlite
    .prepare("SELECT id, message_ref AS ref, superseded_by AS next FROM reports WHERE message_ref LIKE ? ORDER BY id")
    .all(`${prefix}-%`) as { id: number; ref: string; next: number | null }[];
  expect(rows.map((r) => r.ref)).toEqual(rows.map((_, i) => `${prefix}-${i}`));
  rows.forEach((r, i) => expect(r.next).toBe(i + 1 < rows.length ? rows[i + 1]!.id : null));
  return rows.length;
}

/** Every table's rows, hashed in primary order: two databases with equal digests hold the same data. */
function digest(sqlite: Database.Database): Record<string, string> {
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => {
      const hash = createHash("sha256");
      for (const row of sqlite.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).iterate()) hash.update(JSON.stringify(row));
      return [name, hash.digest("hex")];
    }),
  );
}

describe("backupDatabase", () => {
  it("copies a database another process keeps writing to: a valid file with every row committed before it started", async () => {
    const path = botDatabase();
    const writer = await startWriter(path, "w");
    const db = openDb(path);
    for (let i = 0; i < 20; i++) saveReport(db, keys.planId, report(keys.bot, `bot-${i}`));
    // Let the writer commit more, then take the copy on this (the bot's) connection, as the daily job does.
    while (refs(db.$client, "w").length < 50) await tick();
    const committed = refs(db.$client, "w");

    const result = await backupDatabase(db.$client, join(dir, "copy.sqlite"));
    const outcome = await writer.stop();

    expect(outcome.errors).toEqual([]);
    expect(result).toEqual({ file: join(dir, "copy.sqlite"), bytes: statSync(join(dir, "copy.sqlite")).size, pages: expect.any(Number) });
    expect(result.bytes).toBeGreaterThan(20_000_000);
    const copy = readOnly(result.file);
    expect(integrity(copy)).toBe("ok");
    expect(copy.pragma("journal_mode", { simple: true })).toBe("delete");
    const copied = expectWholeChain(copy, "w");
    expect(refs(copy, "w").slice(0, committed.length)).toEqual(committed);
    expect(copied).toBeLessThanOrEqual(outcome.written);
    expect(refs(copy, "bot")).toHaveLength(20);
    expect((copy.prepare("SELECT count(*) AS n FROM reports WHERE task_id = 'lich-su'").get() as { n: number }).n).toBe(15_000);
    copy.close();

    // Nothing the writer committed is lost in the live database either.
    expect(refs(db.$client, "w")).toHaveLength(outcome.written);
    expect(integrity(db.$client)).toBe("ok");
    db.$client.close();
    expect(statSync(result.file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(["copy.sqlite", "kehoach.sqlite"]);
  });

  it("lets the bot write while `backup` holds the file: no write fails, the copy is whole", async () => {
    const path = botDatabase();
    const db = openDb(path);
    const target = join(dir, "backups", "kehoach.sqlite");
    const partial = `${target}.tmp`;
    const cli = cliBackup(path, target);
    let finished = false;
    void cli.done.then(() => (finished = true));

    // The bot's loop: a confirmed report per turn until the command exits, noting the reports
    // committed before the copy began and the turns that began and ended while it was written.
    let written = 0;
    let committedBefore = 0;
    let started = false;
    let during = 0;
    const errors: unknown[] = [];
    while (!finished) {
      const copying = existsSync(partial);
      try {
        saveReport(db, keys.planId, report(keys.bot, `bot-${written}`));
        written += 1;
      } catch (e) {
        errors.push(e);
      }
      const stillCopying = existsSync(partial);
      started ||= copying || stillCopying;
      if (!started) committedBefore = written;
      if (copying && stillCopying) during += 1;
      await tick();
    }
    const { code, stdout, stderr } = await cli.done;

    expect(errors).toEqual([]);
    expect(code, stderr).toBe(0);
    expect(during).toBeGreaterThan(0);
    const printed = JSON.parse(stdout) as { file: string; bytes: number; pages: number };
    expect(printed).toEqual({ file: target, bytes: statSync(target).size, pages: expect.any(Number) });

    const copy = readOnly(target);
    expect(printed.pages * (copy.pragma("page_size", { simple: true }) as number)).toBe(printed.bytes);
    expect(integrity(copy)).toBe("ok");
    const copied = expectWholeChain(copy, "bot");
    expect(copied).toBeGreaterThanOrEqual(committedBefore);
    expect(committedBefore).toBeGreaterThan(0);
    expect(copied).toBeLessThan(written);
    copy.close();
    expect(existsSync(partial)).toBe(false);
    expect(expectWholeChain(db.$client, "bot")).toBe(written);
    expect(integrity(db.$client)).toBe("ok");
    db.$client.close();
  });

  it("refuses to write over the live database or its WAL, and replaces an older copy whole", async () => {
    const path = botDatabase();
    const db = openDb(path);
    for (const target of [path, `${path}-wal`, `${path}-shm`]) {
      await expect(backupDatabase(db.$client, target)).rejects.toThrow(/live database/);
    }
    const target = join(dir, "copy.sqlite");
    writeFileSync(target, "an older copy");
    saveReport(db, keys.planId, report(keys.bot, "bot-0"));
    await backupDatabase(db.$client, target);
    expect(refs(db.$client, "bot")).toEqual(["bot-0"]);
    db.$client.close();
    const copy = readOnly(target);
    expect(refs(copy, "bot")).toEqual(["bot-0"]);
    copy.close();
    const live = readOnly(path);
    expect(integrity(live)).toBe("ok");
    live.close();
  });

  it("`backup` prints what it wrote, and fails with one line when the database is missing", async () => {
    const path = botDatabase();
    const target = join(dir, "copy.sqlite");
    const text = spawnText(["backup", target], path);
    const missing = spawnText(["backup", target], join(dir, "missing.sqlite"));
    const usage = spawnText(["backup"], path);
    expect((await text).code, (await text).stderr).toBe(0);
    expect((await text).stdout).toContain(target);
    expect((await text).stdout).toContain("Khôi phục");
    expect(await missing).toMatchObject({ code: 1, stdout: "" });
    expect((await missing).stderr.trim().split("\n")).toHaveLength(1);
    expect(existsSync(join(dir, "missing.sqlite"))).toBe(false);
    expect((await usage).code).toBe(2);
  });
});

function spawnText(argv: string[], database: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "commands/index.ts", ...argv], { cwd: ROOT, env: { ...process.env, DATABASE_PATH: database, LOG_LEVEL: "warn" } });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

describe("restore, as the README tells it", () => {
  it("after the bot is killed mid-write: copy the backup over DATABASE_PATH, remove -wal/-shm, start", async () => {
    const path = botDatabase();
    const writer = await startWriter(path, "w");
    const backup = join(dir, "backups", "kehoach-2024-03-28.sqlite");
    const cli = await cliBackup(path, backup).done;
    expect(cli.code, cli.stderr).toBe(0);
    // The bot goes on writing after the backup, then dies without closing its database.
    const after = new Database(path, { fileMustExist: true });
    const taken = readOnly(backup);
    const atBackup = refs(taken, "w").length;
    const backupDigest = digest(taken);
    taken.close();
    while (refs(after, "w").length < atBackup + 20) await tick();
    after.close();
    writer.child.kill("SIGKILL");
    await new Promise((resolve) => writer.child.once("exit", resolve));
    expect(existsSync(`${path}-wal`)).toBe(true);

    // Skipping step 3 would replay the dead bot's -wal onto the restored file: not the backup.
    const skipped = join(dir, "skipped-step.sqlite");
    for (const end of ["-wal", "-shm"]) copyFileSync(`${path}${end}`, `${skipped}${end}`);
    copyFileSync(backup, skipped);
    const mixed = new Database(skipped, { fileMustExist: true });
    const seen = (() => {
      try {
        return digest(mixed);
      } catch (e) {
        return (e as { code?: string }).code;
      }
    })();
    mixed.close();
    expect(seen).not.toEqual(backupDigest);

    // 1. the service is stopped (above); 2. copy; 3. remove -wal and -shm; 4. start.
    copyFileSync(backup, path);
    rmSync(`${path}-wal`, { force: true });
    rmSync(`${path}-shm`, { force: true });
    const restored = openDb(path);

    expect(integrity(restored.$client)).toBe("ok");
    expect(digest(restored.$client)).toEqual(backupDigest);
    expect(expectWholeChain(restored.$client, "w")).toBe(atBackup);
    expect(restored.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    // The restored database takes the bot's writes again.
    expect(saveReport(restored, keys.planId, report(keys.bot, "bot-after-restore")).duplicate).toBe(false);
    restored.$client.close();
  });
});

describe("retention", () => {
  const names = [
    "kehoach-2024-03-25.sqlite",
    "kehoach-2024-03-28.sqlite",
    "kehoach-2024-03-26.sqlite",
    "kehoach-2024-03-27.sqlite",
    "kehoach-2024-02-29.sqlite",
    "kehoach-2024-03-27.sqlite.tmp",
    "kehoach-2024-03-27.sqlite.tmp-journal",
    "kehoach-2024-03-20.sqlite.tmp-wal",
    "kehoach-truoc-nang-cap.sqlite",
    "kehoach-2024-03-01.sqlite.bak",
    "other-2024-01-01.sqlite",
    "kehoach.sqlite",
    "README.txt",
  ];

  it("deletes only the oldest daily copies beyond the number kept, oldest first, and interrupted partial copies", () => {
    expect(backupsToDelete(names, "kehoach", 3)).toEqual([
      "kehoach-2024-02-29.sqlite",
      "kehoach-2024-03-25.sqlite",
      "kehoach-2024-03-20.sqlite.tmp-wal",
      "kehoach-2024-03-27.sqlite.tmp",
      "kehoach-2024-03-27.sqlite.tmp-journal",
    ]);
    expect(backupsToDelete(names, "kehoach", 1).slice(0, 4)).toEqual([
      "kehoach-2024-02-29.sqlite",
      "kehoach-2024-03-25.sqlite",
      "kehoach-2024-03-26.sqlite",
      "kehoach-2024-03-27.sqlite",
    ]);
    expect(backupsToDelete(names, "kehoach", 14)).toEqual([
      "kehoach-2024-03-20.sqlite.tmp-wal",
      "kehoach-2024-03-27.sqlite.tmp",
      "kehoach-2024-03-27.sqlite.tmp-journal",
    ]);
    expect(backupsToDelete(names, "other", 1)).toEqual([]);
    expect(backupsToDelete([], "kehoach", 1)).toEqual([]);
  });

  it("names copies after the database and the local date", () => {
    expect(backupStem("data/kehoach.sqlite")).toBe("kehoach");
    expect(backupStem("/srv/binh-dinh.2025.db")).toBe("binh-dinh.2025");
    expect(backupStem("kehoach")).toBe("kehoach");
    expect(backupName("kehoach", "2024-03-28")).toBe("kehoach-2024-03-28.sqlite");
    expect(latestBackupDate(names, "kehoach")).toBe("2024-03-28");
    expect(latestBackupDate(names, "third")).toBeUndefined();
    // A stem that looks like a pattern is taken literally.
    expect(backupsToDelete(["k.-2024-01-01.sqlite", "kx-2024-01-02.sqlite"], "k.", 0)).toEqual(["k.-2024-01-01.sqlite"]);
  });

  it("a daily run writes today's copy, then trims the folder to the newest ones, leaving other files alone", async () => {
    const path = botDatabase();
    const folder = join(dir, "backups");
    mkdirSync(folder);
    for (const name of names) writeFileSync(join(folder, name), name);
    const db = openDb(path);
    // 23:30 on 28/03 in Hà Nội is already 29/03 there, while UTC says 28/03.
    const result = await runDailyBackup(db, { dir: folder, keep: 3 }, new Date("2024-03-28T17:30:00Z"), ZONE);
    db.$client.close();

    expect(result.file).toBe(join(folder, "kehoach-2024-03-29.sqlite"));
    expect(result.deleted).toEqual([
      "kehoach-2024-02-29.sqlite",
      "kehoach-2024-03-25.sqlite",
      "kehoach-2024-03-26.sqlite",
      "kehoach-2024-03-20.sqlite.tmp-wal",
      "kehoach-2024-03-27.sqlite.tmp",
      "kehoach-2024-03-27.sqlite.tmp-journal",
    ]);
    expect(readdirSync(folder).sort()).toEqual(
      [
        "README.txt",
        "kehoach-2024-03-01.sqlite.bak",
        "kehoach-2024-03-27.sqlite",
        "kehoach-2024-03-28.sqlite",
        "kehoach-2024-03-29.sqlite",
        "kehoach-truoc-nang-cap.sqlite",
        "kehoach.sqlite",
        "other-2024-01-01.sqlite",
      ].sort(),
    );
    const copy = readOnly(result.file);
    expect(integrity(copy)).toBe("ok");
    copy.close();
  });

  it("a failed copy deletes nothing", async () => {
    const path = botDatabase();
    const folder = join(dir, "backups");
    mkdirSync(folder);
    for (const name of names) writeFileSync(join(folder, name), name);
    // Today's name is taken by a folder, so the copy cannot be renamed into place.
    mkdirSync(join(folder, "kehoach-2024-03-29.sqlite"));
    const db = openDb(path);
    await expect(runDailyBackup(db, { dir: folder, keep: 1 }, new Date("2024-03-29T01:00:00Z"), ZONE)).rejects.toThrow();
    db.$client.close();
    expect(readdirSync(folder).sort()).toEqual([...names, "kehoach-2024-03-29.sqlite"].sort());
  });
});

describe("scheduleDailyBackup", () => {
  function memoryLog() {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    return { log: pino({ level: "info" }, stream), lines };
  }

  function dailyTask() {
    return [...cron.getTasks().values()].find((task) => task.name === "daily-backup");
  }

  it("runs at 02:00 local time, and at start when the machine was off at 02:00", async () => {
    const path = botDatabase();
    const folder = join(dir, "backups");
    const db = openDb(path);
    const { log, lines } = memoryLog();
    const stop = scheduleDailyBackup(db, { dir: folder, keep: 14 }, { timezone: ZONE, log, clock: new ManualClock("2024-03-28T08:15:00+07:00") });
    const next = dailyTask()!.getNextRun()!;
    expect(DateTime.fromJSDate(next, { zone: ZONE }).toFormat("HH:mm:ss")).toBe("02:00:00");
    await stop();
    expect(dailyTask()).toBeUndefined();
    db.$client.close();

    expect(readdirSync(folder)).toEqual(["kehoach-2024-03-28.sqlite"]);
    expect(lines).toContainEqual(expect.objectContaining({ msg: "database backed up", reason: "catch-up", file: join(folder, "kehoach-2024-03-28.sqlite") }));
  });

  it("does not copy at start before 02:00 or when today's copy exists", async () => {
    const path = botDatabase();
    const folder = join(dir, "backups");
    const db = openDb(path);
    const { log, lines } = memoryLog();
    await scheduleDailyBackup(db, { dir: folder, keep: 14 }, { timezone: ZONE, log, clock: new ManualClock("2024-03-28T01:59:00+07:00") })();
    expect(existsSync(folder)).toBe(false);
    mkdirSync(folder);
    writeFileSync(join(folder, "kehoach-2024-03-28.sqlite"), "taken at 02:00");
    await scheduleDailyBackup(db, { dir: folder, keep: 14 }, { timezone: ZONE, log, clock: new ManualClock("2024-03-28T10:00:00+07:00") })();
    db.$client.close();
    expect(readFileSync(join(folder, "kehoach-2024-03-28.sqlite"), "utf8")).toBe("taken at 02:00");
    expect(lines).toEqual([]);
  });

  it("logs a failed copy and keeps going", async () => {
    const path = botDatabase();
    const folder = join(dir, "not-a-folder");
    writeFileSync(folder, "");
    const db = openDb(path);
    const { log, lines } = memoryLog();
    await scheduleDailyBackup(db, { dir: folder, keep: 14 }, { timezone: ZONE, log, clock: new ManualClock("2024-03-28T09:00:00+07:00") })();
    saveReport(db, keys.planId, report(keys.bot, "bot-0"));
    db.$client.close();
    expect(lines).toContainEqual(expect.objectContaining({ msg: "database backup failed", level: 50, dir: folder, job: "backup" }));
  });
});

describe("config.backup", () => {
  it("is off unless BACKUP_DIR is set, keeps 14 by default, and refuses a bad count", () => {
    expect(loadConfig({}).backup).toBeUndefined();
    expect(loadConfig({ BACKUP_DIR: "/var/backups/kehoach" }).backup).toEqual({ dir: "/var/backups/kehoach", keep: 14 });
    expect(loadConfig({ BACKUP_DIR: "b", BACKUP_KEEP: "30" }).backup).toEqual({ dir: "b", keep: 30 });
    for (const keep of ["0", "-1", "abc", "2.5"]) {
      expect(() => loadConfig({ BACKUP_DIR: "b", BACKUP_KEEP: keep })).toThrow(ConfigError);
    }
    expect(() => loadConfig({ BACKUP_KEEP: "0" })).toThrow(/BACKUP_KEEP/);
  });
});
