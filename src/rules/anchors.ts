import { alternationSource, literalSource } from "./vocabulary.js";

/**
 * The anchor words of every pattern loaded (see PhraseProgram.anchors), and one regular
 * expression finding any of them: a document is scanned once for all, and each pattern then
 * runs only in the sentences holding its anchors.
 */
const words = new Set<string>();
let scan: RegExp | undefined;

/** Adds a pattern's anchor words (load-rules registers every find pattern's). */
export function registerAnchors(anchors: string[][]): void {
  for (const a of anchors) {
    for (const w of a) {
      if (words.has(w)) continue;
      words.add(w);
      scan = undefined;
    }
  }
}

/** The expression finding every registered anchor word, whole words; registers `anchors` first. */
export function anchorScan(anchors: string[][]): RegExp {
  registerAnchors(anchors);
  scan ??= new RegExp(`(?<![a-z0-9\\u00c0-\\u024f])(?:${alternationSource([...words].map(literalSource))})(?![a-z0-9\\u00c0-\\u024f])`, "gi");
  return scan;
}
