/**
 * slotPrefix passes over a run of tokens whose key (the keys of its tokens joined) names no
 * entry, reference or alias, without cutting it out and looking it up, and stops keying longer
 * runs once the key begins no entry's or alias's (issue 12). Those shortcuts must never change an answer: here it is compared with trying every run, longest first, with
 * slotValue, on texts of names, punctuation, full stops, and characters past Latin (a final
 * sigma, the Kelvin sign, curly quotes, dashes, a dotted capital I, a long s) where the
 * shortcut is not taken.
 */
import { describe, expect, it } from "vitest";
import { NAME_TOKEN, xorshift } from "../helpers/random.js";
import { BUNDLED_VOCABULARIES, readVocabularyFiles, vocabulariesWith } from "../../src/rules/load-vocabularies.js";
import { type Vocabulary, buildVocabulary, shapeStarts, slotPrefix, slotValue } from "../../src/rules/vocabulary.js";

/** slotPrefix as it was written before the shortcut: every run, longest first. */
function reference(v: Vocabulary, text: string, aliases?: Map<string, string>) {
  const tokens = [...text.matchAll(NAME_TOKEN)].map((m) => ({ start: m.index, end: m.index + m[0].length })).slice(0, v.maxTokens);
  if (tokens[0]?.start !== 0) return undefined;
  for (let n = tokens.length; n >= 1; n--) {
    const end = (tokens[n - 1] as { end: number }).end;
    const candidate = text.slice(0, end).replace(/\.$/, (dot) => (/(?:^|[\s.])\p{L}\.$/u.test(text.slice(0, end)) ? dot : ""));
    const value = slotValue(v, candidate, aliases);
    if (value) return { value, length: candidate.length };
  }
  return undefined;
}

describe("slotPrefix", () => {
  it("gives what trying every run with slotValue gives, for each bundled vocabulary", () => {
    const vocabularies = vocabulariesWith(readVocabularyFiles(BUNDLED_VOCABULARIES).specs);
    const pieces = [
      "New", "York", "new york", "State", "of", "the", "Delaware", "U.S.A.", "PRC", "prc", "People's", "Republic", "China",
      "NASDAQ", "Nasdaq", "National", "Market", "Global", "Select", "S-3", "S- 3", "Form", "333-76589", "thereof", "said", "Commonwealth",
      "Massachusetts", "England", "and", "Wales", "Company", ".", ",", " ", "  ", "\n", "(", ")", "&", "/", "'",
      "Σ", "ΟΔΟΣ", "\u212a", "’", "–", "—", "\u00a0", "İstanbul", "ſ", "Ünited", "é", "x.",
      // A name split mid-word, or run together, keys the same as written whole ("Ne wYork").
      "NewYork", "Ne", "wYork", "Dela", "ware", "Nas", "daq", "\u023a",
    ];
    const aliases = new Map([["tradingmarket", "Nasdaq National Market"], ["governinglaw", "New York"]]);
    const next = xorshift(20261202);
    const texts = new Set<string>();
    let named = 0;
    for (let n = 0; n < 4000; n++) {
      let text = "";
      for (let k = 1 + (next() % 9); k > 0; k--) text += pieces[next() % pieces.length] + (next() % 3 ? " " : "");
      if (n % 5 === 0) text = `Trading Market ${text}`;
      texts.add(text);
      for (const [name, v] of vocabularies) {
        const withAliases = n % 2 ? aliases : undefined;
        const got = slotPrefix(v, text, withAliases);
        expect(got, `${name}: ${JSON.stringify(text)}`).toEqual(reference(v, text, withAliases));
        if (got) named++;
      }
    }
    // The texts differ, and name things often enough, for the comparison to mean something.
    expect(texts.size).toBeGreaterThan(3500);
    expect(named).toBeGreaterThan(500);
  });

  it("shapeStarts never rules out an offset where a run of a vocabulary of shapes is a value", () => {
    const vocabularies = vocabulariesWith(readVocabularyFiles(BUNDLED_VOCABULARIES).specs);
    const fileNumber = vocabularies.get("file-number") as Vocabulary;
    const pieces = ["333-76589", "333- 76589", "333 -\n 76589", "33-12345", "333-123456-01", "333-1234567-9", "333", "-", "–", "76589", "No.", "File", "(", ")", ",", " ", "\n   ", "33-", "1234", "333-76589.", "x"];
    const next = xorshift(2026);
    const texts = new Set<string>();
    let values = 0;
    let ruledOut = 0;
    for (let n = 0; n < 3000; n++) {
      let text = "";
      for (let k = 1 + (next() % 8); k > 0; k--) text += pieces[next() % pieces.length] + (next() % 3 ? " " : "");
      texts.add(text);
      const starts = shapeStarts(fileNumber, text);
      expect(starts).toBeDefined();
      for (let o = 0; o < text.length; o++) {
        const value = slotPrefix(fileNumber, text.slice(o));
        if (value) values++;
        if (starts?.(o) === false) {
          ruledOut++;
          expect(value, `${JSON.stringify(text)} at ${o}`).toBeUndefined();
        }
      }
    }
    // Enough values found, and enough offsets ruled out, for the comparison to mean something.
    expect(texts.size).toBeGreaterThan(2500);
    expect(values).toBeGreaterThan(1000);
    expect(ruledOut).toBeGreaterThan(10_000);
  });

  it("shapeStarts declines vocabularies with entries or references, and shapes that look around them", () => {
    const spec = (extra: object) => ({ name: "t", description: "t", entries: {}, shapes: ["333-\\d{3,7}"], ...extra });
    expect(shapeStarts(buildVocabulary([spec({})]), "333-76589")).toBeDefined();
    expect(shapeStarts(buildVocabulary([spec({ entries: { Acme: ["Acme"] } })]), "333-76589")).toBeUndefined();
    expect(shapeStarts(buildVocabulary([spec({ references: ["thereof"] })]), "333-76589")).toBeUndefined();
    for (const shape of ["\\b333-\\d+", "333-\\d+(?!-)", "(?<=No\\. )333-\\d+", "^333-\\d+$", "333-[^a-z]+"]) {
      expect(shapeStarts(buildVocabulary([spec({ shapes: [shape] })]), "333-76589"), shape).toBeUndefined();
    }
  });
});
