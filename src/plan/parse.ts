/**
 * Plan text (plain or markdown) → the Plan model of DESIGN §3.
 *
 * The parser reads the document's structure, which Vietnamese administrative plans share
 * (Nghị định 30/2020): a title "KẾ HOẠCH …", legal bases, sections numbered I, II, III …,
 * items 1., 2. … inside them, sub-items a), b) … inside items, and labelled lines
 * ("Cơ quan chủ trì: …", "Thời gian thực hiện: …"). It relies on no heading text of one
 * particular plan: the task section is the one whose items carry such labels, and the
 * responsibilities section is "Tổ chức thực hiện". What it cannot read goes to `warnings`.
 */
import { clean, fold } from "../text/normalize.js";
import { parseTimeframe } from "./timeframe.js";
import type { AgencyResolver, Plan, PlanSection, PlanTask, ReportDeadline, Responsibility } from "./types.js";

const MAX_BYTES = 2 * 1024 * 1024;

export class PlanParseError extends Error {
  constructor(vietnamese: string, english: string) {
    super(`${vietnamese} / ${english}`);
    this.name = "PlanParseError";
  }
}

// ---------------------------------------------------------------------------------------
// Outline: lines → numbered blocks.

interface Block {
  /** Section id: "II", "II.5", "II.5.a". */
  id: string;
  /** "II", "5", "a". */
  number: string;
  /** The text after the number. */
  heading: string;
  /** The heading line as written. */
  line: string;
  /** Lines under the heading that belong to no child block. */
  body: string[];
  children: Block[];
}

interface Outline {
  preamble: string[];
  sections: Block[];
  recipients: string[];
}

const ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];
// Vietnamese lists skip f, j, w, z and put đ after d; a plain a-b-c-d-e list is accepted too.
const LETTERS = "abcdđeghiklmnopqrstuvxy";

const ROMAN_HEADING = /^([IVX]{1,4})\s*[.):\-–](?!\p{N})\s*(.*)$/u;
const ITEM_HEADING = /^(\d{1,2})\s*[.)](?!\p{N})\s*(.*)$/u;
const SUB_HEADING = /^(?:[-+•*]\s*)?(\p{Ll})\s*[.)]\s+(.*)$/u;
const BULLET = /^[-+•*–]\s*/;

/** The line without markdown emphasis and heading marks, which carry no meaning here. */
function plain(line: string): string {
  return line
    .replace(/^\s*#{1,6}\s+/, "")
    .replace(/\*\*|__/g, "")
    .trim();
}

interface Heading {
  number: string;
  heading: string;
  line: string;
}

function headingOf(pattern: RegExp, line: string): Heading | undefined {
  const m = pattern.exec(line);
  return m ? { number: m[1] ?? "", heading: (m[2] ?? "").trim(), line } : undefined;
}

function block(id: string, h: Heading): Block {
  return { id, ...h, body: [], children: [] };
}

/**
 * Headings are accepted only in sequence (II after I, 5 after 4, b after a), so a line that
 * happens to start with "3." or "c)" inside a task's text is not mistaken for one.
 */
function outline(lines: string[]): Outline {
  const out: Outline = { preamble: [], sections: [], recipients: [] };
  let roman: Block | undefined;
  let item: Block | undefined;
  let sub: Block | undefined;

  for (const line of lines) {
    if (out.recipients.length > 0 || (roman && /^noi nhan\s*(?::|$)/.test(fold(line)))) {
      out.recipients.push(line);
      continue;
    }
    const r = headingOf(ROMAN_HEADING, line);
    if (r && r.number === ROMANS[out.sections.length]) {
      roman = block(r.number, r);
      out.sections.push(roman);
      item = sub = undefined;
      continue;
    }
    const n = roman && headingOf(ITEM_HEADING, line);
    if (roman && n && Number(n.number) === roman.children.length + 1) {
      item = block(`${roman.id}.${n.number}`, n);
      roman.children.push(item);
      sub = undefined;
      continue;
    }
    const s = item && headingOf(SUB_HEADING, line);
    if (item && s && isNextLetter(item.children.at(-1)?.number, s.number)) {
      sub = block(`${item.id}.${s.number}`, s);
      item.children.push(sub);
      continue;
    }
    const owner = sub ?? item ?? roman;
    if (owner) owner.body.push(line);
    else out.preamble.push(line);
  }
  return out;
}

function isNextLetter(previous: string | undefined, letter: string): boolean {
  const at = LETTERS.indexOf(letter);
  if (at < 0) return false;
  if (previous === undefined) return at === 0;
  const before = LETTERS.indexOf(previous);
  return at > before && at <= before + 2;
}

function joinLines(lines: string[]): string {
  return lines.filter((l) => l.length > 0).join("\n");
}

// ---------------------------------------------------------------------------------------
// Labelled lines: "- Cơ quan chủ trì: …", "**Thời gian hoàn thành** – …".

type LabelKind = "lead" | "partners" | "timeframe";
type Labels = Partial<Record<LabelKind, string>>;

// Matched against the folded label with punctuation dropped: "Cơ quan, đơn vị chủ trì" reads
// "co quan don vi chu tri". A bare "Thực hiện:" is more often content than a label, so it needs
// "Cơ quan"/"Đơn vị" before it; a bare "Chủ trì:" does not.
const LABEL_KINDS: [LabelKind, RegExp][] = [
  ["lead", /^(?:(?:co quan|don vi|cq|dv) )+(?:chu tri|thuc hien)(?: (?:thuc hien|chinh))?$|^chu tri(?: thuc hien)?$/],
  ["partners", /^(?:(?:co quan|don vi|cq|dv) )*phoi hop(?: thuc hien)?$/],
  ["timeframe", /^(?:thoi gian|thoi han|tien do)(?: (?:thuc hien|hoan thanh|trien khai))?$/],
];

function labelOf(line: string): { kind: LabelKind; value: string } | undefined {
  const text = line.replace(BULLET, "");
  const separator = /:|–|\s-\s/.exec(text);
  if (!separator) return undefined;
  const name = foldedKey(text.slice(0, separator.index));
  const kind = LABEL_KINDS.find(([, pattern]) => pattern.test(name))?.[0];
  return kind && { kind, value: text.slice(separator.index + separator[0].length).trim() };
}

function foldedKey(text: string): string {
  return fold(text)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * The labelled values of a block. A label with nothing after it takes the sub-bullets below
 * it ("- Cơ quan phối hợp:" then "+ Sở A;" "+ Sở B"), joined with "; ".
 */
function labelsOf(lines: string[]): Labels {
  const found: Labels = {};
  const add = (kind: LabelKind, value: string): void => {
    const before = found[kind];
    found[kind] = before ? `${before}; ${value}` : value;
  };
  let open: { kind: LabelKind; bullet: string } | undefined;
  for (const line of lines) {
    const label = labelOf(line);
    const bullet = line.match(BULLET)?.[0].trim() ?? "";
    if (label) {
      if (label.value) add(label.kind, label.value);
      open = label.value ? undefined : { kind: label.kind, bullet };
    } else if (open && bullet && bullet !== open.bullet) {
      add(open.kind, line.replace(BULLET, ""));
    } else if (line) {
      open = undefined;
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------
// The plan.

interface Context {
  resolver: AgencyResolver;
  warnings: Set<string>;
}

function resolve(ctx: Context, section: string, text: string): string[] {
  if (!text.trim()) return [];
  const { names, unmatched } = ctx.resolver.resolveList(text);
  for (const name of unmatched) ctx.warnings.add(`${section}: không nhận ra cơ quan "${name}"`);
  return [...new Set(names)];
}

function checkInput(text: unknown): string {
  if (typeof text !== "string") throw new PlanParseError("Nội dung kế hoạch không phải văn bản", "The plan is not text");
  if (text.length > MAX_BYTES || Buffer.byteLength(text, "utf8") > MAX_BYTES) {
    throw new PlanParseError("Tệp kế hoạch lớn hơn 2 MB", "The plan file is larger than 2 MB");
  }
  if (text.includes("\u0000")) {
    throw new PlanParseError("Tệp kế hoạch không phải văn bản (có byte NUL)", "The plan file is binary (contains NUL bytes)");
  }
  if (!text.trim()) throw new PlanParseError("Kế hoạch trống", "The plan text is empty");
  return text;
}

const CAPITALS = /^\p{Lu}+ \p{Lu}+(?!\p{L})/u;
// A title runs a few short lines; a document without blank lines must not make the legal bases
// part of it.
const TITLE_LINES = 4;
const TITLE_LINE_LENGTH = 150;

/**
 * The "KẾ HOẠCH" heading (in capitals, unlike "Kế hoạch số …" in the legal bases) and the short
 * lines that continue it, up to a blank line.
 */
function findTitle(preamble: string[]): { title: string; lines: Set<number> } | undefined {
  const start = preamble.findIndex((l) => CAPITALS.test(l) && fold(l).startsWith("ke hoach"));
  if (start < 0) return undefined;
  const lines = new Set([start]);
  let i = start + 1;
  // A heading written "KẾ HOẠCH" alone may be followed by a blank line before its subject.
  if (foldedKey(preamble[start] ?? "") === "ke hoach") while (preamble[i] === "") i++;
  while (lines.size < TITLE_LINES) {
    const line = preamble[i] ?? "";
    if (line === "" || line.length > TITLE_LINE_LENGTH) break;
    lines.add(i++);
  }
  const title = [...lines].map((n) => preamble[n]).join(" ").replace(/\s+/g, " ");
  // "KẾ HOẠCH Công tác …" is written "Kế hoạch Công tác …" when the title is quoted in text.
  return { title: title.replace(CAPITALS, (w) => w[0] + w.slice(1).toLowerCase()), lines };
}

function findYear(title: string, text: string): number | undefined {
  const inTitle = /\bnam (\d{4})\b/.exec(fold(title));
  if (inTitle) return Number(inTitle[1]);
  const counts = new Map<number, number>();
  for (const m of text.matchAll(/(?<!\p{N})(?:19|20)\d{2}(?!\p{N})/gu)) {
    const y = Number(m[0]);
    counts.set(y, (counts.get(y) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0];
}

/** Tasks are items (or their sub-items) of the section whose items carry the labels. */
function taskSection(sections: Block[]): Block | undefined {
  const labelled = (b: Block): number =>
    (Object.keys(labelsOf(b.body)).length > 0 ? 1 : 0) + b.children.reduce((n, c) => n + labelled(c), 0);
  const scored = sections.map((s) => ({ s, score: labelled(s) })).filter((x) => x.score > 0);
  scored.sort((a, b) => b.score - a.score);
  return scored[0]?.s ?? sections.find((s) => /nhiem vu/.test(fold(s.heading)) && s.children.length > 0);
}

function taskOf(ctx: Context, year: number, b: Block, parent?: Block): PlanTask {
  const labels: Labels = { ...(parent && labelsOf(parent.body)), ...labelsOf(b.body) };
  const section = b.id;
  const lead = resolve(ctx, section, labels.lead ?? "");
  if (lead.length === 0) ctx.warnings.add(`${section}: không có cơ quan chủ trì`);
  const timeframe = labels.timeframe ?? "";
  const schedule = parseTimeframe(timeframe, year);
  if (schedule.warning) ctx.warnings.add(`${section}: ${schedule.warning}`);
  return {
    id: parent ? `${parent.number}${b.number}` : b.number,
    section,
    title: b.heading,
    text: joinLines([...(parent ? [parent.line] : []), b.line, ...b.body]),
    lead,
    partners: resolve(ctx, section, labels.partners ?? ""),
    timeframe,
    recurrence: schedule.recurrence,
    windowStart: schedule.windowStart,
    deadlines: schedule.deadlines,
  };
}

/** "Sở Ngoại vụ" or "Sở Ngoại vụ: chủ trì …": the agency part of a section IV heading. */
function headingAgencies(ctx: Context, b: Block): string[] {
  const colon = b.heading.indexOf(":");
  return resolve(ctx, b.id, colon > 0 ? b.heading.slice(0, colon) : b.heading);
}

// "trước ngày 15/11/2024", "chậm nhất ngày 15/11", on the text as written (accents optional).
const REPORT_DATE = /(?:tr[ưu][ớo]c|ch[ậa]m\s+nh[ấa]t)\s+(?:ng[àa]y\s+)?\d{1,2}\/\d{1,2}(?:\/\d{4})?/giu;
const UNTIL = String.raw`(?=\s*(?:[;()*]|tr[ưu][ớo]c\s|ch[ậa]m\s|$|\.(?!\p{L})))`;
// Where the report goes: "qua" (through the coordinating department) is preferred over
// "gửi", "về" and "cho", which often name the People's Committee it is ultimately for. The
// "qua" of "kết qua" (typed without accents) is not one.
const REPORT_TO = [String.raw`(?<!k[eế]t\s)qua`, String.raw`g[ửu]i(?:\s+v[ềe])?`, "v[ềe]", "cho"].map(
  (word) => new RegExp(String.raw`(?<![\p{L}\p{N}])${word}\s+([^;()*\n]+?)${UNTIL}`, "iu"),
);
// The recipient is named near the date; a bounded window keeps a pathological line cheap.
const NEAR = 300;

/** Dates in clauses (split at ";") that speak of a report, with the recipient named there. */
function reportDeadlinesOf(ctx: Context, year: number, b: Block, who: string[]): ReportDeadline[] {
  const found: ReportDeadline[] = [];
  for (const clause of [b.heading, ...b.body].flatMap((line) => line.split(";"))) {
    if (!fold(clause).includes("bao cao")) continue;
    for (const m of clause.matchAll(REPORT_DATE)) {
      const date = parseTimeframe(m[0], year).deadlines[0];
      if (!date) {
        ctx.warnings.add(`${b.id}: ngày báo cáo không hợp lệ "${m[0]}"`);
        continue;
      }
      const near = clause.slice(Math.max(0, m.index - NEAR), m.index + m[0].length + NEAR);
      const to = REPORT_TO.map((p) => p.exec(near)?.[1]).find((t) => t !== undefined);
      const recipient = to === undefined ? undefined : resolve(ctx, b.id, to)[0];
      if (recipient === undefined) ctx.warnings.add(`${b.id}: không rõ nơi nhận báo cáo "${clause.trim()}"`);
      found.push({ section: b.id, date, to: recipient ?? "", who });
    }
  }
  return found;
}

function descendants(b: Block): Block[] {
  return [b, ...b.children.flatMap(descendants)];
}

/**
 * Each item of "Tổ chức thực hiện" is headed by the agencies it concerns. Report deadlines are
 * read there and in the sections after it, since some plans give reporting a section of its own.
 */
function readImplementation(
  ctx: Context,
  year: number,
  implementation: Block,
  later: Block[],
): { responsibilities: Responsibility[]; reportDeadlines: ReportDeadline[] } {
  const responsibilities: Responsibility[] = [];
  const reportDeadlines = reportDeadlinesOf(ctx, year, implementation, []);
  for (const item of implementation.children) {
    const agencies = headingAgencies(ctx, item);
    const text = joinLines(descendants(item).flatMap((b) => [b.line, ...b.body]));
    for (const agency of agencies) responsibilities.push({ section: item.id, agency, text });
    for (const b of descendants(item)) reportDeadlines.push(...reportDeadlinesOf(ctx, year, b, agencies));
  }
  for (const b of later.flatMap(descendants)) reportDeadlines.push(...reportDeadlinesOf(ctx, year, b, []));
  return { responsibilities, reportDeadlines };
}

export function parsePlan(text: string, resolver: AgencyResolver): Plan {
  const lines = clean(checkInput(text)).split("\n").map(plain);
  const doc = outline(lines);
  const found = findTitle(doc.preamble);
  const ctx: Context = { resolver, warnings: new Set() };
  if (!found) ctx.warnings.add('preamble: không tìm thấy tiêu đề "KẾ HOẠCH …"');
  const title = found?.title ?? "Kế hoạch";

  const year = findYear(title, lines.join("\n"));
  if (year === undefined) throw new PlanParseError("Không xác định được năm của kế hoạch", "The plan's year was not found");

  const tasksIn = taskSection(doc.sections);
  if (!tasksIn || tasksIn.children.length === 0) {
    throw new PlanParseError(
      "Không tìm thấy nhiệm vụ nào (mục II, các mục 1., 2. …)",
      "No tasks found (section II with numbered items)",
    );
  }
  const tasks = tasksIn.children.flatMap((item) =>
    item.children.length > 0 ? item.children.map((sub) => taskOf(ctx, year, sub, item)) : [taskOf(ctx, year, item)],
  );

  const implementation = doc.sections.find((s) => s !== tasksIn && /to chuc thuc hien/.test(fold(s.heading)));
  if (!implementation) ctx.warnings.add('không tìm thấy mục "Tổ chức thực hiện"');
  const { responsibilities, reportDeadlines } = implementation
    ? readImplementation(ctx, year, implementation, doc.sections.slice(doc.sections.indexOf(implementation) + 1))
    : { responsibilities: [], reportDeadlines: [] };

  return {
    title,
    year,
    tasks,
    responsibilities,
    reportDeadlines,
    sections: sectionsOf(doc, title, found?.lines ?? new Set()),
    warnings: [...ctx.warnings],
  };
}

/** Citation units: the preamble, every item and sub-item, sections without items, Nơi nhận. */
function sectionsOf(doc: Outline, title: string, titleLines: Set<number>): PlanSection[] {
  const sections: PlanSection[] = [
    { id: "preamble", heading: title, text: joinLines(doc.preamble.filter((_, i) => !titleLines.has(i))) },
  ];
  const add = (b: Block): void => {
    sections.push({ id: b.id, heading: b.heading, text: joinLines(b.body) });
  };
  for (const roman of doc.sections) {
    if (roman.children.length === 0 || joinLines(roman.body)) add(roman);
    for (const item of roman.children) {
      add(item);
      item.children.forEach(add);
    }
  }
  if (doc.recipients.length > 0) {
    sections.push({ id: "recipients", heading: doc.recipients[0] ?? "", text: joinLines(doc.recipients.slice(1)) });
  }
  return sections;
}
