/**
 * Who may act for which agency. A contact is a chat (a person, or a group bound to an
 * agency) on one channel, registered with a one-time invite code. Codes carry 80 bits of
 * randomness, are stored hashed, expire, and wrong guesses are rate-limited per chat.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { durably, type Db } from "../db/connection.js";
import * as t from "../db/schema.js";
import type { Address, ChannelName } from "./messages.js";

export type Role = "focal" | "admin";

export interface Contact {
  id: number;
  channel: ChannelName;
  chatId: string;
  chatKind: "private" | "group";
  displayName: string;
  agencyCode: string;
  role: Role;
  snoozedUntil: string | null;
  pausedUntil: string | null;
  blockedAt: string | null;
}

export const INVITE_TTL_HOURS = 72;
const MAX_FAILURES = 5;
const FAILURE_WINDOW_MS = 15 * 60_000;
// Crockford base32 without look-alikes: easy to read aloud over the phone and to type.
const ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789";

function hash(code: string): string {
  return createHash("sha256").update(code).digest("hex");
}

/** Upper-cases and drops spaces and dashes, so "abcd-efgh" and "ABCDEFGH" are one code. */
export function canonicalCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "");
}

export function newCode(): string {
  const bytes = randomBytes(16);
  let code = "";
  for (let i = 0; i < 16; i++) code += ALPHABET[bytes[i]! % ALPHABET.length];
  // 16 symbols of a 30-letter alphabet: ~78 bits, above the 64 DESIGN §6 asks for.
  return code.replace(/(.{4})(?=.)/g, "$1-");
}

export function createInvite(
  db: Db,
  agencyCode: string,
  role: Role,
  createdBy: string,
  now: Date,
): { code: string; expiresAt: string } {
  const code = newCode();
  const expiresAt = new Date(now.getTime() + INVITE_TTL_HOURS * 3_600_000).toISOString();
  db.insert(t.invites)
    .values({ codeHash: hash(canonicalCode(code)), agencyCode, role, createdBy, createdAt: now.toISOString(), expiresAt })
    .run();
  return { code, expiresAt };
}

export type RedeemResult =
  | { ok: true; contact: Contact }
  | { ok: false; reason: "unknown" | "used" | "expired" | "rate_limited" };

/** Who an unused, unexpired code registers, without using it: to ask before replacing a registration. */
export function peekInvite(db: Db, input: string, now: Date): { agencyCode: string; role: Role } | undefined {
  const invite = db.select().from(t.invites).where(eq(t.invites.codeHash, hash(canonicalCode(input)))).get();
  if (!invite || invite.usedAt || invite.expiresAt <= now.toISOString()) return undefined;
  return { agencyCode: invite.agencyCode, role: invite.role };
}

export function redeemInvite(
  db: Db,
  input: string,
  who: Address & { displayName: string },
  now: Date,
): RedeemResult {
  // Immediate: it reads (failures, the invite) before it writes; a deferred transaction would
  // fail at once with SQLITE_BUSY if the CLI or a backup committed in between.
  return durably(db, () =>
    db.transaction((tx) => {
      const since = new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString();
      const failures = tx
        .select({ n: sql<number>`count(*)` })
        .from(t.registrationFailures)
        .where(and(eq(t.registrationFailures.channel, who.channel), eq(t.registrationFailures.chatId, who.chatId), gt(t.registrationFailures.at, since)))
        .get()!.n;
      if (failures >= MAX_FAILURES) return { ok: false, reason: "rate_limited" } as const;
      const fail = (reason: "unknown" | "used" | "expired") => {
        tx.insert(t.registrationFailures).values({ channel: who.channel, chatId: who.chatId, at: now.toISOString() }).run();
        return { ok: false, reason } as const;
      };
      const invite = tx.select().from(t.invites).where(eq(t.invites.codeHash, hash(canonicalCode(input)))).get();
      if (!invite) return fail("unknown");
      if (invite.usedAt) {
        // The same chat sending its code again (a redelivery after a crash, a double tap) is
        // already registered by it: that is a success, not a wrong attempt.
        const own = invite.usedBy === null ? undefined : tx.select().from(t.contacts).where(eq(t.contacts.id, invite.usedBy)).get();
        if (own?.active && own.channel === who.channel && own.chatId === who.chatId) return { ok: true, contact: toContact(own) } as const;
        return fail("used");
      }
      if (invite.expiresAt <= now.toISOString()) return fail("expired");
      // One chat acts for one agency: registering again replaces the earlier binding.
      tx.update(t.contacts)
        .set({ active: false, leftAt: now.toISOString() })
        .where(and(eq(t.contacts.channel, who.channel), eq(t.contacts.chatId, who.chatId), eq(t.contacts.active, true)))
        .run();
      const row = tx
        .insert(t.contacts)
        .values({
          channel: who.channel,
          chatId: who.chatId,
          chatKind: who.chatKind,
          displayName: who.displayName,
          agencyCode: invite.agencyCode,
          // A group speaks for an agency; administering stays with a person.
          role: who.chatKind === "group" ? "focal" : invite.role,
        })
        .returning()
        .get();
      tx.update(t.invites).set({ usedAt: now.toISOString(), usedBy: row.id }).where(eq(t.invites.codeHash, invite.codeHash)).run();
      return { ok: true, contact: toContact(row) } as const;
    }, { behavior: "immediate" }),
  );
}

function toContact(row: typeof t.contacts.$inferSelect): Contact {
  return {
    id: row.id,
    channel: row.channel,
    chatId: row.chatId,
    chatKind: row.chatKind,
    displayName: row.displayName,
    agencyCode: row.agencyCode,
    role: row.role,
    snoozedUntil: row.snoozedUntil,
    pausedUntil: row.pausedUntil,
    blockedAt: row.blockedAt,
  };
}

export function findContact(db: Db, channel: ChannelName, chatId: string): Contact | undefined {
  const row = db
    .select()
    .from(t.contacts)
    .where(and(eq(t.contacts.channel, channel), eq(t.contacts.chatId, chatId), eq(t.contacts.active, true)))
    .get();
  return row ? toContact(row) : undefined;
}

export function contactById(db: Db, id: number): Contact | undefined {
  const row = db.select().from(t.contacts).where(and(eq(t.contacts.id, id), eq(t.contacts.active, true))).get();
  return row ? toContact(row) : undefined;
}

export function activeContacts(db: Db, agencyCode?: string): Contact[] {
  return db
    .select()
    .from(t.contacts)
    .where(agencyCode ? and(eq(t.contacts.active, true), eq(t.contacts.agencyCode, agencyCode)) : eq(t.contacts.active, true))
    .all()
    .map(toContact);
}

export function admins(db: Db): Contact[] {
  return activeContacts(db).filter((c) => c.role === "admin" && c.blockedAt === null);
}

/** A contact leaves (`/roi`) or an admin revokes it; its reports stay. */
export function deactivate(db: Db, contactId: number, now: Date): void {
  db.update(t.contacts).set({ active: false, leftAt: now.toISOString() }).where(eq(t.contacts.id, contactId)).run();
}

export function markBlocked(db: Db, contactId: number, now: Date): void {
  db.update(t.contacts).set({ blockedAt: now.toISOString() }).where(and(eq(t.contacts.id, contactId), isNull(t.contacts.blockedAt))).run();
}

export function setSnooze(db: Db, contactId: number, until: string | null): void {
  db.update(t.contacts).set({ snoozedUntil: until }).where(eq(t.contacts.id, contactId)).run();
}

export function setContactPause(db: Db, contactId: number, until: string | null): void {
  db.update(t.contacts).set({ pausedUntil: until }).where(eq(t.contacts.id, contactId)).run();
}

export function setAgencyPause(db: Db, agencyCode: string, until: string | null): void {
  db.update(t.agencies).set({ pausedUntil: until }).where(eq(t.agencies.code, agencyCode)).run();
}

/**
 * The console is the operator's own terminal: it acts as whichever agency the operator picks,
 * without an invite, under one fixed chat id.
 */
export function bindConsole(db: Db, agencyCode: string, role: Role, displayName: string): Contact {
  const current = findContact(db, "console", CONSOLE_CHAT);
  if (current && current.agencyCode === agencyCode && current.role === role) return current;
  return db.transaction((tx) => {
    tx.update(t.contacts)
      .set({ active: false })
      .where(and(eq(t.contacts.channel, "console"), eq(t.contacts.chatId, CONSOLE_CHAT), eq(t.contacts.active, true)))
      .run();
    return toContact(
      tx
        .insert(t.contacts)
        .values({ channel: "console", chatId: CONSOLE_CHAT, chatKind: "private", displayName, agencyCode, role })
        .returning()
        .get(),
    );
  });
}

export const CONSOLE_CHAT = "console";
