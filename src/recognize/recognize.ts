import { collapse } from "../parse/defined-terms.js";
import { type Locator, locatorFor } from "../position/locator.js";
import { exactPattern } from "../rules/pattern.js";
import { anchorScan } from "../rules/anchors.js";
import type { PhraseProgram } from "../rules/phrase.js";
import type { Capture, CompiledPattern, Rule } from "../rules/rule-types.js";
import { type Vocabulary, entriesIn, namesIn, shapeStarts, slotPrefix, variantKey } from "../rules/vocabulary.js";
import type { Agreement, CapturedValue, DefinedTerm, Evidence, FrameKind, Source, Statement, TextUnit } from "../types.js";
import { type StatementText, readStatement, statementText } from "./statement.js";
import { textUnits } from "./text-units.js";

/** A parsed document with what every rule needs to look at it, computed once. */
export interface DocumentContext {
  source: Source;
  agreement: Agreement;
  lines: Locator;
  units: TextUnit[];
  /** Which defined terms each unit uses; built on first need. */
  termsByUnit?: Map<TextUnit, DefinedTerm[]>;
  /** Each anchor word in the text (lower case), with the indexes of the units holding it; built on first need. */
  wordUnits?: { scan: RegExp; index: Map<string, number[]> };
  /** Per vocabulary: defined terms whose definition names one of its entries; built on first need. */
  slotTerms?: Map<Vocabulary, SlotTerms>;
  /** Per capture: what it reads in each definition looked at, kept for the other clauses using the term. */
  definitionValues?: Map<Capture, Map<DefinedTerm, CapturedValue | undefined>>;
}

/** Defined terms that stand for a vocabulary entry: "Trading Market" → NASDAQ Capital Market. */
interface SlotTerms {
  names: string[];
  values: Map<string, string>;
  terms: Map<string, DefinedTerm>;
}

/** Where a find pattern matched. */
export interface ClauseMatch {
  unit: TextUnit;
  /** Offsets into the source text. */
  start: number;
  end: number;
  pattern: string;
  /** Index of the find pattern in the rule (earlier patterns are stronger evidence). */
  order: number;
  /** The predicate the pattern marks (`*filed*`), offsets into the source text. */
  predicate?: { start: number; end: number };
  /** Values of the pattern's slots, by name (canonical names). */
  values?: Record<string, string>;
  /** Defined terms a slot matched by name ("the Trading Market"), by value name. */
  terms?: Record<string, DefinedTerm>;
}

/** A clause that may meet a rule: the facts json-rules-engine judges. */
export interface Candidate {
  found: true;
  statement: Statement;
  /** The words that decided the statement. */
  cue?: string;
  /** What frames the clause when it is not a representation (a condition, a proviso, a definition…). */
  frame?: FrameKind;
  values: Record<string, CapturedValue>;
  matches: ClauseMatch[];
  units: TextUnit[];
  /** Defined terms whose definitions supplied a value, by capture name. */
  definitionsUsed: { capture: string; term: DefinedTerm }[];
}

/** The index of the unit holding an offset (units are sorted and do not overlap), or -1. */
function unitIndexAt(units: TextUnit[], offset: number): number {
  let lo = 0;
  let hi = units.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const u = units[mid] as TextUnit;
    if (offset < u.start) hi = mid - 1;
    else if (offset >= u.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** The unit holding an offset, if any. */
function unitAt(units: TextUnit[], offset: number): TextUnit | undefined {
  return units[unitIndexAt(units, offset)];
}

function matchesAt(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text);
}

/** Prepares a document for recognition. */
export function documentContext(source: Source, agreement: Agreement): DocumentContext {
  return { source, agreement, lines: locatorFor(source), units: textUnits(source.text, agreement) };
}

/** Matches of one phrase read in one sentence, at most. */
const MAX_MATCHES_PER_UNIT = 20;
/** How far after its lead-in an item may stand and still be read with it. */
const LEAD_IN_REACH = 8000;
/** Characters around a match within which its verbs are read. */
const STATEMENT_WINDOW = 1000;

const STATEMENT_ORDER: Statement[] = ["negated", "done", "future", "conditional", "mentioned", "quoted"];

/** A defined term that names a kind of the vocabulary's entries: "Project State", or "the state in which …". */
function isKind(v: Vocabulary, t: DefinedTerm): boolean {
  const words = [...t.term.toLowerCase().split(/[^a-z]+/), ...t.definition.toLowerCase().split(/[^a-z]+/).slice(0, 4)];
  return words.some((w) => v.kinds.has(w));
}

/** Defined terms of the document that stand for an entry of vocabulary `v`. */
function slotTermsOf(ctx: DocumentContext, v: Vocabulary): SlotTerms {
  ctx.slotTerms ??= new Map();
  let st = ctx.slotTerms.get(v);
  if (!st) {
    st = { names: [], values: new Map(), terms: new Map() };
    for (const t of ctx.agreement.definedTerms) {
      // A term stands for an entry when its definition opens with that entry: "Trading Market"
      // means "the Nasdaq Capital Market" ("the OTCQB operated by OTC Markets Group"), not
      // "Company" for "Valence Technology, Inc., a Delaware corporation", nor "FDA" for "the
      // United States Food and Drug Administration" (a longer name goes on).
      const lead = /^\W*(?:the\s+)?/i.exec(t.definition)?.[0].length ?? 0;
      const found = slotPrefix(v, t.definition.slice(lead, lead + 200));
      if (found?.value.kind !== "entry") continue;
      const named = { value: found.value.value, end: lead + found.length };
      if (/^\s+\p{Lu}/u.test(t.definition.slice(named.end))) continue;
      st.names.push(t.term);
      st.values.set(variantKey(t.term), named.value);
      st.terms.set(variantKey(t.term), t);
    }
    ctx.slotTerms.set(v, st);
  }
  return st;
}

/**
 * The sentences holding, for every anchor of a pattern, one of its words, in document order.
 * One pass over the text lists where the anchor words of every loaded rule stand
 * (ctx.wordUnits), so each anchor is a few look-ups rather than a pass of its own.
 */
function unitsWith(anchors: string[][], ctx: DocumentContext): TextUnit[] {
  const scan = anchorScan(anchors);
  if (!ctx.wordUnits || ctx.wordUnits.scan !== scan) {
    const index = new Map<string, number[]>();
    const text = ctx.source.text;
    let unit = 0;
    scan.lastIndex = 0;
    for (let m = scan.exec(text); m; m = scan.exec(text)) {
      // Units are sorted: walk forward to the one holding this word.
      while (unit < ctx.units.length && (ctx.units[unit] as TextUnit).end <= m.index) unit++;
      const u = ctx.units[unit];
      if (!u || u.start > m.index) continue;
      const key = m[0].toLowerCase();
      const list = index.get(key);
      if (!list) index.set(key, [unit]);
      else if (list[list.length - 1] !== unit) list.push(unit);
    }
    ctx.wordUnits = { scan, index };
  }
  const words = ctx.wordUnits.index;
  // Each word's list of sentences is in increasing order without repeats, so the sentences of
  // an anchor are a merge of its words' lists, and those of every anchor a walk along each.
  let keep: number[] | undefined;
  for (const anchor of anchors) {
    const lists: number[][] = [];
    for (const w of anchor) {
      const list = words.get(w);
      if (list) lists.push(list);
    }
    keep = keep ? keepListed(keep, lists) : mergeSorted(lists);
    if (keep.length === 0) break;
  }
  return (keep ?? []).map((i) => ctx.units[i] as TextUnit);
}

/** The numbers of increasing lists, in increasing order without repeats. */
function mergeSorted(lists: number[][]): number[] {
  if (lists.length === 1) return lists[0] as number[];
  const all = lists.flat().sort((a, b) => a - b);
  return all.filter((n, i) => i === 0 || n !== all[i - 1]);
}

/** The numbers of `keep` (increasing) found in one of the increasing `lists`. */
function keepListed(keep: number[], lists: number[][]): number[] {
  const at = lists.map(() => 0);
  const out: number[] = [];
  for (const n of keep) {
    for (let j = 0; j < lists.length; j++) {
      const list = lists[j] as number[];
      let p = at[j] as number;
      while (p < list.length && (list[p] as number) < n) p++;
      at[j] = p;
      if (list[p] === n) {
        out.push(n);
        break;
      }
    }
  }
  return out;
}


/** Every clause in the document that a rule's find patterns recognise, with its facts. */
export function findCandidates(rule: Rule, ctx: DocumentContext): Candidate[] {
  const text = ctx.source.text;
  const found = new Map<TextUnit, ClauseMatch[]>();
  // A phrase runs in each sentence holding its anchor words; a `regex:` pattern runs once over
  // the whole text. A match lies within one sentence: where a regex match runs past the
  // sentence it starts in (a greedy part going on over a paragraph break), that sentence is
  // searched on its own, as if cut out.
  rule.find.forEach((p, order) => {
    const program = p.phrase?.program;
    const re = p.re;
    const perUnit = new Map<TextUnit, number>();
    /** Adds a match; false when the sentence has had enough of them. */
    const add = (match: ClauseMatch): boolean => {
      // A sentence that repeats a phrase hundreds of times is not prose; a few matches decide.
      const count = (perUnit.get(match.unit) ?? 0) + 1;
      perUnit.set(match.unit, count);
      if (count > MAX_MATCHES_PER_UNIT) return false;
      const list = found.get(match.unit) ?? [];
      list.push(match);
      found.set(match.unit, list);
      return true;
    };
    /** The match with its predicate and slot values, or undefined when a slot holds no entry. */
    const read = (unit: TextUnit, m: RegExpExecArray, offset: number, prog: PhraseProgram | undefined): ClauseMatch | undefined => {
      const start = offset + m.index;
      const match: ClauseMatch = { unit, start, end: start + m[0].length, pattern: p.source, order };
      if (!prog) return match;
      const groups = readGroups(rule, ctx, prog, m, offset, unit);
      return groups ? Object.assign(match, groups) : undefined;
    };
    /** The exact form of the phrase for a sentence, or undefined when a slot has nothing to stand for there. */
    const exactFor = (unit: TextUnit, unitText: string) => {
      let unitTerms: string[] | undefined;
      const names = new Map<string, string[]>();
      for (const slot of program?.slots ?? []) {
        const v = rule.vocabularies.get(slot.vocabulary);
        if (!v || names.has(slot.vocabulary)) continue;
        // The names this sentence holds, and the defined terms it uses (which may stand for one).
        const found = [...namesIn(v, unitText, slotTermsOf(ctx, v).values), ...(unitTerms ??= termsUsed(ctx, [unit]).map((t) => t.term))];
        if (found.length === 0) return undefined;
        names.set(slot.vocabulary, found);
      }
      return exactPattern(p, names);
    };
    /** Every match of a phrase in one sentence. */
    const inUnit = (unit: TextUnit) => {
      const unitText = text.slice(unit.start, unit.end);
      const matches: ClauseMatch[] = [];
      let missed = false;
      re.lastIndex = 0;
      for (let n = re.exec(unitText); n && matches.length <= MAX_MATCHES_PER_UNIT; n = re.exec(unitText)) {
        const m = read(unit, n, unit.start, program);
        if (m) matches.push(m);
        else missed = true;
        if (n[0].length === 0) re.lastIndex++;
      }
      // A slot's shape took words that are no entry ("the laws of the state in which …"): the
      // exact form of the pattern, with the vocabulary spelled out, finds what it hid.
      const exact = missed ? exactFor(unit, unitText) : undefined;
      if (exact) {
        matches.length = 0;
        exact.re.lastIndex = 0;
        for (let n = exact.re.exec(unitText); n && matches.length <= MAX_MATCHES_PER_UNIT; n = exact.re.exec(unitText)) {
          const m = read(unit, n, unit.start, exact.program);
          if (m) matches.push(m);
          if (n[0].length === 0) exact.re.lastIndex++;
        }
      }
      for (const m of matches) if (!add(m)) break;
    };
    if (program) {
      // A phrase runs only in the sentences holding its anchor words, found in one cheap pass:
      // most sentences of an agreement hold none.
      for (const unit of program.anchors.length > 0 ? unitsWith(program.anchors, ctx) : ctx.units) inUnit(unit);
      return;
    }
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      const unit = unitAt(ctx.units, start);
      if (!unit) {
        re.lastIndex = Math.max(end, start + 1);
        continue;
      }
      if (end <= unit.end) {
        if (!add(read(unit, m, 0, undefined) as ClauseMatch)) re.lastIndex = unit.end;
        else if (end === start) re.lastIndex = start + 1;
        continue;
      }
      const inner = new RegExp(re.source, re.flags);
      const unitText = text.slice(unit.start, unit.end);
      inner.lastIndex = start - unit.start;
      for (let n = inner.exec(unitText); n; n = inner.exec(unitText)) {
        if (!add(read(unit, n, unit.start, undefined) as ClauseMatch)) break;
        if (n[0].length === 0) inner.lastIndex++;
      }
      re.lastIndex = unit.end;
    }
  });
  const matched = new Map<TextUnit, ClauseMatch[]>();
  for (const unit of [...found.keys()].sort((a, b) => a.start - b.start)) {
    if (rule.ignore.some((p) => matchesAt(p.re, text.slice(unit.start, unit.end)))) continue;
    const list = (found.get(unit) ?? []).sort((a, b) => a.order - b.order || a.start - b.start);
    matched.set(unit, list);
  }
  const groups = new Map<string, ClauseMatch[]>();
  for (const [unit, list] of matched) {
    const key = rule.scope === "paragraph" ? `b${unit.block}` : `u${unit.start}`;
    groups.set(key, [...(groups.get(key) ?? []), ...list]);
  }
  return [...groups.values()].map((matches) => candidate(rule, ctx, matches));
}

/**
 * The predicate and slot values of one phrase match (offsets made absolute with `offset`), or
 * undefined when a slot's text does not count (an abbreviation not in capitals).
 */
function readGroups(rule: Rule, ctx: DocumentContext, program: PhraseProgram, m: RegExpExecArray, offset: number, unit: TextUnit): Partial<Pick<ClauseMatch, "predicate" | "values" | "terms" | "end">> | undefined {
  const out: Partial<Pick<ClauseMatch, "predicate" | "values" | "terms" | "end">> = {};
  const indices = m.indices;
  if (program.predicate !== undefined) {
    const at = indices?.[program.predicate];
    if (at) out.predicate = { start: offset + at[0], end: offset + at[1] };
  }
  for (const slot of program.slots) {
    const raw = m[slot.group];
    const at = indices?.[slot.group];
    const v = rule.vocabularies.get(slot.vocabulary);
    if (raw === undefined || !at || !v) continue;
    const terms = slotTermsOf(ctx, v);
    // The slot matched the shape of an entry (or, in the exact form, an entry): the longest
    // leading run of its words that is one.
    const prefix = slotPrefix(v, raw, terms.values);
    if (!prefix) {
      // A defined term the vocabulary cannot read ("the Laws of the State", where "State" means
      // "the state in which the System is located"): the clause is there, its value is not.
      const term = ctx.agreement.definedTerms.find((t) => raw.startsWith(t.term) && !/^[\p{L}\p{N}]/u.test(raw.slice(t.term.length)) && isKind(v, t));
      if (!term) {
        // A name the vocabulary does not know, after the word for its kind: "the laws of the
        // State of Califomia" chooses a place's law, which place clausecheck cannot say.
        const before = ctx.source.text.slice(Math.max(unit.start, offset + at[0] - 40), offset + at[0]);
        const kind = /([a-z]+)\s+of\s*$/i.exec(before)?.[1]?.toLowerCase();
        if (!kind || !v.kinds.has(kind) || !/^\p{Lu}/u.test(raw)) return undefined;
        const name = /^\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3}/u.exec(raw)?.[0] ?? raw;
        if (offset + at[1] === offset + m.index + m[0].length) out.end = offset + at[0] + name.length;
        continue;
      }
      if (offset + at[1] === offset + m.index + m[0].length) out.end = offset + at[0] + term.term.length;
      out.terms ??= {};
      out.terms[slot.name] = term;
      continue;
    }
    const value = prefix.value;
    // A slot that ends the match ends it where the entry ends.
    if (offset + at[1] === offset + m.index + m[0].length) out.end = offset + at[0] + prefix.length;
    out.values ??= {};
    if (value.kind === "reference") {
      // "the laws thereof", "said State": the entry the same sentence names, nearest before.
      const unitText = ctx.source.text.slice(unit.start, unit.end);
      const here = offset + at[0] - unit.start;
      const named = entriesIn(v, unitText);
      const before = named.filter((e) => e.index < here).pop();
      const resolved = before ?? named.find((e) => e.index > here);
      if (resolved) out.values[slot.name] = resolved.value;
      continue;
    }
    if (out.values[slot.name] === undefined) out.values[slot.name] = value.value;
    const term = terms.terms.get(variantKey(raw.slice(0, prefix.length)));
    if (term) {
      out.terms ??= {};
      out.terms[slot.name] = term;
    }
  }
  return out;
}

function candidate(rule: Rule, ctx: DocumentContext, matches: ClauseMatch[]): Candidate {
  const text = ctx.source.text;
  const units = [...new Set(matches.map((m) => m.unit))].sort((a, b) => a.start - b.start);
  // Matches in a short sentence read the same window: it is tokenised once.
  const windows = new Map<string, StatementText>();
  const readings = matches.map((m) => {
    // The verbs that decide lie near the match: read a window, not the whole (possibly huge) unit.
    const from = Math.max(m.unit.start, m.start - STATEMENT_WINDOW);
    const to = Math.min(m.unit.end, m.end + STATEMENT_WINDOW);
    // A lead-in reads for the items under it, which stand near it (a section misread on a
    // document converted from PDF can make a lead-in of half the agreement).
    const leadIn = m.unit.leadIn && m.unit.start - m.unit.leadIn.end < LEAD_IN_REACH ? m.unit.leadIn : undefined;
    const leadFrom = leadIn ? Math.max(leadIn.start, leadIn.end - STATEMENT_WINDOW) : -1;
    const lead = leadIn ? text.slice(leadFrom, leadIn.end) : undefined;
    const windowText = text.slice(from, to);
    const key = `${from} ${to} ${leadFrom} ${leadIn?.end ?? -1}`;
    let prepared = windows.get(key);
    if (!prepared) windows.set(key, (prepared = statementText(windowText, lead)));
    // A pattern that marks its predicate (*filed*) is judged by that word's own verb group.
    const at = m.predicate ?? m;
    return readStatement(windowText, at.start - from, at.end - from, lead, { predicate: m.predicate !== undefined }, prepared);
  });
  matches.forEach((m, i) => {
    const term = definitionHolding(ctx.agreement.definedTerms, m.start);
    // A definition says what a word means; it does not state that anything has been done.
    if (term && readings[i]?.statement !== "negated") readings[i] = { statement: "mentioned", cue: `the definition of "${term.term}"`, frame: "definition" };
    // A form attached as an exhibit is quoted, not agreed in the body.
    if (m.unit.attachment) readings[i] = { statement: "quoted", cue: `quoted in ${m.unit.attachment}` };
  });
  // The clause's statement is the strongest reading among its matches; its values are those of
  // the matches read that way first (the clause that really is the representation).
  // Where a pattern marks its predicate, only such matches decide how the clause is stated: a
  // bare mention of the supplement beside "will file it" must not read as done.
  const decisive = matches.some((m) => m.predicate) ? matches.flatMap((m, i) => (m.predicate || readings[i]?.statement === "quoted" ? [i] : [])) : matches.map((_, i) => i);
  // A reading in a frame that is no provision (inside a condition, a definition) ranks below
  // every provision, a bare mention included: "Provided that all parties execute a copy, …"
  // beside "delivery of executed copies may be effected by facsimile".
  const strength = (i: number) => {
    const r = readings[i] ?? { statement: "mentioned" };
    if (r.statement === "quoted") return STATEMENT_ORDER.length + 2;
    if (r.frame && r.frame !== "conditional provision") return STATEMENT_ORDER.length + (r.statement === "conditional" ? 0 : 1);
    return STATEMENT_ORDER.indexOf(r.statement);
  };
  const order = decisive.sort((a, b) => strength(a) - strength(b) || a - b);
  const reading = readings[order[0] ?? -1] ?? { statement: "mentioned" as const };
  const c: Candidate = { found: true, statement: reading.statement, values: {}, matches, units, definitionsUsed: [] };
  if (reading.cue) c.cue = reading.cue;
  if (reading.frame) c.frame = reading.frame;
  for (const i of [...order, ...matches.map((_, i) => i).filter((i) => !order.includes(i))]) {
    const m = matches[i] as ClauseMatch;
    for (const [name, value] of Object.entries(m.values ?? {})) {
      if (Object.hasOwn(c.values, name)) continue;
      c.values[name] = value;
      const term = m.terms?.[name];
      if (term) c.definitionsUsed.push({ capture: name, term });
    }
  }
  const terms = termsUsed(ctx, units);
  for (const capture of rule.captures) {
    // A value a find pattern's slot already read stands.
    if (Object.hasOwn(c.values, capture.name) && isPresent(c.values[capture.name])) continue;
    const texts = capture.in === "match" ? matches.map((m) => text.slice(m.start, m.end)) : units.map((u) => text.slice(u.start, u.end));
    let value = captureValue(capture, texts);
    if (!isPresent(value) && capture.definitions) {
      for (const term of terms) {
        const fromDefinition = definitionValue(ctx, capture, term);
        if (isPresent(fromDefinition)) {
          value = fromDefinition;
          c.definitionsUsed.push({ capture: capture.name, term });
          break;
        }
      }
    }
    if (value !== undefined) c.values[capture.name] = value;
  }
  return c;
}

/**
 * What a capture reads in a term's definition. Read once per document: every clause using the
 * term asks again (a thousand times in an agreement that repeats its clauses a thousand times).
 * A value read is never changed afterwards, so the clauses may share it.
 */
function definitionValue(ctx: DocumentContext, capture: Capture, term: DefinedTerm): CapturedValue | undefined {
  ctx.definitionValues ??= new Map();
  let byTerm = ctx.definitionValues.get(capture);
  if (!byTerm) ctx.definitionValues.set(capture, (byTerm = new Map()));
  if (!byTerm.has(term)) byTerm.set(term, captureValue(capture, [term.definition]));
  return byTerm.get(term);
}

/** The "X" means … definition whose text holds an offset, if any. */
function definitionHolding(terms: DefinedTerm[], offset: number): DefinedTerm | undefined {
  return terms.find((t) => t.definedAt.start < t.definitionSpan.start && t.definedAt.start <= offset && offset < t.definitionSpan.end);
}

/** Defined terms used inside the units (their definitions say what the clause means). */
function termsUsed(ctx: DocumentContext, units: TextUnit[]): DefinedTerm[] {
  // Built once per document: which terms each sentence uses (a per-clause scan of every use of
  // every term was quadratic on long agreements).
  if (!ctx.termsByUnit) {
    const byUnit = new Map<TextUnit, DefinedTerm[]>();
    for (const t of ctx.agreement.definedTerms) {
      for (const u of t.uses) {
        const unit = unitAt(ctx.units, u.start);
        if (!unit || u.end > unit.end) continue;
        const list = byUnit.get(unit) ?? [];
        if (list[list.length - 1] !== t) list.push(t);
        byUnit.set(unit, list);
      }
    }
    ctx.termsByUnit = byUnit;
  }
  const byUnit = ctx.termsByUnit;
  const used = new Set(units.flatMap((u) => byUnit.get(u) ?? []));
  return ctx.agreement.definedTerms.filter((t) => used.has(t));
}

/** True when a capture found something: not absent, false, empty text or an empty list. */
export function isPresent(v: CapturedValue | undefined): boolean {
  return !(v === undefined || v === false || v === "" || (Array.isArray(v) && v.length === 0));
}

/** The value a capture reads from some texts (see the rule schema for each kind). */
export function captureValue(capture: Capture, texts: string[]): CapturedValue | undefined {
  const test = (re: RegExp) => texts.some((t) => {
    re.lastIndex = 0;
    return re.test(t);
  });
  switch (capture.kind) {
    case "flag":
      return capture.patterns.some((p) => test(p.re));
    case "all":
      return capture.patterns.filter((p) => test(p.re)).map((p) => p.value ?? p.source);
    case "oneOf":
      return earliest(capture, texts);
    case "first": {
      const p = capture.patterns[0];
      if (!p) return undefined;
      for (const t of texts) {
        // Per vocabulary of shapes only: where in this text a value can begin (see shapeStarts).
        const starts = new Map<Vocabulary, ((offset: number) => boolean) | undefined>();
        p.re.lastIndex = 0;
        for (let m = p.re.exec(t); m; m = p.re.exec(t)) {
          const slot = p.phrase?.program.slots.find((sl) => m?.[sl.group] !== undefined);
          if (!slot || !p.phrase) return applyCase(collapse(m[1] ?? m[0]), capture.case);
          // A phrase with a slot captures the slot's canonical value.
          const v = p.phrase.vocabularies.get(slot.vocabulary);
          const at = m.indices?.[slot.group]?.[0];
          if (v && at !== undefined) {
            if (!starts.has(v)) starts.set(v, shapeStarts(v, t));
            if (starts.get(v)?.(at) === false) {
              // No value begins where the slot does: look again from the next character, as below.
              p.re.lastIndex = m.index + 1;
              continue;
            }
          }
          const value = v ? slotPrefix(v, m[slot.group] as string)?.value : undefined;
          if (value?.kind === "entry" || value?.kind === "shape") return value.value;
          if (value?.kind === "reference" && v) {
            const named = entriesIn(v, t.slice(0, m.index)).pop() ?? entriesIn(v, t)[0];
            if (named) return named.value;
          }
          // The shape may have taken words before the value ("File No. 333-76589"): look again
          // from the next character.
          p.re.lastIndex = m.index + 1;
        }
      }
      return undefined;
    }
  }
}

/** The oneOf value whose pattern matches first in the texts; at the same place, the longer match. */
function earliest(capture: Capture, texts: string[]): string | undefined {
  for (const t of texts) {
    let best: { at: number; length: number; value: string } | undefined;
    for (const p of capture.patterns) {
      p.re.lastIndex = 0;
      const m = p.re.exec(t);
      if (!m) continue;
      if (!best || m.index < best.at || (m.index === best.at && m[0].length > best.length)) {
        best = { at: m.index, length: m[0].length, value: p.value ?? m[0] };
      }
    }
    if (best) return best.value;
  }
  return undefined;
}

function applyCase(v: string, c: Capture["case"]): string {
  if (c === "upper") return v.toUpperCase();
  if (c === "title") return v.toLowerCase().replace(/\b([a-z])/g, (l) => l.toUpperCase()).replace(/\b(Of|And|The)\b/g, (w) => w.toLowerCase());
  return v;
}

/** Longest quote shown in a report; longer clauses are cut with an ellipsis. */
const MAX_QUOTE = 600;

/** Quoted evidence for a candidate: each sentence that matched, and each definition a value came from. */
export function candidateEvidence(c: Candidate, ctx: DocumentContext): Evidence[] {
  const text = ctx.source.text;
  const out: Evidence[] = c.units.map((u) => {
    const e = evidence(ctx, u.start, u.end, "clause", u.section);
    if (u.attachment) e.attachment = u.attachment;
    return e;
  });
  // A definition that gave two values (form and file number) is quoted once.
  for (const term of new Set(c.definitionsUsed.map((d) => d.term))) {
    const e = evidence(ctx, term.definitionSpan.start, term.definitionSpan.end, "definition", sectionAt(ctx, term.definitionSpan.start));
    e.term = term.term;
    e.text = `"${term.term}": ${collapse(text.slice(term.definitionSpan.start, term.definitionSpan.end))}`;
    out.push(e);
  }
  return out;
}

function sectionAt(ctx: DocumentContext, offset: number): string | undefined {
  return ctx.units.find((u) => u.start <= offset && offset < u.end)?.section;
}

function evidence(ctx: DocumentContext, start: number, end: number, role: Evidence["role"], section?: string): Evidence {
  const quote = collapse(ctx.source.text.slice(start, end));
  const span = ctx.lines.span(start, end);
  const e: Evidence = {
    text: quote.length > MAX_QUOTE ? `${quote.slice(0, MAX_QUOTE - 1)}…` : quote,
    file: ctx.source.file,
    line: span.line,
    column: span.column,
    offset: start,
    endLine: span.endLine,
    endColumn: span.endColumn,
    role,
  };
  if (section) e.section = section;
  const element = ctx.lines.element(start);
  if (element) e.element = element;
  return e;
}
