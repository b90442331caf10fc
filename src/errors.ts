/**
 * Every error clausecheck raises on purpose. Each has a stable `code` for pipelines,
 * names the file and, where known, the line and column, and reads as one line.
 */

/** Stable error codes. */
export type ErrorCode =
  | "ENOENT"
  | "EISDIR"
  | "EACCES"
  | "EREAD"
  | "EMPTY"
  | "BINARY"
  | "ENCODING"
  | "TOO_LARGE"
  | "RULE_SYNTAX"
  | "RULE_SCHEMA"
  | "RULE_PATTERN"
  | "RULE_REFERENCE"
  | "RULE_DUPLICATE"
  | "RULES_EMPTY"
  | "CONFIG"
  | "USAGE";

import { displayPath } from "./display-path.js";
import { visibleName } from "./report/visible-text.js";

/** An error with a file, an optional place and a stable code. */
export class ClauseCheckError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;
  /** Line, counted from 1. */
  readonly line: number | undefined;
  /** Column, counted from 1. */
  readonly column: number | undefined;

  constructor(code: ErrorCode, message: string, place: { file?: string; line?: number; column?: number } = {}) {
    // Always one line: parts of a message can come from elsewhere (a zip entry's name, an XML
    // parser's report) and hold line breaks or tabs.
    super(message.replace(/\s+/g, " ").trim());
    this.name = "ClauseCheckError";
    this.code = code;
    this.file = place.file;
    this.line = place.line;
    this.column = place.column;
  }

  /** `file:line:column: message`, the one line the CLI prints: control characters (from a file name) shown visibly. */
  toLine(): string {
    const where = [this.file === undefined ? undefined : displayPath(this.file), this.line, this.column].filter((p) => p !== undefined).join(":");
    return visibleName(where ? `${where}: ${this.message}` : this.message);
  }
}

/** True when `e` is an error clausecheck raised on purpose. */
export function isClauseCheckError(e: unknown): e is ClauseCheckError {
  return e instanceof ClauseCheckError;
}
