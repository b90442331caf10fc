/**
 * What a plain `check` does not load (issue 12): the schema validators of rule and vocabulary
 * files (the bundled ones were checked by the build) and the glob library (only a waiver needs
 * it). A preload records every CommonJS module the run required; the same preload sees them
 * when they are needed, so it can tell.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED, cleanEnv, cliPath, ensureBuilt, repoRoot } from "./helpers/cli.js";
import { makeTmpDir, removeTmpDir } from "./helpers/tmp.js";

let tmp: string;
let preload: string;
beforeAll(() => {
  ensureBuilt();
  tmp = makeTmpDir("startup-modules");
  preload = join(tmp, "preload.cjs");
  writeFileSync(preload, `process.on("exit", () => require("node:fs").writeFileSync(process.env.MODULES_LOG, Object.keys(require.cache).join("\\n")));\n`);
}, 120_000);
afterAll(() => removeTmpDir(tmp));

/** The CommonJS modules a CLI run in `cwd` required, and its exit code. */
function required(args: string[], cwd: string, log: string): { status: number | null; modules: string[] } {
  const r = spawnSync(process.execPath, ["--require", preload, cliPath, ...args], { cwd, env: { ...cleanEnv(), MODULES_LOG: log }, encoding: "utf8", timeout: 30_000 });
  expect(r.stderr).toBe("");
  return { status: r.status, modules: readFileSync(log, "utf8").split("\n") };
}

describe("start-up cost of a plain check", () => {
  it("loads no schema validator and no glob library; a waiver's pattern loads the glob library", () => {
    const plain = required(["check", "--no-config", join(repoRoot, SEED)], tmp, join(tmp, "plain.log"));
    expect(plain.status).toBe(0);
    expect(plain.modules.filter((m) => /dist\/validators\/|node_modules\/picomatch\//.test(m))).toEqual([]);
    // The same run with a waiver whose document is a pattern: picomatch is required then.
    copyFileSync(join(repoRoot, "samples", "valence-counterparts-missing.txt"), join(tmp, "deal.txt"));
    writeFileSync(join(tmp, "clausecheck.config.yaml"), "waivers:\n  - rule: counterparts\n    document: 'deal*.txt'\n    reason: signed in person\n");
    const waived = required(["check", "deal.txt"], tmp, join(tmp, "waived.log"));
    expect(waived.status).toBe(0);
    expect(waived.modules.some((m) => m.includes("node_modules/picomatch/"))).toBe(true);
    // A config is validated at run time: its validator is required then.
    expect(waived.modules.some((m) => m.includes("dist/validators/config.cjs"))).toBe(true);
  });
});
