/** Temporary folders for generated fixtures: created under os.tmpdir(), never in the repository. */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./cli.js";

/** Creates a fresh folder under the system temp dir and returns its path. */
export function makeTmpDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `clausecheck-${label}-`));
}

/** Removes a folder made by makeTmpDir, ignoring one that is already gone. */
export function removeTmpDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/**
 * A fresh sub-folder of `parent` (made by makeTmpDir) holding a copy of each file of the
 * repository given, under the name given: `caseFolder(tmp, { "deal.txt": SEED })`.
 */
export function caseFolder(parent: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(parent, "case-"));
  for (const [name, from] of Object.entries(files)) copyFileSync(join(repoRoot, from), join(dir, name));
  return dir;
}
