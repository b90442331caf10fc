import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { ClauseCheckError, type ErrorCode } from "./errors.js";

/**
 * Largest rule, config or waiver sidecar file read: the bundled rules are under 20 KB each, so
 * a megabyte is room for any real one and keeps a hostile file from taking the run's memory.
 */
export const MAX_POLICY_BYTES = 1024 * 1024;

/**
 * The text of a small file clausecheck reads (a rule file, a config file, a waiver sidecar):
 * only a regular file, only up to `maxBytes`. The file is opened without blocking and checked
 * on the open descriptor, so a FIFO, a device (a link to /dev/zero) or a file swapped in after
 * a check can neither hang the run nor fill its memory. Throws ClauseCheckError (`code` for a
 * file that is not regular or too large; ENOENT, EACCES, EREAD when it cannot be opened).
 */
export function readBoundedText(file: string, what: string, code: ErrorCode = "EREAD", maxBytes = MAX_POLICY_BYTES): string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const c = (e as NodeJS.ErrnoException).code;
    if (c === "ENOENT") throw new ClauseCheckError("ENOENT", `no such ${what}`, { file });
    if (c === "EACCES" || c === "EPERM") throw new ClauseCheckError("EACCES", `cannot read the ${what}: permission denied`, { file });
    if (c === "EISDIR") throw new ClauseCheckError("EISDIR", `the ${what} is a directory, not a file`, { file });
    throw new ClauseCheckError("EREAD", `cannot read the ${what} (${c ?? String(e)})`, { file });
  }
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) throw new ClauseCheckError("EISDIR", `the ${what} is a directory, not a file`, { file });
    if (!info.isFile()) throw new ClauseCheckError(code, `the ${what} is not a regular file (a FIFO, device or socket)`, { file });
    const tooLarge = () => new ClauseCheckError(code, `the ${what} is over the ${maxBytes / 1024 / 1024} MB limit`, { file });
    if (info.size > maxBytes) throw tooLarge();
    // Read at most one byte past the limit: a file that grows while it is read is refused too.
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, maxBytes + 1 - length));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      length += n;
      if (length > maxBytes) throw tooLarge();
    }
    return Buffer.concat(chunks, length).toString("utf8");
  } catch (e) {
    if (e instanceof ClauseCheckError) throw e;
    throw new ClauseCheckError("EREAD", `cannot read the ${what} (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file });
  } finally {
    closeSync(fd);
  }
}
