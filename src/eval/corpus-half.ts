/**
 * The fixed split of the corpus into a tune half and a check half. Rule authors write and tune
 * patterns against the tune half only; the check half, never read to tune, measures how well
 * the rules generalise to phrasings they were not written against.
 */
import { createHash } from "node:crypto";
import { basename } from "node:path";

/** The two halves of the corpus. */
export type CorpusHalf = "tune" | "check";

/** Both halves, in the order they are reported. */
export const CORPUS_HALVES: readonly CorpusHalf[] = ["tune", "check"];

/** The split rule in words, as the eval command prints it and docs/accuracy.md states it. */
export const SPLIT_RULE = "SHA-256 of the file's base name (UTF-8, no folder): first byte even → tune, odd → check";

/**
 * The half a file belongs to: the SHA-256 digest (node:crypto) of its base name, the name
 * only without any folder (`cuad/a.txt` and `a.txt` fall in the same half), encoded as UTF-8
 * as given (no Unicode normalisation); first byte of the digest even → "tune", odd → "check".
 *
 * A hash of the name, not a list or a random draw, so the split needs no stored state, a file
 * added to the corpus lands in a half without moving any other, and any tool (even
 * `sha256sum`) can recompute it. Pure: the same name always gives the same half.
 */
export function corpusHalf(fileName: string): CorpusHalf {
  const firstByte = createHash("sha256").update(basename(fileName), "utf8").digest()[0] as number;
  return firstByte % 2 === 0 ? "tune" : "check";
}
