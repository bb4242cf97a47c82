/**
 * Keeps a fan-out under a channel's rate limits (Telegram: about 30 messages a second
 * overall, 1 a second per chat) by spacing the sends evenly, so a pass to hundreds of chats
 * runs at the allowed rate instead of bursting into 429s. 429s that still happen are the
 * channel's auto-retry's to wait out.
 */
import type { ChannelLimit } from "./settings.js";

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class Pacer {
  private next = 0;
  private readonly chats = new Map<string, number>();

  constructor(
    private readonly limit: Pick<ChannelLimit, "perSecond" | "perChatPerSecond">,
    private readonly sleep: Sleep = realSleep,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Resolves when a message to the chat may go out, and books that moment. */
  async wait(chat: string): Promise<void> {
    const { perSecond, perChatPerSecond } = this.limit;
    if (perChatPerSecond !== undefined) {
      const ready = Math.max(this.clock(), this.chats.get(chat) ?? 0);
      this.chats.set(chat, ready + 1000 / perChatPerSecond);
      await this.until(ready);
    }
    if (perSecond !== undefined) {
      // Booked after the chat's own wait, so a chat that must wait holds no slot others could use.
      const slot = Math.max(this.clock(), this.next);
      this.next = slot + 1000 / perSecond;
      await this.until(slot);
    }
  }

  private async until(t: number): Promise<void> {
    const ms = t - this.clock();
    if (ms > 0) await this.sleep(ms);
  }
}
