/**
 * Logging the bot's Zalo account in: from the saved session when the service starts, by QR
 * code when the operator runs `zalo login`. zca-js never checks npm for updates here
 * (`checkUpdate: false`), never hears the account's own messages (`selfListen: false`), and
 * prints nothing of its own (`logging: false`); our log says what happened.
 */
import { existsSync, unlinkSync, writeFileSync } from "node:fs";
import { LoginQRCallbackEventType, Zalo, ZaloApiError, type LoginQRCallbackEvent, type Options } from "zca-js";
import { backoff } from "../../backoff.js";
import type { Logger } from "../../log.js";
import { CredentialsError, credentialsOf, readCredentials, writeCredentials, type ZaloCredentials } from "./credentials.js";
import { classify, describeError } from "./errors.js";
import type { RealZaloApi, ZaloPort } from "./port.js";
import { LOGIN_COMMAND, texts } from "./texts.js";
import { realTimer, type Timer } from "./timer.js";

export const ZALO_OPTIONS: Partial<Options> = { checkUpdate: false, selfListen: false, logging: false };

/** A zca-js client with the caller's extra options (a proxy agent, a fetch for tests); the three above always win. */
const client = (extra?: Partial<Options>): Zalo => new Zalo({ ...extra, ...ZALO_OPTIONS });

type Alert = (text: string) => Promise<void>;

/** Network trouble or a Zalo server error: trying again later may work, unlike a refused session. */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof ZaloApiError)) return true;
  if (/^Failed to fetch login info|status code 5\d\d/i.test(err.message)) return true;
  // zca-js words a 5xx from getServerInfo and Zalo refusing the session alike; only the latter names the session.
  return /^Failed to fetch server info/i.test(err.message) && classify(err) !== "session";
}

/** Alerting is best effort: a failure to alert is logged, never allowed to stop what reported it. */
export async function tell(alertAdmins: Alert, text: string, log: Logger): Promise<void> {
  try {
    await alertAdmins(text);
  } catch (err) {
    log.error({ err: describeError(err) }, "admins could not be alerted");
  }
}

/** Logs what an operator must do when the session is gone, with the exact command. */
export async function reportExpired(log: Logger, alertAdmins: Alert, err?: unknown): Promise<void> {
  log.error({ command: LOGIN_COMMAND, ...(err !== undefined && { err: describeError(err) }) }, `Zalo session expired or refused; log in again with: ${LOGIN_COMMAND}`);
  await tell(alertAdmins, texts.alert.expired, log);
}

/**
 * Where `zalo login` also keeps the session it got from the QR scan: the fallback when the
 * saved session, renewed since, is refused.
 */
export const qrCopyOf = (file: string): string => file.replace(/(\.json)?$/, ".qr.json");

/** Zalo refused every session the bot holds: only a new QR login brings the account back. */
export class SessionRefusedError extends Error {
  constructor(cause: unknown) {
    super("Zalo refused every saved session", { cause });
  }
}

/**
 * Logs in with the first of `sessions` Zalo accepts. A refused one passes to the next; network
 * trouble is thrown at once, since the next one would meet it too.
 */
async function firstAccepted(zalo: Zalo, sessions: ZaloCredentials[]): Promise<RealZaloApi> {
  let refusal: unknown;
  for (const credentials of sessions) {
    try {
      return await zalo.login(credentials);
    } catch (err) {
      if (isTransient(err)) throw err;
      refusal = err;
    }
  }
  throw new SessionRefusedError(refusal);
}

/** The saved session, then the QR login's copy where there is one that reads. */
function savedSessions(file: string): ZaloCredentials[] {
  const saved = readCredentials(file);
  const copy = qrCopyOf(file);
  if (!existsSync(copy)) return [saved];
  try {
    return [saved, readCredentials(copy)];
  } catch {
    return [saved];
  }
}

/**
 * The account logged in from the saved session, or undefined when the Zalo channel cannot run
 * (the admins have then been told why and what to do). Network failures are retried a few
 * times with a growing wait; a refused session is not, since only a new QR login helps.
 */
export async function loginFromFile(options: {
  file: string;
  log: Logger;
  alertAdmins: Alert;
  attempts?: number;
  retryMs?: number;
  timer?: Timer;
  /** Extra zca-js options (a proxy agent, a fetch for tests); the three above always win. */
  zalo?: Partial<Options>;
}): Promise<RealZaloApi | undefined> {
  const { file, log, alertAdmins } = options;
  const timer = options.timer ?? realTimer;
  const attempts = options.attempts ?? 4;
  let sessions: ZaloCredentials[];
  try {
    sessions = savedSessions(file);
  } catch (err) {
    const reason = err instanceof CredentialsError ? err.message : String(err);
    log.error({ file, reason, command: LOGIN_COMMAND }, `Zalo credentials unreadable; log in again with: ${LOGIN_COMMAND}`);
    await tell(alertAdmins, texts.alert.missing(file), log);
    return undefined;
  }
  const zalo = client(options.zalo);
  for (let attempt = 1; ; attempt++) {
    try {
      const api = await firstAccepted(zalo, sessions);
      log.info({ uid: api.getOwnId() }, "Zalo account logged in");
      // The login itself renewed the cookies; keep them.
      saveSession(api, file, log);
      return api;
    } catch (err) {
      if (err instanceof SessionRefusedError) {
        await reportExpired(log, alertAdmins, err.cause);
        return undefined;
      }
      if (attempt >= attempts) {
        log.error({ err: describeError(err), attempts }, "Zalo servers unreachable; Zalo channel not started");
        await tell(alertAdmins, texts.alert.unreachable, log);
        return undefined;
      }
      const wait = backoff(attempt, { baseMs: options.retryMs ?? 5_000 });
      log.warn({ err: describeError(err), attempt, wait_ms: wait }, "Zalo login failed; retrying");
      await timer.sleep(wait);
    }
  }
}

/**
 * A fresh login while the channel runs: zca-js's listener reconnects with the cookie it was
 * made with, even after keep-alive renewed it (#315, #347), so only a new API brings a listener
 * with the live cookie. Tries the running session's cookies, then the saved ones. Throws
 * `SessionRefusedError` when every one is refused (only a QR login helps), anything else on
 * network trouble (try again later).
 */
export async function relogin(options: { current: ZaloPort; file: string; log: Logger; zalo?: Partial<Options> }): Promise<RealZaloApi> {
  const { current, file, log } = options;
  const live = credentialsOf(current);
  let saved: ZaloCredentials[] = [];
  try {
    saved = savedSessions(file);
  } catch (err) {
    log.warn({ err: describeError(err), file }, "saved Zalo session unreadable");
  }
  const api = await firstAccepted(client(options.zalo), [...(live ? [live] : []), ...saved]);
  saveSession(api, file, log);
  log.info({ uid: api.getOwnId() }, "Zalo account logged in again");
  return api;
}

/** Writes the session's current cookies over the saved ones. */
export function saveSession(port: ZaloPort, file: string, log: Logger): boolean {
  const credentials = credentialsOf(port);
  if (!credentials) return false;
  try {
    writeCredentials(file, credentials);
    log.debug({ file }, "Zalo session saved");
    return true;
  } catch (err) {
    log.error({ err: describeError(err), file }, "Zalo session could not be saved");
    return false;
  }
}

/**
 * One refresh: the keep-alive request Zalo Web makes, which also renews the cookies, then the
 * jar saved again. "expired" means only a new QR login will help.
 */
export async function refreshSession(port: ZaloPort, file: string, log: Logger): Promise<"saved" | "expired" | "failed"> {
  try {
    await port.keepAlive();
  } catch (err) {
    if (classify(err) === "session") return "expired";
    log.warn({ err: describeError(err) }, "Zalo keep-alive failed");
    return "failed";
  }
  return saveSession(port, file, log) ? "saved" : "failed";
}

export type QrEvent = { kind: "qr"; png: Buffer; path: string } | { kind: "expired" } | { kind: "scanned"; name: string };

export class QrLoginError extends Error {}

/**
 * The QR login of `zalo login`: each QR code is written to `qrPath` and shown through
 * `onEvent`; after the phone confirms, the session is saved to `file` (mode 0600) and the QR
 * image, now useless, removed.
 */
export async function loginWithQr(options: {
  file: string;
  qrPath: string;
  onEvent(event: QrEvent): void;
  /** QR codes last about 100 s; after this many expire unscanned the login stops. */
  maxExpired?: number;
  zalo?: Partial<Options>;
}): Promise<{ api: RealZaloApi; credentials: ZaloCredentials }> {
  const maxExpired = options.maxExpired ?? 3;
  let expired = 0;
  let refusal: string | undefined;
  const onQr = (event: LoginQRCallbackEvent): void => {
    switch (event.type) {
      case LoginQRCallbackEventType.QRCodeGenerated: {
        const png = Buffer.from(event.data.image, "base64");
        writeFileSync(options.qrPath, png, { mode: 0o600 });
        options.onEvent({ kind: "qr", png, path: options.qrPath });
        return;
      }
      case LoginQRCallbackEventType.QRCodeExpired:
        if (++expired >= maxExpired) {
          refusal = texts.cli.tooManyExpired;
          event.actions.abort();
        } else {
          options.onEvent({ kind: "expired" });
          event.actions.retry();
        }
        return;
      case LoginQRCallbackEventType.QRCodeScanned:
        options.onEvent({ kind: "scanned", name: event.data.display_name });
        return;
      case LoginQRCallbackEventType.QRCodeDeclined:
        refusal = texts.cli.declined;
        event.actions.abort();
        return;
      case LoginQRCallbackEventType.GotLoginInfo:
        return;
    }
  };
  let api: RealZaloApi;
  try {
    api = await client(options.zalo).loginQR({ qrPath: options.qrPath }, onQr);
  } catch (err) {
    throw refusal !== undefined ? new QrLoginError(refusal) : err;
  } finally {
    if (existsSync(options.qrPath)) unlinkSync(options.qrPath);
  }
  const credentials = credentialsOf(api);
  if (!credentials) throw new QrLoginError("Zalo returned no session cookies");
  writeCredentials(options.file, credentials);
  writeCredentials(qrCopyOf(options.file), credentials);
  return { api, credentials };
}
