import type { FrameKind, Statement } from "../types.js";

/**
 * How a clause is stated, read from the verbs around the words that matched. This is English
 * grammar, not knowledge of any rule: rules choose which statements they accept.
 *
 * Two ways of reading:
 *
 * - **Predicate mode** (`options.predicate`): the span is the predicate the rule judges
 *   (`filed`, `registered`, `effective`, `govern`, `counterparts`…). Its own verb group decides:
 *   the auxiliaries, modals, "not" and adverbs immediately to its left ("has not yet been
 *   declared effective"), or, for a noun, the verb that governs it in its clause. A negation
 *   elsewhere in the sentence does not touch it.
 * - **Fallback** (no predicate): the verb nearest the matched words within their `;`-part.
 *
 * Both then look for a **frame** around the predicate, earlier in its sentence (or in the
 * lead-in): a condition ("if", "provided that", "until"…), a proviso ("in no event shall"), a
 * closing condition ("shall have received an opinion … to the effect that"), an exclusion
 * ("other than", "excluding") or a definition (`"X" means`, `(the "X")`, `is herein called`).
 * A framed predicate is not a representation: the reading is `conditional` (or `mentioned` for
 * an exclusion or a definition), with `frame` naming the frame. A condition frames its own
 * clause ("If the Purchaser *is an accredited investor*, …": frame `condition`) and the
 * provision it governs ("In the event that a signature is delivered by facsimile, it *shall be
 * binding*": frame `conditional provision`); only the second is still a provision of the
 * agreement.
 */


/** The statement, the words that decided it, and the frame around it, if any. */
export interface StatementReading {
  statement: Statement;
  /** The deciding words, white space collapsed: "has not yet been declared effective", "in no event shall". */
  cue?: string;
  /** The frame that made the clause conditional or a mere mention. */
  frame?: FrameKind;
}

/** How to read the span. */
export interface StatementOptions {
  /** The span is the predicate whose own verb group decides (see the module comment). */
  predicate?: boolean;
}

/**
 * Reads how the words at [start, end) of `text` (a sentence, or a window of at most a few
 * thousand characters around the match) are stated. `leadIn` ("The Company represents and
 * warrants that") is the text introducing the sentence, when it is a subdivision: its frames
 * apply, and it is read when the words themselves have no verb.
 *
 * With `options.predicate`, [start, end) is the predicate (see the module comment): "has filed"
 * is done, "shall file" future, "has not filed" negated, "shares registered under the Act"
 * (no verb group) mentioned or read from the lead-in, "supplements that are filed" mentioned.
 * Without it, the verb nearest the words decides, and a negation counts only in their clause.
 * In both, a frame wins: `{ statement: "conditional", frame: "condition" | "conditional provision"
 * | "proviso" | "closing condition" }` or `{ statement: "mentioned", frame: "exclusion" | "definition" }`.
 */
export function readStatement(
  text: string,
  start: number,
  end: number,
  leadIn?: string,
  options?: StatementOptions,
  /** The same text and lead-in, tokenised already (statementText): several matches read one window. */
  prepared?: StatementText,
): StatementReading {
  const doc = prepared ?? prepare(text, leadIn);
  const range = tokenRange(doc, start + doc.shift, end + doc.shift);
  if (options?.predicate && range) return readPredicate(doc, range[0], range[1], leadIn);
  return readNearest(doc, text, start, end, leadIn);
}

// ─── Words ──────────────────────────────────────────────────────────────────────────────────

function words(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s+/).filter(Boolean));
}

const MODAL = words("will shall would should may might must can could need ought");
/** Finite forms that state what is or has been: "has", "is", "does". */
const FINITE = words("has have had is are was were am do does did");
const PRESENT_COPULA = words("is are am");
const NONFINITE = words("be been being having");
/** Verbs that link the predicate to its subject inside a verb group: "has become effective", "was declared effective". */
const LINKING = words("become becomes became becoming remain remains remained declared deemed made");
/** Linking verbs that are themselves finite: "becomes effective" states a present state. */
const FINITE_LINKING = words("becomes became remains remained continues continued");
const ADVERB = words(
  "duly previously heretofore already yet also hereby herewith now still thereby theretofore hitherto further each all both so ever just once again not never",
);
/** Words ending in -ly that are not adverbs. */
const NOT_ADVERB = words("apply supply reply comply rely imply multiply family assembly july italy ally fly");
const NEGATOR = words("not never neither nor cannot");
/** Verbs before "to" that promise or intend: "agrees to file", "is required to file". */
const INTENT = words(
  "agree agrees agreed intend intends intended undertake undertakes undertook undertaken covenant covenants covenanted plan plans planned expect expects expected propose proposes proposed anticipate anticipates anticipated require requires required obligated obliged bound commit commits committed elect elects elected endeavor endeavors endeavour endeavours attempt attempts attempted seek seeks wish wishes desire desires hope hopes promise promises promised able going about prepared willing ready ought likely has have had is are was were am be",
);
/** "not required to": no duty. */
const UNNEEDED = words("required obligated obliged bound necessary");
/** Verbs before "to" that state something continuing: "continues to be listed". */
const STATE = words("continue continues continued remain remains remained");
/** Verbs before "to" that deny: "has failed to file". */
const REFUSAL = words("fail fails failed refuse refuses refused decline declines declined neglect neglects neglected omit omits omitted");
const EFFORTS = words("efforts effort endeavors endeavours");
const EFFORT_WORDS = words("best reasonable commercially good faith good-faith diligent reasonably all its their his her the our your own every");
const USE = words("use uses used using make makes made exert exerts exerted employ employs");
const IRREGULAR = words(
  "been done made paid sold held met sent set put read led left lent lost meant kept laid bought brought built caught dealt found got gotten heard said seen shown known drawn grown thrown withdrawn sworn torn worn borne bound struck spent told thought understood won shut cut let hit run become begun come gone chosen frozen given forgiven taken undertaken overtaken written hidden proven arisen risen forgotten ridden spoken stolen broken woken eaten fallen beaten shaken mistaken",
);
const NOT_PARTICIPLE = words(
  "when then even seven eleven often open citizen garden token women men happen listen threaten broaden lessen strengthen hasten omen specimen warden burden linen heaven oxygen hydrogen kitchen need feed seed deed bleed breed proceed exceed succeed speed indeed red bed shed wed fled bred creed greed weed reed steed embed united hundred kindred",
);
const DETERMINER = words("the a an this that these those such each every any all no its their his her our your my some both either neither another said");
const PRONOUN = words("it they we he she i you");
/** Words that begin a new clause: a verb's subject cannot reach past them. */
const CLAUSE_WORD = words(
  "that which who whom whose where wherein whereby if unless when whenever once until whether because although though while whereas provided then than so",
);
/** Words that cannot stand between a noun and the verb governing it. */
const NOUN_STOP = words("that which who whom whose where wherein whereby if unless when whenever until whether because although though while whereas provided");
/** Words after "if"/"when" that make it elliptical ("if any", "if required", "when issued"). */
const ELLIPTICAL = words(
  "any applicable required necessary appropriate so not possible practicable permitted requested available needed feasible practical otherwise reasonably",
);
const PREPOSITION = words(
  "of in on at by for with to from under into onto upon over within without between among through during after before against about as per via including pursuant",
);

const isNeg = (w: string) => NEGATOR.has(w) || w.endsWith("n't");
const isAdverb = (w: string) => ADVERB.has(w) || (w.length >= 5 && w.endsWith("ly") && !NOT_ADVERB.has(w));
/** A word that can stand in a verb group before the predicate ("nor" joins two: see groupOf). */
const isGroupWord = (w: string) =>
  MODAL.has(w) || FINITE.has(w) || NONFINITE.has(w) || LINKING.has(w) || isAdverb(w) || (isNeg(w) && w !== "nor");
/** A word that makes a verb group (not just adverbs): an auxiliary, a modal, "to". */
const isCore = (w: string) => MODAL.has(w) || FINITE.has(w) || NONFINITE.has(w) || FINITE_LINKING.has(w) || w === "to" || w === "cannot" || w.endsWith("n't");
const isParticiple = (w: string) =>
  IRREGULAR.has(w) || (!NOT_PARTICIPLE.has(w) && ((w.length > 3 && w.endsWith("ed")) || (w.length > 4 && w.endsWith("en") && !w.endsWith("een"))));
/** Endings of adjectives and nouns that are never a finite present verb. */
const NOT_FINITE = /(?:ive|able|ible|al|ous|ful|ic|ent|ant|ary|ory|less|ing|ion|ity|ness|ment|ship|ure|ance|ence)$/;
const isWord = (t: Token | undefined) => t !== undefined && /^[a-z0-9]/.test(t.low);
const isUpper = (t: Token | undefined) => t !== undefined && /^[A-Z]/.test(t.text);

// ─── Tokens ─────────────────────────────────────────────────────────────────────────────────

interface Token {
  text: string;
  low: string;
  start: number;
  end: number;
}

interface Doc {
  /** The lead-in, a line break, then the text: offsets into this string. */
  str: string;
  toks: Token[];
  /** Offset of `text` in `str`. */
  shift: number;
  /** Index of the first token of `text` (tokens before it are the lead-in's). */
  first: number;
}

/** Words (with inner apostrophes, hyphens and periods: "hasn't", "S-3", "U.S"), or one other character. */
const TOKEN = /[A-Za-z0-9]+(?:['’.\-][A-Za-z0-9]+)*|[^\sA-Za-z0-9]/g;
const ABBREVIATION = words("inc corp co ltd no nos mr mrs ms dr st jr sr v vs e.g i.e sec secs sect art para cf esq u.s l.p l.l.c n.a");

/** A text and its lead-in tokenised for readStatement; never changed once made. */
export type StatementText = Doc;

/** Tokenises a text (and its lead-in) once for several readStatement calls on it. */
export function statementText(text: string, leadIn?: string): StatementText {
  return prepare(text, leadIn);
}

function prepare(text: string, leadIn: string | undefined): Doc {
  const shift = leadIn === undefined ? 0 : leadIn.length + 1;
  const str = leadIn === undefined ? text : `${leadIn}\n${text}`;
  const toks: Token[] = [];
  let first = -1;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(str); m; m = TOKEN.exec(str)) {
    if (first < 0 && m.index >= shift) first = toks.length;
    // The curly apostrophe made straight only where there is one: most tokens have none, and a
    // replace per token was a fifth of tokenising a clause.
    const low = m[0].toLowerCase();
    toks.push({ text: m[0], low: low.includes("’") ? low.replace(/’/g, "'") : low, start: m.index, end: m.index + m[0].length });
  }
  return { str, toks, shift, first: first < 0 ? toks.length : first };
}

/** The tokens overlapping [start, end), as [first, last]; undefined when none does. */
function tokenRange(doc: Doc, start: number, end: number): [number, number] | undefined {
  let i = doc.first;
  while (i < doc.toks.length && (doc.toks[i] as Token).end <= start) i++;
  let j = i;
  while (j < doc.toks.length && (doc.toks[j] as Token).start < end) j++;
  return j > i ? [i, j - 1] : undefined;
}

const low = (doc: Doc, i: number) => doc.toks[i]?.low ?? "";

function collapse(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/** The text of tokens [i, j] as written, white space collapsed. */
function span(doc: Doc, i: number, j: number): string {
  const a = doc.toks[i];
  const b = doc.toks[j];
  return a && b ? collapse(doc.str.slice(a.start, b.end)) : "";
}

/** A sentence-ending mark at token i: ". The", not "Inc. ,", "No. 5" or "U.S. Person". */
function endsSentence(doc: Doc, i: number): boolean {
  const t = low(doc, i);
  if (t !== "." && t !== "?" && t !== "!") return false;
  const prev = doc.toks[i - 1];
  const next = doc.toks[i + 1];
  if (!next) return true;
  if (!/^[A-Z0-9"“(§]/.test(next.text)) return false;
  if (t === "." && prev && /^[A-Za-z]/.test(prev.text) && (ABBREVIATION.has(prev.low) || prev.low.length === 1)) return false;
  return true;
}

/** The first token of the sentence holding token i. */
function sentenceStart(doc: Doc, i: number): number {
  for (let k = i - 1; k >= 0; k--) if (endsSentence(doc, k)) return k + 1;
  return 0;
}

/** From the closing parenthesis at k, the matching opening one (or k when unbalanced nearby). */
function openingOf(doc: Doc, k: number, limit: number): number {
  let depth = 0;
  for (let i = k; i >= limit && k - i < 80; i--) {
    if (low(doc, i) === ")") depth++;
    else if (low(doc, i) === "(" && --depth === 0) return i;
  }
  return k;
}

// ─── Verb groups ────────────────────────────────────────────────────────────────────────────

/** A verb group: its words (left to right), the word it governs, and how it reads. */
interface Group {
  /** Token indices of the group's words, left to right. */
  idx: number[];
  /** Index of the word the group governs (the predicate, or the verb governing a noun). */
  head: number;
  /** Where an inverted auxiliary stands ("in no event shall the number … exceed"). */
  inverted?: number;
  /** First token of a negative adverbial or subject ("in no event", "no … has been filed"). */
  negFrom?: number;
  /** The group is a copula or "has" before a noun phrase ("is an accredited investor"): quote up to the noun. */
  through?: number;
}

/**
 * Collects the verb group to the left of token k, within [lo, k): auxiliaries, modals,
 * negations, adverbs, "been", "declared", "to" with the verb that takes it ("agrees to",
 * "shall use its best efforts to").
 */
function groupBefore(doc: Doc, k: number, lo: number): number[] {
  const idx: number[] = [];
  let i = k - 1;
  while (i >= lo) {
    const w = low(doc, i);
    if (w === "longer" && low(doc, i - 1) === "no") {
      idx.push(i, i - 1);
      i -= 2;
      continue;
    }
    if (isGroupWord(w)) {
      idx.push(i--);
      continue;
    }
    if (w !== "to") break;
    idx.push(i--);
    const v = low(doc, i);
    if (INTENT.has(v) || STATE.has(v) || REFUSAL.has(v) || v === "yet") {
      idx.push(i--);
      continue;
    }
    if (EFFORTS.has(v)) {
      idx.push(i--);
      while (i >= lo && EFFORT_WORDS.has(low(doc, i))) idx.push(i--);
      if (i >= lo && USE.has(low(doc, i))) idx.push(i--);
      continue;
    }
    break;
  }
  return idx.reverse();
}

const hasCore = (doc: Doc, idx: number[]) => idx.some((i) => isCore(low(doc, i)));

type Kind = "done" | "future" | "negated" | "relative" | "bare";

/** How a verb group reads. */
function decide(doc: Doc, g: Group): Kind {
  const ws = g.idx.map((i) => low(doc, i));
  // "need not sign", "is not required to file": no duty, which is a permission, not a denial.
  const unneeded = (w: string, n: number) =>
    w === "needn't" || (w === "not" && (ws[n - 1] === "need" || (UNNEEDED.has(ws[n + 1] ?? "") && ws[n + 2] === "to")));
  if (g.negFrom !== undefined || ws.some((w, n) => isNeg(w) && !unneeded(w, n))) return "negated";
  for (let n = 0; n + 1 < ws.length; n++) {
    const w = ws[n] as string;
    if (ws[n + 1] === "to" && (REFUSAL.has(w) || (w === "yet" && n > 0))) return "negated";
    if (w === "no" && ws[n + 1] === "longer") return "negated";
  }
  // "to" after "continues" keeps the present: "continues to be listed".
  const toIsState = (n: number) => n > 0 && STATE.has(ws[n - 1] as string);
  const finite = ws.some((w) => FINITE.has(w) || FINITE_LINKING.has(w) || w === "having");
  if (ws.some((w, n) => MODAL.has(w) || EFFORTS.has(w) || (w === "to" && !toIsState(n)))) return "future";
  if (ws.includes("be") && !finite) return "future";
  if (ws.includes("being") && ws.some((w) => FINITE.has(w))) return "future";
  const aux = ws.filter((w) => !isAdverb(w));
  const before = low(doc, (g.idx[0] ?? g.head) - 1);
  if ((before === "that" || before === "which") && aux.length === 1 && PRESENT_COPULA.has(aux[0] as string) && isParticiple(low(doc, g.head))) {
    return "relative";
  }
  return finite ? "done" : "bare";
}

/**
 * The verb group of a participle, adjective or verb at `head`, with its own auxiliaries; a
 * conjoined participle shares those of the first ("has prepared and filed", "has been duly
 * authorized and validly issued").
 */
function groupOf(doc: Doc, head: number, lo: number, from = head, depth = 0): Group {
  const idx = groupBefore(doc, from, lo);
  if (hasCore(doc, idx) || depth > 3) return { idx, head };
  const left = (idx[0] ?? from) - 1;
  const joint = low(doc, left);
  if ((joint === "and" || joint === "or" || joint === "," || joint === "nor") && left - 1 >= lo) {
    // The first participle: right before the conjunction, or a few words back when it has a
    // complement ("shall be construed in accordance with, and governed by").
    for (let prev = left - 1, n = 0; prev >= lo && n < 7; prev--, n++) {
      const w = low(doc, prev);
      if (w === ",") continue;
      if (!isWord(doc.toks[prev]) || CLAUSE_WORD.has(w)) break;
      if (!(isParticiple(w) || LINKING.has(w)) || !/^[a-z]/.test(doc.toks[prev]?.text ?? "")) continue;
      const shared = groupOf(doc, prev, lo, prev, depth + 1);
      if (!hasCore(doc, shared.idx)) break;
      const own = joint === "nor" ? [left, ...idx] : idx;
      return { idx: [...shared.idx, ...own], head };
    }
  }
  return { idx, head };
}

/**
 * An auxiliary inverted after a negative adverbial, with the predicate's subject between them:
 * "in no event shall the number of Shares exceed", "nor has the Company filed". Returns the
 * adverbial's first token and the auxiliary.
 */
function inversion(doc: Doc, pi: number, lo: number): [number, number] | undefined {
  for (let i = pi - 1, n = 0; i >= lo && n < 20; i--, n++) {
    const w = low(doc, i);
    if (w === ")") {
      i = openingOf(doc, i, lo);
      continue;
    }
    if (!isWord(doc.toks[i]) || NOUN_STOP.has(w)) return undefined;
    if (MODAL.has(w) || FINITE.has(w)) {
      if (i + 1 >= pi || isGroupWord(low(doc, i + 1))) return undefined;
      const neg = negativeAdverbial(doc, i);
      return neg === undefined ? undefined : [neg, i];
    }
  }
  return undefined;
}

/** Negative adverbials that invert: "in no event shall", "at no time will", "nor has". */
function negativeAdverbial(doc: Doc, aux: number): number | undefined {
  const w1 = low(doc, aux - 1);
  if (w1 === "nor" || w1 === "neither") return aux - 1;
  if ((w1 === "event" || w1 === "time" || w1 === "circumstances" || w1 === "case") && low(doc, aux - 2) === "no") return aux - 3;
  return undefined;
}

/**
 * The verb governing a noun (or a word used as one) at [pi, pj]: the nearest verb to its left
 * in its clause ("has filed a prospectus supplement", "may be executed in counterparts"),
 * else an auxiliary right after it ("the Registration Statement has become effective").
 */
function governing(doc: Doc, pi: number, pj: number, lo: number): Group | undefined {
  for (let i = pi - 1, n = 0; i >= lo && n < 16; i--, n++) {
    const w = low(doc, i);
    if (w === ")") {
      i = openingOf(doc, i, lo);
      continue;
    }
    // A quoted term stays in its noun phrase: is an "accredited investor".
    if (QUOTE.test(w)) continue;
    if (!isWord(doc.toks[i]) || NOUN_STOP.has(w)) break;
    // "to the Buyer" is a preposition, "to file" an infinitive.
    if (w === "to" && !/^[a-z]/.test(doc.toks[i + 1]?.text ?? "")) continue;
    if (w === "to" && DETERMINER.has(low(doc, i + 1))) continue;
    if (isCore(w) && !NONFINITE.has(w)) {
      // "to" before the verb governing the noun ("agrees to file a prospectus supplement"), or
      // an auxiliary right before the noun phrase: a copula ("is an accredited investor"),
      // possession ("has a registration statement") or an inverted modal ("shall the number … exceed").
      const g = groupOf(doc, i + 1, lo);
      if ((MODAL.has(w) || w === "do" || w === "does" || w === "did") && i + 1 < pi && subjectStart(doc.toks[i + 1])) {
        const neg = negativeAdverbial(doc, i);
        return { idx: g.idx, head: pi, inverted: i, ...(neg === undefined ? {} : { negFrom: neg }) };
      }
      // "is not an accredited investor", "is no longer listed": the words between are the group's.
      const between = range(i + 1, pi - 1).filter((k) => isGroupWord(low(doc, k)) || (low(doc, k) === "no" && low(doc, k + 1) === "longer") || (low(doc, k) === "longer" && low(doc, k - 1) === "no"));
      return { idx: [...g.idx, ...between], head: i + 1, through: pi };
    }
    // A participle governs the noun ("has filed a prospectus supplement"); a capitalised one
    // is part of a name ("Amended and Restated Agreement").
    // One after a determiner is an adjective ("an accredited investor").
    if (isParticiple(w) && !NONFINITE.has(w) && /^[a-z]/.test(doc.toks[i]?.text ?? "") && !DETERMINER.has(low(doc, i - 1))) return groupOf(doc, i, lo);
  }
  // A subject: the verb group follows it ("Counterparts may be delivered", not "supplement to the").
  const idx: number[] = [];
  let j = pj + 1;
  while (j < doc.toks.length && idx.length < 8) {
    const w = low(doc, j);
    const more = idx.length > 0 && (w === "to" || (w === "longer" && low(doc, j - 1) === "no"));
    if (!(isGroupWord(w) || more || (w === "no" && low(doc, j + 1) === "longer"))) break;
    idx.push(j++);
  }
  if (hasCore(doc, idx) && j < doc.toks.length && isWord(doc.toks[j])) return { idx, head: j };
  return undefined;
}

/** Determiners that open the noun phrase a copula states: "is a corporation", "is the owner". */
const COMPLEMENT_DETERMINER = words("a an the its their his her our such");

/**
 * The copula stating a noun phrase that ends right before token `from`, within [lo, from):
 * "is a corporation" before "duly organized" (`head`, the word described). Its group reads
 * as the copula's: "is" done, "is not" negated, "will be" future.
 */
function copulaComplement(doc: Doc, from: number, head: number, lo: number): Group | undefined {
  let k = from - 1;
  for (let n = 0; k >= lo && n < 6 && !(low(doc, k) === "a" || low(doc, k) === "an"); k--, n++) {
    const w = low(doc, k);
    if (w === "," || QUOTE.test(w)) continue;
    if (!isWord(doc.toks[k]) || CLAUSE_WORD.has(w) || PREPOSITION.has(w) || DETERMINER.has(w) || isGroupWord(w) || isCore(w)) return undefined;
  }
  if (k < lo || !(low(doc, k) === "a" || low(doc, k) === "an")) return undefined;
  const idx = groupBefore(doc, k, lo);
  if (!idx.some((i) => /^(?:is|are|am|was|were|be|been)$/.test(low(doc, i)))) return undefined;
  return { idx, head };
}

/**
 * The present copula whose complement starts at token p ("is an accredited investor", "are
 * in"), skipping its determiner, adverbs and up to three adjectives: the first and last
 * tokens of the copula's words, or undefined. A preposition, a verb or a clause word between
 * them means the words are not its complement.
 */
function copulaBefore(doc: Doc, p: number, lo: number): [number, number] | undefined {
  let adjectives = 0;
  for (let k = p - 1; k >= lo; k--) {
    const w = low(doc, k);
    if (PRESENT_COPULA.has(w)) return [k, p - 1];
    if (QUOTE.test(w) || COMPLEMENT_DETERMINER.has(w) || isAdverb(w)) continue;
    if (!isWord(doc.toks[k]) || CLAUSE_WORD.has(w) || PREPOSITION.has(w) || DETERMINER.has(w) || isGroupWord(w) || isCore(w) || ++adjectives > 3) return undefined;
  }
  return undefined;
}

/**
 * "no" on the subject of the verb group starting at g0 ("No registration statement … has
 * been filed", "Neither the Company nor any subsidiary has filed"): the index of that word.
 */
function negativeSubject(doc: Doc, g0: number, lo: number): number | undefined {
  let found: number | undefined;
  for (let i = g0 - 1, n = 0; i >= lo && n < 30; i--, n++) {
    const t = doc.toks[i] as Token;
    const w = t.low;
    if (w === ")") {
      i = openingOf(doc, i, lo);
      continue;
    }
    if (!isWord(t) || CLAUSE_WORD.has(w) || (isCore(w) && w !== "to")) break;
    if (w === "no" && low(doc, i + 1) !== "." && !/^(?:later|more|less|fewer|greater|longer|sooner|earlier)$/.test(low(doc, i + 1))) found = i;
    if (w === "neither" || w === "nor" || w === "none" || w === "nothing") found = i;
  }
  return found;
}

/** A token that can begin a subject: a determiner, a pronoun, a capitalised word. */
const subjectStart = (t: Token | undefined) => t !== undefined && (DETERMINER.has(t.low) || PRONOUN.has(t.low) || isUpper(t));

// ─── Predicate mode ─────────────────────────────────────────────────────────────────────────

interface PredicateReading {
  statement: Statement | "bare";
  cue?: string;
  /** The predicate has a finite verb group of its own (not a bare participle or "having been"). */
  finite: boolean;
  inverted?: number;
}

function readPredicate(doc: Doc, pi: number, pj: number, leadIn: string | undefined): StatementReading {
  const reading = predicateReading(doc, pi, pj);
  const framed = findFrame(doc, pi, reading.finite, reading.inverted);
  if (framed) return framed;
  if (reading.statement !== "bare") return reading.cue ? { statement: reading.statement, cue: reading.cue } : { statement: reading.statement };
  if (leadIn !== undefined) {
    const lead = leadInReading(doc);
    if (lead) return lead;
  }
  return { statement: "mentioned" };
}

function predicateReading(doc: Doc, pi: number, pj: number): PredicateReading {
  const lo = doc.first;
  // Auxiliaries the caller included in the predicate ("is effective", "has been filed").
  let h = pi;
  while (h < pj && isGroupWord(low(doc, h))) h++;
  let g: Group;
  if (h === pj && isGroupWord(low(doc, pj)) && (FINITE.has(low(doc, pj)) || MODAL.has(low(doc, pj)))) {
    // The predicate is itself the auxiliary or copula: a negation right after it is its own ("is not").
    const idx = [...groupBefore(doc, pi, lo), ...range(pi, pj)];
    let j = pj + 1;
    while (j < doc.toks.length && (isNeg(low(doc, j)) || isAdverb(low(doc, j)) || NONFINITE.has(low(doc, j)))) idx.push(j++);
    g = { idx, head: pj };
  } else {
    const own = groupOf(doc, h, lo, pi);
    g = { idx: [...own.idx, ...range(pi, h - 1)], head: h };
  }
  // "not" with no auxiliary describes ("shares not registered under the Act"); "never", "neither"
  // and "nor" deny on their own ("never filed", "neither filed nor registered").
  let kind = hasCore(doc, g.idx) || g.idx.some((i) => /^(?:never|neither|nor)$/.test(low(doc, i))) ? decide(doc, g) : "bare";
  if (kind === "bare") {
    const head = low(doc, h);
    const prev = doc.toks[pi - 1];
    const next = doc.toks[pj + 1];
    const inv = inversion(doc, pi, lo);
    if (inv !== undefined) return { statement: "negated", cue: span(doc, inv[0], inv[1]), finite: true, inverted: inv[1] };
    // An adjective in a quoted term is still after its determiner: an "accredited investor".
    let before = pi - 1;
    while (before > lo && QUOTE.test(low(doc, before))) before--;
    if (isParticiple(head) && !DETERMINER.has(low(doc, before))) {
      // Simple past: "it filed", "the Company filed a registration statement".
      if (prev && pi - 1 >= lo && (PRONOUN.has(prev.low) || (isWord(prev) && !DETERMINER.has(prev.low) && !PREPOSITION.has(prev.low) && !isGroupWord(prev.low) && !CLAUSE_WORD.has(prev.low) && next !== undefined && DETERMINER.has(next.low)))) {
        return withNegativeSubject(doc, { idx: g.idx, head: h }, "done", lo);
      }
      // "The Company is a corporation duly organized under the laws of Delaware": the
      // participle describes the complement of a copula, which states it.
      const complement = copulaComplement(doc, g.idx[0] ?? pi, pi, lo);
      if (complement) {
        const k = decide(doc, complement);
        if (k !== "bare" && k !== "relative") return withNegativeSubject(doc, complement, k, lo);
      }
      // "Signatures delivered by facsimile shall not be effective": what the participle
      // describes is denied its effect.
      const denied = deniedSubject(doc, pj);
      if (denied) return { statement: "negated", cue: denied, finite: false };
      return { statement: "bare", finite: false };
    }
    const gov = governing(doc, pi, pj, lo);
    if (gov) {
      kind = decide(doc, gov);
      if (gov.inverted !== undefined) {
        const cue = gov.negFrom !== undefined ? span(doc, gov.negFrom, gov.inverted) : span(doc, gov.inverted, gov.inverted);
        return { statement: kind === "negated" ? "negated" : "future", cue, finite: true, inverted: gov.inverted };
      }
      if (kind === "bare") return { statement: "bare", finite: false };
      g = gov;
    } else if (!NOT_FINITE.test(head) && /^[a-z]/.test(doc.toks[h]?.text ?? "") && isWord(prev) && pi - 1 >= lo && !DETERMINER.has(prev?.low ?? "") && !PREPOSITION.has(prev?.low ?? "") && !CLAUSE_WORD.has(prev?.low ?? "")) {
      // A present-tense verb after its subject: "the laws of New York govern this Agreement".
      return withNegativeSubject(doc, { idx: g.idx, head: h }, "done", lo);
    } else {
      return { statement: "bare", finite: false };
    }
  }
  return withNegativeSubject(doc, g, kind, lo);
}

function withNegativeSubject(doc: Doc, g: Group, kind: Kind, lo: number): PredicateReading {
  const first = Math.min(g.idx[0] ?? g.head, g.head);
  const finite = g.idx.some((i) => MODAL.has(low(doc, i)) || FINITE.has(low(doc, i)) || FINITE_LINKING.has(low(doc, i)) || low(doc, i).endsWith("n't") || low(doc, i) === "cannot") || g.idx.length === 0;
  const cue = span(doc, first, Math.max(g.head, g.idx[g.idx.length - 1] ?? g.head, g.through !== undefined && g.through - g.head <= 3 ? g.through : -1));
  if (kind === "relative") {
    return { statement: "mentioned", cue: `${low(doc, first - 1)} ${cue}`, finite };
  }
  if (kind !== "negated" && kind !== "bare") {
    const no = negativeSubject(doc, first, lo);
    if (no !== undefined) {
      const tail = first - no <= 6 ? span(doc, no, first - 1) : `${span(doc, no, no + 3)} …`;
      return { statement: "negated", cue: `${tail} ${cue}`, finite };
    }
  }
  return { statement: kind === "bare" ? "bare" : kind, cue, finite };
}

/**
 * For a bare participle describing a subject ("Signatures delivered by facsimile …"): the main
 * verb group of that subject when it is negated ("shall not be effective"), else undefined.
 */
function deniedSubject(doc: Doc, pj: number): string | undefined {
  for (let k = pj + 1, n = 0; k < doc.toks.length && n < 20; k++, n++) {
    const w = low(doc, k);
    if (w === ";" || w === ":" || endsSentence(doc, k) || CLAUSE_WORD.has(w) || w === "(" || w === ")") return undefined;
    if (!(MODAL.has(w) || FINITE.has(w) || w === "cannot" || w.endsWith("n't"))) continue;
    const idx = [k];
    for (let j = k + 1; j < doc.toks.length && idx.length < 8 && isGroupWord(low(doc, j)); j++) idx.push(j);
    const last = idx[idx.length - 1] as number;
    const g: Group = { idx, head: last + 1 < doc.toks.length && isWord(doc.toks[last + 1]) ? last + 1 : last };
    return decide(doc, g) === "negated" ? span(doc, k, g.head) : undefined;
  }
  return undefined;
}

/** The verb group at the end of the lead-in ("… that the Company has", "… the Company has filed"). */
function leadInReading(doc: Doc): StatementReading | undefined {
  let k = doc.first - 1;
  while (k >= 0 && !isWord(doc.toks[k])) k--;
  if (k < 0) return undefined;
  const w = low(doc, k);
  const g: Group = isGroupWord(w) ? { idx: [...groupBefore(doc, k, 0), k], head: k } : groupOf(doc, k, 0);
  if (!hasCore(doc, g.idx)) return undefined;
  const kind = decide(doc, g);
  if (kind !== "done" && kind !== "future" && kind !== "negated") return undefined;
  return { statement: kind, cue: span(doc, g.idx[0] ?? k, Math.max(k, g.idx[g.idx.length - 1] ?? k)) };
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}

// ─── Frames ─────────────────────────────────────────────────────────────────────────────────

interface Frame {
  kind: FrameKind;
  /** First and last token of the frame's words. */
  from: number;
  to: number;
}

/** Conditions that take a clause: "if the Company has filed", "provided, however, that". */
function clauseCondition(doc: Doc, i: number): number | undefined {
  const w = low(doc, i);
  if (w === "if" || w === "unless" || w === "whenever" || w === "until" || w === "whether" || w === "when" || w === "assuming") return i;
  if (w === "once" && low(doc, i - 1) !== "at") return i;
  // "where federal law does not apply", not "the State where the Company is organised".
  if (w === "where" && (i === 0 || !isWord(doc.toks[i - 1]) || /^(?:and|or|but|only|except|save|even)$/.test(low(doc, i - 1)))) return i;
  if (w === "in" && low(doc, i + 1) === "the" && low(doc, i + 2) === "event" && low(doc, i + 3) !== "of") return low(doc, i + 3) === "that" ? i + 3 : i + 2;
  if (w === "in" && low(doc, i + 1) === "case" && low(doc, i + 2) !== "of") return i + 1;
  if (w === "to" && low(doc, i + 1) === "the" && low(doc, i + 2) === "extent") return low(doc, i + 3) === "that" ? i + 3 : i + 2;
  if ((w === "so" || w === "as") && low(doc, i + 1) === "long" && low(doc, i + 2) === "as" && low(doc, i - 1) !== "as") return i + 2;
  if (w === "on" && (low(doc, i + 1) === "condition" || (low(doc, i + 1) === "the" && low(doc, i + 2) === "condition"))) {
    const c = low(doc, i + 1) === "the" ? i + 2 : i + 1;
    if (low(doc, c + 1) === "that") return c + 1;
  }
  if (w === "provided" || w === "providing") {
    let k = i + 1;
    for (let n = 0; n < 4 && (low(doc, k) === "," || low(doc, k) === "however" || low(doc, k) === "further" || low(doc, k) === "always"); n++) k++;
    if (low(doc, k) === "that") return k;
  }
  return undefined;
}

/** Conditions that take a noun phrase: "upon", "in the event of", "conditioned upon". */
function phraseCondition(doc: Doc, i: number): number | undefined {
  const w = low(doc, i);
  // Not "relied upon", "agreed upon", "upon the terms … of this Agreement".
  if (w === "upon" && !/^(?:rely|relies|relied|agreed|based|call|called|act|acted)$/.test(low(doc, i - 1)) && !/^(?:terms|which|whom|whose)$/.test(low(doc, i + 1)) && low(doc, i + 2) !== "terms") return i;
  if (w === "in" && low(doc, i + 1) === "the" && low(doc, i + 2) === "event" && low(doc, i + 3) === "of") return i + 3;
  if (w === "in" && low(doc, i + 1) === "case" && low(doc, i + 2) === "of") return i + 2;
  if ((w === "conditioned" || w === "contingent" || w === "conditional") && (low(doc, i + 1) === "upon" || low(doc, i + 1) === "on")) return i + 1;
  return undefined;
}

/** "in no event shall", "under no circumstances will", "at no time may": the inverted auxiliary. */
function proviso(doc: Doc, i: number): number | undefined {
  if (low(doc, i + 1) !== "no") return undefined;
  const w = low(doc, i);
  const n = low(doc, i + 2);
  if (!((w === "in" && (n === "event" || n === "case")) || (w === "under" && n === "circumstances") || (w === "at" && n === "time"))) return undefined;
  let k = i + 3;
  if (low(doc, k) === ",") k++;
  return MODAL.has(low(doc, k)) || FINITE.has(low(doc, k)) ? k : undefined;
}

/** Closing conditions and opinions: "shall have received … to the effect that", "as a condition to". */
function closingCondition(doc: Doc, i: number, ss: number): number | undefined {
  const w = low(doc, i);
  const w1 = low(doc, i + 1);
  const w2 = low(doc, i + 2);
  if ((w === "shall" || w === "will") && w1 === "have" && w2 === "received") return i + 2;
  if (w === "to" && w1 === "the" && w2 === "effect" && low(doc, i + 3) === "that") return i + 3;
  if ((w === "stating" || w === "certifying" || w === "confirming") && w1 === "that") return i + 1;
  if (w === "as" && w1 === "a" && (w2 === "condition" || w2 === "conditions")) return i + 2;
  if ((w === "condition" || w === "conditions") && (w1 === "to" || w1 === "precedent") && low(doc, i - 1) !== "and") return i + 1;
  // Not "shall be subject to, and construed in accordance with, the laws of".
  if (w === "subject" && w1 === "to" && w2 !== ",") {
    // "subject to the following conditions", not "subject to the terms and conditions of this Agreement".
    for (let k = i + 2; k < i + 8; k++) {
      if ((low(doc, k) === "conditions" || low(doc, k) === "condition") && !(low(doc, k - 1) === "and" && low(doc, k - 2) === "terms")) return i + 1;
    }
    for (let k = i - 1; k >= Math.max(ss, i - 20); k--) if (low(doc, k) === "obligations" || low(doc, k) === "obligation") return i + 1;
  }
  return undefined;
}

/** "other than", "excluding", "except for": the exclusion's words, if one starts at i. */
function exclusion(doc: Doc, i: number): number | undefined {
  const w = low(doc, i);
  const w1 = low(doc, i + 1);
  if (w === "other" && w1 === "than") return i + 1;
  if (w === "excluding" || w === "excepting") return i;
  if ((w === "exclusive" || w === "apart") && (w1 === "of" || w1 === "from")) return i + 1;
  if (w === "save" && w1 === "for") return i + 1;
  if (w === "except") {
    if (w1 === "for") return i + 1;
    if (!/^(?:as|that|to|where|if|when|in|with|so|insofar|pursuant|,)$/.test(w1)) return i;
  }
  return undefined;
}

const DEFINING = words("means mean refers refer");

/**
 * The frame around the predicate at pi, if any. `finite`: the predicate has a finite verb
 * group of its own. `inverted`: the predicate's own inverted auxiliary, which no proviso frames.
 */
function findFrame(doc: Doc, pi: number, finite: boolean, inverted?: number): StatementReading | undefined {
  // The sentence never reaches back into the lead-in: its frames are read below, and only when
  // it introduces its items.
  const ss = pi >= doc.first ? Math.max(sentenceStart(doc, pi), doc.first) : sentenceStart(doc, pi);
  const text = (f: Frame, limit = (doc.toks[pi] as Token).end) => frameCue(doc, f, limit);

  // Exclusion: "other than (on) Form S-8", "excluding …" right before the predicate's phrase.
  for (let i = pi - 1, n = 0; i >= ss && n < 12; i--, n++) {
    const w = low(doc, i);
    const start = exclusionStart(doc, i);
    if (start !== undefined) return result({ kind: "exclusion", from: start, to: i }, text({ kind: "exclusion", from: start, to: i }));
    if (!isWord(doc.toks[i]) && w !== "(" && w !== "-") break;
    if (CLAUSE_WORD.has(w) || (isCore(w) && w !== "to")) break;
  }

  // Definitions: `"X" means …`, `(the "X" …)`, `… is herein called the "X"`.
  const definition = definitionAround(doc, pi, ss, finite);
  if (definition) return result(definition, text(definition, definition.to < pi ? (doc.toks[pi] as Token).end : (doc.toks[definition.to] as Token).end));

  // The `;`-part holding the predicate, continued back over enumerated items ("; and (b)").
  let part = ss;
  for (let k = pi - 1; k >= ss; k--) {
    if (low(doc, k) !== ";") continue;
    if (!enumerates(doc, k + 1)) {
      part = k + 1;
      break;
    }
  }

  let best: Frame | undefined;
  // Read once, for the frame chosen: whether a clause condition's own clause ends before `end`.
  const governs = (f: Frame, end: number, atEnd: boolean): Frame =>
    f.kind === "condition" && clauseCondition(doc, f.from) === f.to && conditionEnds(doc, f.from, f.to, end, atEnd) ? { ...f, kind: "conditional provision" } : f;
  // The frame nearest the predicate wins (among frames starting at one word, the first
  // considered): frames are read backwards from the predicate, and the first one that is not
  // closed before it ends the search (reading them all was quadratic in a run of "if if if").
  const consider = (f: Frame) => {
    if (!best && !closedBefore(doc, f, pi)) best = f;
  };
  let firstVerb = -1;
  for (let i = part; i < pi && firstVerb < 0; i++) if (MODAL.has(low(doc, i)) || FINITE.has(low(doc, i))) firstVerb = i;
  for (let i = pi - 1; i >= ss && !best; i--) {
    const inPart = i >= part;
    const w = low(doc, i);
    const closing = closingCondition(doc, i, ss);
    if (closing !== undefined && closing < pi) consider({ kind: "closing condition", from: i, to: closing });
    if (!inPart) continue;
    const aux = proviso(doc, i);
    if (aux !== undefined && aux < pi && aux !== inverted) consider({ kind: "proviso", from: i, to: aux });
    const clause = clauseCondition(doc, i);
    if (clause !== undefined && clause < pi && conditionCovers(doc, i, clause, pi, part, firstVerb < 0 || firstVerb >= i)) {
      consider({ kind: "condition", from: i, to: clause });
    }
    // A phrase ("upon the Closing", "subject to … having been declared effective") holds no
    // finite verb: a finite predicate after it is the provision it governs.
    const governed = finite ? "conditional provision" : "condition";
    const phrase = phraseCondition(doc, i);
    if (phrase !== undefined && phrase < pi && phraseCovers(doc, i, phrase, pi, part, finite)) consider({ kind: governed, from: i, to: phrase });
    if (w === "subject" && low(doc, i + 1) === "to" && i + 1 < pi && subjectToCovers(doc, i, pi, part, finite)) {
      consider({ kind: governed, from: i, to: i + 1 });
    }
  }
  // Frames in the lead-in (its last sentence) frame every subdivision under it.
  if (!best && ss >= doc.first && introduces(doc)) {
    const leadEnd = doc.first;
    const leadStart = sentenceStart(doc, leadEnd);
    for (let i = leadEnd - 1; i >= leadStart && !best; i--) {
      const closing = closingCondition(doc, i, leadStart);
      if (closing !== undefined) consider({ kind: "closing condition", from: i, to: closing });
      const aux = proviso(doc, i);
      if (aux !== undefined) consider({ kind: "proviso", from: i, to: aux });
      const clause = clauseCondition(doc, i);
      if (clause !== undefined && !elliptical(doc, clause + 1)) {
        // "If the Registration Statement is effective:" governs its items; "If:" makes them the condition.
        consider({ kind: "condition", from: i, to: clause });
      }
    }
    if (best) return result(governs(best, leadEnd, true), collapse(span(doc, (best as Frame).from, Math.min(leadEnd - 1, (best as Frame).to + 8))));
  }
  return best ? result(governs(best, pi, false), text(best)) : undefined;
}

/**
 * Whether the clause of a condition (its words at [c, ce]) ends before token `end`, so that
 * what follows is the provision it governs: after the condition's verb, a comma and a new
 * subject, "then" or "please" ("If the Purchaser is an accredited investor, the Company shall
 * …"); after an elliptical condition, its comma ("If applicable, the Company shall …"); a
 * colon after the condition's words ("If to the Company: …"). `atEnd`: `end` itself closes the
 * clause (the end of a lead-in), unless the condition announces its items ("If any of the
 * following occurs:").
 */
function conditionEnds(doc: Doc, c: number, ce: number, end: number, atEnd: boolean): boolean {
  const bare = elliptical(doc, ce + 1);
  let verb = false;
  let depth = 0;
  for (let k = ce + 1; k < end; k++) {
    const w = low(doc, k);
    if (w === "(") depth++;
    else if (w === ")") depth = Math.max(0, depth - 1);
    if (depth > 0) continue;
    if (w === "following") return false;
    if (w === ":" && k > ce + 1) return true;
    const next = low(doc, k + 1);
    if ((verb || bare) && (w === "then" || (w === "," && (bare || next === "then" || next === "please" || subjectStart(doc.toks[k + 1]))))) return true;
    if (isCore(w) && w !== "to") verb = true;
    else if (/^[a-z]/.test((doc.toks[k] as Token).text) && (isParticiple(w) ? !DETERMINER.has(low(doc, k - 1)) : presentAfterSubject(doc, k))) verb = true;
  }
  return atEnd && verb;
}

/** A present-tense verb right after its subject: "all parties execute", "the Company files", "it applies". */
function presentAfterSubject(doc: Doc, k: number): boolean {
  const w = low(doc, k);
  const prev = doc.toks[k - 1];
  if (!prev || !isWord(prev) || NOT_FINITE.test(w) || DETERMINER.has(w) || PREPOSITION.has(w) || CLAUSE_WORD.has(w) || isAdverb(w) || /^(?:and|or|nor|but)$/.test(w)) return false;
  return PRONOUN.has(prev.low) || isUpper(prev) || (prev.low.length > 3 && prev.low.endsWith("s") && !prev.low.endsWith("ss"));
}

/**
 * Whether a frame ends before the predicate at pi: it stands inside a parenthesis that closes
 * first ("(whether in contract or tort)"), a "whether" clause ends at its comma, or a new
 * clause with its own subject follows it (", and this Agreement shall be governed").
 */
function closedBefore(doc: Doc, f: Frame, pi: number): boolean {
  const clauseFrame = clauseCondition(doc, f.from) !== undefined;
  // "whether or not X has become effective" frames X only: "any action, whether in contract or
  // tort, … shall be governed" is not conditional.
  const whether = low(doc, f.from) === "whether";
  let depth = 0;
  let verb = false;
  for (let k = f.from; k < pi; k++) {
    const w = low(doc, k);
    if (whether && (w === "," || w === ";")) return true;
    if (w === "(") depth++;
    else if (w === ")" && --depth < 0) return true;
    if (k > f.to && (MODAL.has(w) || FINITE.has(w))) verb = true;
    // A condition that takes a clause ("if A has filed, and B has paid") runs on to its own
    // verb; a phrase ("subject to all applicable laws") ends at the next clause.
    if ((verb || !clauseFrame) && depth === 0 && w === "," && /^(?:and|but|or|while|whereas)$/.test(low(doc, k + 1)) && subjectStart(doc.toks[k + 2])) return true;
  }
  return false;
}

/**
 * A lead-in that introduces its items ("If the Registration Statement is effective:", "upon
 * the Closing, the Company shall deliver the following") ends with a colon, a comma, a dash or
 * "that" / "following"; one that ends otherwise is text a misread section put before the item.
 */
function introduces(doc: Doc): boolean {
  for (let k = doc.first - 1; k >= 0; k--) {
    const w = low(doc, k);
    if (w === "") continue;
    return /^(?::|,|-|—|–|that|following)$/.test(w);
  }
  return false;
}

function result(f: Frame, cue: string): StatementReading {
  const statement: Statement = f.kind === "exclusion" || f.kind === "definition" ? "mentioned" : "conditional";
  return { statement, cue, frame: f.kind };
}

/** The frame's words and what follows them, up to `limit` (the predicate) or 60 characters. */
function frameCue(doc: Doc, f: Frame, limit: number): string {
  const a = (doc.toks[f.from] as Token).start;
  const frameEnd = (doc.toks[f.to] as Token).end;
  const stop = Math.max(frameEnd, Math.min(limit, a + 60));
  let s = collapse(doc.str.slice(a, stop));
  if (stop < limit && stop > frameEnd) s = s.replace(/\s\S*$/, "");
  return s;
}

/** The first token of an exclusion whose last token is i ("than" of "other than"). */
function exclusionStart(doc: Doc, i: number): number | undefined {
  if (exclusion(doc, i) === i) return i;
  if (i > 0 && exclusion(doc, i - 1) === i) return i - 1;
  return undefined;
}

/** Whether the `;`-part starting at token k continues a list: "(b) …", "and (ii) …". */
function enumerates(doc: Doc, k: number): boolean {
  if (low(doc, k) === "and" || low(doc, k) === "or") k++;
  if (low(doc, k) === "(") k++;
  return /^(?:[a-z]|[ivx]+|\d{1,2})$/.test(low(doc, k)) && (low(doc, k + 1) === ")" || low(doc, k + 1) === ".");
}

/** "if any", "if required", "when issued", "unless otherwise …": a condition without a clause of its own. */
function elliptical(doc: Doc, k: number): boolean {
  const t = doc.toks[k];
  if (!t || !isWord(t)) return true;
  return ELLIPTICAL.has(t.low) || (isParticiple(t.low) && !subjectStart(t));
}

/**
 * Whether a condition that takes a clause (at c, its words ending at ce) frames the predicate
 * at pi. A condition before the main verb frames the whole part ("If X, the Company shall …");
 * one after it frames its own clause, up to a new clause joined by ", and", ", but", ", or".
 */
function conditionCovers(doc: Doc, c: number, ce: number, pi: number, part: number, beforeMainVerb: boolean): boolean {
  if (elliptical(doc, ce + 1)) {
    // "All reports, if any, required to be filed have been filed": a parenthesis, not a frame,
    // unless it opens the part ("When issued and paid for, the Shares will be …").
    for (let k = part; k < c; k++) if (isWord(doc.toks[k]) && !/^(?:and|or|but|[a-z]|[ivx]+|\d+|provided|however|further)$/.test(low(doc, k))) return false;
    return true;
  }
  if (beforeMainVerb) return true;
  let verb = -1;
  for (let k = ce + 1; k < pi; k++) {
    const w = low(doc, k);
    if (verb < 0 && (MODAL.has(w) || FINITE.has(w))) verb = k;
    if (verb >= 0 && w === "," && /^(?:and|but|or|while|whereas)$/.test(low(doc, k + 1)) && subjectStart(doc.toks[k + 2])) return false;
  }
  return true;
}

/** A phrase condition ("upon …") frames an opening main clause, or a non-finite predicate inside its phrase. */
function phraseCovers(doc: Doc, c: number, ce: number, pi: number, part: number, finite: boolean): boolean {
  if (opensPart(doc, c, part)) return true;
  if (finite) return false;
  for (let k = ce + 1; k < pi; k++) if (low(doc, k) === "," || low(doc, k) === ";") return false;
  return true;
}

/** "subject to … having been declared effective": a condition only with "having"/"being". */
function subjectToCovers(doc: Doc, c: number, pi: number, part: number, finite: boolean): boolean {
  let participial = false;
  for (let k = c + 2; k <= pi + 1 && k < doc.toks.length; k++) {
    const w = low(doc, k);
    if (w === "having" || w === "being") participial = true;
    if (k < pi && (w === ";" || (w === "," && subjectStart(doc.toks[k + 1]) && !participial))) return false;
  }
  if (!participial) return false;
  return opensPart(doc, c, part) || !finite;
}

/** Only list markers, conjunctions and punctuation before token c in its part. */
function opensPart(doc: Doc, c: number, part: number): boolean {
  for (let k = part; k < c; k++) {
    if (isWord(doc.toks[k]) && !/^(?:and|or|but|[a-z]|[ivx]+|\d+|provided|however|further|that)$/.test(low(doc, k))) return false;
  }
  return true;
}

const QUOTE = /^["“”]$/;

/** A definition holding the predicate: `"X" means …`, `(the "X" …)`, `… is herein called the "X"`. */
function definitionAround(doc: Doc, pi: number, ss: number, finite: boolean): Frame | undefined {
  // `"X" means …`, `"X" shall mean …`, `"X" has the meaning …`, `"X": …` at the sentence start.
  for (let i = ss; i < pi; i++) {
    if (!QUOTE.test(low(doc, i)) || i === ss) continue;
    let k = i + 1;
    if (low(doc, k) === "shall") k++;
    const w = low(doc, k);
    if (DEFINING.has(w) || ((w === "has" || w === "have") && low(doc, k + 1) === "the" && low(doc, k + 2) === "meaning") || (w === "is" && low(doc, k + 1) === "defined")) {
      return { kind: "definition", from: openingQuote(doc, i, ss), to: k };
    }
    if (w === ":" && openingQuote(doc, i, ss) <= ss + 1) return { kind: "definition", from: ss, to: k };
  }
  // Inside `(the "X" …)`, `(collectively, the "X")`, `(hereinafter "X")`.
  for (let i = pi - 1, depth = 0, n = 0; i >= ss && n < 40; i--, n++) {
    const w = low(doc, i);
    if (w === ")") depth++;
    else if (w === "(" && depth-- === 0) {
      for (let k = i + 1; k <= i + 5 && k < pi; k++) {
        if (QUOTE.test(low(doc, k))) return { kind: "definition", from: i, to: k };
        if (!/^(?:the|collectively|,|hereinafter|herein|together|such|as|referred|to|called|each|a|an)$/.test(low(doc, k))) break;
      }
      break;
    }
  }
  // `… is herein called the "X"`: only for a predicate with no finite verb of its own.
  if (finite) return undefined;
  for (let k = pi + 1, n = 0; k < doc.toks.length && n < 40; k++, n++) {
    const w = low(doc, k);
    if (w === ";" || endsSentence(doc, k)) break;
    if (w === "called" || w === "referred" || w === "designated") {
      const prev = low(doc, k - 1);
      if (prev === "herein" || prev === "hereinafter" || prev === "collectively" || prev === "is" || prev === "are" || prev === "be") {
        for (let q = k + 1; q <= k + 4; q++) if (QUOTE.test(low(doc, q))) return { kind: "definition", from: k - 1, to: q };
      }
    }
  }
  return undefined;
}

function openingQuote(doc: Doc, close: number, ss: number): number {
  for (let k = close - 1; k >= ss && close - k < 12; k--) if (QUOTE.test(low(doc, k))) return k;
  return close;
}

// ─── Fallback: the verb nearest the match ───────────────────────────────────────────────────

/** A verb phrase that negates: "has not filed", "shall not be effective", "no … has been filed". */
const NEGATION =
  /\b(?:has|have|had|is|are|was|were|will|shall|may|does|do|did|can|could|would|should|must|be|been)\s+(?:\w+ly\s+)?not\b|\b(?:hasn|haven|isn|aren|wasn|weren|won|shan|doesn|don|didn|can|couldn|wouldn|shouldn|mustn)['’]t\b|\bcannot\b|\bnever\b|\bneither\b|\bnor\b|\bno\s+(?:[\w-]+\s+){0,4}(?:has|have|is|are|was|were|shall|will|may)\b|\b(?:has|have|had)\s+no\b|\bno\s+(?:obligation|duty|liability|right)\b|\bfailed\s+to\b|\b(?:has|have)\s+yet\s+to\b/gi;

/** Promises and intentions: "will file", "shall use its best efforts to", "intends to apply". */
const FUTURE =
  /\b(?:will|shall|would|should|must|may|might|can|could)\b|\b(?:agrees?|agreed|undertakes?|covenants?|intends?|expects?|plans?|proposes?|anticipates?|is\s+required|are\s+required|is|are)\s+to\b|\b(?:best|reasonable|commercially\s+reasonable|good\s+faith|diligent)\s+efforts\b/gi;

/** Things done or standing: "has filed", "have been registered", "is listed", "was declared effective". */
const DONE =
  /(?<!\b(?:shall|will|would|should|must|may|might|could|can|to|not)\s+)\b(?:has|have|had)\s+(?:\w+ly\s+)?(?:been\s+)?(?:\w+ly\s+)?(?!to\b)[a-z]+(?:ed|en|wn|de|ne|t)\b|\b(?:is|are|was|were)\s+(?:\w+ly\s+)?(?:being\s+)?(?!to\b)[a-z]+(?:ed|en|wn|de|ne)\b|\b(?:is|are)\s+(?:now\s+)?(?:listed|effective|registered|quoted|traded|approved)\b/gi;

/** A relative pronoun right before a verb: the verb describes a noun ("supplements that are filed"). */
const RELATIVE = /\b(?:that|which)\s+$/i;

/** Where another clause begins: a negation past it is that clause's ("…, and it shall not be necessary"). */
const CLAUSE_BREAK = /,\s+(?:and|but|or|while|whereas)\s|,\s+it\s+being\s/gi;

/** Characters before and after a match that still belong to its verb phrase. */
const BEFORE = 110;
const AFTER = 70;

function readNearest(doc: Doc, text: string, matchStart: number, matchEnd: number, leadIn: string | undefined): StatementReading {
  const segStart = Math.max(text.lastIndexOf(";", matchStart - 1) + 1, 0);
  const semi = text.indexOf(";", matchEnd);
  const segEnd = semi < 0 ? text.length : semi;
  const from = Math.max(segStart, matchStart - BEFORE);
  const to = Math.min(segEnd, matchEnd + AFTER);
  const window = text.slice(from, to);
  const at = matchStart - from;
  const atEnd = matchEnd - from;
  const cues = [...all(FUTURE, window, "future"), ...all(DONE, window, "done")];
  // "The Purchaser is an accredited investor": the match is what a present copula states.
  const p0 = tokenAt(doc, matchStart + doc.shift);
  const copula = p0 === undefined ? undefined : copulaBefore(doc, p0, doc.first);
  if (copula) {
    const index = (doc.toks[copula[0]] as Token).start - doc.shift - from;
    const end = (doc.toks[copula[1]] as Token).end - doc.shift - from;
    if (index >= 0) cues.push({ kind: "done", index, end, text: withVerb(window, index, window.slice(index, end)) });
  }

  // Frames, read on the tokens.
  const p = tokenAt(doc, matchStart + doc.shift);
  const framed = p === undefined ? undefined : findFrame(doc, p, cues.length > 0);
  if (framed) return framed;

  // A negation counts only in the clause holding the match.
  let negFrom = 0;
  let negTo = window.length;
  for (const m of window.matchAll(CLAUSE_BREAK)) {
    if (m.index + m[0].length <= at) negFrom = m.index + m[0].length;
    else if (m.index >= atEnd && negTo === window.length) negTo = m.index;
  }
  const negation = first(NEGATION, window.slice(negFrom, negTo));
  if (negation) return { statement: "negated", cue: negation.text };

  if (cues.length === 0) {
    if (leadIn !== undefined) {
      const lead = readStatement(leadIn, leadIn.length, leadIn.length);
      if (lead.statement !== "mentioned") return lead;
    }
    return { statement: "mentioned" };
  }
  // The cue nearest the match decides (verbs usually precede their object); a promise wins a tie.
  const distance = (c: { index: number; end: number }) => (c.end <= at ? at - c.end : c.index >= atEnd ? 1.5 * (c.index - atEnd) : 0);
  cues.sort((a, b) => distance(a) - distance(b) || (a.kind === "future" ? -1 : 1));
  const best = cues[0] as { kind: "future" | "done"; text: string; index: number };
  // "prospectus supplements that are filed with the Commission" describes a thing; it does
  // not state that anything was done.
  if (best.kind === "done" && RELATIVE.test(window.slice(0, best.index))) {
    return { statement: "mentioned", cue: `${RELATIVE.exec(window.slice(0, best.index))?.[0].trim()} ${best.text}`.replace(/\s+/g, " ") };
  }
  return { statement: best.kind, cue: best.text.replace(/\s+/g, " ") };
}

/** The first token at or after offset `at` in the text (not the lead-in). */
function tokenAt(doc: Doc, at: number): number | undefined {
  for (let i = doc.first; i < doc.toks.length; i++) if ((doc.toks[i] as Token).end > at) return i;
  return undefined;
}

function first(re: RegExp, text: string): { index: number; text: string } | undefined {
  re.lastIndex = 0;
  const m = re.exec(text);
  return m ? { index: m.index, text: withVerb(text, m.index, m[0]) } : undefined;
}

function all<K extends string>(re: RegExp, text: string, kind: K) {
  return [...text.matchAll(re)].map((m) => ({ kind, index: m.index, end: m.index + m[0].length, text: withVerb(text, m.index, m[0]) }));
}

/** A cue with the two words after it, so a report quotes "shall use its best" or "will be registered", not "shall". */
function withVerb(text: string, index: number, cue: string): string {
  const after = /^(?:\s+[\w'’-]+){0,2}/.exec(text.slice(index + cue.length))?.[0] ?? "";
  return `${cue}${after}`.replace(/\s+/g, " ").trim();
}
