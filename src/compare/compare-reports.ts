import { ClauseCheckError } from "../errors.js";
import type { CapturedValue, ChangeKind, DiffDocument, DiffReport, DocumentReport, Report, RuleChange, RuleDifference, RuleResult, Severity } from "../types.js";
import { VERSION } from "../version.js";

/** The order changes are counted and listed in: what a reviewer must act on first. */
export const CHANGE_KINDS: readonly ChangeKind[] = ["opened", "changed", "closed", "stayed", "unchanged"];

/**
 * Compares the reports of two drafts of an agreement, rule by rule: which gaps the later draft
 * opened, which it closed, which results changed (the same outcome, but the clause now says
 * something else, such as another governing law) and which stayed as they were. Each entry keeps
 * both results, so both clauses and where they stand.
 *
 * Takes the report of one document each: a DocumentReport, or a Report (as `check --format
 * json` prints it) holding exactly one document. Rules only one report has are listed in
 * `uncompared`. Pure: nothing is read or printed.
 */
export function compareReports(before: Report | DocumentReport, after: Report | DocumentReport): DiffReport {
  const a = oneDocument(before, "before");
  const b = oneDocument(after, "after");
  const afterById = new Map(b.results.map((r) => [r.ruleId, r]));
  const beforeIds = new Set(a.results.map((r) => r.ruleId));
  const changes: RuleChange[] = [];
  for (const r of a.results) {
    const later = afterById.get(r.ruleId);
    if (later) changes.push(compareResults(r, later));
  }
  const summary = Object.fromEntries(CHANGE_KINDS.map((k) => [k, changes.filter((c) => c.change === k).length])) as Record<ChangeKind, number>;
  const listed = [...("documents" in after ? after.rules : []), ...("documents" in before ? before.rules : [])];
  const ruleInfo = (r: RuleResult): DiffReport["rules"][number] => listed.find((x) => x.id === r.ruleId) ?? { id: r.ruleId, title: r.title, severity: r.severity };
  return {
    tool: { name: "clausecheck", version: VERSION },
    diffVersion: 1,
    before: diffDocument(a),
    after: diffDocument(b),
    rules: changes.map((c) => ruleInfo(c.after)),
    changes,
    uncompared: [
      ...a.results.filter((r) => !afterById.has(r.ruleId)).map((r) => ({ ruleId: r.ruleId, in: "before" as const })),
      ...b.results.filter((r) => !beforeIds.has(r.ruleId)).map((r) => ({ ruleId: r.ruleId, in: "after" as const })),
    ],
    summary,
  };
}

function oneDocument(r: Report | DocumentReport, which: string): DocumentReport {
  if (!("documents" in r)) return r;
  const doc = r.documents[0];
  if (r.documents.length !== 1 || !doc) {
    throw new ClauseCheckError("USAGE", `the ${which} report holds ${r.documents.length} documents; compare one document with one`);
  }
  return doc;
}

function diffDocument(d: DocumentReport): DiffDocument {
  const out: DiffDocument = { file: d.file, format: d.format, encoding: d.encoding, summary: d.summary };
  if (d.documentType) out.documentType = d.documentType;
  return out;
}

/** One rule's two results, compared. */
export function compareResults(before: RuleResult, after: RuleResult): RuleChange {
  const differences = resultDifferences(before, after);
  const change: ChangeKind =
    before.status === "gap" && after.status === "pass"
      ? "closed"
      : before.status === "pass" && after.status === "gap"
        ? "opened"
        : differences.length > 0
          ? "changed"
          : before.status === "gap"
            ? "stayed"
            : "unchanged";
  return { ruleId: after.ruleId, title: after.title, change, differences, before, after };
}

/** The quoted clause's wording, as a reader compares it: case and spacing aside. */
function clauseText(r: RuleResult): string | undefined {
  return r.evidence.find((e) => e.role === "clause")?.text.replace(/\s+/g, " ").trim();
}

function sameValue(x: CapturedValue | undefined, y: CapturedValue | undefined): boolean {
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && [...x].sort().join("\u0000") === [...y].sort().join("\u0000");
  return x === y;
}

/** Everything that differs between two results of one rule; positions aside (an edit elsewhere moves every clause). */
function resultDifferences(before: RuleResult, after: RuleResult): RuleDifference[] {
  const out: RuleDifference[] = [];
  const add = (field: string, x: CapturedValue | undefined, y: CapturedValue | undefined) => {
    if (sameValue(x, y)) return;
    const d: RuleDifference = { field };
    if (x !== undefined) d.before = x;
    if (y !== undefined) d.after = y;
    out.push(d);
  };
  add("status", before.status, after.status);
  if (before.status === "gap" && after.status === "gap") add("severity", before.severity, after.severity);
  add("reason", before.reason, after.reason);
  add("statement", before.statement, after.statement);
  const names = [...new Set([...Object.keys(before.values), ...Object.keys(after.values)])].sort();
  for (const name of names) {
    add(`values.${name}`, Object.hasOwn(before.values, name) ? before.values[name] : undefined, Object.hasOwn(after.values, name) ? after.values[name] : undefined);
  }
  add("waived", before.waived?.reason, after.waived?.reason);
  add("clause", clauseText(before), clauseText(after));
  return out;
}

/**
 * The rules whose later result is a gap that `failOn` counts (not waived, at or above that
 * severity) where the earlier result was not: what makes `clausecheck diff` exit with 1.
 * A gap the earlier draft already had does not count: the later draft did not open it.
 */
export function gapsOpened(diff: DiffReport, failOn: Severity | "never"): RuleChange[] {
  const levels: Severity[] = failOn === "warning" ? ["error", "warning"] : failOn === "error" ? ["error"] : [];
  const counts = (r: RuleResult) => r.status === "gap" && !r.waived && levels.includes(r.severity);
  return diff.changes.filter((c) => counts(c.after) && !counts(c.before));
}
