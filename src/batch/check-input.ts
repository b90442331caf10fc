import { checkAgreement } from "../check/check-agreement.js";
import { displayPath } from "../display-path.js";
import { visibleName } from "../report/visible-text.js";
import { isClauseCheckError } from "../errors.js";
import { type ReadOptions, readSources, sourcesFromBytes } from "../ingest/read-document.js";
import type { RuleSet } from "../rules/rule-types.js";
import { type DocumentText, documentText } from "../report/document-text.js";
import type { DocumentError, DocumentReport } from "../types.js";

/** One input to check: a file to read, or bytes already read (standard input) with the name to give them. */
export interface InputTask {
  file: string;
  /** The document's bytes when they do not come from `file` on disk now: standard input, or a file read ahead (run-batch.ts). */
  bytes?: Uint8Array;
  read: ReadOptions;
  /** Keep each document's text (Source.text, with its line numbers), for a report that shows the agreement (HTML). */
  keepText: boolean;
}

/** What checking one input gave: its documents (one per agreement in the file), or why it could not be read. */
export type InputOutcome =
  | { ok: true; documents: DocumentReport[]; /** Each document's text, when asked for. */ texts?: DocumentText[] }
  | { ok: false; error: DocumentError; /** The one line for standard error: `file:line:column: message`. */ line: string };

/**
 * Reads and checks one input against a rule set. Never throws: an unreadable file, or a bug
 * met on one document, becomes an error outcome so that the other documents are still checked.
 */
export async function checkInput(task: InputTask, ruleSet: RuleSet): Promise<InputOutcome> {
  try {
    const sources = task.bytes ? await sourcesFromBytes(task.bytes, task.file, task.read) : await readSources(task.file, task.read);
    const documents: DocumentReport[] = [];
    for (const source of sources) documents.push(await checkAgreement(source, ruleSet));
    return task.keepText ? { ok: true, documents, texts: sources.map(documentText) } : { ok: true, documents };
  } catch (e) {
    return failedInput(task.file, e);
  }
}

/** The error outcome for an input: a ClauseCheckError as it stands, anything else as an internal error. */
export function failedInput(file: string, e: unknown): InputOutcome {
  if (isClauseCheckError(e)) return { ok: false, error: { file, code: e.code, message: e.reason }, line: e.toLine() };
  // A worker thread that ran out of heap is not a bug to report but a document too big for it.
  if ((e as NodeJS.ErrnoException | undefined)?.code === "ERR_WORKER_OUT_OF_MEMORY") {
    const message = "ran out of memory while being checked: try --jobs 1, or more heap with NODE_OPTIONS=--max-old-space-size=8192";
    return { ok: false, error: { file, code: "OUT_OF_MEMORY", message }, line: visibleName(`${displayPath(file)}: ${message}`) };
  }
  const message = `internal error: ${e instanceof Error ? e.message : String(e)} (please report it)`;
  // CLAUSECHECK_DEBUG=1 shows where a bug struck, as for an error outside a document.
  const stack = process.env.CLAUSECHECK_DEBUG && e instanceof Error ? `\n${e.stack}` : "";
  return { ok: false, error: { file, code: "INTERNAL", message }, line: `${visibleName(`${displayPath(file)}: ${message}`)}${stack}` };
}
