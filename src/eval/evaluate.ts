/**
 * Measures clausecheck on a folder of agreements: per rule, how many documents passed and how
 * many had gaps (by reason); and, given CUAD-style labels, how well the governing-law rule
 * detects a choice of law and reads its jurisdiction.
 *
 * Everything here except `checkFolder` and `findDocuments` is pure: it works on reports
 * and labels already in memory.
 *
 * How the governing-law figures count (see docs/accuracy.md):
 * - A document "has a choice of law" when its label is not empty.
 * - The tool "detects" one when the governing-law rule passes, or when its gap is
 *   `incomplete`: a choice-of-law clause was found but names no jurisdiction clausecheck
 *   recognises (the clause was detected; the jurisdiction was not read). Any other gap
 *   (missing, quoted in an exhibit, negated…) is not a detection. The strict figures, where
 *   only a pass counts, are reported too.
 * - Jurisdiction accuracy: among documents whose label is not empty, the share where the
 *   jurisdiction found agrees with the label after normalisation (`jurisdictionAgrees`).
 *   A document where none was found counts as wrong, unless the label names none either.
 */
import { basename, relative, sep } from "node:path";
import { AGREEMENT_EXTENSIONS, agreementFiles } from "../batch/inputs.js";
import { checkAgreement } from "../check/check-agreement.js";
import { isClauseCheckError } from "../errors.js";
import { readSources } from "../ingest/read-document.js";
import type { RuleSet } from "../rules/rule-types.js";
import type { DocumentReport, GapReason, RuleResult } from "../types.js";
import { CsvError, csvObjects, parsePythonStringList } from "./csv.js";
import { jurisdictionAgrees, labelJurisdictions } from "./jurisdictions.js";

export { CsvError, csvObjects, parseCsv, parsePythonStringList } from "./csv.js";
export { ALIASES, LABEL_TABLE, PREFIXES, QUALIFIERS, UNNAMED, jurisdictionAgrees, labelJurisdictions, normaliseJurisdiction } from "./jurisdictions.js";

/** The rule the labels measure. */
export const GOVERNING_LAW = "governing-law";

/** The kinds of file the evaluation reads. */
/** The file kinds a folder contributes (those `clausecheck check` reads). */
export const DOCUMENT_EXTENSIONS: readonly string[] = AGREEMENT_EXTENSIONS;

/** One row of a CUAD governing-law labels file. */
export interface Label {
  /** The file name as the labels give it. */
  file: string;
  /** The jurisdiction as labelled; empty when the contract chooses none. */
  governingLaw: string;
  /** The clause text the annotators marked (whitespace as in CUAD). */
  clauses: string[];
}

/** The outcome for one file: its report (the best of its agreements), or why it could not be read. */
export interface FileOutcome {
  /** Path relative to the folder evaluated, with `/` separators. */
  file: string;
  reports: DocumentReport[];
  error?: { code: string; message: string };
}

/** Per-rule counts. */
export interface RuleTally {
  id: string;
  title: string;
  passed: number;
  gaps: number;
  /** Gaps by reason, in the order of GAP_REASONS, only reasons that occurred. */
  byReason: Partial<Record<GapReason, number>>;
}

/** Counts of a binary detection and the figures derived from them (null when a denominator is 0). */
export interface DetectionScores {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/** A document the governing-law rule got wrong against its label. */
export interface Miss {
  kind: "false-positive" | "false-negative" | "wrong-jurisdiction";
  file: string;
  /** The label as written ("" when none). */
  label: string;
  /** The label's jurisdictions after normalisation. */
  labelNormalised: string[];
  /** The jurisdiction clausecheck reported, if any. */
  found?: string;
  status: "pass" | "gap" | "unreadable";
  reason?: GapReason;
  message: string;
  /** The clause clausecheck quoted, if any. */
  evidence?: { line: number; column: number; section?: string; attachment?: string; text: string };
  /** The first clause the annotators marked, whitespace collapsed. */
  labelledClause?: string;
}

export interface LabelScores {
  /** Rows in the labels file. */
  rows: number;
  /** Labelled files found in the folder (the ones measured). */
  measured: number;
  /** Of those, with a non-empty label. */
  withChoiceOfLaw: number;
  /** Label rows whose file is not in the folder. */
  notFound: string[];
  /** Files in the folder with no label row (not measured). */
  unlabelled: string[];
  /** Detection, counting an `incomplete` gap (clause found, jurisdiction not read) as detected. */
  detection: DetectionScores;
  /** Detection counting only a pass. */
  detectionStrict: DetectionScores;
  /** Detected documents whose gap is `incomplete`. */
  incomplete: number;
  /**
   * Correct: documents with a choice of law whose jurisdiction agrees with the label; `partial`
   * lists those among them whose label names several jurisdictions, of which ours is one.
   */
  jurisdiction: { correct: number; total: number; accuracy: number | null; partial: { file: string; label: string; found: string }[] };
  misses: Miss[];
}

export interface Evaluation {
  folder: string;
  rulesDir: string;
  /** Files read (one per document file; a full EDGAR submission may hold several agreements). */
  files: number;
  /** Agreements checked. */
  documents: number;
  unreadable: { file: string; code: string; message: string }[];
  rules: RuleTally[];
  labels?: LabelScores & { file: string };
}

export const GAP_REASONS: readonly GapReason[] = ["missing", "negated", "future", "conditional", "mentioned", "quoted", "deviating", "incomplete"];

/**
 * Every .txt/.htm/.html/.docx file under `folder`, recursively (hidden entries skipped, link
 * loops followed once, as `clausecheck check FOLDER` finds them), in code-point order.
 */
export function findDocuments(folder: string): string[] {
  return agreementFiles(folder).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A document's path as the evaluation names it: relative to the folder, with `/` separators. */
export function relativeFile(folder: string, path: string): string {
  return relative(folder, path).split(sep).join("/");
}

/**
 * Reads and checks every document in a folder (only those `include` accepts, by relative
 * path, when given); a file that cannot be read is recorded, not thrown.
 */
export async function checkFolder(folder: string, rules: RuleSet, onFile?: (file: string) => void, include?: (file: string) => boolean): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = [];
  for (const path of findDocuments(folder)) {
    const file = relativeFile(folder, path);
    // Skipped before reading, so a run limited to one half costs only that half.
    if (include && !include(file)) continue;
    onFile?.(file);
    try {
      const reports: DocumentReport[] = [];
      for (const source of await readSources(path)) reports.push(await checkAgreement(source, rules));
      outcomes.push({ file, reports });
    } catch (e) {
      if (!isClauseCheckError(e)) throw e;
      outcomes.push({ file, reports: [], error: { code: e.code, message: e.reason } });
    }
  }
  return outcomes;
}

/** Per rule: documents passed, gaps by reason. Rules in rule-set order. */
export function tallyRules(rules: { id: string; title: string }[], outcomes: FileOutcome[]): RuleTally[] {
  return rules.map((rule) => {
    const t: RuleTally = { id: rule.id, title: rule.title, passed: 0, gaps: 0, byReason: {} };
    for (const o of outcomes) {
      for (const report of o.reports) {
        const r = report.results.find((x) => x.ruleId === rule.id);
        if (!r) continue;
        if (r.status === "pass") t.passed++;
        else {
          t.gaps++;
          const reason = r.reason ?? "missing";
          t.byReason[reason] = (t.byReason[reason] ?? 0) + 1;
        }
      }
    }
    const ordered: Partial<Record<GapReason, number>> = {};
    for (const reason of GAP_REASONS) if (t.byReason[reason]) ordered[reason] = t.byReason[reason];
    t.byReason = ordered;
    return t;
  });
}

/** Precision, recall and F1 from the counts; null where a denominator is 0. */
export function detectionScores(counts: { tp: number; fp: number; fn: number; tn: number }): DetectionScores {
  const { tp, fp, fn, tn } = counts;
  const precision = tp + fp === 0 ? null : tp / (tp + fp);
  const recall = tp + fn === 0 ? null : tp / (tp + fn);
  const f1 = precision === null || recall === null || precision + recall === 0 ? (tp + fp + fn === 0 ? null : 0) : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, tn, precision, recall, f1 };
}

/** Reads a CUAD governing-law labels file (columns `file`, `governing_law`, `governing_law_clause`). */
export function parseLabels(text: string): Label[] {
  const { header, rows } = csvObjects(text);
  for (const need of ["file", "governing_law"]) {
    if (!header.includes(need)) throw new CsvError(`no "${need}" column (the header is: ${header.join(", ")})`, 1, 1);
  }
  return rows.map((row, i) => {
    const raw = row.governing_law_clause ?? "";
    let clauses: string[];
    try {
      clauses = raw.trim() === "" ? [] : parsePythonStringList(raw);
    } catch (e) {
      if (!(e instanceof CsvError)) throw e;
      throw new CsvError(`governing_law_clause of row ${i + 2} (${row.file}): ${e.message}`, i + 2, 1);
    }
    return { file: (row.file ?? "").trim(), governingLaw: (row.governing_law ?? "").trim(), clauses };
  });
}

/** The governing-law result a file is judged by: of its agreements, a pass first, then an incomplete gap, then the first. */
export function governingLawResult(o: FileOutcome): RuleResult | undefined {
  const results = o.reports.flatMap((r) => r.results.filter((x) => x.ruleId === GOVERNING_LAW));
  return results.find((r) => r.status === "pass") ?? results.find((r) => r.reason === "incomplete") ?? results[0];
}

/** Whether a result counts as detecting a choice of law (see the header of this file). */
export function detects(r: RuleResult | undefined, strict = false): boolean {
  if (!r) return false;
  return r.status === "pass" || (!strict && r.status === "gap" && r.reason === "incomplete");
}

const collapse = (s: string) => s.replace(/\s+/g, " ").trim();

/** Scores the governing-law rule against labels. Files are matched by relative path, else by name. */
export function scoreLabels(labels: Label[], outcomes: FileOutcome[]): LabelScores {
  const byPath = new Map(outcomes.map((o) => [o.file, o]));
  const byName = new Map<string, FileOutcome[]>();
  for (const o of outcomes) byName.set(basename(o.file), [...(byName.get(basename(o.file)) ?? []), o]);
  const notFound: string[] = [];
  const measured = new Set<FileOutcome>();
  const pairs: { label: Label; outcome: FileOutcome }[] = [];
  for (const label of labels) {
    const named = byName.get(label.file);
    const outcome = byPath.get(label.file) ?? (named?.length === 1 ? named[0] : undefined);
    if (!outcome || measured.has(outcome)) {
      notFound.push(label.file);
      continue;
    }
    measured.add(outcome);
    pairs.push({ label, outcome });
  }
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  const strict = { tp: 0, fp: 0, fn: 0, tn: 0 };
  let incomplete = 0;
  let correct = 0;
  let total = 0;
  const partial: { file: string; label: string; found: string }[] = [];
  const misses: Miss[] = [];
  for (const { label, outcome } of pairs) {
    const result = governingLawResult(outcome);
    const has = label.governingLaw !== "";
    const detected = detects(result);
    const key = has ? (detected ? "tp" : "fn") : detected ? "fp" : "tn";
    counts[key]++;
    const strictKey = has ? (detects(result, true) ? "tp" : "fn") : detects(result, true) ? "fp" : "tn";
    strict[strictKey]++;
    if (detected && result?.status === "gap") incomplete++;
    const found = typeof result?.values.jurisdiction === "string" ? result.values.jurisdiction : undefined;
    let kind: Miss["kind"] | undefined = key === "fp" ? "false-positive" : key === "fn" ? "false-negative" : undefined;
    if (has) {
      total++;
      if (detected && jurisdictionAgrees(found, label.governingLaw)) {
        correct++;
        if (found !== undefined && labelJurisdictions(label.governingLaw).length > 1) partial.push({ file: outcome.file, label: label.governingLaw, found });
      } else if (!kind) kind = "wrong-jurisdiction";
    }
    if (!kind) continue;
    const miss: Miss = {
      kind,
      file: outcome.file,
      label: label.governingLaw,
      labelNormalised: labelJurisdictions(label.governingLaw),
      status: outcome.error ? "unreadable" : (result?.status ?? "gap"),
      message: outcome.error ? `${outcome.error.code}: ${outcome.error.message}` : (result?.message ?? "no governing-law result (the rule is not in the rule set)"),
    };
    if (found !== undefined) miss.found = found;
    if (result?.reason) miss.reason = result.reason;
    const ev = result?.evidence.find((e) => e.role === "clause");
    if (ev) {
      miss.evidence = { line: ev.line, column: ev.column, text: ev.text };
      if (ev.section) miss.evidence.section = ev.section;
      if (ev.attachment) miss.evidence.attachment = ev.attachment;
    }
    const clause = label.clauses[0];
    if (clause) miss.labelledClause = collapse(clause);
    misses.push(miss);
  }
  const order = { "false-negative": 0, "false-positive": 1, "wrong-jurisdiction": 2 } as const;
  misses.sort((a, b) => order[a.kind] - order[b.kind] || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return {
    rows: labels.length,
    measured: pairs.length,
    withChoiceOfLaw: pairs.filter((p) => p.label.governingLaw !== "").length,
    notFound,
    unlabelled: outcomes.filter((o) => !measured.has(o)).map((o) => o.file),
    detection: detectionScores(counts),
    detectionStrict: detectionScores(strict),
    incomplete,
    jurisdiction: { correct, total, accuracy: total === 0 ? null : correct / total, partial },
    misses,
  };
}

/** Everything the eval command prints, from checked files and (optionally) labels. */
export function summarise(
  folder: string,
  rules: RuleSet,
  outcomes: FileOutcome[],
  labels?: { file: string; labels: Label[] },
): Evaluation {
  const evaluation: Evaluation = {
    folder,
    rulesDir: rules.dir,
    files: outcomes.length,
    documents: outcomes.reduce((n, o) => n + o.reports.length, 0),
    unreadable: outcomes.filter((o) => o.error).map((o) => ({ file: o.file, code: o.error?.code ?? "", message: o.error?.message ?? "" })),
    rules: tallyRules(rules.rules, outcomes),
  };
  if (labels) evaluation.labels = { file: labels.file, ...scoreLabels(labels.labels, outcomes) };
  return evaluation;
}
