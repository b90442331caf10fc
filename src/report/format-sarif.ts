import { pathToFileURL } from "node:url";
import type { Log, ReportingDescriptor, Result } from "sarif";
import { match } from "ts-pattern";
import type { DocumentError, Evidence, Report, RuleResult, Severity } from "../types.js";
import { jsonWithEscapedControls } from "./visible-text.js";
import { artifactUri } from "./sarif-uri.js";

/** What a formatter may say about a rule beyond the report's id, title and severity (a loaded Rule has all of it). */
export interface RuleDetails {
  id: string;
  title: string;
  severity: Severity;
  description?: string;
  why?: string;
  usually?: string;
}

/** Options for the SARIF report. */
export interface SarifOptions {
  /** The rules as loaded, for each rule's full description and help; without them, titles only. */
  rules?: RuleDetails[];
  /** The folder relative paths are relative to, written as `%SRCROOT%` (default: the working folder). */
  root?: string;
}

/** The `$schema` written into the log: the SARIF 2.1.0 schema (schemas/sarif-schema-2.1.0.json is a copy of it). */
export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

/** SARIF's level for a severity. */
export function sarifLevel(severity: Severity): "error" | "warning" | "note" {
  return match(severity)
    .with("error", () => "error" as const)
    .with("warning", () => "warning" as const)
    .with("info", () => "note" as const)
    .exhaustive();
}

/** `s3-registration` → `S3Registration`: SARIF's `name` is an identifier-like form of the rule. */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join("");
}

const oneLine = (s: string | undefined) => s?.replace(/\s+/g, " ").trim();

/**
 * The report as a SARIF 2.1.0 log, the way code-scanning tools read it: one run whose driver
 * lists every rule; one result per gap (passing checks are not results), located at the clause
 * found, or at the document alone when the clause is missing; waived gaps carry an external
 * suppression with the waiver's reason. Unreadable documents are tool notifications.
 */
export function formatSarif(report: Report, options: SarifOptions = {}): string {
  return `${jsonWithEscapedControls(JSON.stringify(sarifLog(report, options), null, 2))}\n`;
}

/** The SARIF log as an object (`formatSarif` prints it). */
export function sarifLog(report: Report, options: SarifOptions = {}): Log {
  const ruleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  const results: Result[] = [];
  for (const doc of report.documents) {
    for (const r of doc.results) {
      if (r.status !== "gap") continue;
      results.push(sarifResult(doc.file, r, ruleIndex.get(r.ruleId)));
    }
  }
  return sarifRunLog(report.tool.version, report.rules, results, report.errors, options);
}

/** The rules a SARIF driver lists: each with its title, description and help. */
function ruleDescriptors(ruleInfos: { id: string; title: string; severity: Severity; file?: string }[], options: SarifOptions): ReportingDescriptor[] {
  const details = new Map((options.rules ?? []).map((r) => [r.id, r]));
  return ruleInfos.map((info) => {
    const r = details.get(info.id);
    const description = oneLine(r?.description) ?? info.title;
    const help = [description, r?.why && `Why it matters: ${oneLine(r.why)}`, r?.usually && `Where it usually stands: ${oneLine(r.usually)}`].filter(Boolean).join("\n\n");
    return {
      id: info.id,
      name: ruleName(info.id),
      shortDescription: { text: info.title },
      fullDescription: { text: description },
      help: { text: help },
      defaultConfiguration: { level: sarifLevel(info.severity) },
      ...(info.file ? { properties: { file: info.file } } : {}),
    };
  });
}

/**
 * A SARIF 2.1.0 log of one clausecheck run: the driver with its rules, the results, and the
 * documents that could not be read as tool notifications (`check` and `diff` both write it).
 */
export function sarifRunLog(
  version: string,
  ruleInfos: { id: string; title: string; severity: Severity; file?: string }[],
  results: Result[],
  errors: DocumentError[],
  options: SarifOptions = {},
): Log {
  const root = options.root ?? process.cwd();
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "clausecheck", version, semanticVersion: version, rules: ruleDescriptors(ruleInfos, options) } },
        originalUriBaseIds: { "%SRCROOT%": { uri: `${pathToFileURL(root).href.replace(/\/?$/, "/")}` } },
        // clausecheck's columns count UTF-16 code units of the decoded text.
        columnKind: "utf16CodeUnits",
        invocations: [
          {
            executionSuccessful: errors.length === 0,
            toolExecutionNotifications: errors.map((e) => ({
              level: "error" as const,
              message: { text: `${e.file}: ${e.message}` },
              descriptor: { id: e.code },
              locations: [{ physicalLocation: { artifactLocation: artifactLocation(e.file) } }],
            })),
          },
        ],
        results,
      },
    ],
  };
}

function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const uri = artifactUri(file);
  return uri.startsWith("file:") ? { uri } : { uri, uriBaseId: "%SRCROOT%" };
}

/** Where a clause stands in SARIF: the file, and the region when there is a clause. */
export function physicalLocation(file: string, e: Evidence | undefined) {
  if (!e) return { artifactLocation: artifactLocation(file) };
  return {
    artifactLocation: artifactLocation(file),
    region: { startLine: e.line, startColumn: e.column, endLine: e.endLine, endColumn: e.endColumn, snippet: { text: e.text } },
  };
}

/** The SARIF result of one gap: at its clause, or at the document alone when the clause is missing; a waived gap is suppressed. */
export function sarifResult(file: string, r: RuleResult, index: number | undefined): Result {
  const clause = r.evidence.find((e) => e.role === "clause");
  const parts = [r.message];
  if (r.expected !== undefined) parts.push(`Expected ${r.expected}, found ${r.actual ?? "nothing"}.`);
  if (r.reason === "missing" && r.usualPlace) parts.push(`Such a clause usually stands: ${oneLine(r.usualPlace)}`);
  const result: Result = {
    ruleId: r.ruleId,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: sarifLevel(r.severity),
    kind: "fail",
    message: { text: parts.join(" ") },
    locations: [{ physicalLocation: physicalLocation(file, clause) }],
    partialFingerprints: { "clausecheck/rule-document/v1": `${r.ruleId}:${file}` },
    properties: { reason: r.reason, ...(clause?.section ? { section: clause.section } : {}) },
  };
  const related = r.evidence.filter((e) => e !== clause);
  if (related.length) {
    result.relatedLocations = related.map((e, id) => ({
      id,
      physicalLocation: physicalLocation(file, e),
      message: { text: e.role === "definition" ? `definition of "${e.term ?? ""}"` : "also part of the clause" },
    }));
  }
  if (r.waived) {
    const by = r.waived.approvedBy ? ` (approved by ${r.waived.approvedBy})` : "";
    result.suppressions = [{ kind: "external", status: "accepted", justification: `${r.waived.reason}${by}`, properties: { source: r.waived.source } }];
  }
  return result;
}
