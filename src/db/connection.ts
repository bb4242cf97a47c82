import { chmodSync, closeSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema.js";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const MIGRATIONS = fileURLToPath(new URL("../../migrations", import.meta.url));

/**
 * Opens (creating if needed) the database and brings its schema up to date, so upgrading the
 * bot is just restarting it. WAL lets the CLI and `backup` read while the bot writes;
 * NORMAL sync is crash-safe in WAL mode, and the writes a user is told about go through
 * durably(); busy_timeout rides over the short locks a concurrent backup or CLI write takes.
 */
export function openDb(path: string): Db {
  if (path !== ":memory:") {
    // Reports and contacts are private: the folder 0700, the file 0600 (SQLite gives its -wal
    // and -shm files the database's own mode), whatever the umask.
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(path, "a", 0o600));
    chmodSync(path, 0o600);
  }
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  cacheStatements(sqlite);
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS });
  return db;
}

/** Statements kept prepared: enough for every query the bot runs, bounded for generated SQL. */
const STATEMENTS_KEPT = 500;

/**
 * drizzle prepares every query anew, and preparing was the largest single cost of handling a
 * message (a sixth of the CPU in the inbound bench). The same SQL text gets the same statement
 * back, in the row mode a new one would have: drizzle switches statements to raw rows itself.
 */
function cacheStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const kept = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = kept.get(source);
    if (statement) {
      kept.delete(source);
      if (statement.reader) statement.raw(false);
    } else {
      statement = prepare(source);
      if (kept.size >= STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
    }
    kept.set(source, statement);
    return statement;
  }) as Database.Database["prepare"];
}

/**
 * Runs a write the user is told about (a confirmed report, a registration) with a full sync,
 * so it survives a power cut and not only a crash; in WAL mode that sync also makes every
 * earlier commit durable. Other writes (dedupe marks, conversation steps) commit with NORMAL
 * sync: after a power cut the worst case is a step asked again, never a lost report.
 */
export function durably<T>(db: Db, write: () => T): T {
  // Inside a transaction the level cannot change: whoever opened it chose it (the brain's
  // commit of a confirmed report is itself durable).
  if (db.$client.inTransaction) return write();
  db.$client.pragma("synchronous = FULL");
  try {
    return write();
  } finally {
    db.$client.pragma("synchronous = NORMAL");
  }
}
