/**
 * `zalo login`: the QR login for the bot's Zalo account. The QR image is saved beside the
 * credentials file (and drawn in the terminal when stdout is one); after the phone confirms,
 * `{cookie, imei, userAgent}` is saved to ZALO_CREDENTIALS_FILE with mode 0600, which
 * `npm start` then logs in from.
 *
 * `zalo status`: what the running service last wrote about its Zalo channel.
 */
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { loginWithQr, QrLoginError } from "../src/channels/zalo/login.js";
import { terminalQr } from "../src/channels/zalo/qr.js";
import { isRunning, readStatus, statusPath } from "../src/channels/zalo/status.js";
import { texts } from "../src/channels/zalo/texts.js";
import { loadConfig, loadEnvFile } from "../src/config.js";
import { formatDateTime } from "../src/time.js";
import { args, printJson, UsageError, type CommandSpec } from "./cli.js";

function status(json: boolean): void {
  const config = loadConfig();
  const record = readStatus(statusPath(resolve(config.zaloCredentialsFile)));
  const now = new Date();
  if (json) return printJson(record ? { running: isRunning(record, now), ...record } : { running: false });
  const at = (iso: string | null) => (iso === null ? null : formatDateTime(iso, config.timezone));
  const T = texts.status;
  if (!record) return void process.stdout.write(`${T.never}\n`);
  const lines = [
    ...(isRunning(record, now) ? [] : [T.stale(at(record.updatedAt)!)]),
    T.connection(T.state[record.state] ?? record.state),
    T.lastIn(at(record.lastIn)),
    T.lastOut(at(record.lastOut)),
    T.queued(record.queued),
    ...(record.unknownDeliveries > 0 ? [T.unknown(record.unknownDeliveries)] : []),
    ...(record.pausedUntil ? [T.paused(at(record.pausedUntil)!)] : []),
    T.updated(at(record.updatedAt)!),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

const spec: CommandSpec = {
  name: "zalo",
  usage: texts.cli.usage,
  async run(argv) {
    const { values, positionals } = args(argv, { qr: { type: "string" }, json: { type: "boolean" } });
    loadEnvFile();
    if (positionals.length === 1 && positionals[0] === "status") return status(values.json === true);
    if (positionals.length !== 1 || positionals[0] !== "login") throw new UsageError("zalo login [--qr <tệp.png>] | zalo status [--json]");
    const file = resolve(loadConfig().zaloCredentialsFile);
    const qrPath = resolve(values.qr ?? join(dirname(file), "zalo-qr.png"));
    mkdirSync(dirname(qrPath), { recursive: true });
    const say = (text: string) => process.stdout.write(`${text}\n`);
    try {
      await loginWithQr({
        file,
        qrPath,
        onEvent(event) {
          if (event.kind === "qr") {
            const drawn = process.stdout.isTTY ? terminalQr(event.png) : undefined;
            if (drawn) say(drawn);
            say(texts.cli.qrSaved(event.path));
            say(texts.cli.scan);
          } else if (event.kind === "expired") say(texts.cli.expired);
          else say(texts.cli.scanned(event.name));
        },
      });
    } catch (err) {
      if (err instanceof QrLoginError) throw err;
      throw new Error(texts.cli.failed(err instanceof Error ? err.message : String(err)));
    }
    say(texts.cli.saved(file));
  },
};
export default spec;
