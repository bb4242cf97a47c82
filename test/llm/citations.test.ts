import { describe, expect, it } from "vitest";
import { checkCitations, labelOf } from "../../src/llm/citations.js";
import { seed } from "./context.js";

describe("citations", () => {
  it("shows sections the way the chat writes them", () => {
    expect(labelOf("II.4", seed)).toBe("(Mục II, nhiệm vụ 4)");
    expect(labelOf("II.5.a", seed)).toBe("(Mục II, nhiệm vụ 5a)");
    expect(labelOf("IV.12", seed)).toBe("(Mục IV.12)");
    expect(labelOf("III", seed)).toBe("(Mục III)");
    expect(labelOf("preamble", seed)).toBe("(phần căn cứ ban hành)");
    expect(labelOf("recipients", seed)).toBe("(phần Nơi nhận)");
  });

  it("keeps the markers of sections given and drops the others", () => {
    const allowed = new Set(["II.4", "IV.9"]);
    const c = checkCitations("Công an tỉnh chủ trì [II.4], phối hợp Sở TT&TT [IV.9; II.99]. Theo [Mục ii.4] và [III].", allowed, seed);
    expect(c.citations).toEqual(["II.4", "IV.9"]);
    expect(c.removed).toEqual(["II.99", "III"]);
    expect(c.text).toBe("Công an tỉnh chủ trì (Mục II, nhiệm vụ 4), phối hợp Sở TT&TT (Mục IV.9). Theo (Mục II, nhiệm vụ 4) và.");
  });

  it("checks a citation written out in prose too", () => {
    const c = checkCitations("Do Sở Ngoại vụ thực hiện (Mục II, nhiệm vụ 9) và (Mục IV.3).", new Set(["IV.3"]), seed);
    expect(c.citations).toEqual(["IV.3"]);
    expect(c.removed).toEqual(["II.9"]);
    expect(c.text).toBe("Do Sở Ngoại vụ thực hiện và (Mục IV.3).");
  });
});
