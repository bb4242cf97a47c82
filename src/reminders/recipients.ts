/**
 * Who receives a reminder: every registered chat of the agency (the digest: every admin), less
 * the chats that blocked the bot, are on leave (paused through the reminder's date) or asked
 * to be reminded later (snoozed past now). Pure; the delivery decides what each reason means:
 * a paused reminder is dropped, a snoozed one waits and goes out in the catch-up after the snooze.
 */
import type { Contact } from "../core/contacts.js";
import type { Reminder } from "./types.js";

export type HoldReason = "blocked" | "paused" | "snoozed";

export interface Addressed {
  reminder: Reminder;
  contact: Contact;
  /** The delivery log key: the recipient chat, then the reminder's own key. */
  key: string;
}

export function deliveryKey(contact: Pick<Contact, "channel" | "chatId">, reminder: Pick<Reminder, "key">): string {
  return `${contact.channel}:${contact.chatId}|${reminder.key}`;
}

export function holdReason(contact: Contact, reminder: Reminder, now: Date): HoldReason | undefined {
  if (contact.blockedAt !== null) return "blocked";
  if (contact.pausedUntil !== null && reminder.date <= contact.pausedUntil) return "paused";
  if (contact.snoozedUntil !== null && Date.parse(contact.snoozedUntil) > now.getTime()) return "snoozed";
  return undefined;
}

export function recipientsOf(reminder: Reminder, contacts: readonly Contact[]): Contact[] {
  return reminder.agency === null
    ? contacts.filter((c) => c.role === "admin")
    : contacts.filter((c) => c.agencyCode === reminder.agency);
}

export function address(
  reminders: readonly Reminder[],
  contacts: readonly Contact[],
  now: Date,
): { deliveries: Addressed[]; held: (Addressed & { reason: HoldReason })[] } {
  const deliveries: Addressed[] = [];
  const held: (Addressed & { reason: HoldReason })[] = [];
  const seen = new Set<string>();
  for (const reminder of reminders) {
    for (const contact of recipientsOf(reminder, contacts)) {
      const key = deliveryKey(contact, reminder);
      // A snooze repeat that is also due today as itself goes out once.
      if (seen.has(key)) continue;
      seen.add(key);
      const reason = holdReason(contact, reminder, now);
      if (reason) held.push({ reminder, contact, key, reason });
      else deliveries.push({ reminder, contact, key });
    }
  }
  return { deliveries, held };
}
