import { lt } from "drizzle-orm";
import type { Db } from "../db/connection.js";
import * as t from "../db/schema.js";

/**
 * Records an inbound event; false when it was seen before. Platforms redeliver after
 * timeouts and restarts, and a report must not be read twice.
 */
export function firstSight(db: Db, channel: string, key: string, now: Date): boolean {
  const inserted = db.insert(t.inboundSeen).values({ channel, key, at: now.toISOString() }).onConflictDoNothing().run();
  return inserted.changes === 1;
}

/** Keys older than a month can no longer be redelivered; dropping them keeps the table small. */
export function forgetSeen(db: Db, before: Date): void {
  db.delete(t.inboundSeen).where(lt(t.inboundSeen.at, before.toISOString())).run();
}
