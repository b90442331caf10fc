/**
 * clausecheck.config.yaml, through the built CLI: a firm's policy (parameters, severities,
 * disabled rules), waivers in the config and in a sidecar file, and mistakes in the config
 * reported at file:line:column. Every case runs in a fresh temp folder holding the config and
 * copies of the samples it checks, so no config from elsewhere is found (and the repository
 * is never written to). Every JSON report is validated against schemas/report.schema.json.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report, RuleResult } from "../src/index.js";
import { type CliRun, STACK_LINE, ensureBuilt, repoRoot, runCli, stripAnsi } from "./helpers/cli.js";
import { describeErrors, validateReport } from "./helpers/schemas.js";
import { makeTmpDir, removeTmpDir } from "./helpers/tmp.js";

const SEED = "valence-ridgeway-1999.txt";
const DELAWARE = "valence-law-delaware.txt";
const OTC = "valence-listing-otc.txt";
const NO_COUNTERPARTS = "valence-counterparts-missing.txt";
const CONFIG = "clausecheck.config.yaml";

let tmp: string;
let count = 0;
beforeAll(() => {
  ensureBuilt();
  tmp = makeTmpDir("config");
}, 120_000);
afterAll(() => removeTmpDir(tmp));

/** A fresh folder holding copies of `samples` and, if given, a config file with `config` as its text. */
function project(config: string | undefined, samples: string[] = [SEED]): string {
  const dir = join(tmp, `p${++count}`);
  mkdirSync(dir, { recursive: true });
  for (const s of samples) copyFileSync(join(repoRoot, "samples", s), join(dir, s));
  if (config !== undefined) writeFileSync(join(dir, CONFIG), config);
  return dir;
}

/** Runs `clausecheck check --format json …` in `cwd`; returns the run and its report, validated. */
function checkJson(cwd: string, args: string[]): { run: CliRun; report: Report } {
  const run = runCli(["check", "--format", "json", ...args], { cwd });
  expect(run.stderr, "nothing on stderr").toBe("");
  const report = JSON.parse(run.stdout) as Report;
  expect(validateReport(report), describeErrors(validateReport.errors).join("\n")).toBe(true);
  return { run, report };
}

/** The result of `ruleId` for the document `file` in a report. */
function result(report: Report, file: string, ruleId: string): RuleResult | undefined {
  return report.documents.find((d) => d.file === file)?.results.find((r) => r.ruleId === ruleId);
}

/** An error a user sees: exit 2, exactly one line on stderr, no stack trace. */
function expectOneLineError(run: CliRun): string {
  expect(run.status, `stderr: ${run.stderr}`).toBe(2);
  expect(run.stderr).not.toContain(STACK_LINE);
  expect(run.stderr.trimEnd().split("\n"), `stderr is exactly one line: ${run.stderr}`).toHaveLength(1);
  return run.stderr.trimEnd();
}

/** Line and column (from 1) of the first `needle` in `text`, at or after `after`. */
function where(text: string, needle: string, after = ""): { line: number; column: number } {
  const at = text.indexOf(needle, after ? text.indexOf(after) : 0);
  if (at < 0) throw new Error(`"${needle}" is not in the config written`);
  const before = text.slice(0, at).split("\n");
  return { line: before.length, column: (before.at(-1) as string).length + 1 };
}

const NEW_YORK_ONLY = "parameters:\n  governing-law:\n    jurisdictions: [New York]\n";

describe("a jurisdiction policy set in the config alone", () => {
  it("[New York]: the Delaware sample has a governing-law gap naming Delaware, exit 1", () => {
    const dir = project(NEW_YORK_ONLY, [DELAWARE]);
    const { run, report } = checkJson(dir, [DELAWARE]);
    expect(run.status).toBe(1);
    const law = result(report, DELAWARE, "governing-law");
    expect(law).toMatchObject({ status: "gap", severity: "error", reason: "deviating", values: { jurisdiction: "Delaware" } });
    expect(law?.message).toContain("Delaware");
    expect(law?.actual).toBe("Delaware");
    expect(String(law?.expected)).toContain("New York");
    // The other four rules are untouched by the policy.
    expect(report.documents[0]?.results.filter((r) => r.ruleId !== "governing-law").every((r) => r.status === "pass")).toBe(true);
  });

  it("[New York]: the text report marks governing-law ✗ with a message naming Delaware", () => {
    const dir = project(NEW_YORK_ONLY, [DELAWARE]);
    const run = runCli(["check", "--no-color", DELAWARE], { cwd: dir });
    expect(run.status).toBe(1);
    const line = stripAnsi(run.stdout).split("\n").find((l) => /^\s+\S governing-law\s/.test(l));
    expect(line).toMatch(/✗ governing-law\s+error .*Delaware/);
  });

  it("[New York]: the seed (New York law) passes, exit 0", () => {
    const dir = project(NEW_YORK_ONLY, [SEED]);
    const { run, report } = checkJson(dir, [SEED]);
    expect(run.status).toBe(0);
    expect(result(report, SEED, "governing-law")).toMatchObject({ status: "pass", values: { jurisdiction: "New York" } });
  });

  it("[New York, Delaware]: both pass, exit 0", () => {
    const dir = project("parameters:\n  governing-law:\n    jurisdictions: [New York, Delaware]\n", [SEED, DELAWARE]);
    const { run, report } = checkJson(dir, [SEED, DELAWARE]);
    expect(run.status).toBe(0);
    expect(result(report, SEED, "governing-law")?.status).toBe("pass");
    expect(result(report, DELAWARE, "governing-law")).toMatchObject({ status: "pass", values: { jurisdiction: "Delaware" } });
    expect(report.summary.gaps).toBe(0);
  });

  it("without the config the Delaware sample passes (the bundled default accepts any jurisdiction)", () => {
    const dir = project(undefined, [DELAWARE]);
    const { run, report } = checkJson(dir, [DELAWARE]);
    expect(run.status).toBe(0);
    expect(result(report, DELAWARE, "governing-law")?.status).toBe("pass");
  });

  it("is found in a parent folder of the working folder", () => {
    const dir = project(NEW_YORK_ONLY, [DELAWARE]);
    const deeper = join(dir, "deals", "2024");
    mkdirSync(deeper, { recursive: true });
    const file = join("..", "..", DELAWARE);
    const { run, report } = checkJson(deeper, [file]);
    expect(run.status).toBe(1);
    expect(result(report, file, "governing-law")).toMatchObject({ status: "gap", reason: "deviating" });
  });

  it("--config FILE reads a config of any name, from anywhere", () => {
    const policies = project(undefined, []);
    mkdirSync(join(policies, "policies"));
    writeFileSync(join(policies, "policies", "ny-only.yaml"), NEW_YORK_ONLY);
    const dir = project(undefined, [DELAWARE]);
    const { run, report } = checkJson(dir, ["--config", join(policies, "policies", "ny-only.yaml"), DELAWARE]);
    expect(run.status).toBe(1);
    expect(result(report, DELAWARE, "governing-law")?.status).toBe("gap");
  });

  it("--config FILE is used instead of the config the folder would give", () => {
    const dir = project("parameters:\n  governing-law:\n    jurisdictions: [New York, Delaware]\n", [DELAWARE]);
    writeFileSync(join(dir, "strict.yaml"), NEW_YORK_ONLY);
    expect(checkJson(dir, [DELAWARE]).run.status).toBe(0);
    const { run, report } = checkJson(dir, ["--config", "strict.yaml", DELAWARE]);
    expect(run.status).toBe(1);
    expect(result(report, DELAWARE, "governing-law")?.status).toBe("gap");
  });

  it("--no-config ignores the config found in the folder", () => {
    const dir = project(NEW_YORK_ONLY, [DELAWARE]);
    const { run, report } = checkJson(dir, ["--no-config", DELAWARE]);
    expect(run.status).toBe(0);
    expect(result(report, DELAWARE, "governing-law")?.status).toBe("pass");
  });

  it("--config naming a file that does not exist: exit 2, one line naming it", () => {
    const dir = project(undefined, [SEED]);
    const line = expectOneLineError(runCli(["check", "--config", "no-such-config.yaml", SEED], { cwd: dir }));
    expect(line).toContain("no-such-config.yaml");
  });
});

describe("settings written in any case and spacing", () => {
  it("[New york]: the seed's New York law is accepted, exit 0", () => {
    const dir = project("parameters:\n  governing-law:\n    jurisdictions: [New york]\n", [SEED, DELAWARE]);
    const { report } = checkJson(dir, [SEED, DELAWARE]);
    expect(result(report, SEED, "governing-law")).toMatchObject({ status: "pass", values: { jurisdiction: "New York" } });
    // The setting is in force as the name reports print: Delaware deviates from New York.
    const law = result(report, DELAWARE, "governing-law");
    expect(law).toMatchObject({ status: "gap", reason: "deviating" });
    expect(law?.expected).toBe("New York");
  });

  it("[nasdaq  NATIONAL market]: the seed's listing passes", () => {
    const dir = project("parameters:\n  exchange-listing:\n    exchanges: [nasdaq  NATIONAL market]\n", [SEED]);
    const { run, report } = checkJson(dir, [SEED]);
    expect(run.status).toBe(0);
    expect(result(report, SEED, "exchange-listing")).toMatchObject({ status: "pass", values: { exchange: "NASDAQ National Market" } });
  });

  it("a name the config adds to a vocabulary is a name a setting may use", () => {
    const config = "vocabularies:\n  jurisdiction:\n    Sark: [Sark, Island of Sark]\nparameters:\n  governing-law:\n    jurisdictions: [sark]\n";
    const dir = project(config, [SEED]);
    const { run, report } = checkJson(dir, [SEED]);
    expect(run.status).toBe(1);
    expect(result(report, SEED, "governing-law")?.expected).toBe("Sark");
  });
});

describe("messages quote the settings in force", () => {
  it("[NASDAQ Capital Market, NYSE American]: the OTC gap names those two, not the defaults", () => {
    const dir = project("parameters:\n  exchange-listing:\n    exchanges: [NASDAQ Capital Market, NYSE American]\n", [OTC]);
    const { report } = checkJson(dir, [OTC]);
    const message = result(report, OTC, "exchange-listing")?.message ?? "";
    expect(message).toContain("OTC Bulletin Board");
    expect(message).toMatch(/NASDAQ Capital Market, NYSE American\.$/);
    expect(message).not.toMatch(/default|New York Stock Exchange/);
  });

  it("without a config, the same gap names the rule's defaults", () => {
    const dir = project(undefined, [OTC]);
    const message = result(checkJson(dir, [OTC]).report, OTC, "exchange-listing")?.message ?? "";
    expect(message).toContain("NASDAQ Capital Market");
    expect(message).toContain("New York Stock Exchange");
  });

  it("[New York]: a Delaware choice of law names the jurisdiction accepted", () => {
    const dir = project("parameters:\n  governing-law:\n    jurisdictions: [New York]\n", [DELAWARE]);
    const message = result(checkJson(dir, [DELAWARE]).report, DELAWARE, "governing-law")?.message ?? "";
    expect(message).toMatch(/chooses the law of Delaware, which is not among the jurisdictions the firm accepts: New York\.$/);
  });
});

describe("the exchanges parameter narrowed to [NYSE American]", () => {
  it("makes the seed's NASDAQ National Market a deviating gap, exit 1", () => {
    const dir = project("parameters:\n  exchange-listing:\n    exchanges: [NYSE American]\n", [SEED]);
    const { run, report } = checkJson(dir, [SEED]);
    expect(run.status).toBe(1);
    const listing = result(report, SEED, "exchange-listing");
    expect(listing).toMatchObject({ status: "gap", severity: "error", reason: "deviating", values: { exchange: "NASDAQ National Market" } });
    expect(listing?.actual).toBe("NASDAQ National Market");
    expect(String(listing?.expected)).toContain("NYSE American");
    expect(listing?.message).toContain("NASDAQ National Market");
    expect(report.summary).toMatchObject({ passed: 4, gaps: 1, errors: 1 });
  });
});

describe("severity per rule", () => {
  const config = "severity:\n  counterparts: warning\n";

  it("makes the counterparts gap a warning: exit 0 with the default --fail-on error", () => {
    const dir = project(config, [NO_COUNTERPARTS]);
    const { run, report } = checkJson(dir, [NO_COUNTERPARTS]);
    expect(run.status).toBe(0);
    expect(result(report, NO_COUNTERPARTS, "counterparts")).toMatchObject({ status: "gap", reason: "missing", severity: "warning" });
    expect(report.rules.find((r) => r.id === "counterparts")?.severity).toBe("warning");
    expect(report.summary).toMatchObject({ gaps: 1, errors: 0, warnings: 1 });
  });

  it("exit 1 with --fail-on warning", () => {
    const dir = project(config, [NO_COUNTERPARTS]);
    expect(checkJson(dir, ["--fail-on", "warning", NO_COUNTERPARTS]).run.status).toBe(1);
  });

  it("the text report says warning, not error", () => {
    const dir = project(config, [NO_COUNTERPARTS]);
    const run = runCli(["check", "--no-color", NO_COUNTERPARTS], { cwd: dir });
    expect(run.status).toBe(0);
    const line = stripAnsi(run.stdout).split("\n").find((l) => /^\s+\S counterparts\s/.test(l));
    expect(line).toMatch(/counterparts\s+warning /);
  });

  it("without the config the same gap is an error, exit 1", () => {
    const dir = project(undefined, [NO_COUNTERPARTS]);
    const { run, report } = checkJson(dir, [NO_COUNTERPARTS]);
    expect(run.status).toBe(1);
    expect(result(report, NO_COUNTERPARTS, "counterparts")?.severity).toBe("error");
  });
});

describe("disable", () => {
  it("leaves the rule out of the results and of the rules list", () => {
    const dir = project("disable: [counterparts]\n", [NO_COUNTERPARTS]);
    const { run, report } = checkJson(dir, [NO_COUNTERPARTS]);
    expect(run.status).toBe(0);
    const ids = report.documents[0]?.results.map((r) => r.ruleId) ?? [];
    expect(ids).not.toContain("counterparts");
    expect(ids).toHaveLength(4);
    expect(report.rules.map((r) => r.id)).not.toContain("counterparts");
  });
});

describe("mistakes in the config: exit 2, one stderr line at the config's file:line:column", () => {
  const cases: [title: string, config: string, place: (text: string) => { line: number; column: number }, says: string[]][] = [
    [
      "an unknown rule id under parameters",
      "parameters:\n  governing-lw:\n    jurisdictions: [New York]\n",
      (t) => where(t, "governing-lw"),
      ['"governing-lw"', 'did you mean "governing-law"'],
    ],
    [
      "an unknown parameter name",
      "parameters:\n  governing-law:\n    jurisdictons: [New York]\n",
      (t) => where(t, "jurisdictons"),
      ['"jurisdictons"', 'did you mean "jurisdictions"'],
    ],
    ["an unknown top-level key", "rules: [bundled]\nseverty:\n  counterparts: warning\n", (t) => where(t, "severty"), ['unknown key "severty"', 'did you mean "severity"']],
    [
      "a waiver without a reason",
      `waivers:\n  - rule: exchange-listing\n    document: ${OTC}\n    approvedBy: J. Smith\n`,
      (t) => where(t, "rule: exchange-listing"),
      ["reason"],
    ],
    [
      "an unknown rule id under severity",
      "severity:\n  countreparts: warning\n",
      (t) => where(t, "countreparts"),
      ['"countreparts"', 'did you mean "counterparts"'],
    ],
    ["an unknown rule id under disable", "disable:\n  - counterpart\n", (t) => where(t, "counterpart"), ['"counterpart"', 'did you mean "counterparts"']],
    // Reported at the misspelt id (the value of rule:), as a rule file's unknown `value:` is.
    [
      "an unknown rule id in a waiver",
      `waivers:\n  - rule: exchange-listin\n    document: ${OTC}\n    reason: accepted by the client\n`,
      (t) => where(t, "exchange-listin"),
      ['"exchange-listin"', 'did you mean "exchange-listing"'],
    ],
    ["a YAML syntax error", "severity:\n  counterparts: warning\n  bad: [unclosed\n", (t) => ({ line: where(t, "[unclosed").line, column: -1 }), []],
    // `__proto__` is no rule id: it must be refused like any other unknown id, not silently swallowed.
    ["__proto__ as a rule id under severity", "severity:\n  __proto__: warning\n", (t) => where(t, "__proto__"), ['"__proto__"']],
    ["__proto__ as a rule id under parameters", "parameters:\n  __proto__:\n    jurisdictions: [Delaware]\n", (t) => where(t, "__proto__"), ['"__proto__"']],
    // A setting no vocabulary has would never match: refused at the value, with the nearest name.
    [
      "a misspelt exchange",
      "parameters:\n  exchange-listing:\n    exchanges: [NASDAQ Capital Market, NYSE Amercan]\n",
      (t) => where(t, "NYSE Amercan"),
      ['"NYSE Amercan"', "exchange", 'did you mean "NYSE American"'],
    ],
    [
      "a misspelt jurisdiction, in a block list",
      "parameters:\n  governing-law:\n    jurisdictions:\n      - New York\n      - Delawere\n",
      (t) => where(t, "Delawere"),
      ['"Delawere"', "jurisdiction", 'did you mean "Delaware"'],
    ],
    [
      "a way agreements write an exchange, not its name",
      "parameters:\n  exchange-listing:\n    exchanges: [NYSE MKT]\n",
      (t) => where(t, "NYSE MKT"),
      ['"NYSE MKT"', 'write "NYSE American"'],
    ],
  ];

  it.each(cases)("%s", (_title, config, place, says) => {
    const dir = project(config, [OTC]);
    const run = runCli(["check", OTC], { cwd: dir });
    const line = expectOneLineError(run);
    expect(run.stdout, "no report when the config is invalid").toBe("");
    const m = /^clausecheck: (.+?):(\d+):(\d+): (.+)$/.exec(line);
    expect(m, `"${line}" has the form clausecheck: file:line:column: message`).not.toBeNull();
    const [, file, l, c, message] = m as RegExpExecArray;
    expect(file).toBe(CONFIG);
    const want = place(config);
    if (want.column === -1) {
      // A syntax error: the line is where the parser gave up, at or after the offending token.
      expect(Number(l)).toBeGreaterThanOrEqual(want.line);
    } else {
      expect({ line: Number(l), column: Number(c) }).toEqual(want);
    }
    for (const w of says) expect(message).toContain(w);
  });

  it("with --config, the line names the config by the path given", () => {
    const dir = project(undefined, [OTC]);
    mkdirSync(join(dir, "conf"));
    writeFileSync(join(dir, "conf", "policy.yaml"), "severty:\n  counterparts: warning\n");
    const line = expectOneLineError(runCli(["check", "--config", "conf/policy.yaml", OTC], { cwd: dir }));
    expect(line).toMatch(/^clausecheck: conf\/policy\.yaml:1:1: .*"severty"/);
  });
});

describe("waivers in the config", () => {
  const WAIVER = [
    "waivers:",
    "  - rule: exchange-listing",
    `    document: ${OTC}`,
    "    reason: The OTC quotation is accepted for this private placement",
    "    approvedBy: J. Smith (General Counsel)",
    "",
  ].join("\n");

  it("waive the OTC gap: still a gap, with reason, approvedBy and source file:line; summary.waived 1; exit 0", () => {
    const dir = project(WAIVER, [OTC]);
    const { run, report } = checkJson(dir, [OTC]);
    expect(run.status).toBe(0);
    const listing = result(report, OTC, "exchange-listing");
    expect(listing).toMatchObject({ status: "gap", reason: "deviating", severity: "error" });
    expect(listing?.waived).toEqual({
      reason: "The OTC quotation is accepted for this private placement",
      approvedBy: "J. Smith (General Counsel)",
      source: `${CONFIG}:${where(WAIVER, "- rule: exchange-listing").line}`,
    });
    expect(report.summary).toMatchObject({ gaps: 1, errors: 0, waived: 1 });
    expect(report.documents[0]?.summary).toMatchObject({ gaps: 1, errors: 0, waived: 1 });
    expect(report.unusedWaivers).toEqual([]);
  });

  it("the text report shows the gap as waived, with the reason and who approved it", () => {
    const dir = project(WAIVER, [OTC]);
    const run = runCli(["check", "--no-color", OTC], { cwd: dir });
    expect(run.status).toBe(0);
    const out = stripAnsi(run.stdout);
    const line = out.split("\n").find((l) => /^\s+\S exchange-listing\s/.test(l));
    expect(line).toMatch(/waived/);
    expect(out).toContain("The OTC quotation is accepted for this private placement");
    expect(out).toContain("J. Smith (General Counsel)");
  });

  it("--fail-on warning still exits 0: a waived gap never fails the run", () => {
    const dir = project(WAIVER, [OTC]);
    expect(checkJson(dir, ["--fail-on", "warning", OTC]).run.status).toBe(0);
  });

  it("a glob document pattern waives the gap too", () => {
    const dir = project(WAIVER.replace(`document: ${OTC}`, 'document: "*-otc.txt"'), [OTC]);
    const { run, report } = checkJson(dir, [OTC]);
    expect(run.status).toBe(0);
    expect(result(report, OTC, "exchange-listing")?.waived?.reason).toContain("OTC quotation");
  });

  it("a waiver for a document outside the run leaves the gap open (exit 1) and is not reported unused", () => {
    const dir = project(WAIVER.replace(`document: ${OTC}`, "document: some-other-deal.txt"), [OTC]);
    const { run, report } = checkJson(dir, [OTC]);
    expect(run.status).toBe(1);
    expect(result(report, OTC, "exchange-listing")?.waived).toBeUndefined();
    expect(report.unusedWaivers).toEqual([]);
  });

  it("checking one deal says nothing of a waiver whose pattern names other deals (deals/acme-2024-*.txt)", () => {
    const config = WAIVER.replace(`document: ${OTC}`, 'document: "deals/acme-2024-*.txt"');
    const dir = project(config, []);
    mkdirSync(join(dir, "deals"));
    copyFileSync(join(repoRoot, "samples", DELAWARE), join(dir, "deals", "delaware.txt"));
    copyFileSync(join(repoRoot, "samples", OTC), join(dir, "deals", "acme-2024-otc.txt"));
    const text = runCli(["check", "--no-color", "deals/delaware.txt"], { cwd: dir });
    expect(text.stderr).toBe("");
    expect(stripAnsi(text.stdout)).not.toMatch(/waiver/i);
    expect(checkJson(dir, ["deals/delaware.txt"]).report.unusedWaivers).toEqual([]);
    // Checked together with a deal it names, the waiver is used; with a deal it names that has
    // no such gap, it is reported.
    expect(checkJson(dir, ["deals/delaware.txt", "deals/acme-2024-otc.txt"]).report.unusedWaivers).toEqual([]);
    copyFileSync(join(repoRoot, "samples", SEED), join(dir, "deals", "acme-2024-clean.txt"));
    const unused = checkJson(dir, ["deals/delaware.txt", "deals/acme-2024-clean.txt"]).report.unusedWaivers;
    expect(unused).toEqual([expect.objectContaining({ rule: "exchange-listing", document: "deals/acme-2024-*.txt" })]);
  });

  describe("a waiver that matches no gap", () => {
    const config = `${WAIVER}  - rule: governing-law\n    document: ${OTC}\n    reason: "Nothing to waive: New York law is chosen"\n`;

    it("is listed in the JSON report's unusedWaivers with its source", () => {
      const dir = project(config, [OTC]);
      const { run, report } = checkJson(dir, [OTC]);
      expect(run.status).toBe(0);
      expect(report.unusedWaivers).toEqual([
        {
          rule: "governing-law",
          document: OTC,
          reason: "Nothing to waive: New York law is chosen",
          source: `${CONFIG}:${where(config, "- rule: governing-law").line}`,
        },
      ]);
      expect(report.summary.waived).toBe(1);
    });

    it("gets a warning line in the text report", () => {
      const dir = project(config, [OTC]);
      const run = runCli(["check", "--no-color", OTC], { cwd: dir });
      expect(run.status).toBe(0);
      const warning = stripAnsi(run.stdout).split("\n").find((l) => /warning/i.test(l) && l.includes("governing-law"));
      expect(warning, run.stdout).toBeDefined();
      expect(warning).toContain(`${CONFIG}:${where(config, "- rule: governing-law").line}`);
    });

    it("with JSON lines, which have no place for it, gets one warning line on standard error, also beside a JSON file", () => {
      const dir = project(config, [OTC]);
      const line = `clausecheck: warning: the waiver of governing-law for ${OTC} (${CONFIG}:${where(config, "- rule: governing-law").line}) matched no gap\n`;
      const jsonl = runCli(["check", "--format", "jsonl", OTC], { cwd: dir });
      expect(jsonl.status).toBe(0);
      expect(jsonl.stderr).toBe(line);
      const both = runCli(["check", "--quiet", "-o", "r.jsonl", "-o", "r.json", OTC], { cwd: dir });
      expect(both.stderr).toBe(line);
      expect((JSON.parse(readFileSync(join(dir, "r.json"), "utf8")) as { unusedWaivers: unknown[] }).unusedWaivers).toHaveLength(1);
      // Without a JSON-lines output the report itself lists it: nothing on standard error.
      expect(runCli(["check", "--quiet", "-o", "r.sarif", "-o", "r2.json", OTC], { cwd: dir }).stderr).toBe("");
    });
  });
});

describe("a sidecar waivers file next to a document", () => {
  const SIDECAR = "waivers:\n  - rule: exchange-listing\n    reason: OTC accepted for deal A only\n    approvedBy: K. Lee\n";

  it("waives the gap of that document only", () => {
    const dir = project(undefined, []);
    copyFileSync(join(repoRoot, "samples", OTC), join(dir, "deal-a.txt"));
    copyFileSync(join(repoRoot, "samples", OTC), join(dir, "deal-b.txt"));
    writeFileSync(join(dir, "deal-a.txt.waivers.yaml"), SIDECAR);
    const { run, report } = checkJson(dir, ["deal-a.txt", "deal-b.txt"]);
    expect(run.status, "deal-b's gap is still open").toBe(1);
    expect(result(report, "deal-a.txt", "exchange-listing")).toMatchObject({
      status: "gap",
      waived: { reason: "OTC accepted for deal A only", approvedBy: "K. Lee", source: "deal-a.txt.waivers.yaml:2" },
    });
    expect(result(report, "deal-b.txt", "exchange-listing")?.status).toBe("gap");
    expect(result(report, "deal-b.txt", "exchange-listing")?.waived).toBeUndefined();
    expect(report.summary).toMatchObject({ gaps: 2, errors: 1, waived: 1 });
    expect(report.unusedWaivers).toEqual([]);
  });

  it("alone, the waived document exits 0", () => {
    const dir = project(undefined, []);
    copyFileSync(join(repoRoot, "samples", OTC), join(dir, "deal-a.txt"));
    writeFileSync(join(dir, "deal-a.txt.waivers.yaml"), SIDECAR);
    const { run, report } = checkJson(dir, ["deal-a.txt"]);
    expect(run.status).toBe(0);
    expect(report.summary).toMatchObject({ gaps: 1, errors: 0, waived: 1 });
  });

  it("works beside a config's policy: the sidecar waives the gap the config's parameter creates", () => {
    const dir = project(NEW_YORK_ONLY, [DELAWARE]);
    writeFileSync(join(dir, `${DELAWARE}.waivers.yaml`), "waivers:\n  - rule: governing-law\n    reason: Delaware law agreed with the client\n");
    const { run, report } = checkJson(dir, [DELAWARE]);
    expect(run.status).toBe(0);
    expect(result(report, DELAWARE, "governing-law")).toMatchObject({ status: "gap", waived: { reason: "Delaware law agreed with the client" } });
  });

  it("a sidecar waiver without a reason: exit 2, a stderr line at the sidecar's file:line:column", () => {
    const dir = project(undefined, [OTC]);
    const text = "waivers:\n  - rule: exchange-listing\n    approvedBy: K. Lee\n";
    writeFileSync(join(dir, `${OTC}.waivers.yaml`), text);
    const run = runCli(["check", OTC], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).not.toContain(STACK_LINE);
    const { line, column } = where(text, "rule: exchange-listing");
    expect(run.stderr).toContain(`${OTC}.waivers.yaml:${line}:${column}: `);
    expect(run.stderr).toContain("reason");
  });
});
