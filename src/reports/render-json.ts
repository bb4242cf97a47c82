/**
 * The summary as the operator command prints it (`summary --format json`), in the shape the
 * issue fixes: agencies by their directory names, the as-of moment in the configured zone.
 */
import { DateTime } from "luxon";
import type { Counts, Summary } from "./compile.js";
import { nameOf } from "./naming.js";

export interface SummaryJson {
  asOf: string;
  period: string;
  counts: Counts;
  rows: {
    task: string;
    agency: string;
    period: string;
    status: string;
    reportedAt: string | null;
    daysOverdue: number | null;
  }[];
  silent: string[];
  difficulties: { agency: string; task: string; text: string }[];
  proposals: { agency: string; task: string; text: string }[];
}

export function summaryJson(s: Summary): SummaryJson {
  const name = (code: string) => nameOf(s, code);
  const raised = (list: Summary["difficulties"]) => list.map((d) => ({ agency: name(d.agency), task: d.task, text: d.text }));
  return {
    asOf: DateTime.fromISO(s.now, { zone: s.zone }).toISO()!,
    period: s.period?.id ?? String(s.year),
    counts: { ...s.counts },
    rows: s.rows.map((r) => ({
      task: r.task,
      agency: name(r.agency),
      period: r.period,
      status: r.status,
      reportedAt: r.report?.reportedAt ?? null,
      daysOverdue: r.daysOverdue,
    })),
    silent: s.silent.map(name),
    difficulties: raised(s.difficulties),
    proposals: raised(s.proposals),
  };
}
