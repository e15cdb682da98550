/**
 * Decoding report files (decodeReport, as reindex and uploads call it): every accepted
 * format and encoding decodes to the same Chinese text, and every rejected file says
 * why in Chinese and names the file.
 */
import iconv from "iconv-lite";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { ReportReadError } from "../../src/errors.js";
import { decodeReport, isReportFile } from "../../src/corpus/read.js";

const SAMPLE = [
  "# 碧江：“四个强化”提升城市基层治理效能",
  "",
  "毕组工",
  "",
  "近年来,碧江区聚焦城市社区“权小责大、人少事多”的问题,坚持大抓基层、夯基础的鲜明导向。",
  "",
  "## 强化多元共治 凝聚基层治理合力",
  "",
  "全区社区工作者平均年龄35.5岁,大专及以上学历占92.3%。截至目前,全区城市社区共配备网格长591人、专兼职网格员2468人。",
  "",
].join("\n");

/** A report as reindex and uploads hand it to decodeReport: its file name and its bytes. */
interface ReportBytes {
  name: string;
  bytes: Uint8Array;
}

function put(name: string, content: Uint8Array | string): ReportBytes {
  return { name, bytes: typeof content === "string" ? Buffer.from(content, "utf8") : content };
}

const decode = (r: ReportBytes) => decodeReport(r.bytes, r.name);

/** A minimal but real .docx: a zip with content types, relationships, styles and the document part. */
async function makeDocx(blocks: { style?: "Heading1" | "Heading2"; text: string }[]): Promise<Uint8Array> {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  const body = blocks
    .map((b) => `<w:p>${b.style ? `<w:pPr><w:pStyle w:val="${b.style}"/></w:pPr>` : ""}<w:r><w:t xml:space="preserve">${esc(b.text)}</w:t></w:r></w:p>`)
    .join("");
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
</Types>`,
  );
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`,
  );
  zip.file(
    "word/_rels/document.xml.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>`,
  );
  zip.file(
    "word/styles.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles ${W}>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>
</w:styles>`,
  );
  zip.file("word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ${W}><w:body>${body}</w:body></w:document>`);
  return zip.generateAsync({ type: "uint8array" });
}

/** Assert a rejection: a ReportReadError whose Chinese message names the file. */
async function expectRejected(file: ReportBytes, userDetail: RegExp): Promise<ReportReadError> {
  const error = await decode(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReportReadError);
  const e = error as ReportReadError;
  const name = file.name;
  expect(e.file).toBe(name);
  expect(e.message).toContain(name);
  expect(e.userMessage).toContain(`「${name}」`);
  expect(e.userMessage).toMatch(/[\u4e00-\u9fff]{4,}/u);
  expect(e.userMessage).toMatch(userDetail);
  return e;
}

describe("decodeReport: accepted files", () => {
  it("reads UTF-8", async () => {
    const r = await decode(put("utf8.txt", Buffer.from(SAMPLE, "utf8")));
    expect(r.encoding).toBe("utf-8");
    expect(r.text).toBe(SAMPLE);
    expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reads UTF-8 with a BOM and drops the BOM", async () => {
    const r = await decode(put("utf8-bom.txt", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE, "utf8")])));
    expect(r.encoding).toBe("utf-8");
    expect(r.text).toBe(SAMPLE);
    expect(r.text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it("reads UTF-16LE with a BOM", async () => {
    const r = await decode(put("utf16.txt", Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(SAMPLE, "utf-16le")])));
    expect(r.encoding).toBe("utf-16le");
    expect(r.text).toBe(SAMPLE);
  });

  it("detects GBK and decodes it without mojibake", async () => {
    const bytes = iconv.encode(SAMPLE, "gbk");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const r = await decode(put("gbk.txt", bytes));
    expect(r.encoding).toBe("gb18030");
    expect(r.text).toBe(SAMPLE);
  });

  it("detects GB18030 with CRLF line ends and normalises them", async () => {
    const r = await decode(put("gb18030-crlf.txt", iconv.encode(SAMPLE.replace(/\n/g, "\r\n"), "gb18030")));
    expect(r.text).toBe(SAMPLE);
    expect(r.text).not.toContain("\r");
  });

  it("detects Big5 (traditional characters)", async () => {
    const traditional = "# 碧江區：社區治理\n\n近年來,碧江區聚焦城市社區問題,全區社區工作者平均年齡35.5歲。網格員隊伍不斷壯大。\n";
    const r = await decode(put("big5.txt", iconv.encode(traditional, "big5")));
    expect(r.encoding).toBe("big5");
    expect(r.text).toBe(traditional);
  });

  it("reads .md like .txt", async () => {
    const r = await decode(put("report.md", SAMPLE));
    expect(r.text).toBe(SAMPLE);
  });

  it("reads a real .docx, mapping Heading 1/2 to # and ##", async () => {
    const docx = await makeDocx([
      { style: "Heading1", text: "碧江：“四个强化”提升城市基层治理效能" },
      { text: "毕组工" },
      { text: "近年来,碧江区聚焦城市社区“权小责大、人少事多”的问题。" },
      { style: "Heading2", text: "强化多元共治 凝聚基层治理合力" },
      { text: "全区城市社区共配备网格长591人、专兼职网格员2468人。A&B<C>" },
    ]);
    const r = await decode(put("report.docx", docx));
    expect(r.encoding).toBe("docx");
    expect(r.text.split("\n\n")).toEqual([
      "# 碧江：“四个强化”提升城市基层治理效能",
      "毕组工",
      "近年来,碧江区聚焦城市社区“权小责大、人少事多”的问题。",
      "## 强化多元共治 凝聚基层治理合力",
      "全区城市社区共配备网格长591人、专兼职网格员2468人。A&B<C>",
    ]);
  });

  it("accepts upper-case extensions and knows which files are reports", () => {
    expect(isReportFile("报告.TXT")).toBe(true);
    expect(isReportFile("a.docx")).toBe(true);
    expect(isReportFile("a.md")).toBe(true);
    expect(isReportFile("a.pdf")).toBe(false);
    expect(isReportFile("a.doc")).toBe(false);
    expect(isReportFile("README")).toBe(false);
  });

  it("gives the same hash for the same bytes and a different one for different bytes", async () => {
    const a = await decodeReport(Buffer.from(SAMPLE), "a.txt");
    const b = await decodeReport(Buffer.from(SAMPLE), "b.txt");
    const c = await decodeReport(Buffer.from(`${SAMPLE}补充。`), "c.txt");
    expect(a.hash).toBe(b.hash);
    expect(a.hash).not.toBe(c.hash);
  });
});

describe("decodeReport: rejected files", () => {
  it("rejects an empty file", async () => {
    await expectRejected(put("empty.txt", ""), /空/);
  });

  it("rejects a binary file (NUL bytes)", async () => {
    const bytes = Buffer.concat([Buffer.from("碧江区", "utf8"), Buffer.from([0, 1, 2, 3, 0, 0, 0xff, 0x00]), Buffer.alloc(64)]);
    await expectRejected(put("binary.txt", bytes), /二进制/);
  });

  it("rejects an unsupported extension", async () => {
    const e = await expectRejected(put("report.pdf", SAMPLE), /不支持的文件类型/);
    expect(e.userMessage).toContain(".pdf");
    await expectRejected(put("noext", SAMPLE), /不支持的文件类型/);
  });

  it("rejects bytes that are not valid in any supported encoding", async () => {
    let seed = 12345;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const garbage = Uint8Array.from({ length: 400 }, () => 0x80 + Math.floor(rnd() * 128));
    await expectRejected(put("garbage.txt", garbage), /编码/);
    await expectRejected(put("ff.txt", new Uint8Array(200).fill(0xff)), /编码/);
  });

  it("rejects a text file with no readable characters", async () => {
    await expectRejected(
      put(
        "controls.txt",
        Uint8Array.from({ length: 50 }, (_, i) => 1 + (i % 8)),
      ),
      /没有可读的文字/,
    );
    await expectRejected(put("punct.txt", "。。。\n\n，，，\n"), /没有可读的文字/);
  });

  it("rejects a .docx that is not a zip, and a zip that is not a Word file", async () => {
    await expectRejected(put("fake.docx", SAMPLE), /Word/);
    const zip = new JSZip();
    zip.file("hello.txt", "not a word document");
    await expectRejected(put("not-word.docx", await zip.generateAsync({ type: "uint8array" })), /Word/);
  });
});
