/**
 * Plan text (plain, markdown, or what a DOCX or PDF reads as) → the Plan model of DESIGN §3.
 *
 * The parser reads the document's structure, which Vietnamese administrative plans share
 * (Nghị định 30/2020): a header with the issuer and the date, a title "KẾ HOẠCH …", legal bases,
 * parts numbered I, II, III …, items and sub-items at any depth, label lines, tables, duties per
 * agency in "Tổ chức thực hiện", appendices. It relies on no heading text of one particular plan
 * and no province's agencies: names the directory does not know are kept as written and become
 * agencies of the plan. What it cannot read goes to `warnings`, for the admin's review.
 */
import { clean, fold } from "../text/normalize.js";
import { foldedKey } from "./labels.js";
import { layout, type Piece } from "./layout.js";
import { descendants, lines, outline, type Block, type Outline } from "./outline.js";
import { isVague, leadingNames } from "./names.js";
import { findTasks, headingAgencies, isImplementation, type RawTask } from "./tasks.js";
import { parseTimeframe, type PlanTime } from "./timeframe.js";
import type { PlanHeader } from "./directories.js";
import type { AgencyResolver, Plan, PlanSection, PlanTask, ReportDeadline, Responsibility } from "./types.js";

const MAX_BYTES = 2 * 1024 * 1024;

export class PlanParseError extends Error {
  constructor(vietnamese: string, english: string) {
    super(`${vietnamese} / ${english}`);
    this.name = "PlanParseError";
  }
}

function checkInput(text: unknown): string {
  if (typeof text !== "string") throw new PlanParseError("Nội dung kế hoạch không phải văn bản", "The plan is not text");
  if (text.length > MAX_BYTES || Buffer.byteLength(text, "utf8") > MAX_BYTES) {
    throw new PlanParseError("Tệp kế hoạch lớn hơn 2 MB", "The plan file is larger than 2 MB");
  }
  if (text.includes("\u0000")) {
    throw new PlanParseError("Tệp kế hoạch không phải văn bản (có byte NUL)", "The plan file is binary (contains NUL bytes)");
  }
  if (!clean(text).trim()) throw new PlanParseError("Kế hoạch trống", "The plan text is empty");
  return text;
}

function joinLines(list: string[]): string {
  return list.filter((l) => l.length > 0).join("\n");
}

/** Every line of the preamble, header table cells included, in reading order. */
function preambleLines(pieces: Piece[]): string[] {
  return pieces.flatMap((p) => (p.kind === "line" ? [p.text] : p.rows.flat().filter(Boolean)));
}

// ---------------------------------------------------------------------------------------
// Title, date, span.

const CAPITALS = /^\p{Lu}+ \p{Lu}+(?!\p{L})/u;
const TITLE_LINES = 4;
const TITLE_LINE_LENGTH = 300;

/** The "KẾ HOẠCH" heading (capitals, unlike "Kế hoạch số …" in the legal bases) and the lines that continue it. */
function findTitle(preamble: string[]): { title: string; lines: Set<number> } | undefined {
  const start = preamble.findIndex((l) => CAPITALS.test(l) && fold(l).startsWith("ke hoach"));
  if (start < 0) return undefined;
  const taken = new Set([start]);
  for (let i = start + 1; taken.size < TITLE_LINES && i < preamble.length; i++) {
    const line = preamble[i]!;
    // The subject runs on in capitals or as a short heading; the legal bases start a sentence.
    const capitals = /^\p{Lu}/u.test(line) && !/\p{Ll}/u.test(line);
    if (line.length > TITLE_LINE_LENGTH || (!capitals && /^(?:căn cứ|thực hiện|triển khai|theo|[-(]|số:)|k[èe]m theo/iu.test(line))) break;
    if (foldedKey(preamble[start]!) !== "ke hoach" && !capitals) break;
    taken.add(i);
  }
  const title = [...taken].map((n) => preamble[n]).join(" ").replace(/\s+/g, " ");
  return { title: title.replace(CAPITALS, (w) => w[0] + w.slice(1).toLowerCase()), lines: taken };
}

const ISSUED = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/iu;

/** The document's own date: "Bắc Ninh, ngày 24 tháng 11 năm 2025" in the header. */
function findIssued(preamble: string[]): string | null {
  for (const line of preamble.slice(0, 40)) {
    if (!/,\s*ng[àa]y/iu.test(line) || /^(?:căn cứ|thực hiện|theo)/iu.test(line)) continue;
    const m = ISSUED.exec(line) ?? /ngày\s+(\d{1,2})\/(\d{1,2})\/(\d{4})/iu.exec(line);
    if (m) return `${m[3]}-${m[2]!.padStart(2, "0")}-${m[1]!.padStart(2, "0")}`;
  }
  return null;
}

function mostCommonYear(text: string): number | undefined {
  const counts = new Map<number, number>();
  for (const m of text.matchAll(/(?<!\p{N})(?:19|20)\d{2}(?!\p{N})/gu)) {
    const y = Number(m[0]);
    counts.set(y, (counts.get(y) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0];
}

/**
 * The years the plan runs: what its title states ("giai đoạn 2026 - 2030", "đến năm 2030",
 * "năm 2024"), else from its date's year to the last year a task's time names.
 */
function findSpan(title: string, issued: string | null, timeframes: string[], text: string): PlanTime | undefined {
  // Dates of the documents a title cites ("Quyết định số 06/QĐ-TTg ngày 02 tháng 01 năm 2025") are not its span.
  const t = fold(title)
    .replace(/ngay \d{1,2} thang \d{1,2} nam \d{4}/g, " ")
    .replace(/\d{1,2}\/\d{1,2}\/\d{4}/g, " ");
  const issuedYear = issued ? Number(issued.slice(0, 4)) : undefined;
  let m = /(?:giai doan|thoi ky|tu nam)?\s*((?:19|20)\d{2})\s*(?:-|–|den)\s*(?:nam\s*)?((?:19|20)\d{2})/.exec(t);
  if (m) return { from: Number(m[1]), to: Math.max(Number(m[1]), Number(m[2])), issued };
  m = /den nam ((?:19|20)\d{2})/.exec(t);
  if (m) return { from: Math.min(issuedYear ?? Number(m[1]), Number(m[1])), to: Number(m[1]), issued };
  m = /\bnam ((?:19|20)\d{2})\b/.exec(t);
  if (m) return { from: Number(m[1]), to: Number(m[1]), issued };
  const from = issuedYear ?? mostCommonYear(text);
  if (from === undefined) return undefined;
  const named = timeframes.flatMap((tf) => [...tf.matchAll(/(?<!\p{N})(20\d{2})(?!\p{N})/gu)].map((x) => Number(x[1])));
  const to = Math.max(from, ...named.filter((y) => y >= from && y <= from + 15));
  return { from, to, issued };
}

const PROVINCE = /(?:ủy ban nhân dân|ubnd)\s+(?:tỉnh|thành phố)\s+([\p{L} ]+?)\s*$/iu;
const PROVINCE_IN_TITLE = /\b(?:tỉnh|thành phố)\s+((?:\p{Lu}\p{Ll}*)(?:\s+\p{Lu}\p{Ll}*){0,3})/u;

function titleCase(name: string): string {
  return name
    .toLocaleLowerCase("vi")
    .split(/\s+/)
    .map((w) => w.charAt(0).toLocaleUpperCase("vi") + w.slice(1))
    .join(" ");
}

/**
 * The province and the day that decide which directory reads the plan, from its header (or its
 * title when it has no header), before the plan itself is read.
 */
export function readHeader(text: string): PlanHeader {
  const pieces = layout(checkInput(text));
  const doc = outline(pieces);
  const preamble = preambleLines(doc.preamble);
  const issuer = preamble.slice(0, 12).map((l) => PROVINCE.exec(l.replace(/\s*-+\s*$/, ""))?.[1]).find(Boolean);
  const title = findTitle(preamble)?.title ?? "";
  const fromTitle = PROVINCE_IN_TITLE.exec(title)?.[1];
  const issued = findIssued(preamble);
  const year = /\bnăm (\d{4})\b/iu.exec(title)?.[1];
  return {
    province: issuer ? titleCase(issuer) : (fromTitle ?? null),
    date: issued ?? (year ? `${year}-01-01` : null),
  };
}

// ---------------------------------------------------------------------------------------
// Agencies.

interface Context {
  resolver: AgencyResolver;
  warnings: Set<string>;
  /** Names no directory entry matched, in order of first use: the plan's own agencies. */
  unknown: Set<string>;
}

/**
 * Names as written → the directory's names where it knows them. A name the grammar found whole
 * is looked up whole; when the directory knows only part of it ("Sở A" inside "Sở A và Đài B"
 * it could not split), the known parts are kept.
 */
function resolveNames(ctx: Context, names: string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    const { names: found, unmatched } = ctx.resolver.resolveList(name);
    const known = found.filter((n) => !unmatched.includes(n));
    if (known.length > 0 && unmatched.every((u) => u.split(/\s+/).length <= 2)) out.push(...known);
    else {
      // Separators cannot stand inside a name ("Các trường: Đại học, Cao đẳng" reads "Các trường Đại học, Cao đẳng").
      const asWritten = name.replace(/[;:()[\]]+/g, " ").replace(/\s+/g, " ").trim().replace(/[.,]+$/, "");
      out.push(asWritten);
      ctx.unknown.add(asWritten);
    }
  }
  return [...new Set(out)];
}

// ---------------------------------------------------------------------------------------
// Report deadlines and responsibilities.

// "trước ngày 15/11/2024", "chậm nhất ngày 15/11", "trước ngày 15 tháng 12 hằng năm".
const REPORT_DATE =
  /(?:tr[ưu][ớo]c|ch[ậa]m\s+nh[ấa]t)\s+(?:ng[àa]y\s+)?(?:\d{1,2}\/\d{1,2}(?:\/\d{4})?|\d{1,2}\s+th[áa]ng\s+\d{1,2}(?:\s+n[ăa]m\s+\d{4})?)(?:\s+(?:h[ằàa]ng|m[ỗo]i)\s+n[ăa]m)?/giu;
const UNTIL = String.raw`(?=\s*(?:[;()*]|tr[ưu][ớo]c\s|ch[ậa]m\s|để\s|$|\.(?!\p{L})))`;
// Where the report goes: "qua" (through the coordinating department) is preferred over
// "gửi", "về" and "cho", which often name the People's Committee it is ultimately for. The
// "qua" of "kết qua" (typed without accents) is not one.
const REPORT_TO = [String.raw`(?<!k[eế]t\s)(?:th[ôo]ng\s+)?qua`, String.raw`g[ửu]i(?:\s+v[ềe])?`, "v[ềe]", "cho"].map(
  (word) => new RegExp(String.raw`(?<![\p{L}\p{N}])${word}\s+([^;()*\n]+?)${UNTIL}`, "iu"),
);
// The recipient is named near the date; a bounded window keeps a pathological line cheap.
const NEAR = 300;

function blockLines(b: Block): string[] {
  return [b.heading, ...lines(b.body)];
}

/** The agency a report clause sends to: the first name after "qua", "gửi (về)", "về" or "cho". */
function recipientIn(ctx: Context, clause: string): string | undefined {
  for (const pattern of REPORT_TO) {
    const to = pattern.exec(clause)?.[1];
    const named = to === undefined ? [] : leadingNames(to).filter((n) => !isVague(n));
    if (named.length > 0) return resolveNames(ctx, [named[0]!])[0];
  }
  return undefined;
}

/** Dates in clauses (split at ";") that speak of a report, with the recipient named there. */
function reportDeadlinesOf(ctx: Context, time: PlanTime, b: Block, who: string[]): ReportDeadline[] {
  const found: ReportDeadline[] = [];
  for (const clause of blockLines(b).flatMap((line) => line.split(";"))) {
    if (!fold(clause).includes("bao cao")) continue;
    for (const m of clause.matchAll(REPORT_DATE)) {
      const dates = parseTimeframe(m[0], time).deadlines;
      if (dates.length === 0) {
        ctx.warnings.add(`${b.id}: ngày báo cáo không hợp lệ "${m[0]}"`);
        continue;
      }
      const near = clause.slice(Math.max(0, m.index - NEAR), m.index + m[0].length + NEAR);
      const recipient = recipientIn(ctx, near);
      if (recipient === undefined) ctx.warnings.add(`${b.id}: không rõ nơi nhận báo cáo "${clause.trim()}"`);
      for (const date of dates) found.push({ section: b.id, date, to: recipient ?? "", who });
    }
  }
  return found;
}

/**
 * Each item of "Tổ chức thực hiện" headed by agencies is their responsibility. Report deadlines
 * are read there, in sections on reporting, and in the sections after it.
 */
function readImplementation(ctx: Context, time: PlanTime, doc: Outline): { responsibilities: Responsibility[]; reportDeadlines: ReportDeadline[] } {
  const responsibilities: Responsibility[] = [];
  const reportDeadlines: ReportDeadline[] = [];
  const at = doc.sections.findIndex((s) => isImplementation(s.heading));
  const reading = doc.sections.filter((s, i) => (at >= 0 && i >= at) || /bao cao/.test(fold(s.heading)));
  for (const section of reading) {
    reportDeadlines.push(...reportDeadlinesOf(ctx, time, section, []));
    for (const item of section.children) {
      const named = headingAgencies(item.heading);
      const agencies = named ? resolveNames(ctx, named.lead) : [];
      const text = joinLines(descendants(item).flatMap((b) => [b.line, ...lines(b.body)]));
      if (section === doc.sections[at]) for (const agency of agencies) responsibilities.push({ section: item.id, agency, text });
      for (const b of descendants(item)) reportDeadlines.push(...reportDeadlinesOf(ctx, time, b, agencies));
    }
  }
  return { responsibilities, reportDeadlines: dedupe(reportDeadlines) };
}

function dedupe(list: ReportDeadline[]): ReportDeadline[] {
  const seen = new Set<string>();
  return list.filter((r) => {
    const key = `${r.section}|${r.date}|${r.to}|${r.who.join(",")}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// The People's Committee and the government are who reports are for, not who collects them.
const collector = (name: string) => !/^(?:ubnd|uy ban nhan dan|thu tuong|chinh phu)/.test(fold(name));

/**
 * The coordinator by the plan's report deadlines: the recipient of the deadline that the most
 * agencies owe (the latest on a tie: the full-year report, not the half-year one). Deadlines the
 * coordinator itself owes upward (to the UBND, to a ministry) name fewer agencies.
 */
export function coordinatorFrom(reportDeadlines: ReportDeadline[]): string | null {
  const best = reportDeadlines
    .filter((d) => d.to && collector(d.to))
    .sort((a, b) => b.who.length - a.who.length || b.date.localeCompare(a.date))[0];
  return best?.to ?? null;
}

/**
 * The agency the plan's reports go to: by its report deadlines, else the one its clauses on
 * reporting send to most ("báo cáo … về UBND tỉnh (qua Sở Nội vụ)").
 */
function coordinatorIn(ctx: Context, reportDeadlines: ReportDeadline[], doc: Outline): string | null {
  const dated = coordinatorFrom(reportDeadlines);
  if (dated) return dated;
  const counts = new Map<string, number>();
  for (const b of doc.sections.flatMap(descendants)) {
    for (const clause of blockLines(b).flatMap((line) => line.split(";"))) {
      if (!fold(clause).includes("bao cao")) continue;
      const to = recipientIn(ctx, clause);
      if (to && collector(to)) counts.set(to, (counts.get(to) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

// ---------------------------------------------------------------------------------------
// The plan.

/** Task ids as the plan numbers them; where two would be the same, the section tells them apart. */
function uniqueIds(tasks: RawTask[]): RawTask[] {
  const used = new Set<string>();
  return tasks.map((t) => {
    let id = t.id;
    if (used.has(id)) {
      const own = t.section.split(".").at(-1);
      id = t.form === "table" ? `${t.section.split(".")[0]}.${t.id}` : t.id === own ? t.section : `${t.section}.${t.id.split(".").at(-1)}`;
    }
    for (let k = 2; used.has(id); k++) id = `${t.id}-${k}`;
    used.add(id);
    return { ...t, id };
  });
}

function taskOf(ctx: Context, time: PlanTime, raw: RawTask): PlanTask {
  const lead = resolveNames(ctx, raw.lead);
  if (lead.length === 0) ctx.warnings.add(`${raw.section}: không có cơ quan chủ trì`);
  let schedule = parseTimeframe(raw.timeframe, time);
  // A year a sentence names past the plan's end is a vision ("tầm nhìn đến năm 2050"), not a deadline.
  const beyond = schedule.deadlines.some((d) => d > `${time.to}-12-31`);
  if (beyond && (raw.form === "duty" || raw.form === "prose")) schedule = parseTimeframe("", time);
  if (schedule.warning) ctx.warnings.add(`${raw.section}: ${schedule.warning}`);
  return {
    id: raw.id,
    section: raw.section,
    title: raw.title.replace(/\s+/g, " ").trim(),
    text: raw.text,
    lead,
    partners: resolveNames(ctx, raw.partners).filter((p) => !lead.includes(p)),
    timeframe: raw.timeframe,
    recurrence: schedule.recurrence,
    windowStart: schedule.windowStart,
    deadlines: schedule.deadlines,
  };
}

export function parsePlan(text: string, resolver: AgencyResolver): Plan {
  const pieces = layout(checkInput(text));
  const doc = outline(pieces);
  const preamble = preambleLines(doc.preamble);
  const found = findTitle(preamble);
  const ctx: Context = { resolver, warnings: new Set(), unknown: new Set() };
  if (!found) ctx.warnings.add('preamble: không tìm thấy tiêu đề "KẾ HOẠCH …"');
  const title = found?.title ?? "Kế hoạch";

  const raw = uniqueIds(findTasks(doc.sections, doc.appendices));
  const issued = findIssued(preamble);
  const time = findSpan(title, issued, raw.map((t) => t.timeframe), preambleLines(pieces).join("\n"));
  if (time === undefined) throw new PlanParseError("Không xác định được năm của kế hoạch", "The plan's year was not found");
  if (raw.length === 0) {
    throw new PlanParseError(
      "Không tìm thấy nhiệm vụ nào (mục có cơ quan chủ trì, bảng phân công hoặc nhiệm vụ của từng cơ quan)",
      "No tasks found (items with a lead agency, an assignment table or duties per agency)",
    );
  }
  const tasks = raw.map((t) => taskOf(ctx, time, t));
  if (!doc.sections.some((s) => isImplementation(s.heading))) ctx.warnings.add('không tìm thấy mục "Tổ chức thực hiện"');
  const { responsibilities, reportDeadlines } = readImplementation(ctx, time, doc);
  for (const name of ctx.unknown) ctx.warnings.add(`chưa có trong danh bạ: "${name}"`);

  return {
    title,
    year: time.from,
    years: [time.from, time.to],
    issued,
    coordinator: coordinatorIn(ctx, reportDeadlines, doc),
    tasks,
    responsibilities,
    reportDeadlines,
    sections: sectionsOf(doc, title, found?.lines ?? new Set(), preamble, raw),
    agencies: [...ctx.unknown],
    warnings: [...ctx.warnings],
  };
}

/** Citation units: the preamble, every item at every depth, sections without items, Nơi nhận, table tasks. */
function sectionsOf(doc: Outline, title: string, titleLines: Set<number>, preamble: string[], tasks: RawTask[]): PlanSection[] {
  const sections: PlanSection[] = [{ id: "preamble", heading: title, text: joinLines(preamble.filter((_, i) => !titleLines.has(i))) }];
  const add = (b: Block): void => {
    const body = joinLines(lines(b.body));
    const top = b.style === "roman" || b.style === "appendix";
    if (!top || b.children.length === 0 || body) sections.push({ id: b.id, heading: b.heading, text: body });
    b.children.forEach(add);
  };
  doc.sections.forEach(add);
  if (doc.recipients.length > 0) {
    sections.push({ id: "recipients", heading: doc.recipients[0] ?? "", text: joinLines(doc.recipients.slice(1)) });
  }
  doc.appendices.forEach(add);
  const ids = new Set(sections.map((s) => s.id));
  for (const t of tasks) {
    if (!ids.has(t.section)) {
      sections.push({ id: t.section, heading: t.title, text: t.text });
      ids.add(t.section);
    }
  }
  return sections;
}
