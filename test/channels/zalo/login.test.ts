/**
 * Logging in from the saved session, against a fetch that answers like Zalo's login servers:
 * zca-js's own login code runs; only the network is replaced.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readCredentials } from "../../../src/channels/zalo/credentials.js";
import { isTransient, loginFromFile, qrCopyOf, loginWithQr, QrLoginError, refreshSession, type QrEvent } from "../../../src/channels/zalo/login.js";
import { LOGIN_COMMAND, texts } from "../../../src/channels/zalo/texts.js";
import { ZaloApiError } from "zca-js";
import { FakeZaloApi, memoryLog, VirtualTimer } from "./fake.js";
import { ZaloServiceDouble } from "./service-double.js";

let dir: string;
let file: string;
let alerts: string[];
const alertAdmins = async (text: string) => void alerts.push(text);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "zalo-login-"));
  file = join(dir, "zalo.json");
  alerts = [];
  writeFileSync(file, JSON.stringify({ cookie: [{ key: "zpw_sek", value: "old", domain: "chat.zalo.me" }], imei: "imei-1", userAgent: "Mozilla/5.0" }), { mode: 0o600 });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("zalo login from the credentials file", () => {
  it("reports an expired session to the admins and in the log, with the command to log in again", async () => {
    const urls: string[] = [];
    const polyfill: typeof fetch = async (input) => {
      urls.push(String(input));
      return new Response(JSON.stringify({ error_code: 102, error_message: "The session key was improperly submitted or has reached its timeout.", data: null }), {
        headers: { "content-type": "application/json" },
      });
    };
    const logs = memoryLog();
    const api = await loginFromFile({ file, log: logs.log, alertAdmins, zalo: { polyfill } });
    expect(api).toBeUndefined();
    expect(alerts).toEqual([texts.alert.expired]);
    expect(alerts[0]).toContain(LOGIN_COMMAND);
    expect(logs.text()).toContain(LOGIN_COMMAND);
    expect(logs.text()).not.toContain("old");
    // Refused sessions are not retried, and zca-js asked nothing of npm (checkUpdate: false).
    expect(urls.every((u) => u.startsWith("https://wpa.chat.zalo.me/api/login/"))).toBe(true);
    expect(urls).toHaveLength(2);
  });

  it("retries an unreachable server with growing waits, then tells the admins", async () => {
    let calls = 0;
    const polyfill: typeof fetch = async () => {
      calls++;
      throw new TypeError("fetch failed");
    };
    const timer = new VirtualTimer();
    const logs = memoryLog();
    const start = timer.now();
    let result: unknown = "pending";
    void loginFromFile({ file, log: logs.log, alertAdmins, timer, attempts: 3, retryMs: 1_000, zalo: { polyfill } }).then((r) => (result = r));
    await timer.until(() => result !== "pending");
    expect(result).toBeUndefined();
    expect(calls).toBe(3);
    expect(timer.now() - start).toBe(1_000 + 2_000);
    expect(alerts).toEqual([texts.alert.unreachable]);
  });

  it("falls back to the QR login's copy when the saved session is refused, and saves what worked (issue 15, item 4)", async () => {
    const double = new ZaloServiceDouble();
    await double.start();
    try {
      writeFileSync(qrCopyOf(file), JSON.stringify(double.credentials()));
      const api = await loginFromFile({ file, log: memoryLog().log, alertAdmins, zalo: { polyfill: double.fetch } });
      expect(api?.getOwnId()).toBe(double.uid);
      expect(double.logins).toBe(2);
      expect(readCredentials(file).cookie.find((c) => c.key === "zpw_sek")?.value).toBe(double.session);
      expect(alerts).toEqual([]);
    } finally {
      await double.stop();
    }
  });

  it("tells the admins when the file cannot be read", async () => {
    writeFileSync(file, "{}");
    const api = await loginFromFile({ file, log: memoryLog().log, alertAdmins });
    expect(api).toBeUndefined();
    expect(alerts).toEqual([texts.alert.missing(file)]);
  });

  it("separates network trouble from a refused session", () => {
    expect(isTransient(new TypeError("fetch failed"))).toBe(true);
    expect(isTransient(new ZaloApiError("Failed to fetch login info: Bad Gateway"))).toBe(true);
    // A 5xx from getServerInfo is Zalo's trouble, not an expired session (issue 15, item 6).
    expect(isTransient(new ZaloApiError("Failed to fetch server info: Service Unavailable"))).toBe(true);
    expect(isTransient(new ZaloApiError("Failed to fetch server info: undefined"))).toBe(true);
    expect(isTransient(new ZaloApiError("Đăng nhập thất bại"))).toBe(false);
  });

  it("a refresh keeps the session alive and saves the renewed cookies; zpw_sek errors mean expired", async () => {
    const api = new FakeZaloApi(new VirtualTimer());
    const log = memoryLog().log;
    expect(await refreshSession(api, file, log)).toBe("saved");
    expect(api.keepAlives).toBe(1);
    api.keepAliveError = new ZaloApiError("zpw_sek bị thiếu hoặc không đúng", 600);
    expect(await refreshSession(api, file, log)).toBe("expired");
    api.keepAliveError = new ZaloApiError("Request failed with status code 502");
    expect(await refreshSession(api, file, log)).toBe("failed");
  });
});

describe("zalo QR login", () => {
  it("shows the QR code, reports the scan, and stops cleanly when the phone declines", async () => {
    const image = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
    const polyfill: typeof fetch = async (input) => {
      const url = String(input);
      if (url.startsWith("https://id.zalo.me/account?")) return new Response('<script src="https://stc-zlogin.zdn.vn/main-2.44.11.js"></script>');
      if (url.endsWith("/account/logininfo") || url.endsWith("/account/verify-client")) return json({ error_code: 0, data: {} });
      if (url.endsWith("/qr/generate")) return json({ error_code: 0, data: { code: "QR1", image: `data:image/png;base64,${image.toString("base64")}`, token: "t", options: {} } });
      if (url.endsWith("/qr/waiting-scan")) return json({ error_code: 0, data: { avatar: "", display_name: "Trợ lý Kế hoạch" } });
      if (url.endsWith("/qr/waiting-confirm")) return json({ error_code: -13, error_message: "declined" });
      throw new Error(`unexpected ${url}`);
    };
    const qrPath = join(dir, "zalo-qr.png");
    const events: QrEvent[] = [];
    const login = loginWithQr({ file: join(dir, "new.json"), qrPath, onEvent: (e) => void events.push(e), zalo: { polyfill } });
    await expect(login).rejects.toEqual(new QrLoginError(texts.cli.declined));
    expect(events).toEqual([
      { kind: "qr", png: image, path: qrPath },
      { kind: "scanned", name: "Trợ lý Kế hoạch" },
    ]);
    expect(existsSync(qrPath)).toBe(false);
    expect(existsSync(join(dir, "new.json"))).toBe(false);
  });
});
