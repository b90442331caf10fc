import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClauseCheckError } from "../../src/errors.js";
import { hideEdgarWrapper } from "../../src/ingest/edgar-text.js";
import { readDocument, readDocumentBytes, sourceFromText, sourcesFromBytes } from "../../src/ingest/read-document.js";
import { parseAgreement } from "../../src/parse/parse-agreement.js";
import { LineIndex } from "../../src/position/line-index.js";
import { locatorFor } from "../../src/position/locator.js";
import { documentText } from "../../src/report/document-text.js";
import type { Source } from "../../src/types.js";
import { edgarSubmission } from "../../fuzz/shapes.mjs";

const samples = fileURLToPath(new URL("../../samples/", import.meta.url));
const seedPath = join(samples, "valence-ridgeway-1999.txt");
const edgarPath = join(samples, "valence-edgar-sgml.txt");
const seedText = readFileSync(seedPath, "utf8");

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "clausecheck-read-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, bytes: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function readError(file: string, options = {}): Promise<ClauseCheckError> {
  const e = await readDocument(file, options).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ClauseCheckError);
  return e as ClauseCheckError;
}

describe("readDocument", () => {
  it("reads a UTF-8 file into a Source", async () => {
    const path = write("plain.txt", "This Agreement shall be governed by the laws of the State of New York.\n");
    expect(await readDocument(path)).toEqual({
      file: path,
      text: "This Agreement shall be governed by the laws of the State of New York.\n",
      encoding: "utf-8",
      format: "text",
    });
  });

  it("reads the seed: the text is the file's, and its <PAGE> marker makes it edgar-text without a document type", async () => {
    const source = await readDocument(seedPath);
    expect(source.encoding).toBe("utf-8");
    expect(source.format).toBe("edgar-text");
    expect(source.documentType).toBeUndefined();
    expect(source.text.length).toBe(seedText.length);
    expect(source.text.split("\n")[47]).toBe("      ");
    expect(seedText.split("\n")[47]).toBe("<PAGE>");
  });

  it("reads a UTF-16LE file with a BOM", async () => {
    const path = write("utf16.txt", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(seedText, "utf16le")]));
    const source = await readDocument(path);
    expect(source.encoding).toBe("utf-16le");
    expect(source.text.slice(0, 17)).toBe("November 29, 1999");
  });

  it("reads samples/valence-cp1252-crlf.txt as Windows-1252 with curly quotes", async () => {
    const source = await readDocument(join(samples, "valence-cp1252-crlf.txt"));
    expect(source.encoding).toBe("windows-1252");
    expect(source.text).toContain("(the “Company”)");
  });

  it("keeps the path as the user gave it (relative to the working folder)", async () => {
    const source = await readDocument("samples/valence-ridgeway-1999.txt");
    expect(source.file).toBe("samples/valence-ridgeway-1999.txt");
  });
});

describe("readDocument errors", () => {
  it("ENOENT for a path that does not exist", async () => {
    const missing = join(dir, "no-such-agreement.txt");
    const e = await readError(missing);
    expect(e.code).toBe("ENOENT");
    expect(e.file).toBe(missing);
    expect(e.toLine()).toBe(`${missing}: no such file`);
  });

  it("EISDIR for a folder", async () => {
    const folder = join(dir, "a-folder.txt");
    mkdirSync(folder);
    const e = await readError(folder);
    expect(e.code).toBe("EISDIR");
    expect(e.file).toBe(folder);
  });

  it("EMPTY for a file of zero bytes", async () => {
    expect((await readError(write("empty.txt", ""))).code).toBe("EMPTY");
  });

  it("BINARY for a PDF saved with a .txt name", async () => {
    expect((await readError(write("scan.txt", "%PDF-1.4\n%âãÏÓ\n1 0 obj\n"))).code).toBe("BINARY");
  });

  it("ENCODING for a file with byte 0x81", async () => {
    const path = write("bad.txt", Uint8Array.from([...Buffer.from("The Company"), 0x81, ...Buffer.from(" agrees.")]));
    expect((await readError(path)).code).toBe("ENCODING");
  });

  it("TOO_LARGE for a file over maxBytes, and reads one of exactly maxBytes", async () => {
    const size = statSync(seedPath).size;
    const e = await readError(seedPath, { maxBytes: size - 1 });
    expect(e.code).toBe("TOO_LARGE");
    expect(e.file).toBe(seedPath);
    const source = await readDocument(seedPath, { maxBytes: size });
    expect(source.text.length).toBe(seedText.length);
    expect(source.text.startsWith("November 29, 1999")).toBe(true);
  });
});

describe("readDocumentBytes", () => {
  it("gives every byte of a file, whatever its size against the reads it takes (one, sized from the file, for most)", async () => {
    // Sizes around the smallest read (64 KiB) and around a megabyte; bytes that differ from one
    // position to the next, so that a part read twice or left out shows.
    for (const size of [1, 4095, 65_535, 65_536, 65_537, 1_048_577, 3_000_001]) {
      const bytes = new Uint8Array(size);
      for (let i = 0; i < size; i++) bytes[i] = (i * 7 + (i >> 8)) & 0xff;
      const file = write(`bytes-${size}.bin`, bytes);
      const read = await readDocumentBytes(file);
      expect(read.length, `${size} bytes`).toBe(size);
      expect(Buffer.compare(Buffer.from(read.buffer, read.byteOffset, read.byteLength), Buffer.from(bytes)), `${size} bytes`).toBe(0);
      // At the limit it is read; one byte over, it is refused before reading.
      expect((await readDocumentBytes(file, { maxBytes: size })).length).toBe(size);
      if (size > 1) await expect(readDocumentBytes(file, { maxBytes: size - 1 })).rejects.toMatchObject({ code: "TOO_LARGE" });
    }
  });
});

describe("readDocument never modifies the file", () => {
  it("leaves bytes, size and modification time of every sample as they were", async () => {
    const names = ["valence-ridgeway-1999.txt", "valence-cp1252-crlf.txt", "valence-edgar-sgml.txt", "redrafted-purchase-agreement.txt"];
    for (const name of names) {
      // Work on a copy so that a read cannot touch the repository's samples.
      const path = write(`copy-${name}`, readFileSync(join(samples, name)));
      const before = { bytes: readFileSync(path), stat: statSync(path) };
      await readDocument(path);
      const after = { bytes: readFileSync(path), stat: statSync(path) };
      expect(after.bytes.equals(before.bytes), name).toBe(true);
      expect(after.stat.size, name).toBe(before.stat.size);
      expect(after.stat.mtimeMs, name).toBe(before.stat.mtimeMs);
    }
  });

  it("reads a file without write permission", async () => {
    const path = write("read-only.txt", readFileSync(seedPath));
    const { chmodSync } = await import("node:fs");
    chmodSync(path, 0o444);
    expect((await readDocument(path)).text.length).toBe(seedText.length);
    expect(readFileSync(path).equals(readFileSync(seedPath))).toBe(true);
  });
});

describe("EDGAR text (samples/valence-edgar-sgml.txt)", () => {
  const raw = readFileSync(edgarPath, "utf8");
  const rawLines = raw.split("\n");
  /** Lines of the file that are wrapper or page furniture: every character must become a space. */
  const furniture = new Set(
    rawLines.flatMap((line, i) => (/^<\/?(?:DOCUMENT|TYPE|SEQUENCE|FILENAME|DESCRIPTION|TEXT|PAGE)>/.test(line) || /^\s+2$/.test(line) ? [i] : [])),
  );

  it("has the wrapper this test expects (sanity check of the sample)", () => {
    expect(furniture.size).toBe(10);
    expect(rawLines[54]).toMatch(/^\s+2$/);
  });

  it("is read as edgar-text with the exhibit type EX-10.47", async () => {
    const source = await readDocument(edgarPath);
    expect(source.format).toBe("edgar-text");
    expect(source.documentType).toBe("EX-10.47");
    expect(source.encoding).toBe("utf-8");
  });

  it("blanks the wrapper tags, the <PAGE> marker and the page number with spaces, keeping every offset", async () => {
    const source = await readDocument(edgarPath);
    expect(source.text.length).toBe(raw.length);
    const lines = source.text.split("\n");
    expect(lines.length).toBe(rawLines.length);
    lines.forEach((line, i) => {
      if (furniture.has(i)) expect(line, `line ${i + 1}`).toBe(" ".repeat((rawLines[i] as string).length));
      else expect(line, `line ${i + 1}`).toBe(rawLines[i]);
    });
  });

  it("changes no character except to a space", async () => {
    const source = await readDocument(edgarPath);
    for (let i = 0; i < raw.length; i++) {
      if (source.text[i] !== raw[i]) expect(source.text[i], `offset ${i}`).toBe(" ");
    }
    expect(source.text.indexOf("November 29, 1999")).toBe(raw.indexOf("November 29, 1999"));
  });

  it("keeps the body identical to the seed's", async () => {
    const source = await readDocument(edgarPath);
    const body = source.text.split("\n").slice(6, 6 + 47).join("\n");
    expect(body).toBe(seedText.split("\n").slice(0, 47).join("\n"));
  });

  it("does not blank a number line that is not next to a page break", () => {
    const text = "<DOCUMENT>\n<TYPE>EX-10.1\n<TEXT>\nThe price is:\n\n        2\n\nper share.\n</TEXT>\n</DOCUMENT>\n";
    const hidden = hideEdgarWrapper(text);
    expect(hidden.text).toContain("\n        2\n");
    expect(hidden.documentType).toBe("EX-10.1");
  });

  it("blanks text outside the first <TEXT> block", () => {
    const text = "<SEC-HEADER>\nACCESSION NUMBER: 1\n</SEC-HEADER>\n<DOCUMENT>\n<TYPE>EX-10.1\n<TEXT>\nAgreement.\n</TEXT>\n</DOCUMENT>\nTrailer\n";
    const hidden = hideEdgarWrapper(text);
    expect(hidden.text.length).toBe(text.length);
    expect(hidden.text.trim()).toBe("Agreement.");
  });

  it("leaves plain text alone", () => {
    const source = sourceFromText("This Agreement is made as of June 5, 2020.\n", "deal.txt");
    expect(source).toEqual({ file: "deal.txt", text: "This Agreement is made as of June 5, 2020.\n", encoding: "utf-8", format: "text" });
  });
});

describe("a full EDGAR submission with several exhibits (issue 14: linear in the file)", () => {
  const raw = edgarSubmission(3, { bytes: 30_000 });
  const rawLines = new LineIndex(raw);

  it("gives each exhibit only its own text, with its place in the file as base", async () => {
    const sources = await sourcesFromBytes(Buffer.from(raw), "submission.txt");
    expect(sources.map((s) => s.documentType)).toEqual(["EX-10.1", "EX-10.2", "EX-10.3"]);
    for (const [i, s] of sources.entries()) {
      expect(s.format).toBe("edgar-text");
      expect(s.text.length).toBeLessThan(2000);
      const base = s.base as NonNullable<typeof s.base>;
      const open = raw.indexOf("<TEXT>", raw.indexOf(`<TYPE>EX-10.${i + 1}\n`)) + "<TEXT>".length;
      expect(base.offset).toBe(open);
      expect({ line: base.line, column: base.column }).toEqual(rawLines.position(open));
      expect(base.lineCount).toBe(rawLines.lineCount);
      expect(s.text).toContain(`LOAN AGREEMENT NO. ${i + 1}`);
      // Wrapper and page furniture blanked, as in a one-document file.
      expect(s.text).not.toMatch(/<PAGE>|<\/TEXT>|^\s+2\s*$/m);
    }
  });

  it("reports the lines and columns of the file, as when each exhibit was the whole file blanked", async () => {
    const sources = await sourcesFromBytes(Buffer.from(raw), "submission.txt");
    for (const [i, s] of sources.entries()) {
      const lines = locatorFor(s);
      expect(lines.lineCount).toBe(rawLines.lineCount);
      // Each exhibit's words, found in its own text, are placed where they stand in the file.
      for (const words of [`Lender ${i + 1} (the`, "Governing Law", "New York.", "Counterparts."]) {
        const inFile = raw.indexOf(words, raw.indexOf(`<TYPE>EX-10.${i + 1}\n`));
        const at = s.text.indexOf(words);
        expect(at, words).toBeGreaterThanOrEqual(0);
        expect(lines.position(at), words).toEqual(rawLines.position(inFile));
        const span = lines.span(at, at + words.length);
        const end = rawLines.span(inFile, inFile + words.length);
        expect([span.line, span.column, span.endLine, span.endColumn], words).toEqual([end.line, end.column, end.endLine, end.endColumn]);
      }
      // The whole-file reading (one document chosen, everything else blanked) agrees on every section.
      const whole = parseAgreement(sourceFromText(raw, "submission.txt", "utf-8", { document: `EX-10.${i + 1}` }));
      const own = parseAgreement(s);
      expect(own.sections.map((x) => [x.number, x.span.line, x.span.column, x.span.endLine, x.span.endColumn])).toEqual(
        whole.sections.map((x) => [x.number, x.span.line, x.span.column, x.span.endLine, x.span.endColumn]),
      );
      expect(own.date?.span.line).toBe(whole.date?.span.line);
      expect(own.lineCount).toBe(whole.lineCount);
    }
  });

  it("numbers the exhibit's lines as the file does in the HTML report's text", async () => {
    const [s] = await sourcesFromBytes(Buffer.from(raw), "submission.txt");
    const shown = documentText(s as Source);
    const first = (s as Source).text.split("\n").findIndex((l) => l.includes("LOAN AGREEMENT NO. 1"));
    expect(shown.lineNumbers?.[first]).toBe(rawLines.position(raw.indexOf("LOAN AGREEMENT NO. 1")).line);
    expect(shown.base).toEqual({ line: s?.base?.line, column: s?.base?.column });
  });
});
