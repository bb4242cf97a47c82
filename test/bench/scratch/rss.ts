const mods = process.argv.slice(2);
for (const m of mods) await import(m);
(globalThis as any).gc?.();
await new Promise(r => setTimeout(r, 1500));
const s = (await import("node:fs")).readFileSync("/proc/self/status","utf8");
const mu = process.memoryUsage();
console.log(mods.join(",")||"(none)", /VmRSS:\s+(\d+)/.exec(s)![1], "kB; heapUsed", Math.round(mu.heapUsed/1e6), "ext", Math.round(mu.external/1e6), "threads", /Threads:\s+(\d+)/.exec(s)![1]);
