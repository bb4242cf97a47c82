/**
 * `npm run eval`: the answering and reading services in offline mode against the product's
 * question and reply sets (test/fixtures/questions.json, replies.json), which include the
 * shared samples. Prints recall@1, recall@3, MRR, refusal accuracy, task, status and period
 * accuracy, and the context a model would get; exits non-zero when a target of issue #6 is
 * missed or a sample is read wrong.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { BUNDLED_PLAN } from "../../src/config.js";
import { openDb } from "../../src/db/connection.js";
import { createLogger } from "../../src/log.js";
import { createAnswerer, contextFor } from "../../src/llm/answer.js";
import { createReader } from "../../src/llm/extract.js";
import { ground, knowledgeOf } from "../../src/llm/ground.js";
import { Directory } from "../../src/plan/directory.js";
import { loadDirectories } from "../../src/plan/directories.js";
import { parsePlan, readHeader } from "../../src/plan/parse.js";
import { loadGold, planFile, score, total } from "./plans.js";
import { Abbreviations } from "../../src/text/abbreviations.js";

interface Question {
  q: string;
  sections?: string[];
  refuse?: boolean;
  as?: string;
  sample?: boolean;
  /** The phone-typed sets say which they are: tuned on, or never looked at while tuning. */
  split?: "tune" | "holdout";
}

interface Reply {
  as: string;
  now: string;
  text: string;
  task?: string | string[];
  period?: string;
  status?: string;
  question?: boolean;
  sample?: boolean;
}

const TARGETS = { recall3: 0.95, refusal: 0.9, task: 0.9, status: 0.85, context: 0.25, plans: 0.95, phone: 0.9 };

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8")) as T;
const questions = fixture<{ questions: Question[] }>("questions.json").questions;
const phone = fixture<{ questions: Question[] }>("questions-phone.json").questions;
/** Written blind to the answering code on 2026-12-01, after the first held-out part had been measured many times. */
const fresh = fixture<{ questions: Question[] }>("questions-phone-fresh.json").questions;
const replies = fixture<{ replies: Reply[] }>("replies.json").replies;

const directory = Directory.load();
const directories = loadDirectories(undefined);
const plan = parsePlan(readFileSync(BUNDLED_PLAN, "utf8"), directory);
const active = () => ({ id: 1, plan, directory });
const db = openDb(":memory:");
const log = createLogger("silent", false);
const answerer = createAnswerer({ active, db, log });
const reader = createReader({ active, log });
const k = knowledgeOf(plan, directory, new Abbreviations());

const failures: string[] = [];
const sampleFailures: string[] = [];
const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);
const show = (label: string, n: number, d: number) => `${label.padEnd(20)} ${ratio(n, d).toFixed(3)}  (${n}/${d})`;

// Questions.
interface QuestionScore {
  hit1: number;
  hit3: number;
  reciprocal: number;
  answerable: number;
  refusalRight: number;
  total: number;
  contextMax: number;
  contextSum: number;
  /** Typed as free text, without /hoi, the question is taken as a question, not a report. */
  detected: number;
}

/** Ranks and answers each question as its asker: recall on the ranking, refusal on the answer. */
async function scoreQuestions(set: Question[], label: string): Promise<QuestionScore> {
  const s: QuestionScore = { hit1: 0, hit3: 0, reciprocal: 0, answerable: 0, refusalRight: 0, total: set.length, contextMax: 0, contextSum: 0, detected: 0 };
  for (const q of set) {
    const self = q.as ? (directory.find(q.as)?.code ?? null) : null;
    if (q.as && !self) throw new Error(`${label}: unknown agency ${q.as}`);
    const asker = { agency: self, role: "focal" as const };
    if ((await reader.read(q.q, asker, new Date())).question) s.detected++;
    else if (label === "phone") failures.push(`${label} "${q.q}": read as a report, not a question`);
    const a = await answerer.ask(q.q, asker);
    const g = ground(k, q.q, self);
    const rightRefusal = q.refuse ? !a.grounded : a.grounded;
    if (rightRefusal) s.refusalRight++;
    let right = rightRefusal;
    if (!q.refuse) {
      s.answerable++;
      const rank = g.refused ? -1 : g.ranked.findIndex((id) => q.sections?.includes(id));
      if (rank === 0) s.hit1++;
      if (rank >= 0 && rank < 3) s.hit3++;
      if (rank >= 0) s.reciprocal += 1 / (rank + 1);
      right = right && a.citations.some((c) => q.sections?.includes(c));
      const share = contextFor(k, g, g.facts).tokens / k.planTokens;
      s.contextMax = Math.max(s.contextMax, share);
      s.contextSum += share;
      if (rank < 0 || rank >= 3) failures.push(`${label} "${q.q}": expected ${q.sections?.join("/")}, ranked ${g.ranked.slice(0, 3).join(", ") || "(refused)"}`);
      else if (!rightRefusal) failures.push(`${label} "${q.q}": refused although ${q.sections?.join("/")} ranked ${rank + 1}`);
    } else if (!rightRefusal) failures.push(`${label} "${q.q}": should be refused, answered from ${a.citations.join(", ")}`);
    if (q.sample && !right) sampleFailures.push(`question "${q.q}"`);
  }
  return s;
}

const main = await scoreQuestions(questions, "question");
const phoneTune = await scoreQuestions(phone, "phone");
// The held-out questions count in the figures but their misses are not listed: nobody tunes on them.
const listed = failures.length;
const phoneFresh = await scoreQuestions(fresh, "phone (fresh, held out)");
failures.length = listed;
const { hit1, hit3, reciprocal, answerable, refusalRight, contextMax, contextSum } = main;

// Retrieval speed: every question searched many times; the figure is informative (npm run bench owns timing).
const times: number[] = [];
for (let round = 0; round < 20; round++) {
  for (const q of questions) {
    const t = performance.now();
    k.index.search(q.q);
    times.push(performance.now() - t);
  }
}
times.sort((a, b) => a - b);
const p95 = times[Math.floor(times.length * 0.95)] ?? 0;

// Replies.
let taskRight = 0;
let statusRight = 0;
let periodRight = 0;
let periodTotal = 0;
let questionRight = 0;
let reports = 0;
for (const r of replies) {
  const agency = directory.find(r.as);
  if (!agency) throw new Error(`replies.json: unknown agency ${r.as}`);
  const x = await reader.read(r.text, { agency: agency.code, role: "focal" }, new Date(r.now));
  const qRight = x.question === (r.question ?? false);
  if (qRight) questionRight++;
  let right = qRight;
  if (!r.question) {
    reports++;
    const tRight = Array.isArray(r.task) ? r.task.includes(x.task ?? "") : x.task === (r.task ?? null);
    const sRight = x.status === (r.status ?? null);
    const pRight = r.period === undefined || x.period === r.period;
    if (tRight) taskRight++;
    if (sRight) statusRight++;
    if (r.period !== undefined) {
      periodTotal++;
      if (pRight) periodRight++;
    }
    right = right && tRight && sRight && pRight;
    if (!(tRight && sRight && pRight)) {
      failures.push(`reply "${r.text}": read ${x.task}/${x.period}/${x.status}, expected ${[r.task].flat().join("|")}/${r.period ?? "-"}/${r.status}`);
    }
  } else if (!qRight) failures.push(`reply "${r.text}": a question, read as a report`);
  if (r.sample && !right) sampleFailures.push(`reply "${r.text}"`);
}

const results = {
  recall1: ratio(hit1, answerable),
  recall3: ratio(hit3, answerable),
  mrr: ratio(reciprocal, answerable),
  refusal: ratio(refusalRight, questions.length),
  task: ratio(taskRight, reports),
  status: ratio(statusRight, reports),
};
const lines = [
  `questions: ${questions.length} (${questions.filter((q) => q.refuse).length} out of plan), replies: ${replies.length}`,
  show("recall@1", hit1, answerable),
  show("recall@3", hit3, answerable),
  `${"MRR".padEnd(20)} ${results.mrr.toFixed(3)}`,
  show("refusal accuracy", refusalRight, questions.length),
  show("task accuracy", taskRight, reports),
  show("status accuracy", statusRight, reports),
  show("period accuracy", periodRight, periodTotal),
  show("question detection", questionRight, replies.length),
  `${"context / plan".padEnd(20)} max ${contextMax.toFixed(3)}, mean ${(contextSum / Math.max(1, answerable)).toFixed(3)} (of ${k.planTokens} tokens)`,
  `${"retrieval p95".padEnd(20)} ${p95.toFixed(3)} ms`,
  "",
  `phone-typed questions: tuned on ${phone.length} (test/fixtures/questions-phone.json, written before tuning); held out ${fresh.length} (questions-phone-fresh.json, written blind on 2026-12-01)`,
  ...[["tuned on", phoneTune], ["held out", phoneFresh]].map(
    ([name, p]) =>
      `${String(name).padEnd(9)} recall@3 ${ratio((p as QuestionScore).hit3, (p as QuestionScore).answerable).toFixed(3)} (${(p as QuestionScore).hit3}/${(p as QuestionScore).answerable}), refusal accuracy ${ratio((p as QuestionScore).refusalRight, (p as QuestionScore).total).toFixed(3)} (${(p as QuestionScore).refusalRight}/${(p as QuestionScore).total}), taken as a question without /hoi ${ratio((p as QuestionScore).detected, (p as QuestionScore).total).toFixed(3)}`,
  ),
];
process.stdout.write(`${lines.join("\n")}\n`);
if (failures.length > 0) process.stdout.write(`\nmisses:\n${failures.map((f) => `- ${f}`).join("\n")}\n`);

// Plans: the parser against the hand-written gold (test/fixtures/plans/gold/README.md).
const planScores = loadGold().map((g) => {
  const text = readFileSync(planFile(g), "utf8");
  return score(g, () => parsePlan(text, directories.forPlan(readHeader(text)).directory).tasks);
});
const tune = total(planScores.filter((s) => s.split === "tune"));
const holdout = total(planScores.filter((s) => s.split === "holdout"));
process.stdout.write(
  `\nplans (gold: tasks found, leads, partners, recurrence, deadlines; extra tasks count against)\n${planScores
    .map((s) => `${s.split.padEnd(8)} ${s.plan.split("/").at(-1)!.padEnd(45)} ${(s.passed / s.total).toFixed(3)}  (${s.passed}/${s.total}) found ${s.found}/${s.gold}, extra ${s.extra}${s.error ? `, ERROR ${s.error}` : ""}`)
    .join("\n")}\n${show("plans, tuned on", tune.passed, tune.total)}\n${show("plans, held out", holdout.passed, holdout.total)}\n`,
);
if (process.argv.includes("--plan-misses")) {
  for (const s of planScores.filter((x) => x.split === "tune")) process.stdout.write(`\n${s.plan}\n${s.misses.map((m) => `  ${m}`).join("\n")}\n`);
}

const missed = [
  results.recall3 < TARGETS.recall3 && `recall@3 < ${TARGETS.recall3}`,
  results.refusal < TARGETS.refusal && `refusal accuracy < ${TARGETS.refusal}`,
  ...[["tuned on", phoneTune], ["held out", phoneFresh]].flatMap(([name, p]) => {
    const x = p as QuestionScore;
    return [
      ratio(x.hit3, x.answerable) < TARGETS.phone && `phone questions ${name}: recall@3 < ${TARGETS.phone}`,
      ratio(x.refusalRight, x.total) < TARGETS.phone && `phone questions ${name}: refusal accuracy < ${TARGETS.phone}`,
    ];
  }),
  results.task < TARGETS.task && `task accuracy < ${TARGETS.task}`,
  results.status < TARGETS.status && `status accuracy < ${TARGETS.status}`,
  contextMax > TARGETS.context && `context > ${TARGETS.context} of the plan`,
  tune.ratio < TARGETS.plans && `plans (tuned on) < ${TARGETS.plans}`,
  holdout.ratio < TARGETS.plans && `plans (held out) < ${TARGETS.plans}`,
  ...planScores.filter((s) => s.error).map((s) => `plan did not load: ${s.plan}`),
  ...sampleFailures.map((s) => `sample wrong: ${s}`),
].filter((m): m is string => typeof m === "string");
if (missed.length > 0) {
  process.stdout.write(`\nFAILED:\n${missed.map((m) => `- ${m}`).join("\n")}\n`);
  process.exitCode = 1;
} else process.stdout.write("\nall targets met\n");
db.$client.close();
