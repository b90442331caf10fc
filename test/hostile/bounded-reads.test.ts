/**
 * Unbounded reads (issue 14, items 8 and 13): standard input stops at the 64 MiB limit; a config
 * file, a rule file and a waiver sidecar are read only when regular and at most 1 MB. A FIFO or
 * a link to /dev/zero in their place is refused in one line (exit 2), never a hang or a heap
 * exhausted. FIFOs and links are made in a temp folder; /dev/zero is only ever read.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED, STACK_LINE, cleanEnv, cliPath, ensureBuilt, repoRoot } from "../helpers/cli.js";
import { caseFolder, makeTmpDir, removeTmpDir } from "../helpers/tmp.js";

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = makeTmpDir("bounded");
}, 120_000);
afterAll(() => removeTmpDir(tmp));

/** A fresh folder holding a copy of the seed as `deal.txt`. */
function caseDir(): string {
  return caseFolder(tmp, { "deal.txt": SEED });
}

/** The CLI in `cwd`, killed (SIGKILL) past 20 s: a hang is a failure, not an answer. */
function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, env: cleanEnv(), encoding: "utf8", timeout: 20_000, killSignal: "SIGKILL" });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** One line on stderr naming `name` and saying `problem`; exit 2; no stack. */
function expectOneLine(r: ReturnType<typeof run>, name: string, problem: RegExp): void {
  expect(r.signal).toBeNull();
  expect(r.status).toBe(2);
  expect(r.stderr).not.toContain(STACK_LINE);
  const lines = r.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(name);
  expect(lines[0]).toMatch(problem);
}

const hasMkfifo = spawnSync("mkfifo", ["--version"]).status === 0;
function mkfifo(path: string): void {
  const r = spawnSync("mkfifo", [path]);
  if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
}

describe("every read is bounded", () => {
  it("standard input stops at the 64 MiB limit", () => {
    const dir = caseDir();
    // 300 MB of zeros piped in; the CLI must stop reading past 64 MiB.
    const r = spawnSync("sh", ["-c", `head -c 300000000 /dev/zero | "${process.execPath}" "${cliPath}" --no-config -`], { cwd: dir, env: cleanEnv(), encoding: "utf8", timeout: 20_000, killSignal: "SIGKILL" });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/<stdin>: standard input is over the 64 MB limit/);
    expect(r.stderr).not.toContain(STACK_LINE);
  }, 30_000);

  it.skipIf(!hasMkfifo)("a waiver sidecar that is a FIFO is refused, not waited on", () => {
    const dir = caseDir();
    mkfifo(join(dir, "deal.txt.waivers.yaml"));
    expectOneLine(run(["--no-progress", "deal.txt"], dir), "deal.txt.waivers.yaml", /not a regular file/);
  }, 30_000);

  it("a waiver sidecar that links to /dev/zero is refused, not read", () => {
    const dir = caseDir();
    symlinkSync("/dev/zero", join(dir, "deal.txt.waivers.yaml"));
    expectOneLine(run(["--no-progress", "deal.txt"], dir), "deal.txt.waivers.yaml", /not a regular file/);
  }, 30_000);

  it("a waiver sidecar that is a folder is one line naming it, not an internal error", () => {
    const dir = caseDir();
    mkdirSync(join(dir, "deal.txt.waivers.yaml"));
    const r = run(["--no-progress", "deal.txt"], dir);
    expectOneLine(r, "deal.txt.waivers.yaml", /is a directory/);
    expect(r.stderr).not.toMatch(/internal error|please report/);
  }, 30_000);

  it("a waiver sidecar over 1 MB is refused", () => {
    const dir = caseDir();
    writeFileSync(join(dir, "deal.txt.waivers.yaml"), `waivers: []\n# ${"x".repeat(2 * 1024 * 1024)}\n`);
    expectOneLine(run(["--no-progress", "deal.txt"], dir), "deal.txt.waivers.yaml", /over the 1 MB limit/);
  }, 30_000);

  it.skipIf(!hasMkfifo)("a config file that is a FIFO is refused", () => {
    const dir = caseDir();
    mkfifo(join(dir, "clausecheck.config.yaml"));
    expectOneLine(run(["deal.txt"], dir), "clausecheck.config.yaml", /not a regular file/);
  }, 30_000);

  it("a config file that links to /dev/zero is refused", () => {
    const dir = caseDir();
    symlinkSync("/dev/zero", join(dir, "zero.yaml"));
    expectOneLine(run(["--config", "zero.yaml", "deal.txt"], dir), "zero.yaml", /not a regular file/);
  }, 30_000);

  it("a rule file with a 50 MB title is refused at the 1 MB limit, quickly", () => {
    const dir = caseDir();
    cpSync(join(repoRoot, "rules"), join(dir, "rules"), { recursive: true });
    const file = join(dir, "rules", "counterparts.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace(/^title: .*$/m, `title: ${"A".repeat(50 * 1024 * 1024)}`));
    const r = run(["--no-config", "--rules", "rules", "deal.txt"], dir);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/counterparts\.yaml.*over the 1 MB limit/);
    expect(r.stderr).not.toContain(STACK_LINE);
  }, 30_000);

  it("a rule title over 200 characters is refused by rules validate, at its line", () => {
    const dir = caseDir();
    cpSync(join(repoRoot, "rules"), join(dir, "rules"), { recursive: true });
    const file = join(dir, "rules", "counterparts.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace(/^title: .*$/m, `title: ${"A".repeat(500)}`));
    const r = run(["rules", "validate", "rules"], dir);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/counterparts\.yaml:\d+:\d+ +RULE_SCHEMA +title must NOT have more than 200 characters/);
  }, 30_000);

  it.skipIf(!hasMkfifo)("a rule file that is a FIFO is refused", () => {
    const dir = caseDir();
    cpSync(join(repoRoot, "rules"), join(dir, "rules"), { recursive: true });
    mkfifo(join(dir, "rules", "fifo.yaml"));
    const r = run(["--no-config", "--rules", "rules", "deal.txt"], dir);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/fifo\.yaml.*not a regular file/);
  }, 30_000);
});
