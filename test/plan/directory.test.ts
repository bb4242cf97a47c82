import { loadDirectories } from "../../src/plan/directories.js";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Directory, type DirectoryData } from "../../src/plan/directory.js";

const dir = Directory.load();
const SEED = readFileSync(new URL("../../src/data/plans/quang-ngai-2024-ttdn.txt", import.meta.url), "utf8");

const DEPARTMENTS = "Các sở, ban, ngành tỉnh";
const DISTRICTS = "UBND các huyện, thị xã, thành phố";
const PRESS = "Các cơ quan báo chí";
const RELATED = "Các cơ quan, đơn vị liên quan";
const RELATED_LOCAL = "Các cơ quan, đơn vị, địa phương liên quan";
const STTTT = "Sở Thông tin và Truyền thông";
const SNGV = "Sở Ngoại vụ";

describe("bundled Quảng Ngãi 2024 directory", () => {
  it("has every agency of FACTS.md and the three groups", () => {
    expect(dir.province).toBe("Quảng Ngãi");
    expect(dir.agencies).toHaveLength(40);
    expect(dir.groups.map((g) => [g.name, g.members.length])).toEqual([
      [DEPARTMENTS, 20],
      [DISTRICTS, 13],
      [PRESS, 2],
    ]);
    expect(dir.agencies.filter((a) => a.kind === "district")).toHaveLength(13);
  });

  it("finds every agency by its own code, name and aliases", () => {
    for (const a of dir.agencies) {
      for (const spelling of [a.code, a.code.toLowerCase(), a.name, a.name.toUpperCase(), ...a.aliases]) {
        expect(dir.find(spelling)?.code, spelling).toBe(a.code);
      }
    }
  });

  it("finds every group by its own code, name and aliases", () => {
    for (const g of dir.groups) {
      for (const spelling of [g.code, g.name, ...g.aliases]) {
        expect(dir.findGroup(spelling)?.code, spelling).toBe(g.code);
        expect(dir.isGroup(spelling), spelling).toBe(true);
        expect(dir.find(spelling), spelling).toBeUndefined();
      }
    }
  });
});

describe("find: every way an agency is written", () => {
  it.each([
    // FACTS.md abbreviations, both ways
    ["Sở TT&TT", "STTTT"],
    ["Sở TT-TT", "STTTT"],
    ["Sở TTTT", "STTTT"],
    ["STTTT", "STTTT"],
    ["TT-TT", "STTTT"],
    ["Sở Thông tin & Truyền thông", "STTTT"],
    ["so thong tin va truyen thong", "STTTT"],
    ["SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "STTTT"],
    ["Sở VH,TT&DL", "SVHTTDL"],
    ["Sở VH-TT&DL", "SVHTTDL"],
    ["Sở VHTTDL", "SVHTTDL"],
    ["Sở Văn hoá, Thể thao và Du lịch", "SVHTTDL"],
    ["Sở Văn hóa, Thể thao & Du lịch", "SVHTTDL"],
    ["Sở Văn hóa - Thể thao và Du lịch", "SVHTTDL"],
    ["Sở Văn hóa Thể thao Du lịch", "SVHTTDL"],
    ["Sở KH&ĐT", "SKHDT"],
    ["Sở KH-ĐT", "SKHDT"],
    ["Sở NN&PTNT", "SNNPTNT"],
    ["Sở LĐ-TB&XH", "SLDTBXH"],
    ["Sở Lao động, Thương binh và Xã hội", "SLDTBXH"],
    ["Sở TN&MT", "STNMT"],
    ["Sở GD&ĐT", "SGDDT"],
    ["Sở KH&CN", "SKHCN"],
    ["Đài PT&TH tỉnh", "DPTTH"],
    ["Đài PT-TH tỉnh", "DPTTH"],
    ["Đài Phát thanh - Truyền hình tỉnh", "DPTTH"],
    ["BCH BĐBP tỉnh", "BCHBDBP"],
    ["BCH Bộ đội Biên phòng tỉnh", "BCHBDBP"],
    ["Bộ Chỉ huy Bộ đội biên phòng tỉnh", "BCHBDBP"],
    ["BCĐ công tác TTĐN tỉnh", "BCDTTDN"],
    ["VPUB", "VPUBND"],
    ["VP UBND tỉnh", "VPUBND"],
    ["Văn phòng Ủy ban nhân dân tỉnh", "VPUBND"],
    ["Văn phòng Uỷ ban nhân dân tỉnh", "VPUBND"],
    ["Cổng TTĐT tỉnh", "VPUBND"],
    // sub-units that act through their agency
    ["Trung tâm Công báo và Tin học", "VPUBND"],
    ["Cổng thông tin điện tử tỉnh", "VPUBND"],
    ["Trung tâm Xúc tiến đầu tư", "SKHDT"],
    ["Văn phòng UBND tỉnh (Trung tâm Công báo và Tin học)", "VPUBND"],
    // names after the 2025 reorganisation that do not collide with a 2024 department
    ["Sở Nông nghiệp và Môi trường", "SNNPTNT"],
    ["Sở Dân tộc và Tôn giáo", "BDT"],
    ["Ban Tuyên giáo và Dân vận Tỉnh ủy", "BTGTU"],
    // qualifiers after a name, tone placement, Unicode forms
    ["Sở Nội vụ tỉnh Quảng Ngãi", "SNV"],
    ["Công an tỉnh Quảng Ngãi", "CAT"],
    ["Ban Tuyên giáo Tỉnh uỷ", "BTGTU"],
    ["Sở Tư pháp".normalize("NFD"), "STP"],
    ["  Sở Y tế. ", "SYT"],
    // district-level units
    ["UBND TP Quảng Ngãi", "UBND_QUANGNGAI"],
    ["thành phố Quảng Ngãi", "UBND_QUANGNGAI"],
    ["Ủy ban nhân dân thị xã Đức Phổ", "UBND_DUCPHO"],
    ["huyện Bình Sơn", "UBND_BINHSON"],
    ["UBND huyện Sơn Tịnh", "UBND_SONTINH"],
    ["Tư Nghĩa", "UBND_TUNGHIA"],
    ["nghia hanh", "UBND_NGHIAHANH"],
    ["UBND huyện Mộ Đức", "UBND_MODUC"],
    ["Ba Tơ", "UBND_BATO"],
    ["Minh Long", "UBND_MINHLONG"],
    ["Sơn Hà", "UBND_SONHA"],
    ["Sơn Tây", "UBND_SONTAY"],
    ["Trà Bồng", "UBND_TRABONG"],
    ["UBND huyện Lý Sơn", "UBND_LYSON"],
  ])("%s → %s", (text, code) => {
    expect(dir.find(text)?.code).toBe(code);
  });

  it.each([
    ["Sở Thông tin"],
    ["Bộ Thông tin và Truyền thông"],
    ["Sở Nội vụ, Sở Tư pháp"],
    ["Các sở, ban, ngành tỉnh"],
    ["Các cơ quan, đơn vị liên quan"],
    ["tỉnh"],
    [""],
  ])("%j is no single agency", (text) => {
    expect(dir.find(text)).toBeUndefined();
  });

  it("byCode ignores case and knows no group codes", () => {
    expect(dir.byCode("cat")?.name).toBe("Công an tỉnh");
    expect(dir.byCode("SO_BAN_NGANH")).toBeUndefined();
  });
});

describe("resolveList: the seed plan's agency lines", () => {
  // Every "Cơ quan chủ trì / thực hiện / phối hợp" line of the seed, as the plan writes it.
  const expected: Record<string, string[]> = {
    "Văn phòng UBND tỉnh, Sở Thông tin và Truyền thông.": ["Văn phòng UBND tỉnh", STTTT],
    "Các sở, ban ngành, địa phương; các cơ quan báo chí, truyền thông.": [DEPARTMENTS, DISTRICTS, PRESS],
    "Sở Thông tin và Truyền thông.": [STTTT],
    "Các cơ quan, đơn vị liên quan.": [RELATED],
    "Công an tỉnh.": ["Công an tỉnh"],
    "Ban Tuyên giáo Tỉnh ủy, Sở Thông tin và Truyền thông, Sở Ngoại vụ; các cơ quan báo chí của tỉnh và các cơ quan, đơn vị liên quan.":
      ["Ban Tuyên giáo Tỉnh ủy", STTTT, SNGV, PRESS, RELATED],
    "Sở Ngoại vụ.": [SNGV],
    "Các sở, ban, ngành, địa phương trong tỉnh.": [DEPARTMENTS, DISTRICTS],
    "Sở Kế hoạch và Đầu tư, Sở Công Thương.": ["Sở Kế hoạch và Đầu tư", "Sở Công Thương"],
    "Các sở, ngành, đơn vị liên quan.": ["Các sở, ngành, đơn vị liên quan"],
    "Sở Văn hóa, Thể thao và Du lịch.": ["Sở Văn hóa, Thể thao và Du lịch"],
    "Sở Ngoại vụ và các cơ quan, đơn vị liên quan.": [SNGV, RELATED],
    "Các sở, ban ngành; UBND các huyện, thị xã, thành phố; các cơ quan báo chí.": [DEPARTMENTS, DISTRICTS, PRESS],
    "Báo Quảng Ngãi, Đài Phát thanh và Truyền hình tỉnh.": ["Báo Quảng Ngãi", "Đài Phát thanh và Truyền hình tỉnh"],
    "Sở Thông tin và Truyền thông, Sở Ngoại vụ, Sở Kế hoạch và Đầu tư, Sở Văn hóa, Thể thao và Du lịch; các cơ quan, đơn vị, địa phương liên quan.":
      [STTTT, SNGV, "Sở Kế hoạch và Đầu tư", "Sở Văn hóa, Thể thao và Du lịch", RELATED_LOCAL],
    "Trung tâm Công báo và Tin học, Văn phòng UBND tỉnh (Cổng thông tin điện tử tỉnh).": ["Văn phòng UBND tỉnh"],
    "Sở Thông tin và Truyền thông; các cơ quan, đơn vị, địa phương.": [STTTT, "Các cơ quan, đơn vị, địa phương"],
    "Sở Thông tin và Truyền thông; các sở, ngành, địa phương.": [STTTT, DEPARTMENTS, DISTRICTS],
    "Các cơ quan báo chí, truyền thông.": [PRESS],
    "Sở Thông tin và Truyền thông, Sở Ngoại vụ, Sở Tư pháp, Sở Văn hoá, Thể thao và Du lịch, Sở Kế hoạch và Đầu tư, Sở Nông nghiệp và Phát triển nông thôn.":
      [STTTT, SNGV, "Sở Tư pháp", "Sở Văn hóa, Thể thao và Du lịch", "Sở Kế hoạch và Đầu tư", "Sở Nông nghiệp và Phát triển nông thôn"],
    "Các cơ quan, đơn vị, địa phương liên quan.": [RELATED_LOCAL],
    "UBND các huyện, thị xã, thành phố (Trung tâm Truyền thông-Văn hoá-Thể thao).": [DISTRICTS],
    "Sở Thông tin và Truyền thông, Bộ Chỉ huy Bộ đội biên phòng tỉnh.": [STTTT, "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"],
  };
  const lines = [...SEED.matchAll(/^- Cơ quan (?:chủ trì|thực hiện|phối hợp):\s*(.+)$/gmu)].map((m) => m[1]!.trim());

  it("finds all 28 labelled lines of the 14 tasks, and this table covers each", () => {
    expect(lines).toHaveLength(28);
    expect(lines.filter((l) => !(l in expected))).toEqual([]);
  });

  it.each(Object.entries(expected))("%s", (line, names) => {
    expect(dir.resolveList(line)).toEqual({ names, unmatched: [] });
  });

  it("resolves the plan's other agency mentions (section IV headings, report recipients)", () => {
    for (const [text, names] of [
      ["Báo Quảng Ngãi, Đài Phát thanh và Truyền hình tỉnh", ["Báo Quảng Ngãi", "Đài Phát thanh và Truyền hình tỉnh"]],
      ["Các sở, ban, ngành tỉnh và UBND các huyện, thị xã, thành phố", [DEPARTMENTS, DISTRICTS]],
      ["Bộ Chỉ huy Bộ đội biên phòng tỉnh", ["Bộ Chỉ huy Bộ đội Biên phòng tỉnh"]],
      [
        "các sở, ban, ngành tỉnh; UBND các huyện, thị xã, thành phố; các cơ quan báo chí và các cơ quan, đơn vị liên quan",
        [DEPARTMENTS, DISTRICTS, PRESS, RELATED],
      ],
      ["Công an tỉnh; BCH Bộ đội Biên phòng tỉnh", ["Công an tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"]],
      ["Báo Quảng Ngãi, Đài PT&TH tỉnh", ["Báo Quảng Ngãi", "Đài Phát thanh và Truyền hình tỉnh"]],
      ["BCĐ công tác TTĐN tỉnh", ["Ban Chỉ đạo công tác thông tin đối ngoại tỉnh"]],
      ["Hội Nhà báo tỉnh", ["Hội Nhà báo tỉnh"]],
    ] as const) {
      expect(dir.resolveList(text), text).toEqual({ names, unmatched: [] });
    }
  });
});

describe("resolveList: what is not in the directory", () => {
  it.each([
    ["Sở ABC, Sở Nội vụ", ["Sở ABC", "Sở Nội vụ"], ["Sở ABC"]],
    ["Sở Nội vụ; Sở ABC và Sở XYZ", ["Sở Nội vụ", "Sở ABC", "Sở XYZ"], ["Sở ABC", "Sở XYZ"]],
    // A known name at the start of a longer one is not that agency.
    ["các cơ quan báo chí trung ương", ["các cơ quan báo chí trung ương"], ["các cơ quan báo chí trung ương"]],
    ["Thường trực Tỉnh ủy", ["Thường trực Tỉnh ủy"], ["Thường trực Tỉnh ủy"]],
    ["Cục Thông tin đối ngoại, Bộ TT&TT", ["Cục Thông tin đối ngoại", "Bộ TT&TT"], ["Cục Thông tin đối ngoại", "Bộ TT&TT"]],
    ["Sở  Mới   và\nSở Y tế", ["Sở Mới", "Sở Y tế"], ["Sở Mới"]],
    ["Sở ABC; Sở ABC", ["Sở ABC"], ["Sở ABC"]],
    ["", [], []],
    [" ; , . ", [], []],
  ])("%j", (text, names, unmatched) => {
    expect(dir.resolveList(text)).toEqual({ names, unmatched });
  });

  it("deduplicates an agency named twice in different spellings", () => {
    expect(dir.resolveList("Sở TT&TT, Sở Thông tin và Truyền thông (STTTT)").names).toEqual([STTTT]);
  });

  it("gives the same answer from its cache", () => {
    const text = "Sở Thông tin và Truyền thông; các sở, ngành, địa phương";
    const first = dir.resolveList(text);
    first.names.push("changed by a caller");
    expect(dir.resolveList(text)).toEqual({ names: [STTTT, DEPARTMENTS, DISTRICTS], unmatched: [] });
  });
});

describe("expand", () => {
  const codes = (names: string[]) => dir.expand(names).map((a) => a.code);

  it.each([
    [[DEPARTMENTS], 20],
    [[DISTRICTS], 13],
    [["UBND cấp huyện"], 13],
    [["các địa phương"], 13],
    [[PRESS], 2],
    [["Các sở, ban ngành, địa phương"], 33],
    [[DEPARTMENTS, DISTRICTS, PRESS], 35],
    [[RELATED, RELATED_LOCAL, "Các sở, ngành, đơn vị liên quan", "Các cơ quan, đơn vị, địa phương"], 0],
    [["Sở ABC", "Thường trực Tỉnh ủy"], 0],
  ])("%j → %i agencies", (names, count) => {
    expect(dir.expand(names)).toHaveLength(count);
  });

  it("keeps named agencies, drops duplicates and non-recipients", () => {
    expect(codes(["Công an tỉnh", STTTT, PRESS, "Sở TT&TT", RELATED, "Báo Quảng Ngãi"])).toEqual([
      "CAT",
      "STTTT",
      "BAOQN",
      "DPTTH",
    ]);
  });

  it("opens the district group into the 13 units", () => {
    expect(codes([DISTRICTS])).toEqual(dir.groups.find((g) => g.code === "UBND_CAP_HUYEN")!.members);
    expect(dir.expand([DISTRICTS]).map((a) => a.name)).toContain("UBND thị xã Đức Phổ");
  });

  it("covers every agency of the seed's tasks", () => {
    const leads = [...SEED.matchAll(/^- Cơ quan (?:chủ trì|thực hiện):\s*(.+)$/gmu)].flatMap(
      (m) => dir.resolveList(m[1]!).names,
    );
    expect(dir.expand(leads).length).toBeGreaterThan(35);
  });
});

describe("another province's directory (post-2025 names) loads without code changes", () => {
  const other: DirectoryData = {
    about: "Danh bạ thử: tỉnh Gia Lai sau sắp xếp năm 2025.",
    province: "Gia Lai",
    agencies: [
      { code: "SKHCN", kind: "department", name: "Sở Khoa học và Công nghệ", aliases: ["Sở Thông tin và Truyền thông"] },
      { code: "STC", kind: "department", name: "Sở Tài chính", aliases: ["Sở Kế hoạch và Đầu tư"] },
      {
        code: "SNNMT",
        kind: "department",
        name: "Sở Nông nghiệp và Môi trường",
        aliases: ["Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài nguyên và Môi trường"],
      },
      { code: "SVHTTDL", kind: "department", name: "Sở Văn hóa, Thể thao và Du lịch", aliases: [] },
      { code: "UBND_QUYNHON", kind: "commune", name: "UBND phường Quy Nhơn", aliases: ["phường Quy Nhơn"] },
      { code: "UBND_ANNHON", kind: "commune", name: "UBND phường An Nhơn", aliases: ["phường An Nhơn"] },
    ],
    groups: [
      { code: "SO_NGANH", name: "Các sở, ban, ngành tỉnh", aliases: ["Các sở, ngành"], members: ["SKHCN", "STC", "SNNMT", "SVHTTDL"] },
      { code: "UBND_XA", name: "UBND các xã, phường", aliases: ["Các địa phương", "UBND cấp xã"], members: ["UBND_QUYNHON", "UBND_ANNHON"] },
    ],
    nonRecipients: [{ name: "Các cơ quan liên quan", aliases: [] }],
    qualifiers: ["tỉnh Gia Lai"],
  };
  const file = join(mkdtempSync(join(tmpdir(), "directory-")), "gia-lai-2026.json");
  writeFileSync(file, JSON.stringify(other));
  const gl = Directory.load(file);

  it("resolves by its own names, old names and abbreviations", () => {
    expect(gl.resolveList("Sở TT&TT, Sở KH&ĐT; UBND các xã, phường và các cơ quan liên quan")).toEqual({
      names: ["Sở Khoa học và Công nghệ", "Sở Tài chính", "UBND các xã, phường", "Các cơ quan liên quan"],
      unmatched: [],
    });
    expect(gl.find("Sở TN&MT")?.code).toBe("SNNMT");
    expect(gl.find("Sở NN&PTNT tỉnh Gia Lai")?.code).toBe("SNNMT");
    expect(gl.find("phuong quy nhon")?.code).toBe("UBND_QUYNHON");
    expect(gl.expand(["Các sở, ngành, địa phương"]).map((a) => a.code)).toEqual([
      "SKHCN",
      "STC",
      "SNNMT",
      "SVHTTDL",
      "UBND_QUYNHON",
      "UBND_ANNHON",
    ]);
  });

  it("knows nothing of Quảng Ngãi", () => {
    expect(gl.resolveList("Công an tỉnh, Báo Quảng Ngãi")).toEqual({
      names: ["Công an tỉnh", "Báo Quảng Ngãi"],
      unmatched: ["Công an tỉnh", "Báo Quảng Ngãi"],
    });
    expect(gl.find("UBND huyện Bình Sơn")).toBeUndefined();
  });
});

describe("a broken directory file is refused with a clear message", () => {
  const base: DirectoryData = {
    province: "X",
    agencies: [
      { code: "A", kind: "department", name: "Sở Nội vụ", aliases: [] },
      { code: "B", kind: "department", name: "Sở Tư pháp", aliases: [] },
    ],
  };

  it.each([
    ["two codes alike", { ...base, agencies: [...base.agencies, { code: "A", kind: "body", name: "Công an tỉnh" }] }, /code A is used twice/],
    ["a member that is no agency", { ...base, groups: [{ code: "G", name: "Các sở", members: ["A", "Z"] }] }, /no agency has code Z/],
    ["a lower-case code", { ...base, agencies: [{ code: "a", kind: "department", name: "Sở Y tế" }] }, /upper-case/],
    ["a name with a list separator", { ...base, agencies: [{ code: "C", kind: "department", name: "Sở Y tế; Sở Xây dựng" }] }, /cannot contain/],
    [
      "two agencies written alike",
      { ...base, agencies: [...base.agencies, { code: "C", kind: "department", name: "Sở Tư Pháp", aliases: ["STP"] }] },
      /written like "Sở Tư pháp"/,
    ],
    [
      "a group written like an agency",
      { ...base, agencies: [...base.agencies, { code: "C", kind: "department", name: "Sở Xây dựng", aliases: ["Sở NV"] }], groups: [{ code: "G", name: "Sở NV", members: ["A"] }] },
      /written like/,
    ],
  ] as [string, DirectoryData, RegExp][])("%s", (_, data, message) => {
    expect(() => new Directory(data)).toThrow(message);
  });

  it("names the file when loading fails", () => {
    const file = join(mkdtempSync(join(tmpdir(), "directory-")), "broken.json");
    writeFileSync(file, "{ not json");
    expect(() => Directory.load(file)).toThrow(/broken\.json/);
  });
});

describe("the directories a plan is read with", () => {
  const directories = loadDirectories(undefined);

  it("picks Quảng Ngãi's directory in force on the plan's date, and the generic one elsewhere", () => {
    expect(directories.forPlan({ province: "Quảng Ngãi", date: "2024-01-01" }).name).toBe("quang-ngai-2024");
    expect(directories.forPlan({ province: "Quảng Ngãi", date: "2025-11-21" }).name).toBe("quang-ngai-2025");
    expect(directories.forPlan({ province: "Bắc Ninh", date: "2025-11-24" }).name).toBe("generic");
    expect(directories.forPlan({ province: null, date: null }).name).toBe("generic");
  });

  it("keeps the old names after the 2025 reorganisation as aliases of the departments that took them over", () => {
    const d = directories.byName("quang-ngai-2025")!;
    expect(d.find("Sở Thông tin và Truyền thông")?.name).toBe("Sở Khoa học và Công nghệ");
    expect(d.find("Sở KH&ĐT")?.name).toBe("Sở Tài chính");
    expect(d.find("Sở Tài nguyên và Môi trường")?.name).toBe("Sở Nông nghiệp và Môi trường");
    expect(d.findGroup("UBND các xã, phường, đặc khu")?.members).toEqual([]);
  });

  it("adds a plan's unknown names as agencies, one per spelling", () => {
    const d = directories.byName("generic")!.withPlanAgencies(["Sở KH&CN", "Sở Khoa học và Công nghệ", "UBND các phường xã", "UBND các phường, xã", "Các cơ quan, đơn vị liên quan"]);
    expect(d.agencies.map((a) => [a.name, a.kind, a.fromPlan])).toEqual([
      ["Sở KH&CN", "department", true],
      ["UBND các phường xã", "commune", true],
    ]);
    expect(d.find("Sở Khoa học và Công nghệ")?.code).toBe(d.find("Sở KH&CN")?.code);
    expect(d.agencies[0]!.code).toMatch(/^KH_/);
  });
});
