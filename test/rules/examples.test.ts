import { describe, expect, it } from "vitest";
import { bundledRulesDir, loadRules } from "../../src/index.js";
import { type ExampleOutcome, runRuleExamples } from "../../src/rules/rule-examples.js";

/**
 * Every example in every bundled rule file, run once at load: each becomes its own test, so a
 * lawyer who edits a rule sees exactly which example broke.
 */
const ruleSet = loadRules(bundledRulesDir);
const outcomes: { ruleId: string; outcomes: ExampleOutcome[] }[] = [];
for (const rule of ruleSet.rules) outcomes.push({ ruleId: rule.id, outcomes: await runRuleExamples(rule) });

/** One line naming the example, short enough for a test title. */
function title(o: ExampleOutcome): string {
  const text = o.example.text.replace(/\s+/g, " ").trim();
  const reason = o.kind === "fails" && o.example.reason ? ` (${o.example.reason})` : "";
  return `${o.kind}[${o.index}]${reason}: ${text.length > 70 ? `${text.slice(0, 69)}…` : text}`;
}

describe("bundled rules", () => {
  it("load, the five checks of the README among them", () => {
    expect(ruleSet.rules.map((r) => r.id)).toEqual(
      expect.arrayContaining(["counterparts", "exchange-listing", "governing-law", "prospectus-supplement", "s3-registration"]),
    );
  });
});

describe.each(outcomes)("rule $ruleId", ({ ruleId, outcomes: list }) => {
  it("has examples that meet it and examples that fail it", () => {
    expect(list.some((o) => o.kind === "meets")).toBe(true);
    expect(list.some((o) => o.kind === "fails")).toBe(true);
  });

  it("has at least one negative example: a fails example that is negated, future or deviating", () => {
    const negative = list.filter((o) => o.kind === "fails" && ["negated", "future", "deviating"].includes(o.example.reason ?? ""));
    expect(negative.length, `${ruleId} has no negated, future or deviating example`).toBeGreaterThan(0);
  });

  it.each(list.map((o) => [title(o), o] as const))("%s", (_, o) => {
    expect(o.ok, `${ruleId} ${o.kind}[${o.index}]:\n  ${o.problems.join("\n  ")}`).toBe(true);
    // A passing example passes and a failing one fails: checked independently of `ok`.
    expect(o.result.status).toBe(o.kind === "meets" ? "pass" : "gap");
    if (o.kind === "fails" && o.example.reason) expect(o.result.reason).toBe(o.example.reason);
  });
});
