import type { Capture } from "../rules/rule-types.js";
import type { Evidence, RuleResult } from "../types.js";

/** What a report may know of a rule's captures, to find the words a value was read from. */
export interface RuleCaptures {
  id: string;
  captures?: Capture[];
}

/** Where a phrase stands in a text: [start, end) offsets from 0. */
export interface Stretch {
  start: number;
  end: number;
}

const squeeze = (s: string) => s.toLowerCase().replace(/[\s\-‐‑–]+/g, "");

/**
 * The words of a quote a gap is about, as the quote writes them: for a deviating value, the
 * stretch the rule's capture read it from ("Form S-1", "the OTC Bulletin Board"), else the
 * value itself, in the clause or in the definition it was read from; for a clause stated the
 * wrong way, the words that decided it ("has not filed", "will be registered"). Empty for a
 * pass, a missing clause, or words the text does not hold.
 */
export function offendingPhrases(r: RuleResult, clause: string, rule?: RuleCaptures, role: Evidence["role"] = "clause"): string[] {
  if (r.status !== "gap" || (role === "definition" && r.reason !== "deviating")) return [];
  if (r.reason === "deviating" && r.actual !== undefined) {
    const actual = r.actual;
    const name = Object.keys(r.values).find((k) => {
      const v = r.values[k];
      return (Array.isArray(v) ? v.join(", ") : String(v)) === actual || (typeof v === "string" && squeeze(v) === squeeze(actual));
    });
    const capture = rule?.captures?.find((c) => c.name === name);
    for (const p of capture?.patterns ?? []) {
      const re = new RegExp(p.re.source, p.re.flags.includes("g") ? p.re.flags : `${p.re.flags}g`);
      for (const m of clause.matchAll(re)) {
        // A slot may read on past the value ("Form S-1, Commission File"): stop where it ends.
        const value = findPhrases(m[0], [actual])[0];
        if (value) return [m[0].slice(0, value.end).trim()];
      }
    }
    return findPhrases(clause, [actual]).length ? [actual] : [];
  }
  if ((r.reason === "negated" || r.reason === "future" || r.reason === "conditional") && r.statementCue) return [r.statementCue];
  return [];
}

/** Escapes a phrase for a regular expression whose white space matches any run of it. */
function phrasePattern(phrase: string): string {
  const body = phrase
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("\\s+");
  const before = /^\w/.test(phrase.trim()) ? "(?<![\\w])" : "";
  const after = /\w$/.test(phrase.trim()) ? "(?![\\w])" : "";
  return `${before}${body}${after}`;
}

/** Every place each phrase stands in the text (case and white space aside), in text order, without overlaps. */
export function findPhrases(text: string, phrases: string[]): Stretch[] {
  const found: Stretch[] = [];
  for (const phrase of phrases) {
    if (!phrase.trim()) continue;
    for (const m of text.matchAll(new RegExp(phrasePattern(phrase), "gi"))) found.push({ start: m.index, end: m.index + m[0].length });
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Stretch[] = [];
  for (const f of found) if (!out.length || f.start >= (out[out.length - 1] as Stretch).end) out.push(f);
  return out;
}
