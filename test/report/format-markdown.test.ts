/** --format markdown: a table of documents × checks and the gaps with quotes, ready to paste into a pull request. */
import { beforeAll, describe, expect, it } from "vitest";
import { buildReport, formatMarkdown } from "../../src/index.js";
import { markdownText } from "../../src/report/format-markdown.js";
import { SEED, ensureBuilt, runCli } from "../helpers/cli.js";
import { GAP_SAMPLE, MISSING_SAMPLE, bundledRules, checkSample, sampleReport, waive } from "../helpers/reports.js";

beforeAll(() => ensureBuilt(), 120_000);

/** The cells of the table row whose first cell names `file`. */
function row(md: string, file: string): string[] | undefined {
  const line = md.split("\n").find((l) => l.startsWith(`| \`${file}\` |`));
  return line
    ?.split(" | ")
    .slice(1)
    .map((c) => c.replace(/\s*\|$/, "").trim());
}

describe("formatMarkdown", () => {
  let md: string;
  beforeAll(async () => {
    md = formatMarkdown((await sampleReport([SEED, GAP_SAMPLE, MISSING_SAMPLE])).report);
  });

  it("has a header row naming every check by its title and a row per document with ✓ and ✗", () => {
    const ids = bundledRules().rules.map((r) => r.id);
    expect(md).toContain(`| Document | ${bundledRules().rules.map((r) => r.title).join(" | ")} |`);
    expect(row(md, SEED)).toEqual(ids.map(() => "✓"));
    expect(row(md, GAP_SAMPLE)).toEqual(ids.map((id) => (id === "s3-registration" ? "✗" : "✓")));
    expect(row(md, MISSING_SAMPLE)).toEqual(ids.map((id) => (id === "governing-law" ? "✗" : "✓")));
  });

  it("lists each gap under its document with the quote and file:line:column", () => {
    const section = md.slice(md.indexOf(`### \`${GAP_SAMPLE}\``));
    expect(section).toMatch(/- ✗ \*\*Shares registered on Form S-3\*\* \(`s3-registration`\) · error · deviating: Section 2\(a\) names a registration statement on Form S-1, not Form S-3\./);
    expect(section).toContain(`\`${GAP_SAMPLE}:22:56\` §2(a)`);
    expect(section).toMatch(/\n {2}> the shares of Common Stock issued by the Company to the Purchaser have been registered/);
    expect(section).toContain("Expected S-3 or S-3ASR, found S-1.");
  });

  it("says for a missing clause what was looked for, in words, and where it usually stands", async () => {
    const withRules = formatMarkdown((await sampleReport([MISSING_SAMPLE])).report, { rules: bundledRules().rules });
    const section = withRules.slice(withRules.indexOf(`### \`${MISSING_SAMPLE}\``));
    expect(section).toMatch(/\(`governing-law`\) · error · missing/);
    expect(section).toContain("Looked for: The agreement chooses the law that governs it");
    const phrasings = bundledRules().rules.find((r) => r.id === "governing-law")?.find.filter((p) => p.phrase).length;
    expect(phrasings).toBeGreaterThan(5);
    expect(section).toContain(`${phrasings} phrasings; \`clausecheck explain samples/valence-law-missing.txt --rule governing-law\` lists them`);
    expect(section).not.toContain("...{0,");
    expect(section).toContain("Where such a clause usually stands: Near the end, among the miscellaneous provisions.");
  });

  it("emphasises the words a gap is about in its quote", async () => {
    const withRules = formatMarkdown((await sampleReport([GAP_SAMPLE])).report, { rules: bundledRules().rules });
    expect(withRules).toContain("**Form S-1**");
  });

  it("marks a warning ⚠, not ✗", async () => {
    const out = formatMarkdown((await sampleReport(["samples/valence-s3-no-file-number.txt"])).report);
    expect(row(out, "samples/valence-s3-no-file-number.txt")).toContain("⚠");
    expect(row(out, "samples/valence-s3-no-file-number.txt")).not.toContain("✗");
    expect(out).toMatch(/- ⚠ \*\*Shares registered on Form S-3\*\* \(`s3-registration`\) · warning · incomplete/);
    expect(out).toContain("⚠ warning");
  });

  it("with gapsOnly, the table lists only the documents with a gap", async () => {
    const out = formatMarkdown((await sampleReport([SEED, GAP_SAMPLE])).report, { gapsOnly: true });
    expect(row(out, SEED)).toBeUndefined();
    expect(row(out, GAP_SAMPLE)).toBeDefined();
  });

  it("lists no section for a document without gaps", () => {
    expect(md).not.toContain(`### \`${SEED}\``);
  });

  it("marks a waived gap ~ and gives the reason", async () => {
    const { report: doc } = await checkSample(GAP_SAMPLE);
    waive(doc, "s3-registration", "S-1 resale accepted");
    const out = formatMarkdown(buildReport(bundledRules(), [doc], []));
    expect(row(out, GAP_SAMPLE)).toContain("~");
    expect(out).toMatch(/- ~ \*\*Shares registered on Form S-3\*\* \(`s3-registration`\) · waived · deviating/);
    expect(out).toContain("Waived: S-1 resale accepted (approved by J. Rivera)");
  });

  it("lists unreadable documents", async () => {
    const { report: doc } = await checkSample(SEED);
    const out = formatMarkdown(buildReport(bundledRules(), [doc], [{ file: "gone.txt", code: "ENOENT", message: "no such file" }]));
    expect(out).toContain("### Could not be read");
    expect(out).toContain("- `gone.txt`: no such file (`ENOENT`)");
  });
});

describe("markdownText", () => {
  it("escapes what Markdown would render as emphasis, links, HTML or a table break", () => {
    expect(markdownText("a *b* _c_ [d](e) <f> | g ` h \\ ~i~")).toBe("a \\*b\\* \\_c\\_ \\[d\\](e) \\<f\\> \\| g \\` h \\\\ \\~i\\~");
  });
  it("keeps a quote starting with a number or a dash from becoming a list or heading", () => {
    expect(markdownText("1. The Company")).toBe("1\\. The Company");
    expect(markdownText("- item")).toBe("\\- item");
    expect(markdownText("# heading")).toBe("\\# heading");
  });
});

describe("clausecheck check --format markdown (the built CLI)", () => {
  it("prints the table and the gap for the seed and a gap sample", () => {
    const run = runCli(["check", "--format", "markdown", SEED, GAP_SAMPLE]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    expect(row(run.stdout, SEED)?.every((c) => c === "✓")).toBe(true);
    expect(run.stdout).toContain(`\`${GAP_SAMPLE}:22:56\``);
  });
});
