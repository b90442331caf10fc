/**
 * A document that never finishes must not stall a run: past the per-document deadline
 * (--timeout) its worker is ended, it gets one TIMEOUT line (exit 2), and every other document
 * is still reported, in jsonl as it finishes. The slow document here is real work, not a trick:
 * a rule's regular expression that the backtracking checker accepts ([a-z]{1,999}x, linear but
 * a thousand steps a character) over 8 MB of letters, which takes about half a minute of CPU.
 * Timings are not asserted beyond a generous bound.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED, STACK_LINE, cleanEnv, cliPath, ensureBuilt, linesOf, repoRoot } from "../helpers/cli.js";

let dir: string;
let rules: string;
let slow: string;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "clausecheck-timeout-"));
  rules = join(dir, "rules");
  cpSync(join(repoRoot, "rules"), rules, { recursive: true });
  const file = join(rules, "prospectus-supplement.yaml");
  const text = readFileSync(file, "utf8");
  const out = text.replace(/^( +)find:\n((?:[ \t]*#.*\n)*)( +- )/m, (_, indent: string, comments: string, dash: string) => `${indent}find:\n${comments}${dash}regex: '[a-z]{1,999}x'\n${dash}`);
  if (out === text) throw new Error("the find list of prospectus-supplement.yaml changed shape");
  writeFileSync(file, out);
  slow = join(dir, "slow.txt");
  writeFileSync(slow, `Agreement.\n${"a".repeat(8_000_000)}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): { status: number | null; stdout: string; stderr: string; seconds: number } {
  const start = Date.now();
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd: repoRoot, env: cleanEnv(), encoding: "utf8", timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, seconds: (Date.now() - start) / 1000 };
}

describe("--timeout: one document past its deadline does not stall the run", () => {
  it("several documents: the slow one is a TIMEOUT line, the others are reported in jsonl, exit 2", () => {
    // 4 s: the slow document burns a core until then; the seed needs a fraction of a second on its
    // worker, counted from when that worker takes it, even on a loaded machine.
    const r = run(["check", slow, SEED, "-r", rules, "-f", "jsonl", "-j", "2", "--timeout", "4", "--no-config"]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.seconds).toBeLessThan(100);
    const lines = linesOf(r.stdout).map((l) => JSON.parse(l) as { file: string; code?: string; results?: unknown[] });
    expect(lines.find((l) => l.file === slow)).toMatchObject({ code: "TIMEOUT" });
    expect(lines.find((l) => l.file === SEED)?.results).toHaveLength(5);
    const errors = linesOf(r.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/slow\.txt: not checked within 4 s/);
    expect(r.stderr).not.toContain(STACK_LINE);
  }, 120_000);

  it("a single document with --timeout is checked on a worker and stopped: one line, exit 2", () => {
    // 1 s: nothing else waits on this run, and the slow document burns a core until the deadline.
    const r = run(["check", slow, "-r", rules, "--timeout", "1", "--no-config"]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.seconds).toBeLessThan(100);
    expect(linesOf(r.stderr)).toEqual([expect.stringMatching(/slow\.txt: not checked within 1 s/)]);
    expect(r.stderr).not.toContain(STACK_LINE);
  }, 120_000);

  it("--timeout 0 and --timeout soon are usage errors", () => {
    for (const value of ["0", "soon", "-1"]) {
      const r = run(["check", SEED, "--timeout", value]);
      expect(r.status).toBe(2);
      expect(linesOf(r.stderr)).toHaveLength(1);
      expect(r.stderr).not.toContain(STACK_LINE);
    }
  }, 60_000);
});
