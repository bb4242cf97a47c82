import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CredentialsError, credentialsOf, readCredentials, writeCredentials } from "../../../src/channels/zalo/credentials.js";
import { FakeZaloApi, VirtualTimer } from "./fake.js";

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const fresh = () => (dir = mkdtempSync(join(tmpdir(), "zalo-cred-")));

describe("zalo credentials file", () => {
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
