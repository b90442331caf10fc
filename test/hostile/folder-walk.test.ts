/**
 * Silent gaps in folder walks (issue 14, item 11): a folder that cannot be read, below the one
 * named or the one named itself, is an error in its place (exit 2), never skipped in silence or
 * reported as holding no documents; the other documents are still checked.
 *
 * As root, permissions do not bite, so the walk is also tested with `readdirSync` refusing one
 * folder (EACCES), which runs everywhere; the CLI cases with chmod are skipped as root, visibly.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { chmodSync, copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SEED, STACK_LINE, cleanEnv, cliPath, ensureBuilt, repoRoot } from "../helpers/cli.js";
import { makeTmpDir, removeTmpDir } from "../helpers/tmp.js";

vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  return {
    ...real,
    // A folder named "locked" refuses to be listed, as an unreadable one does for a user.
    readdirSync: ((path: fs.PathLike, options?: unknown) => {
      if (String(path).endsWith("locked")) throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(path)}'`), { code: "EACCES" });
      return (real.readdirSync as (p: fs.PathLike, o?: unknown) => unknown)(path, options);
    }) as typeof real.readdirSync,
  };
});

const { expandInputs } = await import("../../src/batch/inputs.js");

const isRoot = process.getuid?.() === 0;
let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = makeTmpDir("walk");
}, 120_000);
afterAll(() => {
  for (const d of ["cli-sub/locked", "cli-top"]) {
    try {
      chmodSync(join(tmp, d), 0o755);
    } catch {
      // not made (skipped as root)
    }
  }
  removeTmpDir(tmp);
});

/** `dir` with the seed in it and in a readable subfolder, and a subfolder `locked` holding one too. */
function tree(name: string): string {
  const dir = join(tmp, name);
  for (const sub of ["", "open", "locked"]) {
    mkdirSync(join(dir, sub), { recursive: true });
    copyFileSync(join(repoRoot, SEED), join(dir, sub, "deal.txt"));
  }
  return dir;
}

describe("a folder that cannot be read", () => {
  it("below the folder named: an error in its place, the other documents kept", async () => {
    const dir = tree("walk-sub");
    const inputs = await expandInputs([dir]);
    expect(inputs.map((i) => i.kind)).toEqual(["file", "error", "file"]);
    const error = inputs[1];
    expect(error?.kind === "error" && error.error.code).toBe("EACCES");
    expect(error?.file).toBe(join(dir, "locked"));
    expect(error?.kind === "error" && error.error.message).toMatch(/cannot be read \(permission denied\)/);
  });

  it("the folder named itself: 'cannot be read', not 'no .txt files'", async () => {
    const dir = join(tree("walk-top"), "locked");
    const inputs = await expandInputs([dir]);
    expect(inputs).toHaveLength(1);
    expect(inputs[0]?.kind === "error" && inputs[0].error.message).toMatch(/cannot be read \(permission denied\)/);
  });

  it.skipIf(isRoot)("CLI: an unreadable subfolder is exit 2 with one line, the rest checked (skipped as root: permissions do not bite)", () => {
    const dir = join(tmp, "cli-sub");
    for (const sub of ["", "locked"]) {
      mkdirSync(join(dir, sub), { recursive: true });
      copyFileSync(join(repoRoot, SEED), join(dir, sub, "deal.txt"));
    }
    chmodSync(join(dir, "locked"), 0o000);
    const r = spawnSync(process.execPath, [cliPath, "--no-config", "--format", "json", dir], { env: cleanEnv(), encoding: "utf8", timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).not.toContain(STACK_LINE);
    expect(r.stderr).toMatch(/locked: is a folder that cannot be read/);
    expect((JSON.parse(r.stdout) as { documents: unknown[] }).documents).toHaveLength(1);
  });

  it.skipIf(isRoot)("CLI: an unreadable folder named on the command line is exit 2, 'cannot be read' (skipped as root)", () => {
    const dir = join(tmp, "cli-top");
    mkdirSync(dir);
    chmodSync(dir, 0o000);
    const r = spawnSync(process.execPath, [cliPath, "--no-config", dir], { env: cleanEnv(), encoding: "utf8", timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot be read \(permission denied\)/);
  });
});
