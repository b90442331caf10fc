/**
 * A rule's conditions are judged once for clauses alike where the conditions look (issue 12:
 * a long agreement ran json-rules-engine once per clause). Judging through that memory must
 * give, for every clause, exactly what running the engine on that clause gives.
 */
import { describe, expect, it } from "vitest";
import { judge, runConditions } from "../../src/check/check-agreement.js";
import { bundledRulesDir, loadRules } from "../../src/index.js";
import type { Candidate } from "../../src/recognize/recognize.js";
import type { Rule } from "../../src/rules/rule-types.js";
import { xorshift } from "../helpers/random.js";

const STATEMENTS = ["done", "future", "conditional", "negated", "mentioned", "quoted", undefined];
const FRAMES = [undefined, "condition", "proviso", "closing condition", "exclusion", "definition", "conditional provision"];
/** Values that differ only in ways a careless key would merge: "-" and nothing, a list and its text, a line break. */
const VALUES = [undefined, "-", "", "S-3", "S-1", "Form S-3", "New York", "Delaware", "Nasdaq", "NASDAQ Global Market", "a\nb", "a", "b", true, false, ["a", "b"], ["a,b"], ["facsimile"], [], "[\"a\",\"b\"]", "333-76589"];

/** Every value name a rule's conditions look at. */
function valueNames(rule: Rule): string[] {
  const names = new Set<string>();
  const walk = (c: unknown) => {
    const node = c as { all?: unknown[]; any?: unknown[]; path?: string };
    for (const child of [...(node.all ?? []), ...(node.any ?? [])]) walk(child);
    if (node.path?.startsWith("values.")) names.add(node.path.slice("values.".length));
  };
  walk(rule.conditions);
  return [...names];
}

describe("judging a clause", () => {
  const rules = loadRules(bundledRulesDir).rules;

  it("gives what running the engine on that clause gives, for every bundled rule and many clauses", async () => {
    const next = xorshift(20261205);
    const pick = <T>(list: readonly T[]): T => list[next() % list.length] as T;
    let compared = 0;
    const outcomes = new Set<string>();
    for (const rule of rules) {
      const names = valueNames(rule);
      expect(names.length, rule.id).toBeGreaterThan(0);
      for (let n = 0; n < 600; n++) {
        const values: Record<string, unknown> = {};
        for (const name of names) {
          const v = pick(VALUES);
          if (v !== undefined) values[name] = v;
        }
        const clause = { found: next() % 8 !== 0, statement: pick(STATEMENTS), values, matches: [], units: [], definitionsUsed: [] } as unknown as Candidate;
        const frame = pick(FRAMES);
        if (frame) (clause as { frame?: string }).frame = frame;
        const memoised = await judge(rule, clause);
        expect(memoised, `${rule.id}: ${JSON.stringify(clause)}`).toEqual(await runConditions(rule, clause));
        outcomes.add(JSON.stringify(memoised.map((j) => j.result)));
        compared++;
      }
    }
    expect(compared).toBe(rules.length * 600);
    // The clauses reach passes and failures of each kind, or the comparison says little.
    expect(outcomes.size).toBeGreaterThan(rules.length * 3);
  });

  it("runs the engine for each clause when a condition compares with another fact", async () => {
    const rule = rules[0] as Rule;
    // values.x must equal values.y: a clause's answer depends on a place no path names.
    const odd: Rule = { ...rule, conditions: { all: [{ fact: "clause", path: "values.x", operator: "equal", value: { fact: "clause", path: "values.y" }, name: "same" }] } as unknown as Rule["conditions"] };
    const clause = (y: string) => ({ found: true, statement: "done", values: { x: "1", y }, matches: [], units: [], definitionsUsed: [] }) as unknown as Candidate;
    expect((await judge(odd, clause("1"))).map((j) => j.result)).toEqual([true]);
    expect((await judge(odd, clause("2"))).map((j) => j.result)).toEqual([false]);
  });
});
