/**
 * Property-based tests (issue 6, section 3) of the rule loader: the bundled rule files with
 * random edits, and arbitrary text, through readRuleFile and validateRules. They never throw;
 * every problem is located at a line and column from 1; a rule that still loads runs on the
 * seed. The properties live in fuzz/properties.mjs, shared with `npm run fuzz`.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { properties } from "../../fuzz/properties.mjs";
import * as lib from "../../src/index.js";
import { readRuleFile } from "../../src/rules/load-rules.js";
import { repoRoot } from "../helpers/cli.js";
import { validateAgreement, validateReport } from "../helpers/schemas.js";
import { makeTmpDir, removeTmpDir } from "../helpers/tmp.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

let tmp: string;
beforeAll(() => {
  tmp = makeTmpDir("fuzz-rules");
});
afterAll(() => removeTmpDir(tmp));

describe("fuzz: the rule loader", () => {
  for (const name of ["mutated rule files through readRuleFile and validateRules", "arbitrary text as a rule file"]) {
    it(name, async () => {
      const env = { lib: { ...lib, readRuleFile }, rules: lib.loadRules(lib.bundledRulesDir), validateAgreement, validateReport, repoRoot, tmp };
      const p = properties(fc, env)[name];
      if (!p) throw new Error(`no property ${name}`);
      await fc.assert(p, { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) });
    }, 120_000);
  }
});
