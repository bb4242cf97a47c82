/**
 * Another process holding the database's write lock for a while, as a backup does that
 * freezes writes while it copies the files (BEGIN IMMEDIATE, copy, ROLLBACK). It tells the
 * parent "locked" once it holds the lock and "released" when it lets go, `holdMs` later.
 *
 * Run with `node --import tsx` and an IPC channel; argv: database, holdMs.
 */
import Database from "better-sqlite3";

const [path, hold] = process.argv.slice(2);
if (!path || !hold) throw new Error("usage: db-locker <database> <holdMs>");

const db = new Database(path, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
db.exec("BEGIN IMMEDIATE");
process.send?.("locked");
setTimeout(() => {
  db.exec("ROLLBACK");
  db.close();
  process.send?.("released", () => process.exit(0));
}, Number(hold));
