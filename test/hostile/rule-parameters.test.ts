/**
 * Inherited members as rule parameters (issue 14, item 9): a parameter is looked up among the
 * rule's own, never among the members every object inherits. A rule that declares `valueOf`
 * (or `toString`, `constructor`, `__proto__`…) is refused by `rules validate`, and a reference
 * to an undeclared `$constructor` is reported, not resolved to Object's constructor.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateRules } from "../../src/index.js";
import { readRuleFile } from "../../src/rules/load-rules.js";
import { STACK_LINE, ensureBuilt, repoRoot, runCli } from "../helpers/cli.js";
import { makeTmpDir, removeTmpDir } from "../helpers/tmp.js";

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = makeTmpDir("params");
}, 120_000);
afterAll(() => removeTmpDir(tmp));

/** A copy of the bundled rules with governing-law.yaml rewritten by `edit`. */
function rulesWith(name: string, edit: (text: string) => string): string {
  const dir = join(tmp, name);
  cpSync(join(repoRoot, "rules"), dir, { recursive: true });
  const file = join(dir, "governing-law.yaml");
  writeFileSync(file, edit(readFileSync(file, "utf8")));
  return dir;
}

describe("rule parameters are own properties only", () => {
  for (const reserved of ["valueOf", "toString", "constructor"]) {
    it(`a parameter named ${reserved} is refused by rules validate`, () => {
      const dir = rulesWith(`reserved-${reserved}`, (t) => t.replace("\n  jurisdictions:\n", `\n  ${reserved}:\n`).replace("$jurisdictions", `$${reserved}`));
      const problems = validateRules(dir);
      expect(problems.map((p) => p.message).join("\n")).toContain(`"${reserved}" is a reserved name`);
      expect(problems[0]?.file).toMatch(/governing-law\.yaml$/);
    });
  }

  it("an undeclared $constructor is 'not a parameter', not Object's constructor", () => {
    const dir = rulesWith("undeclared", (t) => t.replace("oneOf: $jurisdictions", "equals: $constructor"));
    const problems = validateRules(dir);
    expect(problems.map((p) => p.message).join("\n")).toContain('"$constructor" is not a parameter of this rule');
  });

  it("a config that sets other parameters leaves an inherited name unresolved", () => {
    const dir = rulesWith("config-set", (t) => t.replace("oneOf: $jurisdictions", "oneOf: $toString"));
    const result = readRuleFile(join(dir, "governing-law.yaml"), { parameters: { jurisdictions: ["New York"] } });
    expect(result.rule).toBeUndefined();
    expect(result.problems.map((p) => p.message).join("\n")).toContain('"$toString" is not a parameter of this rule');
  });

  it("CLI: rules validate exits 2 naming the file and line", () => {
    const dir = rulesWith("cli", (t) => t.replace("\n  jurisdictions:\n", "\n  valueOf:\n").replace("$jurisdictions", "$valueOf"));
    const r = runCli(["rules", "validate", dir]);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/governing-law\.yaml:\d+:\d+ +RULE_SCHEMA +"valueOf" is a reserved name/);
    expect(r.stderr).not.toContain(STACK_LINE);
  });
});
