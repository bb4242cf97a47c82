/**
 * SIGKILL at random points of 200 scripted report conversations. The brain runs in a child
 * process on a database file (test/support/kill-worker.ts); the test feeds it the next step of
 * every conversation in rounds, kills it wherever it happens to be, starts it again and
 * redelivers every message it had not answered, with the same event id, as Telegram does with
 * unconfirmed updates. Whatever the kills hit, each conversation ends exactly as its script
 * says: every confirmed report present exactly once, nothing stored for a cancelled one, and
 * every conversation left open waiting at its step, and finished from there.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { loadConversation } from "../../src/core/conversations.js";
import { createInvite, redeemInvite } from "../../src/core/contacts.js";
import { obligationsOf } from "../../src/plan/obligations.js";
import { periodAt, periodsOf } from "../../src/plan/periods.js";
import type { PlanTask } from "../../src/plan/types.js";
import { listReports } from "../../src/reports/store.js";
import { REPORT_STATUSES, type ReportStatus } from "../../src/reports/types.js";
import { openTestApp, type TestApp } from "../support/app.js";
import type { WorkerInput, WorkerOutput } from "../support/kill-worker.js";
import { seeded } from "./random.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const WORKER = fileURLToPath(new URL("../support/kill-worker.ts", import.meta.url));
// In June a monthly task offers four periods to report on, so 200 conversations each get a
// task and period of their own (a second report for one would be asked «Bổ sung» or «Thay thế»).
const NOW = "2024-06-20T09:00:00+07:00";
const CONVERSATIONS = 200;

/** The brain in a child process, answering one JSON line per message. */
class Worker {
  private readonly waiting = new Map<string, (out: WorkerOutput) => void>();
  readonly exited: Promise<void>;
  private alive = true;

  private constructor(private readonly child: ChildProcess, ready: () => void) {
    // Writing to a killed worker fails with EPIPE: what it did not read is redelivered anyway.
    child.stdin!.on("error", () => undefined);
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      if (line === "ready") return ready();
      const out = JSON.parse(line) as WorkerOutput;
      this.waiting.get(out.eventId)?.(out);
    });
    this.exited = new Promise((resolve) => child.once("exit", () => {
      this.alive = false;
      resolve();
    }));
  }

  static start(database: string): Promise<Worker> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", WORKER, database, NOW], { cwd: ROOT, stdio: ["pipe", "pipe", "inherit"] });
      const worker: Worker = new Worker(child, () => resolve(worker));
      void worker.exited.then(() => reject(new Error("the worker exited before it was ready")));
    });
  }

  get running(): boolean {
    return this.alive;
  }

  /** Sends the messages in order; calls `answered` as each is answered (never after a kill). */
  send(batch: WorkerInput[], answered: (out: WorkerOutput) => void): void {
    for (const m of batch) this.waiting.set(m.eventId, answered);
    this.child.stdin!.write(batch.map((m) => `${JSON.stringify(m)}\n`).join(""));
  }

  async kill(): Promise<void> {
    this.child.kill("SIGKILL");
    await this.exited;
  }

  async close(): Promise<void> {
    this.child.stdin!.end();
    await this.exited;
  }
}

type Step = { text: string; next: string | null };
type Stored = { kind: "stored"; status: ReportStatus; results: string };
type Outcome = Stored | { kind: "cancelled" } | { kind: "open"; step: string };

interface Conversation {
  chatId: string;
  agency: string;
  steps: Step[];
  /** Steps sent and answered (or redelivered until answered). */
  done: number;
  /** How far the first pass goes: all steps, or up to where the conversation is left open. */
  until: number;
  outcome: Outcome;
  /** What the whole script stores, once a conversation left open is finished. */
  finished: Stored;
}

function repeats(task: PlanTask): boolean {
  return task.recurrence === "quarterly" || task.recurrence === "monthly" || task.recurrence === "continuous";
}

/** The conversation's number in letters: a report text without digits leaves its status to be asked. */
const lettersOf = (i: number) => [...i.toString(26)].map((d) => "abcdefghijklmnopqrstuvwxyz"[parseInt(d, 26)]).join("");

/**
 * The steps of one `/baocao` of `task` for the `period`-th period offered, varied by `i`: the
 * period, the status, a difficulty added at the preview, an edit of the results, a cancel, a
 * stop half-way.
 */
function scriptOf(i: number, task: PlanTask, period: number, rnd: () => number): { steps: Step[]; until: number; outcome: Outcome; finished: Stored } {
  const status = i % REPORT_STATUSES.length;
  let results = `Kết quả của hội thoại mã ${lettersOf(i)} gồm các hoạt động tuyên truyền.`;
  const steps: Step[] = [{ text: `/baocao ${task.id}`, next: "write" }];
  // The current period is the default; an earlier one is chosen by its letter.
  if (repeats(task) && period > 1) steps.push({ text: "Chọn kỳ khác", next: "period" }, { text: "abcd"[period - 1]!, next: "write" });
  steps.push({ text: results, next: "status" }, { text: "abcd"[status]!, next: "confirm" });
  if (i % 2 === 0) steps.push({ text: `Khó khăn: của hội thoại mã ${lettersOf(i)}.`, next: "confirm" });
  if (i % 10 === 3) {
    // «Sửa» at the preview, then «Sửa kết quả»: only the results are typed again.
    results = `Kết quả đã sửa của hội thoại mã ${lettersOf(i)}.`;
    steps.push({ text: "b", next: "edit" }, { text: "sửa kết quả", next: "results" }, { text: results, next: "confirm" });
  }
  steps.push({ text: "Xác nhận", next: null });
  const finished: Stored = { kind: "stored", status: REPORT_STATUSES[status]!, results };
  const cut = 1 + Math.floor(rnd() * (steps.length - 1));
  if (i % 10 === 7) {
    return { steps: [...steps.slice(0, cut), { text: "/huy", next: null }], until: cut + 1, outcome: { kind: "cancelled" }, finished };
  }
  if (i % 10 === 9) return { steps, until: cut, outcome: { kind: "open", step: steps[cut - 1]!.next! }, finished };
  return { steps, until: steps.length, outcome: finished, finished };
}

let t: TestApp | undefined;
let worker: Worker | undefined;
afterEach(async () => {
  if (worker?.running) await worker.kill();
  t?.dispose();
  t = undefined;
});

describe("SIGKILL during report conversations", () => {
  it(`kills the bot at random points of ${CONVERSATIONS} conversations; each ends exactly as scripted`, async () => {
    const seed = Number(process.env.KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const rnd = seeded(seed);
    t = openTestApp({ now: NOW });
    const database = join(t.dir, "kehoach.sqlite");
    const { plan, directory, id: planId } = t.app.active();
    const leads = directory.agencies.flatMap((a) => obligationsOf(plan, directory, a.code).filter((o) => o.role === "lead").map((o) => ({ agency: a.code, task: o.task })));
    // Every task an agency leads, with each period the conversation offers for it (up to four).
    const keys = leads.flatMap((l) => {
      const offered = repeats(l.task) ? Math.min(4, periodsOf(l.task, plan.years).findIndex((p) => p.id === periodAt(l.task, plan.years, NOW.slice(0, 10)).id) + 1) : 1;
      return Array.from({ length: offered }, (_, n) => ({ ...l, period: n + 1 }));
    });
    expect(keys.length).toBeGreaterThanOrEqual(CONVERSATIONS);
    const conversations: Conversation[] = Array.from({ length: CONVERSATIONS }, (_, i) => {
      const { agency, task, period } = keys[i]!;
      const chatId = `k${i}`;
      const { code } = createInvite(t!.app.db, agency, "focal", "test", t!.clock.now());
      const r = redeemInvite(t!.app.db, code, { channel: "telegram", chatId, chatKind: "private", displayName: `Cán bộ ${i}` }, t!.clock.now());
      if (!r.ok) throw new Error(r.reason);
      return { chatId, agency, done: 0, ...scriptOf(i, task, period, rnd) };
    });
    t.close();

    let kills = 0;
    /** Deaths nobody caused: a message that brings the bot down. */
    let crashes = 0;
    let redelivered = 0;
    const eventOf = (c: Conversation, n: number) => `${c.chatId}-${n}`;

    /** Delivers the batch until every message is answered, killing the worker at random points. */
    async function deliver(batch: WorkerInput[], killRate: number): Promise<void> {
      let pending = batch;
      while (pending.length > 0) {
        worker ??= await Worker.start(database);
        const answered = new Set<string>();
        const w = worker;
        // Fewer kills while redelivering, so every batch gets through.
        const killAt = rnd() < (pending === batch ? killRate : killRate / 3) ? Math.floor(rnd() * pending.length) : -1;
        const delay = rnd() * 3;
        let killing = false;
        await new Promise<void>((resolve) => {
          const stop = () => {
            if (killing) return;
            killing = true;
            setTimeout(() => void w.kill().then(resolve), delay);
          };
          w.send(pending, (out) => {
            answered.add(out.eventId);
            // Once a kill is on its way, the round ends with it, even if every answer came first.
            if (answered.size === pending.length && !killing) resolve();
            else if (answered.size === killAt) stop();
          });
          if (killAt === 0) stop();
          void w.exited.then(resolve);
        });
        if (!w.running) {
          if (killing) kills++;
          else crashes++;
          worker = undefined;
        }
        const left = pending.filter((m) => !answered.has(m.eventId));
        redelivered += left.length;
        pending = left;
      }
    }

    async function stopWorker(): Promise<void> {
      await worker?.close();
      worker = undefined;
    }

    /** Every conversation takes its next step, in one batch per round, until `limit` says stop. */
    async function run(limit: (c: Conversation) => number, killRate: number): Promise<void> {
      for (;;) {
        const moving = conversations.filter((c) => c.done < limit(c));
        if (moving.length === 0) return;
        const batch = moving.map((c) => ({ chatId: c.chatId, eventId: eventOf(c, c.done), text: c.steps[c.done]!.text }));
        await deliver(batch, killRate);
        for (const c of moving) c.done++;
      }
    }

    await run((c) => c.until, 0.6);
    await stopWorker();
    expect(crashes).toBe(0);

    /** What the database says of a conversation, in the shape of its expected outcome. */
    const found = (app: TestApp, c: Conversation) => {
      const mine = listReports(app.app.db, planId, { agency: c.agency, history: true }).filter((r) => r.messageRef?.startsWith(`${c.chatId}:`));
      const open = loadConversation(app.app.db, { channel: "telegram", chatId: c.chatId, userId: c.chatId });
      return { reports: mine.map((r) => ({ status: r.status, results: r.results })), open: open?.kind === "report" ? open.step : null };
    };
    const expected = (outcome: Outcome) => ({
      reports: outcome.kind === "stored" ? [{ status: outcome.status, results: outcome.results }] : [],
      open: outcome.kind === "open" ? outcome.step : null,
    });

    t = openTestApp({ now: NOW, dir: t.dir });
    for (const c of conversations) expect(found(t, c), `${c.chatId} (seed ${seed})`).toEqual(expected(c.outcome));
    expect(t.app.db.$client.pragma("integrity_check", { simple: true })).toBe("ok");
    t.close();

    // Every conversation left open goes on from its step, through more kills, to its report.
    await run((c) => (c.outcome.kind === "open" ? c.steps.length : c.done), 0.5);
    await stopWorker();
    t = openTestApp({ now: NOW, dir: t.dir });
    for (const c of conversations.filter((x) => x.outcome.kind === "open")) {
      expect(found(t, c), `${c.chatId} (seed ${seed})`).toEqual(expected(c.finished));
    }
    expect(crashes).toBe(0);
    const stored = conversations.filter((c) => c.outcome.kind !== "cancelled").length;
    expect(listReports(t.app.db, planId, { history: true })).toHaveLength(stored);
    process.stdout.write(`SIGKILL: ${CONVERSATIONS} conversations, ${kills} kills, ${redelivered} messages redelivered, ${stored} reports, seed ${seed}\n`);
  }, 120_000);
});
