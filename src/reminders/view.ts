/** `/nhacnho`: the reminders coming to one agency, from the same policy the scheduler runs. */
import { daysAfter } from "../time.js";
import type { ActivePlan, ReminderView, UpcomingReminder } from "../core/turn.js";
import type { Db } from "../db/connection.js";
import type { Calendar } from "../plan/calendar.js";
import { leadsOf, partnersOf } from "../plan/obligations.js";
import { DateTime } from "luxon";
import type { Contact } from "../core/contacts.js";
import { remindersDue } from "./policy.js";
import type { Reminder } from "./types.js";
import type { ReminderSettings } from "./settings.js";
import { policyState } from "./store.js";

export interface ReminderViewOptions {
  db: Db;
  calendar: Calendar;
  zone: string;
  settings: ReminderSettings;
  active: () => ActivePlan;
}

/** Held for this chat: on leave through the reminder's date, or asked to be reminded later. */
function held(contact: Pick<Contact, "pausedUntil" | "snoozedUntil">, r: Reminder): boolean {
  if (contact.pausedUntil !== null && r.date <= contact.pausedUntil) return true;
  return contact.snoozedUntil !== null && Date.parse(r.at) < Date.parse(contact.snoozedUntil);
}

export function createReminderView(options: ReminderViewOptions): ReminderView {
  return {
    snoozeEnd(now: Date, days: number): Date {
      const { sendHour, sendMinute } = options.settings;
      return DateTime.fromJSDate(now, { zone: options.zone }).plus({ days }).set({ hour: sendHour, minute: sendMinute, second: 0, millisecond: 0 }).toJSDate();
    },

    upcoming(agencyCode, now, days, contact): UpcomingReminder[] {
      const { id, plan, directory } = options.active();
      // Whose reports decide this agency's reminders: its own, and the leads of the tasks it
      // is a partner in (a partner is told until the leads are done).
      const relevant = new Set([agencyCode]);
      for (const task of plan.tasks) {
        if (partnersOf(task, directory).some((a) => a.code === agencyCode)) for (const lead of leadsOf(task, directory)) relevant.add(lead.code);
      }
      return remindersDue({
        plan,
        directory,
        calendar: options.calendar,
        settings: options.settings,
        zone: options.zone,
        ...policyState(options.db, id, [...relevant]),
        from: now,
        to: daysAfter(now, days),
        asOf: now,
        agency: agencyCode,
      })
        .filter((r) => !contact || !held(contact, r))
        .map(({ at, kind, task, period, deadline }) => ({ at, kind, task, period, deadline }));
    },
  };
}
