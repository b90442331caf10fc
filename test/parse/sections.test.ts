import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { closingStart } from "../../src/parse/parse-agreement.js";
import { parseSections, walk } from "../../src/parse/sections.js";
import { LineIndex } from "../../src/position/line-index.js";
import { hideEdgarWrapper } from "../../src/ingest/edgar-text.js";
import type { Section } from "../../src/types.js";

const read = (name: string) => readFileSync(new URL(`../../samples/${name}`, import.meta.url), "utf8");

/** Sections of a text as parseAgreement finds them (wrapper hidden, body ending at the closing). */
function sectionsOf(raw: string): { text: string; sections: Section[]; byNumber: Map<string, Section> } {
  const text = hideEdgarWrapper(raw).text;
  const sections = parseSections(text, new LineIndex(text), closingStart(text));
  return { text, sections, byNumber: new Map([...walk(sections)].map((s) => [s.number, s])) };
}

function get(map: Map<string, Section>, number: string): Section {
  const s = map.get(number);
  if (!s) throw new Error(`no section ${number}; found ${[...map.keys()].join(", ")}`);
  return s;
}

describe("sections of the seed (valence-ridgeway-1999.txt)", () => {
  const { text, sections, byNumber } = sectionsOf(read("valence-ridgeway-1999.txt"));

  it("numbers the top-level sections 1 to 6, labelled as written", () => {
    expect(sections.map((s) => s.number)).toEqual(["1", "2", "3", "4", "5", "6"]);
    expect(sections.map((s) => s.label)).toEqual(["1.", "2.", "3.", "4.", "5.", "6."]);
    expect(sections.every((s) => s.level === 1)).toBe(true);
  });

  it("finds every section and subdivision and nothing else", () => {
    expect([...byNumber.keys()]).toEqual(["1", "2", "2(a)", "2(b)", "3", "4", "4(a)", "4(b)", "5", "6"]);
  });

  it("starts section 5 at line 41, column 1 and ends it on line 45", () => {
    const s5 = get(byNumber, "5");
    expect(s5.span).toMatchObject({ line: 41, column: 1, endLine: 45 });
    expect(s5.text.startsWith("This agreement and the legal relations")).toBe(true);
    expect(s5.text.endsWith("thereunder.")).toBe(true);
    expect(text.slice(s5.span.start, s5.span.end).startsWith("5.")).toBe(true);
  });

  it("reads (a) and (b) written inline in section 2 as 2(a) and 2(b)", () => {
    const s2 = get(byNumber, "2");
    expect(s2.children.map((c) => [c.number, c.label, c.level])).toEqual([
      ["2(a)", "(a)", 2],
      ["2(b)", "(b)", 2],
    ]);
    const a = get(byNumber, "2(a)");
    expect(a.span).toMatchObject({ line: 22, column: 52 });
    expect(a.text.startsWith("the shares of Common")).toBe(true);
    expect(a.text).toContain("Commission File Number 333-76589");
    // (a) ends where (b) begins.
    expect(a.text).not.toContain("prospectus");
    const b = get(byNumber, "2(b)");
    expect(b.span).toMatchObject({ line: 26, column: 37, endLine: 28 });
    expect(b.text.replace(/\s+/g, " ")).toBe(
      "the Company has filed a prospectus supplement to the Registration Statement in connection with the transaction.",
    );
  });

  it("keeps the section's own text, lead-in and children included, after the label", () => {
    expect(get(byNumber, "2").text.startsWith("The Company represents and warrants that (a)")).toBe(true);
  });

  it("reads 4(a) and 4(b), the second starting a line", () => {
    expect(get(byNumber, "4(a)").span).toMatchObject({ line: 33, column: 61 });
    expect(get(byNumber, "4(b)").span).toMatchObject({ line: 35, column: 6 });
    expect(get(byNumber, "4(b)").text.endsWith("not misleading.")).toBe(true);
  });

  it("ends section 6 before the closing of the letter, across the page break", () => {
    const s6 = get(byNumber, "6");
    expect(s6.span).toMatchObject({ line: 51, column: 1, endLine: 54 });
    expect(s6.text).not.toMatch(/Please execute|Very truly/);
  });

  it("gives the letter's sections no headings (they have none)", () => {
    expect([...byNumber.values()].filter((s) => s.heading !== undefined)).toEqual([]);
  });
});

describe("sections of samples/redrafted-purchase-agreement.txt", () => {
  const { sections, byNumber } = sectionsOf(read("redrafted-purchase-agreement.txt"));

  it("reads `Section N.` labels as sections 1 to 7", () => {
    expect(sections.map((s) => s.number)).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    expect(sections[0]?.label).toBe("Section 1.");
  });

  it("reads headings without their closing period", () => {
    expect(sections.map((s) => s.heading)).toEqual([
      "Definitions",
      "Purchase and Sale",
      "Representations and Warranties of the Company",
      "Covenants of the Company",
      "Governing Law",
      "Submission to Jurisdiction",
      "Miscellaneous",
    ]);
    expect(get(byNumber, "3(b)").heading).toBe("Prospectus Supplement");
    expect(get(byNumber, "7(c)").heading).toBe("Counterparts; Electronic Signatures");
    expect(get(byNumber, "5").span).toMatchObject({ line: 88, column: 1, endLine: 91 });
  });

  it("nests (i) and (ii) under 2(b) as 2(b)(i) and 2(b)(ii)", () => {
    const b = get(byNumber, "2(b)");
    expect(b.children.map((c) => [c.number, c.label, c.level])).toEqual([
      ["2(b)(i)", "(i)", 3],
      ["2(b)(ii)", "(ii)", 3],
    ]);
    expect(get(byNumber, "2(b)(i)").span).toMatchObject({ line: 50, column: 11, endLine: 52 });
    expect(get(byNumber, "2(b)(ii)").text.endsWith("immediately available funds.")).toBe(true);
    // (ii) ends section 2; section 3 is not inside it.
    expect(get(byNumber, "2").span.endLine).toBe(55);
  });

  it("lists every subdivision of sections 1, 3, 4 and 7", () => {
    const kids = (n: string) => get(byNumber, n).children.map((c) => c.number);
    expect(kids("1")).toEqual(["1(a)", "1(b)", "1(c)", "1(d)", "1(e)", "1(f)"]);
    expect(kids("3")).toEqual(["3(a)", "3(b)", "3(c)", "3(d)"]);
    expect(kids("4")).toEqual(["4(a)", "4(b)"]);
    expect(kids("7")).toEqual(["7(a)", "7(b)", "7(c)", "7(d)"]);
  });

  it("does not read `424(b)` at the start of line 26 as a section", () => {
    expect(get(byNumber, "1(b)").children).toEqual([]);
    expect(get(byNumber, "1(b)").span.endLine).toBe(26);
    const all = [...walk(sections)];
    expect(all.filter((s) => s.span.line === 26)).toEqual([]);
    expect(all.filter((s) => /424/.test(s.label) || /424/.test(s.number))).toEqual([]);
  });
});

describe("what is not a section", () => {
  it("a line starting with a rule number such as 424(b)", () => {
    const text = [
      "1. Definitions. \"Prospectus Supplement\" means the supplement filed under Rule",
      "424(b) under the Securities Act.",
      "",
      "2. Sale. The Company sells the Shares.",
    ].join("\n");
    const { sections, byNumber } = sectionsOf(text);
    expect(sections.map((s) => s.number)).toEqual(["1", "2"]);
    expect([...byNumber.keys()]).toEqual(["1", "2"]);
  });

  it("a cross-reference such as `Section 2(a)` in running text", () => {
    const text = [
      "1. Payment. The Purchaser shall pay the amounts described in Section 2(a) and Section 2(b) on",
      "the Closing Date.",
      "",
      "2. Sale. (a) The Company sells the Shares; and (b) the Purchaser pays the price.",
    ].join("\n");
    const { byNumber } = sectionsOf(text);
    expect([...byNumber.keys()]).toEqual(["1", "2", "2(a)", "2(b)"]);
    expect(get(byNumber, "1").children).toEqual([]);
    expect(get(byNumber, "2(a)").text).toBe("The Company sells the Shares; and");
  });

  it("a cross-reference to a section at the start of a line", () => {
    const text = [
      "1. Payment. The Purchaser shall pay the price.",
      "Section 2(a) of the Registration Rights Agreement applies to the Shares.",
      "",
      "2. Sale. The Company sells the Shares.",
    ].join("\n");
    const { sections } = sectionsOf(text);
    expect(sections.map((s) => s.number)).toEqual(["1", "2"]);
    expect(sections[0]?.children).toEqual([]);
  });

  it("clauses (a) and (b) named as a cross-reference", () => {
    const text = [
      "1. Notices. Any notice under clauses (a) and (b) of Section 4 shall be in writing.",
      "",
      "2. Sale. The Company sells the Shares.",
    ].join("\n");
    const { byNumber } = sectionsOf(text);
    expect([...byNumber.keys()]).toEqual(["1", "2"]);
  });

  it("a number wrapped to the start of a line mid-sentence", () => {
    const text = [
      "1. Price. The Purchaser shall pay a purchase price of",
      "5. The Company shall deliver the Shares.",
    ].join("\n");
    const { sections } = sectionsOf(text);
    expect(sections.map((s) => s.number)).toEqual(["1"]);
  });
});

describe("other numbering styles", () => {
  it("reads decimal sections under articles", () => {
    const text = [
      "ARTICLE I",
      "DEFINITIONS",
      "",
      "Section 1.1 Defined Terms. Terms have the meanings given.",
      "",
      "Section 1.2 Interpretation. Headings are for convenience.",
      "",
      "ARTICLE II",
      "PURCHASE",
      "",
      "Section 2.1 Sale. The Company sells the Shares.",
    ].join("\n");
    const { sections, byNumber } = sectionsOf(text);
    expect(sections.map((s) => s.number)).toEqual(["Article I", "Article II"]);
    expect(get(byNumber, "Article I").children.map((c) => c.number)).toEqual(["1.1", "1.2"]);
    expect(get(byNumber, "1.2").heading).toBe("Interpretation");
    expect(get(byNumber, "Article II").children.map((c) => c.number)).toEqual(["2.1"]);
  });
});
