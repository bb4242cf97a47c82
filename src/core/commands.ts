/**
 * The chat commands other than the report conversation. Each checks the caller's role itself
 * (the brain only guarantees a registered contact), so a forged button is refused like the
 * same command typed.
 */
import type { Asker } from "../llm/types.js";
import { periodAt, periodLabelOf } from "../plan/periods.js";
import { obligationsOf } from "../plan/obligations.js";
import { listReports } from "../reports/store.js";
import type { Report } from "../reports/types.js";
import { shorten } from "../text/shorten.js";
import { extname } from "node:path";
import { parseSummaryArgs } from "../reports/request.js";
import { progressStatus, STATUS_ICON } from "../reports/status.js";
import { formatDate, formatDateTime, parseUserDate } from "../time.js";
import { activeContacts, createInvite, deactivate, setAgencyPause, setContactPause, setSnooze, INVITE_TTL_HOURS } from "./contacts.js";
import type { TaskOverride } from "../plan/review.js";
import { RECURRENCE_LABEL } from "../plan/texts.js";
import { fold } from "../text/normalize.js";
import { STATUS_CHOICE_LABEL, T } from "./texts.js";
import { reply, type Result, type Turn } from "./turn.js";

export function askerOf(turn: Turn): Asker {
  return { agency: turn.contact?.agencyCode ?? null, role: turn.contact?.role ?? "focal" };
}

/** The agency the plan's reports go to, as the plan names it: it issues codes and runs the bot. */
export function coordinatorName(turn: Turn): string {
  return turn.services.active().plan.coordinator ?? T.coordinatorUnknown;
}

/** The agency's name as the directory writes it, for messages. */
export function agencyName(turn: Turn, code: string): string {
  return turn.services.active().directory.byCode(code)?.name ?? code;
}

export function help(turn: Turn): Result {
  return reply(T.help(turn.contact?.role === "admin"));
}

/** `/nhiemvu`: the agency's tasks, each with its next deadline and the current period's status. */
export function tasks(turn: Turn): Result {
  const { id: planId, plan, directory } = turn.services.active();
  const code = turn.contact!.agencyCode;
  const mine = obligationsOf(plan, directory, code);
  if (mine.length === 0) return reply(T.noTasks(agencyName(turn, code)));
  const reports = listReports(turn.services.db, planId, { agency: code });
  const lines = mine.map(({ task, role }) => {
    const period = periodAt(task, plan.years, turn.today);
    const report = reports.find((r) => r.task === task.id && r.period === period.id);
    const next = task.deadlines.find((d) => d >= turn.today) ?? task.deadlines.at(-1);
    const when =
      task.recurrence === "continuous"
        ? T.continuous
        : task.recurrence === "unscheduled"
          ? T.unscheduled
          : next
          ? T.nextDeadline(formatDate(next))
          : T.noDeadline;
    const icon = role === "lead" ? STATUS_ICON[progressStatus(period.deadline, report, turn.today)] : "•";
    return T.taskLine(icon, task.id, task.title, role === "lead" ? T.leadLabel : T.partnerLabel, when, task.section);
  });
  const choices = mine
    .filter((o) => o.role === "lead")
    .slice(0, 8)
    .map(({ task }) => ({ key: task.id, label: T.reportButton(task.id), value: `/baocao ${task.id}` }));
  return reply(`${T.tasksHeader(agencyName(turn, code))}\n\n${lines.join("\n")}\n\n${T.tasksFooter}`, { choices });
}

export function leave(turn: Turn): Result {
  deactivate(turn.services.db, turn.contact!.id, turn.now);
  return { messages: [{ text: T.left }], state: null };
}

/** `/moi <agency> [quantri]` (admin): a one-time registration code. */
export function invite(turn: Turn, args: string[]): Result {
  if (turn.contact?.role !== "admin") return reply(T.adminOnly(coordinatorName(turn)));
  const admin = args.length > 1 && /^(quantri|quản trị|admin)$/iu.test(args.at(-1)!);
  const name = (admin ? args.slice(0, -1) : args).join(" ").trim();
  if (!name) return reply(T.inviteUsage);
  const agency = turn.services.active().directory.find(name);
  if (!agency) return reply(T.unknownAgency(name));
  const { code, expiresAt } = createInvite(turn.services.db, agency.code, admin ? "admin" : "focal", `contact:${turn.contact.id}`, turn.now);
  turn.services.log.info({ agency: agency.code, admin, hours: INVITE_TTL_HOURS }, "invite created in chat");
  return reply(T.invite(agency.name, code, formatDateTime(expiresAt, turn.services.zone), admin, turn.services.inviteLink?.(code)));
}

/** `/lienhe [agency]` (admin): registered contacts, numbered for `/thuhoi`. */
export function contacts(turn: Turn, args: string[]): Result {
  if (turn.contact?.role !== "admin") return reply(T.adminOnly(coordinatorName(turn)));
  const filter = args.length ? turn.services.active().directory.find(args.join(" ")) : undefined;
  if (args.length && !filter) return reply(T.unknownAgency(args.join(" ")));
  const list = activeContacts(turn.services.db, filter?.code);
  if (list.length === 0) return reply(T.noContacts);
  const lines = list.map(
    (c) => T.contactLine(c.id, agencyName(turn, c.agencyCode), c.displayName, c.channel, c.chatKind === "group", c.role === "admin"),
  );
  return reply(`${T.contactsHeader}\n${lines.join("\n")}`);
}

export function revoke(turn: Turn, args: string[]): Result {
  if (turn.contact?.role !== "admin") return reply(T.adminOnly(coordinatorName(turn)));
  const id = Number(args[0]);
  if (!Number.isInteger(id) || id <= 0) return reply(T.revokeUsage);
  const target = activeContacts(turn.services.db).find((c) => c.id === id);
  if (!target) return reply(T.noSuchContact);
  deactivate(turn.services.db, id, turn.now);
  return reply(T.revoked(`${target.displayName} (${agencyName(turn, target.agencyCode)})`));
}

export async function progress(turn: Turn, args: string[] = []): Promise<Result> {
  if (turn.contact?.role !== "admin") return reply(T.adminOnly(coordinatorName(turn)));
  if (fold(args[0] ?? "") === "nhac") {
    const owing = turn.services.summaries.owing({ now: turn.now });
    if (!turn.services.nudge || owing.length === 0) return reply(T.nudgedNone);
    const { reached, outsideHours } = await turn.services.nudge(owing);
    if (outsideHours) return reply(T.nudgeOutsideHours);
    return reply(reached > 0 ? T.nudged(reached) : T.nudgedNone);
  }
  return { messages: turn.services.summaries.progress({ now: turn.now }) };
}

export async function summary(turn: Turn, args: string[]): Promise<Result> {
  return { messages: await turn.services.summaries.overview({ ...parseSummaryArgs(args), asker: askerOf(turn), now: turn.now }) };
}

/** Reports listed by /dagui: the latest few, each with a button to amend it. */
const SENT_SHOWN = 8;
const SENT_RESULTS = 160;

/**
 * `/dagui`: the agency's own reports as they stand (superseded ones left out), newest first,
 * each with a button that starts /baocao on its task and period: the new text is then added
 * to it or replaces it, as the user chooses when confirming.
 */
export function sent(turn: Turn): Result {
  const { db, zone } = turn.services;
  const { id, plan } = turn.services.active();
  const mine = listReports(db, id, { agency: turn.contact!.agencyCode }).reverse();
  if (mine.length === 0) return reply(T.noneSent);
  const shown = mine.slice(0, SENT_SHOWN);
  const label = (r: Report) => periodLabelOf(plan.tasks, r.task, r.period);
  const lines = shown.map((r) => T.sentLine(r.task, label(r), STATUS_CHOICE_LABEL[r.status], formatDateTime(r.reportedAt, zone), shorten(r.results, SENT_RESULTS)));
  return reply([T.sentHeader(shown.length, mine.length), ...lines, "", T.sentFooter].join("\n"), {
    choices: shown.map((r) => ({ label: T.amendButton(r.task, label(r)), value: `/baocao ${r.task} ${r.period}` })),
  });
}

/** Files sent by one /minhchung: the rest are counted, not sent. */
const EVIDENCE_SENT = 10;

/**
 * `/minhchung [cơ quan]`: the evidence of an agency's reports as they stand, the kept files sent
 * as files and the links listed. A focal point sees its own agency's; an admin names any.
 */
export function evidence(turn: Turn, args: string[]): Result {
  const contact = turn.contact!;
  const { directory, id, plan } = turn.services.active();
  const named = args.length > 0 ? directory.find(args.join(" ")) : undefined;
  if (args.length > 0 && !named) return reply(T.unknownAgency(args.join(" ")));
  if (named && named.code !== contact.agencyCode && contact.role !== "admin") return reply(T.adminOnly(coordinatorName(turn)));
  const agency = named?.code ?? contact.agencyCode;
  const items = listReports(turn.services.db, id, { agency })
    .reverse()
    .flatMap((r) => r.evidence.map((e, i) => ({ r, e, i })));
  if (items.length === 0) return reply(T.noEvidence(agencyName(turn, agency)));
  const where = (r: Report) => `NV ${r.task}, ${periodLabelOf(plan.tasks, r.task, r.period)}`;
  const store = turn.services.evidence;
  // Each kept file is read once: sent when it is there, listed when it is not.
  const read = items.map((item) => ({ ...item, kept: item.e.file ? store?.read(item.e.file) : undefined }));
  const files = read.flatMap(({ r, e, i, kept }) =>
    kept ? [{ text: `${where(r)}: ${e.name ?? T.photoNumber(i + 1)}`, file: { name: e.name ?? `NV${r.task}-${r.period}-${i + 1}${extname(e.file!)}`, ...kept } }] : [],
  );
  const lines = read
    .filter(({ kept }) => !kept)
    .map(({ r, e, i }) => T.evidenceLine(where(r), e.kind === "link" ? e.ref : (e.name ?? T.photoNumber(i + 1)), e.kind === "link"));
  const head = T.evidenceHeader(agencyName(turn, agency), files.length, lines.length, Math.max(0, files.length - EVIDENCE_SENT));
  return { messages: [{ text: [head, ...lines].join("\n") }, ...files.slice(0, EVIDENCE_SENT)] };
}

/**
 * `/nhacnho`: upcoming reminders and snooze buttons; `/nhacnho hoan 1|3` snoozes,
 * `/nhacnho tamdung dd/mm/yyyy` pauses (leave), `/nhacnho tieptuc` resumes. An admin adds a
 * cơ quan name to pause or resume a whole agency.
 */
export function reminders(turn: Turn, args: string[]): Result {
  const { db, zone } = turn.services;
  const [verb, ...rest] = args.map((a) => a.toLowerCase());
  const contact = turn.contact!;
  if (verb === "hoan" && (rest[0] === "1" || rest[0] === "3")) {
    const until = turn.services.reminders.snoozeEnd(turn.now, Number(rest[0])).toISOString();
    setSnooze(db, contact.id, until);
    return reply(T.snoozed(formatDateTime(until, zone)));
  }
  if (verb === "tamdung" || verb === "tieptuc") {
    const dateArg = verb === "tamdung" ? rest.at(-1) : undefined;
    const until = dateArg ? parseUserDate(dateArg) : undefined;
    if (verb === "tamdung" && (!until || until < turn.today)) return reply(T.pauseUsage);
    const agencyWords = verb === "tamdung" ? args.slice(1, -1) : args.slice(1);
    if (agencyWords.length > 0) {
      if (contact.role !== "admin") return reply(T.adminOnly(coordinatorName(turn)));
      const agency = turn.services.active().directory.find(agencyWords.join(" "));
      if (!agency) return reply(T.unknownAgency(agencyWords.join(" ")));
      setAgencyPause(db, agency.code, until ?? null);
      return reply(until ? T.agencyPaused(agency.name, formatDate(until)) : T.agencyResumed(agency.name));
    }
    setContactPause(db, contact.id, until ?? null);
    if (!until) setSnooze(db, contact.id, null);
    return reply(until ? T.paused(formatDate(until)) : T.resumed);
  }
  if (verb) return reply(T.pauseUsage);
  const upcoming = turn.services.reminders.upcoming(contact.agencyCode, turn.now, 30, contact);
  // What this chat asked for, so the list below is not a surprise.
  const state = [
    ...(contact.pausedUntil !== null && contact.pausedUntil >= turn.today ? [T.pausedNote(formatDate(contact.pausedUntil))] : []),
    ...(contact.snoozedUntil !== null && Date.parse(contact.snoozedUntil) > turn.now.getTime() ? [T.snoozedNote(formatDateTime(contact.snoozedUntil, zone))] : []),
  ];
  const lines = upcoming.slice(0, 15).map((r) => {
    const period = r.period ? periodLabelOf(turn.services.active().plan.tasks, r.task, r.period) : null;
    return T.upcomingLine(formatDateTime(r.at, zone), r.task, period, r.deadline ? formatDate(r.deadline) : null);
  });
  const list = upcoming.length ? `${T.remindersHeader}\n${lines.join("\n")}` : T.noUpcoming;
  const text = [...state, list, T.remindersFooter].join("\n\n");
  return reply(text, {
    choices: [
      { label: T.snooze1, value: "/nhacnho hoan 1" },
      { label: T.snooze3, value: "/nhacnho hoan 3" },
    ],
  });
}

const FIX_FIELDS: Record<string, "deadlines" | "lead" | "partners" | "timeframe"> = {
  han: "deadlines",
  chutri: "lead",
  phoihop: "partners",
  thoigian: "timeframe",
};

/**
 * `/suanv` (admin): the tasks the parser could not date or give a lead; `/suanv <NV> han
 * 30/6/2026`, `chutri …`, `phoihop …`, `thoigian …` correct one, now and for later imports.
 */
export function fixTask(turn: Turn, args: string[]): Result {
  if (turn.contact?.role !== "admin") return reply(T.adminOnly(coordinatorName(turn)));
  const { plan } = turn.services.active();
  if (args.length === 0) {
    const review = plan.tasks.filter((t) => t.recurrence === "unscheduled" || t.lead.length === 0);
    if (review.length === 0) return reply(T.review.none);
    const lines = review.map((t) => T.review.line(t.id, t.title.length > 80 ? `${t.title.slice(0, 79)}…` : t.title, t.lead.length === 0 ? T.review.noLead : T.review.noDate));
    return reply([T.review.header(review.length), ...lines, "", T.review.usage].join("\n"));
  }
  const [id, first, ...more] = args;
  // "chutri", "chủ trì" and "chu tri" alike.
  const two = FIX_FIELDS[fold(`${first ?? ""}${more[0] ?? ""}`)];
  const field = FIX_FIELDS[fold(first ?? "")] ?? two;
  const value = (FIX_FIELDS[fold(first ?? "")] ? more : more.slice(1)).join(" ").trim();
  if (!field || !value) return reply(T.review.usage);
  if (!plan.tasks.some((t) => t.id === id)) return reply(T.review.unknownTask(id!));
  if (!turn.services.fixTask) return reply(T.review.notHere);
  let fields: TaskOverride;
  if (field === "deadlines") {
    const dates = value.split(/[,;]|\s+và\s+/u).map((d) => d.trim()).filter(Boolean);
    const iso = dates.map((d) => parseUserDate(d));
    const bad = dates.find((_, i) => iso[i] === undefined);
    if (bad !== undefined) return reply(T.review.badDate(bad));
    fields = { deadlines: iso as string[] };
  } else if (field === "timeframe") fields = { timeframe: value };
  else fields = { [field]: value.split(";").map((n) => n.trim()).filter(Boolean) };
  const task = turn.services.fixTask(id!, fields);
  turn.services.log.info({ task: task.id, fields: Object.keys(fields) }, "plan task corrected in chat");
  const due = task.deadlines.length > 0 ? task.deadlines.map(formatDate).join(", ") : RECURRENCE_LABEL[task.recurrence];
  return reply(T.review.fixed(task.id, task.lead.join("; ") || T.review.noLead, due));
}
