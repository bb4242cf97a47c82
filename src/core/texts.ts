/**
 * Every Vietnamese sentence the chat core says, in one place: formal and short, addressing
 * the agency as "Quý đơn vị", dates as dd/mm/yyyy, and ending with what to do next (DESIGN §8).
 */
import type { ReportStatus } from "../reports/types.js";

export const STATUS_CHOICE_LABEL: Record<ReportStatus, string> = {
  hoan_thanh: "Hoàn thành",
  dang_thuc_hien: "Đang thực hiện",
  chua_thuc_hien: "Chưa thực hiện",
  gap_kho_khan: "Gặp khó khăn",
};

export const T = {
  /** Under choices shown as lines: the keys to type, "Trả lời 6, 7 hoặc a." */
  answerWith: (keys: string[]) => `Trả lời ${keys.length === 1 ? keys[0] : `${keys.slice(0, -1).join(", ")} hoặc ${keys.at(-1)}`}.`,
  /** Who issues codes and receives reports when the plan names no one. */
  coordinatorUnknown: "cơ quan thường trực Kế hoạch",
  unregistered: (coordinator: string) =>
    `Quý đơn vị chưa đăng ký sử dụng trợ lý Kế hoạch.\nĐể đăng ký, gửi: /start <mã đăng ký> (mã do ${coordinator} cấp).`,
  unregisteredGroup:
    "Nhóm này chưa gắn với cơ quan nào. Cán bộ đầu mối gửi /start <mã đăng ký> trong nhóm để gắn nhóm với cơ quan.",
  greet: (name: string, agency: string, admin: boolean) =>
    `Kính chào ${name}, đầu mối của ${agency}${admin ? " (quản trị)" : ""}.\nGõ /nhiemvu để xem nhiệm vụ, /baocao để báo cáo tiến độ, /help để xem hướng dẫn.`,
  registered: (agency: string, admin: boolean, group: boolean) =>
    `✅ Đăng ký thành công. ${group ? "Nhóm này" : "Quý đơn vị"} đã được ghi nhận là đầu mối của ${agency}${admin ? " với quyền quản trị" : ""}.\nGõ /nhiemvu để xem nhiệm vụ, /help để xem hướng dẫn.`,
  replaceRegistration: (current: string, currentAdmin: boolean, next: string, nextAdmin: boolean) =>
    `Tài khoản này đang là đầu mối của ${current}${currentAdmin ? " (quản trị)" : ""}. Mã vừa gửi dành cho ${next}${nextAdmin ? " (quản trị)" : ""}: dùng mã sẽ thay đăng ký hiện tại. Quý đơn vị có muốn thay không?`,
  replaceYes: "Đồng ý thay",
  replaceNo: "Giữ như cũ",
  registerFailed: {
    unknown: (coordinator: string) => `Mã đăng ký không đúng. Quý đơn vị vui lòng kiểm tra lại mã hoặc liên hệ ${coordinator}.`,
    used: (coordinator: string) => `Mã đăng ký này đã được sử dụng. Quý đơn vị vui lòng đề nghị ${coordinator} cấp mã mới.`,
    expired: (coordinator: string) => `Mã đăng ký đã hết hạn. Quý đơn vị vui lòng đề nghị ${coordinator} cấp mã mới.`,
    rate_limited: (_coordinator: string) => "Quý đơn vị đã nhập sai mã quá nhiều lần. Vui lòng thử lại sau 15 phút.",
  },
  help: (admin: boolean) =>
    [
      "Trợ lý thực hiện Kế hoạch. Các lệnh:",
      "/nhiemvu: nhiệm vụ của Quý đơn vị và hạn tiếp theo",
      "/baocao: báo cáo tiến độ thực hiện một nhiệm vụ",
      "/dagui: báo cáo Quý đơn vị đã gửi, để bổ sung hoặc sửa",
      "/minhchung: minh chứng (ảnh, tệp, đường dẫn) trong các báo cáo đã gửi",
      "/hoi <câu hỏi>: hỏi về nội dung Kế hoạch",
      "/nhacnho: lịch nhắc hạn, tạm hoãn hoặc tạm dừng nhắc",
      "/huy: hủy thao tác đang làm",
      "/roi: thôi làm đầu mối trên tài khoản này",
      ...(admin
        ? [
            "",
            "Dành cho quản trị:",
            "/tiendo: đơn vị đã và chưa báo cáo kỳ hiện tại",
            "/tonghop [kỳ]: tổng hợp kết quả (ví dụ: /tonghop 2024-Q3)",
            "/moi <cơ quan> [quantri]: cấp mã đăng ký",
            "/lienhe [cơ quan]: danh sách đầu mối đã đăng ký",
            "/thuhoi <số>: thu hồi một đầu mối",
            "/suanv [NV …]: nhiệm vụ cần xem lại; sửa hạn, chủ trì, phối hợp",
          ]
        : []),
      "",
      "Quý đơn vị cũng có thể gửi trực tiếp câu hỏi hoặc nội dung báo cáo bằng lời.",
    ].join("\n"),
  review: {
    header: (n: number) => `Nhiệm vụ cần quản trị xem lại (${n}): chưa có hạn hoặc chưa rõ cơ quan chủ trì.`,
    line: (id: string, title: string, why: string) => `• NV ${id}: ${title} (${why})`,
    noDate: "chưa có hạn",
    noLead: "chưa rõ chủ trì",
    none: "Mọi nhiệm vụ của Kế hoạch đều đã có hạn và cơ quan chủ trì.",
    usage:
      "Sửa một nhiệm vụ:\n/suanv <NV> han dd/mm/yyyy[, dd/mm/yyyy]\n/suanv <NV> chutri <cơ quan; cơ quan>\n/suanv <NV> phoihop <cơ quan; cơ quan>\n/suanv <NV> thoigian <như Kế hoạch viết, ví dụ: Hằng quý>",
    unknownTask: (id: string) => `Kế hoạch không có nhiệm vụ ${id}. Gõ /suanv để xem danh sách cần xem lại.`,
    badDate: (text: string) => `«${text}» không phải ngày (dd/mm/yyyy).`,
    fixed: (id: string, lead: string, due: string) =>
      `✅ Đã sửa nhiệm vụ ${id}. Chủ trì: ${lead}. Hạn: ${due}.\nChỉnh sửa được giữ khi nạp lại Kế hoạch này.`,
    notHere: "Kênh này chưa cho phép sửa Kế hoạch; dùng lệnh npm run cli -- plan fix trên máy chủ.",
  },
  unscheduled: "chưa có hạn (Kế hoạch không ghi ngày; cập nhật kết quả hằng tháng)",
  adminOnly: (coordinator: string) => `Lệnh này chỉ dành cho cán bộ quản trị của ${coordinator}. Gõ /help để xem các lệnh của Quý đơn vị.`,
  unknownCommand: (cmd: string) => `Không có lệnh /${cmd}. Gõ /help để xem các lệnh.`,
  cancelled: "Đã hủy. Gõ /help để xem các lệnh.",
  nothingToCancel: "Không có thao tác nào đang thực hiện. Gõ /help để xem các lệnh.",
  tooLong: (max: number) =>
    `Tin nhắn quá dài (tối đa ${max.toLocaleString("vi-VN")} ký tự). Quý đơn vị vui lòng chia thành nhiều tin nhắn.`,
  unsupported: "Trợ lý chỉ đọc được tin nhắn văn bản, ảnh và tệp đính kèm khi báo cáo. Gõ /help để xem hướng dẫn.",
  chooseFromList: "Quý đơn vị vui lòng chọn một mục trong danh sách, hoặc gõ /huy để hủy.",
  noTasks: (agency: string) =>
    `Kế hoạch hiện hành không giao nhiệm vụ nào cho ${agency}. Gõ /hoi để hỏi về Kế hoạch.`,
  tasksHeader: (agency: string) => `Nhiệm vụ của ${agency}:`,
  taskLine: (icon: string, id: string, title: string, role: string, when: string, section: string) =>
    `${icon} ${id}. ${title}\n   ${role} · ${when} · (Mục ${section.replace(/^II\./, "II, nhiệm vụ ")})`,
  upcomingLine: (at: string, task: string | null, period: string | null, deadline: string | null) =>
    `• ${at}: ${task ? `nhiệm vụ ${task}${period ? `, ${period}` : ""}` : "báo cáo kết quả"}${deadline ? ` (hạn ${deadline})` : ""}`,
  leadLabel: "Chủ trì",
  partnerLabel: "Phối hợp",
  continuous: "Thường xuyên, báo cáo hằng tháng",
  noDeadline: "chưa xác định thời hạn",
  nextDeadline: (d: string) => `hạn ${d}`,
  tasksFooter: "Gõ /baocao để báo cáo tiến độ.",
  reportButton: (task: string) => `Báo cáo nhiệm vụ ${task}`,
  askTask: "Quý đơn vị báo cáo nhiệm vụ nào? (bấm hoặc gõ số nhiệm vụ)",
  otherTask: "Nhiệm vụ khác",
  otherPeriod: "Chọn kỳ khác",
  notYourTask: "Nhiệm vụ này không thuộc Quý đơn vị. Gõ /nhiemvu để xem nhiệm vụ của Quý đơn vị.",
  askPeriod: (task: string) => `Báo cáo nhiệm vụ ${task} cho kỳ nào?`,
  askStatus: (task: string, period: string) => `Nhiệm vụ ${task}, ${period}. Tình trạng thực hiện?`,
  askWrite: (task: string, period: string) =>
    `Nhiệm vụ ${task}, ${period}. Quý đơn vị gõ kết quả thực hiện trong một tin nhắn: việc đã làm, số liệu; khó khăn, đề xuất và đường dẫn minh chứng nếu có (ảnh, tệp gửi kèm).`,
  evidenceKept: (n: number) => `Đã nhận ${n} minh chứng. Quý đơn vị gõ tiếp kết quả thực hiện.`,
  askEditField: "Quý đơn vị muốn sửa mục nào?",
  editTask: "Sửa nhiệm vụ",
  editPeriod: "Sửa kỳ báo cáo",
  editStatus: "Sửa tình trạng",
  editResults: "Sửa kết quả",
  editDifficulties: "Sửa khó khăn",
  editProposals: "Sửa đề xuất",
  back: "Quay lại",
  askNewResults: "Quý đơn vị gõ lại nội dung kết quả thực hiện (thay cho nội dung cũ).",
  askDifficulties: "Khó khăn, vướng mắc (nếu có)? Nhập nội dung hoặc bấm «Không có».",
  askProposals: "Đề xuất, kiến nghị (nếu có)? Nhập nội dung hoặc bấm «Không có».",
  none: "Không có",
  photoNumber: (n: number) => `ảnh ${n}`,
  fileNumber: (n: number) => `tệp ${n}`,
  confirm: "Xác nhận",
  edit: "Sửa",
  cancel: "Hủy",
  preview: "Xem lại báo cáo trước khi gửi:",
  previewTask: (task: string, period: string) => `Nhiệm vụ ${task}, ${period}`,
  previewStatus: (status: string) => `Tình trạng: ${status}`,
  previewResults: (results: string) => `Kết quả: ${results}`,
  previewFigures: (figures: string) => `Số liệu: ${figures}`,
  previewEvidence: (evidence: string) => `Minh chứng: ${evidence}`,
  previewFooter:
    "Bấm «Xác nhận» để gửi, «Sửa» để sửa từng mục, «Hủy» để bỏ. Có thể gửi thêm ảnh, tệp minh chứng hoặc gõ «Khó khăn: …», «Đề xuất: …» để bổ sung.",
  evidenceAddedPreview: "Đã thêm minh chứng vào báo cáo:",
  fieldAdded: "Đã bổ sung vào báo cáo:",
  resultsAppended: "Đã bổ sung nội dung vừa gõ vào phần kết quả:",
  taskChanged: (task: string) => `Đã chuyển báo cáo sang nhiệm vụ ${task}:`,
  saved: (task: string, period: string) =>
    `✅ Đã lưu báo cáo nhiệm vụ ${task}, ${period}. Cảm ơn Quý đơn vị.\nGõ /nhiemvu để xem các nhiệm vụ khác.`,
  staleTask: (task: string) =>
    `Nhiệm vụ ${task} không còn là nhiệm vụ của Quý đơn vị trong Kế hoạch hiện hành (Kế hoạch vừa được cập nhật). Báo cáo chưa được lưu; gõ /baocao để báo cáo lại.`,
  stalePeriod: (period: string) => `Kỳ ${period} không còn thuộc nhiệm vụ này trong Kế hoạch hiện hành. Quý đơn vị vui lòng chọn lại kỳ báo cáo:`,
  alreadyReported: (task: string, period: string, existing: string) =>
    `Quý đơn vị đã có báo cáo nhiệm vụ ${task}, ${period}:\n\n${existing}\n\nBổ sung nội dung mới vào báo cáo này, hay thay thế nó?`,
  append: "Bổ sung",
  replace: "Thay thế",
  difficultiesLabel: "Khó khăn, vướng mắc",
  proposalsLabel: "Đề xuất, kiến nghị",
  savedAgain: "Báo cáo này đã được lưu trước đó. Gõ /nhiemvu để xem các nhiệm vụ khác.",
  draftHeader: "Trợ lý hiểu nội dung trên là báo cáo tiến độ như sau:",
  draftOneOf: (total: number) => `Tin nhắn báo cáo ${total} nhiệm vụ; trợ lý lập từng báo cáo để Quý đơn vị xác nhận. Báo cáo thứ nhất:`,
  draftNext: "Báo cáo tiếp theo trong tin nhắn:",
  draftWhichTask: "Nội dung trên là báo cáo cho nhiệm vụ nào? Trợ lý đoán các nhiệm vụ dưới đây (bấm hoặc gõ số nhiệm vụ):",
  draftNoTask:
    "Trợ lý chưa xác định được nội dung trên thuộc nhiệm vụ nào. Quý đơn vị chọn nhiệm vụ để báo cáo, hoặc gõ /hoi để đặt câu hỏi.",
  askEmpty: "Quý đơn vị gõ câu hỏi sau lệnh, ví dụ: /hoi Hạn gửi báo cáo kết quả là ngày nào?",
  answerFooter: "Gõ /hoi <câu hỏi> để hỏi tiếp hoặc /help để xem các lệnh.",
  left: "Tài khoản này đã thôi làm đầu mối. Cảm ơn Quý đơn vị. Gõ /start <mã> để đăng ký lại.",
  inviteUsage: "Cú pháp: /moi <tên cơ quan> [quantri]. Ví dụ: /moi Công an tỉnh",
  unknownAgency: (name: string) =>
    `Không tìm thấy cơ quan «${name}» trong danh bạ. Gõ /moi <tên cơ quan> với tên hoặc tên viết tắt đúng.`,
  invite: (agency: string, code: string, expires: string, admin: boolean, link?: string) =>
    `Mã đăng ký${admin ? " quản trị" : ""} cho ${agency}: ${code}\nHiệu lực đến ${expires}, dùng một lần.\nĐầu mối gửi cho trợ lý: /start ${code}${link ? `\nHoặc mở: ${link}` : ""}`,
  contactsHeader: "Đầu mối đã đăng ký:",
  contactLine: (id: number, agency: string, name: string, channel: string, group: boolean, admin: boolean) =>
    `${id}. ${agency}: ${name} (${channel}${group ? ", nhóm" : ""}${admin ? ", quản trị" : ""})`,
  noContacts: "Chưa có đầu mối nào đăng ký. Gõ /moi <cơ quan> để cấp mã.",
  revokeUsage: "Cú pháp: /thuhoi <số>, với số lấy từ /lienhe.",
  revoked: (name: string) => `Đã thu hồi quyền đầu mối của ${name}. Gõ /lienhe để xem danh sách đầu mối.`,
  noSuchContact: "Không có đầu mối với số này. Gõ /lienhe để xem danh sách.",
  progressHeader: (date: string) => `Tiến độ báo cáo kỳ hiện tại (đến ${date}):`,
  progressSilent: "Chưa báo cáo:",
  progressFooter: "Gõ /tonghop để nhận báo cáo tổng hợp.",
  error: "Xin lỗi, hệ thống gặp sự cố khi xử lý yêu cầu. Quý đơn vị vui lòng thử lại sau ít phút.",
  nudged: (chats: number) => `Đã gửi lời đề nghị báo cáo tới ${chats} đầu mối của các cơ quan chưa báo cáo kỳ hiện tại (mỗi cơ quan một lần trong ngày).`,
  nudgeOutsideHours: "Ngoài giờ làm việc: trợ lý chỉ gửi tin cho các đơn vị trong giờ hành chính của ngày làm việc. Quý đơn vị bấm lại «Nhắc các đơn vị chưa báo cáo» trong giờ làm việc.",
  nudgedNone: "Không có đầu mối nào cần nhắc lúc này: các cơ quan còn nợ báo cáo đều chưa có đầu mối đăng ký, hoặc đã được nhắc hôm nay.",
  noEvidence: (agency: string) => `Chưa có minh chứng nào trong các báo cáo của ${agency}.`,
  evidenceHeader: (agency: string, files: number, others: number, notSent: number) =>
    `Minh chứng trong báo cáo của ${agency}: ${files} tệp${others > 0 ? `, ${others} mục khác (đường dẫn hoặc tệp chưa tải được)` : ""}.` +
    (notSent > 0 ? ` Gửi ${files - notSent} tệp mới nhất; ${notSent} tệp còn lại có trong thư mục dữ liệu của máy chủ.` : ""),
  evidenceLine: (where: string, what: string, link: boolean) => `• ${where}: ${what}${link ? "" : " (tệp trên nền tảng, chưa tải được)"}`,
  sentHeader: (shown: number, total: number) =>
    total > shown ? `Báo cáo Quý đơn vị đã gửi (${shown} gần nhất trong ${total}):` : `Báo cáo Quý đơn vị đã gửi (${total}):`,
  sentLine: (task: string, period: string, status: string, at: string, results: string) => `• NV ${task}, ${period}: ${status} (gửi ${at})\n  ${results}`,
  sentFooter: "Chọn một báo cáo để bổ sung hoặc sửa: Trợ lý hỏi nội dung mới rồi cho chọn «Bổ sung» hay «Thay thế».",
  noneSent: "Quý đơn vị chưa gửi báo cáo nào. Gõ /baocao để báo cáo tiến độ.",
  amendButton: (task: string, period: string) => `Sửa NV ${task}, ${period}`,
  remindersHeader: "Lịch nhắc sắp tới của Quý đơn vị:",
  pausedNote: (until: string) => `⏸ Quý đơn vị đang tạm dừng nhận nhắc đến hết ngày ${until} (gõ /nhacnho tieptuc để bật lại).`,
  snoozedNote: (until: string) => `⏰ Quý đơn vị đã tạm hoãn nhắc đến ${until}; nhắc việc trong thời gian này sẽ được gửi lại lúc đó.`,
  noUpcoming: "Không có lịch nhắc nào trong 30 ngày tới.",
  snoozed: (until: string) => `Đã tạm hoãn nhắc đến ${until}. Gõ /nhacnho để xem lịch nhắc.`,
  paused: (until: string) => `Đã tạm dừng nhắc đến hết ngày ${until}. Gõ /nhacnho tieptuc để bật lại sớm hơn.`,
  resumed: "Đã bật lại nhắc hạn. Gõ /nhacnho để xem lịch nhắc sắp tới.",
  pauseUsage: "Cú pháp: /nhacnho tamdung dd/mm/yyyy (tạm dừng đến ngày đó), /nhacnho tieptuc để bật lại.",
  agencyPaused: (agency: string, until: string) =>
    `Đã tạm dừng nhắc cho ${agency} đến hết ngày ${until}. Gõ /nhacnho tieptuc ${agency} để bật lại.`,
  agencyResumed: (agency: string) => `Đã bật lại nhắc cho ${agency}. Gõ /tiendo để xem tiến độ.`,
  unclear:
    "Trợ lý chưa hiểu nội dung này. Quý đơn vị gõ /baocao để báo cáo tiến độ, /hoi <câu hỏi> để hỏi về Kế hoạch, hoặc /help để xem hướng dẫn.",
  remindersFooter: "Chọn tạm hoãn bên dưới, hoặc gõ /nhacnho tamdung dd/mm/yyyy để tạm dừng khi nghỉ phép.",
  snooze1: "Nhắc lại sau 1 ngày",
  snooze3: "Nhắc lại sau 3 ngày",
  summaryFocalOnly: "Tổng hợp của Quý đơn vị:",
};
