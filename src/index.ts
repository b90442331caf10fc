/**
 * clausecheck's library API. Nothing here prints or exits: errors are thrown as
 * ClauseCheckError with a stable `code`, and results are plain data.
 *
 * ```ts
 * import { loadRules, readDocument, checkAgreement, bundledRulesDir } from "clausecheck";
 * const rules = loadRules(bundledRulesDir);
 * const report = await checkAgreement(await readDocument("deal.txt"), rules);
 * ```
 *
 * Two drafts compared rule by rule (what `clausecheck diff` prints):
 *
 * ```ts
 * import { checkDraft, compareReports, formatDiff } from "clausecheck";
 * const diff = compareReports((await checkDraft("v1.docx", rules)).report, (await checkDraft("v2.docx", rules)).report);
 * for (const c of diff.changes) if (c.change === "opened") console.log(c.ruleId, c.after.message);
 * process.stdout.write(formatDiff(diff, "markdown"));
 * ```
 *
 * The review desk's server (what `clausecheck serve` runs), inside another program; fastify
 * and its plugins load only when it is created:
 *
 * ```ts
 * import { createServer, defaultJobs } from "clausecheck";
 * const app = await createServer({ ruleSet: rules, jobs: defaultJobs(), queue: 16, queueTimeoutMs: 10_000, timeoutMs: 30_000, maxBytes: 16 << 20, maxDocuments: 10 });
 * await app.listen({ host: "127.0.0.1", port: 8787 });
 * ```
 */
import { checkAgreement } from "./check/check-agreement.js";
import { readDocument, type ReadOptions } from "./ingest/read-document.js";
import { packagePath } from "./package-path.js";
import type { RuleSet } from "./rules/rule-types.js";
import type { DocumentReport } from "./types.js";

export * from "./types.js";
export type { Rule, RuleSet, RuleSpec, RequirementSpec, CaptureSpec, RuleExample, RuleMessage } from "./rules/rule-types.js";
export { ClauseCheckError, isClauseCheckError, type ErrorCode, type ErrorPlace } from "./errors.js";
export { readDocument, sourceFromBytes, sourceFromText, DEFAULT_MAX_BYTES, type ReadOptions } from "./ingest/read-document.js";
export { parseAgreement } from "./parse/parse-agreement.js";
export { loadRules, validateRules, type RuleProblem, type RuleSettings } from "./rules/load-rules.js";
export {
  loadConfig,
  loadConfiguredRules,
  configProblems,
  findConfig,
  sidecarWaivers,
  CONFIG_NAMES,
  type Config,
  type ConfigFile,
  type ConfigOptions,
  type Waiver,
  type WaiverSpec,
} from "./config/load-config.js";
export { applyWaivers, unusedWaivers, waiverMatches } from "./check/waivers.js";
export { checkAgreement, checkRule } from "./check/check-agreement.js";
export { buildReport } from "./report/build-report.js";
export { formatJson } from "./report/format-json.js";
export { formatText, type TextOptions } from "./report/format-text.js";
export { formatSarif, sarifLog, sarifLevel, type SarifOptions, type RuleDetails } from "./report/format-sarif.js";
export { formatJunit } from "./report/format-junit.js";
export { formatMarkdown } from "./report/format-markdown.js";
export { formatHtml, type HtmlOptions } from "./report/format-html.js";
export { documentText, type DocumentText } from "./report/document-text.js";
export { formatJsonLine, formatJsonl } from "./report/format-jsonl.js";
export { formatReport, gapsOnly, type FormatOptions } from "./report/format-report.js";
export { REPORT_FORMATS, formatForFile, type ReportFormat } from "./report/report-format.js";
export { expandInputs, AGREEMENT_EXTENSIONS, type Input } from "./batch/inputs.js";
export { batchJobs, checkInputs, defaultJobs, type BatchOptions, type BatchItem } from "./batch/run-batch.js";
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
export { compareReports, compareResults, gapsOpened, CHANGE_KINDS } from "./compare/compare-reports.js";
export { checkDraft } from "./compare/check-draft.js";
export { wordDiff, type WordRun } from "./compare/word-diff.js";
export { formatDiff, formatDiffJson, formatDiffJsonl, formatDiffJunit, type DiffFormatOptions } from "./report/format-diff.js";
export { formatDiffText } from "./report/format-diff-text.js";
export { formatDiffMarkdown } from "./report/format-diff-markdown.js";
export { formatDiffHtml } from "./report/format-diff-html.js";
export { formatDiffSarif, diffSarifLog } from "./report/format-diff-sarif.js";
export { ruleListing, type RuleListing, type RuleSummary } from "./rules/rule-listing.js";
export { ruleFromText, type RuleFileResult } from "./rules/load-rules.js";
export { createServer, type ServerOptions } from "./serve/server.js";
