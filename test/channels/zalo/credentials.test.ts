import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CredentialsError, credentialsOf, hasLiveSession, readCredentials, writeCredentials } from "../../../src/channels/zalo/credentials.js";
import { FakeZaloApi, VirtualTimer } from "./fake.js";

let dir: string;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));
const fresh = () => (dir = mkdtempSync(join(tmpdir(), "zalo-cred-")));

describe("zalo credentials file", () => {
  it("knows a live session cookie from a missing, empty or expired one (issue 15, item 4)", () => {
    const now = Date.parse("2026-12-01T08:00:00Z");
    const sek = (fields: Record<string, unknown>) => [{ key: "zpw_sek", value: "s", ...fields }];
    expect(hasLiveSession(sek({}), now)).toBe(true);
    expect(hasLiveSession(sek({ expires: "2026-12-02T00:00:00Z" }), now)).toBe(true);
    expect(hasLiveSession(sek({ expires: "2026-11-30T00:00:00Z" }), now)).toBe(false);
    expect(hasLiveSession(sek({ maxAge: 3600, creation: "2026-12-01T07:30:00Z" }), now)).toBe(true);
    expect(hasLiveSession(sek({ maxAge: 0, creation: "2026-12-01T07:59:00Z" }), now)).toBe(false);
    expect(hasLiveSession(sek({ value: "" }), now)).toBe(false);
    expect(hasLiveSession([{ key: "zpw_sek_other", value: "s" }], now)).toBe(false);
    expect(hasLiveSession([{ name: "zpw_sek", value: "s" }], now)).toBe(true);
  });

  it("saves the live session with mode 0600, replacing the file atomically", () => {
    const file = join(fresh(), "nested", "zalo.json");
    const api = new FakeZaloApi(new VirtualTimer());
    const old = process.umask(0o000);
    try {
      writeCredentials(file, credentialsOf(api)!);
    } finally {
      process.umask(old);
    }
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, "nested"))).toEqual(["zalo.json"]);
    expect(readCredentials(file)).toEqual({
      cookie: [{ key: "zpw_sek", value: "zpw_sek_v1", domain: "chat.zalo.me", path: "/" }],
      imei: "imei-test",
      userAgent: "Mozilla/5.0 test",
      language: "vi",
    });
  });

  it("reads a browser extension's {url, cookies} export as well as the bare list", () => {
    const file = join(fresh(), "zalo.json");
    writeFileSync(file, JSON.stringify({ cookie: { url: "https://chat.zalo.me", cookies: [{ name: "zpw_sek", value: "s", domain: ".zalo.me" }] }, imei: "i", userAgent: "u" }));
    expect(readCredentials(file).cookie).toEqual([{ name: "zpw_sek", value: "s", domain: ".zalo.me" }]);
  });

  it("says what is wrong with a bad file, without echoing the cookies", () => {
    const file = join(fresh(), "zalo.json");
    writeFileSync(file, JSON.stringify({ cookie: [{ key: "zpw_sek", value: "SECRET" }], userAgent: "u" }));
    const err = (() => {
      try {
        readCredentials(file);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err!.message).toContain("imei");
    expect(err!.message).not.toContain("SECRET");
    writeFileSync(file, "{ not json");
    expect(() => readCredentials(file)).toThrow(/not JSON/);
    expect(() => readCredentials(join(dir, "missing.json"))).toThrow(CredentialsError);
    expect(readFileSync(file, "utf8")).toBe("{ not json");
  });
});
