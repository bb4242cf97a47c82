/**
 * The inbox: every inbound event is stored before the platform is told it arrived, then handled
 * in its chat's lane. Telegram confirms a long poll's updates (and a webhook's POST) as soon as
 * they are stored, so one chat's slow answer never holds the others; a crash after that leaves
 * the events in the table, and the next start handles them. Handling is at least once: the
 * brain's dedupe makes a repeat harmless.
 */
import { asc, eq } from "drizzle-orm";
import type { Db } from "../db/connection.js";
import * as t from "../db/schema.js";
import type { Logger } from "../log.js";
import { createLanes } from "./lanes.js";
import type { ChannelName, IncomingMessage } from "./messages.js";

/** Where accepted events wait: the database in the service, memory where there is none. */
export interface InboxStore {
  /** The stored event's id; undefined when this event is already waiting. */
  put(msg: IncomingMessage, now: Date): number | undefined;
  remove(id: number): void;
  /** Events waiting from before, oldest first. */
  waiting(): { id: number; msg: IncomingMessage }[];
}

export interface Inbox {
  /** Stores the event and queues it behind its chat's earlier ones; returns once stored. */
  accept(msg: IncomingMessage): void;
  /** Stops accepting; resolves when what was accepted is handled, or when `grace` settles. */
  close(grace: Promise<unknown>): Promise<void>;
}

export function databaseStore(db: Db, channel: ChannelName): InboxStore {
  return {
    put(msg, now) {
      const row = db
        .insert(t.inbox)
        .values({ channel, chatId: msg.chatId, eventId: msg.eventId, message: msg, receivedAt: now.toISOString() })
        .onConflictDoNothing()
        .returning({ id: t.inbox.id })
        .get();
      return row?.id;
    },
    remove(id) {
      db.delete(t.inbox).where(eq(t.inbox.id, id)).run();
    },
    waiting() {
      return db
        .select({ id: t.inbox.id, msg: t.inbox.message })
        .from(t.inbox)
        .where(eq(t.inbox.channel, channel))
        .orderBy(asc(t.inbox.id))
        .all();
    },
  };
}

/** Holds events only while the process runs: for a channel without a database (tests, bench). */
export function memoryStore(): InboxStore {
  let next = 1;
  const held = new Map<number, IncomingMessage>();
  const keys = new Set<string>();
  const keyOf = (msg: IncomingMessage) => `${msg.chatId}:${msg.eventId}`;
  return {
    put(msg) {
      if (keys.has(keyOf(msg))) return undefined;
      keys.add(keyOf(msg));
      held.set(next, msg);
      return next++;
    },
    remove(id) {
      const msg = held.get(id);
      held.delete(id);
      if (msg) keys.delete(keyOf(msg));
    },
    waiting: () => [...held].map(([id, msg]) => ({ id, msg })),
  };
}

export function createInbox(options: {
  store: InboxStore;
  handle: (msg: IncomingMessage) => Promise<void>;
  log: Logger;
  now?: () => Date;
}): Inbox {
  const { store, handle, log } = options;
  const now = options.now ?? (() => new Date());
  const lanes = createLanes((err) => log.error({ err }, "inbound event handling failed"));
  let open = true;

  const queue = (id: number | undefined, msg: IncomingMessage) =>
    void lanes.run(msg.chatId, async () => {
      try {
        await handle(msg);
      } finally {
        if (id !== undefined) store.remove(id);
      }
    });

  const left = store.waiting();
  if (left.length > 0) log.info({ events: left.length }, "inbox: handling events stored before the last stop");
  for (const { id, msg } of left) queue(id, msg);

  return {
    accept(msg) {
      if (!open) return;
      let id: number | undefined;
      try {
        id = store.put(msg, now());
        if (id === undefined) return;
      } catch (err) {
        // Handled without the durable copy rather than dropped: the platform has it once more.
        log.error({ err }, "inbox: event not stored; handling it anyway");
      }
      queue(id, msg);
    },
    async close(grace) {
      open = false;
      await Promise.race([lanes.idle(), grace]);
    },
  };
}
