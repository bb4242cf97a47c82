/**
 * The reminder delivery log (reminder_log) and what the policy reads from the database.
 *
 * A row's life: written 'pending' before the first send; each try is claimed first
 * (attempts + 1, error cleared) and settled after ('sent', or the error kept for a later
 * try, or 'failed'). So a pending row tells what happened to it: attempts 0, never tried;
 * an error, the last try failed; neither, a try was under way when the process stopped and
 * the message may have gone out, so it is never tried again (at most once, never twice).
 * Transactions take the write lock at once ("immediate"): the bot and an operator's `remind`
 * then wait for each other on the busy timeout instead of failing halfway.
 */
import { and, eq, inArray, isNotNull, isNull, lt } from "drizzle-orm";
import type { Db } from "../db/connection.js";
import * as t from "../db/schema.js";
import type { ReportFact } from "./policy.js";

export type LogRow = typeof t.reminderLog.$inferSelect;
export type NewLogRow = Pick<LogRow, "key" | "kind" | "agencyCode" | "contactId" | "taskId" | "period" | "deadline" | "dueAt">;

/** Why a row was closed without being sent. */
export const MISSED = "missed: due more than the catch-up window ago";
export const SUPERSEDED = "superseded: a later reminder of the same item went out in the same pass";
export const INTERRUPTED = "interrupted: a send was under way when the process stopped; not repeated";

export function logRow(db: Db, key: string): LogRow | undefined {
  return db.select().from(t.reminderLog).where(eq(t.reminderLog.key, key)).get();
}

/**
 * Writes rows 'pending' (to be sent) and rows 'skipped' with their reason, in one transaction;
 * a row already there is left as it is.
 */
export function insertRows(db: Db, rows: { pending?: NewLogRow[]; skipped?: { row: NewLogRow; reason: string }[] }, now: Date): void {
  const at = now.toISOString();
  const values = [
    ...(rows.pending ?? []).map((r) => ({ ...r, state: "pending" as const, attempts: 0, updatedAt: at })),
    ...(rows.skipped ?? []).map(({ row, reason }) => ({ ...row, state: "skipped" as const, attempts: 0, error: reason, updatedAt: at })),
  ];
  if (values.length === 0) return;
  db.transaction(
    (tx) => {
      for (const v of values) tx.insert(t.reminderLog).values(v).onConflictDoNothing().run();
    },
    { behavior: "immediate" },
  );
}

/**
 * Takes the next try of a row that has `attempts` tries behind it and none under way. Only
 * one process wins a try, so the bot and an operator's `remind` never send one row twice.
 */
export function claimAttempt(db: Db, key: string, attempts: number, now: Date): boolean {
  const result = db
    .update(t.reminderLog)
    .set({ attempts: attempts + 1, error: null, updatedAt: now.toISOString() })
    .where(
      and(
        eq(t.reminderLog.key, key),
        eq(t.reminderLog.state, "pending"),
        eq(t.reminderLog.attempts, attempts),
        attempts === 0 ? undefined : isNotNull(t.reminderLog.error),
      ),
    )
    .run();
  return result.changes === 1;
}

export function markSent(db: Db, key: string, now: Date): void {
  db.update(t.reminderLog).set({ state: "sent", error: null, updatedAt: now.toISOString() }).where(eq(t.reminderLog.key, key)).run();
}

/** Records a failed try: the row stays pending for a later try unless `final`. */
export function markError(db: Db, key: string, error: string, final: boolean, now: Date): void {
  db.update(t.reminderLog)
    .set({ ...(final ? { state: "failed" as const } : {}), error: error.slice(0, 500), updatedAt: now.toISOString() })
    .where(eq(t.reminderLog.key, key))
    .run();
}

/**
 * Closes the pending rows due before `before` (the catch-up window's start): never tried,
 * skipped as missed; tried and failed, failed; a try under way when a process stopped,
 * failed as interrupted. Returns how many rows it closed.
 */
export function closeStale(db: Db, before: Date, now: Date): number {
  const stale = and(eq(t.reminderLog.state, "pending"), lt(t.reminderLog.dueAt, before.toISOString()));
  const at = now.toISOString();
  return db.transaction((tx) => {
    const skipped = tx
      .update(t.reminderLog)
      .set({ state: "skipped", error: MISSED, updatedAt: at })
      .where(and(stale, eq(t.reminderLog.attempts, 0)))
      .run().changes;
    const failed = tx
      .update(t.reminderLog)
      .set({ state: "failed", updatedAt: at })
      .where(and(stale, isNotNull(t.reminderLog.error)))
      .run().changes;
    const interrupted = tx
      .update(t.reminderLog)
      .set({ state: "failed", error: INTERRUPTED, updatedAt: at })
      .where(stale)
      .run().changes;
    return skipped + failed + interrupted;
  }, { behavior: "immediate" });
}

/** The rows sent to a contact. */
export function sentTo(db: Db, contactId: number): LogRow[] {
  return db
    .select()
    .from(t.reminderLog)
    .where(and(eq(t.reminderLog.contactId, contactId), eq(t.reminderLog.state, "sent")))
    .all();
}

/** The reports and pauses the policy needs, as the database holds them now. */
/**
 * What the policy reads besides the plan: the current reports' five columns, not whole rows
 * (every reminder pass and every /nhacnho read this), of the given agencies only when asked.
 */
export function policyState(db: Db, planId: number, agencies?: readonly string[]): { reports: ReportFact[]; agencyPauses: Map<string, string> } {
  const r = t.reports;
  const reports = db
    .select({ agency: r.agencyCode, task: r.taskId, period: r.period, status: r.status, reportedAt: r.reportedAt })
    .from(r)
    .where(and(eq(r.planId, planId), isNull(r.supersededBy), agencies ? inArray(r.agencyCode, [...agencies]) : undefined))
    .all();
  const agencyPauses = new Map(
    db
      .select({ code: t.agencies.code, until: t.agencies.pausedUntil })
      .from(t.agencies)
      .where(isNotNull(t.agencies.pausedUntil))
      .all()
      .map((r) => [r.code, r.until!] as const),
  );
  return { reports, agencyPauses };
}
