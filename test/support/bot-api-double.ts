/**
 * A Telegram Bot API server for tests and the bench: real HTTP on 127.0.0.1, the methods
 * the bot uses, and Telegram's own checks where they catch our bugs (HTML that does not parse,
 * texts over 4096, button data over 64 bytes, answering an unknown callback query).
 *
 * Updates come from a queue the test fills (`pushText`, `pushCallback`, ...) and are served
 * by long polling with Telegram's offset semantics, or POSTed to the webhook once one is set.
 * Failures are injected per method (`fail`), at random (`failRandomly`), per chat (`block`),
 * by dropping a method (`remove`), by a rate limiter (`setRateLimit`) that answers 429 +
 * retry_after, or by an outage (`goDown`) in which no request is ever answered. Every call and every delivered message is recorded for assertions.
 *
 * Deliberately stricter than Telegram in one place: a bare "&" or ">" in HTML is refused,
 * so a missing escape cannot pass unnoticed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const DOUBLE_TOKEN = "123456789:AAtest-double-token-0123456789abcdef";

type Json = Record<string, unknown>;

export interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
}

export interface UploadedFile {
  /** The multipart field, referenced as attach://<field>. */
  field: string;
  name: string;
  bytes: Buffer;
}

export interface ApiCall {
  method: string;
  chatId?: string;
  params: Json;
  files: UploadedFile[];
  /** When the answer was sent (ms since epoch). */
  at: number;
  ok: boolean;
  errorCode?: number;
  /** The connection was cut without an answer (a `dropAfterMs` fault). */
  dropped?: boolean;
}

export interface Delivery {
  chatId: string;
  messageId: number;
  method: "sendMessage" | "sendDocument";
  /** What the user sees: the text or caption after HTML parsing. */
  text: string;
  /** The text or caption exactly as sent. */
  html: string;
  document?: { name: string; bytes: Buffer };
  /** The reply_markup as sent; `currentMarkup` follows editMessageReplyMarkup. */
  replyMarkup?: Json;
  currentMarkup?: Json;
  at: number;
  /** The Message object returned to the bot (and quoted by `pushCallback`, `replyTo`). */
  message: Json;
}

export type Fault =
  /** Answered with this error; nothing is delivered. */
  | { error: number; description?: string; retryAfter?: number }
  /** Processed normally, answered late. */
  | { delayMs: number }
  /** The connection is cut after the delay; nothing is delivered. */
  | { dropAfterMs: number };

/** Messages per second, as Telegram applies them to sendMessage/sendDocument. */
export interface RateLimit {
  overall: number;
  perChat: number;
}

export interface DoubleOptions {
  token?: string;
  username?: string;
  rateLimit?: RateLimit;
  /** Added to every call but getUpdates: the network and server time of the real Bot API. */
  latencyMs?: number;
}

class ApiFailure extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly retryAfter?: number,
  ) {
    super(description);
  }
}

const tooMany = (seconds: number) =>
  new ApiFailure(429, `Too Many Requests: retry after ${seconds}`, Math.max(1, Math.ceil(seconds)));

const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: "Bad Request",
  403: "Forbidden: bot was blocked by the user",
  404: "Not Found",
  500: "Internal Server Error",
  502: "Bad Gateway",
};

type Handler = (params: Json, files: UploadedFile[], res: ServerResponse) => unknown;
type StoredUpdate = Json & { update_id: number };

export class BotApiDouble {
  /** See DoubleOptions.latencyMs. */
  latencyMs = 0;
  readonly calls: ApiCall[] = [];
  readonly deliveries: Delivery[] = [];
  /** Every webhook POST and the HTTP status the bot answered (0 = no answer). */
  readonly webhookPosts: { updateId: number; status: number }[] = [];
  readonly me: TgUser & { can_join_groups: boolean; can_read_all_group_messages: boolean; supports_inline_queries: boolean };
  commands: Json[] = [];
  webhook: { url: string; secret?: string } | undefined;

  private pending: StoredUpdate[] = [];
  private nextUpdateId = 1000;
  private nextQueryId = 1;
  private readonly messageIds = new Map<string, number>();
  private readonly queries = new Map<string, { answered: boolean }>();
  private readonly faults = new Map<string, Fault[]>();
  private chaos: { rate: number; methods: Set<string>; faults: Fault[]; random: () => number } | undefined;
  private readonly blocked = new Map<string, ApiFailure>();
  private readonly removed = new Set<string>();
  private rateLimit: RateLimit | undefined;
  private readonly recentSends: number[] = [];
  private readonly lastSendPerChat = new Map<string, number>();
  private readonly pollers = new Set<() => void>();
  private readonly watchers = new Set<() => boolean>();
  private pumping = false;
  private closed = false;
  /** While down: the requests held unanswered, as a network that drops packets holds them. */
  private held: Set<ServerResponse> | undefined;

  private constructor(
    private readonly server: Server,
    readonly apiRoot: string,
    readonly token: string,
    username: string,
    rateLimit: RateLimit | undefined,
  ) {
    const id = Number(token.split(":")[0]);
    this.me = {
      id,
      is_bot: true,
      first_name: "Kế hoạch",
      username,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
    };
    this.rateLimit = rateLimit;
  }

  static async start(options: DoubleOptions = {}): Promise<BotApiDouble> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const double = new BotApiDouble(
      server,
      `http://127.0.0.1:${port}`,
      options.token ?? DOUBLE_TOKEN,
      options.username ?? "kehoach_test_bot",
      options.rateLimit,
    );
    server.on("request", (req, res) => void double.serve(req, res));
    double.latencyMs = options.latencyMs ?? 0;
    return double;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.comeBack();
    for (const wake of [...this.pollers]) wake();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- updates in -------------------------------------------------------------------------

  /** Queues a raw update (any type, even ones the bot did not ask for); returns its update_id. */
  push(update: Json): number {
    const update_id = this.nextUpdateId++;
    this.pending.push({ ...update, update_id });
    for (const wake of [...this.pollers]) wake();
    void this.pump();
    return update_id;
  }

  user(id: number, firstName = `Cán bộ ${id}`): TgUser {
    return { id, is_bot: false, first_name: firstName };
  }

  /** A message in a chat: positive ids are private chats (the user is the chat), negative are groups. */
  pushMessage(chatId: number, fields: Json, from?: TgUser): number {
    return this.push({ message: this.userMessage(chatId, this.nextMessageId(String(chatId)), fields, from) });
  }

  /** A typed text, with the bot_command and mention entities Telegram would attach. */
  pushText(chatId: number, text: string, options: { from?: TgUser; replyTo?: Delivery } = {}): number {
    const entities = entitiesOf(text);
    return this.pushMessage(
      chatId,
      {
        text,
        ...(entities.length > 0 && { entities }),
        ...(options.replyTo && { reply_to_message: options.replyTo.message }),
      },
      options.from,
    );
  }

  /** Files the bot may download: getFile gives a path, GET /file/bot<token>/<path> the bytes. */
  private readonly hosted = new Map<string, { path: string; data: Buffer }>();

  /** Makes a file id downloadable with these bytes (a photo's or document's content). */
  host(fileId: string, data: Buffer, path = `files/${fileId}`): void {
    this.hosted.set(fileId, { path, data });
  }

  pushPhoto(chatId: number, options: { caption?: string; fileId?: string; size?: number; from?: TgUser } = {}): number {
    const fileId = options.fileId ?? `photo-${this.nextUpdateId}`;
    const size = options.size ?? 120_000;
    const photo = [
      { file_id: `${fileId}-s`, file_unique_id: `${fileId}-us`, width: 90, height: 90, file_size: Math.round(size / 40) },
      { file_id: `${fileId}-m`, file_unique_id: `${fileId}-um`, width: 320, height: 320, file_size: Math.round(size / 8) },
      { file_id: fileId, file_unique_id: `${fileId}-u`, width: 1280, height: 1280, file_size: size },
    ];
    const caption = options.caption;
    const entities = caption === undefined ? [] : entitiesOf(caption);
    return this.pushMessage(
      chatId,
      { photo, ...(caption !== undefined && { caption }), ...(entities.length > 0 && { caption_entities: entities }) },
      options.from,
    );
  }

  /** An edit of an earlier message (by its message_id). */
  pushEdit(chatId: number, messageId: number, text: string, from?: TgUser): number {
    const message = this.userMessage(chatId, messageId, { text, edit_date: now() }, from);
    return this.push({ edited_message: message });
  }

  /** A press on a button of a delivered message; the query must then be answered. */
  pushCallback(delivery: Delivery, data: string, from?: TgUser): { updateId: number; queryId: string } {
    const queryId = `q${this.nextQueryId++}`;
    this.queries.set(queryId, { answered: false });
    const chatId = Number(delivery.chatId);
    const presser = from ?? this.privateUser(chatId);
    const message = { ...delivery.message, ...(delivery.currentMarkup && { reply_markup: delivery.currentMarkup }) };
    const updateId = this.push({
      callback_query: { id: queryId, from: presser, chat_instance: `ci${chatId}`, message, data },
    });
    return { updateId, queryId };
  }

  queryAnswered(queryId: string): boolean {
    return this.queries.get(queryId)?.answered === true;
  }

  /** Updates not yet confirmed by a getUpdates offset (or not yet accepted by the webhook). */
  get pendingCount(): number {
    return this.pending.length;
  }

  // ---- failure injection ------------------------------------------------------------------

  /** The next calls of `method` meet these faults, one each, in order. */
  fail(method: string, ...faults: Fault[]): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), ...faults]);
  }

  /** Each call of the listed methods meets a fault with probability `rate`; undefined turns it off. */
  failRandomly(options: { rate: number; methods: string[]; faults: Fault[]; random?: () => number } | undefined): void {
    this.chaos = options && {
      rate: options.rate,
      methods: new Set(options.methods),
      faults: options.faults,
      random: options.random ?? Math.random,
    };
  }

  /** Sends and chat actions to this chat fail, by default as a user who blocked the bot. */
  block(chatId: number | string, failure = { code: 403, description: "Forbidden: bot was blocked by the user" }): void {
    this.blocked.set(String(chatId), new ApiFailure(failure.code, failure.description));
  }

  /** The method answers 404 "method not found", as on a server that lacks it. */
  remove(method: string): void {
    this.removed.add(method);
  }

  /**
   * From now on every request, a long poll included, hangs without an answer, as when Telegram
   * is blocked; `comeBack` resets the held connections, as the network does when it returns.
   */
  goDown(): void {
    this.held ??= new Set();
  }

  comeBack(): void {
    const held = this.held;
    this.held = undefined;
    for (const res of held ?? []) res.socket?.destroy();
  }

  get isDown(): boolean {
    return this.held !== undefined;
  }

  setRateLimit(limit: RateLimit | undefined): void {
    this.rateLimit = limit;
  }

  // ---- assertions -------------------------------------------------------------------------

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  sentTo(chatId: number | string): Delivery[] {
    return this.deliveries.filter((d) => d.chatId === String(chatId));
  }

  /** Deliveries that repeat an earlier one by key (default: same chat, same visible text). */
  duplicates(key: (d: Delivery) => string = (d) => `${d.chatId}\n${d.text}`): number {
    const seen = new Set<string>();
    let repeats = 0;
    for (const d of this.deliveries) {
      const k = key(d);
      if (seen.has(k)) repeats++;
      seen.add(k);
    }
    return repeats;
  }

  /** Resolves with the probe's first value other than undefined/null/false, re-checked on every call. */
  waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 5_000, what = "condition"): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        this.watchers.delete(check);
      };
      const check = (): boolean => {
        try {
          const value = probe();
          if (value === undefined || value === null || value === false) return false;
          finish();
          resolve(value);
        } catch (err) {
          finish();
          reject(err);
        }
        return true;
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`bot-api-double: ${what} not met within ${timeoutMs} ms`));
      }, timeoutMs);
      if (!check()) this.watchers.add(check);
    });
  }

  /** The first `count` messages delivered to a chat. */
  waitForDeliveries(chatId: number | string, count = 1, timeoutMs = 5_000): Promise<Delivery[]> {
    return this.waitFor(
      () => {
        const sent = this.sentTo(chatId);
        return sent.length >= count && sent.slice(0, count);
      },
      timeoutMs,
      `${count} message(s) to chat ${chatId}`,
    );
  }

  // ---- HTTP -------------------------------------------------------------------------------

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.isDown) {
      this.held!.add(res);
      return;
    }
    const url = new URL(req.url ?? "/", this.apiRoot);
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (download) {
      const file = download[1] === this.token ? [...this.hosted.values()].find((f) => f.path === download[2]) : undefined;
      res.writeHead(file ? 200 : 404, { "content-type": "application/octet-stream" });
      res.end(file?.data ?? "");
      return;
    }
    const route = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!route) return answer(res, new ApiFailure(404, "Not Found"));
    if (route[1] !== this.token) return answer(res, new ApiFailure(401, "Unauthorized"));
    const method = route[2]!;
    const call: ApiCall = { method, params: {}, files: [], at: 0, ok: false };
    try {
      const body = await readBody(req, url);
      call.params = body.params;
      call.files = body.files;
      if (body.params.chat_id !== undefined) call.chatId = String(body.params.chat_id);
      if (this.latencyMs > 0 && method !== "getUpdates") await sleep(this.latencyMs);
      const fault = this.takeFault(method);
      if (fault && "delayMs" in fault) await sleep(fault.delayMs);
      if (fault && "dropAfterMs" in fault) {
        await sleep(fault.dropAfterMs);
        call.dropped = true;
        this.record(call);
        req.socket.destroy();
        return;
      }
      if (fault && "error" in fault) {
        throw new ApiFailure(fault.error, fault.description ?? describeCode(fault.error, fault.retryAfter), fault.retryAfter);
      }
      const handler = this.removed.has(method) ? undefined : this.handlers[method];
      if (!handler) throw new ApiFailure(404, "Not Found: method not found");
      const result = await handler(body.params, body.files, res);
      // A long poll that was waiting when the outage began never gets its answer either.
      if (this.isDown && method === "getUpdates") {
        this.held!.add(res);
        return;
      }
      call.ok = true;
      this.record(call);
      answer(res, result);
    } catch (err) {
      const failure = err instanceof ApiFailure ? err : new ApiFailure(500, `Internal Server Error: ${String(err)}`);
      call.errorCode = failure.code;
      this.record(call);
      answer(res, failure);
    }
  }

  private takeFault(method: string): Fault | undefined {
    const queued = this.faults.get(method);
    if (queued && queued.length > 0) return queued.shift();
    const chaos = this.chaos;
    if (chaos && chaos.methods.has(method) && chaos.random() < chaos.rate) {
      return chaos.faults[Math.floor(chaos.random() * chaos.faults.length)];
    }
    return undefined;
  }

  private record(call: ApiCall): void {
    call.at = Date.now();
    this.calls.push(call);
    this.changed();
  }

  private changed(): void {
    for (const check of [...this.watchers]) check();
  }

  // ---- Bot API methods --------------------------------------------------------------------

  private readonly handlers: Record<string, Handler> = {
    getMe: () => this.me,
    getFile: (p) => {
      const fileId = str(p.file_id);
      const file = this.hosted.get(fileId);
      if (!file) throw new ApiFailure(400, "Bad Request: invalid file_id");
      return { file_id: fileId, file_unique_id: `${fileId}-u`, file_size: file.data.length, file_path: file.path };
    },
    getUpdates: async (p, _files, res) => {
      if (this.webhook) {
        throw new ApiFailure(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
      }
      const offset = int(p.offset);
      if (offset !== undefined && offset > 0) this.pending = this.pending.filter((u) => u.update_id >= offset);
      const limit = Math.min(100, Math.max(1, int(p.limit) ?? 100));
      const timeout = int(p.timeout) ?? 0;
      if (this.pending.length === 0 && timeout > 0 && !this.closed) await this.nextUpdate(timeout * 1000, res);
      return this.pending.slice(0, limit);
    },
    deleteWebhook: (p) => {
      this.webhook = undefined;
      if (bool(p.drop_pending_updates)) this.pending = [];
      return true;
    },
    setWebhook: (p) => {
      const url = str(p.url);
      if (!/^https?:\/\//.test(url)) throw new ApiFailure(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
      if (bool(p.drop_pending_updates)) this.pending = [];
      const secret = p.secret_token === undefined ? undefined : str(p.secret_token);
      this.webhook = { url, ...(secret !== undefined && { secret }) };
      void this.pump();
      return true;
    },
    getWebhookInfo: () => ({
      url: this.webhook?.url ?? "",
      has_custom_certificate: false,
      pending_update_count: this.pending.length,
    }),
    setMyCommands: (p) => {
      const commands = (typeof p.commands === "string" ? JSON.parse(p.commands) : p.commands) as Json[] | undefined;
      if (!Array.isArray(commands)) throw new ApiFailure(400, "Bad Request: commands not found");
      for (const c of commands) {
        if (!/^[a-z0-9_]{1,32}$/.test(str(c.command))) throw new ApiFailure(400, "Bad Request: BOT_COMMAND_INVALID");
        const description = str(c.description);
        if (description.length < 1 || description.length > 256) {
          throw new ApiFailure(400, "Bad Request: command description must be 1-256 characters");
        }
      }
      this.commands = commands;
      return true;
    },
    getMyCommands: () => this.commands,
    sendChatAction: (p) => {
      const chatId = this.chatId(p);
      this.guard(chatId, false);
      if (!CHAT_ACTIONS.has(str(p.action))) throw new ApiFailure(400, "Bad Request: wrong parameter action in request");
      return true;
    },
    sendMessage: (p) => {
      const chatId = this.chatId(p);
      this.guard(chatId, true);
      const html = str(p.text);
      const text = p.parse_mode === "HTML" ? visibleText(html) : html;
      if (text.trim() === "") throw new ApiFailure(400, "Bad Request: message text is empty");
      if (text.length > 4096) throw new ApiFailure(400, "Bad Request: message is too long");
      return this.deliver("sendMessage", chatId, text, html, this.markup(p.reply_markup));
    },
    sendDocument: (p, files) => {
      const chatId = this.chatId(p);
      this.guard(chatId, true);
      const ref = str(p.document);
      if (ref === "") throw new ApiFailure(400, "Bad Request: there is no document in the request");
      const upload = ref.startsWith("attach://") ? files.find((f) => f.field === ref.slice("attach://".length)) : undefined;
      if (ref.startsWith("attach://") && !upload) throw new ApiFailure(400, "Bad Request: wrong file identifier/HTTP URL specified");
      const html = p.caption === undefined ? "" : str(p.caption);
      const caption = p.parse_mode === "HTML" ? visibleText(html) : html;
      if (caption.length > 1024) throw new ApiFailure(400, "Bad Request: message caption is too long");
      const document = upload ? { name: upload.name, bytes: upload.bytes } : { name: ref, bytes: Buffer.alloc(0) };
      return this.deliver("sendDocument", chatId, caption, html, this.markup(p.reply_markup), document);
    },
    answerCallbackQuery: (p) => {
      const query = this.queries.get(str(p.callback_query_id));
      if (!query || query.answered) {
        throw new ApiFailure(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
      }
      query.answered = true;
      return true;
    },
    editMessageReplyMarkup: (p) => {
      const chatId = this.chatId(p);
      const messageId = int(p.message_id);
      const delivery = this.deliveries.find((d) => d.chatId === chatId && d.messageId === messageId);
      if (!delivery) throw new ApiFailure(400, "Bad Request: message to edit not found");
      const markup = this.markup(p.reply_markup);
      if (JSON.stringify(markup ?? null) === JSON.stringify(delivery.currentMarkup ?? null)) {
        throw new ApiFailure(
          400,
          "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
        );
      }
      if (markup) delivery.currentMarkup = markup;
      else delete delivery.currentMarkup;
      return { ...delivery.message, ...(markup && { reply_markup: markup }), edit_date: now() };
    },
  };

  private chatId(p: Json): string {
    if (p.chat_id === undefined || p.chat_id === "") throw new ApiFailure(400, "Bad Request: chat_id is empty");
    return String(p.chat_id);
  }

  /** Blocked chats first, then the rate limiter; only messages count against the limit. */
  private guard(chatId: string, isMessage: boolean): void {
    const blocked = this.blocked.get(chatId);
    if (blocked) throw blocked;
    const limit = this.rateLimit;
    if (!isMessage || !limit) return;
    const t = Date.now();
    while (this.recentSends.length > 0 && t - this.recentSends[0]! >= 1000) this.recentSends.shift();
    if (this.recentSends.length >= limit.overall) throw tooMany((1000 - (t - this.recentSends[0]!)) / 1000);
    const last = this.lastSendPerChat.get(chatId);
    const gap = 1000 / limit.perChat;
    if (last !== undefined && t - last < gap) throw tooMany((gap - (t - last)) / 1000);
  }

  private markup(raw: unknown): Json | undefined {
    if (raw === undefined || raw === "") return undefined;
    const markup = (typeof raw === "string" ? JSON.parse(raw) : raw) as Json;
    const rows = (markup.inline_keyboard ?? []) as Json[][];
    for (const button of rows.flat()) {
      if (str(button.text) === "") throw new ApiFailure(400, "Bad Request: text buttons are unallowed in the inline keyboard");
      const data = button.callback_data;
      if (data !== undefined && (str(data) === "" || Buffer.byteLength(str(data), "utf8") > 64)) {
        throw new ApiFailure(400, "Bad Request: BUTTON_DATA_INVALID");
      }
    }
    return markup;
  }

  private deliver(
    method: Delivery["method"],
    chatId: string,
    text: string,
    html: string,
    markup: Json | undefined,
    document?: { name: string; bytes: Buffer },
  ): Json {
    const at = Date.now();
    this.recentSends.push(at);
    this.lastSendPerChat.set(chatId, at);
    const messageId = this.nextMessageId(chatId);
    const message: Json = {
      message_id: messageId,
      date: now(),
      chat: chatOf(Number(chatId)),
      from: { id: this.me.id, is_bot: true, first_name: this.me.first_name, username: this.me.username },
      ...(method === "sendMessage" ? { text } : text === "" ? {} : { caption: text }),
      ...(document && {
        document: { file_id: `doc-${chatId}-${messageId}`, file_unique_id: `udoc-${chatId}-${messageId}`, file_name: document.name, file_size: document.bytes.length },
      }),
      ...(markup && { reply_markup: markup }),
    };
    this.deliveries.push({
      chatId,
      messageId,
      method,
      text,
      html,
      ...(document && { document }),
      ...(markup && { replyMarkup: markup, currentMarkup: markup }),
      at,
      message,
    });
    // Watchers are woken when the call itself is recorded, so both are visible together.
    return message;
  }

  // ---- helpers ----------------------------------------------------------------------------

  private nextMessageId(chatId: string): number {
    const id = (this.messageIds.get(chatId) ?? 0) + 1;
    this.messageIds.set(chatId, id);
    return id;
  }

  private privateUser(chatId: number): TgUser {
    if (chatId < 0) throw new Error("bot-api-double: a group message needs an explicit `from` user");
    return this.user(chatId);
  }

  private userMessage(chatId: number, messageId: number, fields: Json, from?: TgUser): Json {
    return { message_id: messageId, date: now(), chat: chatOf(chatId), from: from ?? this.privateUser(chatId), ...fields };
  }

  /** Resolves when an update is pushed, the poll times out, or the client goes away. */
  private nextUpdate(ms: number, res: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.pollers.delete(wake);
        res.off("close", wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.pollers.add(wake);
      res.on("close", wake);
    });
  }

  /** Webhook delivery: one update at a time, in order, retried until the bot answers 2xx. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.webhook && this.pending.length > 0 && !this.closed) {
        const update = this.pending[0]!;
        const hook = this.webhook;
        let status = 0;
        try {
          const response = await fetch(hook.url, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              ...(hook.secret !== undefined && { "x-telegram-bot-api-secret-token": hook.secret }),
            },
            body: JSON.stringify(update),
          });
          status = response.status;
          await response.arrayBuffer();
        } catch {
          status = 0;
        }
        this.webhookPosts.push({ updateId: update.update_id, status });
        this.changed();
        if (status >= 200 && status < 300) {
          if (this.pending[0] === update) this.pending.shift();
        } else {
          await sleep(100);
        }
      }
    } finally {
      this.pumping = false;
    }
  }
}

const CHAT_ACTIONS = new Set([
  "typing",
  "upload_photo",
  "record_video",
  "upload_video",
  "record_voice",
  "upload_voice",
  "upload_document",
  "choose_sticker",
  "find_location",
  "record_video_note",
  "upload_video_note",
]);

const HTML_TAGS = new Set([
  "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji",
]);

/** The text a user sees for an HTML-formatted message; throws the 400 Telegram gives for bad markup. */
export function visibleText(html: string): string {
  const bad = (what: string, at: number) => new ApiFailure(400, `Bad Request: can't parse entities: ${what} at offset ${at}`);
  const open: string[] = [];
  let out = "";
  let i = 0;
  while (i < html.length) {
    const c = html[i]!;
    if (c === "<") {
      const tag = /^<(\/?)([a-zA-Z-]+)(\s[^<>]*)?>/.exec(html.slice(i));
      const name = tag?.[2]?.toLowerCase();
      if (!tag || name === undefined || !HTML_TAGS.has(name)) throw bad('unsupported tag or unescaped "<"', i);
      if (tag[1] === "/") {
        if (open.pop() !== name) throw bad(`unexpected end tag "${name}"`, i);
      } else {
        open.push(name);
      }
      i += tag[0].length;
    } else if (c === "&") {
      const entity = /^&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/.exec(html.slice(i, i + 12));
      if (!entity) throw bad('unescaped "&"', i);
      const name = entity[1]!;
      out +=
        name === "lt" ? "<"
        : name === "gt" ? ">"
        : name === "amp" ? "&"
        : name === "quot" ? '"'
        : String.fromCodePoint(name.startsWith("#x") ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
      i += entity[0].length;
    } else if (c === ">") {
      throw bad('unescaped ">"', i);
    } else {
      out += c;
      i++;
    }
  }
  if (open.length > 0) throw bad(`can't find end tag for "${open[open.length - 1]}"`, html.length);
  return out;
}

/** The entities Telegram's clients attach to a typed text: a leading command and @mentions. */
export function entitiesOf(text: string): Json[] {
  const entities: Json[] = [];
  const command = /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?/.exec(text);
  if (command) entities.push({ type: "bot_command", offset: 0, length: command[0].length });
  for (const m of text.matchAll(/(^|[^\w@/])(@[A-Za-z0-9_]{5,32})/g)) {
    entities.push({ type: "mention", offset: m.index + m[1]!.length, length: m[2]!.length });
  }
  return entities;
}

function chatOf(id: number): Json {
  return id > 0 ? { id, type: "private", first_name: `Cán bộ ${id}` } : { id, type: "supergroup", title: `Nhóm ${-id}` };
}

function describeCode(code: number, retryAfter?: number): string {
  if (code === 429) return `Too Many Requests: retry after ${retryAfter ?? 1}`;
  return DEFAULT_DESCRIPTIONS[code] ?? `Error ${code}`;
}

function answer(res: ServerResponse, result: unknown): void {
  if (res.destroyed || res.writableEnded) return;
  const body =
    result instanceof ApiFailure
      ? {
          ok: false,
          error_code: result.code,
          description: result.description,
          ...(result.retryAfter !== undefined && { parameters: { retry_after: result.retryAfter } }),
        }
      : { ok: true, result };
  res.writeHead(result instanceof ApiFailure ? result.code : 200, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage, url: URL): Promise<{ params: Json; files: UploadedFile[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const params: Json = Object.fromEntries(url.searchParams);
  const type = req.headers["content-type"] ?? "";
  if (body.length === 0) return { params, files: [] };
  if (type.startsWith("application/json")) {
    try {
      Object.assign(params, JSON.parse(body.toString("utf8")));
    } catch {
      throw new ApiFailure(400, "Bad Request: can't parse JSON");
    }
    return { params, files: [] };
  }
  if (type.startsWith("multipart/form-data")) {
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/.exec(type);
    const parsed = parseMultipart(body, boundary?.[1] ?? boundary?.[2] ?? "");
    Object.assign(params, parsed.fields);
    return { params, files: parsed.files };
  }
  Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString("utf8"))));
  return { params, files: [] };
}

/** grammY writes `filename=` unquoted and in raw UTF-8, which general parsers mishandle. */
function parseMultipart(body: Buffer, boundary: string): { fields: Record<string, string>; files: UploadedFile[] } {
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  if (boundary === "") throw new ApiFailure(400, "Bad Request: multipart boundary missing");
  const delimiter = Buffer.from(`--${boundary}`);
  const separator = Buffer.from(`\r\n--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    const start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === "--") break;
    const next = body.indexOf(separator, start);
    if (next === -1) break;
    const part = body.subarray(start + 2, next);
    const headerEnd = part.indexOf("\r\n\r\n");
    const headers = part.subarray(0, headerEnd).toString("utf8");
    const content = part.subarray(headerEnd + 4);
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    const filename = /filename=(?:"([^"]*)"|([^\r\n]*))/i.exec(headers);
    if (name !== undefined) {
      if (filename) files.push({ field: name, name: (filename[1] ?? filename[2] ?? "").trim(), bytes: Buffer.from(content) });
      else fields[name] = content.toString("utf8");
    }
    pos = next + 2;
  }
  return { fields, files };
}

function str(v: unknown): string {
  return v === undefined || v === null ? "" : String(v);
}

function int(v: unknown): number | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

function bool(v: unknown): boolean {
  return v === true || v === "true";
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
