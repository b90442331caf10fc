/**
 * The built CLI (dist/cli.js), run as a user runs it: exit codes, what goes to stdout and
 * stderr, and how every kind of bad input is reported. Bad inputs are generated in a temp
 * folder per run; nothing is written into the repository.
 */
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../src/index.js";
import { type CliRun, SEED, STACK_LINE, ensureBuilt, linesOf, repoRoot, runCli, stripAnsi } from "./helpers/cli.js";
import { describeErrors, validateReport } from "./helpers/schemas.js";
import { makeTmpDir, removeTmpDir } from "./helpers/tmp.js";

const RULE_IDS = ["s3-registration", "prospectus-supplement", "exchange-listing", "governing-law", "counterparts"];
/** The line each rule's clause starts on in the seed (2(a), 2(b), 3, 5 and 6). */
const SEED_CLAUSE_LINES: Record<string, number> = {
  "s3-registration": 22,
  "prospectus-supplement": 26,
  "exchange-listing": 30,
  "governing-law": 41,
  counterparts: 51,
};
const GAP_SAMPLE = "samples/valence-s3-form-s1.txt";
const WARNING_SAMPLE = "samples/valence-s3-no-file-number.txt";

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = makeTmpDir("cli");
}, 120_000);
afterAll(() => removeTmpDir(tmp));

/** A fresh sub-folder of this run's temp folder. */
function freshDir(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The text report's lines for one rule: its ✓/✗ line and the indented evidence lines under it. */
function ruleBlock(stdout: string, ruleId: string): string[] {
  const lines = stripAnsi(stdout).split("\n");
  const start = lines.findIndex((l) => new RegExp(`^\\s+\\S ${ruleId}\\s`).test(l));
  if (start < 0) return [];
  const block = [lines[start] as string];
  for (const l of lines.slice(start + 1)) {
    if (!/^ {6}/.test(l)) break;
    block.push(l);
  }
  return block;
}

/** An error a user sees: exit 2, one line on stderr, no stack trace. */
function expectOneLineError(run: CliRun): string {
  expect(run.status, `stderr: ${run.stderr}`).toBe(2);
  expect(run.stderr).not.toContain(STACK_LINE);
  expect(run.stderr.endsWith("\n")).toBe(true);
  expect(run.stderr.trimEnd().split("\n"), "stderr is exactly one line").toHaveLength(1);
  return run.stderr.trimEnd();
}

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("checking the seed agreement", () => {
  let run: CliRun;
  beforeAll(() => {
    run = runCli(["check", SEED]);
  });

  it("exits 0 with nothing on stderr", () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it.each(RULE_IDS)("marks %s with ✓", (ruleId) => {
    expect(ruleBlock(run.stdout, ruleId)[0]).toMatch(new RegExp(`^\\s+✓ ${ruleId}\\s`));
  });

  it.each(RULE_IDS)("quotes the clause for %s at file:line:column", (ruleId) => {
    const location = `${SEED}:${SEED_CLAUSE_LINES[ruleId]}:`;
    expect(ruleBlock(run.stdout, ruleId).some((l) => new RegExp(`^ {6}${location.replace(/[.]/g, "\\.")}\\d+\\s`).test(l))).toBe(true);
  });

  it("prints the same report when the check subcommand is left out (`clausecheck FILE`)", () => {
    const implicit = runCli([SEED]);
    expect(implicit.status).toBe(run.status);
    expect(implicit.stdout).toBe(run.stdout);
    expect(implicit.stderr).toBe(run.stderr);
  });

  it("--format json prints a JSON report with one document and five passing results", () => {
    const json = runCli(["check", "--format", "json", SEED]);
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.documents).toHaveLength(1);
    expect(report.documents[0]?.file).toBe(SEED);
    expect(report.documents[0]?.results).toHaveLength(5);
    expect(report.documents[0]?.results.map((r) => r.ruleId).sort()).toEqual([...RULE_IDS].sort());
    expect(report.documents[0]?.results.every((r) => r.status === "pass")).toBe(true);
  });
});

describe("exit codes for gaps and --fail-on", () => {
  it(`exits 1 on a gap of severity error (${GAP_SAMPLE}) and marks it ✗`, () => {
    const run = runCli(["check", GAP_SAMPLE]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("");
    expect(ruleBlock(run.stdout, "s3-registration")[0]).toMatch(/^\s+✗ s3-registration\s+error\s/);
  });

  it("exits 0 on the same gap with --fail-on never, still reporting it", () => {
    const run = runCli(["check", "--fail-on", "never", GAP_SAMPLE]);
    expect(run.status).toBe(0);
    expect(ruleBlock(run.stdout, "s3-registration")[0]).toMatch(/✗ s3-registration/);
  });

  it(`exits 0 on a warning-only gap (${WARNING_SAMPLE}) with the default --fail-on error`, () => {
    const run = runCli(["check", WARNING_SAMPLE]);
    expect(run.status).toBe(0);
    expect(ruleBlock(run.stdout, "s3-registration")[0]).toMatch(/s3-registration\s+warning\s/);
  });

  it("exits 1 on the same warning with --fail-on warning", () => {
    expect(runCli(["check", "--fail-on", "warning", WARNING_SAMPLE]).status).toBe(1);
  });
});

describe("the parse subcommand", () => {
  it("prints the agreement as JSON with its sections", () => {
    const run = runCli(["parse", SEED]);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
    const agreement = JSON.parse(run.stdout) as { file: string; sections: { number: string }[] };
    expect(agreement.file).toBe(SEED);
    expect(agreement.sections.map((s) => s.number)).toEqual(["1", "2", "3", "4", "5", "6"]);
  });

  it("reports a missing file as one line on stderr and exits 2", () => {
    const line = expectOneLineError(runCli(["parse", join(tmp, "absent.txt")]));
    expect(line).toContain(join(tmp, "absent.txt"));
  });

  type Parsed = { file: string; format: string };

  it("takes what check takes: a folder, searched recursively, gives an array in file-name order", () => {
    const dir = freshDir("parse-folder");
    mkdirSync(join(dir, "sub"));
    copyFileSync(join(repoRoot, SEED), join(dir, "b.txt"));
    copyFileSync(join(repoRoot, "samples/valence-ridgeway-1999.docx"), join(dir, "sub", "a.docx"));
    const run = runCli(["parse", dir]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as Parsed[]).map((a) => [a.file, a.format])).toEqual([
      [join(dir, "b.txt"), "edgar-text"],
      [join(dir, "sub", "a.docx"), "docx"],
    ]);
  });

  it("takes a quoted glob pattern, expanded by clausecheck", () => {
    const run = runCli(["parse", "samples/valence-s3-f*.txt"]);
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as Parsed[]).map((a) => a.file)).toEqual(["samples/valence-s3-form-s1.txt", "samples/valence-s3-future.txt"]);
  });

  it("takes - for standard input, named by --stdin-filename, whose extension says how to read it", () => {
    const text = runCli(["parse", "-"], { input: readFileSync(join(repoRoot, SEED)) });
    expect(text.status).toBe(0);
    expect(JSON.parse(text.stdout)).toMatchObject({ file: "<stdin>", format: "edgar-text" });
    const docx = runCli(["parse", "--stdin-filename", "deal.docx", "-"], { input: readFileSync(join(repoRoot, "samples/valence-ridgeway-1999.docx")) });
    expect(docx.stderr).toBe("");
    expect(JSON.parse(docx.stdout)).toMatchObject({ file: "deal.docx", format: "docx" });
  });

  it("an unreadable file among others: one line on stderr, exit 2, the others still printed", () => {
    const run = runCli(["parse", SEED, "nowhere.txt", "samples/valence-s3-form-s1.txt"]);
    expect(run.status).toBe(2);
    expect(linesOf(run.stderr)).toEqual(["clausecheck: nowhere.txt: no such file"]);
    expect((JSON.parse(run.stdout) as Parsed[]).map((a) => a.file)).toEqual([SEED, "samples/valence-s3-form-s1.txt"]);
  });
});

describe("a Word .docx on standard input without --stdin-filename", () => {
  const docx = () => readFileSync(join(repoRoot, "samples/valence-ridgeway-1999.docx"));
  const ADVICE = "clausecheck: <stdin>: standard input is a zip archive, as a Word .docx file is: use --stdin-filename NAME.docx to read it as one";

  it.each([["check"], ["parse"]])("%s: one line telling to use --stdin-filename NAME.docx, exit 2", (command) => {
    const run = runCli([command, "-"], { input: docx() });
    expect(run.status).toBe(2);
    expect(linesOf(run.stderr)).toEqual([ADVICE]);
  });

  it("check --format json lists it in errors with code BINARY", () => {
    const run = runCli(["check", "-f", "json", "-"], { input: docx() });
    expect((JSON.parse(run.stdout) as Report).errors).toEqual([{ file: "<stdin>", code: "BINARY", message: ADVICE.replace("clausecheck: <stdin>: ", "") }]);
  });

  it("named as something else (--stdin-filename deal.txt): the same advice", () => {
    const run = runCli(["check", "--stdin-filename", "deal.txt", "-"], { input: docx() });
    expect(linesOf(run.stderr)).toEqual([ADVICE.replace("<stdin>", "deal.txt")]);
  });
});

describe("a mistyped command", () => {
  it.each([
    [["chek", SEED], "check"],
    [["pars", SEED], "parse"],
    [["explian", SEED, "--rule", "governing-law"], "explain"],
    [["rule", "validate"], "rules"],
  ])("%j: one line with a did-you-mean, exit 2, nothing checked", (args, command) => {
    const run = runCli(args);
    expect(run.stdout).toBe("");
    const line = expectOneLineError(run);
    expect(line).toBe(`clausecheck: unknown command "${args[0]}" (did you mean "${command}"?), and no file of that name to check`);
  });

  it("a file of that name exists: it is checked, as `clausecheck FILE` always is", () => {
    const dir = freshDir("file-named-chek");
    copyFileSync(join(repoRoot, SEED), join(dir, "chek"));
    const run = runCli(["chek"], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^chek {2}5 passed, 0 gaps/);
  });

  it("a missing file whose name is like no command is reported as a missing file", () => {
    expect(expectOneLineError(runCli(["check-me.txt"]))).toBe("clausecheck: check-me.txt: no such file");
  });

  it("a mistyped subcommand of rules: one line, with commander's suggestion", () => {
    const line = expectOneLineError(runCli(["rules", "valdate"]));
    expect(line).toMatch(/^clausecheck: unknown command 'valdate' \(Did you mean validate\?\)/);
  });
});

describe("usage errors exit 2 with a short message and no stack trace", () => {
  const cases: [name: string, args: string[], mentions: RegExp][] = [
    ["an unknown option", ["check", "--bogus", SEED], /--bogus/],
    ["an unknown --format value", ["check", "--format", "xml", SEED], /xml/],
    ["an unknown --fail-on value", ["check", "--fail-on", "sometimes", SEED], /sometimes/],
    ["check without files", ["check"], /files/],
    ["no arguments at all", [], /files/],
  ];
  it.each(cases)("%s", (_name, args, mentions) => {
    const run = runCli(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).not.toContain(STACK_LINE);
    const lines = linesOf(run.stderr);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length, `stderr: ${run.stderr}`).toBeLessThanOrEqual(2);
    expect(lines[0]).toMatch(mentions);
  });
});

describe("bad input files: exit 2, one line on stderr naming the file and the problem", () => {
  /** Each case writes its file into `dir` and returns its path. */
  type BadInput = [name: string, make: (dir: string) => string, code: string, says: RegExp];
  const cases: BadInput[] = [
    ["a missing file", (d) => join(d, "no-such-agreement.txt"), "ENOENT", /no such file/i],
    [
      "a directory",
      (d) => {
        const p = join(d, "a-folder.txt");
        mkdirSync(p);
        return p;
      },
      "EISDIR",
      /directory/i,
    ],
    ["an empty file", (d) => write(d, "empty.txt", Buffer.alloc(0)), "EMPTY", /empty/i],
    ["a whitespace-only file", (d) => write(d, "blank.txt", Buffer.from(" \n\t\r\n   \n")), "EMPTY", /whitespace/i],
    [
      "PDF bytes in a .txt",
      (d) => write(d, "agreement.txt", Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "latin1")),
      "BINARY",
      /PDF/,
    ],
    [
      "an ELF executable with NUL bytes",
      (d) => write(d, "program.txt", Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(64), Buffer.from("text")])),
      "BINARY",
      /not a text file/i,
    ],
    [
      "binary data with NUL bytes and no known header",
      (d) => write(d, "data.txt", Buffer.from([0x41, 0x47, 0x52, 0x00, 0x00, 0x13, 0x37, 0x00, 0xfe, 0x01, 0x00, 0x42])),
      "BINARY",
      /not a text file/i,
    ],
    [
      "bytes that are neither UTF-8 nor Windows-1252 (0x81)",
      (d) => write(d, "mojibake.txt", Buffer.concat([Buffer.from("This agreement is made "), Buffer.from([0x81, 0xe9]), Buffer.from(" as of today.\n")])),
      "ENCODING",
      /0x81/,
    ],
  ];

  function write(dir: string, name: string, bytes: Buffer): string {
    const p = join(dir, name);
    writeFileSync(p, bytes);
    return p;
  }

  it.each(cases)("%s", (name, make, code, says) => {
    const dir = freshDir(`bad-${name.replace(/\W+/g, "-")}`);
    const file = make(dir);
    const line = expectOneLineError(runCli(["check", file]));
    expect(line.startsWith("clausecheck: ")).toBe(true);
    expect(line).toContain(file);
    expect(line).toMatch(says);

    // With --output, stdout stays empty and the report file lists the file as unreadable;
    // --quiet leaves out the line saying what was written, never an error.
    const out = join(dir, "report.json");
    const withOutput = runCli(["check", "--format", "json", "--quiet", "--output", out, file]);
    expect(expectOneLineError(withOutput)).toBe(line);
    expect(withOutput.stdout).toBe("");
    const report = JSON.parse(readFileSync(out, "utf8")) as Report;
    expect(report.documents).toEqual([]);
    expect(report.errors).toEqual([expect.objectContaining({ file, code })]);
  });

  it.skipIf(process.getuid?.() === 0)("a file without read permission (skipped as root, who can read anything)", () => {
    const dir = freshDir("bad-unreadable");
    const file = join(dir, "locked.txt");
    copyFileSync(join(repoRoot, SEED), file);
    chmodSync(file, 0o000);
    try {
      const line = expectOneLineError(runCli(["check", file]));
      expect(line).toContain(file);
      expect(line).toMatch(/permission/i);
      const out = join(dir, "report.json");
      const withOutput = runCli(["check", "--format", "json", "--quiet", "--output", out, file]);
      expectOneLineError(withOutput);
      expect(withOutput.stdout).toBe("");
    } finally {
      chmodSync(file, 0o644);
    }
  });

  it("one missing file among several: the others are still reported on stdout, exit 2", () => {
    const missing = join(tmp, "not-here.txt");
    const run = runCli(["check", SEED, missing, GAP_SAMPLE]);
    const line = expectOneLineError(run);
    expect(line).toBe(`clausecheck: ${missing}: no such file`);
    const out = stripAnsi(run.stdout);
    expect(out).toMatch(new RegExp(`^${SEED.replace(/\./g, "\\.")}\\s+5 passed`, "m"));
    expect(out).toMatch(new RegExp(`^${GAP_SAMPLE.replace(/\./g, "\\.")}\\s+4 passed, 1 gap`, "m"));
  });
});

describe("files the CLI must read fine", () => {
  it("a path with spaces and non-ASCII characters", () => {
    const dir = freshDir("Accords signés 1999");
    const file = join(dir, "Valence – Ridgeway accord ü.txt");
    copyFileSync(join(repoRoot, SEED), file);
    const run = runCli(["check", file]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(stripAnsi(run.stdout)).toContain(`${file}:22:`);
  });

  it("a UTF-16LE copy of the seed with a byte-order mark is decoded and passes", () => {
    const file = join(freshDir("utf16"), "seed-utf16le.txt");
    const text = readFileSync(join(repoRoot, SEED), "utf8");
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    const run = runCli(["check", "--format", "json", file]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.documents[0]?.encoding).toBe("utf-16le");
    expect(report.documents[0]?.results.map((r) => r.status)).toEqual(["pass", "pass", "pass", "pass", "pass"]);
    // Positions are those of the decoded text, the same as in the UTF-8 original.
    const law = report.documents[0]?.results.find((r) => r.ruleId === "governing-law");
    expect(law?.evidence[0]?.line).toBe(41);
  });
});

describe("--output", () => {
  it("writes the JSON report to the file, prints nothing on stdout and one line on stderr saying what it wrote", () => {
    const out = join(freshDir("output-ok"), "out.json");
    const run = runCli(["check", "--format", "json", "--output", out, SEED]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`clausecheck: wrote ${out} (json, 1 document)\n`);
    const report: unknown = JSON.parse(readFileSync(out, "utf8"));
    expect(validateReport(report), describeErrors(validateReport.errors).join("\n")).toBe(true);
    expect((report as Report).documents[0]?.file).toBe(SEED);
  });

  it("names the file as typed (relative to the working folder) and counts the unreadable inputs", () => {
    const dir = freshDir("output-relative");
    const run = runCli(["check", "-o", "out.md", join(repoRoot, SEED), "missing.txt"], { cwd: dir });
    expect(run.status).toBe(2);
    expect(linesOf(run.stderr)).toEqual(["clausecheck: missing.txt: no such file", "clausecheck: wrote out.md (markdown, 1 document, 1 unreadable)"]);
  });

  it("--quiet (-q) leaves that line out", () => {
    const dir = freshDir("output-quiet");
    for (const flag of ["--quiet", "-q"]) {
      const run = runCli(["check", flag, "-o", "out.json", join(repoRoot, SEED)], { cwd: dir });
      expect(run.status).toBe(0);
      expect(run.stderr).toBe("");
      expect(existsSync(join(dir, "out.json"))).toBe(true);
    }
  });

  it("parse -o: one line saying what it wrote; --quiet leaves it out", () => {
    const dir = freshDir("parse-output");
    const run = runCli(["parse", "-o", "agreements.json", join(repoRoot, SEED), join(repoRoot, "samples/valence-s3-form-s1.txt")], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("clausecheck: wrote agreements.json (Agreement JSON, 2 agreements)\n");
    expect((JSON.parse(readFileSync(join(dir, "agreements.json"), "utf8")) as unknown[]).length).toBe(2);
    expect(runCli(["parse", "-q", "-o", "agreements.json", join(repoRoot, SEED)], { cwd: dir }).stderr).toBe("");
  });

  it("leaves no temporary file next to the report", () => {
    const dir = freshDir("output-clean");
    runCli(["check", "--format", "json", "--output", join(dir, "out.json"), SEED]);
    expect(readdirSync(dir)).toEqual(["out.json"]);
  });

  it("into a folder that does not exist: exit 2, one line naming the path, no file left behind", () => {
    const dir = freshDir("output-missing-folder");
    const out = join(dir, "no-such-folder", "out.json");
    const run = runCli(["check", "--format", "json", "--output", out, SEED]);
    const line = expectOneLineError(run);
    expect(line).toContain(out);
    expect(run.stdout).toBe("");
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("a broken rule folder (--rules): exit 2, one line `clausecheck: file:line:column: problem`", () => {
  /** Copies the bundled rules to a fresh folder and rewrites one file; returns the folder and the rewritten file. */
  function brokenRules(name: string, ruleFile: string, edit: (text: string) => string): { dir: string; file: string; text: string } {
    const dir = freshDir(`rules-${name}`);
    cpSync(join(repoRoot, "rules"), dir, { recursive: true });
    const file = join(dir, ruleFile);
    const before = readFileSync(file, "utf8");
    const text = edit(before);
    expect(text, "the edit changed the rule file").not.toBe(before);
    writeFileSync(file, text);
    return { dir, file, text };
  }

  /** 1-based line and column of the first match of `re` in `text` (column of the match start). */
  function placeOf(text: string, re: RegExp): { line: number; column: number } {
    const m = re.exec(text);
    expect(m, `${re} in the edited rule file`).not.toBeNull();
    const before = text.slice(0, (m as RegExpExecArray).index);
    const lines = before.split("\n");
    return { line: lines.length, column: (lines.at(-1) as string).length + 1 };
  }

  function expectRuleError(dir: string, file: string): { line: number; column: number; message: string } {
    const run = runCli(["check", "--rules", dir, SEED]);
    const line = expectOneLineError(run);
    expect(run.stdout, "no report is printed when the rules cannot be loaded").toBe("");
    expect(line.startsWith(`clausecheck: ${file}:`), line).toBe(true);
    const m = new RegExp(`^clausecheck: ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:(\\d+):(\\d+): (.+)$`).exec(line);
    expect(m, `"${line}" has the form file:line:column: message`).not.toBeNull();
    const [, l, c, message] = m as RegExpExecArray;
    return { line: Number(l), column: Number(c), message: message as string };
  }

  it("a YAML syntax error", () => {
    const { dir, file, text } = brokenRules("syntax", "governing-law.yaml", (t) => t.replace(/^title: .*$/m, "title: [Governing law"));
    const err = expectRuleError(dir, file);
    // At the bracket never closed, with what to do, not where the parser gave up (the next line).
    expect(err.message).toBe("the [ here is never closed with ]; if this is a pattern, put it in single quotes: '[Governing law'");
    expect({ line: err.line, column: err.column }).toEqual(placeOf(text, /\[Governing law/));
  });

  it("an unknown key `fnd` where `find` belongs, reported at the key", () => {
    const { dir, file, text } = brokenRules("unknown-key", "governing-law.yaml", (t) => t.replace(/^(\s+)find:/m, "$1fnd:"));
    const err = expectRuleError(dir, file);
    expect({ line: err.line, column: err.column }).toEqual(placeOf(text, /(?<=^\s+)fnd:/m));
    expect(err.message).toMatch(/find|fnd/);
  });

  it("an unknown top-level key `fnd`, reported at the key and named in the message", () => {
    const { dir, file, text } = brokenRules("unknown-top-key", "governing-law.yaml", (t) => t.replace(/^title:/m, "fnd: governed by\ntitle:"));
    const err = expectRuleError(dir, file);
    expect({ line: err.line, column: err.column }).toEqual(placeOf(text, /^fnd:/m));
    expect(err.message).toContain('"fnd"');
  });

  it("a pattern with an unclosed bracket: (unclosed, located at the bracket", () => {
    const { dir, file, text } = brokenRules("bad-regex", "governing-law.yaml", (t) =>
      t.replace(/^(\s+find:\n(?:\s*#.*\n)*\s+- ).*$/m, "$1'(unclosed'"),
    );
    const err = expectRuleError(dir, file);
    expect({ line: err.line, column: err.column }).toEqual(placeOf(text, /\(unclosed'/));
    expect(err.message).toMatch(/never closed/i);
  });

  it("a requirement on a value the rule does not capture", () => {
    const { dir, file, text } = brokenRules("uncaptured", "s3-registration.yaml", (t) => t.replace(/- value: fileNumber\b/, "- value: fileNumbr"));
    const err = expectRuleError(dir, file);
    expect({ line: err.line, column: err.column }).toEqual(placeOf(text, /fileNumbr/));
    expect(err.message).toContain('"fileNumbr"');
  });
});

describe("inputs are never modified", () => {
  it("the seed's bytes and modification time are the same after check, --format json, --output and parse", () => {
    const seed = join(repoRoot, SEED);
    const hash = sha256(seed);
    const mtime = statSync(seed).mtimeMs;
    runCli(["check", SEED]);
    runCli(["check", "--format", "json", SEED]);
    runCli(["check", "--format", "json", "--output", join(freshDir("untouched"), "out.json"), SEED]);
    runCli(["parse", SEED]);
    expect(sha256(seed)).toBe(hash);
    expect(statSync(seed).mtimeMs).toBe(mtime);
  });
});
