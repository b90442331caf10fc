import { readFileSync } from "node:fs";
import { packagePath } from "../package-path.js";
import type { Vocabulary } from "./vocabulary.js";
import { PatternError, type PhraseContext, type PhraseNode, type PhraseProgram, compilePhrase, exactTemplate, fillExactTemplate, parsePhrase } from "./phrase.js";
import { backtrackingProblem, isVerified } from "./redos.js";
import type { CompiledPattern } from "./rule-types.js";

/**
 * Patterns of rule files. A pattern is a phrase in the rule language (phrase.ts) or, as an
 * escape hatch, `regex:` and a JavaScript regular expression, matched ignoring case,
 * where a space matches any run of white space (agreements wrap lines anywhere) and `"` and `'`
 * also match their curly forms (EDGAR text has both).
 */

/** The longest run of white space a space in a pattern matches. */
const MAX_SPACE = 80;

/** Translates a rule-file pattern into the regular-expression source that runs. */
export function translatePattern(pattern: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "\\") {
      out += c + (pattern[i + 1] ?? "");
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      out += c === '"' ? '"“”' : c === "'" ? "'’‘" : c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      if (pattern[i + 1] === "^") out += pattern[++i];
      if (pattern[i + 1] === "]") out += pattern[++i];
      continue;
    }
    if (c === " ") {
      while (pattern[i + 1] === " ") i++;
      const next = pattern[i + 1];
      // "a ?b" and "a *b" keep their meaning: optional white space. White space is bounded
      // (80 characters): two unbounded runs of it around a bounded gap backtrack
      // quadratically on a long run of spaces, which agreements converted from PDF have.
      if (next === "?") {
        out += "\\s";
        continue;
      }
      if (next === "*") {
        out += `\\s{0,${MAX_SPACE}}`;
        i++;
        continue;
      }
      out += `\\s{1,${MAX_SPACE}}`;
      continue;
    }
    out += c === '"' ? '["“”]' : c === "'" ? "['’‘]" : c;
  }
  return out;
}

/** A problem with a pattern, in words a rule author understands. */
export function patternProblem(pattern: string): string | undefined {
  // A bundled pattern the build already checked, unchanged since: nothing to check again.
  if (isVerified(translatePattern(pattern))) return undefined;
  let re: RegExp;
  try {
    re = new RegExp(translatePattern(pattern), "gi");
  } catch (e) {
    // V8 quotes the translated source; say only what is wrong.
    return `invalid pattern: ${(e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, "")}`;
  }
  if (re.test("")) return "the pattern matches empty text, so it would match everywhere";
  if (/\\[1-9]|\\k</.test(pattern)) return "back-references (\\1) are not allowed: they can take exponential time";
  return backtrackingProblem(translatePattern(pattern));
}

/** Compiles a rule-file pattern (call patternProblem first). */
export function compilePattern(pattern: string): RegExp {
  return new RegExp(translatePattern(pattern), "gi");
}

/**
 * What a phrase's compiled form depends on besides its text: each vocabulary's shape (a firm's
 * added entries can lengthen it). Computed once per set of vocabularies.
 */
export function vocabularyFingerprint(vocabularies: ReadonlyMap<string, Vocabulary>): string {
  let f = fingerprints.get(vocabularies);
  if (f === undefined) {
    f = JSON.stringify([...vocabularies].map(([name, v]) => [name, v.shapeSource]).sort());
    fingerprints.set(vocabularies, f);
  }
  return f;
}

const fingerprints = new WeakMap<ReadonlyMap<string, Vocabulary>, string>();
let buildPrograms: Map<string, PhraseProgram> | undefined;

/** The program `npm run build` compiled for this phrase and these vocabularies (dist/compiled-patterns.json). */
function compiledAtBuild(pattern: string, vocabularies: ReadonlyMap<string, Vocabulary>): PhraseProgram | undefined {
  if (!buildPrograms) {
    buildPrograms = new Map();
    try {
      buildPrograms = new Map(JSON.parse(readFileSync(packagePath("dist", "compiled-patterns.json"), "utf8")) as [string, PhraseProgram][]);
    } catch {
      // Not built (running from sources): compile every pattern.
    }
  }
  return buildPrograms.get(`${pattern}\u0000${vocabularyFingerprint(vocabularies)}`);
}

/** A pattern as a rule file writes it: a phrase in the rule language, or `regex: …`. */
export type PatternSpec = string | { regex: string };

/** A pattern compiled for matching, or the problem with it and where in the pattern it lies. */
export type PatternResult = { pattern: CompiledPattern } | { problem: string; offset?: number };

/**
 * Compiles a rule-file pattern: a phrase (see phrase.ts) or a regular expression. A phrase's
 * mistakes are located at their offset in the pattern.
 */
export function compileRulePattern(spec: PatternSpec, ctx: PhraseContext, value?: string): PatternResult {
  if (typeof spec !== "string") {
    const problem = patternProblem(spec.regex);
    if (problem) return { problem };
    const p: CompiledPattern = { source: `regex: ${spec.regex}`, re: compilePattern(spec.regex) };
    if (value !== undefined) p.value = value;
    return { pattern: p };
  }
  // A regular expression where a phrase is expected: say how to write it.
  const regexLike = /\\[a-zA-Z\\.]|\(\?|\[\^|\.[*+]|\|\||\$$/.exec(spec);
  if (regexLike) {
    return { problem: 'this looks like a regular expression: write it in the rule language, or as "regex: …" (rules/README.md)', offset: regexLike.index };
  }
  let nodes: PhraseNode[] | undefined;
  let program: PhraseProgram;
  try {
    // A bundled rule's pattern, compiled by the build against the same vocabularies: its parts
    // are parsed only if a document or `explain` asks for them (a cold start saves the parse).
    program = compiledAtBuild(spec, ctx.vocabularies) ?? compilePhrase(spec, (nodes = parsePhrase(spec)), ctx);
  } catch (e) {
    if (e instanceof PatternError) return { problem: e.message, offset: e.offset };
    throw e;
  }
  let re: RegExp;
  try {
    re = new RegExp(program.source, "gid");
  } catch (e) {
    return { problem: `cannot be compiled: ${(e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, "")}` };
  }
  const p: CompiledPattern = {
    source: spec,
    re,
    phrase: {
      get nodes() {
        return (nodes ??= parsePhrase(spec));
      },
      program,
      vocabularies: ctx.vocabularies,
    },
  };
  if (value !== undefined) p.value = value;
  return { pattern: p };
}

/**
 * The pattern with each slot spelled out as the names given for its vocabulary (those one
 * sentence holds: entries, references, defined terms standing for an entry), for a sentence
 * where a slot's shape matched words that are no entry: the exact form finds what the shape
 * hid. Cached per set of names.
 */
export function exactPattern(p: CompiledPattern, names: ReadonlyMap<string, string[]>): { re: RegExp; program: PhraseProgram } | undefined {
  const phrase = p.phrase;
  if (!phrase || phrase.program.slots.length === 0) return undefined;
  const key = JSON.stringify(phrase.program.slots.map((s) => names.get(s.vocabulary) ?? []));
  phrase.perDocument ??= new Map();
  let hit = phrase.perDocument.get(key);
  if (!hit) {
    // The pattern is walked once; each set of names is spliced into its template.
    if (phrase.exactTemplate === undefined) phrase.exactTemplate = exactTemplate(p.source, phrase.nodes, phrase.vocabularies) ?? null;
    const program = phrase.exactTemplate ? fillExactTemplate(phrase.exactTemplate, names) : compilePhrase(p.source, phrase.nodes, { vocabularies: phrase.vocabularies, names }, false, true);
    hit = { re: new RegExp(program.source, "gid"), program };
    // Sentences repeat few sets of names; bound the cache all the same.
    if (phrase.perDocument.size > 256) phrase.perDocument.clear();
    phrase.perDocument.set(key, hit);
  }
  return hit;
}

/** The pattern compiled with a group for each top-level part, for `explain`. */
export function patternWithParts(p: CompiledPattern): { re: RegExp; program: PhraseProgram } | undefined {
  if (!p.phrase) return undefined;
  const program = compilePhrase(p.source, p.phrase.nodes, { vocabularies: p.phrase.vocabularies }, true);
  return { re: new RegExp(program.source, "gid"), program };
}
