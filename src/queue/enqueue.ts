import { failedInput } from "../batch/check-input.js";
import type { Input } from "../batch/inputs.js";
import { displayPath } from "../display-path.js";
import { readDocumentBytes } from "../ingest/read-document.js";
import type { RuleSet } from "../rules/rule-types.js";
import type { DocumentError } from "../types.js";
import { DEFAULT_QUEUE, KEY_PREFIX, type QueueConnection, connectRedis, jobIdOf, loadBullmq, queueKeys, redisError } from "./connection.js";
import { rulesFingerprint, sha256 } from "./fingerprint.js";
import { JOB_ATTEMPTS, type JobData, RETRY_DELAY_MS } from "./queue-types.js";

/** How documents are added (the Redis server and queue, and standard input). */
export interface EnqueueOptions extends QueueConnection {
  /** Reads standard input, for an input of kind `stdin`. */
  stdin?: () => Promise<Uint8Array>;
}

/** What adding gave. */
export interface EnqueueSummary {
  queue: string;
  /** The rule set's fingerprint the documents were added under. */
  fingerprint: string;
  /** Documents new to the queue under this rule set. */
  added: number;
  /** Documents it already held under this rule set (the same bytes, whatever their name): no new job. */
  existing: number;
  /** Inputs that could not be read here (no such file, a folder, too large): nothing was queued for them. */
  unreadable: { error: DocumentError; line: string }[];
}

/**
 * Documents are sent to Redis in batches of this many, or of this many bytes: few round trips
 * (each waits on Redis), and a bounded amount of memory however large the archive.
 */
const BATCH_DOCUMENTS = 256;
const BATCH_BYTES = 32 * 1024 * 1024;

/** A document read and ready to queue. */
interface ReadDocument {
  file: string;
  sha: string;
  bytes: Uint8Array;
}

/**
 * Adds one job per document to a queue, keyed by the SHA-256 of its bytes and the rule set's
 * fingerprint: a document added twice under the same rules makes one job, and keeps its place
 * in the order of results (the order it was first added). The bytes travel in the job, so
 * workers need no shared disk. A document whose result is already stored gets no new job.
 */
export async function enqueue(inputs: Input[], ruleSet: RuleSet, options: EnqueueOptions): Promise<EnqueueSummary> {
  const queueName = options.queue ?? DEFAULT_QUEUE;
  const fingerprint = rulesFingerprint(ruleSet);
  const keys = queueKeys(queueName);
  const summary: EnqueueSummary = { queue: queueName, fingerprint, added: 0, existing: 0, unreadable: [] };
  const redis = await connectRedis(options.redis);
  const { Queue } = await loadBullmq();
  const queue = new Queue<JobData>(queueName, {
    connection: redis,
    prefix: KEY_PREFIX,
    defaultJobOptions: { attempts: JOB_ATTEMPTS, backoff: { type: "exponential", delay: RETRY_DELAY_MS }, removeOnComplete: false, removeOnFail: false },
  });
  queue.on("error", () => undefined);
  const send = async (docs: ReadDocument[]) => {
    try {
      // A document with a stored result needs no job (its job may have been removed since).
      const stored = await redis.hmget(keys.results(fingerprint), ...docs.map((d) => d.sha));
      const jobs = docs
        .filter((_, i) => stored[i] === null)
        .map((d) => ({
          name: "check",
          data: { file: d.file, sha256: d.sha, fingerprint, bytes: Buffer.from(d.bytes).toString("base64") },
          // The same id again is no new job: bullmq keeps the one it has.
          opts: { jobId: jobIdOf(d.sha, fingerprint) },
        }));
      if (jobs.length > 0) await queue.addBulk(jobs);
      // Registered after the job exists: a run cut short here is repaired by adding again.
      const first = (await redis.incrby(keys.sequence, docs.length)) - docs.length + 1;
      const pipeline = redis.pipeline();
      docs.forEach((d, i) => pipeline.zadd(keys.documents(fingerprint), "NX", first + i, d.sha));
      for (const [error, added] of (await pipeline.exec()) ?? []) {
        if (error) throw error;
        if (added === 1) summary.added++;
        else summary.existing++;
      }
    } catch (e) {
      throw redisError(options.redis, e);
    }
  };
  try {
    let batch: ReadDocument[] = [];
    let batchBytes = 0;
    for (const input of inputs) {
      if (input.kind === "error") {
        summary.unreadable.push({ error: input.error, line: `${displayPath(input.file)}: ${input.error.message}` });
        continue;
      }
      try {
        const bytes = input.kind === "stdin" ? await (options.stdin ?? (async () => new Uint8Array()))() : await readDocumentBytes(input.file);
        batch.push({ file: input.file, sha: sha256(bytes), bytes });
        batchBytes += bytes.length;
      } catch (e) {
        const failed = failedInput(input.file, e);
        if (!failed.ok) summary.unreadable.push({ error: failed.error, line: failed.line });
      }
      if (batch.length >= BATCH_DOCUMENTS || batchBytes >= BATCH_BYTES) {
        await send(batch);
        batch = [];
        batchBytes = 0;
      }
    }
    if (batch.length > 0) await send(batch);
  } finally {
    await queue.close().catch(() => undefined);
    redis.disconnect();
  }
  return summary;
}
