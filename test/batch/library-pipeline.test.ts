/**
 * The pipeline the README shows: load the rules once, check many agreements on worker threads
 * through the library, read typed results, write a report. Run from the TypeScript sources, the
 * workers come from the built package (dist/batch/worker.js).
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type DocumentError,
  type DocumentReport,
  buildReport,
  bundledRulesDir,
  checkAgreement,
  checkInputs,
  expandInputs,
  formatSarif,
  loadRules,
  readDocument,
} from "../../src/index.js";
import { type InputOutcome, checkInput, failedInput } from "../../src/batch/check-input.js";
import { ensureBuilt, repoRoot } from "../helpers/cli.js";
import { validateSarif } from "../helpers/output-schemas.js";

beforeAll(() => ensureBuilt(), 120_000);

describe("checking many agreements through the library", () => {
  it("checkInputs on two worker threads gives, in input order, what checkAgreement gives one by one", async () => {
    const rules = loadRules(bundledRulesDir);
    const inputs = await expandInputs([join(repoRoot, "samples/valence-s3-*.txt"), join(repoRoot, "samples/missing.txt"), join(repoRoot, "test/fixtures/corpus")]);
    const documents: DocumentReport[] = [];
    const errors: DocumentError[] = [];
    const settled: string[] = [];
    for await (const { input, outcome } of checkInputs(inputs, rules, { jobs: 2, onSettled: (i) => settled.push(i.file) })) {
      if (!outcome.ok) {
        errors.push(outcome.error);
        continue;
      }
      documents.push(...outcome.documents);
      expect(outcome.documents[0]?.file).toBe(input.file);
    }
    expect(settled.sort()).toEqual(inputs.map((i) => i.file).sort());
    expect(errors).toEqual([expect.objectContaining({ code: "ENOENT" })]);
    const oneByOne: DocumentReport[] = [];
    for (const input of inputs.filter((i) => i.kind === "file" && !i.file.endsWith("/samples/missing.txt"))) oneByOne.push(await checkAgreement(await readDocument(input.file), rules));
    expect(documents).toEqual(oneByOne);
    const gaps = documents.flatMap((d) => d.results.filter((r) => r.status === "gap").map((r) => `${r.ruleId}:${r.reason}`));
    expect(gaps).toContain("s3-registration:deviating");
    const sarif: unknown = JSON.parse(formatSarif(buildReport(rules, documents, errors), { rules: rules.rules }));
    expect(validateSarif(sarif)).toBe(true);
  }, 60_000);

  it("with jobs 1, reading each file while the one before is checked gives what checking each alone gives, unreadable files included", async () => {
    const rules = loadRules(bundledRulesDir);
    const inputs = await expandInputs([
      join(repoRoot, "samples/missing.txt"),
      join(repoRoot, "samples/valence-ridgeway-1999.docx"),
      join(repoRoot, "samples"),
      join(repoRoot, "samples/valence-s3-*.txt"),
      join(repoRoot, "samples/also-missing.txt"),
    ]);
    const batch: InputOutcome[] = [];
    for await (const { outcome } of checkInputs(inputs, rules, { jobs: 1 })) batch.push(outcome);
    const alone: InputOutcome[] = [];
    for (const input of inputs) {
      alone.push(input.kind === "file" ? await checkInput({ file: input.file, read: {}, keepText: false }, rules) : failedInput(input.file, new Error("not a file")));
    }
    expect(batch.map((o) => (o.ok ? "ok" : o.error.code))).toContain("ENOENT");
    expect(batch).toEqual(alone);
  });

  it("with jobs 1, checks in this thread", async () => {
    const rules = loadRules(bundledRulesDir);
    const inputs = await expandInputs([join(repoRoot, "samples/valence-law-*.txt")]);
    const files: string[] = [];
    for await (const { outcome } of checkInputs(inputs, rules, { jobs: 1 })) if (outcome.ok) files.push(...outcome.documents.map((d) => d.file));
    expect(files).toEqual(inputs.map((i) => i.file));
  });
});
