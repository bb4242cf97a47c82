/**
 * A zca-js UserMessage/GroupMessage → the core's IncomingMessage. Zalo has no bot commands or
 * buttons: a command is text starting with "/", a choice is typed (the core maps a number or an
 * option's words to the offered choice), and in a group the bot is addressed by a command, by
 * replying (quoting) one of its own messages, or by mentioning its account.
 */
import { ThreadType, type Message, type TMention } from "zca-js";
import type { Attachment, IncomingMessage } from "../../core/messages.js";

/** @param ownId the bot's own Zalo user id */
export function toIncoming(message: Message, ownId: string): IncomingMessage | undefined {
  if (message.isSelf) return undefined;
  const data = message.data;
  const eventId = data.msgId || (data.cliMsgId ? `c${data.cliMsgId}` : "");
  if (!eventId || !message.threadId || !data.uidFrom) return undefined;
  const group = message.type === ThreadType.Group;
  const { text, attachments } = readContent(data.msgType, data.content);
  const mentions = message.type === ThreadType.Group ? (message.data.mentions ?? []) : [];
  const mentioned = mentions.some((m) => m.uid === ownId);
  const cleaned = text === undefined ? undefined : withoutLeadingMention(text, mentions, ownId);
  const command = cleaned?.trimStart().startsWith("/") ?? false;
  // Zalo sends `quote: null` as well as leaving it out.
  const repliedTo = data.quote != null && String(data.quote.ownerId) === ownId;
  return {
    channel: "zalo",
    chatId: message.threadId,
    chatKind: group ? "group" : "private",
    userId: data.uidFrom,
    userName: data.dName?.trim() || data.uidFrom,
    eventId,
    ...(cleaned !== undefined && { text: cleaned }),
    ...(attachments.length > 0 && { attachments }),
    addressed: !group || command || mentioned || repliedTo,
  };
}

/** Nothing the core could read: a location, a contact card, a poll. */
export function isEmpty(msg: IncomingMessage): boolean {
  return msg.text === undefined && (msg.attachments ?? []).length === 0;
}

/** "@Trợ lý Kế hoạch /baocao" reaches the core as "/baocao"; a mention elsewhere stays as written. */
function withoutLeadingMention(text: string, mentions: TMention[], ownId: string): string {
  const lead = mentions.find((m) => m.uid === ownId && m.pos === 0);
  if (!lead) return text;
  return text.slice(lead.len).trimStart() || text;
}

type Content = Message["data"]["content"];

function readContent(msgType: string, content: Content): { text?: string; attachments: Attachment[] } {
  if (typeof content === "string") return { text: content, attachments: [] };
  const str = (key: string): string | undefined => {
    const v = (content as Record<string, unknown>)[key];
    return typeof v === "string" && v.trim() !== "" ? v : undefined;
  };
  const href = str("href");
  const title = str("title");
  switch (msgType) {
    case "chat.photo":
      return { ...(title !== undefined && { text: title }), attachments: href ? [{ kind: "photo", ref: href }] : [] };
    case "share.file": {
      const size = Number(params(str("params")).fileSize);
      const file: Attachment | undefined = href
        ? { kind: "document", ref: href, ...(title !== undefined && { name: title }), ...(size > 0 && { size }) }
        : undefined;
      return { attachments: file ? [file] : [] };
    }
    case "chat.voice":
      return { attachments: href ? [{ kind: "voice", ref: href }] : [] };
    case "chat.sticker":
      return { attachments: [{ kind: "sticker", ref: String((content as Record<string, unknown>).id ?? "sticker") }] };
    case "chat.video.msg":
    case "chat.gif":
      return { attachments: href ? [{ kind: "other", ref: href }] : [] };
    // A shared link arrives as a card; its address is what a report wants as evidence.
    case "chat.recommended":
    case "chat.link":
      return href ? { text: [title, href].filter(Boolean).join("\n"), attachments: [] } : { attachments: [] };
    default:
      return { attachments: [] };
  }
}

function params(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
