import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Directory } from "../../src/plan/directory.js";
import { PlanParseError, parsePlan } from "../../src/plan/parse.js";
import type { Plan } from "../../src/plan/types.js";

const seed = readFileSync(new URL("../../src/data/plans/quang-ngai-2024-ttdn.txt", import.meta.url), "utf8");
const directory = Directory.load();

/** mulberry32: a small seeded generator, so a failing case can be replayed from its number. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const int = (random: Random, n: number): number => Math.floor(random() * n);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)] as T;

// Characters that have broken text handling elsewhere: combining marks, zero-width and
// direction marks, surrogate halves, emoji, CJK, control characters, and the plan's own syntax.
const ODD = [
  "\u0300", "\u0323", "\u200B", "\u200F", "\u202E", "\uFEFF", "\uD800", "\uDFFF", "😀", "👨‍👩‍👧", "中文",
  "\u0007", "\u001B", "\r", "\t", "\n", "\n\n", "**", "#", "- ", "+ ", "a) ", "II. ", "IV. ", "5. ", "1) ", ":", "–",
  "Quý ", "trước ngày 31/2/2024", "báo cáo qua ", "Nơi nhận:", "KẾ HOẠCH ", "\\", "$&", "(", ")",
];

function randomText(random: Random, length: number): string {
  return Array.from({ length }, () =>
    random() < 0.3 ? pick(random, ODD) : String.fromCodePoint(int(random, random() < 0.8 ? 0x2000 : 0x10ffff)),
  ).join("");
}

const mutations: [string, (text: string, random: Random) => string][] = [
  ["truncate", (t, r) => t.slice(0, int(r, t.length))],
  ["cut the head", (t, r) => t.slice(int(r, t.length))],
  [
    "delete spans",
    (t, r) => {
      let out = t;
      for (let i = int(r, 20); i >= 0; i--) {
        const at = int(r, out.length);
        out = out.slice(0, at) + out.slice(at + int(r, 400));
      }
      return out;
    },
  ],
  [
    "shuffle lines",
    (t, r) => {
      const lines = t.split("\n");
      for (let i = lines.length - 1; i > 0; i--) {
        const j = int(r, i + 1);
        [lines[i], lines[j]] = [lines[j] ?? "", lines[i] ?? ""];
      }
      return lines.join("\n");
    },
  ],
  [
    "duplicate and drop lines",
    (t, r) => t.split("\n").flatMap((line) => (r() < 0.1 ? [] : r() < 0.1 ? [line, line] : [line])).join("\n"),
  ],
  [
    "insert odd characters",
    (t, r) => {
      let out = t;
      for (let i = int(r, 200); i >= 0; i--) {
        const at = int(r, out.length);
        out = out.slice(0, at) + randomText(r, 1 + int(r, 5)) + out.slice(at);
      }
      return out;
    },
  ],
  [
    "NUL bytes",
    (t, r) => {
      const at = int(r, t.length);
      return t.slice(0, at) + "\u0000" + t.slice(at);
    },
  ],
  ["random unicode only", (_, r) => randomText(r, int(r, 3000))],
  ["random unicode after a title", (_, r) => `KẾ HOẠCH năm 2024\nI. NHIỆM VỤ\n1. ${randomText(r, int(r, 3000))}`],
  ["a line made enormous", (t, r) => t.replace("\n", randomText(r, 50).repeat(1 + int(r, 3000)) + "\n")],
];

/** What every Plan the parser returns must satisfy, whatever the input. */
function expectWellFormed(plan: Plan): void {
  const iso = /^\d{4}-\d{2}-\d{2}$/;
  expect(Number.isInteger(plan.year)).toBe(true);
  expect(plan.tasks.length).toBeGreaterThan(0);
  expect(new Set(plan.tasks.map((t) => t.id)).size).toBe(plan.tasks.length);
  for (const task of plan.tasks) {
    expect(task.deadlines.every((d) => iso.test(d))).toBe(true);
    expect([...task.deadlines].sort()).toEqual(task.deadlines);
    expect(task.lead.every((n) => typeof n === "string" && n.length > 0)).toBe(true);
  }
  for (const r of plan.reportDeadlines) expect(r.date).toMatch(iso);
  expect(plan.warnings.every((w) => typeof w === "string")).toBe(true);
}

function parseOrReject(text: string): void {
  try {
    expectWellFormed(parsePlan(text, directory));
  } catch (error) {
    if (!(error instanceof PlanParseError)) throw error;
  }
}

// Sixty mutated plans per case, some with lines of 150,000 characters: a volume test, whose time
// is the machine's, not a target (the parser's speed is the bench's business).
describe("fuzzing the seed: parsePlan returns a well-formed Plan or throws PlanParseError", { timeout: 90_000 }, () => {
  const CASES_PER_MUTATION = 60;

  it.each(mutations)("%s", (name, mutate) => {
    for (let n = 0; n < CASES_PER_MUTATION; n++) {
      const random = prng(n * 7919 + name.length);
      // Two mutations in a row now and then, since real damage rarely comes alone.
      const once = mutate(seed, random);
      const text = random() < 0.3 ? pick(random, mutations)[1](once, random) : once;
      try {
        parseOrReject(text);
      } catch (error) {
        throw new Error(`mutation "${name}", case ${n}: ${String(error)}`);
      }
    }
  });

  it("rejects 5 MB of text, plan-shaped or not", () => {
    expect(() => parsePlan(seed.repeat(Math.ceil((5 * 1024 * 1024) / seed.length)), directory)).toThrow(PlanParseError);
    expect(() => parsePlan("a".repeat(5 * 1024 * 1024), directory)).toThrow(PlanParseError);
  });

  it("still reads the intact seed after all that", () => {
    expect(parsePlan(seed, directory).tasks).toHaveLength(14);
  });
});
