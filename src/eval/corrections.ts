/**
 * Corrections to a labels file: rows where a reader of the contract disagrees with the
 * annotators' label, with the reason (docs/accuracy.md, "Label disagreements").
 *
 * A correction changes what a document is measured against, never the rules: it is applied
 * to the labels only, and every correction applied is reported next to the figures, so raw
 * and corrected figures can both be read. A correction naming no row of the labels (a file of
 * another subset of the corpus, or a typo) is listed as not applied, never silently dropped.
 *
 * The file is a CSV with the columns `file` (as in the labels), `governing_law` (the label as
 * the annotators would have written it: empty for no choice of law, `[* * *]` for a redacted
 * one, "the state in which …" for a place the contract describes without naming) and `why`.
 */
import { CsvError, csvObjects } from "./csv.js";
import type { Label } from "./evaluate.js";

/** One correction of a label. */
export interface LabelCorrection {
  file: string;
  /** The label as the annotators gave it. */
  from: string;
  /** The label the document is measured against instead. */
  to: string;
  why: string;
}

/** Reads a corrections file (columns `file`, `governing_law`, `why`). */
export function parseCorrections(text: string): Omit<LabelCorrection, "from">[] {
  const { header, rows } = csvObjects(text);
  for (const need of ["file", "governing_law", "why"]) {
    if (!header.includes(need)) throw new CsvError(`no "${need}" column (the header is: ${header.join(", ")})`, 1, 1);
  }
  return rows.map((row, i) => {
    const why = (row.why ?? "").trim();
    if (why === "") throw new CsvError(`row ${i + 2} (${row.file}) gives no reason in "why": a correction says why the label is wrong`, i + 2, 1);
    return { file: (row.file ?? "").trim(), to: (row.governing_law ?? "").trim(), why };
  });
}

/** The labels with the corrections applied, the corrections as applied (each with the label it replaced), and the files of those that named no row. */
export function applyCorrections(labels: Label[], corrections: Omit<LabelCorrection, "from">[]): { labels: Label[]; applied: LabelCorrection[]; unmatched: string[] } {
  const byFile = new Map(corrections.map((c) => [c.file, c]));
  const unmatched = corrections.filter((c) => !labels.some((l) => l.file === c.file)).map((c) => c.file);
  const applied: LabelCorrection[] = [];
  const corrected = labels.map((l) => {
    const c = byFile.get(l.file);
    if (!c) return l;
    applied.push({ file: l.file, from: l.governingLaw, to: c.to, why: c.why });
    return { ...l, governingLaw: c.to };
  });
  return { labels: corrected, applied, unmatched };
}
