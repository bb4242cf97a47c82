/**
 * A day of reminders over Zalo in virtual time, as issue 15's "done when" sets it: the socket
 * drops (1006) every minute, two recipients are held by Zalo's 123 all day, and one send draws
 * the account-wide 221. Every other recipient gets each reminder exactly once, what the 221
 * held back goes out after the pause, and nothing is sent twice. The channel, its queue and
 * supervisor run on the virtual timer with the real brain, database and reminder pass.
 */
import { ne } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { ZaloApiError } from "zca-js";
import { createZaloChannel } from "../../src/channels/zalo/channel.js";
import { texts } from "../../src/channels/zalo/texts.js";
import * as t from "../../src/db/schema.js";
import { FakeZaloApi, VirtualTimer, type SentMessage } from "../channels/zalo/fake.js";
import { openTestApp, silent, type TestApp } from "../support/app.js";
import { registerZaloChats, zaloPasses } from "./zalo-rig.js";

const HOUR = 3_600_000;
const START = "2024-03-28T07:30:00+07:00";
const CHATS = 20;
const LIMITED = new Set(["z3", "z7"]);
/** The send that draws the 221: a few sends into the first pass. */
const ACCOUNT_LIMITED_CALL = 5;

let app: TestApp | undefined;
afterEach(() => {
  app?.dispose();
  app = undefined;
});

describe("a day of Zalo reminders under drops and limits", () => {
  it("delivers every reminder to every other recipient exactly once, the 221 backlog after the pause, and no duplicate", async () => {
    app = openTestApp({ now: START });
    const { db } = app.app;
    const timer = new VirtualTimer();
    const t0 = timer.now();
    const at = () => new Date(Date.parse(START) + timer.now() - t0);

    let calls = 0;
    let pausedAt: number | undefined;
    let refusedByPause: { threadId: string; text: string } | undefined;
    const respond = (_: number, threadId: string, content: { msg: string }) => {
      calls++;
      if (LIMITED.has(threadId)) return new ZaloApiError("Không thể nhận tin nhắn từ bạn", 123);
      if (calls === ACCOUNT_LIMITED_CALL) {
        pausedAt = timer.now();
        refusedByPause = { threadId, text: content.msg };
        return new ZaloApiError("Vượt quá số request cho phép", 221);
      }
      return "ok" as const;
    };
    // Each fresh login is a new API and listener on the same account, as zca-js gives.
    const apis: FakeZaloApi[] = [];
    const login = () => {
      const api = new FakeZaloApi(timer, respond);
      apis.push(api);
      return api;
    };
    const alerts: string[] = [];
    const zalo = createZaloChannel({
      port: login(),
      brain: app.brain,
      log: silent,
      alertAdmins: async (text) => void alerts.push(text),
      timer,
      relogin: async () => login(),
    });
    await zalo.start();
    await timer.until(() => zalo.state === "connected");

    registerZaloChats(app, CHATS);

    // Zalo's side: the socket of whichever listener is current drops every minute.
    const quiet = new AbortController();
    let drops = 0;
    void (async () => {
      while (await timer.sleep(60_000, quiet.signal)) {
        const listener = apis.at(-1)!.listener;
        if (!listener.running) continue;
        listener.drop(1006, "network lost");
        drops++;
      }
    })();

    const passes = zaloPasses(app, zalo.channel, timer);
    const due = await passes.due(new Date("2024-03-28T08:00:00+07:00"));
    expect(due.sent.length).toBeGreaterThan(CHATS);

    // The scheduler's passes: each hour from 08:00, never two at once.
    const sentPerPass: number[] = [];
    for (let hour = 1; hour <= 24; hour++) {
      const when = Date.parse(START) + hour * HOUR - 30 * 60_000;
      await timer.until(() => at().getTime() >= when, 100_000);
      sentPerPass.push((await passes.run(at())).sent.length);
    }
    quiet.abort();
    // Still serving at the end of the day: back on the socket once the drops stop.
    await timer.until(() => zalo.state === "connected");
    await zalo.stop();

    const rows = db.select().from(t.reminderLog).where(ne(t.reminderLog.state, "skipped")).all();
    const contacts = db.select().from(t.contacts).all();
    const chatOf = new Map(contacts.map((c) => [c.id, c.chatId]));
    const reachable = rows.filter((row) => !LIMITED.has(chatOf.get(row.contactId!) ?? ""));
    const sent: SentMessage[] = apis.flatMap((a) => a.sent);

    // Every reminder of the day to every reachable recipient, each exactly once.
    expect(reachable.length).toBeGreaterThan(CHATS);
    expect(reachable.filter((row) => row.state !== "sent")).toEqual([]);
    expect(sent).toHaveLength(reachable.length);
    expect(new Set(sent.map((m) => `${m.threadId}\n${m.content.msg}`)).size).toBe(sent.length);
    // The two held recipients got nothing and were reported once each.
    expect(sent.filter((m) => LIMITED.has(m.threadId))).toEqual([]);
    for (const chat of LIMITED) expect(alerts.filter((a) => a === texts.alert.recipientLimited(chat))).toHaveLength(1);
    // The 221: one pause; nothing went out during it; what it refused went out after it.
    expect(pausedAt).toBeDefined();
    expect(alerts.filter((a) => a.includes("221"))).toHaveLength(1);
    const duringPause = sent.filter((m) => m.at > pausedAt! && m.at < pausedAt! + HOUR);
    expect(duringPause).toEqual([]);
    const backlog = sent.find((m) => m.threadId === refusedByPause!.threadId && m.content.msg === refusedByPause!.text);
    expect(backlog?.at).toBeGreaterThanOrEqual(pausedAt! + HOUR);
    // A drop finds the socket up: it was up at 90% of the day's minutes or more, since a
    // connection that held half a minute resets the backoff. Connections that held are no
    // reason for a fresh login either: the only ones are the twice-daily renewals.
    expect(drops).toBeGreaterThan(0.9 * 24 * 60);
    expect(apis.length - 1).toBeGreaterThanOrEqual(1);
    expect(apis.length - 1).toBeLessThanOrEqual(2);
    process.stdout.write(
      `Zalo day: ${reachable.length} reminders to ${CHATS - LIMITED.size} reachable chats, ${drops} drops, ${apis.length - 1} fresh logins, ${calls} send calls, sent per pass ${sentPerPass.join("/")}, lost 0, duplicates 0\n`,
    );
  }, 120_000);
});
