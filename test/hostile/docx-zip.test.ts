/**
 * A .docx shaped so that two zip readers would see different files (issue: attack review, item
 * 1). The size guard once read the directory one way and JSZip, inside mammoth, another: an
 * extra directory record the end record did not count, a Unicode-path field renaming an entry,
 * or a second record of the same name slipped 250 MB of paragraphs past the guard, and one
 * `check` ran out of memory. Each shape must now be refused in one line, exit 2, quickly; and
 * mammoth must read through the guard's own reader, not a second one.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createDeflateRaw, crc32 } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClauseCheckError } from "../../src/errors.js";
import { docxSource } from "../../src/ingest/docx.js";
import { MAX_DEPTH, readXml } from "../../src/ingest/docx-xml.js";
import { openDocx } from "../../src/ingest/docx-zip.js";
import { SEED, STACK_LINE, cleanEnv, cliPath, ensureBuilt, repoRoot } from "../helpers/cli.js";
import { makeTmpDir, removeTmpDir } from "../helpers/tmp.js";
import { type Entry, zip } from "../helpers/zip.mjs";

const CONTENT_TYPES = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
);
const RELS = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
);
const OPEN = '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';
const CLOSE = "</w:body></w:document>";
const PARAGRAPH = "<w:p><w:r><w:t>This Agreement shall be governed by the laws of the State of New York.</w:t></w:r></w:p>";
const document = (text: string) => Buffer.from(`${OPEN}<w:p><w:r><w:t>${text}</w:t></w:r></w:p>${CLOSE}`);
const frame = (...entries: Entry[]): Entry[] => [
  { name: "[Content_Types].xml", data: CONTENT_TYPES },
  { name: "_rels/.rels", data: RELS },
  ...entries,
];

/** A document.xml of `mb` megabytes of paragraphs, deflated (streamed: the test never holds it whole). */
async function bigDocument(mb: number): Promise<{ raw: Buffer; size: number; crc: number }> {
  const chunk = Buffer.from(PARAGRAPH.repeat(10_000));
  const head = Buffer.from(OPEN);
  const tail = Buffer.from(CLOSE);
  const d = createDeflateRaw({ level: 1 });
  const out: Buffer[] = [];
  d.on("data", (c: Buffer) => out.push(c));
  let size = 0;
  let crc = 0;
  const put = (b: Buffer) => {
    size += b.length;
    crc = crc32(b, crc);
    d.write(b);
  };
  put(head);
  for (let n = Math.ceil((mb * 1024 * 1024) / chunk.length); n > 0; n--) put(chunk);
  put(tail);
  await new Promise<void>((resolve) => d.end(() => resolve()));
  return { raw: Buffer.concat(out), size, crc };
}

let tmp: string;
let big250: Awaited<ReturnType<typeof bigDocument>>;
let big40: Awaited<ReturnType<typeof bigDocument>>;
beforeAll(async () => {
  ensureBuilt();
  tmp = makeTmpDir("hostile-docx");
  copyFileSync(join(repoRoot, SEED), join(tmp, "seed.txt"));
  // 250 MB is over the 200 MB a .docx may unzip to; 40 MB is under the size above which the
  // compression ratio is checked, so only the disagreement between readers can catch it.
  big250 = await bigDocument(250);
  big40 = await bigDocument(40);
}, 60_000);
afterAll(() => removeTmpDir(tmp));

/** `check --no-config -o NAME.json NAME.docx seed.txt` on the zip; the bad file must be refused, the seed still checked. */
function refused(name: string, bytes: Buffer, says: RegExp): void {
  writeFileSync(join(tmp, `${name}.docx`), bytes);
  const t = performance.now();
  const r = spawnSync(process.execPath, [cliPath, "check", "--quiet", "--no-config", "-o", `${name}.json`, `${name}.docx`, "seed.txt"], {
    cwd: tmp,
    env: cleanEnv(),
    encoding: "utf8",
    timeout: 20_000,
    // SIGTERM would be handled (exit 143) and read as an answer.
    killSignal: "SIGKILL",
  });
  const ms = performance.now() - t;
  expect(r.signal, `killed after ${Math.round(ms)} ms (the bomb went off); stderr: ${r.stderr.slice(0, 500)}`).toBeNull();
  expect(r.stderr).not.toContain(STACK_LINE);
  const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^clausecheck: ${name}\\.docx: not a Word \\.docx file \\(`));
  expect(lines[0]).toMatch(says);
  expect(r.status).toBe(2);
  expect(ms, "refused from the directory, before anything is unzipped").toBeLessThan(10_000);
  expect(readdirSync(tmp).filter((f) => f.includes(`${name}.json`)), "the report, and no temporary file").toEqual([`${name}.json`]);
}

describe("zip shapes two readers disagree on are refused before anything is unzipped", () => {
  it("a directory record past the count the end record declares (250 MB of paragraphs as a second word/document.xml)", () => {
    const bomb: Entry = { name: "word/document.xml", data: Buffer.alloc(0), raw: big250.raw, declare: big250.size, crc: big250.crc, undeclared: true };
    refused("undeclared", zip(frame({ name: "word/document.xml", data: document("A short letter.") }, bomb)), /directory does not match its end record \(3 entries declared/);
  }, 30_000);

  it("an entry renamed word/document.xml by a Unicode-path extra field (40 MB of paragraphs)", () => {
    const bomb: Entry = { name: "word/media/image1.png", data: Buffer.alloc(0), raw: big40.raw, declare: big40.size, crc: big40.crc, unicodePath: "word/document.xml" };
    refused("renamed", zip(frame({ name: "word/document.xml", data: document("A short letter.") }, bomb)), /word\/media\/image1\.png is renamed by a Unicode-path field/);
  }, 30_000);

  it("two records named word/document.xml (the second 40 MB of paragraphs)", () => {
    const bomb: Entry = { name: "word/document.xml", data: Buffer.alloc(0), raw: big40.raw, declare: big40.size, crc: big40.crc };
    refused("twice", zip(frame({ name: "word/document.xml", data: document("A short letter.") }, bomb)), /holds word\/document\.xml twice/);
  }, 30_000);
});

describe("the directory is read exactly as declared (library)", () => {
  const error = async (bytes: Buffer) => {
    const e = await docxSource(bytes, "x.docx").then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(ClauseCheckError);
    return e as ClauseCheckError;
  };
  const extra: Entry = { name: "word/document.xml", data: document("Hidden text."), undeclared: true };

  it("an uncounted record inside the directory's declared size is refused", async () => {
    const e = await error(zip(frame({ name: "word/document.xml", data: document("Shown text.") }, extra)));
    expect(e.code).toBe("BINARY");
    expect(e.message).toMatch(/does not match its end record/);
  });

  it("an uncounted record just past the directory's declared size is refused too", async () => {
    const bytes = zip(frame({ name: "word/document.xml", data: document("Shown text.") }, extra));
    // Shrink the end record's directory size so the extra record lies just past it.
    const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const extraRecord = 46 + Buffer.byteLength("word/document.xml");
    bytes.writeUInt32LE(bytes.readUInt32LE(end + 12) - extraRecord, end + 12);
    const e = await error(bytes);
    expect(e.code).toBe("BINARY");
    expect(e.message).toMatch(/does not match its end record/);
  });

  it("a Unicode-path field that names the entry as it is named is accepted", async () => {
    const source = await docxSource(zip(frame({ name: "word/document.xml", data: document("This Agreement is made."), unicodePath: "word/document.xml" })), "x.docx");
    expect(source.text).toContain("This Agreement is made.");
  });
});

describe("mammoth reads through the guard's reader, not JSZip", () => {
  it("a part that declares more than it holds is read (JSZip would stop at 'uncompressed data size mismatch')", async () => {
    const data = document("This Agreement is made.");
    const source = await docxSource(zip(frame({ name: "word/document.xml", data, declare: data.length + 100 })), "x.docx");
    expect(source.text).toContain("This Agreement is made.");
  });

  it("a part only mammoth reads (footnotes) that unzips past its declared size is TOO_LARGE, not a mammoth error", async () => {
    const docRels = Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>',
    );
    const footnotes = Buffer.from(`<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${" ".repeat(100_000)}</w:footnotes>`);
    const bytes = zip(frame({ name: "word/document.xml", data: document("This Agreement is made.") }, { name: "word/_rels/document.xml.rels", data: docRels }, { name: "word/footnotes.xml", data: footnotes, declare: 1000 }));
    const e = await docxSource(bytes, "x.docx").then(
      () => undefined,
      (err: unknown) => err as ClauseCheckError,
    );
    expect(e?.code).toBe("TOO_LARGE");
    expect(e?.message).toMatch(/word\/footnotes\.xml unzips to more than the 1000 bytes/);
  });
});

describe("XML nested deep", () => {
  // htmlparser2 (docx-xml.ts) takes time in proportion to depth at each tag: 200,000 nested
  // elements in a .rels, read before mammoth sees the file, took 21 s until reading stopped at MAX_DEPTH.
  it("a .rels of 300,000 nested elements is read in a moment (then the document is found where it usually is)", async () => {
    const nested = "<Relationships>".repeat(300_000) + "</Relationships>".repeat(300_000);
    const rels = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${nested}`);
    const bytes = zip([{ name: "[Content_Types].xml", data: CONTENT_TYPES }, { name: "_rels/.rels", data: rels }, { name: "word/document.xml", data: document("This Agreement is made.") }]);
    const started = Date.now();
    const { parts } = await openDocx(bytes, "deep.docx");
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(parts.document).toContain("This Agreement is made.");
  });

  it("readXml stops at MAX_DEPTH, keeping what came before", () => {
    const tree = readXml(`<a x="1">${"<b>".repeat(100_000)}${"</b>".repeat(100_000)}</a>`);
    let depth = 0;
    for (let e = tree.children[0]; e; e = e.children[0]) depth++;
    expect(depth).toBe(MAX_DEPTH);
    expect(tree.children[0]?.attributes.x).toBe("1");
  });
});
