/**
 * Helpers for the queue tests: worker processes spawned from the built CLI, polling a queue
 * until a condition holds, and folders of distinct agreements to check.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type QueueStatus, queueStatus } from "../../src/queue/queue-status.js";
import { SEED, cleanEnv, cliPath, repoRoot } from "./cli.js";

/** A `clausecheck worker` process. */
export interface WorkerProcess {
  child: ChildProcess;
  name: string;
  /** Everything it wrote to standard error so far. */
  stderr(): string;
  /** Resolves once it printed the line that says it is taking jobs. */
  ready: Promise<void>;
  /** Its exit code (null when killed by a signal). */
  exit: Promise<number | null>;
}

/** Starts `node dist/cli.js worker --name NAME …args` from the repository root. */
export function spawnWorker(name: string, args: string[]): WorkerProcess {
  const child = spawn(process.execPath, [cliPath, "worker", "--name", name, ...args], { cwd: repoRoot, env: cleanEnv(), stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr?.on("data", (d: Buffer) => {
      err += d.toString();
      if (err.includes(`worker ${name} checking queue`)) resolve();
    });
    child.once("exit", (code) => reject(new Error(`worker ${name} exited (${code}) before it was ready: ${err}`)));
  });
  ready.catch(() => undefined);
  // "close", not "exit": by then everything it wrote has been read.
  const exit = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  return { child, name, stderr: () => err, ready, exit };
}

/** Waits (up to 20 s) until a worker's standard error satisfies `seen`; the test's own synchronous runs hold its output back meanwhile. */
export async function waitForStderr(w: WorkerProcess, seen: (stderr: string) => boolean): Promise<string> {
  const deadline = Date.now() + 20_000;
  while (!seen(w.stderr()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return w.stderr();
}

/** Stops a worker process that may still run (SIGKILL), and waits for it. */
export async function killWorker(w: WorkerProcess): Promise<void> {
  if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGKILL");
  await w.exit;
}

/** Polls the queue's status until `done` holds for it, or fails after `timeoutMs`. */
export async function waitForStatus(conn: { redis: string; queue: string }, done: (s: QueueStatus) => boolean, timeoutMs = 90_000): Promise<QueueStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await queueStatus(conn);
    if (done(s)) return s;
    if (Date.now() > deadline) throw new Error(`queue ${conn.queue}: condition not met after ${timeoutMs} ms: ${JSON.stringify({ ...s, failures: s.failures.slice(0, 3) })}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Writes `count` distinct agreements into `dir` (the seed, each with its own closing line) and returns their folder. */
export function distinctAgreements(dir: string, count: number): string {
  const seed = readFileSync(join(repoRoot, SEED), "utf8");
  for (let i = 0; i < count; i++) writeFileSync(join(dir, `deal-${String(i).padStart(4, "0")}.txt`), `${seed}\n\nCopy ${i} of the agreement, for the file.\n`);
  return dir;
}
