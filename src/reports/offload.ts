/**
 * Runs an admin's full /tonghop (the summary and its DOCX and XLSX) on the documents thread
 * (worker.ts), one at a time, so the chats go on while it works. The thread starts with the
 * first request and stays for the next; idle, it does not keep the process alive.
 */
import { Worker } from "node:worker_threads";
import type { Config } from "../config.js";
import type { OutgoingMessage } from "../core/messages.js";
import type { SummaryView } from "../core/turn.js";

export type OverviewArgs = Parameters<SummaryView["overview"]>[0];
export interface OverviewRequest {
  id: number;
  args: Omit<OverviewArgs, "now"> & { now: string };
}
export type OverviewReply = { id: number; messages: OutgoingMessage[] } | { id: number; error: string };

export function createDocumentsThread(config: Config): (args: OverviewArgs) => Promise<OutgoingMessage[]> {
  let worker: Worker | undefined;
  let next = 0;
  const waiting = new Map<number, { resolve(m: OutgoingMessage[]): void; reject(e: Error): void }>();

  function start(): Worker {
    // From the sources (tests, `npm run cli`) the thread needs the TypeScript loader the process has.
    const fromSource = import.meta.url.endsWith(".ts");
    const w = new Worker(new URL(`./worker.${fromSource ? "ts" : "js"}`, import.meta.url), {
      workerData: config,
      ...(fromSource ? { execArgv: ["--import", "tsx"] } : {}),
    });
    w.on("message", (reply: OverviewReply) => {
      const pending = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (waiting.size === 0) w.unref();
      if ("error" in reply) pending?.reject(new Error(reply.error));
      // Buffers arrive as plain byte arrays.
      else pending?.resolve(reply.messages.map((m) => (m.file ? { ...m, file: { ...m.file, data: Buffer.from(m.file.data) } } : m)));
    });
    w.on("error", (err) => fail(err));
    w.on("exit", (code) => fail(new Error(`the documents thread stopped (${code})`)));
    return w;
  }

  function fail(err: Error): void {
    worker = undefined;
    for (const pending of waiting.values()) pending.reject(err);
    waiting.clear();
  }

  return (args) =>
    new Promise((resolve, reject) => {
      worker ??= start();
      worker.ref();
      const id = ++next;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, args: { ...args, now: args.now.toISOString() } } satisfies OverviewRequest);
    });
}
