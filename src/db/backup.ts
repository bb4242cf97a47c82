/**
 * Backups: a consistent copy of the live database taken while the bot runs (the `backup`
 * command), and the daily job that writes a dated copy into a folder and keeps the newest few.
 */
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, realpathSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import { DateTime } from "luxon";
import cron from "node-cron";
import { systemClock, type Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import { localDate } from "../time.js";
import type { Db } from "./connection.js";

export type BackupConfig = NonNullable<Config["backup"]>;

export interface BackupResult {
  /** Absolute path of the copy. */
  file: string;
  bytes: number;
  pages: number;
}

export interface DailyBackupResult extends BackupResult {
  /** Older copies (and leftovers of interrupted runs) removed from the folder, by name. */
  deleted: string[];
}

/** Local hour of the daily backup: the quietest time for agencies working office hours. */
export const BACKUP_HOUR = 2;

/** sqlite3_backup_step's largest page count: the whole database in one step. */
const ALL_PAGES = 0x7fffffff;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PARTIAL = ".tmp";
/** What an interrupted copy can leave: the partial file and the journals SQLite kept beside it. */
const LEFTOVERS = ["", "-journal", "-wal", "-shm"].map((end) => PARTIAL + end);

/**
 * Copies the database behind `source` into `file` (replacing it), through SQLite's online
 * backup. The copy is written beside the target and renamed over it only once it passes
 * integrity_check, so an interrupted or failed backup never leaves a half file under the name.
 */
export async function backupDatabase(source: Database.Database, file: string): Promise<BackupResult> {
  const target = resolve(file);
  mkdirSync(dirname(target), { recursive: true });
  if (livePaths(source).includes(canonical(target))) {
    throw new Error(`tệp sao lưu trùng với cơ sở dữ liệu đang dùng / backup target is the live database: ${target}`);
  }
  const partial = target + PARTIAL;
  removeLeftovers(target);
  let pages: number;
  try {
    // One step copies every page under one read snapshot. In WAL mode a reader never blocks
    // the bot's writes, and unlike small steps it is not restarted by every write another
    // connection commits meanwhile (the CLI's case), so a busy bot cannot starve the backup.
    ({ totalPages: pages } = await source.backup(partial, { progress: () => ALL_PAGES }));
    // It holds every contact and report: readable by the service's user only, wherever it is copied.
    chmodSync(partial, 0o600);
    settle(partial);
    renameSync(partial, target);
  } catch (e) {
    removeLeftovers(target);
    throw e;
  }
  syncFolder(dirname(target));
  return { file: target, bytes: statSync(target).size, pages };
}

/**
 * The copy inherits the WAL flag of its source; a rollback journal makes it one
 * self-contained file (restoring it is one copy, opening it read-only needs no -wal/-shm),
 * and the check proves it readable before it replaces anything.
 */
function settle(file: string): void {
  const copy = new Database(file, { fileMustExist: true });
  try {
    copy.pragma("journal_mode = DELETE");
    const verdict = copy.pragma("integrity_check", { simple: true });
    if (verdict !== "ok") throw new Error(`bản sao lưu bị lỗi / backup failed integrity_check: ${String(verdict)}`);
  } finally {
    copy.close();
  }
}

function livePaths(source: Database.Database): string[] {
  if (source.memory) return [];
  const main = canonical(source.name);
  return [main, `${main}-wal`, `${main}-shm`, `${main}-journal`];
}

/** The path with symlinks resolved, for a file that may not exist yet (its folder does). */
function canonical(path: string): string {
  return existsSync(path) ? realpathSync(path) : join(realpathSync(dirname(path)), basename(path));
}

function removeLeftovers(target: string): void {
  for (const end of LEFTOVERS) rmSync(target + end, { force: true });
}

/** A rename is durable only once the folder holding it is flushed too. */
function syncFolder(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** "data/kehoach.sqlite" → "kehoach": copies of two databases sharing a folder never mix. */
export function backupStem(databaseFile: string): string {
  const name = basename(databaseFile);
  return extname(name) ? name.slice(0, -extname(name).length) : name;
}

/** The daily copy's name: "kehoach-2024-03-28.sqlite" (sorts by date). */
export function backupName(stem: string, date: string): string {
  return `${stem}-${date}.sqlite`;
}

/** The date of a daily copy of `stem`, or undefined for any other name (also partial copies). */
export function backupDate(name: string, stem: string): string | undefined {
  const prefix = `${stem}-`;
  if (!name.startsWith(prefix) || !name.endsWith(".sqlite")) return undefined;
  const date = name.slice(prefix.length, -".sqlite".length);
  return DATE.test(date) ? date : undefined;
}

/**
 * What to delete from a backup folder's listing so that the newest `keep` daily copies of
 * `stem` remain, plus partial copies an interrupted run left behind. Any other file in the
 * folder (another database's copies, a copy the operator made by hand) is never touched.
 */
export function backupsToDelete(names: readonly string[], stem: string, keep: number): string[] {
  const dated = names
    .map((name) => ({ name, date: backupDate(name, stem) }))
    .filter((b): b is { name: string; date: string } => b.date !== undefined)
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  const partial = names
    .filter((name) => LEFTOVERS.some((end) => name.endsWith(end) && backupDate(name.slice(0, -end.length), stem) !== undefined))
    .sort();
  return [...dated.slice(keep).map((b) => b.name).reverse(), ...partial];
}

/** The newest daily copy's date in the folder, or undefined when there is none. */
export function latestBackupDate(names: readonly string[], stem: string): string | undefined {
  return names.map((name) => backupDate(name, stem)).reduce<string | undefined>((a, d) => (d && (!a || d > a) ? d : a), undefined);
}

/**
 * One daily run: today's dated copy (local date in `timezone`), then the folder trimmed to
 * the newest `keep`. Trimming comes after a successful copy, so a failing backup never
 * shrinks the set of good ones.
 */
export async function runDailyBackup(db: Db, backup: BackupConfig, now: Date, timezone: string): Promise<DailyBackupResult> {
  const stem = backupStem(db.$client.name);
  const result = await backupDatabase(db.$client, join(backup.dir, backupName(stem, localDate(now, timezone))));
  const deleted = backupsToDelete(readdirSync(backup.dir), stem, backup.keep);
  for (const name of deleted) rmSync(join(backup.dir, name), { force: true });
  return { ...result, deleted };
}

/** A folder that is missing or unreadable lists as empty: the copy then runs and its failure says why. */
function listing(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export interface DailyBackupOptions {
  timezone: string;
  log: Logger;
  /** Names the copies by its date (NOW-shifted demos); the real clock by default. */
  clock?: Clock;
}

/**
 * Runs the daily backup at 02:00 local time. A machine that was off at 02:00 (an office PC
 * switched off overnight) gets today's copy at start instead. Failures are logged, never
 * thrown: a full disk must not stop the bot. The returned function stops the schedule and
 * waits for a copy in progress, so the database can be closed right after it.
 */
export function scheduleDailyBackup(db: Db, backup: BackupConfig, options: DailyBackupOptions): () => Promise<void> {
  const { timezone } = options;
  const clock = options.clock ?? systemClock;
  const log = options.log.child({ job: "backup" });
  let running: Promise<void> = Promise.resolve();

  const run = (reason: "scheduled" | "catch-up"): Promise<void> => {
    running = running.then(async () => {
      try {
        const { file, bytes, pages, deleted } = await runDailyBackup(db, backup, clock.now(), timezone);
        log.info({ reason, file, bytes, pages, deleted }, "database backed up");
      } catch (err) {
        log.error({ reason, dir: backup.dir, err: err instanceof Error ? err.message : String(err) }, "database backup failed");
      }
    });
    return running;
  };

  const task = cron.schedule(`0 ${BACKUP_HOUR} * * *`, () => run("scheduled"), {
    timezone,
    name: "daily-backup",
    logger: {
      info: (m) => log.info(m),
      warn: (m) => log.warn(m),
      error: (m) => log.error(String(m)),
      debug: (m) => log.debug(String(m)),
    },
  });

  const now = clock.now();
  const today = localDate(now, timezone);
  const latest = latestBackupDate(listing(backup.dir), backupStem(db.$client.name));
  if ((latest === undefined || latest < today) && DateTime.fromJSDate(now, { zone: timezone }).hour >= BACKUP_HOUR) {
    void run("catch-up");
  }

  return async () => {
    await task.destroy();
    await running;
  };
}
