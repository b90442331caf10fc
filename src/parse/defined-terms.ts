import escapeRegExp from "lodash/escapeRegExp.js";
import type { Locator } from "../position/locator.js";
import { trieSource } from "../regex-trie.js";
import type { DefinedTerm } from "../types.js";

/** `(the "Purchaser")`, `(collectively, the "Shares")`, `(hereinafter referred to as "Buyer")`. */
const PARENTHETICAL =
  /\(\s*(?:(?:collectively|together|individually|each|hereinafter|herein|referred\s+to(?:\s+herein)?\s+as|as\s+such)[,\s]+)*(?:the\s+|a\s+|an\s+|each\s+|this\s+|such\s+)?["“]([^"”]{1,80}?)["”](?:\s*(?:,|or|and)\s*(?:the\s+)?["“][^"”\r\n]{1,80}?["”])*\s*\)/g;

/** `"Trading Market" means …`, `"Shares" shall have the meaning …`. */
const MEANS = /["“]([^"”\r\n]{1,80}?)["”]\s*(?:,\s*)?(?:shall\s+)?(?:means?|shall\s+mean|has\s+the\s+meaning|shall\s+have\s+the\s+meaning|refers\s+to|includes?)\b\s*/g;

/**
 * Words that, going back from a parenthetical definition, begin the phrase it names:
 * `pursuant to [a registration statement on Form S-3] (the "Registration Statement")`.
 * `of` counts only after a lower-case word (`purchase of`, not `Bank of` or `Act of 1933`).
 */
const ANTECEDENT_START =
  /(?:\b(?:pursuant\s+to|under|between|among|by|and|with|regarding|that|from|for|to|in|on\s+behalf\s+of)|\bof(?=\s+(?:the|a|an)\s)|(?<![A-Z][\w.]*\s+)\bof(?!\s+\d))\s+|[;:()]\s*|[.!?]\s+(?=[A-Z])|\n[ \t]*\r?\n\s*|^/g;

/** `Such registration statement … is herein called the "Registration Statement"`. */
const BACK_REFERENCE =
  /\b(?:such|said|the\s+foregoing)\s+([a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,3})\b[^.;"“]{0,200}?\b(?:is|are)\s+(?:herein(?:after)?\s+)?(?:called|referred\s+to\s+as|defined\s+as|designated)\s+(?:the\s+)?["“]([^"”\r\n]{1,80})["”]/gi;

/** Finds the agreement's defined terms, what each stands for, and every use. */
export function findDefinedTerms(text: string, lines: Locator): DefinedTerm[] {
  const terms = new Map<string, DefinedTerm>();
  for (const m of text.matchAll(PARENTHETICAL)) {
    const term = collapse(m[1] ?? "");
    if (!term || terms.has(term) || /[.;]$/.test(term)) continue;
    const quoteAt = m.index + m[0].indexOf(m[1] ?? "");
    const def = antecedent(text, m.index, /\b(?:collectively|together)\b/i.test(m[0]));
    if (!def.text) continue;
    terms.set(term, {
      term,
      definition: def.text,
      definitionSpan: lines.span(def.start, def.end),
      definedAt: lines.span(quoteAt, quoteAt + (m[1] ?? "").length),
      uses: [],
    });
  }
  for (const m of text.matchAll(MEANS)) {
    const term = (m[1] ?? "").trim();
    if (!term || terms.has(term)) continue;
    const start = m.index + m[0].length;
    let end = definitionEnd(text, start);
    // A definition that stops at a line's end does not take the line break with it.
    while (end > start && /\s/.test(text[end - 1] ?? "")) end--;
    if (end === start) continue;
    const quoteAt = m.index + m[0].indexOf(m[1] ?? "");
    terms.set(term, {
      term,
      definition: collapse(text.slice(start, end)),
      definitionSpan: lines.span(start, end),
      definedAt: lines.span(quoteAt, quoteAt + term.length),
      uses: [],
    });
  }
  // By back-reference: "a registration statement on Form S-3 (File No. 333-…). Such registration
  // statement, as amended, is herein called the "Registration Statement"": the term stands for
  // the phrase the back-reference names, where it last stood before.
  for (const m of text.matchAll(BACK_REFERENCE)) {
    const term = collapse(m[2] ?? "");
    if (!term || terms.has(term)) continue;
    const head = collapse(m[1] ?? "");
    const windowStart = Math.max(0, m.index - 800);
    const before = text.slice(windowStart, m.index);
    const headRe = new RegExp(`\\b${escapeRegExp(head).replace(/ /g, "\\s+")}\\b`, "gi");
    const last = [...before.matchAll(headRe)].pop();
    if (!last) continue;
    const start = windowStart + last.index;
    const end = definitionEnd(text, start);
    if (end <= start || end > m.index) continue;
    const quoteAt = m.index + m[0].lastIndexOf(m[2] ?? "");
    terms.set(term, {
      term,
      definition: collapse(text.slice(start, end)),
      definitionSpan: lines.span(start, end),
      definedAt: lines.span(quoteAt, quoteAt + (m[2] ?? "").length),
      uses: [],
    });
  }
  findAllUses(text, [...terms.values()], lines);
  return [...terms.values()].sort((a, b) => a.definedAt.start - b.definedAt.start);
}

/** The phrase a parenthetical definition names: back from the parenthesis to where the phrase begins. */
function antecedent(text: string, paren: number, collective = false): { text: string; start: number; end: number } {
  const windowStart = Math.max(0, paren - 200);
  const window = text.slice(windowStart, paren);
  let cut = 0;
  ANTECEDENT_START.lastIndex = 0;
  // "the common stock and the warrants (collectively, the "Securities")" names everything the
  // "and" joins: the phrase starts at the determiner of the first item.
  const lastAnd = collective ? ([...window.matchAll(/\band\s/gi)].pop()?.index ?? -1) : -1;
  if (lastAnd > 0) {
    const det = [...window.slice(0, lastAnd).matchAll(/\b(?:the|a|an|all|each|its|such|any|certain)\s/gi)].pop();
    if (det) {
      const start = windowStart + det.index;
      let end = paren;
      while (end > start && /[\s,]/.test(text[end - 1] ?? "")) end--;
      return { text: collapse(text.slice(start, end)), start, end };
    }
  }
  for (const m of window.matchAll(ANTECEDENT_START)) {
    const after = m.index + m[0].length;
    if (after < window.trimEnd().length) cut = after;
  }
  let start = windowStart + cut;
  let end = paren;
  while (start < end && /[\s"“]/.test(text[start] ?? "")) start++;
  while (end > start && /[\s,]/.test(text[end - 1] ?? "")) end--;
  return { text: collapse(text.slice(start, end)), start, end };
}

/** A "means" definition runs to the end of its sentence or list item. */
function definitionEnd(text: string, start: number): number {
  const rest = text.slice(start, start + 1500);
  // A sentence ends before a capital, a quote, a parenthesis or a section number ("dollars.
  // 9.6 This Agreement"), not before a file number ("File No. 333-").
  const stop = /;|\.(?=\s+(?:["“]|[A-Z(]|\d+(?:\.\d+)*\.?\s+[A-Z]|$))|\n[ \t]*\n|,?\s+(?:and|or)\s+(?=["“][^"”]{1,80}["”]\s+(?:shall\s+)?mean)/.exec(rest);
  return start + (stop ? stop.index : rest.length);
}

/**
 * Fills in every term's uses in one pass over the text: each word is looked up among the terms
 * that start with it, and only those are tried there. (A scan of the whole text per term took
 * a minute on an agreement defining 60,000 terms.) A term that does not start with a letter or
 * digit is looked for on its own.
 */
function findAllUses(text: string, terms: DefinedTerm[], lines: Locator): void {
  // `end`: where the term's last use ended, so that uses never overlap (as one scan per term found them).
  const byFirstWord = new Map<string, { term: DefinedTerm; words: string[] | RegExp; end: number }[]>();
  for (const term of terms) {
    term.uses = [];
    const first = /^\w+/.exec(term.term)?.[0];
    if (!first) {
      const escaped = escapeRegExp(term.term).replace(/\s+/g, "\\s+");
      const re = new RegExp(`(?<![\\w"“])${escaped}(?![\\w"”])`, "g");
      for (const m of text.matchAll(re)) if (m.index !== term.definedAt.start) term.uses.push(lines.span(m.index, m.index + m[0].length));
      continue;
    }
    const list = byFirstWord.get(first) ?? [];
    // A term ending in white space (none does today) keeps an expression of its own.
    const words = /\s$/.test(term.term) ? new RegExp(`${escapeRegExp(term.term).replace(/\s+/g, "\\s+")}(?![\\w"”])`, "y") : term.term.split(/\s+/);
    list.push({ term, words, end: 0 });
    byFirstWord.set(first, list);
  }
  if (byFirstWord.size === 0) return;
  // The words of the text (whole runs of \w) that are a term's first word, found by one
  // expression listing those words as a tree of their letters: the engine passes over every
  // other word. (A walk over every character in JavaScript: 331 ms of an in-process corpus
  // check; every word beginning with a first word's first character, looked up: 291 ms.)
  const words = new RegExp(`(?<!\\w)(?:${trieSource([...byFirstWord.keys()].map((w) => [...w]))})(?!\\w)`, "g");
  for (let m = words.exec(text); m; m = words.exec(text)) {
    const start = m.index;
    const candidates = byFirstWord.get(m[0]);
    // Not glued to an opening quote before it.
    if (candidates && !/["“]/.test(text[start - 1] ?? "")) {
      for (const c of candidates) {
        if (start < c.end) continue;
        const end = wordsAt(text, start, c.words);
        if (end < 0) continue;
        c.end = end;
        if (start !== c.term.definedAt.start) c.term.uses.push(lines.span(start, c.end));
      }
    }
  }
}

const SPACE = /\s+/y;

/**
 * Where the words of a term, as written, end when they stand at `at` with white space of any
 * length between them and no letter, digit or closing quote after them; -1 when they do not.
 * What the term's own expression (the words escaped, joined by \s+, then (?![\w"”]), sticky)
 * finds, without compiling one per term (13,000 over the corpus): \s+ takes all the white
 * space and the next word begins with none, so no other split can match.
 */
function wordsAt(text: string, at: number, words: string[] | RegExp): number {
  if (words instanceof RegExp) {
    words.lastIndex = at;
    return words.test(text) ? words.lastIndex : -1;
  }
  let p = at;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (i > 0) {
      SPACE.lastIndex = p;
      if (!SPACE.test(text)) return -1;
      p = SPACE.lastIndex;
    }
    if (!text.startsWith(word, p)) return -1;
    p += word.length;
  }
  return /[\w"”]/.test(text[p] ?? "") ? -1 : p;
}

/** Collapses runs of white space (line breaks, indentation) to one space. */
export function collapse(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}
