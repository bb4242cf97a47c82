/**
 * Agencies named inside free text ("so ngoai vu phu trach …", "STTTT có nhiệm vụ gì"), under
 * any of the directory's spellings. Directory.find reads a text that is only a name; a
 * question or a report names an agency somewhere in a sentence, so this scans for the longest
 * spelling at each place, on folded syllables with abbreviations written out.
 */
import type { Directory } from "../plan/directory.js";
import type { Tokenizer } from "./tokenize.js";

export interface Mention {
  kind: "agency" | "group";
  /** Directory code. */
  code: string;
  /** Canonical name. */
  name: string;
  /** Syllable span [start, end) in the folded words of the text. */
  start: number;
  end: number;
}

interface Node {
  next: Map<string, Node>;
  target?: Omit<Mention, "start" | "end">;
}

const PLURAL = "cac";
// Names are written with and without "và" ("Sở Văn hóa, Thể thao và Du lịch" / "Sở VH-TT-DL").
const AND = "va";

export class Mentions {
  private readonly root: Node = { next: new Map() };

  constructor(directory: Directory, private readonly tokenizer: Tokenizer) {
    for (const a of directory.agencies) {
      for (const s of [a.name, ...a.aliases]) this.add(s, { kind: "agency", code: a.code, name: a.name });
    }
    for (const g of directory.groups) {
      for (const s of [g.name, ...g.aliases]) {
        const target = { kind: "group" as const, code: g.code, name: g.name };
        this.add(s, target);
        const words = tokenizer.terms(s).folded;
        if (words[0] === PLURAL) this.insert(words.slice(1), target);
      }
    }
  }

  private add(spelling: string, target: Omit<Mention, "start" | "end">): void {
    this.insert(this.tokenizer.terms(spelling).folded, target);
  }

  private insert(words: string[], target: Omit<Mention, "start" | "end">): void {
    const key = words.filter((w) => w !== AND);
    if (key.length === 0) return;
    let node = this.root;
    for (const w of key) {
      let next = node.next.get(w);
      if (!next) node.next.set(w, (next = { next: new Map() }));
      node = next;
    }
    // The first spelling wins: a name written out beats a shortened form of another entry.
    node.target ??= target;
  }

  /** Mentions in the folded words, longest first at each place, not overlapping. */
  find(folded: string[]): Mention[] {
    const out: Mention[] = [];
    for (let i = 0; i < folded.length; ) {
      let node: Node | undefined = this.root;
      let best: Mention | undefined;
      for (let j = i; j < folded.length && node; j++) {
        if (folded[j] === AND && j > i) continue;
        node = node.next.get(folded[j]!);
        if (node?.target) best = { ...node.target, start: i, end: j + 1 };
      }
      if (best) {
        out.push(best);
        i = best.end;
      } else i++;
    }
    return out;
  }
}
