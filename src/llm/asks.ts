/**
 * The kind of answer a question asks for, and whether a passage gives one. Retrieval finds the
 * passage on the question's topic; a passage about the bulletin that gives no number does not
 * say how many copies are printed, and quoting it as the answer misleads. Questions are read
 * folded, as phones type them without marks, except where folding makes words collide.
 */
import { fold } from "../text/normalize.js";

const NUMBER_WORD = "mot|hai|ba|bon|tu|nam|sau|bay|tam|chin|muoi|tram|nghin|ngan|trieu|ty";
// A count of kinds ("mấy thứ tiếng", "mấy loại") is answered by listing them.
const KINDS = new Set(["thu", "loai", "hinh", "noi", "linh", "nhom", "muc", "dang", "kieu", "cap", "buoc", "giai"]);
const FREQUENCY = /\b(?:hang|moi|dinh ky|thuong xuyen)\s+(?:ngay|tuan|thang|quy|nam)\b|\bdinh ky\b/;
// A bare quantity: not a year, not part of a date, a document number or a list number.
const QUANTITY = /(?<![\p{N}/.,])(?!(?:19|20)\d{2}(?![\p{N}]))\p{N}+(?:[.,]\p{N}+)*(?![\p{N}/]|\.\s)\s*(?:%|\p{L})/u;

const ASKS_DAY = /\b(?:ngay nao|ngay may|ngay bao nhieu|hom nao)\b/;
const DATE = /(?<![\p{N}/])\d{1,2}\/\d{1,2}(?![\p{N}])/u;

// A venue the question names ("ở khách sạn nào") must itself be in the passage; "ở đâu" alone
// is answered by where something is posted or held ("trên Cổng thông tin", "tại cơ sở"), which
// nearly every passage says, so it asks for nothing in particular.
const VENUE = /\b(khach san|hoi truong|phong hop|nha hat|trung tam hoi nghi)\b/;

// "Chỉ thị 09/CT-TTg nói về gì": the plan cites other documents, it does not hold them.
const CITED_DOCUMENT = /\b(?:chi thi|nghi quyet|nghi dinh|quyet dinh|thong tu|luat|cong van)\s+(?:so\s+)?\d/;
const ASKS_CONTENT = /\b(?:noi ve gi|noi gi|quy dinh gi|noi dung|gom nhung gi|de cap gi|ve van de gi|yeu cau gi)\b/;

// A name asked for an office one person holds ("giám đốc … là ai"): the plan names people only
// where someone signs, so a passage without a person named does not answer.
const OFFICE = /\b(?:giam doc|chu tich|bi thu|truong ban|truong phong|nguoi phat ngon|thu truong)\b/;
const ASKS_NAME = /\b(?:la ai|ten gi|ten la gi|ho ten)\b/;
const PERSON = /(?:^|[^\p{L}])(?:[ôÔ]ng|[bB]à|[đĐ]ồng chí)\s+\p{Lu}/u;
// "ông Trần Phước Hiền …" (also typed "ong tran phuoc hien"): «ba» unmarked is the number three.
const NAMED = /(?:^|[^\p{L}])(?:ông|bà|ong|đồng chí|dong chi)\s+(\p{L}+\s+\p{L}+)/u;

/** Whether the passage names the person the question names, or any person when it asks for an office's holder. */
function givesPerson(question: string, q: string, passage: string, p: string): boolean | undefined {
  const named = NAMED.exec(question.toLowerCase())?.[1];
  if (named) return p.includes(fold(named));
  if (OFFICE.test(q) && ASKS_NAME.test(q)) return PERSON.test(passage);
  return undefined;
}

/**
 * The unit a count asks for ("bao nhiêu bản" → "ban", "kinh phí bao nhiêu" → ""), or undefined
 * when no count is asked. After its noun the word asks which one, not how many ("quý mấy",
 * "nhiệm vụ số mấy", "số bao nhiêu"): the passage names it, with or without a number.
 */
function countAsked(question: string, folded: string): string | undefined {
  // Folded, "mấy" and "máy" are one word: "may" counts only in a question typed without marks.
  const plain = fold(question) === question.toLowerCase();
  const marked = /(?:^|[^\p{L}])mấy(?:\s+(\p{L}+))?/u.exec(question.toLowerCase());
  const few = marked ? (marked[1] ? fold(marked[1]) : undefined) : plain ? /\bmay\s+([a-z]+)/.exec(folded)?.[1] : undefined;
  if (few !== undefined) return few;
  const many = /\b(so\s+)?bao nhieu\b(?:\s+([a-z]+))?/.exec(folded);
  if (!many || many[1]) return undefined;
  return many[2] ?? "";
}

function givesCount(unit: string, passage: string, folded: string): boolean {
  if (KINDS.has(unit)) return true;
  if (unit === "lan" && FREQUENCY.test(folded)) return true;
  if (unit === "" || unit === "phan") return QUANTITY.test(passage);
  return new RegExp(`(?:\\d[\\d.,]*|\\b(?:${NUMBER_WORD}))\\s+(?:[a-z]+\\s+)?${unit}\\b`).test(folded);
}

/** Whether the passage gives the kind of answer the question asks for (any passage, when it asks for none in particular). */
export function answers(question: string, passage: string): boolean {
  const q = fold(question).replace(/[^\p{L}\p{N}]+/gu, " ");
  const p = fold(passage);
  if (CITED_DOCUMENT.test(q) && ASKS_CONTENT.test(q)) return false;
  if (ASKS_DAY.test(q)) return DATE.test(passage);
  const person = givesPerson(question, q, passage, p);
  if (person !== undefined) return person;
  const venue = VENUE.exec(q)?.[1];
  if (venue) return p.includes(venue);
  const unit = countAsked(question, q);
  return unit === undefined || givesCount(unit, passage, p);
}
