/**
 * The server's admission queue (src/serve/work-pool.ts) with a stand-in for piscina whose
 * tasks finish when the test says so: arrival order, the queue's limit (429), the wait's limit
 * (503), the request's time running out while a task runs (504, the task aborted), and the
 * playground's pool replaced after a number of tasks.
 */
import { describe, expect, it } from "vitest";
import { HttpProblem } from "../../src/serve/problem.js";
import { WorkPool, deadline } from "../../src/serve/work-pool.js";

/** A pool whose every task waits until `finish(i)`; it records what ran, in order, and whether it was closed. */
class FakePool {
  started: unknown[] = [];
  aborted: unknown[] = [];
  closed = false;
  private ends: (() => void)[] = [];
  run(task: unknown, options: { signal?: AbortSignal }): Promise<unknown> {
    this.started.push(task);
    return new Promise((resolve, reject) => {
      this.ends.push(() => resolve(`done ${String(task)}`));
      options.signal?.addEventListener("abort", () => {
        this.aborted.push(task);
        reject(new Error("AbortError"));
      });
    });
  }
  finish(i: number): void {
    this.ends[i]?.();
  }
  async close(): Promise<void> {
    this.closed = true;
  }
  async destroy(): Promise<void> {
    this.closed = true;
  }
}

const tick = () => new Promise((r) => setTimeout(r, 10));
const far = () => deadline(60_000);

function make(limits: { threads: number; queue: number; queueTimeoutMs: number }, recycleAfter?: number) {
  const pools: FakePool[] = [];
  const pool = new WorkPool(() => {
    const p = new FakePool();
    pools.push(p);
    return p as never;
  }, limits, recycleAfter);
  return { pool, pools };
}

async function problemOf(p: Promise<unknown>): Promise<HttpProblem> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HttpProblem) return e;
    throw e;
  }
  throw new Error("expected a problem");
}

describe("WorkPool", () => {
  it("runs as many tasks as it has threads; the others wait and start in arrival order", async () => {
    const { pool, pools } = make({ threads: 2, queue: 10, queueTimeoutMs: 60_000 });
    const results = ["a", "b", "c", "d"].map((t) => pool.run(t, far()));
    await tick();
    expect(pools[0]?.started).toEqual(["a", "b"]);
    expect(pool.load()).toEqual({ running: 2, waiting: 2 });
    pools[0]?.finish(1);
    await tick();
    expect(pools[0]?.started).toEqual(["a", "b", "c"]);
    pools[0]?.finish(0);
    pools[0]?.finish(2);
    await tick();
    pools[0]?.finish(3);
    expect(await Promise.all(results)).toEqual(["done a", "done b", "done c", "done d"]);
    expect(pool.load()).toEqual({ running: 0, waiting: 0 });
  });

  it("refuses, at once, more than the threads and the queue hold: 429 QUEUE_FULL with Retry-After", async () => {
    const { pool } = make({ threads: 1, queue: 1, queueTimeoutMs: 60_000 });
    void pool.run("a", far());
    void pool.run("b", far()).catch(() => undefined);
    const p = await problemOf(pool.run("c", far()));
    expect([p.status, p.code, p.retryAfter]).toEqual([429, "QUEUE_FULL", 1]);
    expect(() => pool.admit(1)).toThrow(HttpProblem);
    await pool.close();
  });

  it("a task waiting longer than queueTimeoutMs is 503 BUSY, and leaves the queue", async () => {
    const { pool, pools } = make({ threads: 1, queue: 5, queueTimeoutMs: 50 });
    void pool.run("a", far());
    const p = await problemOf(pool.run("b", far()));
    expect([p.status, p.code, p.message]).toEqual([503, "BUSY", "no worker became free within 0.05 s of waiting; try again shortly"]);
    expect(pool.load()).toEqual({ running: 1, waiting: 0 });
    expect(pools[0]?.started).toEqual(["a"]);
  });

  it("a request whose time runs out while its task runs is 504 TIMEOUT, and the task is aborted", async () => {
    const { pool, pools } = make({ threads: 1, queue: 5, queueTimeoutMs: 60_000 });
    const p = await problemOf(pool.run("slow", deadline(50)));
    expect([p.status, p.code, p.message]).toEqual([504, "TIMEOUT", "checking took longer than the time limit of 0.05 s; the work was stopped"]);
    expect(pools[0]?.aborted).toEqual(["slow"]);
    expect(pool.load()).toEqual({ running: 0, waiting: 0 });
  });

  it("a client gone takes its waiting task out of the queue, but lets a running one finish", async () => {
    const { pool, pools } = make({ threads: 1, queue: 5, queueTimeoutMs: 60_000 });
    const gone = new AbortController();
    const running = pool.run("a", far(), { gone: gone.signal });
    const waiting = pool.run("b", far(), { gone: gone.signal });
    await tick();
    gone.abort();
    expect((await problemOf(waiting)).code).toBe("BUSY");
    expect(pool.load()).toEqual({ running: 1, waiting: 0 });
    expect(pools[0]?.aborted).toEqual([]);
    pools[0]?.finish(0);
    expect(await running).toBe("done a");
  });

  it("with recycleAfter, a fresh pool takes over after that many tasks and the old one is closed", async () => {
    const { pool, pools } = make({ threads: 1, queue: 5, queueTimeoutMs: 60_000 }, 2);
    for (const [i, t] of ["a", "b", "c"].entries()) {
      const r = pool.run(t, far());
      await tick();
      pools.at(-1)?.finish(i < 2 ? i : 0);
      await r;
    }
    expect(pools).toHaveLength(2);
    expect(pools[0]?.started).toEqual(["a", "b"]);
    expect(pools[0]?.closed).toBe(true);
    expect(pools[1]?.started).toEqual(["c"]);
  });
});
