/** A Telegram update → the core's IncomingMessage, or undefined when it is not for the core. */
import type { Chat, Message, MessageEntity, Update, User, UserFromGetMe } from "grammy/types";
import type { Attachment, IncomingMessage } from "../../core/messages.js";

export function toIncoming(update: Update, me: UserFromGetMe): IncomingMessage | undefined {
  const eventId = String(update.update_id);
  if (update.message) return fromMessage(eventId, update.message, me);
  const query = update.callback_query;
  if (query?.data !== undefined && query.message) {
    const kind = chatKind(query.message.chat);
    if (kind === undefined) return undefined;
    return { ...sender(query.message.chat, kind, query.from), eventId, choice: query.data, addressed: true };
  }
  return undefined;
}

/** Nothing the core could read: a location, a poll, a service message. */
export function isEmpty(msg: IncomingMessage): boolean {
  return msg.text === undefined && msg.choice === undefined && (msg.attachments ?? []).length === 0;
}

function fromMessage(eventId: string, message: Message, me: UserFromGetMe): IncomingMessage | undefined {
  const kind = chatKind(message.chat);
  if (kind === undefined || message.from === undefined) return undefined;
  const read = readText(message, me);
  const files = attachments(message);
  return {
    ...sender(message.chat, kind, message.from),
    eventId,
    ...(read.text !== undefined && { text: read.text }),
    ...(files.length > 0 && { attachments: files }),
    addressed: kind === "private" || read.addressed || message.reply_to_message?.from?.id === me.id,
  };
}

function chatKind(chat: Chat): IncomingMessage["chatKind"] | undefined {
  if (chat.type === "private") return "private";
  if (chat.type === "group" || chat.type === "supergroup") return "group";
  return undefined;
}

function sender(chat: Chat, kind: IncomingMessage["chatKind"], from: User) {
  const name = [from.first_name, from.last_name].filter(Boolean).join(" ").trim();
  return {
    channel: "telegram" as const,
    chatId: String(chat.id),
    chatKind: kind,
    userId: String(from.id),
    userName: name || from.username || String(from.id),
  };
}

/**
 * The text as typed, minus Telegram's addressing syntax: "/baocao@kehoach_bot 4" reaches the
 * core as "/baocao 4", and a leading "@kehoach_bot" is dropped, since neither is content.
 */
function readText(message: Message, me: UserFromGetMe): { text?: string; addressed: boolean } {
  const text = message.text ?? message.caption;
  if (text === undefined) return { addressed: false };
  const entities: MessageEntity[] = message.entities ?? message.caption_entities ?? [];
  const handle = `@${me.username}`.toLowerCase();
  let addressed = false;
  let clean = text;
  for (const e of entities) {
    const part = text.slice(e.offset, e.offset + e.length);
    if (e.type === "bot_command" && e.offset === 0) {
      const at = part.indexOf("@");
      if (at === -1) addressed = true;
      else if (part.slice(at).toLowerCase() === handle) {
        addressed = true;
        clean = part.slice(0, at) + text.slice(e.length);
      }
    } else if (e.type === "mention" && part.toLowerCase() === handle) {
      addressed = true;
      if (e.offset === 0) clean = text.slice(e.length).trimStart() || text;
    } else if (e.type === "text_mention" && e.user.id === me.id) {
      addressed = true;
    }
  }
  return { text: clean, addressed };
}

function attachments(m: Message): Attachment[] {
  const out: Attachment[] = [];
  const add = (kind: Attachment["kind"], file: { file_id: string; file_size?: number; file_name?: string }) =>
    out.push({
      kind,
      ref: file.file_id,
      ...(file.file_name !== undefined && { name: file.file_name }),
      ...(file.file_size !== undefined && { size: file.file_size }),
    });
  // Photos come in several sizes of one picture; the largest is the one worth keeping.
  const photo = m.photo?.[m.photo.length - 1];
  if (photo) add("photo", photo);
  // An animation also carries a `document` copy of itself; count it once.
  if (m.animation) add("other", m.animation);
  else if (m.document) add("document", m.document);
  if (m.voice) add("voice", m.voice);
  if (m.sticker) add("sticker", m.sticker);
  for (const media of [m.audio, m.video, m.video_note]) if (media) add("other", media);
  return out;
}
