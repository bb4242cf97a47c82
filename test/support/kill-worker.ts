/**
 * The bot's brain in a process of its own, on a database file, fed like a channel feeds it:
 * one JSON line per inbound message on stdin ({chatId, eventId, text}), handled one at a
 * time, in order; after each, one JSON line on stdout ({eventId, replies}). "ready" comes
 * first. Tests kill it with SIGKILL wherever it happens to be, start it again on the same
 * file and redeliver what it had not answered, as Telegram redelivers unconfirmed updates.
 *
 * Run with `node --import tsx`; argv: database file, the time its clock stands at (ISO).
 */
import { createInterface } from "node:readline";
import pino from "pino";
import { openApp } from "../../src/app.js";
import { ManualClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { createBrain } from "../../src/core/brain.js";
import { createServices } from "../../src/services.js";

export interface WorkerInput {
  chatId: string;
  eventId: string;
  text: string;
}

export interface WorkerOutput {
  eventId: string;
  replies: string[];
}

const [database, now] = process.argv.slice(2);
if (!database || !now) throw new Error("usage: kill-worker <database> <now>");

const app = openApp(loadConfig({ DATABASE_PATH: database, ZALO_CREDENTIALS_FILE: `${database}.none` }), pino({ level: "silent" }), new ManualClock(now));
const brain = createBrain(createServices(app));
app.active();
process.stdout.write("ready\n");

for await (const line of createInterface({ input: process.stdin })) {
  const msg = JSON.parse(line) as WorkerInput;
  const replies = await brain.handle({
    channel: "telegram",
    chatId: msg.chatId,
    chatKind: "private",
    userId: msg.chatId,
    userName: `Cán bộ ${msg.chatId}`,
    eventId: msg.eventId,
    text: msg.text,
    addressed: true,
  });
  const out: WorkerOutput = { eventId: msg.eventId, replies: replies.map((r) => r.text) };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}
app.close();
