/**
 * Stored progress reports. A newer report for the same agency, task and period supersedes
 * the older one (history kept); saving is one transaction, and a report carrying the same
 * channel message reference as an earlier one is that earlier one, so a replayed
 * confirmation never stores twice.
 */
import { clean } from "../text/normalize.js";
import { type SQL, and, asc, desc, eq, gt, isNotNull, isNull, ne } from "drizzle-orm";
import { durably, type Db } from "../db/connection.js";
import * as t from "../db/schema.js";
import type { Report } from "./types.js";

export type NewReport = Omit<Report, "id">;

function toReport(r: typeof t.reports.$inferSelect): Report {
  return {
    id: r.id,
    agency: r.agencyCode,
    task: r.taskId,
    period: r.period,
    status: r.status,
    results: r.results,
    figures: r.figures,
    difficulties: r.difficulties,
    proposals: r.proposals,
    evidence: r.evidence,
    contactId: r.contactId,
    channel: r.channel,
    messageRef: r.messageRef,
    reportedAt: r.reportedAt,
  };
}

export function saveReport(db: Db, planId: number, report: NewReport): { report: Report; duplicate: boolean } {
  // IMMEDIATE takes the write lock before the first read: a deferred transaction that read
  // first fails at once with SQLITE_BUSY (no busy_timeout wait) when another process (the CLI,
  // a second bot) commits in between.
  return durably(db, () =>
    db.transaction((tx) => {
      if (report.messageRef !== null) {
        const earlier = tx
          .select()
          .from(t.reports)
          .where(and(eq(t.reports.channel, report.channel), eq(t.reports.messageRef, report.messageRef)))
          .get();
        if (earlier) return { report: toReport(earlier), duplicate: true };
      }
      const row = tx
        .insert(t.reports)
        .values({
          planId,
          agencyCode: report.agency,
          taskId: report.task,
          period: report.period,
          status: report.status,
          // Whatever the entry (chat, letter, model), stored text is clean: documents are XML.
          results: clean(report.results),
          figures: report.figures.map(clean),
          difficulties: report.difficulties.map(clean),
          proposals: report.proposals.map(clean),
          evidence: report.evidence.map((e) => ({ ...e, ref: clean(e.ref) })),
          contactId: report.contactId,
          channel: report.channel,
          messageRef: report.messageRef,
          reportedAt: report.reportedAt,
        })
        .returning()
        .get();
      const sameKey = and(
        eq(t.reports.planId, planId),
        eq(t.reports.agencyCode, report.agency),
        eq(t.reports.taskId, report.task),
        eq(t.reports.period, report.period),
        isNull(t.reports.supersededBy),
        ne(t.reports.id, row.id),
      );
      // The current report is the latest by its own time: a letter entered now with an earlier
      // date goes into the history under the report that is newer than it.
      const newer = tx.select().from(t.reports).where(and(sameKey, gt(t.reports.reportedAt, row.reportedAt))).get();
      if (newer) {
        const kept = tx.update(t.reports).set({ supersededBy: newer.id }).where(eq(t.reports.id, row.id)).returning().get();
        return { report: toReport(kept), duplicate: false };
      }
      tx.update(t.reports).set({ supersededBy: row.id }).where(sameKey).run();
      return { report: toReport(row), duplicate: false };
    }, { behavior: "immediate" }),
  );
}

export interface ReportFilter {
  agency?: string;
  task?: string;
  period?: string;
  /** Include superseded reports (the history), oldest first. */
  history?: boolean;
}

/** The newest `limit` superseded reports (oldest of them first): the recent history, bounded. */
export function recentlySuperseded(db: Db, planId: number, limit: number, filter: Pick<ReportFilter, "agency"> = {}): Report[] {
  const where: SQL[] = [eq(t.reports.planId, planId), isNotNull(t.reports.supersededBy)];
  if (filter.agency) where.push(eq(t.reports.agencyCode, filter.agency));
  return db
    .select()
    .from(t.reports)
    .where(and(...where))
    .orderBy(desc(t.reports.reportedAt), desc(t.reports.id))
    .limit(limit)
    .all()
    .reverse()
    .map(toReport);
}

/**
 * The current reports without what they say (results, figures, difficulties, proposals and
 * evidence left empty): for a view of who reported which status when, as /tiendo is. Reading a
 * province's twenty thousand whole rows was most of its time.
 */
export function currentStatuses(db: Db, planId: number): Report[] {
  const r = t.reports;
  return db
    .select({ id: r.id, agency: r.agencyCode, task: r.taskId, period: r.period, status: r.status, contactId: r.contactId, channel: r.channel, messageRef: r.messageRef, reportedAt: r.reportedAt })
    .from(r)
    .where(and(eq(r.planId, planId), isNull(r.supersededBy)))
    .orderBy(asc(r.reportedAt), asc(r.id))
    .all()
    .map((row) => ({ ...row, results: "", figures: [], difficulties: [], proposals: [], evidence: [] }));
}

export function listReports(db: Db, planId: number, filter: ReportFilter = {}): Report[] {
  const where: SQL[] = [eq(t.reports.planId, planId)];
  if (filter.agency) where.push(eq(t.reports.agencyCode, filter.agency));
  if (filter.task) where.push(eq(t.reports.taskId, filter.task));
  if (filter.period) where.push(eq(t.reports.period, filter.period));
  if (!filter.history) where.push(isNull(t.reports.supersededBy));
  return db
    .select()
    .from(t.reports)
    .where(and(...where))
    .orderBy(asc(t.reports.reportedAt), asc(t.reports.id))
    .all()
    .map(toReport);
}
