import { match } from "ts-pattern";
import type { DocumentReport, Report } from "../types.js";
import { type HtmlOptions, formatHtml } from "./format-html.js";
import { formatJson } from "./format-json.js";
import { formatJsonl } from "./format-jsonl.js";
import { formatJunit } from "./format-junit.js";
import { formatMarkdown } from "./format-markdown.js";
import { type RuleDetails, formatSarif } from "./format-sarif.js";
import { formatText } from "./format-text.js";
import type { ReportFormat } from "./report-format.js";
import { visibleNames } from "./visible-text.js";

/** What the formats may use beyond the report: colours for text, the rules' descriptions, the documents' texts for HTML. */
export interface FormatOptions {
  color?: boolean;
  rules?: RuleDetails[];
  texts?: HtmlOptions["texts"];
  /**
   * Only the gaps (`--gaps-only`): text, Markdown and HTML leave out passing checks and the
   * documents without a gap; JSON and JUnit list only the gaps as results (JSON's summaries
   * still count every check); SARIF lists only gaps anyway.
   */
  gapsOnly?: boolean;
}

/** The report with each document's passing results left out (its summary still counts them). */
export function gapsOnly(report: Report): Report {
  return { ...report, documents: report.documents.map(documentGaps) };
}

/** A document's report with its passing results left out (its summary still counts them). */
export function documentGaps(doc: DocumentReport): DocumentReport {
  return { ...doc, results: doc.results.filter((r) => r.status === "gap") };
}

/** The report in one of the formats `clausecheck check --format` names. */
export function formatReport(report: Report, format: ReportFormat, options: FormatOptions = {}): string {
  const rules = options.rules ? { rules: options.rules } : {};
  const only = options.gapsOnly ? { gapsOnly: true } : {};
  const data = options.gapsOnly ? gapsOnly(report) : report;
  return match(format)
    .with("text", () => formatText(report, { ...rules, ...only, ...(options.color === undefined ? {} : { color: options.color }) }))
    .with("json", () => formatJson(data))
    .with("jsonl", () => formatJsonl(data))
    .with("sarif", () => formatSarif(report, rules))
    .with("junit", () => formatJunit(visibleNames(data), rules))
    .with("markdown", () => formatMarkdown(report, { ...rules, ...only }))
    .with("html", () => formatHtml(visibleNames(report), { ...rules, ...only, ...(options.texts ? { texts: options.texts } : {}) }))
    .exhaustive();
}
