import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { packagePath } from "../package-path.js";

const require = createRequire(import.meta.url);

/**
 * Pattern sources the build already analysed (the bundled rules' patterns,
 * dist/verified-patterns.json): a run with unchanged rules skips parsing them. A pattern
 * someone changed is not in the list and is analysed.
 */
let verified: Set<string> | undefined;
export function isVerified(source: string): boolean {
  if (!verified) {
    const file = packagePath("dist", "verified-patterns.json");
    verified = new Set(existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as string[]) : []);
  }
  return verified.has(source);
}

/**
 * Finds the shapes of regular expression that make V8's backtracking engine take
 * exponential or polynomial time ("ReDoS"), so that a rule file cannot make a check of a
 * long agreement run for hours:
 *  - a repetition inside a repetition whose text can be split two ways: (a+)+, (\w+\s?)+
 *  - a repetition of alternatives that can match the same text: (a|ab)*, (\w|\d)+
 *  - two repetitions in a row that can match the same characters: \w+\w+, .*\s*.*, also with
 *    a separator the first could match too (.*x.*y, \w+x\w+y), also written as one repetition
 *    of the other ((a+){2}), also when both are bounded but long (q[a-z]{0,999}[a-z]{0,999}!)
 *  - a repetition of something that can match nothing ((a?){28}a{28})
 *  - a long repetition next to a repeated group whose rounds can share the same text several
 *    ways (a*(?:a{0,5}){1,3}y, (?:a?a?){2,4}a*y): each split of the one times each of the other
 * A required part that must start with a character the repetition before it cannot match ends
 * that repetition: \s+(?:was|has\s+been)\s+ is linear, since \s cannot match w or h.
 * Alternatives are looked for through any number of groups ((?:(?:a|a))*), in bounded
 * repetitions too ((?:a|a){1,1000}), and a non-ASCII letter also stands for its other case (é, É).
 * Character sets are approximated over ASCII (with one bit for "anything else"), which errs
 * on the side of rejecting. This is a filter, not a proof: the per-document deadline
 * (--timeout, src/batch/run-batch.ts) is the bound that holds whatever a pattern does.
 *
 * Libraries measured against the same cases (2026-12-01; the 18 shapes test/rules/safety.test.ts
 * refuses and its 6 ordinary patterns, compiled with the i flag):
 *  - redos-detector@6.1.4: refuses all 18, but also 5 of the 6 ordinary patterns (\w+ of \w+,
 *    governed by.{0,80}laws, \d+-\d+); 34 s to analyse the 24 (several hit its 2 s timeout).
 *    Loads in 35 ms.
 *  - scslre@0.3.0: misses 4 ((?:a|a){1,1000}b, (?:a?){28}a{28}, (?:a|[ab]){0,999}c,
 *    q[a-z]{0,999}[a-z]{0,999}!) and refuses 3 ordinary ones; 55 ms for all; loads in 220 ms.
 * Neither is a better filter for rule files, so none is a dependency; a linear-time engine
 * (re2js) would remove the question but changes the pattern language (no lookbehind).
 */

type Node = { type: string; [k: string]: unknown };

/** Bounded repetitions longer than this count as unbounded. */
const LARGE = 1000;

/**
 * A set of characters: 128 ASCII bits, the non-ASCII code points named explicitly, and a
 * flag for "every other non-ASCII character" (negated classes, \\W, the dot).
 */
class CharSet {
  constructor(
    readonly bits = new Uint8Array(128),
    readonly others: ReadonlySet<number> = new Set(),
    readonly allOthers = false,
  ) {}
  static of(pred: (c: number) => boolean, others: Iterable<number> = [], allOthers = false): CharSet {
    const bits = new Uint8Array(128);
    for (let c = 0; c < 128; c++) bits[c] = pred(c) ? 1 : 0;
    return new CharSet(bits, new Set(others), allOthers);
  }
  union(o: CharSet): CharSet {
    return new CharSet(this.bits.map((b, i) => b | (o.bits[i] ?? 0)), new Set([...this.others, ...o.others]), this.allOthers || o.allOthers);
  }
  complement(): CharSet {
    return new CharSet(this.bits.map((b) => b ^ 1), new Set(), true);
  }
  overlaps(o: CharSet): boolean {
    if (this.bits.some((b, i) => b === 1 && o.bits[i] === 1)) return true;
    if ((this.allOthers && (o.allOthers || o.others.size > 0)) || (o.allOthers && this.others.size > 0)) return true;
    return [...this.others].some((c) => o.others.has(c));
  }
}

const NONE = CharSet.of(() => false);
const ANY = CharSet.of(() => true, [], true);
const UNICODE_SPACES = [0xa0, 0x1680, ...Array.from({ length: 11 }, (_, i) => 0x2000 + i), 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff];
const isWord = (c: number) => /\w/.test(String.fromCharCode(c));
const isDigit = (c: number) => c >= 48 && c <= 57;
const isSpace = (c: number) => /\s/.test(String.fromCharCode(c));
const ESCAPES: Record<string, CharSet> = {
  w: CharSet.of(isWord),
  W: CharSet.of((c) => !isWord(c), [], true),
  d: CharSet.of(isDigit),
  D: CharSet.of((c) => !isDigit(c), [], true),
  s: CharSet.of(isSpace, UNICODE_SPACES),
  S: CharSet.of((c) => !isSpace(c), [], true),
};

function codePointSet(cp: number): CharSet {
  if (cp >= 128) {
    // Matched ignoring case: é is also É (one code point each way, as V8 folds without the u flag).
    const ch = String.fromCodePoint(cp);
    const folds = [ch, ch.toLowerCase(), ch.toUpperCase()].filter((c) => [...c].length === 1).map((c) => c.codePointAt(0) as number);
    const ascii = folds.filter((c) => c < 128);
    return CharSet.of((c) => ascii.includes(c), folds.filter((c) => c >= 128));
  }
  const ch = String.fromCharCode(cp);
  const bits = new Uint8Array(128);
  bits[cp] = 1;
  bits[ch.toLowerCase().charCodeAt(0)] = 1;
  bits[ch.toUpperCase().charCodeAt(0)] = 1;
  return new CharSet(bits);
}

/** Every character a node can match (anywhere in what it matches). */
function chars(n: Node): CharSet {
  switch (n.type) {
    case "value":
      return codePointSet(n.codePoint as number);
    case "dot":
      return CharSet.of((c) => c !== 10 && c !== 13, [], true);
    case "characterClassEscape":
      return ESCAPES[n.value as string] ?? ANY;
    case "characterClassRange": {
      const min = (n.min as Node).codePoint as number;
      const max = (n.max as Node).codePoint as number;
      let s = CharSet.of((c) => c >= min && c <= max, [], max >= 128);
      for (let c = Math.max(min, 65); c <= Math.min(max, 122); c++) s = s.union(codePointSet(c));
      return s;
    }
    case "characterClass": {
      const set = (n.body as Node[]).reduce((s, b) => s.union(chars(b)), NONE);
      return n.negative ? set.complement() : set;
    }
    case "assertion":
    case "reference":
      return NONE;
    default:
      return ((n.body as Node[] | undefined) ?? []).reduce((s, b) => s.union(chars(b)), NONE);
  }
}

function unbounded(n: Node): boolean {
  return n.type === "quantifier" && (n.max === undefined || (n.max as number) > LARGE);
}

function nullable(n: Node): boolean {
  switch (n.type) {
    case "quantifier":
      return (n.min as number) === 0 || (n.body as Node[]).every(nullable);
    case "assertion":
      return true;
    case "disjunction":
      return (n.body as Node[]).some(nullable);
    case "alternative":
    case "group":
      return (n.body as Node[]).every(nullable);
    default:
      return false;
  }
}

/**
 * A repetition long enough that two of them in a row over the same characters multiply into
 * minutes on a long line: q[a-z]{0,999}[a-z]{0,999}! tries a million splits at every start.
 */
const LONG = 100;
function long(n: Node): boolean {
  return n.type === "quantifier" && (n.max === undefined || (n.max as number) > LONG);
}

function containsLong(n: Node): boolean {
  return ((n.body as Node[] | undefined) ?? []).some((b) => long(b) || containsLong(b));
}

/** The node a chain of one-child groups (and one-item alternatives) wraps: ((?:(?:a|b))) is a|b. */
function unwrap(n: Node): Node {
  let x = n;
  while ((x.type === "group" || x.type === "alternative") && (x.body as Node[]).length === 1) x = (x.body as Node[])[0] as Node;
  return x;
}

/** A repetition that can match different lengths: a+, a{1,5}, a? */
function variable(n: Node): boolean {
  return n.type === "quantifier" && (n.max === undefined || (n.max as number) > (n.min as number));
}

function containsVariable(n: Node): boolean {
  return ((n.body as Node[] | undefined) ?? []).some((b) => (variable(b) && !(b.max === 1 && b.min === 0 && !containsVariable(b))) || containsVariable(b));
}

/** The characters a match of a node can start with (a nullable part lets the next one start it). */
function firstChars(n: Node): CharSet {
  return edgeChars(n, "first");
}

/** The characters a match of a node can end with. */
function lastChars(n: Node): CharSet {
  return edgeChars(n, "last");
}

/** The characters at one edge of a match of a node: its parts are read from that edge inwards, past the nullable ones. */
function edgeChars(n: Node, edge: "first" | "last"): CharSet {
  switch (n.type) {
    case "quantifier":
    case "group":
    case "alternative": {
      const parts = (n.body as Node[] | undefined) ?? [];
      let set = NONE;
      for (const b of edge === "first" ? parts : [...parts].reverse()) {
        set = set.union(edgeChars(b, edge));
        if (!nullable(b)) break;
      }
      return set;
    }
    case "disjunction":
      return ((n.body as Node[]) ?? []).reduce((s, b) => s.union(edgeChars(b, edge)), NONE);
    default:
      return chars(n);
  }
}

/**
 * The characters of the long repetitions a match of a node can end in (`fromEnd`), or start
 * with, undefined when there are none: what runs on into whatever follows the node, as in x\s+
 * then \s+, or what the repetition before it runs on into, as in .* then (?:x+b){2}.
 */
function edgeLong(n: Node, fromEnd: boolean): CharSet | undefined {
  if (long(n)) return chars(n);
  const body = (n.body as Node[] | undefined) ?? [];
  if (n.type === "disjunction") {
    const sets = body.map((b) => edgeLong(b, fromEnd)).filter((x): x is CharSet => x !== undefined);
    return sets.length ? sets.reduce((a, b) => a.union(b)) : undefined;
  }
  if (n.type !== "group" && n.type !== "alternative" && n.type !== "quantifier") return undefined;
  if (n.type === "group" && n.behavior !== "ignore" && n.behavior !== "normal") return undefined;
  let found: CharSet | undefined;
  for (const b of fromEnd ? [...body].reverse() : body) {
    const t = edgeLong(b, fromEnd);
    if (t) found = found ? found.union(t) : t;
    if (!nullable(b)) break;
  }
  return found;
}

const trailingLong = (n: Node) => edgeLong(n, true);

/** The variable-length parts (a{0,5}, \w+, x?) at the end of a sequence, or at its start: their characters. */
function edgeRun(items: Node[], fromEnd: boolean): CharSet {
  let set = NONE;
  for (const b of fromEnd ? [...items].reverse() : items) {
    if (!variable(b) && !nullable(b)) break;
    set = set.union(chars(b));
    if (!nullable(b)) break;
  }
  return set;
}

/**
 * A repetition, at least twice, of a part whose rounds can share the same text out in several
 * ways: the end of one round can give characters to the start of the next ((?:a{0,5}){1,3},
 * (?:\w{1,3}){2}), or a round can match nothing ((?:a?a?){2,4}). Alone that is a constant
 * factor; next to a long repetition over the same characters (a*(?:a{0,5}){1,3}y) it
 * multiplies every split of the long one. (?:\w+\s){0,3} is not such a part: \s ends each
 * round and \w cannot match it.
 */
function ambiguousRepeat(n: Node): boolean {
  if (n.type !== "quantifier" || (n.max !== undefined && (n.max as number) < 2)) return false;
  const items = roundItems(n);
  if (items.length > 0 && items.every(nullable) && chars(n).overlaps(ANY)) return true;
  if (!items.some((b) => variable(b) || containsVariable(b))) return false;
  const whole: Node = { type: "alternative", body: items };
  const first = firstChars(whole);
  const last = lastChars(whole);
  if (edgeRun(items, true).overlaps(first) || edgeRun(items, false).overlaps(last)) return true;
  // A variable part inside that can match both a round's first and its last characters lets
  // the rounds' boundaries move: (?:a{2}\w{0,5}.){1,3} on a run of a's. (?:\w+\s+) cannot: \w
  // never matches the \s that ends a round, nor \s the \w that starts one.
  return variableParts(whole).some((v) => chars(v).overlaps(first) && chars(v).overlaps(last));
}

/** Every variable-length part (a{0,5}, \w+, x?) inside a node, outermost first. */
function variableParts(n: Node): Node[] {
  return ((n.body as Node[] | undefined) ?? []).flatMap((b) => (variable(b) ? [b] : variableParts(b)));
}

/** The items of one round of a repetition, its plain groups written out: (?:x(?:a{0,5})) is x, a{0,5}. */
function roundItems(n: Node): Node[] {
  const body = (n.body as Node[]) ?? [];
  const once = body.length === 1 ? unwrap(body[0] as Node) : { type: "alternative", body };
  return flatten(once.type === "alternative" ? (once.body as Node[]) : [once]);
}

/** How many ways, at most, one round's bounded variable parts can share a text: 6 for a{0,5}, 36 for .{0,5}.{0,5}. */
function roundWays(n: Node): number {
  let ways = 1;
  const walk = (x: Node) => {
    if (x.type === "quantifier" && variable(x)) ways *= Math.min(LARGE, (x.max === undefined ? LARGE : (x.max as number)) - (x.min as number) + 1);
    for (const b of (x.body as Node[] | undefined) ?? []) walk(b);
  };
  for (const b of roundItems(n)) walk(b);
  return Math.min(ways, 1e9);
}

/**
 * Past this many ways of sharing out the text at one start, a repeated group is slow on its
 * own: (?:\w{0,5}.{1,3}\w{0,5}){1,3} tries up to 108^3 at every character (12 s on 2,000).
 */
const MANY_WAYS = 5000;

/**
 * The problem of a sequence (the items of an alternative), if any: two long repetitions over
 * shared characters, or a long repetition and an ambiguous repeat (ambiguousRepeat) over shared
 * characters, with nothing between them but optional parts or parts the first could run on
 * into (a required part starting with a character the first cannot match ends it: in
 * \s+(?:was|has\s+been)\s+ the first \s+ stops where "was" or "has" starts).
 */
function adjacentProblem(items: Node[]): "long" | "ambiguous" | undefined {
  const r = scan(items, {});
  return typeof r === "string" ? r : undefined;
}

/** What is still running at a point of a sequence: the long repetitions and ambiguous repeats a following part would continue. */
interface Open {
  previous?: CharSet;
  previousAmbiguous?: CharSet;
}

const joined = (a: CharSet | undefined, b: CharSet | undefined) => (a && b ? a.union(b) : (a ?? b));

/**
 * Walks a sequence from `open`: a problem, or what is still running at its end. An optional
 * part ((?:x*[ab]+.)?) and each alternative of a group are walked from the same point, and
 * what runs on after them is the union (so [ab]+ inside (?:x*[ab]+.)? meets the a* after it).
 */
function scan(items: Node[], open: Open): "long" | "ambiguous" | Open {
  let { previous, previousAmbiguous } = open;
  for (const item of flatten(items)) {
    const b = item.type === "group" ? unwrap(item) : item;
    if (long(b)) {
      const set = chars(b);
      if (previous?.overlaps(set)) return "long";
      if (previousAmbiguous?.overlaps(set)) return "ambiguous";
      // An optional long repetition (\s*) leaves the one before it running on: a+\s*[ab]{2}a+.
      previous = nullable(b) ? joined(previous, set) : set;
      if (!nullable(b)) previousAmbiguous = undefined;
      continue;
    }
    // A bounded repetition is walked as one round and as two ((?:\w{2}x*b{2}){2}: \w* runs on
    // through \w{2} into x*); a group of alternatives as each alternative.
    const rounds = b.type === "quantifier" ? [1, 2].filter((k) => k >= Math.min(b.min as number, 2) && k <= ((b.max as number | undefined) ?? 2)) : [];
    const inner =
      b.type === "quantifier" && rounds.length > 0
        ? rounds.map((k) => Array.from({ length: k }, () => roundItems(b)).flat())
        : b.type === "disjunction"
          ? (b.body as Node[]).map((a) => flatten(a.type === "alternative" ? (a.body as Node[]) : [a]))
          : undefined;
    if (inner && !ambiguousRepeat(b)) {
      // (?:…)?, (?:…){1,3} and (?:a|b): each way through from here; after it, whatever any way leaves running.
      let after: Open = b.type === "quantifier" && b.min === 0 ? { previous, previousAmbiguous } : {};
      for (const way of inner) {
        const r = scan(way, { previous, previousAmbiguous });
        if (typeof r === "string") return r;
        after = { previous: joined(after.previous, r.previous), previousAmbiguous: joined(after.previousAmbiguous, r.previousAmbiguous) };
      }
      ({ previous, previousAmbiguous } = after);
      continue;
    }
    // A part that starts with a long repetition continues the one before it: .* then (?:x+b){2}.
    const lead = edgeLong(b, false);
    if (lead && previous?.overlaps(lead)) return "long";
    if (lead && previousAmbiguous?.overlaps(lead)) return "ambiguous";
    const ambiguous = ambiguousRepeat(b);
    if (ambiguous && previous?.overlaps(chars(b))) return "ambiguous";
    if (!nullable(b)) {
      const first = firstChars(b);
      previous = previous?.overlaps(first) ? joined(previous, trailingLong(b)) : trailingLong(b);
      if (!previousAmbiguous?.overlaps(first)) previousAmbiguous = undefined;
    } else {
      // An optional part that may end in a long repetition runs on into the next one: (?:a*|b)a*.
      previous = joined(previous, trailingLong(b));
    }
    if (ambiguous) previousAmbiguous = joined(previousAmbiguous, chars(b));
  }
  return { previous, previousAmbiguous };
}

/**
 * A sequence with the sequences of its plain groups written out in place: \w+(?:\w*x) is
 * \w+\w*x. A group of alternatives, or a lookaround, stays one item.
 */
function flatten(items: Node[]): Node[] {
  return items.flatMap((i) => {
    const body = (i.body as Node[] | undefined) ?? [];
    const plain = i.type === "group" && (i.behavior === "ignore" || i.behavior === "normal");
    if (!plain || (body.length === 1 && (body[0] as Node).type === "disjunction")) return [i];
    return flatten(body.length === 1 && (body[0] as Node).type === "alternative" ? ((body[0] as Node).body as Node[]) : body);
  });
}

/** True when a sequence holds two long repetitions over shared characters (see adjacentProblem). */
function adjacentLong(items: Node[]): boolean {
  return adjacentProblem(items) === "long";
}

/** The first problem found in `source` (translated pattern source), in words, or undefined. */
export function backtrackingProblem(source: string): string | undefined {
  if (isVerified(source)) return undefined;
  let ast: Node;
  try {
    const { parse } = require("regjsparser") as { parse(s: string, flags: string, o: object): unknown };
    ast = parse(source, "i", { lookbehind: true, namedGroups: true }) as unknown as Node;
  } catch {
    return undefined; // the RegExp constructor reports syntax errors better
  }
  let problem: string | undefined;
  const visit = (n: Node) => {
    if (problem) return;
    const body = (n.body as Node[] | undefined) ?? [];
    // A repetition of something that can itself split its text different ways: (a+)+, (a{1,5})+,
    // (\d{1,3},?)+ or (a+){10}. An optional single atom inside (a?) does not split text.
    const repeats = n.type === "quantifier" && (unbounded(n) || (n.max as number) > 4);
    if (repeats) {
      if (body.some((b) => (variable(b) && !(b.max === 1 && !containsVariable(b))) || containsVariable(b))) {
        problem = "a repetition inside a repetition (like (a+)+ or (a{1,5})+) can take exponential time; repeat only one of them";
        return;
      }
      // (a?){28}: each round may match nothing or something, 2^28 ways to share the text out.
      if (body.length > 0 && body.every(nullable) && chars(n).overlaps(ANY)) {
        problem = "a repetition of something that can match nothing (like (a?){28} or (a*)*) can take exponential time; make the repeated part match at least one character";
        return;
      }
    }
    // (a+){2} is a+a+: two long repetitions in a row over the same characters, once the
    // repeated part is written out twice. (\w+\s){0,3} is not: \s stands between.
    if (n.type === "quantifier" && (n.max === undefined || (n.max as number) >= 2) && containsLong(n)) {
      const once = body.length === 1 ? unwrap(body[0] as Node) : { type: "alternative", body };
      const items = once.type === "alternative" ? (once.body as Node[]) : [once];
      if (adjacentLong([...items, ...items])) {
        problem = "a repetition inside a repetition (like (a+){2}, which is a+a+) can take polynomial time on a long agreement; repeat only one of them";
        return;
      }
    }
    if (repeats) {
      const alts = body.length === 1 ? unwrap(body[0] as Node) : undefined;
      if (alts?.type === "disjunction") {
        const sets = (alts.body as Node[]).map(chars);
        for (let i = 0; i < sets.length && !problem; i++) {
          for (let j = i + 1; j < sets.length; j++) {
            if ((sets[i] as CharSet).overlaps(sets[j] as CharSet)) {
              problem = "repeated alternatives that can match the same text (like (a|ab)*) can take exponential time; make the alternatives distinct";
              break;
            }
          }
        }
      }
    }
    // A few rounds that each split their text many ways: (?:\w{0,5}.{1,3}\w{0,5}){1,3}.
    if (ambiguousRepeat(n) && Math.pow(roundWays(n), Math.min((n.max as number | undefined) ?? LARGE, 64)) > MANY_WAYS) {
      problem = "a repeated group whose rounds can share the same text in many ways (like (?:\\w{0,5}.{1,3}\\w{0,5}){1,3}) can take a long time on a long agreement; make the group's parts fixed-length, or separate them by characters they cannot match";
      return;
    }
    // (A group's body is a sequence too: (?:\w+\w*x) is checked as \w+\w*x is.)
    if (n.type === "alternative" || n.type === "group") {
      // Two long repetitions over shared characters, with only optional parts between them or
      // parts the first could match too: \w+\w*, .*.*, .*x.*y, \w+x\w+y. On a line that
      // fails, every way of sharing the text between the two is tried, at every start.
      const adjacent = adjacentProblem(body);
      if (adjacent === "long") {
        problem = "two repetitions that can match the same characters, one after the other (like \\w+\\w*, .*x.*y or \\w+x\\w+y), can take polynomial time on a long agreement; bound one of them, e.g. {0,80}, or make what separates them a character the first cannot match";
        return;
      }
      // a*(?:a{0,5}){1,3}y: every split of a* times every way the repeated group shares out the rest.
      if (adjacent === "ambiguous") {
        problem = "a repeated group whose rounds can share the same text in several ways (like (?:a{0,5}){1,3}) next to a repetition of the same characters (like a*) can take polynomial time on a long agreement; make the group's rounds fixed-length, or separate the two by a character the repetition cannot match";
        return;
      }
    }
    for (const b of body) visit(b);
  };
  visit(ast);
  return problem;
}
