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
