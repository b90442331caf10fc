/**
 * The eval command: its CSV reader, the normalisation of jurisdiction names, the detection
 * arithmetic, the scoring of labels, and the built CLI run on six CUAD contracts in
 * test/fixtures/eval/ (no dependence on ../shared/corpus/): per half (two in the tune half,
 * four in the check half, both misses in the check half), --half and --list-split.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { corpusHalf } from "../../src/eval/corpus-half.js";
import {
  CsvError,
  type Evaluation,
  type FileOutcome,
  type Label,
  UNNAMED,
  detectionScores,
  jurisdictionAgrees,
  labelJurisdictions,
  normaliseJurisdiction,
  parseCsv,
  parseLabels,
  parsePythonStringList,
  scoreLabels,
  tallyRules,
} from "../../src/eval/evaluate.js";
import type { HalfEvaluation, SplitEvaluation } from "../../src/eval/split-evaluation.js";
import type { DocumentReport, RuleResult } from "../../src/types.js";
import { cleanEnv, repoRoot } from "../helpers/cli.js";

describe("parseCsv", () => {
  it("reads plain fields and records", () => {
    expect(parseCsv("a,b,c\n1,2,3\n")).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
  });

  it("reads CRLF and lone CR record ends, and a last record without a line break", () => {
    expect(parseCsv("a,b\r\n1,2\r3,4")).toEqual([
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
    ]);
  });

  it("keeps empty fields, including a trailing one", () => {
    expect(parseCsv("x,,\n,y,\n")).toEqual([
      ["x", "", ""],
      ["", "y", ""],
    ]);
  });

  it("reads commas inside quoted fields", () => {
    expect(parseCsv('"GRIDIRON,INC.txt",Colorado\n')).toEqual([["GRIDIRON,INC.txt", "Colorado"]]);
  });

  it('reads a doubled quote as one quote ("" → ")', () => {
    expect(parseCsv('"He said ""governed by"", twice","[""it\'s""]"\n')).toEqual([['He said "governed by", twice', '["it\'s"]']]);
    expect(parseCsv('""""\n')).toEqual([['"']]);
    expect(parseCsv('"",b\n')).toEqual([["", "b"]]);
  });

  it("keeps line breaks inside quoted fields (LF and CRLF) as part of the field", () => {
    expect(parseCsv('a,"line one\nline two",c\r\nd,"x\r\ny",z\r\n')).toEqual([
      ["a", "line one\nline two", "c"],
      ["d", "x\r\ny", "z"],
    ]);
  });

  it("skips a byte-order mark", () => {
    expect(parseCsv("\uFEFFfile,governing_law\n")).toEqual([["file", "governing_law"]]);
  });

  it("reads nothing from empty text", () => {
    expect(parseCsv("")).toEqual([]);
  });

  it("refuses a quoted field left open, with its line and column", () => {
    expect(() => parseCsv('a,b\n1,"open\nstill open')).toThrow(CsvError);
    try {
      parseCsv('a,b\n1,"open\nstill open');
    } catch (e) {
      expect((e as CsvError).line).toBe(2);
      expect((e as CsvError).column).toBe(3);
    }
  });

  it("gives line and column in characters, after a byte-order mark, non-ASCII text and a quoted field over two lines", () => {
    const where = (text: string) => {
      try {
        parseCsv(text);
      } catch (e) {
        return [(e as CsvError).line, (e as CsvError).column];
      }
      return undefined;
    };
    expect(where('\uFEFF"open')).toEqual([1, 1]);
    expect(where('é😀,"open')).toEqual([1, 5]);
    expect(where('a\r\nx,"two\r\nlines"!,y')).toEqual([3, 7]);
    expect(where('a\rb,c"d')).toEqual([2, 4]);
  });

  it("refuses text after a closing quote, and a quote inside an unquoted field", () => {
    expect(() => parseCsv('"a"b,c\n')).toThrow(/after the closing quote/);
    expect(() => parseCsv('ab"c,d\n')).toThrow(/quote inside an unquoted field/);
  });
});

describe("parsePythonStringList", () => {
  it("reads an empty list and lists of single- and double-quoted strings", () => {
    expect(parsePythonStringList("[]")).toEqual([]);
    expect(parsePythonStringList("['a, b', 'c']")).toEqual(["a, b", "c"]);
    expect(parsePythonStringList(`["This Agreement is governed by the laws of the People's Republic of China."]`)).toEqual([
      "This Agreement is governed by the laws of the People's Republic of China.",
    ]);
  });

  it("reads backslash escapes", () => {
    expect(parsePythonStringList("['it\\'s', 'a\\\\b', 'x\\ny', '\\xe9']")).toEqual(["it's", "a\\b", "x\ny", "é"]);
  });

  it("refuses what is not a list of strings", () => {
    expect(() => parsePythonStringList("governed by")).toThrow(CsvError);
    expect(() => parsePythonStringList("['open]")).toThrow(CsvError);
    expect(() => parsePythonStringList("['a' 'b']")).toThrow(CsvError);
  });
});

describe("parseLabels", () => {
  it("reads CUAD's three columns, the clause list included", () => {
    const csv =
      'file,governing_law,governing_law_clause\r\n"ACME, INC.txt",Delaware,"[\'governed by the laws of the State of Delaware, without regard\']"\r\nB.txt,,[]\r\n';
    expect(parseLabels(csv)).toEqual([
      { file: "ACME, INC.txt", governingLaw: "Delaware", clauses: ["governed by the laws of the State of Delaware, without regard"] },
      { file: "B.txt", governingLaw: "", clauses: [] },
    ]);
  });

  it("refuses a file without the file and governing_law columns", () => {
    expect(() => parseLabels("name,law\na,b\n")).toThrow(/no "file" column/);
  });
});

describe("jurisdiction normalisation", () => {
  it.each([
    ["State of New York", "New York"],
    ["the State of New York", "New York"],
    ["New York State", "New York"],
    ["Commonwealth of Pennsylvania", "Pennsylvania"],
    ["Province of Ontario, Canada", "Ontario"],
    ["Ontario, Canada", "Ontario"],
    ["British Columbia, Canada", "British Columbia"],
    ["Victoria, Australia", "Victoria"],
    ["Federal Republic of Germany", "Germany"],
    ["Republic of South Africa", "South Africa"],
    ["England", "England and Wales"],
    ["England and Wales, UK", "England and Wales"],
    ["PRC", "People's Republic of China"],
    ["People’s Republic of China", "People's Republic of China"],
    ["United States of America", "United States"],
    ["the Netherlands", "Netherlands"],
    ["  Texas ", "Texas"],
  ])("%s → %s", (name, canonical) => {
    expect(normaliseJurisdiction(name)).toBe(canonical);
  });

  it.each<[string, string[]]>([
    ["", []],
    ["Delaware", ["Delaware"]],
    ["England; Wales", ["England and Wales"]],
    ["Delaware, Illinois", ["Delaware", "Illinois"]],
    ["Illinois; New York", ["Illinois", "New York"]],
    ["California; Hong Kong", ["California", "Hong Kong"]],
    ["People's Republic of China; United Nations Convention on Contract for the International Sale of Goods", ["People's Republic of China"]],
    ["[* * *]", [UNNAMED]],
    ["THE STATE IN WHICH THE FRANCHISED RESTAURANT IS LOCATED; THE UNITED STATES TRADEMARK ACT OF 1946", [UNNAMED]],
  ])("label %j names %j", (label, wanted) => {
    expect(labelJurisdictions(label)).toEqual(wanted);
  });

  it("agrees when our name and the label's are the same place", () => {
    expect(jurisdictionAgrees("Germany", "Federal Republic of Germany")).toBe(true);
    expect(jurisdictionAgrees("New York", "State of New York")).toBe(true);
    expect(jurisdictionAgrees("England", "England; Wales")).toBe(true);
    expect(jurisdictionAgrees("England and Wales", "England")).toBe(true);
    expect(jurisdictionAgrees("Ontario", "Province of Ontario, Canada")).toBe(true);
    expect(jurisdictionAgrees("California", "California; Hong Kong")).toBe(true);
  });

  it("disagrees on another place, a missing name, or an empty label", () => {
    expect(jurisdictionAgrees("Virginia", "West Virginia")).toBe(false);
    expect(jurisdictionAgrees("Canada", "Ontario, Canada")).toBe(false);
    expect(jurisdictionAgrees(undefined, "Texas")).toBe(false);
    expect(jurisdictionAgrees("Texas", "")).toBe(false);
  });

  it("agrees that no name was found where the label names none (redacted, or defined by facts)", () => {
    expect(jurisdictionAgrees(undefined, "[* * *]")).toBe(true);
    expect(jurisdictionAgrees("Delaware", "[* * *]")).toBe(false);
  });
});

describe("detectionScores", () => {
  it("computes precision, recall and F1 from the counts", () => {
    // 10 documents with a choice of law, 10 without: 8 found, 2 missed, 3 false alarms.
    const s = detectionScores({ tp: 8, fp: 3, fn: 2, tn: 7 });
    expect(s.precision).toBeCloseTo(8 / 11, 12);
    expect(s.recall).toBeCloseTo(0.8, 12);
    expect(s.f1).toBeCloseTo((2 * (8 / 11) * 0.8) / (8 / 11 + 0.8), 12);
    expect(s.f1).toBeCloseTo(16 / 21, 12); // 2TP / (2TP + FP + FN)
  });

  it("is 1 when everything is right and null where a denominator is 0", () => {
    expect(detectionScores({ tp: 5, fp: 0, fn: 0, tn: 5 })).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    expect(detectionScores({ tp: 0, fp: 0, fn: 0, tn: 4 })).toMatchObject({ precision: null, recall: null, f1: null });
    expect(detectionScores({ tp: 0, fp: 0, fn: 3, tn: 0 })).toMatchObject({ precision: null, recall: 0, f1: 0 });
  });
});

/** A governing-law result as checkAgreement would give it. */
function gl(status: "pass" | "gap", reason?: RuleResult["reason"], jurisdiction?: string): RuleResult {
  const r: RuleResult = { ruleId: "governing-law", title: "Governing law", status, severity: "error", message: `${status} ${reason ?? ""}`, values: {}, evidence: [] };
  if (reason) r.reason = reason;
  if (jurisdiction) r.values.jurisdiction = jurisdiction;
  if (status === "pass" || reason === "incomplete") {
    r.evidence.push({ text: "governed by the laws of …", file: "x", line: 3, column: 1, offset: 0, endLine: 3, endColumn: 9, role: "clause", section: "9" });
  }
  return r;
}

function outcome(file: string, result: RuleResult): FileOutcome {
  const report: DocumentReport = { file, format: "text", encoding: "utf-8", results: [result], summary: { passed: 0, gaps: 0, errors: 0, warnings: 0, waived: 0 } };
  return { file, reports: [report] };
}

const label = (file: string, governingLaw: string): Label => ({ file, governingLaw, clauses: governingLaw ? [`governed by the laws of ${governingLaw}`] : [] });

describe("scoreLabels on a handmade set", () => {
  const outcomes: FileOutcome[] = [
    outcome("a.txt", gl("pass", undefined, "New York")), // TP, right
    outcome("b.txt", gl("pass", undefined, "Delaware")), // TP, wrong jurisdiction (label California)
    outcome("sub/c.txt", gl("gap", "incomplete")), // TP (incomplete), no jurisdiction: wrong
    outcome("d.txt", gl("gap", "missing")), // FN
    outcome("e.txt", gl("pass", undefined, "Texas")), // FP
    outcome("f.txt", gl("gap", "missing")), // TN
    outcome("g.txt", gl("gap", "incomplete")), // TP (incomplete), label redacted: right
    outcome("h.txt", gl("gap", "quoted", "Ohio")), // FN: quoted in an exhibit is not a detection
    { file: "i.txt", reports: [], error: { code: "BINARY", message: "not a text file" } }, // FN, unreadable
    outcome("unlabelled.txt", gl("pass", undefined, "Ohio")),
  ];
  const labels = [
    label("a.txt", "State of New York"),
    label("b.txt", "California"),
    label("c.txt", "Georgia"),
    label("d.txt", "Florida"),
    label("e.txt", ""),
    label("f.txt", ""),
    label("g.txt", "[* * *]"),
    label("h.txt", "Ohio"),
    label("i.txt", "Texas"),
    label("missing-file.txt", "Nevada"),
  ];
  const s = scoreLabels(labels, outcomes);

  it("matches files by path, else by name, and lists what it could not match", () => {
    expect(s.measured).toBe(9);
    expect(s.notFound).toEqual(["missing-file.txt"]);
    expect(s.unlabelled).toEqual(["unlabelled.txt"]);
    expect(s.withChoiceOfLaw).toBe(7);
  });

  it("counts an incomplete gap as detected, and only a pass in the strict figures", () => {
    expect(s.detection).toMatchObject({ tp: 4, fp: 1, fn: 3, tn: 1 });
    expect(s.detection.precision).toBeCloseTo(4 / 5, 12);
    expect(s.detection.recall).toBeCloseTo(4 / 7, 12);
    expect(s.detection.f1).toBeCloseTo(8 / 12, 12);
    expect(s.incomplete).toBe(2);
    expect(s.detectionStrict).toMatchObject({ tp: 2, fp: 1, fn: 5, tn: 1 });
  });

  it("scores the jurisdiction over every document with a choice of law", () => {
    expect(s.jurisdiction).toMatchObject({ correct: 2, total: 7 });
    expect(s.jurisdiction.accuracy).toBeCloseTo(2 / 7, 12);
  });

  it("lists every miss with the label, what was found and the evidence", () => {
    expect(s.misses.map((m) => [m.kind, m.file])).toEqual([
      ["false-negative", "d.txt"],
      ["false-negative", "h.txt"],
      ["false-negative", "i.txt"],
      ["false-positive", "e.txt"],
      ["wrong-jurisdiction", "b.txt"],
      ["wrong-jurisdiction", "sub/c.txt"],
    ]);
    const wrong = s.misses.find((m) => m.file === "b.txt");
    expect(wrong).toMatchObject({ label: "California", labelNormalised: ["California"], found: "Delaware", status: "pass", evidence: { line: 3, section: "9" } });
    expect(s.misses.find((m) => m.file === "i.txt")).toMatchObject({ status: "unreadable", message: "BINARY: not a text file" });
    expect(s.misses.find((m) => m.file === "h.txt")).toMatchObject({ reason: "quoted", found: "Ohio" });
  });

  it("tallies each rule's passes and gaps by reason", () => {
    expect(tallyRules([{ id: "governing-law", title: "Governing law" }], outcomes)).toEqual([
      { id: "governing-law", title: "Governing law", passed: 4, gaps: 5, byReason: { missing: 2, quoted: 1, incomplete: 2 } },
    ]);
  });
});

describe("the eval CLI on test/fixtures/eval (six CUAD contracts)", () => {
  const cli = join(repoRoot, "dist", "eval", "cli.js");
  const folder = "test/fixtures/eval";
  const labelsFile = "test/fixtures/eval/governing-law-labels.csv";
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: repoRoot, encoding: "utf8", timeout: 60_000, env: cleanEnv() });
    if (r.error) throw r.error;
    return r;
  };
  /** The runs several tests read (`run` is deterministic for the same arguments and files), each made once. */
  const once = new Map<string, ReturnType<typeof run>>();
  const runOnce = (args: string[]) => {
    const key = JSON.stringify(args);
    let r = once.get(key);
    if (!r) once.set(key, (r = run(args)));
    return r;
  };

  beforeAll(() => {
    // Build when dist/eval/cli.js is missing or older than a source of the eval command
    // (`npm test` builds first anyway). tsc's exit status is not checked: an error in a file
    // being edited elsewhere must not stop these tests while dist/eval/ is emitted.
    const sources = readdirSync(join(repoRoot, "src", "eval")).map((f) => statSync(join(repoRoot, "src", "eval", f)).mtimeMs);
    if (!existsSync(cli) || statSync(cli).mtimeMs < Math.max(...sources)) {
      spawnSync(process.platform === "win32" ? "npx.cmd" : "npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repoRoot, stdio: "pipe" });
    }
    expect(existsSync(cli), `${cli} was not built`).toBe(true);
  }, 120_000);

  it("prints per-rule counts and the detection and jurisdiction figures for the tune half, the check half and all", () => {
    const r = runOnce([folder, "--labels", labelsFile]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).toContain("clausecheck eval: 6 documents in test/fixtures/eval");
    expect(out).toContain("halves: SHA-256 of the file's base name (UTF-8, no folder): first byte even → tune, odd → check");
    expect(out).toContain("== tune half: 2 documents ==");
    expect(out).toContain("== check half: 4 documents ==");
    expect(out).toContain("== all: 6 documents ==");
    expect(out).toMatch(/^governing-law\s+1\s+1\s+missing 1$/m);
    expect(out).toMatch(/^governing-law\s+2\s+2\s+missing 1, incomplete 1$/m);
    expect(out).toMatch(/^governing-law\s+3\s+3\s+missing 2, incomplete 1$/m);
    expect(out).toMatch(/^counterparts\s+2\s+4\s+missing 4$/m);
    expect(out).toContain("6 labelled documents, 4 with a choice of law, 2 without");
    expect(out).toMatch(/detection\s+precision 0\.750 \(3\/4\)\s+recall 0\.750 \(3\/4\)\s+F1 0\.750\s+\[TP 3, FP 1, FN 1, TN 1\]/);
    expect(out).toMatch(/detection, strict\s+precision 1\.000 \(3\/3\)\s+recall 0\.750 \(3\/4\)\s+F1 0\.857\s+\[TP 3, FP 0, FN 1, TN 2\]/);
    expect(out).toMatch(/jurisdiction\s+accuracy 0\.750 \(3\/4 documents with a choice of law\)/);
    expect(out).toMatch(/detection\s+precision 1\.000 \(1\/1\)\s+recall 1\.000 \(1\/1\)\s+F1 1\.000/);
    expect(out).toMatch(/detection\s+precision 0\.667 \(2\/3\)\s+recall 0\.667 \(2\/3\)\s+F1 0\.667/);
    expect(out).toContain("PACIFICSYSTEMSCONTROLTECHNOLOGYINC_08_24_2000-EX-10.53-SPONSORSHIP AGREEMENT.txt: label California; Hong Kong, found California");
    expect(out).toMatch(/^detection F1\s+1\.000\s+0\.667\s+0\.750$/m);
    expect(out).toContain("detection F1: tune 1.000, check 0.667, difference (check − tune) -0.333  FLAGGED: the check half is more than 0.01 below the tune half");
  });

  it("lists the tune half's misses, and counts the check half's without printing them", () => {
    const out = runOnce([folder, "--labels", labelsFile]).stdout;
    expect(out).toMatch(/^misses: 0$/m);
    expect(out).toContain("misses: 2 (counted, not printed: misses of the check half are never read to tune the rules)");
    // The fixtures' two misses are both in the check half: not a word of them may show.
    expect(out).not.toContain("ZtoExpress");
    expect(out).not.toContain("SoupmanInc");
    expect(out).not.toMatch(/false (negative|positive):/);
    expect(JSON.parse(runOnce([folder, "--labels", labelsFile, "--json"]).stdout).check.labels).not.toHaveProperty("misses");
  });

  it("with --half check, runs the check half only and lists its misses", () => {
    const r = run([folder, "--labels", labelsFile, "--half", "check"]);
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).toContain("clausecheck eval: 4 documents of the check half in test/fixtures/eval");
    expect(out).not.toContain("== tune half");
    expect(out).not.toContain("== all");
    expect(out).toContain("misses: 2");
    expect(out).toContain("(misses of the check half: read them to judge how the rules generalise, never to tune a rule)");
    expect(out).toContain("false negative: ZtoExpressCaymanInc_20160930_F-1_EX-10.10_9752871_EX-10.10_Transportation Agreement.txt");
    expect(out).toContain("label: People's Republic of China → People's Republic of China   found: gap missing");
    expect(out).toContain("false positive: SoupmanInc_20150814_8-K_EX-10.1_9230148_EX-10.1_Franchise Agreement2.txt");
    expect(out).toContain("label: (none)   found: gap incomplete");
    expect(out).toContain('SoupmanInc_20150814_8-K_EX-10.1_9230148_EX-10.1_Franchise Agreement2.txt:13:3  "G. Notice to Guarantors');
  });

  it("with --corrections, scores against the corrected labels, lists each correction, and leaves the rules' results alone", () => {
    const corrections = "docs/cuad-label-corrections.csv";
    const raw = JSON.parse(runOnce([folder, "--labels", labelsFile, "--json"]).stdout) as SplitEvaluation;
    const r = run([folder, "--labels", labelsFile, "--corrections", corrections, "--json"]);
    expect(r.stderr).toBe("");
    const s = JSON.parse(r.stdout) as SplitEvaluation;
    // Two of the six fixtures are corrected (ZtoExpress: no choice of law; Soupman: a choice naming no place).
    expect(s.corrections?.applied.map((c) => [c.from, c.to])).toEqual([
      ["", "the state in which Franchisor has its principal place of business"],
      ["People's Republic of China", ""],
    ]);
    expect(s.all?.labels?.detection).toMatchObject({ tp: 4, fp: 0, fn: 0, tn: 2, f1: 1 });
    expect(s.all?.labels?.missCount).toBe(0);
    expect(s.f1).toMatchObject({ tune: 1, check: 1, flagged: false });
    // The same results: only the labels moved.
    expect(s.all?.rules).toEqual(raw.all?.rules);
    const text = run([folder, "--labels", labelsFile, "--corrections", corrections]).stdout;
    expect(text).toContain(`labels corrected: 2 from ${corrections}`);
    expect(text).toMatch(/labels not corrected: 4 of the corrections name no row of the labels: .*ImperialGarden/);
    expect(text).toContain('ZtoExpressCaymanInc_20160930_F-1_EX-10.10_9752871_EX-10.10_Transportation Agreement.txt: "People\'s Republic of China" → ""');
  });

  it("refuses --corrections without --labels or without reasons, and lists corrections naming no labelled row", () => {
    const alone = run([folder, "--corrections", "docs/cuad-label-corrections.csv"]);
    expect(alone.status).toBe(2);
    expect(alone.stderr).toContain("--corrections corrects --labels: give both");
    const dir = mkdtempSync(join(tmpdir(), "cc-corrections-"));
    const bad = join(dir, "c.csv");
    writeFileSync(bad, "file,governing_law,why\nNoSuchContract.txt,Texas,a typo\n");
    const r = run([folder, "--labels", labelsFile, "--corrections", bad]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("labels corrected: 0 from");
    expect(r.stdout).toContain("labels not corrected: 1 of the corrections name no row of the labels: NoSuchContract.txt");
    writeFileSync(bad, "file,governing_law,why\nNoSuchContract.txt,Texas,\n");
    const noReason = run([folder, "--labels", labelsFile, "--corrections", bad]);
    expect(noReason.status).toBe(2);
    expect(noReason.stderr.split("\n")[0]).toBe(`clausecheck eval: ${bad}:2:1: row 2 (NoSuchContract.txt) gives no reason in "why": a correction says why the label is wrong`);
  });

  it("prints the same as JSON with --json: tune, check and all", () => {
    const r = runOnce([folder, "--labels", labelsFile, "--json"]);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout) as SplitEvaluation;
    expect(s.split).toEqual({ rule: "SHA-256 of the file's base name (UTF-8, no folder): first byte even → tune, odd → check", half: null });
    const e = s.all as HalfEvaluation;
    expect(e.files).toBe(6);
    expect(e.rules.find((x) => x.id === "governing-law")).toMatchObject({ passed: 3, gaps: 3, byReason: { missing: 2, incomplete: 1 } });
    const l = e.labels;
    expect(l).toBeDefined();
    expect(l?.detection).toMatchObject({ tp: 3, fp: 1, fn: 1, tn: 1, precision: 0.75, recall: 0.75, f1: 0.75 });
    expect(l?.detectionStrict).toMatchObject({ tp: 3, fp: 0, fn: 1, tn: 2, precision: 1, recall: 0.75 });
    expect(l?.jurisdiction).toMatchObject({ correct: 3, total: 4, accuracy: 0.75 });
    expect(l?.missCount).toBe(2);
    expect(l).not.toHaveProperty("misses");
    expect(l?.notFound).toEqual([]);
    expect(s.f1).toMatchObject({ tune: 1, flagged: true });
    expect(s.f1?.check).toBeCloseTo(2 / 3, 12);
  });

  it("has halves in the JSON whose counts add up to all", () => {
    const s = JSON.parse(runOnce([folder, "--labels", labelsFile, "--json"]).stdout) as SplitEvaluation;
    const { tune, check, all } = s;
    if (!tune?.labels || !check?.labels || !all?.labels) throw new Error("a half or its labels is missing");
    expect([tune.files, check.files, all.files]).toEqual([2, 4, 6]);
    expect(tune.documents + check.documents).toBe(all.documents);
    for (const rule of all.rules) {
      const [t, c] = [tune, check].map((h) => h.rules.find((x) => x.id === rule.id));
      expect((t?.passed ?? 0) + (c?.passed ?? 0), rule.id).toBe(rule.passed);
      expect((t?.gaps ?? 0) + (c?.gaps ?? 0), rule.id).toBe(rule.gaps);
    }
    for (const k of ["tp", "fp", "fn", "tn"] as const) expect(tune.labels.detection[k] + check.labels.detection[k]).toBe(all.labels.detection[k]);
    expect(tune.labels.measured + check.labels.measured).toBe(all.labels.measured);
    expect(tune.labels.missCount + check.labels.missCount).toBe(all.labels.missCount);
    expect(tune.labels.misses).toEqual([]);
  });

  it("with --half tune --json, holds the tune half only", () => {
    const s = JSON.parse(run([folder, "--labels", labelsFile, "--half", "tune", "--json"]).stdout) as SplitEvaluation;
    expect(Object.keys(s).sort()).toEqual(["split", "tune"]);
    expect(s.split.half).toBe("tune");
    expect(s.tune?.files).toBe(2);
    expect(s.tune?.labels).toMatchObject({ measured: 2, notFound: [], missCount: 0, misses: [] });
  });

  it("with --list-split, prints each file and its half, tab-separated, and checks nothing", () => {
    const r = run([folder, "--list-split"]);
    expect(r.status).toBe(0);
    const rows = r.stdout.trimEnd().split("\n").map((line) => line.split("\t"));
    expect(rows).toHaveLength(6);
    for (const [file, half] of rows) expect(half, file).toBe(corpusHalf(file ?? ""));
    expect(rows.filter(([, half]) => half === "tune").map(([file]) => file)).toEqual([
      "PACIFICSYSTEMSCONTROLTECHNOLOGYINC_08_24_2000-EX-10.53-SPONSORSHIP AGREEMENT.txt",
      "PcquoteComInc_19990721_S-1A_EX-10.11_6377149_EX-10.11_Co-Branding Agreement2.txt",
    ]);
    const tuneOnly = run([folder, "--list-split", "--half", "tune"]).stdout.trimEnd().split("\n");
    expect(tuneOnly).toEqual(rows.filter(([, half]) => half === "tune").map((row) => row.join("\t")));
  });

  it("prints only the per-rule counts without --labels", () => {
    const r = run([folder]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^governing-law\s+3\s+3/m);
    expect(r.stdout).not.toContain("precision");
  });

  it("exits 2 on bad usage", () => {
    for (const args of [[], [folder, folder], [folder, "--bogus"], ["no/such/folder"], [labelsFile], [folder, "--labels", "no/such.csv"], [folder, "--rules", "no/such/rules"], [folder, "--half", "both"]]) {
      const r = run(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(/^clausecheck eval: /);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    }
  });

  it("exits 0 with --help", () => {
    const r = run(["--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("usage: npm run eval --");
  });
});
