import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ClauseCheckError } from "../../src/errors.js";
import type { ErrorCode } from "../../src/errors.js";
import { loadRules, type RuleProblem, validateRules } from "../../src/rules/load-rules.js";

const bundled = fileURLToPath(new URL("../../rules/", import.meta.url));
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of the bundled rules, to break on purpose. */
function copyRules(): string {
  const dir = mkdtempSync(join(tmpdir(), "clausecheck-rules-"));
  made.push(dir);
  cpSync(bundled, dir, { recursive: true });
  return dir;
}

/** Rewrites one rule file; fails loudly if the edit did not apply (the rule file changed shape). */
function edit(dir: string, name: string, change: (text: string) => string): { file: string; text: string } {
  const file = join(dir, name);
  const before = readFileSync(file, "utf8");
  const text = change(before);
  if (text === before) throw new Error(`the edit to ${name} did not apply: the test's anchor is no longer in the file`);
  writeFileSync(file, text);
  return { file, text };
}

/** Line and column (from 1) of `offset` in `text`, counted here independently of the code under test. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  if (offset < 0) throw new Error("not found");
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: (before.at(-1) as string).length + 1 };
}

/** Where `needle` stands in `text` (its first occurrence at or after `from`). */
function where(text: string, needle: string, from = 0): { line: number; column: number } {
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`"${needle}" is not in the edited file`);
  return lineColumn(text, at);
}

/** Adds `item` as the first pattern of the file's clause.find list, indented like the others. */
function addFindPattern(text: string, item: string): string {
  return text.replace(/^( +)find:\n((?:[ \t]*#.*\n)*)( +- )/m, (_, indent: string, comments: string, dash: string) => {
    return `${indent}find:\n${comments}${dash}${item}\n${dash}`;
  });
}

/** Asserts that `problems` has one with this file, code and words in its message, at exactly this place. */
function expectProblem(
  problems: RuleProblem[],
  want: { file: string; code: ErrorCode; line: number; column: number },
  words: (string | RegExp)[],
): void {
  const listing = problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.code} ${p.message}`).join("\n");
  const found = problems.find(
    (p) => p.file === want.file && p.code === want.code && words.every((w) => (typeof w === "string" ? p.message.includes(w) : w.test(p.message))),
  );
  expect(found, `no ${want.code} problem in ${want.file} mentioning ${words.join(", ")}; got:\n${listing}`).toBeDefined();
  expect({ line: found?.line, column: found?.column }, `place of: ${found?.message}`).toEqual({ line: want.line, column: want.column });
}

describe("validateRules on the bundled rules", () => {
  it("finds no problem in an unaltered copy (so each problem below comes from its one mistake)", () => {
    expect(validateRules(copyRules())).toEqual([]);
  });
});

describe("validateRules: one deliberate mistake each", () => {
  it("a YAML syntax error: a colon inside an unquoted title", () => {
    const dir = copyRules();
    const { file, text } = edit(dir, "governing-law.yaml", (t) => t.replace(/^title: .*$/m, "title: Governing law: choice of law"));
    expectProblem(validateRules(dir), { file, code: "RULE_SYNTAX", ...where(text, "Governing law: choice of law") }, [
      'the value holds ": "',
      "title: 'Governing law: choice of law'",
    ]);
  });

  it('an unknown key "fnd", with did-you-mean "find"', () => {
    const dir = copyRules();
    const { file, text } = edit(dir, "s3-registration.yaml", (t) => t.replace(/^( +)find:$/m, "$1fnd:"));
    expectProblem(validateRules(dir), { file, code: "RULE_SCHEMA", ...where(text, "fnd:") }, ['unknown key "fnd"', 'did you mean "find"']);
  });

  it("a value outside an enum: statement: dne", () => {
    const dir = copyRules();
    const { file, text } = edit(dir, "prospectus-supplement.yaml", (t) => t.replace(/^( +statement:) done$/m, "$1 dne"));
    expectProblem(validateRules(dir), { file, code: "RULE_SCHEMA", ...where(text, "dne", text.indexOf("statement: dne")) }, [
      "statement",
      "done",
      "affirmative",
      'did you mean "done"',
    ]);
  });

  it("an unbalanced bracket in a pattern, located at the bracket", () => {
    const dir = copyRules();
    const { file, text } = edit(dir, "prospectus-supplement.yaml", (t) => addFindPattern(t, "supplement (to | of"));
    expectProblem(validateRules(dir), { file, code: "RULE_PATTERN", ...where(text, "(to | of") }, ["never closed", '")"']);
  });

  it("an unknown vocabulary, located at its name inside the pattern", () => {
    const dir = copyRules();
    const { file, text } = edit(dir, "governing-law.yaml", (t) => addFindPattern(t, "'*govern* ... laws of {jurisdicton}'"));
    expectProblem(validateRules(dir), { file, code: "RULE_PATTERN", ...where(text, "jurisdicton}") }, ['no vocabulary "jurisdicton"', "jurisdiction"]);
  });

  it("a regular expression written as a phrase is named as such", () => {
    const dir = copyRules();
    const { file, text } = edit(dir, "prospectus-supplement.yaml", (t) => addFindPattern(t, "'prospectus\\s+supplement'"));
    expectProblem(validateRules(dir), { file, code: "RULE_PATTERN", ...where(text, "\\s+") }, ["regular expression", "regex:"]);
  });

  it("an invalid regular expression (regex:)", () => {
    const dir = copyRules();
    const { file, text } = edit(dir, "prospectus-supplement.yaml", (t) => addFindPattern(t, "regex: supplement (to"));
    expectProblem(validateRules(dir), { file, code: "RULE_PATTERN", ...where(text, "supplement (to") }, [
      "invalid pattern",
      /unterminated group/i,
    ]);
  });

  it('a nested quantifier "(a+)+" (regex:)', () => {
    const dir = copyRules();
    const { file, text } = edit(dir, "prospectus-supplement.yaml", (t) => addFindPattern(t, "regex: (a+)+"));
    expectProblem(validateRules(dir), { file, code: "RULE_PATTERN", ...where(text, "(a+)+") }, [/repeat/, "exponential"]);
  });

  it('a pattern that matches empty text, "x*" (regex:)', () => {
    const dir = copyRules();
    const { file, text } = edit(dir, "prospectus-supplement.yaml", (t) => addFindPattern(t, "regex: x*"));
    expectProblem(validateRules(dir), { file, code: "RULE_PATTERN", ...where(text, "x*\n") }, ["matches empty text"]);
  });

  it("a requirement on a value the rule does not capture, with did-you-mean", () => {
    const dir = copyRules();
    const { file, text } = edit(dir, "s3-registration.yaml", (t) => t.replace(/^( +- value:) form$/m, "$1 fom"));
    expectProblem(validateRules(dir), { file, code: "RULE_REFERENCE", ...where(text, "fom\n") }, [
      '"fom" is not a value this rule captures',
      'did you mean "form"',
    ]);
  });

  it("a message placeholder {jurisdicton} naming no captured value", () => {
    const dir = copyRules();
    const { file, text } = edit(dir, "governing-law.yaml", (t) =>
      t.replace(/^ {2}pass:.*\n(?: {4}.*\n)*/m, '  pass: "{where} chooses the law of {jurisdicton}."\n'),
    );
    expectProblem(validateRules(dir), { file, code: "RULE_REFERENCE", ...where(text, '"{where} chooses the law of {jurisdicton}."') }, [
      "jurisdicton",
      'did you mean "jurisdiction"',
    ]);
  });

  it("a message alternative whose when: names no captured value, with did-you-mean", () => {
    const dir = copyRules();
    const { file, text } = edit(dir, "counterparts.yaml", (t) => t.replace("- when: [counterparts]\n", "- when: [counterpart]\n"));
    expectProblem(validateRules(dir), { file, code: "RULE_REFERENCE", ...where(text, "counterpart]") }, ['"counterpart" is not a value this rule captures', 'did you mean "counterparts"']);
  });

  it("a list of message alternatives whose last one has a when: (no message when none applies)", () => {
    const dir = copyRules();
    const { file, text } = edit(dir, "counterparts.yaml", (t) => t.replace('    - message: "{where} allows delivery of signatures by {electronicDelivery}."', '    - when: [electronicDelivery]\n      message: "{where} allows delivery of signatures by {electronicDelivery}."'));
    expectProblem(validateRules(dir), { file, code: "RULE_SCHEMA", ...where(text, "when: [electronicDelivery]\n      message: \"{where} allows delivery") }, ["the last message of a list must have no when"]);
  });

  it("a message alternative without its message", () => {
    const dir = copyRules();
    const { file, text } = edit(dir, "counterparts.yaml", (t) => t.replace('      message: "{where} allows execution in counterparts."\n', ""));
    expectProblem(validateRules(dir), { file, code: "RULE_SCHEMA", ...where(text, "when: [counterparts]\n") }, ['missing required key "message"']);
  });

  it("a message quoting {$exchangs}, a parameter the rule does not declare", () => {
    const dir = copyRules();
    const { file, text } = edit(dir, "exchange-listing.yaml", (t) => t.replace("{$exchanges}", "{$exchangs}"));
    const message = text.indexOf("message:", text.lastIndexOf("oneOf: $exchanges"));
    expectProblem(validateRules(dir), { file, code: "RULE_REFERENCE", ...where(text, ">", message) }, ['"{$exchangs}" is not a parameter', 'did you mean "{$exchanges}"']);
  });

  it("the same id in two files", () => {
    const dir = copyRules();
    const file = join(dir, "counterparts.yml");
    const text = readFileSync(join(dir, "counterparts.yaml"), "utf8");
    writeFileSync(file, text);
    // The second file's id is the offending value.
    expectProblem(validateRules(dir), { file, code: "RULE_DUPLICATE", ...where(text, "counterparts", text.indexOf("id: ")) }, [
      'rule id "counterparts"',
      "counterparts.yaml",
    ]);
  });

  it("an id that does not match the file name", () => {
    const dir = copyRules();
    const { file, text } = edit(dir, "governing-law.yaml", (t) => t.replace(/^id: .*$/m, "id: choice-of-law"));
    expectProblem(validateRules(dir), { file, code: "RULE_SCHEMA", ...where(text, "choice-of-law") }, [
      '"choice-of-law"',
      '"governing-law"',
      "file name",
    ]);
  });

  it("a missing required key (messages.missing)", () => {
    const dir = copyRules();
    const { file, text } = edit(dir, "exchange-listing.yaml", (t) => t.replace(/^ {2}missing:.*\n(?: {4}.*\n)*/m, ""));
    // The place is the mapping that lacks the key: its first line under `messages:`.
    const messages = text.indexOf("\nmessages:\n") + "\nmessages:\n".length;
    const firstKey = messages + (/^(?:[ \t]*(?:#.*)?\n)*[ \t]*/.exec(text.slice(messages))?.[0].length ?? 0);
    expectProblem(validateRules(dir), { file, code: "RULE_SCHEMA", ...lineColumn(text, firstKey) }, [
      'missing required key "missing"',
      "messages",
    ]);
  });
});

describe("loadRules", () => {
  it("throws a ClauseCheckError whose one line starts with file:line:column:", () => {
    const dir = copyRules();
    const { file, text } = edit(dir, "governing-law.yaml", (t) => t.replace(/^id: .*$/m, "id: choice-of-law"));
    const { line, column } = where(text, "choice-of-law");
    let error: unknown;
    try {
      loadRules(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClauseCheckError);
    const e = error as ClauseCheckError;
    expect(e.code).toBe("RULE_SCHEMA");
    expect([e.file, e.line, e.column]).toEqual([file, line, column]);
    expect(e.toLine().startsWith(`${file}:${line}:${column}: `)).toBe(true);
    expect(e.toLine()).toContain("choice-of-law");
  });

  it("loads the bundled rules with their files, compiled patterns and examples", () => {
    const set = loadRules(bundled);
    expect(set.rules.length).toBeGreaterThanOrEqual(5);
    for (const rule of set.rules) {
      expect(rule.file).toBe(join(bundled, `${rule.id}.yaml`));
      expect(rule.find.length).toBeGreaterThan(0);
      expect(rule.find.every((p) => p.re instanceof RegExp)).toBe(true);
      expect(rule.examples.meets.length).toBeGreaterThan(0);
    }
  });

  it("RULES_EMPTY for a folder with no rule files", () => {
    const dir = mkdtempSync(join(tmpdir(), "clausecheck-norules-"));
    made.push(dir);
    writeFileSync(join(dir, "README.md"), "# Rules\n");
    writeFileSync(join(dir, ".hidden.yaml"), "id: hidden\n");
    expect(validateRules(dir)).toEqual([]);
    expect(() => loadRules(dir)).toThrow(expect.objectContaining({ code: "RULES_EMPTY", file: dir }));
  });

  it("ENOENT for a folder that does not exist", () => {
    const dir = join(tmpdir(), "clausecheck-no-such-folder-5f2c");
    expect(() => loadRules(dir)).toThrow(expect.objectContaining({ code: "ENOENT", file: dir }));
  });
});
