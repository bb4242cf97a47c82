/**
 * Section II of the draft report ("Đánh giá chung": strengths, shortcomings, causes) written
 * by the model as a few paragraphs from the compiled summary and nothing else. The summary
 * travels as JSON data, never as prompt text, so an agency's wording cannot steer the model.
 * Any failure (HTTP error, timeout, empty answer) yields undefined and the renderer assembles
 * the section verbatim instead: the coordinator always gets a document.
 */
import { shorten } from "../text/shorten.js";
import { clean } from "../text/normalize.js";
import type { Llm } from "../llm/client.js";
import { loadPrompt } from "../llm/prompts.js";
import type { Logger } from "../log.js";
import { formatDate } from "../time.js";
import type { Summary } from "./compile.js";
import { nameOf, periodOf } from "./naming.js";
import { STATUS_LABEL } from "./status.js";
import { R } from "./texts.js";
import { STATUS_CHOICE_LABEL } from "../core/texts.js";

/** Room for four short paragraphs of Vietnamese, which takes more tokens than English. */
const MAX_TOKENS = 1_200;
const RESULT_CHARS = 300;
const RAISED_CHARS = 300;
const MAX_RAISED = 40;
// A year of monthly reports from 33 districts would swamp a small local model: each task brings
// its latest reports, and the overdue list (longest overdue first) its head, up to a bound.
const MAX_RESULTS_PER_TASK = 20;
const MAX_OVERDUE = 60;
const MAX_PARAGRAPH = 2_000;
const MAX_PARAGRAPHS = 6;

export interface AssessmentData {
  counts: Record<string, number>;
  done: number;
  total: number;
  rate: number | null;
  tasks: { id: string; title: string; results: { agency: string; role: string; period: string; status: string; text: string; figures: string[] }[] }[];
  overdue: { agency: string; task: string; period: string; daysOverdue: number }[];
  silent: string[];
  difficulties: { agency: string; task: string; text: string }[];
  proposals: { agency: string; task: string; text: string }[];
}

/** What the model reads: the summary's figures and every current report in scope, each shortened. */
export function assessmentData(s: Summary): AssessmentData {
  const name = (code: string) => nameOf(s, code);
  const raised = (list: Summary["difficulties"]) =>
    list.slice(0, MAX_RAISED).map((d) => ({ agency: name(d.agency), task: d.task, text: shorten(d.text, RAISED_CHARS) }));
  return {
    counts: Object.fromEntries(Object.entries(s.counts).map(([st, n]) => [STATUS_LABEL[st as keyof typeof STATUS_LABEL], n])),
    done: s.done,
    total: s.total,
    rate: s.rate,
    tasks: s.tasks.map((t) => ({
      id: t.task.id,
      title: t.task.title,
      // A partner's status is the one it gave its own contribution, not the lead's obligation.
      results: t.reports.slice(-MAX_RESULTS_PER_TASK).map((r) => ({
        agency: name(r.agency),
        role: R.role[t.contributions.includes(r) ? "partner" : "lead"],
        period: periodOf(s, r.task, r.period),
        status: STATUS_CHOICE_LABEL[r.status],
        text: shorten(r.results.trim(), RESULT_CHARS),
        figures: r.figures,
      })),
    })),
    overdue: s.overdue.slice(0, MAX_OVERDUE).map((r) => ({ agency: name(r.agency), task: r.task, period: periodOf(s, r.task, r.period), daysOverdue: r.daysOverdue ?? 0 })),
    silent: s.silent.map(name),
    difficulties: raised(s.difficulties),
    proposals: raised(s.proposals),
  };
}

/** The model's paragraphs, or undefined when the section must be assembled verbatim. */
export async function draftAssessment(s: Summary, llm: Llm | undefined, log?: Logger): Promise<string[] | undefined> {
  if (!llm) return undefined;
  try {
    const system = loadPrompt("assessment").fill({
      issuer: s.issuer ?? R.blankIssuer,
      plan_title: s.title,
      scope: R.scopeLabel(s.period?.id ?? null, s.year).toLocaleLowerCase("vi"),
      as_of: formatDate(s.asOf),
    });
    const completion = await (await llm.client()).chat.completions.create({
      model: llm.model,
      messages: [
        { role: "system", content: system },
        { role: "user", content: JSON.stringify(assessmentData(s)) },
      ],
      max_tokens: MAX_TOKENS,
    });
    // MAX_TOKENS already bounds the draft; each paragraph is also cleaned and kept to a page's length.
    const paragraphs = clean(completion.choices[0]?.message?.content ?? "")
      .split(/\n+/)
      .map((p) => p.trim().slice(0, MAX_PARAGRAPH))
      .filter(Boolean);
    if (paragraphs.length === 0) throw new Error("the model returned no assessment");
    return paragraphs.slice(0, MAX_PARAGRAPHS);
  } catch (e) {
    log?.warn({ err: (e as Error).message }, "llm: assessment failed; section II assembled verbatim");
    return undefined;
  }
}
