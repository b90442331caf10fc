/**
 * Where a report goes: standard output, or the --output file, written so that the path given is
 * the only thing that can change and nothing that was there is lost by accident.
 *
 * - A regular file (or a new one) is written atomically: the report goes to a temporary file
 *   beside it, renamed into place by `close`, so an interrupted run never leaves half a report.
 *   The temporary file has a random name and is created exclusively without following links
 *   (O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600), so a link planted in a shared folder cannot turn the
 *   write onto another file. The report keeps the replaced file's mode (an HTML report holds the
 *   whole agreement: 0600 is never widened) and, where the process may, its owner; a new report
 *   is 0600.
 * - Anything else that exists at the path (a terminal, /dev/null, a FIFO, a socket) is written
 *   into, never replaced: nothing is created, truncated or renamed there. The process's own
 *   standard output or error (`-o /dev/stdout`) is written as such.
 * - Refused before anything is checked, each in one line: a path that is one of the run's input
 *   files, a read-only file (even for root, who could replace it), a directory, and a symbolic
 *   link to a regular file or to nothing. A link is neither replaced nor written through to a
 *   file, since a link planted where the report goes would otherwise choose what it overwrites;
 *   a link to a device or a pipe (/dev/stdout, /dev/stderr) is written into, as above.
 *
 * Temporary files still open are listed, so that `discardUnfinishedReportsAndExit` can remove them
 * when the process is interrupted (src/cli.ts calls it on SIGINT, SIGTERM and SIGHUP).
 */
import { type Stats, constants, fstatSync, statSync, unlinkSync } from "node:fs";
import { type FileHandle, access, lstat, open, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { displayPath } from "../display-path.js";
import { ClauseCheckError } from "../errors.js";

/** Where a report goes, written piece by piece (one JSON line per document) or at once. */
export interface ReportSink {
  write(text: string): Promise<void>;
  /** Finishes the report: for a file, renames the temporary file into place. */
  close(): Promise<void>;
  /** Gives up: for a file, removes the temporary file and leaves any earlier report as it was. */
  abort(): Promise<void>;
}

/** What a report file must not be. */
export interface ReportSinkOptions {
  /** The files the run reads: the report may replace none of them (by any name or link). */
  inputs?: readonly string[];
}

/**
 * Standard output, or the file `output` (see the module comment for how each kind of path is
 * written). Checks the path first and, for a regular file, creates the temporary file at once,
 * so a report that cannot be written is an error before any document is checked. Throws
 * ClauseCheckError: USAGE for an input file or a symbolic link given as `output`, EISDIR for a
 * directory, EACCES for a read-only file, EREAD when the temporary file cannot be created.
 */
export async function openReportSink(output: string | undefined, options: ReportSinkOptions = {}): Promise<ReportSink> {
  if (!output) return stdoutSink();
  const target = await reportTarget(output, options.inputs ?? []);
  if (target.kind === "regular") return await atomicFileSink(output, target.replaces);
  // `-o /dev/stdout` (or /dev/fd/1): the process's own output, which Node may hold as a socket
  // that cannot be opened by name.
  if (sameFile(target.info, descriptorStat(1))) return streamSink(process.stdout);
  if (sameFile(target.info, descriptorStat(2))) return streamSink(process.stderr);
  return specialFileSink(output, target.throughLink);
}

/** Temporary report files not yet renamed into place or removed. */
const unfinished = new Set<string>();
/** Temporary files being created, whose names are not known to be this process's yet. */
let creating = 0;
/** The exit code of a signal that came while a temporary file was being created. */
let exitOnceCreated: number | undefined;

/**
 * Removes every temporary report file this process has open, synchronously, for a signal
 * handler that is about to exit. An earlier report at the same path is left as it was.
 */
function discardUnfinishedReports(): void {
  for (const tmp of unfinished) {
    try {
      unlinkSync(tmp);
    } catch {
      // Already renamed into place or removed.
    }
  }
  unfinished.clear();
}

/**
 * For a signal handler: removes the temporary report files and exits with `code`. A temporary
 * file whose creation is under way (on disk already, perhaps, but not yet known to be this
 * process's: the name may have been someone else's) is waited for, then removed, then the
 * process exits: a few milliseconds at most.
 */
export function discardUnfinishedReportsAndExit(code: number): void {
  if (creating > 0) {
    exitOnceCreated = code;
    return;
  }
  discardUnfinishedReports();
  process.exit(code);
}

function stdoutSink(): ReportSink {
  return streamSink(process.stdout);
}

function streamSink(stream: NodeJS.WriteStream): ReportSink {
  return {
    write: (text) =>
      new Promise((resolve) => {
        // Wait for a slow reader (`| less`) rather than buffering every document in memory.
        if (stream.write(text)) resolve();
        else stream.once("drain", () => resolve());
      }),
    close: async () => undefined,
    abort: async () => undefined,
  };
}

// ─── What the path is ────────────────────────────────────────────────────────────────────────────

type Target =
  /** A regular file to replace, or nothing yet (`replaces` undefined). */
  | { kind: "regular"; replaces: Stats | undefined }
  /** A device, FIFO or socket to write into; `throughLink` when the path is a link to it. */
  | { kind: "special"; info: Stats; throughLink: boolean };

const failure = (output: string, e: unknown) =>
  new ClauseCheckError("EREAD", `cannot write the report (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file: output });

const errorCode = (e: unknown) => (e as NodeJS.ErrnoException).code;

async function reportTarget(output: string, inputs: readonly string[]): Promise<Target> {
  let link: Stats;
  try {
    link = await lstat(output);
  } catch (e) {
    if (errorCode(e) === "ENOENT") return { kind: "regular", replaces: undefined };
    throw failure(output, e);
  }
  const followed = link.isSymbolicLink() ? await stat(output).catch(() => undefined) : link;
  if (followed?.isFile() && isInput(followed, inputs)) {
    throw new ClauseCheckError("USAGE", "is also an input of this run: the report would replace the agreement; write it to another file", { file: output });
  }
  if (link.isSymbolicLink()) {
    if (followed && !followed.isFile() && !followed.isDirectory()) return { kind: "special", info: followed, throughLink: true };
    throw new ClauseCheckError(
      "USAGE",
      `is a symbolic link${followed ? "" : " to nothing"}: a report neither replaces a link nor writes through it to a file; give the path of the file itself`,
      { file: output },
    );
  }
  if (link.isDirectory()) throw new ClauseCheckError("EISDIR", "is a directory: give a file name for the report", { file: output });
  if (!link.isFile()) return { kind: "special", info: link, throughLink: false };
  // Renaming over a file needs only the folder's permission: ask for the file's own, as `>` would,
  // and refuse a file nobody may write even when running as root.
  const writable = (link.mode & 0o222) !== 0 && (await access(output, constants.W_OK).then(() => true, () => false));
  if (!writable) {
    throw new ClauseCheckError("EACCES", "is read-only: the report does not replace it; make it writable or write the report to another file", { file: output });
  }
  return { kind: "regular", replaces: link };
}

/** True when `target` is the same file (device and inode) as one of the inputs. */
function isInput(target: Stats, inputs: readonly string[]): boolean {
  return inputs.some((input) => {
    try {
      return sameFile(target, statSync(input));
    } catch {
      // An input that cannot be looked at (gone, a link loop) is reported when it is read.
      return false;
    }
  });
}

const sameFile = (a: Stats, b: Stats | undefined) => b !== undefined && a.dev === b.dev && a.ino === b.ino;

/** What an open descriptor of this process is, or undefined when it is closed. */
function descriptorStat(fd: number): Stats | undefined {
  try {
    return fstatSync(fd);
  } catch {
    return undefined;
  }
}

// ─── Writing ─────────────────────────────────────────────────────────────────────────────────────

/** A regular file, replaced by renaming a temporary file over it (or created so). */
async function atomicFileSink(output: string, replaces: Stats | undefined): Promise<ReportSink> {
  const { handle, tmp } = await createTemporary(output);
  let closed = false;
  const discard = async () => {
    if (!closed) {
      closed = true;
      await handle.close().catch(() => undefined);
    }
    await unlink(tmp).catch(() => undefined);
    unfinished.delete(tmp);
  };
  return {
    write: async (text) => {
      try {
        await handle.writeFile(text);
      } catch (e) {
        throw failure(output, e);
      }
    },
    close: async () => {
      try {
        if (replaces) await keepOwnerAndMode(handle, replaces);
        closed = true;
        await handle.close();
        // rename replaces whatever is at `output` now, a link included, and never follows it.
        await rename(tmp, output);
        unfinished.delete(tmp);
      } catch (e) {
        await discard();
        throw failure(output, e);
      }
    },
    abort: discard,
  };
}

/** A new temporary file beside `output`, created exclusively, never through a link. */
async function createTemporary(output: string): Promise<{ handle: FileHandle; tmp: string }> {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  // node:crypto is loaded here, not with the module: a check printing to the terminal never needs it.
  const { randomBytes } = await import("node:crypto");
  for (let attempt = 1; ; attempt++) {
    const tmp = join(dirname(output), `.${basename(output)}.${randomBytes(8).toString("hex")}.tmp`);
    creating++;
    try {
      const handle = await open(tmp, flags, 0o600);
      unfinished.add(tmp);
      return { handle, tmp };
    } catch (e) {
      // Something already has this name (a planted file or link): take another name.
      if (errorCode(e) === "EEXIST" && attempt < 8) continue;
      throw failure(output, e);
    } finally {
      creating--;
      if (creating === 0 && exitOnceCreated !== undefined) discardUnfinishedReportsAndExit(exitOnceCreated);
    }
  }
}

/** Gives the new report the replaced file's owner (where the process may) and mode. */
async function keepOwnerAndMode(handle: FileHandle, replaced: Stats): Promise<void> {
  const mine = await handle.stat();
  if (mine.uid !== replaced.uid || mine.gid !== replaced.gid) {
    // Only root may give a file away; anyone else keeps their own ownership.
    await handle.chown(replaced.uid, replaced.gid).catch(() => undefined);
  }
  await handle.chmod(replaced.mode & 0o777);
}

/**
 * A device, FIFO or socket, written into: opened when the first text comes (a FIFO blocks until
 * something reads it), without creating or truncating anything, and checked again once open in
 * case the path was swapped for a regular file meanwhile.
 */
function specialFileSink(output: string, throughLink: boolean): ReportSink {
  let opened: Promise<FileHandle> | undefined;
  const openOnce = () => {
    opened ??= (async () => {
      const handle = await open(output, constants.O_WRONLY | (throughLink ? 0 : constants.O_NOFOLLOW)).catch((e: unknown) => {
        throw failure(output, e);
      });
      const s = await handle.stat();
      if (s.isFile() || s.isDirectory()) {
        await handle.close();
        throw new ClauseCheckError("USAGE", "changed into a regular file while the report was being written; run again", { file: output });
      }
      return handle;
    })();
    return opened;
  };
  const close = async () => {
    if (!opened) return;
    const handle = await opened.catch(() => undefined);
    await handle?.close().catch(() => undefined);
  };
  return {
    write: async (text) => {
      const handle = await openOnce();
      try {
        await handle.writeFile(text);
      } catch (e) {
        throw failure(output, e);
      }
    },
    close,
    abort: close,
  };
}

/** The one line `--output` leaves on standard error: what it wrote, and where. */
export function noteWritten(output: string, what: string): void {
  process.stderr.write(`clausecheck: wrote ${displayPath(output)} (${what})\n`);
}
