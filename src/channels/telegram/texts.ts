/** What the Telegram adapter itself says to users; everything else comes from the core. */
import type { BotCommand } from "grammy/types";

export const texts = {
  apology: "Xin lỗi, hệ thống gặp sự cố khi xử lý yêu cầu. Quý đơn vị vui lòng thử lại sau ít phút.",
  editIgnored:
    "Hệ thống không đọc nội dung tin nhắn đã sửa. Quý đơn vị vui lòng gửi nội dung cần sửa thành một tin nhắn mới.",
  unsupported:
    "Hệ thống chưa đọc được loại tin nhắn này. Quý đơn vị vui lòng gửi văn bản, ảnh hoặc tệp, hoặc gõ /help để xem hướng dẫn.",
};

/** The menu Telegram shows beside the input field. */
export const commands: BotCommand[] = [
  { command: "start", description: "Đăng ký bằng mã mời hoặc bắt đầu" },
  { command: "help", description: "Hướng dẫn sử dụng" },
  { command: "nhiemvu", description: "Nhiệm vụ và hạn của đơn vị" },
  { command: "baocao", description: "Báo cáo tiến độ thực hiện" },
  { command: "hoi", description: "Hỏi về nội dung Kế hoạch" },
  { command: "huy", description: "Hủy bước đang thực hiện" },
  { command: "nhacnho", description: "Lịch nhắc hạn của đơn vị" },
  { command: "tonghop", description: "Tổng hợp báo cáo (quản trị)" },
  { command: "moi", description: "Tạo mã mời đơn vị (quản trị)" },
  { command: "tiendo", description: "Tình hình báo cáo của các đơn vị (quản trị)" },
];
