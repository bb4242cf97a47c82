/**
 * A plan file (.txt, .md, .docx, .pdf) → the plain text that `parsePlan` reads.
 *
 * Agencies receive plans as Word files or as PDFs exported from the document system; the
 * parser reads lines, so each format is brought to lines here: a paragraph is a line, a
 * table row is a markdown pipe row, a PDF line is the text on one baseline. mammoth and
 * pdf.js are imported only when such a file is read, so the bot's idle memory stays small.
 */
import { readFile, stat } from "node:fs/promises";
import { basename, extname } from "node:path";

const MAX_BYTES = 20 * 1024 * 1024;
const ACCEPTED = [".txt", ".md", ".docx", ".pdf"];

export class PlanFileError extends Error {
  constructor(vietnamese: string, english: string) {
    super(`${vietnamese} / ${english}`);
    this.name = "PlanFileError";
  }
}

export async function readPlanFile(path: string): Promise<string> {
  const name = basename(path);
  const ext = extname(path).toLowerCase();
  if (!ACCEPTED.includes(ext)) {
    throw new PlanFileError(
      `Không đọc được tệp "${name}": chỉ nhận tệp ${ACCEPTED.join(", ")}; tệp .doc hay .odt hãy lưu lại thành .docx`,
      `Unsupported file type "${ext || name}": accepted are ${ACCEPTED.join(", ")}`,
    );
  }
  const data = await load(path, name);
  const text = ext === ".docx" ? await docxText(data, name) : ext === ".pdf" ? await pdfText(data, name) : utf8(data, name);
  if (!text.trim()) throw new PlanFileError(`Tệp "${name}" không có nội dung chữ`, `The file "${name}" has no text`);
  return text;
}

async function load(path: string, name: string): Promise<Buffer> {
  try {
    const { size } = await stat(path);
    if (size > MAX_BYTES) {
      const mb = (size / 1024 / 1024).toFixed(1);
      throw new PlanFileError(
        `Tệp "${name}" quá lớn (${mb} MB, tối đa ${MAX_BYTES / 1024 / 1024} MB)`,
        `The file is too large (${mb} MB, at most ${MAX_BYTES / 1024 / 1024} MB)`,
      );
    }
    return await readFile(path);
  } catch (err) {
    if (err instanceof PlanFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new PlanFileError(`Không tìm thấy tệp "${path}"`, `File not found: ${path}`);
    throw new PlanFileError(`Không đọc được tệp "${name}" (${code ?? String(err)})`, `Cannot read the file (${code ?? String(err)})`);
  }
}

function utf8(data: Buffer, name: string): string {
  try {
    // fatal: a plan saved in a legacy Vietnamese code page (TCVN3, VNI, Windows-1258) must be
    // refused, not parsed as mojibake.
    return new TextDecoder("utf-8", { fatal: true }).decode(data).replace(/^\uFEFF/, "");
  } catch {
    throw new PlanFileError(
      `Tệp "${name}" không phải văn bản UTF-8; hãy lưu lại với mã hóa UTF-8 (Unicode)`,
      "The file is not UTF-8 text",
    );
  }
}

// ---------------------------------------------------------------------------------------
// DOCX: mammoth's HTML (it keeps tables, with colspan and rowspan) → lines.

async function docxText(data: Buffer, name: string): Promise<string> {
  const { default: mammoth } = await import("mammoth");
  let html: string;
  try {
    // Images are never read: their bytes would only be base64-encoded and dropped.
    const noImages = mammoth.images.imgElement(() => Promise.resolve({ src: "" }));
    html = (await mammoth.convertToHtml({ buffer: data }, { convertImage: noImages })).value;
  } catch {
    throw new PlanFileError(
      `Không đọc được tệp "${name}": tệp .docx bị hỏng hoặc không phải tài liệu Word`,
      "Cannot read the file: the .docx is damaged or not a Word document",
    );
  }
  const lines: string[] = [];
  blocks(parseHtml(html), lines, false);
  return tidy(lines);
}

interface Element {
  tag: string;
  attrs: Record<string, string>;
  children: (Element | string)[];
}

const VOID_TAGS = new Set(["br", "img", "hr"]);

/** mammoth writes well-formed HTML with no comments, scripts or unquoted attributes. */
function parseHtml(html: string): Element {
  const root: Element = { tag: "", attrs: {}, children: [] };
  const stack = [root];
  for (const m of html.matchAll(/<(\/?)([a-zA-Z0-9]+)([^>]*)>|([^<]+)/g)) {
    const top = stack[stack.length - 1] ?? root;
    const [, closing, rawTag, rest = "", text] = m;
    if (text !== undefined) {
      top.children.push(decodeEntities(text));
      continue;
    }
    const tag = (rawTag ?? "").toLowerCase();
    if (closing) {
      const at = stack.findLastIndex((e) => e.tag === tag);
      if (at > 0) stack.length = at;
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of rest.matchAll(/([a-zA-Z-]+)="([^"]*)"/g)) attrs[(a[1] ?? "").toLowerCase()] = decodeEntities(a[2] ?? "");
    const el: Element = { tag, attrs, children: [] };
    top.children.push(el);
    if (!VOID_TAGS.has(tag) && !rest.endsWith("/")) stack.push(el);
  }
  return root;
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] !== "#") return named[e.toLowerCase()] ?? whole;
    return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

/**
 * Block elements → lines, each paragraph followed by a blank line. Inside a table cell (`flat`)
 * a nested table gives its cells as lines, so that the cell stays one pipe-row cell.
 */
function blocks(el: Element, out: string[], flat: boolean): void {
  for (const child of el.children) {
    if (typeof child === "string" || /^(p|h[1-6])$/.test(child.tag)) {
      out.push(...inline(child), "");
    } else if (child.tag === "ul" || child.tag === "ol") {
      list(child, out);
      out.push("");
    } else if (child.tag === "table") {
      if (flat) for (const row of tableGrid(child)) out.push(...row);
      else out.push(...tableGrid(child).map(pipeRow), "");
    } else if (!VOID_TAGS.has(child.tag)) {
      blocks(child, out, flat);
    }
  }
}

/**
 * Word's automatic numbering ("1.", "a)") is not text in the document, and mammoth keeps only
 * whether a list is ordered; ordered items come out without their number. Bullets become "- ",
 * the dash that Vietnamese plans use.
 */
function list(el: Element, out: string[]): void {
  for (const li of el.children) {
    if (typeof li === "string" || li.tag !== "li") continue;
    const own: Element = { tag: "li", attrs: {}, children: li.children.filter((c) => typeof c === "string" || !/^(ul|ol)$/.test(c.tag)) };
    const text = inline(own).join(" ");
    if (text) out.push(el.tag === "ul" ? `- ${text}` : text);
    for (const c of li.children) if (typeof c !== "string" && /^(ul|ol)$/.test(c.tag)) list(c, out);
  }
}

/** The text of an element as lines (a <br> breaks a line), whitespace collapsed. */
function inline(node: Element | string): string[] {
  const parts: string[] = [];
  const walk = (n: Element | string): void => {
    if (typeof n === "string") parts.push(n);
    else if (n.tag === "br") parts.push("\n");
    else if (n.tag === "p" || n.tag === "li") {
      if (parts.length > 0) parts.push("\n");
      n.children.forEach(walk);
    } else n.children.forEach(walk);
  };
  walk(node);
  return parts
    .join("")
    .split("\n")
    .map((l) => l.replace(/[\s\u00a0]+/g, " ").trim())
    .filter(Boolean);
}

/**
 * A table as a grid of cell texts. Every row gets the table's full width: a vertically merged
 * cell repeats its text in each row it covers (each task row keeps its own "Nguồn kinh phí"),
 * a horizontally merged one is followed by empty cells (a group row "I | Title | | |").
 */
function tableGrid(table: Element): string[][] {
  const carried: { text: string; rows: number }[] = [];
  const grid: string[][] = [];
  for (const tr of rowsOf(table)) {
    const row: string[] = [];
    let col = 0;
    const takeCarried = (): void => {
      for (let c = carried[col]; c && c.rows > 0; c = carried[col]) {
        row[col++] = c.text;
        c.rows--;
      }
    };
    for (const td of tr.children) {
      if (typeof td === "string" || (td.tag !== "td" && td.tag !== "th")) continue;
      takeCarried();
      const text = cellText(td);
      const colspan = Math.max(1, Number(td.attrs.colspan) || 1);
      const rowspan = Math.max(1, Number(td.attrs.rowspan) || 1);
      for (let k = 0; k < colspan; k++) {
        row[col] = k === 0 ? text : "";
        carried[col] = { text: row[col] ?? "", rows: rowspan - 1 };
        col++;
      }
    }
    takeCarried();
    grid.push(row);
  }
  const width = Math.max(0, ...grid.map((r) => r.length));
  return grid.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? "")).filter((r) => r.some(Boolean));
}

function rowsOf(table: Element): Element[] {
  return table.children.flatMap((c) => {
    if (typeof c === "string") return [];
    if (c.tag === "tr") return [c];
    return /^(thead|tbody|tfoot)$/.test(c.tag) ? rowsOf(c) : [];
  });
}

/** A cell's paragraphs joined by "; " (a cell listing agencies one per paragraph), or by a space after punctuation. */
function cellText(td: Element): string {
  const lines: string[] = [];
  blocks(td, lines, true);
  return lines
    .filter(Boolean)
    .reduce((text, line) => (text ? `${text}${/[;:.,!?]$/.test(text) ? " " : "; "}${line}` : line), "")
    .replace(/\|/g, "\\|");
}

function pipeRow(cells: string[]): string {
  return `| ${cells.join(" | ")} |`;
}

function tidy(lines: string[]): string {
  return `${lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}

// ---------------------------------------------------------------------------------------
// PDF: text items → lines by baseline.

interface Item {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

interface Line {
  y: number;
  text: string;
}

// Fewer visible characters than this per page on average: the pages are images.
const MIN_CHARS_PER_PAGE = 40;

async function pdfText(data: Buffer, name: string): Promise<string> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const task = pdfjs.getDocument({
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: 0,
  });
  try {
    let doc;
    try {
      doc = await task.promise;
    } catch (err) {
      if (err instanceof Error && err.name === "PasswordException") {
        throw new PlanFileError(`Tệp PDF "${name}" có mật khẩu; hãy gỡ mật khẩu hoặc dùng tệp .docx`, "The PDF is password-protected");
      }
      throw new PlanFileError(`Không đọc được tệp "${name}": tệp PDF bị hỏng`, "Cannot read the file: the PDF is damaged");
    }
    const pages: Line[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pages.push(linesOf(content.items.flatMap((i) => ("str" in i ? itemOf(i) : []))));
      page.cleanup();
    }
    const chars = pages.flat().reduce((sum, l) => sum + l.text.replace(/\s/g, "").length, 0);
    if (chars < MIN_CHARS_PER_PAGE * Math.max(1, pages.length)) {
      throw new PlanFileError(
        "Tệp PDF không có lớp chữ (bản quét); hãy dùng bản PDF xuất từ hệ thống văn bản hoặc tệp .docx",
        "The PDF has no text layer (a scan)",
      );
    }
    return tidy(paragraphBreaks(withoutRunningLines(pages)));
  } finally {
    await task.destroy();
  }
}

function itemOf(i: { str: string; transform: number[]; width: number }): Item[] {
  const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = i.transform;
  // Rotated text is a margin stamp or a watermark, not the plan's lines.
  if (Math.abs(b) > Math.abs(a) * 0.05 || a <= 0) return [];
  return [{ str: i.str, x, y, width: i.width, size: Math.hypot(c, d) || Math.abs(a) }];
}

/** Items on one baseline (within half a font size) form a line, read left to right. */
function linesOf(items: Item[]): Line[] {
  const sorted = items.filter((i) => i.str).sort((p, q) => q.y - p.y || p.x - q.x);
  const groups: Item[][] = [];
  for (const item of sorted) {
    const group = groups[groups.length - 1];
    const first = group?.[0];
    if (group && first && Math.abs(first.y - item.y) <= Math.min(first.size, item.size) / 2) group.push(item);
    else groups.push([item]);
  }
  return groups
    .map((g) => {
      g.sort((p, q) => p.x - q.x);
      let text = "";
      let end = -Infinity;
      for (const item of g) {
        // pdf.js already puts spaces inside runs; between runs a gap wider than a fifth of
        // the font size is a space (justified text widens spaces, kerning never does this).
        if (text && item.x - end > item.size * 0.2 && !/\s$/.test(text) && !/^\s/.test(item.str)) text += " ";
        text += item.str;
        end = Math.max(end, item.x + item.width);
      }
      return { y: g[0]?.y ?? 0, text: text.replace(/\s+/g, " ").trim() };
    })
    .filter((l) => l.text);
}

const PAGE_NUMBER = /^(?:trang|page)?\s*[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:\/|of|trên)\s*\d{1,4})?$/i;

/**
 * Page numbers and running headers or footers would cut a sentence that runs across a page
 * break. A page number is dropped at the top or bottom of a page; a line is a running header
 * or footer when the same text is among the first or last two lines of at least three pages
 * and of half of them.
 */
function withoutRunningLines(pages: Line[][]): Line[][] {
  const trimmed = pages.map((lines) => {
    const out = [...lines];
    while (out[0] && PAGE_NUMBER.test(out[0].text)) out.shift();
    while (out.length > 0 && PAGE_NUMBER.test(out[out.length - 1]?.text ?? "")) out.pop();
    return out;
  });
  const edges = (lines: Line[]): Line[] => (lines.length <= 4 ? lines : [...lines.slice(0, 2), ...lines.slice(-2)]);
  const pagesWith = new Map<string, number>();
  for (const lines of trimmed) for (const t of new Set(edges(lines).map((l) => l.text))) pagesWith.set(t, (pagesWith.get(t) ?? 0) + 1);
  const least = Math.max(3, Math.ceil(pages.length / 2));
  return trimmed.map((lines) => {
    const edge = new Set(edges(lines));
    return lines.filter((l) => !(edge.has(l) && (pagesWith.get(l.text) ?? 0) >= least));
  });
}

/**
 * The pages' lines as text, with a blank line where the gap above a line is clearly wider than
 * the usual line pitch: the paragraph breaks that the markdown plans have too. The usual pitch
 * is a low quantile over the whole document, since a page of one-line paragraphs has more
 * paragraph gaps than line gaps.
 */
function paragraphBreaks(pages: Line[][]): string[] {
  const gaps = pages.map((lines) => lines.map((l, i) => (i > 0 ? (lines[i - 1]?.y ?? 0) - l.y : 0)));
  const pitches = gaps.flat().filter((g) => g > 0).sort((p, q) => p - q);
  const usual = pitches[Math.floor(pitches.length / 4)] ?? 0;
  return pages.flatMap((lines, p) => lines.flatMap((l, i) => ((gaps[p]?.[i] ?? 0) > usual * 1.3 ? ["", l.text] : [l.text])));
}
