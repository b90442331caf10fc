/**
 * `clausecheck explain FILE --rule ID`, run through the built CLI on every sample whose
 * expected result (samples/expected/*.json) has a gap, for each rule with a gap: the one
 * screen that tells a lawyer why the rule found the gap.
 */
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { SEED, STACK_LINE, ensureBuilt, repoRoot, runCli, stripAnsi } from "./helpers/cli.js";
import { makeTmpDir, removeTmpDir } from "./helpers/tmp.js";

beforeAll(() => ensureBuilt(), 120_000);

interface ExpectedResult {
  status: "pass" | "gap";
  severity?: string;
  reason?: string;
  section?: string;
  values?: Record<string, string | boolean | string[]>;
}

/** One gap an expected-result file records. */
interface Gap {
  sample: string;
  ruleId: string;
  reason: string;
  severity: string;
  section?: string;
  values: Record<string, string | boolean | string[]>;
}

const GAPS: Gap[] = readdirSync(join(repoRoot, "samples", "expected"))
  .filter((n) => n.endsWith(".json"))
  .sort()
  .flatMap((n) => {
    const expected = JSON.parse(readFileSync(join(repoRoot, "samples", "expected", n), "utf8")) as { sample: string; results: Record<string, ExpectedResult> };
    return Object.entries(expected.results)
      .filter(([, r]) => r.status === "gap")
      .map(([ruleId, r]) => {
        const gap: Gap = { sample: `samples/${expected.sample}`, ruleId, reason: r.reason as string, severity: r.severity as string, values: r.values ?? {} };
        if (r.section) gap.section = r.section;
        return gap;
      });
  });

/** The sample's text with runs of white space made one space, for finding quoted words in it. */
const flatText = (sample: string) => readFileSync(join(repoRoot, sample), "latin1").replace(/\s+/g, " ").toLowerCase();

/** The lines of a section: from the line starting with `heading` up to the next blank line. */
function section(lines: string[], heading: RegExp): string[] | undefined {
  const start = lines.findIndex((l) => heading.test(l));
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && l.trim() === "");
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** The lines of the Near misses section, trimmed. */
function nearMissLines(lines: string[]): string[] {
  return (section(lines, /^Near misses/) ?? []).map((l) => l.trim());
}

const label = (g: Gap) => `${g.sample.replace("samples/", "")} --rule ${g.ruleId} (${g.reason})`;

describe("the samples", () => {
  it("have gaps to explain, of every reason the explain screen speaks of", () => {
    expect(GAPS.length).toBeGreaterThanOrEqual(10);
    for (const reason of ["missing", "negated", "future", "deviating"]) expect(GAPS.some((g) => g.reason === reason), reason).toBe(true);
  });
});

describe.each(GAPS.map((g) => [label(g), g] as const))("explain %s", (_, gap) => {
  let status: number | null;
  let stderr: string;
  let lines: string[];
  let out: string;
  beforeAll(() => {
    const run = runCli(["explain", gap.sample, "--rule", gap.ruleId, "--no-color", "--no-config"]);
    status = run.status;
    stderr = run.stderr;
    out = stripAnsi(run.stdout);
    lines = out.replace(/\n$/, "").split("\n");
  });

  it("exits 0 with nothing on stderr", () => {
    expect(stderr).toBe("");
    expect(status).toBe(0);
  });

  it("fits one screen (40 lines at most)", () => {
    expect(lines.length, out).toBeLessThanOrEqual(40);
  });

  it("names the rule, and says gap with the severity and the reason of the expected result", () => {
    expect(out).toContain(gap.ruleId);
    const verdict = lines.find((l) => /\bgap\b/.test(l) && l.includes(gap.sample));
    expect(verdict, out).toBeDefined();
    expect(verdict).toMatch(new RegExp(`\\b${gap.reason}\\b`));
    expect(verdict).toMatch(new RegExp(`\\b${gap.severity}\\b`));
  });

  it("has a Conditions section of ✓/✗ lines, at least one of them ✗", () => {
    const conditions = section(lines, /^Conditions/);
    expect(conditions, out).toBeDefined();
    const marked = (conditions as string[]).filter((l) => /^\s*[✓✗]\s/.test(l));
    expect(marked.length, out).toBeGreaterThanOrEqual(2);
    expect(marked.length, "every line of the section is a judged condition").toBe((conditions as string[]).length);
    expect(marked.some((l) => /^\s*✗/.test(l)), out).toBe(true);
    // found … is always the first condition: ✗ only when the clause is missing.
    expect(marked[0]).toMatch(gap.reason === "missing" ? /^\s*✗ found\b/ : /^\s*✓ found\b/);
  });

  if (gap.reason === "negated" || gap.reason === "future" || gap.reason === "deviating") {
    it("has a Near misses line at the clause, quoting the deciding words", () => {
      const near = nearMissLines(lines);
      expect(near.length, out).toBeGreaterThanOrEqual(1);
      const atClause = gap.section ? near.filter((l) => l.includes(`(§${gap.section})`)) : near;
      expect(atClause.length, `a near miss at §${gap.section}:\n${out}`).toBeGreaterThanOrEqual(1);
      const line = atClause[0] as string;
      const quoted = /found '([^']+)'/.exec(line)?.[1];
      expect(quoted, line).toBeDefined();
      if (gap.reason === "deviating") {
        expect(line).toMatch(/found '[^']+' where /);
        const captured = Object.values(gap.values).flat().map(String);
        expect(captured, `the value found, ${quoted}, is the deviating value of the expected result`).toContain(quoted);
      } else {
        // The quoted words stand in the agreement and are the ones that decide.
        expect(flatText(gap.sample)).toContain((quoted as string).toLowerCase());
        if (gap.reason === "negated") {
          expect(line).toContain("a negation");
          expect(quoted).toMatch(/\bnot\b|\bno\b|\bnever\b|\bneither\b/i);
        } else {
          expect(line).toContain("a promise");
          expect(quoted).toMatch(/\bwill\b|\bshall\b|\bintends?\b|\befforts\b|\bagrees?\b|\bundertakes?\b/i);
        }
      }
    });
  }

  if (gap.reason === "missing") {
    it("says what was searched for, since nothing was recognised", () => {
      expect(out).toMatch(/Clauses recognised: 0/);
      expect(section(lines, /^Searched for/)?.length ?? 0, out).toBeGreaterThanOrEqual(1);
    });
  }

  if (gap.sample.endsWith("-forum-only.txt")) {
    it("points out the forum clause as a near miss", () => {
      const near = nearMissLines(lines);
      expect(near.some((l) => l.includes("a forum clause")), out).toBe(true);
      expect(near.some((l) => /jurisdiction of the courts/i.test(l)), out).toBe(true);
    });
  }

  it("--format json parses, with clauses, conditions (each with name and result) and nearMisses", () => {
    const run = runCli(["explain", gap.sample, "--rule", gap.ruleId, "--format", "json", "--no-config"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const x = JSON.parse(run.stdout) as {
      ruleId: string;
      result: { status: string; reason?: string; severity: string };
      clauses: { status: string; reason?: string; chosen: boolean }[];
      conditions: { name: string; result: boolean }[];
      nearMisses: string[];
    };
    expect(x.ruleId).toBe(gap.ruleId);
    expect(x.result).toMatchObject({ status: "gap", reason: gap.reason, severity: gap.severity });
    expect(Array.isArray(x.clauses)).toBe(true);
    expect(Array.isArray(x.nearMisses)).toBe(true);
    expect(x.nearMisses.every((n) => typeof n === "string")).toBe(true);
    expect(x.conditions.length).toBeGreaterThanOrEqual(2);
    for (const c of x.conditions) {
      expect(typeof c.name).toBe("string");
      expect(typeof c.result).toBe("boolean");
    }
    expect(x.conditions.some((c) => !c.result)).toBe(true);
    if (gap.reason === "missing") {
      expect(x.clauses).toEqual([]);
    } else {
      expect(x.clauses.filter((c) => c.chosen)).toHaveLength(1);
      expect(x.clauses.find((c) => c.chosen)).toMatchObject({ status: "gap", reason: gap.reason });
    }
    if (["negated", "future", "deviating"].includes(gap.reason)) expect(x.nearMisses.length).toBeGreaterThanOrEqual(1);
  });
});

describe("explain with a rule id that does not exist", () => {
  it("exits 2 with one line on stderr suggesting the closest id", () => {
    const run = runCli(["explain", SEED, "--rule", "governing-lw", "--no-color", "--no-config"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).not.toContain(STACK_LINE);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain('did you mean "governing-law"');
  });

  it("names the rules when nothing is close", () => {
    const run = runCli(["explain", SEED, "--rule", "zzzz-unrelated", "--no-config"]);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("zzzz-unrelated");
    expect(run.stderr).toContain("governing-law");
  });
});

describe("explain shows how a phrase read the clause: its parts, its predicate, its frame", () => {
  it("on the seed's registration representation: each part of the pattern and the predicate", () => {
    const run = runCli(["explain", SEED, "--rule", "s3-registration", "--no-color", "--no-config"]);
    expect(run.status).toBe(0);
    const out = stripAnsi(run.stdout);
    expect(out).toContain("pattern: *register* under the [Securities] Act");
    expect(out).toContain('predicate: "registered"');
    expect(out).toContain('parts: *register* → "registered"; under → "under"; the → "the"; [Securities] → "Securities"; Act → "Act"');
    expect(out).toMatch(/done \("have been registered"\)\s+pass/);
  });

  it("in JSON: the predicate and the parts of every match, and the frame of a framed clause", () => {
    const run = runCli(["explain", "samples/valence-prospectus-future.txt", "--rule", "prospectus-supplement", "--format", "json", "--no-config"]);
    const x = JSON.parse(run.stdout) as { clauses: { statement: string; matches: { predicate?: string; parts?: { part: string; text: string }[] }[] }[] };
    const filed = x.clauses.flatMap((c) => c.matches).find((m) => m.predicate === "file");
    expect(filed?.parts?.[0]).toEqual({ part: "*file*", text: "file" });
    expect(x.clauses[0]?.statement).toBe("future");
  });
});

describe("explain names the frame that decided a statement", () => {
  it("a proviso: 'in no event shall … exceed … for which the Company has filed'", () => {
    const dir = makeTmpDir("explain-frame");
    try {
      const file = join(dir, "proviso.txt");
      writeFileSync(
        file,
        "1. Sale. The Company shall sell the Shares to the Purchaser; provided that in no event shall the number of Shares sold exceed the number of shares for which the Company has filed a prospectus supplement with the Commission.\n",
      );
      const run = runCli(["explain", file, "--rule", "prospectus-supplement", "--no-color", "--no-config"]);
      const out = stripAnsi(run.stdout);
      expect(run.status).toBe(0);
      expect(out).toMatch(/conditional \("[^"]*", framed by a (?:proviso|condition)\)/);
      expect(out).toContain('predicate: "filed"');
    } finally {
      removeTmpDir(dir);
    }
  });
});
