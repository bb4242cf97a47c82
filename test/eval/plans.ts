/**
 * The plan section of `npm run eval`: the parser against hand-written gold for real plans of
 * other provinces (test/fixtures/plans/gold/, written before the parser was tuned; README
 * there). Each gold task gives up to five checks (found, lead, partners, recurrence,
 * deadlines) and each task the parser finds that no gold task matches is one failed check.
 * Plans marked `holdout` were never looked at while tuning and are reported apart.
 */
import { readdirSync, readFileSync } from "node:fs";
import { Abbreviations } from "../../src/text/abbreviations.js";
import { fold } from "../../src/text/normalize.js";

export interface GoldTask {
  source?: string;
  title: string;
  lead: string[];
  partners: string[];
  timeframe?: string;
  recurrence: string | null;
  deadlines?: string[];
}

export interface Gold {
  plan: string;
  split: "tune" | "holdout";
  date?: string;
  years?: [number, number];
  tasks: GoldTask[];
}

export interface ParsedTask {
  id: string;
  title: string;
  lead: string[];
  partners: string[];
  recurrence: string | null;
  deadlines: string[];
}

export interface PlanScore {
  plan: string;
  split: "tune" | "holdout";
  passed: number;
  total: number;
  gold: number;
  found: number;
  extra: number;
  error?: string;
  misses: string[];
}

const GOLD_DIR = new URL("../fixtures/plans/gold/", import.meta.url);
const REAL_DIR = new URL("../fixtures/plans/real/", import.meta.url);

/** The plan a gold file is about: a real plan by name, or a path relative to the gold folder. */
export function planFile(gold: Gold): URL {
  return gold.plan.includes("/") ? new URL(gold.plan, GOLD_DIR) : new URL(gold.plan, REAL_DIR);
}

export function loadGold(): Gold[] {
  return readdirSync(GOLD_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, GOLD_DIR), "utf8")) as Gold);
}

const abbreviations = new Abbreviations();

function tokens(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A name's comparison key: abbreviations written out, folded, without "các" and a trailing "tỉnh"/"thành phố". */
export function nameKey(name: string): string {
  return abbreviations
    .key(name.replace(/\([^)]*\)/g, " "))
    .replace(/^(?:cac|nhung) /, "")
    .replace(/ (?:tinh|thanh pho|tp)$/, "")
    .replace(/\s+/g, " ")
    .trim();
}

function specific(name: string): boolean {
  const k = nameKey(name);
  return !/lien quan|chuc nang/.test(k) && !/^(?:(?:co quan|don vi|dia phuong|nganh|so|ban)\s*)+$/.test(k);
}

function sameNames(gold: string[], parsed: string[], dropVague: boolean): boolean {
  const norm = (list: string[]) => [...new Set(list.filter((n) => !dropVague || specific(n)).map(nameKey))].sort();
  const a = norm(gold);
  const b = norm(parsed);
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** How much of the gold title's opening the parsed title holds, in order. */
function similarity(gold: string, parsed: string): number {
  const g = tokens(gold).slice(0, 12);
  const p = tokens(parsed).slice(0, 40);
  if (g.length === 0) return 0;
  let at = 0;
  let hit = 0;
  for (const w of g) {
    const k = p.indexOf(w, at);
    if (k >= 0 && k - at <= 3) {
      hit++;
      at = k + 1;
    }
  }
  return hit / g.length;
}

export function score(gold: Gold, parse: () => ParsedTask[]): PlanScore {
  const out: PlanScore = { plan: gold.plan, split: gold.split, passed: 0, total: 0, gold: gold.tasks.length, found: 0, extra: 0, misses: [] };
  const checksOf = (g: GoldTask) => (g.recurrence === null ? 3 : 5);
  let parsed: ParsedTask[];
  try {
    parsed = parse();
  } catch (e) {
    out.error = (e as Error).message;
    out.total = gold.tasks.reduce((n, g) => n + checksOf(g), 0);
    return out;
  }
  const used = new Set<number>();
  let last = -1;
  for (const g of gold.tasks) {
    out.total += checksOf(g);
    let best = -1;
    let bestScore = 0.74;
    parsed.forEach((p, i) => {
      if (used.has(i)) return;
      const s = similarity(g.title, p.title) + (sameNames(g.lead, p.lead, false) ? 0.05 : 0) + (i > last ? 0.01 : 0);
      if (s > bestScore) {
        best = i;
        bestScore = s;
      }
    });
    if (best < 0) {
      out.misses.push(`not found: "${g.title}" (${g.source ?? ""})`);
      continue;
    }
    used.add(best);
    last = best;
    const p = parsed[best]!;
    out.found++;
    out.passed++;
    const check = (ok: boolean, what: string, want: unknown, got: unknown) => {
      if (ok) out.passed++;
      else out.misses.push(`${p.id} ${what}: want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    };
    check(sameNames(g.lead, p.lead, false), "lead", g.lead, p.lead);
    check(sameNames(g.partners, p.partners, true), "partners", g.partners.filter(specific), p.partners.filter(specific));
    if (g.recurrence !== null) {
      check(g.recurrence === p.recurrence, "recurrence", g.recurrence, p.recurrence);
      const want = g.deadlines ?? [];
      check(want.length === p.deadlines.length && want.every((d, i) => d === p.deadlines[i]), "deadlines", want, p.deadlines);
    }
  }
  parsed.forEach((p, i) => {
    if (used.has(i)) return;
    out.extra++;
    out.total++;
    out.misses.push(`extra: ${p.id} "${p.title.slice(0, 70)}"`);
  });
  return out;
}

/** Checks passed over checks made, for a set of plan scores. */
export function total(scores: PlanScore[]): { passed: number; total: number; ratio: number } {
  const passed = scores.reduce((n, s) => n + s.passed, 0);
  const all = scores.reduce((n, s) => n + s.total, 0);
  return { passed, total: all, ratio: all === 0 ? 1 : passed / all };
}
