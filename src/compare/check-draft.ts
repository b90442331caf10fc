import { checkAgreement } from "../check/check-agreement.js";
import { ClauseCheckError } from "../errors.js";
import { type ReadOptions, readSources, sourcesFromBytes } from "../ingest/read-document.js";
import type { RuleSet } from "../rules/rule-types.js";
import type { DocumentReport, Source } from "../types.js";

/**
 * Reads and checks one draft of an agreement, for a comparison: a file on disk, or bytes with
 * the name to report them under. A full EDGAR submission holding several agreements must be
 * narrowed to one with `read.document`: a draft is one agreement. Throws ClauseCheckError.
 */
export async function checkDraft(draft: string | { bytes: Uint8Array; name: string }, ruleSet: RuleSet, read: ReadOptions = {}): Promise<{ report: DocumentReport; source: Source }> {
  const file = typeof draft === "string" ? draft : draft.name;
  const sources = typeof draft === "string" ? await readSources(draft, read) : await sourcesFromBytes(draft.bytes, draft.name, read);
  const source = sources[0];
  if (sources.length !== 1 || !source) {
    throw new ClauseCheckError("USAGE", `holds ${sources.length} agreements (${sources.map((s) => s.documentType).join(", ")}); choose the one to compare with --document TYPE`, { file });
  }
  return { report: await checkAgreement(source, ruleSet), source };
}
