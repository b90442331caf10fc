import { isDeepStrictEqual } from "node:util";
import { checkAgreement } from "../check/check-agreement.js";
import { sourceFromText } from "../ingest/read-document.js";
import type { RuleResult } from "../types.js";
import type { Rule, RuleExample } from "./rule-types.js";

/** The outcome of one rule example. */
export interface ExampleOutcome {
  ruleId: string;
  kind: "meets" | "fails";
  /** Index of the example in its list, from 0. */
  index: number;
  example: RuleExample;
  ok: boolean;
  /** What came out instead, when not ok. */
  problems: string[];
  result: RuleResult;
}

/**
 * Runs a rule's examples: each `meets` text must pass with the values listed, each `fails`
 * text must be a gap, of the reason and severity listed.
 */
export async function runRuleExamples(rule: Rule): Promise<ExampleOutcome[]> {
  const outcomes: ExampleOutcome[] = [];
  for (const kind of ["meets", "fails"] as const) {
    for (const [index, example] of rule.examples[kind].entries()) {
      const source = sourceFromText(example.text, `${rule.id} example ${kind}[${index}]`);
      const report = await checkAgreement(source, { dir: "", rules: [rule] });
      const result = report.results[0] as RuleResult;
      const problems: string[] = [];
      const wanted = kind === "meets" ? "pass" : "gap";
      if (result.status !== wanted) problems.push(`expected ${wanted}, got ${result.status}: ${result.message}`);
      if (kind === "fails" && example.reason && result.reason !== example.reason) {
        problems.push(`expected ${/^[aeiou]/.test(example.reason) ? "an" : "a"} ${example.reason} gap, got ${result.reason ?? "a pass"}: ${result.message}`);
      }
      if (example.severity && result.severity !== example.severity) problems.push(`expected severity ${example.severity}, got ${result.severity}`);
      for (const [name, value] of Object.entries(example.values ?? {})) {
        const got = Object.hasOwn(result.values, name) ? result.values[name] : undefined;
        const same = Array.isArray(value) && Array.isArray(got) ? isDeepStrictEqual([...value].sort(), [...got].sort()) : isDeepStrictEqual(value, got);
        if (!same) problems.push(`expected ${name} = ${JSON.stringify(value)}, got ${got === undefined ? "nothing" : JSON.stringify(got)}`);
      }
      outcomes.push({ ruleId: rule.id, kind, index, example, ok: problems.length === 0, problems, result });
    }
  }
  return outcomes;
}
