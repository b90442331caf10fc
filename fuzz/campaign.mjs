#!/usr/bin/env node
/**
 * The long fuzz campaign of issue 6 (`npm run fuzz`, not run in CI): the properties of
 * test/fuzz/*.test.ts (fuzz/properties.mjs), against the built library in dist/, with many
 * more runs and a time limit, and two shapes of issue 14 only the campaign runs: full EDGAR
 * submissions with up to 300 tiny exhibits (every exhibit read, checked and placed, in
 * linear time) and a long repetition beside a repeated group (refused, or quick).
 *
 *   FUZZ_RUNS   runs per property (default 20000)
 *   FUZZ_TIME   seconds for the whole campaign, shared evenly by the properties (default 600)
 *   FUZZ_SEED   fast-check seed (default: random, printed)
 *   FUZZ_ONLY   run only the properties whose name contains this text
 *   FUZZ_TRACE  a file to write each input to before it runs (to catch one that hangs)
 *
 * Prints, per property, how many cases ran and, for a failure, the shrunk counterexample and
 * the error; exits 1 when any property failed.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import fc from "fast-check";
import { properties } from "./properties.mjs";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const lib = await import(join(repoRoot, "dist", "index.js"));
const { readRuleFile } = await import(join(repoRoot, "dist", "rules", "load-rules.js"));
// Every exhibit of a full EDGAR submission (the library's sourceFromBytes gives the first).
const { sourcesFromBytes } = await import(join(repoRoot, "dist", "ingest", "read-document.js"));

const runs = Number(process.env.FUZZ_RUNS ?? 20_000);
const seconds = Number(process.env.FUZZ_TIME ?? 600);
const seed = process.env.FUZZ_SEED === undefined ? Date.now() ^ (Math.random() * 0x100000000) : Number(process.env.FUZZ_SEED);
const only = process.env.FUZZ_ONLY;

const readSchema = (name) => JSON.parse(readFileSync(join(repoRoot, "schemas", name), "utf8"));
const ajv = new Ajv({ strict: true, allErrors: true });
const validateAgreement = ajv.compile(readSchema("agreement.schema.json"));
const validateReport = ajv.compile(readSchema("report.schema.json"));

const tmp = mkdtempSync(join(tmpdir(), "clausecheck-fuzz-"));
const env = { lib: { ...lib, readRuleFile, sourcesFromBytes }, rules: lib.loadRules(lib.bundledRulesDir), validateAgreement, validateReport, repoRoot, tmp, ...(process.env.FUZZ_TRACE ? { trace: process.env.FUZZ_TRACE } : {}) };
const all = Object.entries(properties(fc, env, { maxRun: 200_000 })).filter(([name]) => !only || name.includes(only));

const show = (v) => {
  const s = fc.stringify(v);
  return s.length > 2000 ? `${s.slice(0, 2000)}… (${s.length} characters)` : s;
};

console.log(`clausecheck fuzz campaign: ${all.length} properties, up to ${runs} runs each, ${seconds} s in all, seed ${seed}`);
const started = performance.now();
let total = 0;
let failures = 0;
try {
  for (const [k, [name, property]] of all.entries()) {
    const t = performance.now();
    // The time left, shared by the properties still to run (a fast one leaves its share to the others).
    const perProperty = Math.max(1000, (seconds * 1000 - (t - started)) / (all.length - k));
    const result = await fc.check(property, { numRuns: runs, seed, interruptAfterTimeLimit: perProperty, markInterruptAsFailure: false });
    const ran = result.numRuns;
    total += ran;
    const secs = ((performance.now() - t) / 1000).toFixed(1);
    if (!result.failed) {
      console.log(`✓ ${name}: ${ran} cases in ${secs} s${result.interrupted ? " (time limit)" : ""}`);
      continue;
    }
    failures++;
    console.log(`✗ ${name}: failed after ${ran} cases in ${secs} s (seed ${result.seed}, path "${result.counterexamplePath}", shrunk ${result.numShrinks} times)`);
    console.log(`    counterexample: ${show(result.counterexample)}`);
    const error = result.errorInstance instanceof Error ? result.errorInstance : new Error(String(result.errorInstance));
    console.log(`    error: ${String(error.message).split("\n").join("\n           ")}`);
    if (!/^(?:sourceFrom|rule loader)/.test(error.message) && error.stack) console.log(error.stack.split("\n").slice(1, 6).join("\n"));
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`${total} cases in ${((performance.now() - started) / 1000).toFixed(0)} s; ${failures} of ${all.length} properties failed`);
process.exitCode = failures > 0 ? 1 : 0;
