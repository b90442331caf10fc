/**
 * Every format, on every sample and real agreement, read for machine wording: no raw patterns,
 * no "expected present, found (not found)", no "true"/"false", "yes"/"no" or empty brackets in
 * a message, no doubled quotation marks.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Report, type RuleSet, REPORT_FORMATS, buildReport, bundledRulesDir, checkAgreement, formatReport, loadRules, readDocument, sourceFromText } from "../../src/index.js";
import { documentText } from "../../src/report/document-text.js";
import type { DocumentText } from "../../src/report/document-text.js";
import { repoRoot } from "../helpers/cli.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const documents = [
  ...readdirSync(join(repoRoot, "samples"))
    .filter((f) => /\.(txt|htm|docx)$/.test(f))
    .map((f) => join("samples", f)),
  ...readdirSync(join(repoRoot, "test/fixtures/corpus"))
    .filter((f) => f.endsWith(".txt"))
    .map((f) => join("test/fixtures/corpus", f)),
];

/** Clauses found in real agreements that gave machine wording: a mention with no words deciding how it is stated. */
const SNIPPETS = [
  "(ii) a suspension or material limitation in trading in securities generally on the New York Stock Exchange;\n",
  '"Prospectus Supplement" means the supplement to the Base Prospectus relating to the Shares.\n',
];

/** What a reader sees of an HTML page: its text, without markup, styles or scripts. */
function visibleText(html: string): string {
  return html
    .replace(/<(style|script)>[\s\S]*?<\/\1>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** Machine wording a lawyer must never read in a message. */
const MACHINE = [/expected present/i, /\(not found\)/, /\b(expected|found) (true|false)\b/i, /\(\s*\)/, /""/, /:\s*(yes|no)\b/, /not met: /, /\(none\)/];

async function reportOf(rules: RuleSet, files: string[]): Promise<{ report: Report; texts: DocumentText[] }> {
  const docs = [];
  const texts: DocumentText[] = [];
  for (const f of files) {
    const source = await readDocument(join(repoRoot, f));
    source.file = f;
    docs.push(await checkAgreement(source, rules));
    texts.push(documentText(source));
  }
  for (const [i, t] of SNIPPETS.entries()) {
    const source = sourceFromText(t, `snippet-${i}.txt`);
    docs.push(await checkAgreement(source, rules));
    texts.push(documentText(source));
  }
  return { report: buildReport(rules, docs, []), texts };
}

/** Patterns as a rule file writes them, with the rule language's signs (a bare phrase may be words of a message). */
function writtenPatterns(rules: RuleSet): string[] {
  return rules.rules.flatMap((r) => r.find.map((p) => p.source)).filter((p) => /[[(*{]|\.\.\.|regex:/.test(p));
}

describe.each([
  ["the bundled rules", () => loadRules(bundledRulesDir)],
  [
    "a rule with a regex: pattern",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "clausecheck-wording-"));
      made.push(dir);
      cpSync(bundledRulesDir, dir, { recursive: true });
      const file = join(dir, "prospectus-supplement.yaml");
      const text = readFileSync(file, "utf8");
      writeFileSync(file, text.replace("  find:\n", "  find:\n    - regex: 'prospectus supplement (?:was|has been) filed'\n"));
      return loadRules(dir);
    },
  ],
])("every format, %s", (_, load) => {
  let rules: RuleSet;
  let report: Report;
  let texts: DocumentText[];
  const outputs = new Map<string, string>();
  beforeAll(async () => {
    rules = load();
    ({ report, texts } = await reportOf(rules, documents));
    for (const format of REPORT_FORMATS) outputs.set(format, formatReport(report, format, { color: false, rules: rules.rules, texts }));
  }, 60_000);

  it("has the regex: pattern when the rule has one (so the checks below can fail)", () => {
    const sources = rules.rules.flatMap((r) => r.find.map((p) => p.source));
    if (_.includes("regex")) expect(sources.some((s) => s.startsWith("regex: "))).toBe(true);
    expect(report.documents.some((d) => d.results.some((r) => r.reason === "missing"))).toBe(true);
    expect(report.documents.some((d) => d.results.some((r) => r.reason === "mentioned" && !r.statementCue))).toBe(true);
  });

  it("no message has machine wording", () => {
    for (const d of report.documents) {
      for (const r of d.results) {
        for (const re of MACHINE) expect(r.message, `${d.file} ${r.ruleId}`).not.toMatch(re);
        if (r.expected !== undefined) expect([r.expected, r.actual].join(" "), `${d.file} ${r.ruleId}`).not.toMatch(/^(present|true|false)\b|\(not found\)/);
      }
    }
  });

  it("a missing clause's `searched` holds phrases of the rule language, never a regular expression", () => {
    const missing = report.documents.flatMap((d) => d.results.filter((r) => r.reason === "missing"));
    for (const r of missing) for (const s of r.searched ?? []) expect(s).not.toMatch(/^regex:/);
  });

  it.each(["text", "markdown", "html", "junit", "sarif"] as const)("%s: no pattern of a rule, no machine wording", (format) => {
    const raw = outputs.get(format) as string;
    const shown = format === "html" || format === "junit" ? visibleText(raw.replace(/&apos;/g, "'")) : raw;
    for (const p of writtenPatterns(rules)) expect(shown.includes(p), `${format} shows the pattern ${p}`).toBe(false);
    expect(shown).not.toMatch(/expected present|\(not found\)|\b(expected|found) (true|false)\b/i);
    expect(shown).not.toMatch(/:\s*(yes|no)\b/);
    // A quote set in “…” never opens or closes on a second quotation mark.
    expect(shown).not.toMatch(/“["“]|["”]”/);
    expect(shown).not.toMatch(/(^|[\s(])""/m);
  });

  it("json and jsonl: no pattern outside `searched`", () => {
    for (const format of ["json", "jsonl"] as const) {
      const raw = outputs.get(format) as string;
      const lines = format === "json" ? [JSON.parse(raw) as Report] : raw.trim().split("\n").map((l) => JSON.parse(l) as object);
      const withoutSearched = JSON.stringify(lines, (k, v) => (k === "searched" ? undefined : v));
      for (const p of writtenPatterns(rules)) expect(withoutSearched.includes(JSON.stringify(p).slice(1, -1)), `${format} has ${p}`).toBe(false);
    }
  });
});
