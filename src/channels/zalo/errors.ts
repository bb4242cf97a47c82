/**
 * What a failed zca-js call means for us. Zalo answers with numeric codes in a ZaloApiError;
 * the ones below come from zca-js's issue tracker, where users of personal accounts met them.
 */
import { ZaloApiError } from "zca-js";

/** 221 "Vượt quá số request cho phép": the whole account, for hours. */
export const ACCOUNT_LIMIT = 221;
/** 123 "Không thể nhận tin nhắn từ bạn": one recipient, until that person writes from the app. */
export const RECIPIENT_LIMIT = 123;
export const RATE_LIMIT_CODES: readonly number[] = [ACCOUNT_LIMIT, RECIPIENT_LIMIT];
/** 122: the person accepts no messages from strangers, so resending cannot help. */
export const GONE_CODES: readonly number[] = [122];
/** 600 "zpw_sek bị thiếu hoặc không đúng", 102 "The session key ... has reached its timeout". */
export const SESSION_CODES: readonly number[] = [600, 102];

export type Failure = "rate_limited" | "gone" | "session" | "other";

export function classify(err: unknown): Failure {
  if (!(err instanceof ZaloApiError)) return "other";
  if (err.code !== null && RATE_LIMIT_CODES.includes(err.code)) return "rate_limited";
  if (err.code !== null && GONE_CODES.includes(err.code)) return "gone";
  if ((err.code !== null && SESSION_CODES.includes(err.code)) || /zpw_sek|session key/i.test(err.message)) return "session";
  return "other";
}

/**
 * A loggable form of an error: message and Zalo's code only (zca-js errors never carry the
 * cookie). The code goes under `error_code`, Zalo's own name, since the log redacts `code`.
 */
export function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof ZaloApiError) return { type: "ZaloApiError", error_code: err.code, message: err.message };
  if (err instanceof Error) return { type: err.name, message: err.message, stack: err.stack };
  // The websocket reports errors as ErrorEvent-like objects with a message.
  const message = (err as { message?: unknown } | null)?.message;
  return { type: typeof err, message: typeof message === "string" ? message : String(err) };
}
