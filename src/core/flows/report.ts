/**
 * The progress-report conversation (`/baocao`) and the confirmation of a report read from
 * free text. Each step is a pure function of the stored state and the input; the brain
 * persists the state it returns, so a restart resumes at the same step.
 */
import { createHash } from "node:crypto";
import { obligationsOf } from "../../plan/obligations.js";
import { fold } from "../../text/normalize.js";
import { periodAt, periodLabel, periodsOf } from "../../plan/periods.js";
import type { PlanTask } from "../../plan/types.js";
import { listReports, saveReport } from "../../reports/store.js";
import { REPORT_STATUSES, type Evidence, type Report, type ReportStatus } from "../../reports/types.js";
import type { Attachment, Choice } from "../messages.js";
import { agencyName } from "../commands.js";
import { STATUS_CHOICE_LABEL, T } from "../texts.js";
import type { ConversationState } from "../conversations.js";
import type { Result, Turn } from "../turn.js";

export interface Input {
  choice?: string;
  text?: string;
  attachments?: Attachment[];
}

export interface ReportDraft {
  task: string;
  period: string;
  status?: ReportStatus;
  results: string[];
  difficulties: string[];
  proposals: string[];
  figures: string[];
  evidence: Evidence[];
}

const MAX_RESULTS_CHARS = 20_000;

function state(step: string, draft: Partial<ReportDraft>, offered: Choice[]): ConversationState {
  return { kind: "report", step, data: { ...draft }, offered };
}

function ownTasks(turn: Turn): PlanTask[] {
  const { plan, directory } = turn.services.active();
  return obligationsOf(plan, directory, turn.contact!.agencyCode).map((o) => o.task);
}

function short(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1).trimEnd()}…`;
}

function repeats(task: PlanTask): boolean {
  return task.recurrence !== "once";
}

function taskById(turn: Turn, id: string): PlanTask | undefined {
  return ownTasks(turn).find((t) => t.id === id);
}

/** The period a report is for when the user does not pick one: the one containing today. */
export function defaultPeriod(turn: Turn, task: PlanTask): string {
  return periodAt(task, turn.services.active().plan.years, turn.today).id;
}

function askTask(turn: Turn, prefill: Partial<ReportDraft> = {}, lead = T.askTask): Result {
  const offered = ownTasks(turn).map((t) => ({ label: short(`${t.id}. ${t.title}`, 60), value: `t:${t.id}` }));
  if (offered.length === 0) {
    return { messages: [{ text: T.noTasks(agencyName(turn, turn.contact!.agencyCode)) }], state: null };
  }
  return { messages: [{ text: lead, choices: offered }], state: state("task", prefill, offered) };
}

function askPeriod(turn: Turn, task: PlanTask, draft: Partial<ReportDraft>, lead = T.askPeriod(task.id)): Result {
  const years = turn.services.active().plan.years;
  const all = periodsOf(task, years);
  const current = periodAt(task, years, turn.today);
  const upTo = all.findIndex((p) => p.id === current.id);
  const recent = all.slice(Math.max(0, upTo - 3), upTo + 1).reverse();
  const offered = recent.map((p) => ({ label: periodLabel(p.id), value: `p:${p.id}` }));
  return { messages: [{ text: lead, choices: offered }], state: state("period", { ...draft, task: task.id }, offered) };
}

function askStatus(draft: Partial<ReportDraft>): Result {
  const offered = REPORT_STATUSES.map((s) => ({ label: STATUS_CHOICE_LABEL[s], value: `s:${s}` }));
  return {
    messages: [{ text: T.askStatus(draft.task!, periodLabel(draft.period!)), choices: offered }],
    state: state("status", draft, offered),
  };
}

const DONE = [{ label: T.done, value: "done" }];
const NONE = [{ label: T.none, value: "none" }];
const EVIDENCE = [
  { label: T.done, value: "done" },
  { label: T.skip, value: "skip" },
];
const CONFIRM = [
  { label: T.confirm, value: "ok" },
  { label: T.edit, value: "edit" },
  { label: T.cancel, value: "cancel" },
];

/** `/baocao [task] [period]`: starts the conversation, skipping steps the arguments answer. */
export function startReport(turn: Turn, args: string[]): Result {
  const [taskArg, periodArg] = args;
  if (!taskArg) return askTask(turn);
  const task = taskById(turn, taskArg.toLowerCase());
  if (!task) return { messages: [{ text: T.notYourTask }], state: null };
  const periods = periodsOf(task, turn.services.active().plan.years);
  if (periodArg && periods.some((p) => p.id === periodArg)) return askStatus({ task: task.id, period: periodArg });
  if (repeats(task)) return askPeriod(turn, task, {});
  return askStatus({ task: task.id, period: defaultPeriod(turn, task) });
}

/** "Không", "chưa có", "không có gì": the user typed the «Không có» button's meaning. */
const NOTHING = /^(khong|khong co|chua co|khong co gi|chua|none)[.!]?$/;

const URL_RE = /\bhttps?:\/\/[^\s<>"]+/giu;

function evidenceFrom(input: Input): Evidence[] {
  const links = (input.text?.match(URL_RE) ?? []).map((ref) => ({ kind: "link" as const, ref }));
  const files = (input.attachments ?? [])
    .filter((a) => a.kind === "photo" || a.kind === "document")
    .map((a) => ({ kind: a.kind as "photo" | "document", ref: a.ref, ...(a.name ? { name: a.name } : {}), ...(a.size ? { size: a.size } : {}) }));
  return [...links, ...files];
}

function lines(text: string): string[] {
  return text
    .split(/\n+/)
    .map((l) => l.replace(/^[-+•*\s]+/, "").trim())
    .filter((l) => l.length > 0);
}

function preview(draft: ReportDraft): string {
  const parts = [
    `Nhiệm vụ ${draft.task}, ${periodLabel(draft.period)}`,
    `Tình trạng: ${STATUS_CHOICE_LABEL[draft.status!]}`,
    `Kết quả: ${draft.results.join("\n")}`,
  ];
  if (draft.figures.length) parts.push(`Số liệu: ${draft.figures.join("; ")}`);
  if (draft.difficulties.length) parts.push(`Khó khăn, vướng mắc: ${draft.difficulties.join("; ")}`);
  if (draft.proposals.length) parts.push(`Đề xuất, kiến nghị: ${draft.proposals.join("; ")}`);
  if (draft.evidence.length) parts.push(`Minh chứng: ${draft.evidence.map((e) => e.name ?? e.ref).join("; ")}`);
  return parts.join("\n");
}

/**
 * The confirmation buttons of one draft: each value carries the draft's fingerprint, so a
 * button left on an earlier draft's message is not offered now and confirms nothing.
 */
function confirmChoices(draft: ReportDraft): Choice[] {
  const tag = createHash("sha256").update(JSON.stringify(draft)).digest("base64url").slice(0, 10);
  return CONFIRM.map((c) => ({ ...c, value: `${c.value}@${tag}` }));
}

function supersedeChoices(draft: ReportDraft): Choice[] {
  const tag = confirmChoices(draft)[0]!.value.split("@")[1];
  return [
    { label: T.append, value: `append@${tag}` },
    { label: T.replace, value: `replace@${tag}` },
    { label: T.cancel, value: `cancel@${tag}` },
  ];
}

function existingPreview(r: Report): string {
  return [r.results, ...r.difficulties.map((d) => `${T.difficultiesLabel}: ${d}`), ...r.proposals.map((p) => `${T.proposalsLabel}: ${p}`)].join("\n");
}

/** The earlier report with the new one added: its results after, every list joined, the new status. */
function appended(r: Report, draft: ReportDraft): ReportDraft {
  const join = <T,>(a: T[], b: T[]) => [...new Set([...a, ...b])];
  return {
    ...draft,
    results: [r.results, ...draft.results],
    difficulties: join(r.difficulties, draft.difficulties),
    proposals: join(r.proposals, draft.proposals),
    figures: join(r.figures, draft.figures),
    evidence: [...r.evidence, ...draft.evidence.filter((e) => !r.evidence.some((x) => x.ref === e.ref))],
  };
}

function askConfirm(draft: ReportDraft, kind = "report", header = T.preview, footer = T.previewFooter): Result {
  const offered = confirmChoices(draft);
  return {
    messages: [{ text: `${header}\n\n${preview(draft)}\n\n${footer}`, choices: offered }],
    state: { kind, step: "confirm", data: { ...draft }, offered },
  };
}

/**
 * Stores the draft when the turn commits, with the end of the conversation; only then does the
 * bot say it is saved.
 */
function store(turn: Turn, draft: ReportDraft, over?: "append" | "replace"): Result {
  const { id: planId, plan } = turn.services.active();
  // The plan may have been imported again, or the chat registered for another agency, since
  // the draft was made: what is confirmed must still hold.
  const task = ownTasks(turn).find((t) => t.id === draft.task);
  if (!task) return { messages: [{ text: T.staleTask(draft.task) }], state: null };
  if (!periodsOf(task, plan.years).some((p) => p.id === draft.period)) {
    return askPeriod(turn, task, { ...draft, period: "" }, T.stalePeriod(periodLabel(draft.period)));
  }
  // A report already given for this task and period is never replaced unseen.
  const existing = listReports(turn.services.db, planId, { agency: turn.contact!.agencyCode, task: draft.task, period: draft.period })[0];
  if (existing && !over) {
    const offered = supersedeChoices(draft);
    return {
      messages: [{ text: T.alreadyReported(draft.task, periodLabel(draft.period), existingPreview(existing)), choices: offered }],
      state: state("supersede", draft, offered),
    };
  }
  if (existing && over === "append") draft = appended(existing, draft);
  const write = () => {
    const { duplicate } = saveReport(turn.services.db, planId, {
    agency: turn.contact!.agencyCode,
    task: draft.task,
    period: draft.period,
    status: draft.status!,
    results: draft.results.join("\n"),
    figures: draft.figures,
    difficulties: draft.difficulties,
    proposals: draft.proposals,
    evidence: draft.evidence,
    contactId: turn.contact!.id,
    channel: turn.msg.channel,
    messageRef: `${turn.msg.chatId}:${turn.msg.eventId}`,
    reportedAt: turn.now.toISOString(),
    });
    turn.services.log.info({ agency: turn.contact!.agencyCode, task: draft.task, period: draft.period }, "report stored");
    return [{ text: duplicate ? T.savedAgain : T.saved(draft.task, periodLabel(draft.period)) }];
  };
  return { messages: [], state: null, commit: write };
}

function draftOf(s: ConversationState): ReportDraft {
  const d = s.data as Partial<ReportDraft>;
  return {
    task: d.task ?? "",
    period: d.period ?? "",
    ...(d.status ? { status: d.status } : {}),
    results: d.results ?? [],
    difficulties: d.difficulties ?? [],
    proposals: d.proposals ?? [],
    figures: d.figures ?? [],
    evidence: d.evidence ?? [],
  };
}

/** One step of `/baocao`. `input.choice` is already checked against what the step offered. */
export function reportStep(turn: Turn, s: ConversationState, input: Input): Result {
  const draft = draftOf(s);
  const retry = (): Result => ({ messages: [{ text: T.chooseFromList(s.offered.length), choices: s.offered }] });
  switch (s.step) {
    case "task": {
      const task = input.choice?.startsWith("t:") ? taskById(turn, input.choice.slice(2)) : undefined;
      if (!task) return retry();
      const next = { ...draft, task: task.id };
      return repeats(task) ? askPeriod(turn, task, next) : askStatus({ ...next, period: defaultPeriod(turn, task) });
    }
    case "period": {
      if (!input.choice?.startsWith("p:")) return retry();
      return askStatus({ ...draft, period: input.choice.slice(2) });
    }
    case "status": {
      const status = input.choice?.slice(2) as ReportStatus | undefined;
      if (!input.choice?.startsWith("s:") || !REPORT_STATUSES.includes(status!)) return retry();
      const next = { ...draft, status };
      // A draft read from free text already has its results; the user only corrects the status.
      if (next.results.length > 0) return askConfirm(next);
      return { messages: [{ text: T.askResults, choices: DONE }], state: state("results", next, DONE) };
    }
    case "results": {
      if (input.choice === "done") {
        if (draft.results.length === 0) return { messages: [{ text: T.resultsEmpty, choices: DONE }] };
        return { messages: [{ text: T.askDifficulties, choices: NONE }], state: state("difficulties", draft, NONE) };
      }
      const text = input.text?.trim();
      const evidence = evidenceFrom(input);
      if (!text && evidence.length === 0) return retry();
      const results = text ? [...draft.results, text] : draft.results;
      if (results.join("\n").length > MAX_RESULTS_CHARS) return { messages: [{ text: T.tooLong(MAX_RESULTS_CHARS), choices: DONE }] };
      return {
        messages: [{ text: T.resultsAdded, choices: DONE }],
        state: state("results", { ...draft, results, evidence: [...draft.evidence, ...evidence] }, DONE),
      };
    }
    case "difficulties":
    case "proposals": {
      const field = s.step;
      const none = input.choice === "none" || NOTHING.test(fold(input.text ?? "").trim());
      const items = none ? [] : lines(input.text ?? "");
      if (!none && items.length === 0) return retry();
      const next = { ...draft, [field]: items };
      if (field === "difficulties") {
        return { messages: [{ text: T.askProposals, choices: NONE }], state: state("proposals", next, NONE) };
      }
      return { messages: [{ text: T.askEvidence, choices: EVIDENCE }], state: state("evidence", next, EVIDENCE) };
    }
    case "evidence": {
      if (input.choice === "done" || input.choice === "skip") return askConfirm(draft);
      const evidence = evidenceFrom(input);
      if (evidence.length === 0) return retry();
      const all = [...draft.evidence, ...evidence];
      return { messages: [{ text: T.evidenceAdded(all.length), choices: EVIDENCE }], state: state("evidence", { ...draft, evidence: all }, EVIDENCE) };
    }
    case "supersede": {
      const choice = input.choice?.split("@")[0];
      if (choice === "append") return store(turn, draft, "append");
      if (choice === "replace") return store(turn, draft, "replace");
      if (choice === "cancel") return { messages: [{ text: T.cancelled }], state: null };
      return retry();
    }
    case "confirm": {
      const choice = input.choice?.split("@")[0];
      if (choice === "ok") return store(turn, draft);
      if (choice === "cancel") return { messages: [{ text: T.cancelled }], state: null };
      if (choice === "edit") return askStatus({ task: draft.task, period: draft.period, results: [], difficulties: [], proposals: [], figures: [], evidence: draft.evidence });
      return retry();
    }
    default:
      return { messages: [{ text: T.cancelled }], state: null };
  }
}

/** A report read from free text, shown for confirmation; nothing is stored until confirmed. */
export function confirmReading(
  turn: Turn,
  reading: { task: string | null; period: string | null; status: ReportStatus | null; results: string; figures: string[]; difficulties: string[]; proposals: string[] },
  input: Input,
): Result {
  const task = reading.task ? taskById(turn, reading.task) : undefined;
  const base = {
    results: [reading.results],
    figures: reading.figures,
    difficulties: reading.difficulties,
    proposals: reading.proposals,
    evidence: evidenceFrom(input),
  };
  if (!task) return askTask(turn, base, T.draftNoTask);
  const years = turn.services.active().plan.years;
  const period = reading.period && periodsOf(task, years).some((p) => p.id === reading.period) ? reading.period : defaultPeriod(turn, task);
  const draft: ReportDraft = { task: task.id, period, ...base, ...(reading.status ? { status: reading.status } : {}) };
  if (!draft.status) return askStatus(draft);
  return askConfirm(draft, "report", T.draftHeader, T.draftFooter);
}
