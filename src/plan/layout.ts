/**
 * The plan's text laid out as the document means it: one line per paragraph, list item or
 * label, and tables as rows. Real plans arrive hard-wrapped at ~85 characters (PDF text, crawled
 * pages), inside names and labels ("Cơ quan chủ trì: Sở Khoa⏎học và Công nghệ"), with markdown
 * emphasis and page numbers; none of that carries meaning here.
 */
import { clean } from "../text/normalize.js";
import { labelOf } from "./labels.js";
import { readDump, readHtml, readPipes, type Row } from "./tables.js";

export type Piece = { kind: "line"; text: string } | { kind: "table"; rows: Row[] };

/** What opens a new line even inside a wrapped paragraph: a number, letter, bullet or label. */
const ITEM_START =
  /^(?:(?:PHẦN|Phần|PHỤ LỤC|Phụ lục|Điều)\b|[IVXL]{1,6}\s*[.)]|\d{1,2}(?:\.\d{1,2}){0,3}\s*[.)]?\s|\p{Ll}\s*[.)]\s|[-+•–]\s?)/u;
const MARKER_ONLY = /^(?:[IVXL]{1,6}|\d{1,2}(?:\.\d{1,2}){0,3}|\p{Ll})\s*[.)]?$|^[-+•–]$/u;
const ENDS_SENTENCE = /[.;:!?…]["”)]*$/;
const PAGE_NUMBER = /^(?:-\s*)?(?:trang\s+)?\d{1,3}(?:\s*-)?$/iu;

/** Markdown emphasis and heading marks dropped; a "* " list item kept as "- ". */
function plain(line: string): string {
  return line
    .replace(/^\s*#{1,6}\s+/, "")
    .replace(/^(\s*)\*\s+(?=\S)/, "$1- ")
    .replace(/\*+|__/g, "")
    .replace(/\\([\\*_[\]()#+\-.!|])/g, "$1")
    .replace(/[ \t\u00A0]+/g, " ")
    .trim();
}

function startsUpper(text: string): boolean {
  return /^\p{Lu}/u.test(text.replace(/^(?:[-+•–]\s*)?(?:[IVXL]{1,6}\s*[.)]|\d{1,2}(?:\.\d{1,2}){0,3}\s*[.)]?|\p{Ll}\s*[.)])?\s*/u, ""));
}

/**
 * Joins the lines of one paragraph. A line starts anew where an item or label begins after a
 * finished sentence, or a bullet opens with a capital; otherwise it continues the line before.
 * `width` is the document's usual line length: a finished sentence on a short line ends its
 * paragraph even where no blank line follows (text taken from a PDF).
 */
function unwrap(lines: string[], width: number): string[] {
  // Parts of each output line, joined once at the end: a paragraph of thousands of wrapped
  // lines must not be copied at every join.
  const out: string[][] = [];
  for (const line of lines) {
    const prev = out.at(-1)?.at(-1);
    if (prev === undefined) {
      out.push([line]);
      continue;
    }
    const item = ITEM_START.test(line) || labelOf(line) !== undefined;
    const ended = ENDS_SENTENCE.test(prev);
    const breaks =
      !(out.at(-1)!.length === 1 && MARKER_ONLY.test(prev)) &&
      ((item && (ended || (startsUpper(line) && !/[,(]$/.test(prev)))) || (ended && !prev.endsWith(":") && prev.length < width * 0.75 && startsUpper(line)));
    if (breaks) out.push([line]);
    else out.at(-1)!.push(line);
  }
  // A line broken after a hyphen inside a word ("26/NQ-⏎CP") joins without a space.
  return out.map((parts) => parts.reduce((a, b) => (/[\p{L}\p{N}]-$/u.test(a) ? a + b : `${a} ${b}`)).replace(/\s+/g, " "));
}

function typicalWidth(lines: string[]): number {
  const lengths = lines.map((l) => l.length).filter((n) => n > 20).sort((a, b) => a - b);
  return lengths[Math.floor(lengths.length * 0.9)] ?? 80;
}

type Block = { kind: "text"; lines: string[] } | { kind: "table"; rows: Row[] };

/** Blank-line paragraphs, with the three written forms of tables taken out whole. */
function blocks(lines: string[]): Block[] {
  const out: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length > 0) out.push({ kind: "text", lines: para });
    para = [];
  };
  for (let i = 0; i < lines.length; ) {
    const line = lines[i]!;
    if (/<table\b/i.test(line)) {
      flush();
      const start = i;
      while (i < lines.length && !/<\/table>/i.test(lines[i]!)) i++;
      out.push({ kind: "table", rows: readHtml(lines.slice(start, ++i).join("\n")) });
      continue;
    }
    if (line === "|") {
      flush();
      const start = i;
      while (i < lines.length && lines[i] !== "") i++;
      out.push({ kind: "table", rows: readDump(lines.slice(start, i)) });
      continue;
    }
    if (/^\|.*\|$/.test(line) && line.length > 2) {
      flush();
      const start = i;
      while (i < lines.length && /^\|.*\|$/.test(lines[i]!)) i++;
      out.push({ kind: "table", rows: readPipes(lines.slice(start, i)) });
      continue;
    }
    if (line === "") flush();
    else para.push(line);
    i++;
  }
  flush();
  return out;
}

export function layout(text: string): Piece[] {
  // A line of markup alone ("**" closing a bold heading) is neither text nor a paragraph break.
  const raw = clean(text).split("\n");
  const all = blocks(raw.map(plain).filter((l, i) => l !== "" || raw[i]!.trim() === ""));
  const texts = all.flatMap((b) => (b.kind === "text" ? b.lines : []));
  const width = typicalWidth(texts);
  const pieces: Piece[] = [];
  for (const b of all) {
    if (b.kind === "table") {
      if (b.rows.length > 0) pieces.push({ kind: "table", rows: b.rows });
      continue;
    }
    const kept = b.lines.filter((l) => !PAGE_NUMBER.test(l));
    for (const line of unwrap(kept, width)) pieces.push({ kind: "line", text: line });
  }
  return pieces;
}
