/** The seed plan and a real database in a temporary directory, as the llm tests use them. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUNDLED_PLAN } from "../../src/config.js";
import { openDb, type Db } from "../../src/db/connection.js";
import { createLogger } from "../../src/log.js";
import { createLlm, type Llm } from "../../src/llm/client.js";
import { Directory } from "../../src/plan/directory.js";
import { parsePlan } from "../../src/plan/parse.js";
import { importPlan, syncDirectory } from "../../src/plan/store.js";
import type { Plan } from "../../src/plan/types.js";

export const directory = Directory.load();
export const seedText = readFileSync(BUNDLED_PLAN, "utf8");
export const seed: Plan = parsePlan(seedText, directory);
export const silent = createLogger("silent", false);

export interface TestDb {
  db: Db;
  planId: number;
  active: () => { id: number; plan: Plan; directory: Directory };
  close(): void;
}

export function openTestDb(plan: Plan = seed): TestDb {
  const dir = mkdtempSync(join(tmpdir(), "kehoach-llm-"));
  const db = openDb(join(dir, "test.sqlite"));
  syncDirectory(db, directory);
  const planId = importPlan(db, plan, { name: "seed.txt", text: seedText }, directory);
  return {
    db,
    planId,
    active: () => ({ id: planId, plan, directory }),
    close() {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The real client pointed at a double; a short timeout so a hanging double fails fast. */
export function llmAt(baseURL: string, timeout = 1_000): Llm {
  return createLlm({ apiKey: "test-key", baseURL, model: "test-model" }, { timeout })!;
}

export const samples = {
  questions: (JSON.parse(readFileSync(new URL("../fixtures/questions.json", import.meta.url), "utf8")) as {
    questions: { q: string; sections?: string[]; refuse?: boolean; as?: string; sample?: boolean }[];
  }).questions.filter((q) => q.sample),
  replies: (JSON.parse(readFileSync(new URL("../fixtures/replies.json", import.meta.url), "utf8")) as {
    replies: { as: string; now: string; text: string; task?: string; period?: string; status?: string; question?: boolean; sample?: boolean }[];
  }).replies.filter((r) => r.sample),
};
