/** --format html as markup (the browser tests open it in Chromium): what a lawyer reads of each document. */
import { describe, expect, it } from "vitest";
import { formatHtml } from "../../src/index.js";
import { SEED } from "../helpers/cli.js";
import { bundledRules, sampleReport } from "../helpers/reports.js";

describe("formatHtml", () => {
  it("names each document's kind of file and encoding in words, not as internal codes", async () => {
    const { report, texts } = await sampleReport([SEED, "samples/valence-ridgeway-1999.docx"]);
    const html = formatHtml(report, { texts, rules: bundledRules().rules });
    expect(html).toContain("5 passed, 0 gaps · EDGAR text, UTF-8</p>");
    expect(html).toContain("5 passed, 0 gaps · Word document, UTF-8</p>");
    expect(html).not.toContain("edgar-text, utf-8");
  });
});
