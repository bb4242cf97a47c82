/**
 * `zalo login`: the QR login for the bot's Zalo account. The QR image is saved beside the
 * credentials file (and drawn in the terminal when stdout is one); after the phone confirms,
 * `{cookie, imei, userAgent}` is saved to ZALO_CREDENTIALS_FILE with mode 0600, which
 * `npm start` then logs in from.
 */
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { loginWithQr, QrLoginError } from "../src/channels/zalo/login.js";
import { terminalQr } from "../src/channels/zalo/qr.js";
import { texts } from "../src/channels/zalo/texts.js";
import { loadConfig, loadEnvFile } from "../src/config.js";
import { args, UsageError, type CommandSpec } from "./cli.js";

const spec: CommandSpec = {
  name: "zalo",
  usage: texts.cli.usage,
  async run(argv) {
    const { values, positionals } = args(argv, { qr: { type: "string" } });
    if (positionals.length !== 1 || positionals[0] !== "login") throw new UsageError("zalo login [--qr <tệp.png>]");
    loadEnvFile();
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
