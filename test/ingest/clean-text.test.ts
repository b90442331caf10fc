import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cleanConvertedText } from "../../src/ingest/clean-text.js";
import { readDocument } from "../../src/ingest/read-document.js";
import { locatorFor } from "../../src/position/locator.js";

const FIXTURE = "test/fixtures/corpus/ud-legal-91562697-purchase-agreement.txt";

describe("cleanConvertedText", () => {
  it("joins a sentence broken by a page number and a dashed rule, and maps back to the file", () => {
    const input = "the Business\n\n \n\n2\n\n\n\n--------------------\n\nDay as defined.\n";
    const { text, fileOffsets } = cleanConvertedText(input);
    expect(text).toBe("the Business Day as defined.\n");
    expect(fileOffsets).toBeDefined();
    const day = text.indexOf("Day");
    expect(input.slice(fileOffsets?.[day], (fileOffsets?.[day] ?? 0) + 3)).toBe("Day");
  });

  it("keeps a paragraph break where the page ends a sentence or the next page starts a section", () => {
    const ended = "end of a sentence.\n\n2\n\n----------------\n\nThe next one.\n";
    expect(cleanConvertedText(ended).text).toBe(ended);
    const section = "the last words\n\n2\n\n----------------\n\n(e) The next item.\n";
    expect(cleanConvertedText(section).text).toBe(section);
  });

  it("joins a word hyphenated at a line's end, and blanks image markers in place", () => {
    expect(cleanConvertedText("a regis-\n  tration statement\n").text).toBe("a registration statement\n");
    const { text } = cleanConvertedText("See [image00012.jpg] here\n");
    expect(text).toBe(`See ${" ".repeat("[image00012.jpg]".length)} here\n`);
  });

  it("leaves text without page furniture unchanged, with no map", () => {
    const seed = readFileSync("samples/valence-ridgeway-1999.txt", "utf8");
    expect(cleanConvertedText(seed)).toEqual({ text: seed });
  });

  it("on a real EDGAR conversion, a term split across a page reads whole, and its position is the file's", async () => {
    const source = await readDocument(FIXTURE);
    const file = readFileSync(FIXTURE, "utf8").split("\n");
    // Lines 140-150 of the fixture: "…Business" / page number 2 / rule / "Day as the applicable…"
    expect(file[139]).toMatch(/Business$/);
    expect(file[149]).toMatch(/^Day as the applicable/);
    const at = source.text.indexOf("Business Day as the applicable Additional Accelerated");
    expect(at).toBeGreaterThan(0);
    const locator = locatorFor(source);
    expect(locator.position(at + "Business ".length)).toEqual({ line: 150, column: 1 });
  });
});

describe("many page breaks and image markers", () => {
  // 60,000 page breaks each joining a sentence, and 60,000 image markers: every marker was once
  // compared with every join (3.6 billion comparisons). Each join and each marker still lands.
  it("joins every broken sentence and blanks every marker, offsets in step", () => {
    const page = (i: number) => `the Company shall pay\n\n----------------------\n${i % 900}\n\nthe Purchaser at once. logo.jpg [logo.jpg]\n`;
    const input = Array.from({ length: 60_000 }, (_, i) => page(i)).join("");
    const start = Date.now();
    const out = cleanConvertedText(input);
    expect((out.text.match(/shall pay the Purchaser/g) ?? []).length).toBe(60_000);
    expect(out.text).not.toMatch(/\.jpg/);
    expect(out.fileOffsets).toHaveLength(out.text.length + 1);
    // Every kept character points at itself in the input.
    const i = out.text.lastIndexOf("Purchaser");
    expect(input.slice(out.fileOffsets?.[i], (out.fileOffsets?.[i] ?? 0) + 9)).toBe("Purchaser");
    // A generous bound: the quadratic version took 25 s here, this one under 1 s.
    expect((Date.now() - start) / 1000).toBeLessThan(12);
  }, 60_000);
});
