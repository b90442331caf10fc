import { match } from "ts-pattern";
import type { Report } from "../types.js";
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
}

/** The report in one of the formats `clausecheck check --format` names. */
export function formatReport(report: Report, format: ReportFormat, options: FormatOptions = {}): string {
  const rules = options.rules ? { rules: options.rules } : {};
  return match(format)
    .with("text", () => formatText(report, options.color === undefined ? {} : { color: options.color }))
    .with("json", () => formatJson(report))
    .with("jsonl", () => formatJsonl(report))
    .with("sarif", () => formatSarif(report, rules))
    .with("junit", () => formatJunit(visibleNames(report)))
    .with("markdown", () => formatMarkdown(report))
    .with("html", () => formatHtml(visibleNames(report), { ...rules, ...(options.texts ? { texts: options.texts } : {}) }))
    .exhaustive();
}
