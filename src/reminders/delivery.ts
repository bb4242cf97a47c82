/**
 * One reminder pass: what the policy says is due, sent once to every registered chat.
 *
 * Exactly once, as far as a crash allows: each reminder's row is written before it is sent,
 * each try is claimed before the send starts and settled after it (see store.ts), so a pass
 * that follows a crash sends what was logged but never tried, and never repeats a send that
 * may have gone out. A pass catches up on what fell due in the last `catchUpDays` and records
 * older misses as skipped. Channel errors are retried with backoff here and by later passes;
 * a chat that blocked the bot is marked and the admins are told.
 */
import { DateTime } from "luxon";
import { daysAfter } from "../time.js";
import { backoff } from "../backoff.js";
import { activeContacts, admins, markBlocked, type Contact } from "../core/contacts.js";
import { loadConversation, saveConversation } from "../core/conversations.js";
import { ChannelUnavailableError, RecipientGoneError, type Address, type Channel, type ChannelName, type OutgoingMessage } from "../core/messages.js";
import type { ActivePlan } from "../core/turn.js";
import type { Db } from "../db/connection.js";
import type { Logger } from "../log.js";
import type { Calendar } from "../plan/calendar.js";
import { Pacer, realSleep, type Sleep } from "./pace.js";
import { reminderKey, remindersDue } from "./policy.js";
import { address, deliveryKey, holdReason, type Addressed } from "./recipients.js";
import type { ReminderSettings } from "./settings.js";
import {
  claimAttempt,
  closeStale,
  insertRows,
  logRow,
  markError,
  markSent,
  MISSED,
  policyState,
  SUPERSEDED,
  sentTo,
  type NewLogRow,
} from "./store.js";
import { nudgeMessage, recipientGone, reminderMessage, SNOOZE_DAYS, type TextContext } from "./texts.js";
import type { Reminder, ReminderKind } from "./types.js";

/** Task choices of earlier reminders kept answerable by number in a private chat. */
const MENU_KEPT = 20;

/**
 * Called at the two moments a crash costs the most: after a reminder's row is written and
 * before its send, and after the channel accepted it and before it is marked sent.
 */
export interface DeliveryHooks {
  logged?(key: string): void;
  sent?(key: string): void;
}

/**
 * A summary the admins get on a schedule (weekly, before a report deadline), sent through the
 * same log as the reminders, under its own key, so it too goes out once.
 */
export interface ScheduledDigest {
  key: string;
  /** When it is due (ISO). */
  at: string;
  message: OutgoingMessage;
}

export interface PassContext {
  db: Db;
  /** The channels this process can send through; a chat on another channel waits for a process that has it. */
  channels: ReadonlyMap<ChannelName, Channel>;
  active: ActivePlan;
  calendar: Calendar;
  zone: string;
  settings: ReminderSettings;
  log: Logger;
  hooks?: DeliveryHooks;
  /** The wait between tries and between paced sends. */
  sleep?: Sleep;
  /** The scheduled summaries due in the window (from, to]. */
  digests?: (from: Date, to: Date) => ScheduledDigest[];
}

/** One line of a pass's outcome: the reminder, the recipient's agency and the channel. */
export interface PassEntry {
  at: string;
  agency: string;
  task: string | null;
  period: string | null;
  kind: ReminderKind;
  deadline: string | null;
  channel: ChannelName;
  /** Why it was not sent: blocked, paused, snoozed, missed, superseded, channel_unavailable. */
  reason?: string;
  error?: string;
}

export interface PassResult {
  sent: PassEntry[];
  skipped: PassEntry[];
  failed: PassEntry[];
}

interface Job {
  key: string;
  contact: Contact;
  channel: Channel;
  message: OutgoingMessage;
  /** Tries already behind the row. */
  attempts: number;
  /** What the outcome lists; null for an alert to the admins, which is not a reminder. */
  entry: PassEntry | null;
}

/** Working days, within the sending hours: the only time anything is sent. */
export function inSendingHours(now: Date, zone: string, calendar: Calendar, settings: ReminderSettings): boolean {
  const local = DateTime.fromJSDate(now, { zone });
  return calendar.isWorkingDay(local.toISODate()!) && local.hour >= settings.windowStartHour && local.hour < settings.windowEndHour;
}

function entryOf(d: Addressed): PassEntry {
  const r = d.reminder;
  return { at: r.at, agency: r.agency ?? d.contact.agencyCode, task: r.task, period: r.period, kind: r.kind, deadline: r.deadline, channel: d.contact.channel };
}

/** The agency's task and period (or report deadline) a reminder is about, whatever its kind and day. */
function itemOf(r: Reminder): string {
  return `${r.agency}|${r.task ?? r.section}|${r.period ?? r.deadline}`;
}

/** A chat and the item a reminder to it is about: what one pass sends once. */
function chatItem(d: Addressed): string {
  return `${d.contact.id}|${itemOf(d.reminder)}`;
}

function rowOf(d: Addressed): NewLogRow {
  const r = d.reminder;
  return {
    key: d.key,
    kind: r.kind,
    agencyCode: r.agency ?? d.contact.agencyCode,
    contactId: d.contact.id,
    taskId: r.task,
    period: r.period,
    deadline: r.deadline,
    dueAt: new Date(Date.parse(r.at)).toISOString(),
  };
}

function addressOf(c: Contact): Address {
  return { channel: c.channel, chatId: c.chatId, chatKind: c.chatKind };
}

/** An error as stored and printed: its message, with anything shaped like a bot token cut out. */
function describe(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/\d+:[A-Za-z0-9_-]{20,}/g, "[ẩn]");
}

export async function runPass(ctx: PassContext, now: Date, options: { dryRun?: boolean } = {}): Promise<PassResult> {
  const { db, active, settings: s, zone, log } = ctx;
  const result: PassResult = { sent: [], skipped: [], failed: [] };
  if (!inSendingHours(now, zone, ctx.calendar, s)) {
    log.info({ now: now.toISOString() }, "reminder pass: outside working days and hours, nothing sent");
    return result;
  }
  const dryRun = options.dryRun === true;
  const catchUpStart = daysAfter(now, -s.catchUpDays).getTime();
  if (!dryRun) {
    const closed = closeStale(db, new Date(catchUpStart), now);
    if (closed > 0) log.info({ closed }, "reminder pass: closed log rows older than the catch-up window");
  }
  const state = policyState(db, active.id);
  const due = (from: number, to: number) =>
    remindersDue({
      plan: active.plan,
      directory: active.directory,
      calendar: ctx.calendar,
      settings: s,
      zone,
      ...state,
      from: new Date(from),
      to: new Date(to),
      asOf: now,
    });
  const contacts = activeContacts(db);
  const { deliveries, held } = address(due(daysAfter(now, -s.missedLookbackDays).getTime(), now.getTime()), contacts, now);
  for (const h of held) {
    if (Date.parse(h.reminder.at) >= catchUpStart && logRow(db, h.key) === undefined) {
      result.skipped.push({ ...entryOf(h), reason: h.reason });
    }
  }
  const text: TextContext = {
    plan: active.plan,
    directory: active.directory,
    today: DateTime.fromJSDate(now, { zone }).toISODate()!,
    digestMaxItems: s.digestMaxItems,
  };
  const jobs: Job[] = [];
  const fresh: NewLogRow[] = [];
  const missed: { row: NewLogRow; reason: string }[] = [];
  const reminding = new Set<string>();
  // After downtime, several reminders of one item can be due at once ("1 day left", then
  // "overdue"): the chat gets the latest, and the ones it passes over are recorded as such.
  const latest = new Map<string, number>();
  for (const d of deliveries) {
    const k = chatItem(d);
    const at = Date.parse(d.reminder.at);
    if (at >= catchUpStart && at > (latest.get(k) ?? -Infinity)) latest.set(k, at);
  }
  const consider = (d: Addressed): void => {
    const entry = entryOf(d);
    const recent = Date.parse(d.reminder.at) >= catchUpStart;
    const channel = ctx.channels.get(d.contact.channel);
    if (!channel) {
      if (recent) result.skipped.push({ ...entry, reason: "channel_unavailable" });
      return;
    }
    const row = logRow(db, d.key);
    if (row === undefined && !recent) {
      missed.push({ row: rowOf(d), reason: MISSED });
      result.skipped.push({ ...entry, reason: "missed" });
      return;
    }
    if (row === undefined && recent && Date.parse(d.reminder.at) < (latest.get(chatItem(d)) ?? -Infinity)) {
      missed.push({ row: rowOf(d), reason: SUPERSEDED });
      result.skipped.push({ ...entry, reason: "superseded" });
      return;
    }
    const retry = row !== undefined && row.state === "pending" && (row.attempts === 0 || row.error !== null);
    if (row !== undefined && !(retry && recent)) return;
    if (row === undefined) fresh.push(rowOf(d));
    reminding.add(chatItem(d));
    jobs.push({ key: d.key, contact: d.contact, channel, message: reminderMessage(d.reminder, text), attempts: row?.attempts ?? 0, entry });
  };
  deliveries.forEach(consider);
  const keys = new Set(deliveries.map((d) => d.key));
  // An item the chat is reminded of in this pass anyway is not repeated on top.
  snoozeRepeats(db, contacts, now, catchUpStart, zone, due)
    .filter((r) => !keys.has(r.key) && !reminding.has(chatItem(r)))
    .forEach(consider);
  for (const digest of ctx.digests?.(new Date(catchUpStart), now) ?? []) {
    for (const admin of contacts.filter((c) => c.role === "admin" && c.blockedAt === null)) {
      const channel = ctx.channels.get(admin.channel);
      const key = `${admin.channel}:${admin.chatId}|${digest.key}`;
      if (!channel || logRow(db, key) !== undefined) continue;
      const entry: PassEntry = { at: digest.at, agency: admin.agencyCode, task: null, period: null, kind: "digest", deadline: null, channel: admin.channel };
      fresh.push({ key, kind: "summary", agencyCode: admin.agencyCode, contactId: admin.id, taskId: null, period: null, deadline: null, dueAt: digest.at });
      jobs.push({ key, contact: admin, channel, message: digest.message, attempts: 0, entry });
    }
  }
  if (dryRun) {
    result.sent.push(...jobs.map((j) => j.entry!));
    return result;
  }
  insertRows(db, { pending: fresh, skipped: missed }, now);
  await new Fanout(ctx, now, result).run(jobs);
  log.info({ sent: result.sent.length, skipped: result.skipped.length, failed: result.failed.length }, "reminder pass done");
  return result;
}

export interface NudgeOutcome {
  /** Chats the request went to. */
  reached: number;
  /** Nothing was sent: it is not a working day's sending hours. */
  outsideHours: boolean;
}

/**
 * An admin's «Nhắc các đơn vị chưa báo cáo»: a request to report goes now to every registered
 * chat of each agency, through the same pacing and log as the reminders, once a day per agency
 * (a second tap the same day reaches nobody twice). Chats on leave or that blocked the bot are
 * left out. Resolves with the chats the request went to.
 */
export async function nudge(ctx: PassContext, now: Date, agencies: readonly string[]): Promise<NudgeOutcome> {
  const { db, zone, active } = ctx;
  // The coordinator's request keeps the reminders' hours: nobody is written to at night.
  if (!inSendingHours(now, zone, ctx.calendar, ctx.settings)) return { reached: 0, outsideHours: true };
  const date = DateTime.fromJSDate(now, { zone }).toISODate()!;
  const wanted = new Set(agencies);
  const jobs: Job[] = [];
  const fresh: NewLogRow[] = [];
  for (const contact of activeContacts(db)) {
    if (!wanted.has(contact.agencyCode) || contact.blockedAt !== null || (contact.pausedUntil !== null && date <= contact.pausedUntil)) continue;
    const channel = ctx.channels.get(contact.channel);
    const key = `${contact.channel}:${contact.chatId}|nudge:${contact.agencyCode}:${date}`;
    if (!channel || logRow(db, key) !== undefined) continue;
    const name = active.directory.byCode(contact.agencyCode)?.name ?? contact.agencyCode;
    fresh.push({ key, kind: "nudge", agencyCode: contact.agencyCode, contactId: contact.id, taskId: null, period: null, deadline: null, dueAt: now.toISOString() });
    jobs.push({ key, contact, channel, message: nudgeMessage(name), attempts: 0, entry: null });
  }
  if (jobs.length === 0) return { reached: 0, outsideHours: false };
  insertRows(db, { pending: fresh }, now);
  await new Fanout(ctx, now, { sent: [], skipped: [], failed: [] }).run(jobs);
  return { reached: jobs.filter((j) => logRow(db, j.key)?.state === "sent").length, outsideHours: false };
}

/**
 * "Nhắc lại sau N ngày": when a snooze has ended (within the catch-up window), the reminders
 * of the last day the chat received any before it snoozed come again, for the items still
 * open, keyed to the snooze's end so each comes again once. What fell due during the snooze
 * was held back and goes out with the catch-up of the same pass.
 */
function snoozeRepeats(
  db: Db,
  contacts: readonly Contact[],
  now: Date,
  catchUpStart: number,
  zone: string,
  due: (from: number, to: number) => Reminder[],
): Addressed[] {
  const out: Addressed[] = [];
  const longest = Math.max(...SNOOZE_DAYS);
  const shortest = Math.min(...SNOOZE_DAYS);
  for (const contact of contacts) {
    if (contact.snoozedUntil === null) continue;
    const end = Date.parse(contact.snoozedUntil);
    if (end > now.getTime() || end < catchUpStart) continue;
    const sent = new Set(sentTo(db, contact.id).map((r) => r.key));
    if (sent.size === 0) continue;
    // Sent at least the shortest snooze before the end (so before it was asked for), and not
    // longer ago than the longest snooze and a day.
    const before = due(daysAfter(end, -(longest + 1)).getTime(), daysAfter(end, -shortest).getTime()).filter(
      (r) => r.kind !== "digest" && sent.has(deliveryKey(contact, r)),
    );
    const last = before.map((r) => r.date).sort().at(-1);
    const endLocal = DateTime.fromMillis(end, { zone });
    const date = endLocal.toISODate()!;
    for (const r of before.filter((x) => x.date === last)) {
      const repeat: Reminder = { ...r, at: endLocal.toISO({ suppressMilliseconds: true })!, date, key: reminderKey(r, date) };
      if (holdReason(contact, repeat, now) === undefined) out.push({ reminder: repeat, contact, key: deliveryKey(contact, repeat) });
    }
  }
  return out;
}

/** Sends the jobs: per channel, several chats at once within its limits, each chat's in order. */
class Fanout {
  private readonly pacers = new Map<ChannelName, Pacer>();
  /** Sent, not yet marked. */
  private readonly sent: Job[] = [];
  private readonly sleep: Sleep;
  private stopped = false;
  /** Channels found unreachable in this pass: what is left for them waits for the next pass. */
  private readonly down = new Set<ChannelName>();

  constructor(
    private readonly ctx: PassContext,
    private readonly now: Date,
    private readonly result: PassResult,
  ) {
    this.sleep = ctx.sleep ?? realSleep;
  }

  async run(jobs: Job[]): Promise<void> {
    const byChannel = new Map<ChannelName, Map<string, Job[]>>();
    for (const job of jobs) {
      const chats = byChannel.get(job.contact.channel) ?? new Map<string, Job[]>();
      const list = chats.get(job.contact.chatId) ?? [];
      list.push(job);
      chats.set(job.contact.chatId, list);
      byChannel.set(job.contact.channel, chats);
    }
    const workers: Promise<void>[] = [];
    for (const [name, chats] of byChannel) {
      const queue = [...chats.values()];
      const n = Math.min(this.ctx.settings.channels[name].concurrency, queue.length);
      for (let i = 0; i < n; i++) workers.push(this.worker(queue));
    }
    // Every worker stops before the pass ends, so nothing is sent after a pass has failed.
    const outcomes = await Promise.allSettled(workers);
    this.flush();
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (failure) throw failure.reason;
  }

  private async worker(queue: Job[][]): Promise<void> {
    try {
      for (let chat = queue.shift(); chat !== undefined && !this.stopped; chat = queue.shift()) {
        for (const job of chat) {
          if (this.stopped) return;
          await this.send(job);
        }
      }
    } catch (err) {
      this.stopped = true;
      throw err;
    }
  }

  private pacer(name: ChannelName): Pacer {
    let pacer = this.pacers.get(name);
    if (!pacer) this.pacers.set(name, (pacer = new Pacer(this.ctx.settings.channels[name], this.sleep)));
    return pacer;
  }

  private async send(job: Job): Promise<void> {
    const { db, settings: s, log, hooks } = this.ctx;
    hooks?.logged?.(job.key);
    let attempts = job.attempts;
    let lastError = "";
    for (let i = 0; i < s.attemptsPerPass; i++) {
      if (i > 0) await this.sleep(backoff(i, { baseMs: s.backoffMs, factor: 4 }));
      // The wait comes before the claim: a try once claimed must start at once.
      const slot = await this.pacer(job.contact.channel).wait(job.contact.chatId);
      if (this.down.has(job.contact.channel)) {
        slot.cancel();
        if (job.entry) this.result.skipped.push({ ...job.entry, reason: "channel_unavailable" });
        return;
      }
      if (!claimAttempt(db, job.key, attempts, this.now)) {
        slot.cancel();
        return;
      }
      attempts++;
      try {
        await job.channel.send(addressOf(job.contact), job.message);
      } catch (err) {
        slot.done();
        if (err instanceof RecipientGoneError) {
          markError(db, job.key, "recipient gone: the chat blocked the bot or no longer exists", true, this.now);
          if (job.entry) this.result.failed.push({ ...job.entry, error: "recipient_gone" });
          await this.recipientGone(job.contact);
          return;
        }
        if (err instanceof ChannelUnavailableError) {
          // The channel failed, not the message: the try does not count towards giving it up.
          markError(db, job.key, describe(err), false, this.now);
          if (!this.down.has(job.contact.channel)) log.error({ channel: job.contact.channel, err: describe(err) }, "channel unreachable: its reminders wait for the next pass");
          this.down.add(job.contact.channel);
          if (job.entry) this.result.failed.push({ ...job.entry, error: "channel_unavailable" });
          return;
        }
        lastError = describe(err);
        const final = attempts >= s.maxAttempts;
        markError(db, job.key, lastError, final, this.now);
        log.warn({ key: job.key, attempt: attempts, error: lastError }, "reminder not delivered");
        if (final) break;
        continue;
      }
      slot.done();
      hooks?.sent?.(job.key);
      this.settle(job);
      if (job.entry) this.result.sent.push(job.entry);
      return;
    }
    if (job.entry) this.result.failed.push({ ...job.entry, error: lastError });
  }

  /**
   * Marks a sent job, together with the others sent meanwhile, in one transaction at the next
   * turn of the event loop: a commit waits for the disk, and one per message would stall the
   * loop and bunch the paced sends into 429s. A job sent but not yet marked when the process
   * stops reads as a try under way, which is never repeated.
   */
  private settle(job: Job): void {
    this.sent.push(job);
    if (this.sent.length === 1) setImmediate(() => this.flush());
  }

  private flush(): void {
    const jobs = this.sent.splice(0);
    if (jobs.length === 0) return;
    this.ctx.db.transaction(
      () => {
        for (const job of jobs) {
          markSent(this.ctx.db, job.key, this.now);
          this.offerChoices(job);
        }
      },
      { behavior: "immediate" },
    );
  }

  /** On Zalo and the console the buttons are numbered lines: remember them so "1" answers. */
  private offerChoices(job: Job): void {
    const offered = job.message.choices ?? [];
    if (offered.length === 0 || job.contact.chatKind !== "private") return;
    // In a private chat the user is the chat.
    const key = { channel: job.contact.channel, chatId: job.contact.chatId, userId: job.contact.chatId };
    const open = loadConversation(this.ctx.db, key);
    if (open !== undefined && open.kind !== "menu") return;
    // Several reminders in a row each offer their task by its number: "3" still answers the
    // older one after "6" arrived. Letters answer only the newest message's other choices.
    const earlier = (open?.offered ?? []).filter((c) => c.key !== undefined && !offered.some((o) => o.key === c.key));
    saveConversation(this.ctx.db, key, { kind: "menu", offered: [...offered, ...earlier].slice(0, MENU_KEPT) }, this.now);
  }

  private async recipientGone(contact: Contact): Promise<void> {
    const { db, active, log } = this.ctx;
    markBlocked(db, contact.id, this.now);
    const agency = active.directory.byCode(contact.agencyCode)?.name ?? contact.agencyCode;
    log.warn({ contact: contact.id, agency: contact.agencyCode, channel: contact.channel }, "recipient gone: contact marked blocked");
    const message = recipientGone(contact, agency);
    for (const admin of admins(db)) {
      const channel = this.ctx.channels.get(admin.channel);
      if (admin.id === contact.id || !channel) continue;
      const key = `${admin.channel}:${admin.chatId}|gone|${contact.id}`;
      const row = { key, kind: "recipient_gone", agencyCode: contact.agencyCode, contactId: admin.id, taskId: null, period: null, deadline: null, dueAt: this.now.toISOString() };
      insertRows(db, { pending: [row] }, this.now);
      const logged = logRow(db, key);
      if (logged?.state === "pending" && logged.attempts === 0) await this.send({ key, contact: admin, channel, message, attempts: 0, entry: null });
    }
  }
}
