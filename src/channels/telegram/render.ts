/**
 * OutgoingMessage → the Bot API calls that show it. Pure, so the limits Telegram enforces
 * are tested here rather than discovered as 400s in production.
 */
import { InlineKeyboard } from "grammy";
import type { Choice, OutgoingFile, OutgoingMessage } from "../../core/messages.js";
import { splitText } from "../../text/split.js";

/** Telegram counts these after entity parsing, i.e. on the plain text. */
export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
export const CALLBACK_DATA_LIMIT = 64;

export type Part =
  | { kind: "text"; html: string; keyboard?: InlineKeyboard }
  | { kind: "document"; file: OutgoingFile; caption?: string; keyboard?: InlineKeyboard };

/** The core's text is plain: user input echoed back must never become markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}


/** A task's choice shows the task's number, unless its label already says it. */
function buttonText(choice: Choice): string {
  const { key, label } = choice;
  if (key === undefined || new RegExp(`(?<![\\p{L}\\p{N}])${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}])`, "u").test(label)) return label;
  return `${key}. ${label}`;
}

/** Short labels share a row; long ones (task titles) get a row each so they stay readable. */
export function keyboard(choices: Choice[]): InlineKeyboard {
  const longest = Math.max(...choices.map((c) => [...buttonText(c)].length));
  const perRow = longest <= 12 ? 3 : longest <= 20 ? 2 : 1;
  const kb = new InlineKeyboard();
  choices.forEach((choice, i) => {
    if (choice.label.trim() === "") throw new Error("a choice needs a label");
    // Telegram refuses the whole message for one oversized button, so fail where the bug is.
    if (choice.value === "" || Buffer.byteLength(choice.value, "utf8") > CALLBACK_DATA_LIMIT) {
      throw new Error(`choice value must be 1-${CALLBACK_DATA_LIMIT} bytes: ${JSON.stringify(choice.value)}`);
    }
    if (i > 0 && i % perRow === 0) kb.row();
    kb.text(buttonText(choice), choice.value);
  });
  return kb;
}

export function render(message: OutgoingMessage): Part[] {
  const chunks = splitText(message.text, TEXT_LIMIT);
  const parts: Part[] = [];
  if (message.file) {
    const caption = chunks.length === 1 && chunks[0]!.length <= CAPTION_LIMIT ? chunks[0] : undefined;
    if (caption === undefined) parts.push(...chunks.map((c): Part => ({ kind: "text", html: escapeHtml(c) })));
    parts.push({ kind: "document", file: message.file, ...(caption !== undefined && { caption: escapeHtml(caption) }) });
  } else {
    if (chunks.length === 0) throw new Error("an outgoing message needs text or a file");
    parts.push(...chunks.map((c): Part => ({ kind: "text", html: escapeHtml(c) })));
  }
  if (message.choices && message.choices.length > 0) parts[parts.length - 1]!.keyboard = keyboard(message.choices);
  return parts;
}
