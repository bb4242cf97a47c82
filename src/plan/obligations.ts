/** What the plan asks of one agency: the tasks it leads or joins, directly or through a group. */
import type { Agency, Directory } from "./directory.js";
import type { Plan, PlanTask } from "./types.js";

export interface Obligation {
  task: PlanTask;
  role: "lead" | "partner";
}

export function leadsOf(task: PlanTask, directory: Directory): Agency[] {
  return directory.expand(task.lead);
}

export function partnersOf(task: PlanTask, directory: Directory): Agency[] {
  return directory.expand(task.partners);
}

/** Lead tasks first, in plan order; a task both led and joined counts as led. */
export function obligationsOf(plan: Plan, directory: Directory, agencyCode: string): Obligation[] {
  const led = plan.tasks.filter((t) => leadsOf(t, directory).some((a) => a.code === agencyCode));
  const joined = plan.tasks.filter(
    (t) => !led.includes(t) && partnersOf(t, directory).some((a) => a.code === agencyCode),
  );
  return [...led.map((task) => ({ task, role: "lead" as const })), ...joined.map((task) => ({ task, role: "partner" as const }))];
}
