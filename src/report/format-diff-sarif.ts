import type { Location, Log, Result } from "sarif";
import { match } from "ts-pattern";
import type { DiffReport, RuleChange, RuleResult } from "../types.js";
import { differencesText } from "./diff-words.js";
import { type SarifOptions, physicalLocation, sarifResult, sarifRunLog } from "./format-sarif.js";

/**
 * The comparison of two drafts as a SARIF 2.1.0 log with baseline states, the earlier draft
 * being the baseline: a gap the later draft opened is `new`; a gap in both drafts is
 * `unchanged`, or `updated` when it changed (another reason, another value); a gap the later
 * draft closed is a fixed result, `absent` with kind `pass`, located at the earlier draft's
 * clause; a clause met in both that says something else (another governing law) is an
 * `updated` informational result. Rules met the same way in both drafts give no result. Each
 * result names the other draft's clause in `relatedLocations`.
 */
export function formatDiffSarif(diff: DiffReport, options: SarifOptions = {}): string {
  return `${JSON.stringify(diffSarifLog(diff, options), null, 2)}\n`;
}

/** The SARIF log of a comparison as an object (`formatDiffSarif` prints it). */
export function diffSarifLog(diff: DiffReport, options: SarifOptions = {}): Log {
  const index = new Map(diff.rules.map((r, i) => [r.id, i]));
  const results: Result[] = [];
  for (const ch of diff.changes) {
    const result = changeResult(diff, ch, index.get(ch.ruleId));
    if (result) results.push(result);
  }
  return sarifRunLog(diff.tool.version, diff.rules, results, [], options);
}

function changeResult(diff: DiffReport, ch: RuleChange, ruleIndex: number | undefined): Result | undefined {
  const what = differencesText(ch).join("; ");
  return match(ch.change)
    .with("unchanged", () => undefined)
    .with("opened", "stayed", "changed", (kind) => {
      if (ch.after.status === "pass") {
        // Met in both drafts, but the clause says something else.
        const r: Result = {
          ruleId: ch.ruleId,
          ...(ruleIndex === undefined ? {} : { ruleIndex }),
          kind: "informational",
          level: "none",
          message: { text: `Changed from the earlier draft: ${what}. ${ch.after.message}` },
          locations: [{ physicalLocation: physicalLocation(diff.after.file, clauseOf(ch.after)) }],
          baselineState: "updated",
          properties: { change: kind },
        };
        return withOther(r, diff.before.file, ch.before, "the clause in the earlier draft");
      }
      const r = sarifResult(diff.after.file, ch.after, ruleIndex);
      r.baselineState = kind === "opened" ? "new" : kind === "stayed" ? "unchanged" : "updated";
      if (kind === "changed" && what) r.message = { text: `${r.message.text ?? ""} Changed from the earlier draft: ${what}.` };
      r.properties = { ...r.properties, change: kind };
      return withOther(r, diff.before.file, ch.before, "the clause in the earlier draft");
    })
    .with("closed", () => {
      // The earlier draft's gap, fixed: reported where it was, with the clause that now meets the rule.
      const gap = sarifResult(diff.before.file, ch.before, ruleIndex);
      const r: Result = {
        ...gap,
        kind: "pass",
        level: "none",
        message: { text: `Fixed in the later draft: ${ch.after.message} (The earlier draft: ${ch.before.message})` },
        baselineState: "absent",
        properties: { ...gap.properties, change: "closed" },
      };
      delete r.suppressions;
      return withOther(r, diff.after.file, ch.after, "the clause in the later draft");
    })
    .exhaustive();
}

function clauseOf(r: RuleResult) {
  return r.evidence.find((e) => e.role === "clause");
}

/** Adds the other draft's clause, when it has one, as a related location. */
function withOther(r: Result, file: string, other: RuleResult, label: string): Result {
  const clause = clauseOf(other);
  if (!clause) return r;
  const related: Location[] = r.relatedLocations ?? [];
  related.push({ id: related.length, physicalLocation: physicalLocation(file, clause), message: { text: label } });
  r.relatedLocations = related;
  return r;
}
