import { open, stat } from "node:fs/promises";
import { ClauseCheckError } from "../errors.js";
import type { Source } from "../types.js";
import { decodeText } from "./decode.js";
import { hideEdgarWrapper } from "./edgar-text.js";

/** Largest file read by default: an agreement is rarely over a few MB. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** Options for reading a document. */
export interface ReadOptions {
  /** Refuse files larger than this many bytes (default 64 MiB). */
  maxBytes?: number;
}

/**
 * Reads an agreement file into a Source. Never modifies the file. Throws ClauseCheckError
 * with a code naming the problem (ENOENT, EISDIR, EACCES, EMPTY, BINARY, ENCODING, TOO_LARGE).
 */
export async function readDocument(file: string, options: ReadOptions = {}): Promise<Source> {
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
  let bytes: Uint8Array;
  try {
    const handle = await open(file, "r");
    try {
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw fsError(e, file);
  }
  return sourceFromBytes(bytes, file);
}

/** Builds a Source from bytes already in memory (standard input, tests, a pipeline). */
export function sourceFromBytes(bytes: Uint8Array, file: string): Source {
  const decoded = decodeText(bytes, file);
  return sourceFromText(decoded.text, file, decoded.encoding);
}

/** Builds a Source from a string. */
export function sourceFromText(text: string, file = "<text>", encoding: Source["encoding"] = "utf-8"): Source {
  const edgar = hideEdgarWrapper(text);
  const source: Source = { file, text: edgar.text, encoding, format: edgar.isEdgar ? "edgar-text" : "text" };
  if (edgar.documentType) source.documentType = edgar.documentType;
  return source;
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
