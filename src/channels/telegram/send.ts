import { type Api, InputFile } from "grammy";
import type { OutgoingMessage } from "../../core/messages.js";
import { render } from "./render.js";

/** Shows one OutgoingMessage in a chat, its parts strictly in order. */
export async function deliver(api: Api, chatId: string, message: OutgoingMessage): Promise<void> {
  for (const part of render(message)) {
    if (part.kind === "text") {
      await api.sendMessage(chatId, part.html, {
        parse_mode: "HTML",
        reply_markup: part.keyboard,
        // Evidence links in reports would otherwise each unfurl into a large preview.
        link_preview_options: { is_disabled: true },
      });
    } else {
      // grammY refuses line breaks in a multipart file name; a name is not worth an error.
      const name = part.file.name.replace(/[\r\n"]+/g, " ");
      await api.sendDocument(chatId, new InputFile(part.file.data, name), {
        caption: part.caption,
        parse_mode: "HTML",
        reply_markup: part.keyboard,
      });
    }
  }
}
