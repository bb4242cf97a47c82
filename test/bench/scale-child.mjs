/**
 * One measurement of the scale bench in a process of its own, as the bot runs: the compiled
 * service (.build/) over the generated database, a command typed by an admin or a commune's focal
 * point through the real brain. Prints one JSON line. Usage: scale-child.mjs <what> <now> <admin> <commune>.
 */
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import pino from "pino";
import { openApp } from "../../.build/app.js";
import { ManualClock } from "../../.build/clock.js";
import { loadConfig } from "../../.build/config.js";
import { createBrain } from "../../.build/core/brain.js";
import { createServices } from "../../.build/services.js";

const [what, now, admin, commune] = process.argv.slice(2);
const app = openApp(loadConfig(JSON.parse(process.env.SCALE_ENV ?? "{}")), pino({ level: "silent" }), new ManualClock(now));
app.active();
const brain = createBrain(createServices(app));
let event = 0;
const say = (chat, text) =>
  brain.handle({ channel: "telegram", chatId: chat, chatKind: "private", userId: chat, userName: "Cán bộ", eventId: `${process.pid}-${++event}`, text, addressed: true });

/** Milliseconds of each of `n` runs after one to warm up; the median. */
async function median(n, run) {
  await run();
  const times = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(n / 2)];
}

let result;
if (what === "tonghop") {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const out = await say(admin, "/tonghop");
  const used = process.cpuUsage(cpu);
  result = { cpuS: (used.user + used.system) / 1e6, wallS: (performance.now() - start) / 1000, peakMb: process.resourceUsage().maxRSS / 1024, files: out.filter((m) => m.file).length };
} else if (what === "tiendo") {
  result = { ms: await median(3, () => say(admin, "/tiendo")) };
} else if (what === "nhacnho") {
  result = { ms: await median(5, () => say(commune, "/nhacnho")) };
} else if (what === "help") {
  // A /help arrives 10 ms into an admin's /tonghop: how long until it is answered.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const start = performance.now();
  const arrives = start + 10;
  let answered = 0;
  const help = new Promise((resolve) => setTimeout(() => void say(commune, "/help").then(() => resolve((answered = performance.now()))), 10));
  await Promise.all([say(admin, "/tonghop"), help]);
  loop.disable();
  result = { ms: answered - arrives, loopMaxMs: loop.max / 1e6 };
} else throw new Error(`scale-child: unknown measurement ${what}`);
app.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
