/**
 * Reading a free-text progress reply without a model: whether it is a question, which of the
 * agency's tasks it reports on, for which period, with what status, and the figures,
 * difficulties and proposals it gives. The vocabulary is that of Vietnamese administrative
 * reporting ("đã hoàn thành", "đang triển khai", "khó khăn, vướng mắc", "đề xuất"), not of
 * one plan; the task is found by matching the reply against the agency's own tasks' text.
 */
import type { Directory } from "../plan/directory.js";
import { obligationsOf } from "../plan/obligations.js";
import { periodAt, periodsOf, type Years } from "../plan/periods.js";
import type { Plan, PlanTask } from "../plan/types.js";
import type { ReportStatus } from "../reports/types.js";
import { clean, fold, normalize } from "../text/normalize.js";
import type { Knowledge } from "./ground.js";
import { typedWithDiacritics } from "./tokenize.js";
import type { Reading } from "./types.js";

// ---------------------------------------------------------------------------------------
// Question or report.

// "hoi" alone may be "hội" (hội nghị): only "hỏi" typed with its mark opens a question.
const ASK = /^hỏi(?![\p{L}\p{N}])/u;
const QUESTION_OPENERS = /^(?:xin hoi|cho (?:toi |em |minh )?hoi|xin cho biet|cho biet|vui long cho biet|lam sao|lam the nao|tai sao|vi sao|co phai|ai|bao nhieu|khi nao|bao gio|o dau|tai dau|(?:nhiem vu|trach nhiem|viec|cong viec) cua (?:(?:so|don vi|ben|phong|co quan|huyen)\s+)?(?:em|toi|minh|chung toi)|sdt|so dien thoai)\b/;
const INTERROGATIVES =
  /\b(?:khi nao|bao gio|bao nhieu|la gi|nhu the nao|the nao|o dau|co phai|phai khong|duoc khong|hay khong|nhung gi|do ai|ai la|ai chu tri|ai phu trach|ai thuc hien|ai phoi hop|ai lo|thi ai|ngay nao|nao vay|gi vay|lam gi|so nao|so may|(?:qua|ve|gui|tai) dau|(?:viec|muc|chuyen muc|noi dung|hinh thuc|nhiem vu|trach nhiem|cong viec|cong van|van ban) (?:gi|nao)|may (?:lan|thu|loai|nhiem vu|nv|ngay)|(?<!khong |chua |ko )(?:can|phai|nen) [a-z]+ gi)\b/;
// How a phone question ends: "… ko", "… hả", "… nhỉ", "… không". Compared as typed: a report
// may end in "đầu" or "máy", a question in "đâu" or "mấy".
const QUESTION_ENDS = ["gì", "nào", "không", "chưa", "ko", "k", "hông", "hả", "nhỉ", "vậy", "đâu", "ai", "bao nhiêu", "mấy"];

function endsAsQuestion(text: string): boolean {
  const w = wordsOf(text);
  // "chưa làm gì", "không có khó khăn gì": a denial, not a question.
  if (/\b(?:chua|khong|ko)\b.*\bgi$/.test(w.folded.join(" "))) return false;
  return edgeIsOneOf(w, QUESTION_ENDS, "end");
}
// A reply that opens like a report stays a report even if a question word appears later,
// unless it ends as a question does. Compared as typed: "đăng" is not "đang".
const REPORT_OPENERS = ["đã", "đang", "chưa", "hoàn thành", "khó khăn", "vướng mắc", "đề xuất", "kiến nghị", "kết quả", "báo cáo", "trong tháng", "trong quý"];
const PERIOD_OPENER = /^(?:thang \d|quy [ivx\d])\b/;

function opensLikeReport(text: string): boolean {
  const w = wordsOf(text);
  return PERIOD_OPENER.test(w.folded.join(" ")) || edgeIsOneOf(w, REPORT_OPENERS, "start");
}

/** Whether the words begin (or end) with one of the phrases, compared as isOneOf compares. */
function edgeIsOneOf(w: Words, phrases: string[], edge: "start" | "end"): boolean {
  return phrases.some((p) => {
    const n = p.split(" ").length;
    if (w.typed.length < n) return false;
    const part = (edge === "start" ? w.typed.slice(0, n) : w.typed.slice(-n)).join(" ");
    return isOneOf(part, [p], w.withDiacritics);
  });
}

export function isQuestion(text: string): boolean {
  if (text.includes("?") || ASK.test(normalize(text).trim().toLowerCase())) return true;
  const f = fold(text).replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  if (QUESTION_OPENERS.test(f) || endsAsQuestion(text)) return true;
  return INTERROGATIVES.test(f) && !opensLikeReport(text);
}

// ---------------------------------------------------------------------------------------
// Words, with the diacritics the writer typed when there are any.

interface Words {
  /** Folded words. */
  folded: string[];
  /** As typed, lowercased; equal to `folded` when the text has no diacritics. */
  typed: string[];
  withDiacritics: boolean;
}

function wordsOf(text: string): Words {
  const typed = normalize(text).toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return { folded: typed.map(fold), typed, withDiacritics: typedWithDiacritics(text) };
}

/** Positions where the phrase starts; accented forms are compared as typed when the text has diacritics. */
function find(w: Words, phrase: string): number[] {
  const parts = phrase.split(" ");
  const accented = w.withDiacritics && fold(phrase) !== phrase;
  const list = accented ? w.typed : w.folded;
  const key = accented ? parts : parts.map(fold);
  const out: number[] = [];
  for (let i = 0; i + key.length <= list.length; i++) if (key.every((p, j) => list[i + j] === p)) out.push(i);
  return out;
}

function findAny(w: Words, phrases: string[]): number[] {
  return phrases.flatMap((p) => find(w, p)).sort((a, b) => a - b);
}

/** Whether one of the words shortly before position i negates or defers what follows. */
function negated(w: Words, i: number, negators: string[], span = 3): boolean {
  const before = { ...w, folded: w.folded.slice(Math.max(0, i - span), i), typed: w.typed.slice(Math.max(0, i - span), i) };
  return findAny(before, negators).length > 0;
}

// ---------------------------------------------------------------------------------------
// Status.

const DIFFICULTY = ["khó khăn", "vướng mắc", "trở ngại", "bất cập", "thiếu kinh phí", "thiếu nhân lực", "thiếu nhân sự", "thiếu cán bộ"];
const NO_DIFFICULTY = ["không có", "không gặp", "chưa gặp", "chưa có", "không phát sinh", "chưa phát sinh", "không còn"];
const DONE = ["hoàn thành", "đã xong", "xong"];
const NOT_DONE = ["chưa", "không", "dự kiến", "sẽ", "đang", "phấn đấu", "nhằm", "để", "cần", "kịp"];
const PAST = ["đã"];
const ONGOING = ["đang", "tiếp tục", "dự kiến", "chuẩn bị", "sẽ", "từng bước"];
const NOT_YET = ["chưa"];

/**
 * Where the reply names a difficulty it has: not "không có khó khăn", nor the rest of a list
 * so negated ("không có khó khăn, vướng mắc").
 */
function difficultiesIn(w: Words): number[] {
  const found: number[] = [];
  let denied = -Infinity;
  for (const i of findAny(w, DIFFICULTY)) {
    if (negated(w, i, NO_DIFFICULTY) || i - denied <= 3) denied = i;
    else found.push(i);
  }
  return found;
}

/**
 * The status the reply states. An explicit difficulty wins, then an explicit "hoàn thành";
 * "đã" + verb is done for a task with a deadline but only progress for a continuous one, whose
 * period's work is never "finished"; otherwise the first of "chưa" and "đang" says it.
 */
export function readStatus(text: string, task: PlanTask | undefined): ReportStatus | null {
  const w = wordsOf(text);
  if (difficultiesIn(w).length > 0) return "gap_kho_khan";
  if (findAny(w, DONE).some((i) => !negated(w, i, NOT_DONE))) return "hoan_thanh";
  const ongoing = findAny(w, ONGOING)[0];
  const notYet = findAny(w, NOT_YET)[0];
  const continuous = task?.recurrence === "continuous" || task?.recurrence === "unscheduled";
  if (findAny(w, PAST).length > 0) return ongoing !== undefined || notYet !== undefined || continuous ? "dang_thuc_hien" : "hoan_thanh";
  if (notYet !== undefined && (ongoing === undefined || notYet < ongoing)) return "chua_thuc_hien";
  if (ongoing !== undefined) return "dang_thuc_hien";
  // A continuous task's reply that tells what was done in the period is progress.
  return continuous && /\p{N}/u.test(text) ? "dang_thuc_hien" : null;
}

// ---------------------------------------------------------------------------------------
// Figures, difficulties, proposals.

const NUMBER = /(?<![\p{L}\p{N}/.,])(\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?)(\s*%)?(?![\p{N}/]|[.,]\p{N})/gu;
// A number after these is a date, a task or an ordinal, not a figure.
const NOT_FIGURE = "ngày tháng quý năm vụ nv số lần thứ mục khoản điểm điều từ đến".split(" ");
// A number followed by these is a span of time ("9 tháng đầu năm"), not a result.
const DURATION = "ngày tháng quý năm tuần giờ".split(" ");
// A unit ends before these: prepositions, and the verbs that follow a count.
const UNIT_STOP = (
  "trên tại trong của và lên về cho với từ đến vào theo để đã đang nhưng ở nhằm được thì mà là có qua cùng gồm " +
  "tham giới tuyên đăng phát thu so hơn tăng giảm đạt bằng như"
).split(" ");
const UNIT_WORDS = 2;

/** Whether the word, as typed, is one of the listed ones (compared folded when the text has no diacritics). */
function isOneOf(word: string, list: string[], withDiacritics: boolean): boolean {
  const w = word.toLowerCase();
  return withDiacritics ? list.includes(w) : list.some((x) => fold(x) === fold(w));
}

/** "30 phóng viên", "200.000 lượt xem", "95%": each number the reply gives with its unit. */
export function readFigures(text: string): string[] {
  const t = normalize(text);
  const accents = typedWithDiacritics(t);
  const out: string[] = [];
  for (const m of t.matchAll(NUMBER)) {
    const before = t.slice(Math.max(0, m.index - 12), m.index).match(/[\p{L}\p{N}]+/gu)?.at(-1) ?? "";
    if (isOneOf(before, NOT_FIGURE, accents)) continue;
    const after = t.slice(m.index + m[0].length);
    const words = after.match(/^(?:\s+\p{L}+)+/u)?.[0].trim().split(/\s+/) ?? [];
    if (words[0] && isOneOf(words[0], DURATION, accents)) continue;
    const unit: string[] = [];
    // A share is its own unit: "20% so với cùng kỳ" is "20%", not "20% so".
    for (const word of m[2] ? [] : words) {
      // A capitalised word after the unit names it ("12 bài tiếng Anh").
      if (unit.length >= UNIT_WORDS && !/^\p{Lu}/u.test(word)) break;
      if (unit.length > UNIT_WORDS || isOneOf(word, UNIT_STOP, accents)) break;
      unit.push(word);
    }
    if (unit.length === 0 && !m[2] && /^(?:19|20)\d{2}$/.test(m[1]!)) continue;
    out.push([`${m[1]}${m[2]?.trim() ?? ""}`, ...unit].join(" "));
  }
  return out;
}

const SENTENCES = /(?<=[.!?;\n])\s+|\n+/;
const CLAUSES = /,\s+/;
const DIFFICULTY_LABEL = /^(?:kh[oó] kh[aă]n|v[uư][oớ]ng m[aắ]c|h[aạ]n ch[eế]|t[oồ]n t[aạ]i)[^:]{0,40}:\s*/iu;
const PROPOSAL_LABEL = /^(?:[đd][eề] xu[aấ]t|ki[eế]n ngh[iị]|[đd][eề] ngh[iị])[^:]{0,40}:\s*/iu;
const PROPOSAL_START = /^(?:[đd][eề] xu[aấ]t|ki[eế]n ngh[iị]|[đd][eề] ngh[iị])(?![\p{L}\p{N}])/iu;
// A reason that something is not done: "vì chưa mời được báo cáo viên", "do thiếu kinh phí".
const REASON = /(?:^|\s)(?:v[iì]|do|b[oở]i)\s+(?:ch[uư]a|thi[eế]u|kh[oô]ng|[đd]ang ch[oờ])\s/iu;

function trimEnd(s: string): string {
  return s.trim().replace(/[.;,]+$/, "").trim();
}

interface Parts {
  results: string[];
  difficulties: string[];
  proposals: string[];
}

/** Splits the reply into results, difficulties and proposals, sentence by sentence. */
export function readParts(text: string): Parts {
  const parts: Parts = { results: [], difficulties: [], proposals: [] };
  for (const sentence of clean(text).split(SENTENCES).map((s) => s.trim()).filter(Boolean)) {
    if (DIFFICULTY_LABEL.test(sentence)) {
      parts.difficulties.push(trimEnd(sentence.replace(DIFFICULTY_LABEL, "")));
      continue;
    }
    if (PROPOSAL_START.test(sentence)) {
      parts.proposals.push(trimEnd(sentence.replace(PROPOSAL_LABEL, "")));
      continue;
    }
    // Inside a sentence, a clause that starts with "đề xuất" is a proposal, and one that
    // names a difficulty or a reason for delay is a difficulty.
    const kept: string[] = [];
    // Read in the whole sentence, "không có khó khăn, vướng mắc" denies both.
    const hasDifficulty = difficultiesIn(wordsOf(sentence)).length > 0;
    for (const clause of sentence.split(CLAUSES)) {
      const w = wordsOf(clause);
      if (PROPOSAL_START.test(clause.trim())) parts.proposals.push(trimEnd(clause));
      else if (hasDifficulty && difficultiesIn(w).length > 0) parts.difficulties.push(trimEnd(clause));
      else if (REASON.test(clause)) {
        const at = clause.search(REASON);
        parts.difficulties.push(trimEnd(clause.slice(at)));
        if (at > 0) kept.push(clause.slice(0, at));
      } else kept.push(clause);
    }
    // A sentence kept whole is kept as typed, its punctuation too: the report is the user's words.
    if (kept.length === sentence.split(CLAUSES).length) parts.results.push(sentence);
    else if (kept.some((c) => c.trim())) parts.results.push(trimEnd(kept.join(", ")));
  }
  return parts;
}

// ---------------------------------------------------------------------------------------
// Period.

interface PeriodMention {
  quarter?: number;
  month?: number;
}

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };
// A date or period after these is a plan for later, not the period reported on.
const FUTURE = ["dự kiến", "sẽ", "kế hoạch", "phấn đấu", "đề nghị", "lùi sang", "chuyển sang"];

/**
 * The period the reply names: the first quarter, month or date that is not a plan for
 * later; "tháng này", "trong tháng", "quý này" read against the local date `today`.
 */
export function readPeriodMention(text: string, today: string): PeriodMention | undefined {
  const f = fold(normalize(text));
  const w = wordsOf(text);
  const m = Number(today.slice(5, 7));
  const found: { at: number; mention: PeriodMention }[] = [];
  const wordIndex = (offset: number) => (f.slice(0, offset).match(/[\p{L}\p{N}]+/gu) ?? []).length;
  const add = (offset: number, mention: PeriodMention) => {
    const at = wordIndex(offset);
    if (!negated(w, at, FUTURE, 5)) found.push({ at, mention });
  };
  for (const x of f.matchAll(/\bquy\s+(iv|iii|ii|i|[1-4])\b/g)) add(x.index, { quarter: ROMAN[x[1]!] ?? Number(x[1]) });
  for (const x of f.matchAll(/\bquy (?:nay|hien tai)\b/g)) add(x.index, { quarter: Math.ceil(m / 3) });
  for (const x of f.matchAll(/\bquy truoc\b/g)) add(x.index, { quarter: Math.max(1, Math.ceil(m / 3) - 1) });
  for (const x of f.matchAll(/\bthang\s+(\d{1,2})\b(?!\s*(?:thang|nam)\b)/g)) {
    const month = Number(x[1]);
    if (month >= 1 && month <= 12) add(x.index, { month });
  }
  for (const x of f.matchAll(/\b(?:thang nay|trong thang|thang hien tai)\b(?!\s*\d)/g)) add(x.index, { month: m });
  for (const x of f.matchAll(/\bthang truoc\b/g)) add(x.index, { month: Math.max(1, m - 1) });
  for (const x of f.matchAll(/(?<![\p{N}/])(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}))?(?![\p{N}/])/gu)) {
    const day = Number(x[1]);
    const month = Number(x[2]);
    if (day >= 1 && day <= 31 && month >= 1 && month <= 12) add(x.index, { month });
  }
  return found.sort((a, b) => a.at - b.at)[0]?.mention;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The task's period the mention points at, else the period containing today. */
export function periodFor(task: PlanTask, years: Years, mention: PeriodMention | undefined, today: string): string {
  const periods = periodsOf(task, years);
  const current = periodAt(task, years, today);
  // A mention without a year means the year of the period we are in.
  const year = Number(current.start.slice(0, 4));
  let id: string | undefined;
  if (task.recurrence === "quarterly") {
    const quarter = mention?.quarter ?? (mention?.month ? Math.ceil(mention.month / 3) : undefined);
    if (quarter) id = `${year}-Q${quarter}`;
  } else if (task.recurrence === "monthly" || task.recurrence === "continuous") {
    let month = mention?.month;
    if (month === undefined && mention?.quarter) {
      // A quarter for a monthly task: this month if we are in it, else its last month.
      const todayMonth = Number(today.slice(5, 7));
      month = Math.ceil(todayMonth / 3) === mention.quarter && today.startsWith(String(year)) ? todayMonth : mention.quarter * 3;
    }
    if (month) id = `${year}-${pad(month)}`;
  }
  return periods.some((p) => p.id === id) ? id! : current.id;
}

// ---------------------------------------------------------------------------------------
// Task.

const TASK_REF = /\b(?:nhiem vu|nv)\s*(?:so\s*)?(\d{1,2})(?:\s*[.\-]?\s*([a-z])\b)?/;
// A task the agency only joins is reported on less often than one it leads.
const PARTNER_WEIGHT = 0.7;

/** The tasks the agency may report on: its own, led first; every task when it has none. */
export function tasksOf(plan: Plan, directory: Directory, agency: string | null): { task: PlanTask; lead: boolean }[] {
  const own = agency ? obligationsOf(plan, directory, agency) : [];
  if (own.length === 0) return plan.tasks.map((task) => ({ task, lead: true }));
  return own.map((o) => ({ task: o.task, lead: o.role === "lead" }));
}

/**
 * Other tasks are offered beside the likeliest when they score at least this share of it:
 * the user picks among the few a careful reader would hesitate between.
 */
const CLOSE_SCORE = 0.65;
const ALTERNATIVES = 2;

export interface TaskReading {
  task: PlanTask | undefined;
  confidence: number;
  alternatives: PlanTask[];
}

/**
 * Words every progress reply uses whatever its task ("chưa triển khai", "đã thực hiện", "do
 * thiếu kinh phí", "tháng 2"): they say how the work went, not which work, and would match
 * any task title that happens to contain them. Folded, one or two syllables.
 */
const REPORT_WORDS = (
  "triển khai,thực hiện,tiếp tục,hoàn thành,kết quả,tiến độ,báo cáo,khó khăn,vướng mắc,kinh phí,thiếu,chưa,đang,đã,do,vì,nên," +
  "được,xong,tốt,đạt,tạm dừng,kế hoạch,nhiệm vụ"
).split(",");
/** "tháng 2", "quý I", "năm 2024" name the period; "hằng quý" alone may name the work. */
const PERIOD_WORDS = ["tháng", "quý", "năm", "tuần", "ngày"];

/**
 * The reply without its report words: what is left names the work. A period stays (tasks are
 * often named by it: "họp báo hằng quý"), but a reply whose only other words are report words
 * names no work at all.
 */
function topicOf(text: string): string {
  // Compared as typed: without diacritics "dang" may be "đang" or "đăng" (tin bài).
  const accents = typedWithDiacritics(text);
  const words = normalize(text).split(/\s+/).filter(Boolean);
  const bare = (w: string) => w.replace(/[^\p{L}\p{N}/]/gu, "");
  const kept: string[] = [];
  let named = false;
  for (let i = 0; i < words.length; i++) {
    const one = bare(words[i]!);
    const next = i + 1 < words.length ? bare(words[i + 1]!) : "";
    if (next && isOneOf(`${one} ${next}`, REPORT_WORDS, accents)) i++;
    else if (isOneOf(one, PERIOD_WORDS, accents) && /^(?:[\d/]+|[ivx]+)$/i.test(next)) {
      kept.push(words[i]!, words[i + 1]!);
      i++;
    } else if (!isOneOf(one, REPORT_WORDS, accents)) {
      kept.push(words[i]!);
      named ||= /\p{L}{2,}/u.test(one) && !isOneOf(one, PERIOD_WORDS, accents);
    }
  }
  return named ? kept.join(" ") : "";
}

export function readTask(k: Knowledge, text: string, candidates: { task: PlanTask; lead: boolean }[]): TaskReading {
  const ref = TASK_REF.exec(fold(text));
  if (ref) {
    const id = `${ref[1]}${ref[2] ?? ""}`;
    const named = candidates.find((c) => c.task.id === id) ?? candidates.find((c) => c.task.id === ref[1]);
    if (named) return { task: named.task, confidence: 0.95, alternatives: [] };
  }
  const bySection = new Map(candidates.map((c) => [c.task.section, c]));
  const best = new Map<PlanTask, number>();
  const topic = topicOf(text);
  for (const h of topic ? k.work.search(topic, { only: (chunk) => bySection.has(chunk.id), agencyBoost: false }) : []) {
    const c = bySection.get(h.chunk.id)!;
    const score = h.score * (c.lead ? 1 : PARTNER_WEIGHT);
    if (score > (best.get(c.task) ?? 0)) best.set(c.task, score);
  }
  const hits = [...best].map(([task, score]) => ({ task, score })).sort((a, b) => b.score - a.score);
  const [first, second] = hits;
  if (!first) {
    const leads = candidates.filter((c) => c.lead);
    return leads.length === 1 ? { task: leads[0]!.task, confidence: 0.5, alternatives: [] } : { task: undefined, confidence: 0, alternatives: [] };
  }
  const margin = second ? (first.score - second.score) / first.score : 1;
  const alternatives = hits
    .slice(1, 1 + ALTERNATIVES)
    .filter((h) => h.score >= first.score * CLOSE_SCORE)
    .map((h) => h.task);
  return { task: first.task, confidence: Math.round((0.5 + 0.4 * margin) * 100) / 100, alternatives };
}

// ---------------------------------------------------------------------------------------
// The reading.

export interface RuleContext {
  knowledge: Knowledge;
  agency: string | null;
  /** Local date (YYYY-MM-DD) the reply arrived. */
  today: string;
  /** The task the reply is for, when the user already chose it. */
  task?: string;
}

export function readByRules(raw: string, ctx: RuleContext): Reading {
  const text = clean(raw).trim();
  const { plan, directory } = ctx.knowledge;
  const parts = readParts(text);
  const base = {
    // Nothing taken out: the results are the message exactly as typed.
    results: parts.difficulties.length + parts.proposals.length === 0 ? text : parts.results.join(" ") || text,
    figures: readFigures(text),
    difficulties: parts.difficulties,
    proposals: parts.proposals,
  };
  const given = ctx.task === undefined ? undefined : plan.tasks.find((t) => t.id === ctx.task);
  if (!given && isQuestion(text)) return { question: true, task: null, alternatives: [], period: null, status: null, ...base, confidence: 0.8 };
  const { task, confidence, alternatives } = given
    ? { task: given, confidence: 1, alternatives: [] }
    : readTask(ctx.knowledge, text, tasksOf(plan, directory, ctx.agency));
  const status = readStatus(text, task);
  const period = task ? periodFor(task, plan.years, readPeriodMention(text, ctx.today), ctx.today) : null;
  return {
    question: false,
    task: task?.id ?? null,
    alternatives: alternatives.map((t) => t.id),
    period,
    status,
    ...base,
    confidence: Math.round(((confidence + (status ? 0.9 : 0)) / 2) * 100) / 100,
  };
}
