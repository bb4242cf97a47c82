/**
 * The Zalo channel's status as the running service last wrote it: `zalo status` runs in
 * another process, and a file beside the credentials is what both can reach without the
 * network. A status not renewed within STALE_MS means the service is not running.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Logger } from "../../log.js";
import type { ZaloStatus } from "./channel.js";

export interface StatusRecord extends ZaloStatus {
  updatedAt: string;
}

/** The service writes every WRITE_MS; two missed writes and more mean it is not running. */
export const WRITE_MS = 30_000;
export const STALE_MS = 2 * 60_000;

export function statusPath(credentialsFile: string): string {
  return join(dirname(credentialsFile), "zalo-status.json");
}

/** Written whole and renamed into place: a reader never sees half a file. */
export function writeStatus(file: string, status: ZaloStatus, now: Date): void {
  const record: StatusRecord = { ...status, updatedAt: now.toISOString() };
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/**
 * Writes the status now and every WRITE_MS until the returned stop, which writes it a last time.
 * A failed write is logged: the status is for the operator, never a reason to stop the bot.
 */
export function keepStatus(file: string, status: () => ZaloStatus, log: Logger): () => void {
  const write = () => {
    try {
      writeStatus(file, status(), new Date());
    } catch (err) {
      log.warn({ err, file }, "Zalo status not written");
    }
  };
  write();
  const timer = setInterval(write, WRITE_MS).unref();
  return () => {
    clearInterval(timer);
    write();
  };
}

export function readStatus(file: string): StatusRecord | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as StatusRecord;
  } catch {
    return undefined;
  }
}

export function isRunning(record: StatusRecord, now: Date): boolean {
  return now.getTime() - Date.parse(record.updatedAt) <= STALE_MS && record.state !== "stopped" && record.state !== "expired";
}
