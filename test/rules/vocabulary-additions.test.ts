/**
 * Entries a firm's config (`vocabularies:`) or a rule file (`vocabulary:`) adds to a
 * vocabulary: the bundled governing-law rule then reads a place the gazetteer does not list.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig, loadConfiguredRules } from "../../src/config/load-config.js";
import { checkAgreement } from "../../src/check/check-agreement.js";
import { sourceFromText } from "../../src/ingest/read-document.js";
import { loadRules } from "../../src/rules/load-rules.js";
import { makeTmpDir, removeTmpDir } from "../helpers/tmp.js";

const CLAUSE = "This Agreement shall be governed by the laws of the Island of Sark, without regard to its conflict of laws rules.";

let dir: string | undefined;
afterEach(() => removeTmpDir(dir));

async function governingLaw(rules: Parameters<typeof checkAgreement>[1]) {
  const report = await checkAgreement(sourceFromText(CLAUSE, "sark.txt"), rules);
  return report.results.find((r) => r.ruleId === "governing-law");
}

describe("vocabulary entries added by a firm or a rule", () => {
  it("without them, a place the gazetteer lacks is not read: a gap, no jurisdiction", async () => {
    const r = await governingLaw(loadRules(join("rules")));
    expect(r?.status).toBe("gap");
    expect(r?.values.jurisdiction).toBeUndefined();
  });

  it("a config's vocabularies: reads the place for every rule", async () => {
    dir = makeTmpDir("vocab-config");
    const file = join(dir, "clausecheck.config.yaml");
    writeFileSync(file, "vocabularies:\n  jurisdiction:\n    Sark: [Sark, Island of Sark]\n");
    const r = await governingLaw(loadConfiguredRules(loadConfig(file)));
    expect(r).toMatchObject({ status: "pass", values: { jurisdiction: "Sark" } });
  });

  it("a rule's vocabulary: reads the place for that rule", async () => {
    dir = makeTmpDir("vocab-rule");
    cpSync("rules", dir, { recursive: true });
    const file = join(dir, "governing-law.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace(/^clause:$/m, "vocabulary:\n  jurisdiction:\n    Sark: [Sark, Island of Sark]\n\nclause:"));
    const r = await governingLaw(loadRules(dir));
    expect(r).toMatchObject({ status: "pass", values: { jurisdiction: "Sark" } });
  });
});
