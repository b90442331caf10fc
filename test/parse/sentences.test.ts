import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sentenceEnds } from "../../src/parse/sentences.js";

const seed = readFileSync(new URL("../../samples/valence-ridgeway-1999.txt", import.meta.url), "utf8");

/** The sentences of `text` as cut by sentenceEnds, white space collapsed. */
function sentences(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (const end of sentenceEnds(text)) {
    out.push(text.slice(from, end).replace(/\s+/g, " ").trim());
    from = end;
  }
  const rest = text.slice(from).replace(/\s+/g, " ").trim();
  if (rest) out.push(rest);
  return out;
}

describe("sentenceEnds", () => {
  it("ends sentences at . ! and ?", () => {
    expect(sentences("The Company agrees. Does the Purchaser agree? It does! Done.")).toEqual([
      "The Company agrees.",
      "Does the Purchaser agree?",
      "It does!",
      "Done.",
    ]);
  });

  it("returns offsets just past the punctuation, and past a closing quote or parenthesis", () => {
    const text = 'He wrote "Agreed." Then (he signed.) The end.';
    expect(sentenceEnds(text)).toEqual([text.indexOf("Then") - 1, text.indexOf(" The end"), text.length]);
  });

  it("does not end a sentence at Inc.", () => {
    expect(sentences('Shares of Valence Technology, Inc. (the "Company") were sold. The Purchaser paid.')).toEqual([
      'Shares of Valence Technology, Inc. (the "Company") were sold.',
      "The Purchaser paid.",
    ]);
  });

  it("does not end a sentence at No. before a number", () => {
    expect(sentences("The registration statement (File No. 333-251234) is effective. It was filed.")).toEqual([
      "The registration statement (File No. 333-251234) is effective.",
      "It was filed.",
    ]);
  });

  it("does not end a sentence at U.S.", () => {
    expect(sentences("The Company filed it with the U.S. Securities and Exchange Commission. It is effective.")).toEqual([
      "The Company filed it with the U.S. Securities and Exchange Commission.",
      "It is effective.",
    ]);
  });

  it('does not end a sentence at initials such as "L. M."', () => {
    expect(sentences("The letter is addressed to Anthony L. M. Inder Rieden. He is a director.")).toEqual([
      "The letter is addressed to Anthony L. M. Inder Rieden.",
      "He is a director.",
    ]);
  });

  it("does not end a sentence before a lower-case word", () => {
    expect(sentences("The price is $4.00 per share, e.g. a total of $5,000,000.00 for all. Payment is due.")).toEqual([
      "The price is $4.00 per share, e.g. a total of $5,000,000.00 for all.",
      "Payment is due.",
    ]);
  });

  it("looks only within [start, end)", () => {
    const text = "One. Two. Three. Four.";
    expect(sentenceEnds(text, 5, 16)).toEqual([9, 16]);
  });

  it("finds one sentence end in the seed's opening paragraph, despite Inc. and the quotes", () => {
    const start = seed.indexOf("This letter sets forth");
    const end = seed.indexOf("The parties agree as follows:");
    expect(sentenceEnds(seed, start, end)).toEqual([seed.indexOf("hereof. The parties") + "hereof.".length]);
  });

  it("does not cut the seed's address block at L. M. or P.O.", () => {
    const end = seed.indexOf("Nassau");
    expect(sentenceEnds(seed, 0, end)).toEqual([]);
  });

  it("cuts the seed's section 4 only at its end, not at (a) or (b)", () => {
    const start = seed.indexOf("4.        The Company");
    const end = seed.indexOf("5.        This agreement");
    expect(sentenceEnds(seed, start + 2, end)).toEqual([seed.indexOf("not misleading.") + "not misleading.".length]);
  });
});
