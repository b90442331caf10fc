import type { Job } from "bullmq";
import { ClauseCheckError } from "../errors.js";
import { documentSets, failureOf } from "./collect-results.js";
import { DEFAULT_QUEUE, KEY_PREFIX, type QueueConnection, connectRedis, loadBullmq, queueKeys, redisError } from "./connection.js";
import type { JobData } from "./queue-types.js";

/** How many jobs a queue holds in each state, and which failed. */
export interface QueueStatus {
  queue: string;
  /** Jobs not started yet (`delayed`: failed once, waiting to be tried again). */
  waiting: number;
  delayed: number;
  /** Being checked by a worker now. */
  active: number;
  completed: number;
  /** Will not be tried again: reported by `queue results` as errors. */
  failed: number;
  /** The failed documents (at most `failureLimit`), each with the line `check` prints for it. */
  failures: { file: string; line: string }[];
  /** Each rule set documents were added under: how many, and how many have a stored result. */
  ruleSets: { fingerprint: string; documents: number; results: number }[];
}

/** Options of queueStatus. */
export interface StatusOptions extends QueueConnection {
  /** Failed documents listed at most (default 100). */
  failureLimit?: number;
}

/** What a queue holds, by state. */
export async function queueStatus(options: StatusOptions): Promise<QueueStatus> {
  return withQueue(options, async (queue, redis, name) => {
    const counts = await queue.getJobCounts("waiting", "prioritized", "delayed", "active", "completed", "failed");
    const failed = (await queue.getFailed(0, (options.failureLimit ?? 100) - 1)) as Job<JobData>[];
    return {
      queue: name,
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      delayed: counts.delayed ?? 0,
      active: counts.active ?? 0,
      completed: counts.completed ?? 0,
      failed: counts.failed ?? 0,
      failures: failed.map((job) => failureOf(job)).map(({ file, line }) => ({ file, line })),
      ruleSets: await documentSets(redis, queueKeys(name)),
    };
  });
}

/** Jobs still to be finished: waiting, waiting to be tried again, or being checked. */
export function unfinishedJobs(status: QueueStatus): number {
  return status.waiting + status.delayed + status.active;
}

/**
 * Removes a queue from Redis: its jobs (with the documents' bytes) and every stored result.
 * Refused while a worker is checking one of its documents.
 */
export async function clearQueue(options: QueueConnection): Promise<void> {
  await withQueue(options, async (queue, redis, name) => {
    try {
      await queue.obliterate();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (/active/i.test(message)) throw new ClauseCheckError("USAGE", `queue ${name} has documents being checked; stop its workers (or wait) before clearing it`);
      throw e;
    }
    const keys = queueKeys(name);
    const sets = await documentSets(redis, keys);
    const doomed = [keys.sequence, ...sets.flatMap((s) => [keys.documents(s.fingerprint), keys.results(s.fingerprint)])];
    await redis.del(...doomed);
  });
}

type AnyQueue = InstanceType<Awaited<ReturnType<typeof loadBullmq>>["Queue"]>;

async function withQueue<T>(options: QueueConnection, use: (queue: AnyQueue, redis: import("ioredis").Redis, name: string) => Promise<T>): Promise<T> {
  const name = options.queue ?? DEFAULT_QUEUE;
  const redis = await connectRedis(options.redis);
  const { Queue } = await loadBullmq();
  const queue = new Queue<JobData>(name, { connection: redis, prefix: KEY_PREFIX });
  queue.on("error", () => undefined);
  try {
    return await use(queue as unknown as AnyQueue, redis, name);
  } catch (e) {
    throw e instanceof ClauseCheckError ? e : redisError(options.redis, e);
  } finally {
    await queue.close().catch(() => undefined);
    redis.disconnect();
  }
}
