/**
 * The Zalo service double against the real zca-js: login, the websocket listener, sends and
 * uploads all run zca-js's own code; only Zalo's servers are local.
 */
import { once } from "node:events";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GroupMessage, ThreadType, UserMessage, Zalo, ZaloApiError, type API, type Message } from "zca-js";
import { BOT_ID } from "./fake.js";
import { until } from "../../support/until.js";
import { wireGroupMessage, wireUserMessage, ZaloServiceDouble } from "./service-double.js";

const USER = "8000000000000000001";
const GROUP = "9000000000000000001";

let double: ZaloServiceDouble;
let api: API | undefined;

const login = () => new Zalo({ polyfill: double.fetch, checkUpdate: false, selfListen: false, logging: false }).login(double.credentials());

/** Logs in and opens the websocket, as the channel's supervisor does (no zca-js retries). */
async function connect(): Promise<API> {
  api = await login();
  const connection = double.nextConnection();
  const connected = once(api.listener, "connected");
  api.listener.start({ retryOnClose: false });
  await Promise.all([connection, connected, once(api.listener, "cipher_key")]);
  return api;
}

beforeEach(async () => {
  double = new ZaloServiceDouble();
  await double.start();
  api = undefined;
});
afterEach(async () => {
  api?.listener.stop();
  await double.stop();
});

describe("Zalo service double: login", () => {
  it("lets the real Zalo.login() in with its credentials", async () => {
    api = await login();
    expect(api.getOwnId()).toBe(BOT_ID);
    expect(double.logins).toBe(1);
    expect(double.calls.map((c) => c.path)).toEqual(["/api/login/getLoginInfo", "/api/login/getServerInfo"]);
    expect(double.unhandled).toEqual([]);
  });

  it("refuses an expired session and reports getServerInfo's 5xx", async () => {
    double.expireSession();
    await expect(login()).rejects.toThrow("Đăng nhập thất bại");
    await double.stop();
    double = new ZaloServiceDouble();
    await double.start();
    double.serverInfoStatus = 503;
    await expect(login()).rejects.toThrow("Failed to fetch server info: Service Unavailable");
  });

  it("renews the session cookie on keepAlive; later calls carry it", async () => {
    api = await login();
    await api.keepAlive();
    const cookies = api.getCookie().toJSON()?.cookies ?? [];
    expect(cookies.find((c) => c.key === "zpw_sek")?.value).toBe("sek-2");
    await api.sendMessage("xin chào", USER);
    expect(double.calls.at(-1)?.cookie).toContain("zpw_sek=sek-2");
    double.expireSession();
    await expect(api.keepAlive()).rejects.toMatchObject({ code: 600 });
  });
});

describe("Zalo service double: websocket", () => {
  it("delivers a pushed user message as a zca-js UserMessage", async () => {
    const api = await connect();
    expect(double.accepted[0]?.cookie).toContain("zpw_sek=sek-1");
    const arrived = once(api.listener, "message") as Promise<[Message]>;
    double.pushUserMessage(USER, "Báo cáo tuần này");
    const [message] = await arrived;
    expect(message).toBeInstanceOf(UserMessage);
    expect(message.data.content).toBe("Báo cáo tuần này");
    expect(message.data.uidFrom).toBe(USER);
    expect(message.threadId).toBe(USER);
    expect(message.isSelf).toBe(false);

    const group = once(api.listener, "message") as Promise<[Message]>;
    double.pushGroupMessage(GROUP, USER, "Trong nhóm");
    const [inGroup] = await group;
    expect(inGroup).toBeInstanceOf(GroupMessage);
    expect(inGroup.threadId).toBe(GROUP);
  });

  it("drop() ends the socket abnormally: disconnected and closed with 1006", async () => {
    const api = await connect();
    const disconnected = once(api.listener, "disconnected");
    const closed = once(api.listener, "closed");
    double.drop();
    expect((await disconnected)[0]).toBe(1006);
    expect((await closed)[0]).toBe(1006);

    const connection = double.nextConnection();
    api.listener.start({ retryOnClose: false });
    await connection;
    expect(double.connections).toBe(2);
    const again = once(api.listener, "closed");
    double.close(3000);
    expect((await again)[0]).toBe(3000);
  });

  it("answers requestOldMessages with the queued old messages", async () => {
    const api = await connect();
    double.queueOld(ThreadType.User, wireUserMessage(USER, "cũ 1"), wireUserMessage(USER, "cũ 2"));
    double.queueOld(ThreadType.Group, wireGroupMessage(GROUP, USER, "cũ nhóm"));
    const users = once(api.listener, "old_messages") as Promise<[Message[], ThreadType]>;
    api.listener.requestOldMessages(ThreadType.User);
    const [msgs, type] = await users;
    expect(type).toBe(ThreadType.User);
    expect(msgs.map((m) => m.data.content)).toEqual(["cũ 1", "cũ 2"]);
    const groups = once(api.listener, "old_messages") as Promise<[Message[], ThreadType]>;
    api.listener.requestOldMessages(ThreadType.Group, "123");
    expect((await groups)[0].map((m) => m.threadId)).toEqual([GROUP]);
    expect(double.requests).toEqual([
      { type: ThreadType.User, lastId: null },
      { type: ThreadType.Group, lastId: "123" },
    ]);
  });

  it("echoes own sends with uidFrom 0, which selfListen: false drops", async () => {
    const api = await connect();
    double.echoSends = true;
    const next = once(api.listener, "message") as Promise<[Message]>;
    await api.sendMessage("của bot", USER);
    double.pushUserMessage(USER, "của người dùng");
    expect((await next)[0].data.content).toBe("của người dùng");
  });
});

describe("Zalo service double: sending", () => {
  it("records a sent text with its thread and returns Zalo's msgId", async () => {
    api = await login();
    const res = await api.sendMessage("xin chào", USER);
    expect(double.sent).toHaveLength(1);
    expect(double.sent[0]).toMatchObject({ threadId: USER, type: ThreadType.User, text: "xin chào", attachments: [] });
    expect(res).toEqual({ message: { msgId: double.sent[0]?.msgId }, attachment: [] });

    const quoted = wireGroupMessage(GROUP, USER, "câu hỏi");
    await api.sendMessage({ msg: "trả lời", quote: quoted }, GROUP, ThreadType.Group);
    expect(double.sent[1]).toMatchObject({ threadId: GROUP, type: ThreadType.Group, text: "trả lời", quote: { msgId: quoted.msgId, owner: USER, text: "câu hỏi" } });
  });

  it("answers each send as told: error codes, no msgId, 5xx, hang until released", async () => {
    api = await login();
    double.queueSend({ error: 123 }, { error: 221 }, "no-msgid", { status: 502 }, "hang");
    const first = await api.sendMessage("1", USER).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ZaloApiError);
    expect(first).toMatchObject({ code: 123 });
    await expect(api.sendMessage("2", USER)).rejects.toMatchObject({ code: 221 });
    expect(await api.sendMessage("3", USER)).toEqual({ message: null, attachment: [] });
    await expect(api.sendMessage("4", USER)).rejects.toThrow("Request failed with status code 502");
    let settled = false;
    const hung = api.sendMessage("5", USER).finally(() => (settled = true));
    await until(() => double.hanging === 1, 2_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    double.release();
    expect((await hung).message?.msgId).toBe(double.sent.at(-1)?.msgId);
    expect(double.sendAttempts).toBe(5);
    expect(double.sent.map((s) => s.text)).toEqual(["3", "5"]);
  });

  it("a file send waits for file_done on the websocket and completes when it comes", async () => {
    const api = await connect();
    double.fileDone = false;
    const file = { data: Buffer.from("%PDF-1.4 báo cáo"), filename: "bao-cao.pdf" as const, metadata: { totalSize: 19 } };
    let settled = false;
    const sending = api.sendMessage({ msg: "", attachments: [file] }, USER).finally(() => (settled = true));
    await until(() => double.uploads.length === 1, 2_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    expect(double.sent).toEqual([]);
    expect([...api.getContext().uploadCallbacks.keys()]).toEqual([double.uploads[0]?.fileId]);

    double.completeUpload();
    const res = await sending;
    expect(res.attachment).toEqual([{ msgId: double.sent[0]?.msgId }]);
    expect(double.sent[0]).toMatchObject({ threadId: USER, text: "", attachments: [{ fileName: "bao-cao.pdf", fileId: double.uploads[0]?.fileId }] });
    expect(api.getContext().uploadCallbacks.size).toBe(0);

    double.fileDone = true;
    const auto = await api.sendMessage({ msg: "", attachments: [{ ...file, filename: "ke-hoach.xlsx" }] }, GROUP, ThreadType.Group);
    expect(auto.attachment).toHaveLength(1);
    expect(double.sent[1]).toMatchObject({ threadId: GROUP, type: ThreadType.Group, attachments: [{ fileName: "ke-hoach.xlsx" }] });
  });

  it("sends a photo without waiting for the websocket", async () => {
    api = await login();
    const photo = { data: Buffer.from([0x89, 0x50, 0x4e, 0x47]), filename: "bieu-do.png" as const, metadata: { totalSize: 4, width: 10, height: 10 } };
    const res = await api.sendMessage({ msg: "Biểu đồ", attachments: [photo] }, USER);
    expect(res.attachment).toHaveLength(1);
    expect(double.sent[0]).toMatchObject({ text: "Biểu đồ", attachments: [{ photoId: expect.any(String) }] });
  });

  it("answers unknown APIs 404 and records them", async () => {
    api = await login();
    await expect(api.getAllFriends()).rejects.toThrow("Request failed with status code 404");
    expect(double.unhandled).toHaveLength(1);
    expect(double.unhandled[0]).toContain("tt-profile-wpa.chat.zalo.me");
  });
});
