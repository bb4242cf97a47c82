/** `npm run cli -- <command> [options]`: the operator's entry point, one file per command. */
import { UsageError, type CommandSpec } from "./cli.js";

const COMMANDS: Record<string, () => Promise<{ default: CommandSpec }>> = {
  plan: () => import("./plan.js"),
  agencies: () => import("./agencies.js"),
  tasks: () => import("./tasks.js"),
  invite: () => import("./invite.js"),
  reports: () => import("./reports.js"),
  schedule: () => import("./schedule.js"),
  remind: () => import("./remind.js"),
  ask: () => import("./ask.js"),
  extract: () => import("./extract.js"),
  summary: () => import("./summary.js"),
  chat: () => import("./chat.js"),
  backup: () => import("./backup.js"),
  zalo: () => import("./zalo.js"),
};

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  const load = name ? COMMANDS[name] : undefined;
  if (!load) {
    const specs = await Promise.all(Object.values(COMMANDS).map(async (l) => (await l()).default));
    process.stdout.write(`Cách dùng: npm run cli -- <lệnh> [tùy chọn]\n\n${specs.map((s) => `  ${s.usage}`).join("\n")}\n`);
    if (name && name !== "help" && name !== "--help") throw new UsageError(`không có lệnh «${name}» / unknown command`);
    return;
  }
  await (await load()).default.run(rest);
}

/**
 * Exits once stdout and stderr have flushed: into a pipe they write asynchronously, and exiting
 * at once cut a `--json` document at 64 KiB. Exiting rather than waiting for the event loop to
 * empty ends what a command leaves open (the database, a model client's sockets).
 */
function exit(code: number): void {
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}

main(process.argv.slice(2)).then(
  () => exit(Number(process.exitCode ?? 0)),
  (e: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`Lỗi / error: ${message.split("\n")[0]}\n`);
    exit(e instanceof UsageError ? 2 : 1);
  },
);
