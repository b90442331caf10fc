/**
 * The server's time and concurrency limits, with a document large enough to keep a worker busy
 * for seconds (the seed repeated 4,000 times, 12 MB): a request running past --timeout is 504
 * and its work is stopped; a document waiting past --queue-timeout is 503; one more document
 * than the workers and the queue hold is 429; a client hanging up leaves the queue. Each limit is a tenth or less of the time the
 * large document takes, so the outcomes do not depend on the machine's speed.
 */
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { SEED, ensureBuilt, repoRoot } from "../helpers/cli.js";
import { type RunningServer, startServer } from "../helpers/server.js";

let large: Uint8Array;
let seed: Uint8Array;
beforeAll(() => {
  ensureBuilt();
  seed = new Uint8Array(readFileSync(join(repoRoot, SEED)));
  const text = readFileSync(join(repoRoot, SEED), "utf8");
  large = new TextEncoder().encode(Array.from({ length: 4000 }, () => text).join("\n\n"));
});

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

function check(body: Uint8Array, signal?: AbortSignal): Promise<Response> {
  return fetch(`${server?.url}/v1/check?name=deal.txt`, { method: "POST", body, headers: { "content-type": "text/plain" }, ...(signal ? { signal } : {}) });
}

/** Waits until /healthz shows this many documents running and waiting. */
async function until(running: number, waiting: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const h = (await (await fetch(`${server?.url}/healthz`)).json()) as { workers: { running: number; waiting: number } };
    if (h.workers.running === running && h.workers.waiting === waiting) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the server never had ${running} running and ${waiting} waiting`);
}

describe("limits", () => {
  it("a request past --timeout is 504 TIMEOUT; its worker is replaced and the next request is served", async () => {
    server = await startServer(["--no-config", "--jobs", "1", "--timeout", "0.5"]);
    const started = performance.now();
    const res = await check(large);
    const body = (await res.json()) as { code: string };
    expect(res.status, JSON.stringify(body)).toBe(504);
    expect(body).toMatchObject({ code: "TIMEOUT", detail: "checking took longer than the time limit of 0.5 s; the work was stopped" });
    // Stopped, not finished: well before the seconds the document takes.
    expect(performance.now() - started).toBeLessThan(5000);
    // The stopped worker's thread was ended; a new one starts (loading clausecheck takes a
    // moment, longer than this half-second limit on a busy machine), then small documents pass.
    const statuses: number[] = [];
    for (let i = 0; i < 40 && statuses.at(-1) !== 200; i++) {
      statuses.push((await check(seed)).status);
      if (statuses.at(-1) !== 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(statuses.at(-1)).toBe(200);
    expect(statuses.every((s) => s === 200 || s === 504)).toBe(true);
  }, 60_000);

  it("a document waiting past --queue-timeout is 503 BUSY with Retry-After", async () => {
    server = await startServer(["--no-config", "--jobs", "1", "--queue-timeout", "0.5", "--timeout", "120"]);
    const hangUp = new AbortController();
    const first = check(large, hangUp.signal).catch(() => undefined);
    await until(1, 0);
    const res = await check(seed);
    const body = (await res.json()) as { code: string };
    expect(res.status, JSON.stringify(body)).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(body).toMatchObject({ code: "BUSY", detail: "no worker became free within 0.5 s of waiting; try again shortly" });
    hangUp.abort();
    await first;
  }, 60_000);

  it("one document more than the workers and --queue hold is 429 QUEUE_FULL, at once", async () => {
    server = await startServer(["--no-config", "--jobs", "1", "--queue", "1", "--timeout", "120"]);
    const hangUp = new AbortController();
    const running = check(large, hangUp.signal).catch(() => undefined);
    await until(1, 0);
    const waitingHangUp = new AbortController();
    const waiting = check(large, waitingHangUp.signal).catch(() => undefined);
    await until(1, 1);
    const res = await check(seed);
    const body = (await res.json()) as { code: string };
    expect(res.status, JSON.stringify(body)).toBe(429);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(body.code).toBe("QUEUE_FULL");
    // A client that hangs up while its document waits leaves the queue at once (one whose
    // document is being checked lets it finish: ending a thread costs more than a check).
    waitingHangUp.abort();
    await waiting;
    await until(1, 0);
    hangUp.abort();
    await running;
  }, 60_000);
});

describe("stopping", () => {
  it("SIGTERM ends a connection that has sent no request (a browser's speculative one), and the server exits 0", async () => {
    const running = await startServer(["--no-config", "--jobs", "1"]);
    server = running;
    const socket = connect(Number(new URL(running.url).port), "127.0.0.1");
    await new Promise((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    // A request on another connection, so the server has surely taken this one in.
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    const ended = new Promise<string>((resolve) => socket.once("close", () => resolve("ended by the server")));
    const stopped = running.stop();
    // Node 20 leaves such a connection open until the client gives up; the server must not wait for it.
    const outcome = await Promise.race([ended, new Promise<string>((resolve) => setTimeout(() => resolve("still open after 10 s"), 10_000))]);
    socket.destroy();
    expect(outcome).toBe("ended by the server");
    expect(await stopped).toBe(0);
    expect(running.stderr()).not.toContain("    at ");
    server = undefined;
  }, 30_000);
});
