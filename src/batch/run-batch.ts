import { existsSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { displayPath } from "../display-path.js";
import { ClauseCheckError } from "../errors.js";
import { visibleName } from "../report/visible-text.js";
import { type ReadOptions, readDocumentBytes } from "../ingest/read-document.js";
import { packagePath } from "../package-path.js";
import type { RuleSet } from "../rules/rule-types.js";
import { type InputOutcome, type InputTask, checkInput, failedInput } from "./check-input.js";
import type { Input } from "./inputs.js";
import type { WorkerData, WorkerTask } from "./worker.js";
import { createRequire } from "node:module";
import type { MessageChannel as Channel } from "node:worker_threads";

/** How a batch is run (every field optional). */
export interface BatchOptions {
  /** Worker threads to use; 1 checks in this thread. Default: `batchJobs(inputs)`. */
  jobs?: number;
  read?: ReadOptions;
  /** Keep each document's text, for the HTML report. */
  keepTexts?: boolean;
  /** Reads standard input, for an input of kind `stdin` (the library never reads it by itself: without this, such an input is empty). */
  stdin?: () => Promise<Uint8Array>;
  /**
   * The most time one input may take, in milliseconds, counted from when a worker starts on
   * it; past it the worker is ended and the input gets a TIMEOUT error. Applies wherever inputs
   * are checked on worker threads. Default: DEFAULT_TIMEOUT_MS.
   */
  timeoutMs?: number;
  /**
   * Check on a worker thread even with one job or one input, so that the deadline holds there
   * too (it costs the worker's start, about a second). Default: false, one job checks in this
   * thread, where nothing can interrupt a document once it has started.
   */
  isolate?: boolean;
  /** Called as each input finishes, in whatever order they finish (for a progress bar). */
  onSettled?: (input: Input) => void;
}

/** One input and what checking it gave. */
export interface BatchItem {
  input: Input;
  outcome: InputOutcome;
}

/** The default per-document deadline: 120 s (the largest accepted agreement, 64 MB, takes about 12 s). */
export const DEFAULT_TIMEOUT_MS = 120_000;

/** The number of cores: the default worker threads of the server and of a queue worker. */
export function defaultJobs(): number {
  return availableParallelism();
}

/** The most worker threads a batch uses by default: one fewer than the cores, at least 1 (see batchJobs). */
export function mostBatchJobs(cores: number = availableParallelism()): number {
  return Math.max(1, cores - 1);
}

/** Inputs smaller than this in all are checked in this thread by default (see batchJobs). */
export const SMALL_BATCH_BYTES = 1024 * 1024;

/**
 * The default number of worker threads for a batch (`check` without `--jobs`):
 *  - one fewer than the cores: the main thread reads the files and assembles the report, and V8
 *    compiles and collects garbage on threads of its own. On the 2-core machine this was measured
 *    on, one thread checked the corpus (302 agreements, 26 MB) in the time two workers took
 *    (4.7 s) with 30% less CPU time, and every smaller batch tried in less time;
 *  - 1 (this thread) when the files come to less than SMALL_BATCH_BYTES in all: starting a
 *    worker thread costs about 0.2 s of CPU, as much as checking a megabyte (two small
 *    agreements: 0.24 s in this thread, 0.40 s on two workers; four making 1.2 MB: 0.71 s
 *    against 0.93 s).
 * Standard input counts as nothing (its size is not known before it is read); a file that
 * cannot be read counts as nothing (it is reported when it is read).
 */
export function batchJobs(inputs: readonly Input[], cores: number = availableParallelism()): number {
  const most = mostBatchJobs(cores);
  if (most === 1) return 1;
  let bytes = 0;
  for (const input of inputs) {
    if (input.kind !== "file") continue;
    try {
      bytes += statSync(input.file, { throwIfNoEntry: false })?.size ?? 0;
    } catch {
      // Reported when it is read.
    }
    if (bytes >= SMALL_BATCH_BYTES) return most;
  }
  return 1;
}

/**
 * Set by the bundle of the command line (scripts/build-bundle.mjs) to the bundled worker, which
 * starts from its code cache as the bundle does; undefined in the modules tsc writes.
 */
declare const CLAUSECHECK_BUNDLED_WORKER: string | undefined;

/**
 * The worker-thread module: the bundled worker when running from the bundle; else next to this
 * one once built; from the built package when running from the TypeScript sources.
 */
export function workerFile(): string {
  if (typeof CLAUSECHECK_BUNDLED_WORKER === "string") {
    const bundled = fileURLToPath(new URL(CLAUSECHECK_BUNDLED_WORKER, import.meta.url));
    if (existsSync(bundled)) return bundled;
  }
  const here = fileURLToPath(new URL("./worker.js", import.meta.url));
  return existsSync(here) ? here : packagePath("dist", "batch", "worker.js");
}

/**
 * Checks every input and yields each with its outcome in the order of the inputs, as soon as
 * it and every input before it are done, whatever order they finish in. With more than one job
 * and more than one input, the documents are checked on a pool of worker threads; each is
 * handed the rule set once, when it starts (a copy: loading it again would cost 50 times as
 * much). An unreadable input never stops the others.
 */
export async function* checkInputs(inputs: Input[], ruleSet: RuleSet, options: BatchOptions = {}): AsyncGenerator<BatchItem> {
  const jobs = inputs.length <= 1 ? 1 : Math.max(1, Math.min(options.jobs ?? batchJobs(inputs), inputs.length));
  const task = async (input: Input): Promise<InputTask | InputOutcome> => {
    const t: InputTask = { file: input.file, read: options.read ?? {}, keepText: options.keepTexts ?? false };
    if (input.kind === "error") return { ok: false, error: input.error, line: visibleName(`${displayPath(input.file)}: ${input.error.message}`) };
    if (input.kind === "stdin") {
      try {
        t.bytes = await (options.stdin ?? (() => Promise.resolve(new Uint8Array())))();
      } catch (e) {
        return failedInput(input.file, e);
      }
    }
    return t;
  };
  const settle = (input: Input) => (outcome: InputOutcome) => {
    options.onSettled?.(input);
    return outcome;
  };

  if (jobs === 1 && !options.isolate) {
    // The next file is read while this one is checked (waiting on the disk between documents was
    // 5% of a corpus run); what is read ahead is one file's bytes at most.
    const readAhead = (input: Input | undefined) => (input?.kind === "file" ? bytesOrError(input.file, options.read ?? {}) : undefined);
    let ahead = readAhead(inputs[0]);
    for (const [i, input] of inputs.entries()) {
      const read = ahead;
      ahead = readAhead(inputs[i + 1]);
      const t = await task(input);
      let outcome: InputOutcome;
      if ("ok" in t) outcome = t;
      else if (!read) outcome = await checkInput(t, ruleSet);
      else {
        const r = await read;
        outcome = "error" in r ? failedInput(input.file, r.error) : await checkInput({ ...t, bytes: r.bytes }, ruleSet);
      }
      yield { input, outcome: settle(input)(outcome) };
    }
    return;
  }

  const { Piscina } = await import("piscina");
  const workerData: WorkerData = { ruleSet };
  const pool = new Piscina({ filename: workerFile(), minThreads: jobs, maxThreads: jobs, workerData, idleTimeout: 1000 });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // At most `jobs` tasks are handed to the pool at once, so that each one's deadline runs from
  // when a worker takes it, not from when it joined the queue.
  const slots = new Slots(jobs);
  const run = async (input: Input, t: InputTask): Promise<InputOutcome> => {
    await slots.take();
    const abort = new AbortController();
    // The clock starts when the worker takes the task, so that a worker's start (about a second
    // on a busy machine, again after one was ended) is not counted against the document.
    const { port1, port2 } = new (workerThreads().MessageChannel as typeof Channel)();
    let timer: NodeJS.Timeout | undefined;
    port1.once("message", () => {
      timer = setTimeout(() => abort.abort(), timeoutMs);
      port1.close();
    });
    try {
      // Aborting a running task ends its worker thread (piscina starts another): a regular
      // expression that backtracks cannot be interrupted any other way.
      const job: WorkerTask = { ...t, started: port2 };
      return await (pool.run(job, { signal: abort.signal, transferList: [port2] }) as Promise<InputOutcome>);
    } catch (e) {
      return abort.signal.aborted ? timedOut(input.file, timeoutMs) : failedInput(input.file, e);
    } finally {
      clearTimeout(timer);
      port1.close();
      slots.give();
    }
  };
  try {
    const pending = inputs.map(async (input) => {
      const t = await task(input);
      const outcome = "ok" in t ? t : await run(input, t);
      return settle(input)(outcome);
    });
    for (const [i, input] of inputs.entries()) yield { input, outcome: await (pending[i] as Promise<InputOutcome>) };
  } finally {
    await pool.destroy();
  }
}

/** A file's bytes as `readSources` reads them, or what reading it threw (never a rejected promise: it may wait unawaited). */
function bytesOrError(file: string, read: ReadOptions): Promise<{ bytes: Uint8Array } | { error: unknown }> {
  return readDocumentBytes(file, read).then(
    (bytes) => ({ bytes }),
    (error: unknown) => ({ error }),
  );
}

/** The TIMEOUT outcome of an input that was not checked within `ms`. */
function timedOut(file: string, ms: number): InputOutcome {
  const seconds = ms / 1000;
  return failedInput(file, new ClauseCheckError("TIMEOUT", `not checked within ${seconds} s; the rest of the run went on (raise the limit with --timeout SECONDS)`, { file }));
}

/** A counting semaphore: `take` waits for one of `n` slots. */
class Slots {
  private readonly waiting: (() => void)[] = [];
  constructor(private free: number) {}
  async take(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/** node:worker_threads, loaded when a pool is made: a run on one document starts no thread and need not load it. */
function workerThreads(): typeof import("node:worker_threads") {
  return createRequire(import.meta.url)("node:worker_threads") as typeof import("node:worker_threads");
}
