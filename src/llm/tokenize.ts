/**
 * Vietnamese text → retrieval terms. A syllable alone says little in Vietnamese ("thông",
 * "tin"), two in a row usually make the word ("thông tin"), so terms are syllables and
 * syllable pairs. Both are folded (no diacritics, đ → d) so unaccented typing matches; the
 * accented syllables are kept too, for the boost and for telling "báo" from "bao".
 * Abbreviations are written out first, so "Sở TT&TT" and "Sở Thông tin và Truyền thông" meet.
 */
import type { Abbreviations } from "../text/abbreviations.js";
import { fold, normalize } from "../text/normalize.js";

export interface Terms {
  /** Accented syllables, lowercased, in reading order. */
  words: string[];
  /** The same syllables folded. */
  folded: string[];
  /** Folded pairs of neighbouring syllables within one clause, as "a b". */
  bigrams: string[];
  /** For each pair, the index in `words` of its second syllable. */
  pairEnds: number[];
}

interface Rule {
  pattern: RegExp;
  full: string;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Each letter with a diacritic also matches its folded form: "ttđn" and "ttdn" are one abbreviation. */
function loosePattern(form: string): string {
  return [...normalize(form).toLowerCase()]
    .map((c) => {
      const f = fold(c);
      return f === c ? escape(c) : `[${c}${f}]`;
    })
    .join("");
}

// Punctuation ends a clause: a pair across it ("tỉnh, Sở") is not a word.
const CLAUSE = /[^\p{L}\p{N}\s]+/u;
const WORD = /[\p{L}\p{N}]+/gu;

export class Tokenizer {
  private readonly rules: Rule[];

  constructor(abbreviations: Abbreviations) {
    this.rules = abbreviations.list
      .flatMap((a) => a.forms.map((form) => ({ form, full: normalize(a.full).toLowerCase() })))
      .sort((a, b) => b.form.length - a.form.length)
      .map(({ form, full }) => ({
        pattern: new RegExp(`(?<![\\p{L}\\p{N}])${loosePattern(form)}(?![\\p{L}\\p{N}])`, "gu"),
        full,
      }));
  }

  /** Lowercased, NFC, abbreviations written out; punctuation kept. */
  expand(text: string): string {
    let out = normalize(text).toLowerCase();
    for (const rule of this.rules) out = out.replace(rule.pattern, rule.full);
    return out;
  }

  terms(text: string): Terms {
    const words: string[] = [];
    const bigrams: string[] = [];
    const pairEnds: number[] = [];
    for (const clause of this.expand(text).split(CLAUSE)) {
      const syllables = clause.match(WORD) ?? [];
      syllables.forEach((w, i) => {
        if (i > 0) {
          bigrams.push(`${fold(syllables[i - 1]!)} ${fold(w)}`);
          pairEnds.push(words.length);
        }
        words.push(w);
      });
    }
    return { words, folded: words.map(fold), bigrams, pairEnds };
  }
}

/**
 * A rough token count, the same for the plan and for what is sent to a model, so their ratio
 * (the share of the plan a request carries) is meaningful whatever the model's tokenizer.
 */
export function tokenCount(text: string): number {
  return text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu)?.length ?? 0;
}

// Question and function words: they say how something is asked, not what about. In text typed
// with diacritics they are unambiguous; in text typed without, only the ones that fold onto no
// common content syllable are dropped ("bao" may be "báo", "co" may be "cơ"), and the pair
// terms still carry the rest.
const STOP = new Set(
  (
    "ai gì nào đâu sao bao nhiêu khi thế như không có phải là hay hỏi xin cho biết tôi mình chúng ta " +
    "được của và các những này đó do thì mà ở với tại trong về để vậy à ạ nhé ơi vui lòng gồm nếu theo từ " +
    "đã đang sẽ cần việc một vào ra lên bị bằng hãy nêu cụ thể làm mấy lần ko nhỉ thế bọn em mình lo"
  ).split(" "),
);
const STOP_UNACCENTED = new Set(
  "ai gi nao sao gio nhieu khi nhu khong phai hay xin biet chung duoc cua va cac nhung nay thi voi trong vay nhe oi vui long gom neu theo ko nhi bon".split(
    " ",
  ),
);

/** Whether the text carries any diacritics: if so, its writer typed them and they can be trusted. */
export function typedWithDiacritics(text: string): boolean {
  return fold(text) !== normalize(text).toLowerCase();
}

/** @param word a lowercased syllable as typed */
export function isStopword(word: string, withDiacritics: boolean): boolean {
  return withDiacritics ? STOP.has(word) : STOP_UNACCENTED.has(word);
}
