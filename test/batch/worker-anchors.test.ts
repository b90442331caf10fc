/**
 * A worker thread is handed the rule set as a copy (workerData) and never loads the rules, so
 * it must register every rule's anchor words before its first document, as loadRules does in
 * the thread that loads them. Registered pattern by pattern as documents met them instead, the
 * scan was rebuilt with each new word (about 70 ms of every worker's first document, issue 12).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { loadRules } from "../../dist/rules/load-rules.js";
import { ensureBuilt, repoRoot } from "../helpers/cli.js";

ensureBuilt();

/** The anchor scan a worker thread of the pool holds once its module (dist/batch/worker.js) is loaded, before any task. */
function scanInWorker(ruleSet: unknown): Promise<string> {
  const code = `
    const { parentPort } = require("node:worker_threads");
    import(${JSON.stringify(join(repoRoot, "dist", "batch", "worker.js"))})
      .then(() => import(${JSON.stringify(join(repoRoot, "dist", "rules", "anchors.js"))}))
      .then((a) => parentPort.postMessage(a.anchorScan([]).source));`;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: { ruleSet } });
    w.once("message", (m: string) => {
      resolve(m);
      void w.terminate();
    });
    w.once("error", reject);
  });
}

describe("a worker thread's anchor scan", () => {
  it("holds every rule's anchor words before the first document: the build's scan for the bundled rules", async () => {
    const ruleSet = loadRules(join(repoRoot, "rules"));
    const source = await scanInWorker(ruleSet);
    const built = JSON.parse(readFileSync(join(repoRoot, "dist", "anchor-scan.json"), "utf8")) as { source: string };
    expect(source).toBe(built.source);
    // Every find pattern's anchor words are in it (one of each pattern's alternatives, as written).
    for (const rule of ruleSet.rules) {
      for (const p of rule.find) {
        for (const words of p.phrase?.program.anchors ?? []) expect(new RegExp(source, "i").test(words[0] as string), `${rule.id}: ${words[0]}`).toBe(true);
      }
    }
  });
});
