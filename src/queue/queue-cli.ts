/**
 * The queue commands of the CLI: `queue add`, `queue status`, `queue results`, `queue clear` and
 * `worker`. src/cli.ts loads this module only when one of them runs, so `check` never loads bullmq.
 * Each returns its exit code; only src/cli.ts exits.
 */
import { expandInputs } from "../batch/inputs.js";
import { createProgress } from "../batch/progress.js";
import { openReportOutputs, reportTargets } from "../batch/report-outputs.js";
import { applyWaivers, unusedWaivers } from "../check/waivers.js";
import { type Config, type Waiver, configWaiversInForce, sidecarWaiversInForce } from "../config/load-config.js";
import { isClauseCheckError } from "../errors.js";
import { EXIT, reportExitCode } from "../exit-codes.js";
import { buildReport } from "../report/build-report.js";
import type { DocumentText } from "../report/document-text.js";
import { formatJsonLine } from "../report/format-jsonl.js";
import { documentGaps } from "../report/format-report.js";
import { MACHINE_FORMATS, type ReportFormat } from "../report/report-format.js";
import type { RuleSet } from "../rules/rule-types.js";
import type { DocumentError, DocumentReport, Severity } from "../types.js";
import { collectResults } from "./collect-results.js";
import { type QueueConnection, redisLabel } from "./connection.js";
import { enqueue } from "./enqueue.js";
import { shortFingerprint } from "./fingerprint.js";
import { type QueueStatus, clearQueue, queueStatus, unfinishedJobs } from "./queue-status.js";
import { runWorker, workerBanner, workerEventLine } from "./run-worker.js";
import { plural } from "../plural.js";

const say = (line: string) => process.stderr.write(`clausecheck: ${line}\n`);

/** `clausecheck queue add FILE…`: one job per document; prints how many were new and how many already there. */
export async function runQueueAdd(args: string[], ruleSet: RuleSet, opts: QueueConnection & { stdinFilename?: string; stdin: () => Promise<Uint8Array> }): Promise<number> {
  const inputs = await expandInputs(args, opts.stdinFilename ? { stdinName: opts.stdinFilename } : {});
  const summary = await enqueue(inputs, ruleSet, { redis: opts.redis, ...(opts.queue ? { queue: opts.queue } : {}), stdin: opts.stdin });
  for (const u of summary.unreadable) say(u.line);
  process.stdout.write(
    `queue ${summary.queue}: ${plural(summary.added, "document")} added, ${summary.existing} already there (rule set ${shortFingerprint(summary.fingerprint)})${summary.unreadable.length ? `, ${summary.unreadable.length} unreadable` : ""}\n`,
  );
  return summary.unreadable.length > 0 ? EXIT.bad : EXIT.clean;
}

/** Options of `clausecheck worker`. */
export interface WorkerCommandOptions extends QueueConnection {
  concurrency?: number;
  stalledAfter?: number;
  name?: string;
}

/**
 * `clausecheck worker`: checks jobs until stopped. SIGTERM or SIGINT stops it after the documents
 * in hand are done; a second signal puts them back in the queue and stops at once.
 */
export async function runWorkerCommand(ruleSet: RuleSet, opts: WorkerCommandOptions): Promise<number> {
  const worker = await runWorker(ruleSet, {
    redis: opts.redis,
    ...(opts.queue ? { queue: opts.queue } : {}),
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    ...(opts.stalledAfter ? { stalledAfter: opts.stalledAfter } : {}),
    ...(opts.name ? { name: opts.name } : {}),
    onEvent: (event) => say(workerEventLine(event)),
  });
  say(workerBanner(worker, opts.redis));
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals === 1) {
      say(`${signal}: stopping once the documents in hand are checked (send it again to put them back in the queue and stop now)`);
      void worker.close();
    } else {
      say(`${signal}: putting the documents in hand back in the queue and stopping now`);
      void worker.close({ force: true });
    }
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  try {
    await worker.closed;
    return EXIT.clean;
  } catch (e) {
    if (isClauseCheckError(e)) {
      say(e.toLine());
      return EXIT.bad;
    }
    throw e;
  } finally {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
  }
}

/** How often `--wait` asks Redis how far the queue is. */
const POLL_MS = 500;

/** Polls the queue until no job is waiting or being checked; draws a progress bar on standard error when it is a terminal. */
async function waitForQueue(conn: QueueConnection, progress: boolean): Promise<QueueStatus> {
  let status = await queueStatus(conn);
  let total = status.completed + status.failed + unfinishedJobs(status);
  let done = status.completed + status.failed;
  let bar = createProgress(total, process.stderr, { enabled: progress });
  for (let i = 0; i < done; i++) bar.tick();
  while (unfinishedJobs(status) > 0) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    status = await queueStatus(conn);
    const nowTotal = status.completed + status.failed + unfinishedJobs(status);
    const nowDone = status.completed + status.failed;
    if (nowTotal !== total) {
      // Documents were added meanwhile: a new bar for the new total.
      bar.done();
      total = nowTotal;
      bar = createProgress(total, process.stderr, { enabled: progress });
      done = 0;
    }
    for (; done < nowDone; done++) bar.tick();
  }
  bar.done();
  return status;
}

/** `clausecheck queue status`: how many jobs wait, are being checked, are done and failed; `--wait` follows it to the end. */
export async function runQueueStatus(opts: QueueConnection & { wait?: boolean; progress?: boolean; format: "text" | "json" }): Promise<number> {
  const status = opts.wait ? await waitForQueue(opts, opts.progress !== false && opts.format === "text") : await queueStatus(opts);
  if (opts.format === "json") {
    process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    return EXIT.clean;
  }
  const row = (label: string, n: number, extra = "") => `  ${label.padEnd(10)} ${String(n).padStart(7)}${extra}\n`;
  let out = `queue ${status.queue} at ${redisLabel(opts.redis)}\n`;
  out += row("waiting", status.waiting + status.delayed, status.delayed ? `  (${status.delayed} to be tried again)` : "");
  out += row("active", status.active);
  out += row("completed", status.completed);
  out += row("failed", status.failed);
  for (const s of status.ruleSets) out += `  rule set ${shortFingerprint(s.fingerprint)}: ${plural(s.documents, "document")}, ${plural(s.results, "result")}\n`;
  if (status.failures.length > 0) {
    out += "failed:\n";
    for (const f of status.failures) out += `  ${f.line}\n`;
    if (status.failed > status.failures.length) out += `  … and ${status.failed - status.failures.length} more\n`;
  }
  process.stdout.write(out);
  return EXIT.clean;
}

/** Options of `clausecheck queue results`. */
export interface ResultsCommandOptions extends QueueConnection {
  /** --format; undefined: from the --output file's extension, else text. */
  format?: ReportFormat;
  /** --output, as often as given. */
  output?: string[];
  failOn: Severity | "never";
  color?: boolean;
  wait?: boolean;
  progress?: boolean;
  /** False for --no-config: sidecar waivers are set aside too. */
  config?: string | false;
  /** False for --no-waivers: no waiver applies. */
  waivers?: boolean;
  /** --gaps-only: as for check. */
  gapsOnly?: boolean;
  /** --quiet: no "wrote" line for --output. */
  quiet?: boolean;
}

/**
 * `clausecheck queue results`: the report `check` gives, in any of its formats, from the stored
 * results, documents in the order they were first added. Waivers (the config's and the sidecar
 * files') are applied here, as `check` applies them. Documents not checked yet are named on
 * standard error and make the exit code 2, as unreadable ones do.
 */
export async function runQueueResults(ruleSet: RuleSet, config: Config | undefined, opts: ResultsCommandOptions): Promise<number> {
  const conn: QueueConnection = { redis: opts.redis, ...(opts.queue ? { queue: opts.queue } : {}) };
  const targets = reportTargets(opts.output, opts.format);
  const formats = targets.map((t) => t.format);
  if (opts.wait) await waitForQueue(conn, opts.progress !== false && !formats.some((f) => MACHINE_FORMATS.includes(f)));
  const results = await collectResults(ruleSet, { ...conn, texts: formats.includes("html") });
  const configWaivers = configWaiversInForce(config, opts);
  const waivers = [...configWaivers];
  const used = new Set<Waiver>();
  const documents: DocumentReport[] = [];
  const texts: (DocumentText | undefined)[] = [];
  const errors: DocumentError[] = [];
  let pending = 0;
  const outputs = await openReportOutputs(targets, []);
  try {
    for (const item of results.items) {
      if (item.kind === "pending") {
        pending++;
        continue;
      }
      if (item.kind === "error") {
        errors.push(item.error);
        say(item.line);
        await outputs.line(formatJsonLine(item.error));
        continue;
      }
      const own = sidecarWaiversInForce(item.file, config, opts);
      waivers.push(...own);
      for (const [k, doc] of item.documents.entries()) {
        for (const w of applyWaivers(doc, [...own, ...configWaivers])) used.add(w);
        documents.push(doc);
        texts.push(item.texts?.[k]);
        await outputs.line(formatJsonLine(opts.gapsOnly ? documentGaps(doc) : doc));
      }
    }
    const report = buildReport(ruleSet, documents, errors, unusedWaivers(waivers, used, documents.map((d) => d.file)));
    const color = opts.color === false ? { color: false } : {};
    await outputs.finish(report, { ...color, rules: ruleSet.rules, texts, gapsOnly: opts.gapsOnly ?? false }, opts.quiet);
  } catch (e) {
    await outputs.abort();
    throw e;
  }
  if (pending > 0) {
    say(`queue ${results.queue}: ${plural(pending, "document")} not checked yet (waiting or being checked) and left out of this report; wait for them with --wait`);
    return EXIT.bad;
  }
  return reportExitCode(documents, errors.length, opts.failOn);
}

/** `clausecheck queue clear`: removes the queue's jobs and results from Redis. */
export async function runQueueClear(opts: QueueConnection): Promise<number> {
  await clearQueue(opts);
  process.stdout.write(`queue ${opts.queue ?? "clausecheck"}: cleared\n`);
  return EXIT.clean;
}
