/**
 * Sentence ends in legal prose, where abbreviations (`Inc.`, `No.`, `U.S.`, initials) are
 * not ends. Returns offsets one past each sentence-ending punctuation mark.
 */

/** Words that end with a period without ending a sentence (compared lower-case, without the period). */
const ABBREVIATIONS = new Set([
  "inc", "corp", "co", "ltd", "no", "nos", "mr", "mrs", "ms", "dr", "st", "jr", "sr", "v", "vs",
  "e.g", "i.e", "sec", "secs", "sect", "art", "para", "cf", "esq", "n.a", "s.a", "n.v", "b.v",
  "l.p", "l.l.c", "p.o", "u.s", "u.s.a", "et al", "al", "approx", "dept", "est", "fig", "jan",
  "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mass", "calif",
  "del", "ill", "pa", "s.p.a", "a.g", "plc", "p.c", "l.l.p", "ave", "blvd", "rd", "ste", "cal",
]);

const END = /[.!?](?:["”’')\]]*)(?=\s|$)/g;

/** Offsets just past each sentence end in `text[start, end)`. */
export function sentenceEnds(text: string, start = 0, end = text.length): number[] {
  const ends: number[] = [];
  END.lastIndex = start;
  for (let m = END.exec(text); m && m.index < end; m = END.exec(text)) {
    const at = m.index;
    if (text[at] === "." && isAbbreviation(text, at)) continue;
    const after = at + m[0].length;
    // The next word must start like a sentence: capital, digit, quote, parenthesis, or the end.
    const next = /\S/.exec(text.slice(after, Math.min(end, after + 200)));
    if (next && !/["“(\[A-Z0-9§]/.test(next[0])) continue;
    ends.push(after);
  }
  return ends;
}

function isAbbreviation(text: string, dot: number): boolean {
  let i = dot;
  while (i > 0 && /[A-Za-z.]/.test(text[i - 1] ?? "")) i--;
  const word = text.slice(i, dot);
  if (word === "") return false;
  if (/^[A-Z]$/.test(word)) return true; // an initial: "L. M. Inder"
  if (/^(?:[A-Za-z]\.)+[A-Za-z]$/.test(word)) return true; // U.S, N.A
  return ABBREVIATIONS.has(word.toLowerCase());
}
