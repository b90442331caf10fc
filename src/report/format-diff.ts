import { match } from "ts-pattern";
import type { DiffReport, RuleChange } from "../types.js";
import { changeLabel, differencesText, draftName, outcomeText, placeText } from "./diff-words.js";
import { formatDiffHtml } from "./format-diff-html.js";
import { formatDiffMarkdown } from "./format-diff-markdown.js";
import { formatDiffSarif } from "./format-diff-sarif.js";
import { formatDiffText } from "./format-diff-text.js";
import type { RuleDetails } from "./format-sarif.js";
import type { ReportFormat } from "./report-format.js";
import { xmlAttribute, xmlText } from "./xml-text.js";

/** The comparison as pretty-printed JSON, described by schemas/diff.schema.json. */
export function formatDiffJson(diff: DiffReport): string {
  return `${JSON.stringify(diff, null, 2)}\n`;
}

/** The comparison as JSON lines: one rule's change per line, in rule order (schemas/diff-line.schema.json). */
export function formatDiffJsonl(diff: DiffReport): string {
  return diff.changes.map((c) => `${JSON.stringify(c)}\n`).join("");
}

/**
 * The comparison as JUnit XML: one suite, one test case per rule; a gap the later draft opened
 * is a `<failure>` (its `type` the gap's severity), every other change passes with what
 * changed in `<system-out>`.
 */
export function formatDiffJunit(diff: DiffReport): string {
  const suite = xmlAttribute(`${draftName(diff.before)} → ${draftName(diff.after)}`);
  const failures = diff.changes.filter((c) => c.change === "opened").length;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="clausecheck diff" tests="${diff.changes.length}" failures="${failures}" errors="0" skipped="0">`,
    `  <testsuite name="${suite}" tests="${diff.changes.length}" failures="${failures}" errors="0" skipped="0">`,
  ];
  for (const c of diff.changes) {
    out.push(`    <testcase classname="${suite}" name="${xmlAttribute(c.ruleId)}">`);
    if (c.change === "opened") out.push(`      <failure message="${xmlAttribute(c.after.message)}" type="${c.after.severity}">${xmlText(junitBody(c))}</failure>`);
    else out.push(`      <system-out>${xmlText(junitBody(c))}</system-out>`);
    out.push("    </testcase>");
  }
  out.push("  </testsuite>", "</testsuites>");
  return `${out.join("\n")}\n`;
}

function junitBody(c: RuleChange): string {
  const lines = [`${changeLabel(c.change)} ${c.ruleId}`];
  const differences = differencesText(c);
  if (differences.length) lines.push(differences.join("; "));
  for (const [label, r] of [["before", c.before], ["after", c.after]] as const) {
    lines.push(`${label}: ${outcomeText(r)}: ${r.message}`);
    for (const e of r.evidence) lines.push(`  at ${placeText(e)}: "${e.text}"`);
  }
  return lines.join("\n");
}

/** What the comparison's formats may use: colours for text, the rules' descriptions for SARIF. */
export interface DiffFormatOptions {
  color?: boolean;
  rules?: RuleDetails[];
}

/** The comparison in one of the formats `clausecheck diff --format` names (the same as `check`'s). */
export function formatDiff(diff: DiffReport, format: ReportFormat, options: DiffFormatOptions = {}): string {
  return match(format)
    .with("text", () => formatDiffText(diff, options.color === undefined ? {} : { color: options.color }))
    .with("json", () => formatDiffJson(diff))
    .with("jsonl", () => formatDiffJsonl(diff))
    .with("sarif", () => formatDiffSarif(diff, options.rules ? { rules: options.rules } : {}))
    .with("junit", () => formatDiffJunit(diff))
    .with("markdown", () => formatDiffMarkdown(diff))
    .with("html", () => formatDiffHtml(diff))
    .exhaustive();
}
