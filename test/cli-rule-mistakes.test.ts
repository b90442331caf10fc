/**
 * Mistakes a lawyer makes while editing a rule file, as `clausecheck rules validate` (the built
 * CLI, with its precompiled validators) reports them: one problem per mistake, at the place to
 * change, in words that say what to do. Each case is a copy of a bundled rule with one mistake,
 * alone in its folder; the expected place is computed here from the text written.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STACK_LINE, ensureBuilt, repoRoot, runCli, stripAnsi } from "./helpers/cli.js";
import { makeTmpDir, removeTmpDir } from "./helpers/tmp.js";

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = makeTmpDir("rule-mistakes");
}, 120_000);
afterAll(() => removeTmpDir(tmp));

const bundled = (name: string): string => readFileSync(join(repoRoot, "rules", name), "utf8");

/** Applies `edit`, failing loudly if it changed nothing (the bundled rule changed shape). */
function edited(text: string, edit: (t: string) => string): string {
  const out = edit(text);
  if (out === text) throw new Error("the edit did not apply: its anchor is no longer in the bundled rule");
  return out;
}

/** Line and column (from 1) where `needle` first stands in `text` at or after the first `from`. */
function where(text: string, needle: string, from = ""): { line: number; column: number } {
  const start = text.indexOf(from);
  const at = text.indexOf(needle, Math.max(0, start));
  if (start < 0 || at < 0) throw new Error(`"${needle}" is not in the text written`);
  const before = text.slice(0, at).split("\n");
  return { line: before.length, column: (before.at(-1) as string).length + 1 };
}

/** Writes `text` as the one rule file of a fresh folder and validates it; returns its one problem. */
function onlyProblem(name: string, file: string, text: string): { line: number; column: number; code: string; message: string } {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, file), text);
  const run = runCli(["rules", "validate", dir]);
  const out = stripAnsi(run.stdout);
  expect(run.status, out).toBe(2);
  expect(out + run.stderr).not.toContain(STACK_LINE);
  const headers = out.split("\n").filter((l) => l.startsWith(`${dir}/`));
  expect(headers, `exactly one problem, no knock-on ones:\n${out}`).toHaveLength(1);
  const m = /^\S+?:(\d+):(\d+) {2}([A-Z_]+) {2}(.+)$/.exec(headers[0] as string);
  expect(m, headers[0]).not.toBeNull();
  const [, line, column, code, message] = m as RegExpExecArray;
  return { line: Number(line), column: Number(column), code: code as string, message: message as string };
}

describe("a misspelt key inside a part of a rule is matched against that part's keys", () => {
  it('"equal:" in a requirement of require.values: did you mean "equals"', () => {
    const text = edited(bundled("prospectus-supplement.yaml"), (t) => t.replace(/^( +)equals: true$/m, "$1equal: true"));
    const p = onlyProblem("equal", "prospectus-supplement.yaml", text);
    expect(p).toMatchObject({ ...where(text, "equal: true"), code: "RULE_SCHEMA" });
    expect(p.message).toBe('unknown key "equal" (did you mean "equals"?)');
  });

  it('"mesage:" in a requirement: did you mean "message", and no second problem for the missing message', () => {
    const text = edited(bundled("prospectus-supplement.yaml"), (t) => t.replace(/^( +)message: /m, "$1mesage: "));
    const p = onlyProblem("mesage", "prospectus-supplement.yaml", text);
    expect(p).toMatchObject({ ...where(text, "mesage:"), code: "RULE_SCHEMA" });
    expect(p.message).toBe('unknown key "mesage" (did you mean "message"?)');
  });

  it("a key like none in a requirement lists the requirement's keys, not the top-level ones", () => {
    const text = edited(bundled("prospectus-supplement.yaml"), (t) => t.replace(/^( +)equals: true$/m, "$1mustbe: true"));
    const p = onlyProblem("mustbe", "prospectus-supplement.yaml", text);
    expect(p.message).toMatch(/^unknown key "mustbe" \(expected one of: value, equals, oneOf, present, any, severity, message\)$/);
  });

  it('"flg:" in a capture: did you mean "flag"', () => {
    const text = edited(bundled("prospectus-supplement.yaml"), (t) => t.replace(/^( +)flag: file$/m, "$1flg: file"));
    const p = onlyProblem("flg", "prospectus-supplement.yaml", text);
    expect(p).toMatchObject({ ...where(text, "flg:"), code: "RULE_SCHEMA" });
    expect(p.message).toBe('unknown key "flg" (did you mean "flag"?)');
  });
});

describe("YAML mistakes get advice, one problem each", () => {
  it("a key indented unlike the keys it stands among: which line to indent, and by how much", () => {
    const text = edited(bundled("prospectus-supplement.yaml"), (t) => t.replace(/^ {2}capture:$/m, "   capture:"));
    const p = onlyProblem("indent", "prospectus-supplement.yaml", text);
    const at = where(text, "capture:");
    expect(p).toMatchObject({ ...at, code: "RULE_SYNTAX" });
    expect(p.message).toMatch(new RegExp(`^line ${at.line} is indented 3 spaces, but the lines it belongs with are indented 2 \\(line \\d+: "find:"\\): indent it 2 spaces$`));
  });

  it("curly quotes typed around a title: named, with the straight version", () => {
    const text = edited(bundled("prospectus-supplement.yaml"), (t) => t.replace(/^title: (.*)$/m, "title: “$1: filed”"));
    const p = onlyProblem("curly", "prospectus-supplement.yaml", text);
    expect(p).toMatchObject({ ...where(text, "“"), code: "RULE_SYNTAX" });
    expect(p.message).toBe("“ and ” are curly (typographic) quotes, which YAML does not read as quotes: type straight ones instead, 'Prospectus supplement filed: filed'");
  });

  it('a pattern with ": " in it, which YAML reads as a key: one problem saying to quote it, not four about anyOf', () => {
    const text = edited(bundled("prospectus-supplement.yaml"), (t) => t.replace(/^( +- )prospectus supplement$/m, "$1prospectus supplement: filed"));
    const p = onlyProblem("colon-pattern", "prospectus-supplement.yaml", text);
    expect(p).toMatchObject({ ...where(text, "prospectus supplement: filed"), code: "RULE_SCHEMA" });
    expect(p.message).toContain("put the whole text in single quotes: 'prospectus supplement: filed'");
  });

  it("an unbalanced ( inside a quoted pattern is reported at the bracket's column", () => {
    const text = edited(bundled("prospectus-supplement.yaml"), (t) =>
      t.replace(/^( +- )prospectus supplement$/m, "$1'*file* ...{0,15} (prospectus supplement | supplement to [the] prospectus'"),
    );
    const p = onlyProblem("bracket", "prospectus-supplement.yaml", text);
    expect(p).toMatchObject({ ...where(text, "(prospectus supplement | supplement to [the] prospectus'"), code: "RULE_PATTERN" });
    expect(p.message).toContain('"(" is never closed');
  });
});

describe("a balanced bracket glued to a word, Section 13(a), is read as written", () => {
  const RULE = `id: periodic-reports
title: Periodic reports filed
severity: warning
description: The Company represents that it has filed every report Section 13(a) of the Exchange Act requires.
clause:
  find:
    - '*file* ... reports ... Section 13(a)'
require:
  statement: done
messages:
  pass: "{where} represents that the reports have been filed."
  missing: No representation that the Section 13(a) reports have been filed.
examples:
  meets:
    - text: The Company has filed all reports required to be filed by it under Section 13(a) of the Exchange Act.
  fails:
    - text: The Company has filed all reports required to be filed by it under Section 15(d) of the Exchange Act.
      reason: missing
    - text: The Company has filed all reports required to be filed by it under Section 13 of the Exchange Act.
      reason: missing
`;

  it("validates without a warning, and its examples (13(a) found, 15(d) and a bare 13 not) pass", () => {
    const dir = join(tmp, "section-13a");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "periodic-reports.yaml"), RULE);
    const v = runCli(["rules", "validate", dir]);
    expect(stripAnsi(v.stdout)).toContain("1 rule file, no problems");
    expect(v.stderr).toBe("");
    expect(v.status).toBe(0);
    const t = runCli(["rules", "test", dir]);
    // The first line names the folder read; the last counts the examples.
    expect(stripAnsi(t.stdout).trim().split("\n").at(-1)).toBe("1 rules, 3 examples: 3 passed, 0 failed");
    expect(t.status).toBe(0);
  });
});
