/**
 * Vocabularies: the named slots of the pattern language (`{jurisdiction}`, `{exchange}`,
 * `{form}`). Each is a data file in `vocabularies/`: canonical names, each with the ways
 * agreements write it; a slot matches any of them and captures the canonical name. A rule file
 * or a firm's config may add entries.
 *
 * Matching a variant: case and white space are ignored, a hyphen matches any dash with or
 * without spaces ("S-3", "S- 3", "S–3"), quotes and apostrophes match their curly forms. A
 * variant written all in capitals ("PRC", "U.K.") is an abbreviation and matches only in
 * capitals, so "prc" in a word list is not China.
 */

import { trieSource } from "../regex-trie.js";

/** A vocabulary as a data file gives it. */
export interface VocabularySpec {
  name: string;
  description: string;
  /** Canonical name → the ways agreements write it. */
  entries: Record<string, string[]>;
  /** Regular expressions for values with a shape rather than a list (a file number); the value is the text as written. */
  shapes?: string[];
  /** Words that point back to an entry named elsewhere in the sentence ("thereof", "said State"). */
  references?: string[];
  /** Words naming what an entry is ("state", "market"): see the schema. */
  kinds?: string[];
}

/** A vocabulary ready to match. */
export interface Vocabulary {
  /** Canonical name → the ways agreements write it (the canonical name among them). */
  entries: Map<string, string[]>;
  shapes: string[];
  references: string[];
  /** Words naming what an entry is, lower case. */
  kinds: Set<string>;
  /**
   * A small expression for the shape of any entry: up to `maxTokens` name-like tokens. A slot
   * matches this shape first and the vocabulary is looked up in JavaScript (the longest leading
   * run of tokens that is an entry). Where the shape misleads, the pattern's exact form lists
   * the names a sentence holds (namesIn), never the whole vocabulary (tens of kilobytes for the
   * jurisdictions, 15 ms to compile).
   */
  shapeSource: string;
  /** The most tokens an entry, reference or shape spans. */
  maxTokens: number;
}

/** What a matched text stands for in a vocabulary. */
export type SlotValue = { kind: "entry"; value: string } | { kind: "shape"; value: string } | { kind: "reference"; text: string };

/** A name-like token: letters, digits and the signs names use (U.S.A., S-3, People's, &). */
const TOKEN = "[a-z0-9\\u00c0-\\u024f&][a-z0-9\\u00c0-\\u024f&.'’/‐‑–—-]{0,40}";
/** What stands between two tokens of a name: white space, possibly after a comma ("Washington, D.C."). */
const TOKEN_GAP = ",?\\s{1,20}";
/** Tokens a value with a shape (333-76589) may span. */
const SHAPE_TOKENS = 3;
const TOKEN_RE = new RegExp(TOKEN, "gi");
/** Text of no character past Latin Extended-B (see slotPrefix). */
const LATIN_ONLY = /^[\x00-\u024f]*$/;

/** The tokens of a text with their ends, as the shape reads them. */
function tokensOf(text: string, limit = Infinity): { start: number; end: number }[] {
  // An exec loop rather than [...matchAll()].map(): no iterator and no array of matches per
  // call (slot look-ups tokenise every candidate name; a tenth of a warm check of the seed).
  const out: { start: number; end: number }[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m && out.length < limit; m = TOKEN_RE.exec(text)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/** The key a variant is looked up by: letters and digits only, lower-cased. */
export function variantKey(text: string): string {
  // Latin letters cover every vocabulary; a plain character class is much faster than \p{L}.
  return text.toLowerCase().replace(/[^a-z0-9&\u00c0-\u024f]+/g, "");
}

/** True for an abbreviation written in capitals ("PRC", "U.S.A."): it matches only in capitals. */
function isCapitals(variant: string): boolean {
  const letters = variant.replace(/[^\p{L}]/gu, "");
  return letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

/** The regular-expression source of one literal variant, tolerant of spacing, dashes and quotes. */
export function literalSource(text: string): string {
  let out = "";
  const chars = [...text.trim()];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (/\s/.test(c)) {
      while (/\s/.test(chars[i + 1] ?? "")) i++;
      // Text converted from PDF loses spaces ("NewYork"): white space in a name is optional.
      out += "\\s{0,20}";
    } else if (/[-‐‑–—]/.test(c)) out += "\\s?[-‐‑–—]?\\s?";
    else if (/['’‘]/.test(c)) out += "['’‘]";
    else if (/["“”]/.test(c)) out += '["“”]';
    else if (/[\p{L}\p{N}]/u.test(c)) out += c.toLowerCase();
    else out += /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
  }
  return out;
}

/** One alternation of many literals, shared prefixes factored out (a trie), longest first. */
export function alternationSource(literals: string[]): string {
  // Split a literal's source into atoms: escapes, classes, quantified atoms, characters.
  return trieSource(literals.map((lit) => lit.match(/\\s\{0,20\}|\\s\?\[[^\]]*\]\?\\s\?|\[[^\]]*\](?:\?)?|\\.|./gu) ?? []));
}


/** Builds a vocabulary from one or more specs (a bundled file, then additions). */
export function buildVocabulary(specs: VocabularySpec[]): Vocabulary {
  const entries = new Map<string, string[]>();
  const shapes: string[] = [];
  const references: string[] = [];
  const kinds = new Set<string>();
  for (const spec of specs) {
    for (const k of spec.kinds ?? []) kinds.add(k.toLowerCase());
    for (const [canonical, variants] of Object.entries(spec.entries ?? {})) {
      const list = entries.get(canonical) ?? [];
      for (const v of [canonical, ...variants]) if (!list.includes(v)) list.push(v);
      entries.set(canonical, list);
    }
    shapes.push(...(spec.shapes ?? []));
    references.push(...(spec.references ?? []));
  }
  // A hyphen may stand between spaces in the text ("S- 3"): one more token for each.
  let maxTokens = shapes.length ? SHAPE_TOKENS : 1;
  for (const v of [...entries.values()].flat().concat(references)) {
    // Tokens are what white space separates; a hyphen may have spaces around it in the text.
    let n = 1;
    for (const c of v.trim()) if (c === " " || c === "-" || c === "–" || c === "—" || c === "‐" || c === "‑") n++;
    if (n > maxTokens) maxTokens = n;
  }
  return {
    entries,
    shapes,
    references,
    kinds,
    shapeSource: `${TOKEN}(?:${TOKEN_GAP}${TOKEN}){0,${maxTokens - 1}}`,
    maxTokens,
  };
}

/** The lookup tables of a vocabulary. */
interface Lookup {
  keys: Map<string, string>;
  capitals: Set<string>;
  firstKeys: Set<string>;
  references: Set<string>;
  shapes: RegExp[];
}

/** Lookup tables of a vocabulary, built on first use (or given, built by `npm run build`). */
const lookups = new WeakMap<Vocabulary, Lookup>();

/**
 * A vocabulary and its lookup tables as plain data (JSON), for `npm run build` to store for the
 * bundled vocabularies: a run whose vocabulary files are unchanged reads them back
 * (`vocabularyFromTables`) instead of building them, a tenth of a cold start.
 */
export interface VocabularyTables {
  entries: [string, string[]][];
  shapes: string[];
  references: string[];
  kinds: string[];
  shapeSource: string;
  maxTokens: number;
  keys: [string, string][];
  capitals: string[];
  firstKeys: string[];
  referenceKeys: string[];
}

/** The tables of a vocabulary, for the build to store. */
export function vocabularyTables(v: Vocabulary): VocabularyTables {
  const l = lookupOf(v);
  return {
    entries: [...v.entries],
    shapes: v.shapes,
    references: v.references,
    kinds: [...v.kinds],
    shapeSource: v.shapeSource,
    maxTokens: v.maxTokens,
    keys: [...l.keys],
    capitals: [...l.capitals],
    firstKeys: [...l.firstKeys],
    referenceKeys: [...l.references],
  };
}

/** A vocabulary from the tables the build stored: the same as `buildVocabulary` of the same specs. */
export function vocabularyFromTables(t: VocabularyTables): Vocabulary {
  const v: Vocabulary = { entries: new Map(t.entries), shapes: t.shapes, references: t.references, kinds: new Set(t.kinds), shapeSource: t.shapeSource, maxTokens: t.maxTokens };
  lookups.set(v, {
    keys: new Map(t.keys),
    capitals: new Set(t.capitals),
    firstKeys: new Set(t.firstKeys),
    references: new Set(t.referenceKeys),
    shapes: t.shapes.map((s) => new RegExp(`^(?:${s})$`, "i")),
  });
  return v;
}

/** The keys of a vocabulary's entries and references, sorted (see beginsKey), by lookup. */
const sortedKeys = new WeakMap<Lookup, string[]>();
/** The keys of a document's aliases (defined terms standing for an entry), sorted, by map (made once per document, never changed). */
const sortedAliases = new WeakMap<Map<string, string>, string[]>();

/** True when some key of an entry or reference begins with `key` (or is it). */
function beginsKey(l: Lookup, key: string): boolean {
  let sorted = sortedKeys.get(l);
  if (!sorted) {
    sorted = [...new Set([...l.keys.keys(), ...l.references])].sort();
    sortedKeys.set(l, sorted);
  }
  return beginsSorted(sorted, key);
}

/** True when some alias's key begins with `key` (or is it). */
function beginsAlias(aliases: Map<string, string>, key: string): boolean {
  let sorted = sortedAliases.get(aliases);
  if (!sorted) sortedAliases.set(aliases, (sorted = [...aliases.keys()].sort()));
  return beginsSorted(sorted, key);
}

/** True when a string of `sorted` (code-unit order) begins with `key`. */
function beginsSorted(sorted: string[], key: string): boolean {
  // The first string not below `key` (code-unit order, as sort() orders them) begins with it if any does.
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && (sorted[lo] as string).startsWith(key);
}

function lookupOf(v: Vocabulary): Lookup {
  let l = lookups.get(v);
  if (!l) {
    const keys = new Map<string, string>();
    const capitals = new Set<string>();
    const lower = new Set<string>();
    for (const [canonical, variants] of v.entries) {
      for (const variant of variants) {
        const key = variantKey(variant);
        if (!keys.has(key)) keys.set(key, canonical);
        if (isCapitals(variant)) capitals.add(key);
        else lower.add(key);
      }
    }
    for (const k of lower) capitals.delete(k);
    // The key of each variant's first token: a word that starts none cannot start an entry.
    // (and of its part before a hyphen, which the text may split off: "S- 3").
    const firstKeys = new Set(
      [...v.entries.values()].flat().concat(v.references).flatMap((x) => [variantKey(x.trim().split(/[\s,]/, 1)[0] ?? x), variantKey(x.trim().split(/[\s,\-‐‑–—]/, 1)[0] ?? x)]),
    );
    l = {
      keys,
      capitals,
      firstKeys,
      references: new Set(v.references.map(variantKey)),
      shapes: v.shapes.map((s) => new RegExp(`^(?:${s})$`, "i")),
    };
    lookups.set(v, l);
  }
  return l;
}

/**
 * What `text` (matched by the vocabulary's slot) stands for, or undefined when it does not
 * count: an abbreviation that must be in capitals and is not.
 */
export function slotValue(v: Vocabulary, text: string, aliases?: Map<string, string>): SlotValue | undefined {
  const l = lookupOf(v);
  const key = variantKey(text);
  const alias = aliases?.get(key);
  if (alias !== undefined) return { kind: "entry", value: alias };
  const canonical = l.keys.get(key);
  if (canonical !== undefined) {
    if (l.capitals.has(key) && text !== text.toUpperCase()) return undefined;
    return { kind: "entry", value: canonical };
  }
  if (l.references.has(key)) return { kind: "reference", text };
  if (l.shapes.length === 0) return undefined;
  const collapsed = text.replace(/\s+/g, " ").trim();
  if (l.shapes.some((re) => re.test(collapsed))) return { kind: "shape", value: collapsed.replace(/\s*[-‐‑–—]\s*/g, "-") };
  return undefined;
}

/** In a shape's source: an anchor, a word boundary or a look-around (what the text around a value decides). */
const ASSERTION = /\\[bB]|\(\?<?[=!]|[$^]/;
/** Each shape as a sticky expression, for shapeStarts, by lookup. */
const stickyShapes = new WeakMap<Lookup, RegExp[]>();

/**
 * For a vocabulary of shapes only (a file number: no entries, no references): a test of whether
 * a value can begin at an offset of `text`, from one pass over the text; undefined for any
 * other vocabulary, or a shape that looks at the text around it. Exact: slotValue tests a shape
 * on a run of tokens with its white space collapsed, and such a run is a piece of the whole
 * text collapsed the same way (a run starts and ends with a token character); a shape that
 * matches all of that piece, and asserts nothing about what surrounds it, matches at its start
 * in the collapsed text. Where none does, no run starting there is a value.
 */
export function shapeStarts(v: Vocabulary, text: string): ((offset: number) => boolean) | undefined {
  const l = lookupOf(v);
  if (l.shapes.length === 0 || l.keys.size > 0 || l.references.size > 0 || v.shapes.some((s) => ASSERTION.test(s))) return undefined;
  let sticky = stickyShapes.get(l);
  if (!sticky) stickyShapes.set(l, (sticky = v.shapes.map((s) => new RegExp(`(?:${s})`, "iy"))));
  // The text with each run of white space made one space, and where each offset went.
  const at = new Int32Array(text.length + 1);
  let collapsed = "";
  let from = 0;
  const space = /\s+/g;
  for (let m = space.exec(text); ; m = space.exec(text)) {
    const end = m ? m.index : text.length;
    for (let i = from; i < end; i++) at[i] = collapsed.length + (i - from);
    collapsed += text.slice(from, end);
    if (!m) break;
    for (let i = m.index; i < m.index + m[0].length; i++) at[i] = collapsed.length;
    collapsed += " ";
    from = m.index + m[0].length;
  }
  at[text.length] = collapsed.length;
  const shapes = sticky;
  return (offset) =>
    shapes.some((re) => {
      re.lastIndex = at[offset] as number;
      return re.test(collapsed);
    });
}

/**
 * What the leading tokens of `text` stand for: the longest run of up to `maxTokens` tokens
 * that is an entry, a reference or a value of a shape, with its length in `text`. Undefined
 * when no run is.
 */
export function slotPrefix(v: Vocabulary, text: string, aliases?: Map<string, string>): { value: SlotValue; length: number } | undefined {
  const first = tokensOf(text, 1)[0];
  if (first?.start !== 0) return undefined;
  // Most runs of tokens name nothing. In Latin text the key of a run is the keys of its tokens
  // joined (what stands between two tokens holds no letter or digit a key keeps, and lower case
  // is taken character by character), so a run whose key is no entry, reference or alias is
  // passed over without being cut out and looked up (a seventh of a warm check of the seed). A
  // vocabulary with shapes (a file number) has every run tried, as does text past Latin.
  const l = lookupOf(v);
  const latin = l.shapes.length === 0 && LATIN_ONLY.test(text);
  // A run whose key begins no key of the vocabulary and no alias's key ends the walk: a longer
  // run's key begins with it, so it names nothing either (the words after "the" are not cut
  // out and keyed when no entry starts with "the"). Most texts looked at end at their first word,
  // before the rest is tokenised.
  const withAliases = aliases !== undefined && aliases.size > 0;
  const begins = (key: string) => beginsKey(l, key) || (withAliases && beginsAlias(aliases, key));
  if (latin && !begins(variantKey(text.slice(first.start, first.end)))) return undefined;
  const tokens = tokensOf(text, v.maxTokens);
  let runKeys: string[] | undefined;
  if (latin) {
    runKeys = [];
    let key = "";
    for (const t of tokens) {
      runKeys.push((key += variantKey(text.slice(t.start, t.end))));
      if (!begins(key)) break;
    }
  }
  for (let n = tokens.length; n >= 1; n--) {
    // A run past where the walk stopped names nothing.
    if (runKeys && n > runKeys.length) continue;
    const key = runKeys?.[n - 1];
    if (key !== undefined && !aliases?.has(key) && !l.keys.has(key) && !l.references.has(key)) continue;
    const end = (tokens[n - 1] as { end: number }).end;
    // A sentence's full stop is not part of the name ("the State of New York.").
    const candidate = text.slice(0, end).replace(/\.$/, (dot) => (/(?:^|[\s.])\p{L}\.$/u.test(text.slice(0, end)) ? dot : ""));
    const value = slotValue(v, candidate, aliases);
    if (value) return { value, length: candidate.length };
  }
  return undefined;
}

/** The canonical entries a text names, in order of appearance (for resolving "thereof"). */
export function entriesIn(v: Vocabulary, text: string): { value: string; index: number; end: number }[] {
  const out: { value: string; index: number; end: number }[] = [];
  const tokens = tokensOf(text);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as { start: number; end: number };
    // Names start at a word's start, and with a word that starts an entry.
    if (t.start > 0 && /[a-z0-9]/i.test(text[t.start - 1] as string)) continue;
    if (!lookupOf(v).firstKeys.has(variantKey(text.slice(t.start, t.end)))) continue;
    const found = slotPrefix(v, text.slice(t.start, (tokens[Math.min(tokens.length, i + v.maxTokens) - 1] as { end: number }).end));
    if (found?.value.kind !== "entry") continue;
    out.push({ value: found.value.value, index: t.start, end: t.start + found.length });
    while (i + 1 < tokens.length && (tokens[i + 1] as { start: number }).start < t.start + found.length) i++;
  }
  return out;
}

/**
 * The words of a text that a slot of this vocabulary can stand for, as written: entries,
 * references, values of a shape and the given aliases (defined terms). The exact form of a
 * pattern for one sentence lists just these, so it compiles in microseconds.
 */
export function namesIn(v: Vocabulary, text: string, aliases?: Map<string, string>): string[] {
  const out = new Set<string>();
  const l = lookupOf(v);
  const tokens = tokensOf(text);
  // In Latin text a name's key begins with the key of its first word (see slotPrefix).
  const latin = LATIN_ONLY.test(text);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as { start: number; end: number };
    if (t.start > 0 && /[a-z0-9]/i.test(text[t.start - 1] as string)) continue;
    // A word that starts no entry may still start an alias or a value of a shape; where it
    // begins no key of either, slotPrefix would stop at it.
    const key = variantKey(text.slice(t.start, t.end));
    if (!l.firstKeys.has(key) && l.shapes.length === 0 && (!aliases?.size || (latin && !beginsKey(l, key) && !beginsAlias(aliases, key)))) continue;
    const found = slotPrefix(v, text.slice(t.start, (tokens[Math.min(tokens.length, i + v.maxTokens) - 1] as { end: number }).end), aliases);
    if (found) out.add(text.slice(t.start, t.start + found.length));
  }
  return [...out];
}
