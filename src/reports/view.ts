/**
 * The summaries in chat (SummaryView of the core): `/tonghop [kỳ] [nv <nhiệm vụ>] [dv <cơ quan>]`
 * and `/tiendo` for admins, and the scheduled digests. An admin's overview carries the draft
 * report (DOCX) and the spreadsheet (XLSX); a focal point sees only its own agency, never
 * another agency's reports.
 */
import { shorten } from "../text/shorten.js";
import type { Db } from "../db/connection.js";
import type { ActivePlan, SummaryView } from "../core/turn.js";
import type { Choice, OutgoingMessage } from "../core/messages.js";
import type { Signer } from "../config.js";
import type { Llm } from "../llm/client.js";
import type { Asker } from "../llm/types.js";
import type { Logger } from "../log.js";
import { activeContacts } from "../core/contacts.js";
import { draftAssessment } from "./assessment.js";
import { compileSummary, type Summary, type SummaryFilter } from "./compile.js";
import { missingReports, type DueDigest } from "./digest.js";
import { agencyDetailText, agencyListText, agencyRanking, CHAT_LIMIT, currentStanding, deadlineDigestText, overviewText, progressText, taskDetailText, weeklyDigestText } from "./render-text.js";
import { resolveRequest } from "./request.js";
import { currentStatuses, listReports, recentlySuperseded } from "./store.js";
import { R } from "./texts.js";
import { HISTORY_ROWS, type Report } from "./types.js";
import { daysBetween } from "../time.js";

export interface SummaryDeps {
  db: Db;
  active(): ActivePlan;
  zone: string;
  /** Drafts section II of the DOCX; absent, the section is assembled verbatim. */
  llm?: Llm;
  log?: Logger;
  /** Who signs the DOCX, as the operator configured it. */
  signer?: Signer;
}

export interface SummaryService extends SummaryView {
  /** The message a due digest sends to every admin. */
  digest(due: DueDigest, now: Date): OutgoingMessage[];
}

const DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const AGENCY_BUTTONS = 20;

/** What a summary reads: statuses only (/tiendo), the current reports, or those and the recent history. */
type Need = "statuses" | "current" | "documents";

/**
 * The requests whose answer carries the documents: an admin's (or the operator's) summary of
 * everything, the last branch of overview() below. They are the heavy ones (services.ts sends
 * them to the documents thread).
 */
export function makesDocuments(args: Parameters<SummaryView["overview"]>[0]): boolean {
  return args.asker.role !== "focal" && args.task === undefined && args.agency === undefined;
}

export function createSummaryView(deps: SummaryDeps): SummaryService {
  const { db, zone } = deps;

  /**
   * The reports a summary as at `now` needs: the current ones (without their text for a view of
   * statuses only), and for the documents the newest of the history (all the spreadsheet lists).
   * A province's year is a hundred thousand reports, and reading them all was most of /tiendo and
   * of an admin's /tonghop. A current report dated after `now` (the clock set back, as in a demo)
   * means the current ones are not those of `now`: then all are read.
   */
  function reportsAt(planId: number, now: Date, agency: string | undefined, need: Need): Report[] {
    const filter = agency ? { agency } : {};
    const current = need === "statuses" && !agency ? currentStatuses(db, planId) : listReports(db, planId, filter);
    if (current.some((r) => Date.parse(r.reportedAt) > now.getTime())) return listReports(db, planId, { ...filter, history: true });
    return need === "documents" ? [...recentlySuperseded(db, planId, HISTORY_ROWS, filter), ...current] : current;
  }

  function compile(now: Date, filter: SummaryFilter = {}, need: Need = "current"): Summary {
    const { id, plan, directory } = deps.active();
    return compileSummary({ plan, directory, reports: reportsAt(id, now, filter.agency, need), now, zone, filter });
  }

  function command(filter: SummaryFilter, extra = ""): string {
    return ["/tonghop", filter.period?.id, extra].filter(Boolean).join(" ");
  }

  function focal(asker: Asker, filter: SummaryFilter, now: Date): OutgoingMessage[] {
    if (!asker.agency) return [{ text: R.noAgency }];
    if (filter.agency !== undefined && filter.agency !== asker.agency) return [{ text: R.focalOtherAgency }];
    const s = compile(now, { ...filter, agency: asker.agency });
    const prefix = `${R.focalRefused}\n\n`;
    return [{ text: prefix + agencyDetailText(s, asker.agency, R.focalFooter, CHAT_LIMIT - prefix.length) }];
  }

  async function overview(filter: SummaryFilter, now: Date): Promise<OutgoingMessage[]> {
    const s = compile(now, filter, filter.task === undefined && filter.agency === undefined ? "documents" : "current");
    const back: Choice[] = [{ label: R.summaryButton, value: command({ ...(filter.period ? { period: filter.period } : {}) }) }];
    if (filter.task !== undefined) return [{ text: taskDetailText(s, s.tasks[0]!), choices: back }];
    if (filter.agency !== undefined) return [{ text: agencyDetailText(s, filter.agency, R.detailFooter), choices: back }];

    // Short labels only, so Telegram lays the buttons out three to a row.
    const choices: Choice[] = [
      ...s.tasks.map((t) => ({ key: t.task.id, label: R.taskButton(t.task.id), value: command(filter, `nv ${t.task.id}`) })),
      { label: R.agenciesButton, value: command(filter, "dv") },
    ];
    const stem = `${s.period?.id ?? s.year}-${s.asOf}`;
    // The document libraries are loaded when a document is first asked for, not at start.
    const [{ renderDocx }, { renderXlsx }] = await Promise.all([import("./render-docx.js"), import("./render-xlsx.js")]);
    const assessment = await draftAssessment(s, deps.llm, deps.log);
    const [docx, xlsx] = await Promise.all([renderDocx(s, { ...(assessment && { assessment }), signer: deps.signer }), renderXlsx(s)]);
    return [
      { text: overviewText(s), choices },
      { text: R.docxCaption, file: { name: `bao-cao-ket-qua-${stem}.docx`, mime: DOCX_MIME, data: docx } },
      { text: R.xlsxCaption, file: { name: `tong-hop-tien-do-${stem}.xlsx`, mime: XLSX_MIME, data: xlsx } },
    ];
  }

  /** The agencies to pick one from, the least advanced first. */
  function agencyList(filter: SummaryFilter, now: Date): OutgoingMessage[] {
    const s = compile(now, filter);
    const ranked = agencyRanking(s);
    return [
      {
        text: agencyListText(s, ranked),
        choices: ranked.slice(0, AGENCY_BUTTONS).map((a) => ({ label: shorten(a.name, 40), value: command(filter, `dv ${a.code}`) })),
      },
    ];
  }

  const next: Choice[] = [
    { label: R.summaryButton, value: "/tonghop" },
    { label: R.progressButton, value: "/tiendo" },
  ];

  return {
    async overview({ asker, now, ...request }) {
      const { plan, directory } = deps.active();
      const filter = resolveRequest(plan, directory, request);
      if ("error" in filter) return [{ text: filter.error }];
      if (asker.role === "focal") return focal(asker, filter, now);
      if (request.agency === "") return agencyList(filter, now);
      return overview(filter, now);
    },

    progress({ now }) {
      const registered = new Set(activeContacts(deps.db).map((c) => c.agencyCode));
      const s = compile(now, {}, "statuses");
      const standing = currentStanding(s);
      const remindable = standing.owing.some((o) => registered.has(o.code));
      return [{ text: progressText(s, registered, standing), choices: [next[0]!, ...(remindable ? [{ label: R.nudgeButton, value: "/tiendo nhac" }] : [])] }];
    },

    owing({ now }) {
      return currentStanding(compile(now, {}, "statuses")).owing.map((o) => o.code);
    },

    digest(due, now) {
      const s = compile(now);
      if (due.kind === "weekly" || !due.deadline) return [{ text: weeklyDigestText(s), choices: next }];
      const { plan, directory } = deps.active();
      const missing = missingReports(plan, directory, due.deadline, s.reports, zone).map((a) => a.name);
      const daysLeft = daysBetween(s.asOf, due.deadline.date);
      return [{ text: deadlineDigestText(s, due.deadline, missing, daysLeft), choices: next }];
    },
  };
}
