/**
 * Vietnamese text normalization. Everything that compares Vietnamese text (agency names,
 * retrieval, reply reading) goes through these few functions so that "Hoá"/"Hóa",
 * NFD input from some keyboards, and unaccented typing all meet in one form.
 */

import { xmlSafe } from "./xml.js";

const TONES = "\u0300\u0301\u0303\u0309\u0323";

// Old style puts the tone on the second vowel of a syllable-final oa/oe/uy ("hoà", "thuỷ");
// the style used in current government text puts it on the first ("hòa", "thủy"). Only
// open syllables differ: "hoàng", "thuyết" are written alike in both. "qu" is a consonant, so
// "quý" is left alone.
const PAIR_OA_OE = new RegExp(`(?<![aeiouy\\p{M}])([oO])([aAeE])([${TONES}])(?![\\p{L}\\p{M}])`, "giu");
const PAIR_UY = new RegExp(`(?<![qaeiouy\\p{M}])([uU])([yY])([${TONES}])(?![\\p{L}\\p{M}])`, "giu");

/** NFC with tone marks in the placement used by current government text. */
export function normalize(text: string): string {
  return text
    .normalize("NFD")
    .replace(PAIR_OA_OE, "$1$3$2")
    .replace(PAIR_UY, "$1$3$2")
    .normalize("NFC");
}

/** Lowercase, without diacritics, đ → d: what people type on a phone without Telex. */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase();
}

/** Words (letters and digits) in reading order, lowercased, accents kept. */
export function words(text: string): string[] {
  return normalize(text).toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Words folded: the tokens that match whether or not the writer typed accents. */
export function foldedWords(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Drops control and zero-width characters that phones and copy-paste leave in messages. */
export function clean(text: string): string {
  return normalize(xmlSafe(text))
    .replace(/[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/g, "")
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "")
    .replace(/\r\n?/g, "\n");
}
