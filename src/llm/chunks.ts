/**
 * The plan cut into the units answers cite: the preamble, each item of each section, each
 * sub-item (5a, 5b …) on its own, sections without items (III), and Nơi nhận. An item that
 * only heads its sub-items has no text of its own, so its heading goes into each sub-item
 * instead of making a chunk that could be cited but says nothing.
 */
import type { Plan, PlanTask } from "../plan/types.js";
import { fold } from "../text/normalize.js";

export interface Chunk {
  /** Section id, the citation: "II.4", "II.5.a", "IV.12", "preamble". */
  id: string;
  heading: string;
  /** Heading and body as the plan writes them: what is quoted and what a model reads. */
  text: string;
  /** The task this chunk is, for task sections. */
  task?: PlanTask;
  /** The agencies a section IV item is addressed to. */
  agencies: string[];
}

export function chunksOf(plan: Plan): Chunk[] {
  const tasks = new Map(plan.tasks.map((t) => [t.section, t]));
  const ids = plan.sections.map((s) => s.id);
  const hasChildren = (id: string) => ids.some((other) => other.startsWith(`${id}.`));
  const headings = new Map(plan.sections.map((s) => [s.id, s.heading]));

  const chunks: Chunk[] = [];
  for (const s of plan.sections) {
    if (!s.text.trim() && hasChildren(s.id)) continue;
    const task = tasks.get(s.id);
    const parent = s.id.includes(".") ? headings.get(s.id.slice(0, s.id.lastIndexOf("."))) : undefined;
    const inherited = parent !== undefined && /\.\p{Ll}$/u.test(s.id) ? `${parent}\n` : "";
    const text = task ? task.text : `${inherited}${s.heading}\n${s.text}`.trim();
    const agencies = plan.responsibilities.filter((r) => r.section === s.id).map((r) => r.agency);
    chunks.push({ id: s.id, heading: s.heading, text, ...(task ? { task } : {}), agencies });
  }
  return chunks;
}

// "- Cơ quan chủ trì: …", "Thời gian thực hiện: …": lines that say who and when, not what.
const LABEL = /^[-+•*]?\s*([^:–]{1,60})[:–]/u;
const WHO_WHEN = /\b(?:co quan|don vi|thoi gian|thoi han|tien do)\b/;

/**
 * What a task asks to be done: its text without the lines naming agencies and dates, but
 * with the working unit such a line names in brackets ("(Trung tâm Truyền thông - Văn hóa -
 * Thể thao)"). A progress reply describes the work and who in the agency did it; the agency
 * names a task lists would otherwise match the reporting agency's own name.
 */
export function workOf(task: PlanTask): string {
  return task.text
    .split("\n")
    .map((line) => {
      const label = LABEL.exec(line.trim())?.[1];
      if (!(label && WHO_WHEN.test(fold(label)) && label.split(/\s+/).length <= 6)) return line;
      return (line.match(/\([^()]*\)/g) ?? []).join(" ");
    })
    .filter(Boolean)
    .join("\n");
}
