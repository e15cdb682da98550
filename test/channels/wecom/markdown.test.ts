/** WeCom markdown: escaping and the per-frame byte limit. */
import { describe, expect, it } from "vitest";
import { byteLength, escapeMarkdown, renderMarkdown } from "../../../src/channels/wecom/markdown.js";
import type { Reply } from "../../../src/conversation/types.js";

describe("escapeMarkdown", () => {
  it("escapes inline marks anywhere and block marks at line start, keeps [n]", () => {
    expect(escapeMarkdown("**粗** `代码` [链接](http://x) <font>")).toBe("\\*\\*粗\\*\\* \\`代码\\` \\[链接\\](http://x) \\<font\\>");
    expect(escapeMarkdown("# 标题\n> 引用\n- 项\n1. 第一")).toBe("\\# 标题\n\\> 引用\n\\- 项\n\\1. 第一");
    expect(escapeMarkdown("网格员2468人[1]，[12]")).toBe("网格员2468人[1]，[12]");
  });
});

describe("renderMarkdown", () => {
  const line = "社区工作者月平均报酬达到4116元，".repeat(20);
  const reply: Reply = {
    kind: "answer",
    blocks: [
      { type: "answer", text: Array.from({ length: 60 }, (_, i) => `${i}. ${line}[1]`).join("\n") },
      { type: "sources", groups: [{ title: "碧江", items: [{ n: 1, id: "bijiang:4.1", short: "碧江·强化关爱激励 第1段" }] }] },
    ],
    actions: [{ type: "source", n: 1, id: "bijiang:4.1", label: "[1] 社区工作者" }],
  };

  it("fits a long reply in one frame, cut between lines, with /source pointers", () => {
    const md = renderMarkdown(reply);
    expect(byteLength(md)).toBeLessThanOrEqual(20480);
    expect(md).toContain("已截断");
    expect(md).toContain("/source bijiang:4.1");
    const body = md.split("\n\n……")[0]!;
    expect(body.split("\n").every((l) => l.endsWith("[1]"))).toBe(true); // no line cut in the middle
  });

  it("leaves a short reply whole", () => {
    const short: Reply = { kind: "notice", blocks: [{ type: "text", text: "你好" }], actions: [] };
    expect(renderMarkdown(short)).toBe("你好");
  });
});
