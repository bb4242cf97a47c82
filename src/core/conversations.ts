/**
 * Conversation state in SQLite, one row per person per chat: a restart (or a crash)
 * resumes every open conversation exactly at its step. What is stored is checked on the way
 * back: a row written by an older version, or damaged, never reaches a step as a half-typed
 * object.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/connection.js";
import * as t from "../db/schema.js";
import { REPORT_STATUSES } from "../reports/types.js";

const ChoiceSchema = z.object({ label: z.string(), value: z.string(), key: z.string().optional() });

const EvidenceSchema = z.object({
  kind: z.enum(["link", "photo", "document"]),
  ref: z.string(),
  name: z.string().optional(),
  size: z.number().optional(),
  file: z.string().optional(),
});

/** A report being put together: what the preview shows and the confirmation stores. */
const DraftSchema = z.object({
  task: z.string(),
  period: z.string(),
  /** The user picked the period: what the text mentions does not move it. */
  periodChosen: z.boolean().optional(),
  status: z.enum(REPORT_STATUSES).optional(),
  results: z.array(z.string()),
  difficulties: z.array(z.string()),
  proposals: z.array(z.string()),
  figures: z.array(z.string()),
  evidence: z.array(EvidenceSchema),
  /** Set while one field is corrected from the preview: the next answer goes back to it. */
  editing: z.boolean().optional(),
  /** The rest of a message that reported on several tasks: one draft each, in turn. */
  queue: z.array(z.string()).optional(),
});

export const REPORT_STEPS = ["task", "period", "write", "status", "confirm", "edit", "results", "difficulties", "proposals", "supersede"] as const;

const ReportStateSchema = z.object({
  kind: z.literal("report"),
  step: z.enum(REPORT_STEPS),
  draft: DraftSchema,
  /** The choices the last message offered; a key or the option's words answer them. */
  offered: z.array(ChoiceSchema),
});

/** Outside a conversation: the last message's buttons, so "6" or "a" answers them where there are none. */
const MenuStateSchema = z.object({ kind: z.literal("menu"), offered: z.array(ChoiceSchema) });

const StateSchema = z.discriminatedUnion("kind", [ReportStateSchema, MenuStateSchema]);

export type ReportDraft = z.infer<typeof DraftSchema>;
export type ReportStep = (typeof REPORT_STEPS)[number];
export type ReportState = z.infer<typeof ReportStateSchema>;
export type ConversationState = z.infer<typeof StateSchema>;

export interface ConversationKey {
  channel: string;
  chatId: string;
  userId: string;
}

const where = (k: ConversationKey) =>
  and(eq(t.conversations.channel, k.channel), eq(t.conversations.chatId, k.chatId), eq(t.conversations.userId, k.userId));

/**
 * The state as stored, checked. A draft from a step this version no longer has resumes at the
 * preview (or at writing, when it has no results yet): what the user typed is kept. Anything
 * that does not parse is no conversation at all.
 */
export function loadConversation(db: Db, key: ConversationKey): ConversationState | undefined {
  const row = db.select().from(t.conversations).where(where(key)).get();
  if (!row) return undefined;
  const { offered, ...draft } = (row.data ?? {}) as Record<string, unknown>;
  const parsed = StateSchema.safeParse(row.kind === "menu" ? { kind: "menu", offered } : { kind: row.kind, step: row.step, draft, offered });
  if (parsed.success) return parsed.data;
  const known = DraftSchema.safeParse(draft);
  if (row.kind === "report" && known.success) {
    const step = known.data.results.length > 0 && known.data.status ? "confirm" : "write";
    return { kind: "report", step, draft: known.data, offered: [] };
  }
  return undefined;
}

export function saveConversation(db: Db, key: ConversationKey, state: ConversationState, now: Date): void {
  const values = {
    kind: state.kind,
    step: state.kind === "report" ? state.step : "menu",
    data: state.kind === "report" ? { ...state.draft, offered: state.offered } : { offered: state.offered },
    updatedAt: now.toISOString(),
  };
  db.insert(t.conversations)
    .values({ ...key, ...values })
    .onConflictDoUpdate({ target: [t.conversations.channel, t.conversations.chatId, t.conversations.userId], set: values })
    .run();
}

export function clearConversation(db: Db, key: ConversationKey): void {
  db.delete(t.conversations).where(where(key)).run();
}
