/** --format jsonl: each line valid against schemas/report-line.schema.json; the schema rejects broken lines. */
import { describe, expect, it } from "vitest";
import { buildReport, formatJsonl } from "../../src/index.js";
import { validateReportLine } from "../helpers/output-schemas.js";
import { describeErrors } from "../helpers/schemas.js";
import { GAP_SAMPLE, bundledRules, checkSample } from "../helpers/reports.js";

describe("formatJsonl", () => {
  it("one line per document, then one per unreadable document, each valid", async () => {
    const { report: doc } = await checkSample(GAP_SAMPLE);
    const out = formatJsonl(buildReport(bundledRules(), [doc], [{ file: "x.txt", code: "EMPTY", message: "is empty" }]));
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    for (const l of lines) {
      const value: unknown = JSON.parse(l);
      expect(validateReportLine(value), describeErrors(validateReportLine.errors).join("\n")).toBe(true);
    }
    expect(JSON.parse(lines[0] as string)).toEqual(doc);
  });

  it("the line schema rejects a document without results and an error without a code", async () => {
    const { report: doc } = await checkSample(GAP_SAMPLE);
    const { results: _, ...noResults } = doc;
    expect(validateReportLine(noResults)).toBe(false);
    expect(validateReportLine({ file: "x.txt", message: "is empty" })).toBe(false);
    expect(validateReportLine({ ...doc, extra: 1 })).toBe(false);
  });
});
