import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { openApp } from "../src/app.js";
import { openTestApp, silent, type TestApp } from "./support/app.js";

const SECOND = fileURLToPath(new URL("./fixtures/plans/second-plan.md", import.meta.url));

let t: TestApp;
afterEach(() => t.dispose());

describe("the active plan", () => {
  it("imports the bundled plan on first start and keeps it across restarts", () => {
    t = openTestApp();
    const first = t.app.active();
    expect(first.plan.tasks).toHaveLength(14);
    t.close();
    const again = openApp(t.config, silent);
    expect(again.active().id).toBe(first.id);
    again.close();
    t = openTestApp({ dir: t.dir });
  });

  it("follows a plan imported by another process (the CLI) while the bot runs", () => {
    t = openTestApp();
    const before = t.app.active();
    const cli = openApp(t.config, silent);
    cli.importPlanFile(SECOND);
    cli.close();
    const after = t.app.active();
    expect(after.id).not.toBe(before.id);
    expect(after.plan.year).toBe(2025);
    expect(t.app.active()).toBe(after);
  });
});
