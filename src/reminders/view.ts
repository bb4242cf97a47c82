/** `/nhacnho`: the reminders coming to one agency, from the same policy the scheduler runs. */
import type { ActivePlan, ReminderView, UpcomingReminder } from "../core/turn.js";
import type { Db } from "../db/connection.js";
import type { Calendar } from "../plan/calendar.js";
import { leadsOf, partnersOf } from "../plan/obligations.js";
import { remindersDue } from "./policy.js";
import type { ReminderSettings } from "./settings.js";
import { policyState } from "./store.js";

export interface ReminderViewOptions {
  db: Db;
  calendar: Calendar;
  zone: string;
  settings: ReminderSettings;
  active: () => ActivePlan;
}

export function createReminderView(options: ReminderViewOptions): ReminderView {
  return {
    upcoming(agencyCode: string, now: Date, days: number): UpcomingReminder[] {
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
        to: new Date(now.getTime() + days * 86_400_000),
        asOf: now,
        agency: agencyCode,
      }).map(({ at, kind, task, period, deadline }) => ({ at, kind, task, period, deadline }));
    },
  };
}
