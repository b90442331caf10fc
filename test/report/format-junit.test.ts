/**
 * --format junit: JUnit XML that CI systems read, checked by parsing it (fast-xml-parser) and
 * asserting its structure, and by feeding it text that needs escaping.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { type DocumentReport, buildReport, formatJunit } from "../../src/index.js";
import { xmlAttribute, xmlText } from "../../src/report/xml-text.js";
import { SEED, ensureBuilt, runCli } from "../helpers/cli.js";
import { GAP_SAMPLE, MISSING_SAMPLE, bundledRules, checkSample, sampleReport, waive } from "../helpers/reports.js";

beforeAll(() => ensureBuilt(), 120_000);

interface Failure {
  "@_message": string;
  "@_type": string;
  "#text": string;
}
interface TestCase {
  "@_classname": string;
  "@_name": string;
  failure?: Failure;
  skipped?: { "@_message": string };
  error?: { "@_message": string; "@_type": string };
}
interface TestSuite {
  "@_name": string;
  "@_tests": string;
  "@_failures": string;
  "@_errors": string;
  "@_skipped": string;
  testcase: TestCase[];
}

/** Parses JUnit XML after checking it is well-formed; every testsuite and testcase as an array. */
function parse(xml: string): { suites: TestSuite[]; root: Record<string, string> } {
  const valid = XMLValidator.validate(xml);
  expect(valid, JSON.stringify(valid)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    alwaysCreateTextNode: true,
    isArray: (name) => name === "testsuite" || name === "testcase",
    processEntities: true,
    htmlEntities: true,
  });
  const doc = parser.parse(xml) as { testsuites: Record<string, string> & { testsuite?: TestSuite[] } };
  return { suites: doc.testsuites.testsuite ?? [], root: doc.testsuites };
}

describe("formatJunit", () => {
  it("the seed: one testsuite named after the file, one passing testcase per rule", async () => {
    const { report } = await sampleReport([SEED]);
    const { suites, root } = parse(formatJunit(report));
    expect(root["@_name"]).toBe("clausecheck");
    expect(suites).toHaveLength(1);
    const suite = suites[0] as TestSuite;
    expect(suite["@_name"]).toBe(SEED);
    expect(suite["@_tests"]).toBe(String(bundledRules().rules.length));
    expect(suite["@_failures"]).toBe("0");
    expect(suite.testcase.map((t) => t["@_name"]).sort()).toEqual(bundledRules().rules.map((r) => r.id).sort());
    for (const t of suite.testcase) {
      expect(t["@_classname"]).toBe(SEED);
      expect(t.failure).toBeUndefined();
    }
  });

  it("a gap: a <failure> with the message, severity as type, location and the quoted clause", async () => {
    const { report } = await sampleReport([SEED, GAP_SAMPLE]);
    const { suites, root } = parse(formatJunit(report));
    expect(suites.map((s) => s["@_name"])).toEqual([SEED, GAP_SAMPLE]);
    expect(root["@_failures"]).toBe("1");
    const gap = suites[1] as TestSuite;
    expect(gap["@_failures"]).toBe("1");
    const failing = gap.testcase.filter((t) => t.failure);
    expect(failing.map((t) => t["@_name"])).toEqual(["s3-registration"]);
    const f = failing[0]?.failure as Failure;
    expect(f["@_type"]).toBe("error");
    expect(f["@_message"]).toBe("Section 2(a) names a registration statement on Form S-1, not Form S-3.");
    expect(f["#text"]).toContain(`${GAP_SAMPLE}:22:56`);
    // The quote in “…”, its own quotation marks as a quotation inside a quotation writes them.
    expect(f["#text"]).toContain("“the shares of Common Stock issued by the Company");
    expect(f["#text"]).toContain("(the ‘Securities Act’), pursuant to a registration statement on Form S-1");
    expect(f["#text"]).toContain("expected S-3 or S-3ASR, found S-1");
  });

  it("a missing clause: the failure names the file and where such a clause usually stands", async () => {
    const { report } = await sampleReport([MISSING_SAMPLE]);
    const f = parse(formatJunit(report)).suites[0]?.testcase.find((t) => t["@_name"] === "governing-law")?.failure;
    expect(f?.["#text"]).toContain(`at ${MISSING_SAMPLE}`);
    expect(f?.["#text"]).toMatch(/usually: Near the end/);
  });

  it("a missing clause: with the rules, the failure says in words what was looked for, and no pattern", async () => {
    const { report } = await sampleReport([MISSING_SAMPLE]);
    const f = parse(formatJunit(report, { rules: bundledRules().rules })).suites[0]?.testcase.find((t) => t["@_name"] === "governing-law")?.failure;
    expect(f?.["#text"]).toContain("looked for: The agreement chooses the law that governs it");
    expect(f?.["#text"]).not.toContain("...{0,");
  });

  it("a waived gap is <skipped> with the waiver's reason, not a failure", async () => {
    const { report: doc } = await checkSample(GAP_SAMPLE);
    waive(doc, "s3-registration", "Buyer accepts S-1 <resale> & \"shelf\" terms");
    const { suites } = parse(formatJunit(buildReport(bundledRules(), [doc], [])));
    const t = suites[0]?.testcase.find((x) => x["@_name"] === "s3-registration");
    expect(t?.failure).toBeUndefined();
    expect(t?.skipped?.["@_message"]).toContain('Buyer accepts S-1 <resale> & "shelf" terms');
    expect(suites[0]?.["@_skipped"]).toBe("1");
    expect(suites[0]?.["@_failures"]).toBe("0");
  });

  it("an unreadable document is a testsuite with one <error> carrying its code", async () => {
    const { report: doc } = await checkSample(SEED);
    const { suites } = parse(formatJunit(buildReport(bundledRules(), [doc], [{ file: "gone.txt", code: "ENOENT", message: "no such file" }])));
    const err = suites[1]?.testcase[0]?.error;
    expect(suites[1]?.["@_name"]).toBe("gone.txt");
    expect(err?.["@_type"]).toBe("ENOENT");
    expect(err?.["@_message"]).toBe("no such file");
  });

  it("escapes markup, quotes, line breaks and characters XML cannot hold (form feeds, lone surrogates)", async () => {
    const { report: doc } = await checkSample(GAP_SAMPLE);
    const nasty = `A <b>&amp;</b> "quoted" 'single' ]]> \f page\u0001 \uD800 end\nsecond line`;
    const hostile: DocumentReport = { ...doc, file: `deal <"&'>.txt`, results: doc.results.map((r) => (r.status === "gap" ? { ...r, message: nasty, evidence: r.evidence.map((e) => ({ ...e, text: nasty })) } : r)) };
    const xml = formatJunit(buildReport(bundledRules(), [hostile], []));
    const { suites } = parse(xml);
    expect(suites[0]?.["@_name"]).toBe(`deal <"&'>.txt`);
    const f = suites[0]?.testcase.find((t) => t.failure)?.failure as Failure;
    expect(f["@_message"]).toBe(`A <b>&amp;</b> "quoted" 'single' ]]> \uFFFD page\uFFFD \uFFFD end\nsecond line`);
    expect(f["#text"]).toContain(`A <b>&amp;</b> "quoted" 'single' ]]>`);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });
});

describe("xmlText and xmlAttribute", () => {
  it("escape the five markup characters", () => {
    expect(xmlText(`<a href="x">Tom & Jerry's</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;");
  });
  it("keep a well-formed surrogate pair and replace a lone one", () => {
    expect(xmlText("😀 \uDC00")).toBe("😀 \uFFFD");
  });
  it("keep line breaks and tabs in attributes as character references", () => {
    expect(xmlAttribute("a\nb\tc\r")).toBe("a&#10;b&#9;c&#13;");
  });
});

describe("clausecheck check --format junit (the built CLI)", () => {
  it("prints well-formed JUnit XML for the seed and a gap sample", () => {
    const run = runCli(["check", "--format", "junit", SEED, GAP_SAMPLE]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    const { suites } = parse(run.stdout);
    expect(suites.map((s) => [s["@_name"], s["@_failures"]])).toEqual([
      [SEED, "0"],
      [GAP_SAMPLE, "1"],
    ]);
  });
});
