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

/**
 * Reads the predicate `word` (whole word; its first occurrence, or its last with `last`) of
 * `sentence` in predicate mode.
 */
function readPredicate(sentence: string, word: string, opts: { last?: boolean; leadIn?: string } = {}) {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const hits = [...sentence.matchAll(new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`, "g"))];
  const hit = opts.last ? hits[hits.length - 1] : hits[0];
  if (!hit) throw new Error(`"${word}" is not a word of "${sentence}"`);
  return readStatement(sentence, hit.index, hit.index + word.length, opts.leadIn, { predicate: true });
}

/** [sentence, predicate, statement, cue prefix] */
type Case = [string, string, string, string];

describe("readStatement, predicate mode: the predicate's own verb group decides", () => {
  const done: Case[] = [
    ["Acme Corp. has filed a supplement to its base prospectus.", "filed", "done", "has filed"],
    ["The notes sold to the Buyer have been registered under the Securities Act.", "registered", "done", "have been registered"],
    ["The shelf registration statement has been declared effective by the Commission.", "effective", "done", "has been declared effective"],
    ["The resale registration statement is effective as of today.", "effective", "done", "is effective"],
    ["The ordinary shares of the Issuer are listed on the London Stock Exchange.", "listed", "done", "are listed"],
    ["Its common stock is listed and quoted on the Nasdaq Global Market.", "listed", "done", "is listed"],
    ["A Form 8-K describing the sale was filed on March 3.", "filed", "done", "was filed"],
    ["The Issuer has heretofore filed each report required by the Exchange Act.", "filed", "done", "has heretofore filed"],
    ["The Issuer hereby represents to the Buyer that it has filed the final prospectus.", "filed", "done", "has filed"],
    ["The internal laws of the State of Texas govern this Note.", "govern", "done", "govern"],
    ["English law governs this deed and every dispute arising from it.", "governs", "done", "governs"],
    ["The Buyer is a qualified institutional buyer.", "qualified", "done", "is a qualified"],
    ["The Seller is duly incorporated and validly existing under the laws of Nevada.", "incorporated", "done", "is duly incorporated"],
    ["The Issuer has prepared and filed a registration statement on Form S-1.", "filed", "done", "has prepared and filed"],
    ["The Warrant Shares have been duly authorized and validly issued.", "issued", "done", "have been duly authorized and validly issued"],
    ["The Issuer's common stock continues to be quoted on the OTCQB.", "quoted", "done", "continues to be quoted"],
  ];
  it.each(done)("%s [%s] is %s (%s)", (sentence, word, statement, cue) => {
    expectReading(readPredicate(sentence, word), statement, cue);
  });

  const future: Case[] = [
    ["The conversion shares will be registered for resale on Form S-3.", "registered", "future", "will be registered"],
    ["The Issuer shall file a prospectus supplement within two business days.", "file", "future", "shall file"],
    ["This Note shall be governed by the laws of the State of Florida.", "governed", "future", "shall be governed"],
    ["The Issuer intends to apply for quotation of its shares on the OTCQX.", "apply", "future", "intends to apply"],
    ["The Issuer agrees to file the resale registration statement promptly.", "file", "future", "agrees to file"],
    ["The Issuer shall use its best efforts to file a listing application.", "file", "future", "shall use its best efforts to file"],
    ["The Issuer shall use its commercially reasonable efforts to cause the shares to be listed.", "cause", "future", "shall use its commercially reasonable efforts to cause"],
    ["By the closing, the prospectus supplement will have been filed with the SEC.", "filed", "future", "will have been filed"],
    ["The Issuer is required to file a current report on Form 8-K.", "file", "future", "is required to file"],
    ["The warrant shares are being registered on a separate registration statement.", "registered", "future", "are being registered"],
    ["The Buyer need not sign the same counterpart as the Seller.", "sign", "future", "need not sign"],
  ];
  it.each(future)("%s [%s] is %s (%s)", (sentence, word, statement, cue) => {
    expectReading(readPredicate(sentence, word), statement, cue);
  });

  const negated: Case[] = [
    ["The Issuer has not filed any supplement to the prospectus.", "filed", "negated", "has not filed"],
    ["The notes have not been registered under the Securities Act or any state law.", "registered", "negated", "have not been registered"],
    ["The new registration statement has not yet been declared effective.", "effective", "negated", "has not yet been declared effective"],
    ["This Note shall not be governed by the conflict rules of any state.", "governed", "negated", "shall not be governed"],
    ["The Issuer's preferred stock is not listed on any exchange.", "listed", "negated", "is not listed"],
    ["No registration statement covering the resale of the notes has been declared effective.", "effective", "negated", "No registration statement covering"],
    ["Neither the Issuer nor any of its affiliates has filed a registration statement.", "filed", "negated", "Neither the Issuer"],
    ["The Issuer has neither filed nor registered any offering statement.", "registered", "negated", "has neither filed nor registered"],
    ["The Issuer has never filed a Form D for this offering.", "filed", "negated", "has never filed"],
    ["The Issuer cannot file the prospectus before the closing.", "file", "negated", "cannot file"],
    ["The Issuer hasn't filed its annual report.", "filed", "negated", "hasn't filed"],
    ["The Issuer has yet to file the supplement.", "file", "negated", "has yet to file"],
    ["The Issuer's common stock is no longer listed on the NYSE American.", "listed", "negated", "is no longer listed"],
    ["In no event shall the aggregate amount sold exceed the amount registered.", "exceed", "negated", "In no event shall"],
    ["Nor has the Issuer filed a notice of exempt offering.", "filed", "negated", "Nor has"],
  ];
  it.each(negated)("%s [%s] is %s (%s)", (sentence, word, statement, cue) => {
    expectReading(readPredicate(sentence, word), statement, cue);
  });

  it("a negation in another clause of the sentence does not negate the predicate", () => {
    const sentence = "The Issuer has filed a shelf registration statement on Form S-3 (No. 333-99999), which has not yet been declared effective.";
    expectReading(readPredicate(sentence, "filed"), "done", "has filed");
    expectReading(readPredicate(sentence, "effective"), "negated", "has not yet been declared effective");
    const listed = "The Issuer's common stock is listed on the Exchange, and the Issuer has not received any notice of delisting.";
    expectReading(readPredicate(listed, "listed"), "done", "is listed");
  });

  it("conjoined clauses: each predicate keeps its own verb group", () => {
    const sentence = "The Issuer has applied to list the notes on the Exchange and the notes will be approved for listing before the closing.";
    expectReading(readPredicate(sentence, "applied"), "done", "has applied");
    expectReading(readPredicate(sentence, "approved"), "future", "will be approved");
  });

  it('"may be executed in counterparts …; it shall not be necessary …" is affirmative, not negated', () => {
    const sentence =
      "This Note may be executed in any number of counterparts, each of which is an original; it shall not be necessary, in proving this Note, to produce more than one counterpart.";
    expectReading(readPredicate(sentence, "executed"), "future", "may be executed");
    expectReading(readPredicate(sentence, "counterparts"), "future", "may be executed");
  });

  it("a noun predicate is read from the verb governing it, or the verb group after it", () => {
    expectReading(readPredicate("The Issuer has delivered to the Buyer a supplement to its prospectus.", "supplement"), "done", "has delivered");
    expectReading(readPredicate("Counterparts may be exchanged by e-mail.", "Counterparts"), "future", "may be exchanged");
    expectReading(readPredicate("The SEC has declared the resale registration statement effective.", "effective"), "done", "has declared");
  });

  it("a bare participle is mentioned, or read from the lead-in", () => {
    expect(readPredicate("Notes registered under the Securities Act may be resold freely.", "registered")).toEqual({ statement: "mentioned" });
    expect(readPredicate("a supplement to the base prospectus filed with the SEC", "filed")).toEqual({ statement: "mentioned" });
    expectReading(
      readPredicate("(c) a supplement to the base prospectus", "supplement", { leadIn: "The Issuer represents that the Issuer has filed" }),
      "done",
      "has filed",
    );
    expect(readPredicate("(c) a supplement to the base prospectus", "supplement", { leadIn: "The Issuer represents that" }).statement).toBe("mentioned");
  });

  it("a bare participle describing a subject whose verb is negated is negated", () => {
    const sentence = "Signature pages sent by e-mail shall not be binding, and only signed originals shall count.";
    expectReading(readPredicate(sentence, "sent"), "negated", "shall not be binding");
    expect(readPredicate("Signature pages sent by e-mail shall be binding.", "sent").statement).toBe("mentioned");
  });

  it('a relative clause "that are filed" / "which are filed" describes a thing: mentioned', () => {
    expectReading(readPredicate("all supplements to the prospectus that are filed with the SEC", "filed"), "mentioned", "that are filed");
    expectReading(readPredicate("the annual reports, which are filed with the SEC each year", "filed"), "mentioned", "which are filed");
  });

  it("a cue collapses line breaks", () => {
    expectReading(readPredicate("The Issuer has not\n     yet been\n  declared effective.", "effective"), "negated", "has not yet been declared effective");
  });
});

/** [sentence, predicate, statement, frame, cue prefix] */
type FrameCase = [string, string, string, string, string];

describe("readStatement, predicate mode: frames", () => {
  const framed: FrameCase[] = [
    ["If the Issuer has filed the supplement, it shall send a copy to the Buyer.", "filed", "conditional", "condition", "If the Issuer has filed"],
    ["Unless the notes have been registered, the Buyer may rescind the purchase.", "registered", "conditional", "condition", "Unless the notes have been registered"],
    ["In the event that the shares are not listed by June 1, the Buyer may terminate.", "listed", "conditional", "condition", "In the event that"],
    ["The Buyer shall pay the price, provided that the Issuer has filed the supplement.", "filed", "conditional", "condition", "provided that"],
    ["The Buyer shall pay the price; provided, however, that the shelf has been declared effective.", "effective", "conditional", "condition", "provided, however, that"],
    ["To the extent the Issuer has filed a prospectus supplement, it shall deliver copies.", "filed", "conditional", "condition", "To the extent"],
    ["Whether or not the registration statement has become effective, the Issuer shall bear all costs.", "effective", "conditional", "condition", "Whether or not"],
    ["Once the shares are listed, the Buyer may sell them on the Exchange.", "listed", "conditional", "condition", "Once the shares are listed"],
    ["When the registration statement has been declared effective, the Issuer shall notify the Buyer.", "effective", "conditional", "condition", "When"],
    ["Whenever a supplement has been filed, the Issuer shall send it to the Buyer.", "filed", "conditional", "condition", "Whenever"],
    ["The Buyer shall hold the notes until the resale registration statement has been declared effective.", "effective", "conditional", "condition", "until"],
    ["Upon the shelf being declared effective, the Issuer shall deliver the shares.", "effective", "conditional", "condition", "Upon"],
    ["Subject to the shelf having been declared effective, the Issuer shall issue the shares.", "effective", "conditional", "condition", "Subject to"],
    ["Assuming the registration statement is effective, the shares are freely tradable.", "effective", "conditional", "condition", "Assuming"],
    [
      "In no event shall the notes sold exceed the amount for which the Issuer has filed a prospectus supplement.",
      "filed",
      "conditional",
      "proviso",
      "In no event shall",
    ],
    [
      "The Placement Agent shall have received an opinion of counsel to the effect that the registration statement has become effective.",
      "effective",
      "conditional",
      "closing condition",
      "to the effect that",
    ],
    [
      "The Buyer shall have received a certificate of an officer of the Issuer stating that the notes have been registered.",
      "registered",
      "conditional",
      "closing condition",
      "stating that",
    ],
    ["As a condition to the closing, the shelf registration statement shall have been declared effective.", "effective", "conditional", "closing condition", "condition to"],
    [
      "The obligations of the Buyer are subject to the following conditions: the shares have been approved for listing.",
      "approved",
      "conditional",
      "closing condition",
      "subject to",
    ],
    [
      "The conditions to the obligations of the Buyer include that the notes have been approved for quotation.",
      "approved",
      "conditional",
      "closing condition",
      "conditions to",
    ],
    ["The Issuer has filed no registration statements other than on Form S-4 or S-8.", "S-8", "mentioned", "exclusion", "other than on"],
    ["registration statements of the Issuer other than on Form S-4 or S-8", "Form S-4", "mentioned", "exclusion", "other than on"],
    ["The Issuer has filed all required reports, excluding reports furnished under Item 2.02.", "furnished", "mentioned", "exclusion", "excluding"],
    ["Except for the shelf registration statement, no registration statement has been filed.", "shelf", "mentioned", "exclusion", "Except for"],
    ['"Shelf Registration Statement" means the registration statement filed on Form S-3.', "filed", "mentioned", "definition", '"Shelf Registration Statement" means'],
    ['The registration statement on Form S-1 filed with the SEC is herein called the "Resale Registration Statement".', "filed", "mentioned", "definition", "herein called"],
    ['a registration statement on Form S-3 (the "Shelf", as declared effective)', "effective", "mentioned", "definition", '(the "Shelf'],
  ];
  it.each(framed)("%s [%s] is %s (frame %s, cue %s)", (sentence, word, statement, frame, cue) => {
    const reading = readPredicate(sentence, word);
    expectReading(reading, statement, cue);
    expect(reading.frame).toBe(frame);
  });

  it('"in no event shall": the negation is "exceed"\'s; "has filed" after it is a proviso, neither negated nor done', () => {
    const sentence = "In no event shall the number of notes sold exceed the number for which the Issuer has filed a prospectus supplement.";
    const filed = readPredicate(sentence, "filed");
    expect(filed.statement).toBe("conditional");
    expect(filed.frame).toBe("proviso");
    expect(readPredicate(sentence, "exceed").statement).toBe("negated");
  });

  it("a frame after the predicate's clause does not frame it", () => {
    expectReading(readPredicate("The Issuer has filed a prospectus supplement, if required.", "filed"), "done", "has filed");
    expectReading(readPredicate("The Issuer has filed the supplement, if any is required by law.", "filed"), "done", "has filed");
    expectReading(readPredicate("The notes have been registered, other than the notes held by insiders.", "registered"), "done", "have been registered");
  });

  it('an elliptical "if any" inside a noun phrase is not a frame', () => {
    expectReading(readPredicate("All reports, if any, required to be filed by the Issuer have been filed.", "filed", { last: true }), "done", "have been filed");
  });

  it("a condition ends where a new clause joined by a comma and a conjunction begins", () => {
    const sentence = "The Buyer shall pay if the Issuer has filed the supplement, and the Issuer has listed the notes.";
    expectReading(readPredicate(sentence, "listed"), "done", "has listed");
    const opening = "If the Issuer has filed the supplement and the notes have been listed, the Buyer shall pay.";
    expect(readPredicate(opening, "listed").frame).toBe("condition");
  });

  it('"subject to the terms and conditions of this Agreement" is not a closing condition', () => {
    const sentence = "Subject to the terms and conditions of this Agreement, the Issuer has executed and delivered the notes.";
    expectReading(readPredicate(sentence, "delivered"), "done", "has executed and delivered");
  });

  it('"shall be subject to, and construed in accordance with, the laws" is not a closing condition', () => {
    const sentence = "This Agreement, and the rights and obligations of the Parties hereunder, shall be subject to, and construed in accordance with, the laws of the State of New York.";
    expect(readPredicate(sentence, "construed").frame).toBeUndefined();
  });

  it('"upon" inside a noun phrase does not frame a finite predicate', () => {
    const sentence = "The shares issuable upon conversion of the notes have been registered under the Securities Act.";
    expectReading(readPredicate(sentence, "registered"), "done", "have been registered");
  });

  it("a closing condition in the lead-in frames the subdivisions under it", () => {
    const leadIn = "The obligation of the Buyer to purchase the notes is subject to the following conditions:";
    const reading = readPredicate("(b) the resale registration statement has become effective;", "effective", { leadIn });
    expect(reading.statement).toBe("conditional");
    expect(reading.frame).toBe("closing condition");
  });
});

describe("readStatement, fallback (no predicate): frames and clause-bounded negation", () => {
  it('a negation after ", and" belongs to another clause', () => {
    const sentence = "This Note may be executed in counterparts, each of which is an original, and it shall not be necessary to produce more than one.";
    const reading = read(sentence, "executed in counterparts");
    expect(reading.statement).not.toBe("negated");
    expect(reading.statement).toBe("future");
  });

  it("the brief's counterparts sentence, read at the start of the match, is affirmative", () => {
    const sentence =
      "This Note may be executed in counterparts, each of which shall be an original; it shall not be necessary to produce more than one counterpart.";
    expect(read(sentence, "executed in counterparts").statement).toBe("future");
  });

  it("frames apply without a predicate too", () => {
    const exclusion = read("The Issuer has not filed any registration statement other than on Form S-8.", "Form S-8");
    expect(exclusion).toMatchObject({ statement: "mentioned", frame: "exclusion" });
    const closing = read("The Buyer shall have received an opinion to the effect that a prospectus supplement has been filed.", "prospectus supplement");
    expect(closing).toMatchObject({ statement: "conditional", frame: "closing condition" });
    const proviso = read("In no event shall the notes sold exceed those for which the Issuer has filed a prospectus supplement.", "prospectus supplement");
    expect(proviso).toMatchObject({ statement: "conditional", frame: "proviso" });
  });
});

describe("readStatement: a state of affairs stated in the present", () => {
  const investor = "The Purchaser is an accredited investor.";

  it('"is an accredited investor" is done, read without a predicate', () => {
    expectReading(read(investor, "accredited investor"), "done", "is an accredited investor");
  });

  it('"is an accredited investor" is done with the noun or its adjective as the predicate', () => {
    expectReading(readPredicate(investor, "investor"), "done", "is an accredited investor");
    expectReading(readPredicate(investor, "accredited"), "done", "is an accredited");
  });

  it('a quoted term stays the complement: is an "accredited investor" as defined in Rule 501(a)', () => {
    const sentence = 'The Purchaser is an "accredited investor" as defined in Rule 501(a) under the Securities Act.';
    expect(read(sentence, "accredited investor").statement).toBe("done");
    expect(readPredicate(sentence, "accredited").statement).toBe("done");
  });

  it('"is not an accredited investor" is negated, "will be" future', () => {
    expectReading(readPredicate("The Purchaser is not an accredited investor.", "investor"), "negated", "is not an accredited investor");
    expect(read("The Purchaser is not an accredited investor.", "accredited investor").statement).toBe("negated");
    expectReading(readPredicate("The Purchaser will be an accredited investor.", "investor"), "future", "will be");
    expect(read("The Purchaser will be an accredited investor.", "accredited investor").statement).toBe("future");
  });

  it('"is duly organized" and "is a corporation duly organized" are done', () => {
    expectReading(readPredicate("The Company is duly organized and validly existing under the laws of Delaware.", "organized"), "done", "is duly organized");
    const corporation = "The Company is a corporation duly organized and validly existing under the laws of the State of Delaware.";
    expectReading(readPredicate(corporation, "organized"), "done", "is a corporation duly organized");
    expectReading(readPredicate("The Company is not a corporation duly organized under the laws of Delaware.", "organized"), "negated", "is not a corporation");
  });

  it('"is listed on" is done, read from the exchange\'s name', () => {
    expectReading(read("The Common Stock is listed on the New York Stock Exchange.", "New York Stock Exchange"), "done", "is listed on");
  });

  it("a copula before a preposition does not state what follows it", () => {
    // "the Company is a party to the Purchase Agreement" says nothing was done to the agreement.
    expect(read("The Company is a party to the Purchase Agreement.", "Purchase Agreement").statement).toBe("mentioned");
  });
});

describe("readStatement: a condition's own clause and the provision it governs", () => {
  const conditional = "If the Purchaser is an accredited investor, the Company shall issue the Shares to it.";

  it('"If the Purchaser is an accredited investor, …" frames the predicate inside it as a condition', () => {
    expect(read(conditional, "accredited investor")).toMatchObject({ statement: "conditional", frame: "condition" });
    expect(readPredicate(conditional, "investor")).toMatchObject({ statement: "conditional", frame: "condition" });
  });

  it("the clause after the condition is a provision the condition governs", () => {
    expect(readPredicate(conditional, "issue")).toMatchObject({ statement: "conditional", frame: "conditional provision" });
    const facsimile =
      "In the event that any signature is delivered by facsimile transmission, such signature shall create a valid and binding obligation of the party executing the same.";
    expect(readPredicate(facsimile, "delivered")).toMatchObject({ frame: "condition" });
    expect(readPredicate(facsimile, "binding")).toMatchObject({ statement: "conditional", frame: "conditional provision" });
  });

  it('"provided that" opening a sentence governs the clause after its comma; a trailing proviso is its own clause', () => {
    const opening = "Provided that all parties execute a copy of this Agreement, this Agreement may be executed in counterparts.";
    expect(readPredicate(opening, "execute")).toMatchObject({ frame: "condition" });
    expect(readPredicate(opening, "executed")).toMatchObject({ frame: "conditional provision" });
    const trailing = "The Company shall file a prospectus supplement; provided that the Company has filed the registration statement.";
    expect(readPredicate(trailing, "filed")).toMatchObject({ statement: "conditional", frame: "condition" });
  });

  it("an elliptical condition ends at its comma", () => {
    expect(readPredicate("If applicable, the Company shall file a prospectus supplement.", "file")).toMatchObject({ frame: "conditional provision" });
  });

  it("a condition without a clause of its own, ended by a colon, governs what follows it", () => {
    const notices = "If to the Company: 100 Main Street, Attention: Chief Executive Officer. This Agreement shall be governed by the laws of Delaware.";
    // The period after "Officer" ends the sentence: nothing frames the choice of law.
    expect(readPredicate(notices, "governed").frame).toBeUndefined();
    expect(readPredicate("If to the Company: notices shall be delivered by hand.", "delivered")).toMatchObject({ frame: "conditional provision" });
  });

  it("a lead-in condition governs its items, unless its items are the condition", () => {
    const governs = readPredicate("(a) the Company shall file a prospectus supplement;", "file", { leadIn: "If the Registration Statement is effective:" });
    expect(governs).toMatchObject({ statement: "conditional", frame: "conditional provision" });
    const items = readPredicate("(a) the Company has filed a petition in bankruptcy;", "filed", { leadIn: "If at any time one of the following events shall occur:" });
    expect(items).toMatchObject({ statement: "conditional", frame: "condition" });
  });
});

describe("readStatement: speed on adversarial windows", () => {
  it.each([" ", "if ", "the ", "has been ", "no ", "( ", ") ", '" means ', "other than ", "; (b) ", "subject to "])(
    "a 2,000-character window of %j reads in well under a millisecond per call",
    (unit) => {
      const text = unit.repeat(Math.ceil(2000 / unit.length)).slice(0, 2000);
      const started = performance.now();
      for (let i = 0; i < 100; i++) {
        readStatement(text, 1000, 1006, text.slice(0, 1000), { predicate: true });
        readStatement(text, 1000, 1006, text.slice(0, 1000));
      }
      expect((performance.now() - started) / 200).toBeLessThan(5);
    },
  );
});
