/**
 * Every real agreement in ../shared/corpus/ (when that folder exists: it is not part of the
 * repository) is read, parsed and checked without an error, and every position reported
 * lies inside its file.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundledRulesDir, checkAgreement, loadRules, parseAgreement, readDocument } from "../src/index.js";

const corpus = join(import.meta.dirname, "..", "..", "shared", "corpus");
const folders = ["edgar", "cuad"].map((f) => join(corpus, f)).filter((f) => existsSync(f));
const files = folders.flatMap((f) => readdirSync(f).filter((n) => n.endsWith(".txt")).map((n) => join(f, n)));

describe.skipIf(files.length === 0)("the shared corpus (skipped: ../shared/corpus/ is not here)", () => {
  const rules = loadRules(bundledRulesDir);
  it(`checks all ${files.length} agreements without an error`, async () => {
    const problems: string[] = [];
    for (const file of files) {
      try {
        const source = await readDocument(file);
        const agreement = parseAgreement(source);
        const report = await checkAgreement(source, rules, agreement);
        expect(report.results).toHaveLength(rules.rules.length);
        for (const r of report.results) {
          for (const e of r.evidence) {
            if (e.offset < 0 || e.offset >= source.text.length || e.line < 1 || e.line > agreement.lineCount) {
              problems.push(`${file}: ${r.ruleId} evidence at ${e.line}:${e.column} (offset ${e.offset}) lies outside the file`);
            }
          }
        }
      } catch (e) {
        problems.push(`${file}: ${(e as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
