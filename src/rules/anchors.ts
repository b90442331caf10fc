import { readFileSync } from "node:fs";
import { packagePath } from "../package-path.js";
import type { Rule } from "./rule-types.js";
import { alternationSource, literalSource } from "./vocabulary.js";

/**
 * The anchor words of every pattern loaded (see PhraseProgram.anchors), and one regular
 * expression finding any of them: a document is scanned once for all, and each pattern then
 * runs only in the sentences holding its anchors.
 */
const words = new Set<string>();
let scan: RegExp | undefined;

/** Anchor lists already registered: a pattern's list is looked at once, not at every document. */
const registered = new WeakSet<string[][]>();

/** Adds a pattern's anchor words (load-rules registers every find pattern's). */
export function registerAnchors(anchors: string[][]): void {
  if (registered.has(anchors)) return;
  registered.add(anchors);
  for (const a of anchors) {
    for (const w of a) {
      if (words.has(w)) continue;
      words.add(w);
      scan = undefined;
    }
  }
}

/**
 * Registers the anchor words of every find pattern of `rules` at once, so that the scan is built
 * once, for all of them (a worker thread handed a rule set does this before its first document:
 * registered pattern by pattern as documents met them, the scan was rebuilt with each new word,
 * 70 ms of a worker's first document).
 */
export function registerRuleAnchors(rules: Rule[]): void {
  for (const rule of rules) for (const p of rule.find) if (p.phrase) registerAnchors(p.phrase.program.anchors);
}

/** The expression finding every registered anchor word, whole words; registers `anchors` first. */
export function anchorScan(anchors: string[][]): RegExp {
  registerAnchors(anchors);
  scan ??= new RegExp(anchorScanSource(), "gi");
  return scan;
}

/** The scan the build wrote for the bundled rules' words (null when there is none). */
let built: { key: string; source: string } | null | undefined;

/** The source of the scan for the registered words: the build's when they are the bundled rules' words. */
function anchorScanSource(): string {
  const key = [...words].sort().join("\n");
  if (built === undefined) {
    try {
      built = JSON.parse(readFileSync(packagePath("dist", "anchor-scan.json"), "utf8")) as { key: string; source: string };
    } catch {
      built = null;
    }
  }
  if (built?.key === key) return built.source;
  return `(?<![a-z0-9\\u00c0-\\u024f])(?:${alternationSource([...words].map(literalSource))})(?![a-z0-9\\u00c0-\\u024f])`;
}

/** The key and source of the scan for the registered words, for the build to store. */
export function anchorScanForBuild(): { key: string; source: string } {
  built = null;
  return { key: [...words].sort().join("\n"), source: anchorScanSource() };
}
