import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: "forks",
    globalSetup: ["src/build.mjs"],
    // Vitest's default leaves one of two cores idle; most files wait on sockets, timers and child
    // processes, and the Telegram outage test alone waits two minutes.
    maxWorkers: 2,
  },
});
