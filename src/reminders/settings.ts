/**
 * Every number of the reminder policy (DESIGN §4), with the defaults the design gives. An
 * operator changes them in a JSON file (only the keys to change); a bad value stops start-up
 * with the key named, rather than reminders going out at the wrong time.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";

const Hour = z.number().int().min(0).max(23);
const Days = z.array(z.number().int().min(1).max(366));

const ChannelLimits = z.object({
  /** Messages a second over all chats; absent = as fast as the channel takes them. */
  perSecond: z.number().positive().optional(),
  /** Messages a second to one chat. */
  perChatPerSecond: z.number().positive().optional(),
  /** Chats served at once. */
  concurrency: z.number().int().min(1).max(1000),
});

const Schema = z
  .object({
    /** Local time of day a reminder is due on its date. */
    sendHour: Hour.default(8),
    sendMinute: z.number().int().min(0).max(59).default(0),
    /** Nothing is sent before this local hour … */
    windowStartHour: Hour.default(7),
    /** … nor from this one on (21 = nothing after 21:00). */
    windowEndHour: z.number().int().min(1).max(24).default(21),
    /** Lead agencies: days before the deadline, each moved back to a working day. */
    leadDaysBefore: Days.default([7, 3, 1]),
    /** Lead agencies: on the deadline itself when it is a working day. */
    remindOnDueDay: z.boolean().default(true),
    /** Cooperating agencies: one heads-up this many days before. */
    partnerDaysBefore: Days.default([7]),
    /** After the deadline, until a "done" report: the first reminder this many days after … */
    overdueFirstDays: z.number().int().min(1).default(1),
    /** … then every so many days … */
    overdueEveryDays: z.number().int().min(1).default(7),
    /** … at most this many in all (0: none). */
    overdueMax: z.number().int().min(0).default(4),
    /** The admins' daily digest lists an overdue item from this working day after its deadline. */
    digestAfterWorkingDays: z.number().int().min(1).default(3),
    /** The digest names at most this many items; the rest are counted. */
    digestMaxItems: z.number().int().min(1).default(40),
    /** Continuous tasks: the monthly check-in day (or the working day before; clamped to the month's end). */
    checkinDay: z.number().int().min(1).max(31).default(25),
    /** The report deadline of section IV: days before, to every agency that must report. */
    reportDaysBefore: Days.default([14, 7, 3, 1]),
    /** A pass sends what it missed this many days back … */
    catchUpDays: z.number().positive().default(3),
    /** … and records what it missed before that, this far back, as skipped. */
    missedLookbackDays: z.number().positive().default(30),
    /** Sending: tries within one pass, the wait before the second (growing fourfold), and tries in all. */
    attemptsPerPass: z.number().int().min(1).default(3),
    backoffMs: z.number().int().min(0).default(1_000),
    maxAttempts: z.number().int().min(1).default(8),
    /** Telegram: about 30 messages a second overall and 1 a second per chat; Zalo throttles in its own queue. */
    channels: z
      .object({
        telegram: ChannelLimits.default({ perSecond: 30, perChatPerSecond: 1, concurrency: 30 }),
        zalo: ChannelLimits.default({ concurrency: 1 }),
        console: ChannelLimits.default({ concurrency: 1 }),
      })
      .default({
        telegram: { perSecond: 30, perChatPerSecond: 1, concurrency: 30 },
        zalo: { concurrency: 1 },
        console: { concurrency: 1 },
      }),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.windowStartHour >= s.windowEndHour) {
      ctx.addIssue({ code: "custom", path: ["windowEndHour"], message: "must be after windowStartHour" });
    }
    if (s.sendHour < s.windowStartHour || s.sendHour >= s.windowEndHour) {
      ctx.addIssue({ code: "custom", path: ["sendHour"], message: `must be within ${s.windowStartHour}:00–${s.windowEndHour}:00` });
    }
    if (s.catchUpDays > s.missedLookbackDays) {
      ctx.addIssue({ code: "custom", path: ["missedLookbackDays"], message: "must be at least catchUpDays" });
    }
    if (s.attemptsPerPass > s.maxAttempts) {
      ctx.addIssue({ code: "custom", path: ["maxAttempts"], message: "must be at least attemptsPerPass" });
    }
  });

export type ReminderSettings = z.output<typeof Schema>;
export type ChannelLimit = z.output<typeof ChannelLimits>;

/** The defaults, with the given keys changed; throws one line naming each bad key. */
export function reminderSettings(input: unknown = {}): ReminderSettings {
  const parsed = Schema.safeParse(input);
  if (!parsed.success) {
    throw new Error(
      `Cấu hình nhắc hạn không hợp lệ / invalid reminder settings: ${parsed.error.issues
        .map((i) => `${i.path.join(".") || "(tệp)"}: ${i.message}`)
        .join("; ")}`,
    );
  }
  return parsed.data;
}

export const DEFAULT_SETTINGS: ReminderSettings = reminderSettings();

/** Settings from an operator's JSON file; the defaults when no file is given. */
export function loadReminderSettings(file: string | undefined): ReminderSettings {
  if (file === undefined) return DEFAULT_SETTINGS;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`Không đọc được tệp cấu hình nhắc hạn / cannot read reminder settings ${file}: ${(e as Error).message}`);
  }
  return reminderSettings(data);
}
