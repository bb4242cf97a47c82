/**
 * The Zalo session on disk: `{cookie, imei, userAgent}`, the same shape zca-js logs in from.
 * It grants full use of the account, so it is written with mode 0600 and replaced atomically:
 * a crash while saving leaves the previous session, never half a file.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import type { StoredCookie, ZaloPort } from "./port.js";

export interface ZaloCredentials {
  cookie: StoredCookie[];
  imei: string;
  userAgent: string;
  language?: string;
}

export class CredentialsError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

const Cookie = z.looseObject({ key: z.string().optional(), name: z.string().optional(), value: z.string().optional() });

const Stored = z.object({
  // Browser extensions export {url, cookies}; zca-js writes the bare list. Both are accepted.
  cookie: z.union([z.array(Cookie).min(1), z.looseObject({ cookies: z.array(Cookie).min(1) })]),
  imei: z.string().min(1),
  userAgent: z.string().min(1),
  language: z.string().optional(),
});

export function readCredentials(file: string): ZaloCredentials {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new CredentialsError(file, err instanceof SyntaxError ? "not JSON" : (err as Error).message);
  }
  const parsed = Stored.safeParse(raw);
  if (!parsed.success) throw new CredentialsError(file, parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; "));
  const { cookie, imei, userAgent, language } = parsed.data;
  return { cookie: Array.isArray(cookie) ? cookie : cookie.cookies, imei, userAgent, ...(language !== undefined && { language }) };
}

export function writeCredentials(file: string, credentials: ZaloCredentials): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  // The mode given at creation is reduced by the umask, never widened; chmod makes it exact.
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** Zalo's session cookie: without a live one the rest of the jar logs nobody in. */
const SESSION_COOKIE = "zpw_sek";

/** Whether the cookies hold a session cookie that has a value and has not expired at `now`. */
export function hasLiveSession(cookies: StoredCookie[], now: number): boolean {
  return cookies.some((c) => {
    if ((c.key ?? c.name) !== SESSION_COOKIE || !c.value) return false;
    // tough-cookie writes `expires` as an ISO date, or `maxAge` in seconds from `creation`.
    if (typeof c.expires === "string" && c.expires !== "Infinity" && Date.parse(c.expires) <= now) return false;
    if (typeof c.maxAge === "number" && typeof c.creation === "string" && Date.parse(c.creation) + c.maxAge * 1000 <= now) return false;
    return true;
  });
}

/**
 * The session as it stands now (Zalo renews cookies on requests, so this is fresher than the
 * file), or undefined when the jar no longer holds a live session: saving that would overwrite
 * the last good one with a session that cannot log in.
 */
export function credentialsOf(port: ZaloPort, now = Date.now()): ZaloCredentials | undefined {
  const cookies = port.getCookie().toJSON()?.cookies ?? [];
  if (!hasLiveSession(cookies, now)) return undefined;
  const { imei, userAgent, language } = port.getContext();
  return { cookie: cookies, imei, userAgent, ...(language !== undefined && { language }) };
}
