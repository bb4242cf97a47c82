/**
 * The progress-report conversation (`/baocao`) and the confirmation of a report read from
 * free text. The common case is short: pick the task (or let the bot guess it from the
 * text), type what was done in one message, confirm. Difficulties, proposals and evidence
 * are read from that message or added from the preview; each field can be corrected alone.
 * Each step is a function of the stored state and the input; the brain persists the state it
 * returns, so a restart resumes at the same step.
 */
import { createHash } from "node:crypto";
import { shorten } from "../../text/shorten.js";
import { periodFor, readPeriodMention } from "../../llm/rules.js";
import { obligationsOf } from "../../plan/obligations.js";
import { periodAt, periodLabel, periodsOf } from "../../plan/periods.js";
import type { PlanTask } from "../../plan/types.js";
import { listReports } from "../../reports/store.js";
import { REPORT_STATUSES, type Evidence, type Report, type ReportStatus } from "../../reports/types.js";
import type { Reading } from "../../llm/types.js";
import { fold } from "../../text/normalize.js";
import { agencyName, askerOf } from "../commands.js";
import type { ReportDraft, ReportState, ReportStep } from "../conversations.js";
import type { Attachment, Choice } from "../messages.js";
import { STATUS_CHOICE_LABEL, T } from "../texts.js";
import type { Result, Turn } from "../turn.js";

export interface Input {
  choice?: string;
  text?: string;
  attachments?: Attachment[];
}


const MAX_RESULTS_CHARS = 20_000;
/** Likeliest tasks offered when the reading is unsure, before «Nhiệm vụ khác». */
const LIKELY_TASKS = 3;

function state(step: ReportStep, draft: Partial<ReportDraft>, offered: Choice[]): ReportState {
  return { kind: "report", step, draft: { ...emptyDraft(), ...draft }, offered };
}

function ownTasks(turn: Turn): PlanTask[] {
  const { plan, directory } = turn.services.active();
  return obligationsOf(plan, directory, turn.contact!.agencyCode).map((o) => o.task);
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

function validPeriod(turn: Turn, task: PlanTask, period: string | undefined): period is string {
  return period !== undefined && periodsOf(task, turn.services.active().plan.years).some((p) => p.id === period);
}

/** A task as a choice: named by its own number, so typing "6" means task 6 and nothing else. */
function taskChoice(t: PlanTask): Choice {
  return { key: t.id, label: shorten(t.title, 56), value: `t:${t.id}` };
}

function askTask(turn: Turn, prefill: Partial<ReportDraft> = {}, lead = T.askTask, likely?: PlanTask[]): Result {
  const own = ownTasks(turn);
  if (own.length === 0) return { messages: [{ text: T.noTasks(agencyName(turn, turn.contact!.agencyCode)) }], state: null };
  const offered = likely && likely.length < own.length ? [...likely.map(taskChoice), { label: T.otherTask, value: "more" }] : own.map(taskChoice);
  return { messages: [{ text: lead, choices: offered }], state: state("task", prefill, offered) };
}

function askPeriod(turn: Turn, task: PlanTask, draft: Partial<ReportDraft>, lead = T.askPeriod(task.id)): Result {
  const years = turn.services.active().plan.years;
  const all = periodsOf(task, years);
  const current = periodAt(task, years, turn.today);
  const upTo = all.findIndex((p) => p.id === current.id);
  const recent = all.slice(Math.max(0, upTo - 3), upTo + 1).reverse();
  const offered = recent.map((p) => ({ label: periodLabel(p.id, task), value: `p:${p.id}` }));
  return { messages: [{ text: lead, choices: offered }], state: state("period", { ...draft, task: task.id }, offered) };
}

/** After the task (and period) are known: one message with everything, the period changeable. */
function askWrite(turn: Turn, task: PlanTask, draft: Partial<ReportDraft>): Result {
  const offered = repeats(task) ? [{ label: T.otherPeriod, value: "period" }] : [];
  return {
    messages: [{ text: T.askWrite(task.id, periodLabel(draft.period!, task)), ...(offered.length ? { choices: offered } : {}) }],
    state: state("write", draft, offered),
  };
}

function askStatus(turn: Turn, draft: Partial<ReportDraft>): Result {
  const offered = REPORT_STATUSES.map((s) => ({ label: STATUS_CHOICE_LABEL[s], value: `s:${s}` }));
  return {
    messages: [{ text: T.askStatus(draft.task!, periodLabel(draft.period!, taskById(turn, draft.task!))), choices: offered }],
    state: state("status", draft, offered),
  };
}

const CONFIRM = [
  { label: T.confirm, value: "ok" },
  { label: T.edit, value: "edit" },
  { label: T.cancel, value: "cancel" },
];
const NONE = [{ label: T.none, value: "none" }];

/** `/baocao [task] [period]`: starts the conversation, skipping steps the arguments answer. */
export function startReport(turn: Turn, args: string[]): Result {
  const [taskArg, periodArg] = args;
  if (!taskArg) return askTask(turn);
  const task = taskById(turn, taskArg.toLowerCase());
  if (!task) return { messages: [{ text: T.notYourTask }], state: null };
  const chosen = validPeriod(turn, task, periodArg);
  return askWrite(turn, task, { ...emptyDraft(), task: task.id, period: chosen ? periodArg : defaultPeriod(turn, task), periodChosen: chosen });
}

/** "Không", "chưa có", "không có gì": the user typed the «Không có» button's meaning. */
const NOTHING = /^(khong|khong co|chua co|khong co gi|chua|none|ko|k)[.!]?$/;
/** Typed agreement at the preview: "ok", "đồng ý", "gửi đi". */
const YES = /^(ok|oke|okay|okie|dong y|xac nhan|gui|gui di|dung|dung roi|duoc|duoc roi|chuan|u|uh|vang|co|yes|y|chinh xac|luu|luu lai)[.!]*$/;
/** "không phải nhiệm vụ 8, là nhiệm vụ 6", "nhầm, nv 6": the task the user means is the last named. */
const TASK_NAMED = /\b(?:nhiem vu|nv)\s*(?:so\s*)?(\d{1,2}\s*[a-z]?)\b/g;
/** The words people type for a status, folded; the first that matches wins. */
const STATUS_WORDS: [RegExp, ReportStatus][] = [
  [/\b(kho khan|vuong mac|gap van de)\b/, "gap_kho_khan"],
  [/\b(chua (lam|thuc hien|trien khai|bat dau)|chua)\b/, "chua_thuc_hien"],
  [/\b(dang (lam|thuc hien|trien khai)|dang)\b/, "dang_thuc_hien"],
  [/\b(xong|hoan thanh|da (lam|thuc hien|xong)|roi)\b/, "hoan_thanh"],
];
const DIFFICULTY = /^(?:kho khan|vuong mac)[^:]{0,30}:\s*/;
const PROPOSAL = /^(?:de xuat|kien nghi|de nghi)[^:]{0,30}:\s*/;

function statusTyped(text: string): ReportStatus | undefined {
  const f = fold(text).trim();
  return STATUS_WORDS.find(([re]) => re.test(f))?.[1];
}

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

function evidenceName(e: Evidence, i: number): string {
  if (e.kind === "link") return e.ref;
  return e.name ?? (e.kind === "photo" ? T.photoNumber(i + 1) : T.fileNumber(i + 1));
}

function preview(draft: ReportDraft, task: PlanTask | undefined): string {
  const parts = [
    T.previewTask(draft.task, periodLabel(draft.period, task)),
    T.previewStatus(STATUS_CHOICE_LABEL[draft.status!]),
    T.previewResults(draft.results.join("\n")),
  ];
  if (draft.figures.length) parts.push(T.previewFigures(draft.figures.join("; ")));
  if (draft.difficulties.length) parts.push(`${T.difficultiesLabel}: ${draft.difficulties.join("; ")}`);
  if (draft.proposals.length) parts.push(`${T.proposalsLabel}: ${draft.proposals.join("; ")}`);
  if (draft.evidence.length) parts.push(T.previewEvidence(draft.evidence.map(evidenceName).join("; ")));
  return parts.join("\n");
}

/** A fingerprint of the draft: a button left on an earlier draft's message is not offered now. */
function tagOf(draft: ReportDraft): string {
  const { editing: _, ...content } = draft;
  return createHash("sha256").update(JSON.stringify(content)).digest("base64url").slice(0, 10);
}

function tagged(choices: Choice[], draft: ReportDraft): Choice[] {
  const tag = tagOf(draft);
  return choices.map((c) => ({ ...c, value: `${c.value}@${tag}` }));
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

function askConfirm(turn: Turn, draft: ReportDraft, header = T.preview, footer = T.previewFooter): Result {
  const { editing: _, ...settled } = draft;
  const offered = tagged(CONFIRM, settled);
  return {
    messages: [{ text: `${header}\n\n${preview(settled, taskById(turn, settled.task))}\n\n${footer}`, choices: offered }],
    state: state("confirm", settled, offered),
  };
}

/** Where a draft goes once a field is filled: the status if it still lacks one, else the preview. */
function toConfirm(turn: Turn, draft: ReportDraft, header?: string): Result {
  if (!draft.status) return askStatus(turn, { ...draft, editing: false });
  return askConfirm(turn, draft, header);
}

function askEdit(turn: Turn, draft: ReportDraft): Result {
  const task = taskById(turn, draft.task);
  const fields: Choice[] = [
    { label: T.editTask, value: "f:task" },
    ...(task && repeats(task) ? [{ label: T.editPeriod, value: "f:period" }] : []),
    { label: T.editStatus, value: "f:status" },
    { label: T.editResults, value: "f:results" },
    { label: T.editDifficulties, value: "f:difficulties" },
    { label: T.editProposals, value: "f:proposals" },
    { label: T.back, value: "back" },
  ];
  const offered = tagged(fields, draft);
  return { messages: [{ text: T.askEditField, choices: offered }], state: state("edit", draft, offered) };
}

/**
 * Stores the draft when the turn commits, with the end of the conversation; only then does the
 * bot say it is saved.
 */
/** The draft of the next part of a message that reported on several tasks, if any is left. */
async function nextPart(turn: Turn, draft: ReportDraft): Promise<Result> {
  const [following, ...later] = draft.queue ?? [];
  if (!following) return { messages: [] };
  return confirmReading(turn, await turn.services.reader.read(following, askerOf(turn), turn.now), {}, later, T.draftNext);
}

async function store(turn: Turn, draft: ReportDraft, over?: "append" | "replace"): Promise<Result> {
  const { id: planId } = turn.services.active();
  // The plan may have been imported again, or the chat registered for another agency, since
  // the draft was made: what is confirmed must still hold.
  const task = taskById(turn, draft.task);
  if (!task) return { messages: [{ text: T.staleTask(draft.task) }], state: null };
  if (!validPeriod(turn, task, draft.period)) {
    return askPeriod(turn, task, { ...draft, period: "", editing: true }, T.stalePeriod(periodLabel(draft.period, task)));
  }
  // A report already given for this task and period is never replaced unseen.
  const existing = listReports(turn.services.db, planId, { agency: turn.contact!.agencyCode, task: draft.task, period: draft.period })[0];
  if (existing && !over) {
    const offered = tagged(
      [
        { label: T.append, value: "append" },
        { label: T.replace, value: "replace" },
        { label: T.cancel, value: "cancel" },
      ],
      draft,
    );
    return {
      messages: [{ text: T.alreadyReported(draft.task, periodLabel(draft.period, task), existingPreview(existing)), choices: offered }],
      state: state("supersede", draft, offered),
    };
  }
  if (existing && over === "append") draft = appended(existing, draft);
  turn.services.log.info({ agency: turn.contact!.agencyCode, task: draft.task, period: draft.period }, "report confirmed");
  // The next part of a message that covered several tasks is drafted now, to follow the thanks.
  const next = await nextPart(turn, draft);
  return {
    messages: [],
    state: null,
    save: {
      planId,
      report: {
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
      },
      saved: [{ text: T.saved(draft.task, periodLabel(draft.period, task)) }, ...next.messages],
      again: [{ text: T.savedAgain }, ...next.messages],
    },
    ...(next.state ? { state: next.state } : {}),
  };
}

function emptyDraft(): ReportDraft {
  return { task: "", period: "", results: [], difficulties: [], proposals: [], figures: [], evidence: [] };
}


/**
 * The one message of a report, read against the task it is for: results as typed, figures,
 * difficulties and proposals found in it, the status if it says one, the period if it names one.
 */
async function readInto(turn: Turn, draft: ReportDraft, text: string, input: Input): Promise<ReportDraft> {
  const reading = await turn.services.reader.read(text, askerOf(turn), turn.now, draft.task);
  const task = taskById(turn, draft.task);
  const period = !draft.periodChosen && task && validPeriod(turn, task, reading.period ?? undefined) ? reading.period! : draft.period;
  return {
    ...draft,
    period,
    results: [reading.results],
    figures: reading.figures,
    difficulties: reading.difficulties,
    proposals: reading.proposals,
    evidence: [...draft.evidence, ...evidenceFrom(input)],
    ...(reading.status ? { status: reading.status } : {}),
  };
}

/** Moves a draft to another of the agency's tasks, keeping what was typed; the period follows the task. */
function withTask(turn: Turn, draft: ReportDraft, task: PlanTask): ReportDraft {
  const keep = draft.task === task.id || validPeriod(turn, task, draft.period);
  return { ...draft, task: task.id, period: keep ? draft.period : defaultPeriod(turn, task), periodChosen: keep && draft.periodChosen };
}

/** What a typed line at the preview means, short of a button: agreement, a task, a field, more. */
async function typedAtConfirm(turn: Turn, draft: ReportDraft, input: Input): Promise<Result | undefined> {
  const text = input.text?.trim() ?? "";
  const f = fold(text).trim();
  const files = evidenceFrom({ ...(input.attachments ? { attachments: input.attachments } : {}) });
  if (!text && files.length > 0) return askConfirm(turn, { ...draft, evidence: [...draft.evidence, ...files] }, T.evidenceAddedPreview);
  if (!text) return undefined;
  if (YES.test(f)) return store(turn, draft);
  const named = [...f.matchAll(TASK_NAMED)].at(-1)?.[1]?.replace(/\s+/g, "");
  if (named && named !== draft.task && /\b(khong phai|nham|sai|la|chuyen|doi|thuoc)\b/.test(f)) {
    const task = taskById(turn, named);
    if (!task) return { messages: [{ text: T.notYourTask, choices: (await askConfirm(turn, draft)).messages[0]!.choices! }] };
    return askConfirm(turn, withTask(turn, draft, task), T.taskChanged(task.id));
  }
  if (DIFFICULTY.test(f)) return askConfirm(turn, { ...draft, difficulties: [...draft.difficulties, text.slice(text.indexOf(":") + 1).trim()] }, T.fieldAdded);
  if (PROPOSAL.test(f)) return askConfirm(turn, { ...draft, proposals: [...draft.proposals, text.slice(text.indexOf(":") + 1).trim()] }, T.fieldAdded);
  const links = evidenceFrom(input);
  const evidence = [...draft.evidence, ...links];
  // A link with at most a title is evidence; a line too short to be a result is a mistyped choice.
  const words = (text.replace(URL_RE, "").match(/\p{L}{2,}/gu) ?? []).length;
  if (words < 3 && links.length > 0) return askConfirm(turn, { ...draft, evidence }, T.evidenceAddedPreview);
  if (words < 3) return undefined;
  const results = [...draft.results, text];
  if (results.join("\n").length > MAX_RESULTS_CHARS) return { messages: [{ text: T.tooLong(MAX_RESULTS_CHARS) }] };
  return askConfirm(turn, { ...draft, results, evidence }, T.resultsAppended);
}

/** One step of `/baocao`. `input.choice` is already checked against what the step offered. */
export async function reportStep(turn: Turn, s: ReportState, input: Input): Promise<Result> {
  const draft = s.draft;
  const retry = (): Result => ({ messages: [{ text: T.chooseFromList, choices: s.offered }] });
  const choice = input.choice?.split("@")[0];
  switch (s.step) {
    case "task": {
      if (choice === "more") return askTask(turn, draft);
      const task = choice?.startsWith("t:") ? taskById(turn, choice.slice(2)) : undefined;
      if (!task) return retry();
      const next = withTask(turn, draft, task);
      if (next.results.length === 0) return askWrite(turn, task, next);
      return toConfirm(turn, next, T.draftHeader);
    }
    case "period": {
      const task = taskById(turn, draft.task);
      if (!task) return { messages: [{ text: T.staleTask(draft.task) }], state: null };
      let period = choice?.startsWith("p:") ? choice.slice(2) : undefined;
      if (!period && input.text) {
        const mention = readPeriodMention(input.text.replace(/\bq\s*([1-4])\b/i, "quý $1"), turn.today);
        if (mention) period = periodFor(task, turn.services.active().plan.years, mention, turn.today);
      }
      if (!validPeriod(turn, task, period)) return retry();
      const next = { ...draft, period, periodChosen: true };
      if (next.results.length === 0) return askWrite(turn, task, next);
      return toConfirm(turn, next);
    }
    case "write": {
      const task = taskById(turn, draft.task);
      if (!task) return { messages: [{ text: T.staleTask(draft.task) }], state: null };
      if (choice === "period") return askPeriod(turn, task, draft);
      const text = input.text?.trim();
      if (!text) {
        const files = evidenceFrom(input);
        if (files.length === 0) return { messages: [{ text: input.attachments?.length ? T.unsupported : T.askWrite(task.id, periodLabel(draft.period, task)), choices: s.offered }] };
        return { messages: [{ text: T.evidenceKept(draft.evidence.length + files.length) }], state: state("write", { ...draft, evidence: [...draft.evidence, ...files] }, s.offered) };
      }
      if (text.length > MAX_RESULTS_CHARS) return { messages: [{ text: T.tooLong(MAX_RESULTS_CHARS) }] };
      // "2" or "ok" here is a choice from another message, not a report of work done.
      if ((text.match(/\p{L}{2,}/gu) ?? []).length < 2) return { messages: [{ text: T.askWrite(task.id, periodLabel(draft.period, task)), choices: s.offered }] };
      return toConfirm(turn, await readInto(turn, draft, text, input));
    }
    case "status": {
      const status = choice?.startsWith("s:") ? (choice.slice(2) as ReportStatus) : input.text ? statusTyped(input.text) : undefined;
      if (!status || !REPORT_STATUSES.includes(status)) return retry();
      const next = { ...draft, status };
      if (next.results.length > 0) return askConfirm(turn, next);
      const task = taskById(turn, draft.task);
      if (!task) return { messages: [{ text: T.staleTask(draft.task) }], state: null };
      return askWrite(turn, task, next);
    }
    case "confirm": {
      if (choice === "ok") return store(turn, draft);
      if (choice === "cancel") {
        // Only this part is dropped: the other tasks of the same message come next.
        const next = await nextPart(turn, draft);
        return { messages: [{ text: T.cancelled }, ...next.messages], state: next.state ?? null };
      }
      if (choice === "edit") return askEdit(turn, draft);
      return (await typedAtConfirm(turn, draft, input)) ?? retry();
    }
    case "edit": {
      const editing = { ...draft, editing: true };
      switch (choice) {
        case "f:task":
          return askTask(turn, editing);
        case "f:period": {
          const task = taskById(turn, draft.task);
          return task ? askPeriod(turn, task, editing) : retry();
        }
        case "f:status":
          return askStatus(turn, editing);
        case "f:results":
          return { messages: [{ text: T.askNewResults }], state: state("results", editing, []) };
        case "f:difficulties":
          return { messages: [{ text: T.askDifficulties, choices: NONE }], state: state("difficulties", editing, NONE) };
        case "f:proposals":
          return { messages: [{ text: T.askProposals, choices: NONE }], state: state("proposals", editing, NONE) };
        case "back":
          return askConfirm(turn, draft);
        default:
          return retry();
      }
    }
    case "results": {
      const text = input.text?.trim();
      if (!text) return { messages: [{ text: T.askNewResults }] };
      if (text.length > MAX_RESULTS_CHARS) return { messages: [{ text: T.tooLong(MAX_RESULTS_CHARS) }] };
      return askConfirm(turn, { ...draft, results: [text], evidence: [...draft.evidence, ...evidenceFrom(input)] });
    }
    case "difficulties":
    case "proposals": {
      const none = choice === "none" || NOTHING.test(fold(input.text ?? "").trim());
      const items = none ? [] : lines(input.text ?? "");
      if (!none && items.length === 0) return retry();
      return askConfirm(turn, { ...draft, [s.step]: items });
    }
    case "supersede": {
      if (choice === "append") return store(turn, draft, "append");
      if (choice === "replace") return store(turn, draft, "replace");
      if (choice === "cancel") return { messages: [{ text: T.cancelled }], state: null };
      return retry();
    }
    default:
      return { messages: [{ text: T.cancelled }], state: null };
  }
}

/**
 * A report read from free text, shown for confirmation; nothing is stored until confirmed.
 * When the reading is unsure of the task, the likeliest few are offered first.
 */
export function confirmReading(
  turn: Turn,
  reading: Omit<Reading, "question" | "confidence">,
  input: Input,
  queue: string[] = [],
  header: string = T.draftHeader,
): Result {
  const task = reading.task ? taskById(turn, reading.task) : undefined;
  const base: ReportDraft = {
    ...emptyDraft(),
    results: [reading.results],
    figures: reading.figures,
    difficulties: reading.difficulties,
    proposals: reading.proposals,
    evidence: evidenceFrom(input),
    ...(reading.status ? { status: reading.status } : {}),
    ...(queue.length > 0 ? { queue } : {}),
  };
  const likely = [task, ...reading.alternatives.map((id) => taskById(turn, id))].filter((t): t is PlanTask => t !== undefined).slice(0, LIKELY_TASKS);
  if (!task || likely.length > 1) {
    const period = task && validPeriod(turn, task, reading.period ?? undefined) ? reading.period! : "";
    return askTask(turn, { ...base, ...(task ? { task: task.id, period } : {}) }, task ? T.draftWhichTask : T.draftNoTask, task ? likely : undefined);
  }
  const period = validPeriod(turn, task, reading.period ?? undefined) ? reading.period! : defaultPeriod(turn, task);
  return toConfirm(turn, { ...base, task: task.id, period }, header);
}

/** "Nhiệm vụ 1: …. NV 3: …": a report on a task that the message names where a part begins. */
const PART_START = /(?:^|(?<=[.;!\n]\s*))(?:nhiệm vụ|nhiem vu|nv)\s*(?:số\s*|so\s*)?(\d{1,2}[a-z]?)\b/giu;

/**
 * The message cut into one part per task it reports on, when it names two or more of the
 * agency's tasks at the start of its parts; otherwise the whole message, one part.
 */
export function partsByTask(turn: Turn, text: string): string[] {
  const own = new Set(ownTasks(turn).map((t) => t.id));
  const starts = [...text.matchAll(PART_START)].filter((m) => own.has(m[1]!.toLowerCase()));
  if (new Set(starts.map((m) => m[1]!.toLowerCase())).size < 2) return [text];
  const cut = starts.map((m) => m.index);
  if (cut[0]! > 0) cut[0] = 0;
  return cut.map((at, i) => text.slice(at, cut[i + 1] ?? text.length).trim()).filter(Boolean);
}

/**
 * A report typed as free text: one draft to confirm, or the first of several when the message
 * covers several tasks (each confirmed in turn; the rest wait in the draft's queue).
 */
export async function reportFromText(turn: Turn, text: string, input: Input, whole: Omit<Reading, "question" | "confidence">): Promise<Result> {
  const [first, ...rest] = partsByTask(turn, text);
  if (rest.length === 0) return confirmReading(turn, whole, input);
  const reading = await turn.services.reader.read(first!, askerOf(turn), turn.now);
  return confirmReading(turn, reading, input, rest, T.draftOneOf(rest.length + 1));
}
