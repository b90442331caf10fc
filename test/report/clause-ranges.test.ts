/**
 * The HTML report highlights each quoted clause in the document's text: the stretch located
 * must be exactly what the evidence quotes, for plain text, EDGAR text, HTML and .docx sources.
 */
import { describe, expect, it } from "vitest";
import type { Evidence } from "../../src/index.js";
import { clauseRanges, evidenceEnd, segments } from "../../src/report/clause-ranges.js";
import { SEED } from "../helpers/cli.js";
import { checkSample } from "../helpers/reports.js";

const collapse = (s: string) => s.replace(/\s+/g, " ").trim();

const SAMPLES = [
  SEED,
  "samples/valence-ridgeway-1999.htm",
  "samples/valence-ridgeway-1999.docx",
  "samples/valence-edgar-html.txt",
  "samples/valence-edgar-sgml.txt",
  "samples/valence-cp1252-crlf.txt",
  "samples/redrafted-purchase-agreement.htm",
  "samples/redrafted-purchase-agreement.docx",
  "samples/redrafted-purchase-agreement.txt",
];

describe("clauseRanges", () => {
  it.each(SAMPLES)("%s: every range covers exactly the quoted text", async (file) => {
    const { source, report } = await checkSample(file);
    const ranges = clauseRanges(report, 0, source.text);
    const quoted = report.results.flatMap((r) => r.evidence);
    expect(ranges).toHaveLength(quoted.length);
    expect(ranges.length).toBeGreaterThan(0);
    for (const r of ranges) {
      let quote = r.evidence.text;
      if (r.evidence.term !== undefined) quote = quote.slice(r.evidence.term.length + 4);
      const got = collapse(source.text.slice(r.start, r.end));
      if (quote.endsWith("…")) expect(got.startsWith(quote.slice(0, -1)), `${r.id}: ${got.slice(0, 80)}`).toBe(true);
      else expect(got, r.id).toBe(quote);
    }
  });
});

describe("evidenceEnd for extracted text", () => {
  const evidence = (text: string, offset: number, extra: Partial<Evidence> = {}): Evidence => ({
    text,
    file: "x.htm",
    line: 1,
    column: 1,
    offset,
    endLine: 1,
    endColumn: 1,
    role: "clause",
    ...extra,
  });

  it("walks the text along the quote, across collapsed whitespace", () => {
    const text = "Intro.  The Company  has\n\tfiled it.  Next.";
    expect(text.slice(8, evidenceEnd(text, evidence("The Company has filed it.", 8), "html"))).toBe("The Company  has\n\tfiled it.");
  });

  it("skips the term a definition's quote starts with", () => {
    const text = 'where "Trading Market" means the Nasdaq Capital Market; and';
    const start = text.indexOf("the Nasdaq");
    const e = evidence('"Trading Market": the Nasdaq Capital Market', start, { role: "definition", term: "Trading Market" });
    expect(text.slice(start, evidenceEnd(text, e, "html"))).toBe("the Nasdaq Capital Market");
  });

  it("runs a quote cut short with … on to the end of its paragraph", () => {
    const text = "A long clause that goes on and on\nand on.\n\nNext paragraph.";
    expect(text.slice(0, evidenceEnd(text, evidence("A long clause…", 0), "docx"))).toBe("A long clause that goes on and on\nand on.");
  });
});

describe("segments", () => {
  it("cuts overlapping ranges so each piece knows every range covering it", () => {
    const base = { result: {} as never, evidence: {} as never, kind: "pass" as const };
    const a = { ...base, start: 2, end: 6, id: "a" };
    const b = { ...base, start: 4, end: 8, id: "b" };
    const segs = segments(10, [a, b]);
    expect(segs.map((s) => [s.start, s.end, s.covering.map((r) => r.id).join("")])).toEqual([
      [0, 2, ""],
      [2, 4, "a"],
      [4, 6, "ab"],
      [6, 8, "b"],
      [8, 10, ""],
    ]);
    expect(segs[1]?.starting.map((r) => r.id)).toEqual(["a"]);
  });
});
