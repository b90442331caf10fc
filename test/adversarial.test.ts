/**
 * Long runs of one character class are where a regular expression that backtracks shows
 * itself: each input here is 300 KB on one line and must be read, parsed and checked within
 * the test's timeout. (Timings are not asserted; a quadratic pattern simply never finishes.)
 */
import { describe, expect, it } from "vitest";
import { edgarSubmission } from "../fuzz/shapes.mjs";
import { bundledRulesDir, checkAgreement, loadRules, parseAgreement, sourceFromText } from "../src/index.js";
import { sourcesFromBytes } from "../src/ingest/read-document.js";

const rules = loadRules(bundledRulesDir);
const N = 300_000;
const runs: [string, string][] = [
  ["letters", "a".repeat(N)],
  ["capitals", "A".repeat(N)],
  ["digits", "1".repeat(N)],
  ["spaces then a word", `${" ".repeat(N)}x`],
  ["hyphens", "-".repeat(N)],
  ["periods", ".".repeat(N)],
  ["words", "word ".repeat(N / 5)],
  ["capitalised words", "Word ".repeat(N / 5)],
  ["brackets", "(a) ".repeat(N / 4)],
  ["quotes", '"Term" '.repeat(N / 7)],
  ["file names", "image.jpg".repeat(N / 9)],
  ["law words", "laws of the State of ".repeat(N / 21)],
  ["section labels", "Section 1.1 ".repeat(N / 12)],
  ["counterparts", "counterpart ".repeat(N / 12)],
];

describe("pathological long lines finish", () => {
  for (const [name, text] of runs) {
    it(`${name} (${(text.length / 1000).toFixed(0)} KB on one line)`, async () => {
      const report = await checkAgreement(sourceFromText(`Agreement.\n${text}\n`, `${name}.txt`), rules);
      expect(report.results).toHaveLength(rules.rules.length);
    }, 30_000);
  }
});

/**
 * Shapes of whole document that made a stage super-linear with the bundled rules (issue 14).
 * Each must be checked within a generous bound: the quadratic version took minutes.
 */
describe("hostile documents stay linear", () => {
  it('2 MB of `"TermN" means x;` lines (120,000 defined terms): each term\'s uses found in one pass', async () => {
    const text = `AGREEMENT\n\n${Array.from({ length: 120_000 }, (_, i) => `"Term${i}" means x;\n`).join("")}`;
    const start = Date.now();
    const report = await checkAgreement(sourceFromText(text, "terms.txt"), rules);
    expect(report.results).toHaveLength(rules.rules.length);
    expect((Date.now() - start) / 1000).toBeLessThan(60);
  }, 120_000);

  it("a 2 MB EDGAR submission with 300 tiny exhibits: each exhibit read over its own text, not a copy of the file", async () => {
    const bytes = Buffer.from(edgarSubmission(300));
    const rssBefore = process.resourceUsage().maxRSS;
    const start = Date.now();
    const sources = await sourcesFromBytes(bytes, "submission.txt");
    expect(sources).toHaveLength(300);
    for (const source of sources) {
      const report = await checkAgreement(source, rules, parseAgreement(source));
      expect(report.results).toHaveLength(rules.rules.length);
    }
    // Quadratic, this took 145 s and 2.4 GB; linear, about a second. The bounds only catch a return of the quadratic.
    expect((Date.now() - start) / 1000).toBeLessThan(20);
    expect((process.resourceUsage().maxRSS - rssBefore) / 1024).toBeLessThan(1024);
  }, 120_000);

  it("40,000 parenthesised definitions on one line", async () => {
    const text = `AGREEMENT\n\n${Array.from({ length: 40_000 }, (_, i) => `Acme (the "Def${i}") `).join("")}\n`;
    const report = await checkAgreement(sourceFromText(text, "paren.txt"), rules);
    expect(report.results).toHaveLength(rules.rules.length);
  }, 120_000);
});
