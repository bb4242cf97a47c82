import { describe, expect, it } from "vitest";
import { UserMessage } from "zca-js";
import { isEmpty, toIncoming } from "../../../src/channels/zalo/incoming.js";
import { BOT_ID, groupMessage, quoteOfBot, userMessage } from "./fake.js";

describe("zalo incoming", () => {
  it("reads a private text: the thread is the user, always addressed, the event is the msgId", () => {
    const m = userMessage("111", "Xin chào", { name: "Nguyễn Văn A" });
    expect(toIncoming(m, BOT_ID)).toEqual({
      channel: "zalo",
      chatId: "111",
      chatKind: "private",
      userId: "111",
      userName: "Nguyễn Văn A",
      eventId: m.data.msgId,
      text: "Xin chào",
      addressed: true,
    });
  });

  it("reads a message whose payload says quote: null (issue 15, item 6)", () => {
    const m = userMessage("111", "Báo cáo");
    (m.data as { quote: unknown }).quote = null;
    expect(toIncoming(m, BOT_ID)).toMatchObject({ chatId: "111", text: "Báo cáo", addressed: true });
    const g = groupMessage("g1", "222", "@Trợ lý báo cáo");
    (g.data as { quote: unknown }).quote = null;
    expect(() => toIncoming(g, BOT_ID)).not.toThrow();
  });

  it("falls back to cliMsgId when Zalo gives no msgId", () => {
    const m = userMessage("111", "1");
    m.data.msgId = "";
    expect(toIncoming(m, BOT_ID)?.eventId).toBe(`c${m.data.cliMsgId}`);
  });

  it("ignores the account's own messages", () => {
    const own = new UserMessage(BOT_ID, { ...userMessage("111", "x").data, uidFrom: "0", idTo: "111" });
    expect(own.isSelf).toBe(true);
    expect(toIncoming(own, BOT_ID)).toBeUndefined();
  });

  it("in a group, reacts to commands, mentions of the bot and replies to its messages only", () => {
    const at = (m: ReturnType<typeof groupMessage>) => toIncoming(m, BOT_ID)!;
    const plain = at(groupMessage("g1", "222", "Chào cả nhóm"));
    expect(plain).toMatchObject({ chatId: "g1", chatKind: "group", userId: "222", addressed: false });
    expect(at(groupMessage("g1", "222", "/nhiemvu")).addressed).toBe(true);

    const mention = at(groupMessage("g1", "222", "@Trợ lý Kế hoạch /baocao", { mentions: [{ uid: BOT_ID, pos: 0, len: 16, type: 0 }] }));
    expect(mention).toMatchObject({ addressed: true, text: "/baocao" });
    const inside = at(groupMessage("g1", "222", "Nhờ @Trợ lý Kế hoạch xem giúp", { mentions: [{ uid: BOT_ID, pos: 4, len: 16, type: 0 }] }));
    expect(inside).toMatchObject({ addressed: true, text: "Nhờ @Trợ lý Kế hoạch xem giúp" });

    expect(at(groupMessage("g1", "222", "@Lan xem nhé", { mentions: [{ uid: "333", pos: 0, len: 4, type: 0 }] })).addressed).toBe(false);
    expect(at(groupMessage("g1", "222", "@All họp lúc 9h", { mentions: [{ uid: "-1", pos: 0, len: 4, type: 1 }] })).addressed).toBe(false);

    expect(at(groupMessage("g1", "222", "1", { quote: quoteOfBot("Trả lời 1, 2 hoặc 3.") })).addressed).toBe(true);
    expect(at(groupMessage("g1", "222", "1", { quote: { ...quoteOfBot("x"), ownerId: "333" } })).addressed).toBe(false);
  });

  it("turns photos, files, stickers and link cards into what the core reads", () => {
    const photo = toIncoming(
      userMessage("111", { title: "Ảnh hội nghị", description: "", href: "https://photo.zdn.vn/a.jpg", thumb: "", childnumber: 0, action: "", params: "{}", type: "" }, { msgType: "chat.photo" }),
      BOT_ID,
    )!;
    expect(photo).toMatchObject({ text: "Ảnh hội nghị", attachments: [{ kind: "photo", ref: "https://photo.zdn.vn/a.jpg" }] });

    const file = toIncoming(
      userMessage(
        "111",
        { title: "Bao cao Q1.docx", description: "", href: "https://f.zdn.vn/b.docx", thumb: "", childnumber: 0, action: "", params: '{"fileSize":"20480","fileExt":"docx"}', type: "" },
        { msgType: "share.file" },
      ),
      BOT_ID,
    )!;
    expect(file.text).toBeUndefined();
    expect(file.attachments).toEqual([{ kind: "document", ref: "https://f.zdn.vn/b.docx", name: "Bao cao Q1.docx", size: 20480 }]);

    const sticker = toIncoming(userMessage("111", { id: 123, catId: 1, type: 7 }, { msgType: "chat.sticker" }), BOT_ID)!;
    expect(sticker.attachments).toEqual([{ kind: "sticker", ref: "123" }]);
    expect(isEmpty(sticker)).toBe(false);

    const link = toIncoming(
      userMessage("111", { title: "Tin bài", description: "", href: "https://baoquangngai.vn/tin", thumb: "", childnumber: 0, action: "", params: "", type: "" }, { msgType: "chat.recommended" }),
      BOT_ID,
    )!;
    expect(link.text).toBe("Tin bài\nhttps://baoquangngai.vn/tin");

    const location = toIncoming(userMessage("111", { lat: 15.1, lng: 108.8 }, { msgType: "chat.location.new" }), BOT_ID)!;
    expect(isEmpty(location)).toBe(true);
  });
});
