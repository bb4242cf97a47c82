import { describe, expect, it } from "vitest";
import { shorten } from "../../src/text/shorten.js";

describe("shorten", () => {
  it("keeps a text that fits, with its spaces folded", () => {
    expect(shorten("Tổ chức  họp báo\nquý", 40)).toBe("Tổ chức họp báo quý");
  });

  it("cuts at a word within the limit, drops the punctuation before the cut and ends in …", () => {
    const out = shorten("Tổ chức Họp báo quý định kỳ, cung cấp thông tin về tình hình kinh tế - xã hội", 30);
    expect(out).toBe("Tổ chức Họp báo quý định kỳ…");
    expect(out.length).toBeLessThanOrEqual(30);
  });

  it("cuts inside a word only when the first word alone is longer than half the limit", () => {
    expect(shorten("Kếhoạchthôngtinđốingoại năm 2024", 10)).toBe("Kếhoạchth…");
  });
});
