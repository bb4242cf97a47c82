import { describe, expect, it } from "vitest";
import { backoff } from "../src/backoff.js";

describe("backoff", () => {
  it("grows from the base by the factor, up to the cap", () => {
    expect([1, 2, 3, 4, 5].map((n) => backoff(n, { baseMs: 5_000, maxMs: 20_000 }))).toEqual([5_000, 10_000, 20_000, 20_000, 20_000]);
    expect([1, 2, 3].map((n) => backoff(n, { baseMs: 1_000, factor: 4 }))).toEqual([1_000, 4_000, 16_000]);
  });

  it("waits the base before the first retry, whatever number it is given below one", () => {
    expect(backoff(0, { baseMs: 2_000 })).toBe(2_000);
  });
});
