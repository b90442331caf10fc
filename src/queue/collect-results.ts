import type { Job } from "bullmq";
import { type DocumentText, documentText } from "../report/document-text.js";
import { displayPath } from "../display-path.js";
import { ClauseCheckError } from "../errors.js";
import { sourcesFromBytes } from "../ingest/read-document.js";
import type { RuleSet } from "../rules/rule-types.js";
import type { DocumentError, DocumentReport } from "../types.js";
import { DEFAULT_QUEUE, KEY_PREFIX, type QueueConnection, connectRedis, jobIdOf, loadBullmq, queueKeys, redisError } from "./connection.js";
import { rulesFingerprint, shortFingerprint } from "./fingerprint.js";
import { type JobData, MAX_STALLED, type StoredOutcome } from "./queue-types.js";
import { plural } from "../plural.js";

/** One document added under the rule set, and what is known of it. */
export type ResultItem =
  /** Checked: one report per agreement in the file (a full EDGAR submission may hold several). */
  | { kind: "documents"; file: string; documents: DocumentReport[]; /** Source.text of each, when asked for. */ texts?: (DocumentText | undefined)[] }
  /** Could not be checked, and will not be tried again. */
  | { kind: "error"; file: string; error: DocumentError; /** The one line `check` prints for it. */ line: string }
  /** Not checked yet: waiting, being checked, or waiting to be tried again. */
  | { kind: "pending"; file: string; state: string };

/** Everything a queue holds for one rule set, in the order its documents were first added. */
export interface QueueResults {
  queue: string;
  fingerprint: string;
  items: ResultItem[];
}

/** How results are collected. */
export interface CollectOptions extends QueueConnection {
  /** Also read each document's text (from the bytes in its job), for the HTML report. */
  texts?: boolean;
}

/** Hash fields read at a time. */
const CHUNK = 500;

/**
 * Reads what the queue holds for the documents added under `ruleSet` (the same rules and config
 * as `queue add`), in the order they were first added: each document's reports, its error, or
 * that it is not checked yet. Throws FINGERPRINT when the queue holds documents only under other
 * rule sets.
 */
export async function collectResults(ruleSet: RuleSet, options: CollectOptions): Promise<QueueResults> {
  const queueName = options.queue ?? DEFAULT_QUEUE;
  const fingerprint = rulesFingerprint(ruleSet);
  const keys = queueKeys(queueName);
  const redis = await connectRedis(options.redis);
  // The jobs are read only for documents without a stored result, or for their bytes (HTML).
  let queue: JobSource | undefined;
  const jobOf = async (sha: string) => {
    queue ??= await openJobSource(queueName, redis);
    return queue.getJob(jobIdOf(sha, fingerprint));
  };
  try {
    const shas = await redis.zrange(keys.documents(fingerprint), 0, "-1");
    if (shas.length === 0) throw await nothingUnder(redis, keys, queueName, fingerprint);
    const items: ResultItem[] = [];
    for (let start = 0; start < shas.length; start += CHUNK) {
      const chunk = shas.slice(start, start + CHUNK);
      const stored = await redis.hmget(keys.results(fingerprint), ...chunk);
      for (const [i, sha] of chunk.entries()) {
        const json = stored[i];
        const job = json === null || options.texts ? await jobOf(sha) : undefined;
        if (json !== null && json !== undefined) {
          const outcome = JSON.parse(json) as StoredOutcome;
          if (!outcome.ok) {
            items.push({ kind: "error", file: outcome.error.file, error: outcome.error, line: outcome.line });
            continue;
          }
          const item: ResultItem = { kind: "documents", file: outcome.documents[0]?.file ?? job?.data.file ?? sha, documents: outcome.documents };
          if (options.texts) item.texts = await textsOf(job, outcome.documents.length);
          items.push(item);
          continue;
        }
        items.push(job ? await unfinished(job) : lost(sha));
      }
    }
    return { queue: queueName, fingerprint, items };
  } catch (e) {
    throw e instanceof ClauseCheckError ? e : redisError(options.redis, e);
  } finally {
    await queue?.close().catch(() => undefined);
    redis.disconnect();
  }
}

/** What results need of a bullmq Queue: its jobs, by id. */
interface JobSource {
  getJob(id: string): Promise<Job<JobData> | undefined>;
  close(): Promise<void>;
}

async function openJobSource(queueName: string, redis: import("ioredis").Redis): Promise<JobSource> {
  const { Queue } = await loadBullmq();
  const queue = new Queue<JobData>(queueName, { connection: redis, prefix: KEY_PREFIX });
  queue.on("error", () => undefined);
  return queue as unknown as JobSource;
}

/** A job without a stored result: still to do, or failed in a way the worker could not record (it stalled too often). */
async function unfinished(job: Job<JobData>): Promise<ResultItem> {
  const state = await job.getState();
  if (state !== "failed") return { kind: "pending", file: job.data.file, state };
  return { kind: "error", ...failureOf(job) };
}

/** What a failed job says: the worker's one line, or for a job abandoned too often, why. */
export function failureOf(job: Job<JobData>): { file: string; error: DocumentError; line: string } {
  const file = job.data.file;
  const reason = job.failedReason ?? "failed";
  if (/stalled more than allowable limit/.test(reason)) {
    const message = `its worker stopped while checking it ${MAX_STALLED + 1} times (killed, or out of memory?); it is not tried again`;
    return { file, error: { file, code: "STALLED", message }, line: `${displayPath(file)}: ${message}` };
  }
  // The worker fails a job with the line `check` prints: `file: message`.
  const prefix = `${displayPath(file)}: `;
  const message = reason.startsWith(prefix) ? reason.slice(prefix.length) : reason;
  return { file, error: { file, code: "INTERNAL", message }, line: reason.startsWith(prefix) ? reason : `${prefix}${reason}` };
}

function lost(sha: string): ResultItem {
  const message = "its job is no longer in the queue and no result was stored; add the document again";
  return { kind: "error", file: sha, error: { file: sha, code: "LOST", message }, line: `${sha}: ${message}` };
}

/** The texts of a checked document, read again from the bytes in its job (only the HTML report needs them). */
async function textsOf(job: Job<JobData> | undefined, count: number): Promise<(DocumentText | undefined)[]> {
  if (!job) return Array.from({ length: count }, () => undefined);
  try {
    const sources = await sourcesFromBytes(Buffer.from(job.data.bytes, "base64"), job.data.file);
    return sources.map(documentText);
  } catch {
    return Array.from({ length: count }, () => undefined);
  }
}

/** The error for a queue with no document under this rule set: which rule sets it does hold, if any. */
async function nothingUnder(redis: import("ioredis").Redis, keys: ReturnType<typeof queueKeys>, queueName: string, fingerprint: string): Promise<ClauseCheckError> {
  const others = await documentSets(redis, keys);
  if (others.length === 0) return new ClauseCheckError("USAGE", `queue ${queueName} holds no documents; add them with clausecheck queue add`);
  const list = others.map((o) => `${shortFingerprint(o.fingerprint)} (${plural(o.documents, "document")})`).join(", ");
  return new ClauseCheckError(
    "FINGERPRINT",
    `queue ${queueName} holds no documents under these rules and config (rule set ${shortFingerprint(fingerprint)}); it holds rule set ${list}: use the same --rules and --config as queue add`,
  );
}

/** Every rule set a queue holds documents under, with how many documents and results each has. */
export async function documentSets(redis: import("ioredis").Redis, keys: ReturnType<typeof queueKeys>): Promise<{ fingerprint: string; documents: number; results: number }[]> {
  const found: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", keys.documentsPattern, "COUNT", 100);
    cursor = next;
    found.push(...batch);
  } while (cursor !== "0");
  const sets = [];
  for (const key of [...new Set(found)].sort()) {
    const fingerprint = key.slice(key.lastIndexOf(":") + 1);
    sets.push({ fingerprint, documents: await redis.zcard(key), results: await redis.hlen(keys.results(fingerprint)) });
  }
  return sets;
}
