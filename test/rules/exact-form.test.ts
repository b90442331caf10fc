/**
 * The exact form of a phrase (each slot spelled out as the names one sentence holds) is built
 * from a template compiled once per pattern (issue 12: compiling the whole phrase again for
 * each sentence was a third of the exact form's cost), and namesIn, given a document's aliases,
 * skips a word that begins no entry's or alias's key (before, every word was tried). Neither
 * may change an answer: here the template's source is compared with compilePhrase's for every
 * bundled pattern, and namesIn with aliases with trying every word.
 */
import { describe, expect, it } from "vitest";
import { NAME_TOKEN, xorshift } from "../helpers/random.js";
import { bundledRulesDir, loadRules } from "../../src/index.js";
import { BUNDLED_VOCABULARIES, readVocabularyFiles, vocabulariesWith } from "../../src/rules/load-vocabularies.js";
import { exactPattern } from "../../src/rules/pattern.js";
import { compilePhrase, exactTemplate, fillExactTemplate, parsePhrase } from "../../src/rules/phrase.js";
import { type Vocabulary, namesIn, slotPrefix } from "../../src/rules/vocabulary.js";

/** namesIn with aliases as it was written before the shortcut: slotPrefix at every word's start. */
function reference(v: Vocabulary, text: string, aliases?: Map<string, string>): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(NAME_TOKEN)) {
    if (m.index > 0 && /[a-z0-9]/i.test(text[m.index - 1] as string)) continue;
    const found = slotPrefix(v, text.slice(m.index), aliases);
    if (found) out.add(text.slice(m.index, m.index + found.length));
  }
  return [...out];
}

describe("the exact form's template", () => {
  const rules = loadRules(bundledRulesDir);
  const phrases = rules.rules.flatMap((r) => r.find).filter((p) => p.phrase && p.phrase.program.slots.length > 0);
  const nameSets: string[][] = [[], ["Delaware"], ["New York", "State of New York", "Company"], ["Nasdaq", "the Trading Market", "(a) $1.00 [x]* + y?"], ["333-76589"]];

  it("gives compilePhrase's exact form for every bundled pattern with a slot and any names", () => {
    expect(phrases.length).toBeGreaterThan(15);
    for (const p of phrases) {
      const phrase = p.phrase as NonNullable<typeof p.phrase>;
      const template = exactTemplate(p.source, phrase.nodes, phrase.vocabularies);
      expect(template, p.source).toBeDefined();
      for (const set of nameSets) {
        // Every vocabulary the pattern's slots use gets the set (or, for the second, nothing).
        for (const only of [undefined, phrase.program.slots[0]?.vocabulary]) {
          const names = new Map(phrase.program.slots.filter((s) => only === undefined || s.vocabulary === only).map((s) => [s.vocabulary, set]));
          const expected = compilePhrase(p.source, phrase.nodes, { vocabularies: phrase.vocabularies, names }, false, true);
          expect(fillExactTemplate(template as NonNullable<typeof template>, names), `${p.source} with ${JSON.stringify(set)}`).toEqual(expected);
        }
      }
      const names = new Map(phrase.program.slots.map((s) => [s.vocabulary, ["Delaware"]]));
      expect(exactPattern(p, names)?.re.source).toBe(new RegExp(compilePhrase(p.source, phrase.nodes, { vocabularies: phrase.vocabularies, names }, false, true).source, "gid").source);
    }
  });

  it("has no template when the pattern's own text holds the slot mark, and the exact form is still built", () => {
    const vocabularies = vocabulariesWith(readVocabularyFiles(BUNDLED_VOCABULARIES).specs);
    const pattern = "laws of \u0000 {jurisdiction}";
    expect(exactTemplate(pattern, parsePhrase(pattern), vocabularies)).toBeUndefined();
  });
});

describe("namesIn", () => {
  it("given aliases, lists what slotPrefix at every word lists", () => {
    const vocabularies = vocabulariesWith(readVocabularyFiles(BUNDLED_VOCABULARIES).specs);
    const pieces = [
      "New", "York", "State", "of", "the", "Delaware", "Trading", "Market", "Governing", "Law", "Company", "Nasdaq", "NASDAQ",
      "Global", "Select", "thereof", "said", "333-76589", "S-3", "England", "Wales", "and", ",", ".", "(", ")", "\n",
      "TradingMarket", "Trad", "ing", "Σ", "İstanbul", "é", "’",
    ];
    const aliasSets = [
      new Map([["tradingmarket", "Nasdaq National Market"], ["governinglaw", "New York"], ["state", "Delaware"]]),
      new Map([["company", "Delaware"]]),
    ];
    const next = xorshift(20261203);
    const texts = new Set<string>();
    let listed = 0;
    for (let n = 0; n < 1500; n++) {
      let text = "";
      for (let k = 2 + (next() % 14); k > 0; k--) text += pieces[next() % pieces.length] + (next() % 4 ? " " : "");
      texts.add(text);
      for (const [name, v] of vocabularies) {
        const aliases = aliasSets[n % 2] as Map<string, string>;
        const got = namesIn(v, text, aliases);
        expect(got, `${name}: ${JSON.stringify(text)}`).toEqual(reference(v, text, aliases));
        listed += got.length;
      }
    }
    expect(texts.size).toBeGreaterThan(1400);
    expect(listed).toBeGreaterThan(1000);
  });
});
