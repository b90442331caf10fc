// The queue's throughput (issue 13): `node bench/queue.mjs` after a build, or the last section of
// `npm run bench`. Needs redis-server on the PATH (Debian: apt-get install -y redis-server);
// without it, it says so and measures nothing.
//
// For 1 and then 2 worker processes (`clausecheck worker --concurrency 1`, started and ready
// before the clock starts, as on machines that wait for work), each round times what a user
// does: `queue add` of the corpus folders, the workers draining the queue (polled from here every
// 50 ms), and `queue results --format json`. `check --jobs 1` and `check --jobs 2` on the same
// folders run in the same rounds, interleaved, for comparison. Redis runs on a free port with
// its data in a temporary folder and persistence on (appendonly, fsync every second), as an
// operator would run it.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** True when redis-server can be started here. */
export function hasRedisServer() {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Clock ticks per second of /proc/<pid>/stat's CPU times. */
const TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout?.trim()) || 100;

/** CPU time (user + system, ms) a running process has used so far, from /proc (Linux); undefined elsewhere. */
function cpuOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
    // After the command name: field 3 is the state, so utime and stime (fields 14 and 15) are at 11 and 12.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
  } catch {
    return undefined;
  }
}

/** /usr/bin/time, to read the CPU time of a command that has finished. */
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A redis-server in a temporary folder; resolves once it answers PING. */
async function startRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "clausecheck-bench-redis-"));
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "yes", "--logfile", "redis.log"], { stdio: "ignore" });
  const deadline = Date.now() + 10_000;
  while (spawnSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).stdout?.trim() !== "PONG") {
    if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port}`);
    await sleep(50);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid,
    stop: async () => {
      await new Promise((resolve) => {
        child.once("exit", resolve);
        child.kill("SIGTERM");
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `clausecheck worker` processes, resolved once each says it is taking jobs. */
async function startWorkers(cli, url, queue, count) {
  const workers = [];
  for (let i = 0; i < count; i++) {
    const name = `bench-${i}`;
    const child = spawn(process.execPath, [cli, "worker", "--redis", url, "--queue", queue, "--concurrency", "1", "--no-config", "--name", name], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    const ready = new Promise((resolve, reject) => {
      child.stderr.on("data", (d) => {
        err += d;
        if (err.includes(`worker ${name} checking queue`)) resolve();
      });
      child.once("exit", (code) => reject(new Error(`worker exited (${code}): ${err.trim()}`)));
    });
    workers.push({ child, ready, exited: new Promise((resolve) => child.once("exit", resolve)) });
  }
  await Promise.all(workers.map((w) => w.ready));
  return {
    /** CPU time (ms) the worker processes have used so far, together. */
    cpu: () => workers.reduce((n, w) => n + (cpuOf(w.child.pid) ?? Number.NaN), 0),
    stop: async () => {
      for (const w of workers) w.child.kill("SIGTERM");
      await Promise.all(workers.map((w) => w.exited));
    },
  };
}

/**
 * Wall time (ms) of one `node dist/cli.js …`, its CPU time (user + system, ms, when /usr/bin/time
 * is there) and its output; ms is undefined when it failed (exit other than 0 or 1).
 */
function timed(cli, args) {
  const command = TIME ? [TIME, ["-f", "CPU %U %S", process.execPath, cli, ...args]] : [process.execPath, [cli, ...args]];
  const t = performance.now();
  const r = spawnSync(command[0], command[1], { cwd: root, encoding: "utf8", maxBuffer: 1 << 30 });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) return { ms: undefined, error: `exit ${r.status}: ${(r.stderr || "").trim().split("\n")[0]}` };
  const m = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr || "");
  return { ms, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : undefined, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Measures the queue on `corpusArgs` (folders or files) for `rounds` rounds and returns table
 * rows ({ what, samples (ms), docs }) and notes. `progress(msg)` reports what it is doing.
 */
export async function benchQueue({ corpusArgs, rounds = 3, progress = () => undefined }) {
  const cli = join(root, "dist", "cli.js");
  const { queueStatus, clearQueue } = await import(pathToFileURL(join(root, "dist", "index.js")).href);
  const notes = [];
  if (!hasRedisServer()) return { rows: [], notes: ["queue: redis-server is not installed (apt-get install -y redis-server); not measured"] };
  const redis = await startRedis();
  const samples = { check1: [], check2: [], add: [], drain1: [], drain2: [], results: [], total1: [], total2: [] };
  /** CPU time (ms) of each part, per round: check --jobs 1, queue add, the one worker's draining, Redis meanwhile, queue results. */
  const cpu = { check1: [], add: [], worker1: [], redis1: [], results: [] };
  let docs = 0;
  try {
    for (let round = 0; round < rounds; round++) {
      for (const workers of [1, 2]) {
        progress(`queue round ${round + 1}/${rounds}: check --jobs ${workers}`);
        const check = timed(cli, ["check", "--format", "json", "--no-config", "--quiet", "--jobs", String(workers), ...corpusArgs]);
        if (check.ms === undefined) notes.push(`check --jobs ${workers} failed (${check.error}); not counted`);
        else samples[`check${workers}`].push(check.ms);
        if (workers === 1 && check.cpu !== undefined) cpu.check1.push(check.cpu);

        progress(`queue round ${round + 1}/${rounds}: ${workers} worker process${workers === 1 ? "" : "es"}`);
        const queue = `bench-${workers}-${round}`;
        const conn = { redis: redis.url, queue };
        const pool = await startWorkers(cli, redis.url, queue, workers);
        try {
          const add = timed(cli, ["queue", "add", "--redis", redis.url, "--queue", queue, "--no-config", ...corpusArgs]);
          if (add.ms === undefined) {
            notes.push(`queue add failed (${add.error}); round not counted`);
            continue;
          }
          const m = /: (\d+) documents? added/.exec(add.stdout);
          const added = m ? Number(m[1]) : 0;
          docs = added;
          const workerCpu = pool.cpu();
          const redisCpu = cpuOf(redis.pid);
          const t = performance.now();
          for (;;) {
            const s = await queueStatus(conn);
            if (s.completed + s.failed >= added) break;
            await sleep(50);
          }
          const drain = performance.now() - t;
          if (workers === 1) {
            cpu.worker1.push(pool.cpu() - workerCpu);
            if (redisCpu !== undefined) cpu.redis1.push((cpuOf(redis.pid) ?? Number.NaN) - redisCpu);
            if (add.cpu !== undefined) cpu.add.push(add.cpu);
          }
          if (round === 0 && workers === 1) {
            const info = spawnSync("redis-cli", ["-u", redis.url, "info", "memory"], { encoding: "utf8" }).stdout ?? "";
            const used = /used_memory:(\d+)/.exec(info)?.[1];
            if (used) notes.push(`queue: Redis memory with the ${added} documents and their results stored: ${(Number(used) / 1e6).toFixed(1)} MB`);
          }
          const results = timed(cli, ["queue", "results", "--redis", redis.url, "--queue", queue, "--no-config", "--format", "json"]);
          if (results.ms === undefined) {
            notes.push(`queue results failed (${results.error}); round not counted`);
            continue;
          }
          samples.add.push(add.ms);
          samples[`drain${workers}`].push(drain);
          samples.results.push(results.ms);
          if (workers === 1 && results.cpu !== undefined) cpu.results.push(results.cpu);
          samples[`total${workers}`].push(add.ms + drain + results.ms);
        } finally {
          await pool.stop();
          await clearQueue(conn);
        }
      }
    }
  } finally {
    await redis.stop();
  }
  const rows = [];
  const row = (what, xs) => xs.length && rows.push({ what, samples: xs, docs });
  row("check --jobs 1 (same files)", samples.check1);
  row("queue: add + 1 worker process + results", samples.total1);
  row("check --jobs 2 (same files)", samples.check2);
  row("queue: add + 2 worker processes + results", samples.total2);
  row("  queue add", samples.add);
  row("  1 worker process drains the queue", samples.drain1);
  row("  2 worker processes drain the queue", samples.drain2);
  row("  queue results --format json", samples.results);
  if (samples.total1.length && samples.check1.length) {
    const perDoc = (median(samples.total1) - median(samples.check1)) / docs;
    notes.push(`queue overhead per document, 1 worker against check --jobs 1 (medians): ${perDoc.toFixed(2)} ms (add ${(median(samples.add) / docs).toFixed(2)} ms, results ${(median(samples.results) / docs).toFixed(2)} ms per document)`);
  }
  const perDocCpu = (xs) => (xs.length && xs.every(Number.isFinite) ? `${(median(xs) / docs).toFixed(2)} ms` : "n/a");
  if (cpu.check1.length && cpu.worker1.length) {
    const queueCpu = [cpu.add, cpu.worker1, cpu.redis1, cpu.results].map((xs) => (xs.length && xs.every(Number.isFinite) ? median(xs) : 0)).reduce((a, b) => a + b, 0);
    notes.push(
      `queue CPU time per document (user + system, medians; less sensitive to other load than wall time): check --jobs 1 ${perDocCpu(cpu.check1)}; queue with 1 worker ${(queueCpu / docs).toFixed(2)} ms = add ${perDocCpu(cpu.add)} + worker ${perDocCpu(cpu.worker1)} + Redis ${perDocCpu(cpu.redis1)} + results ${perDocCpu(cpu.results)}`,
    );
  }
  notes.push("queue: workers are started and ready before the clock starts; Redis with appendonly (fsync every second) on this machine");
  return { rows, notes };
}

// Run on its own: `node bench/queue.mjs [folders…]` (default: the shared corpus).
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const corpusArgs = args.length ? args : (process.env.BENCH_CORPUS_DIRS?.split(":").filter(Boolean) ?? [join(root, "..", "shared", "corpus")]);
  const rounds = Number(process.env.BENCH_CORPUS_RUNS) || (process.env.BENCH_QUICK === "1" ? 1 : 3);
  const { rows, notes } = await benchQueue({ corpusArgs, rounds, progress: (m) => process.stderr.write(`bench: ${m}\n`) });
  for (const r of rows) {
    const ms = median(r.samples);
    console.log(`${r.what.padEnd(44)} ${`${(ms / 1000).toFixed(2)} s`.padStart(9)}  ${`${(r.docs / (ms / 1000)).toFixed(0)} docs/s`.padStart(12)}  (${r.samples.length} runs)`);
  }
  for (const n of notes) console.log(`- ${n}`);
}
