/** Temporary folders for generated fixtures: created under os.tmpdir(), never in the repository. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Creates a fresh folder under the system temp dir and returns its path. */
export function makeTmpDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `clausecheck-${label}-`));
}

/** Removes a folder made by makeTmpDir, ignoring one that is already gone. */
export function removeTmpDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}
