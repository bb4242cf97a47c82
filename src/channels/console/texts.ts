/** What the console channel itself says (the bot's own replies come from the core). */
export const T = {
  greeting: (agency: string, admin: boolean, logFile?: string) =>
    [
      "Trợ lý Kế hoạch — kênh dòng lệnh (thử mọi chức năng, không cần tài khoản Telegram hay Zalo).",
      `Bạn đang đóng vai ${admin ? "cán bộ quản trị của" : "đầu mối của"} ${agency}.`,
      "Gõ /help để xem các lệnh, /nhiemvu để xem nhiệm vụ, /baocao để báo cáo; /vai <cơ quan> hoặc /vai quantri để đổi vai; /thoat để thoát.",
      ...(logFile ? [`Nhật ký hoạt động ghi tại: ${logFile}`] : []),
    ].join("\n"),
  fileSaved: (path: string) => `Tệp đã lưu tại: ${path}`,
  switched: (agency: string, admin: boolean) => `Đã chuyển sang vai ${admin ? "quản trị của" : "đầu mối của"} ${agency}.`,
  unknownAgency: (name: string) => `Không tìm thấy cơ quan «${name}». Gõ /vai <tên hoặc viết tắt của cơ quan>.`,
  bye: "Tạm biệt.",
};
