import type { Update, UserFromGetMe } from "grammy/types";
import { describe, expect, it } from "vitest";
import { isEmpty, toIncoming } from "../../../src/channels/telegram/incoming.js";
import { entitiesOf } from "../../support/bot-api-double.js";

const me = { id: 99, is_bot: true, first_name: "Kế hoạch", username: "KeHoach_Bot" } as UserFromGetMe;
const lan = { id: 7, is_bot: false, first_name: "Lan", last_name: "Nguyễn" };
const group = { id: -100, type: "supergroup", title: "Sở TT&TT" };

function groupText(text: string, extra: Record<string, unknown> = {}): Update {
  const entities = entitiesOf(text);
  return { update_id: 5, message: { message_id: 1, date: 0, chat: group, from: lan, text, ...(entities.length > 0 && { entities }), ...extra } } as unknown as Update;
}

describe("toIncoming", () => {
  it("reads a group message addressed by command, mention (any case), text mention or reply", () => {
    const read = (u: Update) => {
      const m = toIncoming(u, me)!;
      return [m.text, m.addressed];
    };
    expect(read(groupText("chào cả nhóm"))).toEqual(["chào cả nhóm", false]);
    expect(read(groupText("/baocao 4"))).toEqual(["/baocao 4", true]);
    expect(read(groupText("/baocao@kehoach_bot 4"))).toEqual(["/baocao 4", true]);
    expect(read(groupText("/baocao@another_bot 4"))).toEqual(["/baocao@another_bot 4", false]);
    expect(read(groupText("@KEHOACH_BOT hạn nhiệm vụ 4"))).toEqual(["hạn nhiệm vụ 4", true]);
    expect(read(groupText("hỏi @kehoach_bot nhé"))).toEqual(["hỏi @kehoach_bot nhé", true]);
    expect(read(groupText("@kehoach_bot"))).toEqual(["@kehoach_bot", true]);
    expect(read(groupText("Kế hoạch ơi", { entities: [{ type: "text_mention", offset: 0, length: 8, user: me }] }))).toEqual(["Kế hoạch ơi", true]);
    expect(read(groupText("đã xong", { reply_to_message: { message_id: 0, date: 0, chat: group, from: me } }))).toEqual(["đã xong", true]);
  });

  it("names the sender, and uses the update id as the event id", () => {
    expect(toIncoming(groupText("x"), me)).toEqual({
      channel: "telegram",
      chatId: "-100",
      chatKind: "group",
      userId: "7",
      userName: "Lan Nguyễn",
      eventId: "5",
      text: "x",
      addressed: false,
    });
  });

  it("turns files into attachments, counting an animation once", () => {
    const msg = (fields: Record<string, unknown>) =>
      toIncoming({ update_id: 1, message: { message_id: 1, date: 0, chat: { id: 7, type: "private", first_name: "Lan" }, from: lan, ...fields } } as unknown as Update, me)!;
    expect(msg({ document: { file_id: "D", file_unique_id: "d", file_name: "kq.pdf", file_size: 10 }, caption: "Kết quả" })).toMatchObject({
      text: "Kết quả",
      attachments: [{ kind: "document", ref: "D", name: "kq.pdf", size: 10 }],
    });
    expect(msg({ voice: { file_id: "V", file_unique_id: "v", duration: 3 } }).attachments).toEqual([{ kind: "voice", ref: "V" }]);
    expect(msg({ sticker: { file_id: "S", file_unique_id: "s", type: "regular", width: 1, height: 1, is_animated: false, is_video: false } }).attachments).toEqual([{ kind: "sticker", ref: "S" }]);
    const gif = { file_id: "G", file_unique_id: "g", file_name: "a.mp4", width: 1, height: 1, duration: 1 };
    expect(msg({ animation: gif, document: gif }).attachments).toEqual([{ kind: "other", ref: "G", name: "a.mp4" }]);
    expect(isEmpty(msg({ location: { latitude: 1, longitude: 2 } }))).toBe(true);
  });

  it("takes a button press from its message's chat, and ignores what is not for the core", () => {
    const press = { update_id: 9, callback_query: { id: "q", from: lan, chat_instance: "c", data: "/tiendo", message: { message_id: 3, date: 1, chat: group } } } as unknown as Update;
    expect(toIncoming(press, me)).toMatchObject({ chatId: "-100", chatKind: "group", userId: "7", choice: "/tiendo", eventId: "9", addressed: true });
    const inline = { update_id: 9, callback_query: { id: "q", from: lan, chat_instance: "c", data: "x", inline_message_id: "i" } } as unknown as Update;
    expect(toIncoming(inline, me)).toBeUndefined();
    const channelPost = { update_id: 9, message: { message_id: 1, date: 0, chat: { id: -5, type: "channel", title: "c" }, text: "x" } } as unknown as Update;
    expect(toIncoming(channelPost, me)).toBeUndefined();
    expect(toIncoming({ update_id: 1, poll: {} } as unknown as Update, me)).toBeUndefined();
  });
});
