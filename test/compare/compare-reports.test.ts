/**
 * compareReports on the samples: each sample changes one clause of the seed, so comparing the
 * seed with it must show that rule, and only that rule, moved the way the sample says.
 */
import { describe, expect, it } from "vitest";
import { type DocumentReport, type RuleChange, buildReport, compareReports, gapsOpened, isClauseCheckError, wordDiff } from "../../src/index.js";
import { SEED } from "../helpers/cli.js";
import { bundledRules, checkSample, waive } from "../helpers/reports.js";

async function report(file: string): Promise<DocumentReport> {
  return (await checkSample(file)).report;
}

function only(changes: RuleChange[], kind: RuleChange["change"]): string[] {
  return changes.filter((c) => c.change === kind).map((c) => c.ruleId);
}

describe("compareReports on the samples", () => {
  it("a clause removed: the rule is opened (missing), every other rule unchanged, with both clauses", async () => {
    const diff = compareReports(await report(SEED), await report("samples/valence-law-missing.txt"));
    expect(only(diff.changes, "opened")).toEqual(["governing-law"]);
    expect(diff.summary).toEqual({ opened: 1, changed: 0, closed: 0, stayed: 0, unchanged: 4 });
    const law = diff.changes.find((c) => c.ruleId === "governing-law") as RuleChange;
    expect(law.before.status).toBe("pass");
    expect(law.before.evidence[0]).toMatchObject({ file: SEED, line: 41, column: 11, section: "5" });
    expect(law.after).toMatchObject({ status: "gap", reason: "missing", evidence: [] });
    expect(law.differences).toContainEqual({ field: "values.jurisdiction", before: "New York" });
    // Section 6 became 5 when 5 was removed: a clause that only moved is unchanged.
    expect(diff.changes.find((c) => c.ruleId === "counterparts")?.change).toBe("unchanged");
    expect(diff.before.file).toBe(SEED);
    expect(diff.after.summary.gaps).toBe(1);
  });

  it("a clause negated: opened, the statement done → negated", async () => {
    const diff = compareReports(await report(SEED), await report("samples/valence-prospectus-negated.txt"));
    const c = diff.changes.find((x) => x.ruleId === "prospectus-supplement") as RuleChange;
    expect(c.change).toBe("opened");
    expect(c.differences).toContainEqual({ field: "statement", before: "done", after: "negated" });
    expect(c.after.evidence[0]?.text).toContain("has not filed");
    expect(only(diff.changes, "unchanged")).toHaveLength(4);
  });

  it('"has filed" became "shall use its best efforts to file": opened, and comparing the other way round closes it', async () => {
    const seed = await report(SEED);
    const future = await report("samples/valence-prospectus-future.txt");
    const forward = compareReports(seed, future);
    expect(only(forward.changes, "opened")).toEqual(["prospectus-supplement"]);
    expect(forward.changes.find((c) => c.ruleId === "prospectus-supplement")?.differences).toContainEqual({ field: "statement", before: "done", after: "future" });
    const backward = compareReports(future, seed);
    expect(only(backward.changes, "closed")).toEqual(["prospectus-supplement"]);
    expect(backward.summary.opened).toBe(0);
  });

  it("the governing law moved from New York to Delaware: changed, both met", async () => {
    const diff = compareReports(await report(SEED), await report("samples/valence-law-delaware.txt"));
    const c = diff.changes.find((x) => x.ruleId === "governing-law") as RuleChange;
    expect(c.change).toBe("changed");
    expect([c.before.status, c.after.status]).toEqual(["pass", "pass"]);
    expect(c.differences).toContainEqual({ field: "values.jurisdiction", before: "New York", after: "Delaware" });
    expect(c.differences.map((d) => d.field)).toContain("clause");
    expect(diff.summary).toEqual({ opened: 0, changed: 1, closed: 0, stayed: 0, unchanged: 4 });
  });

  it("a deviating form where a file number was missing: changed, the severity rising from warning to error", async () => {
    const diff = compareReports(await report("samples/valence-s3-no-file-number.txt"), await report("samples/valence-s3-form-s1.txt"));
    const c = diff.changes.find((x) => x.ruleId === "s3-registration") as RuleChange;
    expect(c.change).toBe("changed");
    expect(c.differences).toEqual(
      expect.arrayContaining([
        { field: "severity", before: "warning", after: "error" },
        { field: "reason", before: "incomplete", after: "deviating" },
        { field: "values.form", before: "S-3", after: "S-1" },
      ]),
    );
    // A warning that became an error is a gap --fail-on error did not count before: it is opened at that level.
    expect(gapsOpened(diff, "error").map((x) => x.ruleId)).toEqual(["s3-registration"]);
    expect(gapsOpened(diff, "warning")).toEqual([]);
  });

  it("the same gap in both drafts stayed, and does not count as opened", async () => {
    const diff = compareReports(await report("samples/valence-listing-otc.txt"), await report("samples/valence-listing-otc.txt"));
    expect(only(diff.changes, "stayed")).toEqual(["exchange-listing"]);
    expect(diff.changes.find((c) => c.ruleId === "exchange-listing")?.differences).toEqual([]);
    expect(gapsOpened(diff, "error")).toEqual([]);
  });

  it("a waiver on the later draft's gap: still opened, but no longer counted by --fail-on", async () => {
    const after = await report("samples/valence-law-missing.txt");
    waive(after, "governing-law", "Memo of 3 May");
    const diff = compareReports(await report(SEED), after);
    expect(only(diff.changes, "opened")).toEqual(["governing-law"]);
    expect(gapsOpened(diff, "error")).toEqual([]);
  });

  it("takes Reports of one document each, and refuses a Report of several", async () => {
    const seed = await report(SEED);
    const missing = await report("samples/valence-law-missing.txt");
    const diff = compareReports(buildReport(bundledRules(), [seed], []), buildReport(bundledRules(), [missing], []));
    expect(diff.rules.map((r) => r.file)).toEqual(bundledRules().rules.map((r) => expect.stringContaining(`${r.id}.yaml`)));
    expect(diff.summary.opened).toBe(1);
    let error: unknown;
    try {
      compareReports(buildReport(bundledRules(), [seed, missing], []), missing);
    } catch (e) {
      error = e;
    }
    expect(isClauseCheckError(error) && error.code === "USAGE" && error.message).toMatch(/holds 2 documents/);
  });

  it("rules only one report has are listed as not compared", async () => {
    const seed = await report(SEED);
    const fewer: DocumentReport = { ...seed, results: seed.results.filter((r) => r.ruleId !== "counterparts") };
    const diff = compareReports(seed, fewer);
    expect(diff.uncompared).toEqual([{ ruleId: "counterparts", in: "before" }]);
    expect(diff.changes.map((c) => c.ruleId)).not.toContain("counterparts");
  });
});

describe("wordDiff", () => {
  it("marks the words one quote has and the other lacks", () => {
    expect(wordDiff("the Company has filed a prospectus", "the Company will file a prospectus")).toEqual([
      { kind: "same", text: "the Company" },
      { kind: "removed", text: "has filed" },
      { kind: "added", text: "will file" },
      { kind: "same", text: "a prospectus" },
    ]);
  });

  it("gives up on quotes too long to compare cheaply", () => {
    const long = Array.from({ length: 600 }, (_, i) => `w${i}`).join(" ");
    expect(wordDiff(long, `${long} more`)).toBeUndefined();
  });
});
