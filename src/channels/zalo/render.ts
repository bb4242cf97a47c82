/**
 * OutgoingMessage → what is sent on Zalo, in order. Zalo has no buttons, so choices become
 * numbered lines answered with the number or the option's words; long texts are split
 * between lines; a file goes out on its own after the text. Pure, so the limits are tested here.
 */
import type { AttachmentSource } from "zca-js";
import type { Choice, OutgoingFile, OutgoingMessage } from "../../core/messages.js";
import { menuLines } from "../../core/choices.js";
import { texts } from "./texts.js";
import { splitText } from "../../text/split.js";

/** Longer texts are refused or cut by Zalo; 2000 stays clear of both. */
export const TEXT_LIMIT = 2000;

export type Part = { kind: "text"; text: string } | { kind: "file"; file: OutgoingFile };

export function numbered(choices: Choice[], chatKind: "private" | "group"): string {
  const lines = menuLines(choices);
  if (chatKind === "group") lines.push(texts.groupAnswer);
  return lines.join("\n");
}

export function render(message: OutgoingMessage, chatKind: "private" | "group"): Part[] {
  const chunks = splitText(message.text, TEXT_LIMIT);
  const choices = message.choices ?? [];
  if (choices.length > 0) {
    const menu = numbered(choices, chatKind);
    const last = chunks.at(-1);
    // The menu stays with the question it answers when both fit in one message.
    if (last !== undefined && last.length + 2 + menu.length <= TEXT_LIMIT) chunks[chunks.length - 1] = `${last}\n\n${menu}`;
    else chunks.push(...splitText(menu, TEXT_LIMIT));
  }
  const parts: Part[] = chunks.map((text) => ({ kind: "text", text }));
  if (message.file) parts.push({ kind: "file", file: message.file });
  if (parts.length === 0) throw new Error("an outgoing message needs text, choices or a file");
  return parts;
}


const EXTENSION: Record<string, string> = {
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  "application/pdf": "pdf",
  "application/json": "json",
  "text/markdown": "md",
  "text/csv": "csv",
  "text/plain": "txt",
};

/**
 * A file as zca-js uploads it from memory: Zalo picks the upload path from the extension, so
 * a name without one gets the extension of its MIME type.
 */
export function attachmentOf(file: OutgoingFile): Exclude<AttachmentSource, string> {
  const name = file.name.replace(/[\r\n/\\]+/g, " ").trim() || "tep";
  const filename: `${string}.${string}` = /\.[\p{L}\p{N}]+$/u.test(name)
    ? (name as `${string}.${string}`)
    : `${name}.${EXTENSION[file.mime] ?? "bin"}`;
  return { data: file.data, filename, metadata: { totalSize: file.data.length } };
}
