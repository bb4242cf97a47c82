/**
 * The bad-input corpus through every channel it applies to, on the real service: Telegram
 * (grammY long polling a Bot API double that refuses malformed HTML and texts over 4096),
 * the console, and Zalo (real zca-js message objects at the fake API boundary). Whatever a
 * case sends, the bot answers in Vietnamese or stays silent, as the case says; nothing
 * crashes, and afterwards the database is whole and holds only the reports users confirmed.
 */
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ThreadType, type Message, type TMessage } from "zca-js";
import { createZaloChannel, type ZaloChannel } from "../../src/channels/zalo/channel.js";
import { TEXT_LIMIT as ZALO_LIMIT } from "../../src/channels/zalo/render.js";
import { ManualClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { createInvite, redeemInvite, type Role } from "../../src/core/contacts.js";
import type { ChannelName as CoreChannel } from "../../src/core/messages.js";
import type { Db } from "../../src/db/connection.js";
import { startService, type RunningService } from "../../src/service.js";
import { BotApiDouble, entitiesOf, type Delivery, type TgUser } from "../support/bot-api-double.js";
import { openTestApp, silent, tempDir, type TestApp } from "../support/app.js";
import { drained } from "./telegram.js";
import { FakeZaloApi, groupMessage, quoteOfBot, userMessage, VirtualTimer } from "../channels/zalo/fake.js";
import {
  casesFor,
  expectationOf,
  expectDecent,
  asksToReplace,
  expectIntact,
  REPLACE,
  expectOutcome,
  loadCorpus,
  stepOf,
  storesOf,
  textOf,
  type Attachment,
  type Case,
  type Send,
  type Text,
} from "./corpus.js";

const NOW = "2024-03-20T09:00:00+07:00";
const FOCAL = "Sở TT&TT";

/** Registers a chat through a real invite, as `/start <code>` would. */
function register(db: Db, agency: string, channel: CoreChannel, chatId: string, chatKind: "private" | "group", role: Role, now: Date): void {
  const { code } = createInvite(db, agency, role, "test", now);
  const r = redeemInvite(db, code, { channel, chatId, chatKind, displayName: `Cán bộ ${chatId}` }, now);
  if (!r.ok) throw new Error(`registration failed: ${r.reason}`);
}

describe("the bad-input corpus", () => {
  it("holds at least 200 cases, each named once, with its channels and what must happen on each", () => {
    const cases = loadCorpus();
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) {
      expect(c.channels.length, c.id).toBeGreaterThan(0);
      for (const channel of c.channels) {
        const e = expectationOf(c, channel);
        expect(e.silent === true || e.reply !== undefined, `${c.id} on ${channel}`).toBe(true);
      }
    }
    const kinds = new Set(cases.map((c) => c.kind));
    for (const kind of ["long", "control", "zero-width", "emoji", "rtl", "nfd", "markup", "attachment", "edit", "update", "callback", "command"]) {
      expect(kinds, kind).toContain(kind);
    }
  });
});

describe("the bad-input corpus on Telegram", () => {
  const cases = casesFor("telegram");
  let api: BotApiDouble;
  let service: RunningService;
  let clock: ManualClock;
  let agency: string;
  let seq = 0;

  beforeAll(async () => {
    api = await BotApiDouble.start();
    clock = new ManualClock(NOW);
    const dir = tempDir();
    const config = loadConfig({
      DATABASE_PATH: join(dir, "kehoach.sqlite"),
      ZALO_CREDENTIALS_FILE: join(dir, "none.json"),
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
    });
    service = await startService(config, silent, { clock, scheduler: false });
    agency = service.app.active().directory.find(FOCAL)!.code;
  });

  afterAll(async () => {
    await service?.stop();
    await api?.close();
  });

  /** Chat and user ids of a case: its own chat, two group members, and another chat of the agency. */
  const idsOf = (i: number, c: Case) => {
    const base = 100_000 + i * 10;
    const group = c.chat === "group";
    return { chat: group ? -base : base, user: base + 1, other: base + 2, otherChat: base + 5, group };
  };

  const user = (id: number): TgUser => ({ id, is_bot: false, first_name: `Cán bộ ${id}` });
  const now = () => Math.floor(clock.now().getTime() / 1000);
  const chatObject = (id: number) => (id > 0 ? { id, type: "private", first_name: `Cán bộ ${id}` } : { id, type: "supergroup", title: `Nhóm ${-id}` });
  const botMessage = (chat: number) => ({
    message_id: 1,
    date: now(),
    chat: chatObject(chat),
    from: { id: api.me.id, is_bot: true, first_name: api.me.first_name, username: api.me.username },
    text: "Trợ lý Kế hoạch",
  });

  function fields(kind: Attachment, name: string | undefined): Record<string, unknown> {
    const id = `file-${++seq}`;
    const file = { file_id: id, file_unique_id: `u${id}` };
    switch (kind) {
      case "photo":
        return { photo: [{ ...file, width: 1280, height: 960, file_size: 120_000 }] };
      case "document":
        return { document: { ...file, file_name: name ?? "bao-cao.pdf", mime_type: "application/pdf", file_size: 2048 } };
      case "voice":
        return { voice: { ...file, duration: 3, mime_type: "audio/ogg", file_size: 4000 } };
      case "sticker":
        return { sticker: { ...file, type: "regular", width: 512, height: 512, is_animated: false, is_video: false, emoji: "😀" } };
      case "video":
        return { video: { ...file, width: 640, height: 480, duration: 5 } };
      case "audio":
        return { audio: { ...file, duration: 60 } };
      case "video_note":
        return { video_note: { ...file, length: 240, duration: 3 } };
      case "animation":
        return { animation: { ...file, width: 320, height: 240, duration: 2 }, document: { ...file, file_name: "a.mp4" } };
      case "location":
        return { location: { latitude: 15.12, longitude: 108.8 } };
      case "contact":
        return { contact: { phone_number: "+84 255 3822 222", first_name: "Sở" } };
      case "poll":
        return { poll: { id: `poll-${seq}`, question: "Họp lúc nào?", options: [{ text: "8h", voter_count: 0 }], total_voter_count: 0, is_closed: false, is_anonymous: true, type: "regular", allows_multiple_answers: false } };
      case "dice":
        return { dice: { emoji: "🎲", value: 6 } };
      case "venue":
        return { venue: { location: { latitude: 15.12, longitude: 108.8 }, title: "Hội trường", address: "52 Hùng Vương" }, location: { latitude: 15.12, longitude: 108.8 } };
    }
  }

  /** Fills the placeholders of a raw update. */
  function fill(value: unknown, chat: number, from: TgUser): unknown {
    if (value === "$chat") return chatObject(chat);
    if (value === "$from") return from;
    if (value === "$date") return now();
    if (value === "$query") return `raw-${++seq}`;
    if (value === "$message") return botMessage(chat);
    if (Array.isArray(value)) return value.map((v) => fill(v, chat, from));
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, chat, from)]));
    }
    return value;
  }

  const code = () => createInvite(service.app.db, agency, "focal", "test", clock.now()).code;

  /** Queues what a case sends; in a group a typed answer replies to the bot, as it must there. */
  function push(send: Send, chat: number, from: TgUser, options: { group: boolean; replyToBot: boolean; presser?: TgUser }): void {
    const replyTo = options.group && options.replyToBot ? { reply_to_message: botMessage(chat) } : {};
    if ("text" in send) {
      const text = textOf(send.text, { code }, send.nfd);
      const entities = entitiesOf(text);
      api.pushMessage(chat, { text, ...(entities.length > 0 && { entities }), ...replyTo }, from);
    } else if ("attachment" in send) {
      const caption = send.caption === undefined ? undefined : textOf(send.caption);
      const entities = caption === undefined ? [] : entitiesOf(caption);
      api.pushMessage(
        chat,
        { ...fields(send.attachment, send.name), ...(caption !== undefined && { caption }), ...(entities.length > 0 && { caption_entities: entities }), ...replyTo },
        from,
      );
    } else if ("callback" in send) {
      const last = api.sentTo(chat).at(-1) ?? ({ chatId: String(chat), message: botMessage(chat) } as unknown as Delivery);
      api.pushCallback(last, textOf(send.callback, { code }), send.by === "other-user" ? options.presser : from);
    } else if ("edit" in send) {
      for (let i = 0; i < (send.times ?? 1); i++) api.pushEdit(chat, 1, textOf(send.edit), from);
    } else if ("update" in send) {
      api.push(fill(send.update, chat, from) as Record<string, unknown>);
    } else {
      throw new Error(`a Zalo-only case reached Telegram: ${JSON.stringify(send)}`);
    }
  }

  const drain = () => drained(api, service.app.db, 120_000);

  it(`runs ${cases.length} cases; none crashes, every reply is Vietnamese, escaped and within the limits`, async () => {
    const { db } = service.app;
    cases.forEach((c, i) => {
      const ids = idsOf(i, c);
      if (c.as !== "unregistered") register(db, agency, "telegram", String(ids.chat), ids.group ? "group" : "private", c.as === "admin" ? "admin" : "focal", clock.now());
      if (c.beforeIn === "other-chat") register(db, agency, "telegram", String(ids.otherChat), "private", c.as === "admin" ? "admin" : "focal", clock.now());
    });

    cases.forEach((c, i) => {
      const ids = idsOf(i, c);
      const [chat, from] = c.beforeIn === "other-chat" ? [ids.otherChat, user(ids.otherChat)] : [ids.chat, user(ids.group ? ids.user : ids.chat)];
      (c.before ?? []).forEach((step, n) => push(stepOf(step), chat, from, { group: ids.group, replyToBot: n > 0 }));
    });
    await drain();
    const seen = cases.map((c, i) => api.sentTo(idsOf(i, c).chat).length);

    cases.forEach((c, i) => {
      const ids = idsOf(i, c);
      push(c.send, ids.chat, user(ids.group ? ids.user : ids.chat), { group: ids.group, replyToBot: c.reply === true, presser: user(ids.other) });
    });
    await drain();
    cases.forEach((c, i) => {
      const ids = idsOf(i, c);
      const last = api.sentTo(ids.chat).at(-1);
      if (api.sentTo(ids.chat).length > seen[i]! && asksToReplace(last?.text)) {
        const rows = (last!.replyMarkup?.inline_keyboard ?? []) as { text: string; callback_data: string }[][];
        api.pushCallback(last!, rows.flat().find((b) => b.text === REPLACE)!.callback_data, user(ids.group ? ids.user : ids.chat));
      }
    });
    await drain();

    cases.forEach((c, i) => {
      const replies = api.sentTo(idsOf(i, c).chat).slice(seen[i]).map((d) => d.text);
      expectDecent(c, replies);
      expectOutcome(c, "telegram", replies);
    });
    const refused = api.calls.filter((call) => (call.method === "sendMessage" || call.method === "sendDocument") && !call.ok);
    expect(refused.map((call) => `${call.errorCode} ${JSON.stringify(call.params).slice(0, 200)}`)).toEqual([]);
    expect(api.deliveries.every((d) => d.text.length <= 4096)).toBe(true);
    expectIntact(db, storesOf(cases, "telegram"));
    process.stdout.write(`bad input on Telegram: ${cases.length} cases, ${api.deliveries.length} messages sent, 0 refused\n`);
  }, 120_000);
});

describe("the bad-input corpus on the console", () => {
  const cases = casesFor("console");
  let service: RunningService;
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  const waiting = new Set<() => void>();
  output.on("data", (chunk: Buffer) => {
    printed += chunk.toString("utf8");
    for (const wake of [...waiting]) wake();
  });

  beforeAll(async () => {
    const dir = tempDir();
    const config = loadConfig({ DATABASE_PATH: join(dir, "kehoach.sqlite"), ZALO_CREDENTIALS_FILE: join(dir, "none.json") });
    service = await startService(config, silent, { clock: new ManualClock(NOW), scheduler: false, console: { input, output, as: FOCAL, role: "focal" } });
  });

  afterAll(async () => {
    input.end();
    await service?.done;
    await service?.stop();
  });

  let tag = 0;
  /**
   * Types the lines, then asks the console itself for an agency that does not exist: its answer
   * marks the end of theirs, registered or not. Returns what the lines printed.
   */
  async function type(lines: string[]): Promise<string> {
    const sentinel = `/vai kiemtra${++tag}`;
    const answer = `Không tìm thấy cơ quan «kiemtra${tag}»`;
    const mark = printed.length;
    input.write([...lines, sentinel].map((l) => `${l}\n`).join(""));
    await new Promise<void>((resolve) => {
      const check = () => {
        if (printed.indexOf(answer, mark) === -1) return;
        waiting.delete(check);
        resolve();
      };
      waiting.add(check);
      check();
    });
    return printed.slice(mark, printed.indexOf(answer, mark)).trim();
  }

  it(`runs ${cases.length} cases in one session; each answered in Vietnamese as the case says`, async () => {
    for (const c of cases) {
      // Every case starts as its role, with nothing open.
      await type([c.as === "admin" ? "/vai quantri" : `/vai ${FOCAL}`, "/huy"]);
      if (c.before) await type(c.before.map((s) => textOf((stepOf(s) as { text: Text }).text)));
      const send = c.send as { text: string; nfd?: boolean };
      const out = await type([textOf(send.text, {}, send.nfd)]);
      const replies = out === "" ? [] : [out];
      if (asksToReplace(out)) replies.push(await type([REPLACE]));
      expectDecent(c, replies);
      expectOutcome(c, "console", replies);
    }
    expectIntact(service.app.db, storesOf(cases, "console"));
  }, 120_000);
});

describe("the bad-input corpus on Zalo", () => {
  const cases = casesFor("zalo");
  let t: TestApp;
  let timer: VirtualTimer;
  let api: FakeZaloApi;
  let zalo: ZaloChannel;
  /** Messages the brain is still working on (a summary renders its documents in real time). */
  let busy = 0;

  beforeAll(async () => {
    t = openTestApp({ now: NOW });
    timer = new VirtualTimer();
    api = new FakeZaloApi(timer);
    zalo = createZaloChannel({
      port: api,
      brain: {
        handle: async (msg) => {
          busy++;
          try {
            return await t.brain.handle(msg);
          } finally {
            busy--;
          }
        },
      },
      log: silent,
      alertAdmins: async () => undefined,
      timer,
      throttle: { perThreadMs: 1_000, overallMs: 300 },
    });
    await zalo.start();
    await timer.until(() => zalo.state === "connected");
  });

  afterAll(async () => {
    await zalo?.stop();
    t?.dispose();
  });

  /** Lets handling and the throttled sends finish, moving virtual time. */
  async function settle(): Promise<void> {
    let quiet = 0;
    let seen = -1;
    while (quiet < 8) {
      await new Promise((r) => setImmediate(r));
      if (timer.step() || busy > 0) quiet = 0;
      else if (api.sent.length === seen) quiet++;
      seen = api.sent.length;
    }
  }

  const photo = (title = "") => ({ title, href: "https://photo.zalo.me/p.jpg", thumb: "", description: "", childnumber: 0, action: "", params: "", type: "" });
  function content(send: Send, code: () => string): { msgType: string; content: TMessage["content"] } {
    if ("text" in send) return { msgType: "webchat", content: textOf(send.text, { code }, send.nfd) };
    if ("zalo" in send) return send.zalo as { msgType: string; content: TMessage["content"] };
    if (!("attachment" in send)) throw new Error(`a Telegram-only case reached Zalo: ${JSON.stringify(send)}`);
    const caption = send.caption === undefined ? "" : textOf(send.caption);
    switch (send.attachment) {
      case "photo":
        return { msgType: "chat.photo", content: photo(caption) };
      case "document":
        return { msgType: "share.file", content: { ...photo(send.name ?? "bao-cao.pdf"), href: "https://f.zalo.me/f.pdf", params: '{"fileSize":"2048","fileExt":"pdf"}' } };
      case "voice":
        return { msgType: "chat.voice", content: { ...photo(), href: "https://f.zalo.me/v.aac" } };
      case "sticker":
        return { msgType: "chat.sticker", content: { id: 1, catId: 1, type: 7 } };
      case "video":
        return { msgType: "chat.video.msg", content: { ...photo(), href: "https://f.zalo.me/v.mp4" } };
      case "animation":
        return { msgType: "chat.gif", content: { ...photo(), href: "https://f.zalo.me/a.gif" } };
      case "location":
        return { msgType: "chat.location.new", content: { lat: 15.12, lng: 108.8 } };
      default:
        throw new Error(`no Zalo form for ${send.attachment}`);
    }
  }

  it(`runs ${cases.length} cases; each answered in Vietnamese within Zalo's limit, or ignored`, async () => {
    const { db } = t.app;
    const agency = t.app.active().directory.find(FOCAL)!.code;
    const code = () => createInvite(db, agency, "focal", "test", t.clock.now()).code;
    for (const [i, c] of cases.entries()) {
      const group = c.chat === "group";
      const chat = group ? `55${i}` : `81${i}`;
      const member = `82${i}`;
      if (c.as !== "unregistered") register(db, agency, "zalo", chat, group ? "group" : "private", c.as === "admin" ? "admin" : "focal", t.clock.now());
      const deliver = (send: Send, replyToBot: boolean): void => {
        const m = content(send, code);
        const message: Message = group
          ? groupMessage(chat, member, m.content, { msgType: m.msgType, ...(replyToBot && { quote: quoteOfBot("Trợ lý Kế hoạch") }) })
          : userMessage(chat, m.content, { msgType: m.msgType });
        api.listener.deliver(message);
      };
      for (const [n, step] of (c.before ?? []).entries()) {
        deliver(stepOf(step), n > 0);
        await settle();
      }
      const mark = api.sent.length;
      deliver(c.send, c.reply === true);
      await settle();
      if (asksToReplace(api.sent.at(-1)?.content.msg) && api.sent.length > mark) {
        deliver({ text: REPLACE }, true);
        await settle();
      }
      const sent = api.sent.slice(mark);
      expect(sent.every((s) => s.threadId === chat && s.type === (group ? ThreadType.Group : ThreadType.User)), c.id).toBe(true);
      const replies = sent.map((s) => s.content.msg).filter((m) => m !== "");
      expect(replies.every((r) => r.length <= ZALO_LIMIT), c.id).toBe(true);
      expectDecent(c, replies);
      expectOutcome(c, "zalo", replies);
    }
    expect(zalo.state).toBe("connected");
    expectIntact(db, storesOf(cases, "zalo"));
  }, 120_000);
});
