/**
 * What the Zalo adapter itself says: to users in chat, to admins when the channel is in
 * trouble, and to the operator running `zalo login`. Everything else comes from the core.
 */

/** The one command that gives the bot a fresh Zalo session. */
export const LOGIN_COMMAND = "npm run cli -- zalo login";

const relogin = `Cán bộ quản trị máy chủ chạy lệnh: ${LOGIN_COMMAND}, quét mã QR bằng ứng dụng Zalo của tài khoản trợ lý, rồi khởi động lại dịch vụ.`;

export const texts = {
  /** In a group the bot reads only commands, mentions and replies to its own messages. */
  groupAnswer: "Trong nhóm: người đang báo cáo gõ trả lời trực tiếp; thành viên khác bấm «Trả lời» vào tin nhắn này.",
  apology: "Xin lỗi, hệ thống gặp sự cố khi xử lý yêu cầu. Quý đơn vị vui lòng thử lại sau ít phút.",
  unsupported:
    "Hệ thống chưa đọc được loại tin nhắn này. Quý đơn vị vui lòng gửi văn bản, ảnh hoặc tệp, hoặc gõ /help để xem hướng dẫn.",

  alert: {
    duplicate: `Kênh Zalo của trợ lý đã dừng: tài khoản Zalo đang được một kết nối khác của trợ lý sử dụng (mã 3000). Trợ lý không giành lại kết nối. Kiểm tra để chỉ một tiến trình trợ lý chạy, rồi khởi động lại dịch vụ.`,
    kicked: `Kênh Zalo của trợ lý đã dừng: tài khoản Zalo vừa được mở trên Zalo Web hoặc Zalo PC ở nơi khác (mã 3003). Trợ lý không giành lại phiên. Đăng xuất phiên Zalo Web/PC đó rồi khởi động lại dịch vụ; nếu phiên của trợ lý đã hết hạn: ${LOGIN_COMMAND}`,
    expired: `Phiên đăng nhập Zalo của trợ lý đã hết hạn; kênh Zalo tạm dừng. ${relogin}`,
    missing: (file: string) => `Kênh Zalo chưa chạy: tệp đăng nhập ${file} không đọc được. ${relogin}`,
    unreachable: `Không kết nối được máy chủ Zalo khi khởi động; kênh Zalo chưa chạy. Kiểm tra mạng của máy chủ rồi khởi động lại dịch vụ.`,
    unstable: (failures: number) =>
      `Kênh Zalo mất kết nối, trợ lý đã thử kết nối lại ${failures} lần và vẫn đang thử. Nếu kéo dài, kiểm tra mạng của máy chủ.`,
    recovered: "Kênh Zalo đã kết nối lại và hoạt động bình thường; không cần thao tác thêm.",
    paused: (until: string) =>
      `Zalo tạm giới hạn tài khoản của trợ lý (mã 221: gửi quá nhiều tin). Trợ lý ngừng gửi trên Zalo đến ${until}; tin đang chờ sẽ gửi sau đó, nhắc hạn chưa gửi được chuyển sang lượt sau. Không cần thao tác thêm.`,
    recipientLimited: (chat: string) =>
      `Zalo không cho trợ lý gửi tin đến cuộc trò chuyện ${chat} (mã 123). Giới hạn này chỉ hết khi người đó nhắn cho trợ lý từ ứng dụng Zalo; đề nghị liên hệ để họ nhắn một tin bất kỳ.`,
  },

  status: {
    never: "Kênh Zalo chưa chạy trên máy này (chưa có trạng thái nào được ghi).",
    stale: (at: string) => `Dịch vụ không cập nhật trạng thái từ ${at}: kênh Zalo đang không chạy.`,
    state: {
      idle: "chưa khởi động",
      connecting: "đang mở kết nối",
      connected: "đang kết nối",
      waiting: "mất kết nối, đang chờ kết nối lại",
      stopped: "đã dừng",
      expired: "phiên đăng nhập hết hạn",
    } as Record<string, string>,
    connection: (state: string) => `Kết nối: ${state}`,
    lastIn: (at: string | null) => `Tin nhận gần nhất: ${at ?? "chưa có"}`,
    lastOut: (at: string | null) => `Tin gửi gần nhất: ${at ?? "chưa có"}`,
    queued: (n: number) => `Tin chờ gửi: ${n}`,
    unknown: (n: number) => `Tin Zalo nhận mà không trả mã tin (có thể đã tới, không gửi lại): ${n}`,
    paused: (until: string) => `Tạm dừng gửi đến ${until} (mã 221: Zalo giới hạn tài khoản vì gửi quá nhiều).`,
    updated: (at: string) => `Cập nhật lúc: ${at}`,
  },

  cli: {
    usage:
      "zalo login [--qr <tệp.png>]             đăng nhập tài khoản Zalo của trợ lý bằng mã QR\n  zalo status [--json]                    trạng thái kênh Zalo của dịch vụ đang chạy",
    qrSaved: (path: string) => `Mã QR đã lưu tại: ${path}`,
    scan: "Mở ứng dụng Zalo trên điện thoại của tài khoản trợ lý, chọn Quét mã QR và quét mã trên (hoặc mở tệp ảnh).",
    expired: "Mã QR đã hết hạn; đang tạo mã mới.",
    tooManyExpired: "Mã QR hết hạn nhiều lần liên tiếp; dừng đăng nhập. Chạy lại lệnh khi sẵn sàng quét.",
    scanned: (name: string) => `Đã quét bởi ${name}. Xác nhận đăng nhập trên điện thoại.`,
    declined: "Đăng nhập bị từ chối trên điện thoại. Chạy lại lệnh để thử lại.",
    failed: (reason: string) => `Không đăng nhập được Zalo (${reason}). Kiểm tra mạng của máy chủ rồi chạy lại lệnh.`,
    saved: (file: string) =>
      `Đăng nhập thành công. Thông tin đăng nhập đã lưu tại ${file} (chỉ chủ tài khoản máy chủ đọc được).\nKhởi động (lại) dịch vụ bằng: npm start. Không mở Zalo Web trên trình duyệt khác bằng tài khoản này: trợ lý sẽ bị đẩy ra.`,
  },
};
