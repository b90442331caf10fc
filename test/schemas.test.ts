/**
 * schemas/agreement.schema.json and schemas/report.schema.json describe what clausecheck
 * prints. These tests hold the schemas and the outputs to each other: every sample and
 * corpus agreement, through the library and through the built CLI, must validate; hand-broken
 * outputs must not (so a schema that accepts anything fails here); and the seed agreement must
 * parse to the content the issue asks for.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type Agreement,
  type DocumentError,
  type DocumentReport,
  type Report,
  type RuleSet,
  type Section,
  type Source,
  type Span,
  buildReport,
  bundledRulesDir,
  checkAgreement,
  isClauseCheckError,
  loadRules,
  parseAgreement,
  readDocument,
} from "../src/index.js";
import { SEED, ensureBuilt, repoRoot, runCli } from "./helpers/cli.js";
import { diffLineSchema, diffSchema } from "./helpers/output-schemas.js";
import { agreementSchema, describeErrors, reportSchema, validateAgreement, validateReport } from "./helpers/schemas.js";

const txtFiles = (dir: string) =>
  readdirSync(join(repoRoot, dir))
    .filter((n) => n.endsWith(".txt"))
    .sort()
    .map((n) => `${dir}/${n}`);

/** Every sample and real-agreement fixture, relative to the repository root. */
const SAMPLE_FILES = txtFiles("samples");
const CORPUS_FILES = txtFiles("test/fixtures/corpus");
const ALL_FILES = [...SAMPLE_FILES, ...CORPUS_FILES];

const sources = new Map<string, Promise<Source>>();
/** Reads a file once per test run (relative to the repository root, as the CLI would be given it). */
function sourceOf(file: string): Promise<Source> {
  let s = sources.get(file);
  if (!s) {
    s = readDocument(join(repoRoot, file));
    sources.set(file, s);
  }
  return s;
}

let rules: RuleSet;
beforeAll(() => {
  ensureBuilt();
  rules = loadRules(bundledRulesDir);
}, 120_000);

async function reportFor(files: string[], errors: DocumentError[] = []): Promise<Report> {
  const documents: DocumentReport[] = [];
  for (const f of files) documents.push(await checkAgreement(await sourceOf(f), rules));
  return buildReport(rules, documents, errors);
}

/** Line and column (from 1) of each offset, computed here independently of src/position. */
/**
 * Line and column of a text offset, counted independently of src/. For extracted or joined
 * text (HTML, .docx, converted text) the source's map sends the offset into the file first;
 * an end offset is placed one column past the file position of the last character.
 */
function mappedPositions(source: Source): { start: (offset: number) => { line: number; column: number }; end: (start: number, end: number) => { line: number; column: number } } {
  const inner = unshiftedPositions(source);
  const base = source.base;
  if (!base) return inner;
  // One exhibit of a submission with several documents: its text (or map.fileText) starts at
  // base.line and base.column of the file.
  const shift = (p: { line: number; column: number }) => (p.line === 1 ? { line: base.line, column: p.column + base.column - 1 } : { line: p.line + base.line - 1, column: p.column });
  return { start: (o) => shift(inner.start(o)), end: (s, e) => shift(inner.end(s, e)) };
}

function unshiftedPositions(source: Source): { start: (offset: number) => { line: number; column: number }; end: (start: number, end: number) => { line: number; column: number } } {
  const map = source.map;
  if (!map) {
    const at = positions(source.text);
    return {
      start: at,
      end: (s, e) => endOf(source.text, at, s, e, (o) => o),
    };
  }
  const at = positions(map.fileText);
  const file = (o: number) => map.fileOffsets[Math.min(o, map.fileOffsets.length - 1)] ?? map.fileText.length;
  return {
    start: (o) => at(file(o)),
    end: (s, e) => endOf(map.fileText, at, s, e, file),
  };
}

/** One column past a span's last character, line breaks at its end counted with their line. */
function endOf(
  text: string,
  at: (offset: number) => { line: number; column: number },
  s: number,
  e: number,
  file: (offset: number) => number,
): { line: number; column: number } {
  if (e <= s) return at(file(s));
  let last = file(e - 1);
  const first = file(s);
  const isBreak = (o: number) => text[o] === "\n" || text[o] === "\r";
  while (last > first && isBreak(last)) last--;
  const p = at(last);
  return { line: p.line, column: isBreak(last) ? p.column : p.column + 1 };
}

function positions(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) starts.push(m.index + m[0].length);
  return (offset) => {
    let line = 0;
    while (line + 1 < starts.length && (starts[line + 1] as number) <= offset) line++;
    return { line: line + 1, column: offset - (starts[line] as number) + 1 };
  };
}

/** Every span of an Agreement, with a JSON-pointer-like name for failure messages. */
function spansOf(a: Agreement): [string, Span][] {
  const out: [string, Span][] = [];
  if (a.date) out.push(["/date/span", a.date.span]);
  a.parties.forEach((p, i) => out.push([`/parties/${i}/span`, p.span]));
  a.definedTerms.forEach((t, i) => {
    out.push([`/definedTerms/${i}/definitionSpan`, t.definitionSpan], [`/definedTerms/${i}/definedAt`, t.definedAt]);
    t.uses.forEach((u, j) => out.push([`/definedTerms/${i}/uses/${j}`, u]));
  });
  const walk = (sections: Section[], path: string) =>
    sections.forEach((s, i) => {
      out.push([`${path}/${i}/span`, s.span]);
      walk(s.children, `${path}/${i}/children`);
    });
  walk(a.sections, "/sections");
  a.signatures.forEach((s, i) => out.push([`/signatures/${i}/span`, s.span]));
  return out;
}

const collapse = (s: string) => s.replace(/\s+/g, " ").trim();

function flatten(sections: Section[]): Section[] {
  return sections.flatMap((s) => [s, ...flatten(s.children)]);
}

describe("the schema files", () => {
  it("declare draft-07 and their https://clausecheck.dev $id", () => {
    for (const [name, schema] of [
      ["agreement", agreementSchema],
      ["report", reportSchema],
      ["diff", diffSchema],
      ["diff-line", diffLineSchema],
    ] as const) {
      expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
      expect(schema.$id).toBe(`https://clausecheck.dev/schemas/${name}.schema.json`);
    }
  });

  it("compile under ajv's strict mode (unknown keywords or formats would throw)", () => {
    // The validators are compiled when test/helpers/schemas.ts loads; this proves they are functions that reject junk.
    expect(validateAgreement({})).toBe(false);
    expect(validateReport({})).toBe(false);
  });

  it("give every property and definition a description for pipeline engineers", () => {
    const undocumented: string[] = [];
    const visit = (node: unknown, path: string) => {
      if (!node || typeof node !== "object" || Array.isArray(node)) return;
      const obj = node as Record<string, unknown>;
      for (const group of ["properties", "definitions"]) {
        const children = obj[group] as Record<string, Record<string, unknown> | boolean> | undefined;
        if (!children || typeof children !== "object") continue;
        for (const [key, child] of Object.entries(children)) {
          if (typeof child === "boolean") continue; // `true`/`false` inside if/then/else
          if (typeof child.description !== "string" && typeof child.$ref !== "string" && child.const === undefined) {
            undocumented.push(`${path}/${group}/${key}`);
          }
          visit(child, `${path}/${group}/${key}`);
        }
      }
      for (const key of ["items", "additionalProperties"]) visit(obj[key], `${path}/${key}`);
    };
    visit(agreementSchema, "agreement");
    visit(reportSchema, "report");
    visit(diffSchema, "diff");
    expect(undocumented).toEqual([]);
  });
});

describe("parseAgreement output validates against schemas/agreement.schema.json", () => {
  it.each(ALL_FILES)("%s", async (file) => {
    const agreement = parseAgreement(await sourceOf(file));
    const valid = validateAgreement(agreement);
    expect(describeErrors(validateAgreement.errors)).toEqual([]);
    expect(valid).toBe(true);
  });
});

describe("buildReport output validates against schemas/report.schema.json", () => {
  it.each(ALL_FILES)("the report for %s", async (file) => {
    const report = await reportFor([file]);
    const valid = validateReport(report);
    expect(describeErrors(validateReport.errors)).toEqual([]);
    expect(valid).toBe(true);
    expect(report.documents[0]?.results).toHaveLength(rules.rules.length);
  });

  it("one report over every sample and corpus file, with an unreadable file listed in errors", async () => {
    const missing = join(repoRoot, "samples", "no-such-agreement.txt");
    const error = await readDocument(missing).then(
      () => undefined,
      (e: unknown) => (isClauseCheckError(e) ? { file: missing, code: e.code, message: e.reason } : undefined),
    );
    expect(error?.code).toBe("ENOENT");
    const report = await reportFor(ALL_FILES, error ? [error] : []);
    const valid = validateReport(report);
    expect(describeErrors(validateReport.errors)).toEqual([]);
    expect(valid).toBe(true);
    expect(report.summary.documents).toBe(ALL_FILES.length);
    expect(report.summary.unreadable).toBe(1);
    // The schema's if/then branches are exercised only if both kinds occur; make sure they do.
    const results = report.documents.flatMap((d) => d.results);
    expect(results.some((r) => r.status === "gap")).toBe(true);
    expect(results.some((r) => r.status === "pass")).toBe(true);
    expect(results.some((r) => r.evidence.some((e) => e.role === "definition"))).toBe(true);
  });
});

describe("the built CLI's JSON validates against the schemas", () => {
  it("`check --format json` over every sample and corpus file", () => {
    const run = runCli(["check", "--format", "json", ...ALL_FILES]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1); // some samples have gaps of severity error
    const report: unknown = JSON.parse(run.stdout);
    const valid = validateReport(report);
    expect(describeErrors(validateReport.errors)).toEqual([]);
    expect(valid).toBe(true);
    expect((report as Report).documents.map((d) => d.file)).toEqual(ALL_FILES);
  });

  it("`check --format json` with an unreadable file still prints a valid report listing it", () => {
    const run = runCli(["check", "--format", "json", SEED, "samples/no-such-agreement.txt"]);
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as Report;
    const valid = validateReport(report);
    expect(describeErrors(validateReport.errors)).toEqual([]);
    expect(valid).toBe(true);
    expect(report.errors).toEqual([expect.objectContaining({ file: "samples/no-such-agreement.txt", code: "ENOENT" })]);
  });

  it("`parse` of one file prints one Agreement, of several files an array of them", () => {
    const one = runCli(["parse", SEED]);
    expect(one.status).toBe(0);
    const agreement: unknown = JSON.parse(one.stdout);
    expect(validateAgreement(agreement), describeErrors(validateAgreement.errors).join("\n")).toBe(true);

    const many = runCli(["parse", ...ALL_FILES]);
    expect(many.status).toBe(0);
    const agreements = JSON.parse(many.stdout) as unknown[];
    expect(agreements).toHaveLength(ALL_FILES.length);
    for (const a of agreements) {
      expect(validateAgreement(a), describeErrors(validateAgreement.errors).join("\n")).toBe(true);
    }
  });
});

describe("every position in the output points where it says in the file", () => {
  it.each(ALL_FILES)("%s: each span's line and column are those of its start offset", async (file) => {
    const source = await sourceOf(file);
    const at = mappedPositions(source);
    const wrong: string[] = [];
    for (const [path, span] of spansOf(parseAgreement(source))) {
      const start = at.start(span.start);
      const end = at.end(span.start, span.end);
      const ok =
        span.start <= span.end &&
        span.end <= source.text.length &&
        span.line === start.line &&
        span.column === start.column &&
        span.endLine === end.line &&
        span.endColumn === end.column;
      if (!ok) wrong.push(`${path} ${JSON.stringify(span)} expected ${start.line}:${start.column}-${end.line}:${end.column}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(ALL_FILES)("%s: each evidence's line and column are those of its offset", async (file) => {
    const source = await sourceOf(file);
    const at = mappedPositions(source).start;
    const report = await reportFor([file]);
    const wrong: string[] = [];
    for (const r of report.documents[0]?.results ?? []) {
      r.evidence.forEach((e, i) => {
        const p = at(e.offset);
        if (e.line !== p.line || e.column !== p.column) wrong.push(`${r.ruleId} evidence ${i}: ${e.line}:${e.column}, offset says ${p.line}:${p.column}`);
      });
    }
    expect(wrong).toEqual([]);
  });

  it.each(ALL_FILES)("%s: sections start at their label, terms stand where their spans say, party spans hold the name", async (file) => {
    const source = await sourceOf(file);
    const a = parseAgreement(source);
    const text = (s: Span) => collapse(source.text.slice(s.start, s.end));
    const wrong: string[] = [];
    for (const s of flatten(a.sections)) {
      if (!source.text.startsWith(s.label, s.span.start)) wrong.push(`section ${s.number}: label "${s.label}" is not at offset ${s.span.start}`);
    }
    for (const t of a.definedTerms) {
      if (text(t.definedAt) !== collapse(t.term)) wrong.push(`term "${t.term}": definedAt holds "${text(t.definedAt)}"`);
      if (text(t.definitionSpan) !== collapse(t.definition)) wrong.push(`term "${t.term}": definitionSpan holds "${text(t.definitionSpan)}"`);
      for (const u of t.uses) if (text(u) !== collapse(t.term)) wrong.push(`term "${t.term}": a use at ${u.line}:${u.column} holds "${text(u)}"`);
    }
    for (const p of a.parties) if (!text(p.span).includes(collapse(p.name))) wrong.push(`party "${p.name}": span holds "${text(p.span)}"`);
    expect(wrong).toEqual([]);
  });
});

describe("the schemas reject output that breaks the data model", () => {
  /** A report with passes, a deviating gap and definition evidence to break. */
  async function sampleReport(): Promise<Report> {
    return reportFor([SEED, "samples/valence-s3-form-s1.txt", "samples/redrafted-purchase-agreement.txt"]);
  }

  function resultIndex(report: Report, doc: number, ruleId: string): number {
    const i = report.documents[doc]?.results.findIndex((r) => r.ruleId === ruleId) ?? -1;
    expect(i, `${ruleId} in document ${doc}`).toBeGreaterThanOrEqual(0);
    return i;
  }

  type ReportBreak = [name: string, breakIt: (r: Report) => string, keyword: string];
  const reportBreaks: ReportBreak[] = [
    [
      'a result whose status is "passed" (not pass|gap)',
      (r) => {
        const i = resultIndex(r, 0, "governing-law");
        (r.documents[0]?.results[i] as { status: string }).status = "passed";
        return `/documents/0/results/${i}/status`;
      },
      "enum",
    ],
    [
      "an evidence without a line",
      (r) => {
        const i = resultIndex(r, 0, "s3-registration");
        delete (r.documents[0]?.results[i]?.evidence[0] as { line?: number }).line;
        return `/documents/0/results/${i}/evidence/0`;
      },
      "required",
    ],
    [
      "an evidence on line 0 (lines count from 1)",
      (r) => {
        const i = resultIndex(r, 0, "s3-registration");
        (r.documents[0]?.results[i]?.evidence[0] as { line: number }).line = 0;
        return `/documents/0/results/${i}/evidence/0/line`;
      },
      "minimum",
    ],
    [
      "an evidence at a negative offset (offsets count from 0)",
      (r) => {
        const i = resultIndex(r, 0, "s3-registration");
        (r.documents[0]?.results[i]?.evidence[0] as { offset: number }).offset = -1;
        return `/documents/0/results/${i}/evidence/0/offset`;
      },
      "minimum",
    ],
    [
      'a severity of "fatal"',
      (r) => {
        const i = resultIndex(r, 1, "s3-registration");
        (r.documents[1]?.results[i] as { severity: string }).severity = "fatal";
        return `/documents/1/results/${i}/severity`;
      },
      "enum",
    ],
    [
      'a gap whose reason is "absent"',
      (r) => {
        const i = resultIndex(r, 1, "s3-registration");
        (r.documents[1]?.results[i] as { reason: string }).reason = "absent";
        return `/documents/1/results/${i}/reason`;
      },
      "enum",
    ],
    [
      "a gap without a reason",
      (r) => {
        const i = resultIndex(r, 1, "s3-registration");
        delete r.documents[1]?.results[i]?.reason;
        return `/documents/1/results/${i}`;
      },
      "required",
    ],
    [
      "a pass that gives a reason",
      (r) => {
        const i = resultIndex(r, 0, "governing-law");
        (r.documents[0]?.results[i] as { reason: string }).reason = "missing";
        return `/documents/0/results/${i}/reason`;
      },
      "false schema",
    ],
    [
      "a captured value that is a number",
      (r) => {
        const i = resultIndex(r, 0, "s3-registration");
        (r.documents[0]?.results[i]?.values as Record<string, unknown>).fileNumber = 33376589;
        return `/documents/0/results/${i}/values/fileNumber`;
      },
      "anyOf",
    ],
    [
      "a captured list holding a boolean",
      (r) => {
        const i = resultIndex(r, 0, "counterparts");
        (r.documents[0]?.results[i]?.values as Record<string, unknown>).electronicDelivery = ["facsimile", true];
        return `/documents/0/results/${i}/values/electronicDelivery`;
      },
      "anyOf",
    ],
    [
      "a result with a field the model does not have",
      (r) => {
        const i = resultIndex(r, 0, "governing-law");
        (r.documents[0]?.results[i] as unknown as Record<string, unknown>).line = 41;
        return `/documents/0/results/${i}`;
      },
      "additionalProperties",
    ],
    [
      "a definition evidence without its term",
      (r) => {
        const results = r.documents[2]?.results ?? [];
        const i = results.findIndex((x) => x.evidence.some((e) => e.role === "definition"));
        expect(i, "a result quoting a definition in the redrafted sample").toBeGreaterThanOrEqual(0);
        const j = results[i]?.evidence.findIndex((e) => e.role === "definition") as number;
        delete results[i]?.evidence[j]?.term;
        return `/documents/2/results/${i}/evidence/${j}`;
      },
      "required",
    ],
    [
      "reportVersion 2",
      (r) => {
        (r as { reportVersion: number }).reportVersion = 2;
        return "/reportVersion";
      },
      "const",
    ],
    [
      "a tool other than clausecheck",
      (r) => {
        (r.tool as { name: string }).name = "clausechek";
        return "/tool/name";
      },
      "const",
    ],
    [
      "a summary without the unreadable count",
      (r) => {
        delete (r.summary as { unreadable?: number }).unreadable;
        return "/summary";
      },
      "required",
    ],
    [
      "an error entry without a code",
      (r) => {
        r.errors.push({ file: "x.txt", message: "no such file" } as DocumentError);
        return "/errors/0";
      },
      "required",
    ],
  ];

  it.each(reportBreaks)("report: %s", async (_name, breakIt, keyword) => {
    const report = await sampleReport();
    expect(validateReport(report), "the unbroken report is valid").toBe(true);
    const broken = structuredClone(report);
    const path = breakIt(broken);
    expect(validateReport(broken)).toBe(false);
    expect(validateReport.errors ?? []).toContainEqual(expect.objectContaining({ instancePath: path, keyword }));
  });

  type AgreementBreak = [name: string, breakIt: (a: Agreement) => string, keyword: string];
  const sectionIndex = (a: Agreement, number: string) => {
    const i = a.sections.findIndex((s) => s.number === number);
    expect(i, `section ${number}`).toBeGreaterThanOrEqual(0);
    return i;
  };
  const agreementBreaks: AgreementBreak[] = [
    [
      "a date whose iso is not YYYY-MM-DD",
      (a) => {
        (a.date as { iso: string }).iso = "29/11/1999";
        return "/date/iso";
      },
      "pattern",
    ],
    [
      "a date in month 13",
      (a) => {
        (a.date as { iso: string }).iso = "1999-13-29";
        return "/date/iso";
      },
      "pattern",
    ],
    [
      "a span at column 0 (columns count from 1)",
      (a) => {
        (a.parties[0] as { span: Span }).span.column = 0;
        return "/parties/0/span/column";
      },
      "minimum",
    ],
    [
      "a span starting at offset -1 (offsets count from 0)",
      (a) => {
        (a.parties[0] as { span: Span }).span.start = -1;
        return "/parties/0/span/start";
      },
      "minimum",
    ],
    [
      "a span with a fractional line",
      (a) => {
        (a.definedTerms[0] as { definedAt: Span }).definedAt.line = 13.5;
        return "/definedTerms/0/definedAt/line";
      },
      "type",
    ],
    [
      "a subsection (nested in children) without its own children list",
      (a) => {
        const i = sectionIndex(a, "2");
        delete (a.sections[i]?.children[0] as { children?: Section[] }).children;
        return `/sections/${i}/children/0`;
      },
      "required",
    ],
    [
      "a subsection whose span lacks endColumn",
      (a) => {
        const i = sectionIndex(a, "2");
        delete (a.sections[i]?.children[1]?.span as { endColumn?: number }).endColumn;
        return `/sections/${i}/children/1/span`;
      },
      "required",
    ],
    [
      "a party without a name",
      (a) => {
        delete (a.parties[1] as { name?: string }).name;
        return "/parties/1";
      },
      "required",
    ],
    [
      "an unsigned signature block that carries a signature",
      (a) => {
        (a.signatures[0] as { signed: boolean }).signed = false;
        return "/signatures/0/signature";
      },
      "false schema",
    ],
    [
      'an encoding of "latin1"',
      (a) => {
        (a as { encoding: string }).encoding = "latin1";
        return "/encoding";
      },
      "enum",
    ],
    [
      "no sections list",
      (a) => {
        delete (a as { sections?: Section[] }).sections;
        return "";
      },
      "required",
    ],
    [
      "a top-level field the model does not have",
      (a) => {
        (a as unknown as Record<string, unknown>).clauses = [];
        return "";
      },
      "additionalProperties",
    ],
  ];

  it.each(agreementBreaks)("agreement: %s", async (_name, breakIt, keyword) => {
    const agreement = parseAgreement(await sourceOf(SEED));
    expect(validateAgreement(agreement), "the unbroken agreement is valid").toBe(true);
    const broken = structuredClone(agreement);
    const path = breakIt(broken);
    expect(validateAgreement(broken)).toBe(false);
    expect(validateAgreement.errors ?? []).toContainEqual(expect.objectContaining({ instancePath: path, keyword }));
  });
});

describe("the seed agreement (samples/valence-ridgeway-1999.txt) parses to what the issue requires", () => {
  let source: Source;
  let agreement: Agreement;
  beforeAll(async () => {
    source = await sourceOf(SEED);
    agreement = parseAgreement(source);
  });

  /** 1-based number of the first line of the file matching `re`. */
  const lineMatching = (re: RegExp) => source.text.split(/\r\n|\r|\n/).findIndex((l) => re.test(l)) + 1;

  it("is dated November 29, 1999", () => {
    expect(agreement.date).toMatchObject({ text: "November 29, 1999", iso: "1999-11-29" });
    expect(agreement.date?.span.line).toBe(1);
  });

  it('names Ridgeway Investment Limited as "Purchaser" and Valence Technology, Inc. as "Company"', () => {
    expect(agreement.parties.map((p) => ({ name: p.name, role: p.role }))).toEqual([
      { name: "Ridgeway Investment Limited", role: "Purchaser" },
      { name: "Valence Technology, Inc.", role: "Company" },
    ]);
  });

  it("defines Purchaser, Company, Common Stock, Securities Act and Registration Statement", () => {
    expect(agreement.definedTerms.map((t) => t.term)).toEqual(
      expect.arrayContaining(["Purchaser", "Company", "Common Stock", "Securities Act", "Registration Statement"]),
    );
  });

  it("defines the Registration Statement as the Form S-3, Commission File Number 333-76589", () => {
    const rs = agreement.definedTerms.find((t) => t.term === "Registration Statement");
    expect(rs?.definition).toContain("Form S-3");
    expect(rs?.definition).toContain("333-76589");
    // Section 4 uses the term twice after the definition in 2(a).
    expect(rs?.uses.map((u) => u.line)).toEqual(expect.arrayContaining([34, 36]));
  });

  it("has top-level sections 1 to 6, and section 2 has subsections 2(a) and 2(b)", () => {
    expect(agreement.sections.map((s) => s.number)).toEqual(["1", "2", "3", "4", "5", "6"]);
    expect(agreement.sections.every((s) => s.level === 1)).toBe(true);
    const two = agreement.sections.find((s) => s.number === "2");
    expect(two?.children.map((c) => c.number)).toEqual(["2(a)", "2(b)"]);
    expect(two?.children.map((c) => c.label)).toEqual(["(a)", "(b)"]);
    expect(two?.children.every((c) => c.level === 2)).toBe(true);
  });

  it("puts each section on the line where it stands in the file (section 5 on line 41)", () => {
    expect(agreement.sections.find((s) => s.number === "5")?.span.line).toBe(41);
    const actual = agreement.sections.map((s) => [s.number, s.span.line]);
    const expected = agreement.sections.map((s) => [s.number, lineMatching(new RegExp(`^${s.number}\\.\\s`))]);
    expect(actual).toEqual(expected);
    expect(expected).toEqual([
      ["1", 17],
      ["2", 22],
      ["3", 30],
      ["4", 33],
      ["5", 41],
      ["6", 51],
    ]);
    const two = agreement.sections.find((s) => s.number === "2");
    expect(two?.children.map((c) => [c.number, c.span.line])).toEqual([
      ["2(a)", lineMatching(/\(a\) the shares/)],
      ["2(b)", lineMatching(/\(b\) the Company has filed/)],
    ]);
  });

  it("has two signed signature blocks: Jay L. King for the Company, Anthony L.M. Inder Rieden for the Purchaser", () => {
    expect(agreement.signatures).toHaveLength(2);
    expect(agreement.signatures).toEqual([
      expect.objectContaining({
        signed: true,
        signer: "Jay L. King",
        title: "Vice President & Chief Financial Officer",
        role: "Company",
      }),
      expect.objectContaining({
        signed: true,
        signer: "Anthony L.M. Inder Rieden",
        title: "Director",
        role: "Purchaser",
      }),
    ]);
  });
});
