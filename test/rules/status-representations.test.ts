/**
 * Rules a lawyer would write for a status ("is an accredited investor", "is duly organized",
 * "is listed on"): their examples, in test/fixtures/rules/representations/, must come out as
 * written. A state stated in the present is done; a conditional never meets a rule.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadRules } from "../../src/index.js";
import { runRuleExamples } from "../../src/rules/rule-examples.js";

const dir = fileURLToPath(new URL("../fixtures/rules/representations", import.meta.url));
const rules = loadRules(dir).rules;

describe("status representations", () => {
  it.each(rules.map((r) => [r.id, r] as const))("%s: every example comes out as written", async (_, rule) => {
    const failures = (await runRuleExamples(rule)).filter((o) => !o.ok).map((o) => `${o.kind}[${o.index}] "${o.example.text.trim()}": ${o.problems.join("; ")}`);
    expect(failures).toEqual([]);
  });

  it("covers a done rule and an affirmative rule", () => {
    expect(new Set(rules.map((r) => r.statement))).toEqual(new Set(["done", "affirmative"]));
  });
});
