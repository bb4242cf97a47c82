/**
 * OutgoingMessage → the Bot API calls that show it. Pure, so the limits Telegram enforces
 * are tested here rather than discovered as 400s in production.
 */
import { InlineKeyboard } from "grammy";
import type { Choice, OutgoingFile, OutgoingMessage } from "../../core/messages.js";

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

/** Splits between lines so a list item or a report paragraph is never cut in the middle. */
export function splitText(text: string, limit = TEXT_LIMIT): string[] {
  const chunks: string[] = [];
  let current: string | undefined;
  const flush = () => {
    const chunk = current?.replace(/^\n+|\n+$/g, "");
    if (chunk !== undefined && chunk.trim() !== "") chunks.push(chunk);
    current = undefined;
  };
  for (const line of text.split("\n")) {
    for (const piece of line.length <= limit ? [line] : cutLine(line, limit)) {
      if (current === undefined) current = piece;
      else if (current.length + 1 + piece.length <= limit) current += `\n${piece}`;
      else {
        flush();
        current = piece;
      }
    }
  }
  flush();
  return chunks;
}

/** A single line over the limit is cut at a space, or hard when it has none. */
function cutLine(line: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > limit) {
    const space = rest.lastIndexOf(" ", limit);
    if (space > 0) {
      pieces.push(rest.slice(0, space));
      rest = rest.slice(space + 1);
    } else {
      const high = rest.charCodeAt(limit - 1);
      const cut = high >= 0xd800 && high <= 0xdbff ? limit - 1 : limit; // keep a surrogate pair whole
      pieces.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
  }
  pieces.push(rest);
  return pieces;
}

/** Short labels share a row; long ones (task titles) get a row each so they stay readable. */
export function keyboard(choices: Choice[]): InlineKeyboard {
  const longest = Math.max(...choices.map((c) => [...c.label].length));
  const perRow = longest <= 12 ? 3 : longest <= 20 ? 2 : 1;
  const kb = new InlineKeyboard();
  choices.forEach((choice, i) => {
    if (choice.label.trim() === "") throw new Error("a choice needs a label");
    // Telegram refuses the whole message for one oversized button, so fail where the bug is.
    if (choice.value === "" || Buffer.byteLength(choice.value, "utf8") > CALLBACK_DATA_LIMIT) {
      throw new Error(`choice value must be 1-${CALLBACK_DATA_LIMIT} bytes: ${JSON.stringify(choice.value)}`);
    }
    if (i > 0 && i % perRow === 0) kb.row();
    kb.text(choice.label, choice.value);
  });
  return kb;
}

export function render(message: OutgoingMessage): Part[] {
  const chunks = splitText(message.text);
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
