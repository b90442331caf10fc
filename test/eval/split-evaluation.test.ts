/**
 * The evaluation per half on a handmade set: the subsets add up to all, label rows follow
 * their file's half, misses are listed for one half only, and the F1 difference is flagged
 * past 0.01.
 */
import { describe, expect, it } from "vitest";
import { corpusHalf } from "../../src/eval/corpus-half.js";
import type { FileOutcome, Label } from "../../src/eval/evaluate.js";
import { type HalfEvaluation, compareF1, summariseSplit } from "../../src/eval/split-evaluation.js";
import type { RuleSet } from "../../src/rules/rule-types.js";
import type { DocumentReport, RuleResult } from "../../src/types.js";

const rules = { dir: "rules", rules: [{ id: "governing-law", title: "Governing law" }] } as unknown as RuleSet;

function outcome(file: string, status: "pass" | "gap", jurisdiction?: string): FileOutcome {
  const result: RuleResult = { ruleId: "governing-law", title: "Governing law", status, severity: "error", message: status, values: {}, evidence: [] };
  if (status === "gap") result.reason = "missing";
  if (jurisdiction) result.values.jurisdiction = jurisdiction;
  const report: DocumentReport = { file, format: "text", encoding: "utf-8", results: [result], summary: { passed: 0, gaps: 0, errors: 0, warnings: 0, waived: 0 } };
  return { file, reports: [report] };
}
const label = (file: string, governingLaw: string): Label => ({ file: file.replace(/^.*\//, ""), governingLaw, clauses: [] });

// Three names of each half, picked by the split itself (its stability is corpus-half.test.ts's).
const names = Array.from({ length: 40 }, (_, i) => `doc-${i}-of-40.txt`);
const [t1, t2, t3] = names.filter((n) => corpusHalf(n) === "tune") as [string, string, string];
const [c1, c2, c3] = names.filter((n) => corpusHalf(n) === "check") as [string, string, string];

// Tune: a right pass, a false negative, a true negative. Check: a right pass, a false
// negative, a false positive; one check file sits in a subfolder (the half follows its name).
const outcomes = [
  outcome(t1, "pass", "Texas"),
  outcome(t2, "gap"),
  outcome(t3, "gap"),
  outcome(c1, "pass", "Ohio"),
  outcome(`sub/${c2}`, "gap"),
  outcome(c3, "pass", "Utah"),
];
const labels = {
  file: "labels.csv",
  labels: [label(t1, "Texas"), label(t2, "Iowa"), label(t3, ""), label(c1, "Ohio"), label(c2, "Maine"), label(c3, "")],
};

describe("summariseSplit", () => {
  const s = summariseSplit("corpus", rules, outcomes, labels);
  const [tune, check, all] = [s.tune, s.check, s.all] as [HalfEvaluation, HalfEvaluation, HalfEvaluation];

  it("reports the tune half, the check half and all, with the split rule", () => {
    expect(s.split).toEqual({ rule: expect.stringMatching(/SHA-256.*base name.*even → tune, odd → check/), half: null });
    expect([tune, check, all].every(Boolean)).toBe(true);
  });

  it("has halves that add up to all", () => {
    expect([tune.files, check.files, all.files]).toEqual([3, 3, 6]);
    const gl = (e: HalfEvaluation) => e.rules[0];
    expect((gl(tune)?.passed ?? 0) + (gl(check)?.passed ?? 0)).toBe(gl(all)?.passed);
    expect((gl(tune)?.gaps ?? 0) + (gl(check)?.gaps ?? 0)).toBe(gl(all)?.gaps);
    for (const k of ["tp", "fp", "fn", "tn"] as const) {
      expect((tune.labels?.detection[k] ?? 0) + (check.labels?.detection[k] ?? 0)).toBe(all.labels?.detection[k]);
    }
    expect(tune.labels?.detection).toMatchObject({ tp: 1, fp: 0, fn: 1, tn: 1 });
    expect(check.labels?.detection).toMatchObject({ tp: 1, fp: 1, fn: 1, tn: 0 });
    expect([tune.labels?.missCount, check.labels?.missCount, all.labels?.missCount]).toEqual([1, 2, 3]);
  });

  it("splits the label rows too: a row of the other half is not 'not in the folder'", () => {
    expect(tune.labels?.notFound).toEqual([]);
    expect(check.labels?.notFound).toEqual([]);
    expect([tune.labels?.rows, check.labels?.rows, all.labels?.rows]).toEqual([3, 3, 6]);
  });

  it("lists the tune half's misses only; the check half's (and so all's) are counted", () => {
    expect(tune.labels?.misses?.map((m) => m.file)).toEqual([t2]);
    expect(check.labels?.misses).toBeUndefined();
    expect(all.labels?.misses).toBeUndefined();
    expect(JSON.stringify(s)).not.toContain(c2);
    expect(JSON.stringify(s)).not.toContain(c3);
  });

  it("compares the halves' detection F1", () => {
    expect(s.f1?.tune).toBeCloseTo(2 / 3, 12);
    expect(s.f1?.check).toBeCloseTo(1 / 2, 12);
    expect(s.f1?.difference).toBeCloseTo(1 / 2 - 2 / 3, 12);
    expect(s.f1?.flagged).toBe(true);
  });

  it("with a half, reports that half only and lists its misses", () => {
    const only = summariseSplit("corpus", rules, outcomes, labels, "check");
    expect(Object.keys(only).sort()).toEqual(["check", "split"]);
    expect(only.split.half).toBe("check");
    expect(only.check?.files).toBe(3);
    expect(only.check?.labels?.misses?.map((m) => [m.kind, m.file])).toEqual([
      ["false-negative", `sub/${c2}`],
      ["false-positive", c3],
    ]);
  });

  it("without labels, reports per-rule tallies per half and no F1", () => {
    const bare = summariseSplit("corpus", rules, outcomes);
    expect(bare.f1).toBeUndefined();
    expect(bare.tune?.rules[0]).toMatchObject({ passed: 1, gaps: 2 });
    expect(bare.check?.rules[0]).toMatchObject({ passed: 2, gaps: 1 });
  });
});

describe("compareF1", () => {
  it("flags the check half only when it is more than 0.01 below the tune half", () => {
    expect(compareF1(0.99, 0.98).flagged).toBe(false);
    expect(compareF1(0.99, 0.9799).flagged).toBe(true);
    expect(compareF1(0.9, 0.95)).toMatchObject({ flagged: false });
    expect(compareF1(0.9, 0.95).difference).toBeCloseTo(0.05, 12);
    expect(compareF1(null, 0.5)).toEqual({ tune: null, check: 0.5, difference: null, flagged: false });
  });
});
