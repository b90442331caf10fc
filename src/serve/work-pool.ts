import type { Piscina } from "piscina";
import { HttpProblem } from "./problem.js";

/** How a pool of worker threads takes work: how many run at once, how many may wait. */
export interface PoolLimits {
  /** Tasks running at once: the pool's threads. */
  threads: number;
  /** Tasks that may wait for a thread; one more is refused (429). */
  queue: number;
  /** Milliseconds a task may wait for a thread (then 503). */
  queueTimeoutMs: number;
}

type PiscinaPool = InstanceType<typeof Piscina>;

/**
 * A pool of worker threads behind an admission queue of its own, so that the server knows
 * whether a task was waiting or running when time ran out: a task waits (in arrival order)
 * until a thread is free; a full queue is refused at once (429, QUEUE_FULL); a task that waits
 * longer than `queueTimeoutMs`, or until its request's time is up, gets 503 (BUSY, with
 * Retry-After); a request whose time runs out while its task runs gets 504 (TIMEOUT), and the
 * task is stopped by ending its thread (piscina starts another). Waiting has a limit of its own
 * because requests queue in arrival order with deadlines of the same length: the task ahead
 * always runs out of time first, so without it a waiting task would never be the one to.
 */
export class WorkPool {
  private running = 0;
  private readonly waiting: { start: () => void; fail: (e: unknown) => void }[] = [];
  private pool: PiscinaPool;
  private tasksOnThisPool = 0;

  /**
   * `makePool` builds the piscina pool (again, after `recycleAfter` tasks when given: a pool
   * whose threads keep caches a client can grow, such as the playground's, is replaced).
   */
  constructor(
    private readonly makePool: () => PiscinaPool,
    readonly limits: PoolLimits,
    private readonly recycleAfter?: number,
  ) {
    this.pool = makePool();
  }

  /** Refuses at once work that cannot even wait: `count` more tasks than the queue has room for. */
  admit(count: number): void {
    const free = this.limits.threads - this.running + this.limits.queue - this.waiting.length;
    if (count > free) {
      throw new HttpProblem(429, "QUEUE_FULL", `the server is busy: ${this.running} documents are being checked and ${this.waiting.length} are waiting (at most ${this.limits.queue}); try again shortly`, {}, 1);
    }
  }

  /**
   * Runs one task on a thread when one is free, within the request's time (`signal` aborts when
   * it runs out). `gone` (the client hung up) takes a waiting task out of the queue, but lets a
   * running one finish: ending a thread to stop a small check costs more than the check.
   */
  async run<T>(task: unknown, signal: AbortSignal, options: { name?: string; gone?: AbortSignal } = {}): Promise<T> {
    const { name, gone } = options;
    await this.slot(gone ? AbortSignal.any([signal, gone]) : signal);
    const pool = this.pool;
    try {
      return (await pool.run(task, { signal, ...(name ? { name } : {}) })) as T;
    } catch (e) {
      if (signal.aborted) throw new HttpProblem(504, "TIMEOUT", `checking took longer than the time limit of ${limitText(signal)}; the work was stopped`);
      throw e;
    } finally {
      this.running--;
      this.tasksOnThisPool++;
      if (this.recycleAfter !== undefined && this.tasksOnThisPool >= this.recycleAfter && pool === this.pool) this.recycle();
      this.waiting.shift()?.start();
    }
  }

  /** Waits for a free thread: at once when one is, else in the queue until one frees up or time runs out. */
  private slot(signal: AbortSignal): Promise<void> {
    const busy = (why: string) => new HttpProblem(503, "BUSY", `no worker became free within ${why}; try again shortly`, {}, 1);
    if (signal.aborted) return Promise.reject(busy(`the time limit of ${limitText(signal)}`));
    if (this.running < this.limits.threads) {
      this.running++;
      return Promise.resolve();
    }
    this.admit(1);
    return new Promise<void>((resolve, reject) => {
      const leave = (why: string) => {
        const i = this.waiting.indexOf(entry);
        if (i < 0) return;
        this.waiting.splice(i, 1);
        done();
        reject(busy(why));
      };
      const onAbort = () => leave(`the time limit of ${limitText(signal)}`);
      const timer = setTimeout(() => leave(`${seconds(this.limits.queueTimeoutMs)} of waiting`), this.limits.queueTimeoutMs);
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
      };
      const entry = {
        start: () => {
          done();
          this.running++;
          resolve();
        },
        fail: (e: unknown) => {
          done();
          reject(e);
        },
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(entry);
    });
  }

  /** A fresh piscina pool; the old one finishes what it runs, then its threads end. */
  private recycle(): void {
    const old = this.pool;
    this.pool = this.makePool();
    this.tasksOnThisPool = 0;
    void old.close().catch(() => undefined);
  }

  /** Documents being checked and waiting, for /healthz. */
  load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Ends every thread; waiting tasks fail. */
  async close(): Promise<void> {
    for (const w of this.waiting.splice(0)) w.fail(new HttpProblem(503, "BUSY", "the server is shutting down"));
    await this.pool.destroy();
  }
}

/** A request's deadline: a signal that aborts when its time runs out, remembering how long that was. */
export function deadline(ms: number): AbortSignal {
  const signal = AbortSignal.timeout(ms);
  limits.set(signal, ms);
  return signal;
}

const limits = new WeakMap<AbortSignal, number>();

function limitText(signal: AbortSignal): string {
  const ms = limits.get(signal);
  return ms === undefined ? "the request" : seconds(ms);
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
