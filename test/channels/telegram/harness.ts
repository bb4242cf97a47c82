/** What the Telegram tests share: a fake brain, a log kept in memory, a free port. */
import { createServer } from "node:net";
import pino from "pino";
import type { IncomingMessage, OutgoingMessage } from "../../../src/core/messages.js";
import type { Logger } from "../../../src/log.js";

/** Stands in for the core: records what arrives and answers with what the test scripts. */
export class FakeBrain {
  readonly seen: IncomingMessage[] = [];
  constructor(
    private readonly reply: (msg: IncomingMessage) => OutgoingMessage[] = echo,
    /** How long each answer takes: a slow one shows the "typing" indicator. */
    private readonly delayMs = 0,
  ) {}
  async handle(msg: IncomingMessage): Promise<OutgoingMessage[]> {
    this.seen.push(msg);
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    return this.reply(msg);
  }
}

/** Echoes text and offers two choices; reports a pressed choice or received files. */
export function echo(msg: IncomingMessage): OutgoingMessage[] {
  if (!msg.addressed) return [];
  if (msg.choice !== undefined) return [{ text: `Đã chọn: ${msg.choice}` }];
  if (msg.attachments) return [{ text: `Đã nhận ${msg.attachments.length} tệp` }];
  return [
    {
      text: `Quý đơn vị viết: ${msg.text ?? ""}`,
      choices: [
        { label: "Hoàn thành", value: "/baocao 4" },
        { label: "Đang thực hiện", value: "dang_thuc_hien" },
      ],
    },
  ];
}

export function memoryLog(): { log: Logger; text(): string; entries(): Record<string, unknown>[] } {
  const lines: string[] = [];
  const log = pino({ level: "debug" }, { write: (line: string) => void lines.push(line) });
  return {
    log,
    text: () => lines.join(""),
    entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}
