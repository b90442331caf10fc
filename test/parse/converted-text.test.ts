/** Text converted from PDF or HTML, as CUAD and EDGAR publish it: what the parser must survive. */
import { describe, expect, it } from "vitest";
import { cleanConvertedText } from "../../src/ingest/clean-text.js";
import { parseAgreement, sourceFromText } from "../../src/index.js";

describe("converted text", () => {
  it("joins a sentence cut by a page break made of blank lines only (CUAD FIDELITY §11.8)", () => {
    const input = "     This Agreement shall be construed in accordance with, and governed by, the\n\n\n\n\n\nlaws of the State of Georgia.\n";
    expect(cleanConvertedText(input).text).toBe("     This Agreement shall be construed in accordance with, and governed by, the laws of the State of Georgia.\n");
    // One blank line is a paragraph break, not a page.
    const paragraph = "the first paragraph ends here\n\nand a list item continues\n";
    expect(cleanConvertedText(paragraph).text).toBe(paragraph);
  });

  it("reads a section number glued to its capitalised heading: 11CHOICE OF LAW", () => {
    const text = "10. Notices. Notices are in writing.\n\n11CHOICE OF LAW, VENUE, AND JURY TRIAL WAIVER\n\nCalifornia law governs the Loan Documents.\n";
    const numbers = parseAgreement(sourceFromText(text, "loan.txt")).sections.map((s) => s.number);
    expect(numbers).toEqual(["10", "11"]);
  });

  it("does not take a running page header 'Exhibit 10.38' for an attachment", () => {
    const page = (n: number) => `Exhibit 10.38\n\n${n}. Clause ${n}. The parties agree to clause ${n}.\n\n`;
    const text = `${page(1)}${page(2)}${page(3)}IN WITNESS WHEREOF the parties sign.\n\nExhibit 10.38\n\nmore text\n\nEXHIBIT A\n\nForm of Notice\n`;
    const a = parseAgreement(sourceFromText(text, "scansource.txt"));
    expect(a.attachments.map((x) => x.title)).toEqual(["EXHIBIT A"]);
  });
});
