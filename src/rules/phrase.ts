import { inflections } from "./inflect.js";
import { alternationSource, literalSource, type Vocabulary } from "./vocabulary.js";

/**
 * The pattern language of rule files: phrases in legal English (rules/README.md teaches it).
 *
 *   *govern* ... laws of [the] [State of] {jurisdiction}
 *
 * - a word in lower case matches its inflections (`govern`: governs, governed, governing);
 *   `=word` matches only as written; a word with a capital, a digit or a sign (`Form`, `S-3`,
 *   `424(b)`, `.pdf`) matches as written; case never matters;
 * - white space, line breaks, commas, quotes and brackets between words are skipped;
 * - `[the]` is optional; `(laws | law | legislation)` is one of several; both nest;
 * - `...` is a gap of up to 12 words inside one clause (never over a `;`), `...{0,30}` up to 30;
 *   it takes as few words as it can;
 * - `{jurisdiction}` is a slot: any entry of the vocabulary `jurisdiction`, captured as its
 *   canonical name; `{jurisdiction-adjective as jurisdiction}` captures under another name;
 * - `*filed*` (or `*(registered | effective)*`) marks the predicate: the word whose
 *   statement (done, promised, negated…) the rule judges.
 *
 * A pattern compiles to one regular expression with bounded repetitions only, so it cannot
 * backtrack catastrophically. `regex:` patterns stay available as an escape hatch.
 */

/** A parsed pattern item; `at` is its offset in the pattern text. */
export type PhraseNode =
  | { kind: "word"; text: string; exact: boolean; at: number; end: number }
  | { kind: "optional"; alternatives: PhraseNode[][]; at: number; end: number }
  | { kind: "choice"; alternatives: PhraseNode[][]; at: number; end: number }
  | { kind: "gap"; max: number; at: number; end: number }
  | { kind: "slot"; vocabulary: string; name: string; at: number; end: number }
  | { kind: "predicate"; node: PhraseNode; at: number; end: number };

/** A mistake in a pattern, at an offset of the pattern text. */
export class PatternError extends Error {
  constructor(
    message: string,
    /** Offset in the pattern, from 0. */
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Words a gap spans unless the pattern says otherwise. */
const DEFAULT_GAP = 12;
/** The most words a gap may span. */
const MAX_GAP = 60;

/** Characters skipped between two words: white space and punctuation that does not end a clause. */
const SKIP = `[\\s,:"“”‘’'()\\[\\]]{0,80}`;
/** One or more of them, before a word inside a gap. */
const SKIP1 = `[\\s,:"“”‘’'()\\[\\]]{1,80}`;
/** A word inside a gap: no clause end (;) and none of the skipped characters. */
const GAP_WORD = `[^\\s;,:"“”‘’'()\\[\\]]{1,60}`;

const STRUCTURE = new Set(["[", "]", "(", ")", "|", "{", "}", "*"]);

/** Parses a pattern. Throws a PatternError at the offending offset. */
export function parsePhrase(pattern: string): PhraseNode[] {
  let i = 0;
  const n = pattern.length;
  let predicates = 0;
  const skipSpace = () => {
    while (i < n && /\s/.test(pattern[i] as string)) i++;
  };
  const parseAlternatives = (close: string | undefined, openAt: number): PhraseNode[][] => {
    const alternatives: PhraseNode[][] = [];
    let current: PhraseNode[] = [];
    let altStart = i;
    for (;;) {
      skipSpace();
      if (i >= n) {
        if (close) throw new PatternError(`"${pattern[openAt]}" is never closed: add "${close}"`, openAt);
        break;
      }
      const c = pattern[i] as string;
      if (c === close) {
        i++;
        break;
      }
      if (c === "|") {
        if (current.length === 0) throw new PatternError('nothing before "|": each alternative needs a word', i);
        alternatives.push(current);
        current = [];
        i++;
        altStart = i;
        continue;
      }
      if (c === "]" || c === ")" || c === "}") {
        throw new PatternError(`"${c}" closes nothing${close ? ` (expected "${close}")` : ""}`, i);
      }
      current.push(parseItem());
    }
    if (current.length === 0 && (alternatives.length > 0 || close)) {
      throw new PatternError(alternatives.length > 0 ? 'nothing after "|": each alternative needs a word' : `empty "${pattern[openAt]}${close}"`, alternatives.length > 0 ? altStart : openAt);
    }
    if (current.length > 0) alternatives.push(current);
    return alternatives;
  };
  const parseItem = (): PhraseNode => {
    const at = i;
    const c = pattern[i] as string;
    if (c === "[") {
      i++;
      const alternatives = parseAlternatives("]", at);
      return { kind: "optional", alternatives, at, end: i };
    }
    if (c === "(") {
      i++;
      const alternatives = parseAlternatives(")", at);
      return { kind: "choice", alternatives, at, end: i };
    }
    if (c === "{") {
      const close = pattern.indexOf("}", i);
      if (close < 0) throw new PatternError('"{" is never closed: add "}" after the vocabulary name', at);
      const inner = pattern.slice(i + 1, close).trim();
      const m = /^([a-z][a-z0-9-]*)(?:\s+as\s+([a-zA-Z][a-zA-Z0-9]*))?$/.exec(inner);
      if (!m) throw new PatternError(`"{${inner}}" is not a slot: write {vocabulary} or {vocabulary as name}`, at);
      i = close + 1;
      const vocabulary = m[1] as string;
      return { kind: "slot", vocabulary, name: m[2] ?? camel(vocabulary), at, end: i };
    }
    if (c === "*") {
      predicates++;
      if (predicates > 1) throw new PatternError("only one predicate (*word*) per pattern", at);
      i++;
      if (i >= n || /\s/.test(pattern[i] as string)) throw new PatternError('"*" must stand right before the predicate word: *filed*', at);
      const node = parseItem();
      if (pattern[i] !== "*") throw new PatternError('the predicate is never closed: add "*" right after it', at);
      i++;
      return { kind: "predicate", node, at, end: i };
    }
    if (pattern.startsWith("...", i)) {
      i += 3;
      let max = DEFAULT_GAP;
      const b = /^\{(?:0,)?(\d+)\}/.exec(pattern.slice(i));
      if (b) {
        max = Number(b[1]);
        if (max < 1 || max > MAX_GAP) throw new PatternError(`a gap spans 1 to ${MAX_GAP} words, not ${max}`, i);
        i += b[0].length;
      } else if (pattern[i] === "{") throw new PatternError("write a gap's bound as ...{0,20} (at most 20 words)", i);
      return { kind: "gap", max, at, end: i };
    }
    // A word: up to white space or structure. A bracket glued to a word is part of it
    // ("424(b)", "13(a)"), so a section reference reads as written.
    let exact = false;
    if (c === "=") {
      exact = true;
      i++;
    }
    const start = i;
    while (i < n) {
      const ch = pattern[i] as string;
      if (/\s/.test(ch)) break;
      if (ch === "(" && i > start) {
        const close = pattern.indexOf(")", i);
        if (close < 0) throw new PatternError('"(" is never closed: add ")"', i);
        i = close + 1;
        continue;
      }
      if (ch === "*" && i > start) break;
      if (STRUCTURE.has(ch)) break;
      if (pattern.startsWith("...", i) && i > start) break;
      i++;
    }
    const text = pattern.slice(start, i);
    if (text === "") throw new PatternError(exact ? '"=" must stand right before a word: =filed' : `unexpected "${c}"`, at);
    return { kind: "word", text, exact, at, end: i };
  };
  const alternatives = parseAlternatives(undefined, 0);
  if (alternatives.length === 0) throw new PatternError("the pattern is empty", 0);
  const top = alternatives.length === 1 ? (alternatives[0] as PhraseNode[]) : [{ kind: "choice" as const, alternatives, at: 0, end: n }];
  if (!top.some(required)) throw new PatternError("every part of the pattern is optional, so it would match everywhere", 0);
  const edge = [top[0], top[top.length - 1]].find((x) => x?.kind === "gap");
  if (edge) throw new PatternError('a pattern cannot start or end with "...": a gap stands between words', edge.at);
  return top;
}

/** "file-number" → "fileNumber": the value a slot captures unless it says `as`. */
function camel(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Whether a node begins (`start`) or ends (`end`) with a gap: in some of its alternatives, or
 * in every one. A gap brings its own separators, and a word next to a gap needs a boundary.
 */
function gapAt(node: PhraseNode, side: "start" | "end", quantifier: "some" | "every"): boolean {
  if (node.kind === "gap") return true;
  if (node.kind !== "optional" && node.kind !== "choice") return false;
  return node.alternatives[quantifier]((a) => {
    const edge = side === "start" ? a[0] : a[a.length - 1];
    return edge !== undefined && gapAt(edge, side, quantifier);
  });
}

const startsWithGap = (node: PhraseNode) => gapAt(node, "start", "every");

/** True when the node must match some text. */
function required(node: PhraseNode): boolean {
  if (node.kind === "optional") return false;
  if (node.kind === "gap") return false;
  if (node.kind === "choice") return node.alternatives.every((a) => a.some(required));
  return true;
}


/** A pattern compiled: the regular expression and what its groups hold. */
export interface PhraseProgram {
  source: string;
  /**
   * For each required part of the pattern made of words (at most three, longest-worded first),
   * the lower-case words one of which a sentence must contain for that part to match (for a
   * word with signs, its longest run of letters and digits): a sentence lacking any part's words
   * cannot match, so the full pattern runs only where all occur. Empty when every required part
   * is a slot.
   */
  anchors: string[][];
  /** Capturing group number → the slot it holds. */
  slots: { group: number; vocabulary: string; name: string }[];
  /** Capturing group of the predicate, when the pattern marks one. */
  predicate?: number;
  /** With `parts`: group of each top-level item, and the item's text in the pattern. */
  parts: { group: number; text: string }[];
}

/** Vocabularies by name, and for the exact form, the names each slot may stand for. */
export interface PhraseContext {
  vocabularies: ReadonlyMap<string, Vocabulary>;
  /** With `exact`: per vocabulary, the names its slots stand for (entries, references, defined terms a sentence holds). */
  names?: ReadonlyMap<string, string[]>;
  /** With `exact`: each slot's names left as SLOT_MARK, for exactTemplate. */
  template?: boolean;
}

/** Where the exact form's template leaves a slot's names out (a pattern whose own text holds it gets no template). */
const SLOT_MARK = "\u0000";

const LEFT = "(?<![a-z0-9])";
const RIGHT = "(?![a-z0-9])";

/**
 * Compiles a parsed pattern to a regular-expression source (flags `gid`). A slot matches the
 * shape of its vocabulary's entries (the caller looks the words up); with `exact`, just the
 * names the context gives. With `parts`, each top-level item is a group of its own, for
 * `explain`. Throws PatternError for an unknown vocabulary.
 */
export function compilePhrase(pattern: string, nodes: PhraseNode[], ctx: PhraseContext, parts = false, exact = false): PhraseProgram {
  let group = 0;
  const program: PhraseProgram = { source: "", slots: [], parts: [], anchors: [] };
  /** A sequence of items; with `withParts` (the top level, for `explain`), each item a group of its own. */
  const sequence = (items: PhraseNode[], edge: Edge, withParts = false): string => {
    let out = "";
    items.forEach((item, k) => {
      // A part's group opens before the groups inside it, so it is numbered first.
      const g = withParts ? ++group : 0;
      if (withParts) program.parts.push({ group: g, text: pattern.slice(item.at, item.end) });
      // A gap brings its own separators; so does the first item.
      const sep = k === 0 || startsWithGap(item) ? "" : SKIP;
      let body = node(item, edgeOf(items, k, edge));
      if (withParts) body = `(${body})`;
      if (item.kind === "optional") out += k === 0 ? `(?:${body}${SKIP})?` : `(?:${sep}${body})?`;
      else out += sep + body;
    });
    return out;
  };
  const alternatives = (alts: PhraseNode[][], edge: Edge) => alts.map((a) => sequence(a, edge)).join("|");
  const node = (x: PhraseNode, edge: Edge): string => {
    switch (x.kind) {
      case "word":
        return word(x.text, x.exact, edge);
      case "optional":
        return `(?:${alternatives(x.alternatives, edge)})`;
      case "choice":
        return `(?:${alternatives(x.alternatives, edge)})`;
      case "gap":
        // Lazy: the nearest continuation wins ("the laws of Ontario and the federal laws of
        // Canada" reads Ontario).
        return `(?:${SKIP1}${GAP_WORD}){0,${x.max}}?`;
      case "slot": {
        const v = ctx.vocabularies.get(x.vocabulary);
        if (!v) {
          const known = [...ctx.vocabularies.keys()].join(", ");
          throw new PatternError(`no vocabulary "${x.vocabulary}" (there are: ${known || "none"})`, x.at + 1);
        }
        const g = ++group;
        program.slots.push({ group: g, vocabulary: x.vocabulary, name: x.name });
        if (!exact) return `${edge.left ? LEFT : ""}(${v.shapeSource})${edge.right ? RIGHT : ""}`;
        // The exact form lists the names given for this vocabulary (those a sentence holds).
        return `${edge.left ? LEFT : ""}(${ctx.template ? SLOT_MARK : namesSource(ctx.names?.get(x.vocabulary) ?? [])})${edge.right ? RIGHT : ""}`;
      }
      case "predicate": {
        const g = ++group;
        program.predicate = g;
        return `(${node(x.node, edge)})`;
      }
    }
  };
  program.source = sequence(nodes, { left: true, right: true }, parts);
  program.anchors = anchorsOf(nodes);
  return program;
}

/** A slot's names as the exact form's alternation; `(?!)` (nothing) when there are none. */
function namesSource(names: string[]): string {
  return alternationSource(names.map(literalSource)) || "(?!)";
}

/**
 * The exact form of a phrase compiled once, with each slot's names left out: a sentence's
 * exact form is its pieces joined with the names that sentence holds (what compilePhrase with
 * `exact` and those names gives, without walking the pattern again). Undefined when the
 * pattern's own text holds the mark.
 */
export function exactTemplate(pattern: string, nodes: PhraseNode[], vocabularies: ReadonlyMap<string, Vocabulary>): ExactTemplate | undefined {
  const program = compilePhrase(pattern, nodes, { vocabularies, template: true }, false, true);
  const pieces = program.source.split(SLOT_MARK);
  return pieces.length === program.slots.length + 1 ? { pieces, program } : undefined;
}

export interface ExactTemplate {
  /** The exact form's source around its slots' names: one more piece than slots. */
  pieces: string[];
  program: PhraseProgram;
}

/** The exact form for a set of names: compilePhrase(…, { names }, false, true) from its template. */
export function fillExactTemplate(t: ExactTemplate, names: ReadonlyMap<string, string[]>): PhraseProgram {
  const sources = new Map<string, string>();
  let source = t.pieces[0] as string;
  t.program.slots.forEach((slot, i) => {
    let alternation = sources.get(slot.vocabulary);
    if (alternation === undefined) sources.set(slot.vocabulary, (alternation = namesSource(names.get(slot.vocabulary) ?? [])));
    source += alternation + (t.pieces[i + 1] as string);
  });
  return { ...t.program, source };
}

/**
 * Where an item needs a word boundary: at the pattern's ends and next to a gap. Between two
 * words the following word bounds a match anyway, and text converted from PDF often runs words
 * together ("the laws ofthe State ofTexas"), so there none is required.
 */
interface Edge {
  left: boolean;
  right: boolean;
}

/** The boundaries item k of a sequence needs, given those the sequence needs at its ends. */
function edgeOf(items: PhraseNode[], k: number, edge: Edge): Edge {
  const side = (step: -1 | 1, atEnd: boolean): boolean => {
    for (let j = k + step; j >= 0 && j < items.length; j += step) {
      const it = items[j] as PhraseNode;
      if (gapAt(it, step < 0 ? "end" : "start", "some")) return true;
      if (required(it)) return false;
    }
    return atEnd;
  };
  return { left: side(-1, edge.left), right: side(1, edge.right) };
}

/**
 * The words of a required item, when it is made of words only: a word, a predicate on words,
 * or a choice whose every alternative starts with a required word item.
 */
function wordsOf(node: PhraseNode): { text: string; exact: boolean }[] | undefined {
  switch (node.kind) {
    case "word":
      return [{ text: node.text, exact: node.exact }];
    case "predicate":
      return wordsOf(node.node);
    case "choice": {
      const out: { text: string; exact: boolean }[] = [];
      for (const alt of node.alternatives) {
        const first = alt.find(required);
        const words = first && alt.indexOf(first) === alt.findIndex((x) => x.kind !== "optional") ? wordsOf(first) : undefined;
        if (!words) return undefined;
        out.push(...words);
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** The anchors of a pattern (see PhraseProgram.anchors): its required word items, the longest-worded first. */
function anchorsOf(nodes: PhraseNode[]): string[][] {
  const items: { words: { text: string; exact: boolean }[]; score: number }[] = [];
  for (const n of nodes) {
    if (!required(n)) continue;
    const words = wordsOf(n);
    if (!words || words.length === 0) continue;
    items.push({ words, score: Math.min(...words.map((w) => w.text.replace(/[^A-Za-z0-9]/g, "").length)) });
  }
  // Short words ("of", "to") are everywhere and are the ones PDF text runs into the next word.
  return items
    .filter((i) => i.score >= 3)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map(({ words }) => [...new Set(words.flatMap((w) => (!w.exact && /^[a-z]+(?:['’-][a-z]+)*$/.test(w.text) ? inflections(w.text) : [w.text]).map(anchorWord)))]);
}

/** The run of letters and digits of a word that a sentence's word list holds: "e-mail" → "mail". */
function anchorWord(form: string): string {
  const pieces = form.toLowerCase().split(/[^a-z0-9\u00c0-\u024f]+/).filter(Boolean);
  return pieces.sort((a, b) => b.length - a.length)[0] ?? form.toLowerCase();
}

/** Each word's regular-expression body, built once (the rules repeat "law", "the", "govern"). */
const wordBodies = new Map<string, string>();

/** One word of a pattern as a regular-expression source. */
function word(text: string, exact: boolean, edge: Edge): string {
  const inflect = !exact && /^[a-z]+(?:['’-][a-z]+)*$/.test(text);
  const key = `${inflect ? "~" : "="}${text}`;
  let body = wordBodies.get(key);
  if (body === undefined) {
    body = inflect ? alternationSource(inflections(text).map(literalSource)) : literalSource(text);
    wordBodies.set(key, body);
  }
  const left = edge.left && /^[A-Za-z0-9]/.test(text) ? LEFT : "";
  const right = edge.right && /[A-Za-z0-9]$/.test(text) ? RIGHT : "";
  return `${left}${body}${right}`;
}
