/**
 * The agency directory: every agency a plan names, under every name plans and users write for
 * it, and the groups ("Các sở, ban, ngành tỉnh") that stand for many agencies at once. It is a
 * data file (src/data/directory/*.json), so another province or a later year, with the
 * post-2025 names, loads without code changes.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { Abbreviations } from "../text/abbreviations.js";
import { fold } from "../text/normalize.js";
import type { AgencyResolver } from "./types.js";

const BUNDLED = new URL("../data/directory/quang-ngai-2024.json", import.meta.url);

const Code = z.string().regex(/^[A-Z0-9_]+$/, "a code is upper-case ASCII letters, digits and _");
// A name with a list separator in it could never be matched inside a list.
const Name = z
  .string()
  .trim()
  .min(1)
  .regex(/^[^;()[\]:\n]+$/, "a name cannot contain ; ( ) [ ] : or a line break");
const Names = z.array(Name).default([]);

export const AGENCY_KINDS = ["department", "body", "press", "district", "commune"] as const;

const AgencySchema = z.object({
  code: Code,
  kind: z.enum(AGENCY_KINDS),
  name: Name,
  aliases: Names,
  /** Named by a plan and not in the directory file ("chưa có trong danh bạ"). */
  fromPlan: z.boolean().optional(),
});
// A group may wait for its members: the communes of a merged province are filled in by the operator.
const GroupSchema = z.object({ code: Code, name: Name, aliases: Names, members: z.array(Code) });
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date is written YYYY-MM-DD");

const DirectoryFile = z
  .object({
    about: z.string().optional(),
    /** Empty for the generic directory that serves any province. */
    province: z.string().trim(),
    /** The days the names are in force: plans issued in that window use this directory. */
    validFrom: IsoDate.optional(),
    validUntil: IsoDate.optional(),
    agencies: z.array(AgencySchema),
    groups: z.array(GroupSchema).default([]),
    /** Phrases a plan writes in place of agencies that name nobody in particular. */
    nonRecipients: z.array(z.object({ name: Name, aliases: Names })).default([]),
    /** Words that may follow a name without adding an agency ("trong tỉnh", "tỉnh Quảng Ngãi"). */
    qualifiers: Names,
  })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    for (const [kind, list] of [["agencies", d.agencies], ["groups", d.groups]] as const) {
      list.forEach((x, i) => {
        if (seen.has(x.code)) ctx.addIssue({ code: "custom", path: [kind, i, "code"], message: `code ${x.code} is used twice` });
        seen.add(x.code);
      });
    }
    const agencies = new Set(d.agencies.map((a) => a.code));
    d.groups.forEach((g, i) =>
      g.members.forEach((m, j) => {
        if (!agencies.has(m)) ctx.addIssue({ code: "custom", path: ["groups", i, "members", j], message: `no agency has code ${m}` });
      }),
    );
  });

export type DirectoryData = z.input<typeof DirectoryFile>;
export type Agency = z.infer<typeof AgencySchema>;
export type AgencyGroup = z.infer<typeof GroupSchema>;

type Target =
  | { kind: "agency"; name: string; agency: Agency }
  | { kind: "group"; name: string; group: AgencyGroup }
  | { kind: "nobody"; name: string }
  | { kind: "qualifier"; name: string };

/** What a list resolves to, in reading order: directory entries, or text no entry matched. */
type Item = { target: Target } | { text: string };

interface TrieNode {
  next: Map<string, TrieNode>;
  target?: Target;
}

/**
 * One unit of a list: a word (an abbreviation becomes the words of its full form, all sharing
 * its span), "và", a separator that ends every name (";" "(" ")" ":" line break), a comma or
 * full stop (names run across them, lists split on them), or other punctuation.
 */
interface Token {
  key: string;
  kind: "word" | "and" | "stop" | "comma" | "mark";
  start: number;
  end: number;
  /** Whether the token begins / ends the source text it came from (several for an abbreviation). */
  opens: boolean;
  closes: boolean;
}

interface Expansion {
  form: string[];
  full: string[];
}

const PIECES = /[\p{L}\p{M}\p{N}]+|\n|[^\s\p{L}\p{M}\p{N}\p{C}]/gu;
const STOPS = new Set([";", "(", ")", "[", "]", ":", "\n"]);
const COMMAS = new Set([",", "."]);
const LETTER = /[\p{L}\p{N}]/u;
const AND = "va";
// Vietnamese writes a plural group with or without "các": "các sở, ngành" / "sở, ngành".
const PLURAL = "cac";
// Chat users type agency names too; the cache must not grow with everything they send.
const CACHE_LIMIT = 2000;

function isWord(piece: { key: string }): boolean {
  return LETTER.test(piece.key);
}

/** Splits text into tokens, writing abbreviations out so both spellings meet. */
class Lexer {
  private readonly expansions = new Map<string, Expansion[]>();

  constructor(abbreviations: Abbreviations) {
    for (const a of abbreviations.list) {
      for (const form of a.forms) {
        const words = fold(form).match(/[\p{L}\p{N}]+/gu) ?? [];
        const first = words[0];
        if (first === undefined) continue;
        const list = this.expansions.get(first) ?? [];
        list.push({ form: words, full: abbreviations.key(form).split(" ") });
        this.expansions.set(first, list);
      }
    }
    for (const list of this.expansions.values()) list.sort((a, b) => b.form.length - a.form.length);
  }

  tokens(text: string): Token[] {
    const pieces = [...text.matchAll(PIECES)].map((m) => ({
      text: m[0],
      key: fold(m[0]),
      start: m.index,
      end: m.index + m[0].length,
    }));
    const out: Token[] = [];
    for (let i = 0; i < pieces.length; ) {
      const p = pieces[i]!;
      if (!isWord(p)) {
        const kind = STOPS.has(p.text) ? "stop" : COMMAS.has(p.text) ? "comma" : "mark";
        out.push({ key: p.text, kind, start: p.start, end: p.end, opens: true, closes: true });
        i++;
        continue;
      }
      const hit = this.expansionAt(pieces, i);
      if (hit) {
        const end = pieces[hit.last]!.end;
        hit.full.forEach((key, k) =>
          out.push({ key, kind: "word", start: p.start, end, opens: k === 0, closes: k === hit.full.length - 1 }),
        );
        i = hit.last + 1;
        continue;
      }
      out.push({ key: p.key, kind: p.key === AND ? "and" : "word", start: p.start, end: p.end, opens: true, closes: true });
      i++;
    }
    return out;
  }

  /** The comparison key of a name: its words, abbreviations written out, without "và". */
  key(text: string): string[] {
    return this.tokens(text)
      .filter((t) => t.kind === "word" && t.key !== AND)
      .map((t) => t.key);
  }

  private expansionAt(pieces: { text: string; key: string }[], i: number): { full: string[]; last: number } | undefined {
    for (const rule of this.expansions.get(pieces[i]!.key) ?? []) {
      let matched = 0;
      let last = i;
      for (let j = i; j < pieces.length && matched < rule.form.length; j++) {
        const p = pieces[j]!;
        if (isWord(p)) {
          if (p.key !== rule.form[matched]) break;
          matched++;
          last = j;
        } else if (STOPS.has(p.text)) {
          break;
        }
      }
      if (matched === rule.form.length) return { full: rule.full, last };
    }
    return undefined;
  }
}

/**
 * Resolves agency names and lists of them. Matching works on the structure of a list, not on
 * its punctuation, because names themselves contain commas ("Sở Văn hóa, Thể thao và Du
 * lịch"): at each place a name can begin, the longest directory name that ends where a name
 * can end wins; the words no name covers are split on ";" "," "và" and kept as written.
 */
export class Directory implements AgencyResolver {
  readonly data: z.output<typeof DirectoryFile>;
  readonly province: string;
  readonly agencies: Agency[];
  readonly groups: AgencyGroup[];
  private readonly lexer: Lexer;
  private readonly abbreviations: Abbreviations;
  private readonly root: TrieNode = { next: new Map() };
  private readonly agencyCodes = new Map<string, Agency>();
  private readonly groupCodes = new Map<string, AgencyGroup>();
  private readonly cache = new Map<string, readonly Item[]>();

  constructor(data: DirectoryData, abbreviations: Abbreviations = new Abbreviations()) {
    const parsed = DirectoryFile.safeParse(data);
    if (!parsed.success) throw new Error(z.prettifyError(parsed.error).replace(/\n+/g, "; "));
    const d = parsed.data;
    this.data = d;
    this.province = d.province;
    this.agencies = d.agencies;
    this.groups = d.groups;
    this.abbreviations = abbreviations;
    this.lexer = new Lexer(abbreviations);
    for (const a of d.agencies) this.agencyCodes.set(a.code, a);
    for (const g of d.groups) this.groupCodes.set(g.code, g);

    type Entry = { target: Target; spellings: string[] };
    const entries: Entry[] = [
      ...d.agencies.map((a): Entry => ({ target: { kind: "agency", name: a.name, agency: a }, spellings: [a.name, ...a.aliases] })),
      ...d.groups.map((g): Entry => ({ target: { kind: "group", name: g.name, group: g }, spellings: [g.name, ...g.aliases] })),
      ...d.nonRecipients.map((n): Entry => ({ target: { kind: "nobody", name: n.name }, spellings: [n.name, ...n.aliases] })),
      ...d.qualifiers.map((q): Entry => ({ target: { kind: "qualifier", name: q }, spellings: [q] })),
    ];
    // Written spellings first: a spelling derived by dropping "các" gives way to one written out.
    for (const { target, spellings } of entries) for (const s of spellings) this.index(this.lexer.key(s), s, target, true);
    for (const { target, spellings } of entries) {
      for (const s of spellings) {
        const key = this.lexer.key(s);
        if (key[0] === PLURAL && key.length > 1) this.index(key.slice(1), s, target, false);
      }
    }
  }

  /** The bundled directory, or a file an operator supplies (DIRECTORY_FILE). */
  static load(file: string | URL = BUNDLED, abbreviations?: Abbreviations): Directory {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      throw new Error(`Không đọc được danh bạ cơ quan / cannot read the agency directory ${String(file)}: ${(e as Error).message}`);
    }
    try {
      return new Directory(data as DirectoryData, abbreviations);
    } catch (e) {
      throw new Error(`Danh bạ cơ quan không hợp lệ / invalid agency directory ${String(file)}: ${(e as Error).message}`);
    }
  }

  /**
   * This directory with the names a plan uses that it does not know, each as an agency of that
   * plan: a code made from its initials, the kind its head word says.
   */
  withPlanAgencies(names: string[]): Directory {
    if (names.length === 0) return this;
    const codes = new Set([...this.agencyCodes.keys(), ...this.groupCodes.keys()]);
    const added: Agency[] = [];
    // One agency for every spelling of a name ("Sở KH&CN", "Sở Khoa học và Công nghệ"), with or without "các".
    const keyOf = (name: string) => {
      const key = this.lexer.key(name);
      return (key[0] === PLURAL ? key.slice(1) : key).join(" ");
    };
    const keys = new Set<string>();
    for (const name of names) {
      const key = keyOf(name);
      if (!Name.safeParse(name).success || !key || keys.has(key) || this.resolveList(name).unmatched.length === 0) continue;
      keys.add(key);
      const base = codeFor(name);
      let code = base;
      for (let k = 2; codes.has(code); k++) code = `${base}${k}`;
      codes.add(code);
      added.push({ code, kind: kindOf(name), name, aliases: [], fromPlan: true });
    }
    return new Directory({ ...this.data, agencies: [...this.data.agencies, ...added] }, this.abbreviations);
  }

  byCode(code: string): Agency | undefined {
    return this.agencyCodes.get(code.trim().toUpperCase());
  }

  /** The agency written any way: code, name or alias, abbreviated or not, with or without accents. */
  find(nameOrAlias: string): Agency | undefined {
    const byCode = this.byCode(nameOrAlias);
    if (byCode) return byCode;
    const target = this.only(nameOrAlias);
    return target?.kind === "agency" ? target.agency : undefined;
  }

  findGroup(name: string): AgencyGroup | undefined {
    const byCode = this.groupCodes.get(name.trim().toUpperCase());
    if (byCode) return byCode;
    const target = this.only(name);
    return target?.kind === "group" ? target.group : undefined;
  }

  isGroup(name: string): boolean {
    return this.findGroup(name) !== undefined;
  }

  resolveList(text: string): { names: string[]; unmatched: string[] } {
    const names = new Set<string>();
    const unmatched = new Set<string>();
    for (const item of this.scan(text)) {
      if ("text" in item) {
        names.add(item.text);
        unmatched.add(item.text);
      } else {
        names.add(item.target.name);
      }
    }
    return { names: [...names], unmatched: [...unmatched] };
  }

  /** The agencies the names stand for: groups opened into their members, each agency once. */
  expand(names: string[]): Agency[] {
    const out = new Map<string, Agency>();
    for (const name of names) {
      for (const item of this.scan(name)) {
        if ("text" in item) continue;
        const t = item.target;
        if (t.kind === "agency") out.set(t.agency.code, t.agency);
        if (t.kind === "group") for (const code of t.group.members) out.set(code, this.agencyCodes.get(code)!);
      }
    }
    return [...out.values()];
  }

  private index(key: string[], spelling: string, target: Target, written: boolean): void {
    if (key.length === 0) throw new Error(`"${spelling}" has no letters to match on`);
    let node = this.root;
    for (const word of key) {
      let next = node.next.get(word);
      if (!next) node.next.set(word, (next = { next: new Map() }));
      node = next;
    }
    if (node.target === undefined) node.target = target;
    else if (node.target !== target && written) {
      throw new Error(`"${spelling}" (${target.name}) is written like "${node.target.name}"`);
    }
  }

  /** The one entry the text names, if it names exactly one and nothing else. */
  private only(text: string): Target | undefined {
    const items = this.scan(text);
    const first = items[0];
    if (!first || "text" in first) return undefined;
    return items.every((i) => "target" in i && i.target === first.target) ? first.target : undefined;
  }

  private scan(text: string): readonly Item[] {
    const hit = this.cache.get(text);
    if (hit) return hit;
    const items = this.match(text);
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(text, items);
    return items;
  }

  private match(text: string): Item[] {
    const tokens = this.lexer.tokens(text);
    const items: Item[] = [];
    const tails = new Map<number, boolean>();
    let segment: { start: number; end: number } | undefined;
    const flush = () => {
      if (segment) items.push({ text: text.slice(segment.start, segment.end).replace(/\s+/gu, " ") });
      segment = undefined;
    };
    let canStart = true;
    for (let i = 0; i < tokens.length; ) {
      const t = tokens[i]!;
      if (t.kind === "mark") {
        i++;
        continue;
      }
      if (t.kind !== "word") {
        flush();
        canStart = true;
        i++;
        continue;
      }
      const found = canStart ? this.candidates(tokens, i).find((c) => this.canEnd(tokens, c.end, tails)) : undefined;
      if (found) {
        flush();
        if (found.target.kind !== "qualifier") items.push({ target: found.target });
        i = found.end;
        continue;
      }
      segment = { start: segment?.start ?? t.start, end: t.end };
      canStart = false;
      i++;
    }
    flush();
    return items;
  }

  /** Every directory name that begins at token i, longest first. */
  private candidates(tokens: Token[], i: number): { end: number; target: Target }[] {
    const found: { end: number; target: Target }[] = [];
    if (!tokens[i]?.opens) return found;
    let node: TrieNode | undefined = this.root;
    for (let j = i; j < tokens.length; j++) {
      const t = tokens[j]!;
      if (t.kind === "stop") break;
      if (t.kind !== "word" || t.key === AND) continue;
      node = node.next.get(t.key);
      if (!node) break;
      if (node.target && t.closes) found.push({ end: j + 1, target: node.target });
    }
    return found.reverse();
  }

  /**
   * A name may end before a separator, "và", the end, or another name (or qualifier): so "các
   * cơ quan báo chí trung ương" is not read as the province's press followed by a stray word.
   */
  private canEnd(tokens: Token[], end: number, memo: Map<number, boolean>): boolean {
    const known = memo.get(end);
    if (known !== undefined) return known;
    let k = end;
    while (tokens[k]?.kind === "mark") k++;
    const next = tokens[k];
    const ok = next === undefined || next.kind !== "word" || this.candidates(tokens, k).some((c) => this.canEnd(tokens, c.end, memo));
    memo.set(end, ok);
    return ok;
  }
}

/** "Sở Nông nghiệp và Môi trường" → "SNNMT": initials of the words, "và" left out. */
function codeFor(name: string): string {
  const initials = fold(name)
    .match(/[a-z0-9]+/g)
    ?.filter((w) => w !== "va" && w !== "cac")
    .map((w) => (/^\d+$/.test(w) ? w : w[0]!.toUpperCase()))
    .join("")
    .slice(0, 12);
  return `KH_${initials || "CQ"}`;
}

function kindOf(name: string): Agency["kind"] {
  const f = fold(name);
  if (/^(?:cac )?(?:bao|dai)\b/.test(f)) return "press";
  if (/\b(?:xa|phuong|dac khu)\b/.test(f) && /^(?:cac )?(?:ubnd|uy ban nhan dan)/.test(f)) return "commune";
  if (/\b(?:huyen|thi xa)\b/.test(f) && /^(?:cac )?(?:ubnd|uy ban nhan dan)/.test(f)) return "district";
  if (/^(?:cac )?(?:so|van phong|thanh tra)\b/.test(f)) return "department";
  return "body";
}
