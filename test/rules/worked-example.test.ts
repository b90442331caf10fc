/**
 * The guide's worked example (rules/README.md), followed literally as a firm would: in a folder
 * of the firm's own, save the config block and the rule block the guide gives as the files it
 * names, and run the built CLI from that folder (no --rules, no --config: the config is found).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../helpers/cli.js";

const guide = readFileSync(join(repoRoot, "rules/README.md"), "utf8");
const config = /<!-- worked-example-config: ([\w./-]+) -->\s*```yaml\n([\s\S]*?)```/.exec(guide);
const block = /<!-- worked-example: ([\w./-]+) -->\s*```yaml\n([\s\S]*?)```/.exec(guide);

describe("the rule guide's worked example", () => {
  it("is in the guide: a config naming the firm's folder, and a rule file in that folder", () => {
    expect(config?.[1]).toBe("clausecheck.config.yaml");
    expect(config?.[2]).toContain("./firm-rules");
    expect(block?.[1]).toBe("firm-rules/indemnification.yaml");
    expect(block?.[2]).toContain("id: indemnification");
  });

  const firm = mkdtempSync(join(tmpdir(), "clausecheck-guide-"));
  afterAll(() => rmSync(firm, { recursive: true, force: true }));
  for (const found of [config, block]) {
    const name = found?.[1] ?? "missing";
    mkdirSync(dirname(join(firm, name)), { recursive: true });
    writeFileSync(join(firm, name), found?.[2] ?? "");
  }
  const sample = (name: string) => join(repoRoot, "samples", name);

  it("validates and its examples pass, run from the firm's folder as the guide says", () => {
    const v = runCli(["rules", "validate", "firm-rules"], { cwd: firm });
    expect(v.stdout).toContain("firm-rules: 1 rule file, no problems");
    expect(v.status).toBe(0);
    const t = runCli(["rules", "test", "firm-rules"], { cwd: firm });
    expect(t.stdout).toMatch(/^1 rules, 3 examples: 3 passed, 0 failed$/m);
    expect(t.status).toBe(0);
  });

  it("the config adds the check to the bundled ones: its result appears in the report with evidence", () => {
    const r = runCli(["check", "--format", "json", sample("redrafted-purchase-agreement.txt")], { cwd: firm });
    const report = JSON.parse(r.stdout);
    const results: { ruleId: string }[] = report.documents[0].results;
    expect(results.map((x) => x.ruleId).sort()).toEqual(["counterparts", "exchange-listing", "governing-law", "indemnification", "prospectus-supplement", "s3-registration"]);
    const result = report.documents[0].results.find((x: { ruleId: string }) => x.ruleId === "indemnification");
    expect(result.status).toBe("pass");
    expect(result.values).toEqual({ defend: true });
    expect(result.evidence[0].section).toBe("7(d)");
    expect(result.evidence[0].text).toMatch(/^The Company shall indemnify, defend and hold harmless/);
  });

  it("reports the clause missing where an agreement has none", () => {
    const r = runCli(["check", "--format", "json", sample("valence-ridgeway-1999.txt")], { cwd: firm });
    const result = JSON.parse(r.stdout).documents[0].results.find((x: { ruleId: string }) => x.ruleId === "indemnification");
    expect(result).toMatchObject({ status: "gap", reason: "missing", message: "No indemnification clause found." });
    expect(r.status).toBe(1);
  });

  it("a misspelt key in the firm's file is reported at its place, as the guide shows", () => {
    const broken = join(firm, "..", `${firm.split("/").at(-1)}-broken`);
    mkdirSync(join(broken, "firm-rules"), { recursive: true });
    writeFileSync(join(broken, config?.[1] ?? "missing"), config?.[2] ?? "");
    writeFileSync(join(broken, block?.[1] ?? "missing"), (block?.[2] ?? "").replace("  find:", "  fnd:"));
    try {
      const r = runCli(["check", sample("valence-ridgeway-1999.txt")], { cwd: broken });
      const shown = /`(firm-rules\/indemnification\.yaml:\d+:\d+: unknown key "fnd" \(did you mean "find"\?\))`/.exec(guide)?.[1];
      expect(shown, "the guide shows the error line").toBeDefined();
      expect(r.stderr).toBe(`clausecheck: ${shown}\n`);
      expect(r.status).toBe(2);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
