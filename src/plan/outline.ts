/**
 * The document's outline: numbered headings at every depth (I., 1., 1.1., a)), each owning the
 * lines and tables under it. Vietnamese administrative documents (Nghị định 30/2020) number
 * parts with Roman numerals, items with 1., 2. or 1.1., and sub-items with a), b); a plan may
 * skip levels or nest them in another order, so levels are learnt from the order headings
 * appear in, not fixed. Appendices (Phụ lục) after the signature are outlines of their own.
 */
import { fold } from "../text/normalize.js";
import type { Piece } from "./layout.js";
import type { Row } from "./tables.js";

export type Style = "roman" | "arabic" | "decimal" | "letter";

export interface Block {
  /** Section id: "II", "II.5", "II.5.a", "PL1.2". */
  id: string;
  style: Style | "root" | "appendix";
  /** "II", "5", "1.2", "a". */
  number: string;
  heading: string;
  /** The heading line as written. */
  line: string;
  /** Lines and tables under the heading that belong to no child block. */
  body: Piece[];
  children: Block[];
  parent?: Block;
}

export interface Outline {
  preamble: Piece[];
  sections: Block[];
  recipients: string[];
  appendices: Block[];
}

const ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"];
// Vietnamese lists skip f, j, w, z and put đ after d; a plain a-b-c-d-e list is accepted too.
const LETTERS = "abcdđeghiklmnopqrstuvxy";

const HEADINGS: [Style, RegExp][] = [
  ["roman", /^(?:PHẦN\s+|Phần\s+)?([IVX]{1,4})\s*[.):\-–](?!\p{N})\s*(.*)$/u],
  ["decimal", /^(\d{1,2}(?:\.\d{1,2}){1,3})\.?(?!\p{N})\s*(.*)$/u],
  ["arabic", /^(\d{1,2})\s*[.)](?!\p{N})\s*(.*)$/u],
  ["letter", /^(?:[-+•]\s*)?(\p{Ll})\s*[.)]\s+(.*)$/u],
];
const APPENDIX = /^ph[uụ] l[uụ]c(?:\s+(?:s[oố]\s+)?([IVX\d]{1,4}))?\b[.:]?\s*(.*)$/iu;
const RECIPIENTS = /^noi nhan\s*(?::|$)/;

interface Heading {
  style: Style;
  number: string;
  heading: string;
  line: string;
}

function headingOf(line: string): Heading | undefined {
  for (const [style, pattern] of HEADINGS) {
    const m = pattern.exec(line);
    if (m) return { style, number: m[1] ?? "", heading: (m[2] ?? "").trim(), line };
  }
  return undefined;
}

/** Whether `next` may follow `previous` in one list: II after I, 5 after 4, b after a, 1.3 after 1.2. */
function follows(style: Style, previous: string, next: string): boolean {
  switch (style) {
    case "roman":
      return ROMANS.indexOf(next) === ROMANS.indexOf(previous) + 1;
    case "arabic":
      return Number(next) === Number(previous) + 1;
    case "letter": {
      const before = LETTERS.indexOf(previous);
      const at = LETTERS.indexOf(next);
      return at > before && at <= before + 2;
    }
    case "decimal": {
      const a = previous.split(".");
      const b = next.split(".");
      if (a.length !== b.length) return false;
      const last = b.length - 1;
      if (a.slice(0, last).join(".") === b.slice(0, last).join(".")) return Number(b[last]) === Number(a[last]) + 1;
      // "2.1" after "1.4": a new parent number starts its own list.
      return Number(b[last - 1]) === Number(a[last - 1]) + 1 && Number(b[last]) === 1;
    }
  }
}

function isFirst(style: Style, number: string): boolean {
  switch (style) {
    case "roman":
      return number === "I";
    case "arabic":
      return number === "1";
    case "letter":
      return number === "a";
    case "decimal":
      return number.endsWith(".1");
  }
}

function childId(parent: Block, h: Heading): string {
  if (h.style === "roman" || parent.style === "root") return h.number;
  if (parent.style === "appendix") return `${parent.id}.${h.number}`;
  if (h.style === "decimal") {
    const parts = h.number.split(".");
    const prefix = parts.slice(0, -1).join(".");
    // "1.2" under item "1" is "II.1.2", not "II.1.1.2".
    if (prefix === parent.number || prefix.endsWith(`.${parent.number}`)) return `${parent.id}.${parts.at(-1)}`;
  }
  return `${parent.id}.${h.number}`;
}

function root(id: string, style: "root" | "appendix", heading: string): Block {
  return { id, style, number: id, heading, line: heading, body: [], children: [] };
}

/**
 * Builds one outline. A heading is accepted only where it continues an open list (the next
 * number after a sibling) or opens a new list one level down with its first number, so a line
 * that happens to start with "3." inside text is not mistaken for one.
 */
function build(pieces: Piece[], top: Block): void {
  const stack: Block[] = [top];
  for (const piece of pieces) {
    const h = piece.kind === "line" ? headingOf(piece.text) : undefined;
    if (h) {
      const at = stack.findLastIndex((b) => b.style === h.style);
      const sibling = at > 0 ? stack[at]! : undefined;
      let parent: Block | undefined;
      if (sibling && follows(h.style, sibling.number, h.number)) parent = stack[at - 1]!;
      else if (!sibling && isFirst(h.style, h.number)) parent = stack.at(-1)!;
      else if (h.style === "roman" && !sibling && top.children.length === 0 && top.style === "appendix") parent = top;
      if (parent) {
        stack.length = stack.indexOf(parent) + 1;
        const block: Block = { id: childId(parent, h), ...h, body: [], children: [], parent };
        parent.children.push(block);
        stack.push(block);
        continue;
      }
    }
    stack.at(-1)!.body.push(piece);
  }
}

function isRecipients(piece: Piece): boolean {
  const text = piece.kind === "line" ? piece.text : (piece.rows[0]?.[0] ?? "");
  return RECIPIENTS.test(fold(text).replace(/^[-\s]+/, ""));
}

function recipientLines(piece: Piece): string[] {
  if (piece.kind === "line") return [piece.text];
  const cell = piece.rows[0]?.[0] ?? "";
  return cell.split(/\s(?=-\s)/).map((l) => l.trim());
}

/**
 * The plan's body runs from its first Roman numeral to "Nơi nhận"; a plan issued by a decision
 * (Quyết định … Điều 1 …) has the decision's own "Nơi nhận" first, which ends nothing. After the
 * body come appendices, each opened by a "PHỤ LỤC" line.
 */
export function outline(pieces: Piece[]): Outline {
  const out: Outline = { preamble: [], sections: [], recipients: [], appendices: [] };
  const body = root("root", "root", "");
  let i = 0;
  const isRoman = (p: Piece) => p.kind === "line" && /^(?:PHẦN\s+)?I\s*[.):\-–]\s*\S/u.test(p.text);
  const firstRoman = pieces.findIndex(isRoman);
  const start = firstRoman >= 0 ? firstRoman : 0;
  out.preamble = pieces.slice(0, start);
  const main: Piece[] = [];
  for (i = start; i < pieces.length; i++) {
    const p = pieces[i]!;
    if (isRecipients(p)) break;
    if (p.kind === "line" && APPENDIX.test(p.text) && main.length > 0 && !/k[eè]m theo/iu.test(p.text)) break;
    main.push(p);
  }
  build(main, body);
  out.sections = body.children;
  // What the body holds before its first heading (a plan without Roman sections) stays there.
  if (body.body.length > 0 && out.sections.length === 0) out.preamble.push(...body.body);

  let appendix: Block | undefined;
  const pending: Piece[] = [];
  const close = () => {
    if (appendix) {
      build(pending, appendix);
      out.appendices.push(appendix);
    }
    pending.length = 0;
  };
  for (; i < pieces.length; i++) {
    const p = pieces[i]!;
    const m = p.kind === "line" ? APPENDIX.exec(p.text) : null;
    if (m && p.kind === "line" && !/k[eè]m theo/iu.test(p.text)) {
      close();
      const n = out.appendices.length + 1;
      appendix = root(`PL${n}`, "appendix", p.text);
      continue;
    }
    if (appendix) pending.push(p);
    else out.recipients.push(...recipientLines(p));
  }
  close();
  return out;
}

/** Every block under `b`, `b` first. */
export function descendants(b: Block): Block[] {
  return [b, ...b.children.flatMap(descendants)];
}

export function lines(pieces: Piece[]): string[] {
  return pieces.flatMap((p) => (p.kind === "line" ? [p.text] : []));
}

export function tables(pieces: Piece[]): Row[][] {
  return pieces.flatMap((p) => (p.kind === "table" ? [p.rows] : []));
}
