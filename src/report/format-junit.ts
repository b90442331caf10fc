import type { DocumentReport, Evidence, Report, RuleResult } from "../types.js";
import type { RuleDetails } from "./format-sarif.js";
import { definitionText, innerQuotes } from "./quote.js";
import { xmlAttribute, xmlText } from "./xml-text.js";
import { plural } from "../plural.js";

/** Options for the JUnit report. */
export interface JunitOptions {
  /** The rules as loaded: a missing clause's failure then says what was looked for, in the rule's words. */
  rules?: RuleDetails[];
}

/**
 * The report as JUnit XML, for CI systems that show test results: one `<testsuite>` per
 * document (named after the file), one `<testcase>` per rule (`classname` the file, `name` the
 * rule id). A gap is a `<failure>` whose `type` is its severity, with the message, the
 * location and the quoted clause; a waived gap is `<skipped>` with the waiver's reason. A
 * document that could not be read is a suite with one `<error>`.
 */
export function formatJunit(report: Report, options: JunitOptions = {}): string {
  const details = new Map((options.rules ?? []).map((r) => [r.id, r]));
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const s = report.summary;
  const tests = report.documents.reduce((n, d) => n + d.results.length, 0) + report.errors.length;
  const failures = report.documents.reduce((n, d) => n + d.results.filter((r) => r.status === "gap" && !r.waived).length, 0);
  out.push(`<testsuites name="clausecheck" tests="${tests}" failures="${failures}" errors="${s.unreadable}" skipped="${s.waived}">`);
  for (const doc of report.documents) out.push(...suite(doc, details));
  for (const e of report.errors) {
    const name = xmlAttribute(e.file);
    out.push(`  <testsuite name="${name}" tests="1" failures="0" errors="1" skipped="0">`);
    out.push(`    <testcase classname="${name}" name="read">`);
    out.push(`      <error message="${xmlAttribute(e.message)}" type="${xmlAttribute(e.code)}">${xmlText(`${e.file}: ${e.message}`)}</error>`);
    out.push("    </testcase>");
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return `${out.join("\n")}\n`;
}

function suite(doc: DocumentReport, details: Map<string, RuleDetails>): string[] {
  const name = xmlAttribute(doc.documentType && doc.format !== "text" ? `${doc.file} (${doc.documentType})` : doc.file);
  const failures = doc.results.filter((r) => r.status === "gap" && !r.waived).length;
  const skipped = doc.results.filter((r) => r.waived).length;
  const out = [`  <testsuite name="${name}" tests="${doc.results.length}" failures="${failures}" errors="0" skipped="${skipped}">`];
  for (const r of doc.results) {
    const head = `    <testcase classname="${name}" name="${xmlAttribute(r.ruleId)}"`;
    if (r.status === "pass") {
      out.push(`${head}/>`);
      continue;
    }
    out.push(`${head}>`);
    if (r.waived) {
      const by = r.waived.approvedBy ? ` (approved by ${r.waived.approvedBy})` : "";
      out.push(`      <skipped message="${xmlAttribute(`waived: ${r.waived.reason}${by} [${r.waived.source}]`)}"/>`);
    } else {
      out.push(`      <failure message="${xmlAttribute(r.message)}" type="${r.severity}">${xmlText(failureBody(doc.file, r, details.get(r.ruleId)))}</failure>`);
    }
    out.push("    </testcase>");
  }
  out.push("  </testsuite>");
  return out;
}

function place(e: Evidence): string {
  return `${e.file}:${e.line}:${e.column}${e.section ? `  §${e.section}` : ""}`;
}

/** The failure's text: what a reader of a CI log needs without opening the agreement. */
function failureBody(file: string, r: RuleResult, rule: RuleDetails | undefined): string {
  const lines = [`${r.severity} ${r.ruleId} (${r.reason ?? "gap"}): ${r.message}`];
  const clause = r.evidence.find((e) => e.role === "clause");
  lines.push(clause ? `at ${place(clause)}` : `at ${file}`);
  for (const e of r.evidence) {
    const quote = `“${innerQuotes(definitionText(e))}”`;
    lines.push(e.role === "definition" ? `definition of “${e.term ?? ""}”: ${quote}  (${place(e)})` : `${quote}${e === clause ? "" : `  (${place(e)})`}`);
  }
  if (r.expected !== undefined) lines.push(`expected ${r.expected}, found ${r.actual ?? "nothing"}`);
  if (r.reason === "missing") {
    const description = rule?.description?.replace(/\s+/g, " ").trim();
    if (description) lines.push(`looked for: ${description}`);
    const n = r.searched?.length ?? 0;
    if (n) lines.push(`${plural(n, "phrasing")} searched: \`clausecheck explain ${file} --rule ${r.ruleId}\` lists them`);
  }
  if (r.usualPlace) lines.push(`usually: ${r.usualPlace.trim()}`);
  if (r.note) lines.push(`why it matters: ${r.note.trim()}`);
  return lines.join("\n");
}
