/**
 * clausecheck's library API. Nothing here prints or exits: errors are thrown as
 * ClauseCheckError with a stable `code`, and results are plain data.
 *
 * ```ts
 * import { loadRules, readDocument, checkAgreement, bundledRulesDir } from "clausecheck";
 * const rules = loadRules(bundledRulesDir);
 * const report = await checkAgreement(await readDocument("deal.txt"), rules);
 * ```
 */
import { checkAgreement } from "./check/check-agreement.js";
import { readDocument, type ReadOptions } from "./ingest/read-document.js";
import { packagePath } from "./package-path.js";
import type { RuleSet } from "./rules/rule-types.js";
import type { DocumentReport } from "./types.js";

export * from "./types.js";
export type { Rule, RuleSet, RuleSpec, RequirementSpec, CaptureSpec, RuleExample } from "./rules/rule-types.js";
export { ClauseCheckError, isClauseCheckError, type ErrorCode } from "./errors.js";
export { readDocument, sourceFromBytes, sourceFromText, DEFAULT_MAX_BYTES, type ReadOptions } from "./ingest/read-document.js";
export { parseAgreement } from "./parse/parse-agreement.js";
export { loadRules, validateRules, type RuleProblem } from "./rules/load-rules.js";
export { checkAgreement, checkRule } from "./check/check-agreement.js";
export { buildReport } from "./report/build-report.js";
export { formatJson } from "./report/format-json.js";
export { formatText, type TextOptions } from "./report/format-text.js";
export { formatSarif, sarifLog, sarifLevel, type SarifOptions, type RuleDetails } from "./report/format-sarif.js";
export { formatJunit } from "./report/format-junit.js";
export { formatMarkdown } from "./report/format-markdown.js";
export { formatHtml, type HtmlOptions } from "./report/format-html.js";
export { formatJsonLine, formatJsonl } from "./report/format-jsonl.js";
export { formatReport, type FormatOptions } from "./report/format-report.js";
export { REPORT_FORMATS, formatForFile, type ReportFormat } from "./report/report-format.js";
export { expandInputs, AGREEMENT_EXTENSIONS, type Input } from "./batch/inputs.js";
export { checkInputs, defaultJobs, type BatchOptions, type BatchItem } from "./batch/run-batch.js";
export type { InputOutcome } from "./batch/check-input.js";
// The queue: bullmq and ioredis load only when one of these is called.
export { enqueue, type EnqueueOptions, type EnqueueSummary } from "./queue/enqueue.js";
export { runWorker, DEFAULT_STALLED_AFTER, type WorkerOptions, type WorkerEvent, type QueueWorker } from "./queue/run-worker.js";
export { collectResults, type CollectOptions, type QueueResults, type ResultItem } from "./queue/collect-results.js";
export { queueStatus, clearQueue, type QueueStatus, type StatusOptions } from "./queue/queue-status.js";
export { rulesFingerprint } from "./queue/fingerprint.js";
export { DEFAULT_QUEUE, DEFAULT_REDIS_URL, type QueueConnection } from "./queue/connection.js";
export type { JobData, StoredOutcome } from "./queue/queue-types.js";
export { LineIndex } from "./position/line-index.js";
export { locatorFor, type Locator } from "./position/locator.js";
export { VERSION } from "./version.js";

/** The folder of rules that ships with clausecheck. */
export const bundledRulesDir: string = packagePath("rules");

/** Folder of the JSON Schemas (agreement, report, rule) that ship with clausecheck. */
export const schemasDir: string = packagePath("schemas");

/** Reads, parses and checks one file. */
export async function checkFile(file: string, rules: RuleSet, options: ReadOptions = {}): Promise<DocumentReport> {
  return checkAgreement(await readDocument(file, options), rules);
}
export { runRuleExamples, type ExampleOutcome } from "./rules/rule-examples.js";
export { explainRule, type Explanation, type ExplainedClause, type ExplainedMatch } from "./check/explain.js";
export { evaluateRule, type RuleEvaluation, type JudgedCondition, type Verdict } from "./check/check-agreement.js";
export { formatExplanation } from "./report/format-explain.js";
export { formatRuleProblems } from "./rules/format-problems.js";
