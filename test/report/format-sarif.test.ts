/**
 * --format sarif: a SARIF 2.1.0 log that code-scanning tools read, valid against the schema
 * shipped in schemas/sarif-schema-2.1.0.json, for the seed, gap samples, a waived gap and
 * an unreadable file; through the library and the built CLI.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Log, Result } from "sarif";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReport, formatSarif } from "../../src/index.js";
import { SEED, ensureBuilt, runCli } from "../helpers/cli.js";
import { describeErrors } from "../helpers/schemas.js";
import { validateSarif } from "../helpers/output-schemas.js";
import { GAP_SAMPLE, MISSING_SAMPLE, bundledRules, checkSample, sampleReport, waive } from "../helpers/reports.js";
import { makeTmpDir, removeTmpDir } from "../helpers/tmp.js";

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = makeTmpDir("sarif");
}, 120_000);
afterAll(() => removeTmpDir(tmp));

function expectValid(log: unknown): asserts log is Log {
  expect(validateSarif(log), describeErrors(validateSarif.errors).join("\n")).toBe(true);
}

const resultsOf = (log: Log): Result[] => log.runs[0]?.results ?? [];

describe("the SARIF schema check itself", () => {
  it("rejects a log that breaks the schema (so a schema accepting anything would fail here)", () => {
    expect(validateSarif({ version: "2.1.0", runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validateSarif({ version: "2.0.0", runs: [] })).toBe(false);
    expect(validateSarif({ version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ message: { text: "m" }, level: "fatal" }] }] })).toBe(false);
  });
});

describe("formatSarif on the seed", () => {
  let log: Log;
  beforeAll(async () => {
    const { report } = await sampleReport([SEED]);
    log = JSON.parse(formatSarif(report, { rules: bundledRules().rules })) as Log;
  });

  it("is valid SARIF 2.1.0 with one run", () => {
    expectValid(log);
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
  });

  it("lists every rule in tool.driver with its title, description, help and default level", () => {
    const driver = log.runs[0]?.tool.driver;
    expect(driver?.name).toBe("clausecheck");
    expect(driver?.rules?.map((r) => r.id).sort()).toEqual(bundledRules().rules.map((r) => r.id).sort());
    for (const rule of bundledRules().rules) {
      const d = driver?.rules?.find((r) => r.id === rule.id);
      expect(d?.shortDescription?.text).toBe(rule.title);
      expect(d?.fullDescription?.text).toBe(rule.description.replace(/\s+/g, " ").trim());
      expect(d?.help?.text).toContain("Why it matters:");
      expect(d?.defaultConfiguration?.level).toBe(rule.severity === "info" ? "note" : rule.severity);
      expect(d?.name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
    }
  });

  it("has no results: passing checks are not results", () => {
    expect(resultsOf(log)).toEqual([]);
  });
});

describe("formatSarif on gaps", () => {
  it("a deviating clause: one error result located at the clause (start and end), relative forward-slash URI", async () => {
    const { report } = await sampleReport([SEED, GAP_SAMPLE]);
    const log = JSON.parse(formatSarif(report)) as Log;
    expectValid(log);
    const results = resultsOf(log);
    expect(results).toHaveLength(1);
    const r = results[0] as Result;
    expect(r.ruleId).toBe("s3-registration");
    expect(r.level).toBe("error");
    expect(r.message.text).toMatch(/Form S-1, not Form S-3/);
    expect(r.message.text).toMatch(/Expected S-3 or S-3ASR, found S-1/);
    const loc = r.locations?.[0]?.physicalLocation;
    expect(loc?.artifactLocation?.uri).toBe(GAP_SAMPLE);
    const evidence = report.documents[1]?.results.find((x) => x.ruleId === "s3-registration")?.evidence[0];
    expect(loc?.region).toMatchObject({ startLine: 22, startColumn: 56, endLine: evidence?.endLine, endColumn: evidence?.endColumn });
    expect(log.runs[0]?.tool.driver.rules?.[r.ruleIndex as number]?.id).toBe("s3-registration");
  });

  it("a missing clause: located at the document only, no region", async () => {
    const { report } = await sampleReport([MISSING_SAMPLE]);
    const log = JSON.parse(formatSarif(report)) as Log;
    expectValid(log);
    const r = resultsOf(log).find((x) => x.ruleId === "governing-law");
    expect(r?.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe(MISSING_SAMPLE);
    expect(r?.locations?.[0]?.physicalLocation?.region).toBeUndefined();
    expect(r?.message.text).toMatch(/usually stands/);
  });

  it("a warning gap has level warning", async () => {
    const { report } = await sampleReport(["samples/valence-s3-no-file-number.txt"]);
    const log = JSON.parse(formatSarif(report)) as Log;
    expectValid(log);
    expect(resultsOf(log).map((r) => r.level)).toEqual(["warning"]);
  });

  it("a waived gap stays a result, with an external suppression holding the justification", async () => {
    const { report: doc } = await checkSample(GAP_SAMPLE);
    waive(doc, "s3-registration", "Resale registration on S-1 accepted by the buyer.");
    const log = JSON.parse(formatSarif(buildReport(bundledRules(), [doc], []))) as Log;
    expectValid(log);
    const r = resultsOf(log)[0];
    expect(r?.suppressions).toEqual([expect.objectContaining({ kind: "external", justification: expect.stringContaining("Resale registration on S-1 accepted") })]);
  });

  it("an unreadable document is a tool notification, and the run is marked unsuccessful", async () => {
    const { report: doc } = await checkSample(SEED);
    const log = JSON.parse(formatSarif(buildReport(bundledRules(), [doc], [{ file: "deals/missing file.txt", code: "ENOENT", message: "no such file" }]))) as Log;
    expectValid(log);
    const inv = log.runs[0]?.invocations?.[0];
    expect(inv?.executionSuccessful).toBe(false);
    expect(inv?.toolExecutionNotifications?.[0]?.descriptor?.id).toBe("ENOENT");
    expect(inv?.toolExecutionNotifications?.[0]?.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe("deals/missing%20file.txt");
  });
});

describe("clausecheck check --format sarif (the built CLI)", () => {
  it("prints a valid log for the seed and a gap sample, exit 1 for the gap", () => {
    const run = runCli(["check", "--format", "sarif", SEED, GAP_SAMPLE, MISSING_SAMPLE]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    const log: unknown = JSON.parse(run.stdout);
    expectValid(log);
    expect(resultsOf(log).map((r) => r.ruleId).sort()).toEqual(["governing-law", "s3-registration"]);
  });

  it("writes report.sarif with no --format, inferred from the extension", () => {
    const out = join(tmp, "report.sarif");
    const run = runCli(["check", "--output", out, GAP_SAMPLE]);
    expect(run.stdout).toBe("");
    const log: unknown = JSON.parse(runCli(["check", "--format", "sarif", GAP_SAMPLE]).stdout);
    expectValid(log);
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(log);
  });

  it("a file name with spaces and a # is percent-encoded in the URI", () => {
    const file = join(tmp, "deal #2 (final).txt");
    writeFileSync(file, "This agreement is made between A and B. Nothing else is agreed.\n");
    const log: unknown = JSON.parse(runCli(["check", "--format", "sarif", file]).stdout);
    expectValid(log);
    const uri = resultsOf(log)[0]?.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? "";
    expect(uri.startsWith("file:///")).toBe(true);
    expect(uri).toContain("deal%20%232%20(final).txt");
  });
});
