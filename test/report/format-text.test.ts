/** The text report, as a lawyer reads it on a terminal: short quotes with their place, warnings as warnings, gaps only on demand. */
import { describe, expect, it } from "vitest";
import { buildReport, checkAgreement, formatText, sourceFromText } from "../../src/index.js";
import { SEED } from "../helpers/cli.js";
import { GAP_SAMPLE, MISSING_SAMPLE, bundledRules, sampleReport } from "../helpers/reports.js";

const WARNING_SAMPLE = "samples/valence-s3-no-file-number.txt";
const rules = () => bundledRules().rules;

/** The lines of the report that quote evidence: `file:line:column  …  “quote”`. */
const quoteLines = (out: string) => out.split("\n").filter((l) => /^ {6}\S+:\d+:\d+ /.test(l));

describe("formatText", () => {
  it("cuts every quote at a readable length, at a word, with its file:line:column kept", async () => {
    const out = formatText((await sampleReport([SEED, GAP_SAMPLE, "samples/redrafted-purchase-agreement.txt"])).report, { color: false, rules: rules() });
    const lines = quoteLines(out);
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines) {
      const quote = /“([^“]*)”$/.exec(l)?.[1] ?? "";
      expect(quote.length, l).toBeLessThanOrEqual(100);
      expect(quote.length, l).toBeGreaterThan(10);
    }
    expect(out).toContain(`${SEED}:51:11  §6  “Delivery of an executed copy of a signature page to this agreement by facsimile transmission shall …”`);
  });

  it("a gap's quote keeps the words the gap is about, however far into the clause they stand", async () => {
    const out = formatText((await sampleReport([GAP_SAMPLE])).report, { color: false, rules: rules() });
    const line = quoteLines(out).find((l) => l.includes(`${GAP_SAMPLE}:22:56`));
    expect(line).toMatch(/“… .*Form S-1.* …”$/);
  });

  it("a definition is quoted once, without doubled quotation marks, its term named", async () => {
    const out = formatText((await sampleReport(["samples/redrafted-purchase-agreement.txt"])).report, { color: false });
    expect(out).toContain("definition of “Trading Market”: “the Nasdaq Capital Market”");
    expect(out).not.toMatch(/""|“"|"”/);
  });

  it("a quote's own quotation marks are nested, not doubled", async () => {
    const source = sourceFromText('This Agreement (the "Agreement") shall be governed by the laws of the State of New York.\n', "x.txt");
    const report = buildReport(bundledRules(), [await checkAgreement(source, bundledRules())], []);
    const out = formatText(report, { color: false });
    expect(out).toContain("“This Agreement (the ‘Agreement’) shall be governed by the laws of the State of New York.”");
  });

  it("a missing clause says in words what was looked for, not the patterns", async () => {
    const out = formatText((await sampleReport([MISSING_SAMPLE])).report, { color: false, rules: rules() });
    expect(out).toContain("looked for: The agreement chooses the law that governs it");
    // As many as the rule file has phrases (a `regex:` pattern is not shown as a phrasing).
    const phrasings = rules().find((r) => r.id === "governing-law")?.find.filter((p) => p.phrase).length;
    expect(phrasings).toBeGreaterThan(5);
    expect(out).toContain(`${phrasings} phrasings searched: clausecheck explain ${MISSING_SAMPLE} --rule governing-law lists them`);
    // Every pattern written with the rule language's signs (a bare phrase such as "prospectus
    // supplement" is words a message may use).
    for (const p of rules().flatMap((r) => r.find.map((f) => f.source)).filter((p) => /[[(*{]|\.\.\./.test(p))) expect(out).not.toContain(p);
    expect(out).not.toContain("/*");
  });

  it("a warning is marked ! in yellow, its document's counts yellow, not red", async () => {
    const out = formatText((await sampleReport([WARNING_SAMPLE])).report, { color: true });
    const head = out.split("\n")[0] as string;
    expect(head).toContain("\u001b[33m4 passed, 1 gap");
    expect(head).not.toContain("\u001b[31m");
    expect(out).toMatch(/\u001b\[33m!\u001b\[39m s3-registration/);
    expect(out).not.toContain("\u001b[31m✗");
    const error = formatText((await sampleReport([GAP_SAMPLE])).report, { color: true });
    expect(error.split("\n")[0]).toContain("\u001b[31m4 passed, 1 gap");
  });

  it("gapsOnly leaves out passing checks and documents without a gap, and ends with the totals", async () => {
    const { report } = await sampleReport([SEED, GAP_SAMPLE]);
    const out = formatText(report, { color: false, gapsOnly: true });
    expect(out).not.toContain("✓");
    expect(out).not.toMatch(new RegExp(`^${SEED}`, "m"));
    expect(out).toMatch(/✗ s3-registration/);
    expect(out.trimEnd().split("\n").at(-1)).toBe("2 documents checked: 9 passed, 1 gap (1 error, 0 warnings)");
    const one = formatText((await sampleReport([SEED])).report, { color: false, gapsOnly: true });
    expect(one).toBe("1 document checked: 5 passed, 0 gaps (0 errors, 0 warnings)\n");
  });
});
