/**
 * Waivers from places a user did not choose (issue 14, item 10): `--no-waivers` sets aside every
 * waiver (config and sidecar) so a sidecar next to a received document cannot turn a failing
 * run into exit 0; each waiver applied names its file:line in the reports, JUnit included; and
 * a waiver glob with many stars is refused at once instead of matching for minutes.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STACK_LINE, cleanEnv, cliPath, ensureBuilt, repoRoot } from "../helpers/cli.js";
import { caseFolder, makeTmpDir, removeTmpDir } from "../helpers/tmp.js";

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = makeTmpDir("waivers");
}, 120_000);
afterAll(() => removeTmpDir(tmp));

/** A folder with a document missing its counterparts clause, as `deal.txt`. */
function caseDir(): string {
  return caseFolder(tmp, { "deal.txt": "samples/valence-counterparts-missing.txt" });
}

function run(args: string[], cwd: string) {
  return spawnSync(process.execPath, [cliPath, ...args], { cwd, env: cleanEnv(), encoding: "utf8", timeout: 20_000, killSignal: "SIGKILL" });
}

const SIDECAR = "waivers:\n  - rule: counterparts\n    reason: planted by whoever sent the document\n";

describe("waivers a user did not choose", () => {
  it("a sidecar waives the gap (exit 0) and says where it came from; --no-waivers sets it aside (exit 1)", () => {
    const dir = caseDir();
    writeFileSync(join(dir, "deal.txt.waivers.yaml"), SIDECAR);
    const waived = run(["--no-progress", "deal.txt"], dir);
    expect(waived.status).toBe(0);
    expect(waived.stdout).toMatch(/waived: planted by whoever sent the document .*\[deal\.txt\.waivers\.yaml:2\]/);
    const strict = run(["--no-progress", "--no-waivers", "deal.txt"], dir);
    expect(strict.status).toBe(1);
    expect(strict.stdout).not.toContain("waived");
  }, 60_000);

  it("--no-waivers sets aside the config's waivers too", () => {
    const dir = caseDir();
    writeFileSync(join(dir, "clausecheck.config.yaml"), "waivers:\n  - rule: counterparts\n    document: '**'\n    reason: everything\n");
    expect(run(["--no-progress", "deal.txt"], dir).status).toBe(0);
    expect(run(["--no-progress", "--no-waivers", "deal.txt"], dir).status).toBe(1);
  }, 60_000);

  it("a config with sidecarWaivers: false ignores the sidecar (exit 1) and keeps its own waivers", () => {
    const dir = caseDir();
    writeFileSync(join(dir, "deal.txt.waivers.yaml"), SIDECAR);
    writeFileSync(join(dir, "clausecheck.config.yaml"), "sidecarWaivers: false\n");
    const r = run(["--no-progress", "deal.txt"], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain("planted");
    writeFileSync(join(dir, "clausecheck.config.yaml"), "sidecarWaivers: false\nwaivers:\n  - rule: counterparts\n    document: deal.txt\n    reason: firm's own\n");
    expect(run(["--no-progress", "deal.txt"], dir).status).toBe(0);
  }, 60_000);

  it("diff honours --no-waivers and sidecarWaivers: false as check does", () => {
    const dir = caseDir();
    copyFileSync(join(repoRoot, "samples/valence-ridgeway-1999.txt"), join(dir, "old.txt"));
    writeFileSync(join(dir, "deal.txt.waivers.yaml"), SIDECAR);
    // The later draft lost its counterparts clause; the sidecar waives the gap it opened.
    expect(run(["diff", "old.txt", "deal.txt"], dir).status).toBe(0);
    const strict = run(["diff", "--no-waivers", "old.txt", "deal.txt"], dir);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toMatch(/opened\s+counterparts/);
    writeFileSync(join(dir, "clausecheck.config.yaml"), "sidecarWaivers: false\n");
    expect(run(["diff", "old.txt", "deal.txt"], dir).status).toBe(1);
  }, 60_000);

  it("JUnit names the waiver's file:line", () => {
    const dir = caseDir();
    writeFileSync(join(dir, "deal.txt.waivers.yaml"), SIDECAR);
    const r = run(["--format", "junit", "deal.txt"], dir);
    expect(r.stdout).toMatch(/<skipped message="waived: planted by whoever sent the document \[deal\.txt\.waivers\.yaml:2\]"/);
  }, 30_000);

  it("a waiver glob with many stars is refused in one line, at once", () => {
    const dir = caseDir();
    writeFileSync(join(dir, `${"a".repeat(200)}.txt`), "x");
    writeFileSync(join(dir, "clausecheck.config.yaml"), "waivers:\n  - rule: counterparts\n    document: '*a*a*a*a*a*b'\n    reason: slow\n");
    const t = performance.now();
    const r = run(["--no-progress", "deal.txt", `${"a".repeat(200)}.txt`], dir);
    expect(performance.now() - t).toBeLessThan(15_000);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).not.toContain(STACK_LINE);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/clausecheck\.config\.yaml:3:\d+: the waiver's document pattern is too complex/);
  }, 30_000);
});
