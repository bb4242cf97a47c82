/**
 * Keeps the account's one websocket listener running. zca-js can retry by itself, but its
 * retry counters never reset, so after a few network blips over weeks it stops for good;
 * here every abnormal close (1006, network loss) is followed by a reconnect with a capped
 * exponential backoff and counters that reset once a connection has held. Close 3000 (another
 * connection took the session) and 3003 (the account was opened on Zalo Web/PC) are final:
 * fighting for the session would only get the account kicked again or flagged.
 */
import { CloseReason, ThreadType, type Message } from "zca-js";
import { backoff } from "../../backoff.js";
import type { Logger } from "../../log.js";
import { describeError } from "./errors.js";
import type { ZaloListener } from "./port.js";
import type { Timer } from "./timer.js";

export interface Reconnect {
  baseMs: number;
  maxMs: number;
  /** A connection that held this long counts as healthy: the failure count starts again. */
  stableMs: number;
  /** After this many failed connections in a row the admins are told, once. */
  alertAfter: number;
  /**
   * After this many connections in a row that never came up or closed at once (and each as
   * many again) the session is logged in afresh: the listener's cookie may be the one that
   * died. Drops of a connection that held do not count; they show the cookie still works.
   */
  reloginAfter: number;
}

/** A connection closed this soon after it opened was refused rather than dropped. */
const BRIEF_MS = 5_000;

export const DEFAULT_RECONNECT: Reconnect = { baseMs: 2_000, maxMs: 5 * 60_000, stableMs: 30_000, alertAfter: 5, reloginAfter: 3 };

export type StopReason = "duplicate" | "kicked";

export type SupervisorState = "idle" | "connecting" | "connected" | "waiting" | "stopped";

export interface SupervisorEvents {
  message(message: Message): void;
  /** The session was taken (3000) or kicked (3003); the listener is stopped for good. */
  stopped(reason: StopReason): void;
  /** `alertAfter` connections failed in a row. */
  unstable(failures: number): void;
  /** Connected again after `unstable`. */
  recovered(): void;
  /** `reloginAfter` connections (or a multiple) in a row never came up. */
  stale(attempts: number): void;
}

export interface Supervisor {
  start(): void;
  stop(): void;
  readonly state: SupervisorState;
  /** Failed connections since the last one that held. */
  readonly failures: number;
  /** The admins were told of failures and not yet of a recovery. */
  readonly unstable: boolean;
}

export function finalClose(code: number): StopReason | undefined {
  if (code === CloseReason.DuplicateConnection) return "duplicate";
  if (code === CloseReason.KickConnection) return "kicked";
  return undefined;
}

export function createSupervisor(options: {
  listener: ZaloListener;
  log: Logger;
  timer: Timer;
  policy: Reconnect;
  on: SupervisorEvents;
  /** The listener takes over from another one: what was missed in between is asked for at once. */
  resumed?: boolean;
  /** The admins were told the one before was unstable: they hear when this one connects. */
  unstable?: boolean;
}): Supervisor {
  const { listener, log, timer, policy, on } = options;
  let state: SupervisorState = "idle";
  let failures = 0;
  let connectedAt: number | undefined;
  /** Connection attempts in a row that never came up, or closed at once. */
  let refused = 0;
  let alerted = options.unstable ?? false;
  let everConnected = options.resumed ?? false;
  let abort = new AbortController();

  const onMessage = (message: Message) => {
    try {
      on.message(message);
    } catch (err) {
      log.error({ err: describeError(err) }, "Zalo message handler failed");
    }
  };

  // Zalo does not push what was sent while the socket was down (zca-js #71): it is asked for,
  // and what was already handled is dropped by the inbox's dedupe.
  const onOld = (messages: Message[]) => {
    for (const message of messages) onMessage(message);
  };

  const onConnected = () => {
    state = "connected";
    connectedAt = timer.now();
    log.info({ failures }, "Zalo listener connected");
    if (everConnected) {
      try {
        listener.requestOldMessages(ThreadType.User);
        listener.requestOldMessages(ThreadType.Group);
      } catch (err) {
        log.warn({ err: describeError(err) }, "missed Zalo messages could not be requested");
      }
    }
    everConnected = true;
    if (alerted) {
      alerted = false;
      on.recovered();
    }
  };

  const onError = (err: unknown) => {
    // Without a handler an EventEmitter throws its "error" event, which would end the process.
    log.warn({ err: describeError(err) }, "Zalo listener error");
  };

  const onClosed = (code: number, reason: string) => {
    if (state === "stopped") return;
    const final = finalClose(code);
    if (final) {
      log.error({ close_code: code, reason }, final === "duplicate" ? "Zalo session taken by another connection; listener stopped" : "Zalo session kicked (opened on Zalo Web/PC); listener stopped");
      halt();
      on.stopped(final);
      return;
    }
    if (connectedAt !== undefined && timer.now() - connectedAt >= policy.stableMs) failures = 0;
    refused = connectedAt === undefined || timer.now() - connectedAt < BRIEF_MS ? refused + 1 : 0;
    connectedAt = undefined;
    failures++;
    const delay = backoff(failures, policy);
    log.warn({ close_code: code, reason, failures, delay_ms: delay }, "Zalo listener closed; reconnecting");
    if (failures === policy.alertAfter) {
      alerted = true;
      on.unstable(failures);
    }
    if (refused > 0 && refused % policy.reloginAfter === 0) on.stale(refused);
    state = "waiting";
    const signal = abort.signal;
    void timer.sleep(delay, signal).then((due) => {
      if (due && state === "waiting") connect();
    });
  };

  function connect(): void {
    state = "connecting";
    try {
      listener.start({ retryOnClose: false });
    } catch (err) {
      // zca-js throws before opening the socket (no cookie, already started): treat it as a failed connection.
      log.warn({ err: describeError(err) }, "Zalo listener did not start");
      onClosed(CloseReason.AbnormalClosure, "start failed");
    }
  }

  function detach(): void {
    listener.off("message", onMessage);
    listener.off("connected", onConnected);
    listener.off("closed", onClosed);
    listener.off("error", onError);
    listener.off("old_messages", onOld);
  }

  function halt(): void {
    state = "stopped";
    abort.abort();
    detach();
    // The error handler stays: a late socket error must not become an uncaught exception.
    listener.on("error", onError);
  }

  return {
    start() {
      if (state !== "idle" && state !== "stopped") return;
      abort = new AbortController();
      failures = 0;
      listener.off("error", onError);
      listener.on("message", onMessage);
      listener.on("old_messages", onOld);
      listener.on("connected", onConnected);
      listener.on("closed", onClosed);
      listener.on("error", onError);
      connect();
    },
    stop() {
      if (state === "idle" || state === "stopped") return;
      halt();
      listener.stop();
      log.info("Zalo listener stopped");
    },
    get state() {
      return state;
    },
    get failures() {
      return failures;
    },
    get unstable() {
      return alerted;
    },
  };
}
