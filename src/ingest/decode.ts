import { ClauseCheckError } from "../errors.js";
import type { Encoding } from "../types.js";

/** The decoded text of a file and the encoding it was read in. */
export interface Decoded {
  text: string;
  encoding: Encoding;
}

/** Bytes Windows-1252 leaves undefined: a file holding them is in neither encoding we read. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** Magic numbers of binary formats people mistake for text, and what to tell them. */
const MAGIC: { bytes: number[]; what: string }[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46], what: "a PDF file; convert it to text first" },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "a zip archive (a Word .docx file?); give it the .docx extension" },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: "an executable (ELF)" },
  { bytes: [0x4d, 0x5a], what: "an executable (Windows)" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: "an old Word .doc (OLE) file; save it as .docx or text" },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: "a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], what: "a JPEG image" },
  { bytes: [0x1f, 0x8b], what: "a gzip archive" },
];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((b, i) => bytes[i] === b);
}

/**
 * Decodes a text file as EDGAR serves it: UTF-8 (with or without BOM), UTF-16 with a BOM,
 * or Windows-1252 when the bytes are not valid UTF-8. Throws a ClauseCheckError (EMPTY,
 * BINARY or ENCODING) for anything that is not readable text.
 */
export function decodeText(bytes: Uint8Array, file: string): Decoded {
  if (bytes.length === 0) throw new ClauseCheckError("EMPTY", "the file is empty", { file });
  const decoded = decodeBytes(bytes, file);
  if (decoded.text.trim() === "") throw new ClauseCheckError("EMPTY", "the file contains only whitespace", { file });
  let controls = 0;
  for (let i = 0; i < decoded.text.length; i++) {
    const c = decoded.text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || (c >= 0x7f && c < 0xa0)) controls++;
  }
  if (controls > 0 && controls / decoded.text.length > 0.01) {
    throw new ClauseCheckError("BINARY", `not a text file (${controls} control characters)`, { file });
  }
  return decoded;
}

function decodeBytes(bytes: Uint8Array, file: string): Decoded {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    return { text: strictUtf8(bytes.subarray(3), file), encoding: "utf-8" };
  }
  if (startsWith(bytes, [0xff, 0xfe])) {
    return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  }
  if (startsWith(bytes, [0xfe, 0xff])) {
    return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  }
  for (const m of MAGIC) {
    if (startsWith(bytes, m.bytes)) throw new ClauseCheckError("BINARY", `not a text file: ${m.what}`, { file });
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) throw new ClauseCheckError("BINARY", `not a text file (a NUL byte at offset ${nul})`, { file });
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i] as number;
      if (CP1252_UNDEFINED.has(b)) {
        throw new ClauseCheckError(
          "ENCODING",
          `neither UTF-8 nor Windows-1252 (byte 0x${b.toString(16)} at offset ${i}); save it as UTF-8`,
          { file },
        );
      }
    }
    return { text: decodeWindows1252(bytes), encoding: "windows-1252" };
  }
}

/**
 * Windows-1252 differs from Latin-1 only in 0x80–0x9F (curly quotes, dashes, the euro sign).
 * Node 20's TextDecoder("windows-1252") decodes those bytes as Latin-1 control characters,
 * so the table is here.
 */
const CP1252_HIGH =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  return latin1.replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] as string);
}

function strictUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ClauseCheckError("ENCODING", "starts with a UTF-8 byte-order mark but is not valid UTF-8", { file });
  }
}
