/**
 * Tasks from whichever form a plan gives them in, and a plan may mix them:
 * (a) numbered items with label lines ("Cơ quan chủ trì: …", "Thời gian thực hiện: …");
 * (b) table rows (Phụ lục: STT | Nhiệm vụ | Chủ trì | Phối hợp | Thời gian | Sản phẩm), columns
 *     found by their headers;
 * (c) duties per agency ("1. Sở Tài chính:" then "- Chủ trì …, trước ngày …");
 * (d) prose in a task item ("Sở X chủ trì, phối hợp với Y, Z tổ chức …").
 * Agency names here are as written; the parser resolves them against the directory.
 */
import { fold } from "../text/normalize.js";
import { columnsOf, isTaskLabels, labelOf, labelsOf, type Column, type Labels } from "./labels.js";
import type { Piece } from "./layout.js";
import { descendants, lines, type Block } from "./outline.js";
import { agencySpans, isVague, leadingNames } from "./names.js";
import { isOrdinal, type Row } from "./tables.js";
import type { PlanTask } from "./types.js";

export type Form = "labels" | "table" | "duty" | "prose";

/** A task as found, before its names are resolved and its time is dated. */
export type RawTask = Pick<PlanTask, "id" | "section" | "title" | "text" | "lead" | "partners" | "timeframe"> & { form: Form };

const BULLET = /^[-+•–]\s*/;
const CHU_TRI = /ch[ủu]\s+tr[ìi]/iu;
const PHOI_HOP = /ph[ốo]i\s+h[ợo]p(?:\s+(?:ch[ặa]t\s+ch[ẽe]|th[ưu][ờo]ng\s+xuy[êe]n))?(?:\s+(?:v[ớo]i|c[ùu]ng))?\s+/iu;

function unique(names: string[]): string[] {
  return [...new Set(names.map((n) => n.trim()).filter(Boolean))];
}

/** Names after each "phối hợp (với)" of a sentence. */
function partnersIn(text: string): string[] {
  const all = new RegExp(PHOI_HOP.source, "giu");
  return [...text.matchAll(all)].flatMap((m) => leadingNames(text.slice(m.index + m[0].length)));
}

/**
 * A lead label's value or lead cell. "Sở A chủ trì …; Sở B, Sở C …": the names before "chủ trì"
 * lead and the names other clauses open with join. Without "chủ trì", each clause's opening
 * names lead ("Sở A; Sở B thúc đẩy, theo dõi" → Sở A, Sở B); a clause naming no agency by the
 * grammar is taken whole when short (a body the grammar does not know, such as "Viettel").
 */
/** A short clause starting with a capital, taken whole as a name the grammar does not know. */
function writtenName(clause: string): string[] {
  const c = clause.trim();
  return c.split(/\s+/).length <= 8 && /^\p{Lu}/u.test(c) ? [c.replace(/[.,;:]+$/, "")] : [];
}

export function readLead(value: string): { lead: string[]; partners: string[] } {
  const clauses = value.replace(/\([^)]*\)/g, " ").split(/;|\n/).map((c) => c.trim()).filter(Boolean);
  const chair = clauses.findIndex((c) => CHU_TRI.test(c) && leadingNames(c.slice(0, CHU_TRI.exec(c)!.index)).length > 0);
  if (chair >= 0) {
    const c = clauses[chair]!;
    const at = CHU_TRI.exec(c)!.index;
    const lead = leadingNames(c.slice(0, at));
    const partners = [...partnersIn(c.slice(at)), ...clauses.filter((_, i) => i !== chair).flatMap(leadingNames)];
    return { lead: unique(lead), partners: unique(partners) };
  }
  const lead = clauses.flatMap((c) => {
    const names = leadingNames(c);
    return names.length > 0 ? names : writtenName(c);
  });
  return { lead: unique(lead), partners: [] };
}

export function readPartners(value: string): string[] {
  return unique(
    value
      .replace(/\([^)]*\)/g, " ")
      .split(/;|\n/)
      .flatMap((c) => {
        const names = agencySpans(c).map((s) => s.name);
        return names.length > 0 ? names : writtenName(c);
      }),
  );
}

// A time phrase inside a sentence, on the folded text (same length as the text for NFC input).
const INLINE_DATED = [
  /(?:truoc|cham nhat|han chot|hoan thanh truoc|xong truoc)(?: ngay)? \d{1,2}\/\d{1,2}(?:\/\d{4})?(?:(?: va|,) (?:ngay )?\d{1,2}\/\d{1,2}(?:\/\d{4})?)*(?: (?:hang|moi) nam)?/,
  /(?:truoc|cham nhat|han chot)(?: ngay)? \d{1,2} thang \d{1,2}(?: nam \d{4})?/,
  /(?:trong|hoan thanh trong|hoan thanh truoc|hoan thanh|truoc|vao|den|ngay trong) (?:quy [ivx1-4]+(?:\/| nam )\d{4}|thang \d{1,2}(?:\/| nam )\d{4})/,
];
// A year alone ("trong năm 2024") is a deadline only where a plan gives no other form of task:
// elsewhere it is the plan's own span, said again.
const INLINE_YEAR = /(?<!tam nhin )(?:hoan thanh trong|hoan thanh truoc|hoan thanh|truoc|vao|den|ngay trong) nam \d{4}/;
// "thường xuyên rà soát" inside a sentence says how the work is done, not when it is due: such a
// duty stays unscheduled (it gets the monthly check-in all the same).
const INLINE_REPEATING = /(?:dinh ky )?(?:hang|moi) (?:nam|quy|thang)|dinh ky (?:6|06|sau) thang/;

/** The time a sentence gives its work ("…, trước ngày 15/12/2025"), or "". */
export function inlineTimeframe(text: string, dated: boolean): string {
  const f = fold(text);
  for (const re of dated ? INLINE_DATED : [...INLINE_DATED, INLINE_YEAR, /trong nam \d{4}/, INLINE_REPEATING]) {
    const m = re.exec(f);
    // Among a plan's other tasks, a date in a clause about reporting is when a report is due, not the work.
    const reporting = dated && m && /bao cao/.test(f.slice(Math.max(0, f.lastIndexOf(";", m.index) + 1, f.lastIndexOf(". ", m.index)), m.index));
    if (m && !reporting) {
      return text.slice(m.index, m.index + m[0].length);
    }
  }
  return "";
}

// ---------------------------------------------------------------------------------------
// (a) Labelled items.

function naturalId(b: Block): string {
  if (b.style === "letter" && b.parent) {
    const p = naturalId(b.parent);
    return b.parent.style === "arabic" ? `${p}${b.number}` : `${p}.${b.number}`;
  }
  return b.number;
}

function blockText(b: Block): string {
  return [b.line, ...lines(b.body)].filter(Boolean).join("\n");
}

/** The lines whose labels belong to a block: its body, and its heading when labels run on in it. */
function labelLines(b: Block): string[] {
  // A heading that is a label itself ("1. Thời gian: từ nay đến năm 2030") is no task's title.
  const runOn = labelOf(b.heading) === undefined && isTaskLabels(labelsOf([b.heading]));
  return [...(runOn ? [b.heading] : []), ...lines(b.body)];
}

/** "Họp báo định kỳ. Cơ quan chủ trì: …": the heading without the labels run on in it. */
function headingTitle(b: Block): string {
  const at = /[.;]\s+(?=\S)/g;
  for (const m of b.heading.matchAll(at)) if (labelOf(b.heading.slice(m.index + m[0].length))) return b.heading.slice(0, m.index);
  return b.heading;
}

function hasLabels(b: Block): boolean {
  return isTaskLabels(labelsOf(labelLines(b))) || b.children.some(hasLabels);
}

/**
 * Groups of a body that hold several tasks: a new group starts where a lead label comes again
 * (each "Nội dung … / Chủ trì … / Thời gian …" set is a task).
 */
function labelGroups(body: string[]): { lines: string[]; intro?: string }[] {
  const groups: { lines: string[]; intro?: string }[] = [{ lines: [] }];
  for (const line of body) {
    const label = labelOf(line);
    const current = groups.at(-1)!;
    const seen = labelsOf(current.lines);
    if (label && (label.kind === "lead" || label.kind === "content") && seen[label.kind] !== undefined) {
      groups.push({ lines: [line] });
    } else if (!label && BULLET.test(line) && isTaskLabels(seen) && seen.lead !== undefined && seen.timeframe !== undefined) {
      groups.push({ lines: [line], intro: line.replace(BULLET, "") });
    } else {
      current.lines.push(line);
      if (!label && current.intro === undefined && current.lines.length === 1) current.intro = line.replace(BULLET, "");
    }
  }
  return groups.filter((g) => isTaskLabels(labelsOf(g.lines)));
}

/** The agencies an ancestor's heading names ("1.3. Sở Tài chính:"), for items that name none. */
function headingLead(b: Block): string {
  for (let p = b.parent; p && p.style !== "root" && p.style !== "roman"; p = p.parent) {
    const named = headingAgencies(p.heading);
    if (named) return named.lead.join("; ");
  }
  return "";
}

function labelledTask(b: Block, labels: Labels, id: string, title: string, text: string): RawTask {
  const { lead, partners } = readLead(labels.lead ?? headingLead(b));
  return {
    id,
    section: b.id,
    title,
    text,
    lead,
    partners: unique([...partners, ...readPartners(labels.partners ?? "")]),
    timeframe: labels.timeframe ?? "",
    form: "labels",
  };
}

function labelled(b: Block, inherited: Labels, out: RawTask[]): void {
  const own = labelLines(b);
  const labels: Labels = { ...inherited, ...labelsOf(own) };
  if (b.children.some(hasLabels)) {
    for (const c of b.children) if (hasLabels(c) || isTaskLabels(labels)) labelled(c, labels, out);
    return;
  }
  if (!isTaskLabels(labelsOf(own)) && !(isTaskLabels(inherited) && b.style !== "root")) return;
  // Items headed by an agency whose bullets carry their own times are that agency's duties.
  if (labels.lead === undefined && b.style !== "roman" && headingAgencies(b.heading)) return;
  // "Trách nhiệm của đối tượng thực hiện kiểm kê:" then dated bullets: duties of whoever the heading names.
  const times = own.filter((l) => labelOf(l)?.kind === "timeframe").length;
  const subject = subjectOf(b.heading);
  if (labels.lead === undefined && !inherited.lead && times >= 2 && subject) {
    dutyTasks(b, { lead: [subject], partners: [] }, false, out);
    return;
  }
  const groups = labelGroups(own);
  if (groups.length > 1) {
    groups.forEach((g, k) => {
      const l = { ...inherited, ...labelsOf(g.lines) };
      const title = l.content ?? g.intro ?? b.heading;
      out.push(labelledTask(b, l, `${naturalId(b)}.${k + 1}`, title, [b.line, ...g.lines].join("\n")));
    });
    return;
  }
  const title = headingTitle(b) || labels.content || own[0] || "";
  const parentLine = b.parent && b.parent.style !== "root" && b.parent.style !== "roman" ? [b.parent.line] : [];
  out.push(labelledTask(b, labels, naturalId(b), title, [...parentLine, blockText(b)].join("\n")));
}

// ---------------------------------------------------------------------------------------
// (b) Tables.

function headerAt(rows: Row[]): { at: number; columns: (Column | undefined)[] } | undefined {
  for (let at = 0; at < Math.min(rows.length, 4); at++) {
    const columns = columnsOf(rows[at]!);
    if (!columns.includes("lead") || !columns.includes("content")) continue;
    // A header whose empty number cell left no trace is one cell short of the rows under it.
    const widest = Math.max(...rows.slice(at + 1, at + 6).map((r) => r.length));
    if (!columns.includes("number") && widest === columns.length + 1) columns.unshift("number");
    return { at, columns };
  }
  return undefined;
}

function cell(row: Row, columns: (Column | undefined)[], kind: Column): string {
  const i = columns.indexOf(kind);
  return i >= 0 ? (row[i] ?? "").trim() : "";
}

/**
 * A row longer than the table: a second task's cells ran on into it where a merged cell left
 * no bar ("… | Quý IV/2026 | | Thực hiện sao lưu … | Sở KH&CN | Sở Tài chính"). It is cut
 * before the second task's text, which starts a row of its own without a number.
 */
function overflow(row: Row, columns: (Column | undefined)[]): Row[] {
  const content = columns.indexOf("content");
  if (row.length <= columns.length || content < 0) return [row];
  const at = row.findIndex((c, i) => i > content + 2 && c.length > 25 && /^\p{Lu}/u.test(c));
  if (at < 0) return [row];
  return [row.slice(0, at), [...Array<string>(content).fill(""), ...row.slice(at)]];
}

/**
 * Rows of every task table: group rows (I, II, A …) head the rows under them. A table without a
 * header of its own continues the one before it (a table split across pages or blocks); the
 * columns it continues with are returned.
 */
function tableTasks(
  { rows, section, title, prefix }: TableAt,
  before: (Column | undefined)[] | undefined,
  out: RawTask[],
): (Column | undefined)[] | undefined {
  const header = headerAt(rows) ?? (before && { at: -1, columns: before });
  if (!header) return undefined;
  const { columns } = header;
  const numbered = columns[0] === "number" || (columns[0] === undefined && header.at >= 0 && !rows[header.at]![0]);
  const repeated = (row: Row) => columnsOf(row).filter(Boolean).length >= 3;
  const width = columns.length;
  const timeframeOfTable = inlineTimeframe(title, false);
  let group = "";
  let groupLead = "";
  let previous: { row: Row; id: string; k: number } | undefined;
  for (const raw of rows.slice(header.at + 1).flatMap((r) => overflow(r, columns))) {
    let row = raw;
    // A row whose number cell was merged with the one above arrives one cell short.
    if (numbered && row.length < width && row[0] && !isOrdinal(row[0]) && row[0].length > 25) row = ["", ...row];
    if (repeated(row)) continue;
    const number = numbered ? (row[0] ?? "").replace(/\.$/, "").trim() : "";
    const content = cell(row, columns, "content");
    const leadCell = cell(row, columns, "lead");
    const filled = row.filter((c) => c.trim()).length;
    if (!leadCell && (filled <= 2 || /^[IVXL]+$|^[A-ZĐ]$/.test(number))) {
      group = /^[IVXL]+$|^[A-ZĐ]$/.test(number) ? number : group;
      const inGroup = row.find((c) => c && c !== row[0]) ?? "";
      groupLead = CHU_TRI.test(inGroup) ? inGroup : "";
      previous = undefined;
      continue;
    }
    if (!content) continue;
    const inherit = (kind: Column) => {
      const own = cell(row, columns, kind);
      if (own || number || !previous) return own;
      return cell(previous.row, columns, kind);
    };
    const leadText = leadCell || groupLead || (previous && !number ? cell(previous.row, columns, "lead") : "");
    const { lead, partners } = readLead(leadText);
    if (lead.length === 0) continue;
    let id: string;
    if (number) {
      id = prefix + (group && !number.includes(".") ? `${group}.${number}` : number);
      previous = { row, id, k: 1 };
    } else if (previous) {
      previous.k++;
      id = `${previous.id}.${previous.k}`;
    } else {
      id = `${group || "row"}.${out.length + 1}`;
    }
    out.push({
      id,
      section: `${section}.${id}`,
      title: content,
      text: row.filter(Boolean).join(" | "),
      lead,
      partners: unique([...partners, ...readPartners(inherit("partners"))]),
      timeframe: inherit("timeframe") || timeframeOfTable,
      form: "table",
    });
  }
  return columns;
}

// ---------------------------------------------------------------------------------------
// (c) Duties per agency and (d) prose.

const AGENCY_HEADING_PREFIX = /^(?:giao\s+|đề nghị\s+|trách nhiệm của\s+|đối với\s+)/iu;

/** Whom a short heading of responsibilities names: "Trách nhiệm của X:" → X. */
function subjectOf(heading: string): string | undefined {
  const subject = heading
    .replace(/\([^)]*\)/g, " ")
    .replace(/:.*$/, "")
    .replace(/^(?:trách nhiệm của|nhiệm vụ của|đối với)\s+/iu, "")
    .replace(/\s+/g, " ")
    .trim();
  return subject && subject.split(" ").length <= 12 ? subject : undefined;
}

/** The agencies a heading names when the heading is nothing but agencies ("Sở Tài chính:"). */
export function headingAgencies(heading: string): { lead: string[]; partners: string[] } | undefined {
  const colon = heading.indexOf(":");
  const written = (colon > 0 ? heading.slice(0, colon) : heading).replace(AGENCY_HEADING_PREFIX, "").replace(/\([^)]*\)/g, " ").trim();
  let head = written;
  // "Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo": the agency, then what it is.
  const dash = /\s[-–]\s/.exec(head);
  if (dash && /^\p{Lu}/u.test(head.slice(dash.index + dash[0].length)) && leadingNames(head.slice(0, dash.index)).length > 0) {
    head = head.slice(0, dash.index);
  }
  if (!head || head.length > 400) return undefined;
  const all = leadingNames(head);
  const names = all.filter((n) => !isVague(n));
  if (names.length === 0) return undefined;
  const covered = all.reduce((n, name) => n + name.length, 0);
  const chair = CHU_TRI.exec(head);
  if (chair) {
    const before = leadingNames(head.slice(0, chair.index));
    if (before.length > 0) return { lead: before, partners: partnersIn(head.slice(chair.index)) };
  }
  // "UBND các xã chủ động bố trí kinh phí …:" then bullets: the duties of the names it opens with.
  if (colon === heading.trimEnd().length - 1 && head === written) {
    return { lead: names, partners: partnersIn(head) };
  }
  const letters = head.replace(/[\s,;.]|(?<!\p{L})và(?!\p{L})/gu, "").length;
  return covered >= letters * 0.7 ? { lead: names, partners: [] } : undefined;
}

interface Duty {
  text: string;
  lines: string[];
  /** Agencies the duty works with, given by how it was introduced ("Chủ trì, phối hợp" then "- Sở A …"). */
  partners?: string[];
}

// "… các dự án trong Chương trình, bao gồm:" then bullets: each bullet is a piece of work.
const LIST_INTRO = /(?:bao gồm|như sau|sau đây|các nhiệm vụ sau)\s*:\s*$/iu;
// "Chủ trì, phối hợp" then "- Sở A và … tham mưu …": each bullet is led by the item's agency, with the agencies it opens with.
const WITH_INTRO = /^ch[ủu] tr[ìi],?\s*ph[ốo]i h[ợo]p(?:\s+v[ớo]i)?\s*:?\s*$/iu;

/** The duties under an agency heading: its lettered items, else its bullets, else its text, else the heading itself. */
function dutiesOf(b: Block): Duty[] {
  if (b.children.length > 0) {
    return b.children.flatMap((c) => {
      const bullets = lines(c.body).filter((l) => BULLET.test(l));
      if (LIST_INTRO.test(c.heading) && bullets.length >= 2) return bullets.map((l) => ({ text: l.replace(BULLET, ""), lines: [c.line, l] }));
      if (WITH_INTRO.test(c.heading) && bullets.length >= 2) {
        return bullets.map((l) => ({ text: l.replace(BULLET, ""), lines: [c.line, l], partners: leadingNames(l.replace(BULLET, "")) }));
      }
      return [{ text: [c.heading, ...lines(c.body)].join(" "), lines: [c.line, ...lines(c.body)] }];
    });
  }
  if (lines(b.body).length === 0) return [{ text: b.heading, lines: [b.line] }];
  const duties: Duty[] = [];
  for (const line of lines(b.body)) {
    const label = labelOf(line);
    const last = duties.at(-1);
    if (last && (label || line.startsWith("+"))) {
      last.lines.push(line);
      continue;
    }
    if (BULLET.test(line) || duties.length === 0) duties.push({ text: line.replace(BULLET, ""), lines: [line] });
    else last!.lines.push(line), (last!.text += ` ${line}`);
  }
  return duties;
}

const REPORTING = /^(?:dinh ky[^,.;]*,?\s*)?(?:thuc hien (?:che do )?)?(?:tong hop,? )?bao cao (?:ket qua|tinh hinh|dinh ky|ve|tien do)/;

/**
 * "+ Sở Xây dựng: hướng dẫn …" lines under one duty, each opened by an agency: each is that
 * agency's share of the duty.
 */
function sharesOf(d: Duty): { lead: string[]; text: string }[] {
  const shares = d.lines
    .filter((l) => l.startsWith("+"))
    .map((l) => ({ text: l.replace(/^\+\s*/, ""), lead: leadingNames(l.replace(/^\+\s*/, "")).filter((n) => !isVague(n)) }))
    .filter((x) => x.lead.length > 0);
  return shares.length >= 2 ? shares : [];
}

function dutyTasks(b: Block, agencies: { lead: string[]; partners: string[] }, datedOnly: boolean, out: RawTask[]): void {
  const duties = dutiesOf(b).filter((d) => d.text.trim().length > 0 && !REPORTING.test(fold(d.text.trim())));
  const many = duties.length > 1;
  duties.forEach((d, k) => {
    const labels = labelsOf(d.lines);
    const timeframe = labels.timeframe ?? inlineTimeframe(d.text, datedOnly);
    if (datedOnly && !timeframe) return;
    const chair = CHU_TRI.exec(d.text);
    const named = chair ? leadingNames(d.text.slice(0, chair.index)) : [];
    const id = many ? `${naturalId(b)}.${k + 1}` : naturalId(b);
    const task = (lead: string[], title: string, suffix: string, extra: string[]): RawTask => ({
      id: `${id}${suffix}`,
      section: b.id,
      title: title.replace(/^\p{Ll}\s*[.)]\s*/u, "").trim(),
      text: [b.line, ...d.lines].join("\n"),
      lead,
      partners: unique([...agencies.partners, ...extra, ...readPartners(labels.partners ?? "")]),
      timeframe,
      form: "duty",
    });
    const shares = sharesOf(d);
    if (shares.length > 0) shares.forEach((s, n) => out.push(task(s.lead, s.text, `.${n + 1}`, partnersIn(s.text))));
    else out.push(task(named.length > 0 ? named : agencies.lead, d.text, "", [...(d.partners ?? []), ...partnersIn(d.text)]));
  });
}

const ASSIGNS = /\b(?:chu tri|co trach nhiem|chiu trach nhiem|giao)\b/;

/** Who a sentence says acts: the names before its verb ("Sở X chủ trì"), after "giao", or that open it. */
function actorsIn(text: string): { lead: string[]; verbAt: number; assigned: boolean } {
  const m = ASSIGNS.exec(fold(text));
  const found = m && assignedBy(text, m);
  if (found && found.length > 0) return { lead: found, verbAt: m.index, assigned: true };
  // "Căn cứ Kế hoạch này, các sở, ban, ngành …": names may follow an opening clause.
  const opening = /^(?:căn cứ|trên cơ sở|theo|để|đồng thời)(?=[\s,])[^,]{0,60},\s*/iu.exec(text);
  return { lead: leadingNames(opening ? text.slice(opening[0].length) : text), verbAt: 0, assigned: false };
}

/** The names a verb of assignment points at; "được giao" (what was assigned to it) points at none. */
function assignedBy(text: string, m: RegExpExecArray): string[] {
  if (m[0] === "giao") return /duoc $/.test(fold(text.slice(Math.max(0, m.index - 6), m.index))) ? [] : leadingNames(text.slice(m.index + m[0].length));
  // The acting names stand just before the verb, at the start of their sentence.
  const before = text.slice(0, m.index);
  const sentence = before.slice(Math.max(before.lastIndexOf(". ") + 1, before.lastIndexOf(";") + 1, 0));
  return leadingNames(sentence.replace(/^\s*(?:đề nghị|de nghi|đồng thời,?)\s+/iu, ""));
}

/**
 * (d) An item of a task section whose sentences name who acts: "Sở X chủ trì, phối hợp với Y".
 * Each paragraph that assigns work to someone is a task; one that only names someone first is
 * a task when no paragraph assigns.
 */
function proseTasks(b: Block, datedOnly: boolean): RawTask[] {
  const found: { text: string; lead: string[]; verbAt: number; assigned: boolean }[] = [];
  for (const text of [b.heading, ...lines(b.body)]) {
    const a = actorsIn(text);
    const lead = a.lead.filter((n) => !isVague(n) && n.split(/\s+/).length > 1);
    if (lead.length > 0) found.push({ text, ...a, lead });
  }
  const assigning = found.filter((f) => f.assigned);
  const chosen = assigning.length > 1 ? assigning : found.slice(0, 1);
  const out: RawTask[] = [];
  chosen.forEach((f, k) => {
    const timeframe = inlineTimeframe(chosen.length > 1 ? f.text : [b.heading, ...lines(b.body)].join(" "), datedOnly);
    if (datedOnly && !timeframe) return;
    out.push({
      id: chosen.length > 1 ? `${naturalId(b)}.${k + 1}` : naturalId(b),
      section: b.id,
      title: chosen.length > 1 ? f.text : b.heading || f.text,
      text: blockText(b),
      lead: unique(f.lead),
      partners: unique(partnersIn(f.text.slice(f.verbAt))),
      timeframe,
      form: "prose",
    });
  });
  return out;
}

/** "Tổ chức thực hiện": the part of a plan that says who implements it and reports. */
export function isImplementation(heading: string): boolean {
  return /to chuc thuc hien/.test(fold(heading));
}

const TASK_SECTION = /nhiem vu|giai phap|noi dung|hoat dong/;
const DUTY_SECTION = /phan cong|to chuc thuc hien|trach nhiem/;
const NOT_TASKS = /muc (?:dich|tieu)|yeu cau|kinh phi|can cu|quan diem|dinh huong|tam nhin|chi tieu/;

/** Where an item stands: in the plan's list of tasks, among the duties of its implementation, or neither. */
function sectionKind(b: Block): "tasks" | "duties" | undefined {
  // The item's own words ("… bố trí kinh phí …", "… nội dung …") do not say what section it is in.
  for (let p: Block | undefined = b.parent; p; p = p.parent) {
    const h = fold(p.heading);
    if (NOT_TASKS.test(h) && p.style !== "root") return undefined;
    if (DUTY_SECTION.test(h)) return "duties";
    if (TASK_SECTION.test(h)) return "tasks";
  }
  return undefined;
}

interface TableAt {
  rows: Row[];
  section: string;
  title: string;
  /** A table inside a numbered item numbers its rows under the item's ("2.1", "2.2"). */
  prefix: string;
}

/** Tables of every block and appendix, with the heading lines that introduce each. */
function tablesIn(b: Block): TableAt[] {
  const out: TableAt[] = [];
  const inItem = b.style !== "appendix" && b.style !== "root" && b.style !== "roman";
  let intro: string[] = b.style === "appendix" ? [b.heading] : [];
  for (const p of b.body as Piece[]) {
    if (p.kind === "line") intro.push(p.text);
    else {
      out.push({ rows: p.rows, section: b.id, title: intro.slice(-3).join(" "), prefix: inItem ? `${naturalId(b)}.` : "" });
      intro = [];
    }
  }
  return [...out, ...b.children.flatMap(tablesIn)];
}

export function findTasks(sections: Block[], appendices: Block[]): RawTask[] {
  const fromLabels: RawTask[] = [];
  for (const s of sections) labelled(s, {}, fromLabels);

  const fromTables: RawTask[] = [];
  let columns: (Column | undefined)[] | undefined;
  for (const t of [...sections, ...appendices].flatMap(tablesIn)) columns = tableTasks(t, columns, fromTables);

  let datedOnly = fromLabels.length > 0 || fromTables.length > 0;
  const taken = new Set(fromLabels.map((t) => t.section));
  const fromDuties: RawTask[] = [];
  const visit = (b: Block): void => {
    if (taken.has(b.id) || [...taken].some((s) => s.startsWith(`${b.id}.`))) {
      b.children.forEach(visit);
      return;
    }
    const agencies = b.style !== "roman" && b.style !== "root" ? headingAgencies(b.heading) : undefined;
    if (agencies) {
      dutyTasks(b, agencies, datedOnly, fromDuties);
      return;
    }
    const kind = sectionKind(b);
    if (b.children.length === 0 && b.style !== "roman" && b.style !== "root" && kind) {
      // Items of the task list are tasks whatever their time; the implementation's only with a date.
      fromDuties.push(...proseTasks(b, datedOnly && kind === "duties"));
      return;
    }
    b.children.forEach(visit);
  };
  // "Tổ chức thực hiện" last: where the plan gave its tasks elsewhere (a list of duties per
  // agency, labelled items, a table), only what it dates there is a task of its own.
  sections.filter((b) => !isImplementation(b.heading)).forEach(visit);
  datedOnly ||= fromDuties.length > 0;
  sections.filter((b) => isImplementation(b.heading)).forEach(visit);
  // Reading order: main sections, then appendices; tasks of one block keep their own order.
  const position = new Map([...sections, ...appendices].flatMap(descendants).map((b, i) => [b.id, i]));
  const at = (t: RawTask) => {
    // A table row's section ("PL1.I.3", "I.2.1") lies in the block its table is in.
    for (let parts = t.section.split("."); parts.length > 0; parts.pop()) {
      const found = position.get(parts.join("."));
      if (found !== undefined) return found;
    }
    return position.size;
  };
  return [...fromLabels, ...fromDuties, ...fromTables].sort((a, b) => at(a) - at(b));
}
