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
}

/** A vocabulary ready to match. */
export interface Vocabulary {
  name: string;
  description: string;
  /** Where it came from (file paths, or "rule X" / "config"). */
  sources: string[];
  entries: Map<string, string[]>;
  shapes: string[];
  references: string[];
  /** The regular-expression source matching any entry, shape or reference (no capturing groups). */
  source: string;
  /** The same without references: what an anaphor is resolved against. */
  namesSource: string;
}

/** What a matched text stands for in a vocabulary. */
export type SlotValue = { kind: "entry"; value: string } | { kind: "shape"; value: string } | { kind: "reference"; text: string };

/** The key a variant is looked up by: letters and digits only, lower-cased. */
export function variantKey(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}&]/gu, "");
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
  interface TrieNode {
    children: Map<string, TrieNode>;
    end: boolean;
  }
  const root: TrieNode = { children: new Map(), end: false };
  for (const lit of literals) {
    // Split a literal's source into atoms: escapes, classes, quantified atoms, characters.
    const atoms = lit.match(/\\s\{0,20\}|\\s\?\[[^\]]*\]\?\\s\?|\[[^\]]*\](?:\?)?|\\.|./gu) ?? [];
    let node = root;
    for (const a of atoms) {
      let next = node.children.get(a);
      if (!next) {
        next = { children: new Map(), end: false };
        node.children.set(a, next);
      }
      node = next;
    }
    node.end = true;
  }
  const emit = (node: TrieNode): string => {
    const branches = [...node.children.entries()].map(([atom, child]) => atom + emit(child));
    if (branches.length === 0) return "";
    const body = branches.length === 1 ? (branches[0] as string) : `(?:${branches.join("|")})`;
    return node.end ? `(?:${body})?` : body;
  };
  return emit(root);
}

/** A regular expression's capturing groups made non-capturing, so that slot numbering holds. */
function nonCapturing(source: string): string {
  return source.replace(/(?<!\\)\((?!\?)/g, "(?:");
}

/** Builds a vocabulary from one or more specs (a bundled file, then additions). */
export function buildVocabulary(specs: { spec: VocabularySpec; source: string }[]): Vocabulary {
  const first = specs[0]?.spec;
  const entries = new Map<string, string[]>();
  const shapes: string[] = [];
  const references: string[] = [];
  for (const { spec } of specs) {
    for (const [canonical, variants] of Object.entries(spec.entries ?? {})) {
      const list = entries.get(canonical) ?? [];
      for (const v of [canonical, ...variants]) if (!list.includes(v)) list.push(v);
      entries.set(canonical, list);
    }
    shapes.push(...(spec.shapes ?? []));
    references.push(...(spec.references ?? []));
  }
  const names = [...entries.values()].flat().map(literalSource);
  const namesSource = alternationSource(names);
  const shapeSource = shapes.map((s) => `(?:${nonCapturing(s)})`);
  const referenceSource = references.map(literalSource);
  const all = [alternationSource([...names, ...referenceSource]), ...shapeSource].filter((s) => s !== "");
  return {
    name: first?.name ?? "",
    description: first?.description.trim() ?? "",
    sources: specs.map((s) => s.source),
    entries,
    shapes,
    references,
    source: all.length === 1 ? (all[0] as string) : `(?:${all.join("|")})`,
    namesSource,
  };
}

/** Lookup tables of a vocabulary, built on first use. */
const lookups = new WeakMap<Vocabulary, { keys: Map<string, string>; capitals: Set<string>; references: Set<string>; shapes: RegExp[] }>();

function lookupOf(v: Vocabulary) {
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
    l = {
      keys,
      capitals,
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
    if (l.capitals.has(key) && /\p{Ll}/u.test(text)) return undefined;
    return { kind: "entry", value: canonical };
  }
  if (l.references.has(key)) return { kind: "reference", text };
  const collapsed = text.replace(/\s+/g, " ").trim();
  if (l.shapes.some((re) => re.test(collapsed))) return { kind: "shape", value: collapsed.replace(/\s*[-‐‑–—]\s*/g, "-") };
  return undefined;
}

/** The canonical entries a text names, in order of appearance (for resolving "thereof"). */
export function entriesIn(v: Vocabulary, text: string): { value: string; index: number }[] {
  if (!v.namesSource) return [];
  const re = new RegExp(`(?<![a-z0-9])(?:${v.namesSource})(?![a-z0-9])`, "gi");
  const out: { value: string; index: number }[] = [];
  for (const m of text.matchAll(re)) {
    const value = slotValue(v, m[0]);
    if (value?.kind === "entry") out.push({ value: value.value, index: m.index });
  }
  return out;
}
