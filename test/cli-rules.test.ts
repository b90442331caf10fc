/**
 * `clausecheck rules validate` and `clausecheck rules test`, run through the built CLI as a
 * lawyer editing rule files would run them. Broken rule folders are written to a temp folder;
 * each broken file is a copy of a bundled rule with exactly one deliberate mistake, and the
 * place of every mistake is computed here from the text written, independently of the code
 * under test.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliRun, SEED, STACK_LINE, ensureBuilt, linesOf, repoRoot, runCli, stripAnsi } from "./helpers/cli.js";
import { makeTmpDir, removeTmpDir } from "./helpers/tmp.js";

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = makeTmpDir("cli-rules");
}, 120_000);
afterAll(() => removeTmpDir(tmp));

/** The text of a bundled rule file. */
const bundled = (name: string): string => readFileSync(join(repoRoot, "rules", name), "utf8");

/** Line and column (from 1) of `offset` in `text`. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  if (offset < 0) throw new Error("needle not found in the text written");
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: (before.at(-1) as string).length + 1 };
}

/** Where `needle` first stands in `text` at or after `from` (itself a needle or an offset). */
function where(text: string, needle: string, from: string | number = 0): { line: number; column: number } {
  const start = typeof from === "number" ? from : text.indexOf(from);
  if (start < 0) throw new Error(`anchor "${String(from)}" not in the text written`);
  return lineColumn(text, text.indexOf(needle, start));
}

/** Applies `edit`, failing loudly if it changed nothing (the bundled rule changed shape). */
function edited(text: string, edit: (t: string) => string, what: string): string {
  const out = edit(text);
  if (out === text) throw new Error(`the edit "${what}" did not apply: its anchor is no longer in the bundled rule`);
  return out;
}

/** A bundled rule with its id changed to `id` (so that only the deliberate mistake is wrong). */
function renamed(from: string, id: string): string {
  return edited(bundled(from), (t) => t.replace(/^id: .*$/m, `id: ${id}`), `id: ${id}`);
}

/** Adds `item` as the first pattern of clause.find, indented like the others. */
function addFindPattern(text: string, item: string): string {
  return edited(
    text,
    (t) => t.replace(/^( +)find:\n((?:[ \t]*#.*\n)*)( +- )/m, (_, indent: string, comments: string, dash: string) => `${indent}find:\n${comments}${dash}${item}\n${dash}`),
    `find: ${item}`,
  );
}

/** One deliberate mistake: the file holding it, and where and how it must be reported. */
interface Mistake {
  title: string;
  /** File name inside the broken folder. */
  name: string;
  code: string;
  line: number;
  column: number;
  /** Words the message must contain. */
  says: (string | RegExp)[];
}

const BROKEN = "broken-rules";

/** Writes the broken folder: one file per mistake, plus the valid original a duplicate collides with. */
function writeBrokenFolder(dir: string): Mistake[] {
  mkdirSync(dir, { recursive: true });
  const mistakes: Mistake[] = [];
  const put = (name: string, text: string, m: Omit<Mistake, "name" | "line" | "column">, place: { line: number; column: number }) => {
    writeFileSync(join(dir, name), text);
    mistakes.push({ ...m, name, ...place });
  };

  {
    const text = edited(renamed("governing-law.yaml", "yaml-syntax"), (t) => t.replace(/^title: .*$/m, "title: Governing law: choice of law"), "title");
    put("yaml-syntax.yaml", text, { title: "a YAML syntax error (a colon in an unquoted title)", code: "RULE_SYNTAX", says: ["put the whole value in single quotes", "'Governing law: choice of law'"] }, where(text, "Governing law: choice of law"));
  }
  {
    const text = edited(renamed("s3-registration.yaml", "unknown-key"), (t) => t.replace(/^( +)find:$/m, "$1fnd:"), "fnd");
    put("unknown-key.yaml", text, { title: 'an unknown key "fnd"', code: "RULE_SCHEMA", says: ['unknown key "fnd"', 'did you mean "find"'] }, where(text, "fnd:"));
  }
  {
    const text = edited(renamed("prospectus-supplement.yaml", "bad-statement"), (t) => t.replace(/^( +statement:) done$/m, "$1 dne"), "dne");
    put("bad-statement.yaml", text, { title: "statement: dne", code: "RULE_SCHEMA", says: ["statement", 'did you mean "done"'] }, where(text, "dne", "statement: dne"));
  }
  {
    const text = addFindPattern(renamed("prospectus-supplement.yaml", "invalid-regex"), "(unclosed");
    put("invalid-regex.yaml", text, { title: "an unclosed bracket (unclosed", code: "RULE_PATTERN", says: ["never closed"] }, where(text, "(unclosed"));
  }
  {
    const text = addFindPattern(renamed("prospectus-supplement.yaml", "nested-quantifier"), "regex: (a+)+");
    put("nested-quantifier.yaml", text, { title: "a nested quantifier (a+)+", code: "RULE_PATTERN", says: [/exponential|polynomial/] }, where(text, "(a+)+"));
  }
  {
    const text = addFindPattern(renamed("prospectus-supplement.yaml", "empty-match"), "regex: x*");
    put("empty-match.yaml", text, { title: "a pattern matching empty text, x*", code: "RULE_PATTERN", says: ["matches empty text"] }, lineColumn(text, text.indexOf("x*\n")));
  }
  {
    const text = edited(renamed("s3-registration.yaml", "uncaptured-value"), (t) => t.replace(/^( +- value:) form$/m, "$1 fom"), "value: fom");
    put(
      "uncaptured-value.yaml",
      text,
      { title: "a requirement on a value the rule does not capture", code: "RULE_REFERENCE", says: ['"fom"', 'did you mean "form"'] },
      where(text, "fom\n"),
    );
  }
  {
    const text = edited(
      renamed("governing-law.yaml", "bad-placeholder"),
      (t) => t.replace(/^ {2}pass:.*\n(?: {4}.*\n)*/m, '  pass: "{where} chooses the law of {jurisdicton}."\n'),
      "{jurisdicton}",
    );
    put(
      "bad-placeholder.yaml",
      text,
      { title: "a message placeholder {jurisdicton}", code: "RULE_REFERENCE", says: ["jurisdicton", 'did you mean "jurisdiction"'] },
      where(text, '"{where} chooses the law of {jurisdicton}."'),
    );
  }
  {
    // counterparts.yaml is the valid original; counterparts.yml repeats its id.
    writeFileSync(join(dir, "counterparts.yaml"), bundled("counterparts.yaml"));
    const text = bundled("counterparts.yaml");
    put(
      "counterparts.yml",
      text,
      { title: "the same id in two files", code: "RULE_DUPLICATE", says: ['"counterparts"', "counterparts.yaml"] },
      where(text, "counterparts", text.indexOf("id: ")),
    );
  }
  {
    const text = renamed("governing-law.yaml", "choice-of-law");
    put("id-mismatch.yaml", text, { title: "an id that does not match the file name", code: "RULE_SCHEMA", says: ['"choice-of-law"', '"id-mismatch"', "file name"] }, where(text, "choice-of-law"));
  }
  {
    const text = edited(renamed("governing-law.yaml", "unknown-parameter"), (t) => t.replace("oneOf: $jurisdictions", "oneOf: $jurisdictons"), "$jurisdictons");
    put(
      "unknown-parameter.yaml",
      text,
      { title: "an unknown parameter $jurisdictons in oneOf:", code: "RULE_REFERENCE", says: ['"$jurisdictons"', 'did you mean "$jurisdictions"'] },
      where(text, "$jurisdictons"),
    );
  }
  return mistakes;
}

/** One problem as `rules validate` prints it: the located header, then context lines with a caret. */
interface PrintedProblem {
  file: string;
  line: number;
  column: number;
  code: string;
  message: string;
  /** The lines after the header, up to the blank line. */
  context: string[];
}

const HEADER = /^(\S.*?):(\d+):(\d+) {2}([A-Z_]+) {2}(.+)$/;

function printedProblems(stdout: string): PrintedProblem[] {
  const out: PrintedProblem[] = [];
  let current: PrintedProblem | undefined;
  for (const line of stripAnsi(stdout).split("\n")) {
    const m = HEADER.exec(line);
    if (m) {
      current = { file: m[1] as string, line: Number(m[2]), column: Number(m[3]), code: m[4] as string, message: m[5] as string, context: [] };
      out.push(current);
    } else if (line.trim() === "") {
      current = undefined;
    } else if (current) {
      current.context.push(line);
    }
  }
  return out;
}

/** An error a user sees: exit 2, one line on stderr, no stack trace. */
function expectOneLineError(run: CliRun): string {
  expect(run.status, `stderr: ${run.stderr}`).toBe(2);
  expect(run.stderr).not.toContain(STACK_LINE);
  expect(run.stderr.trimEnd().split("\n"), `stderr is exactly one line: ${run.stderr}`).toHaveLength(1);
  return run.stderr.trimEnd();
}

describe("rules validate on the bundled rules", () => {
  it('exits 0 and says "5 rule files, no problems"', () => {
    const run = runCli(["rules", "validate"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(stripAnsi(run.stdout)).toContain("5 rule files, no problems");
  });

  it("says the same of the folder named explicitly", () => {
    const run = runCli(["rules", "validate", "rules"]);
    expect(run.status).toBe(0);
    expect(stripAnsi(run.stdout)).toContain("5 rule files, no problems");
  });
});

describe("rules validate on a folder of rule files with one deliberate mistake each", () => {
  let mistakes: Mistake[];
  let run: CliRun;
  let problems: PrintedProblem[];
  beforeAll(() => {
    mistakes = writeBrokenFolder(join(tmp, BROKEN));
    run = runCli(["rules", "validate", BROKEN], { cwd: tmp });
    problems = printedProblems(run.stdout);
  });

  it("exits 2 without a stack trace", () => {
    expect(run.status, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(2);
    expect(run.stdout + run.stderr).not.toContain(STACK_LINE);
  });

  it("reports at least ten distinct located problems, in at least ten files", () => {
    const places = new Set(problems.map((p) => `${p.file}:${p.line}:${p.column}`));
    expect(places.size, run.stdout).toBeGreaterThanOrEqual(10);
    expect(new Set(problems.map((p) => p.file)).size, run.stdout).toBeGreaterThanOrEqual(10);
  });

  it("reports no problem in the valid original the duplicate collides with", () => {
    expect(problems.filter((p) => p.file === `${BROKEN}/counterparts.yaml`), run.stdout).toEqual([]);
  });

  it("ends with a count of the problems and of the files", () => {
    const last = linesOf(stripAnsi(run.stdout)).at(-1) ?? "";
    expect(last).toMatch(new RegExp(`^${problems.length} problems? in \\d+ of 12 rule files$`));
  });

  // The titles are known before the folder is written; the details are looked up by title.
  const titles = [
    'a YAML syntax error (a colon in an unquoted title)',
    'an unknown key "fnd"',
    "statement: dne",
    "an unclosed bracket (unclosed",
    "a nested quantifier (a+)+",
    "a pattern matching empty text, x*",
    "a requirement on a value the rule does not capture",
    "a message placeholder {jurisdicton}",
    "the same id in two files",
    "an id that does not match the file name",
    "an unknown parameter $jurisdictons in oneOf:",
  ];

  it("has one case below for each mistake written", () => {
    expect(mistakes.map((m) => m.title).sort()).toEqual([...titles].sort());
  });

  it.each(titles)("%s: file:line:column  CODE  message, then the line with a caret under the column", (title) => {
    const m = mistakes.find((x) => x.title === title) as Mistake;
    const file = `${BROKEN}/${m.name}`;
    const listing = problems.map((p) => `${p.file}:${p.line}:${p.column}  ${p.code}  ${p.message}`).join("\n");
    const p = problems.find((x) => x.file === file && x.code === m.code && m.says.every((w) => (typeof w === "string" ? x.message.includes(w) : w.test(x.message))));
    expect(p, `no ${m.code} problem in ${file} saying ${m.says.join(", ")}; got:\n${listing}`).toBeDefined();
    const problem = p as PrintedProblem;
    expect({ line: problem.line, column: problem.column }, `place of: ${problem.message}`).toEqual({ line: m.line, column: m.column });

    // The context quotes the offending line as written, and the caret stands under the column.
    const written = readFileSync(join(tmp, BROKEN, m.name), "utf8").split("\n");
    const quoted = problem.context.findIndex((l) => new RegExp(`^\\s+${m.line} \\| `).test(l));
    expect(quoted, `context of ${file}:${m.line}:\n${problem.context.join("\n")}`).toBeGreaterThanOrEqual(0);
    const quotedLine = problem.context[quoted] as string;
    const bar = quotedLine.indexOf(" | ") + 3;
    expect(quotedLine.slice(bar)).toBe(written[m.line - 1]);
    const caretLine = problem.context[quoted + 1] ?? "";
    expect(caretLine, "the line after the quoted one holds only the caret").toMatch(/^\s+\| *\^$/);
    expect(caretLine.indexOf("^"), `caret under column ${m.column}:\n${quotedLine}\n${caretLine}`).toBe(bar + m.column - 1);
    // At least one line of context around it, numbered.
    expect(problem.context.filter((l) => /^\s+\d+ \| /.test(l)).length).toBeGreaterThanOrEqual(2);
  });

  it("check --rules on the same folder exits 2 with one stderr line naming one of the mistakes at its file:line:column", () => {
    const check = runCli(["check", "--no-config", "--rules", BROKEN, join(repoRoot, SEED)], { cwd: tmp });
    const line = expectOneLineError(check);
    expect(check.stdout).toBe("");
    const m = /^clausecheck: (\S+?):(\d+):(\d+): (.+)$/.exec(line);
    expect(m, line).not.toBeNull();
    const [, file, l, c] = m as RegExpExecArray;
    const named = mistakes.find((x) => `${BROKEN}/${x.name}` === file);
    expect(named, `${file} is one of the broken files`).toBeDefined();
    expect({ line: Number(l), column: Number(c) }).toEqual({ line: named?.line, column: named?.column });
  });
});

describe("rules test", () => {
  const SUMMARY = /^(\d+) rules, (\d+) examples: (\d+) passed, (\d+) failed$/;

  it("on the bundled rules: exit 0, and the last line counts every example as passed", () => {
    const run = runCli(["rules", "test"]);
    expect(run.stderr).toBe("");
    expect(run.status, run.stdout).toBe(0);
    const last = linesOf(stripAnsi(run.stdout)).at(-1) ?? "";
    const m = SUMMARY.exec(last);
    expect(m, last).not.toBeNull();
    const [, rules, examples, passed, failed] = (m as RegExpExecArray).map(Number);
    expect(rules).toBe(5);
    expect(examples).toBeGreaterThan(0);
    expect(passed).toBe(examples);
    expect(failed).toBe(0);
  });

  describe("on a copy where two examples are wrong", () => {
    let run: CliRun;
    let out: string;
    let bundledExamples: number;
    beforeAll(() => {
      const dir = join(tmp, "wrong-examples");
      cpSync(join(repoRoot, "rules"), dir, { recursive: true });
      const law = join(dir, "governing-law.yaml");
      // meets[0] now claims the seed's Section 5 chooses Delaware law.
      writeFileSync(law, edited(readFileSync(law, "utf8"), (t) => t.replace("values: { jurisdiction: New York }", "values: { jurisdiction: Delaware }"), "Delaware"));
      // fails[0] is no longer negated, so it passes.
      const ps = join(dir, "prospectus-supplement.yaml");
      writeFileSync(
        ps,
        edited(
          readFileSync(ps, "utf8"),
          (t) => t.replace("The Company has not filed a prospectus supplement", "The Company has filed a prospectus supplement"),
          "has filed",
        ),
      );
      run = runCli(["rules", "test", "wrong-examples"], { cwd: tmp });
      out = stripAnsi(run.stdout);
      bundledExamples = Number(SUMMARY.exec(linesOf(stripAnsi(runCli(["rules", "test"]).stdout)).at(-1) ?? "")?.[2]);
    });

    it("exits 1", () => {
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(1);
      expect(run.stderr).not.toContain(STACK_LINE);
    });

    it("the last line counts two failures", () => {
      expect(linesOf(out).at(-1)).toBe(`5 rules, ${bundledExamples} examples: ${bundledExamples - 2} passed, 2 failed`);
    });

    it("names governing-law examples.meets[0], quotes its text and says what came out instead", () => {
      const lines = out.split("\n");
      const at = lines.findIndex((l) => l.includes("governing-law") && l.includes("examples.meets[0]"));
      expect(at, out).toBeGreaterThanOrEqual(0);
      const block = lines.slice(at, at + 6).join("\n");
      expect(block).toContain("This agreement and the legal relations between the parties hereto");
      expect(block).toMatch(/jurisdiction.*Delaware.*New York/);
    });

    it("names prospectus-supplement examples.fails[0], quotes its text and says it passed", () => {
      const lines = out.split("\n");
      const at = lines.findIndex((l) => l.includes("prospectus-supplement") && l.includes("examples.fails[0]"));
      expect(at, out).toBeGreaterThanOrEqual(0);
      const block = lines.slice(at, at + 6).join("\n");
      expect(block).toContain("The Company has filed a prospectus supplement to the Registration Statement.");
      expect(block).toMatch(/expected (?:a )?(?:negated )?gap.*\bpass/);
    });

    it("lists no example that is still right", () => {
      expect(out.split("\n").filter((l) => /examples\.(?:meets|fails)\[\d+\]/.test(l))).toHaveLength(2);
    });
  });
});

describe("rules validate and rules test read the rules check reads: the config's folders", () => {
  const FIRM_RULE = [
    "id: listed",
    "title: Shares listed",
    "severity: error",
    "description: The Company represents that its common stock is listed on an exchange.",
    "clause:",
    "  find:",
    "    - listed on [the] {exchange}",
    "require:",
    "  statement: done",
    "messages:",
    '  pass: "{where} says the shares are listed on the {exchange}."',
    "  missing: No statement that the shares are listed.",
    "examples:",
    "  meets:",
    "    - text: The Common Stock is listed on the New York Stock Exchange.",
    "  fails:",
    "    - text: The Common Stock will be listed on the New York Stock Exchange.",
    "      reason: future",
    "",
  ].join("\n");
  const CONFIG = "rules: [bundled, ./firm-rules]\n";
  let n = 0;

  /** A folder holding clausecheck.config.yaml (`config`) and firm-rules/listed.yaml (`rule`). */
  function firm(rule: string, config = CONFIG): string {
    const dir = join(tmp, `firm${++n}`);
    mkdirSync(join(dir, "firm-rules"), { recursive: true });
    writeFileSync(join(dir, "firm-rules", "listed.yaml"), rule);
    writeFileSync(join(dir, "clausecheck.config.yaml"), config);
    return dir;
  }
  const typo = () => FIRM_RULE.replace("  find:", "  fnd:");

  it("validate: the bundled and the firm's rule files, and says which folders it read", () => {
    const run = runCli(["rules", "validate"], { cwd: firm(FIRM_RULE) });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const out = stripAnsi(run.stdout);
    expect(out).toContain("6 rule files, no problems");
    expect(out).toMatch(/rules, firm-rules \(the rules of clausecheck\.config\.yaml\)/);
  });

  it("validate: a typo in a firm rule is reported at its file:line:column, exit 2, as check refuses it", () => {
    const dir = firm(typo());
    const run = runCli(["rules", "validate"], { cwd: dir });
    expect(run.status, run.stdout).toBe(2);
    const at = where(typo(), "fnd:");
    expect(stripAnsi(run.stdout)).toContain(`firm-rules/listed.yaml:${at.line}:${at.column}  RULE_SCHEMA  unknown key "fnd"`);
    expect(linesOf(stripAnsi(run.stdout)).at(-1)).toBe("1 problem in 1 of 6 rule files");
    const check = runCli(["check", join(repoRoot, SEED)], { cwd: dir });
    expect(expectOneLineError(check)).toContain(`firm-rules/listed.yaml:${at.line}:${at.column}`);
  });

  it("test: runs the firm rule's examples too, and a typo in it is an error at its place", () => {
    const ok = runCli(["rules", "test"], { cwd: firm(FIRM_RULE) });
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    const lines = linesOf(stripAnsi(ok.stdout));
    expect(lines[0]).toMatch(/firm-rules/);
    expect(lines.at(-1)).toMatch(/^6 rules, \d+ examples: (\d+) passed, 0 failed$/);
    const broken = runCli(["rules", "test"], { cwd: firm(typo()) });
    const at = where(typo(), "fnd:");
    expect(expectOneLineError(broken)).toContain(`firm-rules/listed.yaml:${at.line}:${at.column}`);
  });

  it("finds the config in a parent folder, as check does; --config names one; --no-config reads the bundled rules", () => {
    const dir = firm(typo());
    mkdirSync(join(dir, "deals"));
    expect(runCli(["rules", "validate"], { cwd: join(dir, "deals") }).status).toBe(2);
    const elsewhere = join(tmp, `elsewhere${++n}`);
    mkdirSync(elsewhere);
    expect(runCli(["rules", "validate"], { cwd: elsewhere }).status).toBe(0);
    const named = runCli(["rules", "validate", "--config", join(dir, "clausecheck.config.yaml")], { cwd: elsewhere });
    expect(named.status).toBe(2);
    expect(stripAnsi(named.stdout)).toContain("listed.yaml");
    expect(runCli(["rules", "test", "--config", join(dir, "clausecheck.config.yaml")], { cwd: elsewhere }).status).toBe(2);
    const none = runCli(["rules", "validate", "--no-config"], { cwd: dir });
    expect(none.status).toBe(0);
    expect(stripAnsi(none.stdout)).toContain("5 rule files, no problems");
  });

  it("validate: a mistake in the config itself (an unknown parameter) is reported at the config's file:line:column", () => {
    const config = `${CONFIG}parameters:\n  governing-law:\n    jurisdictons: [New York]\n`;
    const run = runCli(["rules", "validate"], { cwd: firm(FIRM_RULE, config) });
    expect(run.status, run.stdout).toBe(2);
    const at = where(config, "jurisdictons");
    expect(stripAnsi(run.stdout)).toContain(`clausecheck.config.yaml:${at.line}:${at.column}  CONFIG  rule "governing-law" has no parameter "jurisdictons" (did you mean "jurisdictions"?)`);
  });

  it("a folder named explicitly is read alone, config or not", () => {
    const run = runCli(["rules", "validate", "firm-rules"], { cwd: firm(FIRM_RULE) });
    expect(run.status).toBe(0);
    expect(stripAnsi(run.stdout)).toBe("firm-rules: 1 rule file, no problems\n");
  });
});
