import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ClauseCheckError } from "../../src/errors.js";
import { decodeText } from "../../src/ingest/decode.js";

const sample = (name: string) => new URL(`../../samples/${name}`, import.meta.url);
const seedText = readFileSync(sample("valence-ridgeway-1999.txt"), "utf8");
const clause = "The Company has filed a prospectus supplement (the “Prospectus Supplement”) — Company’s.";

function utf16be(text: string): Uint8Array {
  return Buffer.from(text, "utf16le").swap16();
}

/** The ClauseCheckError `decodeText` throws for these bytes. */
function decodeError(bytes: Uint8Array | number[]): ClauseCheckError {
  try {
    decodeText(bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes), "deal.txt");
  } catch (e) {
    expect(e).toBeInstanceOf(ClauseCheckError);
    return e as ClauseCheckError;
  }
  throw new Error("decodeText did not throw");
}

describe("decodeText: encodings", () => {
  it("reads UTF-8 without a BOM", () => {
    expect(decodeText(Buffer.from(clause, "utf8"), "deal.txt")).toEqual({ text: clause, encoding: "utf-8" });
  });

  it("reads the seed agreement (plain ASCII) as UTF-8, unchanged", () => {
    const bytes = readFileSync(sample("valence-ridgeway-1999.txt"));
    expect(decodeText(bytes, "seed")).toEqual({ text: seedText, encoding: "utf-8" });
  });

  it("drops a UTF-8 byte-order mark and keeps the rest", () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(clause, "utf8")]);
    const d = decodeText(bytes, "deal.txt");
    expect(d.encoding).toBe("utf-8");
    expect(d.text).toBe(clause);
    expect(d.text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it("reads UTF-16LE with a BOM (its NUL bytes are not binary)", () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(clause, "utf16le")]);
    expect(bytes.includes(0)).toBe(true);
    expect(decodeText(bytes, "deal.txt")).toEqual({ text: clause, encoding: "utf-16le" });
  });

  it("reads UTF-16BE with a BOM", () => {
    const bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(clause)]);
    expect(decodeText(bytes, "deal.txt")).toEqual({ text: clause, encoding: "utf-16be" });
  });

  it("reads the whole seed in UTF-16LE and UTF-16BE", () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(seedText, "utf16le")]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(seedText)]);
    expect(decodeText(le, "le").text).toBe(seedText);
    expect(decodeText(be, "be").text).toBe(seedText);
  });

  it("falls back to Windows-1252 when the bytes are not UTF-8: 0x93/0x94 are curly double quotes, 0x92 an apostrophe", () => {
    // (the “Company”) — Company’s
    const bytes = Uint8Array.from([...Buffer.from("(the "), 0x93, ...Buffer.from("Company"), 0x94, 0x29, 0x20, ...Buffer.from("Company"), 0x92, 0x73]);
    const d = decodeText(bytes, "deal.txt");
    expect(d.encoding).toBe("windows-1252");
    expect(d.text).toBe("(the “Company”) Company’s");
  });

  it("decodes the other Windows-1252 punctuation in 0x80–0x9F (euro, dashes, ellipsis, single quotes)", () => {
    const bytes = Uint8Array.from([...Buffer.from("Price "), 0x80, ...Buffer.from("5 "), 0x96, 0x20, 0x97, 0x20, 0x85, 0x20, 0x91, 0x78, 0x92]);
    expect(decodeText(bytes, "deal.txt").text).toBe("Price €5 – — … ‘x’");
  });

  it("reads samples/valence-cp1252-crlf.txt as Windows-1252 with curly quotes and CRLF kept", () => {
    const bytes = readFileSync(sample("valence-cp1252-crlf.txt"));
    const d = decodeText(bytes, "valence-cp1252-crlf.txt");
    expect(d.encoding).toBe("windows-1252");
    // One byte is one character in Windows-1252.
    expect(d.text.length).toBe(bytes.length);
    expect(d.text).toContain("Ridgeway Investment Limited (the\r\n“Purchaser”) and Valence Technology, Inc. (the “Company”)");
    expect(d.text).toContain("the Company’s common stock");
    expect(d.text).not.toMatch(/[\u0080-\u009f]/);
    // Same wording as the seed: only the quotes and line ends differ.
    const plain = d.text.replace(/\r\n/g, "\n").replace(/[“”]/g, '"').replace(/’/g, "'");
    expect(plain).toBe(seedText);
  });
});

describe("decodeText: errors", () => {
  it("EMPTY for a file of no bytes", () => {
    const e = decodeError([]);
    expect(e.code).toBe("EMPTY");
    expect(e.file).toBe("deal.txt");
  });

  it("EMPTY for a file of white space only", () => {
    expect(decodeError(Buffer.from("  \r\n\t\n   ")).code).toBe("EMPTY");
    expect(decodeError([0xef, 0xbb, 0xbf, 0x20, 0x0a]).code).toBe("EMPTY");
  });

  it("BINARY for a NUL byte in otherwise plain text, naming its offset", () => {
    const e = decodeError(Buffer.from("This Agreement\0is binding."));
    expect(e.code).toBe("BINARY");
    expect(e.message).toContain("offset 14");
  });

  it("BINARY for a PDF, naming the format", () => {
    const e = decodeError(Buffer.from("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\n"));
    expect(e.code).toBe("BINARY");
    expect(e.message).toMatch(/PDF/);
  });

  it("BINARY for a zip archive (a .docx), naming the format", () => {
    const e = decodeError([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, ...Buffer.from("word/document.xml")]);
    expect(e.code).toBe("BINARY");
    expect(e.message).toMatch(/zip/);
  });

  it("BINARY for an ELF executable", () => {
    const e = decodeError([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, ...Buffer.from("text after the header")]);
    expect(e.code).toBe("BINARY");
    expect(e.message).toMatch(/ELF/);
  });

  it("BINARY for text full of control characters", () => {
    const bytes = Buffer.from("a\x01b\x02c\x03d\x04e\x05f\x06 agreement text");
    expect(decodeError(bytes).code).toBe("BINARY");
  });

  it("ENCODING for a byte that is neither UTF-8 nor Windows-1252 (0x81), naming its offset", () => {
    const e = decodeError([...Buffer.from("The Company"), 0x81, ...Buffer.from(" agrees.")]);
    expect(e.code).toBe("ENCODING");
    expect(e.message).toContain("0x81");
    expect(e.message).toContain("offset 11");
  });

  it("ENCODING for a UTF-8 BOM followed by bytes that are not UTF-8", () => {
    expect(decodeError([0xef, 0xbb, 0xbf, ...Buffer.from("Company"), 0x93, 0x94]).code).toBe("ENCODING");
  });
});
