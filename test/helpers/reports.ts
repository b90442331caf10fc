/** Reports of the samples built through the library, for the formatters' tests. */
import { join } from "node:path";
import { type DocumentReport, type Report, type RuleSet, type Source, buildReport, bundledRulesDir, checkAgreement, loadRules, readDocument } from "../../src/index.js";
import { SEED, repoRoot } from "./cli.js";

/** A sample with an error gap that has a clause (Form S-1 where S-3 is required). */
export const GAP_SAMPLE = "samples/valence-s3-form-s1.txt";
/** A sample whose governing-law clause is missing: a gap without a location. */
export const MISSING_SAMPLE = "samples/valence-law-missing.txt";

let rules: RuleSet | undefined;
/** The bundled rules, loaded once per test file. */
export function bundledRules(): RuleSet {
  rules ??= loadRules(bundledRulesDir);
  return rules;
}

/** Reads a sample (path relative to the repository root, reported as given) and checks it. */
export async function checkSample(file: string): Promise<{ source: Source; report: DocumentReport }> {
  const source = await readDocument(join(repoRoot, file));
  source.file = file;
  return { source, report: await checkAgreement(source, bundledRules()) };
}

/** The report of several samples, with each document's text in order (for HTML). */
export async function sampleReport(files: string[] = [SEED, GAP_SAMPLE]): Promise<{ report: Report; texts: string[] }> {
  const checked = [];
  for (const f of files) checked.push(await checkSample(f));
  return { report: buildReport(bundledRules(), checked.map((c) => c.report), []), texts: checked.map((c) => c.source.text) };
}

/** Marks a document's gap for `ruleId` as waived, as a waiver would, and recounts. */
export function waive(doc: DocumentReport, ruleId: string, reason: string): void {
  const r = doc.results.find((x) => x.ruleId === ruleId && x.status === "gap");
  if (!r) throw new Error(`${doc.file} has no gap for ${ruleId}`);
  r.waived = { reason, approvedBy: "J. Rivera", source: "clausecheck.config.yaml:12" };
  doc.summary.waived++;
  if (r.severity === "error") doc.summary.errors--;
  if (r.severity === "warning") doc.summary.warnings--;
}
