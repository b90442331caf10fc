/**
 * Many documents through the built CLI: folders, globs, standard input, --format jsonl (in input
 * order, streamed), worker threads (--jobs 1 and 2 give the same report), an unreadable document
 * among many, --output for every format, and the summary table.
 */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DocumentError, DocumentReport, Report } from "../src/index.js";
import { SEED, STACK_LINE, cleanEnv, cliPath, ensureBuilt, linesOf, repoRoot, runCli, stripAnsi } from "./helpers/cli.js";
import { validateReportLine } from "./helpers/output-schemas.js";
import { describeErrors, validateReport } from "./helpers/schemas.js";
import { makeTmpDir, removeTmpDir } from "./helpers/tmp.js";

const GAP_SAMPLE = "samples/valence-s3-form-s1.txt";
const BIG = "test/fixtures/corpus/ud-legal-91562697-purchase-agreement.txt";

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = makeTmpDir("batch");
}, 120_000);
afterAll(() => removeTmpDir(tmp));

const json = (stdout: string) => JSON.parse(stdout) as Report;

/** The line saying which files of a folder were skipped: samples/ and the corpus fixtures hold expected results (.json) and a README. */
const skippedLine = (folder: string) =>
  new RegExp(`^clausecheck: ${folder.replace(/[/.]/g, "\\$&")}: skipped \\d+ files clausecheck does not read \\(it reads \\.txt, \\.htm, \\.html and \\.docx\\): \\d+ \\.json, 1 \\.md$`);
const jsonLines = (stdout: string) => stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as DocumentReport | DocumentError);
const fileOf = (line: DocumentReport | DocumentError) => line.file;

describe("folders and glob patterns", () => {
  it("a folder is checked recursively, its agreement files in sorted order; a PDF in it is reported as skipped", () => {
    const dir = join(tmp, "deals");
    mkdirSync(join(dir, "2024", "q1"), { recursive: true });
    copyFileSync(join(repoRoot, SEED), join(dir, "b-seed.txt"));
    copyFileSync(join(repoRoot, GAP_SAMPLE), join(dir, "2024", "q1", "gap.txt"));
    copyFileSync(join(repoRoot, "samples/valence-ridgeway-1999.docx"), join(dir, "2024", "a.docx"));
    writeFileSync(join(dir, "memo.pdf"), "%PDF-1.4");
    const run = runCli(["check", "--format", "json", dir]);
    expect(linesOf(run.stderr)).toEqual([`clausecheck: ${dir}: skipped 1 file clausecheck does not read (it reads .txt, .htm, .html and .docx): memo.pdf`]);
    expect(run.status, "a skipped file is no error").toBe(1);
    expect(json(run.stdout).documents.map((d) => d.file)).toEqual([join(dir, "2024/a.docx"), join(dir, "2024/q1/gap.txt"), join(dir, "b-seed.txt")]);
  });

  it("samples/ as a folder: every sample, 28 documents, in file-name order", () => {
    const run = runCli(["check", "--format", "json", "samples"]);
    expect(linesOf(run.stderr)).toHaveLength(1);
    expect(linesOf(run.stderr)[0]).toMatch(skippedLine("samples"));
    const files = json(run.stdout).documents.map((d) => d.file);
    const expected = readdirSync(join(repoRoot, "samples"))
      .filter((n) => /\.(txt|htm|docx)$/.test(n))
      .sort()
      .map((n) => `samples/${n}`);
    // One document per file (no full EDGAR submission here holds two agreements).
    expect(files).toEqual(expected);
  });

  it("a quoted glob pattern is expanded by clausecheck, sorted", () => {
    const run = runCli(["check", "--format", "json", "samples/valence-s3-*.txt"]);
    expect(run.stderr).toBe("");
    expect(json(run.stdout).documents.map((d) => d.file)).toEqual([
      "samples/valence-s3-form-s1.txt",
      "samples/valence-s3-future.txt",
      "samples/valence-s3-missing.txt",
      "samples/valence-s3-negated.txt",
      "samples/valence-s3-no-file-number.txt",
    ]);
  });

  it("a pattern that matches nothing: exit 2, one line naming it; the other documents are still reported", () => {
    const run = runCli(["check", "--format", "json", SEED, "samples/nothing-*.txt"]);
    expect(run.status).toBe(2);
    expect(linesOf(run.stderr)).toEqual(["clausecheck: samples/nothing-*.txt: no .txt, .htm, .html or .docx file matches this pattern"]);
    const report = json(run.stdout);
    expect(report.documents.map((d) => d.file)).toEqual([SEED]);
    expect(report.errors).toEqual([{ file: "samples/nothing-*.txt", code: "ENOENT", message: "no .txt, .htm, .html or .docx file matches this pattern" }]);
  });

  it("a file whose name holds glob characters is read as named", () => {
    const file = join(tmp, "Deal [final] (v2).txt");
    copyFileSync(join(repoRoot, SEED), file);
    const run = runCli(["check", "--format", "json", file]);
    expect(run.status).toBe(0);
    expect(json(run.stdout).documents[0]?.file).toBe(file);
  });
});

describe("files a folder or pattern holds that clausecheck does not read", () => {
  let dir: string;
  beforeAll(() => {
    dir = join(tmp, "mixed");
    mkdirSync(join(dir, "scans"), { recursive: true });
    copyFileSync(join(repoRoot, SEED), join(dir, "deal.txt"));
    writeFileSync(join(dir, "deal.txt.waivers.yaml"), "waivers: []\n");
    writeFileSync(join(dir, "clausecheck.config.yaml"), "rules: [bundled]\n");
    writeFileSync(join(dir, ".DS_Store"), "x");
    writeFileSync(join(dir, "memo.pdf"), "%PDF-1.4");
    writeFileSync(join(dir, "scans", "page1.tif"), "II*");
    writeFileSync(join(dir, "scans", "page2.tif"), "II*");
    writeFileSync(join(dir, "scans", "old.doc"), "x");
  });

  it("a folder: one line with their count by extension (more than three), the rest checked, exit code as without them", () => {
    const run = runCli(["check", "--no-config", "-f", "json", "mixed"], { cwd: tmp });
    expect(run.status).toBe(0);
    expect(linesOf(run.stderr)).toEqual(["clausecheck: mixed: skipped 4 files clausecheck does not read (it reads .txt, .htm, .html and .docx): 2 .tif, 1 .doc, 1 .pdf"]);
    expect(json(run.stdout).documents.map((d) => d.file)).toEqual(["mixed/deal.txt"]);
  });

  it("three or fewer are named, relative to the folder; waiver sidecars, the config and hidden files are never counted", () => {
    const run = runCli(["check", "--no-config", "-f", "json", "mixed/scans", "mixed/deal.txt"], { cwd: tmp });
    expect(linesOf(run.stderr)).toEqual([
      "clausecheck: mixed/scans: skipped 3 files clausecheck does not read (it reads .txt, .htm, .html and .docx): old.doc, page1.tif, page2.tif",
      "clausecheck: mixed/scans: is a directory with no .txt, .htm, .html or .docx files",
    ]);
  });

  it("a glob pattern: the files it matched that are skipped", () => {
    const run = runCli(["check", "--no-config", "-f", "json", "mixed/*"], { cwd: tmp });
    expect(run.status).toBe(0);
    expect(linesOf(run.stderr)).toEqual(["clausecheck: mixed/*: skipped 1 file clausecheck does not read (it reads .txt, .htm, .html and .docx): mixed/memo.pdf"]);
  });

  it("--quiet leaves the line out; parse reports them too", () => {
    expect(runCli(["check", "--no-config", "-q", "-f", "json", "mixed"], { cwd: tmp }).stderr).toBe("");
    expect(linesOf(runCli(["parse", "mixed"], { cwd: tmp }).stderr)).toEqual([
      "clausecheck: mixed: skipped 4 files clausecheck does not read (it reads .txt, .htm, .html and .docx): 2 .tif, 1 .doc, 1 .pdf",
    ]);
  });
});

describe("standard input", () => {
  it("- reads one document, reported under --stdin-filename", () => {
    const run = runCli(["check", "--format", "json", "--stdin-filename", "deal.txt", "-"], { input: readFileSync(join(repoRoot, SEED)) });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const doc = json(run.stdout).documents[0];
    expect(doc?.file).toBe("deal.txt");
    expect(doc?.results.every((r) => r.status === "pass")).toBe(true);
    expect(doc?.results.find((r) => r.ruleId === "governing-law")?.evidence[0]).toMatchObject({ file: "deal.txt", line: 41 });
  });

  it("without --stdin-filename the document is <stdin>; with a .docx name the bytes are read as Word", () => {
    expect(json(runCli(["check", "-f", "json", "-"], { input: readFileSync(join(repoRoot, GAP_SAMPLE)) }).stdout).documents[0]?.file).toBe("<stdin>");
    const docx = runCli(["check", "-f", "json", "--stdin-filename", "deal.docx", "-"], { input: readFileSync(join(repoRoot, "samples/valence-ridgeway-1999.docx")) });
    expect(docx.stderr).toBe("");
    expect(json(docx.stdout).documents[0]?.format).toBe("docx");
  });

  it("- among files keeps its place in the order", () => {
    const run = runCli(["check", "-f", "json", "--stdin-filename", "middle.txt", SEED, "-", GAP_SAMPLE], { input: readFileSync(join(repoRoot, SEED)) });
    expect(json(run.stdout).documents.map((d) => d.file)).toEqual([SEED, "middle.txt", GAP_SAMPLE]);
  });

  it("empty standard input is reported as an empty document (exit 2)", () => {
    const run = runCli(["check", "-f", "json", "-"], { input: "" });
    expect(run.status).toBe(2);
    expect(linesOf(run.stderr)).toHaveLength(1);
    expect(json(run.stdout).errors[0]).toMatchObject({ file: "<stdin>", code: "EMPTY" });
  });
});

describe("--format jsonl", () => {
  const inputs = [BIG, SEED, "nowhere.txt", GAP_SAMPLE, "samples/valence-ridgeway-1999.htm"];

  it.each([1, 2])("--jobs %i: one valid JSON line per document, in the order of the inputs, an unreadable one as its error", (jobs) => {
    const run = runCli(["check", "--format", "jsonl", "--jobs", String(jobs), ...inputs]);
    expect(run.status).toBe(2);
    expect(linesOf(run.stderr)).toEqual(["clausecheck: nowhere.txt: no such file"]);
    const lines = jsonLines(run.stdout);
    expect(lines.map(fileOf)).toEqual(inputs);
    for (const line of lines) expect(validateReportLine(line), describeErrors(validateReportLine.errors).join("\n")).toBe(true);
    expect(lines[2]).toEqual({ file: "nowhere.txt", code: "ENOENT", message: "no such file" });
    expect((lines[3] as DocumentReport).summary.gaps).toBe(1);
  });

  it("each line is the same as the document's entry in the JSON report", () => {
    const lines = jsonLines(runCli(["check", "--format", "jsonl", SEED, GAP_SAMPLE]).stdout);
    expect(lines).toEqual(json(runCli(["check", "--format", "json", SEED, GAP_SAMPLE]).stdout).documents);
  });

  it("streams: a document's line is written before a later input is even read", async () => {
    const child = spawn(process.execPath, [cliPath, "check", "--format", "jsonl", "--stdin-filename", "later.txt", SEED, "-"], { cwd: repoRoot, env: cleanEnv(), stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let exited = false;
    child.on("exit", () => {
      exited = true;
    });
    const firstLine = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line within 20 s; got ${out}`)), 20_000);
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("\n")) {
          clearTimeout(timer);
          resolve(out.split("\n")[0] as string);
        }
      });
    });
    expect(exited, "the run waits for standard input").toBe(false);
    expect(JSON.parse(firstLine).file).toBe(SEED);
    child.stdin.end(readFileSync(join(repoRoot, GAP_SAMPLE)));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(1);
    expect(jsonLines(out).map(fileOf)).toEqual([SEED, "later.txt"]);
  });
});

describe("worker threads", () => {
  const everything = ["samples", "test/fixtures/corpus"];

  it("--jobs 1 and --jobs 2 give byte-identical JSON, SARIF and text reports", () => {
    // One run per --jobs writes the three formats (several --output files).
    const reports = (jobs: string) => {
      const dir = join(tmp, `jobs-${jobs}`);
      mkdirSync(dir);
      const files = ["report.json", "report.sarif", "report.txt"].map((f) => join(dir, f));
      const run = runCli(["check", "--jobs", jobs, ...files.flatMap((f) => ["-o", f]), ...everything]);
      const lines = linesOf(run.stderr);
      expect(lines, run.stderr).toHaveLength(5);
      expect(lines[0]).toMatch(skippedLine("samples"));
      expect(lines[1]).toMatch(skippedLine("test/fixtures/corpus"));
      expect(lines.slice(2).map((l) => l.replace(/ \(.*/, ""))).toEqual(files.map((f) => `clausecheck: wrote ${f}`));
      return { status: run.status, texts: files.map((f) => readFileSync(f, "utf8")) };
    };
    const one = reports("1");
    const two = reports("2");
    expect(two.status).toBe(one.status);
    const [jsonOne] = one.texts as [string];
    expect(json(jsonOne).documents.length).toBeGreaterThan(30);
    two.texts.forEach((text, i) => expect(text, ["json", "sarif", "text"][i]).toBe(one.texts[i]));
    expect(validateReport(json(jsonOne)), describeErrors(validateReport.errors).join("\n")).toBe(true);
  }, 60_000);

  it("an unreadable document among many does not stop the others: exit 2 at the end, one stderr line", () => {
    const binary = join(tmp, "scan.txt");
    writeFileSync(binary, Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "latin1"));
    const run = runCli(["check", "--format", "json", "--jobs", "2", SEED, binary, GAP_SAMPLE, BIG]);
    expect(run.status).toBe(2);
    expect(run.stderr).not.toContain(STACK_LINE);
    expect(linesOf(run.stderr)).toHaveLength(1);
    expect(run.stderr).toContain(binary);
    const report = json(run.stdout);
    expect(report.documents.map((d) => d.file)).toEqual([SEED, GAP_SAMPLE, BIG]);
    expect(report.errors).toEqual([expect.objectContaining({ file: binary, code: "BINARY" })]);
  });

  it.each([["0"], ["-1"], ["two"], ["1.5"]])("--jobs %s is a usage error (exit 2)", (n) => {
    const run = runCli(["check", "--jobs", n, SEED]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/--jobs/);
  });
});

describe("--output for every format, the format inferred from the extension", () => {
  const cases: [ext: string, format: string, starts: RegExp][] = [
    [".json", "json", /^\{\n {2}"tool"/],
    [".jsonl", "jsonl", /^\{"file":"samples\/valence-ridgeway-1999\.txt"/],
    [".sarif", "sarif", /^\{\n {2}"\$schema": "https:\/\/json\.schemastore\.org\/sarif-2\.1\.0\.json"/],
    [".xml", "junit", /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites/],
    [".md", "markdown", /^## clausecheck report/],
    [".html", "html", /^<!DOCTYPE html>/],
    [".txt", "text", /^samples\/valence-ridgeway-1999\.txt {2}5 passed/],
  ];

  it("one file: written in the format its extension names, and one line on stderr says so", () => {
    const dir = join(tmp, "out-one");
    mkdirSync(dir);
    const out = join(dir, "report.sarif");
    const run = runCli(["check", "--output", out, SEED, GAP_SAMPLE]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`clausecheck: wrote ${out} (sarif, 2 documents)\n`);
    expect(readFileSync(out, "utf8")).toMatch(cases[2]?.[2] as RegExp);
    expect(readdirSync(dir), "no temporary file is left").toEqual(["report.sarif"]);
  });

  it("one file whose extension names no format: text", () => {
    const dir = join(tmp, "out-other");
    mkdirSync(dir);
    const out = join(dir, "report.out");
    const run = runCli(["check", "--output", out, SEED, GAP_SAMPLE]);
    expect(run.stderr).toBe(`clausecheck: wrote ${out} (text, 2 documents)\n`);
    expect(readFileSync(out, "utf8")).toMatch(/^samples\/valence-ridgeway-1999\.txt {2}5 passed/);
  });

  it("every extension, one file each in one run: written in its format, one line on stderr for each", () => {
    // Several --output files (one run): the same inference, file by file.
    const dir = join(tmp, "out-every");
    mkdirSync(dir);
    const outs = cases.map(([ext]) => join(dir, `report${ext}`));
    const run = runCli(["check", ...outs.flatMap((o) => ["--output", o]), SEED, GAP_SAMPLE]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(cases.map(([, format], i) => `clausecheck: wrote ${outs[i]} (${format}, 2 documents)\n`).join(""));
    cases.forEach(([ext, , starts], i) => expect(readFileSync(outs[i] as string, "utf8"), ext).toMatch(starts));
    expect(readdirSync(dir).sort(), "no temporary file is left").toEqual(cases.map(([ext]) => `report${ext}`).sort());
  });

  it("an explicit --format wins over the extension", () => {
    const out = join(tmp, "forced.json");
    runCli(["check", "--format", "markdown", "--output", out, SEED]);
    expect(readFileSync(out, "utf8")).toMatch(/^## clausecheck report/);
  });

  it.each(["jsonl", "html"])("--format %s into a missing folder: exit 2, nothing written", (format) => {
    const dir = join(tmp, `missing-${format}`);
    mkdirSync(dir);
    const out = join(dir, "no-such-folder", "report");
    const run = runCli(["check", "--format", format, "--output", out, SEED]);
    expect(run.status).toBe(2);
    expect(linesOf(run.stderr)).toHaveLength(1);
    expect(run.stderr).toContain(out);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("several --output files: one run, each file in the format its extension names", () => {
  const all = ["report.json", "report.jsonl", "report.sarif", "report.xml", "report.md", "report.html", "report.txt"];
  const formats = ["json", "jsonl", "sarif", "junit", "markdown", "html", "text"];

  it("each file holds what --format gives on standard output, and one line per file says so", () => {
    const dir = join(tmp, "several");
    mkdirSync(dir);
    const run = runCli(["check", ...all.flatMap((f) => ["-o", join(dir, f)]), SEED, GAP_SAMPLE]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(all.map((f, i) => `clausecheck: wrote ${join(dir, f)} (${formats[i]}, 2 documents)\n`).join(""));
    expect(readdirSync(dir).sort(), "no temporary file is left").toEqual([...all].sort());
    formats.forEach((format, i) => {
      const direct = runCli(["check", "--format", format, SEED, GAP_SAMPLE]);
      expect(readFileSync(join(dir, all[i] as string), "utf8"), format).toBe(direct.stdout);
    });
  });

  it.each([
    [["--format", "json", "-o", "a.json", "-o", "b.sarif"], /--format names the format of one --output file/],
    [["-o", "a.json", "-o", "b.report"], /the extension of b\.report names no report format/],
    [["-o", "a.json", "-o", "./a.json"], /--output \.\/a\.json is given twice \(as a\.json\)/],
    [["-o", "a.json", "-o", "no-such-folder/b.sarif"], /no-such-folder\/b\.sarif/],
  ])("%j: exit 2, one line, no file written", (args, says) => {
    const dir = join(tmp, `several-bad-${readdirSync(tmp).length}`);
    mkdirSync(dir);
    const run = runCli(["check", ...args, join(repoRoot, SEED)], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(linesOf(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(says);
    expect(run.stderr).not.toContain(STACK_LINE);
    expect(readdirSync(dir), "nothing written, no temporary file left").toEqual([]);
  });
});

describe("the text report for several documents", () => {
  it("ends with a summary table, a row per document, and the totals; no progress bar when stderr is not a terminal", () => {
    const run = runCli(["check", "samples"]);
    expect(linesOf(run.stderr), "the skipped files, and no progress bar").toHaveLength(1);
    expect(linesOf(run.stderr)[0]).toMatch(skippedLine("samples"));
    const out = stripAnsi(run.stdout);
    const table = out.slice(out.lastIndexOf("\nSummary\n") + 1).split("\n");
    expect(table[0]).toBe("Summary");
    expect(table[1]).toMatch(/^\s+passed\s+gaps\s+document$/);
    expect(table.find((l) => l.endsWith(" samples/valence-ridgeway-1999.txt"))).toMatch(/^\s+5\s+0\s+samples\/valence-ridgeway-1999\.txt$/);
    expect(table.find((l) => l.includes(" samples/valence-s3-form-s1.txt"))).toMatch(/^\s+4\s+1\s+samples\/valence-s3-form-s1\.txt {2}\(s3-registration\)$/);
    expect(table.at(-2)).toMatch(/^28 documents checked: \d+ passed, \d+ gaps/);
  });

  it("one document: no summary table", () => {
    expect(stripAnsi(runCli(["check", SEED]).stdout)).not.toContain("Summary");
  });
});

describe("waivers in a batch on worker threads", () => {
  it("a sidecar waiver marks the gap waived in JSON, suppressed in SARIF and skipped in JUnit; exit 0", () => {
    const dir = join(tmp, "waived");
    mkdirSync(dir);
    const deal = join(dir, "deal.txt");
    copyFileSync(join(repoRoot, GAP_SAMPLE), deal);
    copyFileSync(join(repoRoot, SEED), join(dir, "seed.txt"));
    writeFileSync(`${deal}.waivers.yaml`, "waivers:\n  - rule: s3-registration\n    reason: Resale on Form S-1 accepted.\n    approvedBy: J. Rivera\n");
    const run = runCli(["check", "--format", "json", "--jobs", "2", dir], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const gap = json(run.stdout).documents.find((d) => d.file.endsWith("deal.txt"))?.results.find((r) => r.ruleId === "s3-registration");
    expect(gap?.waived).toMatchObject({ reason: "Resale on Form S-1 accepted.", approvedBy: "J. Rivera" });
    const sarif = JSON.parse(runCli(["check", "--format", "sarif", "--jobs", "2", dir], { cwd: dir }).stdout) as { runs: { results: { suppressions?: { kind: string; justification: string }[] }[] }[] };
    expect(sarif.runs[0]?.results[0]?.suppressions).toEqual([expect.objectContaining({ kind: "external", justification: "Resale on Form S-1 accepted. (approved by J. Rivera)" })]);
    const junit = runCli(["check", "--format", "junit", "--jobs", "2", dir], { cwd: dir }).stdout;
    // The waiver's file:line, as in every other format.
    expect(junit).toContain('<skipped message="waived: Resale on Form S-1 accepted. (approved by J. Rivera) [deal.txt.waivers.yaml:2]"/>');
  });
});
