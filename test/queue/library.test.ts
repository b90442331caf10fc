/**
 * The queue through the library: enqueue, runWorker and collectResults, in this process, against
 * a real redis-server. The results equal what checkInputs gives for the same inputs.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DocumentReport,
  type WorkerEvent,
  bundledRulesDir,
  checkInputs,
  collectResults,
  enqueue,
  expandInputs,
  isClauseCheckError,
  loadRules,
  queueStatus,
  rulesFingerprint,
  runWorker,
} from "../../src/index.js";
import { ensureBuilt, repoRoot } from "../helpers/cli.js";
import { waitForStatus } from "../helpers/queue.js";
import { NO_REDIS, type TestRedis, hasRedis, startRedis } from "../helpers/redis.js";

let redis: TestRedis;
beforeAll(async () => {
  ensureBuilt();
  if (hasRedis) redis = await startRedis();
}, 120_000);
afterAll(async () => redis?.dispose());

describe.skipIf(!hasRedis)(`the queue's library API (${hasRedis ? "redis-server found" : NO_REDIS})`, () => {
  it("enqueue, runWorker, collectResults: the documents checkInputs gives, in the order they were added", async () => {
    const rules = loadRules(bundledRulesDir);
    const inputs = await expandInputs([join(repoRoot, "samples/valence-s3-*.txt"), join(repoRoot, "samples/missing.txt"), join(repoRoot, "test/fixtures/corpus")]);
    const conn = { redis: redis.url, queue: "library" };
    const summary = await enqueue(inputs, rules, conn);
    expect(summary).toMatchObject({ queue: "library", fingerprint: rulesFingerprint(rules), added: 11, existing: 0 });
    expect(summary.unreadable.map((u) => u.error.code)).toEqual(["ENOENT"]);
    expect((await enqueue(inputs, rules, conn)).added).toBe(0);

    const events: WorkerEvent[] = [];
    const worker = await runWorker(rules, { ...conn, concurrency: 2, onEvent: (e) => events.push(e) });
    expect(worker.fingerprint).toBe(summary.fingerprint);
    await waitForStatus(conn, (s) => s.completed === 11);
    await worker.close();
    await worker.closed;
    expect(events).toEqual([]);

    const results = await collectResults(rules, conn);
    expect(results.items.every((i) => i.kind === "documents")).toBe(true);
    const expected: DocumentReport[] = [];
    for await (const { outcome } of checkInputs(inputs, rules, { jobs: 1 })) if (outcome.ok) expected.push(...outcome.documents);
    const got = results.items.flatMap((i) => (i.kind === "documents" ? i.documents : []));
    expect(got).toEqual(JSON.parse(JSON.stringify(expected)));
    expect((await queueStatus(conn)).ruleSets).toEqual([{ fingerprint: summary.fingerprint, documents: 11, results: 11 }]);
  }, 120_000);

  it("a worker with other rules: `closed` rejects with a FINGERPRINT error naming the document; the job stays queued", async () => {
    const rules = loadRules(bundledRulesDir);
    const conn = { redis: redis.url, queue: "refused" };
    await enqueue(await expandInputs([join(repoRoot, "samples/valence-ridgeway-1999.txt")]), rules, conn);
    const other = loadRules(bundledRulesDir, { disable: ["counterparts"] });
    const worker = await runWorker(other, { ...conn, concurrency: 1 });
    const error = await worker.closed.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isClauseCheckError(error) && error.code).toBe("FINGERPRINT");
    expect(isClauseCheckError(error) && error.file).toBe(join(repoRoot, "samples/valence-ridgeway-1999.txt"));
    expect(await queueStatus(conn)).toMatchObject({ waiting: 1, active: 0, completed: 0, failed: 0 });
  }, 60_000);
});
