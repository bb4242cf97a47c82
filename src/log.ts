import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import pino, { type DestinationStream, type Logger } from "pino";

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

const CENSOR = "[ẩn]";

export interface LogOptions {
  /**
   * Values that must never be written, wherever they turn up: a gateway's error echoing the
   * API key, a URL holding the bot token. Paths above only catch fields named as secrets.
   */
  secrets?: (string | undefined)[];
  /** Where lines go instead of stderr (tests). */
  destination?: DestinationStream;
  /**
   * A file that takes every line, stderr keeping only warnings and errors: on the console the
   * chat is on the same terminal, and log lines would be interleaved with it.
   */
  file?: string;
}

/**
 * Logs go to stderr so that `npm run cli -- ... --json` keeps stdout for the one JSON
 * document; in a terminal they are pretty-printed, in production plain JSON lines.
 */
export function createLogger(level: string, pretty = process.stderr.isTTY === true, options: LogOptions = {}): Logger {
  // Short values would censor ordinary words; real secrets are long.
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === "string" && s.length >= 8);
  const hide = (line: string) => secrets.reduce((out, s) => out.split(s).join(CENSOR), line);
  const settings = { level, redact: { paths: REDACT, censor: CENSOR }, ...(secrets.length > 0 ? { hooks: { streamWrite: hide } } : {}) };
  if (options.destination) return pino(settings, options.destination);
  if (options.file) {
    mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 });
    return pino(
      settings,
      pino.multistream([
        // It holds what the users wrote: readable by the service's user only.
        { level: level as pino.Level, stream: pino.destination({ dest: options.file, mode: 0o600, sync: false }) },
        { level: "warn", stream: pino.destination(2) },
      ]),
    );
  }
  if (pretty) {
    return pino(settings, pino.transport({ target: "pino-pretty", options: { destination: 2, translateTime: "SYS:HH:MM:ss" } }));
  }
  return pino(settings, pino.destination(2));
}

/** The secret values of a configuration, for `createLogger`. */
export function secretsOf(config: { telegram?: { token: string; webhook?: { secret: string } | undefined } | undefined; openai?: { apiKey: string | undefined } | undefined }): string[] {
  return [config.telegram?.token, config.telegram?.token.split(":")[1], config.telegram?.webhook?.secret, config.openai?.apiKey].filter(
    (s): s is string => typeof s === "string",
  );
}
