import pino, { type Logger } from "pino";

export type { Logger };

/** Anything that may carry a secret is cut from every log line, whatever logs it. */
const REDACT = [
  "token",
  "*.token",
  "apiKey",
  "*.apiKey",
  "cookie",
  "*.cookie",
  "secret",
  "*.secret",
  "code",
  "*.code",
  "headers.authorization",
  "*.headers.authorization",
];

/**
 * Logs go to stderr so that `npm run cli -- ... --json` keeps stdout for the one JSON
 * document; in a terminal they are pretty-printed, in production plain JSON lines.
 */
export function createLogger(level: string, pretty = process.stderr.isTTY === true): Logger {
  const options = { level, redact: { paths: REDACT, censor: "[ẩn]" } };
  if (pretty) {
    return pino(options, pino.transport({ target: "pino-pretty", options: { destination: 2, translateTime: "SYS:HH:MM:ss" } }));
  }
  return pino(options, pino.destination(2));
}
