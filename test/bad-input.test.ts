/**
 * Bad input, every kind (issue 6, section 2): each case runs the built CLI in a temp folder,
 * with `--no-config`, on the bad document together with a copy of the seed agreement, and
 * checks that
 *  - the bad document is either reported as one line on stderr naming it and the problem
 *    (exit 2), or, where it is readable, checked with results like any other;
 *  - no stack trace reaches the user;
 *  - the --output report is complete (valid JSON that validates against the report schema),
 *    with no temporary file left beside it, or absent when the whole run fails;
 *  - the seed copy is still checked, its five results present and passing.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { zip } from "./helpers/zip.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DocumentReport, Report } from "../src/index.js";
import { SEED, STACK_LINE, cleanEnv, cliPath, ensureBuilt, repoRoot } from "./helpers/cli.js";
import { describeErrors, validateReport } from "./helpers/schemas.js";
import { makeTmpDir, removeTmpDir } from "./helpers/tmp.js";

const RULE_IDS = ["counterparts", "exchange-listing", "governing-law", "prospectus-supplement", "s3-registration"];
const SEED_COPY = "seed-copy.txt";
const seedText = () => readFileSync(join(repoRoot, SEED), "utf8");

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = makeTmpDir("bad-input");
}, 120_000);
afterAll(() => removeTmpDir(tmp));

/** A fresh folder for one case, holding a copy of the seed. */
function caseDir(name: string): string {
  const dir = join(tmp, name.replace(/[^\w]+/g, "-"));
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(repoRoot, SEED), join(dir, SEED_COPY));
  return dir;
}

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * `clausecheck ...args` run in `cwd`, with a timeout of its own (the helper's is 20 s). A run
 * past it is killed with SIGKILL: SIGTERM would be handled (exit 143) and read as an answer.
 */
function run(args: string[], cwd: string, timeout = 20_000): Run {
  const t = performance.now();
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, env: cleanEnv(), encoding: "utf8", timeout, killSignal: "SIGKILL", maxBuffer: 256 * 1024 * 1024 });
  if (r.error && (r.error as NodeJS.ErrnoException).code !== "ETIMEDOUT") throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t };
}

const stderrLines = (r: Run) => r.stderr.split("\n").filter((l) => l.trim() !== "");

/** Runs `check --no-config -o report.json BAD seed-copy.txt` in `dir` and returns the run and the report. */
function checkWithSeed(dir: string, bad: string[], timeout?: number): { run: Run; report: Report } {
  const out = join(dir, "out");
  mkdirSync(out, { recursive: true });
  // --quiet: the line saying what --output wrote is left out; the errors are not.
  const r = run(["check", "--no-config", "--quiet", "--output", "out/report.json", ...bad, SEED_COPY], dir, timeout);
  expect(r.signal, `killed after ${Math.round(r.ms)} ms; stderr: ${r.stderr}`).toBeNull();
  expect(r.stderr).not.toContain(STACK_LINE);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.stdout, "the report goes to --output only").toBe("");
  expect(readdirSync(out), "a complete report and no temporary file").toEqual(["report.json"]);
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report;
  expect(validateReport(report), describeErrors(validateReport.errors).join("\n")).toBe(true);
  const seed = report.documents.find((d) => d.file === SEED_COPY);
  expect(seed, "the seed copy is still checked").toBeDefined();
  expect(seed?.results.map((x) => `${x.ruleId}:${x.status}`).sort()).toEqual(RULE_IDS.map((id) => `${id}:pass`));
  return { run: r, report };
}

/** The bad file is refused: exit 2, exactly one stderr line `clausecheck: FILE: problem`, listed in the report's errors. */
function expectRefused(r: { run: Run; report: Report }, file: string, code: string | RegExp, says: RegExp): string {
  expect(r.run.status, `stderr: ${r.run.stderr}`).toBe(2);
  const lines = stderrLines(r.run);
  expect(lines, "one line on stderr").toHaveLength(1);
  const line = lines[0] as string;
  expect(line.startsWith(`clausecheck: ${file}: `), line).toBe(true);
  expect(line).toMatch(says);
  expect(r.report.errors).toHaveLength(1);
  expect(r.report.errors[0]?.file).toBe(file);
  expect(r.report.errors[0]?.code).toMatch(typeof code === "string" ? new RegExp(`^${code}$`) : code);
  expect(r.report.documents.map((d) => d.file)).toEqual([SEED_COPY]);
  return line;
}

/** The odd-but-readable file is checked: exit 0 or 1, nothing on stderr, its five results in the report. */
function expectChecked(r: { run: Run; report: Report }, file: string): DocumentReport {
  expect(r.run.stderr).toBe("");
  expect([0, 1]).toContain(r.run.status);
  expect(r.report.errors).toEqual([]);
  const doc = r.report.documents.find((d) => d.file === file);
  expect(doc, `${file} is in the report`).toBeDefined();
  expect(doc?.results.map((x) => x.ruleId).sort()).toEqual(RULE_IDS);
  return doc as DocumentReport;
}

function write(dir: string, name: string, bytes: Uint8Array | string): string {
  writeFileSync(join(dir, name), bytes);
  return name;
}

// ─── A zip made by hand (as in test/ingest/docx.test.ts) ─────────────────────────────────────────


const CONTENT_TYPES = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="xml" ContentType="application/xml"/></Types>',
);

const DOCX_CONTENT_TYPES = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
);
const DOCX_RELS = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
);
const W_DOC = '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">';

// ─── The matrix ────────────────────────────────────────────────────────────────────────────────

describe("unreadable documents: exit 2, one line naming the file and the problem, the seed still checked", () => {
  type Refused = [name: string, make: (dir: string) => string, code: string | RegExp, says: RegExp];
  const cases: Refused[] = [
    ["an empty file", (d) => write(d, "empty.txt", new Uint8Array(0)), "EMPTY", /empty/i],
    ["whitespace only", (d) => write(d, "blank.txt", " \n\t\r\n  \f \n\n"), "EMPTY", /whitespace/i],
    [
      "PDF bytes in a .txt",
      (d) => write(d, "contract.txt", Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\nstream\n\x00\x01\x02\nendstream\n%%EOF\n", "latin1")),
      "BINARY",
      /not a text file.*PDF/,
    ],
    [
      "an ELF executable with NUL bytes",
      (d) => write(d, "program.txt", Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(4096), Buffer.from("GLIBC_2.2.5\0main\0")])),
      "BINARY",
      /not a text file.*executable/i,
    ],
    [
      "a Windows executable (MZ) named .txt",
      (d) => write(d, "setup.txt", Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), Buffer.alloc(256), Buffer.from("This program cannot be run in DOS mode.\r\n")])),
      "BINARY",
      /not a text file.*executable/i,
    ],
    [
      "an executable's bytes with NULs and no known header",
      (d) => write(d, "blob.txt", Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 256))),
      "BINARY",
      /not a text file/i,
    ],
    [
      "invalid UTF-8 that is not Windows-1252 either (0x9d, 0x8f)",
      (d) => write(d, "mojibake.txt", Buffer.concat([Buffer.from("THIS AGREEMENT is made as of "), Buffer.from([0xc3, 0x28, 0x9d, 0x8f]), Buffer.from(" 1999.\n")])),
      "ENCODING",
      /neither UTF-8 nor Windows-1252 \(byte 0x9d at offset 31\)/,
    ],
    [
      "a UTF-8 byte-order mark followed by invalid UTF-8",
      (d) => write(d, "bom-lies.txt", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("Agreement "), Buffer.from([0xff, 0xfe, 0xfd])])),
      "ENCODING",
      /byte-order mark but is not valid UTF-8/,
    ],
    ["a .docx that is plain text, not a zip", (d) => write(d, "memo.docx", seedText()), "BINARY", /not a Word \.docx file/],
    [
      "a .docx that starts like a zip but is truncated garbage",
      (d) => write(d, "broken.docx", Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from("garbage, not the rest of a zip archive")])),
      /^(?:BINARY|EREAD)$/,
      /not a Word \.docx file|damaged|truncated/,
    ],
    [
      "a zip bomb renamed .docx: 200 MB of zeros, declared honestly (ratio)",
      (d) => {
        const zeros = Buffer.alloc(200 * 1024 * 1024);
        return write(d, "bomb.docx", zip([{ name: "[Content_Types].xml", data: CONTENT_TYPES }, { name: "word/document.xml", data: zeros, raw: deflateRawSync(zeros, { level: 9 }) }]));
      },
      "TOO_LARGE",
      /zip bomb|ratio|would unzip/,
    ],
    [
      "a zip bomb renamed .docx: 20 MB of zeros declared as 1 KB",
      (d) =>
        write(
          d,
          "liar.docx",
          zip([
            { name: "[Content_Types].xml", data: CONTENT_TYPES },
            { name: "word/document.xml", data: Buffer.from("<w:document/>"), raw: deflateRawSync(Buffer.alloc(20 * 1024 * 1024), { level: 9 }), declare: 1024 },
          ]),
        ),
      "TOO_LARGE",
      /unzips to more than/,
    ],
    [
      "a .docx that is a zip, but whose document.xml is not well-formed XML",
      (d) =>
        write(
          d,
          "bad-xml.docx",
          zip([
            { name: "[Content_Types].xml", data: DOCX_CONTENT_TYPES },
            { name: "_rels/.rels", data: DOCX_RELS },
            { name: "word/document.xml", data: Buffer.from(`${W_DOC}<w:body><w:p><w:r><w:t>This Agreement</w:t></w:r></w:p><<w:p></w:body></w:document>`) },
          ]),
        ),
      "BINARY",
      /not a Word \.docx file/,
    ],
    [
      "a directory where a file was expected: an empty folder",
      (d) => {
        mkdirSync(join(d, "empty-folder"));
        return "empty-folder";
      },
      "EISDIR",
      /is a directory with no \.txt, \.htm, \.html or \.docx files/,
    ],
    [
      "a directory where a file was expected: a folder holding no agreement files",
      (d) => {
        mkdirSync(join(d, "exhibits", "scans"), { recursive: true });
        writeFileSync(join(d, "exhibits", "scans", "page1.pdf"), "%PDF-1.4\n");
        writeFileSync(join(d, "exhibits", ".hidden.txt"), seedText());
        return "exhibits";
      },
      "EISDIR",
      /is a directory with no/,
    ],
  ];

  it.each(cases)("%s", (name, make, code, says) => {
    const dir = caseDir(name);
    const file = make(dir);
    const t = performance.now();
    const r = checkWithSeed(dir, [file]);
    expectRefused(r, file, code, says);
    if (/bomb/.test(name)) expect(performance.now() - t, "a bomb is refused quickly").toBeLessThan(10_000);
  }, 60_000);

  it.skipIf(process.getuid?.() === 0)("a file without read permission (skipped as root, who can read anything)", () => {
    const dir = caseDir("no-permission");
    copyFileSync(join(repoRoot, SEED), join(dir, "locked.txt"));
    chmodSync(join(dir, "locked.txt"), 0o000);
    try {
      expectRefused(checkWithSeed(dir, ["locked.txt"]), "locked.txt", "EACCES", /permission denied/);
    } finally {
      chmodSync(join(dir, "locked.txt"), 0o644);
    }
  });

  it("a symlink loop inside a folder argument: does not hang; each looping link is reported or skipped, the rest checked", () => {
    const dir = caseDir("symlink-loop");
    const folder = join(dir, "deals");
    mkdirSync(join(folder, "sub"), { recursive: true });
    copyFileSync(join(repoRoot, SEED), join(folder, "sub", "real.txt"));
    symlinkSync("..", join(folder, "sub", "up")); // a folder loop: deals/sub/up → deals
    symlinkSync(".", join(folder, "here")); // and another: deals/here → deals
    symlinkSync("self.txt", join(folder, "self.txt")); // a link to itself
    symlinkSync("b.txt", join(folder, "a.txt")); // a → b → a
    symlinkSync("a.txt", join(folder, "b.txt"));
    const r = checkWithSeed(dir, ["deals"]);
    expect(r.run.ms).toBeLessThan(20_000);
    // The real agreement is checked once, however many ways the loops reach it.
    expect(r.report.documents.map((d) => d.file).filter((f) => f.endsWith("real.txt"))).toEqual([join("deals", "sub", "real.txt")]);
    const loops = ["a.txt", "b.txt", "self.txt"].map((f) => join("deals", f));
    for (const e of r.report.errors) {
      expect(loops).toContain(e.file);
      expect(e.message).toMatch(/link/);
    }
    const lines = stderrLines(r.run);
    expect(lines).toHaveLength(r.report.errors.length);
    for (const [i, e] of r.report.errors.entries()) expect(lines[i]).toBe(`clausecheck: ${e.file}: ${e.message}`);
    expect(r.run.status).toBe(r.report.errors.length > 0 ? 2 : 0);
  });

  it("a broken rule file: exit 2, one line `file:line:column: problem`, no report written at all", () => {
    const dir = caseDir("broken-rule");
    cpSync(join(repoRoot, "rules"), join(dir, "rules"), { recursive: true });
    const file = join("rules", "governing-law.yaml");
    writeFileSync(join(dir, file), readFileSync(join(dir, file), "utf8").replace(/^(\s+)find:/m, "$1fnd:"));
    mkdirSync(join(dir, "out"));
    const r = run(["check", "--no-config", "--rules", "rules", "--output", "out/report.json", SEED_COPY], dir);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toContain(STACK_LINE);
    const lines = stderrLines(r);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^clausecheck: ${file.replace(/[.]/g, "\\.")}:\\d+:\\d+: .*(?:fnd|find)`));
    expect(readdirSync(join(dir, "out")), "no partial report, no temporary file").toEqual([]);
    expect(existsSync(join(dir, "out", "report.json"))).toBe(false);
  });
});

describe("readable but odd documents: checked, with results, the seed too", () => {
  it("UTF-16LE with a byte-order mark is decoded and passes", () => {
    const dir = caseDir("utf16le");
    write(dir, "seed-utf16le.txt", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(seedText(), "utf16le")]));
    const doc = expectChecked(checkWithSeed(dir, ["seed-utf16le.txt"]), "seed-utf16le.txt");
    expect(doc.encoding).toBe("utf-16le");
    expect(doc.results.every((x) => x.status === "pass")).toBe(true);
  });

  it("UTF-16BE with a byte-order mark is decoded and passes", () => {
    const dir = caseDir("utf16be");
    const le = Buffer.from(seedText(), "utf16le");
    write(dir, "seed-utf16be.txt", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]));
    const doc = expectChecked(checkWithSeed(dir, ["seed-utf16be.txt"]), "seed-utf16be.txt");
    expect(doc.encoding).toBe("utf-16be");
    expect(doc.results.every((x) => x.status === "pass")).toBe(true);
  });

  it("a path with spaces and non-ASCII characters", () => {
    const dir = caseDir("non-ascii path");
    mkdirSync(join(dir, "Accords signés 1999 – ü"));
    const file = join("Accords signés 1999 – ü", "Valence Ridgeway accord été 合同.txt");
    copyFileSync(join(repoRoot, SEED), join(dir, file));
    const r = checkWithSeed(dir, [file]);
    const doc = expectChecked(r, file);
    expect(r.run.status).toBe(0);
    expect(doc.results.every((x) => x.status === "pass" && x.evidence.every((e) => e.file === file))).toBe(true);
  });

  it("HTML that never closes its tags (.htm) is read, and gives the seed's results", () => {
    const dir = caseDir("unclosed-html");
    const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
    const body = seedText()
      .split(/\n\s*\n/)
      .map((p) => `<p align=justify><font size=2 face="Times"><b>${esc(p)}\n<div><table><tr><td>`)
      .join("\n");
    write(dir, "unclosed.htm", `<html><head><meta charset="utf-8"><body bgcolor=white>${body}<!-- an unclosed comment`);
    const doc = expectChecked(checkWithSeed(dir, ["unclosed.htm"]), "unclosed.htm");
    expect(doc.format).toBe("html");
    expect(doc.results.map((x) => `${x.ruleId}:${x.status}`)).toEqual(RULE_IDS.map((id) => `${id}:pass`));
  });

  it("HTML whose <title> never closes: everything after it is title text (as a browser shows it), so EMPTY in one line", () => {
    const dir = caseDir("unclosed-title");
    write(dir, "untitled.htm", `<html><head><title>Agreement<body><p>${seedText().replace(/</g, "&lt;")}`);
    expectRefused(checkWithSeed(dir, ["untitled.htm"]), "untitled.htm", "EMPTY", /has no text/);
  });

  it("an agreement with no numbered sections at all (plain paragraphs) is checked, its clauses found", () => {
    const dir = caseDir("no-sections");
    const text = seedText()
      .replace(/^(\s*)(?:Section\s+)?\d+(?:\.\d+)*\.?[ \t]+/gm, "$1")
      .replace(/\((?:[a-z]|[ivx]+)\)\s+/g, "");
    write(dir, "paragraphs.txt", text);
    const r = checkWithSeed(dir, ["paragraphs.txt"]);
    const doc = expectChecked(r, "paragraphs.txt");
    expect(doc.results.every((x) => x.status === "pass")).toBe(true);
    // No section numbers to cite: evidence is located by line alone.
    expect(doc.results.flatMap((x) => x.evidence).every((e) => e.section === undefined && e.line >= 1)).toBe(true);
  });

  it("a single 5 MB line is checked within the timeout", () => {
    const dir = caseDir("long-line");
    const flat = seedText().replace(/\s*\n\s*/g, " ");
    write(dir, "one-line.txt", `${flat.repeat(Math.ceil((5 * 1024 * 1024) / flat.length))}\n`);
    const r = checkWithSeed(dir, ["one-line.txt"], 60_000);
    const doc = expectChecked(r, "one-line.txt");
    expect(doc.results.flatMap((x) => x.evidence).every((e) => e.line === 1 && e.endLine === 1)).toBe(true);
  }, 90_000);

  it("a 50 MB text is checked, or refused as TOO_LARGE in one line, within 110 s and without crashing", () => {
    const dir = caseDir("fifty-mb");
    const seed = seedText();
    write(dir, "huge.txt", seed.repeat(Math.ceil((50 * 1024 * 1024) / seed.length)));
    const r = checkWithSeed(dir, ["huge.txt"], 110_000);
    if (r.run.status === 2) expectRefused(r, "huge.txt", "TOO_LARGE", /over the .* limit/);
    else expectChecked(r, "huge.txt");
  }, 120_000);
});
