import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Rule, RuleSet } from "../rules/rule-types.js";
import type { Vocabulary } from "../rules/vocabulary.js";
import { VERSION } from "../version.js";

/** The SHA-256 of some bytes or text, in lower-case hex. */
export function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The first 12 hex digits of a fingerprint: how messages name a rule set. */
export function shortFingerprint(fingerprint: string): string {
  return fingerprint.slice(0, 12);
}

/**
 * What decides every result a rule set gives, as a SHA-256 in hex: clausecheck's version, and
 * for each rule its file's bytes, the severity and parameter values in force and the
 * vocabularies its slots were compiled with. A config file changes exactly those (it disables
 * rules, sets severities and parameters, adds vocabulary entries), so two machines with the same
 * rule files and config get the same fingerprint, whatever folder they hold them in. Waivers are
 * not part of it: they are applied when results are reported, not when a document is checked.
 */
export function rulesFingerprint(ruleSet: RuleSet): string {
  const vocabularyHashes = new Map<Vocabulary, string>();
  const rules = [...ruleSet.rules]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((rule) => ruleIdentity(rule, vocabularyHashes));
  return sha256(JSON.stringify({ tool: "clausecheck", version: VERSION, rules }));
}

function ruleIdentity(rule: Rule, vocabularyHashes: Map<Vocabulary, string>): unknown {
  const parameters = Object.entries(rule.parameters)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, p]) => [name, p.value]);
  const vocabularies = [...rule.vocabularies.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, v]) => {
      let hash = vocabularyHashes.get(v);
      if (hash === undefined) vocabularyHashes.set(v, (hash = vocabularyHash(v)));
      return [name, hash];
    });
  return { id: rule.id, file: sha256(readFileSync(rule.file)), severity: rule.severity, parameters, vocabularies };
}

/** A vocabulary's content, in an order that does not depend on how it was built. */
function vocabularyHash(v: Vocabulary): string {
  const entries = [...v.entries.entries()].map(([name, variants]) => [name, [...variants].sort()]).sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1));
  return sha256(JSON.stringify({ entries, shapes: v.shapes, references: [...v.references].sort(), kinds: [...v.kinds].sort() }));
}
