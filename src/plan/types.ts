/** The plan model: what the parser produces and what every other part reads. */

/**
 * `continuous`: no fixed due date (Thường xuyên); `unscheduled`: the plan gives no datable time,
 * so no deadline is invented and the task waits for the admin's review. Both get the monthly
 * check-in.
 */
export type Recurrence = "once" | "monthly" | "quarterly" | "yearly" | "continuous" | "unscheduled";

export interface PlanTask {
  /** "1", "5b": the task number, with the sub-item letter for sub-items. */
  id: string;
  /** Citation id: "II.1", "II.5.b". */
  section: string;
  title: string;
  /** The task's whole text as written (title, content, labels), for retrieval and quoting. */
  text: string;
  /** Directory canonical names (agencies or groups) where matched, else the text as written. */
  lead: string[];
  partners: string[];
  /** The timeframe as the plan writes it; empty when the plan gives none. */
  timeframe: string;
  /** `unscheduled` when the timeframe could not be dated (a warning says so). */
  recurrence: Recurrence;
  /** ISO date the work window opens (the first period's start). */
  windowStart: string | null;
  /** ISO dates, ascending. Empty for continuous tasks. */
  deadlines: string[];
  /** Proposed by the model for a part the rules could not read; the admin reviews it. */
  proposed?: boolean;
}

export interface PlanSection {
  /** "preamble", "I.1", "II.4", "II.5.a", "III", "IV.12", "recipients". */
  id: string;
  heading: string;
  text: string;
}

export interface Responsibility {
  section: string;
  agency: string;
  text: string;
}

export interface ReportDeadline {
  section: string;
  date: string;
  to: string;
  who: string[];
}

export interface Plan {
  title: string;
  /** The first year the plan runs. */
  year: number;
  /** First and last year the plan runs: [2026, 2030] for "giai đoạn 2026 - 2030". */
  years: [number, number];
  /** The document's own date (ISO), when its header gives one. */
  issued: string | null;
  /** The agency reports go to, as the plan names it (its report deadlines' recipient). */
  coordinator: string | null;
  tasks: PlanTask[];
  responsibilities: Responsibility[];
  reportDeadlines: ReportDeadline[];
  sections: PlanSection[];
  /** Names the plan uses that the directory does not know: agencies of this plan. */
  agencies: string[];
  warnings: string[];
}

/**
 * Turns a list of agencies as a plan writes it ("Sở Ngoại vụ; các cơ quan báo chí của tỉnh và
 * các cơ quan, đơn vị liên quan") into names: the directory's canonical agency or group names
 * where matched, else the text as written (also listed in `unmatched`, for the warnings).
 */
export interface AgencyResolver {
  resolveList(text: string): { names: string[]; unmatched: string[] };
}
