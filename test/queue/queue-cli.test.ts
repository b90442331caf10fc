/**
 * The queue through the built CLI, as a user runs it on several machines: a real redis-server
 * (started here on a free port, in a temporary folder) and real worker processes. Without
 * redis-server these tests are skipped and say why.
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Job } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/index.js";
import { KEY_PREFIX, connectRedis, queueKeys } from "../../src/queue/connection.js";
import type { JobData } from "../../src/queue/queue-types.js";
import { SEED, STACK_LINE, cleanEnv, cliPath, ensureBuilt, linesOf, repoRoot, runCli } from "../helpers/cli.js";
import { type WorkerProcess, distinctAgreements, killWorker, spawnWorker, waitForStatus, waitForStderr } from "../helpers/queue.js";
import { NO_REDIS, type TestRedis, hasRedis, startRedis } from "../helpers/redis.js";
import { makeTmpDir, removeTmpDir } from "../helpers/tmp.js";

const FIXTURES = ["samples", "test/fixtures/corpus"];
/** samples/ holds 28 agreements, test/fixtures/corpus/ 6. */
const FIXTURE_COUNT = 34;

let tmp: string;
let redis: TestRedis;
const workers: WorkerProcess[] = [];
let queueNo = 0;
/** A queue of its own for each test. */
const freshQueue = () => `t${++queueNo}`;

const cli = (args: string[]) => runCli(args);
/** A new folder in this file's temporary folder. */
const subdir = (name: string) => {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  return dir;
};
const json = (stdout: string) => JSON.parse(stdout) as Report;
const worker = (name: string, queue: string, extra: string[] = []) => {
  const w = spawnWorker(name, ["--redis", redis.url, "--queue", queue, "--concurrency", "1", ...extra]);
  workers.push(w);
  return w;
};

/** A bullmq Queue on the test server, to look at jobs as Redis holds them. */
async function jobsOf(queue: string) {
  const { Queue } = await import("bullmq");
  const client = await connectRedis(redis.url);
  const q = new Queue<JobData>(queue, { connection: client, prefix: KEY_PREFIX });
  return {
    q,
    client,
    all: async () => (await q.getJobs(["completed", "failed", "active", "waiting", "delayed"], 0, -1)) as Job<JobData>[],
    close: async () => {
      await q.close();
      client.disconnect();
    },
  };
}

beforeAll(async () => {
  ensureBuilt();
  tmp = makeTmpDir("queue");
  if (hasRedis) redis = await startRedis();
}, 120_000);

afterEach(async () => {
  await Promise.all(workers.splice(0).map(killWorker));
});

afterAll(async () => {
  await redis?.dispose();
  removeTmpDir(tmp);
});

describe.skipIf(!hasRedis)(`with a real Redis (${hasRedis ? "redis-server found" : NO_REDIS})`, () => {
  it("add, two worker processes, results: the same report as check, byte for byte, in every format", async () => {
    const queue = freshQueue();
    const a = worker("alpha", queue);
    const b = worker("beta", queue);
    await Promise.all([a.ready, b.ready]);
    const add = cli(["queue", "add", ...FIXTURES, "--redis", redis.url, "--queue", queue]);
    expect(add.stderr).toBe("");
    expect(add.status).toBe(0);
    expect(add.stdout).toMatch(new RegExp(`^queue ${queue}: ${FIXTURE_COUNT} documents added, 0 already there \\(rule set [0-9a-f]{12}\\)\\n$`));
    await waitForStatus({ redis: redis.url, queue }, (s) => s.completed === FIXTURE_COUNT);

    const jobs = await jobsOf(queue);
    try {
      // Both processes took part.
      expect(new Set((await jobs.all()).map((j) => j.processedBy))).toEqual(new Set(["alpha", "beta"]));
    } finally {
      await jobs.close();
    }
    // check writes every format in one run (an --output file per format, each the bytes --format
    // gives on standard output: test/cli-batch.test.ts).
    const byExtension = { json: "json", jsonl: "jsonl", sarif: "sarif", junit: "xml", markdown: "md", html: "html", text: "txt" };
    const directDir = join(tmp, `direct-${queue}`);
    mkdirSync(directDir);
    const direct = cli(["check", ...FIXTURES, "--jobs", "1", "--quiet", ...Object.values(byExtension).flatMap((ext) => ["-o", join(directDir, `report.${ext}`)])]);
    expect(direct.stderr).toBe("");
    // queue results too: on standard output with --format, and every format at once with -o.
    const queueDir = join(tmp, `from-queue-${queue}`);
    mkdirSync(queueDir);
    const exts = Object.values(byExtension);
    const fromQueue = cli(["queue", "results", "--redis", redis.url, "--queue", queue, ...exts.flatMap((ext) => ["-o", join(queueDir, `report.${ext}`)])]);
    expect(fromQueue.stdout).toBe("");
    expect(fromQueue.stderr).toBe(Object.entries(byExtension).map(([format, ext]) => `clausecheck: wrote ${join(queueDir, `report.${ext}`)} (${format}, ${FIXTURE_COUNT} documents)\n`).join(""));
    expect(fromQueue.status).toBe(direct.status);
    for (const ext of exts) expect(readFileSync(join(queueDir, `report.${ext}`), "utf8"), ext).toBe(readFileSync(join(directDir, `report.${ext}`), "utf8"));
    for (const format of ["sarif", "text"]) {
      const printed = cli(["queue", "results", "--redis", redis.url, "--queue", queue, "--format", format]);
      expect(printed.stderr, format).toBe("");
      expect(printed.stdout, format).toBe(readFileSync(join(directDir, `report.${byExtension[format as keyof typeof byExtension]}`), "utf8"));
    }
    // --gaps-only, as check gives it.
    const gapsQueue = cli(["queue", "results", "--redis", redis.url, "--queue", queue, "--format", "jsonl", "--gaps-only"]);
    expect(gapsQueue.stdout).toBe(cli(["check", ...FIXTURES, "--jobs", "1", "--format", "jsonl", "--gaps-only"]).stdout);
    // -o writes the same report and says so on standard error (unless --quiet).
    const out = join(tmp, "queue-results.json");
    const written = cli(["queue", "results", "--redis", redis.url, "--queue", queue, "-o", out]);
    expect(written.stdout).toBe("");
    expect(written.stderr).toBe(`clausecheck: wrote ${out} (json, ${FIXTURE_COUNT} documents)\n`);
    const report = JSON.parse(readFileSync(out, "utf8")) as Report;
    expect(report.documents).toHaveLength(FIXTURE_COUNT);
    expect(cli(["queue", "results", "--redis", redis.url, "--queue", queue, "-o", out, "--quiet"]).stderr).toBe("");
  }, 180_000);

  it("the same documents added twice make no new job; the same bytes under another name are the same document; queue clear empties the queue", async () => {
    const queue = freshQueue();
    expect(cli(["queue", "add", ...FIXTURES, "--redis", redis.url, "--queue", queue]).stdout).toMatch(`${FIXTURE_COUNT} documents added, 0 already there`);
    const again = cli(["queue", "add", ...FIXTURES, "--redis", redis.url, "--queue", queue]);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(`: 0 documents added, ${FIXTURE_COUNT} already there`);
    const copy = join(tmp, "renamed-seed.txt");
    copyFileSync(join(repoRoot, SEED), copy);
    expect(cli(["queue", "add", copy, "--redis", redis.url, "--queue", queue]).stdout).toMatch(": 0 documents added, 1 already there");
    const status = json(cli(["queue", "status", "--redis", redis.url, "--queue", queue, "--format", "json"]).stdout) as unknown as { waiting: number; ruleSets: { documents: number }[] };
    expect(status.waiting).toBe(FIXTURE_COUNT);
    expect(status.ruleSets.map((r) => r.documents)).toEqual([FIXTURE_COUNT]);

    // queue clear empties it: jobs, documents and results.
    expect(cli(["queue", "clear", "--redis", redis.url, "--queue", queue])).toMatchObject({ status: 0, stdout: `queue ${queue}: cleared\n` });
    expect(await waitForStatus({ redis: redis.url, queue }, () => true)).toMatchObject({ waiting: 0, completed: 0, failed: 0, ruleSets: [] });
    const empty = cli(["queue", "results", "--redis", redis.url, "--queue", queue]);
    expect(empty.status).toBe(2);
    expect(linesOf(empty.stderr)).toEqual([`clausecheck: queue ${queue} holds no documents; add them with clausecheck queue add`]);
  }, 60_000);

  it("a worker SIGKILLed in the middle of a batch: its job goes to the other worker, and every document gets exactly one result", async () => {
    const queue = freshQueue();
    const dir = distinctAgreements(subdir("kill"), 120);
    const victim = worker("victim", queue, ["--stalled-after", "1"]);
    const survivor = worker("survivor", queue, ["--stalled-after", "1"]);
    await Promise.all([victim.ready, survivor.ready]);
    expect(cli(["queue", "add", dir, "--redis", redis.url, "--queue", queue]).stdout).toMatch("120 documents added");
    await waitForStatus({ redis: redis.url, queue }, (s) => s.completed >= 15, 60_000);
    victim.child.kill("SIGKILL");
    expect(await victim.exit).toBeNull();

    const jobs = await jobsOf(queue);
    try {
      // The job it held is still marked active, with its name on it: no one finished it.
      const held = ((await jobs.q.getActive()) as Job<JobData>[]).filter((j) => j.processedBy === "victim").map((j) => j.id);
      expect(held.length).toBe(1);
      const status = await waitForStatus({ redis: redis.url, queue }, (s) => s.completed === 120, 90_000);
      expect(status.failed).toBe(0);
      const recovered = (await jobs.q.getJob(held[0] as string)) as Job<JobData>;
      expect(recovered.stalledCounter).toBeGreaterThanOrEqual(1);
      expect(recovered.processedBy).toBe("survivor");
      expect(await jobs.client.hlen(queueKeys(queue).results(recovered.data.fingerprint))).toBe(120);
    } finally {
      await jobs.close();
    }
    const abandoned = /job [0-9a-f]{12}… was abandoned by its worker and is queued again/;
    expect(await waitForStderr(survivor, (err) => abandoned.test(err))).toMatch(abandoned);
    const fromQueue = cli(["queue", "results", "--redis", redis.url, "--queue", queue, "--format", "json"]);
    const direct = cli(["check", dir, "--jobs", "1", "--format", "json"]);
    expect(fromQueue.stdout).toBe(direct.stdout);
    expect(new Set(json(fromQueue.stdout).documents.map((d) => d.file)).size).toBe(120);
  }, 180_000);

  it("a document that cannot be read: a failed job, with the line check prints, in status and results; not tried again", async () => {
    const queue = freshQueue();
    const dir = subdir("bad");
    writeFileSync(join(dir, "empty.txt"), "");
    writeFileSync(join(dir, "scan.txt"), Buffer.from("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\0\0\0", "latin1"));
    copyFileSync(join(repoRoot, SEED), join(dir, "seed.txt"));
    expect(cli(["queue", "add", dir, "--redis", redis.url, "--queue", queue]).stdout).toMatch("3 documents added");
    const w = worker("reader", queue);
    // --wait follows the queue until nothing is waiting or being checked.
    const waited = runCli(["queue", "status", "--wait", "--redis", redis.url, "--queue", queue, "--format", "json"], { timeout: 90_000 });
    expect(waited.status).toBe(0);
    expect(JSON.parse(waited.stdout)).toMatchObject({ waiting: 0, delayed: 0, active: 0, completed: 1, failed: 2 });
    const direct = cli(["check", dir, "--format", "json"]);
    expect(direct.status).toBe(2);
    const checkLines = linesOf(direct.stderr);
    expect(checkLines).toHaveLength(2);

    const status = cli(["queue", "status", "--redis", redis.url, "--queue", queue]);
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/completed +1\n/);
    expect(status.stdout).toMatch(/failed +2\n/);
    for (const line of checkLines) expect(status.stdout).toContain(`  ${line.replace(/^clausecheck: /, "")}\n`);
    // The worker said so too, once per document.
    const said = await waitForStderr(w, (err) => checkLines.every((line) => err.includes(line)));
    for (const line of checkLines) expect(linesOf(said).filter((l) => l === line)).toHaveLength(1);

    const results = cli(["queue", "results", "--redis", redis.url, "--queue", queue, "--format", "json"]);
    expect(results.status).toBe(2);
    expect(linesOf(results.stderr)).toEqual(checkLines);
    expect(results.stderr).not.toContain(STACK_LINE);
    expect(results.stdout).toBe(direct.stdout);

    // Bounded attempts with backoff, but an unreadable document reads the same every time: one attempt, then failed for good.
    await new Promise((r) => setTimeout(r, 3000));
    const jobs = await jobsOf(queue);
    try {
      const failed = (await jobs.q.getFailed()) as Job<JobData>[];
      expect(failed).toHaveLength(2);
      for (const j of failed) {
        expect(j.opts.attempts).toBe(3);
        expect(j.opts.backoff).toEqual({ type: "exponential", delay: 1000 });
        expect(j.attemptsMade).toBe(1);
        expect(await j.getState()).toBe("failed");
      }
    } finally {
      await jobs.close();
    }
  }, 120_000);

  it("a worker whose rules differ from those the documents were added under refuses them, leaves them queued and exits 2", async () => {
    const queue = freshQueue();
    const otherRules = subdir("other-rules");
    copyFileSync(join(repoRoot, "rules/governing-law.yaml"), join(otherRules, "governing-law.yaml"));
    const add = cli(["queue", "add", "samples", "--redis", redis.url, "--queue", queue]);
    const addedUnder = /rule set ([0-9a-f]{12})/.exec(add.stdout)?.[1];
    const wrong = worker("wrong", queue, ["--rules", otherRules]);
    expect(await wrong.exit).toBe(2);
    const refusal = linesOf(await waitForStderr(wrong, (err) => err.includes("was added to queue"))).filter((l) => !l.includes("checking queue"));
    expect(refusal).toHaveLength(1);
    expect(refusal[0]).toMatch(
      new RegExp(`^clausecheck: samples/\\S+: was added to queue ${queue} under rule set ${addedUnder}, but this worker's rules and config make rule set [0-9a-f]{12}: start the worker with the same --rules and --config as queue add \\(the job is left in the queue\\)$`),
    );
    let status = await waitForStatus({ redis: redis.url, queue }, () => true);
    expect(status).toMatchObject({ waiting: 28, active: 0, completed: 0, failed: 0 });

    const results = cli(["queue", "results", "--redis", redis.url, "--queue", queue, "--rules", otherRules]);
    expect(results.status).toBe(2);
    const workerRuleSet = /make rule set ([0-9a-f]{12})/.exec(refusal[0] ?? "")?.[1];
    expect(linesOf(results.stderr)).toEqual([
      `clausecheck: queue ${queue} holds no documents under these rules and config (rule set ${workerRuleSet}); it holds rule set ${addedUnder} (28 documents): use the same --rules and --config as queue add`,
    ]);

    worker("right", queue);
    status = await waitForStatus({ redis: redis.url, queue }, (s) => s.completed === 28);
    expect(status.failed).toBe(0);
  }, 120_000);

  it("SIGTERM: the worker finishes the document in hand, leaves the rest queued and exits 0; results says what is missing", async () => {
    const queue = freshQueue();
    const dir = distinctAgreements(subdir("term"), 120);
    const w = worker("polite", queue);
    await w.ready;
    cli(["queue", "add", dir, "--redis", redis.url, "--queue", queue]);
    await waitForStatus({ redis: redis.url, queue }, (s) => s.completed >= 5, 60_000);
    w.child.kill("SIGTERM");
    expect(await w.exit).toBe(0);
    expect(await waitForStderr(w, (err) => err.includes("SIGTERM:"))).toContain("SIGTERM: stopping once the documents in hand are checked");
    const status = await waitForStatus({ redis: redis.url, queue }, () => true);
    expect(status.active).toBe(0);
    expect(status.failed).toBe(0);
    expect(status.completed + status.waiting).toBe(120);
    expect(status.ruleSets[0]?.results).toBe(status.completed);

    const results = cli(["queue", "results", "--redis", redis.url, "--queue", queue, "--format", "json"]);
    expect(results.status).toBe(2);
    expect(linesOf(results.stderr)).toEqual([`clausecheck: queue ${queue}: ${status.waiting} documents not checked yet (waiting or being checked) and left out of this report; wait for them with --wait`]);
    expect(json(results.stdout).documents).toHaveLength(status.completed);
  }, 120_000);
});

const hasScript = spawnSync("script", ["--version"], { stdio: "ignore" }).status === 0;

describe.skipIf(!hasRedis || !hasScript)(`queue status --wait on a terminal (${!hasRedis ? NO_REDIS : hasScript ? "redis-server and script found" : "skipped: util-linux's script is missing"})`, () => {
  it("draws a progress bar while the workers drain the queue, then prints the counts", async () => {
    const queue = freshQueue();
    const dir = distinctAgreements(subdir("tty"), 60);
    cli(["queue", "add", dir, "--redis", redis.url, "--queue", queue]);
    worker("drawn", queue);
    // script(1) runs the command on a pseudo-terminal, as a user at a terminal would.
    const command = [process.execPath, cliPath, "queue", "status", "--wait", "--redis", redis.url, "--queue", queue].map((a) => `'${a}'`).join(" ");
    const run = spawn("script", ["-qfec", command, "/dev/null"], { cwd: repoRoot, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    run.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => run.once("close", resolve));
    expect(code).toBe(0);
    expect(out).toMatch(/\r\[[#-]+\] \d+\/60 documents {2}\d+:\d\d/);
    expect(out).toMatch(/completed +60\r?\n/);
  }, 120_000);
});

describe.skipIf(!hasRedis)(`Redis restarted in the middle of a run, with its persistence on (${hasRedis ? "redis-server found" : NO_REDIS})`, () => {
  it("nothing is lost: every document gets its result, the same as check's", async () => {
    const persistent = await startRedis({ appendonly: true });
    try {
      const queue = freshQueue();
      const dir = distinctAgreements(subdir("restart"), 120);
      const args = ["--redis", persistent.url, "--queue", queue, "--concurrency", "1", "--stalled-after", "5"];
      const a = spawnWorker("one", args);
      const b = spawnWorker("two", args);
      workers.push(a, b);
      await Promise.all([a.ready, b.ready]);
      expect(cli(["queue", "add", dir, "--redis", persistent.url, "--queue", queue]).stdout).toMatch("120 documents added");
      await waitForStatus({ redis: persistent.url, queue }, (s) => s.completed >= 15, 60_000);
      await persistent.stop();
      await new Promise((r) => setTimeout(r, 1000));
      await persistent.start();
      const status = await waitForStatus({ redis: persistent.url, queue }, (s) => s.completed + s.failed === 120, 120_000);
      expect(status.failed).toBe(0);
      expect(status.ruleSets).toEqual([{ fingerprint: expect.any(String), documents: 120, results: 120 }]);
      for (const w of [a, b]) {
        const said = await waitForStderr(w, (err) => err.includes("connected to Redis again"));
        expect(said).toMatch(/lost the connection to Redis at redis:\/\/127\.0\.0\.1:\d+ \(\w+\); retrying/);
        expect(said).toContain("clausecheck: connected to Redis again");
      }
      const fromQueue = cli(["queue", "results", "--redis", persistent.url, "--queue", queue, "--format", "json"]);
      expect(fromQueue.stderr).toBe("");
      expect(fromQueue.stdout).toBe(cli(["check", dir, "--jobs", "1", "--format", "json"]).stdout);
    } finally {
      await persistent.dispose();
    }
  }, 240_000);
});

describe("bad input to the queue commands (no Redis needed)", () => {
  it("a Redis that does not answer: one line naming it, exit 2, no stack trace", () => {
    const run = cli(["queue", "add", SEED, "--redis", "redis://127.0.0.1:1"]);
    expect(run.status).toBe(2);
    expect(linesOf(run.stderr)).toEqual(["clausecheck: redis://127.0.0.1:1: cannot connect to Redis (ECONNREFUSED)"]);
    expect(run.stdout).toBe("");
  });

  it("not a Redis URL: a usage error, exit 2; a password is never printed", () => {
    const run = cli(["worker", "--redis", "localhost:6379"]);
    expect(run.status).toBe(2);
    expect(linesOf(run.stderr)).toEqual(["clausecheck: --redis localhost:6379: expected a Redis URL such as redis://127.0.0.1:6379"]);
    const secret = cli(["queue", "status", "--redis", "redis://:hunter2@127.0.0.1:1"]);
    expect(secret.status).toBe(2);
    expect(secret.stderr).not.toContain("hunter2");
    expect(linesOf(secret.stderr)).toEqual(["clausecheck: redis://:***@127.0.0.1:1: cannot connect to Redis (ECONNREFUSED)"]);
  });

  it("worker --concurrency 0 and --stalled-after -1 are usage errors", () => {
    for (const bad of [["--concurrency", "0"], ["--stalled-after", "-1"]]) {
      const run = cli(["worker", ...bad]);
      expect(run.status).toBe(2);
      expect(linesOf(run.stderr)).toHaveLength(1);
    }
  });
});
