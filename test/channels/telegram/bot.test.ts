/** The real grammY bot, long polling against the Bot API double over HTTP. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTelegramChannel, type TelegramChannel } from "../../../src/channels/telegram/bot.js";
import { texts } from "../../../src/channels/telegram/texts.js";
import { type Address, type IncomingMessage, type OutgoingMessage, RecipientGoneError } from "../../../src/core/messages.js";
import { BotApiDouble } from "../../support/bot-api-double.js";
import { echo, FakeBrain, memoryLog } from "./harness.js";

let api: BotApiDouble;
let tg: TelegramChannel | undefined;
let logs: ReturnType<typeof memoryLog>;

beforeEach(async () => {
  api = await BotApiDouble.start();
  logs = memoryLog();
});

afterEach(async () => {
  await tg?.stop();
  tg = undefined;
  await api.close();
  expect(logs.text()).not.toContain(api.token.split(":")[1]);
});

async function startBot(brain: FakeBrain = new FakeBrain()): Promise<FakeBrain> {
  tg = createTelegramChannel({ token: api.token, apiRoot: `${api.apiRoot}/`, brain, log: logs.log });
  await tg.start();
  return brain;
}

const privateChat = (chatId: number): Address => ({ channel: "telegram", chatId: String(chatId), chatKind: "private" });

describe("telegram channel, long polling", () => {
  it("starts polling for messages, edits and button presses without dropping pending updates", async () => {
    api.pushText(42, "sent while the bot was down");
    await startBot();
    await api.waitForDeliveries(42);
    const first = api.callsOf("getUpdates")[0]!;
    expect(first.params.allowed_updates).toEqual(["message", "edited_message", "callback_query"]);
    expect(api.callsOf("deleteWebhook")[0]!.params.drop_pending_updates).not.toBe(true);
  });

  it("answers a text with an HTML-escaped reply, after a typing indicator", async () => {
    const brain = await startBot();
    const updateId = api.pushText(42, "<b>x</b> & y");
    const [reply] = await api.waitForDeliveries(42);
    expect(reply!.text).toBe("Quý đơn vị viết: <b>x</b> & y");
    expect(reply!.html).toBe("Quý đơn vị viết: &lt;b&gt;x&lt;/b&gt; &amp; y");
    expect(api.callsOf("sendMessage")[0]!.params.parse_mode).toBe("HTML");

    const msg = brain.seen[0]!;
    expect(msg).toMatchObject({
      channel: "telegram",
      chatId: "42",
      chatKind: "private",
      userId: "42",
      userName: "Cán bộ 42",
      eventId: String(updateId),
      text: "<b>x</b> & y",
      addressed: true,
    });
    // A quick reply needs no "typing" indicator.
    expect(api.callsOf("sendChatAction")).toEqual([]);
  });

  it("shows the typing indicator while a slow reply is being prepared", async () => {
    await startBot(new FakeBrain(echo, 900));
    api.pushText(42, "câu hỏi cần suy nghĩ");
    await api.waitForDeliveries(42);
    const methods = api.calls.map((c) => c.method).filter((m) => m === "sendChatAction" || m === "sendMessage");
    expect(methods).toEqual(["sendChatAction", "sendMessage"]);
    expect(api.callsOf("sendChatAction")[0]!.params.action).toBe("typing");
  });

  it("splits a long reply into messages under 4096 characters at line ends", async () => {
    const lines = Array.from({ length: 300 }, (_, i) => `${i + 1}. Sở Thông tin và Truyền thông báo cáo <kết quả> & tiến độ`);
    const long = lines.join("\n");
    await startBot(new FakeBrain(() => [{ text: long }]));
    api.pushText(42, "/tonghop");
    const replies = await api.waitFor(() => {
      const sent = api.sentTo(42);
      return sent.map((d) => d.text).join("\n").length >= long.length && sent;
    });
    expect(replies.length).toBeGreaterThan(1);
    for (const r of replies) expect(r.text.length).toBeLessThanOrEqual(4096);
    expect(replies.map((r) => r.text).join("\n")).toBe(long);
  });

  it("renders choices as an inline keyboard; a press is answered and reaches the brain as a choice", async () => {
    const brain = await startBot();
    api.pushText(42, "báo cáo");
    const [offer] = await api.waitForDeliveries(42);
    expect(offer!.replyMarkup).toEqual({
      inline_keyboard: [
        [
          { text: "Hoàn thành", callback_data: "/baocao 4" },
          { text: "Đang thực hiện", callback_data: "dang_thuc_hien" },
        ],
      ],
    });

    const { updateId, queryId } = api.pushCallback(offer!, "/baocao 4");
    const [, chosen] = await api.waitForDeliveries(42, 2);
    expect(chosen!.text).toBe("Đã chọn: /baocao 4");
    expect(api.queryAnswered(queryId)).toBe(true);
    expect(brain.seen[1]).toMatchObject({ chatId: "42", userId: "42", choice: "/baocao 4", eventId: String(updateId), addressed: true });
    expect(brain.seen[1]!.text).toBeUndefined();
    // The keyboard is taken off the pressed message so the same step is not answered twice.
    await api.waitFor(() => api.callsOf("editMessageReplyMarkup")[0]);
    expect(offer!.currentMarkup).toBeUndefined();
  });

  it("passes a photo and its caption to the brain as an attachment", async () => {
    const brain = await startBot();
    api.pushPhoto(42, { caption: "Ảnh hội nghị", fileId: "AgACphoto", size: 204_800 });
    await api.waitForDeliveries(42);
    expect(brain.seen[0]).toMatchObject({
      text: "Ảnh hội nghị",
      attachments: [{ kind: "photo", ref: "AgACphoto", size: 204_800 }],
    });
  });

  it("registers the Vietnamese command menu", async () => {
    await startBot();
    expect(api.commands.map((c) => c.command)).toEqual([
      "start", "help", "nhiemvu", "baocao", "hoi", "huy", "nhacnho", "tonghop", "moi", "tiendo",
    ]);
    expect(api.commands.find((c) => c.command === "baocao")!.description).toBe("Báo cáo tiến độ thực hiện");
  });

  it("keeps running when setMyCommands and sendChatAction are missing on the server", async () => {
    api.remove("setMyCommands");
    api.remove("sendChatAction");
    await startBot(new FakeBrain(echo, 900));
    api.pushText(42, "xin chào");
    const [reply] = await api.waitForDeliveries(42);
    expect(reply!.text).toBe("Quý đơn vị viết: xin chào");
    const warnings = logs.entries().filter((e) => e.level === 40).map((e) => e.msg);
    expect(warnings).toEqual(expect.arrayContaining([expect.stringContaining("setMyCommands"), expect.stringContaining("sendChatAction")]));
  });

  it("survives a 429 with retry_after and a 500 on sendMessage and delivers the reply exactly once", async () => {
    api.fail("sendMessage", { error: 429, retryAfter: 1 }, { error: 500 });
    await startBot();
    api.pushText(42, "tiến độ nhiệm vụ 4");
    await api.waitForDeliveries(42, 1, 15_000);
    expect(api.callsOf("sendMessage").map((c) => c.errorCode ?? 200)).toEqual([429, 500, 200]);
    api.pushText(42, "tiếp");
    await api.waitForDeliveries(42, 2);
    expect(api.sentTo(42).map((d) => d.text)).toEqual(["Quý đơn vị viết: tiến độ nhiệm vụ 4", "Quý đơn vị viết: tiếp"]);
    expect(api.duplicates()).toBe(0);
  }, 20_000);

  it("apologizes in Vietnamese when the brain fails, logs the error, and keeps polling", async () => {
    await startBot(
      new FakeBrain((msg) => {
        if (msg.text === "hỏng") throw new Error("database is locked");
        return echo(msg);
      }),
    );
    const failing = api.pushText(42, "hỏng");
    const [apology] = await api.waitForDeliveries(42);
    expect(apology!.text).toBe(texts.apology);
    api.pushText(42, "thử lại");
    const [, next] = await api.waitForDeliveries(42, 2);
    expect(next!.text).toBe("Quý đơn vị viết: thử lại");
    const error = logs.entries().find((e) => e.level === 50)!;
    expect(error).toMatchObject({ update_id: failing, chat_id: 42, err: { message: "database is locked" } });
  });

  it("ignores update types it did not ask for, and notes an edited message once", async () => {
    const brain = await startBot();
    api.push({ poll: { id: "p1", question: "?", options: [], total_voter_count: 0, is_closed: false } });
    api.pushEdit(42, 7, "sửa lần 1");
    api.pushEdit(42, 7, "sửa lần 2");
    api.pushText(42, "tin mới");
    const sent = await api.waitForDeliveries(42, 2);
    expect(sent.map((d) => d.text)).toEqual([texts.editIgnored, "Quý đơn vị viết: tin mới"]);
    expect(brain.seen.map((m) => m.text)).toEqual(["tin mới"]);
  });

  it("tells a private user it cannot read a location, and stays silent in a group", async () => {
    const brain = await startBot();
    api.pushMessage(-100, { location: { latitude: 15.1, longitude: 108.8 } }, api.user(7));
    api.pushMessage(42, { location: { latitude: 15.1, longitude: 108.8 } });
    const [note] = await api.waitForDeliveries(42);
    expect(note!.text).toBe(texts.unsupported);
    expect(api.sentTo(-100)).toEqual([]);
    expect(brain.seen).toEqual([]);
  });

  it("in a group, addresses only commands, replies to the bot and mentions", async () => {
    const brain = await startBot();
    const member = api.user(7, "Lan");
    api.pushText(-100, "chào cả nhóm", { from: member });
    api.pushText(-100, "/start@other_bot", { from: member });
    api.pushText(-100, "/nhiemvu@kehoach_test_bot", { from: member });
    const [first] = await api.waitForDeliveries(-100);
    api.pushText(-100, "đã xong", { from: member, replyTo: first! });
    api.pushText(-100, "@kehoach_test_bot hạn nhiệm vụ 4?", { from: member });
    await api.waitForDeliveries(-100, 3);
    const seen = brain.seen.map((m: IncomingMessage) => [m.text, m.addressed, m.chatKind, m.userId]);
    expect(seen).toEqual([
      ["chào cả nhóm", false, "group", "7"],
      ["/start@other_bot", false, "group", "7"],
      ["/nhiemvu", true, "group", "7"],
      ["đã xong", true, "group", "7"],
      ["hạn nhiệm vụ 4?", true, "group", "7"],
    ]);
    expect(api.callsOf("sendChatAction")).toHaveLength(0);

    // A press in a group is answered but leaves the keyboard for the other members.
    const { queryId } = api.pushCallback(first!, "/baocao 4", member);
    await api.waitForDeliveries(-100, 4);
    expect(api.queryAnswered(queryId)).toBe(true);
    expect(brain.seen[5]).toMatchObject({ chatId: "-100", userId: "7", choice: "/baocao 4", addressed: true });
    expect(api.callsOf("editMessageReplyMarkup")).toEqual([]);
  });

  it("confirms handled updates on stop, so a restarted bot does not see them again", async () => {
    const first = await startBot();
    api.pushText(42, "một");
    await api.waitForDeliveries(42);
    await tg!.stop();
    expect(api.pendingCount).toBe(0);
    expect(first.seen).toHaveLength(1);

    const second = await startBot();
    api.pushText(42, "hai");
    await api.waitForDeliveries(42, 2);
    expect(second.seen.map((m) => m.text)).toEqual(["hai"]);
  });
});

describe("telegram channel, proactive sends", () => {
  it.each([
    [403, "Forbidden: bot was blocked by the user"],
    [403, "Forbidden: user is deactivated"],
    [400, "Bad Request: chat not found"],
  ])("maps %i %s to RecipientGoneError", async (code, description) => {
    await startBot();
    api.block(77, { code, description });
    const sending = tg!.channel.send(privateChat(77), { text: "Nhắc hạn nhiệm vụ 4" });
    await expect(sending).rejects.toBeInstanceOf(RecipientGoneError);
    await expect(sending).rejects.toMatchObject({ address: privateChat(77) });
  });

  it("sends a file with sendDocument, its name and bytes intact, choices on the document", async () => {
    await startBot();
    const data = Buffer.from("PK\u0003\u0004 nội dung báo cáo", "utf8");
    const message: OutgoingMessage = {
      text: "Dự thảo báo cáo quý I/2024 & phụ lục",
      file: { name: "Báo cáo quý I-2024.docx", mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", data },
      choices: [{ label: "Gửi lại", value: "/tonghop 2024-Q1" }],
    };
    await tg!.channel.send({ channel: "telegram", chatId: "-100", chatKind: "group" }, message);
    const [doc] = api.sentTo(-100);
    expect(doc!.method).toBe("sendDocument");
    expect(doc!.text).toBe("Dự thảo báo cáo quý I/2024 & phụ lục");
    expect(doc!.document!.name).toBe("Báo cáo quý I-2024.docx");
    expect(doc!.document!.bytes.equals(data)).toBe(true);
    expect(doc!.replyMarkup).toEqual({ inline_keyboard: [[{ text: "Gửi lại", callback_data: "/tonghop 2024-Q1" }]] });
  });

  it("gives an invite deep link with the bot's username", async () => {
    await startBot();
    expect(tg!.inviteLink("Ab3_x-9")).toBe("https://t.me/kehoach_test_bot?start=Ab3_x-9");
    expect(tg!.inviteLink("có dấu")).toBeUndefined();
  });
});
