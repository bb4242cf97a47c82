/**
 * One lane per chat: a chat's work runs in arrival order ("1" typed right after "/baocao" must
 * see the state the first left), different chats' work side by side, so a slow answer in one
 * chat never holds another.
 */
export interface Lanes {
  /** Runs `work` after everything queued before it under `key`; never rejects. */
  run(key: string, work: () => Promise<void>): Promise<void>;
  /** Resolves when every lane is empty. */
  idle(): Promise<void>;
  /** Chats with work queued or running. */
  readonly busy: number;
}

export function createLanes(onError: (err: unknown) => void): Lanes {
  const tails = new Map<string, Promise<void>>();
  return {
    run(key, work) {
      const tail = (tails.get(key) ?? Promise.resolve()).then(work).catch(onError);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return tail;
    },
    async idle() {
      while (tails.size > 0) await Promise.all([...tails.values()]);
    },
    get busy() {
      return tails.size;
    },
  };
}
