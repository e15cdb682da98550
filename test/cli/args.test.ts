/** Command-line parsing (node:util parseArgs, strict): every documented flag parses, an unknown one is an error that names it. */
import { describe, expect, it } from "vitest";
import { parseBenchArgs } from "../../src/bench/cli.js";
import { CliUsageError, hitCount, parseCommandLine } from "../../src/cli-args.js";

describe("parseCommandLine", () => {
  it("parses every documented command and flag", () => {
    expect(parseCommandLine(["reindex", "--full", "--json"])).toEqual({ kind: "command", command: "reindex", flags: { full: true, json: true }, text: "" });
    expect(parseCommandLine(["ask", "社工", "工资多少"])).toMatchObject({ command: "ask", flags: {}, text: "社工 工资多少" });
    expect(parseCommandLine(["ask", "--json", "社工工资多少"])).toMatchObject({ command: "ask", flags: { json: true }, text: "社工工资多少" });
    expect(parseCommandLine(["ask", "--jsonl"])).toMatchObject({ command: "ask", flags: { jsonl: true } });
    expect(parseCommandLine(["search", "网格员", "--k", "3"])).toMatchObject({ command: "search", flags: { k: "3" }, text: "网格员" });
    expect(parseCommandLine(["search", "--jsonl", "--k=7"])).toMatchObject({ flags: { jsonl: true, k: "7" } });
    expect(parseCommandLine(["stats", "--jsonl"])).toMatchObject({ command: "stats", flags: { jsonl: true } });
    expect(parseCommandLine(["examples", "红色物业", "--json"])).toMatchObject({ command: "examples", flags: { json: true }, text: "红色物业" });
    expect(parseCommandLine(["chat"])).toMatchObject({ command: "chat" });
    expect(parseCommandLine(["bot"])).toMatchObject({ command: "bot" });
    expect(parseCommandLine(["eval", "--set", "x/y", "--json", "-v", "--sealed"])).toMatchObject({
      command: "eval",
      flags: { set: "x/y", json: true, verbose: true, sealed: true },
    });
    expect(parseCommandLine(["bench", "--sizes", "1,100"])).toEqual({ kind: "bench", args: ["--sizes", "1,100"] });
    for (const h of [[], ["help"], ["--help"], ["-h"]]) expect(parseCommandLine(h)).toEqual({ kind: "help" });
  });

  it("a question that starts with a dash goes after --", () => {
    expect(parseCommandLine(["ask", "--", "-1是多少"])).toMatchObject({ text: "-1是多少" });
  });

  it("rejects an unknown flag, naming it and the command", () => {
    expect(() => parseCommandLine(["reindex", "--ful"])).toThrow(CliUsageError);
    expect(() => parseCommandLine(["reindex", "--ful"])).toThrow(/jiceng reindex: .*--ful/);
    expect(() => parseCommandLine(["ask", "--jsonn"])).toThrow(/--jsonn/);
    expect(() => parseCommandLine(["eval", "--verbos"])).toThrow(/--verbos/);
  });

  it("rejects a missing value, a stray argument and an unknown command", () => {
    expect(() => parseCommandLine(["search", "网格员", "--k"])).toThrow(/--k/);
    expect(() => parseCommandLine(["reindex", "full"])).toThrow(/full/);
    expect(() => parseCommandLine(["reindx"])).toThrow(/unknown command: reindx/);
  });

  it("--k is clamped to 1–50, 5 when absent or not a number", () => {
    expect([hitCount(undefined), hitCount("3"), hitCount("0"), hitCount("999"), hitCount("abc")]).toEqual([5, 3, 5, 50, 5]);
  });
});

describe("parseBenchArgs", () => {
  it("parses values in both spellings and rejects unknown flags by name", () => {
    expect(parseBenchArgs(["--sizes", "1,3", "--questions=20", "--concurrency", "2", "--seed", "9", "--json", "--out", "x"])).toEqual({
      sizes: [1, 3],
      questions: 20,
      concurrency: 2,
      seed: 9,
      json: true,
      out: "x",
      ingest: [2, 8, 20], // the bench times ingest of generated 2/8/20 MB reports unless --ingest 0
    });
    expect(() => parseBenchArgs(["--size", "1"])).toThrow(/--size/);
    expect(() => parseBenchArgs(["--sizes", "1,x"])).toThrow(/--sizes/);
    expect(() => parseBenchArgs(["stray"])).toThrow(/stray/);
  });
});
