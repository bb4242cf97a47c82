/** What a failed Bot API call means for us, and how to log it without leaking the token. */
import { GrammyError, HttpError } from "grammy";

const GONE_400 = /chat not found|user not found|PEER_ID_INVALID|user is deactivated|group chat was upgraded/i;

/** Blocked, deactivated, kicked, or a chat that no longer exists: resending cannot help. */
export function isRecipientGone(err: unknown): boolean {
  if (!(err instanceof GrammyError)) return false;
  return err.error_code === 403 || (err.error_code === 400 && GONE_400.test(err.description));
}

/**
 * A loggable form of an error. An HttpError wraps the fetch error, whose message holds the
 * request URL, and the URL holds the bot token; so only its own message and code are kept.
 */
export function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof GrammyError) {
    return { type: "GrammyError", method: err.method, code: err.error_code, description: err.description };
  }
  if (err instanceof HttpError) {
    const cause = err.error as { code?: unknown; name?: unknown } | undefined;
    return { type: "HttpError", message: err.message, reason: cause?.code ?? cause?.name };
  }
  if (err instanceof Error) return { type: err.name, message: err.message, stack: err.stack };
  return { type: typeof err, message: String(err) };
}
