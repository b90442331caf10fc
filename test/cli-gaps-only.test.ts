/** `clausecheck check --gaps-only`, run as a user runs it: only the gaps, in every format; the totals and the exit code unchanged. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DocumentReport, Report } from "../src/index.js";
import { SEED, ensureBuilt, runCli } from "./helpers/cli.js";
import { describeErrors, validateReport } from "./helpers/schemas.js";
import { makeTmpDir, removeTmpDir } from "./helpers/tmp.js";

const GAP_SAMPLE = "samples/valence-s3-form-s1.txt";
const WARNING_SAMPLE = "samples/valence-s3-no-file-number.txt";
const FILES = [SEED, GAP_SAMPLE, WARNING_SAMPLE];

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = makeTmpDir("gaps-only");
}, 120_000);
afterAll(() => removeTmpDir(tmp));

describe("check --gaps-only", () => {
  it("is listed in `check --help`", () => {
    expect(runCli(["check", "--help"]).stdout).toMatch(/--gaps-only\s+report only the gaps/);
  });

  it("text: only the gap lines and the documents that have one, then the totals; the exit code as without it", () => {
    const full = runCli(["check", ...FILES]);
    const run = runCli(["check", "--gaps-only", ...FILES]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(full.status);
    expect(run.stdout).not.toContain("✓");
    expect(run.stdout).not.toMatch(new RegExp(`^${SEED}`, "m"));
    expect(run.stdout).toMatch(/✗ s3-registration\s+error Section 2\(a\) names a registration statement on Form S-1/);
    expect(run.stdout).toMatch(/! s3-registration\s+warning/);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("3 documents checked: 13 passed, 2 gaps (1 error, 1 warning)");
    // Without the option, the passes are there (so the checks above can fail).
    expect(full.stdout).toContain("✓");
  });

  it("text, a document without gaps: only the totals", () => {
    const run = runCli(["check", "--gaps-only", SEED]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("1 document checked: 5 passed, 0 gaps (0 errors, 0 warnings)\n");
  });

  it("json: each document lists only its gaps, its summary still counts every check; the report is schema-valid", () => {
    const run = runCli(["check", "--gaps-only", "-f", "json", ...FILES]);
    const report = JSON.parse(run.stdout) as Report;
    expect(validateReport(report), describeErrors(validateReport.errors).join("\n")).toBe(true);
    expect(report.documents.map((d) => d.results.map((r) => r.ruleId))).toEqual([[], ["s3-registration"], ["s3-registration"]]);
    expect(report.documents.every((d) => d.results.every((r) => r.status === "gap"))).toBe(true);
    expect(report.documents[0]?.summary.passed).toBe(5);
    expect(report.summary).toMatchObject({ documents: 3, passed: 13, gaps: 2 });
  });

  it("jsonl: each streamed line lists only its document's gaps", () => {
    const run = runCli(["check", "--gaps-only", "-f", "jsonl", ...FILES]);
    const lines = run.stdout.trim().split("\n").map((l) => JSON.parse(l) as DocumentReport);
    expect(lines.map((d) => d.results.length)).toEqual([0, 1, 1]);
  });

  it("junit: only the gaps are test cases", () => {
    const run = runCli(["check", "--gaps-only", "-f", "junit", ...FILES]);
    expect(run.stdout.match(/<testcase /g)).toHaveLength(2);
    expect(run.stdout).toMatch(/<testsuites name="clausecheck" tests="2" failures="2"/);
  });

  it("markdown and html: the documents without a gap are left out, and no passing check is shown", () => {
    const md = runCli(["check", "--gaps-only", "-f", "markdown", ...FILES]).stdout;
    expect(md).not.toContain(`\`${SEED}\``);
    expect(md).toContain(`\`${GAP_SAMPLE}\``);
    const out = join(tmp, "gaps.html");
    runCli(["check", "--gaps-only", "-o", out, ...FILES]);
    const html = readFileSync(out, "utf8");
    expect(html).not.toContain('<li class="finding pass"');
    expect(html).not.toContain('<mark class="pass" data-clauses');
    // A summary cell of a passing check links nowhere: its finding is not on the page.
    expect(html).not.toMatch(/<a href="#f\d+-\d+"><span class="mark-pass"/);
    expect(html).not.toContain(`>${SEED}<`);
    expect(html).toContain('<li class="finding gap"');
    expect(html).toContain('<li class="finding warning"');
    // Without the option the passes are shown.
    runCli(["check", "-o", out, ...FILES]);
    const all = readFileSync(out, "utf8");
    expect(all).toContain('<li class="finding pass"');
    expect(all).toContain('<mark class="pass" data-clauses');
    expect(all).toMatch(/<a href="#f\d+-\d+"><span class="mark-pass"/);
  });
});
