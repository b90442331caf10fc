import { backtrackingProblem, isVerified } from "./redos.js";

/**
 * The pattern language of rule files: JavaScript regular expressions, matched ignoring case,
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
