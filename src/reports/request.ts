/**
 * What `/tonghop` and `summary` ask for: a period, a task and an agency as typed, read from
 * the words of the command and checked against the plan and the directory.
 */
import type { Directory } from "../plan/directory.js";
import type { Plan } from "../plan/types.js";
import { fold } from "../text/normalize.js";
import type { SummaryFilter } from "./compile.js";
import { parseScope } from "./scope.js";
import { R } from "./texts.js";

export interface SummaryRequest {
  /** As typed: "2024-Q3", "quý III/2024", "tháng 9". */
  period?: string;
  task?: string;
  /** A name, alias or code; empty when the user asked to pick an agency ("dv" alone). */
  agency?: string;
}

const TASK_WORDS = new Set(["nv", "nhiemvu"]);
const AGENCY_WORDS = new Set(["dv", "donvi", "coquan"]);

/**
 * Reads the words after `/tonghop`: the period first, then "nv <nhiệm vụ>" and "dv <cơ quan>"
 * (also written out: "nhiệm vụ", "đơn vị", "cơ quan"); the agency takes the rest of the line.
 */
export function parseSummaryArgs(args: string[]): SummaryRequest {
  const period: string[] = [];
  const request: SummaryRequest = {};
  for (let i = 0; i < args.length; i++) {
    const word = fold(args[i]!);
    const pair = `${word}${fold(args[i + 1] ?? "")}`;
    const keyword = TASK_WORDS.has(word) || AGENCY_WORDS.has(word) ? word : TASK_WORDS.has(pair) || AGENCY_WORDS.has(pair) ? pair : undefined;
    if (keyword === undefined) {
      period.push(args[i]!);
      continue;
    }
    if (keyword === pair) i++;
    if (TASK_WORDS.has(keyword)) {
      const task = args[++i];
      if (task !== undefined) request.task = task;
    } else {
      request.agency = args.slice(i + 1).join(" ").trim();
      break;
    }
  }
  if (period.length > 0) request.period = period.join(" ");
  return request;
}

/**
 * The request checked against the plan and the directory: a filter, or what is wrong in
 * Vietnamese. An empty agency (a choice still to make) is left out of the filter.
 */
export function resolveRequest(plan: Plan, directory: Directory, request: SummaryRequest): SummaryFilter | { error: string } {
  const filter: SummaryFilter = {};
  if (request.period !== undefined) {
    const scope = parseScope(request.period, plan.year);
    if (!scope) return { error: R.badPeriod(request.period) };
    filter.period = scope;
  }
  if (request.task !== undefined) {
    const task = plan.tasks.find((t) => t.id.toLowerCase() === request.task!.toLowerCase());
    if (!task) return { error: R.unknownTask(request.task) };
    filter.task = task.id;
  }
  if (request.agency) {
    const agency = directory.find(request.agency);
    if (!agency) return { error: R.unknownAgency(request.agency) };
    filter.agency = agency.code;
  }
  return filter;
}
