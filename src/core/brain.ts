/**
 * The channel-neutral bot: one inbound message in, the replies out. It deduplicates the
 * event, identifies the contact, resolves a pressed or typed choice, then runs a command, the
 * open conversation's step, or reads free text as a question or a report draft.
 */
import { durably } from "../db/connection.js";
import { saveReport } from "../reports/store.js";
import { clean, fold } from "../text/normalize.js";
import { localDate } from "../time.js";
import { agencyName, askerOf, coordinatorName, fixTask, contacts, help, invite, leave, progress, reminders, revoke, sent, summary, tasks, evidence } from "./commands.js";
import { findContact, peekInvite, redeemInvite, type Role } from "./contacts.js";
import { clearConversation, loadConversation, saveConversation, type ConversationState } from "./conversations.js";
import { typedChoice } from "./choices.js";
import { firstSight, seen } from "./dedupe.js";
import { reportFromText, reportStep, startReport, type Input } from "./flows/report.js";
import type { IncomingMessage, OutgoingMessage } from "./messages.js";
import { T } from "./texts.js";
import { reply, type Result, type Services, type Turn } from "./turn.js";

export interface Brain {
  handle(msg: IncomingMessage): Promise<OutgoingMessage[]>;
}

export const MAX_TEXT = 4_000;
/**
 * A chat nobody registered is told how to register at most once in this long: a flood from a
 * stranger must not make the bot flood back (on Zalo every reply to a stranger risks the account).
 */
export const STRANGER_QUIET_MS = 5 * 60_000;
/** Strangers remembered for the quiet period, bounded so a long-running bot does not grow. */
const STRANGERS_KEPT = 10_000;

type Command = (turn: Turn, args: string[]) => Result | Promise<Result>;

const COMMANDS: Record<string, Command> = {
  help,
  trogiup: help,
  nhiemvu: tasks,
  baocao: startReport,
  dagui: sent,
  minhchung: evidence,
  hoi: ask,
  nhacnho: reminders,
  roi: leave,
  moi: invite,
  lienhe: contacts,
  thuhoi: revoke,
  tiendo: progress,
  tonghop: summary,
  suanv: fixTask,
};

/** "/start <code> xacnhan": the code is to replace the chat's registration. */
const CONFIRM_WORD = "xacnhan";

/**
 * The offered choice a pressed button stands for. A value bound to one draft ("ok@<draft>")
 * must match exactly, so an earlier draft's button confirms nothing; an unbound value ("ok",
 * as typed, or from a keyboard sent before buttons were bound) means the current draft's.
 */
function pressed(state: ConversationState | undefined, value: string): string | undefined {
  const offered = state?.offered ?? [];
  return (offered.find((c) => c.value === value) ?? (value.includes("@") ? undefined : offered.find((c) => c.value.split("@")[0] === value)))?.value;
}

/** A typed command, formal ("/baocao 4") or as people type it ("bao cao", "/nhiem vu"). */
function commandOf(line: string): { name: string; args: string[] } | undefined {
  const formal = parseCommand(line);
  if (formal && Object.hasOwn(COMMANDS, formal.name)) return formal;
  return spokenCommand(line) ?? formal;
}

/** Splits "/baocao@kehoach_bot 4 2024-Q1" into ("baocao", ["4", "2024-Q1"]). */
export function parseCommand(text: string): { name: string; args: string[] } | undefined {
  const m = /^\/([\p{L}\p{N}_]+)(?:@[A-Za-z0-9_]+)?(?:\s+([\s\S]*))?$/u.exec(text.trim());
  if (!m) return undefined;
  return { name: fold(m[1]!).toLowerCase(), args: (m[2] ?? "").trim().split(/\s+/).filter(Boolean) };
}

async function ask(turn: Turn, args: string[]): Promise<Result> {
  const question = args.join(" ").trim();
  if (!question) return reply(T.askEmpty);
  return answer(turn, question);
}

async function answer(turn: Turn, question: string): Promise<Result> {
  const a = await turn.services.answerer.ask(question, askerOf(turn));
  return { messages: [{ text: `${a.answer}\n\n${T.answerFooter}` }], state: null };
}

/**
 * Commands as people type them on a phone: without the slash when the message is only the
 * command ("help", "báo cáo"), or with the name in two words ("/nhiem vu", "/bao cao 4").
 */
const SPOKEN: Record<string, string> = {
  help: "help",
  "tro giup": "trogiup",
  "huong dan": "help",
  "nhiem vu": "nhiemvu",
  "bao cao": "baocao",
  "bao cao da gui": "dagui",
  "da gui": "dagui",
  "minh chung": "minhchung",
  "nhac nho": "nhacnho",
  "tien do": "tiendo",
  "tong hop": "tonghop",
  "lien he": "lienhe",
  huy: "huy",
  "huy bo": "huy",
};

function spokenCommand(text: string): { name: string; args: string[] } | undefined {
  const slash = text.trim().startsWith("/");
  const words = fold(text.trim().replace(/^\//, "")).split(/\s+/).filter(Boolean);
  for (const n of [4, 3, 2, 1]) {
    const spoken = words.slice(0, n).join(" ");
    // Own keys only: "constructor" or "__proto__" must not reach Object.prototype.
    const name = Object.hasOwn(SPOKEN, spoken) ? SPOKEN[spoken] : undefined;
    if (!name) continue;
    // Without the slash only the bare words count: "báo cáo quý I đã xong" is a report.
    if (!slash && words.length > n) return undefined;
    return { name, args: words.slice(n) };
  }
  return undefined;
}

export function createBrain(services: Services): Brain {
  const { db, log } = services;
  /** When each unregistered chat was last told how to register (ms). */
  const strangers = new Map<string, number>();

  function toStranger(turn: Turn, text: string): Result {
    const { msg } = turn;
    const chat = `${msg.channel}:${msg.chatId}`;
    const last = strangers.get(chat);
    const now = turn.now.getTime();
    if (last !== undefined && now - last < STRANGER_QUIET_MS) return { messages: [] };
    strangers.delete(chat);
    strangers.set(chat, now);
    if (strangers.size > STRANGERS_KEPT) strangers.delete(strangers.keys().next().value!);
    return reply(text);
  }

  async function route(turn: Turn): Promise<Result> {
    const { msg, contact, state } = turn;
    const text = msg.text === undefined ? undefined : clean(msg.text).trim();
    if (text !== undefined && text.length > MAX_TEXT) return reply(T.tooLong(MAX_TEXT));

    // A pressed button or a typed answer to the offered options; anything else a button
    // claims to be is treated as text the user typed, and checked as such.
    const offeredChoice = msg.choice !== undefined ? pressed(state, msg.choice) : text ? typedChoice(state?.offered ?? [], text)?.value : undefined;
    const line = offeredChoice ?? (msg.choice?.startsWith("/") ? msg.choice : text);
    const command = offeredChoice?.startsWith("/") || !offeredChoice ? commandOf(line ?? "") : undefined;

    if (command?.name === "start") {
      const confirmed = command.args.at(-1) === CONFIRM_WORD;
      const code = (confirmed ? command.args.slice(0, -1) : command.args).join("");
      // A chat that already acts for an agency is asked before a code replaces that.
      const next = code && contact && !confirmed ? peekInvite(db, code, turn.now) : undefined;
      const role = (r: Role) => (msg.chatKind === "group" ? "focal" : r);
      if (next && contact && (next.agencyCode !== contact.agencyCode || role(next.role) !== contact.role)) {
        return reply(T.replaceRegistration(agencyName(turn, contact.agencyCode), contact.role === "admin", agencyName(turn, next.agencyCode), role(next.role) === "admin"), {
          choices: [
            { label: T.replaceYes, value: `/start ${code} ${CONFIRM_WORD}` },
            { label: T.replaceNo, value: "/huy" },
          ],
        });
      }
      if (code) {
        const r = redeemInvite(db, code, { channel: msg.channel, chatId: msg.chatId, chatKind: msg.chatKind, displayName: msg.userName }, turn.now);
        if (!r.ok) return reply(T.registerFailed[r.reason](coordinatorName(turn)));
        const name = agencyName(turn, r.contact.agencyCode);
        log.info({ agency: r.contact.agencyCode, channel: msg.channel, role: r.contact.role }, "contact registered");
        return { messages: [{ text: T.registered(name, r.contact.role === "admin", msg.chatKind === "group") }], state: null };
      }
      if (!contact) return toStranger(turn, msg.chatKind === "group" ? T.unregisteredGroup : T.unregistered(coordinatorName(turn)));
      return reply(T.greet(msg.userName, agencyName(turn, contact.agencyCode), contact.role === "admin"));
    }
    if (!contact) {
      const help = command?.name === "help" || command?.name === "trogiup";
      return toStranger(turn, help || msg.chatKind === "private" ? T.unregistered(coordinatorName(turn)) : T.unregisteredGroup);
    }
    if (command?.name === "huy") return { messages: [{ text: state ? T.cancelled : T.nothingToCancel }], state: null };
    if (command) {
      // Own keys only: "/constructor" or "/__proto__" must not reach Object.prototype.
      const run = Object.hasOwn(COMMANDS, command.name) ? COMMANDS[command.name] : undefined;
      if (!run) return reply(T.unknownCommand(command.name));
      return run(turn, command.args);
    }

    const input: Input = { ...(offeredChoice ? { choice: offeredChoice } : {}), ...(text ? { text } : {}), ...(msg.attachments ? { attachments: msg.attachments } : {}) };
    if (state && state.kind === "report") return reportStep(turn, state, input);
    if (msg.choice !== undefined) return reply(T.chooseFromList);
    if (!text) return reply(msg.attachments?.length ? T.unsupported : T.unclear);
    // One word is too little to be a report or a question; a draft from it would only confuse.
    if ((text.match(/\p{L}{2,}/gu) ?? []).length < 2) return reply(T.unclear);
    const reading = await services.reader.read(text, askerOf(turn), turn.now);
    if (reading.question) return answer(turn, text);
    return reportFromText(turn, text, input, reading);
  }

  /** Events being handled: a redelivery that overtakes its original is dropped. */
  const handling = new Set<string>();

  return {
    async handle(msg) {
      const now = services.clock.now();
      const key = { channel: msg.channel, chatId: msg.chatId, userId: msg.userId };
      const state = loadConversation(db, key);
      // In a group the bot listens only when spoken to, or to someone in the middle of a
      // conversation with it, so a report can be typed there without a mention each time.
      if (msg.chatKind === "group" && !msg.addressed && (state === undefined || state.kind === "menu")) return [];
      const seenKey = `${msg.chatId}:${msg.eventId}`;
      const event = `${msg.channel}:${seenKey}`;
      if (handling.has(event) || seen(db, msg.channel, seenKey)) return [];
      handling.add(event);
      try {
        const contact = findContact(db, msg.channel, msg.chatId);
        const turn: Turn = { msg, contact, services, now, today: localDate(now, services.zone), key, state };
        const result = await route(turn);
        // The files a confirmed report names are fetched before its transaction, not inside it.
        if (result.save && services.evidence) {
          result.save.report.evidence = await services.evidence.keep(msg.channel, result.save.report.agency, result.save.report.evidence);
        }
        const offered = result.messages.flatMap((m) => m.choices ?? []);
        const inConversation = state !== undefined && state.kind !== "menu";
        // The event is recorded as seen in one transaction with the state it leaves (and the
        // report it confirms): killed before this commit, the platform's redelivery runs the step
        // again instead of being dropped as seen, and a failed commit stores nothing to repeat.
        let messages = result.messages;
        const commit = () =>
          db.transaction(
            () => {
              if (result.save) {
                const { duplicate } = saveReport(db, result.save.planId, result.save.report);
                messages = duplicate ? result.save.again : result.save.saved;
                log.info({ agency: result.save.report.agency, task: result.save.report.task, period: result.save.report.period }, "report stored");
              }
              firstSight(db, msg.channel, seenKey, now);
              if (result.state === null) clearConversation(db, key);
              else if (result.state) saveConversation(db, key, result.state, now);
              else if (!inConversation && offered.length > 0) {
                // Outside a conversation, remember the offered buttons so that on Zalo and the
                // console, where they are numbered lines, "1" means the first of them.
                saveConversation(db, key, { kind: "menu", offered }, now);
              } else if (state?.kind === "menu") clearConversation(db, key);
            },
            { behavior: "immediate" },
          );
        if (result.save) durably(db, commit);
        else commit();
        return messages;
      } finally {
        handling.delete(event);
      }
    },
  };
}
