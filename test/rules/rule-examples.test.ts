import { describe, expect, it } from "vitest";
import { bundledRulesDir, loadRules } from "../../src/index.js";
import type { Rule } from "../../src/rules/rule-types.js";
import { runRuleExamples } from "../../src/rules/rule-examples.js";

const rules = loadRules(bundledRulesDir).rules;

function rule(id: string): Rule {
  const r = rules.find((x) => x.id === id);
  if (!r) throw new Error(`no bundled rule ${id}`);
  return r;
}

/** The rule with its examples replaced. */
function withExamples(r: Rule, examples: Rule["examples"]): Rule {
  return { ...r, examples };
}

describe("runRuleExamples", () => {
  it("reports a meets example that does not pass, with the gap it found", async () => {
    const r = withExamples(rule("prospectus-supplement"), {
      meets: [{ text: "The Company has not filed a prospectus supplement." }],
      fails: [{ text: "The purchase price shall be paid by wire transfer.", reason: "missing" }],
    });
    const [meets, fails] = await runRuleExamples(r);
    expect(meets).toMatchObject({ ruleId: "prospectus-supplement", kind: "meets", index: 0, ok: false });
    expect(meets?.problems.join("\n")).toMatch(/expected pass, got gap/);
    expect(fails).toMatchObject({ kind: "fails", ok: true, problems: [] });
  });

  it("reports a fails example whose gap has another reason", async () => {
    const r = withExamples(rule("prospectus-supplement"), {
      meets: [{ text: "The Company has filed a prospectus supplement." }],
      fails: [{ text: "The Company will file a prospectus supplement.", reason: "negated" }],
    });
    const outcomes = await runRuleExamples(r);
    expect(outcomes[0]?.ok).toBe(true);
    expect(outcomes[1]?.ok).toBe(false);
    expect(outcomes[1]?.problems).toEqual([expect.stringMatching(/^expected a negated gap, got future/)]);
  });

  it("reports a value other than the one listed", async () => {
    const r = withExamples(rule("governing-law"), {
      meets: [{ text: "This Agreement shall be governed by the laws of the State of Delaware.", values: { jurisdiction: "New York" } }],
      fails: [{ text: "Notices shall be in writing.", reason: "missing" }],
    });
    const [meets] = await runRuleExamples(r);
    expect(meets?.problems).toEqual(['expected jurisdiction = "New York", got "Delaware"']);
  });

  it("compares list values in any order", async () => {
    const r = withExamples(rule("counterparts"), {
      meets: [
        {
          text: "Signatures delivered by e-mail in portable document format or by facsimile shall be deemed original signatures.",
          values: { electronicDelivery: ["pdf", "facsimile", "email"] },
        },
      ],
      fails: [{ text: "Notices shall be in writing.", reason: "missing" }],
    });
    const [meets] = await runRuleExamples(r);
    expect(meets?.problems).toEqual([]);
  });
});
