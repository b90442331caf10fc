import type { ErrorCode } from "../errors.js";
import type { DocumentError } from "../types.js";
import type { RuleProblem } from "../rules/load-rules.js";

/**
 * Error codes of the HTTP API: every code of the CLI (a document's ENOENT… TOO_LARGE, a rule
 * file's RULE_*, USAGE), and those only a server meets.
 */
export type ApiErrorCode =
  | ErrorCode
  | "INTERNAL"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "UNSUPPORTED_TYPE"
  | "TOO_MANY_DOCUMENTS"
  | "QUEUE_FULL"
  | "BUSY"
  | "TIMEOUT";

/** A problem details object (RFC 9457), as every error response carries it (`application/problem+json`). */
export interface ProblemDetails {
  /** `https://clausecheck.dev/problems/CODE`: one per code, stable. */
  type: string;
  /** The same for every occurrence of the code. */
  title: string;
  status: number;
  /** The one line the CLI would print for the same error. */
  detail: string;
  /** The request path. */
  instance?: string;
  /** The stable code (the CLI's codes, and the server's own). */
  code: ApiErrorCode;
  /** The document or rule file the problem is in, as named in the request. */
  file?: string;
  /** From 1. */
  line?: number;
  /** From 1. */
  column?: number;
  /** Each document of the request that could not be read, as in the report's `errors`. */
  errors?: DocumentError[];
  /** Each problem in a rule file sent with the request, located in that text. */
  problems?: { line: number; column: number; code: string; message: string }[];
}

const TITLES: Partial<Record<ApiErrorCode, string>> = {
  USAGE: "The request is not one this endpoint takes",
  INTERNAL: "Internal error",
  UNAUTHORIZED: "A bearer token is required",
  FORBIDDEN: "The request's origin or host is not allowed",
  NOT_FOUND: "No such resource",
  UNSUPPORTED_TYPE: "Unsupported content type",
  TOO_LARGE: "Too large",
  TOO_MANY_DOCUMENTS: "Too many documents in one request",
  QUEUE_FULL: "Too many documents waiting",
  BUSY: "No worker became free within the time limit",
  TIMEOUT: "Checking took longer than the time limit",
  EMPTY: "The document is empty",
  BINARY: "The document is not text, HTML or Word",
  ENCODING: "The document's text encoding is not one clausecheck reads",
  EREAD: "The document cannot be read",
};

/** An error that becomes a problem+json response; routes throw it, the error handler writes it. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly extra: Partial<ProblemDetails>;
  /** Seconds a client should wait before retrying (429, 503). */
  readonly retryAfter: number | undefined;

  constructor(status: number, code: ApiErrorCode, detail: string, extra: Partial<ProblemDetails> = {}, retryAfter?: number) {
    super(detail.replace(/\s+/g, " ").trim());
    this.status = status;
    this.code = code;
    this.extra = extra;
    this.retryAfter = retryAfter;
  }

  /** The response body. */
  body(instance: string): ProblemDetails {
    return {
      type: `https://clausecheck.dev/problems/${this.code}`,
      title: TITLES[this.code] ?? (this.code.startsWith("RULE") ? "The rule file has a mistake" : "The request could not be served"),
      status: this.status,
      detail: this.message,
      instance,
      code: this.code,
      ...this.extra,
    };
  }
}

/** The problem for documents none of which could be read: 422, the first one's code, every one listed. */
export function unreadableProblem(errors: DocumentError[]): HttpProblem {
  const first = errors[0] as DocumentError;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more document${errors.length > 2 ? "s" : ""})` : "";
  return new HttpProblem(422, first.code as ApiErrorCode, `${first.file}: ${first.message}${more}`, { file: first.file, errors });
}

/** The problem for a rule file sent with a request: 422, each mistake at its line and column in that text. */
export function ruleProblems(problems: RuleProblem[]): HttpProblem {
  const first = problems[0] as RuleProblem;
  return new HttpProblem(422, first.code, `${first.line}:${first.column}: ${first.message}`, {
    line: first.line,
    column: first.column,
    problems: problems.map((p) => ({ line: p.line, column: p.column, code: p.code, message: p.message })),
  });
}
