/**
 * The suite runs most test files in shared worker processes (vitest.config.ts, `isolate: false`):
 * a file that replaces a module or a global for its own tests must run alone, or the change
 * would reach the files run after it in the same process.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ISOLATED } from "../vitest.config.js";
import { repoRoot } from "./helpers/cli.js";

/** Calls that change a module or global for the rest of the process. */
const PROCESS_WIDE = /\bvi\s*\.\s*(?:mock|doMock|stubGlobal|stubEnv|unstubAllGlobals|unstubAllEnvs)\s*\(/;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : testFiles(path);
    return e.name.endsWith(".test.ts") ? [relative(repoRoot, path).split("\\").join("/")] : [];
  });
}

describe("vitest.config.ts", () => {
  const files = testFiles(join(repoRoot, "test"));

  it("every test file that mocks a module or stubs a global runs in a process of its own", () => {
    const mocking = files.filter((f) => PROCESS_WIDE.test(readFileSync(join(repoRoot, f), "utf8")));
    expect(mocking.length, "this check finds the one file known to mock a module").toBeGreaterThan(0);
    expect(mocking.filter((f) => !ISOLATED.includes(f)), "add these to ISOLATED in vitest.config.ts").toEqual([]);
  });

  it("every file listed as isolated exists (a misspelt name would run it nowhere)", () => {
    for (const f of ISOLATED) expect(existsSync(join(repoRoot, f)), f).toBe(true);
    expect(ISOLATED.every((f) => files.includes(f))).toBe(true);
  });
});
