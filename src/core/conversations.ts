/**
 * Conversation state in SQLite, one row per person per chat: a restart (or a crash)
 * resumes every open conversation exactly at its step.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/connection.js";
import * as t from "../db/schema.js";
import type { Choice } from "./messages.js";

export interface ConversationState {
  kind: string;
  step: string;
  data: Record<string, unknown>;
  /** The choices the last message offered; a bare number or option text answers them. */
  offered: Choice[];
}

export interface ConversationKey {
  channel: string;
  chatId: string;
  userId: string;
}

const where = (k: ConversationKey) =>
  and(eq(t.conversations.channel, k.channel), eq(t.conversations.chatId, k.chatId), eq(t.conversations.userId, k.userId));

export function loadConversation(db: Db, key: ConversationKey): ConversationState | undefined {
  const row = db.select().from(t.conversations).where(where(key)).get();
  if (!row) return undefined;
  const { offered, ...data } = row.data as Record<string, unknown> & { offered?: Choice[] };
  return { kind: row.kind, step: row.step, data, offered: offered ?? [] };
}

export function saveConversation(db: Db, key: ConversationKey, state: ConversationState, now: Date): void {
  const values = {
    kind: state.kind,
    step: state.step,
    data: { ...state.data, offered: state.offered },
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
