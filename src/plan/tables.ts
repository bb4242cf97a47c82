/**
 * Tables as plans carry them, turned into rows of cells. Three written forms occur: markdown
 * pipe rows ("| 1 | Nhiệm vụ | Sở A |"), HTML tables, and the one-cell-per-line dump that
 * crawled documents and some converters produce, where a line holding only "|" separates cells
 * and two such lines in a row end one row and start the next.
 */
export type Row = string[];

const STT = /^(?:[IVXLC]{1,6}|[A-ZĐ]|\d{1,3}(?:\.\d{1,3}){0,3})\.?$/u;

/** A cell that can open a row: an ordinal such as "3", "2.1", "IV" or "B". */
export function isOrdinal(cell: string): boolean {
  return STT.test(cell.trim());
}

function cellText(lines: string[]): string {
  return lines.join(" ").replace(/\s+/g, " ").trim();
}

/**
 * The dump read back into rows. Empty cells leave no line of their own, so where a run of bars
 * falls between two cells is found from the header's width: a run of two or more bars ends the
 * row when the row is full or the next cell is an ordinal (rows start with their STT).
 */
export function readDump(lines: string[]): Row[] {
  return rowsOf(chunksOf(lines));
}

interface Chunk {
  text: string;
  /** Bars between the previous chunk (or the start) and this one. */
  bars: number;
}

/** Chunks of cell text with the number of bar lines before each. */
function chunksOf(lines: string[]): Chunk[] {
  const chunks: Chunk[] = [];
  let bars = 0;
  let pending = 0;
  let open: string[] | undefined;
  const close = () => {
    if (open) chunks.push({ text: cellText(open), bars: pending });
    open = undefined;
  };
  for (const line of lines) {
    if (line.trim() === "|") {
      close();
      bars++;
      continue;
    }
    if (!open) {
      open = [];
      pending = bars;
      bars = 0;
    }
    open.push(line);
  }
  close();
  return chunks;
}

function rowsOf(chunks: Chunk[]): Row[] {
  if (chunks.length === 0) return [];
  // The width: the longest run of cells with single bars between them, which is a row with
  // every cell written (the header, usually).
  let width = 0;
  let run = 0;
  chunks.forEach((c, i) => {
    run = i > 0 && c.bars >= 2 ? 1 : run + 1;
    width = Math.max(width, run);
  });
  const rows: Row[] = [];
  let row: Row = [];
  const finish = () => {
    if (row.some((c) => c !== "")) rows.push(row);
    row = [];
  };
  chunks.forEach((chunk, i) => {
    if (i === 0) {
      row.push(...Array<string>(Math.max(0, chunk.bars - 1)).fill(""), chunk.text);
      return;
    }
    const full = row.length >= width;
    // A group row (I, II …) is one or two merged cells; a header row repeated under it follows
    // after its empty number cell.
    const short = row.length <= 2 && (chunk.bars >= 3 || /^(?:[IVXL]+|[A-ZĐ])\.?$/u.test(row[0] ?? ""));
    const ends = chunk.bars >= 2 && (full || short || isOrdinal(chunk.text));
    if (!ends) {
      row.push(...Array<string>(chunk.bars - 1).fill(""), chunk.text);
      return;
    }
    // bars = end of row + start of next + empty cells on either side; the missing cells of a
    // short row are taken as its own (merged group rows are short), the rest lead the next row.
    const trailing = Math.max(0, width - row.length);
    const leading = Math.max(0, chunk.bars - 2 - trailing);
    finish();
    row.push(...Array<string>(leading).fill(""), chunk.text);
  });
  finish();
  return rows;
}

/** "| a | b |" lines; the "|---|---|" separator row is dropped. */
export function readPipes(lines: string[]): Row[] {
  return lines
    .map((l) => l.trim().replace(/^\|/, "").replace(/\|$/, ""))
    .filter((l) => !/^[\s|:-]+$/.test(l))
    .map((l) => l.split(/(?<!\\)\|/).map((c) => c.replace(/\\\|/g, "|").replace(/\s+/g, " ").trim()));
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decode(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, " ")
    .replace(/<\/p>/gi, " ")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (m, e: string) => {
      if (e.startsWith("#x") || e.startsWith("#X")) return String.fromCodePoint(parseInt(e.slice(2), 16));
      if (e.startsWith("#")) return String.fromCodePoint(Number(e.slice(1)));
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/\s+/g, " ")
    .trim();
}

/** The rows of an HTML table (cells of nested tables are flattened into their cell). */
export function readHtml(html: string): Row[] {
  const rows: Row[] = [];
  for (const tr of html.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/gi)) {
    const cells = [...(tr[1] ?? "").matchAll(/<t[dh]\b([^>]*)>([\s\S]*?)<\/t[dh]>/gi)].flatMap((m) => {
      const span = Number(/colspan\s*=\s*"?(\d+)/i.exec(m[1] ?? "")?.[1] ?? 1);
      return [decode(m[2] ?? ""), ...Array<string>(Math.max(0, Math.min(span, 20) - 1)).fill("")];
    });
    if (cells.some((c) => c !== "")) rows.push(cells);
  }
  return rows;
}
