import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findDefinedTerms } from "../../src/parse/defined-terms.js";
import { LineIndex } from "../../src/position/line-index.js";
import type { DefinedTerm } from "../../src/types.js";
import { xorshift } from "../helpers/random.js";

const read = (name: string) => readFileSync(new URL(`../../samples/${name}`, import.meta.url), "utf8");

function termsOf(text: string): Map<string, DefinedTerm> {
  return new Map(findDefinedTerms(text, new LineIndex(text)).map((t) => [t.term, t]));
}

function get(terms: Map<string, DefinedTerm>, term: string): DefinedTerm {
  const t = terms.get(term);
  if (!t) throw new Error(`"${term}" is not defined; found ${[...terms.keys()].join(", ")}`);
  return t;
}

describe("defined terms of the seed", () => {
  const text = read("valence-ridgeway-1999.txt");
  const lines = new LineIndex(text);
  const terms = termsOf(text);

  it("finds the five terms, in the order they are defined", () => {
    expect([...terms.keys()]).toEqual(["Purchaser", "Company", "Common Stock", "Securities Act", "Registration Statement"]);
  });

  it("reads what each term stands for", () => {
    expect(Object.fromEntries([...terms].map(([k, t]) => [k, t.definition]))).toEqual({
      Purchaser: "Ridgeway Investment Limited",
      Company: "Valence Technology, Inc.",
      "Common Stock": "the Company's common stock",
      "Securities Act": "the Securities Act of 1933, as amended",
      "Registration Statement": "a registration statement on Form S-3, Commission File Number 333-76589",
    });
  });

  it("places the definition and the quoted term", () => {
    const company = get(terms, "Company");
    expect(text.slice(company.definitionSpan.start, company.definitionSpan.end)).toBe("Valence Technology, Inc.");
    expect(company.definedAt).toEqual(lines.span(text.indexOf('"Company"') + 1, text.indexOf('"Company"') + 8));
    expect(company.definedAt).toMatchObject({ line: 13, column: 49 });
    // The term defined across a line break: `(the "Common\nStock")`.
    const stock = get(terms, "Common Stock");
    expect(stock.definedAt).toMatchObject({ line: 14, column: 71, endLine: 15, endColumn: 6 });
    const rs = get(terms, "Registration Statement");
    const start = text.indexOf("a\n     registration statement on Form S-3");
    const end = text.indexOf(' (the\n     "Registration Statement")');
    expect(rs.definitionSpan).toEqual(lines.span(start, end));
    expect(rs.definitionSpan).toMatchObject({ line: 24, column: 77, endLine: 25, endColumn: 74 });
  });

  it("counts every later use, case-sensitive and whole words", () => {
    expect(Object.fromEntries([...terms].map(([k, t]) => [k, t.uses.length]))).toEqual({
      Purchaser: 7,
      Company: 9,
      "Common Stock": 4,
      "Securities Act": 1,
      "Registration Statement": 3,
    });
  });

  it("finds a use broken across a line, and none inside the definition's own quotes", () => {
    const stock = get(terms, "Common Stock");
    expect(stock.uses.map((u) => [u.line, u.endLine])).toEqual([
      [18, 18],
      [22, 23],
      [31, 31],
      [42, 42],
    ]);
    for (const t of terms.values()) expect(t.uses.some((u) => u.start === t.definedAt.start)).toBe(false);
  });

  it("does not count the upper-case COMPANY caption of the signature block", () => {
    const company = get(terms, "Company");
    const caption = text.indexOf("COMPANY\n");
    expect(company.uses.some((u) => u.start === caption)).toBe(false);
  });
});

describe("defined terms of samples/redrafted-purchase-agreement.txt", () => {
  const text = read("redrafted-purchase-agreement.txt");
  const terms = termsOf(text);

  it('reads "Trading Market" means … as "the Nasdaq Capital Market"', () => {
    const tm = get(terms, "Trading Market");
    expect(tm.definition).toBe("the Nasdaq Capital Market");
    expect(tm.definedAt).toMatchObject({ line: 38, column: 11 });
    expect(tm.uses.map((u) => u.line)).toEqual([69]);
  });

  it("reads the other `means` definitions to the end of their sentence", () => {
    expect(get(terms, "Commission").definition).toBe("the United States Securities and Exchange Commission");
    expect(get(terms, "Registration Statement").definition).toBe(
      "the registration statement on Form S-3 (File No. 333-251234) of the Company under the Securities Act, including the Prospectus, as amended and as declared effective by the Commission",
    );
    expect(get(terms, "Shares").definition).toBe(
      "the 1,250,000 shares of Common Stock sold by the Company to the Purchaser under this Agreement",
    );
  });

  it("ends a definition before a section number, as text converted from PDF runs sections together", () => {
    const text = 'References to $ or "dollars" means United States dollars. 9.6 This Agreement may be executed in counterparts. "Form" means Form No. 5 of the Commission.\n';
    const found = termsOf(text);
    expect(get(found, "dollars").definition).toBe("United States dollars");
    // "No. 5" is a number, not a new section: the definition runs on.
    expect(get(found, "Form").definition).toBe("Form No. 5 of the Commission");
  });

  it("stops a definition at the next term's `and \"X\" means`", () => {
    expect(get(terms, "Prospectus").definition).toBe("the base prospectus included in the Registration Statement");
    expect(get(terms, "Prospectus Supplement").definition).toBe(
      "the prospectus supplement to the Prospectus relating to the Shares, prepared in accordance with Rule 424(b) under the Securities Act",
    );
  });

  it("reads parenthetical definitions with a descriptor", () => {
    expect(get(terms, "Company").definition).toBe("Nimbus Therapeutics, Inc., a Delaware corporation");
    expect(get(terms, "Purchaser").definition).toBe("Harbor Lane Capital LP, a Delaware limited partnership");
    expect(get(terms, "Purchase Price").definition).toBe("$5,000,000.00");
  });
});

describe("defined-term forms", () => {
  it("reads curly quotes", () => {
    const text = "Valence Technology, Inc. (the “Company”) and “Effective Date” means March 1, 2021. The Company agrees.";
    const terms = termsOf(text);
    expect(get(terms, "Company").definition).toBe("Valence Technology, Inc.");
    expect(get(terms, "Effective Date").definition).toBe("March 1, 2021");
    expect(get(terms, "Company").uses).toHaveLength(1);
  });

  it("reads `hereinafter referred to as`", () => {
    const text = 'This Agreement is made by Acme Corp. (hereinafter referred to as "Buyer") and Zeta Ltd. (the "Seller").';
    const terms = termsOf(text);
    expect(get(terms, "Buyer").definition).toBe("Acme Corp.");
    expect(get(terms, "Seller").definition).toBe("Zeta Ltd.");
  });

  it("reads a `collectively` definition as everything it collects", () => {
    const text = 'The Company shall issue the common stock and the warrants (collectively, the "Securities") to the Purchaser.';
    expect(get(termsOf(text), "Securities").definition).toBe("the common stock and the warrants");
  });

  it("does not count a use inside a longer word", () => {
    const text = 'Acme Corp. (the "Company") and its Companywide policy; the Company\'s shares.';
    expect(get(termsOf(text), "Company").uses).toHaveLength(1);
  });
});

describe("a term defined by back-reference", () => {
  it('"Such registration statement … is herein called the "Registration Statement"" stands for the phrase before it', () => {
    const text =
      'The Company has prepared a registration statement on Form S-3 (File No. 333-187654) relating to the Shares. Such registration statement, as amended at the date hereof, is herein called the "Registration Statement". The Registration Statement has been declared effective.';
    const t = termsOf(text).get("Registration Statement");
    expect(t?.definition).toBe("registration statement on Form S-3 (File No. 333-187654) relating to the Shares");
    expect(t?.uses).toHaveLength(1);
  });

  it("is not taken from a phrase that never stood before", () => {
    const text = 'Such agreement, as amended, is hereinafter referred to as the "Agreement".';
    expect(termsOf(text).has("Agreement")).toBe(false);
  });
});

describe("uses of defined terms", () => {
  /**
   * Uses as they were found before issue 12 changed how (one trie expression for the first
   * words, each term's words compared in place instead of an expression compiled per term):
   * at each whole word that is a term's first word, not glued to an opening quote, the term's
   * own sticky expression, uses of one term never overlapping.
   */
  function referenceUses(text: string, terms: DefinedTerm[]): Map<string, number[][]> {
    const out = new Map<string, number[][]>();
    for (const t of terms) {
      const escaped = t.term.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&").replace(/\s+/g, "\\s+");
      const first = /^\w+/.exec(t.term)?.[0];
      const uses: number[][] = [];
      if (!first) {
        for (const m of text.matchAll(new RegExp(`(?<![\\w"“])${escaped}(?![\\w"”])`, "g"))) if (m.index !== t.definedAt.start) uses.push([m.index, m.index + m[0].length]);
      } else {
        const re = new RegExp(`${escaped}(?![\\w"”])`, "y");
        let end = 0;
        for (const w of text.matchAll(/\w+/g)) {
          if (w[0] !== first || w.index < end || /["“]/.test(text[w.index - 1] ?? "")) continue;
          re.lastIndex = w.index;
          const m = re.exec(text);
          if (!m) continue;
          end = w.index + m[0].length;
          if (w.index !== t.definedAt.start) uses.push([w.index, end]);
        }
      }
      out.set(t.term, uses);
    }
    return out;
  }

  it("are where each term's own expression finds them, on generated texts", () => {
    const pieces = [
      "Company", "Company Stock", "Company\u00a0Stock", "Company  \n Stock", "Stock", "Common", "Common Stock", "Closing", "Closing Date",
      "Company’s", "Companyx", "xCompany", "_Company", "“Company", "\"Company\"", "Company”", "Company\"", "(", ")", ",", ".", " ", "\n",
      "Rule\u00a0144A", "Rule 144A", "Rule 144", "U.S. Person", "U.S.  Person", "U.S.\u00a0Person", "Closing\tDate", "$", "#1", "S-3", "the", "shares",
    ];
    const definitions = [
      'Acme Corp. (the "Company")', 'the common stock (the "Common Stock")', 'stock of the Company (the "Company Stock")',
      'the date of closing (the "Closing Date")', 'the closing (the "Closing")', 'Rule 144A (the "Rule\u00a0144A")',
      'any person (a "U.S. Person")', 'the sign (the "$")', 'the first (the "#1")',
      // A "means" definition keeps the term's white space as written.
      '"U.S.\u00a0Person" means any person', '"Company  Stock" means the stock', '"Closing\tDate" means the day',
    ];
    const next = xorshift(20261204);
    let uses = 0;
    for (let n = 0; n < 400; n++) {
      let text = "";
      for (const d of definitions) if (next() % 3) text += `${d}. `;
      for (let k = 5 + (next() % 60); k > 0; k--) text += pieces[next() % pieces.length] + (next() % 3 ? " " : "");
      const terms = findDefinedTerms(text, new LineIndex(text));
      const expected = referenceUses(text, terms);
      for (const t of terms) {
        expect(t.uses.map((u) => [u.start, u.end]), `${t.term} in ${JSON.stringify(text)}`).toEqual(expected.get(t.term));
        uses += t.uses.length;
      }
    }
    expect(uses).toBeGreaterThan(2000);
  });
});
