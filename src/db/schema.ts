/**
 * The database. One SQLite file holds the plans (every imported version, one active), the
 * agency directory as loaded, the people who act for agencies, their reports, and the state
 * that must survive a restart: open conversations, the reminder delivery log, inbound dedupe.
 * JSON columns hold small lists that are only ever read whole.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { IncomingMessage } from "../core/messages.js";

export interface PlanMeta {
  years: [number, number];
  issued: string | null;
  coordinator: string | null;
  agencies: string[];
  directory: string;
}

export interface TaskOverride {
  lead?: string[];
  partners?: string[];
  timeframe?: string;
  recurrence?: "once" | "monthly" | "quarterly" | "yearly" | "continuous" | "unscheduled";
  deadlines?: string[];
}

/** The current time as SQLite writes it, for defaults and updates. */
export const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;
const json = <T>(name: string) => text(name, { mode: "json" }).$type<T>();

export const plans = sqliteTable("plans", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  title: text("title").notNull(),
  year: integer("year").notNull(),
  sourceName: text("source_name").notNull(),
  sourceText: text("source_text").notNull(),
  warnings: json<string[]>("warnings").notNull(),
  /** What the plan says of itself beyond its tasks, and the directory its names were read with. */
  meta: json<PlanMeta>("meta"),
  /** Bumped by every correction an admin makes to the stored plan, so running bots reload it. */
  revision: integer("revision").notNull().default(0),
  active: integer("active", { mode: "boolean" }).notNull().default(false),
  importedAt: text("imported_at").notNull().default(now),
});

/**
 * An admin's corrections to a task as the parser read it, kept by the plan's identity (its
 * folded title) so they are applied again when the same plan is imported again.
 */
export const planOverrides = sqliteTable(
  "plan_overrides",
  {
    planKey: text("plan_key").notNull(),
    taskId: text("task_id").notNull(),
    fields: json<TaskOverride>("fields").notNull(),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.planKey, t.taskId] })],
);

export const planSections = sqliteTable(
  "plan_sections",
  {
    planId: integer("plan_id").notNull().references(() => plans.id, { onDelete: "cascade" }),
    sectionId: text("section_id").notNull(),
    position: integer("position").notNull(),
    heading: text("heading").notNull(),
    text: text("text").notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.sectionId] })],
);

export const planTasks = sqliteTable(
  "plan_tasks",
  {
    planId: integer("plan_id").notNull().references(() => plans.id, { onDelete: "cascade" }),
    taskId: text("task_id").notNull(),
    position: integer("position").notNull(),
    section: text("section").notNull(),
    title: text("title").notNull(),
    text: text("text").notNull(),
    timeframe: text("timeframe").notNull(),
    // Null in rows stored before every timeframe had a recurrence; read as "unscheduled".
    recurrence: text("recurrence", { enum: ["once", "monthly", "quarterly", "yearly", "continuous", "unscheduled"] }),
    windowStart: text("window_start"),
    deadlines: json<string[]>("deadlines").notNull(),
    /** Proposed by the model, not read by the rules: shown as such for review. */
    proposed: integer("proposed", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.planId, t.taskId] })],
);

/** Who leads or joins a task: the name as the plan gives it, and each agency it stands for. */
export const taskAgencies = sqliteTable(
  "task_agencies",
  {
    planId: integer("plan_id").notNull().references(() => plans.id, { onDelete: "cascade" }),
    taskId: text("task_id").notNull(),
    role: text("role", { enum: ["lead", "partner"] }).notNull(),
    position: integer("position").notNull(),
    name: text("name").notNull(),
    agencyCode: text("agency_code"),
  },
  (t) => [
    index("task_agencies_agency").on(t.planId, t.agencyCode),
    uniqueIndex("task_agencies_unique").on(t.planId, t.taskId, t.role, t.position, t.agencyCode),
  ],
);

export const responsibilities = sqliteTable("responsibilities", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  planId: integer("plan_id").notNull().references(() => plans.id, { onDelete: "cascade" }),
  section: text("section").notNull(),
  agency: text("agency").notNull(),
  text: text("text").notNull(),
});

export const reportDeadlines = sqliteTable("report_deadlines", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  planId: integer("plan_id").notNull().references(() => plans.id, { onDelete: "cascade" }),
  section: text("section").notNull(),
  date: text("date").notNull(),
  to: text("to").notNull(),
  who: json<string[]>("who").notNull(),
});

/** The directory as last loaded from its JSON file; contacts and reports point at these codes. */
export const agencies = sqliteTable("agencies", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  kind: text("kind").notNull(),
  aliases: json<string[]>("aliases").notNull(),
  groups: json<string[]>("groups").notNull(),
  pausedUntil: text("paused_until"),
});

export const contacts = sqliteTable(
  "contacts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    channel: text("channel", { enum: ["telegram", "zalo", "console"] }).notNull(),
    /** The chat messages go to: a user id for a private chat, the group id for a group. */
    chatId: text("chat_id").notNull(),
    chatKind: text("chat_kind", { enum: ["private", "group"] }).notNull(),
    displayName: text("display_name").notNull(),
    agencyCode: text("agency_code").notNull().references(() => agencies.code),
    role: text("role", { enum: ["focal", "admin"] }).notNull(),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    /** Set when the channel says the chat blocked the bot; reminders stop and admins are told. */
    blockedAt: text("blocked_at"),
    snoozedUntil: text("snoozed_until"),
    pausedUntil: text("paused_until"),
    createdAt: text("created_at").notNull().default(now),
    leftAt: text("left_at"),
  },
  (t) => [index("contacts_agency").on(t.agencyCode), index("contacts_chat").on(t.channel, t.chatId)],
);

/** Registration codes are stored hashed: a leaked database does not leak usable codes. */
export const invites = sqliteTable("invites", {
  codeHash: text("code_hash").primaryKey(),
  agencyCode: text("agency_code").notNull().references(() => agencies.code),
  role: text("role", { enum: ["focal", "admin"] }).notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: text("created_at").notNull(),
  expiresAt: text("expires_at").notNull(),
  usedAt: text("used_at"),
  usedBy: integer("used_by").references(() => contacts.id),
});

export const registrationFailures = sqliteTable(
  "registration_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    channel: text("channel").notNull(),
    chatId: text("chat_id").notNull(),
    at: text("at").notNull(),
  },
  (t) => [index("registration_failures_chat").on(t.channel, t.chatId, t.at)],
);

export const reports = sqliteTable(
  "reports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id").notNull().references(() => plans.id),
    agencyCode: text("agency_code").notNull().references(() => agencies.code),
    taskId: text("task_id").notNull(),
    period: text("period").notNull(),
    status: text("status", { enum: ["hoan_thanh", "dang_thuc_hien", "chua_thuc_hien", "gap_kho_khan"] }).notNull(),
    results: text("results").notNull(),
    figures: json<string[]>("figures").notNull(),
    difficulties: json<string[]>("difficulties").notNull(),
    proposals: json<string[]>("proposals").notNull(),
    evidence: json<{ kind: "link" | "photo" | "document"; ref: string; name?: string; size?: number }[]>(
      "evidence",
    ).notNull(),
    contactId: integer("contact_id").references(() => contacts.id),
    channel: text("channel", { enum: ["telegram", "zalo", "console", "cli"] }).notNull(),
    /** The inbound message or CLI invocation it came from; a replayed confirmation is stored once. */
    messageRef: text("message_ref"),
    reportedAt: text("reported_at").notNull(),
    /** The newer report for the same agency, task and period; null for the current one. */
    supersededBy: integer("superseded_by"),
  },
  (t) => [
    index("reports_key").on(t.planId, t.agencyCode, t.taskId, t.period),
    uniqueIndex("reports_message").on(t.channel, t.messageRef),
  ],
);

/**
 * One row per reminder, written before it is sent and updated after, under a key that names
 * recipient, task, period, kind and date: a restart never sends a row twice.
 */
export const reminderLog = sqliteTable(
  "reminder_log",
  {
    key: text("key").primaryKey(),
    kind: text("kind").notNull(),
    agencyCode: text("agency_code").notNull(),
    contactId: integer("contact_id").references(() => contacts.id),
    taskId: text("task_id"),
    period: text("period"),
    deadline: text("deadline"),
    dueAt: text("due_at").notNull(),
    state: text("state", { enum: ["pending", "sent", "failed", "skipped"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("reminder_log_state").on(t.state, t.dueAt)],
);

/** Open conversations, one per person per chat, so a restart resumes each one where it was. */
export const conversations = sqliteTable(
  "conversations",
  {
    channel: text("channel").notNull(),
    chatId: text("chat_id").notNull(),
    userId: text("user_id").notNull(),
    kind: text("kind").notNull(),
    step: text("step").notNull(),
    data: json<Record<string, unknown>>("data").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.chatId, t.userId] })],
);

export const inboundSeen = sqliteTable(
  "inbound_seen",
  {
    channel: text("channel").notNull(),
    key: text("key").notNull(),
    at: text("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.key] })],
);

/**
 * Inbound events accepted but not yet handled. An event is written here before the platform
 * is told it arrived (the long poll's offset, the webhook's 200), and removed once handled:
 * a crash in between leaves it here for the next start.
 */
export const inbox = sqliteTable(
  "inbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    channel: text("channel").notNull(),
    chatId: text("chat_id").notNull(),
    eventId: text("event_id").notNull(),
    message: json<IncomingMessage>("message").notNull(),
    receivedAt: text("received_at").notNull(),
  },
  (t) => [uniqueIndex("inbox_event").on(t.channel, t.chatId, t.eventId)],
);
