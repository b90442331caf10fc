import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sourceFromText } from "../../src/ingest/read-document.js";
import { parseAgreement } from "../../src/parse/parse-agreement.js";
import { findSignatures } from "../../src/parse/signatures.js";
import { LineIndex } from "../../src/position/line-index.js";

const read = (name: string) => readFileSync(new URL(`../../samples/${name}`, import.meta.url), "utf8");

function signaturesOf(text: string) {
  return parseAgreement(sourceFromText(text, "deal.txt")).signatures;
}

describe("signature blocks of the seed", () => {
  const text = read("valence-ridgeway-1999.txt");
  const blocks = signaturesOf(text);

  it("finds the two blocks, signed, with party, role, signer and title", () => {
    expect(blocks.map(({ span, ...b }) => b)).toEqual([
      {
        party: "VALENCE TECHNOLOGY, INC.",
        role: "Company",
        signer: "Jay L. King",
        title: "Vice President & Chief Financial Officer",
        signed: true,
        signature: "/S/ JAY L. KING",
      },
      {
        party: "RIDGEWAY INVESTMENT LIMITED",
        role: "Purchaser",
        signer: "Anthony L.M. Inder Rieden",
        title: "Director",
        signed: true,
        signature: "/S/ ANTHONY L.M. INDER RIEDEN",
      },
    ]);
  });

  it("spans each block from its caption to its title line", () => {
    expect(blocks[0]?.span).toMatchObject({ line: 61, column: 34, endLine: 69 });
    expect(text.slice(blocks[0]?.span.start, blocks[0]?.span.end).startsWith("COMPANY")).toBe(true);
    expect(blocks[1]?.span).toMatchObject({ line: 73, column: 1, endLine: 81, endColumn: 22 });
    expect(text.slice(blocks[1]?.span.start, blocks[1]?.span.end).startsWith("PURCHASER:")).toBe(true);
  });
});

describe("signature blocks of the redrafted agreement", () => {
  it("signs through a general partner without counting its By: line as a block", () => {
    const blocks = signaturesOf(read("redrafted-purchase-agreement.txt"));
    expect(blocks.map((b) => [b.party, b.role, b.signer, b.title, b.signed])).toEqual([
      ["NIMBUS THERAPEUTICS, INC.", "Company", "Elena M. Vasquez", "Chief Executive Officer", true],
      ["HARBOR LANE CAPITAL LP", "Purchaser", "Daniel R. Okafor", "Managing Member", true],
    ]);
  });
});

describe("unsigned blocks", () => {
  it('reads "By: ________" as not signed, keeping the printed name and title', () => {
    const text = [
      "IN WITNESS WHEREOF, the parties have executed this Agreement as of the date first written above.",
      "",
      "ACME HOLDINGS LLC",
      "",
      "By: ____________________________",
      "    Name: John Q. Public",
      "    Title: Manager",
    ].join("\n");
    const blocks = findSignatures(text, new LineIndex(text), [], 0);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ party: "ACME HOLDINGS LLC", signer: "John Q. Public", title: "Manager", signed: false });
    expect(blocks[0]?.signature).toBeUndefined();
  });

  it("reads an empty By: line with empty Name: and Title: as not signed, with no signer", () => {
    const text = ["ZETA CAPITAL LP", "", "By:", "Name:", "Title:"].join("\n");
    const blocks = findSignatures(text, new LineIndex(text), [], 0);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ party: "ZETA CAPITAL LP", signed: false });
    expect(blocks[0]?.signer).toBeUndefined();
    expect(blocks[0]?.title).toBeUndefined();
  });

  it("takes the signer from a conformed signature when there is no Name: line", () => {
    const text = ["ZETA CAPITAL LP", "", "By: /s/ Mary Roe", "Title: Partner"].join("\n");
    const blocks = findSignatures(text, new LineIndex(text), [], 0);
    expect(blocks[0]).toMatchObject({ signed: true, signer: "Mary Roe", signature: "/s/ Mary Roe", title: "Partner" });
  });

  it("ignores By: lines before `from` (the body)", () => {
    const text = ["By: /s/ Early Bird", "Name: Early Bird", "", "ZETA CAPITAL LP", "By: /s/ Mary Roe"].join("\n");
    const blocks = findSignatures(text, new LineIndex(text), [], text.indexOf("ZETA"));
    expect(blocks.map((b) => b.signer)).toEqual(["Mary Roe"]);
  });
});
