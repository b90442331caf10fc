/**
 * The evaluation reported per half of the corpus (see corpus-half.ts): the tune half, the
 * check half and all, each what `summarise` gives for that subset, and how far the check
 * half's F1 falls below the tune half's.
 *
 * Misses are where rule authors look for phrasings to add, so they are listed for one half
 * only: the half chosen with `--half`, else the tune half. Those of the check half (and so of
 * "all") are counted, never listed, so nobody tunes on them by accident.
 *
 * Everything here except `evaluateSplit` is pure.
 */
import type { RuleSet } from "../rules/rule-types.js";
import type { LabelCorrection } from "./corrections.js";
import { CORPUS_HALVES, type CorpusHalf, SPLIT_RULE, corpusHalf } from "./corpus-half.js";
import { type Evaluation, type FileOutcome, type Label, type LabelScores, type Miss, checkFolder, summarise } from "./evaluate.js";

/** How far the check half's F1 may fall below the tune half's before it is flagged. */
export const F1_TOLERANCE = 0.01;

/** Label scores of one subset: `misses` is absent where they are withheld; `missCount` always counts them. */
export type HalfLabelScores = Omit<LabelScores, "misses"> & { file: string; missCount: number; misses?: Miss[] };

/** What the eval command reports for one subset of the corpus (tune, check or all). */
export type HalfEvaluation = Omit<Evaluation, "labels"> & { labels?: HalfLabelScores };

/** The detection F1 of the two halves and whether the check half falls too far below. */
export interface F1Comparison {
  tune: number | null;
  check: number | null;
  /** check − tune (negative when the check half does worse); null when either F1 is. */
  difference: number | null;
  /** True when the check half is more than F1_TOLERANCE below the tune half. */
  flagged: boolean;
}

/** The whole report of a split run, as `--json` prints it. */
export interface SplitEvaluation {
  /** The split rule in words, and the half the run was limited to (null: both). */
  split: { rule: string; half: CorpusHalf | null };
  tune?: HalfEvaluation;
  check?: HalfEvaluation;
  /** Both halves together; absent when the run was limited to one half. */
  all?: HalfEvaluation;
  /** Present when both halves were run with labels. */
  f1?: F1Comparison;
  /** Label corrections applied before scoring (`--corrections`), each with the label it replaced. */
  corrections?: { file: string; applied: LabelCorrection[]; unmatched: string[] };
}

/** An evaluation with its misses listed, or withheld and only counted. */
export function halfEvaluation(e: Evaluation, listMisses: boolean): HalfEvaluation {
  if (!e.labels) return e as HalfEvaluation;
  const { misses, ...scores } = e.labels;
  return { ...e, labels: { ...scores, missCount: misses.length, ...(listMisses ? { misses } : {}) } };
}

/** Compares the halves' F1; the flag allows for rounding in the subtraction. */
export function compareF1(tune: number | null, check: number | null): F1Comparison {
  const difference = tune === null || check === null ? null : check - tune;
  // 1e-12: 0.99 − 0.98 is 0.010000000000000009 in floating point; exactly 0.01 is not "more than".
  return { tune, check, difference, flagged: difference !== null && difference < -F1_TOLERANCE - 1e-12 };
}

/**
 * The split report from checked files and (optionally) labels. Files and label rows are put
 * in a half by `corpusHalf` of their name. With `half`, only that half is reported (and its
 * misses listed); without, the tune half, the check half and all, misses listed for the
 * tune half only.
 */
export function summariseSplit(folder: string, rules: RuleSet, outcomes: FileOutcome[], labels?: { file: string; labels: Label[] }, half?: CorpusHalf): SplitEvaluation {
  const subset = (h: CorpusHalf): Evaluation => {
    // Label rows are split too, so a row of the other half is not reported as "not in the folder".
    const halfLabels = labels && { file: labels.file, labels: labels.labels.filter((l) => corpusHalf(l.file) === h) };
    return summarise(folder, rules, outcomes.filter((o) => corpusHalf(o.file) === h), halfLabels);
  };
  const report: SplitEvaluation = { split: { rule: SPLIT_RULE, half: half ?? null } };
  for (const h of half ? [half] : CORPUS_HALVES) report[h] = halfEvaluation(subset(h), half !== undefined || h === "tune");
  if (half) return report;
  // "all" holds the check half's misses too, so it lists none (the tune half's are listed above it).
  report.all = halfEvaluation(summarise(folder, rules, outcomes, labels), false);
  if (labels) report.f1 = compareF1(report.tune?.labels?.detection.f1 ?? null, report.check?.labels?.detection.f1 ?? null);
  return report;
}

/** Checks a folder (only one half of it, given `half`) and reports it per half: the eval command's run. */
export async function evaluateSplit(folder: string, rules: RuleSet, labels?: { file: string; labels: Label[] }, half?: CorpusHalf): Promise<SplitEvaluation> {
  const include = half === undefined ? undefined : (file: string) => corpusHalf(file) === half;
  return summariseSplit(folder, rules, await checkFolder(folder, rules, undefined, include), labels, half);
}
