/**
 * The console channel: the bot in a terminal (or behind a pipe), for a newcomer to try every
 * feature with no account anywhere. Choices are numbered lines answered with the number. The
 * operator at the terminal acts as any agency (`/vai`), which no other channel allows.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Db } from "../../db/connection.js";
import type { Directory } from "../../plan/directory.js";
import type { Brain } from "../../core/brain.js";
import { bindConsole, CONSOLE_CHAT, type Role } from "../../core/contacts.js";
import type { Channel, OutgoingMessage } from "../../core/messages.js";
import { menuLines } from "../../core/choices.js";
import { T } from "./texts.js";

export interface ConsoleOptions {
  brain: Brain;
  db: Db;
  directory: Directory;
  /** Agency code the session starts as. */
  agency: string;
  /** The agency whose admins coordinate the plan (the one reports go to). */
  adminAgency: string;
  role: Role;
  input: Readable;
  output: Writable;
  /** Where attached files (summary documents) are written. */
  filesDir: string;
  /** Where the service's log goes while the chat has the terminal. */
  logFile?: string;
}

export function render(message: OutgoingMessage, filesDir: string): string {
  const parts = [message.text];
  const choices = message.choices ?? [];
  if (choices.length > 0) {
    parts.push(menuLines(choices).map((l, i, all) => (i < all.length - 1 ? `  ${l}` : l)).join("\n"));
  }
  if (message.file) {
    mkdirSync(filesDir, { recursive: true, mode: 0o700 });
    const path = resolve(join(filesDir, message.file.name));
    writeFileSync(path, message.file.data, { mode: 0o600 });
    parts.push(T.fileSaved(path));
  }
  return parts.join("\n");
}

export function createConsoleChannel(options: ConsoleOptions): { channel: Channel; run(): Promise<void> } {
  const { brain, db, directory, output, filesDir } = options;
  const write = (text: string): void => {
    output.write(`${text}\n\n`);
  };
  const nameOf = (code: string) => directory.byCode(code)?.name ?? code;

  const become = (agency: string, role: Role) => bindConsole(db, agency, role, "Người dùng dòng lệnh");

  const channel: Channel = {
    name: "console",
    async send(_to, message) {
      write(render(message, filesDir));
    },
  };

  /** `/vai <agency>` or `/vai quantri`: handled here, never by the core. */
  function switchRole(arg: string): void {
    if (/^(quantri|quản trị|admin)$/iu.test(arg)) {
      become(options.adminAgency, "admin");
      return write(T.switched(nameOf(options.adminAgency), true));
    }
    const agency = directory.find(arg);
    if (!agency) return write(T.unknownAgency(arg));
    become(agency.code, "focal");
    write(T.switched(agency.name, false));
  }

  async function run(): Promise<void> {
    become(options.agency, options.role);
    write(T.greeting(nameOf(options.agency), options.role === "admin", options.logFile && resolve(options.logFile)));
    const lines = createInterface({ input: options.input, terminal: false });
    for await (const raw of lines) {
      const line = raw.trim();
      if (!line) continue;
      if (/^\/(thoat|thoát|exit|quit)$/iu.test(line)) break;
      const role = /^\/vai(?:\s+(.+))?$/iu.exec(line);
      if (role) {
        switchRole(role[1]?.trim() ?? "");
        continue;
      }
      const replies = await brain.handle({
        channel: "console",
        chatId: CONSOLE_CHAT,
        chatKind: "private",
        userId: CONSOLE_CHAT,
        userName: "Người dùng",
        eventId: randomUUID(),
        text: line,
        addressed: true,
      });
      for (const r of replies) write(render(r, filesDir));
    }
    lines.close();
    write(T.bye);
  }

  return { channel, run };
}
