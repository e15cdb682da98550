/** Uploading a report through the assistant: saved, indexed, answerable; bad input changes nothing. */
import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import iconv from "iconv-lite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Assistant } from "../../src/assistant/types.js";
import { JicengError, REINDEX_BUSY_MESSAGE, ReindexBusyError } from "../../src/errors.js";
import { createTestAssistant } from "../helpers/temp-project.js";

const REPORT = `# 江口县：“院坝协商”让村里的事大家商量着办

江口组工

近年来,江口县在各村推行“院坝协商”,每月召开一次院坝会,累计收集群众意见312条。

## 把会开到院坝里

村党支部把议事会开到群众家门口,由村民代表、网格员和驻村干部共同商量,解决了一批道路、饮水等实事。
`;

let t: Awaited<ReturnType<typeof createTestAssistant>>;
let assistant: Assistant;
beforeEach(async () => {
  t = await createTestAssistant();
  assistant = t.assistant;
});
afterEach(() => t.cleanup());

const reports = () => readdirSync(path.join(t.dir, "data/reports")).sort();

describe("addReport", () => {
  it("saves a GBK report, indexes it and answers from it", async () => {
    const r = await assistant.addReport("院坝协商.txt", iconv.encode(REPORT, "gbk"));
    expect(r.summary?.added).toEqual(["院坝协商.txt"]);
    expect(r.articles[0]).toMatchObject({ region: "江口县" });
    const a = await assistant.ask("院坝会收集了多少条群众意见");
    expect(a.text).toContain("312");
    expect(a.citations[0]!.region).toBe("江口县");
  });

  it("recognises a duplicate and changes nothing", async () => {
    await assistant.addReport("院坝协商.txt", Buffer.from(REPORT));
    const again = await assistant.addReport("副本.txt", Buffer.from(REPORT));
    expect(again.duplicateOf).toBe("院坝协商.txt");
    expect(reports()).not.toContain("副本.txt");
  });

  it("rejects bad names, binary and empty files with a Chinese message, and writes nothing", async () => {
    const before = reports();
    for (const [name, bytes] of [
      ["../../etc/passwd", Buffer.from(REPORT)],
      ["report.pdf", Buffer.from(REPORT)],
      ["binary.txt", Buffer.from([0, 1, 2, 0, 255])],
      ["empty.md", Buffer.alloc(0)],
    ] as const) {
      const error = await assistant.addReport(name, bytes).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, name).toBeInstanceOf(JicengError);
      expect((error as JicengError).userMessage).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(reports()).toEqual(before);
  });

  it("refuses a second upload while one is being indexed", async () => {
    const first = assistant.addReport("院坝协商.txt", Buffer.from(REPORT));
    const second = await assistant.addReport("另一份.txt", Buffer.from(REPORT.replace("312", "313"))).then(
      () => null,
      (e: unknown) => e,
    );
    expect(second).toBeInstanceOf(ReindexBusyError);
    expect((second as JicengError).userMessage).toBe(REINDEX_BUSY_MESSAGE);
    await first;
    expect(reports()).not.toContain("另一份.txt");
  });

  it("puts the folder back and keeps the old index when indexing fails", async () => {
    writeFileSync(path.join(t.dir, "data/reports/坏文件.txt"), Buffer.from([0, 0, 0, 1]));
    const error = await assistant.addReport("院坝协商.txt", Buffer.from(REPORT)).then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as JicengError).userMessage).toContain("坏文件.txt");
    expect(existsSync(path.join(t.dir, "data/reports/院坝协商.txt"))).toBe(false);
    expect((await assistant.ask("网格员有多少人")).text).toContain("2468");
    rmSync(path.join(t.dir, "data/reports/坏文件.txt"));
  });
});
