/**
 * Reading free-text progress replies into report drafts. Offline, by rules; with a model, by
 * structured output against a zod schema, checked again on arrival (the task must be one of
 * the agency's own, the period one of that task's). An invalid reading is asked for once
 * more, then the rules read it; so does any failure of the model. The chat always shows the
 * reading for confirmation before anything is stored.
 */
import { z } from "zod";
import type { ActivePlan } from "../core/turn.js";
import type { Logger } from "../log.js";
import { periodsOf } from "../plan/periods.js";
import { REPORT_STATUSES } from "../reports/types.js";
import { Abbreviations } from "../text/abbreviations.js";
import { clean } from "../text/normalize.js";
import { formatDateTime, localDate } from "../time.js";
import type { Llm } from "./client.js";
import { dueOf } from "./facts.js";
import { knowledgeOf, type Knowledge } from "./ground.js";
import { loadPrompt } from "./prompts.js";
import { periodFor, readByRules, readPeriodMention, readTask, tasksOf } from "./rules.js";
import type { Asker, Reader, Reading } from "./types.js";

/** What the model must return; strict structured output needs every field, nullable where unknown. */
export const ReadingSchema = z.object({
  question: z.boolean(),
  task: z.string().nullable(),
  period: z.string().nullable(),
  status: z.enum(REPORT_STATUSES).nullable(),
  results: z.string(),
  figures: z.array(z.string()),
  difficulties: z.array(z.string()),
  proposals: z.array(z.string()),
  confidence: z.number(),
});

export interface ReaderOptions {
  active(): ActivePlan;
  log: Logger;
  /** Absent: offline mode. */
  llm?: Llm;
  zone?: string;
  abbreviations?: Abbreviations;
}

const ATTEMPTS = 2;
/** Below this confidence in its reading, the model's task is offered with the rules' alternatives. */
const SURE = 0.7;
const MAX_TEXT = 4_000;
// A model's reading is stored and rendered: bounded lists of short, clean items.
const LIMITS = { results: 2_000, figures: 20, figure: 200, items: 10, item: 500 };
const cap = (text: string, max: number) => clean(text).trim().slice(0, max);
const caps = (list: string[], n: number, max: number) => list.map((x) => cap(x, max)).filter(Boolean).slice(0, n);

class InvalidReading extends Error {}

function taskLines(k: Knowledge, agency: string | null): string {
  return tasksOf(k.plan, k.directory, agency)
    .map(({ task, lead }) => {
      const periods = periodsOf(task, k.plan.years).map((p) => p.id);
      const due = [task.timeframe.replace(/\.$/, ""), dueOf(task)].filter(Boolean).join(", ");
      return `- ${task.id} (${lead ? "chủ trì" : "phối hợp"}): ${task.title}; ${due}; kỳ: ${periods.join(", ")}`;
    })
    .join("\n");
}

export function createReader(options: ReaderOptions): Reader {
  const { log, llm } = options;
  const zone = options.zone ?? "Asia/Ho_Chi_Minh";
  const abbreviations = options.abbreviations ?? new Abbreviations();

  /** The model's reading, checked; throws InvalidReading when it does not hold. */
  async function viaModel(model: Llm, k: Knowledge, text: string, asker: Asker, now: Date, today: string, given?: string): Promise<Reading> {
    const agencyName = asker.agency ? (k.directory.byCode(asker.agency)?.name ?? asker.agency) : "không rõ";
    const system = loadPrompt("extract").fill({
      plan_title: k.plan.title,
      agency: agencyName,
      now: formatDateTime(now, zone),
      year: String(k.plan.year),
      tasks: taskLines(k, asker.agency),
    });
    const { zodResponseFormat } = await import("openai/helpers/zod");
    const completion = await (await model.client()).chat.completions.create({
      model: model.model,
      messages: [
        { role: "system", content: system },
        { role: "user", content: JSON.stringify({ text }) },
      ],
      response_format: zodResponseFormat(ReadingSchema, "reading"),
      max_tokens: model.maxTokens.extract,
    });
    const content = completion.choices[0]?.message?.content;
    let json: unknown;
    try {
      json = JSON.parse(content ?? "");
    } catch {
      throw new InvalidReading("not JSON");
    }
    const parsed = ReadingSchema.safeParse(json);
    if (!parsed.success) throw new InvalidReading(z.prettifyError(parsed.error).replace(/\n+/g, "; "));
    const r = parsed.data;
    const candidates = tasksOf(k.plan, k.directory, asker.agency);
    const own = candidates.map((o) => o.task);
    // A task the user already chose is not the model's to change.
    const chosen = given ?? r.task;
    const task = chosen === null ? undefined : own.find((t) => t.id === chosen);
    if (chosen !== null && !task) throw new InvalidReading(`task ${chosen} is not one of the agency's`);
    // An unsure model gets the same second opinions the rules would offer.
    const alternatives =
      given || r.question || r.confidence >= SURE ? [] : [...new Set(readTask(k, text, candidates).alternatives.map((t) => t.id).filter((id) => id !== task?.id))];
    // A period outside the task's is read again from the text, as the rules read it.
    const valid = task && r.period !== null && periodsOf(task, k.plan.years).some((p) => p.id === r.period);
    const period = task ? (valid ? r.period : periodFor(task, k.plan.years, readPeriodMention(text, today), today)) : null;
    return {
      question: given ? false : r.question,
      task: task?.id ?? null,
      alternatives,
      period,
      status: r.status,
      results: cap(r.results, LIMITS.results) || text,
      figures: caps(r.figures, LIMITS.figures, LIMITS.figure),
      difficulties: caps(r.difficulties, LIMITS.items, LIMITS.item),
      proposals: caps(r.proposals, LIMITS.items, LIMITS.item),
      confidence: Math.min(1, Math.max(0, r.confidence)),
    };
  }

  return {
    async read(raw, asker, now, task) {
      const text = clean(raw).trim().slice(0, MAX_TEXT);
      const active = options.active();
      const k = knowledgeOf(active.plan, active.directory, abbreviations);
      const today = localDate(now, zone);
      const rules = () => readByRules(text, { knowledge: k, agency: asker.agency, today, ...(task ? { task } : {}) });
      if (!llm || !text) return rules();
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        try {
          return await viaModel(llm, k, text, asker, now, today, task);
        } catch (e) {
          if (!(e instanceof InvalidReading)) {
            log.warn({ err: (e as Error).message }, "llm: reading failed; rules used");
            return rules();
          }
          log.warn({ attempt, problem: e.message }, "llm: invalid reading");
        }
      }
      return rules();
    },
  };
}
