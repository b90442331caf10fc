import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findDate } from "../../src/parse/date.js";
import { parseAgreement } from "../../src/parse/parse-agreement.js";
import { LineIndex } from "../../src/position/line-index.js";
import { sourceFromText } from "../../src/ingest/read-document.js";

const read = (name: string) => readFileSync(new URL(`../../samples/${name}`, import.meta.url), "utf8");

function dateOf(text: string) {
  return findDate(text, new LineIndex(text), text.length);
}

describe("findDate", () => {
  it("reads the seed's date line, November 29, 1999", () => {
    const text = read("valence-ridgeway-1999.txt");
    expect(dateOf(text)).toEqual({
      text: "November 29, 1999",
      iso: "1999-11-29",
      span: { start: 0, end: 17, line: 1, column: 1, endLine: 1, endColumn: 18 },
    });
  });

  it('reads "dated as of the 5th day of June, 2020"', () => {
    const text = 'This Warrant Agreement (this "Agreement") is dated as of the 5th day of June, 2020, by and between the parties.';
    const d = dateOf(text);
    expect(d?.iso).toBe("2020-06-05");
    expect(d?.text).toBe("5th day of June, 2020");
    expect(d && text.slice(d.span.start, d.span.end)).toBe("5th day of June, 2020");
  });

  it('reads "made as of March 15,\\n2021" across a line break, and collapses its white space', () => {
    const text = read("redrafted-purchase-agreement.txt");
    const d = dateOf(text);
    expect(d?.text).toBe("March 15, 2021");
    expect(d?.iso).toBe("2021-03-15");
    expect(d?.span).toMatchObject({ line: 3, column: 69, endLine: 4, endColumn: 5 });
  });

  it("prefers the date the agreement is dated as of to an earlier date it mentions", () => {
    const text =
      "Reference is made to the Credit Agreement of January 5, 2015 (the \"Credit Agreement\"). This Amendment is dated as of March 1, 2020.";
    expect(dateOf(text)?.iso).toBe("2020-03-01");
  });

  it('reads "effective as of July 1st, 2019" and "entered into as of 1 July 2019"', () => {
    expect(dateOf("This Lease is effective as of July 1st, 2019 between the parties.")?.iso).toBe("2019-07-01");
    expect(dateOf("This Agreement is entered into as of 1 July 2019 between the parties.")?.iso).toBe("2019-07-01");
  });

  it("pads the month and day of the ISO date", () => {
    expect(dateOf("Dated: February 3, 2009")?.iso).toBe("2009-02-03");
  });

  it("ignores a day that cannot be a day of the month", () => {
    expect(dateOf("The price on June 32, 2020 was fixed.")).toBeUndefined();
  });

  it("finds nothing in text without a date", () => {
    expect(dateOf("This Agreement is between the parties named below.")).toBeUndefined();
  });

  it("is what parseAgreement reports for the redrafted agreement", () => {
    const a = parseAgreement(sourceFromText(read("redrafted-purchase-agreement.txt"), "redrafted"));
    expect(a.date?.iso).toBe("2021-03-15");
  });
});
