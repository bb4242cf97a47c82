import { describe, expect, it } from "vitest";
import { Abbreviations } from "../../src/text/abbreviations.js";
import { clean, fold, foldedWords, normalize, words } from "../../src/text/normalize.js";

describe("normalize: NFC and current tone placement", () => {
  it.each([
    ["Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"],
    ["Thuỷ lợi", "Thủy lợi"],
    ["khoẻ mạnh", "khỏe mạnh"],
    ["HOÀ BÌNH", "HÒA BÌNH"],
    ["tuỳ ý", "tùy ý"],
    ["hoàng hôn", "hoàng hôn"],
    ["thuyết phục", "thuyết phục"],
    ["quý I", "quý I"],
    ["hoặc", "hoặc"],
    ["ngoài", "ngoài"],
    ["Ho\u0300a", "Hòa"],
    ["Vie\u0323\u0302t Nam", "Việt Nam"],
  ])("%s → %s", (input, expected) => {
    expect(normalize(input)).toBe(expected);
    expect(normalize(input)).toBe(normalize(input).normalize("NFC"));
  });
});

describe("fold: what is typed without accents", () => {
  it.each([
    ["Đầu tranh, phản bác", "dau tranh, phan bac"],
    ["ĐÀI PHÁT THANH", "dai phat thanh"],
    ["Sở Ngoại vụ", "so ngoai vu"],
    ["Hoá", "hoa"],
    ["Quảng Ngãi", "quang ngai"],
  ])("%s → %s", (input, expected) => expect(fold(input)).toBe(expected));
});

describe("words: letters and digits of any script, never \\w", () => {
  it.each([
    ["Quý II, III/2024.", ["quý", "ii", "iii", "2024"]],
    ["Sở TT&TT (STTTT)", ["sở", "tt", "tt", "stttt"]],
    ["“Tổ chức” – 30 phóng viên!", ["tổ", "chức", "30", "phóng", "viên"]],
  ])("%s", (input, expected) => expect(words(input)).toEqual(expected));

  it("folds words", () => expect(foldedWords("Đã hoàn thành 45 tin, bài")).toEqual(["da", "hoan", "thanh", "45", "tin", "bai"]));
});

describe("clean: what phones and copy-paste leave behind", () => {
  it.each([
    ["Đã\u200B hoàn\u200D thành", "Đã hoàn thành"],
    ["a\u0000b\u0007c", "abc"],
    ["dòng 1\r\ndòng 2", "dòng 1\ndòng 2"],
    ["\uFEFFBáo cáo", "Báo cáo"],
    ["\u202Eabc", "abc"],
  ])("%j", (input, expected) => expect(clean(input)).toBe(expected));
});

describe("abbreviations, matched both ways", () => {
  const a = new Abbreviations();
  it.each([
    ["Sở TT&TT", "Sở Thông tin và Truyền thông"],
    ["Sở TT-TT", "Sở Thông tin và Truyền thông"],
    ["STTTT", "STTTT"],
    ["Sở VH,TT&DL", "Sở Văn hoá, Thể thao và Du lịch"],
    ["Sở VH-TT&DL", "Sở Văn hóa - Thể thao và Du lịch"],
    ["Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"],
    ["Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"],
    ["Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"],
    ["Sở TN&MT", "Sở Tài nguyên và Môi trường"],
    ["Sở GD&ĐT", "Sở Giáo dục và Đào tạo"],
    ["Sở KH&CN", "Sở Khoa học và Công nghệ"],
    ["Đài PT&TH tỉnh", "Đài Phát thanh và Truyền hình tỉnh"],
    ["BCH BĐBP tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"],
    ["BCĐ công tác TTĐN tỉnh", "Ban Chỉ đạo công tác thông tin đối ngoại tỉnh"],
    ["Cổng TTĐT tỉnh", "Cổng thông tin điện tử tỉnh"],
    ["UBND tỉnh", "Ủy ban nhân dân tỉnh"],
    ["Thường trực HĐND tỉnh", "Thường trực Hội đồng nhân dân tỉnh"],
    ["báo chí TW", "báo chí Trung ương"],
    ["so tt&tt", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"],
  ])("%s = %s", (short, full) => expect(a.key(short)).toBe(a.key(full)));

  it("does not expand inside a longer word", () => {
    expect(a.key("TTTTX")).toBe("ttttx");
    expect(a.tokens("UBNDX")).toEqual(["ubndx"]);
  });
});
