/**
 * DESIGN §7 "question answering": for every question of test/fixtures/questions.json, the
 * time from the question to what a model would be given (grounding: parsing, BM25 search,
 * intent and facts; then the context within its budget), the size of that context against the
 * whole plan, and whether an expected section ranks in the first three. The index is built
 * once per plan, as the service does, and its build time is reported beside the figures.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { BUNDLED_PLAN } from "../../src/config.js";
import { contextFor } from "../../src/llm/answer.js";
import { ground, knowledgeOf } from "../../src/llm/ground.js";
import { Directory } from "../../src/plan/directory.js";
import { parsePlan } from "../../src/plan/parse.js";
import { Abbreviations } from "../../src/text/abbreviations.js";

export interface RetrievalFigures {
  p50Ms: number;
  p95Ms: number;
  /** Context tokens over the plan's: the largest of any answerable question, and the mean. */
  contextMax: number;
  contextMean: number;
  /** Answerable questions with an expected section among the first three ranked. */
  recallAt3: number;
  questions: number;
  answerable: number;
  /** Building the index and the plan's knowledge, once. */
  buildMs: number;
}

interface Question {
  q: string;
  sections?: string[];
  refuse?: boolean;
  as?: string;
}

const ROUNDS = 30;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
}

export function retrievalBench(): RetrievalFigures {
  const questions = (JSON.parse(readFileSync(new URL("../fixtures/questions.json", import.meta.url), "utf8")) as { questions: Question[] })
    .questions;
  const directory = Directory.load();
  const plan = parsePlan(readFileSync(BUNDLED_PLAN, "utf8"), directory);
  const built = performance.now();
  const k = knowledgeOf(plan, directory, new Abbreviations());
  const buildMs = performance.now() - built;
  const asked = questions.map((q) => ({ ...q, self: q.as ? (directory.find(q.as)?.code ?? null) : null }));

  let hits = 0;
  let answerable = 0;
  let contextMax = 0;
  let contextSum = 0;
  for (const q of asked) {
    if (q.refuse) continue;
    answerable++;
    const g = ground(k, q.q, q.self);
    const rank = g.refused ? -1 : g.ranked.findIndex((s) => q.sections?.includes(s));
    if (rank >= 0 && rank < 3) hits++;
    const share = contextFor(k, g, g.facts).tokens / k.planTokens;
    contextMax = Math.max(contextMax, share);
    contextSum += share;
  }

  // The first round above warmed the code up; every question, refused ones too, is timed.
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of asked) {
      const start = performance.now();
      const g = ground(k, q.q, q.self);
      if (!g.refused) contextFor(k, g, g.facts);
      times.push(performance.now() - start);
    }
  }
  times.sort((a, b) => a - b);
  return {
    p50Ms: quantile(times, 0.5),
    p95Ms: quantile(times, 0.95),
    contextMax,
    contextMean: answerable === 0 ? 0 : contextSum / answerable,
    recallAt3: answerable === 0 ? 1 : hits / answerable,
    questions: questions.length,
    answerable,
    buildMs,
  };
}
