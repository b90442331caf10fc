import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sourceFromBytes, sourceFromText } from "../../src/ingest/read-document.js";
import { closingStart, parseAgreement } from "../../src/parse/parse-agreement.js";

const sample = (name: string) => new URL(`../../samples/${name}`, import.meta.url);
const read = (name: string) => readFileSync(sample(name), "utf8");

describe("parseAgreement", () => {
  it("describes the seed: file, format, lines, date, parties, sections, signatures", () => {
    const a = parseAgreement(sourceFromText(read("valence-ridgeway-1999.txt"), "seed.txt"));
    expect(a.file).toBe("seed.txt");
    expect(a.format).toBe("edgar-text");
    expect(a.encoding).toBe("utf-8");
    expect(a.lineCount).toBe(81);
    expect(a.title).toBeUndefined();
    expect(a.date?.iso).toBe("1999-11-29");
    expect(a.parties.map((p) => p.role)).toEqual(["Purchaser", "Company"]);
    expect(a.sections.map((s) => s.number)).toEqual(["1", "2", "3", "4", "5", "6"]);
    expect(a.signatures).toHaveLength(2);
  });

  it("reads the title of the redrafted agreement", () => {
    const a = parseAgreement(sourceFromText(read("redrafted-purchase-agreement.txt"), "redrafted.txt"));
    expect(a.title).toBe("STOCK PURCHASE AGREEMENT");
    expect(a.lineCount).toBe(139);
  });

  it("places everything in the EDGAR-wrapped seed six lines lower (seven after its page number line), with the exhibit type", () => {
    const seed = parseAgreement(sourceFromText(read("valence-ridgeway-1999.txt"), "seed.txt"));
    const edgar = parseAgreement(sourceFromText(read("valence-edgar-sgml.txt"), "edgar.txt"));
    expect(edgar.documentType).toBe("EX-10.47");
    expect(edgar.date?.span.line).toBe(7);
    // Six wrapper lines above the letter; after the page break, one more for the page number line.
    expect(seed.sections.map((s) => s.span.line)).toEqual([17, 22, 30, 33, 41, 51]);
    expect(edgar.sections.map((s) => [s.number, s.span.line])).toEqual([
      ["1", 23],
      ["2", 28],
      ["3", 36],
      ["4", 39],
      ["5", 47],
      ["6", 58],
    ]);
    expect(edgar.definedTerms.map((t) => [t.term, t.definition])).toEqual(seed.definedTerms.map((t) => [t.term, t.definition]));
    expect(edgar.signatures.map((s) => s.signer)).toEqual(seed.signatures.map((s) => s.signer));
  });

  it("reads the Windows-1252 seed like the seed: same terms, parties, sections and signers", async () => {
    const seed = parseAgreement(sourceFromText(read("valence-ridgeway-1999.txt"), "seed.txt"));
    const cp = parseAgreement(await sourceFromBytes(readFileSync(sample("valence-cp1252-crlf.txt")), "cp1252.txt"));
    expect(cp.encoding).toBe("windows-1252");
    expect(cp.lineCount).toBe(81);
    expect(cp.sections.map((s) => [s.number, s.span.line])).toEqual(seed.sections.map((s) => [s.number, s.span.line]));
    expect(cp.definedTerms.map((t) => t.term)).toEqual(seed.definedTerms.map((t) => t.term));
    expect(cp.parties.map((p) => [p.name, p.role])).toEqual(seed.parties.map((p) => [p.name, p.role]));
    expect(cp.signatures.map((s) => [s.signer, s.role])).toEqual(seed.signatures.map((s) => [s.signer, s.role]));
  });

  it("ends the body at the letter's closing", () => {
    const text = read("valence-ridgeway-1999.txt");
    expect(closingStart(text)).toBe(text.indexOf("     Please execute"));
    expect(closingStart("No closing here.")).toBe("No closing here.".length);
  });
});
