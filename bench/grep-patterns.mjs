// The grep baseline's patterns, one for each `find` pattern of the loaded rules, so grep runs
// with as many patterns as clausecheck's recognizer does (see bench/README.md, "grep").
//
// keyword(): the longest literal run of a JavaScript pattern (what a keyword search for that
// clause would look for), escaped for grep -E. toEre(): the whole pattern translated to POSIX
// ERE as GNU grep reads it (non-capturing groups become groups, lazy quantifiers greedy, \w
// inside a class [:alnum:]_); it matches about the same lines, for BENCH_GREP_FULL=1.

/**
 * The keyword of a rule pattern as its file writes it: for a phrase (rules/README.md), its
 * longest plain word outside slots and gaps; for `regex: …`, the longest literal run.
 */
export function patternKeyword(pattern) {
  if (pattern.startsWith("regex: ")) return keyword(pattern.slice(7));
  const words = pattern
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\.\.\.(?:\{[^}]*\})?/g, " ")
    .split(/[\s[\]()|*=]+/)
    .filter((w) => /^[\w'’.-]+$/.test(w));
  const best = words.sort((a, b) => b.length - a.length)[0] ?? pattern;
  return best.replace(/[.[\]()*+?{}|^$\\]/g, "\\$&");
}

/** The longest run of literal characters of `source` (a JavaScript RegExp source). */
export function keyword(source) {
  const runs = [];
  let cur = "";
  const end = () => {
    if (cur.trim()) runs.push(cur.trim());
    cur = "";
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      const n = source[++i];
      if (/[a-zA-Z]/.test(n)) end(); // \b \w \s …: not a literal
      else cur += n;
    } else if (c === "[") {
      while (i < source.length && source[i] !== "]") {
        if (source[i] === "\\") i++;
        i++;
      }
      end();
    } else if (c === "?" || c === "*" || (c === "{" && source[i + 1] === "0")) {
      cur = cur.slice(0, -1); // the character before an optional quantifier is not required
      end();
      if (c === "{") while (i < source.length && source[i] !== "}") i++;
    } else if (c === "{") {
      while (i < source.length && source[i] !== "}") i++;
      end();
    } else if (c === "(") {
      if (source[i + 1] === "?") i += 2;
      end();
    } else if ("|)+".includes(c)) end();
    else cur += c;
  }
  end();
  const best = runs.sort((a, b) => b.length - a.length)[0] ?? source;
  return best.replace(/[.[\]()*+?{}|^$\\]/g, "\\$&");
}

/** `source` translated to POSIX ERE (GNU grep -E). */
export function toEre(source) {
  return source
    .replace(/\(\?:/g, "(")
    .replace(/([}*+?])\?/g, "$1")
    .replace(/\[\\w/g, "[[:alnum:]_");
}
