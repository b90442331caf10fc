import { type Dirent, readdirSync, realpathSync, statSync } from "node:fs";
import { extname, isAbsolute, join, relative, resolve } from "node:path";
import { displayPath } from "../display-path.js";
import { ClauseCheckError } from "../errors.js";
import type { DocumentError } from "../types.js";
import { plural } from "../plural.js";

/** File names a folder or a glob contributes: the formats clausecheck reads. */
export const AGREEMENT_EXTENSIONS = [".txt", ".htm", ".html", ".docx"] as const;

/** The name standard input gets in reports when `--stdin-filename` does not give one. */
export const STDIN_NAME = "<stdin>";

/** The first bytes of a zip archive, which a Word .docx file is. */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * Why bytes from standard input cannot be read under the name they were given: a Word .docx
 * file (a zip archive) named as something else, or not named at all, would be refused as a
 * binary file, with advice to rename a file that standard input has no name to change.
 */
export function stdinProblem(bytes: Uint8Array, name: string): ClauseCheckError | undefined {
  if (/\.docx$/i.test(name) || !ZIP_MAGIC.every((b, i) => bytes[i] === b)) return undefined;
  return new ClauseCheckError("BINARY", "standard input is a zip archive, as a Word .docx file is: use --stdin-filename NAME.docx to read it as one", { file: name });
}

/** One document to check, in the order of the command line. */
export type Input =
  | { kind: "file"; file: string }
  | { kind: "stdin"; file: string }
  /** An argument that names no document (an empty folder, a pattern nothing matches): reported like an unreadable file. */
  | { kind: "error"; file: string; error: DocumentError };

/** Options for expanding the command line's arguments. */
export interface ExpandOptions {
  /** The name to report standard input (`-`) under. */
  stdinName?: string;
  /**
   * Called once for each folder or pattern with files in it that clausecheck does not read (a
   * PDF, a spreadsheet), so that they are reported rather than dropped in silence. Hidden files,
   * sidecar waiver files (`deal.txt.waivers.yaml`) and config files are not counted.
   */
  onSkipped?: (arg: string, files: string[]) => void;
}

const isAgreementName = (name: string) => AGREEMENT_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext));

/** clausecheck's own files, which sit beside agreements: sidecar waivers and the config. */
const isOwnFile = (name: string) => /\.waivers\.ya?ml$|^clausecheck\.config\.(?:ya?ml|json)$/i.test(name);

/**
 * The line that reports the files a folder or pattern held that clausecheck does not read: their
 * names when there are a few, else a count by extension, e.g. `deals: skipped 2 files
 * clausecheck does not read (it reads .txt, .htm, .html and .docx): memo.pdf, scan.tif`.
 */
export function skippedNote(arg: string, files: string[]): string {
  const from = statOrUndefined(arg)?.isDirectory() ? arg : undefined;
  const names = files.map((f) => (from ? relative(from, f) : displayPath(f)));
  let list: string;
  if (names.length <= 3) list = names.join(", ");
  else {
    const counts = new Map<string, number>();
    for (const n of names) {
      const ext = extname(n).toLowerCase() || "(no extension)";
      counts.set(ext, (counts.get(ext) ?? 0) + 1);
    }
    list = [...counts].sort((a, b) => b[1] - a[1] || byPath(a[0], b[0])).map(([ext, n]) => `${n} ${ext}`).join(", ");
  }
  const reads = `${AGREEMENT_EXTENSIONS.slice(0, -1).join(", ")} and ${AGREEMENT_EXTENSIONS.at(-1)}`;
  return `${displayPath(arg)}: skipped ${plural(files.length, "file")} clausecheck does not read (it reads ${reads}): ${list}`;
}

/** Code-point order, the same on every machine and locale. */
const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Turns the arguments into the documents to check, in order: a file as it is; a folder as every
 * .txt, .htm, .html and .docx file under it (recursively, sorted, hidden entries skipped); a glob
 * pattern (quoted, so the shell leaves it alone) as the matching files of those kinds, sorted;
 * `-` as standard input. A path that exists is never read as a pattern, so names with brackets
 * or parentheses work as typed. A document named twice (or reached again through a link) is
 * checked once.
 */
export async function expandInputs(args: string[], options: ExpandOptions = {}): Promise<Input[]> {
  const out: Input[] = [];
  const seen = new Set<string>();
  const add = (input: Input) => {
    if (input.kind === "file") {
      // The same file reached twice (named again, or through a link) is one document.
      const key = realPathOrResolved(input.file);
      if (seen.has(key)) return;
      seen.add(key);
    }
    out.push(input);
  };
  let stdinSeen = false;
  for (const arg of args) {
    if (arg === "-") {
      if (stdinSeen) throw new ClauseCheckError("USAGE", "standard input (-) can be given only once");
      stdinSeen = true;
      out.push({ kind: "stdin", file: options.stdinName ?? STDIN_NAME });
      continue;
    }
    const info = statOrUndefined(arg);
    if (info?.isDirectory()) {
      // A folder that cannot be read, at the top or below, is an error in its place; the rest are still checked.
      const skipped: string[] = [];
      const found = walk(arg, new Set(), skipped);
      if (skipped.length > 0) options.onSkipped?.(arg, skipped);
      if (found.length === 0) add(noDocuments(arg, "EISDIR", `is a directory with no ${extensionList()} files`));
      for (const input of found) add(input);
    } else if (!info && /[*?[\]{}!]/.test(arg) && (await import("tinyglobby")).isDynamicPattern(arg)) {
      // The glob library loads only when a pattern is given.
      const { glob } = await import("tinyglobby");
      const matches = (await glob(arg, { onlyFiles: true, expandDirectories: false, absolute: isAbsolute(arg) })).sort(byPath);
      const files = matches.filter(isAgreementName);
      const skipped = matches.filter((f) => !isAgreementName(f) && !isOwnFile(baseName(f)));
      if (skipped.length > 0) options.onSkipped?.(arg, skipped);
      if (files.length === 0) add(noDocuments(arg, "ENOENT", `no ${extensionList()} file matches this pattern`));
      for (const f of files) add({ kind: "file", file: f });
    } else {
      // A missing or unreadable path is passed on: the reader reports it with its own code.
      add({ kind: "file", file: arg });
    }
  }
  return out;
}

function noDocuments(file: string, code: string, message: string): Input {
  return { kind: "error", file, error: { file, code, message } };
}

function extensionList(): string {
  return `${AGREEMENT_EXTENSIONS.slice(0, -1).join(", ")} or ${AGREEMENT_EXTENSIONS.at(-1)}`;
}

function realPathOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Every agreement file under a folder, sorted; hidden files and folders (`.git`) are skipped, and a link loop is followed once. */
export function agreementFiles(dir: string): string[] {
  return walk(dir).flatMap((i) => (i.kind === "file" ? [i.file] : []));
}

const baseName = (path: string) => path.slice(path.replace(/\\/g, "/").lastIndexOf("/") + 1);

/**
 * Every agreement file under a folder, in order, and in its place an error for each folder that
 * cannot be read; other files (not hidden, not clausecheck's own) go into `skipped`.
 */
function walk(dir: string, visited = new Set<string>(), skipped: string[] = []): Input[] {
  let entries: Dirent[];
  try {
    const real = realpathSync(dir);
    if (visited.has(real)) return [];
    visited.add(real);
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const denied = code === "EACCES" || code === "EPERM";
    return [noDocuments(dir, denied ? "EACCES" : "EREAD", `is a folder that cannot be read (${denied ? "permission denied" : (code ?? String(e))}): its documents were not checked`)];
  }
  const files: Input[] = [];
  for (const e of entries.sort((a, b) => byPath(a.name, b.name))) {
    if (e.name.startsWith(".")) continue;
    const path = join(dir, e.name);
    const isDir = e.isDirectory() || (e.isSymbolicLink() && statOrUndefined(path)?.isDirectory());
    if (isDir) files.push(...walk(path, visited, skipped));
    else if (isAgreementName(e.name)) files.push({ kind: "file", file: path });
    else if (!isOwnFile(e.name)) skipped.push(path);
  }
  return files;
}
