/**
 * A real application (SQLite file in a temp folder, the seed plan, the bundled directory and
 * calendar) and a channel that records what it is asked to send: the reminder delivery's
 * boundaries, real except for the chat platform.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { openApp, type App } from "../../src/app.js";
import { ManualClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { createInvite, redeemInvite, type Contact, type Role } from "../../src/core/contacts.js";
import type { Address, Channel, ChannelName, OutgoingMessage } from "../../src/core/messages.js";
import { runPass, type DeliveryHooks, type PassContext, type PassResult } from "../../src/reminders/delivery.js";
import type { ReminderSettings } from "../../src/reminders/settings.js";
import { fastSettings, ZONE } from "../support/plans.js";

export const silent = pino({ level: "silent" });

export interface Sent {
  to: Address;
  message: OutgoingMessage;
}

/** Records every send; `fail` makes the next sends throw what it returns (undefined: succeed). */
export class RecordingChannel implements Channel {
  readonly sent: Sent[] = [];
  fail: ((to: Address, n: number) => Error | undefined) | undefined;
  private calls = 0;

  constructor(readonly name: ChannelName = "telegram") {}

  async send(to: Address, message: OutgoingMessage): Promise<void> {
    const error = this.fail?.(to, ++this.calls);
    if (error) throw error;
    this.sent.push({ to, message });
  }

  to(chatId: string): Sent[] {
    return this.sent.filter((s) => s.to.chatId === chatId);
  }

  /** Messages sent to the same chat with the same text more than once. */
  duplicates(): number {
    const seen = new Set<string>();
    let n = 0;
    for (const s of this.sent) {
      const k = `${s.to.chatId}\n${s.message.text}`;
      if (seen.has(k)) n++;
      seen.add(k);
    }
    return n;
  }
}

export interface Harness {
  dir: string;
  app: App;
  clock: ManualClock;
  channel: RecordingChannel;
  /** Registers a chat for the agency (by code) through a real invite. */
  register(agency: string, chatId: string, role?: Role, channel?: ChannelName): Contact;
  pass(
    at: string,
    options?: { dryRun?: boolean; hooks?: DeliveryHooks; settings?: ReminderSettings; digests?: PassContext["digests"] },
  ): Promise<PassResult>;
  dispose(): void;
}

export function harness(): Harness {
  const dir = mkdtempSync(join(tmpdir(), "kehoach-reminders-"));
  const config = loadConfig({ DATABASE_PATH: join(dir, "kehoach.sqlite"), ZALO_CREDENTIALS_FILE: join(dir, "zalo.json") });
  const clock = new ManualClock("2024-01-02T09:00:00+07:00");
  const app = openApp(config, silent, clock);
  app.active();
  const channel = new RecordingChannel();
  return {
    dir,
    app,
    clock,
    channel,
    register(agency, chatId, role = "focal", channelName = "telegram") {
      const { code } = createInvite(app.db, agency, role, "test", clock.now());
      const r = redeemInvite(app.db, code, { channel: channelName, chatId, chatKind: "private", displayName: `Cán bộ ${chatId}` }, clock.now());
      if (!r.ok) throw new Error(`registration failed: ${r.reason}`);
      return r.contact;
    },
    pass(at, options = {}) {
      clock.set(at);
      return runPass(
        {
          db: app.db,
          channels: new Map([[channel.name, channel]]),
          active: app.active(),
          calendar: app.calendar,
          zone: ZONE,
          settings: options.settings ?? fastSettings,
          log: silent,
          sleep: async () => undefined,
          ...(options.hooks ? { hooks: options.hooks } : {}),
          ...(options.digests ? { digests: options.digests } : {}),
        },
        clock.now(),
        { dryRun: options.dryRun === true },
      );
    },
    dispose() {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
