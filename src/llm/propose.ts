/**
 * With a model configured, tasks proposed for the parts of a plan the rules read no task from.
 * A proposal is kept only when the text holds it up: its section is one the model was given,
 * every agency it names is written in that section, its time is a phrase of that section and
 * is dated by the same rules as the plan's own (so no date comes from the model). Kept
 * proposals are marked and warned about, for the admin's review like everything else.
 */
import { z } from "zod";
import type { Logger } from "../log.js";
import { agencySpans } from "../plan/names.js";
import { parseTimeframe, planTime } from "../plan/timeframe.js";
import type { Plan, PlanTask } from "../plan/types.js";
import { fold } from "../text/normalize.js";
import type { Llm } from "./client.js";
import { loadPrompt } from "./prompts.js";

const ProposalSchema = z.object({
  tasks: z.array(
    z.object({
      section: z.string(),
      title: z.string(),
      lead: z.array(z.string()),
      partners: z.array(z.string()),
      timeframe: z.string(),
    }),
  ),
});

// What a model is given: enough of the plan to read, never the whole of a large one.
const MAX_SECTIONS = 30;
const MAX_CHARS = 12_000;
const MIN_TEXT = 60;

/** Sections with text naming an agency, in which no task was read. */
export function unreadSections(plan: Plan): { section: string; text: string }[] {
  const read = (id: string) => plan.tasks.some((t) => t.section === id || t.section.startsWith(`${id}.`) || id.startsWith(`${t.section}.`));
  const out: { section: string; text: string }[] = [];
  let chars = 0;
  for (const s of plan.sections) {
    if (s.id === "preamble" || s.id === "recipients" || read(s.id)) continue;
    const text = [s.heading, s.text].filter(Boolean).join("\n");
    if (text.length < MIN_TEXT || agencySpans(text).length === 0) continue;
    if (out.length >= MAX_SECTIONS || chars + text.length > MAX_CHARS) break;
    out.push({ section: s.id, text });
    chars += text.length;
  }
  return out;
}

const contains = (text: string, part: string) => part.trim().length > 0 && fold(text).includes(fold(part).trim());

export interface Proposals {
  tasks: PlanTask[];
  /** Why each dropped proposal was dropped, for the log and the review. */
  rejected: string[];
}

export async function proposeTasks(plan: Plan, llm: Llm, log: Logger): Promise<Proposals> {
  const sections = unreadSections(plan);
  if (sections.length === 0) return { tasks: [], rejected: [] };
  const { zodResponseFormat } = await import("openai/helpers/zod");
  const completion = await (await llm.client()).chat.completions.create({
    model: llm.model,
    messages: [
      { role: "system", content: loadPrompt("propose").fill({ plan_title: plan.title }) },
      { role: "user", content: JSON.stringify({ sections }) },
    ],
    response_format: zodResponseFormat(ProposalSchema, "proposals"),
    max_tokens: llm.maxTokens.answer * 3,
  });
  const parsed = ProposalSchema.safeParse(JSON.parse(completion.choices[0]?.message?.content ?? "null"));
  if (!parsed.success) throw new Error(`invalid proposals: ${z.prettifyError(parsed.error).replace(/\n+/g, "; ")}`);

  const time = planTime(plan);
  const tasks: PlanTask[] = [];
  const rejected: string[] = [];
  for (const p of parsed.data.tasks) {
    const source = sections.find((s) => s.section === p.section);
    const why = !source
      ? `mục "${p.section}" không được gửi cho mô hình`
      : p.lead.length === 0
        ? "không có cơ quan chủ trì"
        : [...p.lead, ...p.partners].find((n) => !contains(source.text, n)) !== undefined
          ? `cơ quan không có trong văn bản: "${[...p.lead, ...p.partners].find((n) => !contains(source.text, n))}"`
          : p.timeframe.trim() && !contains(source.text, p.timeframe)
            ? `thời gian không có trong văn bản: "${p.timeframe}"`
            : !contains(source.text, p.title.split(/\s+/).slice(0, 4).join(" "))
              ? "tên nhiệm vụ không có trong văn bản"
              : undefined;
    if (why || !source) {
      rejected.push(`${p.section}: ${why}`);
      continue;
    }
    const schedule = parseTimeframe(p.timeframe, time);
    tasks.push({
      id: `DX${tasks.length + 1}`,
      section: p.section,
      title: p.title.trim(),
      text: source.text,
      lead: [...new Set(p.lead.map((n) => n.trim()))],
      partners: [...new Set(p.partners.map((n) => n.trim()))],
      timeframe: p.timeframe.trim(),
      recurrence: schedule.recurrence,
      windowStart: schedule.windowStart,
      deadlines: schedule.deadlines,
      proposed: true,
    });
  }
  log.info({ proposed: tasks.length, rejected: rejected.length }, "plan: tasks proposed by the model");
  return { tasks, rejected };
}

/** The plan with the kept proposals added, each warned about for the admin's review. */
export function withProposals(plan: Plan, proposals: Proposals): Plan {
  if (proposals.tasks.length === 0 && proposals.rejected.length === 0) return plan;
  const names = proposals.tasks.flatMap((t) => [...t.lead, ...t.partners]).filter((n) => !plan.agencies.includes(n));
  return {
    ...plan,
    tasks: [...plan.tasks, ...proposals.tasks],
    agencies: [...plan.agencies, ...new Set(names)],
    warnings: [
      ...plan.warnings,
      ...proposals.tasks.map((t) => `${t.section}: nhiệm vụ ${t.id} do mô hình đề xuất từ văn bản, cần quản trị xem lại`),
      ...proposals.rejected.map((r) => `đề xuất của mô hình bị loại: ${r}`),
    ],
  };
}
