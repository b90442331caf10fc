import { constants } from "node:fs";
import { open, stat } from "node:fs/promises";
import { ClauseCheckError } from "../errors.js";
import type { Source } from "../types.js";
import { decodeText } from "./decode.js";
import { cleanConvertedText } from "./clean-text.js";
import { LineIndex } from "../position/line-index.js";
import { type EdgarDocument, edgarDocuments, hideEdgarFurniture, hideEdgarWrapper } from "./edgar-text.js";

/** Largest file read by default: an agreement is rarely over a few MB. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** Options for reading a document. */
export interface ReadOptions {
  /** Refuse files larger than this many bytes (default 64 MiB). */
  maxBytes?: number;
  /** In a full EDGAR submission with several documents, the `<TYPE>` to check, e.g. `EX-10.1`. */
  document?: string;
}

/**
 * Reads an agreement file into a Source. Never modifies the file. Throws ClauseCheckError
 * with a code naming the problem (ENOENT, EISDIR, EACCES, EMPTY, BINARY, ENCODING, TOO_LARGE).
 * For a full EDGAR submission this is its first agreement; `readSources` gives them all.
 */
export async function readDocument(file: string, options: ReadOptions = {}): Promise<Source> {
  return (await readSources(file, options))[0] as Source;
}

/**
 * Every agreement in a file: one Source, or for a full EDGAR submission one per exhibit that is
 * an agreement (or only the `options.document` one), each with its `documentType`.
 */
export async function readSources(file: string, options: ReadOptions = {}): Promise<Source[]> {
  return sourcesFromBytes(await readDocumentBytes(file, options), file, options);
}

/**
 * A document file's bytes, read as `readSources` reads them: a missing file, a folder, a file
 * over `maxBytes` throw the same ClauseCheckError (ENOENT, EISDIR, EACCES, TOO_LARGE…).
 */
export async function readDocumentBytes(file: string, options: ReadOptions = {}): Promise<Uint8Array> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let info;
  try {
    info = await stat(file);
  } catch (e) {
    throw fsError(e, file);
  }
  if (info.isDirectory()) throw new ClauseCheckError("EISDIR", "is a directory, not a file", { file });
  if (!info.isFile()) throw new ClauseCheckError("EREAD", "is not a regular file", { file });
  if (info.size > maxBytes) {
    throw new ClauseCheckError("TOO_LARGE", `is ${mb(info.size)}, over the ${mb(maxBytes)} limit`, { file });
  }
  let handle;
  try {
    // Without blocking, and checked again on the descriptor: a file swapped for a FIFO or a
    // device after the stat above neither hangs the read nor feeds it without end.
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw fsError(e, file);
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) throw new ClauseCheckError("EREAD", "is not a regular file", { file });
    const chunks: Buffer[] = [];
    let length = 0;
    // Read into buffers sized from the file's size (one read for a file that does not change),
    // left unfilled: only the bytes read are kept. (Two zero-filled megabytes per file, one for
    // the read that finds the end, were 4% of a corpus check.)
    for (;;) {
      const want = Math.min(Math.max(opened.size + 1 - length, 64 * 1024), maxBytes + 1 - length);
      const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(want), 0, want, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      length += bytesRead;
      // A file that grew past the limit while it was read.
      if (length > maxBytes) throw new ClauseCheckError("TOO_LARGE", `is over the ${mb(maxBytes)} limit`, { file });
      // A regular file reads short only at its end.
      if (bytesRead < want) break;
    }
    return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length);
  } catch (e) {
    throw e instanceof ClauseCheckError ? e : fsError(e, file);
  } finally {
    await handle.close();
  }
}

/** True for a file name that says Word. */
const isDocxName = (file: string) => /\.docx$/i.test(file);
/** True for a file name that says HTML. */
const isHtmlName = (file: string) => /\.html?$/i.test(file);

/** Exhibit types that hold agreements: underwriting (1), acquisition (2), instruments (4), material contracts (10), other (99). */
const AGREEMENT_TYPES = /^EX-(?:1|2|4|10|99)(?:\.|$)/i;

/**
 * Builds a Source from bytes already in memory (standard input, tests, a pipeline), by the
 * file's extension and content: .docx (Word), .htm/.html or HTML content, else text. The
 * readers of Word and HTML are loaded only when such a file is read.
 */
export async function sourceFromBytes(bytes: Uint8Array, file: string, options: ReadOptions = {}): Promise<Source> {
  return (await sourcesFromBytes(bytes, file, options))[0] as Source;
}

/** Like sourceFromBytes, with every agreement of a full EDGAR submission. */
export async function sourcesFromBytes(bytes: Uint8Array, file: string, options: ReadOptions = {}): Promise<Source[]> {
  if (isDocxName(file)) {
    const { docxSource } = await import("./docx.js");
    return [await docxSource(bytes, file)];
  }
  const decoded = decodeText(bytes, file);
  const docs = /<DOCUMENT>/i.test(decoded.text) ? edgarDocuments(decoded.text) : [];
  if (docs.length <= 1 && !options.document) return [await oneSource(decoded.text, file, decoded.encoding, docs[0])];
  let chosen: EdgarDocument[];
  if (options.document) {
    const want = options.document.toUpperCase();
    chosen = docs.filter((d) => d.type.toUpperCase() === want).slice(0, 1);
    if (chosen.length === 0) {
      throw new ClauseCheckError("USAGE", `has no document of type ${options.document}; it has: ${docs.map((d) => d.type).join(", ") || "none"}`, { file });
    }
  } else {
    chosen = docs.filter((d) => AGREEMENT_TYPES.test(d.type) && /\bagreement\b/i.test(decoded.text.slice(d.start, Math.min(d.end, d.start + 20000))));
    if (chosen.length === 0) chosen = docs.slice(0, 1);
  }
  // Each exhibit holds only its own text, placed in the file by one index of the file's lines:
  // a submission with hundreds of exhibits costs its length once, not once per exhibit.
  const lines = new LineIndex(decoded.text);
  return Promise.all(chosen.map((d) => exhibitSource(decoded.text, file, decoded.encoding, d, lines)));
}

/**
 * One document of a submission with several, as a Source of its own `<TEXT>` content (furniture
 * blanked, sentences broken by page furniture joined) with its place in the file as `base`.
 */
async function exhibitSource(text: string, file: string, encoding: Source["encoding"], doc: EdgarDocument, lines: LineIndex): Promise<Source> {
  const content = text.slice(doc.start, doc.end);
  const at = lines.position(doc.start);
  const base = { offset: doc.start, line: at.line, column: at.column, lineCount: lines.lineCount };
  const hidden = hideEdgarFurniture(content);
  let source: Source;
  if (isHtmlName(file) || looksLikeHtml(content)) {
    const { htmlSource } = await import("./html.js");
    source = htmlSource(hidden, file, encoding);
  } else {
    const cleaned = cleanConvertedText(hidden);
    source = { file, text: cleaned.text, encoding, format: "edgar-text" };
    if (cleaned.fileOffsets) source.map = { lines: "line", fileText: content, fileOffsets: cleaned.fileOffsets };
  }
  const documentType = doc.type || /<TYPE>[ \t]*([^\s<]+)/i.exec(text)?.[1];
  if (documentType) source.documentType = documentType;
  source.base = base;
  return source;
}

async function oneSource(text: string, file: string, encoding: Source["encoding"], doc: EdgarDocument | undefined): Promise<Source> {
  const content = doc ? text.slice(doc.start, doc.end) : text;
  if (isHtmlName(file) || looksLikeHtml(content)) {
    const { htmlSource } = await import("./html.js");
    const source = htmlSource(doc ? hideEdgarWrapper(text, doc).text : text, file, encoding);
    if (doc?.type) source.documentType = doc.type;
    return source;
  }
  return textSource(text, file, encoding, doc);
}

/**
 * A plain or EDGAR text source: the wrapper blanked in place, then sentences broken by page
 * furniture joined (with a map back to the file when anything moved).
 */
function textSource(text: string, file: string, encoding: Source["encoding"], doc: EdgarDocument | string | undefined): Source {
  const edgar = hideEdgarWrapper(text, doc);
  const cleaned = cleanConvertedText(edgar.text);
  const source: Source = { file, text: cleaned.text, encoding, format: edgar.isEdgar ? "edgar-text" : "text" };
  if (cleaned.fileOffsets) source.map = { lines: "line", fileText: text, fileOffsets: cleaned.fileOffsets };
  if (edgar.documentType) source.documentType = edgar.documentType;
  return source;
}

/** HTML content, whatever the extension: EDGAR serves HTML exhibits inside .txt submissions too. */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 4000).replace(/<(?:DOCUMENT|TYPE|SEQUENCE|FILENAME|DESCRIPTION|TEXT)>[^\n]*\n?/gi, "");
  if (/^\s*(?:<\?xml[^>]*>\s*)?(?:<!DOCTYPE\s+html|<html[\s>])/i.test(head)) return true;
  // Exhibits that start straight with markup (<TITLE>, <P>, a comment) and are full of it.
  if (!/^\s*(?:<!--|<(?:title|head|body|p|div|font|table|center|b|br)\b)/i.test(head)) return false;
  return (head.match(/<\/?(?:p|div|font|table|tr|td|br|span|b|center)\b/gi) ?? []).length >= 10;
}

/** Builds a Source from a string of plain or EDGAR text (the first document of a submission, or `options.document`). */
export function sourceFromText(text: string, file = "<text>", encoding: Source["encoding"] = "utf-8", options: ReadOptions = {}): Source {
  return textSource(text, file, encoding, options.document);
}

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function fsError(e: unknown, file: string): ClauseCheckError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return new ClauseCheckError("ENOENT", "no such file", { file });
  if (code === "EACCES" || code === "EPERM") return new ClauseCheckError("EACCES", "permission denied", { file });
  if (code === "EISDIR") return new ClauseCheckError("EISDIR", "is a directory, not a file", { file });
  if (code === "ELOOP") return new ClauseCheckError("EREAD", "too many symbolic links (a link loop?)", { file });
  return new ClauseCheckError("EREAD", `cannot be read (${code ?? String(e)})`, { file });
}
