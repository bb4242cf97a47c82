/**
 * Another process writing to the database the way the bot does: a confirmed report per turn
 * through saveReport (insert and supersede in one transaction), with a breath between reports,
 * until the parent sends "stop" (it then answers with what it wrote) or kills it. Tests take
 * backups under this load and kill it as a crash would.
 *
 * The breath is what keeps it a bot and not a lock-holder: back to back, its next transaction
 * takes the write lock the instant the last one frees it, and another writer's busy handler,
 * which sleeps between tries, can miss every free moment for its whole 5 s under CI load.
 *
 * Run with `node --import tsx`; argv: database, plan id, agency code, task id, period, prefix
 * of the message references ("<prefix>-0", "<prefix>-1", ...).
 */
import { openDb } from "../../src/db/connection.js";
import { saveReport } from "../../src/reports/store.js";

export interface WriterOutcome {
  written: number;
  errors: string[];
}

const [path, planId, agency, task, period, prefix] = process.argv.slice(2);
if (!path || !planId || !agency || !task || !period || !prefix) throw new Error("usage: db-writer <db> <planId> <agency> <task> <period> <prefix>");

const BREATH_MS = 2;

const db = openDb(path);
const outcome: WriterOutcome = { written: 0, errors: [] };
let stopping = false;
process.on("message", (m) => {
  if (m === "stop") stopping = true;
});

function step(): void {
  if (stopping || outcome.errors.length >= 20) {
    db.$client.close();
    process.send?.(outcome, () => process.exit(0));
    return;
  }
  try {
    saveReport(db, Number(planId), {
      agency: agency!,
      task: task!,
      period: period!,
      status: "dang_thuc_hien",
      results: `Báo cáo lần ${outcome.written + 1}: đã đăng ${outcome.written % 17} tin bài.`,
      figures: [],
      difficulties: [],
      proposals: [],
      evidence: [],
      contactId: null,
      channel: "telegram",
      messageRef: `${prefix}-${outcome.written}`,
      reportedAt: new Date().toISOString(),
    });
    outcome.written += 1;
    if (outcome.written === 1) process.send?.("ready");
  } catch (e) {
    outcome.errors.push(e instanceof Error ? `${(e as { code?: string }).code ?? ""} ${e.message}` : String(e));
  }
  setTimeout(step, BREATH_MS);
}
step();
