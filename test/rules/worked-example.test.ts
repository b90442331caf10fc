/**
 * The guide's worked example (rules/README.md), followed literally: copy the bundled rules,
 * save the YAML block the guide gives as the file it names, and run the built CLI.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const guide = readFileSync("rules/README.md", "utf8");
const block = /<!-- worked-example: ([\w.-]+) -->\s*```yaml\n([\s\S]*?)```/.exec(guide);

describe("the rule guide's worked example", () => {
  it("is in the guide, with a file name and a YAML block", () => {
    expect(block?.[1]).toBe("indemnification.yaml");
    expect(block?.[2]).toContain("id: indemnification");
  });

  const dir = mkdtempSync(join(tmpdir(), "clausecheck-guide-"));
  cpSync("rules", dir, { recursive: true });
  writeFileSync(join(dir, block?.[1] ?? "missing.yaml"), block?.[2] ?? "");

  it("validates and its examples pass", () => {
    const v = runCli(["rules", "validate", dir]);
    expect(v.stdout).toContain("6 rule files, no problems");
    expect(v.status).toBe(0);
    const t = runCli(["rules", "test", dir]);
    expect(t.stdout).toMatch(/6 rules, \d+ examples: \d+ passed, 0 failed/);
    expect(t.status).toBe(0);
  });

  it("adds a check whose result appears in the report with evidence", () => {
    const r = runCli(["check", "--no-config", "--rules", dir, "--format", "json", "samples/redrafted-purchase-agreement.txt"]);
    const report = JSON.parse(r.stdout);
    const result = report.documents[0].results.find((x: { ruleId: string }) => x.ruleId === "indemnification");
    expect(result.status).toBe("pass");
    expect(result.values).toEqual({ defend: true });
    expect(result.evidence[0].section).toBe("7(d)");
    expect(result.evidence[0].text).toMatch(/^The Company shall indemnify, defend and hold harmless/);
  });

  it("reports the clause missing where an agreement has none", () => {
    const r = runCli(["check", "--no-config", "--rules", dir, "--format", "json", "samples/valence-ridgeway-1999.txt"]);
    const result = JSON.parse(r.stdout).documents[0].results.find((x: { ruleId: string }) => x.ruleId === "indemnification");
    expect(result).toMatchObject({ status: "gap", reason: "missing", message: "No indemnification clause found." });
    expect(r.status).toBe(1);
  });
});
