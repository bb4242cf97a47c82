import { describe, expect, it } from "vitest";
import { answers } from "../../src/llm/asks.js";

// What a question asks for, and whether a passage gives it: a passage on the right topic that
// lacks the kind of answer asked (a count, a place, a day, the content of another document)
// does not answer the question.
describe("answers", () => {
  const bulletin = "Biên soạn, xuất bản Bản tin Thông tin đối ngoại bằng tiếng Việt và tiếng Anh, phát hành hằng quý.";
  const training = "Tổ chức 02 lớp tập huấn cho 150 cán bộ làm công tác thông tin đối ngoại tại Thành phố Quảng Ngãi.";

  it("takes any passage for a question that asks no particular kind of answer", () => {
    expect(answers("Ai chủ trì biên soạn bản tin đối ngoại?", bulletin)).toBe(true);
    expect(answers("ban tin doi ngoai gom nhung gi", bulletin)).toBe(true);
  });

  it("wants a number before the unit a count asks for", () => {
    expect(answers("Bản tin in bao nhiêu bản mỗi số?", bulletin)).toBe(false);
    expect(answers("tập huấn bao nhiêu cán bộ", training)).toBe(true);
    expect(answers("tap huan may lop", training)).toBe(true);
    expect(answers("tập huấn mấy người", bulletin)).toBe(false);
    expect(answers("kinh phí bao nhiêu?", bulletin)).toBe(false);
  });

  it("takes a frequency for «mấy lần» and an enumeration for «mấy thứ / loại»", () => {
    expect(answers("Bản tin ra mấy lần một năm?", bulletin)).toBe(true);
    expect(answers("Bản tin in bằng mấy thứ tiếng?", bulletin)).toBe(true);
    expect(answers("tập huấn mấy lần", "Tổ chức tập huấn cho cán bộ.")).toBe(false);
  });

  it("does not read a year, a date or a document number as a count", () => {
    expect(answers("bao nhiêu bản", "Theo Kế hoạch số 124/KH-UBND ngày 07/6/2023, năm 2024.")).toBe(false);
  });

  it("wants the venue a question names («khách sạn nào») in the passage; «ở đâu» alone asks nothing in particular", () => {
    expect(answers("Tập huấn tổ chức ở đâu?", training)).toBe(true);
    expect(answers("Hội nghị tổ chức ở khách sạn nào?", training)).toBe(false);
    expect(answers("hoi nghi o khach san nao", "Tổ chức hội nghị tại Khách sạn Mường Thanh.")).toBe(true);
  });

  it("reads «mấy» after its noun as which one, not how many", () => {
    expect(answers("tập huấn vào quý mấy", training)).toBe(true);
    expect(answers("lồng ghép văn hoá cơ sở là nhiệm vụ số mấy", bulletin)).toBe(true);
    expect(answers("kế hoạch số bao nhiêu", bulletin)).toBe(true);
  });

  it("wants a day for «ngày nào»", () => {
    expect(answers("Họp báo ngày nào?", "Họp báo định kỳ hằng quý.")).toBe(false);
    expect(answers("hop bao ngay nao", "Họp báo ngày 28/3.")).toBe(true);
  });

  it("does not take a citation of another document for what that document says", () => {
    const preamble = "Căn cứ Chỉ thị số 09/CT-TTg ngày 01/3/2023 của Thủ tướng Chính phủ, UBND tỉnh ban hành Kế hoạch.";
    expect(answers("chỉ thị 09/CT-TTg nói về gì", preamble)).toBe(false);
    expect(answers("Nội dung Nghị quyết 59 là gì?", preamble)).toBe(false);
    expect(answers("kế hoạch căn cứ chỉ thị nào", preamble)).toBe(true);
  });

  it("wants a person's name for who holds an office, and a named person in the passage", () => {
    const duty = "Sở Thông tin và Truyền thông chủ trì, phối hợp với Văn phòng UBND tỉnh tổ chức họp báo.";
    const signed = "KT. CHỦ TỊCH, PHÓ CHỦ TỊCH. Ông Trần Phước Hiền ký ban hành.";
    expect(answers("giám đốc STTTT là ai", duty)).toBe(false);
    expect(answers("chu tich ubnd tinh ten gi", duty)).toBe(false);
    expect(answers("Phó Chủ tịch nào ký kế hoạch?", signed)).toBe(true);
    expect(answers("ông Trần Phước Hiền chức vụ gì", duty)).toBe(false);
    expect(answers("ong tran phuoc hien chuc vu gi", signed)).toBe(true);
    // An agency asked for with «ai» is not a person.
    expect(answers("Ai chủ trì họp báo?", duty)).toBe(true);
    expect(answers("sở nào là cơ quan thường trực", duty)).toBe(true);
  });
});
