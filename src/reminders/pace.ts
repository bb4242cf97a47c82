/**
 * Keeps a fan-out under a channel's rate limits (Telegram: about 30 messages a second
 * overall, 1 a second per chat), so a pass to hundreds of chats runs at the allowed rate
 * instead of running into 429s. 429s that still happen are the channel's auto-retry's to
 * wait out.
 *
 * The overall limit counts the sends under way and those answered within the last second:
 * the server counts a message when it takes it, which is after we start it and before we
 * hear back, so a second from the answer is a second at the server too, however the
 * requests queue on the way.
 */
import type { ChannelLimit } from "./settings.js";

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const WINDOW_MS = 1_000;
/** A chat's mark while its message is under way: its next turn is set when it is answered. */
const UNDER_WAY = Number.POSITIVE_INFINITY;

/** A place in the window: `done()` once the send is answered, `cancel()` if it never started. */
export interface Slot {
  done(): void;
  cancel(): void;
}

export class Pacer {
  /** When the sends of the last window were answered, oldest first. */
  private readonly answered: number[] = [];
  private held = 0;
  private waiters: (() => void)[] = [];
  private readonly chats = new Map<string, number>();

  constructor(
    private readonly limit: Pick<ChannelLimit, "perSecond" | "perChatPerSecond">,
    private readonly sleep: Sleep = realSleep,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /**
   * Resolves with a place when a message to the chat may go out. The chat's next turn is counted
   * from when this message is answered, for the reason the overall window is: the server counts
   * a message between our start and its answer, so a second from the answer is a second there
   * too, however requests are delayed on the way (counted from the start, a slower first request
   * met a 429). A chat waits while its previous message is under way.
   */
  async wait(chat: string): Promise<Slot> {
    const { perChatPerSecond } = this.limit;
    for (;;) {
      const next = this.chats.get(chat);
      if (next === UNDER_WAY) {
        await new Promise<void>((resolve) => this.waiters.push(resolve));
        continue;
      }
      if (next !== undefined) await this.until(next);
      const slot = await this.place();
      // Another send to the chat may have been granted while this one waited.
      const now = this.chats.get(chat);
      if (now === UNDER_WAY || (now ?? 0) > this.clock()) {
        slot.cancel();
        continue;
      }
      if (perChatPerSecond === undefined) return slot;
      this.chats.set(chat, UNDER_WAY);
      return {
        done: () => {
          this.chats.set(chat, this.clock() + 1000 / perChatPerSecond);
          slot.done();
          this.wake();
        },
        cancel: () => {
          if (now === undefined) this.chats.delete(chat);
          else this.chats.set(chat, now);
          slot.cancel();
          this.wake();
        },
      };
    }
  }

  /** A place in the overall window. */
  private async place(): Promise<Slot> {
    const { perSecond } = this.limit;
    if (perSecond === undefined) return { done: () => undefined, cancel: () => undefined };
    for (;;) {
      const now = this.clock();
      while (this.answered.length > 0 && now - this.answered[0]! >= WINDOW_MS) this.answered.shift();
      if (this.answered.length + this.held < perSecond) {
        this.held++;
        return { done: () => this.release(true), cancel: () => this.release(false) };
      }
      const oldest = this.answered[0];
      // Every place is held by a send under way: wait for one to be answered or given up.
      if (oldest === undefined) await new Promise<void>((resolve) => this.waiters.push(resolve));
      else await this.until(oldest + WINDOW_MS);
    }
  }

  private release(sent: boolean): void {
    this.held--;
    if (sent) this.answered.push(this.clock());
    this.wake();
  }

  /** Lets every waiter look again: a place or a chat was freed. */
  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private async until(t: number): Promise<void> {
    const ms = t - this.clock();
    if (ms > 0) await this.sleep(ms);
  }
}
