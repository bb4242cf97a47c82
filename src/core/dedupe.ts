import { and, eq, lt } from "drizzle-orm";
import { daysAfter } from "../time.js";
import type { Db } from "../db/connection.js";
import * as t from "../db/schema.js";

/** Whether an inbound event was handled before: platforms redeliver after timeouts and restarts. */
export function seen(db: Db, channel: string, key: string): boolean {
  const row = db.select({ key: t.inboundSeen.key }).from(t.inboundSeen).where(and(eq(t.inboundSeen.channel, channel), eq(t.inboundSeen.key, key))).get();
  return row !== undefined;
}

/**
 * Records an inbound event as handled; false when it was recorded before. A report must not
 * be read twice.
 */
export function firstSight(db: Db, channel: string, key: string, now: Date): boolean {
  const inserted = db.insert(t.inboundSeen).values({ channel, key, at: now.toISOString() }).onConflictDoNothing().run();
  return inserted.changes === 1;
}

/** Platforms redeliver within hours; a month of event keys is ample to recognise a repeat. */
export const SEEN_KEPT_DAYS = 30;

/** Drops keys too old to be redelivered, so the table does not grow with every message ever sent. */
export function forgetSeen(db: Db, now: Date): number {
  const before = daysAfter(now, -SEEN_KEPT_DAYS);
  return db.delete(t.inboundSeen).where(lt(t.inboundSeen.at, before.toISOString())).run().changes;
}
