/** What one inbound message's handling can see and return. */
import type { Clock } from "../clock.js";
import type { Db } from "../db/connection.js";
import type { Logger } from "../log.js";
import type { Answerer, Asker, Reader } from "../llm/types.js";
import type { Calendar } from "../plan/calendar.js";
import type { Directory } from "../plan/directory.js";
import type { TaskOverride } from "../plan/review.js";
import type { Plan, PlanTask } from "../plan/types.js";
import type { NewReport } from "../reports/store.js";
import type { EvidenceStore } from "./evidence.js";
import type { Contact } from "./contacts.js";
import type { ConversationKey, ConversationState } from "./conversations.js";
import type { IncomingMessage, OutgoingMessage } from "./messages.js";

export interface ActivePlan {
  id: number;
  plan: Plan;
  directory: Directory;
}

export interface UpcomingReminder {
  at: string;
  kind: string;
  task: string | null;
  period: string | null;
  deadline: string | null;
}

export interface ReminderView {
  /**
   * What the agency will be sent over the next days; with a contact, as that chat will get
   * them: nothing inside its leave, nothing before its snooze ends.
   */
  upcoming(agencyCode: string, now: Date, days: number, contact?: Pick<Contact, "pausedUntil" | "snoozedUntil">): UpcomingReminder[];
  /** When a snooze of `days` asked for now ends: the send hour of that day, not this minute. */
  snoozeEnd(now: Date, days: number): Date;
}

export interface SummaryView {
  /**
   * The overview for `/tonghop`: an admin gets every agency, a focal point only its own.
   * `task` and `agency` (as typed) ask for the details of one task or one agency.
   */
  overview(args: { period?: string; task?: string; agency?: string; asker: Asker; now: Date }): Promise<OutgoingMessage[]>;
  /** The live matrix for `/tiendo`. */
  progress(args: { now: Date }): OutgoingMessage[];
  /** The agencies owing a report of the current period. */
  owing(args: { now: Date }): string[];
}

export interface Services {
  db: Db;
  clock: Clock;
  zone: string;
  log: Logger;
  calendar: Calendar;
  active(): ActivePlan;
  /** Corrects a task of the active plan as an admin says (kept for later imports of the plan). */
  fixTask?(taskId: string, fields: TaskOverride): PlanTask;
  answerer: Answerer;
  reader: Reader;
  reminders: ReminderView;
  summaries: SummaryView;
  /** A deep link that registers with the code, when the channel knows how (Telegram). */
  inviteLink?(code: string): string | undefined;
  /** Keeps the evidence files a confirmed report names (core/evidence.ts). */
  evidence?: EvidenceStore;
  /**
   * Sends now, to every registered chat of these agencies, a request to report (once a day per
   * agency); resolves with the chats reached. Absent where no channel can send (the CLI).
   */
  nudge?(agencies: string[]): Promise<{ reached: number; outsideHours: boolean }>;
}

export interface Turn {
  msg: IncomingMessage;
  contact: Contact | undefined;
  services: Services;
  now: Date;
  /** Local date in the configured zone. */
  today: string;
  key: ConversationKey;
  state: ConversationState | undefined;
}

/**
 * What handling produced: the messages to send and what becomes of the conversation
 * (undefined: unchanged; null: ended; a state: the next step).
 */
export interface Result {
  messages: OutgoingMessage[];
  state?: ConversationState | null;
  /**
   * A confirmed report, stored by the brain in the same transaction as the conversation's next
   * state and the event's seen mark, so neither can be stored without the other; then `saved`
   * (or `again`, when the same message was stored before) replaces the messages.
   */
  save?: { planId: number; report: NewReport; saved: OutgoingMessage[]; again: OutgoingMessage[] };
}

export function reply(text: string, extra: Omit<OutgoingMessage, "text"> = {}): Result {
  return { messages: [{ text, ...extra }] };
}
