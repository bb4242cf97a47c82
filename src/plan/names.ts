/**
 * The grammar of Vietnamese agency names, for names no directory knows. A name opens with a head
 * word (Sở, Ban, Bộ, UBND, Báo, Đài, Công an, Bộ Chỉ huy, Trung tâm, "các sở" …) and runs on
 * through its own commas and "và" ("Sở Văn hóa, Thể thao và Du lịch", "Báo và Phát thanh,
 * Truyền hình Lai Châu", "UBND các xã, phường, đặc khu"): a list splits only where a new head
 * word begins, and a name ends where a verb of the sentence begins ("… chủ trì", "… thực hiện").
 */
import { fold } from "../text/normalize.js";

// Written with their accents, since folded they collide with other words ("Báo"/"Bảo vệ",
// "Đài"/"Đại hội").
const HEADS = [
  "sở", "ban", "bộ", "ubnd", "ủy ban", "uỷ ban", "công an", "bộ chỉ huy", "bộ tư lệnh", "bộ đội", "báo", "đài",
  "văn phòng", "thanh tra", "kho bạc", "ngân hàng", "bảo hiểm", "cục", "chi cục", "tổng cục", "trung tâm", "hội",
  "liên đoàn", "liên minh", "tỉnh đoàn", "thành đoàn", "đoàn", "viện", "trường", "tòa án", "toà án", "mặt trận",
  "hội đồng", "tổng công ty", "công ty", "cảng vụ", "quỹ", "đảng ủy", "đảng uỷ", "tỉnh ủy", "tỉnh uỷ", "thành ủy",
  "thành uỷ", "hiệp hội", "học viện", "đại học", "bưu điện", "viễn thông", "điện lực", "chi nhánh", "hải quan",
  "bch", "vpub", "bql", "thủ tướng", "chính phủ", "tập đoàn", "thuế", "kiểm toán", "cơ quan", "đơn vị", "địa phương",
  "lực lượng",
].map((e) => e.split(" "));
const NOT_HEADS = new Set(["ban hanh", "hoi nghi", "hoi thao", "hoi thi", "hoi cho", "truong hop", "doan ket", "cuc bo", "vien dan", "bao dam", "bao ve", "bao cao", "dai dien", "dai hoi", "quy dinh", "quy trinh", "quy che", "quy hoach", "quy mo"]);

// After "các" (or written alone in a list): words that make a group of agencies.
const GROUPS = [
  "so", "ban", "nganh", "bo", "co quan", "don vi", "dia phuong", "doan the", "hoi", "to chuc", "doanh nghiep", "xa",
  "phuong", "dac khu", "huyen", "thi xa", "thanh pho", "tinh", "truong", "co so", "cap", "ubnd", "uy ban",
  "trung tam", "cuc", "chi cuc", "don vi su nghiep", "ngan hang", "tap doan", "tong cong ty", "cong ty",
  "co quan bao chi", "bao", "dai",
];
const LOCALITIES = new Set(["xa", "phuong", "huyen", "khu", "tinh", "pho"]);
const GROUP_ENDS = new Set(GROUPS.map((g) => g.split(" ").at(-1)!));

// Lowercase words that end a name: the verbs and prepositions of the sentence around it. Written
// with their accents, since folded they collide with name words ("vì"/"vị", "từ"/"tư").
const ENDS = [
  "chủ trì", "phối hợp", "thực hiện", "thúc đẩy", "theo dõi", "tham mưu", "có trách nhiệm", "chịu trách nhiệm",
  "triển khai", "hướng dẫn", "báo cáo", "xây dựng", "chủ động", "căn cứ", "đôn đốc", "kiểm tra", "trong", "theo",
  "để", "nhằm", "về", "được", "là", "cùng", "tại", "giao", "với", "tổng hợp", "tiếp tục", "ban hành", "trình",
  "đề xuất", "đảm bảo", "bảo đảm", "tăng cường", "đẩy mạnh", "nghiên cứu", "phân công", "rà soát", "cập nhật",
  "quản lý", "có", "nếu", "khi", "sau", "trước", "từ", "đến", "gửi", "tiếp nhận", "thông qua", "đồng thời", "tham gia",
  "cung cấp", "hỗ trợ", "thực thi", "vận hành", "lập", "dự thảo", "phụ trách", "chỉ đạo", "kịp thời", "đề nghị", "cần",
  "phải", "sẽ", "đã", "đang", "như", "bằng", "bởi", "do", "vì", "tổ chức thực hiện", "thúc", "tuyên truyền",
  "phổ biến", "thẩm định", "quán triệt", "hoàn thành", "hoàn thiện", "chuẩn bị", "thu thập", "số hóa", "đánh giá", "chủ động",
  "tổ chức triển khai", "trực tiếp", "tổ chức", "bố trí", "nhắc nhở", "thường xuyên", "định kỳ", "tiến hành",
  "vận động", "xử lý", "ưu tiên", "khuyến khích", "giám sát", "phát hiện", "thành lập", "phát động", "duy trì", "nâng cao",
  "tập huấn", "bồi dưỡng", "cử", "tích cực", "kiểm soát", "chịu", "tạo điều kiện", "thẩm tra", "lồng ghép", "huy động",
].map((e) => e.split(" "));

interface Word {
  text: string;
  key: string;
  upper: boolean;
  start: number;
  end: number;
  /** The punctuation between this word and the next ("," ";" "và" is a word). */
  after: string;
}

function wordsOf(text: string): Word[] {
  const out: Word[] = [];
  const re = /[\p{L}\p{N}&]+(?:[-–&][\p{L}\p{N}&]+)*/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    out.push({ text: m[0], key: fold(m[0]), upper: /^\p{Lu}/u.test(m[0]), start: m.index, end: m.index + m[0].length, after: "" });
  }
  for (let i = 0; i < out.length; i++) {
    const w = out[i]!;
    w.after = text.slice(w.end, out[i + 1]?.start ?? text.length).trim();
  }
  return out;
}

function startsWith(words: Word[], i: number, list: string[]): number {
  let best = 0;
  for (const entry of list) {
    const parts = entry.split(" ");
    if (parts.every((p, k) => words[i + k]?.key === p && (k === parts.length - 1 || !/[,;:()]/.test(words[i + k]!.after)))) {
      best = Math.max(best, parts.length);
    }
  }
  return best;
}

/** A word as written against an accented entry; text typed without accents matches its folded form. */
function same(w: Word | undefined, entry: string): boolean {
  if (!w) return false;
  const lower = w.text.toLowerCase();
  return lower === entry || (lower === w.key && w.key === fold(entry));
}

function accented(words: Word[], i: number, list: string[][]): number {
  let best = 0;
  for (const entry of list) {
    if (entry.every((e, k) => same(words[i + k], e) && (k === entry.length - 1 || !/[,;:()]/.test(words[i + k]!.after)))) {
      best = Math.max(best, entry.length);
    }
  }
  return best;
}

/** Whether a name can start at word i: a capitalised head word, or "các" + a group word. */
function headAt(words: Word[], i: number): number {
  const w = words[i];
  if (!w) return 0;
  if (w.key === "cac" || w.key === "nhung") {
    const n = startsWith(words, i + 1, GROUPS);
    return n > 0 ? n + 1 : 0;
  }
  const n = accented(words, i, HEADS);
  // "Ban hành", "Hội nghị", "Trường hợp": a head word that is here a verb or a noun of the sentence.
  if (n === 1 && NOT_HEADS.has(`${w.key} ${words[i + 1]?.key ?? ""}`)) return 0;
  if (n > 0 && (w.upper || ["co", "don", "dia", "luc"].includes(w.key))) return n;
  // An acronym (UBND, VPUB, BCH) or a group word written alone in a list ("sở, ngành").
  if (/^[A-ZĐ]{2,}$/u.test(w.text)) return 1;
  return 0;
}

/**
 * Whether a sentence word starts at i. Text typed without accents anywhere meets only the stop
 * words of two or more words: alone, "giao" or "tu" could be a name's own word.
 */
function endsAt(words: Word[], i: number, plainText: boolean): boolean {
  const w = words[i];
  if (!w) return true;
  if (w.upper) return false;
  return ENDS.some((entry) => (entry.length > 1 || !plainText) && accented(words, i, [entry]) > 0);
}

export interface Span {
  name: string;
  start: number;
  end: number;
}

/**
 * Agency names in running text, in order: each opens at a head word and closes before a verb,
 * before a separator followed by a new head word or a lowercase word, or at ";" "(" ":".
 */
export function agencySpans(text: string): Span[] {
  const words = wordsOf(text);
  const plainText = words.every((w) => w.text.toLowerCase() === w.key);
  const spans: Span[] = [];
  for (let i = 0; i < words.length; ) {
    const head = headAt(words, i);
    if (head === 0) {
      i++;
      continue;
    }
    // Only a group or a People's Committee of localities runs on through lowercase group words.
    const group = ["cac", "nhung", "ubnd"].includes(words[i]!.key) || (words[i]!.key === "uy" && words[i + 1]?.key === "ban");
    let j = i + head - 1;
    for (;;) {
      const w = words[j]!;
      const next = j + 1;
      if (next >= words.length) break;
      const nw = words[next]!;
      // "UBND 04 xã: Gia Thuận, Tân Điền": the places a group of localities names are its own.
      if (w.after === ":" && LOCALITIES.has(w.key) && nw.upper && headAt(words, next) === 0) {
        j = next;
        continue;
      }
      if (/[;:()[\]]|\.$/.test(w.after) || /\.\s/.test(w.after)) break;
      if (w.after.includes(",") || nw.key === "va") {
        // A separator: the name goes on only with a capitalised word that is no head ("…, Thể
        // thao và Du lịch") or a group word after a group ("các sở, ban, ngành").
        const k = nw.key === "va" ? next + 1 : next;
        const cont = words[k];
        const groupy = cont !== undefined && startsWith(words, k, GROUPS) > 0 && !cont.upper;
        // "các cơ quan, đơn vị, địa phương", "UBND các xã, phường": a group runs on with its words.
        if (groupy && group && GROUP_ENDS.has(w.key)) {
          j = k + startsWith(words, k, GROUPS) - 1;
          continue;
        }
        if (!cont || headAt(words, k) > 0) break;
        if (!(cont.upper || groupy)) break;
        if (cont.upper && endsAt(words, k, plainText)) break;
        j = k;
        continue;
      }
      // "Sở, ban, ngành thuộc UBND Thành phố": a name that belongs to another runs through it.
      if ((nw.key === "thuoc" || (nw.key === "truc" && words[next + 1]?.key === "thuoc")) && w.after === "") {
        const k = nw.key === "thuoc" ? next + 1 : next + 2;
        const inner = headAt(words, k);
        if (inner > 0) {
          j = k + inner - 1;
          continue;
        }
      }
      if (w.after !== "" && !/^[-–&/]$/.test(w.after)) break;
      // "Sở Tài chính - Cơ quan thường trực": a dash before a new head word ends the name.
      if (w.after !== "" && headAt(words, next) > 0) break;
      // "… có liên quan" belongs to the name: it makes "các sở, ngành có liên quan" nobody in particular.
      if (words[next]?.key === "co" && words[next + 1]?.key === "lien" && words[next + 2]?.key === "quan") {
        j = next + 2;
        continue;
      }
      if (endsAt(words, next, plainText)) break;
      j = next;
    }
    const name = text.slice(words[i]!.start, words[j]!.end).trim();
    spans.push({ name, start: words[i]!.start, end: words[j]!.end });
    i = j + 1;
  }
  return spans;
}

/**
 * The names a clause opens with ("Sở A, Sở B và UBND các xã thực hiện …" → Sở A, Sở B, UBND các
 * xã): only separators may stand between them, so names the sentence mentions later ("… báo
 * cáo UBND tỉnh") are not taken for the ones that act.
 */
export function leadingNames(clause: string): string[] {
  const names: string[] = [];
  let pos = 0;
  for (const span of agencySpans(clause)) {
    const gap = clause.slice(pos, span.start);
    const allowed = names.length === 0 ? /^[\s\-–+•,.:]*(?:(?:giao|đề nghị|de nghi|đối với|doi voi|trách nhiệm của|trach nhiem cua)\s*)?$/iu : /^[\s,;]*(?:và\s*|va\s*)?$/iu;
    if (!allowed.test(gap)) break;
    names.push(span.name);
    pos = span.end;
  }
  return names;
}

/** A name that points at nobody in particular: "các cơ quan, đơn vị có liên quan". */
export function isVague(name: string): boolean {
  const f = fold(name);
  return /lien quan|chuc nang/.test(f) || /^(?:cac )?(?:(?:co quan|don vi|dia phuong|to chuc)(?:,? (?:va )?)?)+$/.test(f.trim());
}
