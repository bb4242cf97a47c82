/**
 * What the admin reviews before a plan goes live, and the corrections they make. Corrections
 * are kept apart from the parse (by the plan's identity and the task's id) and applied again
 * to every later import of the same plan, so a fixed deadline stays fixed.
 */
import type { TaskOverride } from "../db/schema.js";
import { parseTimeframe, planTime } from "./timeframe.js";
import type { Plan, PlanTask } from "./types.js";

export type { TaskOverride };

const FIXED = "đã được quản trị sửa";

/** The plan with each task's corrections applied; a new timeframe is dated like the plan's own. */
export function applyOverrides(plan: Plan, overrides: Map<string, TaskOverride>): Plan {
  if (overrides.size === 0) return plan;
  const time = planTime(plan);
  const fixed = new Set<string>();
  const tasks = plan.tasks.map((task): PlanTask => {
    const o = overrides.get(task.id);
    if (!o) return task;
    fixed.add(task.section);
    const timed = o.timeframe === undefined ? {} : parseTimeframe(o.timeframe, time);
    const { warning: _warning, ...schedule } = timed as ReturnType<typeof parseTimeframe>;
    const next: PlanTask = { ...task, ...(o.timeframe === undefined ? {} : { timeframe: o.timeframe, ...schedule }) };
    if (o.lead) next.lead = o.lead;
    if (o.partners) next.partners = o.partners;
    if (o.recurrence) next.recurrence = o.recurrence;
    if (o.deadlines) next.deadlines = [...o.deadlines].sort();
    if (o.deadlines && next.recurrence === "unscheduled") next.recurrence = o.deadlines.length > 1 ? "yearly" : "once";
    return next;
  });
  // A warning about a task the admin has corrected has been dealt with.
  const warnings = plan.warnings.filter((w) => !fixed.has(w.split(":")[0] ?? ""));
  for (const id of overrides.keys()) if (!plan.tasks.some((t) => t.id === id)) warnings.push(`${id}: sửa cho nhiệm vụ không còn trong kế hoạch`);
  return { ...plan, tasks, warnings: [...warnings, ...[...fixed].map((s) => `${s}: ${FIXED}`)] };
}

/** Warnings that touch deadlines: an import with any of them waits for `--accept` or a fix. */
export function deadlineWarnings(plan: Plan): string[] {
  const undated = new Set(plan.tasks.filter((t) => t.recurrence === "unscheduled").map((t) => t.section));
  return plan.warnings.filter((w) => undated.has(w.split(":")[0] ?? "") && /thời gian|chưa xếp lịch|ngày/.test(w));
}
