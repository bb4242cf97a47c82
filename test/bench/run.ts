/**
 * `npm run bench`: every figure of DESIGN §7, measured in one run on this machine, each beside
 * its target. Prints a table and what stands behind each figure; with `--json`, exactly one
 * JSON document on stdout, {"metrics":[{"name","value","unit","target","ok"}]}, progress on
 * stderr. A missed target is a finding, not a failure: the exit code is 0 unless a
 * measurement could not be taken (its value is then null).
 *
 * Everything runs on 127.0.0.1: Bot API doubles, the service as a child process.
 */
import { cpus } from "node:os";
import { fanoutBench } from "./fanout.js";
import { footprintBench } from "./footprint.js";
import { inboundBench } from "./inbound.js";
import { retrievalBench } from "./retrieval.js";
import { scaleBench } from "./scale.js";
import { summaryBench } from "./summary.js";

interface Metric {
  name: string;
  value: number | null;
  unit: string;
  /** The bound, as "<= 1.15" / ">= 0.5"; null for a figure DESIGN gives no target. */
  target: string | null;
  ok: boolean;
}

interface Target {
  text: string;
  met(value: number): boolean;
}

const atMost = (limit: number): Target => ({ text: `<= ${limit}`, met: (v) => v <= limit });
const atLeast = (limit: number): Target => ({ text: `>= ${limit}`, met: (v) => v >= limit });
const exactly = (n: number): Target => ({ text: `= ${n}`, met: (v) => v === n });
const none: Target = { text: "", met: () => true };

const json = process.argv.includes("--json");
const metrics: Metric[] = [];
const details: string[] = [];
let broken = false;

function record(name: string, value: number | null, unit: string, target: Target): void {
  metrics.push({
    name,
    value: value === null ? null : Number(value.toPrecision(4)),
    unit,
    target: target === none ? null : target.text,
    ok: value !== null && target.met(value),
  });
}

const progress = (what: string) => process.stderr.write(`bench: ${what}…\n`);
const fixed = (n: number, digits = 2) => n.toFixed(digits);

/** Runs one measurement; when it throws, its metrics are recorded as not measured. */
async function measure<T>(what: string, names: [string, string, Target][], run: () => Promise<T> | T, use: (figures: T) => void): Promise<void> {
  progress(what);
  try {
    use(await run());
  } catch (err) {
    broken = true;
    process.stderr.write(`bench: ${what} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    details.push(`${what}: not measured (${err instanceof Error ? err.message.split("\n")[0] : String(err)})`);
    for (const [name, unit, target] of names) record(name, null, unit, target);
  }
}

const T = {
  rtt20: atLeast(0.9),
  concurrent: atLeast(5),
  fanout: atMost(1.15),
  zero: exactly(0),
  p95: atMost(5),
  context: atMost(0.25),
  recall: atLeast(0.95),
  summary: atMost(2),
  rss: atMost(150),
  tonghopCpu: atMost(5),
  tonghopPeak: atMost(400),
  tiendo: atMost(200),
  nhacnho: atMost(50),
  helpDelay: atMost(200),
  catchup: atMost(1.15),
};

await measure(
  "inbound pipeline: CPU per update (250 chats, a Bot API answering at once)",
  [["inbound_cpu_ms", "ms", none]],
  () => inboundBench({ chats: 250, rounds: 5, latencyMs: 0, together: true, echo: true }),
  (f) => {
    record("inbound_cpu_ms", f.botCpuMs, "ms", none);
    details.push(
      `inbound CPU: ${fixed(f.botCpuMs)} ms an update through the product (the Bot API double in the same process included), ` +
        `${fixed(f.echoCpuMs)} ms through a bare grammY echo bot; ${fixed(f.botRate, 0)} vs ${fixed(f.echoRate, 0)} updates/s; ` +
        `median of ${f.rounds} rounds of ${f.chats} chats (a free-text report, the confirm button, «Thay thế» where asked: ${f.updates} updates); ${f.stored} reports stored` +
        (f.unconfirmed > 0 ? `, ${f.unconfirmed} drafts without a confirm button (cancelled)` : ""),
    );
  },
);

// Against a Bot API that answers in 20 ms, as Telegram's does at best: first one chat after
// another, where every update waits for the one before it (what one user sees), then 250 chats
// writing at once (what the product gains by handling chats side by side).
let sequentialRate: number | undefined;
await measure(
  "inbound pipeline at 20 ms per Bot API call, one chat after another",
  [["inbound_ratio_rtt20", "ratio", T.rtt20]],
  () => inboundBench({ chats: 40, rounds: 3, latencyMs: 20, together: false, echo: true }),
  (f) => {
    sequentialRate = f.botRate;
    record("inbound_ratio_rtt20", f.ratio, "ratio", T.rtt20);
    details.push(
      `inbound at 20 ms per call, one update at a time: ${fixed(f.botRate, 1)} updates/s through the product, ${fixed(f.echoRate, 1)} through the echo bot ` +
        `(${f.chats} chats, ${f.updates} updates a round, median of ${f.rounds})`,
    );
  },
);

await measure(
  "inbound pipeline at 20 ms per Bot API call, 250 chats at once",
  [["inbound_concurrent_x", "x", T.concurrent]],
  () => inboundBench({ chats: 250, rounds: 3, latencyMs: 20, together: true, echo: false }),
  (f) => {
    if (sequentialRate === undefined) throw new Error("the sequential figure was not measured");
    record("inbound_concurrent_x", f.botRate / sequentialRate, "x", T.concurrent);
    details.push(
      `inbound at 20 ms per call, 250 chats at once: ${fixed(f.botRate, 0)} updates/s through the product ` +
        `(${fixed(f.botRate / sequentialRate, 1)}× its one-at-a-time rate), ${fixed(f.channelRate, 0)} through the channel before an instant stand-in; ` +
        `${f.stored} reports stored`,
    );
  },
);

await measure(
  "reminder fan-out (300 chats, 30/s overall, 1/s per chat)",
  [
    ["fanout_ratio", "ratio", T.fanout],
    ["fanout_lost", "recipients", T.zero],
    ["fanout_duplicates", "messages", T.zero],
  ],
  () => fanoutBench(300),
  (f) => {
    record("fanout_ratio", f.ratio, "ratio", T.fanout);
    record("fanout_lost", f.lost, "recipients", T.zero);
    record("fanout_duplicates", f.duplicates, "messages", T.zero);
    details.push(
      `fan-out: ${f.messages} messages to 300 chats in ${fixed(f.seconds)} s (ideal ${fixed(f.seconds / f.ratio, 1)} s), ` +
        `${f.rateLimited} answered 429, through the reminder pass's own pacing and grammY's auto-retry`,
    );
  },
);

await measure(
  "retrieval over the question set",
  [
    ["retrieval_p95_ms", "ms", T.p95],
    ["retrieval_p50_ms", "ms", none],
    ["context_fraction", "of plan", T.context],
    ["recall_at_3", "fraction", T.recall],
  ],
  () => retrievalBench(),
  (f) => {
    record("retrieval_p95_ms", f.p95Ms, "ms", T.p95);
    record("retrieval_p50_ms", f.p50Ms, "ms", none);
    record("context_fraction", f.contextMax, "of plan", T.context);
    record("recall_at_3", f.recallAt3, "fraction", T.recall);
    details.push(
      `retrieval: ${f.questions} questions (${f.answerable} answerable), grounding + model context per question; ` +
        `context largest ${fixed(f.contextMax, 3)}, mean ${fixed(f.contextMean, 3)} of the plan; index built once in ${fixed(f.buildMs, 0)} ms`,
    );
  },
);

await measure(
  "summary of 10,000 reports (compile + DOCX)",
  [["summary_10k_s", "s", T.summary]],
  () => summaryBench(10_000),
  (s) => record("summary_10k_s", s, "s", T.summary),
);

await measure(
  "scale: a merged province (130 agencies, 100,000 reports), one request at a time",
  [
    ["tonghop_admin_cpu_s", "s", T.tonghopCpu],
    ["tonghop_admin_peak_mb", "MB", T.tonghopPeak],
    ["tiendo_ms", "ms", T.tiendo],
    ["nhacnho_ms", "ms", T.nhacnho],
    ["help_during_tonghop_ms", "ms", T.helpDelay],
    ["catchup_ratio", "ratio", T.catchup],
    ["catchup_429", "answers", T.zero],
  ],
  () => scaleBench(),
  (f) => {
    record("tonghop_admin_cpu_s", f.tonghop.cpuS, "s", T.tonghopCpu);
    record("tonghop_admin_peak_mb", f.tonghop.peakMb, "MB", T.tonghopPeak);
    record("tiendo_ms", f.tiendoMs, "ms", T.tiendo);
    record("nhacnho_ms", f.nhacnhoMs, "ms", T.nhacnho);
    record("help_during_tonghop_ms", f.help.ms, "ms", T.helpDelay);
    record("catchup_ratio", f.catchup.ratio, "ratio", T.catchup);
    record("catchup_429", f.catchup.rateLimited, "answers", T.zero);
    details.push(
      `scale: ${f.load.agencies} agencies, ${f.load.contacts} contacts, ${f.load.tasks} tasks, ${f.load.reports} reports, ${fixed(f.load.databaseMb, 1)} MB database (made in ${fixed(f.load.seconds, 0)} s); ` +
        `an admin's /tonghop (text, DOCX, XLSX) ${fixed(f.tonghop.cpuS, 1)} s CPU, ${fixed(f.tonghop.wallS, 1)} s, peak ${fixed(f.tonghop.peakMb, 0)} MB; ` +
        `/tiendo ${fixed(f.tiendoMs, 0)} ms; a commune's /nhacnho ${fixed(f.nhacnhoMs, 0)} ms; a /help sent during /tonghop answered after ${fixed(f.help.ms, 0)} ms ` +
        `(longest event-loop stall ${fixed(f.help.loopMaxMs, 0)} ms); each in a process of its own running .build/; ` +
        `a catch-up pass after downtime: ${f.catchup.messages} messages in ${fixed(f.catchup.seconds, 0)} s through a double allowing 30 a second, ` +
        `${f.catchup.rateLimited} answered 429, ${f.catchup.duplicates} repeated`,
    );
  },
);

await measure(
  "footprint (the service in a child process)",
  [
    ["idle_rss_mb", "MB", T.rss],
    ["ready_s", "s", none],
  ],
  () => footprintBench(),
  (f) => {
    record("idle_rss_mb", f.idleRssMb, "MB", T.rss);
    record("ready_s", f.readySeconds, "s", none);
    const scheduler = f.started.some((l) => /scheduler started/.test(l)) ? "scheduler running" : "no scheduler seen in the log";
    details.push(
      `footprint: Telegram long polling, ${scheduler}; idle ${fixed(f.idleRssMb, 0)} MB (peak ${fixed(f.peakRssMb, 0)} MB; ` +
        `node alone ${fixed(f.floorRssMb, 0)} MB; child processes ${fixed(f.childrenRssMb, 0)} MB apart); ` +
        `ready ${fixed(f.readySeconds)} s on a fresh database, ${fixed(f.restartSeconds)} s on restart`,
    );
  },
);

function table(): string {
  const rows = metrics.map((m) => [
    m.name,
    m.value === null ? "—" : String(m.value),
    m.unit,
    m.target ?? "(none)",
    m.value === null ? "NOT MEASURED" : m.target === null ? "" : m.ok ? "ok" : "MISSED",
  ]);
  const head = ["metric", "value", "unit", "target", ""];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  const missed = metrics.filter((m) => m.value !== null && !m.ok).map((m) => m.name);
  return [
    `kehoach-bot bench (DESIGN §7): ${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}, Node ${process.version}`,
    "",
    line(head),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    "",
    ...details,
    "",
    missed.length === 0 ? "every target met" : `targets missed: ${missed.join(", ")}`,
    "",
  ].join("\n");
}

const out = json ? `${JSON.stringify({ metrics })}\n` : table();
// Leaves once the output is written, whatever handle a library may still hold open.
process.stdout.write(out, () => process.exit(broken ? 1 : 0));
