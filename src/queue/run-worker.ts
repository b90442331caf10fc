import { hostname } from "node:os";
import type { Job } from "bullmq";
import { match } from "ts-pattern";
import { type InputOutcome, type InputTask, failedInput } from "../batch/check-input.js";
import { defaultJobs, workerFile } from "../batch/run-batch.js";
import type { WorkerData } from "../batch/worker.js";
import { ClauseCheckError } from "../errors.js";
import type { RuleSet } from "../rules/rule-types.js";
import { DEFAULT_QUEUE, KEY_PREFIX, type QueueConnection, connectRedis, loadBullmq, queueKeys, redisLabel } from "./connection.js";
import { rulesFingerprint, shortFingerprint } from "./fingerprint.js";
import { type JobData, MAX_STALLED, type StoredOutcome } from "./queue-types.js";

/** How a worker runs (every field but the connection optional). */
export interface WorkerOptions extends QueueConnection {
  /** Documents checked at once, each on its own thread. Default: the number of cores. */
  concurrency?: number;
  /**
   * Seconds after which a job whose worker stopped answering (killed, frozen, cut off) is handed
   * to another worker. Default 30.
   */
  stalledAfter?: number;
  /** The name jobs record as their worker's. Default `host:pid`. */
  name?: string;
  /** Told of what an operator may want to see: failed documents, abandoned jobs, Redis lost and back. */
  onEvent?: (event: WorkerEvent) => void;
}

/** Something that happened in a worker. */
export type WorkerEvent =
  /** A document could not be checked; `final` when it will not be tried again. */
  | { kind: "failed"; file: string; line: string; final: boolean }
  /** A job abandoned by its worker was found and queued again. */
  | { kind: "stalled"; jobId: string }
  | { kind: "connection-lost"; message: string }
  | { kind: "reconnected" }
  | { kind: "error"; message: string };

/** A running worker. */
export interface QueueWorker {
  name: string;
  queue: string;
  /** The fingerprint of the worker's rule set: it takes only jobs added under the same. */
  fingerprint: string;
  concurrency: number;
  /**
   * Stops taking jobs and finishes the ones in hand; with `force`, returns them to the queue
   * instead, for another worker to take at once.
   */
  close(options?: { force?: boolean }): Promise<void>;
  /** Settles once the worker has stopped; rejects with a FINGERPRINT error when it refused a job added under other rules. */
  closed: Promise<void>;
}

/** The default for `stalledAfter`, in seconds. */
export const DEFAULT_STALLED_AFTER = 30;

/**
 * Starts a worker: it takes jobs from the queue, checks each document on a thread with the rule
 * set it was given, and stores the result under the document's key (once: a second result for
 * the same key is dropped). A job added under another rule set is put back in the queue and the
 * worker stops, with an error saying so: it would check it against the wrong rules. A worker
 * killed in the middle of a job loses nothing: once `stalledAfter` seconds pass without word
 * from it, another worker takes the job again.
 */
export async function runWorker(ruleSet: RuleSet, options: WorkerOptions): Promise<QueueWorker> {
  const queueName = options.queue ?? DEFAULT_QUEUE;
  const concurrency = Math.max(1, options.concurrency ?? defaultJobs());
  const stalledMs = Math.max(100, Math.round((options.stalledAfter ?? DEFAULT_STALLED_AFTER) * 1000));
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const fingerprint = rulesFingerprint(ruleSet);
  const keys = queueKeys(queueName);
  const emit = options.onEvent ?? (() => undefined);

  const redis = await connectRedis(options.redis);
  const { Worker, WaitingError, UnrecoverableError } = await loadBullmq();
  const { Piscina } = await import("piscina");
  const workerData: WorkerData = { ruleSet };
  const pool = new Piscina({ filename: workerFile(), minThreads: concurrency, maxThreads: concurrency, workerData });

  /** Jobs being checked, with the lock token that lets this worker put them back. */
  const inHand = new Map<string, { job: Job<JobData>; token: string | undefined }>();
  let refusal: ClauseCheckError | undefined;
  let stopping: Promise<void> | undefined;
  /** Set by close({ force: true }): the jobs in hand were put back, their checks are abandoned. */
  let forced = false;
  let close: QueueWorker["close"] = async () => undefined;

  const store = (sha: string, outcome: StoredOutcome) => redis.hsetnx(keys.results(fingerprint), sha, JSON.stringify(outcome));

  const processor = async (job: Job<JobData>, token?: string): Promise<null> => {
    const data = job.data;
    if (data.fingerprint !== fingerprint) {
      await job.moveToWait(token);
      refusal ??= new ClauseCheckError(
        "FINGERPRINT",
        `was added to queue ${queueName} under rule set ${shortFingerprint(data.fingerprint)}, but this worker's rules and config make rule set ${shortFingerprint(fingerprint)}: start the worker with the same --rules and --config as queue add (the job is left in the queue)`,
        { file: data.file },
      );
      void close();
      throw new WaitingError();
    }
    // A worker that died after storing the result but before finishing the job: nothing to redo.
    const stored = await redis.hget(keys.results(fingerprint), data.sha256);
    if (stored !== null) {
      const outcome = JSON.parse(stored) as StoredOutcome;
      if (outcome.ok) return null;
      throw new UnrecoverableError(outcome.line);
    }
    inHand.set(job.id as string, { job, token });
    try {
      const task: InputTask = { file: data.file, bytes: Buffer.from(data.bytes, "base64"), read: {}, keepText: false };
      const outcome = await (pool.run(task) as Promise<InputOutcome>).catch((e: unknown) => failedInput(data.file, e));
      if (forced) throw new WaitingError();
      if (outcome.ok) {
        await store(data.sha256, { ok: true, documents: outcome.documents });
        return null;
      }
      // A document that cannot be read says so every time; a bug or a crashed thread may not.
      const final = outcome.error.code !== "INTERNAL" || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      emit({ kind: "failed", file: data.file, line: outcome.line, final });
      if (!final) throw new Error(outcome.line);
      await store(data.sha256, { ok: false, error: outcome.error, line: outcome.line });
      throw new UnrecoverableError(outcome.line);
    } finally {
      inHand.delete(job.id as string);
    }
  };

  const worker = new Worker<JobData, null>(queueName, processor, {
    connection: redis,
    prefix: KEY_PREFIX,
    name,
    concurrency,
    lockDuration: stalledMs,
    stalledInterval: stalledMs,
    maxStalledCount: MAX_STALLED,
    // Started below, once everything it uses is in place.
    autorun: false,
  });

  // Redis going away and coming back is said once each way, not on every retry.
  let lost = false;
  redis.on("error", (e: NodeJS.ErrnoException) => {
    if (lost || stopping) return;
    lost = true;
    emit({ kind: "connection-lost", message: `lost the connection to Redis at ${redisLabel(options.redis)} (${e.code ?? e.message}); retrying` });
  });
  redis.on("ready", () => {
    if (!lost) return;
    lost = false;
    emit({ kind: "reconnected" });
  });
  worker.on("error", (e: Error) => {
    if (!lost && !stopping) emit({ kind: "error", message: e.message });
  });
  worker.on("stalled", (jobId: string) => emit({ kind: "stalled", jobId }));

  let settle: { resolve: () => void; reject: (e: unknown) => void } = { resolve: () => undefined, reject: () => undefined };
  const closed = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // A caller that only awaits close() must not meet an unhandled rejection from `closed`.
  closed.catch(() => undefined);
  const stop = (): Promise<void> =>
    (stopping ??= worker
      .close()
      .catch(() => undefined)
      .then(async () => {
        await pool.destroy().catch(() => undefined);
        redis.disconnect();
        if (refusal) settle.reject(refusal);
        else settle.resolve();
      }));
  close = async (closeOptions = {}) => {
    if (closeOptions.force && !forced) {
      forced = true;
      // Put the jobs in hand back first, so that no one waits for their locks to expire.
      await Promise.all([...inHand.values()].map(({ job, token }) => job.moveToWait(token).catch(() => undefined)));
      await pool.destroy().catch(() => undefined);
    }
    await stop();
  };
  await worker.waitUntilReady();
  worker.run().catch((e: unknown) => emit({ kind: "error", message: e instanceof Error ? e.message : String(e) }));
  return { name, queue: queueName, fingerprint, concurrency, close, closed };
}

/** The one line a worker prints when it starts. */
export function workerBanner(w: QueueWorker, url: string): string {
  return `worker ${w.name} checking queue ${w.queue} at ${redisLabel(url)} under rule set ${shortFingerprint(w.fingerprint)}, ${w.concurrency} at once`;
}

/** The one line a worker prints for an event. */
export function workerEventLine(event: WorkerEvent): string {
  return match(event)
    .with({ kind: "failed" }, (e) => (e.final ? e.line : `${e.line} (will be tried again)`))
    .with({ kind: "stalled" }, (e) => `job ${e.jobId.slice(0, 12)}… was abandoned by its worker and is queued again`)
    .with({ kind: "connection-lost" }, (e) => e.message)
    .with({ kind: "reconnected" }, () => "connected to Redis again")
    .with({ kind: "error" }, (e) => `worker: ${e.message}`)
    .exhaustive();
}
