import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findDefinedTerms } from "../../src/parse/defined-terms.js";
import { findParties } from "../../src/parse/parties.js";
import { LineIndex } from "../../src/position/line-index.js";

const read = (name: string) => readFileSync(new URL(`../../samples/${name}`, import.meta.url), "utf8");

function partiesOf(text: string) {
  return findParties(findDefinedTerms(text, new LineIndex(text)));
}

describe("findParties", () => {
  it("finds the seed's two parties with their roles and places", () => {
    const text = read("valence-ridgeway-1999.txt");
    const parties = partiesOf(text);
    expect(parties.map(({ name, role }) => ({ name, role }))).toEqual([
      { name: "Ridgeway Investment Limited", role: "Purchaser" },
      { name: "Valence Technology, Inc.", role: "Company" },
    ]);
    const valence = parties[1];
    expect(valence && text.slice(valence.span.start, valence.span.end)).toBe("Valence Technology, Inc.");
    expect(valence?.span).toMatchObject({ line: 13, column: 18 });
  });

  it("drops the descriptor (`, a Delaware corporation`) from the redrafted agreement's parties", () => {
    expect(partiesOf(read("redrafted-purchase-agreement.txt")).map(({ name, role }) => ({ name, role }))).toEqual([
      { name: "Nimbus Therapeutics, Inc.", role: "Company" },
      { name: "Harbor Lane Capital LP", role: "Purchaser" },
    ]);
  });

  it("reads `by and between X, a … company (the \"Seller\")`", () => {
    const text =
      'This Agreement is entered into by and between Acme Holdings LLC, a Delaware limited liability company (the "Seller"), and Zeta Bank, N.A. (the "Lender").';
    expect(partiesOf(text).map(({ name, role }) => ({ name, role }))).toEqual([
      { name: "Acme Holdings LLC", role: "Seller" },
      { name: "Zeta Bank, N.A.", role: "Lender" },
    ]);
  });

  it("does not take defined terms that are not entities for parties", () => {
    const text = 'the Securities Act of 1933, as amended (the "Securities Act"), and the shares of common stock (the "Shares")';
    expect(partiesOf(text)).toEqual([]);
  });
});
