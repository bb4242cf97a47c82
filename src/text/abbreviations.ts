/**
 * Abbreviations of administrative Vietnamese ("Sở TT&TT" = "Sở Thông tin và Truyền thông").
 * The list is data (src/data/abbreviations.json) so operators can extend it.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { fold, foldedWords } from "./normalize.js";

const AbbreviationFile = z.object({
  abbreviations: z.array(z.object({ forms: z.array(z.string().min(1)).min(1), full: z.string().min(1) })),
});

export interface Abbreviation {
  forms: string[];
  full: string;
}

const BUNDLED = new URL("../data/abbreviations.json", import.meta.url);

export function loadAbbreviations(file: string | URL = BUNDLED): Abbreviation[] {
  return AbbreviationFile.parse(JSON.parse(readFileSync(file, "utf8"))).abbreviations;
}

interface Rule {
  pattern: RegExp;
  full: string;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Reduces text to a comparison key: folded, every abbreviation written out, punctuation
 * dropped. Two spellings of one name ("Sở VH,TT&DL", "Sở Văn hoá, Thể thao và Du lịch")
 * give the same key, which is how abbreviations match "both ways".
 */
export class Abbreviations {
  private readonly rules: Rule[];

  constructor(readonly list: Abbreviation[] = loadAbbreviations()) {
    this.rules = list
      .flatMap((a) => a.forms.map((form) => ({ form: fold(form), full: foldedWords(a.full).join(" ") })))
      .sort((a, b) => b.form.length - a.form.length)
      .map(({ form, full }) => ({
        pattern: new RegExp(`(?<![\\p{L}\\p{N}])${escape(form)}(?![\\p{L}\\p{N}])`, "gu"),
        full,
      }));
  }

  /** Folded text with each abbreviation replaced by its full form, punctuation kept. */
  expand(text: string): string {
    let out = fold(text);
    for (const rule of this.rules) out = out.replace(rule.pattern, rule.full);
    return out;
  }

  /** The comparison key: expanded, folded words joined by single spaces. */
  key(text: string): string {
    return foldedWords(this.expand(text)).join(" ");
  }

  /** Folded words of the text with abbreviations expanded, for retrieval. */
  tokens(text: string): string[] {
    return foldedWords(this.expand(text));
  }
}
