/** Every Chinese string only the WeCom channel shows (the rest come from the conversation layer). */
export const messages = {
  searching: "正在检索…",
  apology: "抱歉，处理时出了点问题，请稍后再试。",
  unsupported: (what: string) => `我只能看懂文字，暂时看不了${what}。请直接用文字提问，例如「社区怎么减负？」，或发送 /help 查看用法。`,
  kinds: { image: "图片", mixed: "图文消息", voice: "语音", video: "视频", location: "位置", emotion: "表情" } as Record<string, string>,
  somethingElse: "这类消息",
  yourId: (userid: string, isAdmin: boolean) =>
    `您的企业微信 userid：\`${userid.replace(/`/g, "")}\`\n${isAdmin ? "您是管理员。" : "把它写进 .env 的 WECOM_ADMIN_USERIDS（多个用英文逗号分隔）并重启，即可成为管理员。"}`,
  downloadFailed: "❌ 没能下载这个文件（链接 5 分钟内有效），请重新发送。",
} as const;
