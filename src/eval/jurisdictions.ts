/**
 * Normalisation of jurisdiction names, so that a CUAD label ("Federal Republic of Germany",
 * "Ontario, Canada", "England; Wales") and the name clausecheck reports ("Germany", "Ontario",
 * "England and Wales") can be compared. Every rewrite is listed here and in docs/accuracy.md;
 * nothing else is done (no fuzzy matching).
 */

/** What a label stands for when it names no jurisdiction: redacted, or a place defined by facts. */
export const UNNAMED = "(no jurisdiction named)";

/**
 * Whole labels rewritten before anything else (compared ignoring case and runs of spaces).
 * Each is a label CUAD writes in a way the general steps below would misread.
 */
export const LABEL_TABLE: ReadonlyArray<readonly [label: string, jurisdictions: readonly string[], why: string]> = [
  ["England; Wales", ["England and Wales"], 'CUAD splits the one jurisdiction "England and Wales" into two entries'],
  ["[* * *]", [UNNAMED], "the jurisdiction is redacted in the filing"],
];

/** Prefixes dropped from a name: the kind of place, not its name ("State of New York" → "New York"). */
export const PREFIXES: readonly string[] = ["the ", "State of ", "Commonwealth of ", "Province of ", "Territory of "];

/** Country qualifiers dropped after a state or province ("Ontario, Canada" → "Ontario"). */
export const QUALIFIERS: readonly string[] = [", Canada", ", Australia", ", UK", ", U.K.", ", United Kingdom", ", USA", ", U.S.A.", ", United States", ", United States of America"];

/** Other names of one place, and the name clausecheck reports for it. */
export const ALIASES: Readonly<Record<string, string>> = {
  "Federal Republic of Germany": "Germany",
  "Republic of South Africa": "South Africa",
  "South Africa": "South Africa",
  // One legal jurisdiction: "the laws of England" and "English law" mean the law of England and Wales.
  England: "England and Wales",
  "England & Wales": "England and Wales",
  "England and Wales": "England and Wales",
  China: "People's Republic of China",
  PRC: "People's Republic of China",
  "P.R.C.": "People's Republic of China",
  "People's Republic of China": "People's Republic of China",
  "Republic of China": "Taiwan",
  "R.O.C.": "Taiwan",
  ROC: "Taiwan",
  "New York State": "New York",
  "Washington, D.C.": "District of Columbia",
  "Washington D.C.": "District of Columbia",
  "United States of America": "United States",
  USA: "United States",
  "U.S.A.": "United States",
  "U.S.": "United States",
  "Kingdom of the Netherlands": "Netherlands",
  "The Netherlands": "Netherlands",
  "Kingdom of Spain": "Spain",
  "Republic of Italy": "Italy",
  "Republic of India": "India",
  "Swiss Confederation": "Switzerland",
  // The names the jurisdiction vocabulary reports where the country's common name differs.
  "South Korea": "Korea",
  "Republic of Korea": "Korea",
  Czechia: "Czech Republic",
  "Türkiye": "Turkey",
};

/** Label parts that name a statute or treaty, not a jurisdiction: dropped from the label. */
const STATUTE = /\b(?:act|convention|code|treaty)\b/i;
/** Label parts that describe a place without naming it. */
const FLOATING = /^the (?:state|province|country|jurisdiction) (?:in which|where)\b/i;

const tidy = (s: string) => s.replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, " ").trim();
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The canonical form of one jurisdiction name (the name clausecheck reports), or the tidied name. */
export function normaliseJurisdiction(name: string): string {
  let s = tidy(name);
  for (const q of QUALIFIERS) if (s.toLowerCase().endsWith(q.toLowerCase())) s = s.slice(0, -q.length).trim();
  const alias = Object.entries(ALIASES).find(([k]) => same(k, s));
  if (alias) return alias[1];
  let changed = true;
  while (changed) {
    changed = false;
    for (const p of PREFIXES) {
      if (s.toLowerCase().startsWith(p.toLowerCase()) && s.length > p.length) {
        s = s.slice(p.length);
        changed = true;
      }
    }
  }
  const again = Object.entries(ALIASES).find(([k]) => same(k, s));
  return again ? again[1] : s;
}

/**
 * The jurisdictions a label names, normalised: "" → [], "Delaware, Illinois" → both,
 * "People's Republic of China; United Nations Convention …" → the PRC (a treaty is not a
 * jurisdiction), "the state in which the restaurant is located" → [UNNAMED].
 */
export function labelJurisdictions(label: string): string[] {
  const whole = tidy(label);
  if (whole === "") return [];
  const row = LABEL_TABLE.find(([l]) => same(tidy(l), whole));
  if (row) return [...row[1]];
  const out: string[] = [];
  for (const part of whole.split(";").map(tidy).filter(Boolean)) {
    if (FLOATING.test(part)) {
      out.push(UNNAMED);
      continue;
    }
    if (STATUTE.test(part)) continue;
    let p = part;
    for (const q of QUALIFIERS) if (p.toLowerCase().endsWith(q.toLowerCase())) p = p.slice(0, -q.length).trim();
    // "Washington, D.C." is one place; otherwise a comma separates jurisdictions.
    const pieces = Object.keys(ALIASES).some((k) => same(k, p)) ? [p] : p.split(",").map(tidy).filter(Boolean);
    for (const piece of pieces) out.push(normaliseJurisdiction(piece));
  }
  return [...new Set(out.length ? out : [UNNAMED])];
}

/**
 * Whether what clausecheck found agrees with a label: the normalised name is one of the
 * label's jurisdictions (a label naming several counts as agreed when ours is one of them),
 * or the label names none (redacted, or a place defined by facts) and neither do we.
 */
export function jurisdictionAgrees(found: string | undefined, label: string): boolean {
  const wanted = labelJurisdictions(label);
  if (wanted.length === 0) return false;
  if (found === undefined || found === "") return wanted.includes(UNNAMED);
  const ours = normaliseJurisdiction(found);
  return wanted.some((w) => same(w, ours));
}
