/**
 * What every operator command shares: argument parsing, the opened application, and the
 * output rule: `--json` prints exactly one JSON document on stdout, logs go to stderr, an
 * error exits non-zero with one line.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { DateTime } from "luxon";

export class UsageError extends Error {}

export interface CommandSpec {
  name: string;
  /** One line for `npm run cli -- help`. */
  usage: string;
  run(argv: string[]): Promise<void> | void;
}

export function args<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A plain table for a person reading a terminal. */
export function printTable(rows: string[][], header: string[]): void {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.min(60, Math.max(...all.map((r) => [...(r[i] ?? "")].length))));
  const line = (r: string[]) =>
    r
      .map((c, i) => {
        const chars = [...c];
        const cell = chars.length > widths[i]! ? `${chars.slice(0, widths[i]! - 1).join("")}…` : c;
        return cell + " ".repeat(Math.max(0, widths[i]! - [...cell].length));
      })
      .join("  ")
      .trimEnd();
  process.stdout.write(`${[line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n")}\n`);
}

/**
 * `--now`, `--at`: an ISO time; one written without an offset is read in the configured
 * time zone, as an operator in Vietnam means it.
 */
export function instantOption(name: string, text: string | undefined, zone: string): Date | undefined {
  if (text === undefined) return undefined;
  const at = DateTime.fromISO(text, { zone, setZone: true });
  if (!at.isValid) throw new UsageError(`--${name} «${text}» không phải thời điểm ISO 8601 / not an ISO time`);
  return at.toJSDate();
}
