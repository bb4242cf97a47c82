/** What the reminder policy produces and the delivery sends. */

export const REMINDER_KINDS = [
  "before",
  "due",
  "overdue",
  "digest",
  "checkin",
  "report_deadline",
  "partner_notice",
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** One thing overdue, as the admins' digest lists it. */
export interface OverdueItem {
  agency: string;
  /** The task id; null for a section IV report deadline. */
  task: string | null;
  section: string;
  period: string | null;
  deadline: string;
}

/** One reminder to one agency (or, for the digest, to the admins) at one moment. */
export interface Reminder {
  /** ISO time with the zone's offset: "2024-03-28T08:00:00+07:00". */
  at: string;
  /** The local date of `at`: the day the reminder belongs to, part of its key. */
  date: string;
  /** Directory code; null for the digest, which goes to the admins. */
  agency: string | null;
  /** Plan task id; null for a report deadline and the digest. */
  task: string | null;
  /** "2024-Q1", "2024-03", "2024"; null for a report deadline and the digest. */
  period: string | null;
  /** Citation id: the task's ("II.3") or the report deadline's ("IV.12"). */
  section: string | null;
  kind: ReminderKind;
  deadline: string | null;
  /** Unique per agency, item, kind and date; the delivery adds the recipient chat. */
  key: string;
  /** The digest's content. */
  items?: OverdueItem[];
}
