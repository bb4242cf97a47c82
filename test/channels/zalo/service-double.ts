/**
 * A local double of Zalo's servers, so tests drive the real zca-js (`Zalo.login()`, `API`,
 * `Listener`): `fetch` goes in as zca-js's `polyfill` and answers the HTTP APIs the channel
 * uses, encrypted as Zalo encrypts them; a websocket server on 127.0.0.1 speaks the listener's
 * binary frames. Only the network is replaced; knobs set how each call is answered.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { once, type EventEmitter } from "node:events";
import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
// @ts-ignore -- no @types/ws here; the few members used are typed below.
import { WebSocketServer as UntypedServer } from "ws";
import { ThreadType, type Credentials, type TGroupMessage, type TMessage } from "zca-js";
import { BOT_ID, groupMessage, userMessage } from "./fake.js";

interface WsSocket extends EventEmitter {
  readonly readyState: number;
  send(data: Buffer): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
}
interface WsServer extends EventEmitter {
  readonly clients: Set<WsSocket>;
  address(): AddressInfo;
  close(callback: () => void): void;
}
type VerifyClient = (info: { req: IncomingMessage }, done: (ok: boolean, status?: number) => void) => void;
const WebSocketServer = UntypedServer as new (options: { host: string; port: number; verifyClient?: VerifyClient }) => WsServer;

/** The session cookie's value in a Cookie header. */
const sessionIn = (cookie: string): string | undefined => /(?:^|;\s*)zpw_sek=([^;]*)/.exec(cookie)?.[1];

/** A refusal: Zalo's error_code in the outer JSON envelope, or an HTTP status. */
export type Failure = { error: number; message?: string } | { status: number };
/** How the double answers one send: a msgId, `data: null` (zca-js's `message: null`), a failure, or nothing until `release()`. */
export type Outcome = "ok" | "no-msgid" | "hang" | Failure;

/** A send the double accepted. `text` is the message or a photo's caption ("" for a file); `msgId` is absent when answered `no-msgid`; `params` is everything zca-js sent, decrypted. */
export interface SentMessage {
  threadId: string;
  type: ThreadType;
  text: string;
  quote?: { msgId: string; cliMsgId: string; owner: string; text: unknown };
  attachments: { fileName?: string; fileId?: string; photoId?: string; url?: string }[];
  msgId?: number;
  at: number;
  params: Record<string, unknown>;
}

export type Upload = { fileId: string; fileName: string; threadId: string; done: boolean };
/** One accepted websocket: the URL path and what the client sent. */
export type Connection = { path: string; cookie: string; userAgent: string };
export type SocketSettings = { ping_interval: number; retries: Record<string, { max?: number; times: number | number[] }>; close_and_retry_codes: number[]; rotate_error_codes: number[] };

// Every service key zca-js reads; most API factories read theirs at construction, so a missing one fails the login.
const SERVICES = ["aext", "alias", "auto_reply", "catalog", "chat", "conversation", "file", "friend", "friend_board", "group", "group_board", "group_poll", "label", "profile", "quick_message", "reaction", "sticker", "zimsg"];
const SESSION_ERROR = { error: 600, message: "zpw_sek bị thiếu hoặc không đúng" };
const EXPIRED_LOGIN = { error: 102, message: "The session key was improperly submitted or has reached its timeout." };

const ZERO_IV = Buffer.alloc(16);
function aes(key: Buffer, encrypt: boolean, data: Buffer): Buffer {
  const algorithm = `aes-${key.length * 8}-cbc`;
  const cipher = encrypt ? createCipheriv(algorithm, key, ZERO_IV) : createDecipheriv(algorithm, key, ZERO_IV);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

/** zca-js's ParamsEncryptor.createEncryptKey, from the zcid and zcid_ext it sends in the query. */
function loginKey(zcid: string, zcidExt: string): string {
  const even = (s: string) => [...s].filter((_, i) => i % 2 === 0);
  const odd = (s: string) => [...s].filter((_, i) => i % 2 === 1);
  const md5 = createHash("md5").update(zcidExt).digest("hex").toUpperCase();
  return even(md5).slice(0, 8).join("") + even(zcid).slice(0, 12).join("") + odd(zcid).reverse().slice(0, 12).join("");
}

/** A websocket frame: version 1, cmd (u16 LE), subCmd, then JSON. */
const frame = (cmd: number, subCmd: number, body: unknown) => Buffer.concat([Buffer.from([1, cmd & 0xff, cmd >> 8, subCmd]), Buffer.from(JSON.stringify(body))]);
const str = (v: unknown) => (v === undefined ? undefined : String(v));
const json = (body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { headers: { "content-type": "application/json", ...headers } });
const refuse = (f: Failure) =>
  "status" in f ? new Response("", { status: f.status, statusText: STATUS_CODES[f.status] ?? "" }) : json({ error_code: f.error, error_message: f.message ?? `error ${f.error}`, data: null });

/** A private message as the websocket carries it: `from` "0" is the account itself (an echo). */
export function wireUserMessage(from: string, content: TMessage["content"], options: Parameters<typeof userMessage>[2] & { to?: string } = {}): TMessage {
  return { ...userMessage(from, content, options).data, uidFrom: from, idTo: options.to ?? "0" };
}

export function wireGroupMessage(group: string, from: string, content: TMessage["content"], options: Parameters<typeof groupMessage>[3] = {}): TGroupMessage {
  return { ...groupMessage(group, from, content, options).data, uidFrom: from };
}

export class ZaloServiceDouble {
  /** zca-js's ctx.secretKey (`zpw_enk`): base64 of an AES key. */
  readonly secretKey = randomBytes(32).toString("base64");
  readonly imei = "imei-double-1";
  readonly userAgent = "Mozilla/5.0 (X11; Linux x86_64) ZaloServiceDouble";
  /** getServerInfo's settings.features.socket: every code in close_and_retry_codes needs a `retries` entry, or zca-js throws on that close. */
  socket: SocketSettings = { ping_interval: 20_000, retries: { "1006": { max: 3, times: [1_000, 2_000, 5_000] } }, close_and_retry_codes: [1006], rotate_error_codes: [1006] };

  // Knobs.
  /** Outcomes of the next message sends, in order; after them, `sendDefault`. */
  readonly sendQueue: Outcome[] = [];
  sendDefault: Outcome = "ok";
  serverInfoStatus = 200;
  keepAliveOutcome: "ok" | Failure = "ok";
  renewCookieOnKeepAlive = true;
  /** A renewed cookie ends the ones before it (#315, #347): a socket opened with one is refused. */
  retireOnRenew = false;
  /** Whether an upload gets its `file_done` on the websocket (after `fileDoneDelayMs`). */
  fileDone = true;
  fileDoneDelayMs = 20;
  /** Zalo echoes the account's own sends on the websocket, with uidFrom "0". */
  echoSends = false;

  // Records.
  readonly sent: SentMessage[] = [];
  sendAttempts = 0;
  readonly uploads: Upload[] = [];
  readonly calls: { method: string; path: string; cookie: string }[] = [];
  readonly unhandled: string[] = [];
  /** Old-message requests from the client (cmd 510/511). */
  readonly requests: { type: ThreadType; lastId: string | null }[] = [];
  readonly accepted: Connection[] = [];
  /** Sockets refused at the handshake because their cookie was no longer a session. */
  refusedSockets = 0;
  pings = 0;
  logins = 0;

  private wss: WsServer | undefined;
  private port = 0;
  private sessions = new Set(["sek-1"]);
  private sessionSeq = 1;
  private msgSeq = 9_000_000_000;
  private fileSeq = 4_000;
  private readonly old = new Map<ThreadType, (TMessage | TGroupMessage)[]>();
  private hung: ((o: Outcome) => void)[] = [];
  private readonly refusing = new Map<string, Failure>();
  private waiters: ((c: Connection) => void)[] = [];

  /** `now` stamps `sent` (a VirtualTimer's, say). */
  constructor(
    readonly uid = BOT_ID,
    private readonly now: () => number = Date.now,
  ) {}

  async start(): Promise<void> {
    // A socket whose cookie is no longer a session is refused at the handshake (401).
    const verifyClient: VerifyClient = ({ req }, done) => {
      const session = sessionIn(req.headers.cookie ?? "");
      if (session !== undefined && this.sessions.has(session)) return done(true);
      this.refusedSockets++;
      done(false, 401);
    };
    const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, verifyClient });
    await once(wss, "listening");
    this.wss = wss;
    this.port = wss.address().port;
    wss.on("connection", (ws: WsSocket, req: IncomingMessage) => this.connected(ws, req));
  }

  async stop(): Promise<void> {
    const wss = this.wss;
    this.wss = undefined;
    if (!wss) return;
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((resolve) => wss.close(resolve));
  }

  /** What Zalo.login() takes; the cookie is the current session. */
  credentials(): Credentials {
    return { cookie: [{ key: "zpw_sek", value: [...this.sessions].at(-1) ?? "sek-0", domain: "chat.zalo.me", path: "/" }], imei: this.imei, userAgent: this.userAgent };
  }

  /** The newest session cookie's value. */
  get session(): string {
    return [...this.sessions].at(-1) ?? "sek-0";
  }

  /** The session is refused from now on: getLoginInfo answers 102, the other APIs 600. */
  expireSession(): void {
    this.sessions.clear();
  }

  /** Every send to this chat gets `failure` until `allow()`, as 123 holds until the person writes. */
  refuse(threadId: string, failure: Failure): void {
    this.refusing.set(threadId, failure);
  }

  allow(threadId: string): void {
    this.refusing.delete(threadId);
  }

  queueSend(...outcomes: Outcome[]): void {
    this.sendQueue.push(...outcomes);
  }

  /** Answers every hung call; a hung call is never answered otherwise, not even by stop(). */
  release(outcome: Outcome = "ok"): void {
    for (const answer of this.hung.splice(0)) answer(outcome);
  }

  get hanging(): number {
    return this.hung.length;
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? "GET";
    const cookie = new Headers(init?.headers).get("cookie") ?? "";
    this.calls.push({ method, path: url.pathname, cookie });
    const path = url.pathname;
    const session = sessionIn(cookie);
    const valid = session !== undefined && this.sessions.has(session);
    if (path === "/api/login/getLoginInfo") return this.loginInfo(url, valid);
    if (path === "/api/login/getServerInfo") return this.serverInfo();
    if (!valid) return refuse(SESSION_ERROR);
    if (path === "/keepalive") return this.keepAlive();
    // Sends carry `params` in a form body, uploads in the query.
    const params = () => this.decrypt((init?.body instanceof URLSearchParams ? init.body : url.searchParams).get("params") ?? "");
    if (/^\/api\/(message\/(sms|quote)|group\/(sendmsg|mention|quote)|(message|group)\/(asyncfile\/msg|photo_original\/send))$/.test(path)) return this.send(params());
    if (/^\/api\/(message|group)\/(asyncfile|photo_original)\/upload$/.test(path)) return this.upload(path, params());
    this.unhandled.push(`${method} ${url.origin}${path}`);
    return new Response("not found", { status: 404, statusText: "Not Found" });
  };

  // Websocket controls.
  get connections(): number {
    return this.accepted.length;
  }

  get open(): number {
    return [...(this.wss?.clients ?? [])].filter((ws) => ws.readyState === 1).length;
  }

  nextConnection(): Promise<Connection> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  pushUserMessage(from: string, content: TMessage["content"], options: Parameters<typeof wireUserMessage>[2] = {}): TMessage {
    const msg = wireUserMessage(from, content, options);
    this.pushEvent(501, { msgs: [msg] });
    return msg;
  }

  pushGroupMessage(group: string, from: string, content: TMessage["content"], options: Parameters<typeof wireGroupMessage>[3] = {}): TGroupMessage {
    const msg = wireGroupMessage(group, from, content, options);
    this.pushEvent(521, { groupMsgs: [msg] });
    return msg;
  }

  /** Messages the next old-messages request of this type gets (then the queue empties). */
  queueOld(type: ThreadType, ...msgs: (TMessage | TGroupMessage)[]): void {
    this.old.set(type, [...(this.old.get(type) ?? []), ...msgs]);
  }

  /** Sends file_done for an upload (by default every pending one). */
  completeUpload(fileId?: string): void {
    for (const u of this.uploads.filter((u) => !u.done && (fileId === undefined || u.fileId === fileId))) {
      u.done = true;
      this.pushEvent(601, { controls: [{ content: { act_type: "file_done", fileId: Number(u.fileId), data: { url: `https://f.double.zdn.vn/${u.fileId}/${encodeURIComponent(u.fileName)}` } } }] });
    }
  }

  /** Ends every TCP connection without a close frame: the client sees 1006. */
  drop(): void {
    for (const ws of this.wss?.clients ?? []) ws.terminate();
  }

  /** Closes every connection with a close frame, e.g. 3000 (another session opened). */
  close(code: number, reason = ""): void {
    for (const ws of this.wss?.clients ?? []) ws.close(code, reason);
  }

  /** An event frame as Zalo sends it, unencrypted (`encrypt: 0`). */
  pushEvent(cmd: number, data: unknown, subCmd = 0): void {
    this.sendFrame(cmd, subCmd, { encrypt: 0, data: JSON.stringify({ data }) });
  }

  sendFrame(cmd: number, subCmd: number, body: unknown): void {
    for (const ws of this.wss?.clients ?? []) if (ws.readyState === 1) ws.send(frame(cmd, subCmd, body));
  }

  private connected(ws: WsSocket, req: IncomingMessage): void {
    const conn = { path: req.url ?? "", cookie: req.headers.cookie ?? "", userAgent: req.headers["user-agent"] ?? "" };
    this.accepted.push(conn);
    ws.on("message", (data: Buffer) => this.received(ws, data));
    ws.send(frame(1, 1, { key: randomBytes(32).toString("base64") }));
    for (const w of this.waiters.splice(0)) w(conn);
  }

  private received(ws: WsSocket, data: Buffer): void {
    const cmd = data.readUInt16LE(1);
    const body = JSON.parse(data.subarray(4).toString("utf8") || "{}") as { lastId?: string | null };
    if (cmd === 2) this.pings++;
    if (cmd !== 510 && cmd !== 511) return;
    const type = cmd === 510 ? ThreadType.User : ThreadType.Group;
    this.requests.push({ type, lastId: body.lastId ?? null });
    const msgs = this.old.get(type) ?? [];
    this.old.delete(type);
    ws.send(frame(cmd, 1, { encrypt: 0, data: JSON.stringify({ data: cmd === 510 ? { msgs } : { groupMsgs: msgs } }) }));
  }

  private decrypt(params: string): Record<string, unknown> {
    return JSON.parse(aes(Buffer.from(this.secretKey, "base64"), false, Buffer.from(params, "base64")).toString("utf8")) as Record<string, unknown>;
  }

  /** An answer zca-js decrypts with the secret key (handleZaloResponse). */
  private encrypted(data: unknown): Response {
    const inner = aes(Buffer.from(this.secretKey, "base64"), true, Buffer.from(JSON.stringify({ error_code: 0, error_message: "", data })));
    return json({ error_code: 0, error_message: "", data: inner.toString("base64") });
  }

  private loginInfo(url: URL, valid: boolean): Response {
    this.logins++;
    if (!valid) return refuse(EXPIRED_LOGIN);
    const enk = loginKey(url.searchParams.get("zcid") ?? "", url.searchParams.get("zcid_ext") ?? "");
    // Two socket URLs, so that rotate_error_codes has an endpoint to rotate to.
    const zpw_ws = [`ws://127.0.0.1:${this.port}/ws/1`, `ws://127.0.0.1:${this.port}/ws/2`];
    const info = { uid: this.uid, zpw_enk: this.secretKey, zpw_ws, zpw_service_map_v3: Object.fromEntries(SERVICES.map((s) => [s, [`https://tt-${s}-wpa.chat.zalo.me`]])) };
    const data = aes(Buffer.from(enk, "utf8"), true, Buffer.from(JSON.stringify({ error_code: 0, error_message: "", data: info })));
    return json({ error_code: 0, error_message: "", data: encodeURIComponent(data.toString("base64")) });
  }

  private serverInfo(): Response {
    if (this.serverInfoStatus >= 400) return refuse({ status: this.serverInfoStatus });
    const sharefile = { max_file: 10, max_size_share_file_v3: 1024, chunk_size_file: 3 * 1024 * 1024, restricted_ext_file: ["exe", "msi", "bat"] };
    return json({ error_code: 0, error_message: "", data: { settings: { features: { socket: this.socket, sharefile }, keepalive: { alway_keepalive: 1, keepalive_duration: 600 } }, extra_ver: {} } });
  }

  private keepAlive(): Response {
    if (this.keepAliveOutcome !== "ok") return refuse(this.keepAliveOutcome);
    const headers: Record<string, string> = {};
    if (this.renewCookieOnKeepAlive) {
      const sek = `sek-${++this.sessionSeq}`;
      if (this.retireOnRenew) this.sessions.clear();
      this.sessions.add(sek);
      // Without Domain zca-js would file the cookie under "https://null" (request() in utils.js).
      headers["set-cookie"] = `zpw_sek=${sek}; Domain=chat.zalo.me; Path=/; Secure; HttpOnly`;
    }
    return json({ error_code: 0, error_message: "", data: { config_vesion: this.sessionSeq } }, headers);
  }

  private upload(path: string, params: Record<string, unknown>): Response {
    const fileId = String(this.fileSeq++);
    const last = params.chunkId === params.totalChunk;
    if (path.endsWith("photo_original/upload")) {
      const url = `https://p.double.zdn.vn/${fileId}.jpg`;
      return this.encrypted({ finished: last ? 1 : 0, photoId: last ? fileId : "-1", clientFileId: params.clientId, chunkId: params.chunkId, normalUrl: url, hdUrl: url, thumbUrl: url });
    }
    if (!last) return this.encrypted({ finished: 0, fileId: "-1", clientFileId: params.clientId, chunkId: params.chunkId });
    this.uploads.push({ fileId, fileName: String(params.fileName), threadId: String(params.toid ?? params.grid), done: false });
    // zca-js registers the callback only after reading this answer; a file_done before it is lost.
    if (this.fileDone) setTimeout(() => this.completeUpload(fileId), this.fileDoneDelayMs).unref();
    return this.encrypted({ finished: 1, fileId, clientFileId: params.clientId, chunkId: params.chunkId });
  }

  private send(params: Record<string, unknown>): Response | Promise<Response> {
    this.sendAttempts++;
    const held = this.refusing.get(String(params.grid ?? params.toid));
    return this.answer(held ?? this.sendQueue.shift() ?? this.sendDefault, params);
  }

  private answer(o: Outcome, params: Record<string, unknown>): Response | Promise<Response> {
    if (o === "hang") return new Promise((resolve) => this.hung.push((o) => resolve(this.answer(o, params))));
    if (typeof o === "object") return refuse(o);
    const group = params.grid !== undefined;
    const threadId = String(params.grid ?? params.toid);
    const file = params.fileId !== undefined || params.photoId !== undefined;
    const sent: SentMessage = {
      threadId,
      type: group ? ThreadType.Group : ThreadType.User,
      text: String(params.message ?? params.desc ?? ""),
      attachments: file ? [{ fileName: str(params.fileName), fileId: str(params.fileId), photoId: str(params.photoId), url: str(params.fileUrl ?? params.rawUrl) }] : [],
      at: this.now(),
      params,
    };
    if (params.qmsgId !== undefined) sent.quote = { msgId: String(params.qmsgId), cliMsgId: String(params.qmsgCliId), owner: String(params.qmsgOwner), text: params.qmsg };
    if (o === "ok") sent.msgId = ++this.msgSeq;
    this.sent.push(sent);
    if (this.echoSends && sent.text) {
      if (group) this.pushGroupMessage(threadId, "0", sent.text);
      else this.pushUserMessage("0", sent.text, { to: threadId });
    }
    return this.encrypted(o === "ok" ? { msgId: sent.msgId } : null);
  }
}
