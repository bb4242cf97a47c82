/**
 * Labelled lines and table headers: "- Cơ quan chủ trì: …", "Thời gian hoàn thành – …", a column
 * headed "Đơn vị phối hợp". Plans word them many ways; they are matched on the folded words of
 * the label alone, never on its value.
 */
import { fold } from "../text/normalize.js";

export type LabelKind = "lead" | "partners" | "timeframe" | "content" | "product";
export type Labels = Partial<Record<LabelKind, string>>;

const BULLET = /^[-+•–]\s*/;

// Matched against the folded label with punctuation dropped: "Cơ quan, đơn vị chủ trì" reads
// "co quan don vi chu tri". A bare "Thực hiện:" is more often content than a label, so it needs
// "Cơ quan"/"Đơn vị" before it; a bare "Chủ trì:" does not.
const LABEL_KINDS: [LabelKind, RegExp][] = [
  ["partners", /^(?:(?:co quan|don vi|cq|dv|dia phuong) )*(?:phoi hop|tham gia)(?: thuc hien)?$/],
  [
    "lead",
    /^(?:(?:co quan|don vi|cq|dv|dia phuong) )+(?:chu tri|thuc hien|dau moi|chiu trach nhiem)(?: (?:thuc hien|chinh|trien khai))?$|^chu tri(?: thuc hien)?$|^(?:trach nhiem|phan cong) thuc hien$/,
  ],
  ["timeframe", /^(?:thoi gian|thoi han|tien do|moc thoi gian)(?: (?:du kien )?(?:thuc hien|hoan thanh|trien khai|bao cao))?(?: du kien)?$/],
  ["content", /^(?:noi dung|nhiem vu|noi dung thuc hien|noi dung cong viec|hoat dong|cong viec)$/],
  ["product", /^(?:san pham|ket qua|san pham dau ra|ket qua du kien|san pham du kien|hinh thuc san pham)$/],
];

export function foldedKey(text: string): string {
  return fold(text)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

export function labelKind(name: string): LabelKind | undefined {
  const key = foldedKey(name);
  return LABEL_KINDS.find(([, pattern]) => pattern.test(key))?.[0];
}

export function labelOf(line: string): { kind: LabelKind; value: string } | undefined {
  const text = line.replace(BULLET, "");
  const separator = /:|–|\s-\s/.exec(text);
  if (!separator || separator.index > 60) return undefined;
  const kind = labelKind(text.slice(0, separator.index));
  return kind && { kind, value: text.slice(separator.index + separator[0].length).trim() };
}

/**
 * The labelled values of some lines. A label with nothing after it takes the bullets below it
 * ("- Cơ quan phối hợp:" then "+ Sở A;" "+ Sở B"), joined with "; ".
 */
/**
 * A line holding several labels one after another ("Cơ quan chủ trì: Sở A; thời gian thực
 * hiện: Quý I/2026."), split where each label begins after a finished clause.
 */
function clauses(line: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (const m of line.matchAll(/[.;]\s+(?=\S)/g)) {
    const at = m.index + m[0].length;
    if (labelOf(line.slice(at))) {
      out.push(line.slice(start, m.index + 1).trim());
      start = at;
    }
  }
  out.push(line.slice(start).trim());
  return out;
}

export function labelsOf(lines: string[]): Labels {
  lines = lines.flatMap(clauses);
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

/** Whether the labels say who does the work or when: what makes a block a task. */
export function isTaskLabels(labels: Labels): boolean {
  return labels.lead !== undefined || labels.timeframe !== undefined || labels.partners !== undefined;
}

export type Column = LabelKind | "number";

/** A table header's cells as columns; undefined where a header names nothing known. */
export function columnsOf(header: string[]): (Column | undefined)[] {
  return header.map((cell) => {
    const key = foldedKey(cell);
    if (/^(?:stt|tt|so tt|so thu tu)$/.test(key)) return "number";
    if (/phoi hop|tham gia/.test(key)) return "partners";
    if (/chu tri|thuc hien|dau moi|co quan|don vi|trach nhiem/.test(key) && !/thoi gian|noi dung|nhiem vu/.test(key)) return "lead";
    if (/thoi gian|thoi han|tien do|lo trinh|hoan thanh|moc/.test(key)) return "timeframe";
    if (/san pham|ket qua|dau ra/.test(key)) return "product";
    if (/nhiem vu|noi dung|chi tieu|hoat dong|giai phap|cong viec|ten |^ten$|du an|de an/.test(key)) return "content";
    return undefined;
  });
}
