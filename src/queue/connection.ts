/**
 * Where a queue lives: a Redis server (by URL) and a queue name. bullmq and ioredis are loaded
 * here, by dynamic import, only when a queue command runs: `clausecheck check` never pays for them.
 */
import type { Redis } from "ioredis";
import { ClauseCheckError } from "../errors.js";

/** The queue name when none is given. */
export const DEFAULT_QUEUE = "clausecheck";

/** The Redis server when none is given: this machine's, on the default port. */
export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

/** Where a queue lives. */
export interface QueueConnection {
  /** A Redis URL: `redis://[[user]:password@]host[:port][/db]`, or `rediss://` for TLS. */
  redis: string;
  /** The queue's name (default `clausecheck`); one Redis server may hold several. */
  queue?: string;
}

/** bullmq's key prefix: a queue's keys are `clausecheck:<queue>:…`. */
export const KEY_PREFIX = "clausecheck";

/** The Redis keys of one queue, beside bullmq's own. */
export function queueKeys(queue: string) {
  const base = `${KEY_PREFIX}:${queue}`;
  return {
    /** Sorted set: the SHA-256 of each document added under a rule set, scored in the order they were first added. */
    documents: (fingerprint: string) => `${base}:documents:${fingerprint}`,
    /** Pattern matching every rule set's `documents` key. */
    documentsPattern: `${base}:documents:*`,
    /** Hash: document SHA-256 → its stored outcome (JSON), written once. */
    results: (fingerprint: string) => `${base}:results:${fingerprint}`,
    /** Counter giving each added document its place in the order of results. */
    sequence: `${base}:sequence`,
  };
}

/** The job id of a document under a rule set: its SHA-256 and the rule set's fingerprint (bullmq ids may not hold ':'). */
export function jobIdOf(sha: string, fingerprint: string): string {
  return `${sha}-${fingerprint}`;
}

/** The URL as messages show it: any password replaced by `***`. */
export function redisLabel(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString().replace(/\/$/, "");
  } catch {
    return url;
  }
}

/** Refuses anything but a redis:// or rediss:// URL, with a usage error. */
export function checkRedisUrl(url: string): void {
  let u: URL | undefined;
  try {
    u = new URL(url);
  } catch {
    u = undefined;
  }
  if (!u || (u.protocol !== "redis:" && u.protocol !== "rediss:") || !u.hostname) {
    throw new ClauseCheckError("USAGE", `--redis ${redisLabel(url)}: expected a Redis URL such as ${DEFAULT_REDIS_URL}`);
  }
}

/** Loads bullmq (and through it ioredis) on first use. */
export async function loadBullmq(): Promise<typeof import("bullmq")> {
  return import("bullmq");
}

/** How long a command waits for Redis to answer at start-up before giving up… */
const CONNECT_TIMEOUT_MS = 5000;
/** …or how many failed attempts (0.25 s, then 0.5 s apart). */
const CONNECT_ATTEMPTS = 3;

/**
 * A connection to Redis, ready to use, or a ClauseCheckError (REDIS) naming the server when it
 * refuses three attempts in a row or does not answer within five seconds. Once connected, it
 * reconnects by itself for as long as it takes (a Redis restart), and commands wait for it.
 */
export async function connectRedis(url: string): Promise<Redis> {
  checkRedisUrl(url);
  const { Redis } = await import("ioredis");
  const redis = new Redis(url, {
    lazyConnect: true,
    // bullmq's workers need commands that wait for a reconnection rather than fail.
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(250 * times, 2000),
  });
  let lastError: Error | undefined;
  let failures = 0;
  let giveUp: (() => void) | undefined;
  // Kept for the connection's life: ioredis prints an unhandled error event to the console.
  redis.on("error", (e: Error) => {
    lastError = e;
    // A server that refuses a few times in a row (about a second) is not coming.
    if (++failures >= CONNECT_ATTEMPTS) giveUp?.();
  });
  redis.connect().catch(() => undefined);
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), CONNECT_TIMEOUT_MS);
    giveUp = () => {
      clearTimeout(timer);
      resolve(false);
    };
    redis.once("ready", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  giveUp = undefined;
  if (!ready) {
    redis.disconnect();
    const why = (lastError as NodeJS.ErrnoException | undefined)?.code ?? lastError?.message ?? "no answer";
    throw new ClauseCheckError("REDIS", `cannot connect to Redis (${why})`, { file: redisLabel(url) });
  }
  return redis;
}

/** A Redis error as one line naming the server. */
export function redisError(url: string, e: unknown): ClauseCheckError {
  const message = e instanceof Error ? e.message : String(e);
  return new ClauseCheckError("REDIS", `Redis error: ${message}`, { file: redisLabel(url) });
}
