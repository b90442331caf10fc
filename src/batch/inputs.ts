import { type Dirent, readdirSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { ClauseCheckError } from "../errors.js";
import type { DocumentError } from "../types.js";

/** File names a folder or a glob contributes: the formats clausecheck reads. */
export const AGREEMENT_EXTENSIONS = [".txt", ".htm", ".html", ".docx"] as const;

/** The name standard input gets in reports when `--stdin-filename` does not give one. */
export const STDIN_NAME = "<stdin>";

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
}

const isAgreementName = (name: string) => AGREEMENT_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext));

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
      const found = walk(arg);
      if (found.length === 0) add(noDocuments(arg, "EISDIR", `is a directory with no ${extensionList()} files`));
      for (const input of found) add(input);
    } else if (!info && /[*?[\]{}!]/.test(arg) && (await import("tinyglobby")).isDynamicPattern(arg)) {
      // The glob library loads only when a pattern is given.
      const { glob } = await import("tinyglobby");
      const files = (await glob(arg, { onlyFiles: true, expandDirectories: false, absolute: isAbsolute(arg) })).filter(isAgreementName).sort(byPath);
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

/** Every agreement file under a folder, in order, and in its place an error for each folder that cannot be read. */
function walk(dir: string, visited = new Set<string>()): Input[] {
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
    if (isDir) files.push(...walk(path, visited));
    else if (isAgreementName(e.name)) files.push({ kind: "file", file: path });
  }
  return files;
}
