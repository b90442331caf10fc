/**
 * `clausecheck diff OLD NEW`, spawned as a user runs it: the comparison in every format, the
 * exit code (1 only when the later draft opened a gap at or above --fail-on), the config's
 * waivers, and bad input as one line with exit 2.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DiffReport } from "../src/index.js";
import { SEED, STACK_LINE, ensureBuilt, runCli, stripAnsi } from "./helpers/cli.js";
import { validateDiff, validateDiffLine, validateSarif } from "./helpers/output-schemas.js";
import { describeErrors } from "./helpers/schemas.js";
import { makeTmpDir, removeTmpDir } from "./helpers/tmp.js";

const MISSING = "samples/valence-law-missing.txt";
const NEGATED = "samples/valence-prospectus-negated.txt";
const DELAWARE = "samples/valence-law-delaware.txt";
const NO_FILE_NUMBER = "samples/valence-s3-no-file-number.txt";

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = makeTmpDir("diff");
}, 120_000);
afterAll(() => removeTmpDir(tmp));

function json(args: string[]): DiffReport {
  const run = runCli(["diff", "--format", "json", "--no-config", ...args]);
  expect(run.stderr).toBe("");
  const diff = JSON.parse(run.stdout) as DiffReport;
  expect(validateDiff(diff), describeErrors(validateDiff.errors).join("\n")).toBe(true);
  return diff;
}

describe("clausecheck diff, text", () => {
  it("seed → a clause removed: lists the rule as opened with the earlier clause and its place, exit 1", () => {
    const run = runCli(["diff", "--no-config", SEED, MISSING]);
    expect(run.status).toBe(1);
    const out = stripAnsi(run.stdout);
    expect(out.split("\n")[0]).toBe(`${SEED} → ${MISSING}`);
    expect(out).toContain("1 opened, 0 changed, 0 closed, 0 stayed, 4 unchanged");
    expect(out).toMatch(/✗ opened\s+governing-law\s+error gap: missing/);
    expect(out).toContain(`${SEED}:41:11 §5`);
    expect(out).toContain("no such clause");
    expect(out).toMatch(/· unchanged\s+counterparts, exchange-listing, prospectus-supplement, s3-registration/);
  });

  it("seed → Delaware law: the change says what moved; nothing opened, exit 0", () => {
    const run = runCli(["diff", "--no-config", SEED, DELAWARE]);
    expect(run.status).toBe(0);
    expect(stripAnsi(run.stdout)).toContain("jurisdiction: New York → Delaware");
    expect(stripAnsi(run.stdout)).toMatch(/~ changed\s+governing-law/);
  });

  it('"has filed" → "has not filed": the statement with the words that decided it', () => {
    const run = runCli(["diff", "--no-config", SEED, NEGATED]);
    expect(run.status).toBe(1);
    expect(stripAnsi(run.stdout)).toMatch(/statement: done \("has filed"\) → negated \("has not filed"\)/);
  });

  it("the later draft closing a gap exits 0", () => {
    const run = runCli(["diff", "--no-config", NEGATED, SEED]);
    expect(run.status).toBe(0);
    expect(stripAnsi(run.stdout)).toMatch(/✓ closed\s+prospectus-supplement/);
  });

  it("--fail-on: a warning gap opened fails only with --fail-on warning; never never fails", () => {
    expect(runCli(["diff", "--no-config", SEED, NO_FILE_NUMBER]).status).toBe(0);
    expect(runCli(["diff", "--no-config", "--fail-on", "warning", SEED, NO_FILE_NUMBER]).status).toBe(1);
    expect(runCli(["diff", "--no-config", "--fail-on", "never", SEED, MISSING]).status).toBe(0);
  });
});

describe("clausecheck diff, other formats", () => {
  it("json validates against schemas/diff.schema.json and keeps both clauses with their locations", () => {
    const diff = json([SEED, DELAWARE]);
    const law = diff.changes.find((c) => c.ruleId === "governing-law");
    expect(law?.change).toBe("changed");
    expect(law?.before.evidence[0]).toMatchObject({ file: SEED, line: 41, column: 11 });
    expect(law?.after.evidence[0]).toMatchObject({ file: DELAWARE, line: 41, column: 11 });
    expect(diff.rules.map((r) => r.id)).toEqual(diff.changes.map((c) => c.ruleId));
  });

  it("jsonl: one change per line, each valid", () => {
    const run = runCli(["diff", "-f", "jsonl", "--no-config", SEED, MISSING]);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(5);
    for (const l of lines) expect(validateDiffLine(JSON.parse(l)), describeErrors(validateDiffLine.errors).join("\n")).toBe(true);
  });

  it("sarif (from the -o extension): valid SARIF 2.1.0; opened is new, closed is an absent pass, changed is updated", () => {
    const out = join(tmp, "diff.sarif");
    expect(runCli(["diff", "--no-config", "-o", out, SEED, MISSING]).status).toBe(1);
    const log = JSON.parse(readFileSync(out, "utf8"));
    expect(validateSarif(log), describeErrors(validateSarif.errors).join("\n")).toBe(true);
    const results = log.runs[0].results;
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ruleId: "governing-law", kind: "fail", level: "error", baselineState: "new" });
    expect(results[0].relatedLocations[0].physicalLocation.artifactLocation.uri).toBe(SEED);

    const closed = JSON.parse(runCli(["diff", "-f", "sarif", "--no-config", NEGATED, SEED]).stdout);
    expect(validateSarif(closed)).toBe(true);
    expect(closed.runs[0].results).toEqual([
      expect.objectContaining({ ruleId: "prospectus-supplement", kind: "pass", level: "none", baselineState: "absent" }),
    ]);
    expect(closed.runs[0].results[0].locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: NEGATED }, region: { startLine: 26 } });

    const changed = JSON.parse(runCli(["diff", "-f", "sarif", "--no-config", SEED, DELAWARE]).stdout);
    expect(validateSarif(changed)).toBe(true);
    expect(changed.runs[0].results).toEqual([expect.objectContaining({ ruleId: "governing-law", kind: "informational", baselineState: "updated" })]);
    expect(changed.runs[0].results[0].message.text).toContain("jurisdiction: New York → Delaware");

    const stayed = JSON.parse(runCli(["diff", "-f", "sarif", "--no-config", MISSING, MISSING]).stdout);
    expect(stayed.runs[0].results).toEqual([expect.objectContaining({ ruleId: "governing-law", kind: "fail", baselineState: "unchanged" })]);
  });

  it("markdown: a row per rule and the opened rule with both drafts", () => {
    const md = runCli(["diff", "-f", "markdown", "--no-config", SEED, MISSING]).stdout;
    expect(md).toContain("| `governing-law` | ✗ opened | ✓ met | ✗ error gap: missing |");
    expect(md).toContain("### ✗ `governing-law` opened");
    expect(md).toContain(`\`${SEED}:41:11 §5\``);
  });

  it("html: one self-contained page with the two clauses side by side and the changed words marked", () => {
    const out = join(tmp, "diff.html");
    runCli(["diff", "--no-config", "-o", out, SEED, NEGATED]);
    const html = readFileSync(out, "utf8");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).not.toMatch(/<(?:script|img|iframe|link)\b[^>]*\b(?:src|href)=/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).toMatch(/<li class="change-item opened" id="x-prospectus-supplement"/);
    expect(html).toContain("<ins>not</ins>");
  });

  it("junit: the opened rule is a failure", () => {
    const xml = runCli(["diff", "-f", "junit", "--no-config", SEED, MISSING]).stdout;
    expect(xml).toContain('tests="5" failures="1"');
    expect(xml).toMatch(/<testcase classname="[^"]+" name="governing-law">\s*<failure message="No choice-of-law/);
  });
});

describe("clausecheck diff with a config", () => {
  it("the config's waiver accepts the opened gap: still listed as opened, exit 0", () => {
    const config = join(tmp, "clausecheck.config.yaml");
    writeFileSync(config, "waivers:\n  - rule: governing-law\n    document: valence-law-missing.txt\n    reason: Law chosen in the side letter.\n");
    const run = runCli(["diff", "--config", config, "-f", "json", SEED, MISSING]);
    expect(run.status).toBe(0);
    const diff = JSON.parse(run.stdout) as DiffReport;
    const law = diff.changes.find((c) => c.ruleId === "governing-law");
    expect(law?.change).toBe("opened");
    expect(law?.after.waived?.reason).toBe("Law chosen in the side letter.");
  });

  it("a config that disables the rule leaves it out of the comparison", () => {
    const config = join(tmp, "disable.config.yaml");
    writeFileSync(config, "disable: [governing-law]\n");
    const run = runCli(["diff", "--config", config, SEED, MISSING]);
    expect(run.status).toBe(0);
    expect(stripAnsi(run.stdout)).toContain("0 opened, 0 changed, 0 closed, 0 stayed, 4 unchanged");
  });
});

describe("clausecheck diff, bad input", () => {
  it.each([
    [["diff", SEED, "nope.txt"], /^clausecheck: nope\.txt: no such file$/],
    [["diff", SEED], /^clausecheck: missing required argument 'new'/],
    [["diff", "--format", "pdf", SEED, MISSING], /^clausecheck: option '-f, --format <format>' argument 'pdf' is invalid/],
    [["diff", SEED, "samples/valence-edgar-submission.txt", "--document", "EX-3"], /has no document of type EX-3/],
  ])("%j: one line, exit 2", (args, message) => {
    const run = runCli(args);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).not.toContain(STACK_LINE);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr.trimEnd()).toMatch(message);
    expect(run.stdout).toBe("");
  });
});
