/**
 * Grounded answers to questions about the plan. Offline, the answer is built from the
 * grounding (structured facts, quoted passages, or a refusal). With a model, the model writes
 * the answer from the same grounding and nothing else, and its citations are checked; when it
 * fails, times out or cites nothing it was given, the offline answer goes out with a note.
 *
 * Stored reports reach an answer only through `visibleReports`: the asker's own agency's, or
 * every agency's for an admin, filtered in the query, before anything is written or sent.
 */
import { shorten } from "../text/shorten.js";
import type { ActivePlan } from "../core/turn.js";
import { STATUS_CHOICE_LABEL } from "../core/texts.js";
import type { Db } from "../db/connection.js";
import type { Logger } from "../log.js";
import { periodLabelOf } from "../plan/periods.js";
import type { Plan } from "../plan/types.js";
import { listReports } from "../reports/store.js";
import type { Report } from "../reports/types.js";
import { Abbreviations } from "../text/abbreviations.js";
import { clean, fold } from "../text/normalize.js";
import { formatDate, localDate } from "../time.js";
import { checkCitations } from "./citations.js";
import type { Llm } from "./client.js";
import type { Fact, Who } from "./facts.js";
import { ground, knowledgeOf, type Grounding, type Knowledge } from "./ground.js";
import { offlineAnswer, refusal } from "./offline.js";
import { loadPrompt } from "./prompts.js";
import { A, REFUSAL } from "./texts.js";
import { tokenCount } from "./tokenize.js";
import type { Answer, Answerer, Asker } from "./types.js";

export interface AnswererOptions {
  active(): ActivePlan;
  db: Db;
  log: Logger;
  /** Absent: offline mode. */
  llm?: Llm;
  zone?: string;
  abbreviations?: Abbreviations;
}

/** The most a model's context may take of the plan, in tokens: facts and sections together. */
export const CONTEXT_SHARE = 0.2;
// Sections scoring under this share of the best one are noise to a model.
const SECTION_SHARE = 0.25;
const MAX_SECTIONS = 5;
const MAX_REPORTS = 20;
const REPORT_CHARS = 300;
const MAX_QUESTION = 1_000;
// What a model writes goes to a phone: an answer past this is cut at its last sentence.
const MAX_ANSWER = 3_000;

function bounded(text: string): string {
  const t = clean(text).trim();
  if (t.length <= MAX_ANSWER) return t;
  const cut = t.slice(0, MAX_ANSWER - 1);
  const end = cut.lastIndexOf(". ");
  return `${end > MAX_ANSWER / 2 ? cut.slice(0, end + 1) : cut}…`;
}

/** The reports the asker may see: an admin every agency's, anyone else only their own agency's. */
export function visibleReports(db: Db, planId: number, asker: Asker, task?: string): Report[] {
  const filter = task ? { task } : {};
  if (asker.role === "admin") return listReports(db, planId, filter);
  if (!asker.agency) return [];
  return listReports(db, planId, { ...filter, agency: asker.agency });
}

function reportFacts(reports: Report[], plan: Plan, active: ActivePlan, zone: string): Fact[] {
  return reports
    .slice(-MAX_REPORTS)
    .reverse()
    .map((r) => ({
      section: plan.tasks.find((t) => t.id === r.task)?.section ?? "",
      text: A.report(
        active.directory.byCode(r.agency)?.name ?? r.agency,
        r.task,
        periodLabelOf(plan.tasks, r.task, r.period),
        STATUS_CHOICE_LABEL[r.status],
        formatDate(localDate(new Date(r.reportedAt), zone)),
        shorten(r.results, REPORT_CHARS),
      ),
    }))
    .filter((f) => f.section !== "");
}

/** Codes the question names: an agency's own, a group's members. */
function codesOf(who: Who[], active: ActivePlan): Set<string> {
  return new Set(who.flatMap((w) => (w.group ? (active.directory.groups.find((g) => g.code === w.code)?.members ?? []) : [w.code])));
}

interface Context {
  facts: Fact[];
  sections: { id: string; text: string }[];
  tokens: number;
}

/**
 * What the model reads: the facts, then the facts' own sections and the retrieved ones, best
 * first, as long as they fit the budget; the first fact always goes, whatever its size.
 */
export function contextFor(k: Knowledge, g: Grounding, facts: Fact[]): Context {
  const budget = Math.floor(CONTEXT_SHARE * k.planTokens);
  let tokens = 0;
  const given: Fact[] = [];
  for (const f of facts) {
    const size = tokenCount(f.text);
    if (given.length > 0 && tokens + size > budget) break;
    given.push(f);
    tokens += size;
  }
  const top = g.hits[0]?.score ?? 0;
  const relevant = new Set(g.hits.filter((h) => h.score >= SECTION_SHARE * top).map((h) => h.chunk.id));
  const candidates = [...new Set([...given.map((f) => f.section), ...g.ranked.filter((id) => relevant.has(id))])];
  const sections: Context["sections"] = [];
  for (const id of candidates) {
    const chunk = k.chunks.find((c) => c.id === id);
    if (!chunk || sections.length >= MAX_SECTIONS) continue;
    const size = tokenCount(chunk.text);
    if (tokens + size > budget) continue;
    sections.push({ id, text: chunk.text });
    tokens += size;
  }
  return { facts: given, sections, tokens };
}

function askerLabel(asker: Asker, active: ActivePlan): string {
  const name = asker.agency ? (active.directory.byCode(asker.agency)?.name ?? asker.agency) : undefined;
  if (asker.role === "admin") return `cán bộ quản trị${name ? ` (${name})` : ""}`;
  return name ? `đầu mối của ${name}` : "cán bộ vận hành";
}

export function createAnswerer(options: AnswererOptions): Answerer {
  const { log, llm } = options;
  const zone = options.zone ?? "Asia/Ho_Chi_Minh";
  const abbreviations = options.abbreviations ?? new Abbreviations();

  async function viaModel(model: Llm, k: Knowledge, g: Grounding, question: string, facts: Fact[], asker: Asker, active: ActivePlan): Promise<Answer> {
    const context = contextFor(k, g, facts);
    const allowed = new Set([...context.facts.map((f) => f.section), ...context.sections.map((s) => s.id)]);
    const system = loadPrompt("answer").fill({
      plan_title: k.plan.title,
      asker: askerLabel(asker, active),
      section_ids: [...allowed].join(", "),
      refusal: REFUSAL,
    });
    // The question travels as a JSON value: data to answer, never text the prompt is made of.
    const data = JSON.stringify({
      question,
      facts: context.facts.map((f) => ({ section: f.section, text: f.text })),
      sections: context.sections,
    });
    const completion = await (await model.client()).chat.completions.create({
      model: model.model,
      messages: [
        { role: "system", content: system },
        { role: "user", content: data },
      ],
      max_tokens: model.maxTokens.answer,
    });
    const content = completion.choices[0]?.message?.content;
    const text = content ? bounded(content) : undefined;
    if (!text) throw new Error("the model returned no answer");
    if (fold(text).startsWith(fold(REFUSAL))) return refusal(k, g, "llm");
    const checked = checkCitations(text, allowed, k.plan);
    if (checked.removed.length > 0) log.warn({ removed: checked.removed }, "llm: citations not given to the model removed");
    if (checked.citations.length === 0) {
      log.warn("llm: answer cites no section it was given; offline answer used");
      return offlineAnswer(k, g, facts, [A.llmUngrounded]);
    }
    return { answer: checked.text, citations: checked.citations, grounded: true, mode: "llm" };
  }

  return {
    async ask(raw, asker) {
      const question = clean(raw).trim().slice(0, MAX_QUESTION);
      if (!question) return { answer: A.empty, citations: [], grounded: false, mode: "offline" };
      const active = options.active();
      const k = knowledgeOf(active.plan, active.directory, abbreviations);
      const g = ground(k, question, asker.agency);

      let facts = g.facts;
      const notes: string[] = [];
      const header: string[] = [];
      if (g.intent.kind === "reports") {
        const named = codesOf(g.intent.who, active);
        const admin = asker.role === "admin";
        let reports = visibleReports(options.db, active.id, asker, g.intent.task?.id);
        if (admin && named.size > 0) reports = reports.filter((r) => named.has(r.agency));
        facts = reportFacts(reports, active.plan, active, zone);
        if (!admin && !asker.agency) notes.push(A.noAgency);
        else if (!admin && (g.intent.others || [...named].some((code) => code !== asker.agency))) notes.push(A.ownReportsOnly);
        const own = !admin && asker.agency ? active.directory.byCode(asker.agency)?.name : undefined;
        header.push(own ? A.reportsHeader(own) : A.reportsAllHeader);
      }

      if (!llm || g.refused) return offlineAnswer(k, g, facts, [...notes, ...header]);
      try {
        const a = await viaModel(llm, k, g, question, facts, asker, active);
        return notes.length > 0 ? { ...a, answer: [...notes, a.answer].join("\n") } : a;
      } catch (e) {
        log.warn({ err: (e as Error).message }, "llm: request failed; offline answer used");
        return offlineAnswer(k, g, facts, [A.llmUnavailable, ...notes, ...header]);
      }
    },
  };
}
