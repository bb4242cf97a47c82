/**
 * Questions the plan model answers exactly, without reading prose: who leads or joins task N,
 * when task N is due, what an agency must do, when the results report is due, and what the
 * asker has reported. The question is classified on its folded words; the answer is built
 * from the parsed plan, each line with the section it comes from.
 */
import { shorten } from "../text/shorten.js";
import type { Directory } from "../plan/directory.js";
import type { Plan, PlanTask } from "../plan/types.js";
import { fold } from "../text/normalize.js";
import type { Mention } from "./mentions.js";
import type { Hit, Query } from "./retrieve.js";
import { A } from "./texts.js";

/** One line of structured truth and the section it comes from. */
export interface Fact {
  section: string;
  text: string;
}

export type Want = "lead" | "partners" | "when" | "all";

/** An agency or group the question is about. */
export interface Who {
  name: string;
  code: string;
  group: boolean;
}

export type Intent =
  | { kind: "task"; task: PlanTask; want: Want; explicit: boolean }
  | { kind: "noSuchTask"; ref: string }
  | { kind: "reportDeadline" }
  | { kind: "reports"; who: Who[]; task?: PlanTask; others: boolean }
  | { kind: "agency"; who: Who[] }
  | { kind: "open" };

// "han" alone is "hạn", unless it is "Hàn Quốc".
const WHEN =
  /\b(?:khi nao|bao gio|thoi gian|thoi han|han chot|han cuoi|han(?! quoc)|ngay nao|thang nao|quy nao|luc nao|bao lau|den khi|truoc ngay|may lan|bao nhieu lan|bao lau mot lan|dinh ky)\b/;
const WHO = /\b(?:ai|co quan nao|don vi nao|so nao|nganh nao|nhung co quan|nhung don vi|nhung so|chu tri|phu trach|dam nhiem|dam nhan|giao cho|do ai|ai lo)\b/;
const PARTNERS = /\bphoi hop\b/;
const LEAD = /\b(?:chu tri|phu trach|dam nhiem|thuc hien)\b/;
const TASK_REF = /\b(?:nhiem vu|nv)\s*(?:so\s*)?(\d{1,2})(?:\s*[.\-]?\s*([a-z])\b)?/;
const SECTION_REF = /\b([ivx]{1,4})\.(\d{1,2})(?:\.([a-z]))?\b/;
const REPORTING = /\bbao cao\b/;
const REPORT_WHEN = /\b(?:gui|nop|chuyen)\b|\bcho (?:ai|co quan nao|don vi nao)\b|\bve dau\b|\bo dau\b/;
const STORED =
  /\b(?:da|chua) (?:gui |nop )?bao cao\b|\bbao cao (?:cua|da gui|da nop|da luu|gan nhat|moi nhat)\b|\bcac bao cao\b|\b(?:liet ke|xem|in ra|hien thi|cho xem|tiet lo|trich)\b.*\bbao cao\b|\bnoi dung bao cao\b|\btien do (?:cua|bao cao)\b/;
// "các đơn vị khác", "tất cả": reports beyond the asker's own.
const OTHERS = /\b(?:khac|tat ca|toan bo|moi|cac (?:don vi|co quan|so))\b/;
const DUTIES = /\b(?:nhiem vu|nv|trach nhiem|phai lam|lam gi|duoc giao|tham gia|viec gi|cong viec|vai tro|thuc hien|lien quan|chu tri|phoi hop|lam nhung gi|lo nhung gi)\b/;
// What an agency question says besides the agency: if nothing else remains, it asks for
// everything the plan gives that agency.
const DUTY_WORDS = new Set(
  "nhiem vu nv trach nhiem phai lam gi duoc giao tham gia viec cong vai tro chu tri phoi hop thuc hien lien quan ke hoach kh trien khai nao nhung co may bao nhieu can trong cua la".split(" "),
);
// "đơn vị tôi", "sở em", "bên mình", "bọn mình", "của tôi": the asker's own agency.
export const SELF =
  /\b(?:(?:don vi|co quan|so|ben|phong|bao|dai|ubnd|huyen|bo chi huy|cong an) (?:toi|minh|chung toi|chung minh|em)|chung toi|chung minh|bon minh|bon em|quy don vi|cua (?:toi|minh|em)|toi|minh)\b/;

function want(folded: string): Want {
  const when = WHEN.test(folded);
  const partners = PARTNERS.test(folded) && !/\bchu tri\b/.test(folded);
  const who = WHO.test(folded) || LEAD.test(folded);
  if (partners && !when) return "partners";
  if (when && who) return "all";
  if (when) return "when";
  if (who) return "lead";
  return "all";
}

function explicitTask(plan: Plan, folded: string): { task?: PlanTask; ref?: string } {
  const byId = TASK_REF.exec(folded);
  if (byId) {
    const [, n, letter] = byId;
    const task = plan.tasks.find((t) => t.id === `${n}${letter ?? ""}`) ?? plan.tasks.find((t) => t.id === n);
    return task ? { task } : { ref: `${n}${letter ?? ""}` };
  }
  const bySection = SECTION_REF.exec(folded);
  if (bySection) {
    const [, roman, n, letter] = bySection;
    const id = `${roman!.toUpperCase()}.${n}${letter ? `.${letter}` : ""}`;
    const task = plan.tasks.find((t) => t.section === id);
    if (task) return { task };
  }
  return {};
}

export interface ClassifyContext {
  plan: Plan;
  directory: Directory;
  query: Query;
  hits: Hit[];
  /** The asker's agency code, for "đơn vị tôi". */
  self: string | null;
  /** Whether the best hit covers the question well enough to be about it. */
  covered: boolean;
}

function whoOf(mentions: Mention[], self: string | null, folded: string, directory: Directory): Who[] {
  const who = new Map<string, Who>();
  if (self && SELF.test(folded)) {
    const agency = directory.byCode(self);
    if (agency) who.set(agency.code, { name: agency.name, code: agency.code, group: false });
  }
  for (const m of mentions) who.set(m.code, { name: m.name, code: m.code, group: m.kind === "group" });
  return [...who.values()];
}

export function classify(question: string, ctx: ClassifyContext): Intent {
  const folded = fold(question).replace(/[^\p{L}\p{N}.]+/gu, " ");
  const { task, ref } = explicitTask(ctx.plan, folded);
  const who = whoOf(ctx.query.mentions, ctx.self, folded, ctx.directory);

  if (STORED.test(folded)) return { kind: "reports", who, ...(task ? { task } : {}), others: OTHERS.test(folded) };
  if (ref !== undefined) return { kind: "noSuchTask", ref };
  if (task) return { kind: "task", task, want: want(folded), explicit: true };
  if (REPORTING.test(folded) && (WHEN.test(folded) || REPORT_WHEN.test(folded)) && ctx.plan.reportDeadlines.length > 0) {
    return { kind: "reportDeadline" };
  }
  if (who.length > 0 && DUTIES.test(folded)) {
    const { words } = ctx.query.terms;
    const rest = ctx.query.content.filter((i) => !DUTY_WORDS.has(fold(words[i]!)));
    const selfWords = SELF.exec(folded)?.[0].split(" ") ?? [];
    // Asked for oneself, the plan's own subject ("trong kế hoạch TTĐN", words of its title)
    // says nothing about which duty.
    const titleWords = new Set(selfWords.length > 0 ? (fold(ctx.plan.title).match(/[\p{L}\p{N}]+/gu) ?? []) : []);
    const said = rest.filter((i) => !selfWords.includes(fold(words[i]!)) && !titleWords.has(fold(words[i]!)));
    if (said.length <= 1) return { kind: "agency", who };
  }
  const top = ctx.hits[0];
  if (top?.chunk.task && ctx.covered && (WHO.test(folded) || WHEN.test(folded) || PARTNERS.test(folded))) {
    return { kind: "task", task: top.chunk.task, want: want(folded), explicit: false };
  }
  return { kind: "open" };
}

// ---------------------------------------------------------------------------------------
// Facts.

/** The text on one line, cut at a word boundary to at most `max` characters. */
export function titleOf(task: PlanTask): string {
  return A.taskTitle(task.id, shorten(task.title, 110));
}

export function dueOf(task: PlanTask): string {
  switch (task.recurrence) {
    case "quarterly":
      return A.due.quarterly(task.deadlines);
    case "monthly":
      return A.due.monthly(task.deadlines);
    case "continuous":
      return A.due.continuous;
    case "yearly":
      return A.due.yearly(task.deadlines);
    case "unscheduled":
      return A.due.unscheduled;
    case "once":
      return task.deadlines[0] ? A.due.once(task.deadlines[0], task.windowStart) : "";
    default:
      return "";
  }
}

export function taskFact(task: PlanTask, wanted: Want): Fact {
  const when = [A.timeframe(task.timeframe), dueOf(task)].filter(Boolean).join(", ");
  const parts =
    wanted === "lead"
      ? [A.lead(task.lead), A.partners(task.partners)]
      : wanted === "partners"
        ? [A.partners(task.partners), A.lead(task.lead)]
        : wanted === "when"
          ? [when]
          : [A.lead(task.lead), A.partners(task.partners), when];
  return { section: task.section, text: `${titleOf(task)}: ${parts.join("; ")}` };
}

/** The responsibility item without its heading line: what section IV asks of the agency. */
function duty(text: string): string {
  const body = text.split("\n").slice(1).join(" ").replace(/(^|\s)[-+•*]\s+/g, "$1");
  return shorten(body || text, 240);
}

function inGroup(directory: Directory, groupName: string, code: string): boolean {
  return directory.findGroup(groupName)?.members.includes(code) ?? false;
}

interface Role {
  lead: boolean;
  /** Named in the task itself, not only through a group it belongs to. */
  direct: boolean;
}

function roleIn(directory: Directory, task: PlanTask, w: Who): Role | undefined {
  const named = (names: string[]) => names.some((n) => fold(n) === fold(w.name));
  const through = (names: string[]) => !w.group && directory.expand(names).some((a) => a.code === w.code);
  if (named(task.lead)) return { lead: true, direct: true };
  if (named(task.partners)) return { lead: false, direct: true };
  if (through(task.lead)) return { lead: true, direct: false };
  if (through(task.partners)) return { lead: false, direct: false };
  return undefined;
}

/**
 * What the plan gives the agencies, most specific first: the section IV items addressed to
 * them, the tasks that name them (led, then joined), the items addressed to a group they
 * belong to, then the tasks they have through a group. With several agencies, the tasks they
 * share: what "A phối hợp với B làm gì" asks.
 */
export function agencyFacts(plan: Plan, directory: Directory, who: Who[]): Fact[] {
  const ranked: { rank: number; fact: Fact }[] = [];
  const responsibility = (section: string, text: string, rank: number) => {
    if (!ranked.some((r) => r.fact.section === section)) ranked.push({ rank, fact: { section, text: A.responsibility(duty(text)) } });
  };
  for (const w of who) {
    for (const r of plan.responsibilities) if (fold(r.agency) === fold(w.name)) responsibility(r.section, r.text, 0);
  }
  for (const r of plan.responsibilities) {
    if (who.every((w) => !w.group && inGroup(directory, r.agency, w.code))) responsibility(r.section, r.text, 3);
  }
  for (const task of plan.tasks) {
    const roles = who.map((w) => roleIn(directory, task, w));
    if (roles.some((r) => r === undefined)) continue;
    const lead = roles.some((r) => r!.lead);
    const direct = roles.every((r) => r!.direct);
    ranked.push({
      rank: (direct ? 1 : 4) + (lead ? 0 : 1),
      fact: { section: task.section, text: `${lead ? A.leads : A.joins}: ${titleOf(task)}` },
    });
  }
  // A stable sort keeps plan order within each rank.
  return ranked.sort((a, b) => a.rank - b.rank).map((r) => r.fact);
}

export function reportDeadlineFacts(plan: Plan): Fact[] {
  return plan.reportDeadlines.map((d) => ({ section: d.section, text: A.reportDeadline(d.date, d.to, d.who) }));
}
