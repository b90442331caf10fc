#!/usr/bin/env node
/**
 * `npm run eval -- <folder> [--labels file.csv] [--rules DIR] [--half tune|check] [--json]`
 * `npm run eval -- <folder> --list-split [--half tune|check]`
 *
 * Checks every .txt/.htm/.html/.docx document under the folder with the rules (the bundled
 * rules unless --rules; no config file is read) and prints, per rule, how many documents
 * passed and how many had gaps, by reason. With --labels (CUAD's governing-law CSV), also the
 * governing-law detection precision, recall and F1, the jurisdiction accuracy and the misses.
 * All of it for the tune half, the check half and all (corpus-half.ts), with the F1 difference
 * between the halves; misses are listed for the tune half only, or for the half --half names.
 *
 * With --corrections, label rows a reader found wrong are replaced first (corrections.ts),
 * and the corrections are printed with the figures.
 *
 * Exit 0 whatever the figures (this is a measurement); 2 on bad usage or an unreadable
 * labels or rules file.
 */
import { readFileSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { isClauseCheckError } from "../errors.js";
import { packagePath } from "../package-path.js";
import { loadRules } from "../rules/load-rules.js";
import { CORPUS_HALVES, type CorpusHalf, corpusHalf } from "./corpus-half.js";
import { type LabelCorrection, applyCorrections, parseCorrections } from "./corrections.js";
import { CsvError, GOVERNING_LAW, type Label, findDocuments, parseLabels, relativeFile } from "./evaluate.js";
import { formatSplitEvaluation } from "./format.js";
import { evaluateSplit } from "./split-evaluation.js";

const USAGE = `usage: npm run eval -- <folder> [--labels file.csv [--corrections file.csv]] [--rules DIR] [--half tune|check] [--json]
       npm run eval -- <folder> --list-split [--half tune|check]

  <folder>            checks every .txt, .htm, .html and .docx file in it (recursively)
  --labels FILE       CUAD governing-law labels (columns file, governing_law,
                      governing_law_clause): prints detection precision, recall and F1,
                      jurisdiction accuracy and the misses
  --corrections FILE  labels a reader of the contract corrected (columns file,
                      governing_law, why; docs/cuad-label-corrections.csv): applied to
                      the labels before scoring and listed with the figures
  --rules DIR         the folder of rule files (default: the bundled rules; no config file is read)
  --half tune|check   only that half of the folder, its misses listed. Without it: the tune
                      half, the check half and all, misses listed for the tune half only
                      (the check half's are counted, never printed: nobody tunes on them)
  --list-split        print each file and its half (tab-separated), check nothing
  --json              print the same as JSON: {split, tune, check, all, f1}
  -h, --help          this text

A file's half: SHA-256 of its base name (UTF-8), first byte even: tune, odd: check.

Exit 0 whatever the figures; 2 on bad usage.
`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        labels: { type: "string" },
        corrections: { type: "string" },
        rules: { type: "string" },
        half: { type: "string" },
        "list-split": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "no folder given" : `one folder expected, got ${positionals.length}: ${positionals.join(", ")}`);
  const folder = positionals[0] as string;
  let isDir = false;
  try {
    isDir = statSync(folder).isDirectory();
  } catch {
    throw new UsageError(`${folder}: no such folder`);
  }
  if (!isDir) throw new UsageError(`${folder}: not a folder`);
  const half = values.half;
  if (half !== undefined && !CORPUS_HALVES.includes(half as CorpusHalf)) throw new UsageError(`--half must be tune or check, not ${JSON.stringify(half)}`);

  if (values["list-split"]) {
    for (const path of findDocuments(folder)) {
      const file = relativeFile(folder, path);
      const fileHalf = corpusHalf(file);
      if (half === undefined || fileHalf === half) process.stdout.write(`${file}\t${fileHalf}\n`);
    }
    return 0;
  }

  let rules;
  try {
    rules = loadRules(values.rules ?? packagePath("rules"));
  } catch (e) {
    if (isClauseCheckError(e)) throw new UsageError(e.toLine());
    throw e;
  }

  if (values.corrections !== undefined && values.labels === undefined) throw new UsageError("--corrections corrects --labels: give both");
  let labels: { file: string; labels: Label[] } | undefined;
  let corrections: { file: string; applied: LabelCorrection[]; unmatched: string[] } | undefined;
  if (values.labels !== undefined) {
    const file = values.labels;
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      throw new UsageError(`${file}: cannot read the labels (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    try {
      labels = { file, labels: parseLabels(text) };
    } catch (e) {
      if (e instanceof CsvError) throw new UsageError(`${file}:${e.message}`);
      throw e;
    }
    if (values.corrections !== undefined) corrections = readCorrections(values.corrections, labels);
    if (!rules.rules.some((r) => r.id === GOVERNING_LAW)) throw new UsageError(`--labels measures the ${GOVERNING_LAW} rule, which is not in ${rules.dir}`);
  }

  const evaluation = await evaluateSplit(folder, rules, labels, half as CorpusHalf | undefined);
  if (corrections) evaluation.corrections = corrections;
  process.stdout.write(values.json ? `${JSON.stringify(evaluation, null, 2)}\n` : formatSplitEvaluation(evaluation));
  return 0;
}

/** Reads a corrections file and applies it to the labels in place; errors are usage errors naming the file. */
function readCorrections(file: string, labels: { file: string; labels: Label[] }): { file: string; applied: LabelCorrection[]; unmatched: string[] } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`${file}: cannot read the corrections (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    const result = applyCorrections(labels.labels, parseCorrections(text));
    labels.labels = result.labels;
    return { file, applied: result.applied, unmatched: result.unmatched };
  } catch (e) {
    if (e instanceof CsvError) throw new UsageError(`${file}:${e.message}`);
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`clausecheck eval: ${e.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`clausecheck eval: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
