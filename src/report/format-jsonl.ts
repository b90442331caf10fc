import type { DocumentError, DocumentReport, Report } from "../types.js";
import { jsonWithEscapedControls } from "./visible-text.js";

/**
 * One line of `--format jsonl`: a document's report (as in the JSON report's `documents`) or,
 * for a document that could not be read, its error (as in `errors`: it has `code`, not
 * `results`). Described by schemas/report-line.schema.json.
 */
export function formatJsonLine(entry: DocumentReport | DocumentError): string {
  return `${jsonWithEscapedControls(JSON.stringify(entry))}\n`;
}

/** A whole report as JSON lines: every document, then every unreadable one (the CLI writes them in the order of its inputs, as each finishes). */
export function formatJsonl(report: Report): string {
  return [...report.documents, ...report.errors].map(formatJsonLine).join("");
}
