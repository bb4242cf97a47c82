import { periodLabel } from "../plan/periods.js";
import type { PlanTask } from "../plan/types.js";
import type { Summary } from "./compile.js";

/** How every rendering of a summary names an agency and a period: one rule for chat, Markdown, DOCX and XLSX. */
export const nameOf = (s: Summary, code: string): string => s.names[code] ?? code;

const tasksOf = new WeakMap<Summary, Map<string, PlanTask>>();

/** A period as its task's users know it: a task done once is labelled by its timeframe ("Quý I/2024"), not the plan year. */
export function periodOf(s: Summary, task: string, period: string): string {
  let tasks = tasksOf.get(s);
  if (!tasks) tasksOf.set(s, (tasks = new Map(s.tasks.map((t) => [t.task.id, t.task]))));
  return periodLabel(period, tasks.get(task));
}
