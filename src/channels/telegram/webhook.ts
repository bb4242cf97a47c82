/** Webhook mode: a plain node:http server in front of grammY's webhook callback. */
import { createServer, type Server } from "node:http";
import { type Bot, type Context, webhookCallback } from "grammy";
import type { Logger } from "../../log.js";
import { describeError } from "./errors.js";

/** An update is a few kilobytes; a body past this is refused before it is read (64 MB took 300 MB of memory). */
const MAX_BODY = 1024 * 1024;

export async function serveWebhook<C extends Context>(
  bot: Bot<C>,
  options: { port: number; host: string; secret: string },
  log: Logger,
): Promise<Server> {
  const callback = webhookCallback(bot, "http", {
    secretToken: options.secret,
    // A slow answer (an LLM call) must not make Telegram time out and redeliver the update;
    // the handler keeps running after the 200.
    onTimeout: "return",
    timeoutMilliseconds: 10_000,
  });
  const server = createServer((req, res) => {
    if (req.method !== "POST") {
      res.writeHead(405, { allow: "POST" }).end();
      return;
    }
    const length = Number(req.headers["content-length"]);
    if (!Number.isFinite(length) || length > MAX_BODY) {
      res.writeHead(Number.isFinite(length) ? 413 : 411, { connection: "close" }).end();
      req.resume();
      return;
    }
    callback(req, res).catch((err: unknown) => {
      // Handler errors are caught inside the bot; what lands here is a body that is not JSON.
      log.warn({ err: describeError(err) }, "webhook request rejected");
      if (!res.headersSent) res.writeHead(400).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}

/** Waits for requests in flight, and drops idle keep-alive sockets so close() can finish. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeIdleConnections();
  });
}
