import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readStatement } from "../../src/recognize/statement.js";

/** Reads how `phrase` (its first occurrence) is stated in `sentence`. */
function read(sentence: string, phrase: string, leadIn?: string) {
  const at = sentence.indexOf(phrase);
  if (at < 0) throw new Error(`"${phrase}" is not in "${sentence}"`);
  return readStatement(sentence, at, at + phrase.length, leadIn);
}

/**
 * Asserts the statement, and that the cue (the words that decided it, possibly followed by a
 * few words of context) begins with `cue`, white space collapsed.
 */
function expectReading(reading: { statement: string; cue?: string }, statement: string, cue: string): void {
  expect(reading.statement).toBe(statement);
  const escaped = cue.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  expect(reading.cue, `cue of a ${statement} reading`).toMatch(new RegExp(`^${escaped}\\b`));
}

describe("readStatement: done", () => {
  it('"has filed" is done', () => {
    const sentence = "The Company has filed a prospectus supplement to the Registration Statement.";
    expectReading(read(sentence, "prospectus supplement"), "done", "has filed");
  });

  it('"have been registered" is done (the seed, section 2(a))', () => {
    const sentence =
      "the shares of Common Stock issued by the Company to the Purchaser have been registered under the Securities Act of 1933, as amended";
    expectReading(read(sentence, "registered under the Securities Act"), "done", "have been registered");
  });

  it('"is listed" is done', () => {
    expectReading(read("The Common Stock is listed on the Nasdaq Capital Market.", "listed on the Nasdaq"), "done", "is listed");
  });

  it("collapses a line break inside the cue", () => {
    expectReading(read("The Company has\n     filed with the NASDAQ National Market an application", "application"), "done", "has filed");
  });
});

describe("readStatement: future", () => {
  it('"will be registered" is future', () => {
    const sentence = "The shares of Common Stock will be registered under the Securities Act pursuant to a registration statement.";
    expectReading(read(sentence, "registered under the Securities Act"), "future", "will");
  });

  it('"shall use its best efforts to file" is future', () => {
    const sentence = "The Company shall use its best efforts to file a prospectus supplement to the Registration Statement.";
    expectReading(read(sentence, "prospectus supplement"), "future", "best efforts");
  });

  it('"intends to apply" is future', () => {
    const sentence = "The Company intends to apply to the NASDAQ National Market for the listing of the shares of Common Stock.";
    expectReading(read(sentence, "apply to the NASDAQ National Market for the listing"), "future", "intends to");
  });

  it('"shall file" is future even with "has" elsewhere in the sentence', () => {
    const sentence = "Once the Company has received payment, it shall file a prospectus supplement.";
    // "Once" makes it conditional: a condition before the match outranks the verbs.
    expect(read(sentence, "prospectus supplement").statement).toBe("conditional");
    expect(read("The Company shall file a prospectus supplement that has been approved.", "prospectus supplement").statement).toBe(
      "future",
    );
  });
});

describe("readStatement: negated", () => {
  it('"has not filed" is negated', () => {
    const sentence = "The Company has not filed a prospectus supplement to the Registration Statement.";
    expectReading(read(sentence, "prospectus supplement"), "negated", "has not");
  });

  it('"No prospectus supplement has been filed" is negated', () => {
    const sentence = "No prospectus supplement has been filed with the Commission.";
    expectReading(read(sentence, "prospectus supplement"), "negated", "No prospectus supplement has");
  });

  it('"shall not be effective" is negated', () => {
    const sentence = "Signatures delivered by facsimile transmission shall not be effective.";
    expectReading(read(sentence, "facsimile"), "negated", "shall not");
  });

  it('"need not sign the same counterpart" is NOT negated', () => {
    const sentence =
      "This Agreement may be executed in two or more counterparts, each of which shall be deemed an original, it being understood that the parties need not sign the same counterpart.";
    const reading = read(sentence, "counterparts");
    expect(reading.statement).not.toBe("negated");
    expect(reading.statement).toBe("future");
    expect(reading.cue).not.toMatch(/\bnot\b/);
    const tail = read(sentence, "same counterpart");
    expect(tail.statement).not.toBe("negated");
    expect(tail.cue ?? "").not.toMatch(/\bnot\b/);
  });

  it("reads only the `;` part holding the match", () => {
    const sentence = "the Company has not filed a Current Report on Form 8-K; and the Company has filed a prospectus supplement";
    expectReading(read(sentence, "prospectus supplement"), "done", "has filed");
    const reversed = "the Company has filed a prospectus supplement; the Company has not filed a Current Report";
    expectReading(read(reversed, "prospectus supplement"), "done", "has filed");
  });
});

describe("readStatement: conditional", () => {
  it('"if the Company has filed" is conditional, the cue starting at "If"', () => {
    const reading = read("If the Company has filed a prospectus supplement, it shall deliver a copy to the Purchaser.", "prospectus supplement");
    expect(reading.statement).toBe("conditional");
    expect(reading.cue).toMatch(/^If the Company has filed\b/);
  });

  it('"provided that" and "unless" are conditions', () => {
    expect(read("The Purchaser shall pay, provided that the Company has filed a prospectus supplement.", "prospectus supplement").statement).toBe(
      "conditional",
    );
    expect(read("Unless the Company has filed a prospectus supplement, the Purchaser may terminate.", "prospectus supplement").statement).toBe(
      "conditional",
    );
  });

  it("a condition after the match does not make it conditional", () => {
    expect(read("The Company has filed a prospectus supplement, if any is required.", "prospectus supplement").statement).toBe("done");
  });
});

describe("readStatement: mentioned", () => {
  it("a bare noun phrase is mentioned, with no cue", () => {
    expect(read("the prospectus supplement to the Registration Statement", "prospectus supplement")).toEqual({ statement: "mentioned" });
  });

  it("reads the lead-in when the sentence itself has no verb", () => {
    const leadIn = "The Company represents and warrants that the Company has filed";
    expectReading(read("(b) a prospectus supplement to the Registration Statement", "prospectus supplement", leadIn), "done", "has filed");
    expect(read("(b) a prospectus supplement to the Registration Statement", "prospectus supplement", "The Company represents that").statement).toBe(
      "mentioned",
    );
  });
});

describe("readStatement on the samples' changed clauses", () => {
  const sample = (name: string) => readFileSync(new URL(`../../samples/${name}`, import.meta.url), "utf8");
  /** The sentence holding `phrase` in a sample, white space as in the file. */
  function sentenceWith(name: string, phrase: string): string {
    const text = sample(name);
    const at = text.indexOf(phrase);
    const start = text.lastIndexOf(".", at) + 1;
    const end = text.indexOf(".", at + phrase.length) + 1;
    return text.slice(start, end);
  }

  it.each([
    ["valence-ridgeway-1999.txt", "prospectus\n     supplement", "done"],
    ["valence-prospectus-negated.txt", "prospectus", "negated"],
    ["valence-prospectus-future.txt", "prospectus", "future"],
    ["valence-listing-negated.txt", "NASDAQ National Market", "negated"],
    ["valence-listing-future.txt", "NASDAQ National Market", "future"],
    ["valence-s3-negated.txt", "registered under", "negated"],
    ["valence-s3-future.txt", "registered under", "future"],
  ])("%s: %j is %s", (name, phrase, expected) => {
    const sentence = sentenceWith(name, phrase);
    expect(read(sentence, phrase).statement).toBe(expected);
  });
});
