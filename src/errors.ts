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
  | "TIMEOUT"
  | "RULE_SYNTAX"
  | "RULE_SCHEMA"
  | "RULE_PATTERN"
  | "RULE_REFERENCE"
  | "RULE_DUPLICATE"
  | "RULES_EMPTY"
  | "CONFIG"
  | "USAGE"
  /** Redis cannot be reached, or refused a command (queue commands). */
  | "REDIS"
  /** A queued document was added under other rules or another config than this command's. */
  | "FINGERPRINT";

import { displayPath } from "./display-path.js";
import { visibleName } from "./report/visible-text.js";

/** Where an error stands: a file, and in it a line and column or a JSON pointer. */
export interface ErrorPlace {
  file?: string;
  /** Line, counted from 1. */
  line?: number;
  /** Column, counted from 1. */
  column?: number;
  /** In data given as an object rather than a file: a JSON pointer, e.g. `/parameters/governing-law/jurisdictions/1`. */
  pointer?: string;
}

/**
 * An error with a file, an optional place and a stable code. Its `message` names the place
 * ("no such file: deals/x.txt"), so a library caller that prints only the message still
 * says which file; `reason` is what is wrong alone ("no such file").
 */
export class ClauseCheckError extends Error {
  readonly code: ErrorCode;
  /** What is wrong, without the place: "no such file". */
  readonly reason: string;
  readonly file: string | undefined;
  /** Line, counted from 1. */
  readonly line: number | undefined;
  /** Column, counted from 1. */
  readonly column: number | undefined;
  /** A JSON pointer into data given as an object. */
  readonly pointer: string | undefined;

  constructor(code: ErrorCode, reason: string, place: ErrorPlace = {}) {
    // Always one line: parts of a message can come from elsewhere (a zip entry's name, an XML
    // parser's report) and hold line breaks or tabs.
    const text = reason.replace(/\s+/g, " ").trim();
    const where = whereOf(place);
    super(where ? `${text}: ${where}` : text);
    this.name = "ClauseCheckError";
    this.code = code;
    this.reason = text;
    this.file = place.file;
    this.line = place.line;
    this.column = place.column;
    this.pointer = place.pointer;
  }

  /** `file:line:column: reason`, the one line the CLI prints: control characters (from a file name) shown visibly. */
  toLine(): string {
    const where = whereOf(this);
    return visibleName(where ? `${where}: ${this.reason}` : this.reason);
  }
}

/** `file:line:column`, or `file#pointer` for data given as an object. */
function whereOf(place: ErrorPlace): string {
  const at = [place.file === undefined ? undefined : displayPath(place.file), place.line, place.column].filter((p) => p !== undefined).join(":");
  return place.pointer === undefined ? at : `${at}#${place.pointer}`;
}

/** True when `e` is an error clausecheck raised on purpose. */
export function isClauseCheckError(e: unknown): e is ClauseCheckError {
  return e instanceof ClauseCheckError;
}
