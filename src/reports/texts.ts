/**
 * Every Vietnamese sentence of the summaries, in chat, in the draft report and in the
 * spreadsheet: formal and short, dates dd/mm/yyyy, each chat message ending with what the
 * reader can do next (DESIGN §8). The document wording follows Nghị định 30/2020/NĐ-CP.
 */
import { periodLabel } from "../plan/periods.js";
import type { PlanTask } from "../plan/types.js";
import { formatDate } from "../time.js";
import type { ReportRole } from "./compile.js";
import type { Report } from "./types.js";

/** A timeframe as the plan writes it, without the full stop that ends its line there. */
const when = (timeframe: string) => timeframe.replace(/[.;\s]+$/u, "") || "không ghi";

const pct = (rate: number | null) => (rate === null ? "–" : `${Math.round(rate * 100)}%`);

/**
 * The head of a body by the word its name begins with, as the administration titles heads
 * ("Sở …" → Giám đốc), and the collective body a head signs for ("TM." Ủy ban nhân dân); the
 * first match wins. Lower case in NFC: folding the marks away would read "Bảo hiểm" as "Báo".
 */
const HEADS: [prefix: string, head: string, collective?: string][] = [
  ["sở ", "GIÁM ĐỐC"],
  ["văn phòng ", "CHÁNH VĂN PHÒNG"],
  ["thanh tra ", "CHÁNH THANH TRA"],
  ["ban ", "TRƯỞNG BAN"],
  ["ubnd ", "CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"],
  ["ủy ban nhân dân ", "CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"],
  ["uỷ ban nhân dân ", "CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"],
  ["công an ", "GIÁM ĐỐC"],
  ["bộ chỉ huy ", "CHỈ HUY TRƯỞNG"],
  ["đài ", "GIÁM ĐỐC"],
  ["trung tâm ", "GIÁM ĐỐC"],
  ["báo ", "TỔNG BIÊN TẬP"],
  ["hội ", "CHỦ TỊCH"],
];

export const R = {
  pct,
  scopeLabel: (period: string | null, year: number) => (period ? periodLabel(period) : `Từ đầu năm ${year}`),

  // Chat: the overview (/tonghop)
  overviewTitle: "TỔNG HỢP TÌNH HÌNH THỰC HIỆN KẾ HOẠCH",
  scopeLine: (scope: string, date: string) => `Kỳ: ${scope} · Số liệu đến ngày ${formatDate(date)}`,
  countsHeader: (total: number) => `Tình trạng (${total} lượt nhiệm vụ của cơ quan chủ trì theo kỳ):`,
  rate: (done: number, total: number, rate: number | null) => `Tỷ lệ hoàn thành: ${done}/${total} (${pct(rate)})`,
  overdueHeader: (n: number) => `Quá hạn (${n}):`,
  overdueLine: (task: string, period: string, agency: string, days: number, deadline: string) =>
    `NV ${task}, ${period}: ${agency}, quá hạn ${days} ngày (hạn ${formatDate(deadline)})`,
  more: (n: number) => `… và ${n} mục khác`,
  silentHeader: (n: number) => `Chưa gửi báo cáo nào (${n} cơ quan):`,
  moreAgencies: (n: number) => `và ${n} cơ quan khác`,
  agencyCount: (icon: string, n: number) => `${icon} ${n} cơ quan`,
  partnerCount: (reports: number, agencies: number) =>
    `Báo cáo của cơ quan phối hợp: ${reports} (${agencies} cơ quan), không tính vào tỷ lệ hoàn thành của cơ quan chủ trì.`,
  themesHeader: "Khó khăn, vướng mắc được nêu nhiều nhất:",
  themeLine: (i: number, text: string, agencies: string[]) => `${i}. ${text} (${agencies.length} cơ quan: ${agencies.join("; ")})`,
  noRows: "Trong phạm vi này chưa có nhiệm vụ nào đến kỳ báo cáo.",
  overviewFooter:
    "Chọn nhiệm vụ (NV) hoặc «Theo cơ quan» bên dưới để xem chi tiết; gõ /tonghop <kỳ> để xem một kỳ, ví dụ /tonghop 2024-Q3. Dự thảo báo cáo (DOCX) và bảng tổng hợp (XLSX) gửi kèm.",
  taskButton: (id: string) => `NV ${id}`,
  agenciesButton: "Theo cơ quan",
  agencyListTitle: "TÌNH HÌNH THỰC HIỆN THEO CƠ QUAN CHỦ TRÌ",
  agencyListLine: (name: string, done: number, total: number, rate: number | null, overdue: number) =>
    `• ${name}: ${done}/${total} (${pct(rate)})${overdue > 0 ? `, ⚠️ ${overdue} quá hạn` : ""}`,
  agencyListFooter: "Chọn cơ quan bên dưới, hoặc gõ /tonghop dv <tên cơ quan>, để xem chi tiết.",
  docxCaption: "Dự thảo Báo cáo kết quả thực hiện Kế hoạch (DOCX). Đề nghị rà soát, biên tập trước khi trình ký.",
  xlsxCaption: "Bảng tổng hợp tiến độ và toàn bộ báo cáo đã nhận (XLSX). Gõ /tiendo để xem tiến độ kỳ hiện tại.",
  badPeriod: (text: string) =>
    `Không xác định được kỳ «${text}». Gõ /tonghop 2024-Q3 (quý), /tonghop 2024-09 (tháng) hoặc /tonghop 2024 (năm).`,
  unknownTask: (id: string) => `Kế hoạch không có nhiệm vụ «${id}». Gõ /tonghop để xem các nhiệm vụ.`,
  unknownAgency: (name: string) => `Không tìm thấy cơ quan «${name}» trong danh bạ. Gõ /tonghop dv <tên cơ quan> với tên hoặc tên viết tắt đúng.`,
  focalRefused:
    "Tổng hợp chung của Kế hoạch chỉ dành cho cán bộ quản trị. Dưới đây là tình hình thực hiện của Quý đơn vị.",
  focalOtherAgency: "Quý đơn vị chỉ xem được tổng hợp của cơ quan mình. Gõ /tonghop để xem.",
  noAgency: "Tài khoản này chưa gắn với cơ quan nào. Gõ /start <mã đăng ký> để đăng ký.",

  // Chat: details by task or by agency
  taskTitle: (id: string, section: string, title: string) => `NHIỆM VỤ ${id} (Mục ${section}): ${title}`,
  taskMeta: (timeframe: string, leads: string) => `Thời gian: ${when(timeframe)} · Chủ trì: ${leads}`,
  agencyStatusLine: (icon: string, agency: string, detail: string) => `${icon} ${agency}: ${detail}`,
  reportedOn: (at: string) => `báo cáo ngày ${formatDate(at)}`,
  dueOn: (deadline: string) => `hạn ${formatDate(deadline)}`,
  overdueStatus: (days: number, deadline: string) => `Quá hạn ${days} ngày (hạn ${formatDate(deadline)})`,
  doneLate: (days: number, at: string) => `Hoàn thành quá hạn ${days} ngày, báo cáo ngày ${formatDate(at)}`,
  latest: (period: string, results: string) => `   Kết quả (${period}): ${results}`,
  monthsReported: (reported: number, months: number) => `đã báo cáo ${reported}/${months} tháng`,
  partnersTitle: (n: number) => `Cơ quan phối hợp đã báo cáo (${n})`,
  partnerLine: (agency: string, period: string, status: string, results: string) =>
    `• ${agency} (${period}, ${status.toLocaleLowerCase("vi")}): ${results}`,
  contributionsHeader: "Phối hợp thực hiện (không tính vào tỷ lệ):",
  noLeads: "Kế hoạch chưa xác định được cơ quan chủ trì trong danh bạ.",
  detailFooter: "Gõ /tonghop để về tổng hợp chung.",
  agencyTitle: (name: string) => `TÌNH HÌNH THỰC HIỆN CỦA ${name.toLocaleUpperCase("vi")}`,
  agencyTaskLine: (id: string, title: string, statuses: string) => `• NV ${id}. ${title}: ${statuses}`,
  difficultiesHeader: "Khó khăn, vướng mắc:",
  proposalsHeader: "Đề xuất, kiến nghị:",
  raisedLine: (task: string, period: string, text: string) => `• NV ${task}, ${period}: ${text}`,
  noObligations: (name: string) => `Kế hoạch không giao nhiệm vụ chủ trì nào cho ${name} trong phạm vi này.`,
  focalFooter: "Gõ /baocao để báo cáo tiến độ, /nhiemvu để xem nhiệm vụ và hạn tiếp theo.",

  // Chat: the live matrix (/tiendo)
  progressTitle: (date: string) => `TIẾN ĐỘ BÁO CÁO KỲ HIỆN TẠI (đến ngày ${formatDate(date)})`,
  progressTask: (task: PlanTask, period: string, deadline: string | null) =>
    `NV ${task.id} · ${periodLabel(period, task)}${deadline ? `, hạn ${formatDate(deadline)}` : ""}:`,
  progressEarlier: "Quá hạn từ các kỳ trước:",
  nudgeButton: "Nhắc các đơn vị chưa báo cáo",
  progressSilent: (n: number) => `Chưa báo cáo đủ kỳ hiện tại, đã có đầu mối (${n} cơ quan):`,
  progressUnregistered: (n: number) => `Chưa báo cáo và chưa có đầu mối đăng ký, trợ lý không nhắc được (${n} cơ quan; gõ /moi <cơ quan> để cấp mã):`,
  participation: (reported: number, expected: number) =>
    `Tỷ lệ tham gia kỳ hiện tại: ${reported}/${expected} cơ quan đã gửi báo cáo (${Math.round((100 * reported) / expected)}%).`,
  owes: (name: string, n: number) => `${name} (${n} báo cáo)`,
  progressFooter: "Gõ /tonghop để nhận báo cáo tổng hợp kèm dự thảo DOCX và bảng XLSX.",

  // Scheduled digests
  weeklyTitle: (date: string) => `BẢN TIN TỔNG HỢP HẰNG TUẦN (ngày ${formatDate(date)})`,
  deadlineTitle: (deadline: string, days: number, section: string) =>
    `Còn ${days} ngày đến hạn gửi báo cáo kết quả thực hiện Kế hoạch (${formatDate(deadline)}, Mục ${section}).`,
  deadlineMissing: (n: number) => `Cơ quan phải báo cáo nhưng chưa gửi báo cáo nào (${n}):`,
  deadlineAllIn: "Tất cả cơ quan phải báo cáo đã gửi ít nhất một báo cáo.",
  digestFooter: "Gõ /tonghop để nhận báo cáo tổng hợp, /tiendo để xem tiến độ kỳ hiện tại.",
  summaryButton: "Tổng hợp",
  progressButton: "Tiến độ",

  // The draft report (DOCX)
  nationalHeading: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
  motto: "Độc lập - Tự do - Hạnh phúc",
  parentBody: (province: string) => `UBND TỈNH ${province.toLocaleUpperCase("vi")}`,
  blankIssuer: "TÊN CƠ QUAN BAN HÀNH",
  docNumber: (abbreviation: string | null) => `Số:        /BC-${abbreviation ?? "............"}`,
  draftMark: "DỰ THẢO",
  docTitle: "BÁO CÁO",
  docSubtitle: (title: string) => `Kết quả thực hiện ${title}`,
  intro: (title: string, issuer: string, scope: string, date: string) =>
    `Thực hiện ${title}, ${issuer} tổng hợp kết quả thực hiện (${scope.toLocaleLowerCase("vi")}, số liệu đến ngày ${formatDate(date)}) từ báo cáo của các cơ quan, đơn vị như sau:`,
  section1: "I. KẾT QUẢ THỰC HIỆN",
  section2: "II. ĐÁNH GIÁ CHUNG",
  section3: "III. ĐỀ XUẤT, KIẾN NGHỊ",
  strengths: "1. Ưu điểm",
  weaknesses: "2. Hạn chế",
  causes: "3. Nguyên nhân",
  assembledNote:
    "(Dự thảo: nội dung dưới đây được tổng hợp nguyên văn từ báo cáo của các cơ quan, đơn vị; đề nghị biên tập trước khi ban hành.)",
  draftedNote: "(Dự thảo do trợ lý soạn từ các báo cáo đã nhận; đề nghị rà soát.)",
  docTask: (id: string, title: string, section: string) => `${id}. ${title} (Mục ${section})`,
  docTaskMeta: (leads: string, timeframe: string) => `Cơ quan chủ trì: ${leads}. Thời gian thực hiện: ${when(timeframe)}.`,
  docMonthsReported: (reported: number, total: number) => `Thường xuyên: cơ quan chủ trì đã báo cáo ${reported}/${total} lượt (cơ quan × tháng)`,
  docPartnerCount: (n: number) => `Phối hợp: ${n} báo cáo`,
  docPartnerResult: (agency: string, period: string, results: string) => `${agency} (phối hợp, ${period}): ${results}`,
  docAgencyReport: (agency: string, period: string, status: string, results: string) =>
    `- ${agency} (${period}, ${status.toLocaleLowerCase("vi")}): ${results}`,
  docPartnerReport: (agency: string, period: string, status: string, results: string) =>
    `- ${agency} (phối hợp; ${period}, ${status.toLocaleLowerCase("vi")}): ${results}`,
  docFigures: (figures: string[]) => `Số liệu: ${figures.join("; ")}.`,
  docEarlierPeriods: (n: number) => `Cùng nhiệm vụ, cơ quan đã báo cáo thêm ${n} kỳ trước (xem tệp XLSX).`,
  docNotReported: (agencies: string[]) => `- Chưa báo cáo: ${agencies.join("; ")}.`,
  docNotReportedCount: (n: number, leads: number) => `- Chưa báo cáo: ${n}/${leads} cơ quan chủ trì.`,
  docNoReports: "- Chưa có cơ quan nào báo cáo kết quả.",
  docSectionReports: "Báo cáo chung về kết quả thực hiện Kế hoạch của các cơ quan, đơn vị",
  docCounts: (done: number, total: number, rate: number | null, date: string) =>
    `Đến ngày ${formatDate(date)}, có ${done}/${total} lượt nhiệm vụ theo kỳ đã hoàn thành hoặc đã báo cáo (${pct(rate)}).`,
  docStatusCount: (label: string, n: number) => `${label}: ${n}`,
  docHighlight: (agency: string, task: string, figures: string[]) => `- ${agency} (nhiệm vụ ${task}): ${figures.join("; ")}.`,
  docNoHighlights: "- Chưa có cơ quan nào báo cáo số liệu cụ thể.",
  docUnreported: (n: number, total: number) => `- Còn ${n}/${total} lượt nhiệm vụ theo kỳ của cơ quan chủ trì chưa có báo cáo.`,
  docOverdue: (n: number, agencies: number, byTask: { task: string; n: number }[]) =>
    `- ${n} lượt quá hạn chưa hoàn thành, của ${agencies} cơ quan: ${byTask.map((t) => `nhiệm vụ ${t.task} (${t.n} lượt)`).join("; ")}.`,
  docSilent: (n: number, leads: number) =>
    `- ${n}/${leads} cơ quan chủ trì chưa gửi báo cáo nào (xem cột «Báo cáo đã gửi», trang «Tỷ lệ» của bảng tổng hợp XLSX kèm theo).`,
  docNoShortcomings: "- Các nhiệm vụ đến kỳ đều đã có báo cáo, không có nhiệm vụ quá hạn.",
  docRaised: (agency: string, task: string, text: string) => `- ${agency} (nhiệm vụ ${task}): ${text}`,
  docNoDifficulties: "- Các cơ quan, đơn vị chưa phản ánh khó khăn, vướng mắc.",
  docNoProposals: "- Các cơ quan, đơn vị chưa có đề xuất, kiến nghị.",
  closing: (title: string, issuer: string) => `Trên đây là báo cáo kết quả thực hiện ${title} của ${issuer}./.`,
  recipientsHeader: "Nơi nhận:",
  recipients: ["- UBND tỉnh (báo cáo);", "- Các cơ quan, đơn vị thực hiện Kế hoạch;", "- Lưu: VT."],
  /** The signer's title lines: the issuer's deputy head signing for the head (ký thay), who usually signs such a report. */
  signerTitle: (issuer: string | null): string[] => {
    const name = (issuer ?? "").normalize("NFC").toLocaleLowerCase("vi");
    const found = HEADS.find(([prefix]) => name.startsWith(prefix));
    if (!found) return ["THỦ TRƯỞNG CƠ QUAN"];
    const [, head, collective] = found;
    return [...(collective ? [collective] : []), `KT. ${head}`, `PHÓ ${head}`];
  },
  signerName: "[Họ và tên người ký]",
  // The day is the day of signing: a draft leaves it to be written in.
  placeDate: (province: string, year: number) => `${province}, ngày      tháng      năm ${year}`,
  appendixTitle: "PHỤ LỤC",
  appendixSubtitle: "TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ CỦA KẾ HOẠCH",
  appendixRef: (issuer: string, abbreviation: string | null, year: number) =>
    `(Kèm theo Báo cáo số        /BC-${abbreviation ?? "......"} ngày      /     /${year} của ${issuer})`,
  appendixColumns: ["STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian", "Kết quả", "Tình trạng"],
  noResult: "Chưa có báo cáo",

  // The spreadsheet (XLSX)
  matrixSheet: "Tiến độ",
  rowsSheet: "Chi tiết",
  rateSheet: "Tỷ lệ",
  rateColumns: ["Số lượt", "Hoàn thành, đã báo cáo", "Tỷ lệ"],
  reportsSent: "Báo cáo đã gửi",
  statusByTask: "Tình trạng theo nhiệm vụ",
  statusByTaskRow: (id: string) => `NV ${id}`,
  reportsSheet: "Báo cáo",
  reportsSheetLimited: (shown: number, all: number) =>
    `Trang này liệt kê ${shown} báo cáo gần nhất trong số ${all}; danh sách đầy đủ: npm run cli -- reports list --history.`,
  matrixAgency: "Cơ quan chủ trì",
  matrixTask: "Nhiệm vụ",
  rowsColumns: ["Nhiệm vụ", "Cơ quan", "Kỳ", "Tình trạng", "Hạn", "Ngày báo cáo", "Số ngày quá hạn"],
  reportsColumns: [
    "Thời điểm nhận",
    "Cơ quan",
    "Nhiệm vụ",
    "Vai trò",
    "Kỳ",
    "Tình trạng báo cáo",
    "Kết quả",
    "Số liệu",
    "Khó khăn, vướng mắc",
    "Đề xuất, kiến nghị",
    "Minh chứng",
    "Kênh",
    "Hiện hành",
  ],
  role: { lead: "Chủ trì", partner: "Phối hợp", plan: "Báo cáo chung" } satisfies Record<ReportRole, string>,
  channel: { telegram: "Telegram", zalo: "Zalo", console: "Console (thử nghiệm)", cli: "Nhập tay (văn bản, thư điện tử)" } satisfies Record<
    Report["channel"],
    string
  >,
  yes: "Có",
  no: "Không (đã có báo cáo mới hơn)",
};
