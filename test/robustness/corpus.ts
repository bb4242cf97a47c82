/**
 * The bad-input corpus (test/fixtures/bad-input.json) as the runners read it, and the checks
 * every reply must pass whatever the case: Vietnamese, no stack trace or English error text,
 * no apology for a failure, and the database whole afterwards.
 */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { T } from "../../src/core/texts.js";
import type { Db } from "../../src/db/connection.js";

export type ChannelName = "telegram" | "console" | "zalo";

/** A text as written, or a long one built from a repeated piece (cut to exactly `length`). */
export type Text = string | { repeat: string; length: number; prefix?: string };

export type Attachment =
  | "photo" | "document" | "voice" | "sticker" | "video" | "audio" | "video_note" | "animation"
  | "location" | "contact" | "poll" | "dice" | "venue";

export type Send =
  | { text: Text; nfd?: boolean }
  | { attachment: Attachment; caption?: Text; name?: string }
  /** Telegram: a button press with this data, by the chat's user or another member of the group. */
  | { callback: string; by?: "other-user" }
  /** Telegram: an edit of the user's first message in the chat, `times` times. */
  | { edit: Text; times?: number }
  /** Telegram: a raw update; "$chat", "$from", "$date", "$query", "$message" are filled in. */
  | { update: Record<string, unknown> }
  /** Zalo: a message of this type and content, as zca-js hands it over. */
  | { zalo: { msgType: string; content: unknown } };

export interface Expect {
  /** The replies, joined, match this (flags iu). */
  reply?: string;
  not?: string;
  /** Nothing is sent back. */
  silent?: boolean;
  /** What the user sees contains this literally (markup shown as typed, never interpreted). */
  contains?: string;
  /** Exactly this many messages. */
  replies?: number;
  /** Reports the whole case stores (its steps included); 0 unless said. */
  stores?: number;
}

export interface Case {
  id: string;
  kind: string;
  /** Who writes: the focal point of Sở TT&TT (default), an admin, or a stranger. */
  as?: "focal" | "admin" | "unregistered";
  chat?: "private" | "group";
  /** Typed (or sent) first, in the same chat, or in another chat of the same agency. */
  before?: (Text | Send)[];
  beforeIn?: "other-chat";
  /** In a group: sent as a reply to the bot's last message there. */
  reply?: boolean;
  send: Send;
  expect: Expect;
  on?: Partial<Record<ChannelName, Expect>>;
  channels: ChannelName[];
}

const FILE = new URL("../fixtures/bad-input.json", import.meta.url);

export function loadCorpus(): Case[] {
  return (JSON.parse(readFileSync(FILE, "utf8")) as { cases: Case[] }).cases;
}

export function casesFor(channel: ChannelName): Case[] {
  return loadCorpus().filter((c) => c.channels.includes(channel));
}

/** A channel's own expectation replaces the case's. */
export function expectationOf(c: Case, channel: ChannelName): Expect {
  return c.on?.[channel] ?? c.expect;
}

/** Placeholders a case may use in its texts, filled per run. */
export interface Fill {
  code?: () => string;
}

export function textOf(t: Text, fill: Fill = {}, nfd = false): string {
  let s = typeof t === "string" ? t : buildLong(t);
  if (s.includes("$code")) {
    const code = fill.code?.();
    if (code === undefined) throw new Error("this run cannot fill $code");
    s = s
      .replace("$code-lower", code.toLowerCase())
      .replace("$code-nodash", code.replace(/-/g, ""))
      .replace("$code", code);
  }
  return nfd ? s.normalize("NFD") : s;
}

function buildLong(t: Exclude<Text, string>): string {
  const prefix = t.prefix ?? "";
  const body = t.repeat.repeat(Math.ceil((t.length - prefix.length) / t.repeat.length) + 1);
  return (prefix + body).slice(0, t.length);
}

/** A step of `before` as a Send: a bare text is typed. */
export function stepOf(step: Text | Send): Send {
  return typeof step === "string" || "repeat" in step ? { text: step } : step;
}

/** The texts a case puts in front of the bot, so replies may echo them without failing the checks. */
export function inputsOf(c: Case): string[] {
  const all = [...(c.before ?? []).map(stepOf), c.send];
  return all.flatMap((s): string[] => {
    if ("text" in s) return [textOf(s.text, { code: () => "" })];
    if ("edit" in s) return [textOf(s.edit)];
    if ("callback" in s) return [s.callback];
    if ("attachment" in s) return [s.caption === undefined ? "" : textOf(s.caption), s.name ?? ""];
    return [JSON.stringify("update" in s ? s.update : s.zalo)];
  });
}

const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/iu;
const LEAK =
  /\b(error|exception|undefined|null|NaN|TypeError|RangeError|ReferenceError|SyntaxError|SQLITE_[A-Z]+|stack|failed|invalid|cannot|unexpected|internal server)\b|\[object \w+\]|\bat .+:\d+:\d+|node_modules|\.ts:\d+/i;
const APOLOGY = /gặp sự cố khi xử lý yêu cầu/u;

/** The reply with every word the user sent taken out: an echo of "undefined" is not a leak. */
function withoutEcho(reply: string, inputs: string[]): string {
  let out = reply;
  const words = inputs.flatMap((i) => i.split(/\s+/)).filter((w) => w.length > 0).sort((a, b) => b.length - a.length);
  for (const w of words) out = out.split(w).join(" ");
  return out;
}

/** What every message the bot sends must be, in any case, on any channel. */
export function expectDecent(c: Case, replies: string[]): void {
  const inputs = inputsOf(c);
  for (const r of replies) {
    expect.soft(r.trim(), `${c.id}: an empty message`).not.toBe("");
    expect.soft(r, `${c.id}: not Vietnamese: ${r.slice(0, 200)}`).toMatch(VIETNAMESE);
    expect.soft(withoutEcho(r, inputs), `${c.id}: error text in chat: ${r.slice(0, 300)}`).not.toMatch(LEAK);
    expect.soft(r, `${c.id}: the bot failed and apologised`).not.toMatch(APOLOGY);
  }
}

/** The case's own expectation on what came back. */
export function expectOutcome(c: Case, channel: ChannelName, replies: string[]): void {
  const e = expectationOf(c, channel);
  const joined = replies.join("\n\n");
  if (e.silent) expect.soft(replies, `${c.id}: should stay silent`).toEqual([]);
  else expect.soft(replies.length, `${c.id}: no reply`).toBeGreaterThan(0);
  if (e.reply !== undefined) expect.soft(joined, `${c.id}`).toMatch(new RegExp(e.reply, "iu"));
  if (e.not !== undefined) expect.soft(joined, `${c.id}`).not.toMatch(new RegExp(e.not, "iu"));
  if (e.contains !== undefined) expect.soft(joined, `${c.id}`).toContain(e.contains);
  if (e.replies !== undefined) expect.soft(replies, `${c.id}`).toHaveLength(e.replies);
}

/**
 * Several cases confirm a report for the same task and period of one agency; from the second on,
 * the bot shows the report already given and asks «Bổ sung» or «Thay thế». The runners answer
 * «Thay thế», as the user who meant the new report would, and the case's outcome is read after it.
 */
export function asksToReplace(reply: string | undefined): boolean {
  const question = T.alreadyReported("", "", "").split("\n\n").at(-1)!;
  return reply?.trim().startsWith("Quý đơn vị đã có báo cáo") === true && reply.includes(question);
}

export const REPLACE = T.replace;

export function storesOf(cases: Case[], channel: ChannelName): number {
  return cases.reduce((n, c) => n + (expectationOf(c, channel).stores ?? 0), 0);
}

/** The file is whole and consistent, and holds exactly the reports users confirmed. */
export function expectIntact(db: Db, reports: number): void {
  const sqlite = db.$client;
  expect(sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
  expect(sqlite.pragma("foreign_key_check")).toEqual([]);
  expect((sqlite.prepare("SELECT count(*) AS n FROM reports").get() as { n: number }).n).toBe(reports);
}
